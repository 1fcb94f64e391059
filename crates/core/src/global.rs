//! The global orchestrator: one task of each global service on every node that can take it.
//!
//! SwarmKit `orchestrator/global/global.go`. A node is eligible unless it is DRAINed or DOWN (or
//! gone); a PAUSEd node is left as it is. On an eligible node that matches the service's
//! constraints and has no runnable task, a task is created already assigned to that node (the
//! scheduler only confirms it). Tasks on nodes that stop being eligible, or stop matching, are
//! shut down and not recreated elsewhere. A failed task is restarted on the same node, under
//! its restart policy. When a service changes, nodes that have tasks are left to the update
//! supervisor, which replaces dirty ones node by node (never on a paused node). When a node
//! changes (say it is activated again after a pause), its out-of-date tasks are replaced at once,
//! outside any rolling update: SwarmKit's `reconcileServicesOneNode`.

use std::collections::BTreeSet;

use crate::constraint;
use crate::create::create_task;
use crate::node::{Availability, NodeId, NodeState};
use crate::restart::RestartSupervisor;
use crate::rng::Rng;
use crate::service::ServiceId;
use crate::store::{Change, Store};
use crate::task::{SlotKey, TaskId, TaskState};
use crate::time::SimTime;
use crate::timer::TimerQueue;
use crate::updater::UpdateSupervisor;

#[derive(Debug, Default, Clone)]
pub(crate) struct GlobalOrchestrator {
    dirty_services: BTreeSet<ServiceId>,
    dirty_nodes: BTreeSet<NodeId>,
    /// Nodes removed from the swarm: their global tasks are deleted (SwarmKit `deleteNode`).
    deleted_nodes: BTreeSet<NodeId>,
    restart_tasks: BTreeSet<TaskId>,
}

fn is_global(store: &Store, service: ServiceId) -> bool {
    store.service(service).is_some_and(|s| s.spec.is_global())
}

impl GlobalOrchestrator {
    pub(crate) fn observe(&mut self, change: &Change, store: &Store) {
        match change {
            Change::ServiceCreated(id) | Change::ServiceUpdated(id) => {
                if is_global(store, *id) {
                    self.dirty_services.insert(*id);
                }
            }
            Change::NodeCreated(node) | Change::NodeUpdated(node) => {
                self.dirty_nodes.insert(*node);
            }
            Change::TaskCreated(changed) | Change::TaskUpdated(changed) => {
                if let Some(task) = store.task_at(*changed)
                    && is_global(store, task.service)
                    && task.desired <= TaskState::Running
                    && task.status.state.is_terminal()
                {
                    self.restart_tasks.insert(changed.id);
                }
            }
            Change::NodeDeleted(node) => {
                self.deleted_nodes.insert(*node);
            }
            Change::TaskDeleted(_) | Change::ServiceDeleted(_) => {}
        }
    }

    pub(crate) fn has_work(&self) -> bool {
        !self.dirty_services.is_empty()
            || !self.dirty_nodes.is_empty()
            || !self.deleted_nodes.is_empty()
            || !self.restart_tasks.is_empty()
    }

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
            if task.desired > TaskState::Running || !task.status.state.is_terminal() {
                continue;
            }
            let Some(node) = task.node.and_then(|n| store.node(n)) else { continue };
            let Some(service) = store.service(task.service) else { continue };
            if node.state == NodeState::Down || node.availability == Availability::Drain {
                continue;
            }
            let matches = constraint::all_match(&service.spec.parsed_constraints(), node);
            if node.availability == Availability::Pause || !matches {
                store.set_desired(now, id, TaskState::Shutdown);
            } else {
                restarts.restart(store, timers, rng, now, id);
            }
        }
        for node in std::mem::take(&mut self.deleted_nodes) {
            let doomed: Vec<TaskId> = store
                .tasks_on(node)
                .filter(|t| t.slot == 0 && is_global(store, t.service))
                .map(|t| t.id)
                .collect();
            for task in doomed {
                store.delete_task(now, task);
            }
        }
        let services: Vec<ServiceId> =
            std::mem::take(&mut self.dirty_services).into_iter().collect();
        let nodes: Vec<NodeId> = std::mem::take(&mut self.dirty_nodes).into_iter().collect();
        let all_nodes: Vec<NodeId> = store.nodes().map(|n| n.id).collect();
        let all_global: Vec<ServiceId> =
            store.services().filter(|s| s.spec.is_global()).map(|s| s.id).collect();
        for service in &services {
            for node in &all_nodes {
                reconcile(store, restarts, rng, now, *service, *node, Trigger::Service);
            }
            updates.request(*service);
        }
        for node in &nodes {
            for service in &all_global {
                reconcile(store, restarts, rng, now, *service, *node, Trigger::Node);
            }
        }
    }
}

