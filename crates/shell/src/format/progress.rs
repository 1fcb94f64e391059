//! The synchronous progress display of `docker service create | update | scale | rollback`
//! without `--detach`: docker's `ServiceProgress` loop and its replicated and global updaters,
//! polled every 200 ms of simulated time, rendered as the terminal's final screen.

use crate::Dialect;
use swarm_core::TaskState;
use swarm_core::{NodeId, NodeState};
use swarm_core::{ServiceId, UpdateState};
use swarm_core::{SimDuration, SimTime};
use swarm_core::{Snapshot, TaskView};

/// How often the CLI polls the daemon.
pub const POLL_INTERVAL: SimDuration = SimDuration::from_millis(200);
/// More than this many tasks (or nodes) and no per-task lines are drawn.
const MAX_PROGRESS_BARS: usize = 20;
/// The longest non-terminal state name (`allocated`, `preparing`).
const LONGEST_STATE: usize = 9;
/// `maxProgress`: the bar's total.
const MAX_PROGRESS: u32 = 9;
/// Terminals at most this wide get no bars.
const BAR_MIN_COLUMNS: usize = 111;

/// What one poll concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poll {
    /// Keep polling.
    Waiting,
    /// Converged and verified: the command is done.
    Done,
    /// The command ends with this error (`service update paused: …`).
    Failed(String),
}

/// One service's progress display.
#[derive(Debug, Clone)]
pub struct Progress {
    service: ServiceId,
    /// What the verify line names (v26+): the full ID for create, the argument otherwise.
    shown_as: String,
    dialect: Dialect,
    bars: bool,
    /// Screen lines by ID, in order of first appearance.
    lines: Vec<(String, String)>,
    /// Plain message lines printed below the progress lines.
    messages: Vec<String>,
    initialized: bool,
    done: bool,
    /// The real slots in the order they were first drawn: slot `slot_lines[i]` is drawn on
    /// line `i + 1`. (A list, not a map: the playground's slots are few, and each map type
    /// adds its own code to the wasm.)
    slot_lines: Vec<u32>,
    converged_at: Option<SimTime>,
    rollback: bool,
    /// `rollback: rollback completed`, printed after the verify line.
    pending_message: Option<String>,
}

impl Progress {
    pub fn new(service: ServiceId, shown_as: &str, dialect: Dialect, columns: usize) -> Progress {
        Progress {
            service,
            shown_as: shown_as.to_string(),
            dialect,
            bars: columns >= BAR_MIN_COLUMNS,
            lines: Vec::new(),
            messages: Vec::new(),
            initialized: false,
            done: false,
            slot_lines: Vec::new(),
            converged_at: None,
            rollback: false,
            pending_message: None,
        }
    }

    /// The service the display follows.
    pub fn service(&self) -> ServiceId {
        self.service
    }

    /// One pass of docker's loop at `snapshot.now`; `monitor` is the service's
    /// `UpdateConfig.Monitor` (zero: unset).
    pub fn poll(&mut self, snapshot: &Snapshot, monitor: SimDuration) -> Poll {
        let Some(service) = snapshot.services.iter().find(|s| s.id == self.service) else {
            return Poll::Failed(format!(
                "Error response from daemon: service {} not found",
                self.shown_as
            ));
        };
        let monitor =
            if monitor == SimDuration::ZERO { SimDuration::from_secs(5) } else { monitor };
        if let Some(status) = &service.update_status {
            let message = status.message.as_str();
            match status.state {
                UpdateState::Updating => self.rollback = false,
                UpdateState::Completed if self.converged_at.is_none() => return Poll::Done,
                UpdateState::Completed => {}
                UpdateState::Paused => {
                    return Poll::Failed(format!("service update paused: {message}"));
                }
                UpdateState::RollbackStarted => {
                    if !self.rollback && !message.is_empty() {
                        self.write("rollback", message, None);
                    }
                    self.rollback = true;
                }
                UpdateState::RollbackPaused => {
                    return Poll::Failed(format!("service rollback paused: {message}"));
                }
                UpdateState::RollbackCompleted => {
                    if self.converged_at.is_none() {
                        self.pending_message = Some(format!("rollback: {message}"));
                    }
                    self.rollback = true;
                }
            }
        }
        let now = snapshot.now;
        if let Some(since) = self.converged_at
            && now.saturating_since(since) >= monitor
        {
            let verified = match self.dialect {
                Dialect::Docker24 => "Service converged".to_string(),
                Dialect::Docker29 => format!("Service {} converged", self.shown_as),
            };
            self.write("verify", &verified, None);
            if let Some(message) = self.pending_message.take() {
                self.messages.push(message);
            }
            return Poll::Done;
        }
        let active = |node: Option<NodeId>| {
            node.is_none_or(|id| snapshot.node(id).is_some_and(|n| n.state != NodeState::Down))
        };
        let up_to_date: Vec<&TaskView> =
            snapshot.tasks.iter().filter(|t| t.service == self.service && t.up_to_date).collect();
        let converged = if service.global {
            self.update_global(&up_to_date, &active)
        } else {
            self.update_replicated(&up_to_date, service.replicas_desired as usize, &active)
        };
        if converged {
            let since = *self.converged_at.get_or_insert(now);
            let elapsed = now.saturating_since(since);
            if elapsed <= monitor {
                // docker measures with a wall clock, so the time left is never a whole number
                // of seconds: 5 s left reads as 4.99…, shown as 5.
                let left = (monitor.as_millis() - elapsed.as_millis()).saturating_sub(1);
                let text = format!(
                    "Waiting {} seconds to verify that tasks are stable...",
                    left / 1000 + 1
                );
                self.write("verify", &text, None);
            }
        } else {
            if self.converged_at.is_some() {
                self.write("verify", "Detected task failure", None);
            }
            self.converged_at = None;
        }
        Poll::Waiting
    }

