//! Plots: per service, tasks running against tasks desired over simulated time, with the
//! moments updates and nodes changed; built incrementally from the session's event log, and
//! drawn as SVG step lines whose cost is bounded by the plot's width. Pure, no web APIs: the
//! component (`components/plots.rs`) lays these out; it does not know what a task is.
//!
//! # What is counted
//!
//! *Running* is what the services panel counts (`view_model.rs`): the service's tasks observed
//! RUNNING whose desired state is at most RUNNING. Events carry all of that (a task's service
//! on `TaskCreated`, its observed and desired moves after), so it is exact.
//!
//! *Desired* is the spec's replicas on the panel, and the events do not carry a spec. It is
//! derived instead as the slots (for a global service, the nodes) in which the manager wants a
//! task: slots holding a task whose desired state is at most RUNNING (a task is created
//! wanting READY or RUNNING). Once the orchestrator has acted, which it does in the same step
//! as the spec change, that is the replicas: a scale creates or removes slots' tasks, and an
//! update or a restart replaces a slot's task without leaving the slot empty (start-first
//! keeps two tasks in one slot, which still counts once). It differs where a slot is left
//! empty on purpose: a task that stopped and that the restart policy does not restart takes
//! its slot out of the count (docker would say `0/3`; the plot says 0 of 0 wanted).
//!
//! Within one simulated instant (one step of the cluster, or inputs given at the same moment)
//! events come one by one, and counts between them are no state anyone saw: a node's task
//! set to shut down just before its replacement is created would show a dip that never was.
//! So a series records the counts as each instant ends, when an event of a later instant
//! comes; the instant still open shows as a `pending` point until then.
//!
//! # What a point is
//!
//! A series is a step function. A `Point` says: from `at` on, the counts were the `last` of
//! each `Span`, having gone as low as `low` and as high as `high` within its bucket. A series
//! keeps at most one point per bucket of simulated time, a second at first: the page shows a
//! few hundred pixels for the whole session, so a finer grain would never be seen, and the
//! spans keep what a coarser grain would hide (the dip of a stop-first update shows however
//! short it was). Past `POINTS_MAX` points the bucket doubles and neighbours merge, spans and
//! all, as the session's checkpoints thin out: the whole history stays, coarser.
//!
//! # Following the timeline
//!
//! `follow` reads the session's events through a `Cursor` of its own: new events cost
//! O(batch). When the timeline changed under it (a seek back, a rewind, a new branch), the
//! plots are rebuilt from the session's visible events, so they are a pure function of the
//! timeline up to the playhead: seeking back then playing forward gives the very series that
//! never seeking gives. If the log no longer holds the timeline's start (past
//! `EVENTS_KEPT_MAX` events), tasks are taken from the snapshot at the playhead instead and the
//! history before the change is kept as it was, so the one bucket that straddles the change
//! may still show what the dropped future did within it.
//!
//! # Bounds
//!
//! Per service, at most `POINTS_MAX` points and the newest `MARKERS_MAX` markers; the newest
//! `MARKERS_MAX` node markers in all. The task table holds the tasks the cluster holds (its
//! reaper bounds their history). A removed service's plot goes with it, as its panel row does.
//! Drawing a series visits its points once and emits at most a few coordinates per pixel
//! column, whatever the history's length.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::rc::Rc;

use swarm_core::id::ID_LEN;
use swarm_core::{
    Event, NodeId, NodeState, ServiceId, SimTime, Snapshot, TaskId, TaskState, TaskView,
    UpdateState,
};
use swarm_shell::{Cursor, EventRecord, Session, clock};

/// Points a series keeps; past this its bucket doubles. More than a plot has pixel columns.
pub const POINTS_MAX: usize = 1024;
/// A series' first bucket: at most one point per simulated second.
pub const BUCKET_MS: u64 = 1000;
/// Markers kept per service, and node markers kept in all; the oldest go first.
pub const MARKERS_MAX: usize = 256;
/// Marks one title lists when several fall on one pixel column.
const TITLES_MAX: usize = 4;

/// A count over a bucket of time: where it ended, and how low and high it went within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub low: u32,
    pub high: u32,
    pub last: u32,
}

impl Span {
    pub fn of(count: u32) -> Span {
        Span { low: count, high: count, last: count }
    }

    /// This span followed by `later`.
    fn then(self, later: Span) -> Span {
        Span { low: self.low.min(later.low), high: self.high.max(later.high), last: later.last }
    }
}

/// One step of a series: from `at` on, these counts (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub at: SimTime,
    pub running: Span,
    pub desired: Span,
}

impl Point {
    fn of(at: SimTime, running: u32, desired: u32) -> Point {
        Point { at, running: Span::of(running), desired: Span::of(desired) }
    }

    fn then(self, later: Point) -> Point {
        Point {
            at: self.at,
            running: self.running.then(later.running),
            desired: self.desired.then(later.desired),
        }
    }
}

/// What a marker marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerKind {
    UpdateStarted,
    UpdatePaused,
    UpdateCompleted,
    RollbackStarted,
    RollbackPaused,
    RollbackCompleted,
    NodeDown,
    NodeUp,
}

impl MarkerKind {
    pub const ALL: [MarkerKind; 8] = [
        MarkerKind::UpdateStarted,
        MarkerKind::UpdatePaused,
        MarkerKind::UpdateCompleted,
        MarkerKind::RollbackStarted,
        MarkerKind::RollbackPaused,
        MarkerKind::RollbackCompleted,
        MarkerKind::NodeDown,
        MarkerKind::NodeUp,
    ];

    fn of_update(state: UpdateState) -> MarkerKind {
        match state {
            UpdateState::Updating => MarkerKind::UpdateStarted,
            UpdateState::Paused => MarkerKind::UpdatePaused,
            UpdateState::Completed => MarkerKind::UpdateCompleted,
            UpdateState::RollbackStarted => MarkerKind::RollbackStarted,
            UpdateState::RollbackPaused => MarkerKind::RollbackPaused,
            UpdateState::RollbackCompleted => MarkerKind::RollbackCompleted,
        }
    }

