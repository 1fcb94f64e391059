//! `LiveView`: the board's view model kept up to date from the session's events, so the work
//! of a frame is proportional to what changed in it, not to the size of the swarm.
//!
//! A frame's events name the tasks, nodes and services they touched; each touched task is read
//! again from the cluster (`Cluster::task_view`), refiled under its node (or the unplaced
//! lane, or the history), and the cards and rows it touched are rebuilt. Cards are shared
//! (`Rc`), so a card nothing touched stays the same object and its view is not rendered
//! again. Time does three things by itself, each kept in an ordered queue or a small set: a
//! stopped chip leaves after `STOPPED_CHIP_LINGER`, a running update's slots change phase, and
//! its "next batch in" text counts down.
//!
//! What is rare, and changes orders or colours everywhere (a service or a node comes or goes),
//! and anything after the timeline changed under the reader (a seek back, a rewind), is built
//! again from a snapshot. `ClusterVm::with_history` is the reference: after every frame the
//! tests compare the two.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::rc::Rc;

use swarm_core::{
    Cluster, Event, NodeId, ServiceId, SimTime, SlotPhase, TaskId, TaskState, TaskView,
    UpdateProgress, UpdateSlot,
};
use swarm_shell::EventRecord;

use crate::view_model::{
    self, ClusterVm, HISTORY_PER_NODE, NodeCardVm, STOPPED_CHIP_LINGER, TaskChipVm,
};

/// A chip's place in a list: `docker service ps` order (service, slot, node for a global
/// task, newest first).
type ChipKey = (String, u32, Option<NodeId>, Reverse<SimTime>, TaskId);

fn chip_key(task: &TaskView) -> ChipKey {
    let node = if task.slot == 0 { task.node } else { None };
    (task.service_name.clone(), task.slot, node, Reverse(task.created_at), task.id)
}

/// Chips in their order (`ChipKey`): a vector sorted by key rather than a B-tree keyed by it
/// (a type of its own, 2 KB of the page's wasm gzipped). A node's list is short; the waiting
/// tasks' may be long, and is built whole in key order (`LiveView::rebuild`), each chip then
/// going at its end.
#[derive(Debug, Clone, Default)]
struct ChipList(Vec<(ChipKey, TaskChipVm)>);

impl ChipList {
    /// Files `chip` at `key`'s place, replacing the chip there.
    fn insert(&mut self, key: ChipKey, chip: TaskChipVm) {
        match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) => self.0[at].1 = chip,
            Err(at) => self.0.insert(at, (key, chip)),
        }
    }

    fn remove(&mut self, key: &ChipKey) {
        if let Ok(at) = self.0.binary_search_by(|(k, _)| k.cmp(key)) {
            self.0.remove(at);
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn keys(&self) -> impl Iterator<Item = &ChipKey> {
        self.0.iter().map(|(key, _)| key)
    }

    fn chips(&self) -> impl Iterator<Item = &TaskChipVm> {
        self.0.iter().map(|(_, chip)| chip)
    }
}

/// Where a task's chip is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Node(NodeId),
    History(NodeId),
    Unassigned,
    Hidden,
}

#[derive(Debug, Clone)]
struct Tracked {
    view: TaskView,
    key: ChipKey,
    place: Place,
    /// When its chip leaves the board: a stopped task's chip, shown when it was filed.
    linger: Option<SimTime>,
}

/// The board's view model, following the session.
#[derive(Debug, Clone, Default)]
pub struct LiveView {
    history: bool,
    now: SimTime,
    /// Boxed: maps by ID with boxed values share one copy of the B-tree's code in the page's
    /// wasm with the core's.
    tasks: BTreeMap<TaskId, Box<Tracked>>,
    node_order: Vec<NodeId>,
    /// Each node's position in `node_order`, and what the board keeps for it there (vectors
    /// by position rather than maps by node: fewer map types in the page's wasm).
    positions: BTreeMap<NodeId, u32>,
    nodes: Vec<NodeBoard>,
    unassigned: ChipList,
    /// When a stopped task's chip leaves the board, soonest first. Only its minimum is read,
    /// so a heap (less code in the page's wasm than a set of its own type): an entry stays
    /// when its task is refiled, and counts only while the task's `Tracked::linger` still
    /// names that moment.
    linger: BinaryHeap<Reverse<(SimTime, TaskId)>>,
    /// Live replicas (running, and wanted running) and tasks desired running, per service.
    running: BTreeMap<ServiceId, u32>,
    desired_running: BTreeMap<ServiceId, u32>,
    /// Each service's hue (`u32`, as the core's counts by ID: the same map code in the wasm).
    hues: BTreeMap<ServiceId, u32>,
    /// Where each running update's slots stand, as last shown.
    runs: Vec<(ServiceId, RunPhases)>,
    /// The tracked tasks by update slot, per service.
    by_slot: BTreeMap<ServiceId, Box<SlotTasks>>,
    vm: Rc<ClusterVm>,
}

