//! `Cluster`: the façade over the store, the manager's components and the simulated machines.
//!
//! # Driving contract
//!
//! Methods come in four kinds (after quinn-proto's `Connection`):
//!
//! 1. getters on `&self`: `now`, `snapshot`, `poll_timeout`;
//! 2. inputs, `handle_*`, each taking `now`: `handle_command`, `handle_timeout`;
//! 3. nothing else mutates;
//! 4. outputs, `poll_*`: after every input, drain `poll_event` until it returns `None`.
//!
//! `now` must never decrease between inputs; equal values are fine. `handle_timeout` may be
//! called spuriously: with nothing due it does nothing. `advance_to` is the usual loop over
//! these: it fires every wake-up up to a time, each at its own instant.
//!
//! # One step
//!
//! Every input (a command, or one due wake-up) runs one synchronous step, SwarmKit's watch
//! loops with the goroutines taken out:
//!
//! 1. apply the input to the store, which records what changed;
//! 2. hand every change to each component, which only marks work (constraint enforcer,
//!    restart supervisor, replicated and global orchestrators, scheduler, task reaper, agents);
//! 3. let the orchestrators act (restarts, then services) and the allocator move NEW tasks to
//!    PENDING; repeat 2–3 until nothing changes (bounded by `RECONCILE_ROUNDS_MAX`);
//! 4. arm the scheduler's debounce if tasks wait for a node;
//! 5. publish the store's events, and in test and debug builds check the invariants.

use std::collections::VecDeque;
use std::rc::Rc;

use crate::KeyValues;
use crate::agent::Agents;
use crate::allocator;
use crate::command::Command;
use crate::constraint_enforcer;
use crate::create;
use crate::dispatcher;
use crate::error::CommandError;
use crate::event::Event;
use crate::global::GlobalOrchestrator;
use crate::id::ObjectId;
use crate::image::ImageCatalog;
use crate::invariants;
use crate::limits;
use crate::node::{
    Availability, ManagerStatus, Node, NodeId, NodeRole, NodeSpec, NodeState, Reachability,
    Resources,
};
use crate::orchestrator::ReplicatedOrchestrator;
use crate::raft;
use crate::reaper::TaskReaper;
use crate::restart::RestartSupervisor;
use crate::rng::Rng;
use crate::scheduler::{self, Scheduler};
use crate::service::{
    DYNAMIC_PORT_END, DYNAMIC_PORT_START, PortConfig, PublishMode, Service, ServiceId, ServiceMode,
    UpdateState, UpdateStatus,
};
use crate::snapshot::{NodeView, Snapshot, TaskView};
use crate::store::Store;
use crate::task::{Task, TaskId, TaskState};
use crate::time::SimTime;
use crate::timer::{TimerQueue, Wakeup};
use crate::updater::UpdateSupervisor;

/// Rounds of reconciliation one step may take before we call it a livelock.
const RECONCILE_ROUNDS_MAX: usize = 32;

/// The engine version every simulated node reports (Docker 24, the seeds' era).
pub const ENGINE_VERSION: &str = "24.0.7";

/// The cluster a simulation starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Nodes present at time zero, in join order. The first manager is the Raft leader.
    pub nodes: Vec<NodeSpec>,
}

impl Config {
    /// A node with the tutorials' lab size: 2 CPUs and 4 GiB.
    pub fn lab_node(hostname: &str, role: NodeRole) -> NodeSpec {
        NodeSpec {
            hostname: hostname.to_string(),
            role,
            resources: Resources { nano_cpus: 2_000_000_000, memory_bytes: 4 << 30 },
            labels: KeyValues::new(),
        }
    }

    /// `count` nodes `node0`, `node1`, … of one size, the first a manager: a big swarm for
    /// benchmarks and stress runs.
    pub fn numbered(count: usize, resources: Resources) -> Config {
        let nodes = (0..count)
            .map(|i| {
                let role = if i == 0 { NodeRole::Manager } else { NodeRole::Worker };
                NodeSpec { resources, ..Config::lab_node(&format!("node{i}"), role) }
            })
            .collect();
        Config { nodes }
    }
}

impl Default for Config {
    /// manager1 (leader), worker1 and worker2, each with 2 CPUs and 4 GiB: the tutorials' lab.
    fn default() -> Config {
        Config {
            nodes: vec![
                Config::lab_node("manager1", NodeRole::Manager),
                Config::lab_node("worker1", NodeRole::Worker),
                Config::lab_node("worker2", NodeRole::Worker),
            ],
        }
    }
}

