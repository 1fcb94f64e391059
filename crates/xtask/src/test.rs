//! `cargo xtask test`: every check in order (fmt, clippy, native tests, wasm tests in Node and
//! headless Chromium, the release site build and its size, the Playwright end-to-end test), each
//! streamed, timed and counted, then a summary table whose last line is `N passed, M failed`.

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use crate::{cmd, serve, site, tools};

const WASM_PACKAGES: [&str; 4] = ["swarm-core", "swarm-shell", "swarm-tests", "swarm-web"];

/// Passed and failed counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Failed,
    Skipped,
}

/// One finished step, for the summary.
struct StepResult {
    name: &'static str,
    outcome: Outcome,
    counts: Counts,
    duration: Duration,
    note: String,
}

/// How a step's output is scored.
#[derive(Clone, Copy)]
enum Scoring {
    /// fmt, clippy, build: the step itself is one passed or one failed.
    Check,
    /// cargo test / node --test: the summed result lines (plus one failure if the command
    /// failed without reporting a failed test, e.g. a compile error).
    Tests,
}

struct Runner {
    results: Vec<StepResult>,
    total: usize,
}

impl Runner {
    fn header(&self, name: &str, what: &str) {
        println!("\n==> [{}/{}] {name}: {what}", self.results.len() + 1, self.total);
    }

    fn finish(&mut self, name: &'static str, outcome: Outcome, counts: Counts, started: Instant) {
        let note = format!("{} passed, {} failed", counts.passed, counts.failed);
        self.finish_with_note(name, outcome, counts, started, note);
    }

    fn finish_with_note(
        &mut self,
        name: &'static str,
        outcome: Outcome,
        counts: Counts,
        started: Instant,
        note: String,
    ) {
        let duration = started.elapsed();
        println!(
            "<== [{}/{}] {name}: {} in {} ({note})",
            self.results.len() + 1,
            self.total,
            label(outcome),
            cmd::seconds(duration)
        );
        self.results.push(StepResult { name, outcome, counts, duration, note });
    }

    /// Runs one command as a step, streaming and scoring its output.
    fn command(&mut self, name: &'static str, scoring: Scoring, command: Command) -> Outcome {
        let mut words: Vec<String> = command
            .get_envs()
            .filter(|(key, _)| *key != "PATH")
            .map(|(key, value)| {
                let value = value.map(|v| v.to_string_lossy()).unwrap_or_default();
                format!("{}={value}", key.to_string_lossy())
            })
            .collect();
        words.push(cmd::describe(&command));
        let what = words.join(" ");
        self.header(name, &what);
        let started = Instant::now();
        let (ok, output) = cmd::run_tee(command);
        let counts = score(scoring, ok, &output);
        let outcome = if ok && counts.failed == 0 { Outcome::Ok } else { Outcome::Failed };
        self.finish(name, outcome, counts, started);
        outcome
    }

    /// Runs an in-process step that is scored as a check.
    fn check(
        &mut self,
        name: &'static str,
        what: &str,
        step: impl FnOnce() -> Result<(), String>,
    ) -> Outcome {
        self.header(name, what);
        let started = Instant::now();
        let (outcome, counts) = match step() {
            Ok(()) => (Outcome::Ok, Counts { passed: 1, failed: 0 }),
            Err(message) => {
                println!("error: {message}");
                (Outcome::Failed, Counts { passed: 0, failed: 1 })
            }
        };
        self.finish(name, outcome, counts, started);
        outcome
    }

    fn skip(&mut self, name: &'static str, why: &str) {
        self.header(name, "skipped");
        self.finish_with_note(
            name,
            Outcome::Skipped,
            Counts::default(),
            Instant::now(),
            why.into(),
        );
    }
}

