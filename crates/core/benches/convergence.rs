//! Convergence: a replicated service of 10k tasks on 1k nodes, from creation to every task
//! RUNNING (`advance_to` 60 s of simulated time; the last task runs at about 4 s).

use divan::Bencher;
use swarm_core::{SimTime, TaskState};

mod common;

fn main() {
    divan::main();
}

const TASKS: u32 = 10_000;
const NODES: usize = 1_000;
const UNTIL: SimTime = SimTime::from_secs(60);

/// One cluster per sample; 10 samples keep the run to a few seconds.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn converge_10k_tasks_on_1k_nodes(bencher: Bencher) {
    // Untimed check, on the same seed as every timed run: all 10k tasks RUNNING at 60 s.
    let mut cluster = common::big_cluster(NODES);
    common::create_web(&mut cluster, TASKS);
    common::advance(&mut cluster, UNTIL);
    let (running, all) = common::count_in(&cluster, TaskState::Running);
    assert_eq!((running, all), (TASKS as usize, TASKS as usize), "all running");
    drop(cluster);

    bencher.with_inputs(|| common::big_cluster(NODES)).bench_local_values(|mut cluster| {
        common::create_web(&mut cluster, TASKS);
        common::advance(&mut cluster, UNTIL);
        cluster
    });
}
