//! Story goldens: each story in `tests/stories/` against its trace.
//!
//! Bless changed traces with `UPDATE_EXPECT=1 cargo test -p swarm-tests --test stories`.

use expect_test::expect_file;
use swarm_tests::{STORIES, files_in, run_story};

#[test]
fn stories_match_their_goldens() {
    for story in STORIES {
        let trace =
            run_story(story.script).unwrap_or_else(|err| panic!("story {}: {err}", story.name));
        expect_file![format!("../stories/{}.trace", story.name)].assert_eq(&trace);
    }
}

#[test]
fn every_story_file_is_listed() {
    let mut listed: Vec<String> = STORIES.iter().map(|s| s.name.to_string()).collect();
    listed.sort();
    assert_eq!(files_in("stories", "story"), listed, "tests/stories and STORIES differ");
}

#[test]
fn same_seed_same_trace() {
    for story in STORIES {
        let first = run_story(story.script).expect("story runs");
        let second = run_story(story.script).expect("story runs");
        assert_eq!(first, second, "story {} is not deterministic", story.name);
    }
}

#[test]
fn other_seed_other_ids() {
    let script = STORIES.iter().find(|s| s.name == "skeleton").expect("skeleton story").script;
    let reseeded = script.replacen("seed 1", "seed 2", 1);
    assert_ne!(script, reseeded, "the skeleton story sets its seed");
    assert_ne!(run_story(script).unwrap(), run_story(&reseeded).unwrap());
}

#[test]
fn bad_scripts_say_which_line() {
    assert_eq!(
        run_story("at 0s frobnicate").unwrap_err(),
        "line 1: unknown command: at 0s frobnicate"
    );
    assert_eq!(
        run_story("run-until 5\n").unwrap_err(),
        "line 1: time: missing unit in duration \"5\": run-until 5"
    );
    assert_eq!(
        run_story("at 0s task-defaults").unwrap_err(),
        "line 1: task-defaults needs log-driver=NAME (or none): at 0s task-defaults"
    );
    assert_eq!(
        run_story("at 0s create web nginx log-opt=max-size=1m").unwrap_err(),
        "line 1: log-opt needs a log-driver=NAME on the same line: at 0s create web nginx log-opt=max-size=1m"
    );
}