/// A deterministic, in-memory Docker Swarm. Same `(Config, seed, inputs)`, same outputs, bit
/// for bit, on every platform.
#[derive(Debug, Clone)]
pub struct Cluster {
    now: SimTime,
    rng: Rng,
    store: Store,
    timers: TimerQueue,
    events: VecDeque<Event>,
    images: ImageCatalog,
    orchestrator: ReplicatedOrchestrator,
    global: GlobalOrchestrator,
    restarts: RestartSupervisor,
    scheduler: Scheduler,
    reaper: TaskReaper,
    updates: UpdateSupervisor,
    agents: Agents,
    /// Steps taken (one per input and per wake-up).
    steps: u64,
    /// The step at which test and debug builds next check every invariant (see `commit`).
    full_check_at: u64,
    /// Wake-ups that needed a leader while there was none, in order; re-armed on election.
    parked: Vec<Wakeup>,
    /// `docker swarm join-token worker` and `manager`: drawn once, from a stream of their own.
    join_tokens: [String; 2],
    /// The ingress network's ID: drawn once, from a stream of its own.
    ingress_network: ObjectId,
}

impl Cluster {
    /// A cluster at time zero whose nodes have all joined and are READY and ACTIVE.
    pub fn new(config: Config, seed: u64) -> Cluster {
        let mut cluster = Cluster {
            now: SimTime::ZERO,
            rng: Rng::new(seed),
            store: Store::default(),
            timers: TimerQueue::default(),
            events: VecDeque::new(),
            images: ImageCatalog::default(),
            orchestrator: ReplicatedOrchestrator::default(),
            global: GlobalOrchestrator::default(),
            restarts: RestartSupervisor::default(),
            scheduler: Scheduler::new(seed),
            reaper: TaskReaper::default(),
            updates: UpdateSupervisor::default(),
            agents: Agents::default(),
            steps: 0,
            full_check_at: invariants::FULL_CHECK_EVERY,
            parked: Vec::new(),
            join_tokens: join_tokens(seed),
            ingress_network: ObjectId::generate(&mut Rng::new(seed ^ INGRESS_STREAM)),
        };
        let mut nodes: Vec<NodeSpec> = config.nodes.into_iter().take(limits::NODES_MAX).collect();
        // A swarm always has a manager: the node that ran `docker swarm init`.
        if !nodes.iter().any(|n| n.role == NodeRole::Manager)
            && let Some(first) = nodes.first_mut()
        {
            first.role = NodeRole::Manager;
        }
        for spec in nodes {
            cluster.join(spec);
        }
        cluster.commit();
        cluster
    }

    /// The simulated time of the last input.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Steps taken so far (one per input and per wake-up): a measure of the work done, which
    /// a session uses to space its checkpoints.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// How big the swarm is: nodes, and tasks in the store (history included). A session sizes
    /// its checkpoints by it.
    pub fn size(&self) -> (usize, usize) {
        (self.store.node_count(), self.store.task_count())
    }

    /// The join token for `role` (`docker swarm join-token`).
    pub fn join_token(&self, role: NodeRole) -> &str {
        match role {
            NodeRole::Worker => &self.join_tokens[0],
            NodeRole::Manager => &self.join_tokens[1],
        }
    }

    /// The ingress network's ID (`Endpoint.VirtualIPs[].NetworkID`).
    pub fn ingress_network(&self) -> ObjectId {
        self.ingress_network
    }

    /// The Raft leader, if the managers have one.
    pub fn leader(&self) -> Option<NodeId> {
        raft::leader(&self.store)
    }

    /// One node as a snapshot shows it, without building a whole snapshot.
    pub fn node_view(&self, id: NodeId) -> Option<NodeView> {
        self.store.node(id).map(|n| NodeView::of(n, self.store.books(id).reserved))
    }

    /// The node with this hostname, if it is in the swarm.
    pub fn node_by_hostname(&self, hostname: &str) -> Option<NodeId> {
        self.store.nodes().find(|n| n.hostname == hostname).map(|n| n.id)
    }

    /// The image catalog (`sim image ls`).
    pub fn images(&self) -> &ImageCatalog {
        &self.images
    }

    /// Applies one user command at `now`. Wake-ups due before `now` fire first, each at its own
    /// instant (time passes whatever the command); then, on error, the command has changed
    /// nothing.
    pub fn handle_command(&mut self, now: SimTime, command: Command) -> Result<(), CommandError> {
        assert!(now >= self.now, "handle_command went back in time: {now} < {}", self.now);
        // Wake-ups that fell due before this command happen first, each at its own time.
        self.handle_timeout(now);
        self.validate(&command)?;
        self.apply(command);
        self.commit();
        // Anything the command armed for this very instant happens within it.
        self.handle_timeout(now);
        Ok(())
    }

