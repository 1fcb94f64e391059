//! Events: the public record of what changed, in the order it changed.
//!
//! Events carry IDs, and the names an object is born with (a node's hostname, a service's and a
//! task's name) on the event that introduces it: a reader that keeps those (as `Trace` does)
//! can render every later event without looking anything up.

use crate::node::{Availability, NodeId, NodeRole, NodeState};
use crate::service::{LogDriver, ServiceId, UpdateState};
use crate::task::{TaskId, TaskState};
use crate::time::SimTime;

/// Something that happened in the cluster at a simulated instant.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A node joined the swarm.
    NodeJoined {
        at: SimTime,
        node: NodeId,
        hostname: String,
        role: NodeRole,
        /// docker's MANAGER STATUS on joining: `Leader` for the first manager, `Reachable`
        /// for the next ones, `None` for workers.
        manager_status: Option<&'static str>,
    },
    /// The manager's record of a node changed: status, availability, role, labels.
    /// `manager_status` is docker's MANAGER STATUS (`Leader`, `Reachable`, `Unreachable`).
    NodeChanged {
        at: SimTime,
        node: NodeId,
        role: NodeRole,
        state: NodeState,
        /// `NodeStatus.Message`: why the state is what it is (`heartbeat failure`).
        message: &'static str,
        availability: Availability,
        manager_status: Option<&'static str>,
    },
    /// A machine was powered off or on (simulation; the manager learns of it by heartbeats).
    NodePowerChanged { at: SimTime, node: NodeId, powered: bool },
    /// A machine's engine left the swarm (`docker swarm leave`, `left: true`) or joined it
    /// again (`docker swarm join`, `left: false`). Simulation: the manager learns of it by
    /// heartbeats, as of a power-off.
    NodeSwarmMembership { at: SimTime, node: NodeId, left: bool },
    /// A node left the swarm (`docker node rm`).
    NodeRemoved { at: SimTime, node: NodeId },
    /// A service was created.
    ServiceCreated { at: SimTime, service: ServiceId, name: String },
    /// A service's spec changed (scale, update).
    ServiceUpdated { at: SimTime, service: ServiceId },
    /// A service's `UpdateStatus` changed (`updating`, `completed`, `paused`, ...).
    UpdateStatusChanged { at: SimTime, service: ServiceId, state: UpdateState, message: String },
    /// A service was removed; its tasks shut down and are reaped.
    ServiceRemoved { at: SimTime, service: ServiceId },
    /// The cluster's task defaults changed (`ClusterSpec.TaskDefaults`).
    TaskDefaultsChanged { at: SimTime, log_driver: Option<LogDriver> },
    /// An orchestrator created a task (observed state NEW), with the logging driver it resolved.
    TaskCreated {
        at: SimTime,
        task: TaskId,
        service: ServiceId,
        name: String,
        log_driver: Option<LogDriver>,
    },
    /// A task's observed state moved forward. `node` is where it runs, once the scheduler has
    /// placed it (the move to ASSIGNED is the placement).
    TaskStateChanged {
        at: SimTime,
        task: TaskId,
        from: TaskState,
        to: TaskState,
        node: Option<NodeId>,
        /// The error docker shows (`task: non-zero exit (1)`), if the move carries one.
        err: Option<String>,
    },
    /// A manager component changed what a task should do (RUNNING, SHUTDOWN, REMOVE, ...).
    TaskDesiredChanged { at: SimTime, task: TaskId, from: TaskState, to: TaskState },
    /// The scheduler found no node for a pending task; `err` says why (`no suitable node (…)`).
    TaskUnschedulable { at: SimTime, task: TaskId, err: String },
    /// A task was deleted from the store (history reaped, or a removed service's task).
    TaskRemoved { at: SimTime, task: TaskId },
}

impl Event {
    /// When the event happened.
    pub fn at(&self) -> SimTime {
        match self {
            Event::NodeJoined { at, .. }
            | Event::NodeChanged { at, .. }
            | Event::NodePowerChanged { at, .. }
            | Event::NodeSwarmMembership { at, .. }
            | Event::NodeRemoved { at, .. }
            | Event::ServiceCreated { at, .. }
            | Event::ServiceUpdated { at, .. }
            | Event::UpdateStatusChanged { at, .. }
            | Event::ServiceRemoved { at, .. }
            | Event::TaskDefaultsChanged { at, .. }
            | Event::TaskCreated { at, .. }
            | Event::TaskStateChanged { at, .. }
            | Event::TaskDesiredChanged { at, .. }
            | Event::TaskUnschedulable { at, .. }
            | Event::TaskRemoved { at, .. } => *at,
        }
    }
}
