//! Built-in lessons: each played to its end with every checkpoint met, against its golden
//! report (`tests/lessons/NAME.transcript`: each step's commands and output as `swarm run`
//! prints them, then its checkpoints), and each playing its seed's script: the same swarm and
//! the same lines in the same order, so the learner sees the seed transcript's story.
//!
//! Bless changed reports with `UPDATE_EXPECT=1 cargo test -p swarm-tests --test lessons`.

use expect_test::expect_file;
use swarm_shell::parse::line::{joined, split_words, strip_prompt};
use swarm_shell::{ExchangeKind, Lesson, Scenario, Session};
use swarm_tests::files_in;
use swarm_tests::transcripts::{TRANSCRIPT_SEED, TRANSCRIPTS};

/// Each built-in lesson and the seed transcript it plays.
const SEEDS: &[(&str, &str)] = &[
    ("myweb3-rolling-update", "seed000_nginx_image_updates"),
    ("swarm-tour", "seed001_web_lifecycle"),
    ("ping-update-rollback", "seed002_ping_update_rollback"),
    ("rolling-update-options", "seed003_mysql_options"),
    ("drain-and-failover", "seed004_drain_and_node_down"),
];

fn lesson(name: &str) -> Lesson {
    let text = Lesson::builtin(name).unwrap_or_else(|| panic!("no built-in lesson {name}"));
    Lesson::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_builtin_lesson_is_played_to_its_end_with_every_checkpoint_met() {
    for (name, _) in SEEDS {
        let played = lesson(name).play().unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = played.report(true);
        expect_file![format!("../lessons/{name}.transcript")].assert_eq(&report);
        assert!(played.all_met(), "{name}: a checkpoint is not met:\n{}", played.report(false));
    }
}

/// The words a typed line runs: prompts, `> ` continuation prompts and `sudo` dropped.
fn words(typed: &str) -> Vec<String> {
    let physical: Vec<&str> = typed.split('\n').map(strip_prompt).collect();
    split_words(&joined(&physical.join("\n"))).unwrap_or_else(|e| panic!("{typed}: {e}"))
}

/// The lines a session ran, as words.
fn lines_run(session: &Session, from: usize) -> Vec<Vec<String>> {
    let lines = session.transcript()[from..].iter().filter_map(|e| match &e.kind {
        ExchangeKind::Line(line) => Some(words(line)),
        _ => None,
    });
    lines.collect()
}

#[test]
fn each_builtin_lesson_plays_its_seed_script() {
    for (name, seed) in SEEDS {
        let lesson = lesson(name);
        let transcript = TRANSCRIPTS.iter().find(|t| t.name == *seed).unwrap();
        let scenario = transcript.scenario.map_or_else(Scenario::default, |s| {
            Scenario::parse(s).unwrap_or_else(|e| panic!("{seed}.scenario: {e}"))
        });
        assert_eq!(lesson.scenario().unwrap(), scenario, "{name}: not {seed}'s swarm");
        assert_eq!(lesson.setup.seed, TRANSCRIPT_SEED, "{name}");
        let played = lesson.play().unwrap();
        let seed_session = transcript.session();
        assert_eq!(
            lines_run(&played.session, played.setup_len),
            lines_run(&seed_session, 0),
            "{name} does not run {seed}.script's lines in its order"
        );
        // Same lines, same seed, same swarm: the same swarm at the end.
        assert_eq!(played.session.snapshot(), seed_session.snapshot(), "{name}");
    }
}

#[test]
fn every_lesson_file_is_builtin_and_has_a_golden() {
    let mut builtin: Vec<String> = Lesson::builtin_names().map(String::from).collect();
    builtin.sort();
    assert_eq!(files_in("../crates/shell/lessons", "json"), builtin);
    let mut tested: Vec<String> = SEEDS.iter().map(|(name, _)| name.to_string()).collect();
    tested.sort();
    assert_eq!(builtin, tested);
    assert_eq!(files_in("lessons", "transcript"), tested);
}