/// A running update's slots by phase, kept up to date in proportion to what moved: `done`
/// only grows within a run, and at most `parallelism` slots are in flight.
///
/// Each slot has the one phase `UpdateProgress` gives it (its lists do not overlap), kept in
/// types the page's wasm has anyway rather than sets of slots of their own: a replica's by its
/// number in a vector (a scale-up fills the lowest free slots, so numbers stay below
/// `REPLICAS_MAX`), a global service's node's in a map by node ID.
#[derive(Debug, Clone, Default)]
struct RunPhases {
    run: u64,
    done_len: usize,
    replicas: Vec<Option<SlotPhase>>,
    nodes: BTreeMap<NodeId, Box<SlotPhase>>,
    /// The slots in flight as last shown, sorted.
    in_flight: Vec<UpdateSlot>,
    /// How many slots are waiting.
    waiting_len: usize,
}

impl RunPhases {
    fn of(progress: &UpdateProgress) -> RunPhases {
        let mut run =
            RunPhases { run: progress.run, done_len: progress.done.len(), ..RunPhases::default() };
        for (slots, phase) in [
            (&progress.waiting, SlotPhase::Waiting),
            (&progress.in_flight, SlotPhase::InFlight),
            (&progress.done, SlotPhase::Done),
        ] {
            for slot in slots {
                run.set(*slot, Some(phase));
            }
        }
        run.in_flight = sorted(&progress.in_flight);
        run
    }

    fn phase(&self, slot: UpdateSlot) -> Option<SlotPhase> {
        match slot {
            UpdateSlot::Replica(number) => self.replicas.get(number as usize).copied().flatten(),
            UpdateSlot::Node(node) => self.nodes.get(&node).map(|phase| **phase),
        }
    }

    fn set(&mut self, slot: UpdateSlot, phase: Option<SlotPhase>) {
        let waiting = Some(SlotPhase::Waiting);
        self.waiting_len = self.waiting_len + usize::from(phase == waiting)
            - usize::from(self.phase(slot) == waiting);
        match (slot, phase) {
            (UpdateSlot::Replica(number), _) => {
                let at = number as usize;
                if at >= self.replicas.len() {
                    if phase.is_none() {
                        return;
                    }
                    self.replicas.resize(at + 1, None);
                }
                self.replicas[at] = phase;
            }
            (UpdateSlot::Node(node), Some(phase)) => {
                self.nodes.insert(node, Box::new(phase));
            }
            (UpdateSlot::Node(node), None) => {
                self.nodes.remove(&node);
            }
        }
    }

    /// The slots that have a phase.
    fn slots(&self) -> impl Iterator<Item = UpdateSlot> + '_ {
        let replicas = (self.replicas.iter().enumerate())
            .filter(|(_, phase)| phase.is_some())
            .map(|(number, _)| UpdateSlot::Replica(number as u32));
        replicas.chain(self.nodes.keys().map(|node| UpdateSlot::Node(*node)))
    }

    /// Moves to `progress`; returns the slots whose phase changed, or `None` when it is not
    /// the same run moving on (then every slot may have).
    fn advance(&mut self, progress: &UpdateProgress) -> Option<Vec<UpdateSlot>> {
        if progress.run != self.run || progress.done.len() < self.done_len {
            return None;
        }
        let mut changed = Vec::new();
        for slot in &progress.done[self.done_len..] {
            self.set(*slot, Some(SlotPhase::Done));
            changed.push(*slot);
        }
        self.done_len = progress.done.len();
        // The slots that left the flight or joined it: a walk of both sorted lists.
        let old = std::mem::replace(&mut self.in_flight, sorted(&progress.in_flight));
        let new = &self.in_flight;
        let (mut i, mut j) = (0, 0);
        let mut moved = Vec::new();
        while i < old.len() || j < new.len() {
            if j == new.len() || i < old.len() && old[i] < new[j] {
                moved.push((old[i], None));
                i += 1;
            } else if i == old.len() || new[j] < old[i] {
                moved.push((new[j], Some(SlotPhase::InFlight)));
                j += 1;
            } else {
                (i, j) = (i + 1, j + 1);
            }
        }
        for (slot, phase) in moved {
            // A slot done keeps that phase.
            if self.phase(slot) != Some(SlotPhase::Done) {
                self.set(slot, phase);
                changed.push(slot);
            }
        }
        // A slot left the queue some other way (a scale down): read it whole.
        if self.waiting_len != progress.waiting.len() {
            return None;
        }
        Some(changed)
    }
}

