//! The scheduler: places pending tasks on nodes.
//!
//! SwarmKit `manager/scheduler`: a pass runs `COMMIT_DEBOUNCE` after a change that could let a
//! waiting task fit (a task starts waiting, a node changes, resources are freed). Tasks are
//! scheduled in groups of one service and spec version. A node is a candidate when it passes
//! the filter pipeline, in SwarmKit's order: `ReadyFilter` (READY and ACTIVE),
//! `ResourceFilter` (reservations fit what is left), `ConstraintFilter`, `HostPortFilter`,
//! `MaxReplicasFilter`.
//! Preassigned (global) tasks are checked against their own node only, first. Candidates are
//! ranked by SwarmKit's `nodeLess`: the faulty-node rule, then fewer active tasks of the
//! service, then fewer active tasks. SwarmKit leaves the last tie to Go's map order, which is
//! random, so replaced tasks move between equal nodes; here each pass draws that tie from the
//! scheduler's own seeded stream (its own, so that ties do not shift the IDs and timings drawn
//! elsewhere). Candidates are walked as SwarmKit walks them (`scheduleNTasksOnNodes`).
//!
//! Each group keeps its candidates in an ordered set, so placing a task costs O(log nodes).
//! A task that fits nowhere stays PENDING with SwarmKit's `no suitable node (…)` explanation,
//! unless it belongs to an older spec version: then it is not retried until something writes
//! to it, and if it is no longer wanted (desired SHUTDOWN or later) the scheduler marks it
//! SHUTDOWN.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

use crate::constraint;
use crate::node::{Node, NodeId};
use crate::rng::Rng;
use crate::service::ServiceId;
use crate::store::{Change, NodeBooks, Store, TaskRef};
use crate::task::{TaskId, TaskSpec, TaskState};
use crate::time::{SimDuration, SimTime};

/// SwarmKit's `commitDebounceGap`: the scheduler runs this long after the last commit.
pub(crate) const COMMIT_DEBOUNCE: SimDuration = SimDuration::from_millis(50);
/// `monitorFailures`: failures older than this do not make a node look faulty.
const FAILURE_WINDOW: SimDuration = SimDuration::from_secs(5 * 60);
/// `maxFailures`: this many recent failures make a node faulty for a service.
const FAULTY_FAILURES: usize = 5;

/// The filters, in pipeline order (SwarmKit's `defaultFilters`, less the ones for features the
/// simulation does not model: plugins, platforms, host ports, CSI volumes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Filter {
    Ready,
    Resource,
    Constraint,
    HostPort,
    MaxReplicas,
}

// The position of a filter in `Filter::ALL` is its discriminant (`explain` counts by it).
const _: () = {
    let mut at = 0;
    while at < Filter::ALL.len() {
        assert!(Filter::ALL[at] as usize == at);
        at += 1;
    }
};

impl Filter {
    /// Every filter, in pipeline order.
    const ALL: [Filter; 5] = [
        Filter::Ready,
        Filter::Resource,
        Filter::Constraint,
        Filter::HostPort,
        Filter::MaxReplicas,
    ];

    /// SwarmKit's `Explain(nodes)`.
    fn explain(self, nodes: usize) -> String {
        let plural = if nodes == 1 { "1 node".to_string() } else { format!("{nodes} nodes") };
        match self {
            Filter::Ready => format!("{plural} not available for new tasks"),
            Filter::Resource => format!("insufficient resources on {plural}"),
            Filter::Constraint => format!("scheduling constraints not satisfied on {plural}"),
            Filter::HostPort => format!("host-mode port already in use on {plural}"),
            Filter::MaxReplicas => "max replicas per node limit exceed".to_string(),
        }
    }
}

/// What the pipeline needs to know about the task being placed.
struct TaskNeeds<'a> {
    service: ServiceId,
    spec: &'a TaskSpec,
}

/// The first filter `node` fails, if any (SwarmKit `Pipeline.Process`).
fn first_failure(store: &Store, node: &Node, needs: &TaskNeeds<'_>) -> Option<Filter> {
    first_failure_in(node, store.books(node.id), needs)
}

