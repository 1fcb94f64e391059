//! The page's state: the simulated cluster, its latest snapshot and the clock, as a reducer.
//!
//! Actions only feed the core inputs (time, commands) and read back its outputs; no
//! orchestration is decided here. Equality is by `version`, bumped whenever something a view
//! shows has changed; the page holds this in `use_reducer_eq`, so Yew re-renders exactly then.

use std::cell::RefCell;
use std::rc::Rc;

use swarm_core::{Cluster, Command, Config, ServiceSpec, SimTime, Snapshot, advance_to};
use yew::prelude::*;

use crate::clock::SimClock;

/// The seed the page starts from, so every visitor sees the same story.
pub const DEFAULT_SEED: u64 = 1;

/// What the page can ask of the simulation.
#[derive(Debug, Clone, PartialEq)]
pub enum SimAction {
    /// An animation frame at this wall-clock time (milliseconds, the frame's timestamp).
    Frame(f64),
    /// Play or pause simulated time.
    TogglePause,
    /// Simulated milliseconds per wall-clock millisecond.
    SetSpeed(f64),
    /// Start the scenario over from time zero with the same seed.
    Restart,
    /// A command for the cluster, applied at the current simulated time.
    Command(Box<Command>),
    /// Dismiss the last command error.
    DismissError,
}

#[derive(Debug)]
pub struct SimState {
    cluster: Rc<RefCell<Cluster>>,
    pub snapshot: Rc<Snapshot>,
    pub clock: SimClock,
    pub seed: u64,
    /// The last rejected command's error, in docker's words, until dismissed.
    pub error: Option<String>,
    version: u64,
}

impl PartialEq for SimState {
    fn eq(&self, other: &SimState) -> bool {
        self.version == other.version
    }
}

impl SimState {
    /// The opening scenario: the tutorials' three-node lab and `web`, 4 replicas of nginx.
    pub fn new(seed: u64) -> SimState {
        let mut cluster = Cluster::new(Config::default(), seed);
        let spec = ServiceSpec::replicated("web", "nginx:latest", 4);
        cluster
            .handle_command(SimTime::ZERO, Command::CreateService(spec))
            .expect("the opening service is valid");
        while cluster.poll_event().is_some() {}
        let snapshot = Rc::new(cluster.snapshot());
        SimState {
            cluster: Rc::new(RefCell::new(cluster)),
            snapshot,
            clock: SimClock::default(),
            seed,
            error: None,
            version: 0,
        }
    }

    /// The version views compare; it moves whenever anything shown changes.
    pub fn version(&self) -> u64 {
        self.version
    }
}

impl SimAction {
    /// `SimAction::Command` of `command`.
    pub fn command(command: Command) -> SimAction {
        SimAction::Command(Box::new(command))
    }
}

impl Default for SimState {
    fn default() -> SimState {
        SimState::new(DEFAULT_SEED)
    }
}

impl Reducible for SimState {
    type Action = SimAction;

    fn reduce(self: Rc<Self>, action: SimAction) -> Rc<Self> {
        let mut clock = self.clock.clone();
        let mut snapshot = Rc::clone(&self.snapshot);
        let mut error = self.error.clone();
        match action {
            SimAction::Frame(wall_ms) => {
                clock.tick(wall_ms);
                let mut cluster = self.cluster.borrow_mut();
                let target = clock.now();
                if target > cluster.now() {
                    let mut changed = false;
                    advance_to(&mut cluster, target, &mut |_| changed = true);
                    // The "N seconds ago" texts move with whole seconds even when nothing happens.
                    let second_turned =
                        target.as_millis() / 1000 != snapshot.now.as_millis() / 1000;
                    if changed || second_turned {
                        snapshot = Rc::new(cluster.snapshot());
                    }
                }
                if clock.now() == self.clock.now() && Rc::ptr_eq(&snapshot, &self.snapshot) {
                    // Only the wall-clock anchor moved: keep it, but show nothing new
                    // (`use_reducer_eq` compares versions, so this does not re-render).
                    return Rc::new(SimState {
                        cluster: Rc::clone(&self.cluster),
                        snapshot,
                        clock,
                        seed: self.seed,
                        error,
                        version: self.version,
                    });
                }
            }
            SimAction::TogglePause => clock.set_paused(!clock.is_paused()),
            SimAction::SetSpeed(speed) => clock.set_speed(speed),
            SimAction::Command(command) => {
                let mut cluster = self.cluster.borrow_mut();
                let now = cluster.now();
                match cluster.handle_command(now, *command) {
                    Ok(()) => error = None,
                    Err(err) => error = Some(format!("Error response from daemon: {err}")),
                }
                while cluster.poll_event().is_some() {}
                snapshot = Rc::new(cluster.snapshot());
            }
            SimAction::DismissError => error = None,
            SimAction::Restart => {
                let mut fresh = SimState::new(self.seed);
                fresh.clock.set_speed(self.clock.speed());
                fresh.version = self.version + 1;
                return Rc::new(fresh);
            }
        }
        Rc::new(SimState {
            cluster: Rc::clone(&self.cluster),
            snapshot,
            clock,
            seed: self.seed,
            error,
            version: self.version + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_core::TaskState;

    fn run_frames(mut state: Rc<SimState>, frames: u32, frame_ms: f64) -> Rc<SimState> {
        for i in 0..=frames {
            state = state.reduce(SimAction::Frame(f64::from(i) * frame_ms));
        }
        state
    }

    fn running(state: &SimState) -> usize {
        state.snapshot.tasks.iter().filter(|t| t.state == TaskState::Running).count()
    }

    #[test]
    fn frames_drive_all_four_tasks_to_running() {
        let start = Rc::new(SimState::default());
        assert_eq!(running(&start), 0);
        let later = run_frames(start, 10 * 60, 1000.0 / 60.0);
        assert_eq!(running(&later), 4);
        assert!(later.clock.now() >= SimTime::from_millis(9_900));
    }

    #[test]
    fn paused_frames_change_nothing() {
        let state = run_frames(Rc::new(SimState::default()), 30, 16.0);
        let paused = state.reduce(SimAction::TogglePause);
        let version = paused.version();
        let now = paused.clock.now();
        let after = paused.reduce(SimAction::Frame(5_000.0)).reduce(SimAction::Frame(5_016.0));
        assert_eq!(after.clock.now(), now);
        assert_eq!(after.version(), version, "nothing to re-render while paused");
    }

    #[test]
    fn commands_apply_and_errors_are_kept_until_dismissed() {
        let state = run_frames(Rc::new(SimState::default()), 60, 100.0);
        let web = state.snapshot.services[0].id;
        let scaled =
            state.reduce(SimAction::command(Command::ScaleService { service: web, replicas: 6 }));
        assert_eq!(scaled.snapshot.services[0].replicas_desired, 6);
        assert_eq!(scaled.error, None);

        let worker1 = scaled.snapshot.nodes[1].id;
        let off = scaled.reduce(SimAction::command(Command::PowerOffNode(worker1)));
        let again = off.reduce(SimAction::command(Command::PowerOffNode(worker1)));
        assert_eq!(
            again.error.as_deref(),
            Some("Error response from daemon: node worker1 is already powered off")
        );
        assert_eq!(again.reduce(SimAction::DismissError).error, None);
    }

    #[test]
    fn restart_goes_back_to_time_zero() {
        let state = run_frames(Rc::new(SimState::default()), 60, 100.0);
        assert!(running(&state) > 0);
        let restarted = state.reduce(SimAction::Restart);
        assert_eq!(restarted.clock.now(), SimTime::ZERO);
        assert_eq!(running(&restarted), 0);
    }
}
