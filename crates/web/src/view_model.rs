//! View models: what each component shows, derived from a snapshot. Pure, no web APIs.
//!
//! Components take these (cheap to clone, comparable) and never look at the core's types, so
//! what is on screen is a function of (snapshot, clock) that native tests can check. The page
//! keeps them up to date from events (`live_view`); `ClusterVm::with_history`, from a whole
//! snapshot, is the reference it is tested against.

use std::collections::BTreeMap;
use std::rc::Rc;

use swarm_core::{
    Availability, NodeId, NodeRole, NodeState, NodeView, ServiceId, SimDuration, SimTime,
    SlotPhase, Snapshot, TaskState, TaskView, UpdateConfig, UpdateProgress, UpdateSlot,
    UpdateStatus,
};
use swarm_shell::parse::values::format_go_duration;
use yew::AttrValue;

use crate::actions::UpdateConfigForm;

/// How long a stopped task's chip stays on screen, fading, before it leaves.
pub const STOPPED_CHIP_LINGER: SimDuration = SimDuration::from_secs(3);

#[derive(Debug, Clone, PartialEq)]
pub struct TaskChipVm {
    /// `web.1`.
    pub name: AttrValue,
    /// The image's tag (`1.25`; `latest` when none), shown on the chip.
    pub tag: AttrValue,
    /// The service's hue on the colour wheel: chips of one service share a colour mark (their
    /// names say the same in text).
    pub service_hue: u32,
    /// A stopped task shown only in the board's history (`docker service ps`'s `\_` rows).
    pub history: bool,
    /// Lower-case docker state name: `pending`, `running`, ...
    pub state: &'static str,
    pub image: AttrValue,
    pub id_short: AttrValue,
    /// The manager wants it stopped but nobody has reported it stopped (its node is down).
    pub stale: bool,
    /// The error docker shows for it, if any.
    pub err: Option<AttrValue>,
    /// Where its slot stands in a running update (`done`, `in-flight`, `waiting`), for the
    /// tasks the manager wants running.
    pub update: Option<&'static str>,
    /// The scheduler no longer retries it (a pending task of an older spec; SwarmKit's
    /// moby/moby#53722): it stays pending even when a node comes free.
    pub stuck: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodeCardVm {
    pub id: NodeId,
    pub hostname: AttrValue,
    /// `Leader`, `Manager` or `Worker`.
    pub role: &'static str,
    pub status: &'static str,
    pub availability: &'static str,
    pub down: bool,
    pub active: bool,
    pub powered: bool,
    /// The machine's engine left the swarm (`docker swarm leave`): its daemon still runs.
    pub left_swarm: bool,
    /// `0.5 / 2 CPUs`: what the scheduler has booked of the node, and its size.
    pub cpus: AttrValue,
    /// `512 MiB / 4 GiB`.
    pub memory: AttrValue,
    /// `zone=a`, in key order.
    pub labels: Vec<AttrValue>,
    /// Stopped tasks, with the history on.
    pub history: Vec<TaskChipVm>,
    pub chips: Vec<TaskChipVm>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceVm {
    pub id: ServiceId,
    pub name: AttrValue,
    pub global: bool,
    pub image: AttrValue,
    /// `--update-*` as the settings form shows them.
    pub update_config: UpdateConfigForm,
    /// Tasks running that the manager wants running.
    pub running: u32,
    pub desired: u32,
    /// The update status docker shows (`updating`, `paused`, `rollback_completed`, ...), what
    /// the page says of it (with slots done while it runs), and SwarmKit's message.
    pub update: Option<UpdateVm>,
}

/// A service's update, as the services panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateVm {
    pub state: AttrValue,
    pub label: AttrValue,
    pub message: AttrValue,
    /// While a run goes on: the batch, when the next one starts, and the failures against
    /// the ratio that stops the update.
    pub detail: Option<AttrValue>,
}

/// Everything the cluster view shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClusterVm {
    /// The managers have a leader (a quorum).
    pub leader: bool,
    pub services: Vec<ServiceVm>,
    /// Tasks the scheduler has not placed yet (new, pending).
    pub unassigned: Vec<TaskChipVm>,
    /// Shared: a card nothing changed stays the same object from one view to the next.
    pub nodes: Vec<Rc<NodeCardVm>>,
}

