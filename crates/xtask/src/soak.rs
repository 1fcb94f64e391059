//! `cargo xtask soak`: the seeded harness and the fuzz test with fresh seeds for a while, on
//! every core, in the `soak` profile (optimised, debug assertions on, so the core checks its
//! invariants after every step). It reuses the test binaries through their environment
//! (`SWARM_SEED_BASE`, `SWARM_SEEDS`, `SWARM_STEPS`; `SWARM_FUZZ_SEED`, `SWARM_FUZZ_CASES`),
//! and ends with what ran (seeds × steps, fuzz lines) and each failure's one-line repro.

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cmd;

/// How long a soak runs unless `--minutes` says otherwise.
pub const DEFAULT_MINUTES: u64 = 10;
/// Steps per harness seed unless `--steps` says otherwise.
pub const DEFAULT_STEPS: u64 = 1000;
/// Harness seeds per run of the test binary.
const SEEDS_PER_CHUNK: u64 = 8;
/// Fuzz lines per run of the test binary (each run a fresh seed; a few seconds' work).
const FUZZ_LINES_PER_CHUNK: u64 = 20_000;

/// The two test binaries a soak runs.
struct Binaries {
    simulate: String,
    fuzz: String,
}

/// What the workers have done so far.
#[derive(Default)]
struct Tally {
    jobs: u64,
    next_seed: u64,
    next_fuzz_seed: u64,
    seeds: u64,
    fuzz_lines: u64,
    failures: Vec<String>,
    reported_minutes: u64,
}

/// One run of a test binary.
enum Job {
    Harness { base: u64 },
    Fuzz { seed: u64 },
}

/// Runs the soak; fails if any seed or fuzz run failed.
pub fn run(minutes: u64, steps: u64) -> Result<(), String> {
    let binaries = build()?;
    let start = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Fresh seeds every run, far from the small ones CI uses.
    let base = start.saturating_mul(1000);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    println!(
        "soak: {minutes} min on {workers} workers; harness seeds from {base} ({steps} steps each), \
         fuzz seeds from {base} ({} lines each)",
        cmd::thousands(FUZZ_LINES_PER_CHUNK)
    );
    let tally =
        Arc::new(Mutex::new(Tally { next_seed: base, next_fuzz_seed: base, ..Tally::default() }));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(minutes * 60);
    let binaries = Arc::new(binaries);
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (tally, binaries) = (Arc::clone(&tally), Arc::clone(&binaries));
            std::thread::spawn(move || work(&binaries, &tally, steps, started, deadline))
        })
        .collect();
    for handle in handles {
        handle.join().map_err(|_| "a soak worker panicked".to_string())?;
    }
    let tally = tally.lock().expect("tally lock");
    let elapsed = started.elapsed();
    let per_minute = |n: u64| n as f64 * 60.0 / elapsed.as_secs_f64().max(0.001);
    println!(
        "\nsoak: {} in {}: {} seeds x {steps} steps ({:.0} seeds/min), {} fuzz lines ({:.0} lines/min), {} failures",
        if tally.failures.is_empty() { "ok" } else { "FAILED" },
        cmd::seconds(elapsed),
        cmd::thousands(tally.seeds),
        per_minute(tally.seeds),
        cmd::thousands(tally.fuzz_lines),
        per_minute(tally.fuzz_lines),
        tally.failures.len()
    );
    for failure in &tally.failures {
        println!("repro: {failure}");
    }
    if tally.failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} soak runs failed", tally.failures.len()))
    }
}

/// Builds both test binaries in the soak profile; their paths.
fn build() -> Result<Binaries, String> {
    let mut command = cmd::cargo();
    command.args([
        "test",
        "--profile",
        "soak",
        "-p",
        "swarm-tests",
        "--test",
        "simulate",
        "--test",
        "fuzz",
        "--no-run",
        "--message-format=json",
    ]);
    println!("soak: building: {}", cmd::describe(&command));
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start `{}`: {e}", cmd::describe(&command)))?;
    if !output.status.success() {
        return Err(format!("`{}` failed ({})", cmd::describe(&command), output.status));
    }
    let json = String::from_utf8_lossy(&output.stdout);
    let find = |name: &str| {
        executable(&json, name).ok_or_else(|| format!("cargo built no test binary `{name}`"))
    };
    Ok(Binaries { simulate: find("simulate")?, fuzz: find("fuzz")? })
}

