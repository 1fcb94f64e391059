//! Limits on everything a user can grow, so a hostile script or share link cannot exhaust the
//! page. Each is checked before a command changes anything, with a clear error in the daemon's
//! words (`CommandError::TooLarge`, which the shell prints as `Error response from daemon: …`).

use crate::service::ServiceId;
use crate::store::Store;

/// Nodes in the swarm.
pub const NODES_MAX: usize = 5_000;

/// Tasks the services may ask for, across all services: [`tasks_wanted`], the replicas of
/// every replicated service plus, for each global service, one task per node in the swarm.
///
/// A global service counts every node, eligible or not (drained, paused, down, outside the
/// swarm, or not matching its constraints): so no change of a node's availability, labels,
/// state or membership can take the swarm past the cap, and only the commands that add a
/// service, change its replicas or add a node are checked (`docker service create`, `scale`,
/// `update`, `rollback`; `sim node add`). A new cluster has no services, so its nodes (a
/// scenario's, at most [`NODES_MAX`]) ask for no tasks. Task history is bounded apart, per
/// slot, by the task reaper.
pub const REPLICAS_MAX: u64 = 100_000;

/// Images in the catalog.
pub const IMAGES_MAX: usize = 1_000;

/// What the task cap's error names: `the playground is limited to …`.
pub fn tasks_limit() -> String {
    format!(
        "{REPLICAS_MAX} tasks in all (the replicas of every service, and one task per node for each global service)"
    )
}

/// The tasks the services ask for (see [`REPLICAS_MAX`]) with `nodes` nodes in the swarm,
/// leaving out `except` (a service whose replicas are about to change).
pub(crate) fn tasks_wanted(store: &Store, nodes: usize, except: Option<ServiceId>) -> u64 {
    store
        .services()
        .filter(|s| Some(s.id) != except)
        .map(|s| if s.spec.is_global() { nodes as u64 } else { u64::from(s.spec.replicas()) })
        .sum()
}
