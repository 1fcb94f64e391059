//! The update supervisor: rolling updates and rollbacks of replicated services, slot by slot,
//! exactly as SwarmKit's `orchestrator/update/updater.go` does them.
//!
//! One updater per service. The orchestrators ask for a check after every reconcile
//! (`request`); a check starts a run when some slot is dirty (its task runs another spec), keeps
//! a running one when the target spec is unchanged, and cancels and restarts it otherwise.
//! A run has `parallelism` workers (all dirty slots with 0). A worker takes a slot, replaces its
//! task (stop-first: the old task is shut down and the new one starts once it has stopped, via
//! the restart supervisor's `DelayStart`; start-first: the new one starts at once and the old
//! one is shut down when the new one runs), waits for the new task to reach RUNNING (or end),
//! sleeps `delay`, and takes the next slot.
//!
//! A run goes through SwarmKit's three loops (`Phase`): handing out slots, draining (the last
//! slot is out, or a failure action stopped the hand-out, and the workers finish their slot and
//! delay), and monitoring (one more monitor period, then `completed`). Failure events are read
//! only while slots are handed out and while monitoring; in between they queue up and are
//! judged when read, as SwarmKit's watch channel does. A task this run created counts as a
//! failure if it ends before the run first saw it RUNNING, or within the monitor period of
//! that; past `max_failure_ratio` the failure action pauses, rolls back, or (continue) nothing.
//!
//! Everything is driven by store changes (task updates) and the updater's own timers.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
use std::rc::Rc;

use crate::constraint;
use crate::create::create_task;
use crate::node::{Availability, NodeId, NodeState};
use crate::restart::RestartSupervisor;
use crate::rng::Rng;
use crate::service::{
    FailureAction, FailureRatio, ServiceId, ServiceSpec, UpdateConfig, UpdateOrder, UpdateState,
    UpdateStatus,
};
use crate::store::{Change, Store};
use crate::task::{SlotKey, Task, TaskId, TaskSpec, TaskState};
use crate::time::{SimDuration, SimTime};
use crate::timer::{TimerQueue, Wakeup};

/// SwarmKit's default monitor period (`defaults.Service.Update.Monitor`), used when the spec
/// has none.
const DEFAULT_MONITOR: SimDuration = SimDuration::from_secs(5);

/// A busy worker: waiting for the task it started in its slot to reach RUNNING or end (under
/// start-first, the old tasks are shut down once the new one runs), or, first, for the
/// restart supervisor's `DelayStart` of that task to end (stop-first: until the old task has
/// stopped, at most a minute). SwarmKit's worker reads nothing of its task meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Waiting {
    worker: usize,
    slot: SlotKey,
    old: Vec<TaskId>,
    start_first: bool,
    /// The task's delayed start has not ended yet.
    delay_pending: bool,
    /// After the delayed start, wait for the task to reach RUNNING (a new task), or not (a
    /// clean task the slot already had: `useExistingTask`).
    until_running: bool,
}

/// One run of the updater toward `target`.
#[derive(Debug, Clone)]
struct Updater {
    run: u64,
    target: ServiceSpec,
    target_tasks: Rc<TaskSpec>,
    rollback: bool,
    config: UpdateConfig,
    queue: VecDeque<SlotKey>,
    dirty_slots: usize,
    /// Slots this run is done with, in the order it finished them.
    done: Vec<SlotKey>,
    /// Workers free to take a slot.
    idle: Vec<usize>,
    /// Workers waiting on a new task, by that task. Boxed, for a B-tree code shared in the
    /// wasm (see the store's services).
    waiting: BTreeMap<TaskId, Box<Waiting>>,
    /// Workers in the delay after a slot, earliest end first (a worker sleeps once at a time,
    /// so entries are distinct and the order is total). Only the earliest is ever looked at:
    /// a heap, whose code is much smaller in the wasm than a `BTreeSet`'s.
    sleeping: BinaryHeap<Reverse<(SimTime, usize)>>,
    /// Tasks of the service that changed since the run last looked, in the order they changed
    /// (repeats and all).
    changed: Vec<TaskId>,
    /// Tasks this run created, and when it first saw each at RUNNING or later.
    /// Boxed, for a B-tree code shared in the wasm (see the store's services).
    created: BTreeMap<TaskId, Box<Option<SimTime>>>,
    /// Created tasks counted as failures (each counts once).
    judged: BTreeSet<TaskId>,
    /// Created tasks that ended and that the run has not read yet (SwarmKit's failure watch).
    unread: Vec<TaskId>,
    failures: usize,
    phase: Phase,
    /// SwarmKit's `stopped`: a failure action ended the run, which will not complete.
    stopped: bool,
}