/// What asked for a reconcile: SwarmKit's `reconcileServices` and `reconcileOneNode` differ on
/// a paused node whose labels no longer match (the service path shuts its task down, the node
/// path leaves a paused node alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Service,
    Node,
}

/// Brings one global service on one node to what it should be.
fn reconcile(
    store: &mut Store,
    restarts: &RestartSupervisor,
    rng: &mut Rng,
    now: SimTime,
    service_id: ServiceId,
    node_id: NodeId,
    trigger: Trigger,
) {
    let (Some(service), Some(node)) = (store.service(service_id), store.node(node_id)) else {
        return;
    };
    let key = SlotKey::Node(service_id, node_id);
    let tasks = store.tasks_with_key(key);
    let runnable: Vec<TaskId> =
        tasks.iter().filter(|t| t.desired <= TaskState::Running).map(|t| t.id).collect();
    let eligible = node.state != NodeState::Down && node.availability != Availability::Drain;
    let matches = constraint::all_match(&service.spec.parsed_constraints(), node);

    let paused = node.availability == Availability::Pause;
    if eligible && paused && trigger == Trigger::Node {
        return;
    }
    if !eligible || !matches {
        for task in runnable {
            store.set_desired(now, task, TaskState::Shutdown);
        }
        return;
    }
    if paused {
        return;
    }
    if runnable.is_empty() {
        // A node whose last task stopped for good under its restart policy gets no new one,
        // except (`UpdatableTasksInSlot`) during a rollback, which always converges, and, on
        // the node's own reconcile, when that task runs another spec, as a rolling update
        // would have replaced it.
        let rolling_back = service
            .update_status
            .as_ref()
            .is_some_and(|u| u.state == crate::service::UpdateState::RollbackStarted);
        let newest = tasks.iter().max_by_key(|t| (t.status.timestamp, t.created_at, t.id));
        if let Some(newest) = newest.filter(|t| !restarts.should_restart(t)).map(|t| t.id)
            && !rolling_back
        {
            let target = store.task_spec(service_id);
            let out_of_date = trigger == Trigger::Node
                && store.task(newest).is_some_and(|t| crate::updater::is_dirty(store, t, &target));
            if !out_of_date {
                return;
            }
        }
        create_task(store, rng, now, service_id, key, TaskState::Running);
        return;
    }
    if trigger == Trigger::Service {
        // A node with tasks is the update supervisor's: it replaces dirty ones and settles a
        // node running more than one (SwarmKit's `reconcileServices` hands them to the
        // updater).
        return;
    }
    // `reconcileServicesOneNode` does not use the updater ("This is not a rolling update"): it
    // keeps the first clean task and shuts down the rest, starting a new task at once if none
    // is clean, with no update status and no waiting for the old task to stop.
    let target = store.task_spec(service_id);
    let (clean, dirty): (Vec<TaskId>, Vec<TaskId>) = runnable.into_iter().partition(|id| {
        store.task(*id).is_some_and(|t| !crate::updater::is_dirty(store, t, &target))
    });
    let mut doomed = dirty;
    match clean.split_first() {
        Some((_, extra)) => doomed.extend_from_slice(extra),
        None => {
            create_task(store, rng, now, service_id, key, TaskState::Running);
        }
    }
    for task in doomed {
        store.set_desired(now, task, TaskState::Shutdown);
    }
}
