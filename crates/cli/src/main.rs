//! `swarm`: the Swarm Playground in a terminal.
//!
//! With no argument, a REPL: a shell on manager1 of a simulated swarm, with line editing and
//! history. `swarm run FILE` (or `-` for stdin) runs a script and prints its transcript.
//! `swarm lesson list` lists the built-in lessons; `swarm lesson check NAME|FILE` plays one
//! and says which checkpoints were met.
//! Both hold a `swarm_shell::Session`, as the page does.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use swarm_shell::{Cursor, Exchange, ExchangeKind, Lesson, Scenario, Session, Stream};

const USAGE: &str = "\
Usage: swarm [--seed N] [--scenario FILE]            a shell on manager1 of a simulated swarm
       swarm run [--seed N] [--scenario FILE] FILE   run a script, print its transcript (- for stdin)
       swarm lesson list                             list the built-in lessons
       swarm lesson check [--transcript] NAME|FILE   play a lesson, report its checkpoints

The swarm starts as manager1 (leader), worker1 and worker2, each with 2 CPUs and 4 GiB,
unless --scenario FILE describes it (lines `node HOSTNAME [--role manager] [--cpus N]
[--memory SIZE] [--label K=V]` and `docker-version 24|29`).

Type docker's swarm commands as tutorials print them (prompts and `sudo` are fine);
`sim help` lists the playground's own verbs (sleep, sim node kill, sim step, sim rewind, ...).
`sim export --replay` prints what was typed as a script that `swarm run` with the same
seed and scenario plays back to the same transcript.

Options:
  --seed N          seed of the simulation (default 1): the same seed prints the same bytes
  --scenario FILE   the starting swarm
  --transcript      with lesson check: print what each step's commands printed too
  -h, --help        print this help

`swarm lesson check` exits with 1 if a checkpoint is not met, 2 if the lesson is malformed.";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Invocation {
    Help,
    Repl { seed: u64, scenario: Option<String> },
    Run { seed: u64, scenario: Option<String>, script: String },
    LessonList,
    LessonCheck { lesson: String, transcript: bool },
}

fn parse_args(args: &[String]) -> Result<Invocation, String> {
    if args.first().map(String::as_str) == Some("lesson") {
        return parse_lesson_args(&args[1..]);
    }
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

fn parse_lesson_args(args: &[String]) -> Result<Invocation, String> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    if words.iter().any(|w| matches!(*w, "-h" | "--help")) {
        return Ok(Invocation::Help);
    }
    match words.as_slice() {
        ["list"] => Ok(Invocation::LessonList),
        ["check", rest @ ..] => {
            let transcript = rest.contains(&"--transcript");
            let mut names = rest.iter().filter(|w| **w != "--transcript");
            match (names.next(), names.next()) {
                (Some(flag), _) if flag.starts_with("--") => Err(format!("unknown flag: {flag}")),
                (Some(lesson), None) => {
                    Ok(Invocation::LessonCheck { lesson: lesson.to_string(), transcript })
                }
                (Some(_), Some(other)) => Err(format!("unexpected argument: {other}")),
                (None, _) => Err("swarm lesson check needs a NAME or a FILE".to_string()),
            }
        }
        ["list", other, ..] => Err(format!("unexpected argument: {other}")),
        _ => Err("swarm lesson takes list or check".to_string()),
    }
}

/// The built-in lessons, one a line: name and title.
fn lesson_list() -> String {
    let mut out = String::new();
    for name in Lesson::builtin_names() {
        let title = Lesson::builtin(name)
            .and_then(|text| Lesson::parse(text).ok())
            .map_or_else(String::new, |lesson| lesson.title);
        out.push_str(&format!("{name:<24} {title}\n"));
    }
    out
}

