//! `swarm`: the Swarm Playground in a terminal.
//!
//! For now one subcommand, `swarm demo`: start the tutorials' three-node lab, create `web`
//! with 4 replicas of nginx, advance simulated time and print `docker service ps web`. The REPL
//! and the transcript runner (`swarm run FILE`) arrive with the CLI emulator work.

use std::process::ExitCode;

use swarm_core::{Cluster, Command, Config, ServiceSpec, SimTime, advance_to, cli::service_ps};

const USAGE: &str = "\
Usage: swarm demo [--seed N] [--seconds N]

Starts a three-node swarm (manager1, worker1, worker2), creates the service `web`
(nginx:latest, 4 replicas), advances simulated time and prints `docker service ps web`.

Options:
  --seed N      seed of the simulation (default 1); the same seed prints the same bytes
  --seconds N   simulated seconds to advance before printing (default 10)
  -h, --help    print this help";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Invocation {
    Help,
    Demo { seed: u64, seconds: u64 },
}

fn parse_args(args: &[String]) -> Result<Invocation, String> {
    let mut words = args.iter().map(String::as_str);
    match words.next() {
        None | Some("-h" | "--help" | "help") => return Ok(Invocation::Help),
        Some("demo") => {}
        Some(other) => return Err(format!("unknown command: {other}")),
    }
    let (mut seed, mut seconds) = (1, 10);
    while let Some(word) = words.next() {
        let mut value = |flag: &str| {
            words
                .next()
                .ok_or_else(|| format!("flag needs an argument: {flag}"))?
                .parse::<u64>()
                .map_err(|_| {
                    format!("invalid argument for {flag}: expected a non-negative whole number")
                })
        };
        match word {
            "--seed" => seed = value("--seed")?,
            "--seconds" => seconds = value("--seconds")?,
            "-h" | "--help" => return Ok(Invocation::Help),
            other => return Err(format!("unknown flag: {other}")),
        }
    }
    Ok(Invocation::Demo { seed, seconds })
}

fn demo(seed: u64, seconds: u64) -> String {
    let mut cluster = Cluster::new(Config::default(), seed);
    let spec = ServiceSpec::replicated("web", "nginx:latest", 4);
    cluster.handle_command(SimTime::ZERO, Command::CreateService(spec)).expect("a valid spec");
    advance_to(&mut cluster, SimTime::from_secs(seconds), &mut |_| {});
    format!("$ docker service ps web\n{}", service_ps(&cluster.snapshot(), &["web"]))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_args(&args) {
        Ok(Invocation::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Invocation::Demo { seed, seconds }) => {
            print!("{}", demo(seed, seconds));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("swarm: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn parses_flags_and_rejects_junk() {
        assert_eq!(parse_args(&args(&[])), Ok(Invocation::Help));
        assert_eq!(parse_args(&args(&["demo"])), Ok(Invocation::Demo { seed: 1, seconds: 10 }));
        assert_eq!(
            parse_args(&args(&["demo", "--seed", "7", "--seconds", "3"])),
            Ok(Invocation::Demo { seed: 7, seconds: 3 })
        );
        assert_eq!(
            parse_args(&args(&["demo", "--seed"])),
            Err("flag needs an argument: --seed".into())
        );
        assert_eq!(
            parse_args(&args(&["demo", "--seconds", "x"])),
            Err("invalid argument for --seconds: expected a non-negative whole number".into())
        );
        assert_eq!(parse_args(&args(&["demo", "--frob"])), Err("unknown flag: --frob".into()));
        assert_eq!(parse_args(&args(&["frob"])), Err("unknown command: frob".into()));
    }

    #[test]
    fn demo_prints_four_running_tasks_after_ten_seconds() {
        let text = demo(1, 10);
        assert_eq!(
            text.lines().filter(|l| l.contains("   Running         Running")).count(),
            4,
            "{text}"
        );
        assert_eq!(demo(1, 10), text, "same seed, same bytes");
    }

    #[test]
    fn demo_at_time_zero_shows_tasks_still_pending() {
        let text = demo(1, 0);
        assert_eq!(
            text.lines().filter(|l| l.contains("Pending less than a second ago")).count(),
            4,
            "{text}"
        );
    }
}
