//! Shared harness for the cross-crate tests: the scenario language and its runner.
//!
//! A scenario is a small script that drives a `Cluster`; running it yields a transcript, the
//! `Trace` of every event plus whatever the script asked to print. Goldens are transcripts
//! kept next to the scripts in `tests/scenarios/`, and the same goldens are checked natively and
//! in wasm (Node and Chromium): a difference between platforms is a determinism bug.
//!
//! ```text
//! # comment
//! seed 7                                   optional, before anything else (default 1)
//! at 0s create web nginx:latest replicas=4 a command at a simulated time
//! run-until 10s                            fire every wake-up up to that time
//! ps web                                   print `docker service ps web`
//! ```

use swarm_core::{
    Cluster, Command, Config, Event, ServiceMode, ServiceSpec, SimTime, Trace, advance_to,
};

/// A scenario shipped with the tests: its script and its golden transcript.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub name: &'static str,
    pub script: &'static str,
    pub golden: &'static str,
}

/// Every scenario in `tests/scenarios/`, compiled in so wasm tests need no file system.
pub const SCENARIOS: &[Scenario] = &[Scenario {
    name: "skeleton",
    script: include_str!("../scenarios/skeleton.scenario"),
    golden: include_str!("../scenarios/skeleton.trace"),
}];

/// Runs a scenario script and returns its transcript, or the first error with its line number.
pub fn run_script(script: &str) -> Result<String, String> {
    let mut seed = 1;
    let mut cluster: Option<Cluster> = None;
    let mut trace = Trace::new();
    let mut out = String::new();

    for (index, raw) in script.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fail = |msg: String| format!("line {line_no}: {msg}: {raw}");
        let words: Vec<&str> = line.split_whitespace().collect();
        if words[0] == "seed" {
            if cluster.is_some() {
                return Err(fail("`seed` must come first".into()));
            }
            seed =
                words.get(1).and_then(|w| w.parse().ok()).ok_or_else(|| fail("bad seed".into()))?;
            continue;
        }
        let cluster = cluster.get_or_insert_with(|| {
            let mut c = Cluster::new(Config::default(), seed);
            drain(&mut c, &mut trace);
            c
        });
        flush(&mut trace, &mut out);
        match words.as_slice() {
            ["at", time, rest @ ..] => {
                let at = parse_time(time).map_err(&fail)?;
                advance_to(cluster, at, &mut |e| trace.record(&e));
                let command = parse_command(rest).map_err(&fail)?;
                if let Err(err) = cluster.handle_command(at, command) {
                    flush(&mut trace, &mut out);
                    out.push_str(&format!("error: {err}\n"));
                }
                drain(cluster, &mut trace);
            }
            ["run-until", time] => {
                let until = parse_time(time).map_err(&fail)?;
                advance_to(cluster, until, &mut |e| trace.record(&e));
            }
            ["ps", services @ ..] if !services.is_empty() => {
                flush(&mut trace, &mut out);
                out.push_str(&format!("$ docker service ps {}\n", services.join(" ")));
                out.push_str(&swarm_core::cli::service_ps(&cluster.snapshot(), services));
            }
            _ => return Err(fail("unknown statement".into())),
        }
        flush(&mut trace, &mut out);
    }
    flush(&mut trace, &mut out);
    Ok(out)
}

fn drain(cluster: &mut Cluster, trace: &mut Trace) {
    while let Some(event) = cluster.poll_event() {
        record(trace, &event);
    }
}

fn record(trace: &mut Trace, event: &Event) {
    trace.record(event);
}

/// Moves what the trace has recorded so far into the transcript.
fn flush(trace: &mut Trace, out: &mut String) {
    out.push_str(&trace.take());
}

/// `10s`, `1500ms`, `2m`.
fn parse_time(text: &str) -> Result<SimTime, String> {
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60_000)
    } else {
        return Err(format!("time `{text}` needs a unit (ms, s, m)"));
    };
    let n: u64 = number.parse().map_err(|_| format!("bad time `{text}`"))?;
    Ok(SimTime::from_millis(n * scale))
}

/// `create NAME IMAGE replicas=N`.
fn parse_command(words: &[&str]) -> Result<Command, String> {
    match words {
        ["create", name, image, options @ ..] => {
            let mut replicas = 1;
            for option in options {
                match option.split_once('=') {
                    Some(("replicas", n)) => {
                        replicas = n.parse().map_err(|_| format!("bad replicas `{n}`"))?;
                    }
                    _ => return Err(format!("unknown option `{option}`")),
                }
            }
            Ok(Command::CreateService(ServiceSpec {
                name: name.to_string(),
                image: image.to_string(),
                mode: ServiceMode::Replicated { replicas },
            }))
        }
        _ => Err("unknown command".into()),
    }
}
