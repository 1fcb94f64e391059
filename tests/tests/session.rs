//! Sessions under random use of their whole API (typing, page commands, Ctrl-C, time passing,
//! steps, seeks and rewinds): after every call, going back to the start and forward again,
//! and to the end and back again, must show exactly what is live, down to the cluster's
//! internals; and `sim export --replay` of what was typed must play back to the same swarm.
//! Then the cases a review found, one test each.
//!
//! `SWARM_SESSION_SEEDS=N` sets how many random sessions (200 by default), `SWARM_SESSION_SEED`
//! replays one, `SWARM_SESSION_OPS` the calls in each (40 by default); a failure prints its
//! seed, the calls it made and a one-line repro.

use std::panic::{AssertUnwindSafe, catch_unwind};

use swarm_core::rng::Rng;
use swarm_core::{Availability, Command, NodeId, SimDuration, SimTime};
use swarm_shell::{Scenario, Session, Step};

const LINES: &[&str] = &[
    "sleep 5",
    "sleep 0",
    "sleep 0.3",
    "sim step",
    "docker service create --name web --replicas 3 nginx",
    "docker service create -d --name web2 --replicas 2 crash",
    "docker service scale web=5",
    "docker service scale -d web=1",
    "docker service update --force web",
    "docker service update -d --image nginx:1.25 web",
    "docker node update --availability drain worker1",
    "docker node update --availability active worker1",
    "sim node kill worker2",
    "sim node start worker2",
    "sim use worker1",
    "sim use manager1",
    "sim rewind 3s",
    "sim rewind 0s",
    "sim rewind 20s",
    "sim rewind 1ms",
    "# a comment",
    "",
    "docker service ls",
    "sim events --since 10s",
    "sim events --service web",
    "sim export",
    "sim export --replay",
    "docker service ps web",
    "sim time",
    "docker service rm web",
    "docker swarm leave --force",
    "docker swarm join --token x 1.2.3.4:2377",
    "sleep 1\nsleep 2",
    "docker service create -d --name big --replicas 20 crash",
    "sleep 60",
    "docker service ls \\\n--help",
];

/// Everything a session shows, and the cluster's internals too.
fn state_key(session: &Session) -> String {
    let running = session.running().map(|(exchange, screen)| format!("{exchange:?}|{screen}"));
    format!(
        "{:?}\n{:?}\n{}\n{:?}\n{:?}\n{}",
        session.cluster(),
        session.snapshot(),
        session.transcript_text(),
        session.events(),
        running,
        session.prompt()
    )
}

fn node(session: &Session, hostname: &str) -> Option<NodeId> {
    session.cluster().node_by_hostname(hostname)
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.range_inclusive(0, items.len() as u64 - 1) as usize]
}

/// One random call; says what it was.
fn random_call(session: &mut Session, rng: &mut Rng) -> String {
    match rng.range_inclusive(0, 14) {
        0..=3 => {
            let line = pick(rng, LINES);
            let _ = session.type_text(line);
            format!("type_text({line:?})")
        }
        4 => {
            let host = pick(rng, &["manager1", "worker1", "worker2"]);
            let services = session.snapshot().services;
            let command = match rng.range_inclusive(0, 3) {
                0 => node(session, host).map(Command::PowerOffNode),
                1 => node(session, host).map(Command::PowerOnNode),
                2 => services.first().map(|s| Command::ScaleService {
                    service: s.id,
                    replicas: rng.range_inclusive(0, 6) as u32,
                }),
                _ => node(session, host).map(|node| Command::SetAvailability {
                    node,
                    availability: pick(rng, &[Availability::Drain, Availability::Active]),
                }),
            };
            match command {
                Some(command) => {
                    let said = format!("command({command:?})");
                    let _ = session.command(command);
                    said
                }
                None => "nothing".to_string(),
            }
        }
        5 => {
            session.interrupt();
            "interrupt()".to_string()
        }
        6 | 7 => {
            let by = rng.range_inclusive(1, 60_000);
            session.advance_by(SimDuration::from_millis(by));
            format!("advance_by({by} ms)")
        }
        8 => {
            session.run_until_idle();
            "run_until_idle()".to_string()
        }
        9 => {
            let by = rng.range_inclusive(1, 10_000);
            session.run_until_idle_or(session.now() + SimDuration::from_millis(by));
            format!("run_until_idle_or(now + {by} ms)")
        }
        10 => {
            let work = rng.range_inclusive(1, 20_000);
            let done = session.fast_forward(work);
            format!("fast_forward({work}) -> {done}")
        }
        11 => {
            let step = session.step();
            format!("step() -> {}", if step == Step::Quiet { "quiet" } else { "happened" })
        }
        12 | 13 => {
            let at = rng.range_inclusive(0, session.head().as_millis());
            session.seek(SimTime::from_millis(at));
            format!("seek({at} ms)")
        }
        _ => {
            let by = rng.range_inclusive(0, 30_000);
            session.rewind(SimDuration::from_millis(by));
            format!("rewind({by} ms)")
        }
    }
}