fn first_failure_in(node: &Node, books: &NodeBooks, needs: &TaskNeeds<'_>) -> Option<Filter> {
    if !node.accepts_new_tasks() {
        return Some(Filter::Ready);
    }
    let reservations = needs.spec.reservations;
    if !reservations.is_zero()
        && !reservations.fits_in(node.resources.saturating_sub(books.reserved))
    {
        return Some(Filter::Resource);
    }
    if !constraint::all_match(&needs.spec.constraints, node) {
        return Some(Filter::Constraint);
    }
    if needs.spec.host_ports.iter().any(|p| books.host_ports.contains(&(p.protocol, p.published))) {
        return Some(Filter::HostPort);
    }
    let max = needs.spec.max_replicas_per_node;
    if max > 0
        && u64::from(books.active_by_service.get(&needs.service).copied().unwrap_or(0)) >= max
    {
        return Some(Filter::MaxReplicas);
    }
    None
}

/// SwarmKit's `nodeLess` key of a candidate node: the faulty-node rule, the service's active
/// tasks, all active tasks; smaller is better.
type Load = (usize, u32, u32);

/// One branch of a placement preference: the nodes whose label has one value.
struct Branch {
    members: Vec<u32>,
    /// The service's active tasks on those nodes, placements of this pass included.
    count: usize,
    /// No node of the branch passes the filters (or the last placement there fell short).
    no_room: bool,
}

/// The full ranking of a candidate in one walk: its load, then the drawn tie, then its ID (so
/// ranks are distinct).
type Rank = (Load, u64, NodeId);

/// Seeds the scheduler's tie stream apart from the cluster's.
const TIE_STREAM: u64 = 0x7469_655f_6272_6561;

#[derive(Debug, Clone)]
pub(crate) struct Scheduler {
    /// Something changed that could let a waiting task fit.
    dirty: bool,
    armed: bool,
    /// Recent FAILED/REJECTED tasks and when, per node, then per service and spec version.
    /// Keyed by node ID with a boxed value, like other maps of the core, rather than by the
    /// triple: one B-tree type fewer in the wasm.
    failures: BTreeMap<NodeId, Box<NodeFailures>>,
    /// Unassigned tasks of an older spec version, still wanted, that fit nowhere: SwarmKit's
    /// `noSuitableNode` does not queue them again, and its unchanged decision writes nothing,
    /// so they wait for the next write to the task (or a new leader's scheduler).
    parked: BTreeSet<TaskId>,
    /// The Raft term the parked set belongs to.
    parked_term: u64,
    /// Draws the order of nodes that tie on load (Go's map order in SwarmKit).
    ties: Rng,
}

/// The recent failures on one node, per service and spec version: a short list (the specs
/// whose tasks failed there within `FAILURE_WINDOW`), searched in order.
#[derive(Debug, Default, Clone)]
struct NodeFailures(Vec<SpecFailures>);

/// The recent failures of one service's spec version on a node, oldest first.
#[derive(Debug, Clone)]
struct SpecFailures {
    service: ServiceId,
    version: u64,
    recent: VecDeque<(SimTime, TaskId)>,
}

impl NodeFailures {
    fn count(&self, service: ServiceId, version: u64) -> usize {
        self.0
            .iter()
            .find(|spec| spec.service == service && spec.version == version)
            .map_or(0, |spec| spec.recent.len())
    }

    /// The failures of `service` at `version`, made empty if there were none.
    fn recent_mut(&mut self, service: ServiceId, version: u64) -> &mut VecDeque<(SimTime, TaskId)> {
        let at = match self.0.iter().position(|s| s.service == service && s.version == version) {
            Some(at) => at,
            None => {
                self.0.push(SpecFailures { service, version, recent: VecDeque::new() });
                self.0.len() - 1
            }
        };
        &mut self.0[at].recent
    }
}

impl Scheduler {
    pub(crate) fn new(seed: u64) -> Scheduler {
        Scheduler {
            dirty: false,
            armed: false,
            failures: BTreeMap::new(),
            parked: BTreeSet::new(),
            parked_term: 0,
            ties: Rng::new(seed ^ TIE_STREAM),
        }
    }