    /// Fires every wake-up due at or before `now`, in order, each as its own step at its own
    /// instant; then moves the clock to `now`. A spurious call does nothing.
    pub fn handle_timeout(&mut self, now: SimTime) {
        assert!(now >= self.now, "handle_timeout went back in time: {now} < {}", self.now);
        while let Some((at, wakeup)) = self.timers.pop_due(now) {
            self.now = at.max(self.now);
            let raft = matches!(wakeup, Wakeup::RaftCheck | Wakeup::Election);
            if !raft && raft::leader(&self.store).is_none() {
                // Nothing can be written without a leader: keep it for the next one.
                self.parked.push(wakeup);
                continue;
            }
            self.wake(wakeup);
            self.commit();
        }
        self.now = now;
    }

    /// When the cluster next wants `handle_timeout`, and why. Changes only after an input.
    pub fn poll_timeout(&self) -> Option<(SimTime, Wakeup)> {
        self.timers.next()
    }

    /// The next event, oldest first.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// A node's hostname, if it is in the swarm.
    pub fn hostname(&self, node: NodeId) -> Option<&str> {
        self.store.node(node).map(|n| n.hostname.as_str())
    }

    /// A service with its whole spec (`docker service inspect`).
    pub fn service_record(&self, id: ServiceId) -> Option<&Service> {
        self.store.service(id)
    }

    /// A task as the store keeps it (`docker inspect TASK`).
    pub fn task_record(&self, id: TaskId) -> Option<&Task> {
        self.store.task(id)
    }

    /// One task as a snapshot shows it, without copying the rest: what a view kept up to date
    /// from events reads for each task an event names.
    /// Whether the scheduler no longer retries this waiting task (`TaskView::stuck`), without
    /// building its view: a page asks it of every waiting task each frame.
    pub fn is_stuck(&self, id: TaskId) -> bool {
        self.scheduler.parked().contains(&id)
    }

    pub fn task_view(&self, id: TaskId) -> Option<TaskView> {
        let task = self.store.task(id)?;
        let service = self.store.service(task.service)?;
        let current = match &service.task_spec {
            Some((version, spec)) if *version == service.version => Rc::clone(spec),
            _ => Rc::new(crate::task::TaskSpec::of(&service.spec)),
        };
        Some(TaskView::of(
            &self.store,
            task,
            &service.spec.name,
            Some(&current),
            self.scheduler.parked(),
        ))
    }

    /// The nodes and one service with its tasks: what docker's progress display polls.
    pub fn service_snapshot(&self, id: ServiceId) -> Snapshot {
        self.with_update_progress(Snapshot::of_services(
            &self.store,
            self.now,
            Some(id),
            self.scheduler.parked(),
        ))
    }

    /// Where `service`'s rolling update stands, if one is running.
    pub fn update_progress(&self, service: ServiceId) -> Option<crate::updater::UpdateProgress> {
        self.updates.progress(service)
    }

    /// A plain-data copy of everything a view needs.
    pub fn snapshot(&self) -> Snapshot {
        self.with_update_progress(Snapshot::of(&self.store, self.now, self.scheduler.parked()))
    }

    /// The update supervisor's view of each running update, which the store does not keep.
    fn with_update_progress(&self, mut snapshot: Snapshot) -> Snapshot {
        for service in &mut snapshot.services {
            service.update_progress = self.updates.progress(service.id);
        }
        snapshot
    }

    fn service(&self, id: ServiceId) -> Result<&Service, CommandError> {
        self.store.service(id).ok_or_else(|| CommandError::UnknownService(id.to_string()))
    }

    fn node(&self, id: NodeId) -> Result<&Node, CommandError> {
        self.store.node(id).ok_or_else(|| CommandError::UnknownNode(id.to_string()))
    }

