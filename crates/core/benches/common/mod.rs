//! Shared set-up for the core benchmarks: clusters of big nodes and the driving helpers.

// Each bench target compiles this module and uses only part of it.
#![allow(dead_code)]

use swarm_core::{
    Cluster, Command, Config, Resources, ServiceSpec, SimTime, TaskState, advance_to,
};

/// Any seed will do; a fixed one makes every run place the same tasks on the same nodes.
pub const SEED: u64 = 42;

/// The scheduler runs `COMMIT_DEBOUNCE` (50 ms) after the commit that created the tasks;
/// advancing to 60 ms takes the cluster just past that pass, before any agent step (the
/// earliest is 100 ms after assignment).
pub const PAST_FIRST_PASS: SimTime = SimTime::from_millis(60);

/// A cluster of `nodes` nodes (one manager, the rest workers), each big enough for every task
/// the benchmarks place: 64 CPUs and 256 GiB.
pub fn big_cluster(nodes: usize) -> Cluster {
    let nodes =
        Config::numbered(nodes, Resources { nano_cpus: 64_000_000_000, memory_bytes: 256 << 30 })
            .nodes;
    Cluster::new(Config { nodes }, SEED)
}

/// `docker service create --replicas <replicas> --name web nginx` at time zero.
pub fn create_web(cluster: &mut Cluster, replicas: u32) {
    let spec = ServiceSpec::replicated("web", "nginx", replicas);
    cluster.handle_command(SimTime::ZERO, Command::CreateService(spec)).expect("service created");
}

/// Advances to `until`, dropping the events (the page consumes them; their cost is the
/// core's).
pub fn advance(cluster: &mut Cluster, until: SimTime) {
    advance_to(cluster, until, &mut |_| {});
}

/// How many tasks the snapshot shows in `state`, and how many tasks in all.
pub fn count_in(cluster: &Cluster, state: TaskState) -> (usize, usize) {
    let snapshot = cluster.snapshot();
    let matching = snapshot.tasks.iter().filter(|t| t.state == state).count();
    (matching, snapshot.tasks.len())
}
