//! The seeded simulation harness (VOPR-style): random swarms, random commands and faults,
//! invariants after every step, then healing and a liveness check; and time travel on the
//! same runs.
//!
//! The seed picks the configuration too (node count and sizes, the service mix, fault rates), so
//! a few hundred seeds cover many shapes of swarm ("swarm testing"). The core checks its safety
//! invariants after every step in test builds; this harness adds what only an outside observer
//! can check: a rejected command changes nothing, time never goes back, after healing every
//! healthy service converges, and going back to any earlier moment shows exactly what was live
//! then.

use std::collections::BTreeSet;
use std::fmt::Write;

use swarm_core::rng::Rng;
use swarm_core::{
    Availability, Behavior, Command, Config, FailureAction, FailureRatio, ImageSpec, LogDriver,
    NodeRole, PortConfig, Protocol, PublishMode, PullOptions, Resources, RestartCondition,
    ServiceSpec, SimDuration, SimTime, Snapshot, TaskDefaults, TaskState, UpdateOrder,
};
use swarm_shell::{Scenario, Session};

use crate::Tracer;

/// How one run is shaped, drawn from its seed.
#[derive(Debug, Clone)]
pub struct Options {
    pub nodes: usize,
    pub managers: usize,
    pub steps: usize,
    /// Out of 100: how often a step is a fault (power, drain, failure) rather than a command.
    pub fault_percent: u64,
}

impl Options {
    pub fn from_seed(seed: u64, steps: usize) -> Options {
        let mut rng = Rng::new(seed ^ 0x5eed_5eed);
        let nodes = rng.range_inclusive(1, 7) as usize;
        Options {
            nodes,
            managers: rng.range_inclusive(1, nodes.min(3) as u64) as usize,
            steps,
            fault_percent: rng.range_inclusive(10, 50),
        }
    }
}

/// The most services and nodes a run keeps: past them a new service takes an old one's
/// place and no node is added. A long run then explores a long history rather than an
/// ever larger swarm (whose cost would grow with the square of its steps: more services on
/// more nodes, each busy all the time); large swarms are the benches' and the limits' tests.
pub const SERVICES_MAX: usize = 20;
pub const NODES_MAX: usize = 16;

/// Images the harness uses: healthy ones from the catalog, and troublemakers.
const HEALTHY: [&str; 4] = ["nginx:latest", "alpine:3.7", "redis:latest", "registry:latest"];
const TROUBLE: [&str; 3] = ["nginx:nope", "mysql:5.6", "crashy:1"];

/// What a run did: its trace, for the determinism check, and the moments it kept to look at
/// again.
pub struct Outcome {
    pub trace: String,
    pub session: Session,
    pub moments: Vec<Moment>,
}

/// What was live at one moment of a run: what going back to it must show again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub at: SimTime,
    pub snapshot: Snapshot,
    /// `docker service ps` of every service, and `docker node ls` from the shell's node.
    pub text: String,
}

impl Moment {
    /// The session's playhead as a moment.
    pub fn of(session: &Session) -> Moment {
        let snapshot = session.snapshot();
        let names: Vec<&str> = snapshot.services.iter().map(|s| s.name.as_str()).collect();
        let mut text = String::new();
        if !names.is_empty() {
            text.push_str(&swarm_shell::service_ps(&snapshot, &names));
        }
        text.push_str(&swarm_shell::node_ls(&snapshot, snapshot.nodes.first().map(|n| n.id)));
        Moment { at: session.now(), snapshot, text }
    }
}

/// The swarm a seed draws.
fn scenario(rng: &mut Rng, options: &Options) -> Scenario {
    let mut config = Config { nodes: Vec::new() };
    for i in 0..options.nodes {
        let role = if i < options.managers { NodeRole::Manager } else { NodeRole::Worker };
        let name = if role == NodeRole::Manager {
            format!("manager{}", i + 1)
        } else {
            format!("worker{}", i + 1)
        };
        let mut spec = Config::lab_node(&name, role);
        spec.resources = Resources {
            nano_cpus: rng.range_inclusive(1, 8) * 1_000_000_000,
            memory_bytes: rng.range_inclusive(1, 8) << 30,
        };
        config.nodes.push(spec);
    }
    Scenario { config, ..Scenario::default() }
}