/// `swarm lesson check`: a built-in lesson by name, or a lesson file. Exit code 0 when every
/// checkpoint is met, 1 when one is not, 2 when the lesson cannot be read or started.
fn lesson_check(lesson: &str, transcript: bool) -> ExitCode {
    let (origin, text) = match Lesson::builtin(lesson) {
        Some(text) => (lesson.to_string(), text.to_string()),
        None => match read(lesson) {
            Ok(text) => (lesson.to_string(), text),
            Err(message) => {
                let names: Vec<&str> = Lesson::builtin_names().collect();
                eprintln!(
                    "swarm: {lesson} is neither a built-in lesson ({}) nor a file we can read: {message}",
                    names.join(", ")
                );
                return ExitCode::from(2);
            }
        },
    };
    let played = Lesson::parse(&text).and_then(|lesson| lesson.play());
    match played {
        Ok(played) => {
            print!("{}", played.report(transcript));
            if played.all_met() { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Err(error) => {
            eprintln!("swarm: {origin}: {error}");
            ExitCode::from(2)
        }
    }
}

/// A file's text (`-`: stdin). Bytes that are not UTF-8 do not stop the run: they show as
/// `\u{FFFD}`, and the line holding them fails as any bad line does (the shell refuses it with
/// a syntax error) while the lines around it run.
fn read(path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("reading stdin: {e}"))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| format!("{path}: {e}"))?
    };
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}

/// A session's refusal to take more input: its limits, in the daemon's words.
fn refused(error: &impl std::fmt::Display) -> String {
    format!("Error response from daemon: {error}")
}