    fn update_replicated(
        &mut self,
        tasks: &[&TaskView],
        replicas: usize,
        active: &impl Fn(Option<NodeId>) -> bool,
    ) -> bool {
        if !self.initialized {
            self.write_overall(0, replicas);
            if replicas <= MAX_PROGRESS_BARS {
                for i in 1..=replicas {
                    self.write(&format!("{i}/{replicas}"), " ", None);
                }
            }
            self.initialized = true;
        }
        let by_slot = preferred_by_key(tasks.iter().copied().filter_map(|task| {
            let shown = numbered(task.desired) && numbered(task.state) && active(task.node);
            shown.then_some((task.slot, task))
        }));
        self.converge(by_slot.into_iter().map(|(_, task)| task), replicas, |progress, task| {
            let line = match progress.slot_lines.iter().position(|slot| *slot == task.slot) {
                Some(index) => index + 1,
                None => {
                    progress.slot_lines.push(task.slot);
                    progress.slot_lines.len()
                }
            };
            format!("{line}/{replicas}")
        })
    }

    fn update_global(
        &mut self,
        tasks: &[&TaskView],
        active: &impl Fn(Option<NodeId>) -> bool,
    ) -> bool {
        let by_node = preferred_by_key(tasks.iter().copied().filter_map(|task| {
            let node = task.node?;
            (numbered(task.desired) && numbered(task.state)).then_some((node, task))
        }));
        let nodes = by_node.len();
        if !self.initialized {
            if nodes == 0 {
                self.write("overall progress", "waiting for new tasks", None);
                return false;
            }
            self.write_overall(0, nodes);
            self.initialized = true;
        }
        let visible: Vec<&TaskView> =
            by_node.into_iter().map(|(_, task)| task).filter(|t| active(t.node)).collect();
        self.converge(visible.into_iter(), nodes, |_, task| {
            task.node.map(|n| n.0.short().to_string()).unwrap_or_default()
        })
    }

    /// The part both updaters share: per-task lines while not done, the running count, and
    /// the overall line.
    fn converge<'t>(
        &mut self,
        tasks: impl Iterator<Item = &'t TaskView> + Clone,
        expected: usize,
        line_id: impl Fn(&mut Progress, &TaskView) -> String,
    ) -> bool {
        if self.done && tasks.clone().any(|t| t.state != TaskState::Running) {
            self.done = false;
        }
        let mut running = 0;
        for task in tasks {
            if !task.desired.is_terminal() && task.state == TaskState::Running {
                running += 1;
            }
            if !self.done && expected <= MAX_PROGRESS_BARS {
                let id = line_id(self, task);
                self.write_task(&id, task);
            }
        }
        if !self.done {
            self.write_overall(running, expected);
            if running == expected {
                self.done = true;
            }
        }
        running == expected
    }

    fn write_task(&mut self, id: &str, task: &TaskView) {
        if let Some(err) = &task.err {
            let text = err.replace('\n', " ");
            let text = if text.chars().count() > 75 {
                let mut cut: String = text.chars().take(74).collect();
                cut.push('…');
                cut
            } else {
                text
            };
            self.write(id, &text, None);
            return;
        }
        // `writeTaskProgress`: no bar for a task that ended or is on its way out.
        if !task.desired.is_terminal() && !task.state.is_terminal() {
            let status = format!("{:<LONGEST_STATE$}", task.state.as_str());
            self.write(id, &status, Some(progress_of(task.state)));
        }
    }

    fn write_overall(&mut self, running: usize, expected: usize) {
        let text = if self.rollback {
            format!("rolling back update: {running} out of {expected} tasks")
        } else {
            format!("{running} out of {expected} tasks")
        };
        self.write("overall progress", &text, None);
    }

    /// Writes (or rewrites in place) the line with this ID.
    fn write(&mut self, id: &str, status: &str, current: Option<u32>) {
        let bar = match current {
            Some(current) if self.bars => {
                let filled = ((current * 100 / MAX_PROGRESS) / 2).min(50) as usize;
                format!("[{}>{}] ", "=".repeat(filled), " ".repeat(50 - filled))
            }
            _ => String::new(),
        };
        let text = format!("{id}: {status} {bar}");
        match self.lines.iter_mut().find(|(line_id, _)| line_id == id) {
            Some((_, line)) => *line = text,
            None => self.lines.push((id.to_string(), text)),
        }
    }

    /// docker's Ctrl-C: the operation goes on without the CLI.
    pub fn interrupt(&mut self) {
        self.messages.push("Operation continuing in background.".to_string());
        self.messages.push(format!("Use `docker service ps {}` to check progress.", self.shown_as));
    }

    /// The screen as it stands: one line per ID, then the plain messages.
    pub fn screen(&self) -> String {
        let mut out = String::new();
        for (_, line) in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        for message in &self.messages {
            out.push_str(message);
            out.push('\n');
        }
        out
    }
}

