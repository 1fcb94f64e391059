//! The scenario and transcript goldens again, compiled to wasm32 and run in Node and headless
//! Chromium.
//!
//! The goldens are the very files the native run checks, so this proves the simulation is
//! byte-identical across platforms.
#![cfg(target_arch = "wasm32")]

use swarm_tests::{SCENARIOS, run_script};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn scenarios_match_their_goldens_in_wasm() {
    for scenario in SCENARIOS {
        let transcript = run_script(scenario.script)
            .unwrap_or_else(|err| panic!("scenario {}: {err}", scenario.name));
        assert_eq!(transcript, scenario.golden, "scenario {} differs in wasm", scenario.name);
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