/// Where a run is, after SwarmKit's `Run`: `slotsLoop`, `wg.Wait()`, `monitorLoop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Handing slots to workers as they come free; failure events are read as they come.
    Slots,
    /// No more slots will be handed out; the workers finish their slot and their delay.
    /// Failure events queue up unread.
    Draining,
    /// Every worker is done: failure events are read until `until`, when the run completes.
    Monitoring { until: SimTime },
}

/// A point-in-time view of an update in progress, for the page and the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateProgress {
    /// Which run this is (a new update or rollback starts another): `done` only grows within
    /// one.
    pub run: u64,
    pub rollback: bool,
    /// The update (or rollback) config the run follows.
    pub parallelism: u64,
    pub max_failure_ratio: FailureRatio,
    /// How many slots the run set out to update.
    pub dirty_slots: usize,
    /// Slots the run is done with (the new task ran, or ended), in the order it finished them.
    pub done: Vec<UpdateSlot>,
    /// Slots whose new task is on its way to RUNNING, in slot order.
    pub in_flight: Vec<UpdateSlot>,
    /// Slots still waiting for a worker, in the order they will be taken.
    pub waiting: Vec<UpdateSlot>,
    /// Tasks this run created that failed within the monitor period.
    pub failures: usize,
    /// When the next slot is taken (a worker's delay ends), if a worker is sleeping.
    pub next_slot_at: Option<SimTime>,
}

/// A slot as the update sees it: a replica number, or a global service's node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UpdateSlot {
    Replica(u32),
    Node(NodeId),
}

impl UpdateSlot {
    fn of(key: SlotKey) -> UpdateSlot {
        match key {
            SlotKey::Slot(_, slot) => UpdateSlot::Replica(slot),
            SlotKey::Node(_, node) => UpdateSlot::Node(node),
        }
    }

    /// The slot `task` belongs to.
    pub fn of_task(slot: u32, node: Option<NodeId>) -> UpdateSlot {
        match (slot, node) {
            (0, Some(node)) => UpdateSlot::Node(node),
            (slot, _) => UpdateSlot::Replica(slot),
        }
    }
}

/// Where one slot stands in an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotPhase {
    Waiting,
    InFlight,
    Done,
}

impl UpdateProgress {
    /// The batch the run is at and how many batches it has, counting from 1: a batch is the
    /// `parallelism` slots taken one after the other (all slots at parallelism 0).
    pub fn batch(&self) -> (usize, usize) {
        let per_batch = match self.parallelism {
            0 => self.dirty_slots.max(1),
            p => usize::try_from(p).unwrap_or(usize::MAX),
        };
        let taken = self.dirty_slots - self.waiting.len();
        let batches = self.dirty_slots.div_ceil(per_batch).max(1);
        (taken.div_ceil(per_batch).clamp(1, batches), batches)
    }

    /// The share of the run's slots that failed, as SwarmKit compares it with
    /// `max_failure_ratio` (float32).
    pub fn failure_ratio(&self) -> f32 {
        self.failures as f32 / self.dirty_slots.max(1) as f32
    }

