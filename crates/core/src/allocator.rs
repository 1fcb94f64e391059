//! The allocator: moves new tasks to PENDING once their resources (networks) are allocated.
//!
//! The simulation allocates nothing, so this is one immediate step; it exists so that tasks
//! pass through the same states, with the same message, as in SwarmKit
//! (`allocator/network.go`, `allocatedStatusMessage`).

use crate::store::Store;
use crate::task::TaskState;
use crate::time::SimTime;

/// Allocates every NEW task, in ID order. Returns whether anything was written.
pub(crate) fn allocate(store: &mut Store, now: SimTime) -> bool {
    let mut allocated = false;
    for task in store.take_unallocated() {
        // A task created and deleted in the same round is still queued.
        if store.task_at(task).is_some_and(|t| t.status.state == TaskState::New) {
            store.advance_task_at(now, task, TaskState::Pending, "pending task scheduling", None);
            allocated = true;
        }
    }
    allocated
}