/// Runs one seeded simulation; panics (with the step) on any violation.
pub fn run(seed: u64, options: &Options) -> Outcome {
    let mut rng = Rng::new(seed);
    let mut session = Session::new(scenario(&mut rng, options), seed);
    // `SWARM_TRACE=1` streams the trace to stderr as it happens, for debugging a seed.
    let mut tracer = Tracer::new(std::env::var_os("SWARM_TRACE").is_some());
    tracer.read(&session);
    let crashy = ImageSpec {
        reference: "crashy:1".into(),
        pull: SimDuration::from_millis(400),
        start: SimDuration::from_millis(100),
        behavior: Behavior::Exits { after: SimDuration::from_secs(3), code: 2 },
        require_env: Vec::new(),
        ignores_sigterm: false,
    };
    session.command(Command::AddImage(crashy)).expect("image added");

    let mut moments = Vec::new();
    let mut service_seq = 0;
    for step in 0..options.steps {
        let before = session.snapshot();
        let now = session.now();
        let command = if rng.range_inclusive(1, 100) <= options.fault_percent {
            random_fault(&mut rng, &before)
        } else {
            random_command(&mut rng, &session, &before, &mut service_seq)
        };
        match command {
            Some(command) => {
                let description = format!("{command:?}");
                if let Err(err) = session.command(command) {
                    let after = session.snapshot();
                    assert_eq!(
                        before, after,
                        "step {step}: rejected `{description}` ({err}) changed the cluster"
                    );
                }
            }
            None => {
                // Every input at this instant is in: a moment to come back to, now and then.
                if rng.range_inclusive(0, 9) == 0 {
                    moments.push(Moment::of(&session));
                }
                let by = SimDuration::from_millis(rng.range_inclusive(50, 30_000));
                session.advance_to(now + by);
            }
        }
        tracer.read(&session);
        assert!(session.now() >= now, "step {step}: time went back");
    }

    // Liveness: heal every machine, let the managers elect a leader, then every node.
    let snapshot = session.snapshot();
    for node in snapshot.nodes.iter().filter(|n| !n.powered) {
        session.command(Command::PowerOnNode(node.id)).expect("power on");
    }
    for node in snapshot.nodes.iter().filter(|n| n.left_swarm) {
        session.command(Command::JoinSwarm(node.id)).expect("join again");
    }
    session.advance_by(SimDuration::from_secs(60));
    tracer.read(&session);
    for node in snapshot.nodes.iter().filter(|n| n.availability != Availability::Active) {
        let command =
            Command::SetAvailability { node: node.id, availability: Availability::Active };
        session.command(command).expect("activate, with a leader elected");
    }
    session.advance_by(SimDuration::from_secs(15 * 60));
    tracer.read(&session);
    let snapshot = session.snapshot();
    assert!(snapshot.leader.is_some(), "no leader after every machine was powered on");
    if let Some((service, reason)) = pending(&snapshot) {
        let table = swarm_shell::service_ps(&snapshot, &[service.as_str()]);
        let lines: Vec<&str> =
            tracer.trace.text().lines().filter(|l| l.contains(&format!(" {service}"))).collect();
        let tail = lines[lines.len().saturating_sub(40)..].join("\n");
        panic!("no convergence after healing: {reason}\n{table}\n{tail}");
    }
    Outcome { trace: tracer.trace.take(), session, moments }
}

