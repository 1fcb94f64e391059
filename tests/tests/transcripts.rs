//! Transcript goldens: each `swarm run` script in `tests/transcripts/` against what it prints,
//! and the script `sim export --replay` makes of its session, played back to the same bytes.
//!
//! Bless changed transcripts with `UPDATE_EXPECT=1 cargo test -p swarm-tests --test transcripts`.

use expect_test::expect_file;
use swarm_tests::files_in;
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
    let mut listed: Vec<String> = TRANSCRIPTS.iter().map(|t| t.name.to_string()).collect();
    listed.sort();
    assert_eq!(
        files_in("transcripts", "script"),
        listed,
        "tests/transcripts and TRANSCRIPTS differ"
    );
}