    /// A CSS class: `update-started`, `node-down`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerKind::UpdateStarted => "update-started",
            MarkerKind::UpdatePaused => "update-paused",
            MarkerKind::UpdateCompleted => "update-completed",
            MarkerKind::RollbackStarted => "rollback-started",
            MarkerKind::RollbackPaused => "rollback-paused",
            MarkerKind::RollbackCompleted => "rollback-completed",
            MarkerKind::NodeDown => "node-down",
            MarkerKind::NodeUp => "node-up",
        }
    }

    /// In words: `update started`, `node down`, ...
    pub fn label(self) -> &'static str {
        match self {
            MarkerKind::UpdateStarted => "update started",
            MarkerKind::UpdatePaused => "update paused",
            MarkerKind::UpdateCompleted => "update completed",
            MarkerKind::RollbackStarted => "rollback started",
            MarkerKind::RollbackPaused => "rollback paused",
            MarkerKind::RollbackCompleted => "rollback completed",
            MarkerKind::NodeDown => "node down",
            MarkerKind::NodeUp => "node up",
        }
    }

    /// The letter drawn atop the marker's line, so kinds differ by more than colour.
    pub fn glyph(self) -> &'static str {
        match self {
            MarkerKind::UpdateStarted => "U",
            MarkerKind::UpdatePaused | MarkerKind::RollbackPaused => "P",
            MarkerKind::UpdateCompleted | MarkerKind::RollbackCompleted => "C",
            MarkerKind::RollbackStarted => "R",
            MarkerKind::NodeDown => "×",
            MarkerKind::NodeUp => "+",
        }
    }
}

/// A moment marked on the plots: an update's status, or a node going down or coming back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub at: SimTime,
    pub kind: MarkerKind,
    /// The node's hostname, or the update status' message.
    pub detail: Rc<str>,
}

impl Marker {
    /// `update paused at 1m05.250s: update paused due to …`, `worker2 down at 40.000s`.
    pub fn title(&self) -> String {
        let at = clock(self.at);
        match self.kind {
            MarkerKind::NodeDown => format!("{} down at {at}", self.detail),
            MarkerKind::NodeUp => format!("{} up at {at}", self.detail),
            kind if self.detail.is_empty() || *self.detail == *kind.label() => {
                format!("{} at {at}", kind.label())
            }
            kind => format!("{} at {at}: {}", kind.label(), self.detail),
        }
    }
}

/// One service's plot: its counts over time and its update markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub id: ServiceId,
    pub name: Rc<str>,
    points: Vec<Point>,
    /// The counts as the open instant stands, until it ends.
    pending: Option<Point>,
    bucket_ms: u64,
    markers: Vec<Marker>,
    running: u32,
    desired: u32,
    /// Wanted tasks per slot; a slot is counted (in `desired`) while it has one.
    slots: SlotCounts,
}

impl Series {
    fn new(id: ServiceId, name: Rc<str>) -> Series {
        Series {
            id,
            name,
            points: Vec::new(),
            pending: None,
            bucket_ms: BUCKET_MS,
            markers: Vec::new(),
            running: 0,
            desired: 0,
            slots: SlotCounts::default(),
        }
    }

    /// The series, oldest first, with the open instant's counts as they would join it.
    pub fn points(&self) -> impl Iterator<Item = Point> + '_ {
        let (stored, tail) = match (self.points.split_last(), self.pending) {
            (Some((last, rest)), Some(pending)) => match self.join(last, pending) {
                Join::Unchanged => (self.points.as_slice(), None),
                Join::Merged(merged) => (rest, Some(merged)),
                Join::New => (self.points.as_slice(), Some(pending)),
            },
            (_, pending) => (self.points.as_slice(), pending),
        };
        stored.iter().copied().chain(tail)
    }

    /// How `later` joins the series after its last point `last`.
    fn join(&self, last: &Point, later: Point) -> Join {
        if (last.running.last, last.desired.last) == (later.running.last, later.desired.last) {
            Join::Unchanged
        } else if last.at.as_millis() / self.bucket_ms == later.at.as_millis() / self.bucket_ms {
            Join::Merged(last.then(later))
        } else {
            Join::New
        }
    }

    /// Tasks running now (as the services panel counts them).
    pub fn running(&self) -> u32 {
        self.running
    }

    /// Slots wanting a task now (see the module doc).
    pub fn desired(&self) -> u32 {
        self.desired
    }

    /// The simulated time one point stands for, at most.
    pub fn bucket_ms(&self) -> u64 {
        self.bucket_ms
    }

    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// The highest count the series reached.
    pub fn peak(&self) -> u32 {
        self.points().map(|p| p.running.high.max(p.desired.high)).max().unwrap_or(0)
    }

    /// Notes the counts as they stand at `at`, the open instant.
    fn touch(&mut self, at: SimTime) {
        self.pending = Some(Point::of(at, self.running, self.desired));
    }

    /// The open instant ended: its counts join the series, in the last point's bucket if it
    /// falls there, as a new point otherwise; nothing if they did not change.
    fn commit(&mut self) {
        let Some(point) = self.pending.take() else { return };
        let join = self.points.last().map_or(Join::New, |last| self.join(last, point));
        match join {
            Join::Unchanged => {}
            Join::Merged(merged) => *self.points.last_mut().expect("a last point") = merged,
            Join::New => self.points.push(point),
        }
        while self.points.len() > POINTS_MAX {
            self.coarsen();
        }
    }

    /// Doubles the bucket and merges the points that now share one.
    fn coarsen(&mut self) {
        self.bucket_ms *= 2;
        let bucket = self.bucket_ms;
        let mut merged: Vec<Point> = Vec::with_capacity(self.points.len() / 2 + 1);
        for point in self.points.drain(..) {
            match merged.last_mut() {
                Some(last) if last.at.as_millis() / bucket == point.at.as_millis() / bucket => {
                    *last = last.then(point);
                }
                _ => merged.push(point),
            }
        }
        self.points = merged;
    }

    fn mark(&mut self, marker: Marker) {
        push_bounded(&mut self.markers, marker);
    }
}

/// How a point joins a series.
enum Join {
    /// The counts did not change: nothing.
    Unchanged,
    /// Into the last point, whose bucket it falls in.
    Merged(Point),
    New,
}

fn push_bounded(markers: &mut Vec<Marker>, marker: Marker) {
    if markers.len() >= MARKERS_MAX {
        markers.remove(0);
    }
    markers.push(marker);
}

/// Which slot of its service a task fills: a replicated task's slot number, or a global
/// task's node (by its ID's text, which is how its name says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Replica(u32),
    Node([u8; ID_LEN]),
}

impl Slot {
    fn node(text: &str) -> Slot {
        let mut bytes = [0; ID_LEN];
        let len = text.len().min(ID_LEN);
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        Slot::Node(bytes)
    }

    /// From a task's name: `web.3`, or `web.<node ID>` for a global service.
    fn of_name(name: &str) -> Slot {
        let suffix = name.rsplit_once('.').map_or(name, |(_, suffix)| suffix);
        match suffix.parse() {
            Ok(slot) => Slot::Replica(slot),
            Err(_) => Slot::node(suffix),
        }
    }

