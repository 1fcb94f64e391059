//! Rolling updates: a replicated service of 10k tasks on 1k nodes, already running, updated to
//! another image at parallelism 1, 100 and 0 (all at once), from the update to `completed`.
//!
//! Natively divan runs it (`cargo bench -p swarm-core --bench update`). In wasm, divan does
//! not build, so the same routine runs under wasm-bindgen-test's bench harness in Node
//! (`cargo xtask bench-wasm`).

use swarm_core::{Cluster, Command, SimTime, TaskState, UpdateState};

mod common;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    divan::main();
}

// wasm-bindgen-test-runner calls the exported `#[wasm_bindgen_bench]` functions, not `main`.
#[cfg(target_arch = "wasm32")]
fn main() {}

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

/// Untimed check: every task runs the new image once the update has completed.
fn check_every_slot_updated(base: &Cluster, parallelism: u64) {
    let (done, _) = update(base.clone(), parallelism);
    let snapshot = done.snapshot();
    let updated = snapshot
        .tasks
        .iter()
        .filter(|t| t.state == TaskState::Running && t.image == "nginx:1.25")
        .count();
    assert_eq!(updated, TASKS as usize, "every slot updated");
}

#[cfg(not(target_arch = "wasm32"))]
#[divan::bench(args = [100, 0, 1], sample_count = 3, sample_size = 1)]
fn update_10k_tasks_on_1k_nodes(bencher: divan::Bencher, parallelism: u64) {
    let base = converged();
    check_every_slot_updated(&base, parallelism);
    bencher.with_inputs(|| base.clone()).bench_local_values(|cluster| update(cluster, parallelism));
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen_test::{Criterion, Instant, wasm_bindgen_bench};

    use super::*;

    /// Times `update` alone: the clone of the converged cluster happens before the clock
    /// starts, and the result is dropped after it stops.
    fn bench(c: &mut Criterion, parallelism: u64) {
        let base = converged();
        check_every_slot_updated(&base, parallelism);
        // Ten samples (Criterion's minimum) of one update each: a sample takes a second or more.
        *c = std::mem::take(c)
            .sample_size(10)
            .warm_up_time(std::time::Duration::from_millis(1))
            .measurement_time(std::time::Duration::from_secs(1));
        c.bench_function(&format!("update_10k_tasks_on_1k_nodes/{parallelism}"), |b| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let cluster = base.clone();
                    let start = Instant::now();
                    let done = update(cluster, parallelism);
                    total += start.elapsed();
                    drop(done);
                }
                total
            })
        });
    }

    #[wasm_bindgen_bench]
    fn parallelism_100(c: &mut Criterion) {
        bench(c, 100);
    }

    #[wasm_bindgen_bench]
    fn parallelism_0(c: &mut Criterion) {
        bench(c, 0);
    }

    #[wasm_bindgen_bench]
    fn parallelism_1(c: &mut Criterion) {
        bench(c, 1);
    }
}
