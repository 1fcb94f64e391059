//! The story, transcript and lesson goldens again, compiled to wasm32 and run in Node and
//! headless Chromium; and each transcript's `sim export --replay` played back.
//!
//! The goldens are the very files the native run checks, so this proves the simulation is
//! byte-identical across platforms.
#![cfg(target_arch = "wasm32")]

use swarm_shell::Lesson;
use swarm_tests::{STORIES, run_story};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn stories_match_their_goldens_in_wasm() {
    for story in STORIES {
        let trace =
            run_story(story.script).unwrap_or_else(|err| panic!("story {}: {err}", story.name));
        assert_eq!(trace, story.golden, "story {} differs in wasm", story.name);
    }
}

#[wasm_bindgen_test]
fn transcripts_match_their_goldens_in_wasm() {
    for transcript in swarm_tests::transcripts::TRANSCRIPTS {
        assert_eq!(
            transcript.run(),
            transcript.golden,
            "transcript {} differs in wasm",
            transcript.name
        );
    }
}

#[wasm_bindgen_test]
fn replayed_exports_match_the_goldens_in_wasm() {
    for transcript in swarm_tests::transcripts::TRANSCRIPTS {
        assert_eq!(
            transcript.replay(),
            transcript.golden,
            "the replay of transcript {} differs in wasm",
            transcript.name
        );
    }
}

macro_rules! lesson_golden {
    ($name:literal) => {
        ($name, include_str!(concat!("../lessons/", $name, ".transcript")))
    };
}

#[wasm_bindgen_test]
fn lessons_match_their_goldens_in_wasm() {
    let goldens = [
        lesson_golden!("myweb3-rolling-update"),
        lesson_golden!("swarm-tour"),
        lesson_golden!("ping-update-rollback"),
        lesson_golden!("rolling-update-options"),
        lesson_golden!("drain-and-failover"),
    ];
    for (name, golden) in goldens {
        let lesson = Lesson::parse(Lesson::builtin(name).unwrap()).unwrap();
        let played = lesson.play().unwrap();
        assert_eq!(played.report(true), golden, "lesson {name} differs in wasm");
    }
}
