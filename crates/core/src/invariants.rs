//! Safety invariants of a cluster, checked after every step in test and debug builds.
//!
//! Each check is a rule a real swarm never breaks (style.md §6.6). The store already asserts
//! the rules a single write can break (observed state only moves forward, tasks are assigned
//! once, to a node that exists); this module checks the rules that span objects.

use std::collections::BTreeMap;
use std::fmt;

use crate::service::ServiceId;
use crate::store::Store;
use crate::task::TaskState;
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

pub(crate) fn check(
    store: &Store,
    now: SimTime,
    next_timeout: Option<(SimTime, Wakeup)>,
) -> Result<(), Violation> {
    if let Some((at, wakeup)) = next_timeout
        && at < now
    {
        return Err(Violation(format!("wake-up {wakeup:?} at {at} is before now {now}")));
    }

    let mut runnable_per_slot: BTreeMap<(ServiceId, u32), u32> = BTreeMap::new();
    for task in store.tasks() {
        if store.service(task.service).is_none() {
            return Err(Violation(format!("task {} belongs to no service", task.id)));
        }
        let placed = task.status.state >= TaskState::Assigned;
        if placed != task.node.is_some() && task.status.state <= TaskState::Running {
            return Err(Violation(format!(
                "task {} is {} but its node is {:?}",
                task.id, task.status.state, task.node
            )));
        }
        if let Some(node) = task.node
            && store.node(node).is_none()
        {
            return Err(Violation(format!("task {} is on unknown node {node}", task.id)));
        }
        if task.status.timestamp > now {
            return Err(Violation(format!("task {} has a status from the future", task.id)));
        }
        if task.desired <= TaskState::Running {
            *runnable_per_slot.entry((task.service, task.slot)).or_default() += 1;
        }
    }
    if let Some(((service, slot), n)) = runnable_per_slot.iter().find(|(_, n)| **n > 1) {
        return Err(Violation(format!("service {service} slot {slot} has {n} runnable tasks")));
    }
    Ok(())
}
