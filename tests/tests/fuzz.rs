//! The shell against random input: random bytes and random mixes of real tokens never panic,
//! and a line that fails changes nothing.
//!
//! `SWARM_FUZZ_CASES` sets how many lines (100 000 by default), `SWARM_FUZZ_SEED` the seed (a
//! fixed default, so CI is reproducible); a failure prints both and a one-line repro.

use std::panic::{AssertUnwindSafe, catch_unwind};

use swarm_core::SimDuration;
use swarm_core::rng::Rng;
use swarm_shell::{Cursor, Scenario, Session};

/// Words the emulator knows, plus the broken pieces learners paste.
const TOKENS: &[&str] = &[
    "docker",
    "docker",
    "docker",
    "service",
    "service",
    "node",
    "swarm",
    "create",
    "create",
    "update",
    "ls",
    "ps",
    "inspect",
    "scale",
    "rm",
    "rollback",
    "logs",
    "promote",
    "demote",
    "join-token",
    "leave",
    "init",
    "info",
    "version",
    "sim",
    "sleep",
    "task",
    "fail",
    "image",
    "add",
    "kill",
    "start",
    "use",
    "time",
    "help",
    "--help",
    "--name",
    "web",
    "api",
    "db",
    "-d",
    "--detach",
    "-q",
    "--replicas",
    "3",
    "0",
    "-1",
    "abc",
    "0x10",
    "--mode",
    "global",
    "replicated",
    "replicated-job",
    "-p",
    "8080:80",
    "80",
    "80-81:80-81",
    "target=80,mode=host",
    "--publish-add",
    "--publish-rm",
    "-e",
    "--env",
    "A=1",
    "=x",
    "--env-add",
    "--env-rm",
    "--constraint",
    "node.role==manager",
    "node.role=manager",
    "node.labels.zone!=a",
    "--reserve-cpu",
    "0.5",
    "0.0001",
    "1",
    "--reserve-memory",
    "1g",
    "64m",
    "1x",
    "--limit-cpu",
    "--limit-memory",
    "nginx",
    "nginx:1.25",
    "alpine",
    "ping",
    "docker.com",
    "mysql:5.6",
    "myapp:1",
    "--image",
    "--rollback",
    "--force",
    "--availability",
    "drain",
    "active",
    "pause",
    "worker1",
    "worker2",
    "manager1",
    "worker3",
    "self",
    "--label-add",
    "zone=a",
    "--label-rm",
    "zone",
    "--label",
    "-f",
    "desired-state=running",
    "node=worker1",
    "name=web",
    "mode=global",
    "role=manager",
    "--format",
    "{{.Name}}",
    "table {{.ID}}\\t{{.Image}}",
    "json",
    "{{if}}",
    "--pretty",
    "web=2",
    "api=0",
    "web=x",
    "--update-delay",
    "10s",
    "10",
    "-5s",
    "--update-parallelism",
    "--update-failure-action",
    "rollback",
    "continue",
    "explode",
    "--update-order",
    "start-first",
    "--update-max-failure-ratio",
    "0.5",
    "2",
    "--restart-condition",
    "none",
    "on-failure",
    "any",
    "--restart-delay",
    "--restart-max-attempts",
    "--role",
    "manager",
    "worker",
    "--exit-code",
    "web.1",
    "api.1",
    "'",
    "\"",
    "\\",
    "$",
    "~",
    "sudo",
    "--",
    "-x",
    "-dq",
    "--frob",
    "1m",
    "500ms",
    "--mount",
    "type=volume,src=a,dst=/a",
    "--mount-add",
    "--mount-rm",
    "/a",
    "--placement-pref",
    "spread=node.labels.zone",
    "pack=x",
    "--cpus",
    "4",
    "--memory",
    "8g",
    "--pull-time",
    "1s",
    "--exit-after",
    "2s",
    "--require-env",
    "SECRET",
    "--no-trunc",
    "--no-resolve",
    "-a",
    "--token",
    "--quiet",
    "--stop-grace-period",
    "--replicas-max-per-node",
    "#",
    "|",
    ">",
    "\t",
    "--replay",
    "--since",
    "--service",
    "--node",
];

/// Commands that act on each argument in turn and report errors at the end: a failure there
/// may follow a success.
const PARTIAL: &[&str] = &["rm", "scale", "promote", "demote"];

/// Real command paths, so most lines reach the code behind the parser.
const PATHS: &[&str] = &[
    "docker service create",
    "docker service create",
    "docker service create -d",
    "docker service update",
    "docker service update",
    "docker service ls",
    "docker service ps",
    "docker service inspect",
    "docker service scale",
    "docker service rm",
    "docker service rollback",
    "docker service logs",
    "docker node ls",
    "docker node ps",
    "docker node inspect",
    "docker node update",
    "docker node promote",
    "docker node demote",
    "docker node rm",
    "docker swarm join-token",
    "docker swarm leave",
    "docker info",
    "docker ps",
    "sim node add",
    "sim node kill",
    "sim node start",
    "sim task fail",
    "sim image add",
    "sim image ls",
    "sim use",
    "sim time",
    "sim step",
    "sim events",
    "sim rewind",
    "sim export",
    "sleep",
    "$ sudo docker service create",
];