/// `slots` sorted, each once (`UpdateProgress` gives the slots in flight in slot order
/// already, so this costs a comparison each).
fn sorted(slots: &[UpdateSlot]) -> Vec<UpdateSlot> {
    let mut slots = slots.to_vec();
    swarm_core::sort::sort(&mut slots);
    slots.dedup();
    slots
}

/// A service's tracked tasks by update slot, to refile those of a slot whose phase moved: a
/// replica's by its number in a vector, a global service's node's in a map by node ID (types
/// the page's wasm has anyway, rather than a map keyed by slot of its own).
#[derive(Debug, Clone, Default)]
struct SlotTasks {
    replicas: Vec<BTreeSet<TaskId>>,
    #[expect(clippy::box_collection, reason = "B-tree code shared in the wasm")]
    nodes: BTreeMap<NodeId, Box<BTreeSet<TaskId>>>,
}

impl SlotTasks {
    fn of(&self, slot: UpdateSlot) -> Option<&BTreeSet<TaskId>> {
        match slot {
            UpdateSlot::Replica(number) => self.replicas.get(number as usize),
            UpdateSlot::Node(node) => self.nodes.get(&node).map(|ids| &**ids),
        }
    }

    fn insert(&mut self, slot: UpdateSlot, id: TaskId) {
        match slot {
            UpdateSlot::Replica(number) => {
                let at = number as usize;
                if at >= self.replicas.len() {
                    self.replicas.resize_with(at + 1, BTreeSet::new);
                }
                self.replicas[at].insert(id);
            }
            UpdateSlot::Node(node) => {
                self.nodes.entry(node).or_default().insert(id);
            }
        }
    }

    fn remove(&mut self, slot: UpdateSlot, id: TaskId) {
        match slot {
            UpdateSlot::Replica(number) => {
                if let Some(ids) = self.replicas.get_mut(number as usize) {
                    ids.remove(&id);
                }
            }
            UpdateSlot::Node(node) => {
                if let Some(ids) = self.nodes.get_mut(&node) {
                    ids.remove(&id);
                    if ids.is_empty() {
                        self.nodes.remove(&node);
                    }
                }
            }
        }
    }
}

/// A node's chips (live, and stopped for the history) and its card as last built.
#[derive(Debug, Clone, Default)]
struct NodeBoard {
    live: ChipList,
    stopped: ChipList,
    card: Option<Rc<NodeCardVm>>,
}

/// What a batch of events touched.
#[derive(Default)]
struct Touched {
    tasks: BTreeSet<TaskId>,
    nodes: BTreeSet<NodeId>,
    services: BTreeSet<ServiceId>,
    unassigned: bool,
    /// A task this view did not track left the store: its node is unknown.
    all_nodes: bool,
    rebuild: bool,
}

impl LiveView {
    /// Built from scratch, from the cluster as it stands.
    pub fn new(cluster: &Cluster, history: bool) -> LiveView {
        let mut view = LiveView { history, ..LiveView::default() };
        view.rebuild(cluster);
        view
    }

    /// What the components show.
    pub fn vm(&self) -> &Rc<ClusterVm> {
        &self.vm
    }

    /// Shows or hides the stopped tasks on the node cards.
    pub fn set_history(&mut self, cluster: &Cluster, history: bool) {
        if history != self.history {
            self.history = history;
            self.rebuild(cluster);
        }
    }