    pub(crate) fn observe(&mut self, change: &Change, store: &Store, now: SimTime) {
        match change {
            Change::TaskCreated(_) | Change::NodeCreated(_) | Change::NodeUpdated(_) => {
                self.dirty = true
            }
            Change::TaskDeleted(task) => {
                self.parked.remove(&task.id);
                self.dirty = true;
            }
            Change::NodeDeleted(_) => self.dirty = true,
            Change::TaskUpdated(changed) => {
                let Some(task) = store.task_at(*changed) else { return };
                if self.parked.remove(&task.id) {
                    self.dirty = true;
                }
                if task.status.state == TaskState::Pending {
                    self.dirty = true;
                }
                if task.status.state.is_terminal() {
                    // Resources were freed.
                    self.dirty = true;
                    if matches!(task.status.state, TaskState::Failed | TaskState::Rejected)
                        && task.status.timestamp == now
                        && let Some(node) = task.node
                    {
                        // A failed task is written again at the same instant (its desired
                        // state goes to SHUTDOWN): count each failure once, as SwarmKit does.
                        let on_node = crate::boxed::or_default(&mut self.failures, node);
                        let recent = on_node.recent_mut(task.service, task.spec_version);
                        if !recent.iter().any(|(_, id)| *id == task.id) {
                            recent.push_back((now, task.id));
                        }
                    }
                }
            }
            Change::ServiceCreated(_) | Change::ServiceUpdated(_) | Change::ServiceDeleted(_) => {}
        }
    }

    /// The tasks that wait for a write before the scheduler looks at them again.
    pub(crate) fn parked(&self) -> &BTreeSet<TaskId> {
        &self.parked
    }

    /// Whether a pass should be armed now; marks it armed.
    pub(crate) fn wants_pass(&mut self, store: &Store) -> bool {
        let waiting = store.unassigned().next().is_some() || !store.preassigned().is_empty();
        if self.armed || !self.dirty || !waiting {
            return false;
        }
        self.armed = true;
        true
    }

    /// One scheduling pass. Returns the tasks placed.
    pub(crate) fn pass(&mut self, store: &mut Store, now: SimTime) -> Vec<TaskId> {
        self.armed = false;
        self.dirty = false;
        self.forget_old_failures(now);
        if store.term() != self.parked_term {
            // A new leader's scheduler reads every unassigned task afresh.
            self.parked.clear();
            self.parked_term = store.term();
        }

        // Group by (service, spec version), each group in slot order: one sort of them all (a
        // map of groups was a B-tree type of its own), by the service's rank among the queued
        // tasks' services rather than its ID, so that the sort compares numbers.
        let queued = || store.unassigned().filter(|(queued, _)| !self.parked.contains(&queued.id));
        let mut ranks: BTreeMap<ServiceId, u32> = BTreeMap::new();
        for (_, task) in queued() {
            ranks.insert(task.service, 0);
        }
        for (rank, value) in ranks.values_mut().enumerate() {
            *value = rank as u32;
        }
        let services: Vec<ServiceId> = ranks.keys().copied().collect();
        let mut queue: Vec<(u32, u64, u32, TaskRef)> = queued()
            .map(|(queued, task)| (ranks[&task.service], task.spec_version, task.slot, queued))
            .collect();
        crate::sort::sort_by_key(&mut queue, |&(rank, version, slot, task)| {
            (rank, version, slot, task.id)
        });
        let mut placed = Vec::new();
        // Preassigned (global) tasks first: only their own node is checked.
        for id in store.preassigned().iter().copied().collect::<Vec<_>>() {
            let task = store.task(id).expect("queued task exists");
            let node =
                store.node(task.node.expect("preassigned")).expect("preassigned to a known node");
            let needs = TaskNeeds { service: task.service, spec: &task.spec };
            match first_failure(store, node, &needs) {
                None => {
                    store.confirm_preassigned(now, id);
                    placed.push(id);
                }
                Some(filter) => {
                    let err = filter.explain(1);
                    store.set_unschedulable(now, id, &err);
                }
            }
        }
        let mut rest = &queue[..];
        while let Some(&(rank, version, ..)) = rest.first() {
            let len = rest.iter().take_while(|&&(r, v, ..)| (r, v) == (rank, version)).count();
            let tasks: Vec<(u32, TaskRef)> =
                rest[..len].iter().map(|&(_, _, slot, task)| (slot, task)).collect();
            let service = services[rank as usize];
            self.schedule_group(store, now, service, version, &tasks, &mut placed);
            rest = &rest[len..];
        }
        placed
    }

