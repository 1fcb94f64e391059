//! The constraint enforcer: rejects running tasks whose node no longer meets their service.
//!
//! SwarmKit `orchestrator/constraintenforcer`: on every node update of an ACTIVE node, tasks
//! there with desired state between ASSIGNED and COMPLETE and observed below COMPLETE are
//! checked against the *current* service's constraints (the task's own if the service is gone)
//! and the node's resources. A task that fails is marked REJECTED, `task rejected by constraint
//! enforcer`; its orchestrator then deals with it as with any stopped task.

use crate::constraint;
use crate::node::Availability;
use crate::store::{Change, Store};
use crate::task::{TaskId, TaskState};
use crate::time::SimTime;

/// Checks the tasks of an updated node; returns the ones it rejected.
pub(crate) fn observe(change: &Change, store: &mut Store, now: SimTime) -> Vec<TaskId> {
    let Change::NodeUpdated(node_id) = change else { return Vec::new() };
    let Some(node) = store.node(*node_id) else { return Vec::new() };
    if node.availability != Availability::Active {
        return Vec::new();
    }
    let doomed: Vec<TaskId> = store
        .tasks_on(*node_id)
        .filter(|t| t.desired >= TaskState::Assigned && t.desired <= TaskState::Complete)
        .filter(|t| t.status.state < TaskState::Complete)
        .filter(|t| {
            let constraints = match store.service(t.service) {
                Some(service) => service.spec.parsed_constraints(),
                None => t.spec.constraints.clone(),
            };
            !constraint::all_match(&constraints, node)
        })
        .map(|t| t.id)
        .collect();
    for id in &doomed {
        store.advance_task(
            now,
            *id,
            TaskState::Rejected,
            "task rejected by constraint enforcer",
            Some("assigned node no longer meets constraints".to_string()),
        );
    }
    doomed
}
