//! The page's state: a shell on the simulated swarm, its latest snapshot, the terminal's
//! scrollback and the clock, as a reducer.
//!
//! Actions only feed the core inputs (time, typed lines, commands) and read back its outputs;
//! no orchestration is decided here. Equality is by `version`, bumped whenever something a view
//! shows has changed; the page holds this in `use_reducer_eq`, so Yew re-renders exactly then.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use swarm_core::cli::line::{Line, LineBuffer};
use swarm_core::cli::{Dialect, Output, Stream, Terminal};
use swarm_core::{Cluster, Command, Config, Snapshot};
use yew::prelude::*;

use crate::clock::SimClock;

/// The seed the page starts from, so every visitor sees the same story.
pub const DEFAULT_SEED: u64 = 1;

/// The command the page opens with: the tutorials' first step.
pub const OPENING_COMMAND: &str = "docker service create --name web --replicas 4 nginx:latest";

/// Entries the scrollback keeps; older ones scroll away.
pub const SCROLLBACK_MAX: usize = 200;

/// Lines typed ahead while a command runs; more are dropped, as a full input buffer would.
pub const TYPEAHEAD_MAX: usize = 100;

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
    /// A command for the cluster from the page's buttons, applied at the current time.
    Command(Box<Command>),
    /// Dismiss the last command error.
    DismissError,
    /// Text typed or pasted into the terminal: one or more lines, prompts and all.
    Type(String),
    /// Ctrl-C: stop waiting on the running command (the swarm carries on).
    Interrupt,
}

/// One command in the terminal's scrollback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub prompt: String,
    pub line: String,
    pub output: Vec<(Stream, String)>,
}

#[derive(Debug)]
pub struct SimState {
    terminal: Rc<RefCell<Terminal>>,
    /// Physical lines of a `\` continuation not yet complete.
    pending: Rc<RefCell<LineBuffer>>,
    /// Whole lines typed while a command was running.
    typeahead: Rc<RefCell<VecDeque<String>>>,
    pub snapshot: Rc<Snapshot>,
    pub clock: SimClock,
    pub seed: u64,
    /// The last rejected button command's error, in docker's words, until dismissed.
    pub error: Option<String>,
    /// The terminal's scrollback, oldest first.
    pub log: Rc<Vec<LogEntry>>,
    /// What the running command shows below its line (its progress display), if any.
    pub live: Rc<String>,
    /// The prompt of the next line: `manager1:~$ `, or `> ` inside a continuation.
    pub prompt: Rc<String>,
    pub busy: bool,
    version: u64,
}

impl PartialEq for SimState {
    fn eq(&self, other: &SimState) -> bool {
        self.version == other.version
    }
}

impl SimState {
    /// The tutorials' three-node lab, with the opening command typed into the terminal.
    pub fn new(seed: u64) -> SimState {
        let terminal =
            Terminal::new(Cluster::new(Config::default(), seed), seed, Dialect::Docker24);
        let snapshot = Rc::new(terminal.cluster().snapshot());
        let prompt = Rc::new(terminal.prompt());
        let state = SimState {
            terminal: Rc::new(RefCell::new(terminal)),
            pending: Rc::default(),
            typeahead: Rc::default(),
            snapshot,
            clock: SimClock::default(),
            seed,
            error: None,
            log: Rc::default(),
            live: Rc::default(),
            prompt,
            busy: false,
            version: 0,
        };
        let state = Rc::new(state).reduce(SimAction::Type(OPENING_COMMAND.to_string()));
        Rc::try_unwrap(state).unwrap_or_else(|shared| shared.fork())
    }