/// Each updating service's slots by phase, built once per view.
pub(crate) type UpdatePhases = BTreeMap<ServiceId, BTreeMap<UpdateSlot, SlotPhase>>;

/// Stopped tasks a node card shows at most with the history on; the rest are counted.
pub const HISTORY_PER_NODE: usize = 20;

/// Hues far apart for neighbouring services, none of them the red of failure or the green
/// of running (the states' colours); the ninth service takes the first again.
const SERVICE_HUES: [u32; 8] = [205, 275, 35, 180, 315, 55, 240, 160];

pub(crate) fn service_hue(index: usize) -> u32 {
    SERVICE_HUES[index % SERVICE_HUES.len()]
}

/// `nginx:1.25` → `1.25`; `nginx` → `latest`; a digest is cut short.
fn image_tag(image: &str) -> &str {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    match last.split_once(':') {
        Some((_, tag)) => tag,
        None if image.contains('@') => "digest",
        None => "latest",
    }
}

/// The phase of `task`'s slot in its service's running update, from a view's phases.
pub(crate) fn phase_of(task: &TaskView, phases: &UpdatePhases) -> Option<SlotPhase> {
    phases.get(&task.service)?.get(&UpdateSlot::of_task(task.slot, task.node)).copied()
}

/// A task's chip; `phase`: its slot's phase in a running update, if any.
pub(crate) fn chip(
    task: &TaskView,
    phase: Option<SlotPhase>,
    hues: &BTreeMap<ServiceId, u32>,
) -> TaskChipVm {
    // Only the tasks the manager wants running carry their slot's mark.
    let update = phase.filter(|_| task.desired <= TaskState::Running).map(|phase| match phase {
        SlotPhase::Done => "done",
        SlotPhase::InFlight => "in-flight",
        SlotPhase::Waiting => "waiting",
    });
    TaskChipVm {
        name: task.name().into(),
        tag: AttrValue::from(image_tag(&task.image).to_string()),
        service_hue: hues.get(&task.service).copied().unwrap_or(0),
        history: false,
        state: task.state.as_str(),
        image: task.image.clone().into(),
        id_short: task.id.0.short().to_string().into(),
        stale: task.desired > TaskState::Running && task.state <= TaskState::Running,
        err: task.err.clone().map(AttrValue::from),
        update,
        stuck: task.stuck,
    }
}

/// `batch 1/2 · next batch in 7s · 1 failure (25%; pause above 50%)`.
fn update_detail(progress: &UpdateProgress, now: swarm_core::SimTime) -> String {
    let (batch, batches) = progress.batch();
    let mut parts = vec![format!("batch {batch}/{batches}")];
    if let Some(at) = progress.next_slot_at {
        let wait = at.saturating_since(now);
        // Whole seconds, rounded up: "in 0s" would read as "now" while a worker still sleeps.
        parts.push(format!("next batch in {}s", wait.as_millis().div_ceil(1000)));
    }
    if progress.failures > 0 {
        let plural = if progress.failures == 1 { "" } else { "s" };
        parts.push(format!(
            "{} failure{plural} ({:.0}% of {:.0}% allowed)",
            progress.failures,
            progress.failure_ratio() * 100.0,
            progress.max_failure_ratio.0 * 100.0,
        ));
    }
    parts.join(" · ")
}

/// Whether a task has a chip: it is not stopped (as far as anyone knows), or it stopped only
/// moments ago and its chip is fading out.
fn is_shown(task: &TaskView, snapshot: &Snapshot) -> bool {
    task.state <= TaskState::Running
        || snapshot.now.saturating_since(task.since) < STOPPED_CHIP_LINGER
}

impl ClusterVm {
    /// One pass over the tasks, however many nodes and services there are: the page must stay
    /// instant at 1 000 nodes and 10 000 tasks, where a walk of every task per node would be
    /// ten million steps a frame.
    pub fn of(snapshot: &Snapshot) -> ClusterVm {
        ClusterVm::with_history(snapshot, false)
    }

