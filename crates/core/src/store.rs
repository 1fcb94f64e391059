//! The store: the single source of truth for nodes, services and tasks.
//!
//! Every write goes through a method here. Each write checks the rule it touches (pair
//! assertions: the writers check too), records an internal `Change` for the manager's
//! components, and appends the matching public `Event`. The store also keeps the indexes that
//! make each component's work proportional to what changed: tasks per slot and per node, the
//! allocator's and scheduler's queues, and each node's books (reserved resources and active
//! task counts, SwarmKit's `NodeInfo`).
//!
//! Tasks live in the rows of a table, found by ID through an index. Task changes and the
//! scheduler's queue carry the row (`TaskRef`), so the components that look at every changed
//! or waiting task read it directly instead of searching the index each time.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::event::Event;
use crate::id::ObjectId;
use crate::node::{Node, NodeId, NodeRole, Resources};
use crate::rng::Rng;
use crate::service::{
    Protocol, PublishMode, Service, ServiceId, TaskDefaults, UpdateState, UpdateStatus,
};
use crate::task::{SlotKey, Task, TaskId, TaskSpec, TaskState, TaskStatus};
use crate::time::SimTime;

/// What changed, for the manager's components (SwarmKit's store events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    TaskCreated(TaskRef),
    TaskUpdated(TaskRef),
    TaskDeleted(Box<Task>),
    NodeCreated(NodeId),
    NodeUpdated(NodeId),
    NodeDeleted(NodeId),
    ServiceCreated(ServiceId),
    ServiceUpdated(ServiceId),
    ServiceDeleted(ServiceId),
}

/// One service's tasks (task → row), by slot, then ID: at each slot's number (0 for a global
/// service's tasks, which are all in slot 0), the slot's tasks as a vector sorted by ID.
/// Not one map keyed by (slot, task): that key type's B-tree code was 2 KB of the page's
/// gzipped wasm. Replicated slots are numbered densely from 1, and each keeps a handful of
/// tasks (the reaper bounds its history); a global service's slot keeps a handful per node.
#[derive(Debug, Default, Clone)]
struct SlotIndex(Vec<Vec<(TaskId, u32)>>);

impl SlotIndex {
    fn insert(&mut self, slot: u32, id: TaskId, row: u32) {
        let at = slot as usize;
        if at >= self.0.len() {
            self.0.resize_with(at + 1, Vec::new);
        }
        let tasks = &mut self.0[at];
        let Err(position) = tasks.binary_search_by_key(&id, |&(task, _)| task) else {
            panic!("task {id} filed twice in slot {slot}");
        };
        tasks.insert(position, (id, row));
    }

    /// Removes a task; the slots past the last one with tasks go too, so an index with no
    /// task left is empty.
    fn remove(&mut self, slot: u32, id: TaskId) {
        if let Some(tasks) = self.0.get_mut(slot as usize)
            && let Ok(position) = tasks.binary_search_by_key(&id, |&(task, _)| task)
        {
            tasks.remove(position);
        }
        while self.0.last().is_some_and(Vec::is_empty) {
            self.0.pop();
        }
    }
}

/// The tasks of slots, in order: the rest of the current slot's, then each next slot's.
///
/// An iterator of its own rather than a chain of `flat_map` and `map`: every loop over such a
/// chain compiled the flattening again for its own closure; this `next` is compiled once.
struct TasksInSlots<'a> {
    store: &'a Store,
    slots: std::slice::Iter<'a, Vec<(TaskId, u32)>>,
    in_slot: std::slice::Iter<'a, (TaskId, u32)>,
}

impl<'a> Iterator for TasksInSlots<'a> {
    type Item = &'a Task;

    fn next(&mut self) -> Option<&'a Task> {
        loop {
            if let Some(&(_, row)) = self.in_slot.next() {
                return Some(self.store.task_in(row));
            }
            self.in_slot = self.slots.next()?.iter();
        }
    }
}

