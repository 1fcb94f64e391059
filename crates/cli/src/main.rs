//! `swarm`: the Swarm Playground in a terminal.
//!
//! With no argument, a REPL: a shell on manager1 of a simulated swarm, with line editing and
//! history. `swarm run FILE` (or `-` for stdin) runs a script and prints its transcript.
//! Both speak through `swarm_core::cli::Terminal`, the same emulator the page uses.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use swarm_core::Cluster;
use swarm_core::cli::line::{Line, LineBuffer};
use swarm_core::cli::{Setup, Stream, Terminal, parse_setup, transcript};

const USAGE: &str = "\
Usage: swarm [--seed N] [--scenario FILE]            a shell on manager1 of a simulated swarm
       swarm run [--seed N] [--scenario FILE] FILE   run a script, print its transcript (- for stdin)

The swarm starts as manager1 (leader), worker1 and worker2, each with 2 CPUs and 4 GiB,
unless --scenario FILE describes it (lines `node HOSTNAME [--role manager] [--cpus N]
[--memory SIZE] [--label K=V]` and `docker-version 24|29`).

Type docker's swarm commands as tutorials print them (prompts and `sudo` are fine);
`sim help` lists the playground's own verbs (sleep, sim node kill, ...).

Options:
  --seed N          seed of the simulation (default 1): the same seed prints the same bytes
  --scenario FILE   the starting swarm
  -h, --help        print this help";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Invocation {
    Help,
    Repl { seed: u64, scenario: Option<String> },
    Run { seed: u64, scenario: Option<String>, script: String },
}

fn parse_args(args: &[String]) -> Result<Invocation, String> {
    let mut words = args.iter().map(String::as_str).peekable();
    let run = words.peek() == Some(&"run");
    if run {
        words.next();
    }
    let (mut seed, mut scenario, mut script) = (1, None, None);
    while let Some(word) = words.next() {
        match word {
            "-h" | "--help" | "help" => return Ok(Invocation::Help),
            "--seed" => {
                let value = words.next().ok_or("flag needs an argument: --seed")?;
                seed = value.parse().map_err(|_| {
                    format!("invalid argument \"{value}\" for --seed: expected a whole number")
                })?;
            }
            "--scenario" => {
                scenario =
                    Some(words.next().ok_or("flag needs an argument: --scenario")?.to_string());
            }
            flag if flag.starts_with("--") => return Err(format!("unknown flag: {flag}")),
            file if run && script.is_none() => script = Some(file.to_string()),
            other => return Err(format!("unexpected argument: {other}")),
        }
    }
    match (run, script) {
        (true, Some(script)) => Ok(Invocation::Run { seed, scenario, script }),
        (true, None) => Err("swarm run needs a FILE (or - for stdin)".to_string()),
        (false, _) => Ok(Invocation::Repl { seed, scenario }),
    }
}

fn read(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| format!("reading stdin: {e}"))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn terminal(seed: u64, scenario: Option<&str>) -> Result<Terminal, String> {
    let setup = match scenario {
        None => Setup::default(),
        Some(path) => parse_setup(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
    };
    Ok(Terminal::new(Cluster::new(setup.config, seed), seed, setup.dialect))
}

fn repl(mut terminal: Terminal) -> Result<(), String> {
    if !std::io::stdin().is_terminal() {
        // Piped input: behave like a script without the echo.
        let text = read("-")?;
        let mut buffer = LineBuffer::default();
        for physical in text.lines() {
            if let Line::Complete(line) = buffer.push(physical) {
                print_output(&terminal.run(&line));
            }
        }
        return Ok(());
    }
    let mut editor = rustyline::DefaultEditor::new()
        .map_err(|e| format!("cannot start the line editor: {e}"))?;
    println!("Swarm Playground: a simulated swarm. Type docker commands, `sim help`, or exit.");
    let mut buffer = LineBuffer::default();
    loop {
        let prompt = if buffer.is_pending() { "> ".to_string() } else { terminal.prompt() };
        match editor.readline(&prompt) {
            Ok(physical) => {
                let _ = editor.add_history_entry(physical.as_str());
                if let Line::Complete(line) = buffer.push(&physical) {
                    if matches!(line.as_str(), "exit" | "logout" | "quit") {
                        return Ok(());
                    }
                    print_output(&terminal.run(&line));
                }
            }
            Err(rustyline::error::ReadlineError::Interrupted) => {
                buffer = LineBuffer::default();
            }
            Err(rustyline::error::ReadlineError::Eof) => return Ok(()),
            Err(error) => return Err(format!("reading the terminal: {error}")),
        }
    }
}

fn print_output(output: &swarm_core::cli::Output) {
    for (stream, text) in &output.chunks {
        match stream {
            Stream::Stdout => {
                print!("{text}");
                let _ = std::io::stdout().flush();
            }
            Stream::Stderr => eprint!("{text}"),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match parse_args(&args) {
        Ok(Invocation::Help) => {
            println!("{USAGE}");
            Ok(())
        }
        Ok(Invocation::Repl { seed, scenario }) => {
            terminal(seed, scenario.as_deref()).and_then(repl)
        }
        Ok(Invocation::Run { seed, scenario, script }) => terminal(seed, scenario.as_deref())
            .and_then(|mut terminal| {
                let text = read(&script)?;
                print!("{}", transcript(&mut terminal, &text));
                Ok(())
            }),
        Err(message) => {
            eprintln!("swarm: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("swarm: {message}");
            ExitCode::from(1)
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
        assert_eq!(parse_args(&args(&[])), Ok(Invocation::Repl { seed: 1, scenario: None }));
        assert_eq!(
            parse_args(&args(&["run", "--seed", "7", "lesson.txt"])),
            Ok(Invocation::Run { seed: 7, scenario: None, script: "lesson.txt".into() })
        );
        assert_eq!(
            parse_args(&args(&["--scenario", "lab.txt"])),
            Ok(Invocation::Repl { seed: 1, scenario: Some("lab.txt".into()) })
        );
        assert_eq!(parse_args(&args(&["--help"])), Ok(Invocation::Help));
        assert_eq!(
            parse_args(&args(&["run", "--seed"])),
            Err("flag needs an argument: --seed".into())
        );
        assert_eq!(
            parse_args(&args(&["--seed", "x"])),
            Err("invalid argument \"x\" for --seed: expected a whole number".into())
        );
        assert_eq!(
            parse_args(&args(&["run"])),
            Err("swarm run needs a FILE (or - for stdin)".into())
        );
        assert_eq!(parse_args(&args(&["--frob"])), Err("unknown flag: --frob".into()));
        assert_eq!(parse_args(&args(&["frob"])), Err("unexpected argument: frob".into()));
    }

    #[test]
    fn an_unreadable_script_is_the_runners_failure() {
        assert!(
            read("/nonexistent/script.txt").unwrap_err().starts_with("/nonexistent/script.txt: ")
        );
    }
}