    /// Where each slot the run visits stands. (Built once per view: looking slots up one by
    /// one in `done` would cost tasks × slots.)
    pub fn phases(&self) -> BTreeMap<UpdateSlot, SlotPhase> {
        let done = self.done.iter().map(|s| (*s, SlotPhase::Done));
        let in_flight = self.in_flight.iter().map(|s| (*s, SlotPhase::InFlight));
        let waiting = self.waiting.iter().map(|s| (*s, SlotPhase::Waiting));
        crate::sort::collect_map(done.chain(in_flight).chain(waiting))
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct UpdateSupervisor {
    /// Boxed, as the store's services are, for a B-tree code shared in the wasm.
    updaters: BTreeMap<ServiceId, Box<Updater>>,
    /// Services to look at in the next tick.
    to_check: BTreeSet<ServiceId>,
    runs: u64,
    /// Services whose last run broke off (a failure action stopped it) and that no run has
    /// taken up since: their slots stay as the run left them, a start-first slot doubled
    /// included. When a client update to the very spec the run worked toward had cleared the
    /// status, nothing else says so (SwarmKit's `pauseUpdate` then writes nothing).
    broken_off: BTreeSet<ServiceId>,
}

impl UpdateSupervisor {
    /// The orchestrator reconciled `service`: check whether it needs an update run.
    pub(crate) fn request(&mut self, service: ServiceId) {
        self.to_check.insert(service);
    }

    /// A task this supervisor waits on or watches changed; or a service went away.
    pub(crate) fn observe(&mut self, change: &Change, store: &Store) {
        match change {
            Change::TaskUpdated(changed) => {
                if let Some(task) = store.task_at(*changed)
                    && let Some(run) = self.updaters.get_mut(&task.service)
                    && (run.waiting.contains_key(&task.id) || run.created.contains_key(&task.id))
                {
                    run.changed.push(task.id);
                    self.to_check.insert(task.service);
                }
            }
            Change::TaskDeleted(task) => {
                if let Some(run) = self.updaters.get_mut(&task.service)
                    && (run.waiting.contains_key(&task.id) || run.created.contains_key(&task.id))
                {
                    run.changed.push(task.id);
                    self.to_check.insert(task.service);
                }
            }
            Change::ServiceDeleted(service) => {
                self.updaters.remove(service);
                self.broken_off.remove(service);
            }
            _ => {}
        }
    }

    /// The delayed start of `task` ended (SwarmKit closes the channel `DelayStart` returned):
    /// the worker waiting on it goes on.
    pub(crate) fn delay_finished(&mut self, task: TaskId) {
        for (service, run) in &mut self.updaters {
            if let Some(waiting) = run.waiting.get_mut(&task)
                && waiting.delay_pending
            {
                waiting.delay_pending = false;
                run.changed.push(task);
                self.to_check.insert(*service);
            }
        }
    }

    /// A timer of run `run` fired.
    pub(crate) fn timer(&mut self, service: ServiceId, run: u64) {
        if self.updaters.get(&service).is_some_and(|u| u.run == run) {
            self.to_check.insert(service);
        }
    }

    pub(crate) fn has_work(&self) -> bool {
        !self.to_check.is_empty()
    }

    /// The state of `service`'s update, if one is running.
    pub(crate) fn progress(&self, service: ServiceId) -> Option<UpdateProgress> {
        let u = self.updaters.get(&service)?;
        let slots = |keys: &mut dyn Iterator<Item = SlotKey>| keys.map(UpdateSlot::of).collect();
        let mut in_flight: Vec<UpdateSlot> = slots(&mut u.waiting.values().map(|w| w.slot));
        crate::sort::sort(&mut in_flight);
        Some(UpdateProgress {
            run: u.run,
            rollback: u.rollback,
            parallelism: u.config.parallelism,
            max_failure_ratio: u.config.max_failure_ratio,
            dirty_slots: u.dirty_slots,
            done: slots(&mut u.done.iter().copied()),
            in_flight,
            waiting: slots(&mut u.queue.iter().copied()),
            failures: u.failures,
            next_slot_at: match u.phase {
                Phase::Slots => u.sleeping.peek().map(|Reverse((until, _))| *until),
                Phase::Draining | Phase::Monitoring { .. } => None,
            },
        })
    }

    /// Whether a run is under way for `service`.
    pub(crate) fn is_running(&self, service: ServiceId) -> bool {
        self.updaters.contains_key(&service)
    }

    /// Whether `service`'s last run broke off and no run has taken up its slots since.
    pub(crate) fn broke_off(&self, service: ServiceId) -> bool {
        self.broken_off.contains(&service)
    }

    /// Slots in flight for each service with a run under way: never more than its parallelism
    /// (an invariant).
    pub(crate) fn all_in_flight(&self) -> impl Iterator<Item = (ServiceId, usize, u64)> + '_ {
        self.updaters.iter().map(|(id, u)| (*id, u.waiting.len(), u.config.parallelism))
    }

    pub(crate) fn tick(
        &mut self,
        store: &mut Store,
        restarts: &mut RestartSupervisor,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
    ) {
        for service in std::mem::take(&mut self.to_check) {
            self.check(store, restarts, timers, rng, now, service);
        }
    }

    fn check(
        &mut self,
        store: &mut Store,
        restarts: &mut RestartSupervisor,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
        service_id: ServiceId,
    ) {
        let Some(service) = store.service(service_id) else {
            self.updaters.remove(&service_id);
            self.broken_off.remove(&service_id);
            return;
        };
        let state = service.update_status.as_ref().map(|s| s.state);
        let same_target = self.updaters.get(&service_id).is_some_and(|u| u.target == service.spec);
        if !same_target {
            // A different spec cancels the running run (`Cancel`: its workers stop at once); the
            // tasks it created stay.
            self.updaters.remove(&service_id);
            self.broken_off.remove(&service_id);
            if matches!(state, Some(UpdateState::Paused | UpdateState::RollbackPaused)) {
                // A paused update resumes only through a new client update.
                return;
            }
            let spec = service.spec.clone();
            let target_tasks = store.task_spec(service_id);
            let dirty = dirty_slots(store, restarts, service_id, &target_tasks);
            if dirty.is_empty() {
                if matches!(state, Some(UpdateState::Updating | UpdateState::RollbackStarted)) {
                    complete(store, now, service_id);
                }
                return;
            }
            let rollback = state == Some(UpdateState::RollbackStarted);
            if state.is_none() {
                set_status(
                    store,
                    now,
                    service_id,
                    UpdateState::Updating,
                    "update in progress",
                    None,
                );
            }
            let config = if rollback { spec.rollback } else { spec.update };
            let workers = if config.parallelism == 0 {
                dirty.len()
            } else {
                (config.parallelism as usize).min(dirty.len())
            };
            self.runs += 1;
            self.updaters.insert(
                service_id,
                Box::new(Updater {
                    run: self.runs,
                    target: spec,
                    target_tasks,
                    rollback,
                    config,
                    dirty_slots: dirty.len(),
                    done: Vec::new(),
                    queue: dirty.into(),
                    idle: (0..workers).rev().collect(),
                    waiting: BTreeMap::new(),
                    sleeping: BinaryHeap::new(),
                    changed: Vec::new(),
                    created: BTreeMap::new(),
                    judged: BTreeSet::new(),
                    unread: Vec::new(),
                    failures: 0,
                    phase: Phase::Slots,
                    stopped: false,
                }),
            );
        }
        self.advance(store, restarts, timers, rng, now, service_id);
    }

    /// Moves one run on as far as it can go now.
    fn advance(
        &mut self,
        store: &mut Store,
        restarts: &mut RestartSupervisor,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
        service_id: ServiceId,
    ) {
        let Some(mut u) = self.updaters.remove(&service_id) else { return };
        let changed = std::mem::take(&mut u.changed);
        u.watch_new_tasks(store, timers, now, service_id, &changed);
        if u.config.failure_action != FailureAction::Continue {
            // SwarmKit watches failures only when the action is not CONTINUE.
            let ended = changed.iter().copied().filter(|id| {
                u.created.contains_key(id)
                    && !u.judged.contains(id)
                    && store.task(*id).is_some_and(|t| t.status.state > TaskState::Running)
            });
            u.unread.extend(ended);
        }
        while let Some(&Reverse((until, worker))) = u.sleeping.peek()
            && until <= now
        {
            u.sleeping.pop();
            u.idle.push(worker);
        }
        loop {
            match u.phase {
                Phase::Slots => {
                    if let Some(stopped) = u.read_failures(store, now, service_id) {
                        // `break slotsLoop`: the slots left are never handed out.
                        u.stopped = stopped;
                        u.queue.clear();
                        u.phase = Phase::Draining;
                        continue;
                    }
                    u.hand_out_slots(store, restarts, timers, rng, now, service_id);
                    if !u.queue.is_empty() {
                        break;
                    }
                    u.phase = Phase::Draining;
                }
                Phase::Draining => {
                    if !u.waiting.is_empty() || !u.sleeping.is_empty() {
                        break;
                    }
                    if u.stopped {
                        self.broken_off.insert(service_id);
                        return;
                    }
                    // One more monitor period to catch late failures, or the delay and a second
                    // when the delay is the longer.
                    let monitor = u.monitor_period();
                    let wait = if u.config.delay >= monitor {
                        u.config.delay + SimDuration::from_secs(1)
                    } else {
                        monitor
                    };
                    timers.arm(now + wait, Wakeup::UpdateTimer(service_id, u.run));
                    u.phase = Phase::Monitoring { until: now + wait };
                }
                Phase::Monitoring { until } => {
                    if let Some(stopped) = u.read_failures(store, now, service_id) {
                        // `break monitorLoop`.
                        if stopped {
                            self.broken_off.insert(service_id);
                        } else {
                            complete(store, now, service_id);
                        }
                        return;
                    }
                    if now >= until {
                        complete(store, now, service_id);
                        return;
                    }
                    break;
                }
            }
        }
        self.updaters.insert(service_id, u);
    }
}

impl Updater {
    /// The workers watch their own new tasks: the first sighting at RUNNING or later starts the
    /// task's monitor period; under start-first the old tasks go once it runs; a worker whose
    /// task reached RUNNING or ended is done with its slot.
    fn watch_new_tasks(
        &mut self,
        store: &mut Store,
        timers: &mut TimerQueue,
        now: SimTime,
        service_id: ServiceId,
        changed: &[TaskId],
    ) {
        for id in changed {
            let Some(waiting) = self.waiting.get(id) else { continue };
            if waiting.delay_pending {
                continue;
            }
            let state = store.task(*id).map(|t| t.status.state);
            if waiting.until_running {
                if state.is_some_and(|s| s >= TaskState::Running)
                    && let Some(started_at @ None) = self.created.get_mut(id).map(|s| &mut **s)
                {
                    *started_at = Some(now);
                }
                if waiting.start_first && state == Some(TaskState::Running) {
                    shut_down(store, now, &waiting.old);
                }
                if state.is_some_and(|s| s < TaskState::Running) {
                    continue;
                }
            }
            let Waiting { worker, slot, .. } = *self.waiting.remove(id).expect("present");
            self.done.push(slot);
            self.rest(timers, now, service_id, worker);
        }
    }

