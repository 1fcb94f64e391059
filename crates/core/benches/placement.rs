//! Placement: creating a replicated service of N tasks on M nodes, allocating them and one
//! scheduling pass (`handle_command` through `advance_to` 60 ms), all tasks ASSIGNED.

use std::fmt;

use divan::Bencher;
use swarm_core::TaskState;

mod common;

fn main() {
    divan::main();
}

/// N tasks on M nodes.
#[derive(Debug, Clone, Copy)]
struct Case {
    tasks: u32,
    nodes: usize,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}k tasks on {} nodes", self.tasks / 1000, self.nodes)
    }
}

const CASES: [Case; 4] = [
    Case { tasks: 1_000, nodes: 100 },
    Case { tasks: 10_000, nodes: 100 },
    Case { tasks: 10_000, nodes: 1_000 },
    Case { tasks: 100_000, nodes: 1_000 },
];

/// One cluster per sample (`sample_size = 1`): the input is a fresh cluster and the output,
/// dropped outside the timing, holds every task. 25 samples bound the 100k case to seconds.
#[divan::bench(args = CASES, sample_count = 25, sample_size = 1)]
fn place(bencher: Bencher, case: Case) {
    // Untimed check that the set-up does what it says: every task placed by the one pass.
    let mut cluster = common::big_cluster(case.nodes);
    common::create_web(&mut cluster, case.tasks);
    common::advance(&mut cluster, common::PAST_FIRST_PASS);
    let (assigned, all) = common::count_in(&cluster, TaskState::Assigned);
    assert_eq!((assigned, all), (case.tasks as usize, case.tasks as usize), "all assigned");
    drop(cluster);

    bencher.with_inputs(|| common::big_cluster(case.nodes)).bench_local_values(|mut cluster| {
        common::create_web(&mut cluster, case.tasks);
        common::advance(&mut cluster, common::PAST_FIRST_PASS);
        cluster
    });
}