/// Time travel on a finished run: going back to each moment it kept shows what was live
/// then; continuing from one of them (a rewind) keeps every invariant and plays the same way
/// twice. Panics on any difference.
pub fn time_travel(seed: u64, outcome: &Outcome) {
    let mut session = outcome.session.clone();
    let mut rng = Rng::new(seed ^ 0x7469_6d65);
    // In a random order, so that some go back and some go forward from the playhead.
    let mut moments: Vec<&Moment> = outcome.moments.iter().collect();
    for i in (1..moments.len()).rev() {
        moments.swap(i, rng.range_inclusive(0, i as u64) as usize);
    }
    for moment in &moments {
        session.seek(moment.at);
        let seen = Moment::of(&session);
        assert_eq!(seen.snapshot, moment.snapshot, "the swarm at {} differs", moment.at);
        assert_eq!(seen.text, moment.text, "the text at {} differs", moment.at);
    }
    // Back to the end: the same swarm as the run left.
    session.seek(outcome.session.head());
    assert_eq!(session.snapshot(), outcome.session.snapshot(), "the end differs after seeking");

    // A branch from a moment (the first input there drops the later ones), twice from the
    // same start: same swarm, same events, same transcript.
    let Some(moment) = moments.first() else { return };
    let branch = |mut session: Session| {
        session.seek(moment.at);
        assert_eq!(session.snapshot(), moment.snapshot, "went back to another swarm");
        let mut rng = Rng::new(seed ^ 0x6272_616e);
        let mut seq = 1000;
        for _ in 0..40 {
            let snapshot = session.snapshot();
            match random_command(&mut rng, &session, &snapshot, &mut seq) {
                Some(command) => {
                    let _ = session.command(command);
                }
                None => {
                    session.advance_by(SimDuration::from_millis(rng.range_inclusive(50, 20_000)))
                }
            }
        }
        session
    };
    let first = branch(outcome.session.clone());
    let second = branch(outcome.session.clone());
    assert_eq!(first.snapshot(), second.snapshot(), "a branch played two ways");
    assert_eq!(first.events(), second.events(), "a branch's events differ");
    assert_eq!(first.transcript_text(), second.transcript_text(), "a branch's transcript differs");
}

/// Why the swarm has not converged, if it has not: a healthy, unconstrained service with fewer
/// running tasks than replicas.
pub fn pending(snapshot: &Snapshot) -> Option<(String, String)> {
    for service in &snapshot.services {
        let healthy = HEALTHY.contains(&service.image.as_str());
        let tasks = snapshot.tasks.iter().filter(|t| t.service == service.id);
        // A task waiting for a node (constraints, resources, max per node) is the user's
        // problem, not a convergence failure; so is one of an older spec version the scheduler
        // gave up on while no node fit (SwarmKit leaves it PENDING until it is written to).
        let unconstrained =
            tasks.clone().all(|t| !(t.state == TaskState::Pending && (t.err.is_some() || t.stuck)));
        // Converged: every slot runs a task. A slot may run two: a start-first update that was
        // cancelled or paused leaves its old task beside the new one, and when both are
        // replaced (node down, constraints) the slot keeps two; SwarmKit settles such a slot
        // only at the next update of the service, and so does the simulator.
        // (A global service's "slot" is its node.)
        let running: BTreeSet<(u32, Option<swarm_core::NodeId>)> = tasks
            .filter(|t| t.state == TaskState::Running && t.desired == TaskState::Running)
            .map(|t| (t.slot, if t.slot == 0 { t.node } else { None }))
            .collect();
        // docker counts a global service's desired tasks, so a node running two counts twice:
        // what must hold is one running task on every node that should run one.
        let replicas = if service.global {
            snapshot
                .tasks
                .iter()
                .filter(|t| t.service == service.id && t.desired == TaskState::Running)
                .filter_map(|t| t.node)
                .collect::<BTreeSet<_>>()
                .len()
        } else {
            service.replicas_desired as usize
        };
        let converged = running.len() == replicas;
        let running = running.len();
        if healthy && unconstrained && service.name.starts_with("any") && !converged {
            let reason = format!(
                "service {} runs {running} of {} replicas",
                service.name, service.replicas_desired
            );
            return Some((service.name.clone(), reason));
        }
    }
    None
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() {
        return None;
    }
    Some(&items[rng.range_inclusive(0, items.len() as u64 - 1) as usize])
}

