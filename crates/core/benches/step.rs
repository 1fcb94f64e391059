//! Per-frame cost on a small cluster (3 lab nodes, 4 nginx replicas created at time zero):
//! one minute of simulated time driven in 100 ms `advance_to` steps, as the page's clock does.

use divan::Bencher;
use divan::counter::ItemsCount;
use swarm_core::{Cluster, Config, SimTime, TaskState};

mod common;

fn main() {
    divan::main();
}

const FRAME_MS: u64 = 100;
/// One minute of frames.
const FRAMES: u64 = 60_000 / FRAME_MS;

fn lab_with_web() -> Cluster {
    let mut cluster = Cluster::new(Config::default(), common::SEED);
    common::create_web(&mut cluster, 4);
    cluster
}

fn frame(n: u64) -> SimTime {
    SimTime::from_millis(n * FRAME_MS)
}

/// The 600 frames of the minute in one sample; divan's items/s is frames per second.
#[divan::bench]
fn one_minute_in_100ms_frames(bencher: Bencher) {
    let mut cluster = lab_with_web();
    (1..=FRAMES).for_each(|n| common::advance(&mut cluster, frame(n)));
    assert_eq!(common::count_in(&cluster, TaskState::Running), (4, 4), "all running");

    bencher.counter(ItemsCount::new(FRAMES)).with_inputs(lab_with_web).bench_local_values(
        |mut cluster| {
            for n in 1..=FRAMES {
                common::advance(&mut cluster, frame(n));
            }
            cluster
        },
    );
}

/// The same, plus the `snapshot()` the page renders from after every frame.
#[divan::bench]
fn one_minute_in_100ms_frames_with_snapshot(bencher: Bencher) {
    bencher.counter(ItemsCount::new(FRAMES)).with_inputs(lab_with_web).bench_local_values(
        |mut cluster| {
            for n in 1..=FRAMES {
                common::advance(&mut cluster, frame(n));
                divan::black_box(cluster.snapshot());
            }
            cluster
        },
    );
}