    /// Everything again from the cluster: after the timeline changed under the reader, or a
    /// change to the board's shape.
    pub fn rebuild(&mut self, cluster: &Cluster) {
        let snapshot = cluster.snapshot();
        let history = self.history;
        *self = LiveView { history, now: snapshot.now, ..LiveView::default() };
        self.node_order = snapshot.nodes.iter().map(|n| n.id).collect();
        // Maps and sets are filled by inserting, here and below: a `collect` into one brings
        // a sort of its own into the page's wasm.
        for (i, node) in self.node_order.iter().enumerate() {
            self.positions.insert(*node, i as u32);
        }
        self.nodes = vec![NodeBoard::default(); self.node_order.len()];
        for (i, service) in snapshot.services.iter().enumerate() {
            self.hues.insert(service.id, view_model::service_hue(i));
        }
        for service in &snapshot.services {
            if let Some(progress) = &service.update_progress {
                self.runs.push((service.id, RunPhases::of(progress)));
            }
        }
        // In the chips' order, so each goes at the end of its list.
        let mut tasks = snapshot.tasks;
        swarm_core::sort::sort_by_cached_key(&mut tasks, chip_key);
        for task in tasks {
            self.file(task);
        }
        let mut touched = Touched { unassigned: true, ..Touched::default() };
        touched.nodes.extend(self.node_order.iter().copied());
        touched.services.extend(self.hues.keys().copied());
        self.publish(cluster, touched, true);
    }

    /// Follows a frame: `events` are the new ones (the timeline went forward), at `cluster`'s
    /// time. Returns whether anything shown changed.
    pub fn follow(&mut self, cluster: &Cluster, events: &[EventRecord]) -> bool {
        let mut touched = Touched::default();
        for record in events {
            match &record.event {
                // Where a task ran, even one this view does not track (a removed service's,
                // still stopping): its node's books change with it.
                Event::TaskStateChanged { task, node, .. } => {
                    touched.tasks.insert(*task);
                    touched.nodes.extend(*node);
                }
                Event::TaskRemoved { task, .. } if !self.tasks.contains_key(task) => {
                    touched.all_nodes = true;
                }
                Event::TaskCreated { task, .. }
                | Event::TaskDesiredChanged { task, .. }
                | Event::TaskUnschedulable { task, .. }
                | Event::TaskRemoved { task, .. } => {
                    touched.tasks.insert(*task);
                }
                Event::NodeChanged { node, .. }
                | Event::NodePowerChanged { node, .. }
                | Event::NodeSwarmMembership { node, .. } => {
                    touched.nodes.insert(*node);
                }
                Event::ServiceUpdated { service, .. }
                | Event::UpdateStatusChanged { service, .. } => {
                    touched.services.insert(*service);
                }
                Event::NodeJoined { .. }
                | Event::NodeRemoved { .. }
                | Event::ServiceCreated { .. }
                | Event::ServiceRemoved { .. } => touched.rebuild = true,
                Event::TaskDefaultsChanged { .. } => {}
                // An event this view does not know yet: play safe.
                _ => touched.rebuild = true,
            }
        }
        let now = cluster.now();
        // Back in time (a seek to a moment with no event in between): built again.
        if touched.rebuild || now < self.now {
            self.rebuild(cluster);
            return true;
        }
        self.now = now;

        for id in std::mem::take(&mut touched.tasks) {
            let old = self.unfile(id);
            let new = cluster.task_view(id);
            for tracked in old.iter().map(|t| &t.view).chain(&new) {
                touched.services.insert(tracked.service);
                if let Some(node) = tracked.node {
                    touched.nodes.insert(node);
                }
            }
            touched.unassigned = true;
            if let Some(view) = new {
                self.file(view);
            }
        }
        // Chips whose linger is over.
        while let Some(&Reverse((until, id))) = self.linger.peek() {
            if until > now {
                break;
            }
            self.linger.pop();
            if self.tasks.get(&id).is_none_or(|t| t.linger != Some(until)) {
                continue; // Refiled or gone since: a stale entry.
            }
            if let Some(old) = self.unfile(id) {
                if let Some(node) = old.view.node {
                    touched.nodes.insert(node);
                }
                touched.unassigned = true;
                self.file(old.view);
            }
        }
        if touched.all_nodes {
            touched.nodes.extend(self.node_order.iter().copied());
        }
        // Running updates: slots changing phase, and the countdown to the next batch.
        let mut updating = BTreeSet::new();
        updating
            .extend(self.runs.iter().map(|(id, _)| *id).chain(touched.services.iter().copied()));
        for service in updating {
            let progress = cluster.update_progress(service);
            let at = self.runs.iter().position(|(id, _)| *id == service);
            let changed: Vec<UpdateSlot> = match (at.map(|i| &mut self.runs[i].1), &progress) {
                (Some(run), Some(progress)) => match run.advance(progress) {
                    Some(changed) => changed,
                    None => {
                        let mut slots: Vec<UpdateSlot> = run.slots().collect();
                        *run = RunPhases::of(progress);
                        slots.extend(run.slots());
                        slots
                    }
                },
                (None, Some(progress)) => {
                    let run = RunPhases::of(progress);
                    let slots = run.slots().collect();
                    self.runs.push((service, run));
                    slots
                }
                (Some(_), None) => {
                    let run = at.map(|i| self.runs.swap_remove(i).1).unwrap_or_default();
                    run.slots().collect()
                }
                (None, None) => Vec::new(),
            };
            if progress.is_some() {
                // Its countdown turns whenever the next batch's time does, not on our seconds.
                touched.services.insert(service);
            }
            for slot in changed {
                let ids: Vec<TaskId> = (self.by_slot.get(&service))
                    .and_then(|slots| slots.of(slot))
                    .into_iter()
                    .flatten()
                    .copied()
                    .collect();
                for id in ids {
                    if let Some(old) = self.unfile(id) {
                        if let Some(node) = old.view.node {
                            touched.nodes.insert(node);
                        }
                        touched.unassigned = true;
                        self.file(old.view);
                    }
                }
                touched.services.insert(service);
            }
        }
        // A pending task's "stuck" mark changes with scheduling passes, which name no task:
        // a set lookup per waiting task, and a refiling only for those whose mark moved.
        if !self.unassigned.is_empty() {
            let moved: Vec<(TaskId, bool)> = (self.unassigned.keys().map(|k| k.4))
                .filter_map(|id| {
                    let stuck = cluster.is_stuck(id);
                    self.tasks
                        .get(&id)
                        .is_some_and(|t| t.view.stuck != stuck)
                        .then_some((id, stuck))
                })
                .collect();
            for (id, stuck) in moved {
                if let Some(mut old) = self.unfile(id) {
                    old.view.stuck = stuck;
                    touched.unassigned = true;
                    self.file(old.view);
                }
            }
        }
        if touched.nodes.is_empty() && touched.services.is_empty() && !touched.unassigned {
            return false;
        }
        self.publish(cluster, touched, false)
    }