    /// Every check a command needs, before anything changes.
    fn validate(&self, command: &Command) -> Result<(), CommandError> {
        // The simulation's own verbs work without a leader; the control API does not.
        let simulation = matches!(
            command,
            Command::PowerOffNode(_)
                | Command::PowerOnNode(_)
                | Command::LeaveSwarm(_)
                | Command::JoinSwarm(_)
                | Command::AddImage(_)
                | Command::FailTask { .. }
        );
        if !simulation && raft::leader(&self.store).is_none() {
            return Err(CommandError::NoLeader);
        }
        match command {
            Command::CreateService(spec) => {
                spec.validate()?;
                if self.store.services().any(|s| s.spec.name.eq_ignore_ascii_case(&spec.name)) {
                    return Err(CommandError::NameConflict(spec.name.clone()));
                }
                self.check_ports(&spec.ports)?;
                let dynamic = spec
                    .ports
                    .iter()
                    .filter(|p| p.published == 0 && p.mode == PublishMode::Ingress);
                if dynamic.count() > self.free_dynamic_ports().count() {
                    return Err(CommandError::TooLarge(
                        "the dynamic port range 30000-32767".into(),
                    ));
                }
                let wanted =
                    if spec.is_global() { self.store.node_count() as u32 } else { spec.replicas() };
                self.check_replica_budget(None, wanted)
            }
            Command::ScaleService { service, replicas } => {
                if self.service(*service)?.spec.is_global() {
                    return Err(CommandError::NotReplicated);
                }
                self.check_replica_budget(Some(*service), *replicas)
            }
            Command::UpdateService { service, spec } => {
                let current = self.service(*service)?;
                if spec.name != current.spec.name {
                    return Err(CommandError::InvalidSpec(crate::service::SpecError::Rename));
                }
                if spec.is_global() != current.spec.is_global() {
                    return Err(CommandError::ModeChange);
                }
                spec.validate()?;
                self.check_replica_budget(Some(*service), spec.replicas())
            }
            Command::RollbackService(service) => {
                let current = self.service(*service)?;
                let Some(previous) = &current.previous_spec else {
                    return Err(CommandError::NoPreviousSpec(service.to_string()));
                };
                self.check_replica_budget(Some(*service), previous.replicas())
            }
            Command::RemoveService(service) => self.service(*service).map(drop),
            Command::AddNode(spec) => {
                if self.store.nodes().any(|n| n.hostname == spec.hostname) {
                    return Err(CommandError::HostnameTaken(spec.hostname.clone()));
                }
                if self.store.node_count() >= limits::NODES_MAX {
                    return Err(CommandError::TooLarge(format!("{} nodes", limits::NODES_MAX)));
                }
                // The new node takes one task of each global service.
                let nodes = self.store.node_count() + 1;
                if limits::tasks_wanted(&self.store, nodes, None) > limits::REPLICAS_MAX {
                    return Err(CommandError::TooLarge(limits::tasks_limit()));
                }
                Ok(())
            }
            Command::SetAvailability { node, .. } => self.node(*node).map(drop),
            Command::SetRole { node, role } => {
                let n = self.node(*node)?;
                if *role == NodeRole::Worker && n.manager.is_some() {
                    let managers: Vec<&Node> =
                        self.store.nodes().filter(|m| m.manager.is_some()).collect();
                    if managers.len() == 1 {
                        return Err(CommandError::LastManager);
                    }
                    // SwarmKit `CanRemoveMember`: the others that are reachable must keep a
                    // quorum of the smaller cluster.
                    let others =
                        managers.iter().filter(|m| m.id != *node && m.agent_runs()).count();
                    if others < raft::quorum(managers.len() - 1) {
                        return Err(CommandError::QuorumLoss);
                    }
                }
                Ok(())
            }
            Command::UpdateNodeLabels { node, remove, .. } => {
                let n = self.node(*node)?;
                if let Some(key) = remove.iter().find(|k| !n.labels.contains_key(k)) {
                    return Err(CommandError::LabelNotFound(key.clone()));
                }
                Ok(())
            }
            Command::RemoveNode { node, force } => {
                let n = self.node(*node)?;
                if n.role == NodeRole::Manager {
                    return Err(CommandError::NodeIsManager(node.to_string()));
                }
                if n.state != NodeState::Down && !force {
                    return Err(CommandError::NodeNotDown(node.to_string()));
                }
                Ok(())
            }
            Command::PowerOffNode(node) | Command::PowerOnNode(node) => {
                let n = self.node(*node)?;
                let on = matches!(command, Command::PowerOnNode(_));
                if n.powered == on {
                    return Err(CommandError::AlreadyPowered { hostname: n.hostname.clone(), on });
                }
                Ok(())
            }
            Command::LeaveSwarm(node) | Command::JoinSwarm(node) => {
                let n = self.node(*node)?;
                let leave = matches!(command, Command::LeaveSwarm(_));
                if !n.powered {
                    return Err(CommandError::MachineOff(n.hostname.clone()));
                }
                if n.left_swarm == leave {
                    return Err(CommandError::SwarmMembership {
                        hostname: n.hostname.clone(),
                        left: n.left_swarm,
                    });
                }
                Ok(())
            }
            Command::FailTask { task, .. } => {
                let t = self
                    .store
                    .task(*task)
                    .ok_or_else(|| CommandError::UnknownTask(task.to_string()))?;
                let powered =
                    t.node.and_then(|n| self.store.node(n)).is_some_and(|n| n.agent_runs());
                if t.status.state != TaskState::Running || !powered {
                    return Err(CommandError::TaskNotRunning {
                        task: task.to_string(),
                        state: t.status.state.as_str(),
                    });
                }
                Ok(())
            }
            Command::SetTaskDefaults(_) => Ok(()),
            Command::AddImage(_) => {
                if self.images.iter().count() >= limits::IMAGES_MAX {
                    return Err(CommandError::TooLarge(format!("{} images", limits::IMAGES_MAX)));
                }
                Ok(())
            }
        }
    }

