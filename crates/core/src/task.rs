//! Tasks: one scheduled instance of a service, and the state machine its status follows.
//!
//! Owns `TaskState` (SwarmKit's `api.TaskState`, in protobuf order) and the `Task` record.
//! Does not decide transitions: orchestrators, the scheduler and the simulated agents do.

use std::fmt;
use std::rc::Rc;

use crate::constraint::Constraint;
use crate::id::ObjectId;
use crate::node::{NodeId, Resources};
use crate::service::{
    LogDriver, Mount, PortConfig, PublishMode, PullOptions, RestartPolicy, ServiceId, ServiceSpec,
};
use crate::time::{SimDuration, SimTime};

/// Identifies a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(pub ObjectId);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Observed and desired task states, ordered as SwarmKit orders them: a larger value is always a
/// later state, and an observed state never moves backwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskState {
    New,
    Pending,
    Assigned,
    Accepted,
    Preparing,
    Ready,
    Starting,
    Running,
    Complete,
    Shutdown,
    Failed,
    Rejected,
    /// Desired-state marker for scale-down and service removal; never observed.
    Remove,
    Orphaned,
}

impl TaskState {
    pub const ALL: [TaskState; 14] = [
        TaskState::New,
        TaskState::Pending,
        TaskState::Assigned,
        TaskState::Accepted,
        TaskState::Preparing,
        TaskState::Ready,
        TaskState::Starting,
        TaskState::Running,
        TaskState::Complete,
        TaskState::Shutdown,
        TaskState::Failed,
        TaskState::Rejected,
        TaskState::Remove,
        TaskState::Orphaned,
    ];

    /// The lower-case name the Docker API uses (`running`, `shutdown`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::New => "new",
            TaskState::Pending => "pending",
            TaskState::Assigned => "assigned",
            TaskState::Accepted => "accepted",
            TaskState::Preparing => "preparing",
            TaskState::Ready => "ready",
            TaskState::Starting => "starting",
            TaskState::Running => "running",
            TaskState::Complete => "complete",
            TaskState::Shutdown => "shutdown",
            TaskState::Failed => "failed",
            TaskState::Rejected => "rejected",
            TaskState::Remove => "remove",
            TaskState::Orphaned => "orphaned",
        }
    }

    /// Past RUNNING: the task has stopped for good (SwarmKit's `taskInTerminalState`).
    pub fn is_terminal(self) -> bool {
        self > TaskState::Running
    }

    /// Whether an observed state may move from `self` to `next`: only forward.
    pub fn can_advance_to(self, next: TaskState) -> bool {
        next > self
    }
}

impl fmt::Display for TaskState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the agent (or a manager component) last reported about a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskStatus {
    pub state: TaskState,
    /// When `state` was entered.
    pub timestamp: SimTime,
    /// SwarmKit's short status message (`"started"`, `"pending task scheduling"`, ...).
    pub message: &'static str,
    /// The error text docker shows in the ERROR column, if any.
    pub err: Option<String>,
}

/// The part of a service's spec a task carries with it: a task runs the spec it was created
/// from, whatever the service's spec says later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSpec {
    pub image: String,
    pub args: Vec<String>,
    pub env: Vec<String>,
    pub mounts: Vec<Mount>,
    pub limits: Resources,
    pub reservations: Resources,
    pub restart: RestartPolicy,
    pub stop_grace_period: SimDuration,
    pub constraints: Vec<Constraint>,
    pub max_replicas_per_node: u64,
    /// Host-mode ports with a fixed published port: they occupy that port on the task's node.
    pub host_ports: Vec<PortConfig>,
    /// Spread descriptors (`node.labels.zone`), outermost first.
    pub preferences: Vec<String>,
    /// Every published port: the endpoint a task was created for (a change redeploys).
    pub published: Vec<PortConfig>,
    /// `ForceUpdate`: bumped by `docker service update --force` to redeploy every task.
    pub force_update: u64,
    /// The service's `LogDriver`, as its spec says (unset: the cluster default, resolved into
    /// `Task::log_driver` when a task is created). A change redeploys.
    pub log_driver: Option<LogDriver>,
    /// `ContainerSpec.PullOptions`. A change redeploys only tasks that have not pulled their
    /// image yet, or have stopped (`updater::is_dirty`).
    pub pull_options: Option<PullOptions>,
}

