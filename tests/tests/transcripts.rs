//! Transcript goldens: each `swarm run` script in `tests/transcripts/` against what it prints,
//! and the script `sim export --replay` makes of its session, played back to the same bytes.
//!
//! Bless changed transcripts with `UPDATE_EXPECT=1 cargo test -p swarm-tests --test transcripts`.

use expect_test::expect_file;
use swarm_tests::transcripts::TRANSCRIPTS;

#[test]
fn transcripts_match_their_goldens() {
    for transcript in TRANSCRIPTS {
        let text = transcript.run();
        expect_file![format!("../transcripts/{}.transcript", transcript.name)].assert_eq(&text);
    }
}

#[test]
fn same_seed_same_transcript() {
    for transcript in TRANSCRIPTS {
        assert_eq!(transcript.run(), transcript.run(), "{} is not deterministic", transcript.name);
    }
}

#[test]
fn replayed_exports_match_the_goldens() {
    for transcript in TRANSCRIPTS {
        assert_eq!(
            transcript.replay(),
            transcript.golden,
            "`sim export --replay` of {} played back differently",
            transcript.name
        );
    }
}

#[test]
fn every_transcript_file_is_listed() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("tests/transcripts")
        .map(|entry| entry.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".script").map(String::from))
        .collect();
    files.sort();
    let mut listed: Vec<String> = TRANSCRIPTS.iter().map(|t| t.name.to_string()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "tests/transcripts and TRANSCRIPTS in tests/src/transcripts.rs differ"
    );
}