/// Runs every step; the last line printed is `N passed, M failed`.
pub fn run() -> ExitCode {
    let started = Instant::now();
    // Tools first: without them most steps cannot even start, so fail at once with one line.
    let ready = tools::check_chromium()
        .and_then(|()| tools::ensure_wasm_target())
        .and_then(|()| tools::ensure_wasm_bindgen());
    if let Err(message) = ready {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    let setup = started.elapsed();
    println!("tools ready in {}", cmd::seconds(setup));

    let mut runner = Runner { results: Vec::new(), total: 9 };
    runner.command("fmt", Scoring::Check, cargo(&["fmt", "--all", "--", "--check"]));
    runner.command(
        "clippy",
        Scoring::Check,
        cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    );
    runner.command(
        "clippy wasm32",
        Scoring::Check,
        cargo(&[
            "clippy",
            "-p",
            "swarm-web",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    );
    // --no-fail-fast: one failing test binary must not hide the results of the others.
    runner.command(
        "native tests",
        Scoring::Tests,
        cargo(&["test", "--workspace", "--no-fail-fast"]),
    );

    let mut node = wasm_tests();
    node.env("WASM_BINDGEN_TEST_ONLY_NODE", "1");
    runner.command("wasm tests (Node)", Scoring::Tests, node);

    // USE_BROWSER also runs the suites without `run_in_browser` in Chromium (checked against
    // wasm-bindgen-test-runner 0.2.130), so every wasm suite runs in the browser here.
    let mut browser = wasm_tests();
    browser
        .env("WASM_BINDGEN_USE_BROWSER", "1")
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    runner.command("wasm tests (Chromium)", Scoring::Tests, browser);

    let mut site = None;
    let built = runner.check("site build", "the release bundle into www/dist", || {
        site = Some(site::build()?);
        Ok(())
    });
    match &site {
        Some(site) => {
            let what = format!("the gzipped wasm within {} bytes", site::WASM_GZIP_CEILING);
            runner.check("bundle size", &what, || site::check_budget(site.wasm_gzip));
        }
        None => runner.skip("bundle size", "needs the site build"),
    }
    let dist = site.map(|s| s.dir);

    match (built, dist) {
        (Outcome::Ok, Some(dist)) => e2e(&mut runner, dist),
        _ => runner.skip("e2e", "needs the site build"),
    }

    runner.results.insert(
        0,
        StepResult {
            name: "tools",
            outcome: Outcome::Ok,
            counts: Counts::default(),
            duration: setup,
            note: "setup, not counted".to_string(),
        },
    );
    summarize(&runner.results, started.elapsed())
}

/// The Playwright test against a background server on a free port.
fn e2e(runner: &mut Runner, dist: std::path::PathBuf) {
    const NAME: &str = "e2e";
    if let Err(message) = tools::ensure_playwright() {
        runner.check(NAME, "npm ci in tests/e2e", || Err(message));
        return;
    }
    let server = match serve::Background::start(dist) {
        Ok(server) => server,
        Err(message) => {
            runner.check(NAME, "serve www/dist", || Err(message));
            return;
        }
    };
    let mut node = cmd::command("node");
    node.args(["--test", "--test-reporter=tap", "tests/e2e/"])
        .env("SWARM_BASE_URL", format!("http://127.0.0.1:{}/", server.port));
    runner.command(NAME, Scoring::Tests, node);
    server.stop();
}

fn cargo(args: &[&str]) -> Command {
    let mut command = cmd::cargo();
    command.args(args);
    command
}

fn wasm_tests() -> Command {
    let mut command = cargo(&["test", "--no-fail-fast", "--target", "wasm32-unknown-unknown"]);
    for package in WASM_PACKAGES {
        command.args(["-p", package]);
    }
    command
}

fn score(scoring: Scoring, ok: bool, output: &str) -> Counts {
    match scoring {
        Scoring::Check if ok => Counts { passed: 1, failed: 0 },
        Scoring::Check => Counts { passed: 0, failed: 1 },
        Scoring::Tests => {
            let mut counts = count_results(output);
            if !ok && counts.failed == 0 {
                counts.failed = 1;
            }
            counts
        }
    }
}

/// Sums libtest's `test result: ... N passed; M failed; ...` lines and node's TAP summary
/// (`# pass N`, `# fail N`; also the spec reporter's `ℹ pass N`).
pub fn count_results(output: &str) -> Counts {
    let mut counts = Counts::default();
    for raw in output.lines() {
        let line = strip_ansi(raw);
        let line = line.trim_end();
        if let Some(rest) = line.trim_start().strip_prefix("test result:") {
            for part in rest.split([';', '.']) {
                let mut words = part.split_whitespace();
                if let (Some(n), Some(kind), None) = (words.next(), words.next(), words.next()) {
                    match (n.parse::<u64>(), kind) {
                        (Ok(n), "passed") => counts.passed += n,
                        (Ok(n), "failed") => counts.failed += n,
                        _ => {}
                    }
                }
            }
        } else if let Some(rest) = line.strip_prefix("# ").or_else(|| line.strip_prefix("ℹ ")) {
            match rest.split_once(' ') {
                Some(("pass", n)) => counts.passed += n.trim().parse::<u64>().unwrap_or(0),
                Some(("fail", n)) => counts.failed += n.trim().parse::<u64>().unwrap_or(0),
                _ => {}
            }
        }
    }
    counts
}

/// Removes ANSI escape sequences (`ESC [ ... letter`), in case a tool colours its output.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Ok => "ok",
        Outcome::Failed => "FAILED",
        Outcome::Skipped => "skipped",
    }
}

/// Prints the per-step table and, as the very last line, the totals.
fn summarize(results: &[StepResult], elapsed: Duration) -> ExitCode {
    let mut total = Counts::default();
    println!("\n{:<24} {:<8} {:>10}  counts", "step", "result", "time");
    for step in results {
        total += step.counts;
        println!(
            "{:<24} {:<8} {:>10}  {}",
            step.name,
            label(step.outcome),
            cmd::seconds(step.duration),
            step.note
        );
    }
    println!("{:<24} {:<8} {:>10}", "total", "", cmd::seconds(elapsed));
    let failed = total.failed > 0 || results.iter().any(|s| s.outcome != Outcome::Ok);
    println!("{} passed, {} failed", total.passed, total.failed);
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cargo_test_result_lines() {
        let output = "\
running 2 tests
test a ... ok
test b ... FAILED

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

test result: ok. 12 passed; 0 failed; 3 ignored; 0 filtered out; finished in 0.43s
no tests to run!
";
        assert_eq!(count_results(output), Counts { passed: 13, failed: 1 });
    }

    #[test]
    fn reads_node_tap_and_spec_summaries() {
        let tap = "TAP version 13\n# tests 3\n# suites 0\n# pass 2\n# fail 1\n# cancelled 0\n";
        assert_eq!(count_results(tap), Counts { passed: 2, failed: 1 });
        let spec = "ℹ tests 1\nℹ pass 1\nℹ fail 0\n";
        assert_eq!(count_results(spec), Counts { passed: 1, failed: 0 });
    }

    #[test]
    fn ignores_colour_and_unrelated_lines() {
        let coloured = "test result: \u{1b}[32mok\u{1b}[0m. 4 passed; 0 failed; 0 ignored";
        assert_eq!(count_results(coloured), Counts { passed: 4, failed: 0 });
        let noise = "# Subtest: pass 5\n    # pass 9\nwe passed 3 tests\n";
        assert_eq!(count_results(noise), Counts::default());
    }

    #[test]
    fn a_failed_command_without_failed_tests_counts_once() {
        assert_eq!(score(Scoring::Tests, false, "error[E0425]"), Counts { passed: 0, failed: 1 });
        assert_eq!(
            score(Scoring::Tests, false, "test result: FAILED. 3 passed; 2 failed;"),
            Counts { passed: 3, failed: 2 }
        );
        assert_eq!(score(Scoring::Check, true, ""), Counts { passed: 1, failed: 0 });
        assert_eq!(score(Scoring::Check, false, ""), Counts { passed: 0, failed: 1 });
    }
}