impl TaskSpec {
    pub fn of(spec: &ServiceSpec) -> TaskSpec {
        TaskSpec {
            image: spec.image.clone(),
            args: spec.args.clone(),
            env: spec.env.clone(),
            mounts: spec.mounts.clone(),
            limits: spec.limits,
            reservations: spec.reservations,
            restart: spec.restart,
            stop_grace_period: spec.stop_grace_period,
            constraints: spec.parsed_constraints(),
            max_replicas_per_node: spec.max_replicas_per_node,
            host_ports: spec
                .ports
                .iter()
                .filter(|p| p.mode == PublishMode::Host && p.published != 0)
                .copied()
                .collect(),
            preferences: spec.preferences.clone(),
            published: spec.ports.clone(),
            force_update: spec.force_update,
            log_driver: spec.log_driver.clone(),
            pull_options: spec.pull_options.clone(),
        }
    }
}

/// Where a task's history is kept: its slot (replicated) or its node (global).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SlotKey {
    Slot(ServiceId, u32),
    Node(ServiceId, NodeId),
}

/// One task as the store keeps it.
#[derive(Debug, PartialEq, Eq)]
pub struct Task {
    pub id: TaskId,
    pub service: ServiceId,
    /// Replica slot, counting from 1; 0 for a global task, which is keyed by its node.
    pub slot: u32,
    pub node: Option<NodeId>,
    /// Written only by manager components.
    pub desired: TaskState,
    /// Written by whoever observed the state: allocator, scheduler, agent.
    pub status: TaskStatus,
    /// The spec it was created from, shared by every task created from the same version.
    pub spec: Rc<TaskSpec>,
    /// `Service::spec_version` of the spec this task was created from.
    pub spec_version: u64,
    /// The logging driver its container uses, fixed when the task is created (SwarmKit's
    /// `NewTask`): the service's, else the cluster's task default, else none (the engine's
    /// own default).
    pub log_driver: Option<LogDriver>,
    pub created_at: SimTime,
    /// `Meta.Version.Index` and `Meta.UpdatedAt`: the store's Raft index and the time of the
    /// task's last write.
    pub version: u64,
    pub updated_at: SimTime,
}

// By hand, to be not inlined: the derived clone was copied into its callers (as
// `ServiceSpec`'s).
impl Clone for Task {
    #[inline(never)]
    fn clone(&self) -> Self {
        // Destructured, so that a new field cannot be forgotten here.
        let Task {
            id,
            service,
            slot,
            node,
            desired,
            status,
            spec,
            spec_version,
            log_driver,
            created_at,
            version,
            updated_at,
        } = self;
        Task {
            id: *id,
            service: *service,
            slot: *slot,
            node: *node,
            desired: *desired,
            status: status.clone(),
            spec: Rc::clone(spec),
            spec_version: *spec_version,
            log_driver: log_driver.clone(),
            created_at: *created_at,
            version: *version,
            updated_at: *updated_at,
        }
    }
}

impl Task {
    // Not inlined: its match sat in every sort, run and lookup by slot.
    #[inline(never)]
    pub(crate) fn slot_key(&self) -> SlotKey {
        match (self.slot, self.node) {
            (0, Some(node)) => SlotKey::Node(self.service, node),
            (slot, _) => SlotKey::Slot(self.service, slot),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn states_only_move_forward() {
        for (i, &a) in TaskState::ALL.iter().enumerate() {
            for (j, &b) in TaskState::ALL.iter().enumerate() {
                assert_eq!(a.can_advance_to(b), j > i, "{a} -> {b}");
            }
        }
    }

    #[test]
    fn terminal_means_past_running() {
        let terminal: Vec<&str> =
            TaskState::ALL.iter().filter(|s| s.is_terminal()).map(|s| s.as_str()).collect();
        assert_eq!(terminal, ["complete", "shutdown", "failed", "rejected", "remove", "orphaned"]);
    }
}
