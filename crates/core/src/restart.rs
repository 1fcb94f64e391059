//! The restart supervisor: replaces tasks that stopped, on the restart policy's terms.
//!
//! SwarmKit `orchestrator/restart/restart.go`: the old task gets desired SHUTDOWN; if the policy
//! allows (condition, max attempts within the window), a replacement in the same slot is created
//! at once with desired READY, so it is scheduled and prepared but parks at READY; after the
//! restart delay (none for a drained node), and once the old task has stopped (unless its node
//! is down; at most `OLD_TASK_TIMEOUT`), the replacement's desired state becomes RUNNING.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::create::create_task;
use crate::node::{Availability, NodeId, NodeState};
use crate::rng::Rng;
use crate::service::{RestartCondition, ServiceId};
use crate::store::{Change, Store};
use crate::task::{SlotKey, Task, TaskId, TaskState};
use crate::time::{SimDuration, SimTime};
use crate::timer::{TimerQueue, Wakeup};

/// `defaultOldTaskTimeout`: how long a replacement waits for the old task to stop.
pub(crate) const OLD_TASK_TIMEOUT: SimDuration = SimDuration::from_secs(60);

/// A replacement waiting to be started.
#[derive(Debug, Clone)]
struct DelayedStart {
    old: TaskId,
    wait_stop: bool,
    /// When the delay ends, and, once it has and only the old task's stop is awaited, when
    /// that wait times out: the timers of a delayed start that was replaced must not act on its
    /// successor (theirs come earlier).
    due: SimTime,
    timeout_at: Option<SimTime>,
}

/// Restarts recorded for one slot (SwarmKit `instanceRestartInfo`).
#[derive(Debug, Default, Clone)]
struct RestartHistory {
    spec_version: u64,
    total: u64,
    /// When each restart in the window happened, oldest first.
    at: VecDeque<SimTime>,
}

/// One service's restart histories: a replicated service's at their slot's number (slots are
/// numbered densely from 1), a global service's by node. Not one map keyed by `SlotKey`: that
/// key type's B-tree code was 1.4 KB of the page's gzipped wasm, where these share the code of
/// the boxed maps keyed by ID (see the store's services).
#[derive(Debug, Default, Clone)]
struct ServiceRestarts {
    by_slot: Vec<Option<Box<RestartHistory>>>,
    by_node: BTreeMap<NodeId, Box<RestartHistory>>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct RestartSupervisor {
    /// Boxed, for a B-tree code shared in the wasm (see the store's services).
    delays: BTreeMap<TaskId, Box<DelayedStart>>,
    /// Old task → the replacement waiting for it to stop. Boxed, for a B-tree code shared in
    /// the wasm (see the store's services).
    waiting_on: BTreeMap<TaskId, Box<TaskId>>,
    /// Replacements that failed inside their own restart delay: restart them when it ends.
    restart_when_delay_ends: BTreeSet<TaskId>,
    /// Delayed starts that ended (started, cancelled or moot) since the last look: what closing
    /// `DelayStart`'s channel tells SwarmKit's update workers.
    finished: Vec<TaskId>,
    history: BTreeMap<ServiceId, Box<ServiceRestarts>>,
}

impl RestartSupervisor {
    /// SwarmKit's `shouldRestart`.
    pub(crate) fn should_restart(&self, task: &Task) -> bool {
        let policy = task.spec.restart;
        match policy.condition {
            RestartCondition::None => return false,
            RestartCondition::OnFailure if task.status.state == TaskState::Complete => {
                return false;
            }
            _ => {}
        }
        if policy.max_attempts == 0 {
            return true;
        }
        let Some(history) = self.history(task.slot_key()) else { return true };
        if history.spec_version != task.spec_version {
            return true;
        }
        if policy.window == SimDuration::ZERO {
            return history.total < policy.max_attempts;
        }
        let failed_at = task.status.timestamp;
        let window_start = failed_at.as_millis().saturating_sub(policy.window.as_millis());
        let recent =
            history.at.iter().filter(|t| t.as_millis() > window_start && **t < failed_at).count()
                as u64;
        recent < policy.max_attempts
    }

    /// The restarts recorded for `key`'s slot, if any.
    fn history(&self, key: SlotKey) -> Option<&RestartHistory> {
        match key {
            SlotKey::Slot(service, slot) => {
                self.history.get(&service)?.by_slot.get(slot as usize)?.as_deref()
            }
            SlotKey::Node(service, node) => {
                self.history.get(&service)?.by_node.get(&node).map(Box::as_ref)
            }
        }
    }

