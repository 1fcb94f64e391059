//! The scheduler: places pending tasks on nodes.
//!
//! Runs as a pass after SwarmKit's commit debounce (`commitDebounceGap`, 50 ms). A node is a
//! candidate when it is READY and ACTIVE (`ReadyFilter`); candidates are ranked by fewer tasks
//! of this service, then fewer tasks in all (`nodeLess`), then by node ID, so that the choice is
//! deterministic where SwarmKit's is arbitrary. The full filter pipeline, explanations and
//! placement preferences arrive with the orchestration-core work.

use std::collections::BTreeMap;

use crate::node::NodeId;
use crate::service::ServiceId;
use crate::store::Store;
use crate::task::{TaskId, TaskState};
use crate::time::{SimDuration, SimTime};

/// SwarmKit's `commitDebounceGap`: the scheduler runs this long after the last commit.
pub(crate) const COMMIT_DEBOUNCE: SimDuration = SimDuration::from_millis(50);

/// Per-node counts the ranking uses (SwarmKit's `NodeInfo`).
#[derive(Debug, Default)]
struct Load {
    active: u32,
    active_by_service: BTreeMap<ServiceId, u32>,
}

/// Places every unassigned PENDING task that fits somewhere. Returns the tasks placed.
pub(crate) fn schedule(store: &mut Store, now: SimTime) -> Vec<TaskId> {
    let queue: Vec<TaskId> = store.unassigned().iter().copied().collect();
    if queue.is_empty() {
        return Vec::new();
    }

    // Tasks count against a node while their desired state is COMPLETE or earlier.
    let mut loads: BTreeMap<NodeId, Load> =
        store.nodes().map(|n| (n.id, Load::default())).collect();
    for task in store.tasks() {
        if let Some(node) = task.node
            && task.desired <= TaskState::Complete
            && !task.status.state.is_terminal()
        {
            let load = loads.get_mut(&node).expect("task on a node the store knows");
            load.active += 1;
            *load.active_by_service.entry(task.service).or_default() += 1;
        }
    }

    // Schedule in a stable order: by service, then slot (SwarmKit groups by service too).
    let mut ordered: Vec<(ServiceId, u32, TaskId)> = queue
        .iter()
        .map(|&id| {
            let t = store.task(id).expect("queued task exists");
            (t.service, t.slot, id)
        })
        .collect();
    ordered.sort();

    let mut placed = Vec::new();
    for (service, _, task) in ordered {
        let best = store
            .nodes()
            .filter(|n| n.accepts_new_tasks())
            .map(|n| {
                let load = &loads[&n.id];
                let by_service = load.active_by_service.get(&service).copied().unwrap_or(0);
                (by_service, load.active, n.id)
            })
            .min();
        let Some((_, _, node)) = best else { continue };
        store.assign_task(now, task, node);
        let load = loads.get_mut(&node).expect("candidate node has a load entry");
        load.active += 1;
        *load.active_by_service.entry(service).or_default() += 1;
        placed.push(task);
    }
    placed
}