    fn recent_failures(&self, node: NodeId, service: ServiceId, version: u64) -> usize {
        if self.failures.is_empty() {
            return 0;
        }
        self.failures.get(&node).map_or(0, |on_node| on_node.count(service, version))
    }

    fn forget_old_failures(&mut self, now: SimTime) {
        self.failures.retain(|_, on_node| {
            on_node.0.retain_mut(|spec| {
                while spec
                    .recent
                    .front()
                    .is_some_and(|(t, _)| now.saturating_since(*t) > FAILURE_WINDOW)
                {
                    spec.recent.pop_front();
                }
                !spec.recent.is_empty()
            });
            !on_node.0.is_empty()
        });
    }

    fn load(&self, store: &Store, node: NodeId, service: ServiceId, version: u64) -> Load {
        self.load_in(store.books(node), node, service, version)
    }

    fn load_in(&self, books: &NodeBooks, node: NodeId, service: ServiceId, version: u64) -> Load {
        let failures = self.recent_failures(node, service, version);
        let by_service = books.active_by_service.get(&service).copied().unwrap_or(0);
        // The faulty-node rule only orders nodes once one of them has `FAULTY_FAILURES`.
        let faulty = if failures >= FAULTY_FAILURES { failures } else { 0 };
        (faulty, by_service, books.active)
    }

    fn schedule_group(
        &mut self,
        store: &mut Store,
        now: SimTime,
        service: ServiceId,
        version: u64,
        tasks: &[(u32, TaskRef)],
        placed: &mut Vec<TaskId>,
    ) {
        let spec = Rc::clone(&store.task_at(tasks[0].1).expect("queued").spec);
        let group = Group { needs: TaskNeeds { service, spec: &spec }, version };
        let mut queue: VecDeque<TaskRef> = tasks.iter().map(|&(_, task)| task).collect();
        let nodes: Vec<u32> = store.node_positions_by_id().to_vec();
        let n = queue.len();
        self.schedule_on_subtree(
            store,
            now,
            &group,
            &nodes,
            &spec.preferences,
            n,
            &mut queue,
            placed,
        );
        if !queue.is_empty() {
            let err = explain(store, &group.needs);
            // `noSuitableNode`: a task of an older revision of its service that fits nowhere
            // is not queued again; if it is no longer wanted, the scheduler marks it SHUTDOWN
            // itself (it never reached a node, so no agent will).
            let current = store.service(service).map(|s| s.spec_version);
            let older_revision = current.is_some_and(|current| current > version);
            for waiting in queue {
                let task = store.task_at(waiting).expect("queued");
                if !older_revision {
                    store.set_unschedulable(now, waiting.id, &err);
                } else if task.desired >= TaskState::Shutdown {
                    let message = task.status.message;
                    store.advance_task_at(now, waiting, TaskState::Shutdown, message, None);
                } else {
                    self.parked.insert(waiting.id);
                }
            }
        }
    }

