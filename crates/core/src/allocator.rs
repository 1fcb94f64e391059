//! The allocator: moves new tasks to PENDING once their resources (networks) are allocated.
//!
//! The simulation allocates nothing, so this is one immediate step; it exists so that tasks
//! pass through the same states, with the same message, as in SwarmKit
//! (`allocator/network.go`, `allocatedStatusMessage`).

use crate::store::Store;
use crate::task::TaskState;
use crate::time::SimTime;

/// Allocates every NEW task. Returns whether anything was written.
pub(crate) fn allocate(store: &mut Store, now: SimTime) -> bool {
    let queue: Vec<_> = store.unallocated().iter().copied().collect();
    for id in &queue {
        store.advance_task(now, *id, TaskState::Pending, "pending task scheduling", None);
    }
    !queue.is_empty()
}
