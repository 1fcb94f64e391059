//! Rolling updates: a replicated service of 10k tasks on 1k nodes, already running, updated to
//! another image at parallelism 1, 100 and 0 (all at once), from the update to `completed`.

use divan::Bencher;
use swarm_core::{Cluster, Command, SimTime, TaskState, UpdateState};

mod common;

fn main() {
    divan::main();
}

const TASKS: u32 = 10_000;
const NODES: usize = 1_000;
const RUNNING_AT: SimTime = SimTime::from_secs(60);

/// The converged service, built once and cloned for every sample.
fn converged() -> Cluster {
    let mut cluster = common::big_cluster(NODES);
    common::create_web(&mut cluster, TASKS);
    common::advance(&mut cluster, RUNNING_AT);
    cluster
}

/// `docker service update --image nginx:1.25 --update-parallelism <parallelism> web`, then
/// simulated time until the update completes. Returns the cluster and how long it took.
fn update(mut cluster: Cluster, parallelism: u64) -> (Cluster, SimTime) {
    let service = cluster.snapshot().services[0].id;
    let mut spec = cluster.service_record(service).expect("web").spec.clone();
    spec.image = "nginx:1.25".into();
    spec.update.parallelism = parallelism;
    let now = cluster.now();
    cluster.handle_command(now, Command::UpdateService { service, spec }).expect("updated");
    loop {
        let state = cluster.service_record(service).and_then(|s| s.update_status.as_ref());
        if state.is_some_and(|s| s.state == UpdateState::Completed) {
            return (cluster, now);
        }
        let next = cluster.now() + swarm_core::SimDuration::from_secs(60);
        common::advance(&mut cluster, next);
    }
}

#[divan::bench(args = [100, 0, 1], sample_count = 3, sample_size = 1)]
fn update_10k_tasks_on_1k_nodes(bencher: Bencher, parallelism: u64) {
    let base = converged();
    // Untimed check: every task runs the new image once the update has completed.
    let (done, _) = update(base.clone(), parallelism);
    let snapshot = done.snapshot();
    let updated = snapshot
        .tasks
        .iter()
        .filter(|t| t.state == TaskState::Running && t.image == "nginx:1.25")
        .count();
    assert_eq!(updated, TASKS as usize, "every slot updated");
    drop(done);

    bencher.with_inputs(|| base.clone()).bench_local_values(|cluster| update(cluster, parallelism));
}