    /// The restarts recorded for `key`'s slot, an empty record if none.
    fn history_mut(&mut self, key: SlotKey) -> &mut RestartHistory {
        match key {
            SlotKey::Slot(service, slot) => {
                let slots = &mut crate::boxed::or_default(&mut self.history, service).by_slot;
                let at = slot as usize;
                if at >= slots.len() {
                    slots.resize_with(at + 1, || None);
                }
                slots[at].get_or_insert_default()
            }
            SlotKey::Node(service, node) => {
                let by_node = &mut crate::boxed::or_default(&mut self.history, service).by_node;
                crate::boxed::or_default(by_node, node)
            }
        }
    }

    /// SwarmKit's `Restart`: shut the old task down and, policy permitting, replace it.
    pub(crate) fn restart(
        &mut self,
        store: &mut Store,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
        old_id: TaskId,
    ) {
        if self.delays.contains_key(&old_id) {
            // The task failed inside its own delayed start (its restart delay, or the wait for
            // the task before it to stop): try again when that ends (`waitRestart`), so a task
            // that can never start does not spin.
            self.restart_when_delay_ends.insert(old_id);
            return;
        }
        let old = store.task(old_id).expect("restart of a known task").clone();
        if old.desired > TaskState::Complete {
            return;
        }
        store.set_desired(now, old_id, TaskState::Shutdown);
        if !self.should_restart(&old) {
            return;
        }
        let new_id = create_task(store, rng, now, old.service, old.slot_key(), TaskState::Ready);

        let node = old.node.and_then(|n| store.node(n));
        let drained = node.is_some_and(|n| n.availability == Availability::Drain);
        let node_down = node.is_some_and(|n| n.state == NodeState::Down);
        let delay = if drained { SimDuration::ZERO } else { old.spec.restart.delay };
        let wait_stop = !node_down && !old.status.state.is_terminal() && node.is_some();

        if old.spec.restart.max_attempts > 0 {
            let version = store.task(new_id).expect("just created").spec_version;
            let history = self.history_mut(old.slot_key());
            if history.spec_version != version {
                *history = RestartHistory { spec_version: version, ..RestartHistory::default() };
            }
            history.total += 1;
            history.at.push_back(now);
            let window = old.spec.restart.window;
            if window > SimDuration::ZERO {
                while history.at.front().is_some_and(|t| now.saturating_since(*t) > window) {
                    history.at.pop_front();
                }
            }
        }
        let start = DelayedStart { old: old_id, wait_stop, due: now + delay, timeout_at: None };
        self.delays.insert(new_id, Box::new(start));
        timers.arm(now + delay, Wakeup::RestartDelay(new_id));
    }

    /// SwarmKit's `DelayStart(old, new, 0, waitStop=true)`, for the update supervisor: `new`
    /// becomes desired RUNNING once `old` has stopped (at most `OLD_TASK_TIMEOUT`).
    pub(crate) fn start_after_stop(
        &mut self,
        timers: &mut TimerQueue,
        now: SimTime,
        old: TaskId,
        new: TaskId,
    ) {
        self.cancel_delay(new);
        let start = DelayedStart { old, wait_stop: true, due: now, timeout_at: None };
        self.delays.insert(new, Box::new(start));
        timers.arm(now, Wakeup::RestartDelay(new));
    }

    /// SwarmKit's `DelayStart(nil, task, 0)` for a task the updater reuses with no other task
    /// in its slot: any delayed start it had is cancelled, and it starts now.
    pub(crate) fn start_existing_now(&mut self, store: &mut Store, now: SimTime, task: TaskId) {
        self.cancel_delay(task);
        if store.task(task).is_some_and(|t| t.desired < TaskState::Running) {
            store.set_desired(now, task, TaskState::Running);
        }
    }

    /// `DelayStart` first cancels the task's delayed start, if it has one: it ends (its waiter
    /// goes on), and it no longer waits for its old task.
    fn cancel_delay(&mut self, task: TaskId) {
        if let Some(start) = self.delays.get(&task) {
            if self.waiting_on.get(&start.old).is_some_and(|waiter| **waiter == task) {
                self.waiting_on.remove(&start.old);
            }
            self.end_delay(task);
        }
    }