/// Going back to the start and forward again, and to the end and back again, shows what is
/// live.
fn check_time_travel(session: &Session) {
    let live = state_key(session);
    let now = session.now();
    let mut copy = session.clone();
    copy.seek(SimTime::ZERO);
    copy.seek(now);
    assert!(state_key(&copy) == live, "going back to the start and on to {now} differs");
    let mut copy = session.clone();
    copy.seek(session.head());
    copy.seek(now);
    assert!(state_key(&copy) == live, "going to the end and back to {now} differs");
}

fn lab() -> Session {
    let mut session = Session::new(Scenario::default(), 1);
    let image = "sim image add crash --pull-time 100ms --start-time 100ms --exit-after 1s";
    session.type_text(image).expect("typed");
    session
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn random_sessions_travel_in_time_exactly() {
    let ops = env("SWARM_SESSION_OPS", 40) as usize;
    let seeds: Vec<u64> = match std::env::var("SWARM_SESSION_SEED").ok() {
        Some(seed) => vec![seed.parse().expect("SWARM_SESSION_SEED is a number")],
        None => (0..env("SWARM_SESSION_SEEDS", 200)).collect(),
    };
    eprintln!("session: {} seeds x {ops} calls", seeds.len());
    for seed in seeds {
        let mut calls = Vec::new();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut rng = Rng::new(seed);
            let mut session = lab();
            for _ in 0..ops {
                calls.push(random_call(&mut session, &mut rng));
                check_time_travel(&session);
            }
            // A script cannot type a wait still under way: let the last line end first.
            session.run_until_idle();
            assert_replays_to_the_same_swarm(&session);
        }));
        if let Err(payload) = outcome {
            eprintln!("session: seed {seed} failed after:\n  {}", calls.join("\n  "));
            eprintln!(
                "reproduce: SWARM_SESSION_SEED={seed} SWARM_SESSION_OPS={ops} cargo test -p swarm-tests --test session"
            );
            std::panic::resume_unwind(payload);
        }
    }
}

fn secs(s: u64) -> SimTime {
    SimTime::from_secs(s)
}

/// The script `sim export --replay` makes of `session`, played by a fresh session with the
/// same seed and scenario, leaves the same swarm.
fn assert_replays_to_the_same_swarm(session: &Session) {
    let script = session.export(true);
    let mut replay = Session::new(session.scenario().clone(), session.seed());
    replay.run_script(&script).expect("the script runs");
    replay.advance_to(session.now());
    assert_eq!(replay.now(), session.now(), "{script}");
    assert_eq!(replay.snapshot(), session.snapshot(), "{script}");
}

#[test]
fn a_branch_inside_time_passing_drops_the_checkpoints_of_the_old_future() {
    let mut session = lab();
    session.type_text("docker service create -d --name web --replicas 20 crash").unwrap();
    session.advance_to(secs(300));
    session.seek(secs(30));
    session.type_text("docker service scale -d web=1").unwrap();
    session.advance_to(secs(300));
    let live = state_key(&session);
    session.seek(secs(299));
    session.seek(secs(300));
    assert!(state_key(&session) == live, "the branch's end came back another way");
}

#[test]
fn a_step_over_a_typed_ahead_rewind_reports_the_rewound_timeline() {
    let mut session = Session::new(Scenario::default(), 1);
    session.type_text("docker service create -d --name web --replicas 3 nginx").unwrap();
    session.type_text("sleep 0.01\nsim rewind 20s").unwrap();
    let Step::Happened { at, .. } = session.step() else { panic!("the sleep ends") };
    assert_eq!(at, session.now());
}