/// Positional arguments commands take.
const ARGS: &[&str] = &[
    "web",
    "api",
    "db",
    "nginx",
    "alpine",
    "mysql:5.6",
    "myapp:1",
    "worker1",
    "worker2",
    "manager1",
    "worker3",
    "self",
    "web=2",
    "api=0",
    "web.1",
    "10",
    "1m",
    "500ms",
    "manager",
];

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[(rng.next_u64() % from.len() as u64) as usize]
}

fn random_line(rng: &mut Rng) -> String {
    match rng.next_u64() % 10 {
        0 => {
            let len = (rng.next_u64() % 40) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        1 => {
            let len = 1 + (rng.next_u64() % 9) as usize;
            (0..len).map(|_| pick(rng, TOKENS)).collect::<Vec<_>>().join(" ")
        }
        _ => {
            let mut words = vec![pick(rng, PATHS)];
            for _ in 0..rng.next_u64() % 4 {
                words.push(pick(rng, TOKENS));
            }
            for _ in 0..rng.next_u64() % 3 {
                words.push(pick(rng, ARGS));
            }
            words.join(" ")
        }
    }
}

/// How long a line may wait before the test presses Ctrl-C: waiting is not what this test is
/// about, and a crash loop would otherwise poll for minutes.
const WAIT_MAX: SimDuration = SimDuration::from_secs(20);

/// Runs one line: what it printed and its exit code, and whether its command failed before
/// waiting. A command the daemon carried out whose wait then failed (docker's progress display
/// saw the update paused) has changed the swarm, as docker's has: only its wait failed.
fn run(session: &mut Session, line: &str) -> (String, i32, bool) {
    let mut printed = Cursor::default();
    let _ = session.read_transcript(&mut printed);
    // Tab at the end of the line, and at the start of its last word, is answered without a
    // panic (and changes nothing: completing only reads the session).
    let last_word = line.rfind(' ').map_or(0, |at| at + 1);
    for text in [line, &line[..last_word]] {
        let completion = session.complete(text);
        assert!(completion.range.end == text.len() && completion.apply(text) != Some(text.into()));
    }
    if session.type_text(line).is_err() {
        return ("(too long)".to_string(), 1, true);
    }
    let failed_at_once = session
        .read_transcript(&mut printed.clone())
        .items
        .iter()
        .any(|e| e.exit_code != 0 && !e.failed_in_wait);
    let deadline = session.now() + WAIT_MAX;
    session.run_until_idle_or(deadline);
    if session.is_busy() {
        session.interrupt();
    }
    let exchanges = session.read_transcript(&mut printed).items;
    let text = exchanges.iter().map(|e| e.output_text()).collect();
    let exit_code = exchanges.iter().map(|e| e.exit_code).find(|c| *c != 0).unwrap_or(0);
    (text, exit_code, failed_at_once)
}

#[test]
fn random_lines_never_panic_and_failures_change_nothing() {
    let seed: u64 = std::env::var("SWARM_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let cases: u64 =
        std::env::var("SWARM_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    println!("fuzz seed {seed}, {cases} cases");
    let mut rng = Rng::new(seed);
    let mut session = Session::new(Scenario::default(), seed);
    let mut failures = 0u64;
    // The physical lines of a command continued with `\\` so far: the line that completes it
    // runs them all, so a check of what it changed must read them all.
    let mut continued = String::new();
    for case in 0..cases {
        // A fresh swarm now and then keeps states varied and small.
        if case % 500 == 0 {
            session = Session::new(Scenario::default(), seed.wrapping_add(case));
            continued.clear();
        }
        let physical = random_line(&mut rng);
        let before = session.snapshot();
        let result = catch_unwind(AssertUnwindSafe(|| run(&mut session, &physical)));
        let line = format!("{continued}{physical}");
        continued = if session.prompt() == "> " { format!("{line}\n") } else { String::new() };
        let repro = format!(
            "SWARM_FUZZ_SEED={seed} SWARM_FUZZ_CASES={} cargo test -p swarm-tests --test fuzz",
            case + 1
        );
        let (text, exit_code, failed_at_once) = match result {
            Ok(output) => output,
            Err(_) => {
                panic!("fuzz seed {seed}, case {case}: the line {line:?} panicked\nrepro: {repro}")
            }
        };
        if std::env::var("SWARM_FUZZ_SHOW").is_ok() {
            println!("$ {line}\n[{exit_code}] {text}");
        }
        if exit_code != 0 {
            failures += 1;
            let partial = line.split_whitespace().any(|w| PARTIAL.contains(&w));
            if failed_at_once && !partial {
                assert_eq!(
                    session.snapshot(),
                    before,
                    "fuzz seed {seed}, case {case}: the failed line {line:?} changed the swarm:\n{text}\nrepro: {repro}"
                );
            }
        }
    }
    // The generator must reach both outcomes, or it tests nothing.
    assert!(failures > cases / 10, "only {failures} of {cases} lines failed");
    assert!(failures < cases, "no line succeeded");
}