    /// `of`, and with `history` each node card also shows its stopped tasks (the first
    /// `HISTORY_PER_NODE` in `docker service ps` order: by service, slot, newest first).
    pub fn with_history(snapshot: &Snapshot, history: bool) -> ClusterVm {
        let hues: BTreeMap<ServiceId, u32> =
            snapshot.services.iter().enumerate().map(|(i, s)| (s.id, service_hue(i))).collect();
        let mut history_by_node: BTreeMap<NodeId, Vec<TaskChipVm>> = BTreeMap::new();
        let phases: UpdatePhases = snapshot
            .services
            .iter()
            .filter_map(|s| Some((s.id, s.update_progress.as_ref()?.phases())))
            .collect();
        // Live replicas per service: what a learner means by "running". (docker service ls
        // counts every task observed running, including stale ones on a down node.)
        let mut running: BTreeMap<ServiceId, u32> = BTreeMap::new();
        let mut chips_by_node: BTreeMap<NodeId, Vec<TaskChipVm>> = BTreeMap::new();
        let mut unassigned = Vec::new();
        for task in &snapshot.tasks {
            if task.state == TaskState::Running && task.desired <= TaskState::Running {
                *running.entry(task.service).or_default() += 1;
            }
            if !is_shown(task, snapshot) {
                if let (true, Some(node)) = (history, task.node) {
                    let shown = history_by_node.entry(node).or_default();
                    if shown.len() < HISTORY_PER_NODE {
                        shown.push(TaskChipVm {
                            history: true,
                            ..chip(task, phase_of(task, &phases), &hues)
                        });
                    }
                }
                continue;
            }
            match task.node {
                Some(node) => chips_by_node.entry(node).or_default().push(chip(
                    task,
                    phase_of(task, &phases),
                    &hues,
                )),
                None if task.desired <= TaskState::Running => {
                    unassigned.push(chip(task, phase_of(task, &phases), &hues))
                }
                None => {}
            }
        }
        let services = snapshot
            .services
            .iter()
            .map(|s| {
                let facts = ServiceFacts {
                    id: s.id,
                    name: &s.name,
                    global: s.global,
                    image: &s.image,
                    config: &s.update_config,
                    status: s.update_status.as_ref(),
                    progress: s.update_progress.as_ref(),
                };
                let running = running.get(&s.id).copied().unwrap_or(0);
                service_row(&facts, s.replicas_desired, running, snapshot.now)
            })
            .collect();
        let nodes = snapshot
            .nodes
            .iter()
            .map(|n| {
                let chips = chips_by_node.remove(&n.id).unwrap_or_default();
                let history = history_by_node.remove(&n.id).unwrap_or_default();
                Rc::new(node_card(n, chips, history))
            })
            .collect();
        ClusterVm { leader: snapshot.leader.is_some(), services, unassigned, nodes }
    }
}

/// What a service row shows of a service, wherever it comes from (a snapshot's view, or the
/// cluster's record).
pub(crate) struct ServiceFacts<'a> {
    pub id: ServiceId,
    pub name: &'a str,
    pub global: bool,
    pub image: &'a str,
    pub config: &'a UpdateConfig,
    pub status: Option<&'a UpdateStatus>,
    pub progress: Option<&'a UpdateProgress>,
}

/// A service's row: `desired` replicas (for a global service, the tasks desired running) and
/// `running`, the live ones.
pub(crate) fn service_row(
    s: &ServiceFacts<'_>,
    desired: u32,
    running: u32,
    now: SimTime,
) -> ServiceVm {
    ServiceVm {
        id: s.id,
        name: AttrValue::from(s.name.to_string()),
        global: s.global,
        image: AttrValue::from(s.image.to_string()),
        update_config: UpdateConfigForm {
            parallelism: s.config.parallelism.to_string(),
            delay: format_go_duration(s.config.delay.as_millis()),
            order: s.config.order.as_str().to_string(),
            failure_action: s.config.failure_action.as_str().to_string(),
            monitor: format_go_duration(s.config.monitor.as_millis()),
            max_failure_ratio: s.config.max_failure_ratio.0.to_string(),
        },
        running,
        desired,
        update: s.status.map(|u| {
            let mut label = u.state.as_str().replace('_', " ");
            // While a run goes on: how many of its slots are done.
            if let Some(p) = s.progress {
                label.push_str(&format!(" {}/{}", p.done.len(), p.dirty_slots));
            }
            UpdateVm {
                state: AttrValue::from(u.state.as_str()),
                label: label.into(),
                message: AttrValue::from(u.message.clone()),
                detail: s.progress.map(|p| update_detail(p, now).into()),
            }
        }),
    }
}