    fn of_view(task: &TaskView) -> Slot {
        match (task.slot, task.node) {
            (0, Some(node)) => Slot::node(node.0.as_str()),
            (slot, _) => Slot::Replica(slot),
        }
    }
}

/// A service's wanted tasks per slot, in types the page's wasm has anyway rather than a map
/// keyed by slot of its own: a replica's by its number in a vector, a global service's node's
/// in a vector sorted by node. Neither keeps a slot at zero at its end, so equal counts are
/// equal vectors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct SlotCounts {
    replicas: Vec<u32>,
    nodes: Vec<([u8; ID_LEN], u32)>,
}

impl SlotCounts {
    /// One wanted task more (`true`) or fewer in `slot`; returns its count before and after.
    fn add(&mut self, slot: Slot, more: bool) -> (u32, u32) {
        let step = |count: &mut u32| {
            let was = *count;
            *count = if more { was + 1 } else { was - 1 };
            (was, *count)
        };
        match slot {
            Slot::Replica(number) => {
                let at = number as usize;
                if at >= self.replicas.len() {
                    self.replicas.resize(at + 1, 0);
                }
                let counts = step(&mut self.replicas[at]);
                while self.replicas.last() == Some(&0) {
                    self.replicas.pop();
                }
                counts
            }
            Slot::Node(node) => {
                let at = match self.nodes.binary_search_by(|(n, _)| n.cmp(&node)) {
                    Ok(at) => at,
                    Err(at) => {
                        self.nodes.insert(at, (node, 0));
                        at
                    }
                };
                let counts = step(&mut self.nodes[at].1);
                if counts.1 == 0 {
                    self.nodes.remove(at);
                }
                counts
            }
        }
    }
}

/// What the plots need of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TaskSeen {
    service: ServiceId,
    slot: Slot,
    /// Observed RUNNING.
    running: bool,
    /// Desired state at most RUNNING: the manager wants it.
    wanted: bool,
}

/// Every service's plot, and the node markers they share.
#[derive(Debug, Clone, Default)]
pub struct PlotModel {
    /// Boxed, as the tasks below: maps by ID with boxed values share one copy of the B-tree's
    /// code in the page's wasm with the core's.
    services: BTreeMap<ServiceId, Box<Series>>,
    /// Each task's place in `seen`: a B-tree of `TaskId` to `u32` shares its code in the
    /// page's wasm with the core's, and the copy a frame makes of plots another state still
    /// shares copies plain values (a box per task would be an allocation per task).
    tasks: BTreeMap<TaskId, u32>,
    /// What is known of the tasks, at the places `tasks` gives; the places in `free` are
    /// unused, for the next tasks.
    seen: Vec<TaskSeen>,
    free: Vec<u32>,
    down: BTreeSet<NodeId>,
    node_markers: Vec<Marker>,
    /// The instant the last event was at; its counts are still pending.
    open_at: SimTime,
    /// Series with counts pending.
    dirty: BTreeSet<ServiceId>,
    /// The timeline's index of the next event to read.
    next: usize,
}

impl PlotModel {
    /// The plots of a timeline, from its first event.
    pub fn of_events(records: &[EventRecord]) -> PlotModel {
        let mut model = PlotModel::default();
        model.feed(records);
        model
    }

    /// The live services' plots, by name as docker sorts them.
    pub fn services(&self) -> Vec<&Series> {
        let mut services: Vec<&Series> = self.services.values().map(|s| &**s).collect();
        swarm_core::sort::sort_by(&mut services, |a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        services
    }

    pub fn service(&self, name: &str) -> Option<&Series> {
        self.services().into_iter().find(|s| &*s.name == name)
    }

    /// Nodes going down and coming back, oldest first.
    pub fn node_markers(&self) -> &[Marker] {
        &self.node_markers
    }

    /// Takes in the next events of the timeline: O(records).
    pub fn feed(&mut self, records: &[EventRecord]) {
        for record in records {
            if record.at > self.open_at {
                self.close_instant();
                self.open_at = record.at;
            }
            self.apply(record);
        }
        self.next += records.len();
    }

    fn close_instant(&mut self) {
        for id in std::mem::take(&mut self.dirty) {
            if let Some(series) = self.services.get_mut(&id) {
                series.commit();
            }
        }
    }

    fn touch(&mut self, service: ServiceId) {
        if let Some(series) = self.services.get_mut(&service) {
            series.touch(self.open_at);
            self.dirty.insert(service);
        }
    }

    fn apply(&mut self, record: &EventRecord) {
        match &record.event {
            Event::ServiceCreated { service, name, .. } => {
                let series = Series::new(*service, name.as_str().into());
                self.services.insert(*service, Box::new(series));
                self.touch(*service);
            }
            Event::ServiceRemoved { service, .. } => {
                self.services.remove(service);
                self.dirty.remove(service);
            }
            Event::UpdateStatusChanged { service, state, message, .. } => {
                if let Some(series) = self.services.get_mut(service) {
                    let kind = MarkerKind::of_update(*state);
                    series.mark(Marker { at: record.at, kind, detail: message.as_str().into() });
                }
            }
            Event::TaskCreated { task, service, name, .. } => {
                let seen = TaskSeen {
                    service: *service,
                    slot: Slot::of_name(name),
                    running: false,
                    wanted: true,
                };
                self.add_task(*task, seen);
                self.count(None, Some(seen));
            }
            Event::TaskStateChanged { task, to, .. } => {
                self.update_task(*task, |t| t.running = *to == TaskState::Running);
            }
            Event::TaskDesiredChanged { task, to, .. } => {
                self.update_task(*task, |t| t.wanted = *to <= TaskState::Running);
            }
            Event::TaskRemoved { task, .. } => {
                if let Some(at) = self.tasks.remove(task) {
                    self.free.push(at);
                    self.count(Some(self.seen[at as usize]), None);
                }
            }
            Event::NodeChanged { node, state, .. } => {
                let kind = match state {
                    NodeState::Down if self.down.insert(*node) => MarkerKind::NodeDown,
                    NodeState::Ready if self.down.remove(node) => MarkerKind::NodeUp,
                    _ => return,
                };
                let detail =
                    record.node.as_deref().map_or_else(|| node.to_string(), str::to_string);
                let marker = Marker { at: record.at, kind, detail: detail.into() };
                push_bounded(&mut self.node_markers, marker);
            }
            Event::NodeRemoved { node, .. } => {
                self.down.remove(node);
            }
            _ => {}
        }
    }

    /// What is known of each task, by ID.
    fn tasks_seen(&self) -> impl Iterator<Item = (TaskId, TaskSeen)> + '_ {
        self.tasks.iter().map(|(id, at)| (*id, self.seen[*at as usize]))
    }

