//! The store: the single source of truth for nodes, services and tasks.
//!
//! Every write goes through a method here, which checks the rule it touches (pair assertions:
//! the writers assert too) and appends the matching public `Event`. Indexes that make the
//! components' work proportional to what changed (tasks per service, tasks waiting for the
//! allocator or the scheduler) are kept here, next to the writes that move them.

use std::collections::{BTreeMap, BTreeSet};

use crate::event::Event;
use crate::node::{Node, NodeId};
use crate::service::{Service, ServiceId};
use crate::task::{Task, TaskId, TaskState, TaskStatus};
use crate::time::SimTime;

#[derive(Debug, Default, Clone)]
pub(crate) struct Store {
    nodes: BTreeMap<NodeId, Node>,
    /// Node IDs in the order the nodes joined (docker lists nodes by name; views by join).
    join_order: Vec<NodeId>,
    services: BTreeMap<ServiceId, Service>,
    tasks: BTreeMap<TaskId, Task>,
    tasks_by_service: BTreeMap<ServiceId, BTreeSet<TaskId>>,
    /// Tasks in observed state NEW: the allocator's queue.
    unallocated: BTreeSet<TaskId>,
    /// Tasks in observed state PENDING without a node: the scheduler's queue.
    unassigned: BTreeSet<TaskId>,
    events: Vec<Event>,
    /// Bumped whenever the scheduler could newly succeed: a task starts waiting, a node joins.
    scheduling_epoch: u64,
}

impl Store {
    pub(crate) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(&id)
    }

    pub(crate) fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }

    pub(crate) fn nodes_in_join_order(&self) -> impl Iterator<Item = &Node> {
        self.join_order.iter().map(|id| &self.nodes[id])
    }

    pub(crate) fn service(&self, id: ServiceId) -> Option<&Service> {
        self.services.get(&id)
    }

    pub(crate) fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    pub(crate) fn task(&self, id: TaskId) -> Option<&Task> {
        self.tasks.get(&id)
    }

    pub(crate) fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.tasks.values()
    }

    pub(crate) fn tasks_of(&self, service: ServiceId) -> impl Iterator<Item = &Task> {
        self.tasks_by_service.get(&service).into_iter().flatten().map(|id| &self.tasks[id])
    }

    pub(crate) fn unallocated(&self) -> &BTreeSet<TaskId> {
        &self.unallocated
    }

    pub(crate) fn unassigned(&self) -> &BTreeSet<TaskId> {
        &self.unassigned
    }

    pub(crate) fn is_id_taken(&self, id: crate::id::ObjectId) -> bool {
        self.nodes.contains_key(&NodeId(id))
            || self.services.contains_key(&ServiceId(id))
            || self.tasks.contains_key(&TaskId(id))
    }

    pub(crate) fn scheduling_epoch(&self) -> u64 {
        self.scheduling_epoch
    }

    pub(crate) fn drain_events(&mut self) -> std::vec::Drain<'_, Event> {
        self.events.drain(..)
    }

    pub(crate) fn insert_node(&mut self, now: SimTime, node: Node) {
        let (id, hostname) = (node.id, node.hostname.clone());
        let previous = self.nodes.insert(id, node);
        assert!(previous.is_none(), "node {id} inserted twice");
        self.join_order.push(id);
        self.scheduling_epoch += 1;
        self.events.push(Event::NodeJoined { at: now, node: id, hostname });
    }

    pub(crate) fn insert_service(&mut self, now: SimTime, service: Service) {
        let (id, name) = (service.id, service.spec.name.clone());
        let previous = self.services.insert(id, service);
        assert!(previous.is_none(), "service {id} inserted twice");
        self.tasks_by_service.insert(id, BTreeSet::new());
        self.events.push(Event::ServiceCreated { at: now, service: id, name });
    }

    /// Adds a task an orchestrator just created.
    pub(crate) fn insert_task(&mut self, now: SimTime, task: Task, name: String) {
        assert_eq!(task.status.state, TaskState::New, "tasks are created NEW");
        assert!(task.node.is_none(), "replicated tasks are created unassigned");
        let (id, service) = (task.id, task.service);
        assert!(self.services.contains_key(&service), "task {id} of unknown service");
        let previous = self.tasks.insert(id, task);
        assert!(previous.is_none(), "task {id} inserted twice");
        self.tasks_by_service.get_mut(&service).expect("service index").insert(id);
        self.unallocated.insert(id);
        self.events.push(Event::TaskCreated { at: now, task: id, service, name });
    }

    /// Moves a task's observed state forward. Panics on a backward move: that is a bug in the
    /// writer, never a user error.
    pub(crate) fn advance_task(
        &mut self,
        now: SimTime,
        id: TaskId,
        to: TaskState,
        message: &'static str,
    ) {
        let task = self.tasks.get_mut(&id).expect("advance of unknown task");
        let from = task.status.state;
        assert!(
            from.can_advance_to(to),
            "task {id}: observed state moved backwards {from} -> {to}"
        );
        assert!(to != TaskState::Remove, "REMOVE is a desired state only");
        task.status = TaskStatus { state: to, timestamp: now, message, err: None };
        match from {
            TaskState::New => {
                self.unallocated.remove(&id);
            }
            TaskState::Pending if task.node.is_none() => {
                self.unassigned.remove(&id);
            }
            _ => {}
        }
        if to == TaskState::Pending && task.node.is_none() {
            self.unassigned.insert(id);
            self.scheduling_epoch += 1;
        }
        self.events.push(Event::TaskStateChanged { at: now, task: id, from, to, node: task.node });
    }

    /// The scheduler's decision: the task goes to `node` and becomes ASSIGNED.
    pub(crate) fn assign_task(&mut self, now: SimTime, id: TaskId, node: NodeId) {
        assert!(self.nodes.contains_key(&node), "task {id} assigned to unknown node {node}");
        let task = self.tasks.get_mut(&id).expect("assignment of unknown task");
        assert_eq!(task.status.state, TaskState::Pending, "only PENDING tasks are assigned");
        assert!(task.node.is_none(), "task {id} assigned twice");
        task.node = Some(node);
        self.unassigned.remove(&id);
        self.advance_task(now, id, TaskState::Assigned, "scheduler assigned task to node");
    }
}