/// One worker: harness and fuzz runs in turn until the deadline.
fn work(binaries: &Binaries, tally: &Mutex<Tally>, steps: u64, started: Instant, end: Instant) {
    while Instant::now() < end {
        let job = {
            let mut t = tally.lock().expect("tally lock");
            t.jobs += 1;
            if t.jobs % 2 == 1 {
                t.next_seed += SEEDS_PER_CHUNK;
                Job::Harness { base: t.next_seed - SEEDS_PER_CHUNK }
            } else {
                t.next_fuzz_seed += 1;
                Job::Fuzz { seed: t.next_fuzz_seed - 1 }
            }
        };
        let (mut command, fallback) = match job {
            Job::Harness { base } => {
                let mut command = Command::new(&binaries.simulate);
                command
                    .args(["simulate", "--exact"])
                    .env("SWARM_SEED_BASE", base.to_string())
                    .env("SWARM_SEEDS", SEEDS_PER_CHUNK.to_string())
                    .env("SWARM_STEPS", steps.to_string());
                let fallback = format!(
                    "SWARM_SEED_BASE={base} SWARM_SEEDS={SEEDS_PER_CHUNK} SWARM_STEPS={steps} cargo test -p swarm-tests --test simulate"
                );
                (command, fallback)
            }
            Job::Fuzz { seed } => {
                let mut command = Command::new(&binaries.fuzz);
                command
                    .env("SWARM_FUZZ_SEED", seed.to_string())
                    .env("SWARM_FUZZ_CASES", FUZZ_LINES_PER_CHUNK.to_string());
                let fallback = format!(
                    "SWARM_FUZZ_SEED={seed} SWARM_FUZZ_CASES={FUZZ_LINES_PER_CHUNK} cargo test -p swarm-tests --test fuzz"
                );
                (command, fallback)
            }
        };
        let output = command.stdin(Stdio::null()).output();
        let (ok, text) = match output {
            Ok(output) => (
                output.status.success(),
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ),
            ),
            Err(error) => (false, format!("could not start {}: {error}", cmd::describe(&command))),
        };
        let mut t = tally.lock().expect("tally lock");
        match (&job, ok) {
            (Job::Harness { .. }, true) => t.seeds += SEEDS_PER_CHUNK,
            (Job::Fuzz { .. }, true) => t.fuzz_lines += FUZZ_LINES_PER_CHUNK,
            (Job::Harness { base }, false) => {
                // The seeds before the failing one passed; the failing one ran too.
                t.seeds += failed_seed(&text).map_or(0, |seed| seed.saturating_sub(*base) + 1);
            }
            (Job::Fuzz { .. }, false) => t.fuzz_lines += fuzz_lines(&text).unwrap_or(0),
        }
        if !ok {
            let repro = repro(&text).unwrap_or(fallback);
            println!("soak: FAILED: {repro}");
            t.failures.push(repro);
        }
        let minutes = started.elapsed().as_secs() / 60;
        if minutes > t.reported_minutes {
            t.reported_minutes = minutes;
            println!(
                "soak: {minutes} min: {} seeds x {steps} steps, {} fuzz lines, {} failures",
                cmd::thousands(t.seeds),
                cmd::thousands(t.fuzz_lines),
                t.failures.len()
            );
        }
    }
}

/// The path of the test binary `name` in cargo's `--message-format=json` output.
fn executable(json: &str, name: &str) -> Option<String> {
    json.lines()
        .filter(|line| line.contains("\"reason\":\"compiler-artifact\""))
        .find(|line| json_string(line, "name").as_deref() == Some(name))
        .and_then(|line| json_string(line, "executable"))
}

/// The first string value of `key` in one line of JSON.
fn json_string(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}

/// The one-line repro a failing test printed (`reproduce: …` or `repro: …`).
fn repro(output: &str) -> Option<String> {
    output.lines().find_map(|line| {
        let line = line.trim();
        line.strip_prefix("reproduce: ").or_else(|| line.strip_prefix("repro: ")).map(String::from)
    })
}

/// The harness seed that failed (`simulate: seed N failed …`).
fn failed_seed(output: &str) -> Option<u64> {
    output.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("simulate: seed ")?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// How many lines a failing fuzz run got through (its repro's `SWARM_FUZZ_CASES=N`).
fn fuzz_lines(output: &str) -> Option<u64> {
    let repro = repro(output)?;
    let value = repro.split_whitespace().find_map(|w| w.strip_prefix("SWARM_FUZZ_CASES="))?;
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_test_binaries_in_cargo_json() {
        let json = r#"{"reason":"compiler-artifact","package_id":"x","target":{"kind":["lib"],"name":"swarm_core"},"executable":null}
{"reason":"compiler-artifact","package_id":"y","target":{"kind":["test"],"name":"fuzz","src_path":"/w/tests/fuzz.rs"},"executable":"/t/soak/deps/fuzz-1a2b","fresh":true}
{"reason":"compiler-artifact","package_id":"y","target":{"kind":["test"],"name":"simulate"},"executable":"/t/my \"dir\"/simulate-3c"}
{"reason":"build-finished","success":true}"#;
        assert_eq!(executable(json, "fuzz").as_deref(), Some("/t/soak/deps/fuzz-1a2b"));
        assert_eq!(executable(json, "simulate").as_deref(), Some("/t/my \"dir\"/simulate-3c"));
        assert_eq!(executable(json, "swarm_core"), None);
        assert_eq!(executable(json, "stories"), None);
    }

    #[test]
    fn reads_repros_and_counts_from_failures() {
        let harness = "simulate: 8 seeds x 1000 steps\nsimulate: seed 1005 failed (Options { .. })\n\
            reproduce: SWARM_SEED=1005 SWARM_STEPS=1000 cargo test -p swarm-tests --test simulate\n";
        assert_eq!(
            repro(harness).as_deref(),
            Some("SWARM_SEED=1005 SWARM_STEPS=1000 cargo test -p swarm-tests --test simulate")
        );
        assert_eq!(failed_seed(harness), Some(1005));
        let fuzz = "fuzz seed 7, case 41: the line \"x\" panicked\n\
            repro: SWARM_FUZZ_SEED=7 SWARM_FUZZ_CASES=42 cargo test -p swarm-tests --test fuzz\n";
        assert_eq!(fuzz_lines(fuzz), Some(42));
        assert_eq!(repro("error: could not compile"), None);
        assert_eq!(failed_seed("thread 'main' panicked"), None);
    }
}