    /// Files what is seen of `task` (replacing what was, as a map's `insert` does).
    fn add_task(&mut self, task: TaskId, seen: TaskSeen) {
        let at = match self.free.pop() {
            Some(at) => {
                self.seen[at as usize] = seen;
                at
            }
            None => {
                self.seen.push(seen);
                u32::try_from(self.seen.len() - 1).expect("fewer than 2^32 tasks")
            }
        };
        if let Some(old) = self.tasks.insert(task, at) {
            self.free.push(old);
        }
    }

    fn update_task(&mut self, task: TaskId, change: impl FnOnce(&mut TaskSeen)) {
        let Some(&at) = self.tasks.get(&task) else { return };
        let seen = &mut self.seen[at as usize];
        let before = *seen;
        change(seen);
        let after = *seen;
        if before != after {
            self.count(Some(before), Some(after));
        }
    }

    /// Moves the counts from what a task was (`None`: not there) to what it is.
    fn count(&mut self, before: Option<TaskSeen>, after: Option<TaskSeen>) {
        let Some(task) = before.or(after) else { return };
        let wanted = |t: Option<TaskSeen>| t.is_some_and(|t| t.wanted);
        let running = |t: Option<TaskSeen>| t.is_some_and(|t| t.wanted && t.running);
        // A removed service's tasks, still leaving, count for no plot.
        let Some(series) = self.services.get_mut(&task.service) else { return };
        let mut desired_delta = 0i64;
        if wanted(before) != wanted(after) {
            let (was, now) = series.slots.add(task.slot, wanted(after));
            desired_delta = i64::from(now > 0) - i64::from(was > 0);
        }
        let running_delta = i64::from(running(after)) - i64::from(running(before));
        if desired_delta == 0 && running_delta == 0 {
            return;
        }
        series.desired =
            series.desired.checked_add_signed(desired_delta as i32).expect("a counted slot");
        series.running =
            series.running.checked_add_signed(running_delta as i32).expect("a counted task");
        self.touch(task.service);
    }

    /// Takes the tasks, services and nodes from `snapshot` (the swarm at the playhead, after
    /// the timeline's event `next - 1`) instead of from events the log no longer holds; keeps
    /// the points and markers from before `cut`.
    fn resume(&mut self, snapshot: &Snapshot, cut: SimTime, next: usize) {
        self.tasks.clear();
        self.seen.clear();
        self.free.clear();
        self.dirty.clear();
        self.open_at = snapshot.now;
        self.next = next;
        let mut services = std::mem::take(&mut self.services);
        for view in &snapshot.services {
            let mut series = services
                .remove(&view.id)
                .unwrap_or_else(|| Box::new(Series::new(view.id, view.name.as_str().into())));
            series.points.retain(|p| p.at < cut);
            series.markers.retain(|m| m.at < cut);
            (series.running, series.desired, series.pending) = (0, 0, None);
            series.slots = SlotCounts::default();
            self.services.insert(view.id, series);
        }
        for task in &snapshot.tasks {
            let seen = TaskSeen {
                service: task.service,
                slot: Slot::of_view(task),
                running: task.state == TaskState::Running,
                wanted: task.desired <= TaskState::Running,
            };
            self.add_task(task.id, seen);
            self.count(None, Some(seen));
        }
        for id in self.services.keys().copied().collect::<Vec<_>>() {
            self.touch(id);
        }
        // Inserted one by one: a `collect` into a set brings a sort of its own into the wasm.
        self.down.clear();
        for node in snapshot.nodes.iter().filter(|n| n.state == NodeState::Down) {
            self.down.insert(node.id);
        }
        self.node_markers.retain(|m| m.at < cut);
    }
}

impl PartialEq for PlotModel {
    /// The same plots, knowing the same of the same tasks, wherever each sits in `seen`.
    fn eq(&self, other: &PlotModel) -> bool {
        let PlotModel {
            services,
            tasks: _,
            seen: _,
            free: _,
            down,
            node_markers,
            open_at,
            dirty,
            next,
        } = self;
        *services == other.services
            && *down == other.down
            && *node_markers == other.node_markers
            && *open_at == other.open_at
            && *dirty == other.dirty
            && *next == other.next
            && self.tasks_seen().eq(other.tasks_seen())
    }
}

impl Eq for PlotModel {}

/// Brings `plots` to the session's playhead, reading its events through `cursor` (the plots'
/// own); says whether the plots changed. Cloned on write: `plots` is a new `Rc` exactly when
/// it changed.
pub fn follow(plots: &mut Rc<PlotModel>, session: &Session, cursor: &mut Cursor) -> bool {
    let batch = session.read_events(cursor);
    let visible = session.events();
    let read_to = batch.first + batch.items.len();
    if batch.dropped_from.is_none() && batch.first == plots.next {
        if batch.items.is_empty() {
            return false;
        }
        Rc::make_mut(plots).feed(batch.items);
        return true;
    }
    // The timeline changed under the plots, or the log forgot events they had not read.
    if read_to == visible.len() {
        // The log holds the timeline from its start.
        *plots = Rc::new(PlotModel::of_events(visible));
    } else {
        let cut = batch.items.first().map_or(session.now(), |e| e.at).min(session.now());
        Rc::make_mut(plots).resume(&session.snapshot(), cut, read_to);
    }
    true
}

/// Where a plot's area maps time and counts: x from 0 at time zero to `width` at `now`, y from
/// `height` at 0 tasks to 0 at `top` tasks (SVG's y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub now: SimTime,
    pub width: f64,
    pub height: f64,
    /// The count at the top of the plot (at least 1).
    pub top: u32,
}

impl Frame {
    pub fn x(&self, at: SimTime) -> f64 {
        let now = self.now.as_millis();
        if now == 0 {
            return 0.0;
        }
        at.as_millis().min(now) as f64 / now as f64 * self.width
    }

    pub fn y(&self, count: u32) -> f64 {
        let top = self.top.max(1);
        self.height - f64::from(count.min(top)) / f64::from(top) * self.height
    }

    /// The pixel column `x` falls in.
    fn column(&self, x: f64) -> i64 {
        (x.floor() as i64).clamp(0, (self.width as i64 - 1).max(0))
    }
}

