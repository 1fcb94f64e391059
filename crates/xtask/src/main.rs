//! `cargo xtask`: command-line parsing and dispatch for the build, serve, test, benchmark and
//! soak automation.
//!
//! Everything the subcommands do lives in the modules below; this file only turns the
//! arguments into a [`Command`], prints usage and errors, and maps results to exit codes.

// xtask is developer tooling, not the deterministic simulation: it reads the clock to time its
// steps, so the workspace-wide bans on `Instant::now`/`SystemTime::now` and hash collections
// (which protect swarm-core's determinism) do not apply here.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod bench;
mod cmd;
mod serve;
mod site;
mod soak;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  build             build the release wasm bundle and assemble the site in www/dist
  serve [--port N]  build, then serve www/dist on http://127.0.0.1:N/ (default port 8080)
  test              run every check: fmt, clippy, native and wasm tests, site build, e2e
  bench-wasm        run the wasm benchmarks in Node (native ones: cargo bench)
  bench-page        build and serve the site, then measure the page in headless Chromium:
                    frame intervals idle and through a rolling update of 1000 tasks on 100
                    nodes, and the time to interactive
  soak [--minutes N] [--steps N]
                    the seeded harness (N steps a seed, default 1000) and the fuzz test with
                    fresh seeds for N minutes (default 10) on every core, optimised with
                    debug assertions on; prints what ran and each failure's repro";

/// The port `cargo xtask serve` listens on unless `--port` says otherwise.
const DEFAULT_PORT: u16 = 8080;

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    /// `--help`, `-h` or `help`: print usage, succeed.
    Help,
    /// No arguments at all: print usage, fail (nothing was done).
    Nothing,
    Build,
    Serve {
        port: u16,
    },
    Test,
    BenchWasm,
    BenchPage,
    Soak {
        minutes: u64,
        steps: u64,
    },
}

/// Why the arguments could not be understood.
#[derive(Debug, PartialEq, Eq)]
enum ArgError {
    /// The command line has an unknown word: print the message and the usage.
    Usage(String),
    /// A known option has a bad value: the message alone says everything.
    Value(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_args(&args) {
        Ok(command) => command,
        Err(ArgError::Usage(message)) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
        Err(ArgError::Value(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Help => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Command::Nothing => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
        Command::Build => site::build().map(|_| ()),
        Command::Serve { port } => serve::run(port),
        Command::BenchWasm => bench::wasm(),
        Command::BenchPage => bench::page(),
        Command::Soak { minutes, steps } => soak::run(minutes, steps),
        // `test` prints its own summary, whose last line must be the totals.
        Command::Test => return test::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Turns the arguments after `cargo xtask` into a [`Command`].
fn parse_args(args: &[String]) -> Result<Command, ArgError> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    let Some((first, rest)) = args.split_first() else {
        return Ok(Command::Nothing);
    };
    match first.as_str() {
        "help" => Ok(Command::Help),
        "build" => no_more_args("build", rest).map(|()| Command::Build),
        "test" => no_more_args("test", rest).map(|()| Command::Test),
        "serve" => parse_serve(rest),
        "bench-wasm" => no_more_args("bench-wasm", rest).map(|()| Command::BenchWasm),
        "bench-page" => no_more_args("bench-page", rest).map(|()| Command::BenchPage),
        "soak" => parse_soak(rest),
        other if other.starts_with('-') => {
            Err(ArgError::Usage(format!("unknown option `{other}`")))
        }
        other => Err(ArgError::Usage(format!("unknown command `{other}`"))),
    }
}

fn no_more_args(command: &str, rest: &[String]) -> Result<(), ArgError> {
    match rest.first() {
        None => Ok(()),
        Some(arg) if arg.starts_with('-') => {
            Err(ArgError::Usage(format!("unknown option `{arg}` for `{command}`")))
        }
        Some(arg) => Err(ArgError::Usage(format!("unexpected argument `{arg}` for `{command}`"))),
    }
}

fn parse_serve(rest: &[String]) -> Result<Command, ArgError> {
    let mut port = DEFAULT_PORT;
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        if arg == "--port" || arg == "-p" {
            let value = args.next().ok_or_else(|| {
                ArgError::Value("--port expects a number from 1 to 65535".to_string())
            })?;
            port = parse_port(value).map_err(ArgError::Value)?;
        } else if let Some(value) = arg.strip_prefix("--port=") {
            port = parse_port(value).map_err(ArgError::Value)?;
        } else {
            no_more_args("serve", std::slice::from_ref(arg))?;
        }
    }
    Ok(Command::Serve { port })
}

fn parse_soak(rest: &[String]) -> Result<Command, ArgError> {
    let (mut minutes, mut steps) = (soak::DEFAULT_MINUTES, soak::DEFAULT_STEPS);
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value)),
            None => (arg.as_str(), None),
        };
        let target = match flag {
            "--minutes" => &mut minutes,
            "--steps" => &mut steps,
            _ => {
                no_more_args("soak", std::slice::from_ref(arg))?;
                continue;
            }
        };
        let value = inline.or_else(|| args.next().map(String::as_str));
        *target = value.and_then(|v| v.parse().ok()).filter(|n| *n > 0).ok_or_else(|| {
            ArgError::Value(format!("{flag} expects a positive whole number, got {value:?}"))
        })?;
    }
    Ok(Command::Soak { minutes, steps })
}

