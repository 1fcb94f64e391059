//! New objects: tasks made from their service's spec (SwarmKit's `NewTask`), and IDs for new
//! nodes and services. The orchestrators, the restart supervisor and the update supervisor all
//! create tasks; this is the one place that knows how.

use crate::id::ObjectId;
use crate::rng::Rng;
use crate::service::ServiceId;
use crate::store::Store;
use crate::task::{SlotKey, Task, TaskId, TaskState, TaskStatus};
use crate::time::SimTime;

/// Creates a task from the service's current spec (SwarmKit `NewTask`): for a replicated slot,
/// or, for a global service, preassigned to `node` (slot 0).
pub(crate) fn create_task(
    store: &mut Store,
    rng: &mut Rng,
    now: SimTime,
    service_id: ServiceId,
    key: SlotKey,
    desired: TaskState,
) -> TaskId {
    let spec = store.task_spec(service_id);
    let service = store.service(service_id).expect("tasks are created for live services");
    let (slot, node, name) = match key {
        SlotKey::Slot(_, slot) => (slot, None, format!("{}.{slot}", service.spec.name)),
        SlotKey::Node(_, node) => (0, Some(node), format!("{}.{node}", service.spec.name)),
    };
    let spec_version = service.spec_version;
    // `NewTask`: the service's driver, else the cluster's default, fixed for the task's life.
    let log_driver =
        service.spec.log_driver.clone().or_else(|| store.task_defaults().log_driver.clone());
    store.insert_task(now, rng, name, |id| Task {
        id,
        service: service_id,
        slot,
        node,
        desired,
        status: TaskStatus { state: TaskState::New, timestamp: now, message: "created", err: None },
        spec,
        spec_version,
        log_driver,
        created_at: now,
        version: 0,
        updated_at: now,
    })
}

/// Draws an ID no object in the store has. (`Store::insert_task` draws task IDs the same way.)
pub(crate) fn fresh_id(store: &Store, rng: &mut Rng) -> ObjectId {
    loop {
        let id = ObjectId::generate(rng);
        if !store.is_id_taken(id) {
            return id;
        }
    }
}