/// The SVG `points` of a step line through `points` (oldest first) up to the frame's `now`:
/// horizontal, then vertical at each change. Points falling on one pixel column become one
/// vertical stroke from where the line came in, down to the lowest count and up to the highest
/// there, ending at the last: at most four coordinates per column, and the horizontal to `now`.
pub fn step_line(
    points: impl IntoIterator<Item = Point>,
    pick: impl Fn(&Point) -> Span,
    frame: &Frame,
) -> String {
    struct Column {
        index: i64,
        x: f64,
        span: Span,
    }
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut push = |x: f64, count: u32| {
        let point = (x, frame.y(count));
        match out.as_slice() {
            [.., last] if *last == point => {}
            // Along a level: the line goes on (x only grows).
            [.., before, last] if before.1 == last.1 && last.1 == point.1 => {
                *out.last_mut().expect("two points") = point;
            }
            // On through a vertical, in the same direction: one stroke.
            [.., before, last]
                if before.0 == last.0
                    && last.0 == point.0
                    && (before.1 - last.1) * (last.1 - point.1) > 0.0 =>
            {
                *out.last_mut().expect("two points") = point;
            }
            _ => out.push(point),
        }
    };
    let mut flush = |column: &Column, entering: Option<u32>| {
        let Span { low, high, last } = column.span;
        push(column.x, entering.unwrap_or(last));
        push(column.x, low);
        push(column.x, high);
        push(column.x, last);
    };
    let mut open: Option<Column> = None;
    let mut entering: Option<u32> = None;
    for point in points {
        if point.at > frame.now {
            break;
        }
        let x = frame.x(point.at);
        let span = pick(&point);
        let index = frame.column(x);
        match &mut open {
            Some(column) if column.index == index => column.span = column.span.then(span),
            _ => {
                if let Some(column) = open.take() {
                    flush(&column, entering);
                    entering = Some(column.span.last);
                }
                open = Some(Column { index, x, span });
            }
        }
    }
    if let Some(column) = open.take() {
        flush(&column, entering);
        push(frame.width, column.span.last);
    }
    let mut text = String::with_capacity(out.len() * 12);
    for (i, (x, y)) in out.iter().enumerate() {
        let separator = if i == 0 { "" } else { " " };
        let _ = write!(text, "{separator}{x:.1},{y:.1}");
    }
    text
}

/// A marker as drawn: the markers of one kind on one pixel column become one line.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkerMark {
    pub x: f64,
    pub kind: MarkerKind,
    pub count: usize,
    /// Each marker's title, one a line (the first few, then how many more).
    pub title: String,
}

/// The markers up to the frame's `now` as drawn, at most one per kind and pixel column, in
/// time order.
pub fn marker_marks<'a>(
    markers: impl IntoIterator<Item = &'a Marker>,
    frame: &Frame,
) -> Vec<MarkerMark> {
    // The markers grouped by pixel column and kind: sorted stably by both (rather than looked
    // up in a map, one map type less in the page's wasm), each group keeps the markers' order.
    let mut shown: Vec<(i64, f64, &Marker)> = (markers.into_iter())
        .filter(|marker| marker.at <= frame.now)
        .map(|marker| {
            let x = frame.x(marker.at);
            (frame.column(x), x, marker)
        })
        .collect();
    swarm_core::sort::sort_by(&mut shown, |a, b| a.0.cmp(&b.0).then(a.2.kind.cmp(&b.2.kind)));
    let mut marks: Vec<MarkerMark> = Vec::new();
    let mut last_group = None;
    for (column, x, marker) in shown {
        let group = Some((column, marker.kind));
        match marks.last_mut() {
            Some(mark) if group == last_group => {
                mark.count += 1;
                if mark.count <= TITLES_MAX {
                    mark.title.push('\n');
                    mark.title.push_str(&marker.title());
                }
            }
            _ => {
                last_group = group;
                marks.push(MarkerMark { x, kind: marker.kind, count: 1, title: marker.title() });
            }
        }
    }
    for mark in &mut marks {
        if mark.count > TITLES_MAX {
            let _ = write!(mark.title, "\n… and {} more", mark.count - TITLES_MAX);
        }
    }
    swarm_core::sort::sort_by(&mut marks, |a, b| a.x.total_cmp(&b.x).then(a.kind.cmp(&b.kind)));
    marks
}

/// A whole number of simulated seconds for people: `0s`, `45s`, `1m30s`, `1h`, `1h0m5s`.
pub fn seconds_label(ms: u64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut text = String::new();
    if h > 0 {
        let _ = write!(text, "{h}h");
    }
    if m > 0 || (h > 0 && s > 0) {
        let _ = write!(text, "{m}m");
    }
    if s > 0 || text.is_empty() {
        let _ = write!(text, "{s}s");
    }
    text
}

/// The time axis' ticks, from 0 to at most `now`: a round step giving at most `max` intervals.
pub fn time_ticks(now: SimTime, max: u64) -> Vec<SimTime> {
    const STEPS_S: [u64; 16] =
        [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200];
    let now_ms = now.as_millis();
    let max = max.max(1);
    let step_ms = STEPS_S
        .iter()
        .map(|s| s * 1000)
        .find(|step| now_ms / step <= max)
        .unwrap_or_else(|| (now_ms / max).div_ceil(86_400_000).max(1) * 86_400_000);
    (0..=now_ms / step_ms).map(|i| SimTime::from_millis(i * step_ms)).collect()
}