/// Parses a TCP port for `--port`: a decimal number from 1 to 65535.
fn parse_port(value: &str) -> Result<u16, String> {
    match value.parse::<u16>() {
        Ok(port) if port != 0 => Ok(port),
        _ => Err(format!("--port expects a number from 1 to 65535, got {value:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, ArgError> {
        parse_args(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn ports_in_range_parse() {
        assert_eq!(parse_port("1"), Ok(1));
        assert_eq!(parse_port("8080"), Ok(8080));
        assert_eq!(parse_port("65535"), Ok(65535));
    }

    #[test]
    fn bad_ports_name_the_range_and_the_value() {
        assert_eq!(
            parse_port("notanumber"),
            Err(r#"--port expects a number from 1 to 65535, got "notanumber""#.to_string())
        );
        for bad in ["0", "65536", "-1", "", " 80", "80x", "1e3"] {
            assert!(parse_port(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn commands_parse() {
        assert_eq!(parse(&[]), Ok(Command::Nothing));
        assert_eq!(parse(&["--help"]), Ok(Command::Help));
        assert_eq!(parse(&["help"]), Ok(Command::Help));
        assert_eq!(parse(&["serve", "-h"]), Ok(Command::Help));
        assert_eq!(parse(&["build"]), Ok(Command::Build));
        assert_eq!(parse(&["test"]), Ok(Command::Test));
        assert_eq!(parse(&["bench-wasm"]), Ok(Command::BenchWasm));
        assert_eq!(parse(&["bench-page"]), Ok(Command::BenchPage));
        assert_eq!(parse(&["serve"]), Ok(Command::Serve { port: DEFAULT_PORT }));
        assert_eq!(parse(&["serve", "--port", "9000"]), Ok(Command::Serve { port: 9000 }));
        assert_eq!(parse(&["serve", "--port=9001"]), Ok(Command::Serve { port: 9001 }));
        assert_eq!(parse(&["soak"]), Ok(Command::Soak { minutes: 10, steps: 1000 }));
        assert_eq!(
            parse(&["soak", "--minutes", "2", "--steps=300"]),
            Ok(Command::Soak { minutes: 2, steps: 300 })
        );
    }

    #[test]
    fn bad_soak_arguments_are_refused() {
        assert!(matches!(parse(&["soak", "--minutes"]), Err(ArgError::Value(_))));
        assert!(matches!(parse(&["soak", "--minutes", "0"]), Err(ArgError::Value(_))));
        assert!(matches!(parse(&["soak", "--steps=x"]), Err(ArgError::Value(_))));
        assert!(matches!(parse(&["soak", "--seeds", "3"]), Err(ArgError::Usage(_))));
        assert!(matches!(parse(&["soak", "5"]), Err(ArgError::Usage(_))));
    }

    #[test]
    fn bad_commands_are_usage_errors() {
        assert!(matches!(parse(&["deploy"]), Err(ArgError::Usage(_))));
        assert!(matches!(parse(&["--verbose"]), Err(ArgError::Usage(_))));
        assert!(matches!(parse(&["build", "--fast"]), Err(ArgError::Usage(_))));
        assert!(matches!(parse(&["test", "--no-browser"]), Err(ArgError::Usage(_))));
        assert!(matches!(parse(&["bench-wasm", "update"]), Err(ArgError::Usage(_))));
        assert!(matches!(parse(&["bench-page", "--quick"]), Err(ArgError::Usage(_))));
        assert!(matches!(parse(&["serve", "--host", "x"]), Err(ArgError::Usage(_))));
    }

    #[test]
    fn bad_port_values_are_value_errors() {
        assert!(matches!(parse(&["serve", "--port", "notanumber"]), Err(ArgError::Value(_))));
        assert!(matches!(parse(&["serve", "--port"]), Err(ArgError::Value(_))));
        assert!(matches!(parse(&["serve", "--port=0"]), Err(ArgError::Value(_))));
    }
}
