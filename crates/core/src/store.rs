//! The store: the single source of truth for nodes, services and tasks.
//!
//! Every write goes through a method here. Each write checks the rule it touches (pair
//! assertions: the writers check too), records an internal `Change` for the manager's
//! components, and appends the matching public `Event`. The store also keeps the indexes that
//! make each component's work proportional to what changed: tasks per slot and per node, the
//! allocator's and scheduler's queues, and each node's books (reserved resources and active
//! task counts, SwarmKit's `NodeInfo`).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::event::Event;
use crate::id::ObjectId;
use crate::node::{Node, NodeId, Resources};
use crate::service::{Protocol, Service, ServiceId};
use crate::task::{SlotKey, Task, TaskId, TaskSpec, TaskState, TaskStatus};
use crate::time::SimTime;

/// What changed, for the manager's components (SwarmKit's store events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    TaskCreated(TaskId),
    TaskUpdated(TaskId),
    TaskDeleted(Box<Task>),
    NodeCreated(NodeId),
    NodeUpdated(NodeId),
    NodeDeleted(NodeId),
    ServiceCreated(ServiceId),
    ServiceUpdated(ServiceId),
    ServiceDeleted(ServiceId),
}

/// A node's books, as the scheduler sees them (SwarmKit `scheduler/nodeinfo.go`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct NodeBooks {
    /// Reservations of tasks assigned here and not yet past RUNNING.
    pub(crate) reserved: Resources,
    /// Those tasks whose desired state is COMPLETE or earlier (`ActiveTasksCount`).
    pub(crate) active: u32,
    pub(crate) active_by_service: BTreeMap<ServiceId, u32>,
    /// Host-mode published ports in use (`HostPortFilter`).
    pub(crate) host_ports: BTreeSet<(Protocol, u16)>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Store {
    nodes: BTreeMap<NodeId, Node>,
    /// Node IDs in the order the nodes joined.
    join_order: Vec<NodeId>,
    books: BTreeMap<NodeId, NodeBooks>,
    services: BTreeMap<ServiceId, Service>,
    tasks: BTreeMap<TaskId, Task>,
    /// (service, slot, task): tasks per service and per slot, by range.
    by_slot: BTreeSet<(ServiceId, u32, TaskId)>,
    /// (node, task): tasks per node, by range.
    by_node: BTreeSet<(NodeId, TaskId)>,
    /// Tasks in observed state NEW: the allocator's queue.
    unallocated: BTreeSet<TaskId>,
    /// Tasks in observed state PENDING without a node: the scheduler's queue.
    unassigned: BTreeSet<TaskId>,
    /// Tasks in observed state PENDING with a node chosen by their orchestrator (global).
    preassigned: BTreeSet<TaskId>,
    changes: Vec<Change>,
    events: Vec<Event>,
    /// Raft term: bumped at every election, so timers a former leader armed can be told apart.
    term: u64,
}

/// What a task contributes to its node's books: its reservations while it is assigned and not
/// past RUNNING, and one active task while its desired state is also COMPLETE or earlier.
/// (A preassigned task still PENDING is not on the books until the scheduler confirms it.)
fn contribution(task: &Task) -> Option<Contribution> {
    let node = task.node?;
    let tracked =
        task.status.state >= TaskState::Assigned && task.status.state <= TaskState::Running;
    tracked.then_some(Contribution {
        node,
        reserved: task.spec.reservations,
        active: task.desired <= TaskState::Complete,
        host_ports: task.spec.host_ports.iter().map(|p| (p.protocol, p.published)).collect(),
    })
}

/// One task's share of a node's books.
struct Contribution {
    node: NodeId,
    reserved: Resources,
    active: bool,
    host_ports: Vec<(Protocol, u16)>,
}

impl Store {
    // ---- reads -------------------------------------------------------------------------