    /// SwarmKit's `scheduleNTasksOnSubtree`: with a placement preference left, split the nodes
    /// into branches by that label and even out the service's task counts across the branches
    /// that have room; with none left, place on the nodes themselves. Returns the tasks placed.
    #[allow(clippy::too_many_arguments)]
    fn schedule_on_subtree(
        &mut self,
        store: &mut Store,
        now: SimTime,
        group: &Group<'_>,
        nodes: &[u32],
        preferences: &[String],
        n: usize,
        queue: &mut VecDeque<TaskRef>,
        placed: &mut Vec<TaskId>,
    ) -> usize {
        let Some((preference, rest)) = preferences.split_first() else {
            return self.schedule_on_nodes(store, now, group, nodes, n, queue, placed);
        };
        let Some(label) = spread_label(preference) else {
            // SwarmKit ignores descriptors other than node and engine labels.
            return self.schedule_on_subtree(store, now, group, nodes, rest, n, queue, placed);
        };
        let service = group.needs.service;
        // The branches in label value order, each with its nodes in the order given: the
        // nodes sorted (stably) by value and cut into runs, rather than grouped in maps keyed
        // by value, which would be three more B-tree types in the wasm.
        let mut labelled: Vec<(String, u32)> = nodes
            .iter()
            .map(|&position| (label.value(store.node_at(position)), position))
            .collect();
        crate::sort::sort_by(&mut labelled, |a, b| a.0.cmp(&b.0));
        let mut branches: Vec<Branch> = labelled
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| {
                let members: Vec<u32> = run.iter().map(|&(_, position)| position).collect();
                let count = members
                    .iter()
                    .map(|m| {
                        store.books_at(*m).active_by_service.get(&service).copied().unwrap_or(0)
                            as usize
                    })
                    .sum();
                let usable = members.iter().any(|m| {
                    first_failure_in(store.node_at(*m), store.books_at(*m), &group.needs).is_none()
                });
                Branch { members, count, no_room: !usable }
            })
            .collect();
        let mut no_room = branches.iter().filter(|b| b.no_room).count();
        let mut in_usable: usize = branches.iter().filter(|b| !b.no_room).map(|b| b.count).sum();
        let mut scheduled = 0;
        while scheduled < n && no_room < branches.len() && !queue.is_empty() {
            let open = branches.len() - no_room;
            let total = in_usable + n - scheduled;
            let (desired, mut remainder) = (total / open, total % open);
            let mut progress = false;
            for branch in &mut branches {
                if branch.no_room {
                    continue;
                }
                let have = branch.count;
                if have < desired || (have == desired && remainder > 0) {
                    let mut wanted = desired - have;
                    if remainder > 0 {
                        wanted += 1;
                    }
                    let got = self.schedule_on_subtree(
                        store,
                        now,
                        group,
                        &branch.members,
                        rest,
                        wanted,
                        queue,
                        placed,
                    );
                    branch.count += got;
                    in_usable += got;
                    scheduled += got;
                    progress |= got > 0;
                    if got < wanted {
                        branch.no_room = true;
                        no_room += 1;
                        in_usable -= branch.count;
                        progress = true;
                    } else {
                        remainder = remainder.saturating_sub(1);
                    }
                }
            }
            if !progress {
                break;
            }
        }
        scheduled
    }

    /// SwarmKit's `scheduleNTasksOnNodes`: the best `n` nodes that pass, best first; fill the
    /// current node until the next one ranks strictly better, and once the walk has reached the
    /// last node go round robin. A node that stops passing the pipeline is skipped from then on.
    #[allow(clippy::too_many_arguments)]
    fn schedule_on_nodes(
        &mut self,
        store: &mut Store,
        now: SimTime,
        group: &Group<'_>,
        nodes: &[u32],
        n: usize,
        queue: &mut VecDeque<TaskRef>,
        placed: &mut Vec<TaskId>,
    ) -> usize {
        let (service, version) = (group.needs.service, group.version);
        let passes = |store: &Store, position: u32| {
            first_failure_in(store.node_at(position), store.books_at(position), &group.needs)
                .is_none()
        };
        // The best `n` candidates, sorted best first. Ranks are distinct (they end with the
        // node ID), so a partial selection then a sort of the prefix gives SwarmKit's heap order
        // without sorting every node: with parallelism 1 a rolling update places one task at a
        // time on 1 000 nodes.
        let mut list: Vec<(Rank, u32)> = Vec::new();
        for &position in nodes {
            let (node, books) = (store.node_at(position), store.books_at(position));
            if first_failure_in(node, books, &group.needs).is_none() {
                let load = self.load_in(books, node.id, service, version);
                list.push(((load, self.ties.next_u64(), node.id), position));
            }
        }
        let keep = n.max(1);
        if list.len() > keep {
            list.select_nth_unstable(keep - 1);
            list.truncate(keep);
        }
        // Ranks as sorted: a node's rank changes only when this walk places a task on it.
        crate::sort::sort(&mut list);
        let count_of_nodes = list.len();
        if count_of_nodes == 0 {
            return 0;
        }
        let mut failed = vec![false; count_of_nodes];
        let mut iter = 0usize;
        let mut count = 0;
        while count < n {
            let Some(&task) = queue.front() else { break };
            let index = iter % count_of_nodes;
            let (rank, position) = list[index];
            let node = rank.2;
            if !passes(store, position) {
                failed[index] = true;
            } else {
                queue.pop_front();
                store.assign_task(now, task, node);
                placed.push(task.id);
                count += 1;
                if iter + 1 < count_of_nodes {
                    // First pass: fill this node until the next one is strictly better
                    // (`nodeLess`: by load alone). The walk has not reached the next node
                    // yet, so its sorted load still holds.
                    if list[iter + 1].0.0 < self.load(store, node, service, version) {
                        iter += 1;
                    }
                } else {
                    // Later passes: one task per node in turn.
                    iter += 1;
                }
            }
            let start = iter;
            while failed[iter % count_of_nodes] {
                iter += 1;
                if iter - start == count_of_nodes {
                    return count;
                }
            }
        }
        count
    }
}

