//! `Cluster`: the façade over the store, the manager's components and the simulated agents.
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
//! Every input runs one synchronous step, SwarmKit's watch loops with the goroutines taken out:
//! apply the input to the store, then reconcile to a fixed point in a fixed order
//! (replicated orchestrator → allocator), arm the scheduler's debounce if tasks wait for a
//! node, and publish the store's events. In test and debug builds the invariants are checked
//! after every step.

use std::collections::{BTreeSet, VecDeque};

use crate::agent;
use crate::allocator;
use crate::command::Command;
use crate::error::CommandError;
use crate::event::Event;
use crate::invariants;
use crate::node::{
    Availability, ManagerStatus, Node, NodeId, NodeRole, NodeSpec, NodeState, Reachability,
    Resources,
};
use crate::orchestrator;
use crate::rng::Rng;
use crate::scheduler;
use crate::service::{Service, ServiceId, ServiceSpec};
use crate::snapshot::Snapshot;
use crate::store::Store;
use crate::time::SimTime;
use crate::timer::{TimerQueue, Wakeup};

/// Rounds of reconciliation one step may take before we call it a livelock.
const RECONCILE_ROUNDS_MAX: usize = 16;

/// The engine version every simulated node reports (Docker 24, the seeds' era).
pub const ENGINE_VERSION: &str = "24.0.7";

/// The cluster a simulation starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Nodes present at time zero, in join order. The first manager is the Raft leader.
    pub nodes: Vec<NodeSpec>,
}

impl Default for Config {
    /// manager1 (leader), worker1 and worker2, each with 2 CPUs and 4 GiB: the tutorials' lab.
    fn default() -> Config {
        let node = |hostname: &str, role| NodeSpec {
            hostname: hostname.to_string(),
            role,
            resources: Resources { nano_cpus: 2_000_000_000, memory_bytes: 4 << 30 },
        };
        Config {
            nodes: vec![
                node("manager1", NodeRole::Manager),
                node("worker1", NodeRole::Worker),
                node("worker2", NodeRole::Worker),
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
    dirty_services: BTreeSet<ServiceId>,
    scheduler_armed: bool,
    /// `Store::scheduling_epoch` when the scheduler last ran: no pass is armed until it moves,
    /// so tasks that fit nowhere do not spin the clock.
    scheduler_seen_epoch: u64,
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
            dirty_services: BTreeSet::new(),
            scheduler_armed: false,
            scheduler_seen_epoch: 0,
        };
        let mut leader_chosen = false;
        for spec in config.nodes {
            let id = NodeId(orchestrator::fresh_id(&cluster.store, &mut cluster.rng));
            let manager = (spec.role == NodeRole::Manager).then(|| {
                let leader = !leader_chosen;
                leader_chosen = true;
                ManagerStatus { leader, reachability: Reachability::Reachable }
            });
            let node = Node {
                id,
                hostname: spec.hostname,
                role: spec.role,
                state: NodeState::Ready,
                availability: Availability::Active,
                manager,
                resources: spec.resources,
                engine_version: ENGINE_VERSION,
            };
            cluster.store.insert_node(SimTime::ZERO, node);
        }
        cluster.commit();
        cluster
    }

    /// The simulated time of the last input.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Applies one user command at `now`. On error nothing has changed.
    pub fn handle_command(&mut self, now: SimTime, command: Command) -> Result<(), CommandError> {
        if now < self.now {
            return Err(CommandError::TimeWentBackwards);
        }
        match &command {
            Command::CreateService(spec) => self.validate_create(spec)?,
        }
        self.now = now;
        match command {
            Command::CreateService(spec) => self.create_service(spec),
        }
        self.commit();
        Ok(())
    }

    /// Fires every wake-up due at or before `now`, in order. A spurious call does nothing.
    pub fn handle_timeout(&mut self, now: SimTime) {
        assert!(now >= self.now, "handle_timeout went back in time: {now} < {}", self.now);
        self.now = now;
        while let Some((_, wakeup)) = self.timers.pop_due(now) {
            match wakeup {
                Wakeup::SchedulerPass => {
                    self.scheduler_armed = false;
                    self.scheduler_seen_epoch = self.store.scheduling_epoch();
                    for task in scheduler::schedule(&mut self.store, now) {
                        let at = agent::first_step_at(now, &mut self.rng);
                        self.timers.arm(at, Wakeup::AgentStep(task));
                    }
                }
                Wakeup::AgentStep(task) => {
                    let step = agent::step(&mut self.store, task, now, &mut self.rng);
                    if let Some(at) = step.next_at {
                        self.timers.arm(at, Wakeup::AgentStep(task));
                    }
                }
            }
        }
        self.commit();
    }

    /// When the cluster next wants `handle_timeout`, and why. Changes only after an input.
    pub fn poll_timeout(&self) -> Option<(SimTime, Wakeup)> {
        self.timers.next()
    }

    /// The next event, oldest first.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// A plain-data copy of everything a view needs.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::of(&self.store, self.now)
    }

    fn validate_create(&self, spec: &ServiceSpec) -> Result<(), CommandError> {
        spec.validate()?;
        if self.store.services().any(|s| s.spec.name == spec.name) {
            return Err(CommandError::NameConflict(spec.name.clone()));
        }
        Ok(())
    }

    fn create_service(&mut self, spec: ServiceSpec) {
        let id = ServiceId(orchestrator::fresh_id(&self.store, &mut self.rng));
        let service = Service { id, spec, version: 1, created_at: self.now, updated_at: self.now };
        self.store.insert_service(self.now, service);
        self.dirty_services.insert(id);
    }

    /// Reconciles to a fixed point, arms the scheduler if needed and publishes events.
    fn commit(&mut self) {
        let now = self.now;
        let mut rounds = 0;
        loop {
            rounds += 1;
            assert!(
                rounds <= RECONCILE_ROUNDS_MAX,
                "reconcile did not settle in {RECONCILE_ROUNDS_MAX} rounds"
            );
            let mut wrote = orchestrator::reconcile(
                &mut self.store,
                &mut self.dirty_services,
                &mut self.rng,
                now,
            );
            wrote |= allocator::allocate(&mut self.store, now);
            if !wrote {
                break;
            }
        }
        if !self.scheduler_armed && self.has_schedulable_work() {
            self.scheduler_armed = true;
            self.timers.arm(now + scheduler::COMMIT_DEBOUNCE, Wakeup::SchedulerPass);
        }
        self.events.extend(self.store.drain_events());
        if cfg!(any(test, debug_assertions))
            && let Err(violation) = invariants::check(&self.store, now, self.timers.next())
        {
            panic!("invariant violated at {now}: {violation}");
        }
    }

    /// Whether a scheduler pass could place something it could not place last time.
    fn has_schedulable_work(&self) -> bool {
        self.store.scheduling_epoch() != self.scheduler_seen_epoch
            && !self.store.unassigned().is_empty()
            && self.store.nodes().any(Node::accepts_new_tasks)
    }
}

/// Fires every wake-up due at or before `until`, each at its own instant, handing every event
/// to `sink`; then moves the clock to `until`.
pub fn advance_to(cluster: &mut Cluster, until: SimTime, sink: &mut impl FnMut(Event)) {
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
    while let Some(event) = cluster.poll_event() {
        sink(event);
    }
}