/// A node's card, with its chips.
pub(crate) fn node_card(
    n: &NodeView,
    chips: Vec<TaskChipVm>,
    history: Vec<TaskChipVm>,
) -> NodeCardVm {
    NodeCardVm {
        id: n.id,
        hostname: n.hostname.clone().into(),
        role: match (n.role, n.leader) {
            (NodeRole::Manager, Some(true)) => "Leader",
            (NodeRole::Manager, _) => "Manager",
            (NodeRole::Worker, _) => "Worker",
        },
        status: capitalized(n.state.as_str()),
        availability: capitalized(n.availability.as_str()),
        down: n.state == NodeState::Down,
        active: n.availability == Availability::Active,
        powered: n.powered,
        left_swarm: n.left_swarm,
        cpus: format!("{} / {} CPUs", n.reserved_nano_cpus as f64 / 1e9, n.nano_cpus as f64 / 1e9)
            .into(),
        memory: format!(
            "{} / {}",
            memory_text(n.reserved_memory_bytes),
            memory_text(n.memory_bytes)
        )
        .into(),
        labels: n.labels.iter().map(|(k, v)| AttrValue::from(format!("{k}={v}"))).collect(),
        chips,
        history,
    }
}

/// `4 GiB`, `512 MiB`, `0 B`: binary units, whole where the size is.
fn memory_text(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} B")
}