    /// Files a task where its chip goes, and counts it.
    fn file(&mut self, view: TaskView) {
        let key = chip_key(&view);
        let now = self.now;
        let shown = view.state <= TaskState::Running
            || now.saturating_since(view.since) < STOPPED_CHIP_LINGER;
        let linger =
            (view.state > TaskState::Running && shown).then(|| view.since + STOPPED_CHIP_LINGER);
        if let Some(until) = linger {
            self.linger.push(Reverse((until, view.id)));
        }
        let place = match (shown, view.node) {
            (true, Some(node)) => Place::Node(node),
            (true, None) if view.desired <= TaskState::Running => Place::Unassigned,
            (false, Some(node)) if self.history => Place::History(node),
            _ => Place::Hidden,
        };
        let list = match place {
            Place::Node(node) => {
                self.positions.get(&node).map(|i| &mut self.nodes[*i as usize].live)
            }
            Place::History(node) => {
                self.positions.get(&node).map(|i| &mut self.nodes[*i as usize].stopped)
            }
            Place::Unassigned => Some(&mut self.unassigned),
            Place::Hidden => None,
        };
        if let Some(list) = list {
            let slot = UpdateSlot::of_task(view.slot, view.node);
            let run = self.runs.iter().find(|(id, _)| *id == view.service);
            let phase = run.and_then(|(_, run)| run.phase(slot));
            let chip = view_model::chip(&view, phase, &self.hues);
            let history = matches!(place, Place::History(_));
            list.insert(key.clone(), TaskChipVm { history, ..chip });
        }
        if view.state == TaskState::Running && view.desired <= TaskState::Running {
            *self.running.entry(view.service).or_default() += 1;
        }
        if view.desired == TaskState::Running {
            *self.desired_running.entry(view.service).or_default() += 1;
        }
        let slot = UpdateSlot::of_task(view.slot, view.node);
        self.by_slot.entry(view.service).or_default().insert(slot, view.id);
        self.tasks.insert(view.id, Box::new(Tracked { view, key, place, linger }));
    }