fn random_command(
    rng: &mut Rng,
    session: &Session,
    snapshot: &Snapshot,
    seq: &mut u32,
) -> Option<Command> {
    match rng.range_inclusive(0, 9) {
        0 | 1 => {
            *seq += 1;
            let healthy = rng.range_inclusive(0, 3) > 0;
            let image = if healthy { *pick(rng, &HEALTHY)? } else { *pick(rng, &TROUBLE)? };
            let condition = *pick(
                rng,
                &[
                    RestartCondition::Any,
                    RestartCondition::Any,
                    RestartCondition::OnFailure,
                    RestartCondition::None,
                ],
            )?;
            let max_attempts =
                if rng.range_inclusive(0, 4) == 0 { rng.range_inclusive(1, 3) } else { 0 };
            // The name says whether the service must converge after healing: only `any*`
            // services (restart any, unlimited attempts) are always replaced.
            let prefix = match condition {
                RestartCondition::Any if max_attempts == 0 => "any",
                RestartCondition::Any => "limited",
                RestartCondition::OnFailure => "onfail",
                RestartCondition::None => "none",
            };
            let mut spec = ServiceSpec::replicated(
                &format!("{prefix}{seq}"),
                image,
                rng.range_inclusive(0, 8) as u32,
            );
            spec.restart.condition = condition;
            spec.restart.delay = SimDuration::from_millis(rng.range_inclusive(0, 5_000));
            spec.restart.max_attempts = max_attempts;
            if rng.range_inclusive(0, 3) == 0 {
                spec.reservations.memory_bytes = rng.range_inclusive(1, 6) << 29;
            }
            match rng.range_inclusive(0, 9) {
                0 => spec.constraints.push("node.role==worker".into()),
                1 => spec
                    .constraints
                    .push(format!("node.labels.zone=={}", pick(rng, &["east", "west"])?)),
                2 => spec.max_replicas_per_node = rng.range_inclusive(1, 2),
                3 => spec.mode = swarm_core::ServiceMode::Global,
                6 => spec.preferences.push("node.labels.zone".into()),
                4 | 5 => {
                    let mode = *pick(rng, &[PublishMode::Ingress, PublishMode::Host])?;
                    let published = *pick(rng, &[0, 80, 8080, 9090])?;
                    spec.ports.push(PortConfig {
                        protocol: Protocol::Tcp,
                        published,
                        target: 80,
                        mode,
                    });
                }
                _ => {}
            }
            if snapshot.services.len() >= SERVICES_MAX {
                return Some(Command::RemoveService(pick(rng, &snapshot.services)?.id));
            }
            Some(Command::CreateService(spec))
        }
        2 | 3 => {
            let service = pick(rng, &snapshot.services)?;
            Some(Command::ScaleService {
                service: service.id,
                replicas: rng.range_inclusive(0, 10) as u32,
            })
        }
        4 => Some(Command::RemoveService(pick(rng, &snapshot.services)?.id)),
        5 if snapshot.nodes.len() >= NODES_MAX => None,
        5 => {
            let n = snapshot.nodes.len() + rng.range_inclusive(0, 1000) as usize;
            let mut spec = Config::lab_node(&format!("extra{n}"), NodeRole::Worker);
            if rng.range_inclusive(0, 1) == 0 {
                spec.labels.insert("zone".into(), pick(rng, &["east", "west"])?.to_string());
            }
            Some(Command::AddNode(spec))
        }
        6 => {
            let node = pick(rng, &snapshot.nodes)?;
            let zone = pick(rng, &["east", "west"])?.to_string();
            Some(Command::UpdateNodeLabels {
                node: node.id,
                add: vec![("zone".into(), zone)],
                remove: Vec::new(),
            })
        }
        7 => {
            // A rolling update: another image (a troublesome one only for services that need
            // not converge), other update settings, sometimes `--force`.
            let service = pick(rng, &snapshot.services)?;
            let mut spec = session.cluster().service_record(service.id)?.spec.clone();
            let images: &[&str] = if service.name.starts_with("any") {
                &HEALTHY
            } else {
                &[HEALTHY[0], TROUBLE[0], TROUBLE[2]]
            };
            spec.image = pick(rng, images)?.to_string();
            spec.update.parallelism = rng.range_inclusive(0, 3);
            spec.update.delay = SimDuration::from_millis(rng.range_inclusive(0, 4) * 1000);
            spec.update.monitor = SimDuration::from_millis(rng.range_inclusive(1, 6) * 1000);
            spec.update.order = *pick(rng, &[UpdateOrder::StopFirst, UpdateOrder::StartFirst])?;
            spec.update.failure_action = *pick(
                rng,
                &[FailureAction::Pause, FailureAction::Continue, FailureAction::Rollback],
            )?;
            spec.update.max_failure_ratio = FailureRatio(*pick(rng, &[0.0, 0.25, 0.5])?);
            spec.rollback.order = *pick(rng, &[UpdateOrder::StopFirst, UpdateOrder::StartFirst])?;
            if rng.range_inclusive(0, 3) == 0 {
                spec.force_update += 1;
            }
            // Sometimes new registry credentials (which redeploy only tasks that have not
            // pulled their image) or another log driver (which redeploys every task).
            match rng.range_inclusive(0, 5) {
                0 => {
                    let token = format!("token{}", rng.range_inclusive(0, 2));
                    spec.pull_options = Some(PullOptions { registry_auth: token });
                }
                1 => {
                    spec.log_driver = pick(rng, &[None, Some(LogDriver::named("syslog"))])?.clone()
                }
                _ => {}
            }
            Some(Command::UpdateService { service: service.id, spec })
        }
        8 if rng.range_inclusive(0, 1) == 0 => {
            Some(Command::RollbackService(pick(rng, &snapshot.services)?.id))
        }
        9 if rng.range_inclusive(0, 7) == 0 => {
            let log_driver = pick(rng, &[None, Some(LogDriver::named("journald"))])?.clone();
            Some(Command::SetTaskDefaults(TaskDefaults { log_driver }))
        }
        // Nothing: let time pass.
        _ => None,
    }
}