#[test]
fn a_step_behind_the_head_keeps_to_the_hour() {
    let mut session = Session::new(Scenario::default(), 1);
    session.type_text("docker service create -d --name web nginx").unwrap();
    session.advance_to(secs(600));
    session.seek(secs(60));
    assert_eq!(session.step(), Step::Quiet);
    assert_eq!(session.now(), secs(60), "a quiet step leaves the clock alone");

    session.advance_to(secs(7200));
    session.command(Command::PowerOffNode(node(&session, "worker2").unwrap())).unwrap();
    session.advance_to(secs(7300));
    session.seek(secs(60));
    assert_eq!(session.step(), Step::Quiet, "the power-off is two hours on");
    assert_eq!(session.now(), secs(60));
}

#[test]
fn typing_at_a_past_moment_branches_there_even_while_a_line_waits() {
    let mut session = Session::new(Scenario::default(), 1);
    session.type_text("sleep 10\ndocker service create -d --name web nginx").unwrap();
    session.advance_to(secs(100));
    session.seek(secs(5));
    session.type_text("docker service create -d --name other nginx").unwrap();
    session.run_until_idle();
    assert!(!session.is_busy());
    assert_eq!(session.now(), secs(10));
    let names: Vec<String> = session.snapshot().services.into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["other"], "the old future's `web` was dropped");
}

#[test]
fn a_page_action_at_the_instant_a_waiting_line_started_replays_after_it() {
    let mut session = Session::new(Scenario::default(), 1);
    session.type_text("docker service create --name web --replicas 2 nginx").unwrap();
    let web = session.snapshot().services[0].id;
    session.command(Command::ScaleService { service: web, replicas: 4 }).unwrap();
    session.run_until_idle();
    session.advance_to(secs(30));
    assert_replays_to_the_same_swarm(&session);
}

#[test]
fn a_wait_cut_short_replays_detached_even_when_typed_not_to() {
    let mut session = Session::new(Scenario::default(), 1);
    session
        .type_text("docker service create --detach=false --name web --replicas 3 nginx")
        .unwrap();
    session.advance_to(SimTime::from_millis(300));
    session.command(Command::PowerOffNode(node(&session, "worker1").unwrap())).unwrap();
    session.run_until_idle();
    session.advance_to(secs(60));
    assert_replays_to_the_same_swarm(&session);
}

#[test]
fn a_page_action_while_the_shell_is_on_a_dead_machine_replays_on_a_manager() {
    let mut session = Session::new(Scenario::default(), 1);
    let script = "docker node promote worker1 worker2\nsleep 10\nsim use worker1\nsim node kill worker1\nsleep 5";
    session.run_script(script).unwrap();
    let worker2 = node(&session, "worker2").unwrap();
    session
        .command(Command::SetAvailability { node: worker2, availability: Availability::Drain })
        .unwrap();
    session.advance_by(SimDuration::from_secs(10));
    assert_replays_to_the_same_swarm(&session);
}

#[test]
fn a_rewind_into_a_wait_stops_it_and_replays_to_the_same_swarm() {
    let mut session = Session::new(Scenario::default(), 1);
    session.type_text("docker service create --name web --replicas 3 nginx").unwrap();
    session.advance_to(secs(60));
    session.type_text("sim rewind 58s").unwrap();
    assert!(!session.is_busy(), "the create's wait stopped where the rewind went");
    session.advance_to(secs(20));
    assert_replays_to_the_same_swarm(&session);
}

#[test]
fn a_page_action_needs_a_manager_whose_machine_answers() {
    let mut session = Session::new(Scenario::default(), 1);
    session.type_text("docker service create -d --name web nginx").unwrap();
    let web = session.snapshot().services[0].id;
    session.command(Command::PowerOffNode(node(&session, "manager1").unwrap())).unwrap();
    // Raft has not noticed yet, but no client can reach a manager: a button cannot either.
    let refused = session.command(Command::ScaleService { service: web, replicas: 3 });
    assert_eq!(refused.unwrap_err().to_string(), "the machine of node manager1 is powered off");
    assert_eq!(session.snapshot().services[0].replicas_desired, 1);
    assert_replays_to_the_same_swarm(&session);
    // Refused at a past moment, it drops nothing of what came later either.
    session.advance_by(SimDuration::from_secs(60));
    let (head, journal) = (session.head(), session.journal().len());
    session.seek(secs(30));
    assert!(session.command(Command::ScaleService { service: web, replicas: 3 }).is_err());
    assert_eq!((session.head(), session.journal().len()), (head, journal));
}