    /// SwarmKit's `checkPortConflicts`: a published port belongs to one service.
    fn check_ports(&self, ports: &[PortConfig]) -> Result<(), CommandError> {
        for port in ports.iter().filter(|p| p.published != 0) {
            for service in self.store.services() {
                if let Some(used) = service
                    .endpoint_ports
                    .iter()
                    .find(|p| p.published == port.published && p.protocol == port.protocol)
                {
                    return Err(CommandError::PortInUse {
                        port: port.published,
                        service: service.spec.name.clone(),
                        id: service.id.to_string(),
                        ingress: used.mode == PublishMode::Ingress,
                    });
                }
            }
        }
        Ok(())
    }

    /// Ingress ports the swarm can still hand out, lowest first.
    fn free_dynamic_ports(&self) -> impl Iterator<Item = u16> + '_ {
        (DYNAMIC_PORT_START..=DYNAMIC_PORT_END).filter(|n| {
            !self.store.services().any(|s| s.endpoint_ports.iter().any(|p| p.published == *n))
        })
    }

    /// Rejects a replica count that would take the swarm past its task budget.
    fn check_replica_budget(
        &self,
        service: Option<ServiceId>,
        replicas: u32,
    ) -> Result<(), CommandError> {
        let others = limits::tasks_wanted(&self.store, self.store.node_count(), service);
        if others + u64::from(replicas) > limits::REPLICAS_MAX {
            return Err(CommandError::TooLarge(limits::tasks_limit()));
        }
        Ok(())
    }

    fn apply(&mut self, command: Command) {
        let now = self.now;
        match command {
            Command::CreateService(spec) => {
                let id = ServiceId(create::fresh_id(&self.store, &mut self.rng));
                // The allocator fills in ingress ports published without a number.
                let mut free: Vec<u16> = self.free_dynamic_ports().take(spec.ports.len()).collect();
                free.reverse();
                let endpoint_ports = spec
                    .ports
                    .iter()
                    .map(|p| match (p.mode, p.published) {
                        (PublishMode::Ingress, 0) => {
                            PortConfig { published: free.pop().expect("checked in validate"), ..*p }
                        }
                        _ => *p,
                    })
                    .collect();
                self.store.insert_service(now, Service::new(id, spec, endpoint_ports, now));
            }
            Command::ScaleService { service, replicas } => {
                // `docker service scale` is an update of the whole spec: it too becomes what a
                // rollback goes back to.
                self.store.update_service(now, service, |s| {
                    s.previous_spec = Some(s.spec.clone());
                    s.previous_spec_version = std::mem::replace(&mut s.spec_version, s.version);
                    s.update_status = None;
                    s.spec.mode = ServiceMode::Replicated { replicas };
                });
            }
            Command::UpdateService { service, spec } => {
                self.store.update_service(now, service, |s| {
                    s.previous_spec = Some(std::mem::replace(&mut s.spec, spec));
                    // controlapi: "this will not match the service's Meta.Version after the
                    // store update".
                    s.previous_spec_version = std::mem::replace(&mut s.spec_version, s.version);
                    s.update_status = None;
                });
            }
            Command::RollbackService(service) => {
                // controlapi swaps the specs and marks the rollback started; the update
                // supervisor then runs it with the rollback config.
                let message = "manually requested rollback".to_string();
                self.store.update_service(now, service, |s| {
                    let previous = s.previous_spec.take().expect("checked in validate");
                    s.previous_spec = Some(std::mem::replace(&mut s.spec, previous));
                    std::mem::swap(&mut s.spec_version, &mut s.previous_spec_version);
                    s.update_status = Some(UpdateStatus {
                        state: UpdateState::RollbackStarted,
                        started_at: now,
                        completed_at: None,
                        message: message.clone(),
                    });
                });
                self.store.push_event(Event::UpdateStatusChanged {
                    at: now,
                    service,
                    state: UpdateState::RollbackStarted,
                    message,
                });
            }
            Command::RemoveService(service) => {
                let tasks: Vec<TaskId> = self
                    .store
                    .tasks_of(service)
                    .filter(|t| t.desired < TaskState::Remove)
                    .map(|t| t.id)
                    .collect();
                for task in tasks {
                    self.store.set_desired(now, task, TaskState::Remove);
                }
                self.store.delete_service(now, service);
            }
            Command::AddNode(spec) => self.join(spec),
            Command::SetAvailability { node, availability } => {
                self.store.update_node(now, node, |n| n.availability = availability);
            }
            Command::UpdateNodeLabels { node, add, remove } => {
                self.store.update_node(now, node, |n| {
                    for key in &remove {
                        n.labels.remove(key);
                    }
                    n.labels.extend(add);
                });
            }
            Command::RemoveNode { node, .. } => {
                let tasks: Vec<TaskId> = self
                    .store
                    .tasks_on(node)
                    .filter(|t| t.status.state < TaskState::Complete)
                    .map(|t| t.id)
                    .collect();
                for task in tasks {
                    self.store.orphan_task(
                        now,
                        task,
                        Some("Task belonged to a node that has been deleted"),
                    );
                }
                self.store.delete_node(now, node);
            }
            Command::SetRole { node, role } => self.set_role(node, role),
            Command::PowerOffNode(node) => self.set_machine(node, Some(false), None),
            Command::PowerOnNode(node) => self.set_machine(node, Some(true), None),
            Command::LeaveSwarm(node) => self.set_machine(node, None, Some(true)),
            Command::JoinSwarm(node) => self.set_machine(node, None, Some(false)),
            Command::FailTask { task, exit_code } => {
                if raft::leader(&self.store).is_some() {
                    self.agents.fail(&mut self.store, now, task, exit_code);
                } else {
                    // The process dies now; its report waits for a leader.
                    self.parked.push(Wakeup::ContainerExited(task, exit_code));
                }
            }
            Command::SetTaskDefaults(defaults) => self.store.set_task_defaults(now, defaults),
            Command::AddImage(image) => self.images.insert(image),
        }
    }

    /// A machine's power or its engine's membership changes (`None`: unchanged). When its swarm
    /// agent stops or starts, the dispatcher and Raft learn of it as they would of a machine
    /// that went away or came back: by heartbeats and peer checks.
    fn set_machine(&mut self, node: NodeId, powered: Option<bool>, left_swarm: Option<bool>) {
        let now = self.now;
        let n = self.store.node(node).expect("checked in validate");
        let (agent_ran, manager) = (n.agent_runs(), n.role == NodeRole::Manager);
        let powered = powered.unwrap_or(n.powered);
        let left_swarm = left_swarm.unwrap_or(n.left_swarm);
        self.store.update_machine(now, node, powered, left_swarm);
        let agent_runs = self.store.node(node).is_some_and(|n| n.agent_runs());
        let (store, timers, rng) = (&mut self.store, &mut self.timers, &mut self.rng);
        match (agent_ran, agent_runs) {
            (true, false) => {
                dispatcher::agent_stopped(store, timers, rng, now, node);
                if manager {
                    timers.arm(now + raft::PEER_TIMEOUT, Wakeup::RaftCheck);
                }
            }
            (false, true) => {
                let boot = dispatcher::agent_started(store, timers, rng, now, node);
                if manager {
                    timers.arm(now + boot, Wakeup::RaftCheck);
                }
            }
            _ => {}
        }
    }

    /// `docker node promote` / `demote`.
    fn set_role(&mut self, node: NodeId, role: NodeRole) {
        let now = self.now;
        let was_leader = self.store.node(node).is_some_and(|n| n.manager.is_some_and(|m| m.leader));
        self.store.update_node(now, node, |n| {
            n.role = role;
            // Demotion leaves Raft at once; promotion joins it when the node is reachable
            // (the next Raft check, in this same step if it is up).
            if role == NodeRole::Worker {
                n.manager = None;
            }
        });
        if was_leader && raft::elect(&mut self.store, &mut self.rng, now) {
            // A leader being demoted hands leadership over first.
            dispatcher::leadership_changed(&mut self.store, &mut self.timers, &mut self.rng, now);
        }
        self.timers.arm(now, Wakeup::RaftCheck);
    }

    /// A machine joins the swarm: READY and ACTIVE at once.
    fn join(&mut self, spec: NodeSpec) {
        let id = NodeId(create::fresh_id(&self.store, &mut self.rng));
        let has_leader = self.store.nodes().any(|n| n.manager.is_some_and(|m| m.leader));
        let manager = (spec.role == NodeRole::Manager).then_some(ManagerStatus {
            leader: !has_leader,
            reachability: Reachability::Reachable,
        });
        let node = Node {
            id,
            hostname: spec.hostname,
            role: spec.role,
            state: NodeState::Ready,
            availability: Availability::Active,
            manager,
            resources: spec.resources,
            labels: spec.labels,
            engine_version: ENGINE_VERSION,
            status_message: "",
            powered: true,
            left_swarm: false,
            power_epoch: 0,
            version: 0,
            created_at: self.now,
            updated_at: self.now,
        };
        self.store.insert_node(self.now, node);
    }

    fn wake(&mut self, wakeup: Wakeup) {
        let now = self.now;
        let (store, timers, rng) = (&mut self.store, &mut self.timers, &mut self.rng);
        match wakeup {
            Wakeup::SchedulerPass => {
                self.scheduler.pass(store, now);
            }
            Wakeup::AgentStep(task) => {
                self.agents.step(store, &self.images, timers, rng, now, task)
            }
            Wakeup::ContainerExited(task, code) => {
                self.agents.container_exited(store, now, task, code)
            }
            Wakeup::ContainerStopped(task) => self.agents.container_stopped(store, now, task),
            Wakeup::RestartDelay(task) => self.restarts.delay_elapsed(store, timers, now, task),
            Wakeup::RestartWaitTimeout(task) => self.restarts.wait_timed_out(store, now, task),
            Wakeup::ReaperPass => self.reaper.pass(store, now),
            Wakeup::UpdateTimer(service, run) => self.updates.timer(service, run),
            Wakeup::HeartbeatExpired(node, epoch) => {
                dispatcher::heartbeat_expired(store, timers, now, node, epoch);
            }
            Wakeup::NodeRegistered(node, epoch) => {
                if dispatcher::registered(store, now, node, epoch) {
                    self.agents.node_rebooted(store, timers, rng, now, node);
                }
            }
            Wakeup::NodeDownTooLong(node, epoch, term) => {
                dispatcher::down_too_long(store, now, node, epoch, term)
            }
            Wakeup::RaftCheck => {
                raft::check(store, timers, rng, now);
            }
            Wakeup::Election => {
                if raft::elect(store, rng, now) {
                    dispatcher::leadership_changed(store, timers, rng, now);
                    for parked in std::mem::take(&mut self.parked) {
                        timers.arm(now, parked);
                    }
                }
            }
            Wakeup::NodeReregistered(node, epoch) => {
                dispatcher::reregistered(store, now, node, epoch)
            }
            Wakeup::UnknownExpired(node, epoch) => {
                dispatcher::unknown_expired(store, timers, now, node, epoch);
            }
        }
    }

    /// Steps 2–5 of the module doc.
    fn commit(&mut self) {
        let now = self.now;
        let checking = cfg!(any(test, debug_assertions));
        let mut touched = invariants::Touched::default();
        for round in 1.. {
            assert!(
                round <= RECONCILE_ROUNDS_MAX,
                "reconcile did not settle in {RECONCILE_ROUNDS_MAX} rounds"
            );
            let changes = self.store.take_changes();
            for change in &changes {
                if checking {
                    touched.record(change);
                }
                constraint_enforcer::observe(change, &mut self.store, now);
                self.restarts.observe(change, &mut self.store, now);
                self.orchestrator.observe(change, &self.store);
                self.global.observe(change, &self.store);
                self.scheduler.observe(change, &self.store, now);
                self.reaper.observe(change, &self.store, &mut self.timers, now);
                self.updates.observe(change, &self.store);
                self.agents.observe(change, &self.store, &mut self.timers, &mut self.rng, now);
            }
            // `DelayStart`'s channel closing: the update workers and the restart waiters that
            // wait on it go on.
            let ended = self.restarts.take_finished_delays();
            for task in &ended {
                self.updates.delay_finished(*task);
            }
            self.restarts.run_waiters(
                &ended,
                &mut self.store,
                &mut self.timers,
                &mut self.rng,
                now,
            );
            if self.orchestrator.has_work() {
                self.orchestrator.tick(
                    &mut self.store,
                    &mut self.restarts,
                    &mut self.updates,
                    &mut self.timers,
                    &mut self.rng,
                    now,
                );
            }
            if self.updates.has_work() {
                self.updates.tick(
                    &mut self.store,
                    &mut self.restarts,
                    &mut self.timers,
                    &mut self.rng,
                    now,
                );
            }
            if self.global.has_work() {
                self.global.tick(
                    &mut self.store,
                    &mut self.restarts,
                    &mut self.updates,
                    &mut self.timers,
                    &mut self.rng,
                    now,
                );
            }
            allocator::allocate(&mut self.store, now);
            if changes.is_empty()
                && !self.orchestrator.has_work()
                && !self.global.has_work()
                && !self.updates.has_work()
                && !self.restarts.has_finished_delays()
                && self.store.pending_changes() == 0
            {
                break;
            }
        }
        if self.scheduler.wants_pass(&self.store) {
            self.timers.arm(now + scheduler::COMMIT_DEBOUNCE, Wakeup::SchedulerPass);
        }
        self.events.extend(self.store.drain_events());
        self.steps += 1;
        if checking {
            let next = self.timers.next();
            // A run under way, or one that broke off and left its slots as they were.
            let updating = |s| self.updates.is_running(s) || self.updates.broke_off(s);
            // The full check costs the size of the swarm: spaced at least that many steps
            // apart, it costs each step a constant however large the swarm grows, while the
            // per-step check covers everything the step touched.
            let result = if self.steps >= self.full_check_at {
                let size = self.store.task_count() + self.store.node_count();
                self.full_check_at = self.steps + invariants::FULL_CHECK_EVERY.max(size as u64);
                invariants::check_all(&self.store, now, next, &updating)
            } else {
                invariants::check_step(&self.store, now, next, &touched, &updating)
            };
            if let Err(violation) = result {
                panic!("invariant violated at {now}: {violation}");
            }
            for (service, busy, parallelism) in self.updates.all_in_flight() {
                assert!(
                    parallelism == 0 || busy as u64 <= parallelism,
                    "invariant violated at {now}: {busy} slots of {service} in flight, parallelism {parallelism}",
                );
            }
        }
    }
}

