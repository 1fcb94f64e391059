//! Transcript goldens: each `swarm run` script in `tests/transcripts/` against what it prints.
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
