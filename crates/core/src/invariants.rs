//! Safety invariants of a cluster, checked after every step in test and debug builds.
//!
//! Each check is a rule a real swarm never breaks. The store already asserts
//! the rules a single write can break (observed state only moves forward, tasks are assigned
//! once, to a node that takes new tasks); this module checks the rules that span objects, and
//! recomputes the incremental books from scratch to catch bookkeeping drift. After each step
//! only what the step touched is checked; now and then, everything: `FULL_CHECK_EVERY` steps
//! apart, or as many steps as the swarm has tasks and nodes if that is more, so that the full
//! check's cost spread over the steps stays constant as a long run's swarm grows.

/// Steps between two full checks, at least.
pub(crate) const FULL_CHECK_EVERY: u64 = 64;

use std::collections::BTreeSet;

use crate::service::{ServiceId, UpdateState};
use std::fmt;

use crate::node::{Availability, NodeId};
use crate::store::{Change, NodeBooks, Store};
use crate::task::{SlotKey, Task, TaskId, TaskState};
use crate::time::SimTime;
use crate::timer::Wakeup;

/// A broken invariant, described well enough to debug from a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation(pub String);

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err(Violation(format!($($arg)+)));
        }
    };
}

/// Which objects a step touched; the per-step check looks only at these (work proportional to
/// what changed), and the full check at everything.
#[derive(Debug, Default, Clone)]
pub(crate) struct Touched {
    pub(crate) tasks: BTreeSet<TaskId>,
    pub(crate) nodes: BTreeSet<NodeId>,
}

impl Touched {
    pub(crate) fn record(&mut self, change: &Change) {
        match change {
            Change::TaskCreated(changed) | Change::TaskUpdated(changed) => {
                self.tasks.insert(changed.id);
            }
            Change::TaskDeleted(task) => {
                self.nodes.extend(task.node);
            }
            Change::NodeCreated(id) | Change::NodeUpdated(id) => {
                self.nodes.insert(*id);
            }
            _ => {}
        }
    }
}

/// Checks the objects one step touched.
pub(crate) fn check_step(
    store: &Store,
    now: SimTime,
    next_timeout: Option<(SimTime, Wakeup)>,
    touched: &Touched,
    updating: &dyn Fn(ServiceId) -> bool,
) -> Result<(), Violation> {
    if let Some((at, wakeup)) = next_timeout {
        ensure!(at >= now, "wake-up {wakeup:?} at {at} is before now {now}");
    }
    let mut nodes = touched.nodes.clone();
    let mut slots = BTreeSet::new();
    for id in &touched.tasks {
        let Some(task) = store.task(*id) else { continue };
        check_task(store, now, task)?;
        nodes.extend(task.node);
        slots.insert(task.slot_key());
    }
    for key in slots {
        check_slot(store, key, updating)?;
    }
    for node in nodes {
        if store.node(node).is_some() {
            check_books(store, node, store.tasks_on(node))?;
        }
    }
    Ok(())
}

/// Checks every object in the store.
pub(crate) fn check_all(
    store: &Store,
    now: SimTime,
    next_timeout: Option<(SimTime, Wakeup)>,
    updating: &dyn Fn(ServiceId) -> bool,
) -> Result<(), Violation> {
    if let Some((at, wakeup)) = next_timeout {
        ensure!(at >= now, "wake-up {wakeup:?} at {at} is before now {now}");
    }
    let mut slots: BTreeSet<SlotKey> = BTreeSet::new();
    for task in store.tasks() {
        check_task(store, now, task)?;
        slots.insert(task.slot_key());
    }
    for key in slots {
        check_slot(store, key, updating)?;
    }
    // Without start-first updates a replicated service never runs more than its replicas.
    for service in store
        .services()
        .filter(|s| !s.spec.is_global() && !start_first(s) && !unsettled(s) && !updating(s.id))
    {
        let runnable =
            store.tasks_of(service.id).filter(|t| t.desired <= TaskState::Running).count();
        let replicas = service.spec.replicas() as usize;
        ensure!(
            runnable <= replicas,
            "service {} has {runnable} runnable tasks for {replicas} replicas",
            service.spec.name
        );
    }
    for node in store.nodes() {
        check_books(store, node.id, store.tasks_on(node.id))?;
    }
    let wanted = crate::limits::tasks_wanted(store, store.node_count(), None);
    ensure!(
        wanted <= crate::limits::REPLICAS_MAX,
        "the services ask for {wanted} tasks, past the cap of {}",
        crate::limits::REPLICAS_MAX
    );
    Ok(())
}

