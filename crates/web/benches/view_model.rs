//! The page's work per new snapshot at the scale the page must stay instant at: 1k nodes and
//! 10k running tasks (one replicated service), with and without a rolling update under way.
//! `Cluster::snapshot` is what the page takes after an event; `ClusterVm::of` turns it into what
//! the components show (Yew's diff of the components comes after, in the browser). The page
//! itself now follows events with `LiveView`: the last bench is its work for one frame of a
//! rolling update, to set against the two above.

use divan::Bencher;
use swarm_core::{
    Cluster, Command, Config, Resources, ServiceSpec, SimDuration, SimTime, Snapshot, advance_to,
};
use swarm_shell::EventRecord;
use swarm_web::live_view::LiveView;
use swarm_web::view_model::ClusterVm;

fn main() {
    divan::main();
}

const TASKS: u32 = 10_000;
const NODES: usize = 1_000;

/// 1k nodes big enough for every task, and the service converged at 60 s; with `updating`,
/// also `--update-parallelism 100 --image nginx:1.25` and 3 s of it.
fn cluster(updating: bool) -> Cluster {
    let nodes =
        Config::numbered(NODES, Resources { nano_cpus: 64_000_000_000, memory_bytes: 256 << 30 })
            .nodes;
    let mut cluster = Cluster::new(Config { nodes }, 42);
    let spec = ServiceSpec::replicated("web", "nginx", TASKS);
    cluster.handle_command(SimTime::ZERO, Command::CreateService(spec.clone())).expect("created");
    advance_to(&mut cluster, SimTime::from_secs(60), &mut |_| {});
    if updating {
        let service = cluster.snapshot().services[0].id;
        let mut next = spec;
        next.image = "nginx:1.25".into();
        next.update.parallelism = 100;
        let at = cluster.now();
        cluster.handle_command(at, Command::UpdateService { service, spec: next }).expect("ok");
        advance_to(&mut cluster, SimTime::from_secs(63), &mut |_| {});
    }
    cluster
}

fn check(snapshot: &Snapshot, updating: bool) {
    let vm = ClusterVm::of(snapshot);
    let chips: usize = vm.nodes.iter().map(|n| n.chips.len()).sum();
    assert_eq!(vm.nodes.len(), NODES);
    assert!(chips >= TASKS as usize, "every task has a chip: {chips}");
    assert_eq!(vm.services[0].update.as_ref().and_then(|u| u.detail.clone()).is_some(), updating);
}

#[divan::bench(args = [false, true], sample_count = 20)]
fn snapshot_10k_tasks_on_1k_nodes(bencher: Bencher, updating: bool) {
    let cluster = cluster(updating);
    check(&cluster.snapshot(), updating);
    bencher.bench_local(|| cluster.snapshot());
}

#[divan::bench(args = [false, true], sample_count = 20)]
fn view_model_10k_tasks_on_1k_nodes(bencher: Bencher, updating: bool) {
    let snapshot = cluster(updating).snapshot();
    check(&snapshot, updating);
    bencher.bench_local(|| ClusterVm::of(&snapshot));
}

/// One frame of the rolling update (250 ms of it, a frame at 15× speed: 214 events) as the page
/// follows it: the events of the frame, then `LiveView::follow`, which is all that is timed.
#[divan::bench(sample_count = 20)]
fn live_view_frame_of_an_update_10k_tasks_on_1k_nodes(bencher: Bencher) {
    let cluster = cluster(true);
    let view = LiveView::new(&cluster, false);
    bencher
        .with_inputs(|| {
            let mut cluster = cluster.clone();
            let mut events = Vec::new();
            let until = cluster.now() + SimDuration::from_millis(250);
            advance_to(&mut cluster, until, &mut |event| {
                events.push(EventRecord {
                    serial: events.len() as u64,
                    at: event.at(),
                    event,
                    text: String::new(),
                    service: None,
                    task: None,
                    node: None,
                })
            });
            assert!(!events.is_empty(), "the update moves in every frame");
            (cluster, view.clone(), events)
        })
        // Everything is handed back, so that dropping a copy of the cluster is not timed.
        .bench_local_values(|(cluster, mut view, events)| {
            view.follow(&cluster, &events);
            (cluster, view, events)
        });
}