    /// The version views compare; it moves whenever anything shown changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    fn fork(&self) -> SimState {
        SimState {
            terminal: Rc::clone(&self.terminal),
            pending: Rc::clone(&self.pending),
            typeahead: Rc::clone(&self.typeahead),
            snapshot: Rc::clone(&self.snapshot),
            clock: self.clock.clone(),
            seed: self.seed,
            error: self.error.clone(),
            log: Rc::clone(&self.log),
            live: Rc::clone(&self.live),
            prompt: Rc::clone(&self.prompt),
            busy: self.busy,
            version: self.version,
        }
    }

    /// Runs typed-ahead lines while the terminal is free, and collects what finished.
    fn settle(&mut self) {
        let mut terminal = self.terminal.borrow_mut();
        let mut log: Option<Vec<LogEntry>> = None;
        if let Some(rest) = terminal.take_finished() {
            let log = log.get_or_insert_with(|| self.log.as_ref().clone());
            if let Some(last) = log.last_mut() {
                append(&mut last.output, rest);
            }
        }
        while !terminal.is_busy() {
            let Some(line) = self.typeahead.borrow_mut().pop_front() else { break };
            let prompt = terminal.prompt();
            let output = terminal.start(&line);
            let log = log.get_or_insert_with(|| self.log.as_ref().clone());
            log.push(LogEntry { prompt, line, output: output.chunks });
            if let Some(rest) = terminal.take_finished() {
                append(&mut log.last_mut().expect("just pushed").output, rest);
            }
        }
        if let Some(mut log) = log {
            let excess = log.len().saturating_sub(SCROLLBACK_MAX);
            log.drain(..excess);
            self.log = Rc::new(log);
        }
        let live = terminal.screen();
        if live != *self.live {
            self.live = Rc::new(live);
        }
        self.busy = terminal.is_busy();
        let prompt =
            if self.pending.borrow().is_pending() { "> ".to_string() } else { terminal.prompt() };
        if prompt != *self.prompt {
            self.prompt = Rc::new(prompt);
        }
        let mut changed = false;
        while terminal.poll_event().is_some() {
            changed = true;
        }
        // A `sleep` moved the swarm ahead of the page's clock: the clock follows.
        let now = terminal.cluster().now();
        self.clock.catch_up(now);
        // The "N seconds ago" texts move with whole seconds even when nothing happens.
        if changed || now.as_millis() / 1000 != self.snapshot.now.as_millis() / 1000 {
            self.snapshot = Rc::new(terminal.cluster().snapshot());
        }
    }
}