/// Whether an update or rollback is under way, paused, or was cancelled: a start-first run
/// that was cancelled or paused leaves its slots to the next run (or the next client update),
/// whatever order that one uses. (A run can also go on with no status at all: a client update
/// to the very spec it works toward resets the status and leaves the run be, as in SwarmKit;
/// `updating` tells those, and a run that then broke off, which leaves its slots as they were.)
fn unsettled(service: &crate::service::Service) -> bool {
    service.update_status.as_ref().is_some_and(|u| {
        !matches!(u.state, UpdateState::Completed | UpdateState::RollbackCompleted)
    })
}

/// Whether an update or rollback of the service may start new tasks before stopping old ones.
fn start_first(service: &crate::service::Service) -> bool {
    use crate::service::UpdateOrder::StartFirst;
    service.spec.update.order == StartFirst || service.spec.rollback.order == StartFirst
}

/// A slot runs one task, except under start-first updates: there a new task runs beside the
/// old one until it is up, an update that cancels another adds its own, and the restart
/// supervisor may replace an old task that fails meanwhile (as in SwarmKit, where the next
/// update pass settles such a slot), so no fixed bound holds.
fn check_slot(
    store: &Store,
    key: SlotKey,
    updating: &dyn Fn(ServiceId) -> bool,
) -> Result<(), Violation> {
    let runnable: Vec<&Task> =
        store.tasks_with_key(key).into_iter().filter(|t| t.desired <= TaskState::Running).collect();
    if runnable.len() <= 1 {
        return Ok(());
    }
    let service = match key {
        SlotKey::Slot(service, _) | SlotKey::Node(service, _) => service,
    };
    if let SlotKey::Node(_, node) = key
        && store.node(node).is_some_and(|n| n.availability == Availability::Pause)
    {
        // Nothing touches a global service's tasks on a paused node, a slot left doubled by a
        // start-first run included, until the node is activated.
        return Ok(());
    }
    let record = store.service(service);
    ensure!(
        record.is_some_and(|s| start_first(s) || unsettled(s) || updating(s.id)),
        "{key:?} has {} runnable tasks (update status {:?}): {}",
        runnable.len(),
        record.map(|s| &s.update_status),
        runnable
            .iter()
            .map(|t| format!(
                "{} {}/{} spec version {} created {}",
                t.id.0.short(),
                t.status.state,
                t.desired,
                t.spec_version,
                t.created_at
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

fn check_task(store: &Store, now: SimTime, task: &Task) -> Result<(), Violation> {
    let state = task.status.state;
    ensure!(
        store.service(task.service).is_some() || task.desired == TaskState::Remove,
        "task {} of removed service {} is not desired REMOVE",
        task.id,
        task.service
    );
    ensure!(state != TaskState::Remove, "task {} is observed REMOVE", task.id);
    // Replicated tasks get a node from the scheduler; global ones are created with theirs.
    let has_node = task.slot == 0 || state >= TaskState::Assigned;
    ensure!(
        has_node == task.node.is_some() || state.is_terminal(),
        "task {} is {state} but its node is {:?}",
        task.id,
        task.node
    );
    if let Some(node) = task.node {
        ensure!(
            store.node(node).is_some() || state.is_terminal(),
            "task {} is {state} on unknown node {node}",
            task.id
        );
    }
    ensure!(task.status.timestamp <= now, "task {} has a status from the future", task.id);
    Ok(())
}

/// Recomputes a node's books from its tasks and compares them with the incremental ones.
fn check_books<'a>(
    store: &Store,
    node: NodeId,
    tasks: impl Iterator<Item = &'a Task>,
) -> Result<(), Violation> {
    let mut expected = NodeBooks::default();
    for task in tasks {
        let state = task.status.state;
        if state >= TaskState::Assigned && state <= TaskState::Running {
            expected.reserved = expected.reserved.plus(task.spec.reservations);
            for port in &task.spec.host_ports {
                let fresh = expected.host_ports.insert((port.protocol, port.published));
                ensure!(fresh, "host port {} used twice on node {node}", port.published);
            }
            if task.desired <= TaskState::Complete {
                expected.active += 1;
                *expected.active_by_service.entry(task.service).or_default() += 1;
            }
        }
    }
    let n = store.node(node).expect("checked by the caller");
    let kept = store.books(node);
    ensure!(
        *kept == expected,
        "books of node {} drifted: kept {kept:?}, actual {expected:?}",
        n.hostname
    );
    let listing = || {
        let tasks: Vec<String> = store
            .tasks_on(node)
            .filter(|t| {
                t.status.state >= TaskState::Assigned && t.status.state <= TaskState::Running
            })
            .map(|t| {
                format!(
                    "{} {}/{} {:?}",
                    t.id.0.short(),
                    t.status.state,
                    t.desired,
                    t.spec.reservations
                )
            })
            .collect();
        tasks.join(", ")
    };
    ensure!(
        kept.reserved.fits_in(n.resources),
        "node {} has {:?} reserved, more than its {:?}: {}",
        n.hostname,
        kept.reserved,
        n.resources,
        listing()
    );
    Ok(())
}
