//! Time travel: a 30-minute session on 100 nodes with 1 000 tasks, a rolling update and a node
//! failure, played as the page plays it (a frame every 100 ms of simulated time); then going
//! from its end back to moments all along it, as a timeline slider does.
//!
//! Natively divan runs it (`cargo bench -p swarm-shell --bench time_travel`), and a counting
//! allocator measures what the session holds. In wasm, divan does not build, so the same
//! routine runs under wasm-bindgen-test's bench harness in Node (`cargo xtask bench-wasm`).

use swarm_core::{Config, NodeRole, NodeSpec, Resources, SimDuration, SimTime};
use swarm_shell::{Scenario, Session};

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let session = session();
    let held = allocated::held_by(|| session.clone());
    let cluster = allocated::held_by(|| session.cluster().clone());
    let (nodes, tasks) = session.cluster().size();
    println!(
        "time_travel: a 30-minute session of {} journal entries, {} events, {} checkpoints: {:.1} MB held; its cluster ({nodes} nodes, {tasks} tasks) {:.2} MB",
        session.journal().len(),
        session.events().len(),
        session.checkpoint_count(),
        held as f64 / 1e6,
        cluster as f64 / 1e6,
    );
    divan::main();
}

// wasm-bindgen-test-runner calls the exported `#[wasm_bindgen_bench]` functions, not `main`.
#[cfg(target_arch = "wasm32")]
fn main() {}

const NODES: usize = 100;
const TASKS: u32 = 1_000;
const MINUTES: u64 = 30;
/// The page's frames at this bench's pace: 100 ms of simulated time each.
const FRAME: SimDuration = SimDuration::from_millis(100);

/// The moments the slider goes to: every 90 s of the session, from its end.
fn moments() -> Vec<SimTime> {
    (0..MINUTES * 60 / 90).map(|i| SimTime::from_secs(i * 90 + 45)).collect()
}

/// 100 nodes (three managers), `docker service create --replicas 1000` at once, a rolling
/// update at 5 min (`--update-parallelism 10 --update-delay 5s`), worker node50 powered off
/// at 12 min; 30 minutes in frames.
fn session() -> Session {
    let nodes = (0..NODES)
        .map(|i| {
            let role = if i < 3 { NodeRole::Manager } else { NodeRole::Worker };
            NodeSpec {
                resources: Resources { nano_cpus: 16_000_000_000, memory_bytes: 64 << 30 },
                ..Config::lab_node(&format!("node{i}"), role)
            }
        })
        .collect();
    let scenario = Scenario { config: Config { nodes }, ..Scenario::default() };
    let mut session = Session::new(scenario, 42);
    let script = [
        (0, format!("docker service create -d --name web --replicas {TASKS} nginx:1.24")),
        (300, "docker service update -d --update-parallelism 10 --update-delay 5s --image nginx:1.25 web".into()),
        (720, "sim node kill node50".into()),
    ];
    let mut lines = script.iter().peekable();
    let end = SimTime::from_secs(MINUTES * 60);
    while session.now() < end {
        while let Some((_, line)) =
            lines.next_if(|(at, _)| SimTime::from_secs(*at) <= session.now())
        {
            session.type_text(line).expect("typed");
        }
        session.advance_to(session.now() + FRAME);
    }
    assert!(session.snapshot().tasks.iter().any(|t| t.image == "nginx:1.25"), "the update ran");
    session
}

#[cfg(not(target_arch = "wasm32"))]
mod allocated {
    //! What a value holds on the heap, counted by `stats_alloc` around the system allocator.
    use std::alloc::System;

    use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

    #[global_allocator]
    static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

    /// The heap bytes a value made by `make` holds (a deep copy, measured as it is made).
    pub fn held_by<T>(make: impl FnOnce() -> T) -> usize {
        let region = Region::new(GLOBAL);
        let value = make();
        let change = region.change();
        drop(value);
        let held = change.bytes_allocated as isize - change.bytes_deallocated as isize
            + change.bytes_reallocated;
        held.max(0) as usize
    }
}

/// The session played live, frame by frame: what the page pays over the 30 minutes.
#[cfg(not(target_arch = "wasm32"))]
#[divan::bench(sample_count = 3, sample_size = 1)]
fn play_30_minutes() -> Session {
    session()
}

#[cfg(not(target_arch = "wasm32"))]
#[divan::bench(sample_count = 5, sample_size = 1)]
fn seek_back_from_the_end(bencher: divan::Bencher) {
    let session = session();
    // Untimed check: going back shows the moment, and the end comes back the same.
    let mut check = session.clone();
    check.seek(SimTime::from_secs(600));
    assert_eq!(check.now(), SimTime::from_secs(600));
    check.seek(session.head());
    assert_eq!(check.snapshot(), session.snapshot());
    // One sample: from the end to each moment in turn (each seek starts at the end).
    bencher.with_inputs(|| session.clone()).bench_local_values(|mut session| {
        for at in moments() {
            session.seek(session.head());
            session.seek(at);
        }
        session
    });
}

#[cfg(not(target_arch = "wasm32"))]
#[divan::bench(args = [45, 405, 765, 1125, 1755], sample_count = 5, sample_size = 1)]
fn seek_to(bencher: divan::Bencher, second: u64) {
    let session = session();
    bencher.with_inputs(|| session.clone()).bench_local_values(|mut session| {
        session.seek(SimTime::from_secs(second));
        session
    });
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen_test::{Criterion, Instant, wasm_bindgen_bench};

    use super::*;

    /// Times one seek from the end to `second`: the copy of the session happens before the
    /// clock starts.
    fn bench(c: &mut Criterion, session: &Session, second: u64) {
        *c = std::mem::take(c)
            .sample_size(10)
            .warm_up_time(std::time::Duration::from_millis(1))
            .measurement_time(std::time::Duration::from_secs(1));
        c.bench_function(&format!("seek_to/{second}"), |b| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let mut copy = session.clone();
                    let start = Instant::now();
                    copy.seek(SimTime::from_secs(second));
                    total += start.elapsed();
                    drop(copy);
                }
                total
            })
        });
    }

    #[wasm_bindgen_bench]
    fn seek_to_each_moment(c: &mut Criterion) {
        let session = session();
        for second in [45, 405, 765, 1125, 1755] {
            bench(c, &session, second);
        }
    }
}
