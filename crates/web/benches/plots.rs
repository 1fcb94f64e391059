//! The plots' work at the scale the page must stay instant at: 1k nodes and 10k tasks (one
//! replicated service) in a session, converged and then during a rolling update of 100 tasks at
//! a time. `follow` is what the page does per frame with new events (its cost includes the copy
//! the page's copy-on-write makes); `of_events` what it does after a seek back; `step_line`
//! what drawing one line costs.

use std::rc::Rc;

use divan::Bencher;
use swarm_core::{Config, Resources, SimTime};
use swarm_shell::{Cursor, Scenario, Session};
use swarm_web::plots::{Frame, PlotModel, follow, step_line};

fn main() {
    divan::main();
}

const NODES: usize = 1_000;

/// 10k tasks converged at 60 s; with `updating`, an update 100 tasks at a time begun at 60 s.
fn session(updating: bool) -> Session {
    let nodes =
        Config::numbered(NODES, Resources { nano_cpus: 64_000_000_000, memory_bytes: 256 << 30 })
            .nodes;
    let scenario = Scenario { config: Config { nodes }, ..Scenario::default() };
    let mut session = Session::new(scenario, 42);
    session.type_text("docker service create -d --name web --replicas 10000 nginx").unwrap();
    session.advance_to(SimTime::from_secs(60));
    if updating {
        let line = "docker service update -d --update-parallelism 100 --image nginx:1.25 web";
        session.type_text(line).unwrap();
        session.advance_to(SimTime::from_secs(63));
    }
    session
}

/// The page's frame at 60 fps and 4× speed: 67 ms of simulated time, its events read into
/// plots another state still shares.
#[divan::bench(sample_count = 20)]
fn follow_a_frame_of_an_update_at_10k_tasks(bencher: Bencher) {
    let mut session = session(true);
    let mut plots = Rc::new(PlotModel::default());
    let mut cursor = Cursor::default();
    follow(&mut plots, &session, &mut cursor);
    let mut at = session.now();
    bencher.bench_local(|| {
        at = SimTime::from_millis(at.as_millis() + 67);
        session.advance_to(at);
        let shared = Rc::clone(&plots);
        let changed = follow(&mut plots, &session, &mut cursor);
        drop(shared);
        changed
    });
}

#[divan::bench(sample_count = 10)]
fn rebuild_after_a_seek_at_10k_tasks(bencher: Bencher) {
    let session = session(true);
    let events = session.events();
    bencher.bench_local(|| PlotModel::of_events(events));
}

#[divan::bench(sample_count = 20)]
fn draw_a_line_at_10k_tasks(bencher: Bencher) {
    let session = session(true);
    let plots = PlotModel::of_events(session.events());
    let web = plots.service("web").expect("web");
    let frame = Frame { now: session.now(), width: 320.0, height: 110.0, top: 10_000 };
    bencher.bench_local(|| step_line(web.points(), |p| p.running, &frame));
}

/// The copy a frame's copy-on-write makes while the previous state still holds the plots.
#[divan::bench(sample_count = 20)]
fn copy_the_plots_at_10k_tasks(bencher: Bencher) {
    let session = session(true);
    let plots = PlotModel::of_events(session.events());
    bencher.bench_local(|| plots.clone());
}