fn capitalized(word: &'static str) -> &'static str {
    match word {
        "ready" => "Ready",
        "down" => "Down",
        "unknown" => "Unknown",
        "disconnected" => "Disconnected",
        "active" => "Active",
        "pause" => "Pause",
        "drain" => "Drain",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_core::{Cluster, Command, Config, ServiceSpec, SimTime, advance_to};

    fn fail_first_running(cluster: &mut Cluster) {
        let snapshot = cluster.snapshot();
        let task = snapshot.tasks.iter().find(|t| t.state == TaskState::Running).unwrap();
        let command = Command::FailTask { task: task.id, exit_code: 1 };
        cluster.handle_command(cluster.now(), command).unwrap();
    }

    #[test]
    fn a_failed_chip_lingers_then_leaves() {
        let mut cluster = Cluster::new(Config::default(), 1);
        let spec = ServiceSpec::replicated("web", "nginx:latest", 1);
        cluster.handle_command(SimTime::ZERO, Command::CreateService(spec)).unwrap();
        advance_to(&mut cluster, SimTime::from_secs(10), &mut |_| {});
        fail_first_running(&mut cluster);
        let states = |c: &Cluster| {
            let vm = ClusterVm::of(&c.snapshot());
            let mut s: Vec<&str> =
                vm.nodes.iter().flat_map(|n| n.chips.iter().map(|c| c.state)).collect();
            s.extend(vm.unassigned.iter().map(|c| c.state));
            s.sort();
            s
        };
        assert!(states(&cluster).contains(&"failed"));
        advance_to(&mut cluster, SimTime::from_secs(14), &mut |_| {});
        assert!(!states(&cluster).contains(&"failed"), "{:?}", states(&cluster));
    }

    fn cluster_at(ms: u64) -> Snapshot {
        let mut cluster = Cluster::new(Config::default(), 1);
        let spec = ServiceSpec::replicated("web", "nginx:latest", 4);
        cluster.handle_command(SimTime::ZERO, Command::CreateService(spec)).unwrap();
        advance_to(&mut cluster, SimTime::from_millis(ms), &mut |_| {});
        cluster.snapshot()
    }

    #[test]
    fn a_running_update_marks_each_slot_and_tells_the_next_batch() {
        let mut cluster = Cluster::new(Config::default(), 1);
        let spec = ServiceSpec::replicated("web", "nginx:latest", 4);
        cluster.handle_command(SimTime::ZERO, Command::CreateService(spec.clone())).unwrap();
        advance_to(&mut cluster, SimTime::from_secs(10), &mut |_| {});
        let service = cluster.snapshot().services[0].id;
        let mut next = spec;
        next.image = "nginx:1.25".into();
        next.update.parallelism = 2;
        next.update.delay = SimDuration::from_secs(10);
        let command = Command::UpdateService { service, spec: next };
        cluster.handle_command(SimTime::from_secs(10), command).unwrap();
        let marks = |vm: &ClusterVm| {
            let mut marks: Vec<(String, &str)> = vm
                .nodes
                .iter()
                .flat_map(|n| &n.chips)
                .chain(&vm.unassigned)
                .filter_map(|c| Some((c.name.to_string(), c.update?)))
                .collect();
            marks.sort();
            marks
        };

        // Slots 1 and 2 are being replaced (old and new task alike); 3 and 4 wait their turn.
        let vm = ClusterVm::of(&cluster.snapshot());
        let update = vm.services[0].update.clone().unwrap();
        assert_eq!(
            (update.label.as_str(), update.detail.as_deref()),
            ("updating 0/4", Some("batch 1/2"))
        );
        let in_flight = marks(&vm).iter().filter(|(_, m)| *m == "in-flight").count();
        assert_eq!(in_flight, 2, "{:?}", marks(&vm));
        let waiting: Vec<String> =
            marks(&vm).into_iter().filter(|(_, m)| *m == "waiting").map(|(n, _)| n).collect();
        assert_eq!(waiting, ["web.3", "web.4"]);

        // Once both new tasks run, their slots are done and the workers sleep the delay.
        advance_to(&mut cluster, SimTime::from_secs(15), &mut |_| {});
        let vm = ClusterVm::of(&cluster.snapshot());
        let update = vm.services[0].update.clone().unwrap();
        assert_eq!(update.label, "updating 2/4");
        let detail = update.detail.unwrap();
        assert!(detail.starts_with("batch 1/2 · next batch in "), "{detail}");
        let done: Vec<String> =
            marks(&vm).into_iter().filter(|(_, m)| *m == "done").map(|(n, _)| n).collect();
        assert_eq!(done, ["web.1", "web.2"]);
    }

    #[test]
    fn a_pending_task_the_scheduler_gave_up_on_is_marked_stuck() {
        let mut cluster = Cluster::new(Config::default(), 1);
        let mut spec = ServiceSpec::replicated("web", "nginx:latest", 1);
        spec.constraints = vec!["node.labels.zone==b".into()];
        cluster.handle_command(SimTime::ZERO, Command::CreateService(spec.clone())).unwrap();
        advance_to(&mut cluster, SimTime::from_secs(5), &mut |_| {});
        let stuck = |c: &Cluster| ClusterVm::of(&c.snapshot()).unassigned.iter().any(|c| c.stuck);
        assert!(!stuck(&cluster), "a task of the current spec is retried");

        // A new spec version that leaves the task as it is, then a scheduling pass.
        let service = cluster.snapshot().services[0].id;
        let mut next = spec;
        next.update.delay = SimDuration::from_secs(3);
        let update = Command::UpdateService { service, spec: next.clone() };
        cluster.handle_command(SimTime::from_secs(5), update).unwrap();
        let node = cluster.snapshot().nodes[1].id;
        let label = vec![("rack".to_string(), "1".to_string())];
        let command = Command::UpdateNodeLabels { node, add: label, remove: Vec::new() };
        cluster.handle_command(SimTime::from_secs(6), command).unwrap();
        advance_to(&mut cluster, SimTime::from_secs(8), &mut |_| {});
        assert!(stuck(&cluster));

        // `--force` replaces it with a task of the current spec.
        next.force_update += 1;
        let force = Command::UpdateService { service, spec: next };
        cluster.handle_command(SimTime::from_secs(8), force).unwrap();
        advance_to(&mut cluster, SimTime::from_secs(12), &mut |_| {});
        assert!(!stuck(&cluster));
    }

    #[test]
    fn before_scheduling_every_chip_waits_unassigned() {
        let vm = ClusterVm::of(&cluster_at(0));
        assert_eq!(vm.unassigned.len(), 4);
        assert!(vm.unassigned.iter().all(|c| c.state == "pending"));
        assert!(vm.nodes.iter().all(|n| n.chips.is_empty()));
        assert_eq!(vm.services[0].running, 0);
    }

    #[test]
    fn chips_carry_their_tag_and_service_colour_and_history_shows_stopped_tasks() {
        let mut cluster = Cluster::new(Config::default(), 1);
        for (name, image) in [("web", "nginx:1.25"), ("cache", "redis")] {
            let spec = ServiceSpec::replicated(name, image, 1);
            cluster.handle_command(SimTime::ZERO, Command::CreateService(spec)).unwrap();
        }
        advance_to(&mut cluster, SimTime::from_secs(10), &mut |_| {});
        fail_first_running(&mut cluster);
        advance_to(&mut cluster, SimTime::from_secs(30), &mut |_| {});
        let snapshot = cluster.snapshot();
        let chips = |vm: &ClusterVm| -> Vec<(String, String, u32, bool)> {
            let mut all: Vec<_> = vm
                .nodes
                .iter()
                .flat_map(|n| n.chips.iter().chain(&n.history))
                .map(|c| (c.name.to_string(), c.tag.to_string(), c.service_hue, c.history))
                .collect();
            all.sort();
            all
        };
        let live = chips(&ClusterVm::of(&snapshot));
        assert_eq!(
            live,
            [
                ("cache.1".to_string(), "latest".to_string(), 205, false),
                ("web.1".to_string(), "1.25".to_string(), 275, false),
            ]
        );
        let with_history = chips(&ClusterVm::with_history(&snapshot, true));
        assert_eq!(with_history.len(), 3, "{with_history:?}");
        assert_eq!(with_history.iter().filter(|c| c.3).count(), 1, "the failed task");
        assert_eq!(image_tag("registry:5000/team/app"), "latest");
        assert_eq!(image_tag("nginx@sha256:abc"), "digest");
    }

    #[test]
    fn node_cards_show_what_the_scheduler_booked() {
        let mut cluster = Cluster::new(Config::default(), 1);
        let mut spec = ServiceSpec::replicated("db", "nginx:latest", 1);
        spec.reservations.nano_cpus = 500_000_000;
        spec.reservations.memory_bytes = 1536 << 20;
        spec.constraints = vec!["node.hostname==worker1".into()];
        cluster.handle_command(SimTime::ZERO, Command::CreateService(spec)).unwrap();
        let node = cluster.snapshot().nodes[1].id;
        let label = vec![("zone".to_string(), "a".to_string())];
        let command = Command::UpdateNodeLabels { node, add: label, remove: Vec::new() };
        cluster.handle_command(SimTime::ZERO, command).unwrap();
        advance_to(&mut cluster, SimTime::from_secs(10), &mut |_| {});
        let vm = ClusterVm::of(&cluster.snapshot());
        let worker1 = &vm.nodes[1];
        assert_eq!(worker1.cpus, "0.5 / 2 CPUs");
        assert_eq!(worker1.memory, "1.5 GiB / 4 GiB");
        assert_eq!(worker1.labels, [AttrValue::from("zone=a")]);
    }

    #[test]
    fn after_ten_seconds_chips_run_on_nodes_and_the_leader_is_marked() {
        let vm = ClusterVm::of(&cluster_at(10_000));
        assert!(vm.unassigned.is_empty());
        let per_node: Vec<(&str, usize)> =
            vm.nodes.iter().map(|n| (n.hostname.as_str(), n.chips.len())).collect();
        assert_eq!(per_node.iter().map(|(_, n)| n).sum::<usize>(), 4);
        assert!(per_node.iter().all(|(_, n)| *n >= 1), "spread over all nodes: {per_node:?}");
        assert!(vm.nodes.iter().flat_map(|n| &n.chips).all(|c| c.state == "running"));
        assert_eq!(vm.nodes[0].role, "Leader");
        assert_eq!(vm.nodes[1].role, "Worker");
        assert_eq!(vm.nodes[0].cpus, "0 / 2 CPUs");
        assert_eq!(vm.nodes[0].memory, "0 B / 4 GiB");
        assert!(vm.nodes[0].labels.is_empty());
        assert_eq!((vm.services[0].running, vm.services[0].desired), (4, 4));
    }
}