fn session(seed: u64, scenario: Option<&str>) -> Result<Session, String> {
    let scenario = match scenario {
        None => Scenario::default(),
        Some(path) => Scenario::parse(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
    };
    Ok(Session::new(scenario, seed))
}

/// Types one physical line and lets it run to its end; prints what the lines it completed
/// printed (`printed`: how far the transcript is already out).
fn type_and_print(
    session: &mut Session,
    physical: &str,
    printed: &mut Cursor,
) -> Result<(), String> {
    session.type_text(physical).map_err(|e| refused(&e))?;
    session.run_until_idle();
    // After a rewind the transcript is shorter: the note is what is new.
    for exchange in session.read_transcript(printed).items {
        print_exchange(exchange);
    }
    Ok(())
}

fn repl(mut session: Session) -> Result<(), String> {
    let mut printed = Cursor::default();
    let _ = session.read_transcript(&mut printed);
    if !std::io::stdin().is_terminal() {
        // Piped input: behave like a script without the echo.
        for physical in read("-")?.lines() {
            type_and_print(&mut session, physical, &mut printed)?;
        }
        return Ok(());
    }
    let mut editor = rustyline::DefaultEditor::new()
        .map_err(|e| format!("cannot start the line editor: {e}"))?;
    println!("Swarm Playground: a simulated swarm. Type docker commands, `sim help`, or exit.");
    loop {
        match editor.readline(&session.prompt()) {
            Ok(physical) => {
                let _ = editor.add_history_entry(physical.as_str());
                if matches!(physical.trim(), "exit" | "logout" | "quit") && session.prompt() != "> "
                {
                    return Ok(());
                }
                if let Err(error) = type_and_print(&mut session, &physical, &mut printed) {
                    eprintln!("swarm: {error}");
                }
            }
            // Ctrl-C at the prompt drops a half-typed continuation, as a shell does.
            Err(rustyline::error::ReadlineError::Interrupted) => session.interrupt(),
            Err(rustyline::error::ReadlineError::Eof) => return Ok(()),
            Err(error) => return Err(format!("reading the terminal: {error}")),
        }
    }
}

/// What a line printed; comments and blank lines print nothing (the terminal echoed them).
fn print_exchange(exchange: &Exchange) {
    if let ExchangeKind::Note(text) = &exchange.kind {
        println!("{text}");
    }
    for (stream, text) in &exchange.output {
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
            session(seed, scenario.as_deref()).and_then(repl)
        }
        Ok(Invocation::Run { seed, scenario, script }) => session(seed, scenario.as_deref())
            .and_then(|mut session| {
                let text = read(&script)?;
                session.run_script(&text).map_err(|e| format!("{script}: {}", refused(&e)))?;
                print!("{}", session.transcript_text());
                Ok(())
            }),
        Ok(Invocation::LessonList) => {
            print!("{}", lesson_list());
            Ok(())
        }
        Ok(Invocation::LessonCheck { lesson, transcript }) => {
            return lesson_check(&lesson, transcript);
        }
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
    fn parses_lesson_subcommands() {
        assert_eq!(parse_args(&args(&["lesson", "list"])), Ok(Invocation::LessonList));
        assert_eq!(
            parse_args(&args(&["lesson", "check", "swarm-tour"])),
            Ok(Invocation::LessonCheck { lesson: "swarm-tour".into(), transcript: false })
        );
        assert_eq!(
            parse_args(&args(&["lesson", "check", "--transcript", "my.json"])),
            Ok(Invocation::LessonCheck { lesson: "my.json".into(), transcript: true })
        );
        assert_eq!(parse_args(&args(&["lesson", "--help"])), Ok(Invocation::Help));
        assert_eq!(
            parse_args(&args(&["lesson", "check"])),
            Err("swarm lesson check needs a NAME or a FILE".into())
        );
        assert_eq!(
            parse_args(&args(&["lesson", "check", "a", "b"])),
            Err("unexpected argument: b".into())
        );
        assert_eq!(
            parse_args(&args(&["lesson", "check", "--frob"])),
            Err("unknown flag: --frob".into())
        );
        assert_eq!(parse_args(&args(&["lesson"])), Err("swarm lesson takes list or check".into()));
    }

    #[test]
    fn lesson_check_exits_by_what_it_found() {
        assert!(lesson_list().starts_with("myweb3-rolling-update    Rolling updates of nginx"));
        assert_eq!(lesson_check("myweb3-rolling-update", false), ExitCode::SUCCESS);
        let lesson = |tasks: u32| {
            format!(
                r#"{{"version": 1, "name": "two", "title": "Two",
                    "steps": [{{"title": "Create",
                                "commands": ["docker service create --name web --replicas 2 nginx"],
                                "checkpoints": [{{"check": "running", "service": "web", "tasks": {tasks}}}]}}]}}"#
            )
        };
        let path =
            std::env::temp_dir().join(format!("swarm-cli-lesson-{}.json", std::process::id()));
        let file = path.to_str().unwrap();
        std::fs::write(&path, lesson(2)).unwrap();
        let met = lesson_check(file, false);
        std::fs::write(&path, lesson(3)).unwrap();
        let unmet = lesson_check(file, false);
        std::fs::write(&path, "{\"version\": 1").unwrap();
        let malformed = lesson_check(file, false);
        let _ = std::fs::remove_file(&path);
        assert_eq!(met, ExitCode::SUCCESS);
        assert_eq!(unmet, ExitCode::from(1));
        assert_eq!(malformed, ExitCode::from(2));
        assert_eq!(lesson_check("/nonexistent/lesson.json", false), ExitCode::from(2));
    }

    #[test]
    fn a_line_that_is_not_utf8_fails_alone() {
        let path = std::env::temp_dir().join(format!("swarm-cli-utf8-{}.txt", std::process::id()));
        let mut script =
            b"docker service ls\ndocker service create --name w\xffeb nginx\n".to_vec();
        script.extend_from_slice(b"docker service create -d --name web nginx\n");
        std::fs::write(&path, script).unwrap();
        let text = read(path.to_str().unwrap());
        let _ = std::fs::remove_file(&path);
        let mut session = Session::new(Scenario::default(), 1);
        session.run_script(&text.unwrap()).unwrap();
        let lines: Vec<(String, i32)> =
            session.transcript().iter().map(|e| (e.output_text(), e.exit_code)).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[0].1, 0);
        assert_eq!(
            lines[1],
            (
                "syntax error: the line is not valid UTF-8 (its bad bytes show as \u{FFFD})\n"
                    .into(),
                1
            )
        );
        assert_eq!(lines[2].1, 0, "the next line runs: {}", lines[2].0);
        assert!(session.snapshot().services.iter().any(|s| s.name == "web"));
    }

    #[test]
    fn an_unreadable_script_is_the_runners_failure() {
        assert!(
            read("/nonexistent/script.txt").unwrap_err().starts_with("/nonexistent/script.txt: ")
        );
    }
}
