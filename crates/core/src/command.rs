//! Commands: every input a user (or a story, or the page) can give the cluster, as plain data.

use crate::image::ImageSpec;
use crate::node::{Availability, NodeId, NodeRole, NodeSpec};
use crate::service::{ServiceId, ServiceSpec, TaskDefaults};
use crate::task::TaskId;

/// One user action. `Cluster::handle_command` either applies it whole or rejects it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
// A command is built once per user action and consumed at once; its size never matters, and
// boxing the spec would only make every caller noisier.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// `docker service create`.
    CreateService(ServiceSpec),
    /// `docker service scale SERVICE=N`.
    ScaleService { service: ServiceId, replicas: u32 },
    /// `docker service update`: the whole new spec, as the CLI sends it. The old one becomes
    /// the previous spec.
    UpdateService { service: ServiceId, spec: ServiceSpec },
    /// `docker service rollback` (`update --rollback`): back to the previous spec.
    RollbackService(ServiceId),
    /// `docker service rm`.
    RemoveService(ServiceId),
    /// The cluster's `TaskDefaults` (SwarmKit `UpdateCluster`; the docker CLI has no flag for
    /// them). Only tasks created afterwards see the change: it makes no task dirty.
    SetTaskDefaults(TaskDefaults),
    /// `docker swarm join` of a new machine (`sim node add`).
    AddNode(NodeSpec),
    /// `docker node update --availability`.
    SetAvailability { node: NodeId, availability: Availability },
    /// `docker node update --label-add KEY=VALUE --label-rm KEY` (removals first).
    UpdateNodeLabels { node: NodeId, add: Vec<(String, String)>, remove: Vec<String> },
    /// `docker node promote` (manager) / `docker node demote` (worker).
    SetRole { node: NodeId, role: NodeRole },
    /// `docker node rm [--force]`.
    RemoveNode { node: NodeId, force: bool },
    /// Pull the plug on a machine (`sim node kill`): its heartbeats stop.
    PowerOffNode(NodeId),
    /// Power a machine back on (`sim node start`).
    PowerOnNode(NodeId),
    /// `docker swarm leave` on the node: its engine leaves the swarm and stops its tasks'
    /// containers; the managers see missing heartbeats, as for a powered-off machine.
    LeaveSwarm(NodeId),
    /// `docker swarm join` on a node that left: its engine registers again under its old ID
    /// (docker would make a new node and leave the old one Down).
    JoinSwarm(NodeId),
    /// Kill a task's process with an exit code (`sim task fail`).
    FailTask { task: TaskId, exit_code: i32 },
    /// Add an image to the catalog, or change one (`sim image add`).
    AddImage(ImageSpec),
}