/// A node with no tasks: `tasks_on` walks this for a node not in its index.
static NO_TASKS: BTreeMap<TaskId, u32> = BTreeMap::new();

/// The tasks on a node, by ID (an iterator of its own for the reason `TasksInSlots` is).
struct TasksOnNode<'a> {
    store: &'a Store,
    rows: std::collections::btree_map::Values<'a, TaskId, u32>,
}

impl<'a> Iterator for TasksOnNode<'a> {
    type Item = &'a Task;

    fn next(&mut self) -> Option<&'a Task> {
        self.rows.next().map(|&row| self.store.task_in(row))
    }
}

/// A task and the row of the store's task table that holds it (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TaskRef {
    pub(crate) id: TaskId,
    row: u32,
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
    pub(crate) host_ports: HostPorts,
}

/// The host-mode published ports in use on one node, in order: a sorted vector rather than a
/// `BTreeSet`, because a node has few (one per port of each task publishing in host mode on
/// it) and a B-tree's code for one more element type is large in the wasm.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct HostPorts(Vec<(Protocol, u16)>);

impl HostPorts {
    pub(crate) fn contains(&self, port: &(Protocol, u16)) -> bool {
        self.0.binary_search(port).is_ok()
    }

    /// Adds `port`; false if it was in use already.
    pub(crate) fn insert(&mut self, port: (Protocol, u16)) -> bool {
        match self.0.binary_search(&port) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, port);
                true
            }
        }
    }

    /// Frees `port`; false if it was not in use.
    pub(crate) fn remove(&mut self, port: &(Protocol, u16)) -> bool {
        match self.0.binary_search(port) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Store {
    /// Every node, in the order the nodes joined.
    nodes: Vec<Node>,
    /// Node ID → position in `nodes`.
    node_positions: BTreeMap<NodeId, u32>,
    /// Positions in `nodes`, in node ID order: what `nodes()` walks. A vector rather than a
    /// B-tree walk, because the Raft leader is looked for by walking the nodes before every
    /// step.
    nodes_by_id: Vec<u32>,
    /// Nodes with the manager role or a Raft membership: the few nodes Raft looks at, kept
    /// apart because the leader is looked for before every step.
    raft_nodes: BTreeSet<NodeId>,
    /// Each node's books, at the node's position in `nodes`.
    books: Vec<NodeBooks>,
    /// Boxed: a B-tree's code is compiled once per key and value layout, and this way the
    /// maps of the core keyed by ID with a boxed value share most of theirs in the wasm.
    services: BTreeMap<ServiceId, Box<Service>>,
    /// Every task, each in a row of its own; a deleted task's row is reused. Rows keep a task
    /// in place however many there are, so indexes can point at them.
    task_rows: Vec<Option<Task>>,
    /// Rows of deleted tasks, for the next tasks created.
    free_rows: Vec<u32>,
    /// Task ID → row.
    tasks: BTreeMap<TaskId, u32>,
    /// Per service, its tasks by slot. Boxed so that this index shares the code of the boxed
    /// maps keyed by ID (see `services`).
    by_slot: BTreeMap<ServiceId, Box<SlotIndex>>,
    /// Per node, task → row.
    #[expect(clippy::box_collection, reason = "B-tree code shared in the wasm")]
    by_node: BTreeMap<NodeId, Box<BTreeMap<TaskId, u32>>>,
    /// The allocator's queue: tasks created since it last ran (in the same commit round as the
    /// orchestrators that create them), in creation order. It sorts them by ID when it takes
    /// them, and skips any that left NEW, or the store, in between.
    unallocated: Vec<TaskRef>,
    /// Tasks in observed state PENDING without a node, and their rows: the scheduler's queue.
    unassigned: BTreeMap<TaskId, u32>,
    /// Tasks in observed state PENDING with a node chosen by their orchestrator (global).
    preassigned: BTreeSet<TaskId>,
    changes: Vec<Change>,
    events: Vec<Event>,
    /// Raft term: bumped at every election, so timers a former leader armed can be told apart.
    term: u64,
    /// `ClusterSpec.TaskDefaults`: what new tasks fall back on.
    task_defaults: TaskDefaults,
    /// The Raft index of the last write: SwarmKit stamps it on every object a write touches
    /// (`Meta.Version.Index`), so it is shared by all objects and grows with every write.
    raft_index: u64,
    /// Ingress addresses handed out so far, serially as SwarmKit's IPAM does: one per node
    /// (its load balancer), per service VIP and per task on the ingress network.
    ingress_addresses: u32,
}

/// Whether Raft looks at `node`: a manager, or a member still (a demoted node leaves Raft in
/// a later step).
fn is_raft_node(node: &Node) -> bool {
    node.role == NodeRole::Manager || node.manager.is_some()
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

/// Removes `inner` from the map under `outer`, and that map once it is empty.
#[expect(clippy::box_collection, reason = "the index's type (see `Store::by_node`)")]
fn remove_nested<K: Ord, I: Ord>(
    index: &mut BTreeMap<K, Box<BTreeMap<I, u32>>>,
    outer: K,
    inner: &I,
) {
    if let Entry::Occupied(mut entry) = index.entry(outer) {
        entry.get_mut().remove(inner);
        if entry.get().is_empty() {
            entry.remove();
        }
    }
}

/// SwarmKit's allocator: a service that publishes a port in ingress mode gets a virtual IP on
/// the ingress network (the next serial address), and loses it with its last such port.
fn allocate_virtual_ip(handed_out: &mut u32, service: &mut Service) {
    let on_ingress = service.spec.ports.iter().any(|p| p.mode == PublishMode::Ingress);
    match (on_ingress, service.virtual_ip) {
        (true, None) => {
            service.virtual_ip = Some(*handed_out);
            *handed_out += 1;
        }
        (false, Some(_)) => service.virtual_ip = None,
        _ => {}
    }
}

/// What a task's indexes and books depend on, before `Store::mutate_task` changes it.
struct TaskBefore {
    contribution: Option<Contribution>,
    node: Option<NodeId>,
    state: TaskState,
}

/// One task's share of a node's books.
#[derive(PartialEq)]
struct Contribution {
    node: NodeId,
    reserved: Resources,
    active: bool,
    host_ports: Vec<(Protocol, u16)>,
}

impl Store {
    /// The Raft index of a new write.
    fn next_index(&mut self) -> u64 {
        self.raft_index += 1;
        self.raft_index
    }

    // ---- reads -------------------------------------------------------------------------

    pub(crate) fn node(&self, id: NodeId) -> Option<&Node> {
        self.node_positions.get(&id).map(|&position| &self.nodes[position as usize])
    }

    /// Nodes in ID order.
    pub(crate) fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes_by_id.iter().map(|&position| &self.nodes[position as usize])
    }

    pub(crate) fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Tasks in the store, history included.
    pub(crate) fn task_count(&self) -> usize {
        self.tasks.len()
    }

    pub(crate) fn nodes_in_join_order(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter()
    }

    pub(crate) fn books(&self, node: NodeId) -> &NodeBooks {
        &self.books[self.node_positions[&node] as usize]
    }

    /// Positions of the nodes in `nodes`, in node ID order. A position names a node until the
    /// next node is removed: the scheduler walks positions within one pass, where no node is.
    pub(crate) fn node_positions_by_id(&self) -> &[u32] {
        &self.nodes_by_id
    }

    /// Nodes with the manager role or a Raft membership, in ID order.
    pub(crate) fn raft_nodes(&self) -> impl Iterator<Item = &Node> {
        self.raft_nodes.iter().map(|id| &self.nodes[self.node_positions[id] as usize])
    }

    fn track_raft_node(&mut self, node: &Node) {
        self.set_raft_node(node.id, is_raft_node(node));
    }

    fn set_raft_node(&mut self, id: NodeId, raft_node: bool) {
        if raft_node {
            self.raft_nodes.insert(id);
        } else {
            self.raft_nodes.remove(&id);
        }
    }

    pub(crate) fn node_at(&self, position: u32) -> &Node {
        &self.nodes[position as usize]
    }

    pub(crate) fn books_at(&self, position: u32) -> &NodeBooks {
        &self.books[position as usize]
    }

    pub(crate) fn service(&self, id: ServiceId) -> Option<&Service> {
        self.services.get(&id).map(Box::as_ref)
    }

    /// The cluster's task defaults.
    pub(crate) fn task_defaults(&self) -> &TaskDefaults {
        &self.task_defaults
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
        self.services.values().map(Box::as_ref)
    }

    pub(crate) fn task(&self, id: TaskId) -> Option<&Task> {
        self.tasks.get(&id).map(|&row| self.task_in(row))
    }

    /// A reference to the task with ID `id`, for a caller that reads and writes it repeatedly.
    pub(crate) fn task_ref(&self, id: TaskId) -> Option<TaskRef> {
        self.tasks.get(&id).map(|&row| TaskRef { id, row })
    }

    /// The task `task` refers to, if it still exists: a direct read of its row.
    pub(crate) fn task_at(&self, task: TaskRef) -> Option<&Task> {
        let in_row = self.task_rows.get(task.row as usize)?.as_ref()?;
        // The task may have been deleted since, and its row reused.
        (in_row.id == task.id).then_some(in_row)
    }

    /// The task in a row an index points at.
    fn task_in(&self, row: u32) -> &Task {
        self.task_rows[row as usize].as_ref().expect("indexed rows hold a task")
    }

    fn row_of(&self, id: TaskId) -> u32 {
        *self.tasks.get(&id).unwrap_or_else(|| panic!("unknown task {id}"))
    }

    /// Tasks in ID order.
    pub(crate) fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.tasks.values().map(|&row| self.task_in(row))
    }

    /// A service's tasks by slot, then ID.
    pub(crate) fn tasks_of(&self, service: ServiceId) -> impl Iterator<Item = &Task> {
        let slots = self.by_slot.get(&service).map_or(&[][..], |slots| &slots.0[..]);
        TasksInSlots { store: self, slots: slots.iter(), in_slot: [].iter() }
    }

    pub(crate) fn tasks_in_slot(
        &self,
        service: ServiceId,
        slot: u32,
    ) -> impl Iterator<Item = &Task> {
        let in_slot = self.by_slot.get(&service).and_then(|slots| slots.0.get(slot as usize));
        let in_slot = in_slot.map_or(&[][..], |tasks| &tasks[..]);
        TasksInSlots { store: self, slots: [].iter(), in_slot: in_slot.iter() }
    }

    /// The tasks that have been assigned to a node, by ID.
    pub(crate) fn tasks_on(&self, node: NodeId) -> impl Iterator<Item = &Task> {
        let on_node = self.by_node.get(&node).map_or(&NO_TASKS, |tasks| &**tasks);
        TasksOnNode { store: self, rows: on_node.values() }
    }

    /// Empties the allocator's queue and returns it in ID order (the order SwarmKit's
    /// allocator walks its store).
    pub(crate) fn take_unallocated(&mut self) -> Vec<TaskRef> {
        let mut queue = std::mem::take(&mut self.unallocated);
        crate::sort::sort_by_key(&mut queue, |task| task.id);
        queue
    }

    /// The scheduler's queue, in ID order.
    pub(crate) fn unassigned(&self) -> impl Iterator<Item = (TaskRef, &Task)> {
        self.unassigned.iter().map(|(&id, &row)| (TaskRef { id, row }, self.task_in(row)))
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
        self.node_positions.contains_key(&NodeId(id))
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

    pub(crate) fn insert_node(&mut self, now: SimTime, mut node: Node) {
        node.version = self.next_index();
        // The node's load balancer on the ingress network.
        self.ingress_addresses += 1;
        let (id, hostname, role) = (node.id, node.hostname.clone(), node.role);
        let manager_status = node.manager_status();
        let position = u32::try_from(self.nodes.len()).expect("fewer than 2^32 nodes");
        let previous = self.node_positions.insert(id, position);
        assert!(previous.is_none(), "node {id} inserted twice");
        let in_id_order = self.nodes_by_id.partition_point(|&p| self.nodes[p as usize].id < id);
        self.nodes_by_id.insert(in_id_order, position);
        self.track_raft_node(&node);
        self.nodes.push(node);
        self.books.push(NodeBooks::default());
        self.changes.push(Change::NodeCreated(id));
        self.events.push(Event::NodeJoined { at: now, node: id, hostname, role, manager_status });
    }

    /// Changes a node's manager-side record (status, availability, role, labels).
    ///
    /// Only the call of `f` is generic: the rest is in functions of their own, compiled once
    /// rather than with each of the writers' closures (for the size of the page's wasm).
    pub(crate) fn update_node(&mut self, now: SimTime, id: NodeId, f: impl FnOnce(&mut Node)) {
        let (position, before) = self.node_before_update(id);
        f(&mut self.nodes[position]);
        self.node_updated(now, position, before);
    }

    /// The position of the node `update_node` changes, and the node as it was.
    fn node_before_update(&self, id: NodeId) -> (usize, Node) {
        let position = *self.node_positions.get(&id).expect("update of unknown node") as usize;
        (position, self.nodes[position].clone())
    }

    /// Checks and records `update_node`'s change to the node at `position`.
    fn node_updated(&mut self, now: SimTime, position: usize, before: Node) {
        let node = &mut self.nodes[position];
        let id = before.id;
        assert_eq!(node.id, id, "a node's ID never changes");
        assert_eq!(node.powered, before.powered, "power is the machine's, not the manager's");
        assert_eq!(
            node.left_swarm, before.left_swarm,
            "leaving is the engine's, not the manager's"
        );
        if *node != before {
            self.raft_index += 1;
            node.version = self.raft_index;
            node.updated_at = now;
            let raft_node = is_raft_node(node);
            self.changes.push(Change::NodeUpdated(id));
            self.events.push(Event::NodeChanged {
                at: now,
                node: id,
                role: node.role,
                state: node.state,
                message: node.status_message,
                availability: node.availability,
                manager_status: node.manager_status(),
            });
            self.set_raft_node(id, raft_node);
        }
    }

    /// Changes simulation-only facts of a node's machine: its power, and whether its engine
    /// left the swarm. The manager is not told. The epoch moves when the swarm agent starts or
    /// stops, which makes the wake-ups armed for its earlier life stale.
    pub(crate) fn update_machine(
        &mut self,
        now: SimTime,
        id: NodeId,
        powered: bool,
        left_swarm: bool,
    ) {
        let position = *self.node_positions.get(&id).expect("update of unknown node");
        let node = &mut self.nodes[position as usize];
        let agent_ran = node.agent_runs();
        if node.powered != powered {
            node.powered = powered;
            self.events.push(Event::NodePowerChanged { at: now, node: id, powered });
        }
        if node.left_swarm != left_swarm {
            node.left_swarm = left_swarm;
            self.events.push(Event::NodeSwarmMembership { at: now, node: id, left: left_swarm });
        }
        if node.agent_runs() != agent_ran {
            node.power_epoch += 1;
        }
    }

    /// Deletes a node. Its tasks stay, stopped (history keeps naming the node by ID).
    pub(crate) fn delete_node(&mut self, now: SimTime, id: NodeId) {
        assert!(
            self.tasks_on(id).all(|t| t.status.state.is_terminal()),
            "node {id} deleted with live tasks on it"
        );
        let position = self.node_positions.remove(&id).expect("delete of unknown node");
        self.nodes.remove(position as usize);
        self.nodes_by_id.retain(|&p| p != position);
        // The nodes that joined later move down one place.
        for p in self.nodes_by_id.iter_mut().chain(self.node_positions.values_mut()) {
            if *p > position {
                *p -= 1;
            }
        }
        self.books.remove(position as usize);
        self.raft_nodes.remove(&id);
        self.changes.push(Change::NodeDeleted(id));
        self.events.push(Event::NodeRemoved { at: now, node: id });
    }

    // ---- services ----------------------------------------------------------------------

    /// Records an event no store write makes (an update status message).
    pub(crate) fn push_event(&mut self, event: Event) {
        self.events.push(event);
    }

    /// Replaces the cluster's task defaults. No component reacts: only tasks created from now on
    /// read them.
    pub(crate) fn set_task_defaults(&mut self, now: SimTime, defaults: TaskDefaults) {
        self.events
            .push(Event::TaskDefaultsChanged { at: now, log_driver: defaults.log_driver.clone() });
        self.task_defaults = defaults;
    }

    pub(crate) fn insert_service(&mut self, now: SimTime, mut service: Service) {
        service.version = self.next_index();
        allocate_virtual_ip(&mut self.ingress_addresses, &mut service);
        let (id, name) = (service.id, service.spec.name.clone());
        let previous = self.services.insert(id, Box::new(service));
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
        // Only the call of `f` is generic (see `update_node`).
        let service = self.services.get_mut(&id).expect("update of unknown service");
        let status_before = service.update_status.clone();
        f(service);
        self.service_updated(now, id, status_before);
    }

    /// Checks and records `update_service`'s change.
    fn service_updated(
        &mut self,
        now: SimTime,
        id: ServiceId,
        status_before: Option<UpdateStatus>,
    ) {
        let service = self.services.get_mut(&id).expect("update of unknown service");
        assert_eq!(service.id, id, "a service's ID never changes");
        if service.update_status != status_before {
            let (from, to) = (status_before.map(|u| u.state), service.update_status.as_ref());
            assert!(
                UpdateState::is_allowed_edge(from, to.map(|u| u.state)),
                "update status of {} went {from:?} -> {to:?}",
                service.spec.name
            );
        }
        self.raft_index += 1;
        service.version = self.raft_index;
        service.updated_at = now;
        allocate_virtual_ip(&mut self.ingress_addresses, service);
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

    /// Makes room for `additional` tasks about to be created in one go (a scale-up), so that
    /// the table and the queues grow once instead of doubling their way up.
    pub(crate) fn reserve_tasks(&mut self, additional: usize) {
        self.task_rows.reserve(additional.saturating_sub(self.free_rows.len()));
        self.unallocated.reserve(additional);
        // Each task is created, then allocated, in the same round: two changes and two events.
        self.changes.reserve(2 * additional);
        self.events.reserve(2 * additional);
    }

    /// Files a task an orchestrator is creating, under a fresh ID drawn from `rng` as
    /// `create::fresh_id` draws IDs; `build` makes the task for that ID. The one search of
    /// the task index that proves the ID unused also files the task.
    pub(crate) fn insert_task(
        &mut self,
        now: SimTime,
        rng: &mut Rng,
        name: String,
        build: impl FnOnce(TaskId) -> Task,
    ) -> TaskId {
        let vacant = loop {
            let id = ObjectId::generate(rng);
            if self.node_positions.contains_key(&NodeId(id))
                || self.services.contains_key(&ServiceId(id))
            {
                continue;
            }
            if let Entry::Vacant(vacant) = self.tasks.entry(TaskId(id)) {
                break vacant;
            }
        };
        let mut task = build(*vacant.key());
        assert_eq!(task.id, *vacant.key(), "a task is built with the ID drawn for it");
        assert_eq!(task.status.state, TaskState::New, "tasks are created NEW");
        assert_eq!(
            task.node.is_some(),
            task.slot == 0,
            "global tasks, and only they, come with a node"
        );
        let (id, service, slot, node) = (task.id, task.service, task.slot, task.node);
        let log_driver = task.log_driver.clone();
        self.raft_index += 1;
        task.version = self.raft_index;
        if task.spec.published.iter().any(|p| p.mode == PublishMode::Ingress) {
            // The task's own address on the ingress network.
            self.ingress_addresses += 1;
        }
        assert!(self.services.contains_key(&service), "task {id} of unknown service");
        let row = match self.free_rows.pop() {
            Some(row) => {
                self.task_rows[row as usize] = Some(task);
                row
            }
            None => {
                self.task_rows.push(Some(task));
                u32::try_from(self.task_rows.len() - 1).expect("fewer than 2^32 tasks")
            }
        };
        vacant.insert(row);
        crate::boxed::or_default(&mut self.by_slot, service).insert(slot, id, row);
        if let Some(node) = node {
            crate::boxed::or_default(&mut self.by_node, node).insert(id, row);
        }
        self.unallocated.push(TaskRef { id, row });
        self.changes.push(Change::TaskCreated(TaskRef { id, row }));
        self.events.push(Event::TaskCreated { at: now, task: id, service, name, log_driver });
        id
    }

    /// Adds (`sign` true) or removes a task's contribution to its node's books.
    fn book(&mut self, service: ServiceId, contribution: Option<Contribution>, add: bool) {
        let Some(Contribution { node, reserved, active, host_ports }) = contribution else {
            return;
        };
        let position = *self.node_positions.get(&node).expect("books of a known node");
        let books = &mut self.books[position as usize];
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

    /// Applies `f` to the task in `row`, keeping the indexes and books in step.
    fn mutate_task(&mut self, row: u32, now: SimTime, f: impl FnOnce(&mut Task)) {
        // Only the call of `f` is generic (see `update_node`).
        let before = self.task_before_mutation(row, now);
        f(self.task_rows[row as usize].as_mut().expect("update of a live task"));
        self.task_mutated(row, before);
    }

    /// Stamps the task in `row` for `mutate_task`; what its indexes and books depend on.
    fn task_before_mutation(&mut self, row: u32, now: SimTime) -> TaskBefore {
        self.raft_index += 1;
        let task = self.task_rows[row as usize].as_mut().expect("update of a live task");
        task.version = self.raft_index;
        task.updated_at = now;
        TaskBefore { contribution: contribution(task), node: task.node, state: task.status.state }
    }

    /// Brings the indexes and books in step with `mutate_task`'s change.
    fn task_mutated(&mut self, row: u32, before: TaskBefore) {
        let task = self.task_in(row);
        let after = contribution(task);
        let (was_node, was_state) = (before.node, before.state);
        let (id, node, state, service) = (task.id, task.node, task.status.state, task.service);
        // Most moves (ASSIGNED on to RUNNING) leave the share as it was: nothing to rebook.
        if before.contribution != after {
            self.book(service, before.contribution, false);
            self.book(service, after, true);
        }
        if was_node != node {
            assert!(was_node.is_none(), "task {id} moved between nodes");
            crate::boxed::or_default(&mut self.by_node, node.expect("assigned")).insert(id, row);
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
        let waiting = state == TaskState::Pending && node.is_none();
        let was_waiting = was_state == TaskState::Pending && was_node.is_none();
        match (was_waiting, waiting) {
            (false, true) => {
                self.unassigned.insert(id, row);
            }
            (true, false) => {
                self.unassigned.remove(&id);
            }
            _ => {}
        }
        self.changes.push(Change::TaskUpdated(TaskRef { id, row }));
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
        let task = TaskRef { id, row: self.row_of(id) };
        self.advance_task_at(now, task, to, message, err);
    }

    /// The agent reports a task's state again, unchanged, with a fresh timestamp (moby's
    /// executor does when its wait on a running container is cancelled). No event: nothing
    /// moved.
    pub(crate) fn refresh_task_status(&mut self, now: SimTime, task: TaskRef) {
        self.mutate_task(task.row, now, |t| t.status.timestamp = now);
    }

    /// `advance_task` for a task the caller already holds a reference to.
    pub(crate) fn advance_task_at(
        &mut self,
        now: SimTime,
        task: TaskRef,
        to: TaskState,
        message: &'static str,
        err: Option<String>,
    ) {
        let TaskRef { id, row } = task;
        let from = self.task_at(task).expect("advance of a live task").status.state;
        assert!(
            from.can_advance_to(to),
            "task {id}: observed state moved backwards {from} -> {to}"
        );
        assert!(to != TaskState::Remove, "REMOVE is a desired state only");
        let event_err = err.clone();
        self.mutate_task(row, now, |t| {
            t.status = TaskStatus { state: to, timestamp: now, message, err };
        });
        let node = self.task_in(row).node;
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
    pub(crate) fn assign_task(&mut self, now: SimTime, task: TaskRef, node: NodeId) {
        let TaskRef { id, row } = task;
        assert!(
            self.node_accepts_new_tasks(node),
            "task {id} assigned to node {node}, which takes no new tasks"
        );
        let task = self.task_at(task).expect("assignment of a live task");
        assert_eq!(task.status.state, TaskState::Pending, "only PENDING tasks are assigned");
        assert!(task.node.is_none(), "task {id} assigned twice");
        let message = "scheduler assigned task to node";
        self.mutate_task(row, now, |t| {
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
        let task = self.task(id).expect("confirmation of unknown task");
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
        let row = self.row_of(id);
        let task = self.task_in(row);
        assert_eq!(task.status.state, TaskState::Pending, "only PENDING tasks wait for a node");
        if task.status.err.as_deref() == Some(err) {
            return;
        }
        self.mutate_task(row, now, |t| {
            t.status.err = Some(err.to_string());
            t.status.timestamp = now;
        });
        self.events.push(Event::TaskUnschedulable { at: now, task: id, err: err.to_string() });
    }

    /// Marks tasks ORPHANED without touching anything else of their status (the dispatcher's
    /// 24-hour rule), or with a new message (node removal).
    pub(crate) fn orphan_task(&mut self, now: SimTime, id: TaskId, message: Option<&'static str>) {
        let row = self.row_of(id);
        let task = self.task_in(row);
        let from = task.status.state;
        assert!(from.can_advance_to(TaskState::Orphaned), "task {id} is already {from}");
        self.mutate_task(row, now, |t| {
            t.status.state = TaskState::Orphaned;
            if let Some(message) = message {
                t.status =
                    TaskStatus { state: TaskState::Orphaned, timestamp: now, message, err: None };
            }
        });
        let node = self.task_in(row).node;
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
        let row = self.row_of(id);
        let from = self.task_in(row).desired;
        if from == to {
            return;
        }
        self.mutate_task(row, now, |t| t.desired = to);
        self.events.push(Event::TaskDesiredChanged { at: now, task: id, from, to });
    }

    /// Deletes a task from the store (the reaper, or an orchestrator dropping a dead slot).
    pub(crate) fn delete_task(&mut self, now: SimTime, id: TaskId) {
        let row = self.tasks.remove(&id).expect("delete of unknown task");
        let task = self.task_rows[row as usize].take().expect("indexed rows hold a task");
        self.raft_index += 1;
        self.free_rows.push(row);
        // A deleted task frees its node.
        self.book(task.service, contribution(&task), false);
        if let Entry::Occupied(mut slots) = self.by_slot.entry(task.service) {
            slots.get_mut().remove(task.slot, id);
            if slots.get().0.is_empty() {
                slots.remove();
            }
        }
        if let Some(node) = task.node {
            remove_nested(&mut self.by_node, node, &id);
        }
        self.unassigned.remove(&id);
        self.preassigned.remove(&id);
        self.events.push(Event::TaskRemoved { at: now, task: id });
        self.changes.push(Change::TaskDeleted(Box::new(task)));
    }

    /// Whether a node may take new tasks (SwarmKit's `ReadyFilter`).
    pub(crate) fn node_accepts_new_tasks(&self, id: NodeId) -> bool {
        self.node(id).is_some_and(Node::accepts_new_tasks)
    }
}