    /// Takes a task off the board and out of the counts; returns what it was.
    fn unfile(&mut self, id: TaskId) -> Option<Box<Tracked>> {
        let tracked = self.tasks.remove(&id)?;
        let view = &tracked.view;
        match tracked.place {
            Place::Node(node) => {
                if let Some(i) = self.positions.get(&node) {
                    self.nodes[*i as usize].live.remove(&tracked.key);
                }
            }
            Place::History(node) => {
                if let Some(i) = self.positions.get(&node) {
                    self.nodes[*i as usize].stopped.remove(&tracked.key);
                }
            }
            Place::Unassigned => {
                self.unassigned.remove(&tracked.key);
            }
            Place::Hidden => {}
        }
        if view.state == TaskState::Running && view.desired <= TaskState::Running {
            decrement(&mut self.running, view.service);
        }
        if view.desired == TaskState::Running {
            decrement(&mut self.desired_running, view.service);
        }
        if let Some(slots) = self.by_slot.get_mut(&view.service) {
            slots.remove(UpdateSlot::of_task(view.slot, view.node), id);
        }
        Some(tracked)
    }

    /// Builds the cards and rows `touched` names again, and the view model around them if
    /// anything in it changed; says whether it did.
    fn publish(&mut self, cluster: &Cluster, touched: Touched, all: bool) -> bool {
        for node in &touched.nodes {
            let (Some(view), Some(i)) = (cluster.node_view(*node), self.positions.get(node)) else {
                continue;
            };
            let board = &mut self.nodes[*i as usize];
            let chips = board.live.chips().cloned().collect();
            let history = board.stopped.chips().take(HISTORY_PER_NODE).cloned().collect();
            board.card = Some(Rc::new(view_model::node_card(&view, chips, history)));
        }
        let old = Rc::clone(&self.vm);
        let row = |service: ServiceId| {
            // A service the cluster no longer has is gone from the board (its removal
            // rebuilds the board; this only keeps a missed event from stopping the page).
            let record = cluster.service_record(service)?;
            let progress = cluster.update_progress(service);
            let desired = if record.spec.is_global() {
                self.desired_running.get(&service).copied().unwrap_or(0)
            } else {
                record.spec.replicas()
            };
            let facts = view_model::ServiceFacts {
                id: service,
                name: &record.spec.name,
                global: record.spec.is_global(),
                image: &record.spec.image,
                config: &record.spec.update,
                status: record.update_status.as_ref(),
                progress: progress.as_ref(),
            };
            let running = self.running.get(&service).copied().unwrap_or(0);
            Some(view_model::service_row(&facts, desired, running, self.now))
        };
        let services: Vec<_> = if all {
            cluster_services(cluster, &self.hues).into_iter().filter_map(row).collect()
        } else {
            old.services
                .iter()
                .filter_map(|kept| match touched.services.contains(&kept.id) {
                    true => row(kept.id),
                    false => Some(kept.clone()),
                })
                .collect()
        };
        let unassigned = if all || touched.unassigned {
            self.unassigned.chips().cloned().collect()
        } else {
            old.unassigned.clone()
        };
        let leader = cluster.leader().is_some();
        let same = !all
            && touched.nodes.is_empty()
            && leader == old.leader
            && services == old.services
            && unassigned == old.unassigned;
        if same {
            return false;
        }
        let nodes = self.nodes.iter().filter_map(|n| n.card.clone()).collect();
        self.vm = Rc::new(ClusterVm { leader, services, unassigned, nodes });
        true
    }
}

/// The services, by name.
fn cluster_services(cluster: &Cluster, hues: &BTreeMap<ServiceId, u32>) -> Vec<ServiceId> {
    let mut ids: Vec<(String, ServiceId)> = hues
        .keys()
        .filter_map(|id| Some((cluster.service_record(*id)?.spec.name.clone(), *id)))
        .collect();
    swarm_core::sort::sort(&mut ids);
    ids.into_iter().map(|(_, id)| id).collect()
}