/// One group of tasks being scheduled together: same service, same spec version.
struct Group<'a> {
    needs: TaskNeeds<'a>,
    version: u64,
}

/// A spread preference's label: `node.labels.<key>` or `engine.labels.<key>`.
enum SpreadLabel<'a> {
    Node(&'a str),
    Engine,
}

impl SpreadLabel<'_> {
    /// The node's value for the label; a node without it is in the `""` branch.
    fn value(&self, node: &Node) -> String {
        match self {
            SpreadLabel::Node(key) => node.labels.get(key).cloned().unwrap_or_default(),
            SpreadLabel::Engine => String::new(),
        }
    }
}

fn spread_label(descriptor: &str) -> Option<SpreadLabel<'_>> {
    if let Some(key) = descriptor.strip_prefix("node.labels.") {
        Some(SpreadLabel::Node(key))
    } else if descriptor.starts_with("engine.labels.") {
        Some(SpreadLabel::Engine)
    } else {
        None
    }
}

/// SwarmKit's `no suitable node (…)`: filters by how many nodes they turned away, most first,
/// counting only failures since the last node that passed.
fn explain(store: &Store, needs: &TaskNeeds<'_>) -> String {
    // Counts by filter, in pipeline order (an array rather than a map: one B-tree type fewer
    // in the wasm).
    let mut counts = [0usize; Filter::ALL.len()];
    for node in store.nodes() {
        match first_failure(store, node, needs) {
            Some(filter) => counts[filter as usize] += 1,
            None => counts = [0; Filter::ALL.len()],
        }
    }
    let mut entries: Vec<(Filter, usize)> =
        Filter::ALL.into_iter().zip(counts).filter(|(_, n)| *n > 0).collect();
    // Most failures first; ties keep pipeline order (the sort is stable).
    crate::sort::sort_by_key(&mut entries, |(_, n)| std::cmp::Reverse(*n));
    if entries.is_empty() {
        return "no suitable node".to_string();
    }
    let parts: Vec<String> = entries.iter().map(|(f, n)| f.explain(*n)).collect();
    format!("no suitable node ({})", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn explanations_use_swarmkit_wording() {
        assert_eq!(Filter::Ready.explain(1), "1 node not available for new tasks");
        assert_eq!(Filter::Ready.explain(2), "2 nodes not available for new tasks");
        assert_eq!(Filter::Resource.explain(1), "insufficient resources on 1 node");
        assert_eq!(Filter::Resource.explain(3), "insufficient resources on 3 nodes");
        assert_eq!(
            Filter::Constraint.explain(3),
            "scheduling constraints not satisfied on 3 nodes"
        );
        assert_eq!(Filter::MaxReplicas.explain(2), "max replicas per node limit exceed");
        assert_eq!(Filter::HostPort.explain(2), "host-mode port already in use on 2 nodes");
    }
}