    /// Gives free workers the next slots.
    fn hand_out_slots(
        &mut self,
        store: &mut Store,
        restarts: &mut RestartSupervisor,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
        service_id: ServiceId,
    ) {
        while !self.queue.is_empty()
            && let Some(worker) = self.idle.pop()
        {
            let slot = self.queue.pop_front().expect("not empty");
            match self.update_slot(store, restarts, timers, rng, now, slot) {
                Some((new, waiting)) => {
                    self.waiting.insert(new, Box::new(Waiting { worker, ..waiting }));
                }
                None => {
                    self.done.push(slot);
                    self.rest(timers, now, service_id, worker);
                }
            }
        }
    }

    /// Reads the failure events queued up: judges each at `now` and, once the ratio is past,
    /// takes the failure action. Returns whether the run stopped (`Some(stopped)`) or goes on.
    fn read_failures(
        &mut self,
        store: &mut Store,
        now: SimTime,
        service_id: ServiceId,
    ) -> Option<bool> {
        let unread = std::mem::take(&mut self.unread);
        for (read, &id) in unread.iter().enumerate() {
            if self.judged.contains(&id) {
                continue;
            }
            // `updatedTasks[id]` is zero until the worker saw the task at RUNNING or later.
            let started_at = self.created.get(&id).and_then(|started_at| **started_at);
            let early =
                started_at.is_none_or(|at| now.saturating_since(at) <= self.monitor_period());
            if !early {
                continue;
            }
            self.judged.insert(id);
            self.failures += 1;
            if self.failure_triggers_action()
                && let Some(stopped) = failure_action(store, self, now, service_id, id)
            {
                // The events after this one stay in the watch, for a monitor loop to read.
                self.unread = unread[read + 1..].to_vec();
                return Some(stopped);
            }
        }
        None
    }

