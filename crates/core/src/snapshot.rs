//! Snapshot: the plain-data view of a cluster at one instant. **API boundary.**
//!
//! Everything a view or a formatter needs, with public fields and no behaviour, sorted the way
//! docker lists things. The page renders from it; the CLI formats from it.

use crate::node::{Availability, NodeId, NodeRole, NodeState};
use crate::service::{Service, ServiceId};
use crate::store::Store;
use std::collections::BTreeSet;
use std::rc::Rc;

use crate::task::{TaskId, TaskSpec, TaskState};
use crate::time::SimTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub now: SimTime,
    /// The Raft leader; `None` while the managers have lost their quorum.
    pub leader: Option<NodeId>,
    /// In join order.
    pub nodes: Vec<NodeView>,
    /// By name.
    pub services: Vec<ServiceView>,
    /// By service name, then slot, then newest first: `docker service ps` order.
    pub tasks: Vec<TaskView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeView {
    pub id: NodeId,
    pub hostname: String,
    pub role: NodeRole,
    pub state: NodeState,
    pub availability: Availability,
    /// `Some(true)` for the leader, `Some(false)` for other managers, `None` for workers.
    pub leader: Option<bool>,
    /// docker's MANAGER STATUS: `Leader`, `Reachable` or `Unreachable`; `None` for workers.
    pub manager_status: Option<&'static str>,
    pub nano_cpus: u64,
    pub memory_bytes: u64,
    /// What the scheduler has booked on it: the reservations of its tasks not yet past
    /// RUNNING (`docker node inspect` shows none of this; the page's node cards do).
    pub reserved_nano_cpus: u64,
    pub reserved_memory_bytes: u64,
    pub engine_version: &'static str,
    /// `NodeStatus.Message` (`heartbeat failure`).
    pub status_message: &'static str,
    /// Simulation: whether the machine is powered on.
    pub powered: bool,
    /// Simulation: the machine's engine left the swarm (`docker swarm leave`).
    pub left_swarm: bool,
    /// `node.labels.*`.
    pub labels: crate::KeyValues,
    /// `Meta`: the Raft index of the node's last write, when it joined and was last written.
    pub version: u64,
    pub created_at: SimTime,
    pub updated_at: SimTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceView {
    pub id: ServiceId,
    pub name: String,
    pub global: bool,
    pub image: String,
    pub replicas_desired: u32,
    /// Ingress-published ports, as `docker service ls` shows them.
    pub ports: Vec<crate::service::PortConfig>,
    /// Tasks observed RUNNING, as `docker service ls` counts them.
    pub replicas_running: u32,
    /// `--replicas-max-per-node` (0: no limit).
    pub max_replicas_per_node: u64,
    /// `UpdateStatus`: where the last update or rollback stands, and SwarmKit's message.
    pub update_status: Option<crate::service::UpdateStatus>,
    /// Where a running update is: slots waiting, in flight, failures, the next slot's time.
    pub update_progress: Option<crate::updater::UpdateProgress>,
    /// `--update-*`: how the next update runs.
    pub update_config: crate::service::UpdateConfig,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskView {
    pub id: TaskId,
    pub service: ServiceId,
    pub service_name: String,
    pub slot: u32,
    pub node: Option<NodeId>,
    pub node_hostname: Option<String>,
    pub image: String,
    pub desired: TaskState,
    pub state: TaskState,
    /// When `state` was entered.
    pub since: SimTime,
    pub message: &'static str,
    pub err: Option<String>,
    pub created_at: SimTime,
    /// Host-mode ports the task publishes on its node, once its container has started.
    pub ports: Vec<crate::service::PortConfig>,
    /// Whether the task runs the service's current spec (SwarmKit's `!IsTaskDirty`, what
    /// docker's hidden `_up-to-date` filter keeps): a scale leaves tasks up to date.
    pub up_to_date: bool,
    /// The scheduler no longer retries it: PENDING, of an older spec version, and no node fit
    /// the last time (SwarmKit's `noSuitableNode`, moby/moby#53722). docker shows nothing of
    /// this; the page explains it.
    pub stuck: bool,
}

impl TaskView {
    /// `web.1` for a replicated task; `web.<node ID>` for a global one, as docker prints them.
    pub fn name(&self) -> String {
        match (self.slot, self.node) {
            (0, Some(node)) => format!("{}.{node}", self.service_name),
            (slot, _) => format!("{}.{slot}", self.service_name),
        }
    }
}

impl NodeView {
    pub(crate) fn of(n: &crate::node::Node, reserved: crate::node::Resources) -> NodeView {
        NodeView {
            id: n.id,
            hostname: n.hostname.clone(),
            role: n.role,
            state: n.state,
            availability: n.availability,
            leader: n.manager.map(|m| m.leader),
            manager_status: n.manager_status(),
            nano_cpus: n.resources.nano_cpus,
            memory_bytes: n.resources.memory_bytes,
            reserved_nano_cpus: reserved.nano_cpus,
            reserved_memory_bytes: reserved.memory_bytes,
            engine_version: n.engine_version,
            status_message: n.status_message,
            powered: n.powered,
            left_swarm: n.left_swarm,
            labels: n.labels.clone(),
            version: n.version,
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

impl ServiceView {
    /// The service without its counts of tasks, which `Snapshot::of_services` adds.
    fn of(s: &Service) -> ServiceView {
        ServiceView {
            id: s.id,
            name: s.spec.name.clone(),
            global: s.spec.is_global(),
            image: s.spec.image.clone(),
            ports: s
                .endpoint_ports
                .iter()
                .filter(|p| p.mode == crate::service::PublishMode::Ingress)
                .copied()
                .collect(),
            // For a global service, docker counts the tasks desired running: counted with
            // the running ones, in `Snapshot::of_services`'s one pass over the tasks.
            replicas_desired: if s.spec.is_global() { 0 } else { s.spec.replicas() },
            replicas_running: 0,
            max_replicas_per_node: s.spec.max_replicas_per_node,
            update_status: s.update_status.clone(),
            update_config: s.spec.update,
            update_progress: None,
        }
    }
}

impl TaskView {
    /// `current`: the service's current task spec (whether the task runs it: `up_to_date`);
    /// `stuck`: the tasks the scheduler no longer retries.
    pub(crate) fn of(
        store: &Store,
        t: &crate::task::Task,
        service_name: &str,
        current: Option<&TaskSpec>,
        stuck: &BTreeSet<TaskId>,
    ) -> TaskView {
        // A removed node is shown by ID, as docker's ID resolver falls back to it.
        let hostname = t.node.map(|n| store.node(n).map_or(n.to_string(), |n| n.hostname.clone()));
        TaskView {
            id: t.id,
            service: t.service,
            service_name: service_name.to_string(),
            slot: t.slot,
            node: t.node,
            node_hostname: hostname,
            image: t.spec.image.clone(),
            desired: t.desired,
            state: t.status.state,
            since: t.status.timestamp,
            message: t.status.message,
            err: t.status.err.clone(),
            created_at: t.created_at,
            ports: if t.status.state >= TaskState::Running {
                t.spec.host_ports.clone()
            } else {
                Vec::new()
            },
            up_to_date: current.is_some_and(|c| !crate::updater::is_dirty(store, t, c)),
            stuck: !stuck.is_empty() && stuck.contains(&t.id),
        }
    }
}

impl Snapshot {
    pub(crate) fn of(store: &Store, now: SimTime, stuck: &BTreeSet<TaskId>) -> Snapshot {
        Snapshot::of_services(store, now, None, stuck)
    }

    /// The nodes, and one service with its tasks (or every service with `None`); `stuck`: the
    /// tasks the scheduler no longer retries.
    pub(crate) fn of_services(
        store: &Store,
        now: SimTime,
        only: Option<ServiceId>,
        stuck: &BTreeSet<TaskId>,
    ) -> Snapshot {
        let nodes: Vec<NodeView> = store
            .nodes_in_join_order()
            .map(|n| NodeView::of(n, store.books(n.id).reserved))
            .collect();

        let mut services: Vec<ServiceView> = store
            .services()
            .filter(|s| only.is_none_or(|id| s.id == id))
            .map(ServiceView::of)
            .collect();
        crate::sort::sort_by(&mut services, |a, b| a.name.cmp(&b.name));

        let mut tasks: Vec<TaskView> = Vec::new();
        for service in &mut services {
            let current = store.service(service.id).map(|s| match &s.task_spec {
                Some((version, spec)) if *version == s.version => Rc::clone(spec),
                _ => Rc::new(TaskSpec::of(&s.spec)),
            });
            for t in store.tasks_of(service.id) {
                if service.global && t.desired == TaskState::Running {
                    service.replicas_desired += 1;
                }
                if t.status.state == TaskState::Running {
                    service.replicas_running += 1;
                }
                tasks.push(TaskView::of(store, t, &service.name, current.as_deref(), stuck));
            }
        }
        // docker sorts by task name (slots numerically; global tasks by node ID), newest first.
        let key = |t: &TaskView| {
            let node = if t.slot == 0 { t.node } else { None };
            (t.service_name.clone(), t.slot, node, std::cmp::Reverse(t.created_at), t.id)
        };
        crate::sort::sort_by_cached_key(&mut tasks, key);
        Snapshot { now, leader: crate::raft::leader(store), nodes, services, tasks }
    }

    pub fn service_by_name(&self, name: &str) -> Option<&ServiceView> {
        self.services.iter().find(|s| s.name == name)
    }

    pub fn node(&self, id: NodeId) -> Option<&NodeView> {
        self.nodes.iter().find(|n| n.id == id)
    }
}