fn random_fault(rng: &mut Rng, snapshot: &Snapshot) -> Option<Command> {
    let node = pick(rng, &snapshot.nodes)?;
    match rng.range_inclusive(0, 8) {
        8 if node.left_swarm => Some(Command::JoinSwarm(node.id)),
        8 => Some(Command::LeaveSwarm(node.id)),
        0 => Some(Command::PowerOffNode(node.id)),
        1 => Some(Command::PowerOnNode(node.id)),
        2 => Some(Command::SetAvailability { node: node.id, availability: Availability::Drain }),
        3 => Some(Command::SetAvailability { node: node.id, availability: Availability::Pause }),
        4 => Some(Command::SetAvailability { node: node.id, availability: Availability::Active }),
        5 => Some(Command::RemoveNode { node: node.id, force: rng.range_inclusive(0, 1) == 1 }),
        6 if rng.range_inclusive(0, 1) == 0 => {
            let role = *pick(rng, &[NodeRole::Manager, NodeRole::Worker])?;
            Some(Command::SetRole { node: node.id, role })
        }
        _ => {
            let running: Vec<_> =
                snapshot.tasks.iter().filter(|t| t.state == TaskState::Running).collect();
            let task = pick(rng, &running)?;
            Some(Command::FailTask { task: task.id, exit_code: rng.range_inclusive(0, 2) as i32 })
        }
    }
}

/// A short, stable digest of a text (FNV-1a), for comparing runs.
pub fn digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::new();
    let _ = write!(out, "{hash:016x}");
    out
}

/// Seeds to run: `SWARM_SEED=N` replays one; `SWARM_SEEDS=N` runs N seeds from
/// `SWARM_SEED_BASE` (0 unless set: `cargo xtask soak` sets it to fresh seeds); else `default`.
pub fn seeds_from_env(default: u64) -> Vec<u64> {
    if let Ok(seed) = std::env::var("SWARM_SEED") {
        let seed = seed.trim();
        // A 40-hex commit hash works too (TigerBeetle's trick): its first 16 hex digits.
        let parsed = seed
            .parse::<u64>()
            .ok()
            .or_else(|| u64::from_str_radix(&seed[..seed.len().min(16)], 16).ok());
        return vec![parsed.expect("SWARM_SEED is a number or a hex commit hash")];
    }
    let count = std::env::var("SWARM_SEEDS").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    let base: u64 = std::env::var("SWARM_SEED_BASE").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    (0..count).map(|i| base.wrapping_add(i)).collect()
}
