//! The replicated orchestrator: keeps each replicated service at its number of replicas.
//!
//! Service level (SwarmKit `replicated/services.go`): reconciles dirty services slot by slot;
//! scale-up fills the lowest free slots, scale-down picks victims in SwarmKit's order
//! (`replicated/slot.go`)
//! and only sets their desired state to REMOVE (the reaper deletes them), dead slots' tasks are
//! deleted. Task level (`replicated/tasks.go`): a task that stopped, or whose node went down or
//! was drained, is handed to the restart supervisor. It reacts only to store changes.

use std::collections::{BTreeMap, BTreeSet};

use crate::create::create_task;
use crate::node::{Availability, NodeId, NodeState};
use crate::restart::RestartSupervisor;
use crate::rng::Rng;
use crate::service::{ServiceId, UpdateState};
use crate::store::{Change, Store};
use crate::task::{SlotKey, Task, TaskId, TaskState};
use crate::time::SimTime;
use crate::timer::TimerQueue;
use crate::updater::UpdateSupervisor;

/// SwarmKit's `InvalidNode`: the node is gone, DOWN, or DRAINed.
pub(crate) fn node_is_invalid(store: &Store, node: Option<NodeId>) -> bool {
    match node.and_then(|n| store.node(n)) {
        None => node.is_some(),
        Some(n) => n.state == NodeState::Down || n.availability == Availability::Drain,
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct ReplicatedOrchestrator {
    dirty_services: BTreeSet<ServiceId>,
    restart_tasks: BTreeSet<TaskId>,
}

impl ReplicatedOrchestrator {
    /// Records the work a change makes (SwarmKit's `handleTaskEvent` / `handleServiceEvent`).
    /// Global services are the global orchestrator's.
    pub(crate) fn observe(&mut self, change: &Change, store: &Store) {
        let replicated =
            |service: ServiceId| store.service(service).is_some_and(|s| !s.spec.is_global());
        match change {
            Change::ServiceCreated(id) | Change::ServiceUpdated(id) => {
                if replicated(*id) {
                    self.dirty_services.insert(*id);
                }
            }
            Change::TaskCreated(changed) | Change::TaskUpdated(changed) => {
                if let Some(task) = store.task_at(*changed)
                    && replicated(task.service)
                    && task.desired <= TaskState::Running
                    && (task.status.state.is_terminal() || node_is_invalid(store, task.node))
                {
                    self.restart_tasks.insert(changed.id);
                }
            }
            Change::TaskDeleted(task) => {
                if task.desired <= TaskState::Running && replicated(task.service) {
                    self.dirty_services.insert(task.service);
                }
            }
            Change::NodeCreated(node) | Change::NodeUpdated(node) | Change::NodeDeleted(node) => {
                if node_is_invalid(store, Some(*node)) {
                    let on_node = store
                        .tasks_on(*node)
                        .filter(|t| t.desired <= TaskState::Running && replicated(t.service));
                    self.restart_tasks.extend(on_node.map(|t| t.id));
                }
            }
            Change::ServiceDeleted(_) => {}
        }
    }

    pub(crate) fn has_work(&self) -> bool {
        !self.dirty_services.is_empty() || !self.restart_tasks.is_empty()
    }

    /// Restarts first, then reconciles services ("tickTasks must be called first").
    pub(crate) fn tick(
        &mut self,
        store: &mut Store,
        restarts: &mut RestartSupervisor,
        updates: &mut UpdateSupervisor,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
    ) {
        for id in std::mem::take(&mut self.restart_tasks) {
            let Some(task) = store.task(id) else { continue };
            let still_needed = task.desired <= TaskState::Running
                && (task.status.state.is_terminal() || node_is_invalid(store, task.node))
                && store.service(task.service).is_some();
            if still_needed {
                restarts.restart(store, timers, rng, now, id);
            }
        }
        for id in std::mem::take(&mut self.dirty_services) {
            reconcile(store, restarts, rng, now, id);
            // SwarmKit's reconcile ends with `updater.Update(service, slots)`.
            updates.request(id);
        }
    }
}

/// The tasks of one slot, as `updatableAndDeadSlots` sees them.
struct SlotTasks {
    slot: u32,
    /// The runnable tasks (desired RUNNING or earlier), or the one dead task whose restart the
    /// policy forbids.
    tasks: Vec<TaskId>,
}

fn reconcile(
    store: &mut Store,
    restarts: &RestartSupervisor,
    rng: &mut Rng,
    now: SimTime,
    service_id: ServiceId,
) {
    let Some(service) = store.service(service_id) else { return };
    let replicas = service.spec.replicas() as usize;
    // `UpdatableTasksInSlot`: during a rollback a slot with no runnable task is dead whatever
    // the restart policy, so the rollback brings it back with the restored spec
    // (`UpdatableTasksInSlot`).
    let rolling_back =
        service.update_status.as_ref().is_some_and(|u| u.state == UpdateState::RollbackStarted);

    // The store hands a service's tasks over in slot order, so the slots are runs of them,
    // and `runnable` and `dead` come out in slot order (no map needed: fewer B-tree types in
    // the wasm).
    let service_tasks: Vec<&Task> = store.tasks_of(service_id).collect();
    let mut runnable: Vec<SlotTasks> = Vec::new();
    let mut dead: Vec<(u32, Vec<TaskId>)> = Vec::new();
    for tasks in service_tasks.chunk_by(|a, b| a.slot == b.slot) {
        let slot = tasks[0].slot;
        let live: Vec<TaskId> =
            tasks.iter().filter(|t| t.desired <= TaskState::Running).map(|t| t.id).collect();
        if !live.is_empty() {
            runnable.push(SlotTasks { slot, tasks: live });
            continue;
        }
        let newest = tasks
            .iter()
            .max_by_key(|t| (t.status.timestamp, t.created_at, t.id))
            .expect("a slot has tasks");
        // Deliberate difference: SwarmKit also counts a slot whose newest task was scaled away
        // (desired REMOVE) as runnable when the policy forbids restarts, so scaling back up
        // under `restart=none` creates nothing until the reaper has deleted it. We count only
        // tasks that stopped by themselves.
        if !rolling_back
            && newest.desired <= TaskState::Shutdown
            && !restarts.should_restart(newest)
        {
            runnable.push(SlotTasks { slot, tasks: vec![newest.id] });
        } else {
            dead.push((slot, tasks.iter().map(|t| t.id).collect()));
        }
    }

    if replicas > runnable.len() {
        // `runnable` is in slot order: the slots taken, to search.
        let taken = |slot: &u32| runnable.binary_search_by_key(slot, |s| s.slot).is_ok();
        let missing = replicas - runnable.len();
        let new_slots: Vec<u32> = (1u32..).filter(|s| !taken(s)).take(missing).collect();
        store.reserve_tasks(missing);
        for slot in &new_slots {
            create_task(
                store,
                rng,
                now,
                service_id,
                SlotKey::Slot(service_id, *slot),
                TaskState::Running,
            );
        }
        for (slot, tasks) in dead {
            if !new_slots.contains(&slot) {
                tasks.into_iter().for_each(|t| store.delete_task(now, t));
            }
        }
    } else {
        let removed = if replicas < runnable.len() {
            scale_down_victims(store, runnable, replicas)
        } else {
            Vec::new()
        };
        for (_, tasks) in dead {
            tasks.into_iter().for_each(|t| store.delete_task(now, t));
        }
        for slot in removed {
            for task in slot.tasks {
                if store.task(task).is_some_and(|t| t.desired < TaskState::Remove) {
                    store.set_desired(now, task, TaskState::Remove);
                }
            }
        }
    }
}

/// SwarmKit's scale-down order (`replicated/slot.go`): keep running slots and low slot numbers, and take
/// victims first from unassigned or crowded slots, then from the nodes with the most replicas.
fn scale_down_victims(store: &Store, mut slots: Vec<SlotTasks>, keep: usize) -> Vec<SlotTasks> {
    let running = |s: &SlotTasks| {
        s.tasks.iter().any(|t| store.task(*t).is_some_and(|t| t.status.state == TaskState::Running))
    };
    crate::sort::sort_by_key(&mut slots, |s| (!running(s), s.slot));
    // Counted in a `u32`, as the store's counts by ID are: one B-tree type fewer in the wasm.
    let mut per_node: BTreeMap<NodeId, u32> = BTreeMap::new();
    let mut indexed: Vec<(i64, SlotTasks)> = slots
        .into_iter()
        .map(|s| {
            let node = match s.tasks.as_slice() {
                [only] => store.task(*only).and_then(|t| t.node),
                _ => None,
            };
            let index = match node {
                Some(n) => {
                    let count = per_node.entry(n).or_default();
                    *count += 1;
                    i64::from(*count)
                }
                None => i64::MAX,
            };
            (index, s)
        })
        .collect();
    crate::sort::sort_by_key(&mut indexed, |(index, _)| *index);
    indexed.into_iter().skip(keep).map(|(_, s)| s).collect()
}
