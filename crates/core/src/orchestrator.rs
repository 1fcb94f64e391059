//! The replicated orchestrator: keeps each replicated service at its number of replicas.
//!
//! Reacts to services marked dirty; creates tasks in the lowest free slots (SwarmKit
//! `replicated/services.go § reconcile, addTasks`). Scale-down, restarts and updates arrive with
//! the orchestration-core work and hang off this same reconcile.

use std::collections::BTreeSet;

use crate::id::ObjectId;
use crate::rng::Rng;
use crate::service::ServiceId;
use crate::store::Store;
use crate::task::{Task, TaskId, TaskState, TaskStatus};
use crate::time::SimTime;

/// Reconciles every dirty service. Returns whether anything was written.
pub(crate) fn reconcile(
    store: &mut Store,
    dirty: &mut BTreeSet<ServiceId>,
    rng: &mut Rng,
    now: SimTime,
) -> bool {
    let mut wrote = false;
    while let Some(service_id) = dirty.pop_first() {
        let Some(service) = store.service(service_id) else { continue };
        let replicas = service.spec.replicas();
        let (image, version, name) =
            (service.spec.image.clone(), service.version, service.spec.name.clone());

        // A slot is runnable when one of its tasks still has desired state RUNNING or earlier.
        let runnable: BTreeSet<u32> = store
            .tasks_of(service_id)
            .filter(|t| t.desired <= TaskState::Running)
            .map(|t| t.slot)
            .collect();
        let missing = (replicas as usize).saturating_sub(runnable.len());
        let free_slots = (1u32..).filter(|slot| !runnable.contains(slot)).take(missing);
        for slot in free_slots.collect::<Vec<_>>() {
            let id = TaskId(fresh_id(store, rng));
            let task = Task {
                id,
                service: service_id,
                slot,
                node: None,
                desired: TaskState::Running,
                status: TaskStatus {
                    state: TaskState::New,
                    timestamp: now,
                    message: "created",
                    err: None,
                },
                image: image.clone(),
                spec_version: version,
                created_at: now,
            };
            store.insert_task(now, task, format!("{name}.{slot}"));
            wrote = true;
        }
    }
    wrote
}

/// Draws an ID no object in the store has.
pub(crate) fn fresh_id(store: &Store, rng: &mut Rng) -> ObjectId {
    loop {
        let id = ObjectId::generate(rng);
        if !store.is_id_taken(id) {
            return id;
        }
    }
}