    /// The restart delay of `new_id` has passed.
    pub(crate) fn delay_elapsed(
        &mut self,
        store: &mut Store,
        timers: &mut TimerQueue,
        now: SimTime,
        new_id: TaskId,
    ) {
        let Some(start) = self.delays.get_mut(&new_id) else { return };
        // A timer of a delayed start that was replaced fires early or after the delay ended;
        // a timer held back while there was no leader fires late, and counts.
        if start.timeout_at.is_some() || now < start.due {
            return;
        }
        let (old, wait_stop) = (start.old, start.wait_stop);
        if wait_stop && old_still_running(store, old) {
            start.timeout_at = Some(now + OLD_TASK_TIMEOUT);
            self.waiting_on.insert(old, Box::new(new_id));
            timers.arm(now + OLD_TASK_TIMEOUT, Wakeup::RestartWaitTimeout(new_id));
        } else {
            self.start_now(store, now, new_id);
        }
    }

    /// The replacement waited `OLD_TASK_TIMEOUT` for the old task: start it anyway.
    pub(crate) fn wait_timed_out(&mut self, store: &mut Store, now: SimTime, new_id: TaskId) {
        if let Some(start) = self.delays.get(&new_id)
            && start.timeout_at.is_some_and(|at| now >= at)
        {
            self.waiting_on.remove(&start.old);
            self.start_now(store, now, new_id);
        }
    }

    /// Starts replacements whose old task has now stopped, or whose node went down.
    pub(crate) fn observe(&mut self, change: &Change, store: &mut Store, now: SimTime) {
        let stopped: Vec<TaskId> = match change {
            Change::TaskUpdated(changed) => {
                let old = changed.id;
                if self.waiting_on.contains_key(&old) && !old_still_running(store, old) {
                    vec![old]
                } else {
                    Vec::new()
                }
            }
            Change::TaskDeleted(old) => {
                self.restart_when_delay_ends.remove(&old.id);
                self.end_delay(old.id);
                if self.waiting_on.contains_key(&old.id) { vec![old.id] } else { Vec::new() }
            }
            Change::NodeUpdated(node) | Change::NodeDeleted(node) => self
                .waiting_on
                .keys()
                .filter(|old| store.task(**old).is_some_and(|t| t.node == Some(*node)))
                .filter(|old| !old_still_running(store, **old))
                .copied()
                .collect(),
            Change::ServiceDeleted(service) => {
                self.history.remove(service);
                Vec::new()
            }
            _ => Vec::new(),
        };
        for old in stopped {
            if let Some(new_id) = self.waiting_on.remove(&old) {
                self.start_now(store, now, *new_id);
            }
        }
    }

    fn end_delay(&mut self, new_id: TaskId) {
        if self.delays.remove(&new_id).is_some() {
            self.finished.push(new_id);
        }
    }

    /// Restarts the tasks that failed inside their delayed start, now that it has ended
    /// (`waitRestart`: only if the task is still wanted).
    pub(crate) fn run_waiters(
        &mut self,
        ended: &[TaskId],
        store: &mut Store,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
    ) {
        for task in ended {
            if self.restart_when_delay_ends.remove(task)
                && store.task(*task).is_some_and(|t| t.desired <= TaskState::Complete)
            {
                self.restart(store, timers, rng, now, *task);
            }
        }
    }

    /// The tasks whose delayed start ended since the last call, in the order they ended.
    pub(crate) fn take_finished_delays(&mut self) -> Vec<TaskId> {
        std::mem::take(&mut self.finished)
    }

    pub(crate) fn has_finished_delays(&self) -> bool {
        !self.finished.is_empty()
    }

    /// SwarmKit's `StartNow`.
    fn start_now(&mut self, store: &mut Store, now: SimTime, new_id: TaskId) {
        self.end_delay(new_id);
        if store.task(new_id).is_some_and(|t| t.desired < TaskState::Running) {
            store.set_desired(now, new_id, TaskState::Running);
        }
    }
}

/// Whether a replacement still waits for its old task (`DelayStart`): until the old task's
/// observed state goes past RUNNING, or its node goes DOWN or away. An old task that never
/// reached a node is waited for too (till the scheduler marks it SHUTDOWN, or the timeout).
fn old_still_running(store: &Store, old: TaskId) -> bool {
    let Some(task) = store.task(old) else { return false };
    if task.status.state.is_terminal() {
        return false;
    }
    match task.node {
        None => true,
        Some(node) => store.node(node).is_some_and(|n| n.state != NodeState::Down),
    }
}