    pub(crate) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(&id)
    }

    pub(crate) fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }

    pub(crate) fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub(crate) fn nodes_in_join_order(&self) -> impl Iterator<Item = &Node> {
        self.join_order.iter().map(|id| &self.nodes[id])
    }

    pub(crate) fn books(&self, node: NodeId) -> &NodeBooks {
        &self.books[&node]
    }

    pub(crate) fn service(&self, id: ServiceId) -> Option<&Service> {
        self.services.get(&id)
    }

    /// The spec new tasks of `service` carry, built once per spec version and shared.
    pub(crate) fn task_spec(&mut self, service: ServiceId) -> Rc<TaskSpec> {
        let s = self.services.get_mut(&service).expect("task spec of a live service");
        match &s.task_spec {
            Some((version, spec)) if *version == s.version => Rc::clone(spec),
            _ => {
                let spec = Rc::new(TaskSpec::of(&s.spec));
                s.task_spec = Some((s.version, Rc::clone(&spec)));
                spec
            }
        }
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
        let start = (service, 0, TaskId(ObjectId::MIN));
        let end = (service, u32::MAX, TaskId(ObjectId::MAX));
        self.by_slot.range(start..=end).map(|(_, _, id)| &self.tasks[id])
    }

    pub(crate) fn tasks_in_slot(
        &self,
        service: ServiceId,
        slot: u32,
    ) -> impl Iterator<Item = &Task> {
        let start = (service, slot, TaskId(ObjectId::MIN));
        let end = (service, slot, TaskId(ObjectId::MAX));
        self.by_slot.range(start..=end).map(|(_, _, id)| &self.tasks[id])
    }

    pub(crate) fn tasks_on(&self, node: NodeId) -> impl Iterator<Item = &Task> {
        let start = (node, TaskId(ObjectId::MIN));
        let end = (node, TaskId(ObjectId::MAX));
        self.by_node.range(start..=end).map(|(_, id)| &self.tasks[id])
    }

    pub(crate) fn unallocated(&self) -> &BTreeSet<TaskId> {
        &self.unallocated
    }

    pub(crate) fn unassigned(&self) -> &BTreeSet<TaskId> {
        &self.unassigned
    }

    pub(crate) fn preassigned(&self) -> &BTreeSet<TaskId> {
        &self.preassigned
    }

    /// The tasks sharing a history with `key`: a replicated slot, or a global service's node.
    pub(crate) fn tasks_with_key(&self, key: SlotKey) -> Vec<&Task> {
        match key {
            SlotKey::Slot(service, slot) => self.tasks_in_slot(service, slot).collect(),
            SlotKey::Node(service, node) => {
                self.tasks_on(node).filter(|t| t.service == service && t.slot == 0).collect()
            }
        }
    }

    pub(crate) fn is_id_taken(&self, id: ObjectId) -> bool {
        self.nodes.contains_key(&NodeId(id))
            || self.services.contains_key(&ServiceId(id))
            || self.tasks.contains_key(&TaskId(id))
    }

    pub(crate) fn term(&self) -> u64 {
        self.term
    }

    pub(crate) fn new_term(&mut self) {
        self.term += 1;
    }

    pub(crate) fn pending_changes(&self) -> usize {
        self.changes.len()
    }

    pub(crate) fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    pub(crate) fn drain_events(&mut self) -> std::vec::Drain<'_, Event> {
        self.events.drain(..)
    }

    // ---- nodes -------------------------------------------------------------------------

    pub(crate) fn insert_node(&mut self, now: SimTime, node: Node) {
        let (id, hostname) = (node.id, node.hostname.clone());
        let previous = self.nodes.insert(id, node);
        assert!(previous.is_none(), "node {id} inserted twice");
        self.join_order.push(id);
        self.books.insert(id, NodeBooks::default());
        self.changes.push(Change::NodeCreated(id));
        self.events.push(Event::NodeJoined { at: now, node: id, hostname });
    }

    /// Changes a node's manager-side record (status, availability, role, labels).
    pub(crate) fn update_node(&mut self, now: SimTime, id: NodeId, f: impl FnOnce(&mut Node)) {
        let node = self.nodes.get_mut(&id).expect("update of unknown node");
        let before = node.clone();
        f(node);
        assert_eq!(node.id, id, "a node's ID never changes");
        assert_eq!(node.powered, before.powered, "power is the machine's, not the manager's");
        if *node != before {
            self.changes.push(Change::NodeUpdated(id));
            self.events.push(Event::NodeChanged {
                at: now,
                node: id,
                state: node.state,
                availability: node.availability,
                manager_status: node.manager_status(),
            });
        }
    }

    /// Changes simulation-only facts of a node (power). The manager is not told.
    pub(crate) fn update_machine(&mut self, now: SimTime, id: NodeId, powered: bool) {
        let node = self.nodes.get_mut(&id).expect("update of unknown node");
        if node.powered != powered {
            node.powered = powered;
            node.power_epoch += 1;
            self.events.push(Event::NodePowerChanged { at: now, node: id, powered });
        }
    }

    /// Deletes a node. Its tasks stay, stopped (history keeps naming the node by ID).
    pub(crate) fn delete_node(&mut self, now: SimTime, id: NodeId) {
        assert!(
            self.tasks_on(id).all(|t| t.status.state.is_terminal()),
            "node {id} deleted with live tasks on it"
        );
        self.nodes.remove(&id).expect("delete of unknown node");
        self.join_order.retain(|n| *n != id);
        self.books.remove(&id);
        self.changes.push(Change::NodeDeleted(id));
        self.events.push(Event::NodeRemoved { at: now, node: id });
    }

    // ---- services ----------------------------------------------------------------------

    pub(crate) fn insert_service(&mut self, now: SimTime, service: Service) {
        let (id, name) = (service.id, service.spec.name.clone());
        let previous = self.services.insert(id, service);
        assert!(previous.is_none(), "service {id} inserted twice");
        self.changes.push(Change::ServiceCreated(id));
        self.events.push(Event::ServiceCreated { at: now, service: id, name });
    }

    pub(crate) fn update_service(
        &mut self,
        now: SimTime,
        id: ServiceId,
        f: impl FnOnce(&mut Service),
    ) {
        let service = self.services.get_mut(&id).expect("update of unknown service");
        f(service);
        assert_eq!(service.id, id, "a service's ID never changes");
        service.version += 1;
        service.updated_at = now;
        self.changes.push(Change::ServiceUpdated(id));
        self.events.push(Event::ServiceUpdated { at: now, service: id });
    }

    /// Deletes the service record; its tasks stay until the reaper removes them.
    pub(crate) fn delete_service(&mut self, now: SimTime, id: ServiceId) {
        self.services.remove(&id).expect("delete of unknown service");
        self.changes.push(Change::ServiceDeleted(id));
        self.events.push(Event::ServiceRemoved { at: now, service: id });
    }

    // ---- tasks -------------------------------------------------------------------------

    /// Adds a task an orchestrator just created.
    pub(crate) fn insert_task(&mut self, now: SimTime, task: Task, name: String) {
        assert_eq!(task.status.state, TaskState::New, "tasks are created NEW");
        assert_eq!(
            task.node.is_some(),
            task.slot == 0,
            "global tasks, and only they, come with a node"
        );
        let (id, service, slot) = (task.id, task.service, task.slot);
        assert!(self.services.contains_key(&service), "task {id} of unknown service");
        let node = task.node;
        let previous = self.tasks.insert(id, task);
        assert!(previous.is_none(), "task {id} inserted twice");
        self.by_slot.insert((service, slot, id));
        if let Some(node) = node {
            self.by_node.insert((node, id));
        }
        self.unallocated.insert(id);
        self.changes.push(Change::TaskCreated(id));
        self.events.push(Event::TaskCreated { at: now, task: id, service, name });
    }

    /// Adds (`sign` true) or removes a task's contribution to its node's books.
    fn book(&mut self, service: ServiceId, contribution: Option<Contribution>, add: bool) {
        let Some(Contribution { node, reserved, active, host_ports }) = contribution else {
            return;
        };
        let books = self.books.get_mut(&node).expect("books of a known node");
        for key in host_ports {
            let changed =
                if add { books.host_ports.insert(key) } else { books.host_ports.remove(&key) };
            assert!(changed, "host port {key:?} booked twice (or freed twice) on node {node}");
        }
        if add {
            books.reserved = books.reserved.plus(reserved);
        } else {
            books.reserved = books.reserved.minus(reserved);
        }
        if !active {
            return;
        }
        if add {
            books.active += 1;
            *books.active_by_service.entry(service).or_default() += 1;
        } else {
            books.active -= 1;
            let count = books.active_by_service.get_mut(&service).expect("counted service");
            *count -= 1;
            if *count == 0 {
                books.active_by_service.remove(&service);
            }
        }
    }

    /// Applies `f` to a task, keeping the indexes and books in step.
    fn mutate_task(&mut self, id: TaskId, f: impl FnOnce(&mut Task)) {
        let task = self.tasks.get_mut(&id).expect("update of unknown task");
        let before = contribution(task);
        let (was_node, was_state) = (task.node, task.status.state);
        f(task);
        let after = contribution(task);
        let (node, state, service) = (task.node, task.status.state, task.service);
        self.book(service, before, false);
        self.book(service, after, true);
        if was_node != node {
            assert!(was_node.is_none(), "task {id} moved between nodes");
            self.by_node.insert((node.expect("assigned"), id));
        }
        let preassigned = state == TaskState::Pending && node.is_some();
        let was_preassigned = was_state == TaskState::Pending && was_node.is_some();
        match (was_preassigned, preassigned) {
            (false, true) => {
                self.preassigned.insert(id);
            }
            (true, false) => {
                self.preassigned.remove(&id);
            }
            _ => {}
        }
        if was_state == TaskState::New && state != TaskState::New {
            self.unallocated.remove(&id);
        }
        let waiting = state == TaskState::Pending && node.is_none();
        let was_waiting = was_state == TaskState::Pending && was_node.is_none();
        match (was_waiting, waiting) {
            (false, true) => {
                self.unassigned.insert(id);
            }
            (true, false) => {
                self.unassigned.remove(&id);
            }
            _ => {}
        }
        self.changes.push(Change::TaskUpdated(id));
    }

    /// Moves a task's observed state forward. Panics on a backward move: that is a bug in the
    /// writer, never a user error.
    pub(crate) fn advance_task(
        &mut self,
        now: SimTime,
        id: TaskId,
        to: TaskState,
        message: &'static str,
        err: Option<String>,
    ) {
        let task = self.tasks.get(&id).expect("advance of unknown task");
        let from = task.status.state;
        assert!(
            from.can_advance_to(to),
            "task {id}: observed state moved backwards {from} -> {to}"
        );
        assert!(to != TaskState::Remove, "REMOVE is a desired state only");
        let event_err = err.clone();
        self.mutate_task(id, |t| {
            t.status = TaskStatus { state: to, timestamp: now, message, err };
        });
        let node = self.tasks[&id].node;
        self.events.push(Event::TaskStateChanged {
            at: now,
            task: id,
            from,
            to,
            node,
            err: event_err,
        });
    }

    /// The scheduler's decision: the task goes to `node` and becomes ASSIGNED.
    pub(crate) fn assign_task(&mut self, now: SimTime, id: TaskId, node: NodeId) {
        assert!(
            self.node_accepts_new_tasks(node),
            "task {id} assigned to node {node}, which takes no new tasks"
        );
        let task = self.tasks.get(&id).expect("assignment of unknown task");
        assert_eq!(task.status.state, TaskState::Pending, "only PENDING tasks are assigned");
        assert!(task.node.is_none(), "task {id} assigned twice");
        let message = "scheduler assigned task to node";
        self.mutate_task(id, |t| {
            t.node = Some(node);
            t.status =
                TaskStatus { state: TaskState::Assigned, timestamp: now, message, err: None };
        });
        let (from, to) = (TaskState::Pending, TaskState::Assigned);
        self.events.push(Event::TaskStateChanged {
            at: now,
            task: id,
            from,
            to,
            node: Some(node),
            err: None,
        });
    }

    /// The scheduler confirms a preassigned (global) task can run on its node.
    pub(crate) fn confirm_preassigned(&mut self, now: SimTime, id: TaskId) {
        let task = self.tasks.get(&id).expect("confirmation of unknown task");
        assert_eq!(task.status.state, TaskState::Pending, "only PENDING tasks are confirmed");
        let node = task.node.expect("preassigned tasks have a node");
        assert!(
            self.node_accepts_new_tasks(node),
            "task {id} confirmed on node {node}, which takes no new tasks"
        );
        let message = "scheduler confirmed task can run on preassigned node";
        self.advance_task(now, id, TaskState::Assigned, message, None);
    }

    /// The scheduler found no node for a PENDING task: record why (SwarmKit skips a decision
    /// identical to the stored one, so the timestamp moves only when the reason changes).
    pub(crate) fn set_unschedulable(&mut self, now: SimTime, id: TaskId, err: &str) {
        let task = self.tasks.get(&id).expect("unschedulable unknown task");
        assert_eq!(task.status.state, TaskState::Pending, "only PENDING tasks wait for a node");
        if task.status.err.as_deref() == Some(err) {
            return;
        }
        self.mutate_task(id, |t| {
            t.status.err = Some(err.to_string());
            t.status.timestamp = now;
        });
        self.events.push(Event::TaskUnschedulable { at: now, task: id, err: err.to_string() });
    }

    /// Marks tasks ORPHANED without touching anything else of their status (the dispatcher's
    /// 24-hour rule), or with a new message (node removal).
    pub(crate) fn orphan_task(&mut self, now: SimTime, id: TaskId, message: Option<&'static str>) {
        let task = self.tasks.get(&id).expect("orphan of unknown task");
        let from = task.status.state;
        assert!(from.can_advance_to(TaskState::Orphaned), "task {id} is already {from}");
        self.mutate_task(id, |t| {
            t.status.state = TaskState::Orphaned;
            if let Some(message) = message {
                t.status =
                    TaskStatus { state: TaskState::Orphaned, timestamp: now, message, err: None };
            }
        });
        let node = self.tasks[&id].node;
        self.events.push(Event::TaskStateChanged {
            at: now,
            task: id,
            from,
            to: TaskState::Orphaned,
            node,
            err: None,
        });
    }

    /// Sets a task's desired state; only manager components call this.
    pub(crate) fn set_desired(&mut self, now: SimTime, id: TaskId, to: TaskState) {
        let from = self.tasks.get(&id).expect("desired state of unknown task").desired;
        if from == to {
            return;
        }
        self.mutate_task(id, |t| t.desired = to);
        self.events.push(Event::TaskDesiredChanged { at: now, task: id, from, to });
    }

    /// Deletes a task from the store (the reaper, or an orchestrator dropping a dead slot).
    pub(crate) fn delete_task(&mut self, now: SimTime, id: TaskId) {
        let task = self.tasks.remove(&id).expect("delete of unknown task");
        // A deleted task frees its node.
        self.book(task.service, contribution(&task), false);
        self.by_slot.remove(&(task.service, task.slot, id));
        if let Some(node) = task.node {
            self.by_node.remove(&(node, id));
        }
        self.unallocated.remove(&id);
        self.unassigned.remove(&id);
        self.preassigned.remove(&id);
        self.events.push(Event::TaskRemoved { at: now, task: id });
        self.changes.push(Change::TaskDeleted(Box::new(task)));
    }

    /// Whether a node may take new tasks (SwarmKit's `ReadyFilter`).
    pub(crate) fn node_accepts_new_tasks(&self, id: NodeId) -> bool {
        self.nodes.get(&id).is_some_and(Node::accepts_new_tasks)
    }
}
