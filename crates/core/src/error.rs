//! Why a command was rejected. A rejected command changes nothing.

use std::fmt;

use crate::service::SpecError;

/// A user mistake, reported in docker's words. Internal rule violations are `assert!`s instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommandError {
    /// The spec failed validation; the inner error names the field.
    InvalidSpec(SpecError),
    /// A service with this name already exists.
    NameConflict(String),
    /// No service has this ID.
    UnknownService(String),
    /// No node has this ID.
    UnknownNode(String),
    /// No task has this ID.
    UnknownTask(String),
    /// `docker node rm` of a node that is still up, without `--force`.
    NodeNotDown(String),
    /// `docker node rm` of a manager.
    NodeIsManager(String),
    /// A node with this hostname is already in the swarm.
    HostnameTaken(String),
    /// The machine is already powered on (or off).
    AlreadyPowered { hostname: String, on: bool },
    /// `docker swarm leave` on a node outside the swarm, or `join` on one inside it.
    SwarmMembership { hostname: String, left: bool },
    /// A command for a machine's engine while the machine is powered off.
    MachineOff(String),
    /// `sim task fail` of a task that is not running.
    TaskNotRunning { task: String, state: &'static str },
    /// A published port another service already publishes.
    PortInUse { port: u16, service: String, id: String, ingress: bool },
    /// The managers have no leader (quorum lost): the control plane cannot write.
    NoLeader,
    /// `docker node demote` of the only manager.
    LastManager,
    /// `docker node demote` that would leave the rest without a quorum.
    QuorumLoss,
    /// Scaling a service that is not replicated.
    NotReplicated,
    /// `docker service rollback` of a service that was never updated.
    NoPreviousSpec(String),
    /// `docker service update` that would change the mode (replicated ↔ global).
    ModeChange,
    /// `--label-rm` of a label the node does not have.
    LabelNotFound(String),
    /// The playground's size limits (`limits` in the core) would be exceeded.
    TooLarge(String),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::InvalidSpec(err) => err.fmt(f),
            CommandError::NameConflict(name) => write!(
                f,
                "rpc error: code = AlreadyExists desc = name conflicts with an existing object: service {name} already exists"
            ),
            CommandError::UnknownService(id) => {
                write!(f, "rpc error: code = NotFound desc = service {id} not found")
            }
            CommandError::UnknownNode(id) => {
                write!(f, "rpc error: code = NotFound desc = node {id} not found")
            }
            CommandError::UnknownTask(id) => write!(f, "no such task: {id}"),
            CommandError::NodeNotDown(id) => write!(
                f,
                "rpc error: code = FailedPrecondition desc = node {id} is not down and can't be removed"
            ),
            CommandError::NodeIsManager(id) => write!(
                f,
                "rpc error: code = FailedPrecondition desc = node {id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal"
            ),
            CommandError::HostnameTaken(name) => {
                write!(f, "a node named {name} is already part of the swarm")
            }
            CommandError::AlreadyPowered { hostname, on } => {
                let state = if *on { "running" } else { "powered off" };
                write!(f, "node {hostname} is already {state}")
            }
            CommandError::SwarmMembership { hostname, left: true } => {
                write!(f, "node {hostname} is not part of a swarm")
            }
            CommandError::SwarmMembership { hostname, left: false } => {
                write!(f, "node {hostname} is already part of a swarm")
            }
            CommandError::MachineOff(hostname) => {
                write!(f, "the machine of node {hostname} is powered off")
            }
            CommandError::TaskNotRunning { task, state } => {
                write!(f, "task {task} is {state}, not running")
            }
            CommandError::PortInUse { port, service, id, ingress } => write!(
                f,
                "rpc error: code = InvalidArgument desc = port '{port}' is already in use by service '{service}' ({id}) as {}",
                if *ingress { "an ingress port" } else { "a host-published port" }
            ),
            CommandError::NoLeader => f.write_str(
                "rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.",
            ),
            CommandError::LastManager => f.write_str(
                "rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm",
            ),
            CommandError::QuorumLoss => f.write_str(
                "rpc error: code = FailedPrecondition desc = can't remove member from the raft: this would result in a loss of quorum",
            ),
            CommandError::NotReplicated => {
                f.write_str("replicas can only be used with replicated mode")
            }
            CommandError::NoPreviousSpec(id) => write!(
                f,
                "rpc error: code = FailedPrecondition desc = service {id} does not have a previous spec"
            ),
            CommandError::ModeChange => f.write_str(
                "rpc error: code = Unimplemented desc = service mode change is not allowed",
            ),
            CommandError::LabelNotFound(key) => {
                write!(f, "key {key} doesn't exist in node's labels")
            }
            CommandError::TooLarge(what) => write!(f, "the playground is limited to {what}"),
        }
    }
}

impl From<SpecError> for CommandError {
    fn from(err: SpecError) -> CommandError {
        CommandError::InvalidSpec(err)
    }
}
