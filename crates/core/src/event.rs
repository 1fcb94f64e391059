//! Events: the public record of what changed, in the order it changed.
//!
//! Events carry the names a reader needs (hostnames, task names) so that a consumer, such as
//! the page's animation or a trace, can render them without looking anything up.

use crate::node::NodeId;
use crate::service::ServiceId;
use crate::task::{TaskId, TaskState};
use crate::time::SimTime;

/// Something that happened in the cluster at a simulated instant.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A node joined the swarm.
    NodeJoined { at: SimTime, node: NodeId, hostname: String },
    /// A service was created.
    ServiceCreated { at: SimTime, service: ServiceId, name: String },
    /// An orchestrator created a task (observed state NEW).
    TaskCreated { at: SimTime, task: TaskId, service: ServiceId, name: String },
    /// A task's observed state moved forward. `node` is where it runs, once the scheduler has
    /// placed it (the move to ASSIGNED is the placement).
    TaskStateChanged {
        at: SimTime,
        task: TaskId,
        from: TaskState,
        to: TaskState,
        node: Option<NodeId>,
    },
}

impl Event {
    /// When the event happened.
    pub fn at(&self) -> SimTime {
        match self {
            Event::NodeJoined { at, .. }
            | Event::ServiceCreated { at, .. }
            | Event::TaskCreated { at, .. }
            | Event::TaskStateChanged { at, .. } => *at,
        }
    }
}