fn append(output: &mut Vec<(Stream, String)>, rest: Output) {
    for (stream, text) in rest.chunks {
        match output.last_mut() {
            Some((last, chunk)) if *last == stream => chunk.push_str(&text),
            _ => output.push((stream, text)),
        }
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
        let mut next = self.fork();
        match action {
            SimAction::Frame(wall_ms) => {
                next.clock.tick(wall_ms);
                let target = next.clock.now();
                let moved = target > self.terminal.borrow().cluster().now();
                if moved {
                    self.terminal.borrow_mut().advance(target);
                }
                // The "N seconds ago" texts move with whole seconds even when nothing happens.
                let second_turned =
                    target.as_millis() / 1000 != self.snapshot.now.as_millis() / 1000;
                let (live_before, log_before) = (Rc::clone(&next.live), Rc::clone(&next.log));
                let events = moved && self.terminal.borrow().has_events();
                if events || second_turned || self.busy {
                    next.settle();
                }
                let shown_changed = events
                    || second_turned
                    || !Rc::ptr_eq(&live_before, &next.live)
                    || !Rc::ptr_eq(&log_before, &next.log)
                    || next.busy != self.busy;
                if !shown_changed {
                    // Only the clock moved within a second: keep it, show nothing new
                    // (`use_reducer_eq` compares versions, so this does not re-render).
                    next.snapshot = Rc::clone(&self.snapshot);
                    return Rc::new(next);
                }
            }
            SimAction::TogglePause => next.clock.set_paused(!next.clock.is_paused()),
            SimAction::SetSpeed(speed) => next.clock.set_speed(speed),
            SimAction::Command(command) => {
                let result = self.terminal.borrow_mut().apply_command(*command);
                next.error = result.err().map(|err| format!("Error response from daemon: {err}"));
                next.settle();
            }
            SimAction::DismissError => next.error = None,
            SimAction::Type(text) => {
                for physical in text.lines() {
                    if let Line::Complete(line) = self.pending.borrow_mut().push(physical) {
                        let mut queue = self.typeahead.borrow_mut();
                        if queue.len() < TYPEAHEAD_MAX {
                            queue.push_back(line);
                        }
                    }
                }
                next.settle();
            }
            SimAction::Interrupt => {
                self.typeahead.borrow_mut().clear();
                *self.pending.borrow_mut() = LineBuffer::default();
                self.terminal.borrow_mut().interrupt();
                next.settle();
                if let Some(last) = Rc::make_mut(&mut next.log).last_mut() {
                    last.output.push((Stream::Stdout, "^C\n".to_string()));
                }
            }
            SimAction::Restart => {
                let mut fresh = SimState::new(self.seed);
                fresh.clock.set_speed(self.clock.speed());
                fresh.version = self.version + 1;
                return Rc::new(fresh);
            }
        }
        next.version = self.version + 1;
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_core::{SimTime, TaskState};

    fn run_frames(mut state: Rc<SimState>, frames: u32, frame_ms: f64) -> Rc<SimState> {
        for i in 0..=frames {
            state = state.reduce(SimAction::Frame(f64::from(i) * frame_ms));
        }
        state
    }

    fn running(state: &SimState) -> usize {
        state.snapshot.tasks.iter().filter(|t| t.state == TaskState::Running).count()
    }

    fn text(entry: &LogEntry) -> String {
        entry.output.iter().map(|(_, t)| t.as_str()).collect()
    }

    #[test]
    fn the_opening_command_animates_its_progress_then_finishes() {
        let start = Rc::new(SimState::default());
        assert_eq!(running(&start), 0);
        assert_eq!(start.log.len(), 1);
        assert_eq!(start.log[0].line, OPENING_COMMAND);
        assert!(start.busy);
        assert!(start.live.contains("overall progress: 0 out of 4 tasks"), "{}", start.live);
        let later = run_frames(start, 12 * 60, 1000.0 / 60.0);
        assert_eq!(running(&later), 4);
        assert!(!later.busy);
        assert!(later.live.is_empty());
        assert!(
            text(&later.log[0]).ends_with("verify: Service converged \n"),
            "{}",
            text(&later.log[0])
        );
    }

    #[test]
    fn lines_typed_while_busy_wait_their_turn() {
        let state = Rc::new(SimState::default());
        let typed = state.reduce(SimAction::Type("$ docker service ls\ndocker node ls".into()));
        assert_eq!(typed.log.len(), 1, "the opening command still runs");
        let later = run_frames(typed, 12 * 60, 1000.0 / 60.0);
        assert_eq!(later.log.len(), 3);
        assert_eq!(later.log[1].line, "docker service ls");
        assert!(text(&later.log[1]).contains("4/4"), "{}", text(&later.log[1]));
        assert!(text(&later.log[2]).contains("MANAGER STATUS"));
    }

    #[test]
    fn continuations_and_interrupts() {
        let state = Rc::new(SimState::default()).reduce(SimAction::Interrupt);
        assert!(!state.busy);
        assert!(text(&state.log[0]).contains("Operation continuing in background."));
        let half = state.reduce(SimAction::Type("docker service scale \\".into()));
        assert_eq!(half.prompt.as_str(), "> ");
        let whole = half.reduce(SimAction::Type("> web=2 -d".into()));
        assert_eq!(whole.log.last().unwrap().line, "docker service scale web=2 -d");
        assert_eq!(text(whole.log.last().unwrap()), "web scaled to 2\n");
        assert_eq!(whole.prompt.as_str(), "manager1:~$ ");
    }

    #[test]
    fn sleep_moves_the_page_clock_too() {
        let state = run_frames(Rc::new(SimState::default()), 12 * 60, 1000.0 / 60.0);
        let before = state.clock.now();
        let slept = state.reduce(SimAction::Type("sleep 30".into()));
        assert_eq!(slept.clock.now(), before + swarm_core::SimDuration::from_secs(30));
        assert_eq!(slept.snapshot.now, slept.clock.now());
    }

    #[test]
    fn a_rolling_update_shows_its_progress_then_completes() {
        let state = run_frames(Rc::new(SimState::default()), 12 * 60, 1000.0 / 60.0);
        let updating =
            state.reduce(SimAction::Type("docker service update -d --image nginx:1.25 web".into()));
        let vm = crate::view_model::ClusterVm::of(&updating.snapshot);
        let update = vm.services[0].update.clone().expect("an update status");
        assert_eq!(update.state.as_str(), "updating");
        assert!(update.label.starts_with("updating 0/4"), "{}", update.label);
        assert_eq!(update.message.as_str(), "update in progress");
        let later = updating.reduce(SimAction::Type("sleep 60".into()));
        let vm = crate::view_model::ClusterVm::of(&later.snapshot);
        let update = vm.services[0].update.clone().expect("an update status");
        assert_eq!(update.label.as_str(), "completed");
    }

    #[test]
    fn paused_frames_change_nothing() {
        let state = run_frames(Rc::new(SimState::default()), 30, 16.0);
        let paused = state.reduce(SimAction::TogglePause);
        let version = paused.version();
        let now = paused.clock.now();
        let after = paused.reduce(SimAction::Frame(5_000.0)).reduce(SimAction::Frame(5_016.0));
        assert_eq!(after.clock.now(), now);
        assert!(after.busy, "the opening command waits while time stands still");
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
