//! Nodes: the machines of the swarm, as the manager records them.

use crate::KeyValues;
use std::fmt;

use crate::id::ObjectId;
use crate::time::SimTime;

/// Identifies a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub ObjectId);

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeRole {
    Manager,
    Worker,
}

impl NodeRole {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeRole::Manager => "manager",
            NodeRole::Worker => "worker",
        }
    }
}

/// `NodeStatus.State`: what the dispatcher last concluded from heartbeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeState {
    Unknown,
    Down,
    Ready,
    Disconnected,
}

impl NodeState {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeState::Unknown => "unknown",
            NodeState::Down => "down",
            NodeState::Ready => "ready",
            NodeState::Disconnected => "disconnected",
        }
    }
}

/// `NodeSpec.Availability`: what the operator allows on the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Availability {
    Active,
    Pause,
    Drain,
}

impl Availability {
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Active => "active",
            Availability::Pause => "pause",
            Availability::Drain => "drain",
        }
    }
}

/// `ManagerStatus.Reachability` of a manager node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reachability {
    Unknown,
    Unreachable,
    Reachable,
}

/// Raft membership of a manager node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManagerStatus {
    pub leader: bool,
    pub reachability: Reachability,
}

/// CPUs and memory: a node's capacity, or what a task reserves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resources {
    /// CPUs in units of 10^-9 CPU, as SwarmKit counts them.
    pub nano_cpus: u64,
    pub memory_bytes: u64,
}

impl Resources {
    pub const ZERO: Resources = Resources { nano_cpus: 0, memory_bytes: 0 };

    pub fn is_zero(self) -> bool {
        self == Resources::ZERO
    }

    /// Whether `self` fits in `available`.
    pub fn fits_in(self, available: Resources) -> bool {
        self.nano_cpus <= available.nano_cpus && self.memory_bytes <= available.memory_bytes
    }

    pub fn saturating_sub(self, other: Resources) -> Resources {
        Resources {
            nano_cpus: self.nano_cpus.saturating_sub(other.nano_cpus),
            memory_bytes: self.memory_bytes.saturating_sub(other.memory_bytes),
        }
    }

    pub fn plus(self, other: Resources) -> Resources {
        Resources {
            nano_cpus: self.nano_cpus + other.nano_cpus,
            memory_bytes: self.memory_bytes + other.memory_bytes,
        }
    }

    pub fn minus(self, other: Resources) -> Resources {
        assert!(other.fits_in(self), "resource books went negative: {self:?} - {other:?}");
        Resources {
            nano_cpus: self.nano_cpus - other.nano_cpus,
            memory_bytes: self.memory_bytes - other.memory_bytes,
        }
    }
}

/// What a node is created from (`docker swarm join` in the simulation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSpec {
    pub hostname: String,
    pub role: NodeRole,
    pub resources: Resources,
    /// `node.labels.*` for placement constraints.
    pub labels: KeyValues,
}

/// One node as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    pub hostname: String,
    pub role: NodeRole,
    pub state: NodeState,
    pub availability: Availability,
    /// `Some` for managers.
    pub manager: Option<ManagerStatus>,
    pub resources: Resources,
    pub labels: KeyValues,
    pub engine_version: &'static str,
    /// `NodeStatus.Message`: why the state is what it is (`heartbeat failure`).
    pub status_message: &'static str,
    /// Simulation only: whether the machine is powered on. The manager never reads this; it
    /// learns of a dead machine through missing heartbeats.
    pub powered: bool,
    /// Simulation only: the machine's engine ran `docker swarm leave`. Its daemon still
    /// answers, but its swarm agent is gone: to the managers it looks like a dead machine.
    pub left_swarm: bool,
    /// Bumped every time the node's swarm agent starts or stops (power, leave, join), so
    /// wake-ups armed for an earlier life of the agent are recognised as stale.
    pub power_epoch: u64,
    /// `Meta.Version.Index`: the store's Raft index at the node's last write.
    pub version: u64,
    /// `Meta.CreatedAt`, `Meta.UpdatedAt`.
    pub created_at: SimTime,
    pub updated_at: SimTime,
}

impl Node {
    /// docker's MANAGER STATUS column: `Leader`, `Reachable` or `Unreachable`; `None` for workers.
    pub fn manager_status(&self) -> Option<&'static str> {
        self.manager.map(|m| match (m.leader, m.reachability) {
            (true, _) => "Leader",
            (false, Reachability::Reachable) => "Reachable",
            (false, _) => "Unreachable",
        })
    }

    /// Whether the node's swarm agent runs: the machine is on and its engine is in the swarm.
    /// Heartbeats, Raft reachability and the containers of its tasks all depend on this.
    pub fn agent_runs(&self) -> bool {
        self.powered && !self.left_swarm
    }

    /// Whether the scheduler may place new tasks here (SwarmKit's `ReadyFilter`).
    pub fn accepts_new_tasks(&self) -> bool {
        self.state == NodeState::Ready && self.availability == Availability::Active
    }
}