fn decrement<K: Ord>(counts: &mut BTreeMap<K, u32>, key: K) {
    if let Some(count) = counts.get_mut(&key) {
        *count = count.saturating_sub(1);
        if *count == 0 {
            counts.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_core::SimDuration;
    use swarm_shell::{Cursor, Scenario, Session};

    /// Plays `script` (lines at simulated seconds) frame by frame, 100 ms apart, following the
    /// session with a `LiveView`, and checks after every frame that it shows exactly what a
    /// view built from a whole snapshot shows.
    fn follows(script: &[(u64, &str)], until_s: u64, history: bool) -> LiveView {
        let mut session = Session::new(Scenario::default(), 7);
        let mut view = LiveView::new(session.cluster(), history);
        let mut cursor = Cursor::default();
        let mut lines = script.iter().peekable();
        let mut frame = 0;
        while session.now() < SimTime::from_secs(until_s) {
            while let Some((at, line)) = lines.peek() {
                if SimTime::from_secs(*at) > session.now() {
                    break;
                }
                if let Some(to) = line.strip_prefix("seek ") {
                    session.seek(SimTime::from_secs(to.parse().unwrap()));
                } else {
                    session.type_text(line).unwrap();
                }
                lines.next();
            }
            session.advance_by(SimDuration::from_millis(100));
            let batch = session.read_events(&mut cursor);
            if batch.dropped_from.is_some() {
                view.rebuild(session.cluster());
            } else {
                view.follow(session.cluster(), batch.items);
            }
            let reference = ClusterVm::with_history(&session.snapshot(), history);
            assert_eq!(
                **view.vm(),
                reference,
                "frame {frame} at {}: the live view and a view of the whole snapshot differ",
                session.now()
            );
            frame += 1;
        }
        view
    }

    #[test]
    fn follows_a_rolling_update_a_node_failure_and_a_drain() {
        let script = [
            (0, "docker service create -d --name web --replicas 6 nginx:latest"),
            (
                10,
                "docker service update -d --update-parallelism 2 --update-delay 3s --image nginx:1.25 web",
            ),
            (14, "sim node kill worker2"),
            (30, "docker node update --availability drain worker1"),
            (40, "sim node start worker2"),
            (45, "docker node update --availability active worker1"),
            (50, "docker service scale web=3"),
            (55, "docker service update -d --update-order start-first --image nginx:1.24 web"),
        ];
        let view = follows(&script, 75, false);
        assert_eq!(view.vm().services[0].running, 3);
    }

    #[test]
    fn follows_history_pending_tasks_globals_removals_and_seeks() {
        let script = [
            (0, "docker service create -d --name web --replicas 2 nginx:latest"),
            (0, "docker service create -d --name mon --mode global alpine ping 127.0.0.1"),
            (3, "docker service create -d --name big --replicas 2 --reserve-memory 3g nginx"),
            (5, "docker service create -d --name picky --constraint node.labels.zone==b nginx"),
            (8, "sim task fail web.1"),
            (12, "docker service update -d --force web"),
            (20, "seek 10"),
            (21, "docker service rm big"),
            (25, "sim node add worker3 --label zone=b"),
            (32, "docker service update -d --image nginx:nope web"),
            // A global service's update: its slots are nodes.
            (36, "docker service update -d --force --update-delay 2s mon"),
        ];
        follows(&script, 50, true);
        follows(&script, 50, false);
    }

    /// A waiting task of an older spec version that the scheduler gives up on (its "stuck"
    /// mark comes with a scheduling pass that writes nothing), then one `--force` replaces.
    #[test]
    fn follows_a_task_the_scheduler_gives_up_on() {
        let script = [
            (0, "docker service create -d --name api --constraint node.labels.zone==b nginx"),
            (3, "docker service update -d --update-delay 3s api"),
            (5, "docker node update --label-add rack=1 worker1"),
            (8, "docker node update --label-add zone=b worker2"),
            (14, "docker service update -d --force api"),
        ];
        let view = follows(&script, 25, false);
        assert_eq!(view.vm().services[0].running, 1, "the forced replacement runs");
        let stuck_seen = {
            // The mark was on the board at some frame: play again up to 10 s and look.
            let view = follows(&script[..4], 10, false);
            view.vm().unassigned.iter().any(|chip| chip.stuck)
        };
        assert!(stuck_seen, "the task was marked stuck");
    }

    #[test]
    fn follows_leadership_moving_and_quorum_lost() {
        let script = [
            (0, "docker service create -d --name web --replicas 3 nginx:latest"),
            (2, "docker node promote worker1 worker2"),
            (10, "sim node kill manager1"),
            (25, "sim use worker1"),
            (25, "sim node kill worker2"),
            (40, "sim node start worker2"),
            (45, "sim node start manager1"),
        ];
        follows(&script, 60, false);
    }
}