/// The count at the top of a plot whose highest count is `peak`, and the step of its ticks:
/// a round step (1, 2, 5, 10, 20, 50, …) giving at most four intervals.
pub fn count_scale(peak: u32) -> (u32, u32) {
    let peak = peak.max(1);
    let mut unit = 1u32;
    loop {
        for step in [unit, unit.saturating_mul(2), unit.saturating_mul(5)] {
            if peak.div_ceil(step) <= 4 {
                return (peak.div_ceil(step) * step, step);
            }
        }
        unit = unit.saturating_mul(10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_shell::Scenario;

    use crate::view_model::ClusterVm;

    fn secs(s: u64) -> SimTime {
        SimTime::from_secs(s)
    }

    fn lab() -> (Session, Rc<PlotModel>, Cursor) {
        (Session::new(Scenario::default(), 1), Rc::default(), Cursor::default())
    }

    fn typed(session: &mut Session, lines: &str) {
        session.type_text(lines).unwrap();
    }

    /// `(at in ms, running last, desired last)` of a series.
    fn steps(series: &Series) -> Vec<(u64, u32, u32)> {
        series.points().map(|p| (p.at.as_millis(), p.running.last, p.desired.last)).collect()
    }

    #[test]
    fn counts_follow_what_the_services_panel_shows_frame_by_frame() {
        let (mut session, mut plots, mut cursor) = lab();
        typed(&mut session, "docker service create -d --name web --replicas 4 nginx");
        typed(
            &mut session,
            "docker service create -d --name api --replicas 2 --update-order start-first nginx",
        );
        typed(&mut session, "docker service create -d --name agent --mode global nginx");
        let script = [
            (20, "docker service scale -d web=6"),
            (30, "sim node kill worker2"),
            (60, "docker service update -d --image nginx:1.25 web"),
            (62, "docker service update -d --image nginx:1.25 api"),
            (90, "sim node start worker2"),
            (120, "docker service scale -d web=2"),
            (150, "docker service rm api"),
        ];
        let mut lines = script.iter().peekable();
        for tenth in 0..=1800 {
            let at = SimTime::from_millis(tenth * 100);
            session.advance_to(at);
            while let Some((_, line)) = lines.next_if(|(s, _)| secs(*s) <= at) {
                typed(&mut session, line);
            }
            follow(&mut plots, &session, &mut cursor);
            let vm = ClusterVm::of(&session.snapshot());
            let shown: Vec<(String, u32, u32)> =
                vm.services.iter().map(|s| (s.name.to_string(), s.running, s.desired)).collect();
            let plotted: Vec<(String, u32, u32)> = plots
                .services()
                .iter()
                .map(|s| (s.name.to_string(), s.running(), s.desired()))
                .collect();
            assert_eq!(plotted, shown, "at {at}");
        }
        let web = plots.service("web").unwrap();
        assert!(web.points().all(|p| p.at <= session.now()));
        assert_eq!(steps(web).last().map(|s| (s.1, s.2)), Some((2, 2)));
        assert!(plots.service("api").is_none(), "a removed service's plot goes with it");
        let nodes: Vec<String> = plots.node_markers().iter().map(Marker::title).collect();
        assert_eq!(nodes.len(), 2, "{nodes:?}");
        assert!(nodes[0].starts_with("worker2 down at "), "{nodes:?}");
        assert!(nodes[1].starts_with("worker2 up at "), "{nodes:?}");
        let kinds: Vec<MarkerKind> = web.markers().iter().map(|m| m.kind).collect();
        assert_eq!(kinds, [MarkerKind::UpdateStarted, MarkerKind::UpdateCompleted]);
    }

    #[test]
    fn a_slot_the_restart_policy_leaves_empty_is_no_longer_desired() {
        // The one place the derived count parts from the spec's replicas (see the module doc).
        let (mut session, mut plots, mut cursor) = lab();
        typed(&mut session, "sim image add once --exit-after 5s --exit-code 0");
        typed(
            &mut session,
            "docker service create -d --name once --replicas 2 --restart-condition on-failure once",
        );
        session.advance_to(secs(30));
        follow(&mut plots, &session, &mut cursor);
        let once = plots.service("once").unwrap();
        assert_eq!(once.points().map(|p| p.desired.high).max(), Some(2));
        assert_eq!((once.running(), once.desired()), (0, 0));
        let panel = ClusterVm::of(&session.snapshot()).services[0].clone();
        assert_eq!((panel.running, panel.desired), (0, 2), "docker says 0/2");
    }

    #[test]
    fn a_scale_steps_the_desired_line_and_running_follows() {
        let (mut session, mut plots, mut cursor) = lab();
        typed(&mut session, "docker service create -d --name web --replicas 4 nginx");
        session.advance_to(secs(20));
        typed(&mut session, "docker service scale -d web=6");
        session.advance_to(secs(40));
        follow(&mut plots, &session, &mut cursor);
        let web = plots.service("web").unwrap();
        let steps = steps(web);
        assert_eq!(steps[0], (0, 0, 4), "created: four wanted, none running yet");
        let scaled = web.points().find(|p| p.at == secs(20)).expect("a step at the scale");
        assert_eq!((scaled.running.low, scaled.desired), (4, Span { low: 6, high: 6, last: 6 }));
        assert_eq!(*steps.last().unwrap(), (steps.last().unwrap().0, 6, 6));
        // Counts only go up, one second's bucket at a time.
        assert!(steps.windows(2).all(|w| w[0].0 / 1000 < w[1].0 / 1000), "{steps:?}");
        assert!(steps.windows(2).all(|w| w[0].1 <= w[1].1 && w[0].2 <= w[1].2), "{steps:?}");
    }

    /// The lowest running count against the desired count while an update runs.
    fn update_dip(order: &str) -> (u32, u32) {
        let (mut session, mut plots, mut cursor) = lab();
        typed(
            &mut session,
            &format!(
                "docker service create -d --name web --replicas 4 --update-order {order} nginx"
            ),
        );
        session.advance_to(secs(30));
        follow(&mut plots, &session, &mut cursor);
        typed(&mut session, "docker service update -d --image nginx:1.25 web");
        session.advance_to(secs(120));
        follow(&mut plots, &session, &mut cursor);
        let web = plots.service("web").unwrap();
        let kinds: Vec<MarkerKind> = web.markers().iter().map(|m| m.kind).collect();
        assert_eq!(kinds, [MarkerKind::UpdateStarted, MarkerKind::UpdateCompleted], "{order}");
        let before = web.points().filter(|p| p.at < secs(30)).last().unwrap();
        assert_eq!((before.running.last, before.desired.last), (4, 4), "{order}: converged");
        let during: Vec<Point> = web.points().filter(|p| p.at >= secs(30)).collect();
        let low = during.iter().map(|p| p.running.low).fold(4, u32::min);
        let high = during.iter().map(|p| p.running.high).fold(4, u32::max);
        assert!(
            during.iter().all(|p| (p.desired.low, p.desired.high) == (4, 4)),
            "{order}: {during:?}"
        );
        assert_eq!((web.running(), web.desired()), (4, 4), "{order}");
        (low, high)
    }

    #[test]
    fn stop_first_dips_below_desired_and_start_first_never_does() {
        assert_eq!(update_dip("stop-first"), (3, 4), "stop-first: one slot at a time is down");
        // The old task stops in the very step its replacement is seen running.
        assert_eq!(update_dip("start-first"), (4, 4), "start-first: never a slot down");
    }

    /// A session with a bit of everything, then the plots read at every `step_s`.
    fn eventful(step_s: u64) -> (Session, Rc<PlotModel>, Cursor) {
        let (mut session, mut plots, mut cursor) = lab();
        typed(&mut session, "docker service create -d --name web --replicas 4 nginx");
        typed(&mut session, "docker service create -d --name agent --mode global nginx");
        let script = [
            (20, "sim node kill worker1"),
            (40, "docker service update -d --image nginx:1.25 --update-delay 5s web"),
            (70, "sim node start worker1"),
            (80, "docker service scale -d web=7"),
            (
                100,
                "docker service update -d --image nginx:nope --update-failure-action rollback web",
            ),
        ];
        for (at, line) in script {
            let mut t = session.now().as_millis() / 1000;
            while t < at {
                t = (t + step_s).min(at);
                session.advance_to(secs(t));
                follow(&mut plots, &session, &mut cursor);
            }
            typed(&mut session, line);
        }
        session.advance_to(secs(180));
        follow(&mut plots, &session, &mut cursor);
        (session, plots, cursor)
    }

    #[test]
    fn seeking_back_then_forward_gives_the_series_never_seeking_gives() {
        let (mut session, mut plots, mut cursor) = eventful(1);
        let straight = Rc::clone(&plots);
        let web = straight.service("web").unwrap();
        let markers: Vec<MarkerKind> = web.markers().iter().map(|m| m.kind).collect();
        assert!(markers.contains(&MarkerKind::RollbackStarted), "{markers:?}");
        assert_eq!(straight.node_markers().len(), 2);
        assert!(straight.service("agent").unwrap().points().any(|p| p.desired.last == 3));

        // Back: the plots show the timeline up to the playhead only.
        session.seek(secs(50));
        assert!(follow(&mut plots, &session, &mut cursor));
        let back = plots.service("web").unwrap();
        assert!(back.points().all(|p| p.at <= secs(50)));
        assert_eq!(
            back.markers().iter().map(|m| m.kind).collect::<Vec<_>>(),
            [MarkerKind::UpdateStarted]
        );
        assert_eq!(plots.node_markers().len(), 1, "worker1 is down, not yet back");
        assert_eq!(*plots, PlotModel::of_events(session.events()));

        // Forward again, in other steps than the first time.
        for t in [51, 77, 99, 140, 180] {
            session.advance_to(secs(t));
            follow(&mut plots, &session, &mut cursor);
        }
        assert_eq!(*plots, *straight);
        // Read in one go, or frame by frame: the same plots.
        assert_eq!(*eventful(7).1, *straight);
        assert_eq!(PlotModel::of_events(session.events()), *straight);
    }

    #[test]
    fn a_rewind_drops_the_later_history_and_the_new_branch_follows() {
        let (mut session, mut plots, mut cursor) = eventful(5);
        typed(&mut session, "sim rewind 100s");
        typed(&mut session, "docker service scale -d web=1");
        session.advance_to(secs(120));
        assert!(follow(&mut plots, &session, &mut cursor));
        let web = plots.service("web").unwrap();
        assert_eq!((web.running(), web.desired()), (1, 1));
        assert!(web.markers().iter().all(|m| m.at <= secs(80)), "{:?}", web.markers());
        assert_eq!(*plots, PlotModel::of_events(session.events()));
    }

    #[test]
    fn a_model_taken_from_a_snapshot_counts_what_the_events_counted() {
        let (session, plots, _) = eventful(3);
        let mut resumed = (*plots).clone();
        let cut = secs(150);
        resumed.resume(&session.snapshot(), cut, plots.next);
        for (a, b) in resumed.services().iter().zip(plots.services()) {
            assert_eq!((&a.name, a.running(), a.desired()), (&b.name, b.running(), b.desired()));
            assert!(a.points.iter().all(|p| p.at < cut));
            assert_eq!(a.points.len(), b.points.iter().filter(|p| p.at < cut).count());
            assert_eq!(a.slots, b.slots);
        }
        assert_eq!(resumed.down, plots.down);
        assert!(resumed.tasks_seen().eq(plots.tasks_seen()));
    }

    #[test]
    fn nothing_new_leaves_the_plots_as_they_are() {
        let (session, mut plots, mut cursor) = eventful(10);
        let before = Rc::clone(&plots);
        assert!(!follow(&mut plots, &session, &mut cursor));
        assert!(Rc::ptr_eq(&before, &plots), "no copy when nothing changed");
    }

    #[test]
    fn the_page_plots_follow_its_playhead() {
        use crate::page::{PageAction, PageState};
        use yew::Reducible;
        let mut state = Rc::new(PageState::default());
        for frame in 0..=600 {
            state = state.reduce(PageAction::Frame(f64::from(frame) * 1000.0 / 60.0));
        }
        let web = state.plots.service("web").expect("the opening command's service");
        assert_eq!((web.running(), web.desired()), (4, 4));
        let state = state.reduce(PageAction::Type("docker service scale -d web=6".into()));
        let state = state.reduce(PageAction::Type("sleep 20".into()));
        let web = state.plots.service("web").unwrap();
        assert_eq!((web.running(), web.desired()), (6, 6));
        let back = state.reduce(PageAction::Type("sim rewind 20s".into()));
        let web = back.plots.service("web").unwrap();
        // Back before the scale, which the rewind dropped: the plot never saw it.
        assert_eq!((web.running(), web.desired()), (4, 4), "{:?}", steps(web));
        assert!(web.points().all(|p| p.at <= back.clock.now() && p.desired.high == 4));
        assert_eq!(*back.plots, PlotModel::of_events(back.session().events()));
    }

    fn point(at_ms: u64, running: u32, desired: u32) -> Point {
        Point::of(SimTime::from_millis(at_ms), running, desired)
    }

    fn series_of(points: &[Point]) -> Series {
        let mut series = Series::new(ServiceId(swarm_core::id::ObjectId::MIN), "web".into());
        for p in points {
            series.pending = Some(*p);
            series.commit();
        }
        series
    }

    #[test]
    fn one_point_per_bucket_keeps_the_lows_and_highs() {
        let series = series_of(&[
            point(0, 0, 4),
            point(200, 0, 4), // no change: nothing
            point(1_500, 3, 4),
            point(1_700, 2, 4),
            point(1_900, 4, 4),
            point(2_100, 4, 5),
        ]);
        let spans: Vec<(u64, Span, Span)> =
            series.points().map(|p| (p.at.as_millis(), p.running, p.desired)).collect();
        assert_eq!(
            spans,
            [
                (0, Span::of(0), Span::of(4)),
                (1_500, Span { low: 2, high: 4, last: 4 }, Span::of(4)),
                (2_100, Span::of(4), Span::of(5)),
            ]
        );
    }

    #[test]
    fn a_long_history_coarsens_and_stays_bounded() {
        let points: Vec<Point> = (0..10 * POINTS_MAX as u64)
            .map(|i| point(i * 1000, if i % 2 == 0 { 3 } else { 4 }, 4))
            .collect();
        let series = series_of(&points);
        assert!(series.points.len() <= POINTS_MAX);
        assert!(series.points.len() > POINTS_MAX / 4, "{}", series.points.len());
        assert_eq!(series.bucket_ms(), 16_000);
        // Every dip is still there, coarser.
        assert!(series.points().skip(1).all(|p| (p.running.low, p.running.high) == (3, 4)));
        let last = series.points().last().unwrap();
        assert_eq!(last.running.last, 4, "the last count is the last count");
    }

    #[test]
    fn the_frame_maps_time_and_counts_to_the_plot_area() {
        let frame = Frame { now: secs(100), width: 200.0, height: 50.0, top: 5 };
        assert_eq!(frame.x(SimTime::ZERO), 0.0);
        assert_eq!(frame.x(secs(25)), 50.0);
        assert_eq!(frame.x(secs(100)), 200.0);
        assert_eq!(frame.x(secs(300)), 200.0, "after now: at now");
        assert_eq!(frame.y(0), 50.0);
        assert_eq!(frame.y(5), 0.0);
        assert_eq!(frame.y(2), 30.0);
        assert_eq!(frame.y(9), 0.0, "above the top: at the top");
        let still = Frame { now: SimTime::ZERO, width: 200.0, height: 50.0, top: 0 };
        assert_eq!((still.x(SimTime::ZERO), still.y(0), still.y(1)), (0.0, 50.0, 0.0));
    }

    #[test]
    fn a_step_line_goes_across_then_up_or_down() {
        let frame = Frame { now: secs(100), width: 100.0, height: 10.0, top: 10 };
        let points = [point(0, 0, 4), point(20_000, 4, 4), point(50_000, 2, 4)];
        let running = step_line(points, |p| p.running, &frame);
        assert_eq!(running, "0.0,10.0 20.0,10.0 20.0,6.0 50.0,6.0 50.0,8.0 100.0,8.0");
        let desired = step_line(points, |p| p.desired, &frame);
        assert_eq!(desired, "0.0,6.0 100.0,6.0");
        assert_eq!(step_line([], |p: &Point| p.running, &frame), "");
    }

    #[test]
    fn a_step_line_has_at_most_one_x_per_pixel_column_and_keeps_each_dip() {
        let frame =
            Frame { now: SimTime::from_millis(100_000), width: 50.0, height: 10.0, top: 10 };
        // A change every 10 ms: 10 000 points on 50 columns, with a dip to 1 at 55.555s.
        let mut points: Vec<Point> =
            (0..10_000u64).map(|i| point(i * 10, 4 + (i % 2) as u32, 6)).collect();
        points[5_555].running = Span::of(1);
        let line = step_line(points.iter().copied(), |p| p.running, &frame);
        let coords: Vec<(f64, f64)> = line
            .split(' ')
            .map(|c| {
                let (x, y) = c.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        assert!(coords.len() <= 4 * 50 + 1, "{}", coords.len());
        let mut xs_per_column: BTreeMap<i64, BTreeSet<u64>> = BTreeMap::new();
        for (x, _) in &coords {
            xs_per_column.entry(x.floor() as i64).or_default().insert(x.to_bits());
        }
        assert!(xs_per_column.values().all(|xs| xs.len() == 1), "{xs_per_column:?}");
        // The dip shows: its column reaches y(1).
        let dip = frame.y(1);
        assert!(coords.iter().any(|&(x, y)| x.floor() == 27.0 && y == dip), "{line}");
        assert_eq!(coords.iter().filter(|&&(_, y)| y == dip).count(), 1);
        // Steps only: each segment is horizontal or vertical.
        assert!(coords.windows(2).all(|w| w[0].0 == w[1].0 || w[0].1 == w[1].1), "{line}");
    }

    /// The plot's caption counts markers in an array indexed by kind, listed in `ALL`'s order.
    #[test]
    fn all_kinds_in_their_order() {
        for (i, kind) in MarkerKind::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
        }
        assert!(MarkerKind::ALL.is_sorted());
    }

    #[test]
    fn markers_sit_at_their_time_and_share_a_column_by_kind() {
        let frame = Frame { now: secs(100), width: 100.0, height: 10.0, top: 4 };
        let marker = |ms: u64, kind: MarkerKind, detail: &str| Marker {
            at: SimTime::from_millis(ms),
            kind,
            detail: detail.into(),
        };
        let markers = [
            marker(30_000, MarkerKind::UpdateStarted, "update in progress"),
            marker(30_200, MarkerKind::NodeDown, "worker2"),
            marker(30_400, MarkerKind::NodeDown, "worker3"),
            marker(75_000, MarkerKind::UpdateCompleted, "update completed"),
            marker(120_000, MarkerKind::NodeUp, "worker2"),
        ];
        let marks = marker_marks(&markers, &frame);
        let drawn: Vec<(f64, MarkerKind, usize)> =
            marks.iter().map(|m| (m.x, m.kind, m.count)).collect();
        assert_eq!(
            drawn,
            [
                (30.0, MarkerKind::UpdateStarted, 1),
                (30.2, MarkerKind::NodeDown, 2),
                (75.0, MarkerKind::UpdateCompleted, 1),
            ],
            "after now: not drawn"
        );
        assert_eq!(marks[0].title, "update started at 30.000s: update in progress");
        assert_eq!(marks[1].title, "worker2 down at 30.200s\nworker3 down at 30.400s");
        assert_eq!(marks[2].title, "update completed at 1m15.000s");
    }

    #[test]
    fn axes_in_round_steps() {
        assert_eq!(seconds_label(0), "0s");
        assert_eq!(seconds_label(45_900), "45s");
        assert_eq!(seconds_label(90_000), "1m30s");
        assert_eq!(seconds_label(3_600_000), "1h");
        assert_eq!(seconds_label(3_605_000), "1h0m5s");
        let labels = |now: u64| {
            time_ticks(SimTime::from_millis(now), 5)
                .iter()
                .map(|t| seconds_label(t.as_millis()))
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(0), ["0s"]);
        assert_eq!(labels(4_500), ["0s", "1s", "2s", "3s", "4s"]);
        assert_eq!(labels(90_000), ["0s", "30s", "1m", "1m30s"]);
        assert_eq!(labels(600_000), ["0s", "2m", "4m", "6m", "8m", "10m"]);
        assert_eq!(labels(3 * 86_400_000).len(), 4);
        assert_eq!(count_scale(0), (1, 1));
        assert_eq!(count_scale(4), (4, 1));
        assert_eq!(count_scale(6), (6, 2));
        assert_eq!(count_scale(7), (8, 2));
        assert_eq!(count_scale(18), (20, 5));
        assert_eq!(count_scale(10_000), (10_000, 5_000));
    }

    #[test]
    fn task_names_give_their_slot() {
        assert_eq!(Slot::of_name("web.3"), Slot::Replica(3));
        assert_eq!(Slot::of_name("my.web.12"), Slot::Replica(12));
        let node = "7g3hky1x0c5pe0a4vi2n9f6ud";
        assert_eq!(Slot::of_name(&format!("agent.{node}")), Slot::node(node));
    }
}