/// SwarmKit's join tokens, `SWMTKN-1-<50 digits of the CA's key>-<25 of the secret>`, one for
/// workers and one for managers, drawn from the seed on a stream of their own so that the
/// swarm's IDs do not depend on them.
/// Seeds the ingress network's ID apart from the cluster's stream.
const INGRESS_STREAM: u64 = 0x696e_6772_6573_7321;

fn join_tokens(seed: u64) -> [String; 2] {
    let mut rng = Rng::new(seed ^ 0x7465_726d_696e_616c);
    let mut base36 = |len: usize| -> String {
        (0..len)
            .map(|_| {
                b"0123456789abcdefghijklmnopqrstuvwxyz"[(rng.next_u64() % 36) as usize] as char
            })
            .collect()
    };
    let prefix = base36(50);
    [format!("SWMTKN-1-{prefix}-{}", base36(25)), format!("SWMTKN-1-{prefix}-{}", base36(25))]
}

/// Fires every wake-up due at or before `until`, each at its own instant, handing every event
/// to `sink`; then moves the clock to `until`.
pub fn advance_to(cluster: &mut Cluster, until: SimTime, sink: &mut impl FnMut(Event)) {
    while let Some(event) = cluster.poll_event() {
        sink(event);
    }
    while let Some((at, _)) = cluster.poll_timeout() {
        if at > until {
            break;
        }
        cluster.handle_timeout(at);
        while let Some(event) = cluster.poll_event() {
            sink(event);
        }
    }
    if until > cluster.now() {
        cluster.handle_timeout(until);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::service::ServiceSpec;

    #[test]
    fn a_command_later_than_a_due_wake_up_does_not_break_advancing() {
        // Regression: a command at 1 s while the scheduler's 50 ms pass was still due made the
        // next `advance_to` call `handle_timeout` back in time.
        let mut cluster = Cluster::new(Config::default(), 1);
        let create =
            |name: &str| Command::CreateService(ServiceSpec::replicated(name, "nginx:latest", 1));
        cluster.handle_command(SimTime::ZERO, create("a")).unwrap();
        cluster.handle_command(SimTime::from_secs(1), create("b")).unwrap();
        advance_to(&mut cluster, SimTime::from_secs(10), &mut |_| {});
        let snapshot = cluster.snapshot();
        let running = snapshot.tasks.iter().filter(|t| t.state == TaskState::Running).count();
        assert_eq!(running, 2);
    }
}