#[test]
fn the_event_log_keeps_the_newest_events_when_a_crash_loop_runs_for_hours() {
    let mut session = lab();
    session.type_text("docker service create -d --name loop --replicas 30 crash").unwrap();
    let mut reader = swarm_shell::Cursor::default();
    let mut read = 0;
    for _ in 0..8 {
        session.advance_by(SimDuration::from_secs(900));
        let batch = session.read_events(&mut reader);
        assert_eq!(batch.dropped_from, None, "forgetting the oldest drops nothing a reader holds");
        read += batch.items.len();
    }
    let kept = session.events().len();
    assert!(kept <= swarm_shell::EVENTS_KEPT_MAX, "{kept} events kept");
    assert!(
        read > swarm_shell::EVENTS_KEPT_MAX,
        "the loop made {read} events: the log forgot some"
    );
    // Back into the hours the log forgot, and forward again: the swarm is still exact.
    let live = state_key(&session);
    let end = session.now();
    session.seek(secs(600));
    assert!(session.events().len() <= kept);
    session.seek(end);
    assert!(state_key(&session) == live);
    session.type_text("sim events --since 1s").unwrap();
    assert!(session.transcript().last().unwrap().output_text().contains("loop."));
    // All of it is more than a session keeps of one command's output.
    session.type_text("sim events").unwrap();
    let all = session.transcript().last().unwrap().output_text();
    assert!(all.len() <= swarm_shell::OUTPUT_KEPT_MAX + 200, "{} bytes kept", all.len());
    assert!(all.ends_with("bytes more not shown\n"), "{}", &all[all.len() - 200..]);
    // And all the lines' output together is more than a session keeps: the oldest goes, the
    // lines stay, and going back and forth still shows what was live.
    for _ in 0..70 {
        session.type_text("sim events").unwrap();
    }
    let transcript = session.transcript();
    let kept: usize = transcript.iter().map(|e| e.output_text().len()).sum();
    assert!(kept <= swarm_shell::TRANSCRIPT_OUTPUT_MAX, "{kept} bytes of output kept");
    assert!(transcript[1].output_text().starts_with("… output no longer kept"));
    assert_eq!(transcript.len(), 74);
    let live = state_key(&session);
    session.seek(secs(600));
    session.seek(end);
    assert!(state_key(&session) == live);
}

/// The sentences of the events whose text contains `needle`.
fn sentences(session: &Session, needle: &str) -> Vec<String> {
    session.events().iter().filter(|e| e.text.contains(needle)).map(|e| e.text.clone()).collect()
}

#[test]
fn events_keep_naming_a_node_after_it_is_removed() {
    let mut session = Session::new(Scenario::default(), 1);
    let script = "docker service create -d --name web --replicas 3 nginx\nsleep 5\nsim node kill worker2\nsleep 30\ndocker node rm worker2\nsleep 600\ndocker service rm web\nsleep 60";
    session.run_script(script).unwrap();
    let removed = sentences(&session, "removed from the swarm");
    assert_eq!(removed, ["worker2 was removed from the swarm"]);
    let deleted = sentences(&session, " on worker2: task");
    assert!(deleted.iter().any(|s| s.ends_with("deleted")), "{deleted:?}");
    assert!(sentences(&session, "on ouubx").is_empty(), "an ID where a hostname should be");
}

#[test]
fn a_leader_that_steps_down_says_so() {
    let mut session = Session::new(Scenario::default(), 1);
    let script = "docker node promote worker1 worker2\nsleep 5\nsim node kill worker1\nsim node kill worker2\nsleep 30";
    session.run_script(script).unwrap();
    let leader = sentences(&session, "manager1");
    assert!(
        leader.iter().any(|s| s.contains("manager1 is no longer the Raft leader")),
        "{leader:?}"
    );
}

#[test]
fn an_update_that_fails_in_its_wait_was_carried_out_and_a_refused_one_was_not() {
    let mut session = lab();
    session.type_text("docker service create -d --name web --replicas 2 nginx").unwrap();
    session.advance_to(secs(60));
    // Refused by the daemon: nothing waits, nothing changes.
    session.type_text("docker service update --replicas 2 --mode global web").unwrap();
    // Carried out; the progress display then sees the update pause on a missing image.
    session
        .type_text("docker service update --image nosuch:1 --update-failure-action pause web")
        .unwrap();
    session.run_until_idle();
    let lines: Vec<_> = session.transcript().iter().rev().take(2).collect();
    let (waited, refused) = (lines[0], lines[1]);
    assert_ne!(refused.exit_code, 0, "{}", refused.output_text());
    assert!(!refused.failed_in_wait, "{}", refused.output_text());
    assert_ne!(waited.exit_code, 0, "{}", waited.output_text());
    assert!(waited.failed_in_wait, "{}", waited.output_text());
}