/// Whether docker's `numberedStates` knows the state (REMOVE and ORPHANED it does not).
fn numbered(state: TaskState) -> bool {
    !matches!(state, TaskState::Remove | TaskState::Orphaned)
}

/// The preferred task (see [`preferred`]) of each key, in key order: what a `BTreeMap` from key
/// to task would hold, in a sorted list (each map type adds its own code to the wasm).
fn preferred_by_key<'t, K: Ord>(
    tasks: impl Iterator<Item = (K, &'t TaskView)>,
) -> Vec<(K, &'t TaskView)> {
    let mut kept: Vec<(K, &TaskView)> = Vec::new();
    for (key, task) in tasks {
        match kept.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) if preferred(kept[at].1, task) => {}
            Ok(at) => kept[at].1 = task,
            Err(at) => kept.insert(at, (key, task)),
        }
    }
    kept
}

/// Whether `existing` stays the slot's task over `candidate`: lower desired state wins, then
/// lower observed state (start-first updates).
fn preferred(existing: &TaskView, candidate: &TaskView) -> bool {
    existing.desired < candidate.desired
        || (existing.desired == candidate.desired && existing.state <= candidate.state)
}

/// `stateToProgress`: how far along the bar a state is, out of 9.
fn progress_of(state: TaskState) -> u32 {
    match state {
        TaskState::New => 1,
        TaskState::Pending => 3,
        TaskState::Assigned => 4,
        TaskState::Accepted => 5,
        TaskState::Preparing => 6,
        TaskState::Ready => 7,
        TaskState::Starting => 8,
        _ => 9,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_core::id::ObjectId;
    use swarm_core::rng::Rng;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn display(columns: usize) -> Progress {
        let id = ServiceId(ObjectId::generate(&mut Rng::new(1)));
        Progress::new(id, "web", Dialect::Docker24, columns)
    }

    #[test]
    fn bars_match_docker_cli_md_2_3_state_by_state() {
        let table = [
            (
                TaskState::New,
                "1/3: new       [=====>                                             ] ",
            ),
            (
                TaskState::Pending,
                "1/3: pending   [================>                                  ] ",
            ),
            (
                TaskState::Assigned,
                "1/3: assigned  [======================>                            ] ",
            ),
            (
                TaskState::Accepted,
                "1/3: accepted  [===========================>                       ] ",
            ),
            (
                TaskState::Preparing,
                "1/3: preparing [=================================>                 ] ",
            ),
            (
                TaskState::Ready,
                "1/3: ready     [======================================>            ] ",
            ),
            (
                TaskState::Starting,
                "1/3: starting  [============================================>      ] ",
            ),
            (
                TaskState::Running,
                "1/3: running   [==================================================>] ",
            ),
        ];
        for (state, line) in table {
            let mut progress = display(120);
            progress.write(
                "1/3",
                &format!("{:<LONGEST_STATE$}", state.as_str()),
                Some(progress_of(state)),
            );
            assert_eq!(progress.screen(), format!("{line}\n"), "{state:?}");
        }
    }

    #[test]
    fn placeholders_overall_lines_and_narrow_terminals() {
        let mut progress = display(120);
        progress.write_overall(2, 3);
        progress.write("1/3", " ", None);
        assert_eq!(progress.screen(), "overall progress: 2 out of 3 tasks \n1/3:   \n");
        progress.rollback = true;
        progress.write_overall(3, 3);
        assert!(
            progress
                .screen()
                .starts_with("overall progress: rolling back update: 3 out of 3 tasks \n")
        );
        let mut narrow = display(80);
        narrow.write("1/3", "running  ", Some(9));
        assert_eq!(narrow.screen(), "1/3: running   \n", "no bars at 110 columns or fewer");
    }
}