    /// The monitor period: SwarmKit's default of 5 s when the spec has none (docker leaves
    /// `Monitor` out of the spec when it is 0).
    fn monitor_period(&self) -> SimDuration {
        match self.config.monitor {
            SimDuration::ZERO => DEFAULT_MONITOR,
            monitor => monitor,
        }
    }

    /// A worker is done with a slot: it sleeps the delay (if any) before taking the next.
    fn rest(&mut self, timers: &mut TimerQueue, now: SimTime, service: ServiceId, worker: usize) {
        if self.config.delay > SimDuration::ZERO {
            let until = now + self.config.delay;
            timers.arm(until, Wakeup::UpdateTimer(service, self.run));
            self.sleeping.push(Reverse((until, worker)));
        } else {
            self.idle.push(worker);
        }
    }

    /// `failures / dirty slots > max_failure_ratio`, in float32 as SwarmKit computes it.
    fn failure_triggers_action(&self) -> bool {
        self.failures as f32 / self.dirty_slots as f32 > self.config.max_failure_ratio.0
    }

    /// A worker's turn at one slot (`worker` in SwarmKit): the new task to wait for, if any.
    fn update_slot(
        &mut self,
        store: &mut Store,
        restarts: &mut RestartSupervisor,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
        slot: SlotKey,
    ) -> Option<(TaskId, Waiting)> {
        // A global service's node that left, or no longer takes its tasks, is the global
        // orchestrator's to clean up: the update passes it by.
        if let SlotKey::Node(_, node) = slot {
            let usable = store.node(node).is_some_and(|n| {
                n.state != NodeState::Down
                    && n.availability != Availability::Drain
                    && constraint::all_match(&self.target_tasks.constraints, n)
            });
            if !usable {
                return None;
            }
        }
        let live: Vec<&Task> = store
            .tasks_with_key(slot)
            .into_iter()
            .filter(|t| t.desired <= TaskState::Running)
            .collect();
        let clean = |t: &&Task| !is_dirty(store, t, &self.target_tasks);
        let clean_running = live.iter().find(|t| clean(t) && t.desired == TaskState::Running);
        if let Some(keep) = clean_running {
            let others: Vec<TaskId> =
                live.iter().filter(|t| t.id != keep.id).map(|t| t.id).collect();
            shut_down(store, now, &others);
            return None;
        }
        if let Some(keep) = live.iter().find(|t| clean(t)) {
            let keep = keep.id;
            let others: Vec<TaskId> = live.iter().filter(|t| t.id != keep).map(|t| t.id).collect();
            shut_down(store, now, &others);
            let Some(old) = others.first() else {
                restarts.start_existing_now(store, now, keep);
                return None;
            };
            restarts.start_after_stop(timers, now, *old, keep);
            let waiting = Waiting {
                worker: usize::MAX,
                slot,
                old: others,
                start_first: false,
                delay_pending: true,
                until_running: false,
            };
            return Some((keep, waiting));
        }
        let old: Vec<TaskId> = live.iter().map(|t| t.id).collect();
        let service = match slot {
            SlotKey::Slot(service, _) | SlotKey::Node(service, _) => service,
        };
        let new = create_task(store, rng, now, service, slot, TaskState::Ready);
        self.created.insert(new, Box::new(None));
        let start_first = self.config.order == UpdateOrder::StartFirst;
        let mut delay_pending = false;
        if start_first {
            store.set_desired(now, new, TaskState::Running);
        } else {
            shut_down(store, now, &old);
            match old.first() {
                Some(first) => {
                    restarts.start_after_stop(timers, now, *first, new);
                    delay_pending = true;
                }
                None => store.set_desired(now, new, TaskState::Running),
            }
        }
        let waiting = Waiting {
            worker: usize::MAX,
            slot,
            old,
            start_first,
            delay_pending,
            until_running: true,
        };
        Some((new, waiting))
    }
}

/// The failure action, once the ratio is exceeded: `Some(stopped)` when the run breaks out of
/// its loop (SwarmKit's `failureTriggersAction` returning true), `None` for CONTINUE.
///
/// A rollback run that fails pauses without setting `stopped` ("Never roll back a rollback"), so
/// it still drains, monitors and then completes: SwarmKit's `completeUpdate` turns the
/// `rollback_paused` status into `completed` / "update completed".
fn failure_action(
    store: &mut Store,
    u: &Updater,
    now: SimTime,
    service_id: ServiceId,
    failed: TaskId,
) -> Option<bool> {
    let status = store.service(service_id).and_then(|s| s.update_status.as_ref());
    // `pauseUpdate` and `rollbackUpdate` do nothing once a client update has cleared the
    // status ("The service was updated since we started this update").
    let status = status.map(|s| (s.started_at, s.state));
    // `pauseUpdate` picks the state from the status as it is now (a manual rollback may have
    // come since the run started); the message is the run's.
    let pause = |store: &mut Store, message: String| {
        let Some((_, current)) = status else { return };
        let state = if current == UpdateState::RollbackStarted {
            UpdateState::RollbackPaused
        } else {
            UpdateState::Paused
        };
        set_status(store, now, service_id, state, &message, None);
    };
    match (u.config.failure_action, u.rollback) {
        (FailureAction::Continue, _) => None,
        (FailureAction::Pause, _) => {
            pause(
                store,
                format!("update paused due to failure or early termination of task {failed}"),
            );
            Some(true)
        }
        (FailureAction::Rollback, true) => {
            pause(
                store,
                format!("rollback paused due to failure or early termination of task {failed}"),
            );
            Some(false)
        }
        (FailureAction::Rollback, false) => {
            let has_previous = store.service(service_id).is_some_and(|s| s.previous_spec.is_some());
            let Some((started_at, _)) = status.filter(|_| has_previous) else {
                // Without a previous spec, "cannot roll back service because no previous spec
                // is available": the status stays UPDATING and this run ends without
                // completing.
                return Some(true);
            };
            let message =
                format!("update rolled back due to failure or early termination of task {failed}");
            store.update_service(now, service_id, |s| {
                let previous = s.previous_spec.take().expect("checked above");
                s.spec = previous;
                s.spec_version = std::mem::take(&mut s.previous_spec_version);
                // `rollbackUpdate` changes the state and the message only: StartedAt (and
                // CompletedAt, if a finished status was there) stay.
                let completed_at = s.update_status.as_ref().and_then(|u| u.completed_at);
                s.update_status = Some(UpdateStatus {
                    state: UpdateState::RollbackStarted,
                    started_at,
                    completed_at,
                    message: message.clone(),
                });
            });
            store.push_event(crate::event::Event::UpdateStatusChanged {
                at: now,
                service: service_id,
                state: UpdateState::RollbackStarted,
                message,
            });
            Some(true)
        }
    }
}

/// `completeUpdate`: ROLLBACK_STARTED → ROLLBACK_COMPLETED, any other status → COMPLETED (a
/// run can start on a finished status: `startUpdate` writes only over none). Nothing if a
/// client update cleared the status meanwhile.
fn complete(store: &mut Store, now: SimTime, service_id: ServiceId) {
    let state = store.service(service_id).and_then(|s| s.update_status.as_ref()).map(|s| s.state);
    let (state, message) = match state {
        None => return,
        Some(UpdateState::RollbackStarted) => {
            (UpdateState::RollbackCompleted, "rollback completed")
        }
        Some(_) => (UpdateState::Completed, "update completed"),
    };
    set_status(store, now, service_id, state, message, Some(now));
}

/// The updater's own status writes. `startUpdate` writes a fresh status; `completeUpdate` and
/// `pauseUpdate` change the state and message of the status there, keeping StartedAt (and
/// CompletedAt, unless they set it).
fn set_status(
    store: &mut Store,
    now: SimTime,
    service_id: ServiceId,
    state: UpdateState,
    message: &str,
    completed_at: Option<SimTime>,
) {
    store.update_service(now, service_id, |s| {
        let message = message.to_string();
        s.update_status = Some(match s.update_status.take() {
            Some(old) if state != UpdateState::Updating => UpdateStatus {
                state,
                started_at: old.started_at,
                completed_at: completed_at.or(old.completed_at),
                message,
            },
            _ => UpdateStatus { state, started_at: now, completed_at, message },
        });
    });
    store.push_event(crate::event::Event::UpdateStatusChanged {
        at: now,
        service: service_id,
        state,
        message: message.to_string(),
    });
}

fn shut_down(store: &mut Store, now: SimTime, tasks: &[TaskId]) {
    for id in tasks {
        if store.task(*id).is_some_and(|t| t.desired <= TaskState::Running) {
            store.set_desired(now, *id, TaskState::Shutdown);
        }
    }
}

/// The slots an update must visit, in slot order (a global service's: on the nodes that take
/// its tasks): those with more than one runnable task, or whose one runnable task is dirty
/// (`updater.go`'s `isTaskDirty`); and, as SwarmKit's `UpdatableTasksInSlot` hands them over,
/// a slot whose last task stopped for good under its restart policy and is dirty (except during
/// a rollback), so that `--force` or a new spec replaces it.
pub(crate) fn dirty_slots(
    store: &Store,
    restarts: &RestartSupervisor,
    service: ServiceId,
    target: &TaskSpec,
) -> Vec<SlotKey> {
    // The service's tasks in slot order, each slot's in the store's order (already so but for
    // a global service's, by node), cut into runs: no map, one B-tree type fewer in the wasm.
    let mut tasks: Vec<&Task> = store.tasks_of(service).collect();
    crate::sort::sort_by_key(&mut tasks, |task| task.slot_key());
    let by_slot = tasks.chunk_by(|a, b| a.slot_key() == b.slot_key());
    let rolling_back = store
        .service(service)
        .and_then(|s| s.update_status.as_ref())
        .is_some_and(|s| s.state == UpdateState::RollbackStarted);
    // `reconcileServices` hands the updater only the nodes that take the service's tasks: not
    // a drained, paused, down or non-matching one.
    let takes_tasks = |key: &SlotKey| match key {
        SlotKey::Slot(..) => true,
        SlotKey::Node(_, node) => store.node(*node).is_some_and(|n| {
            n.availability == Availability::Active
                && n.state != NodeState::Down
                && constraint::all_match(&target.constraints, n)
        }),
    };
    // A plain loop, not a filter chain: the chain's `next` was one large function of its own.
    let mut dirty = Vec::new();
    for tasks in by_slot {
        let key = tasks[0].slot_key();
        if !takes_tasks(&key) {
            continue;
        }
        let runnable: Vec<&Task> =
            tasks.iter().copied().filter(|t| t.desired <= TaskState::Running).collect();
        let visit = match runnable.as_slice() {
            [] => {
                // The newest task by the orchestrator's own order (`reconcile`).
                let newest = tasks
                    .iter()
                    .max_by_key(|t| (t.status.timestamp, t.created_at, t.id))
                    .expect("a slot has tasks");
                !rolling_back
                    && newest.desired <= TaskState::Shutdown
                    && !restarts.should_restart(newest)
                    && is_dirty(store, newest, target)
            }
            [only] => is_dirty(store, only, target),
            _ => true,
        };
        if visit {
            dirty.push(key);
        }
    }
    dirty
}

/// SwarmKit's `IsTaskDirty`: the task runs another spec, unless only the constraints changed
/// and its node still satisfies the new ones, or only the pull options changed and the task has
/// its image already (desired RUNNING or earlier, observed READY to RUNNING): new registry
/// credentials need not restart a task that pulled fine, but do replace one still pulling or
/// stopped. A log driver change is a change of spec; the cluster's default is not in the spec.
pub(crate) fn is_dirty(store: &Store, task: &Task, target: &TaskSpec) -> bool {
    if std::ptr::eq(&*task.spec, target) || *task.spec == *target {
        return false;
    }
    // Checked before pull options are set aside, as SwarmKit does: constraints and pull
    // options changed together fall through to the full comparison.
    let only_constraints =
        TaskSpec { constraints: target.constraints.clone(), ..(*task.spec).clone() };
    if only_constraints == *target
        && let Some(node) = task.node.and_then(|n| store.node(n))
        && constraint::all_match(&target.constraints, node)
    {
        return false;
    }
    let pulled = task.desired <= TaskState::Running
        && (TaskState::Ready..=TaskState::Running).contains(&task.status.state);
    if pulled && task.spec.pull_options != target.pull_options {
        let same_pull_options =
            TaskSpec { pull_options: task.spec.pull_options.clone(), ..target.clone() };
        return same_pull_options != *task.spec;
    }
    true
}
