//! Shared harness for the cross-crate tests: the story language and its runner, transcripts,
//! and the seeded simulation harness.
//!
//! A story is a small script that drives a session with commands (as the page's buttons give
//! them) and time; running it yields its trace, one line per event, plus whatever the script
//! asked to print. Goldens are traces kept next to the stories in `tests/stories/`, and the
//! same goldens are checked natively and in wasm (Node and Chromium): a difference between
//! platforms is a determinism bug.
//!
//! ```text
//! # comment
//! seed 7                                   optional, before anything else (default 1)
//! at 0s create web nginx:latest replicas=4 a command at a simulated time
//! run-until 10s                            fire every wake-up up to that time
//! ps web                                   print `docker service ps web`
//! ```
//!
//! Commands (after `at TIME`), names resolved the way docker resolves them:
//!
//! ```text
//! create NAME IMAGE [replicas=N] [mode=global] [restart=any|on-failure|none] [restart-delay=D]
//!        [max-attempts=N] [window=D] [reserve-cpu=N] [reserve-memory=SIZE] [env=K=V]...
//!        [stop-grace=D] [constraint=EXPR]... [max-per-node=N]
//!        [log-driver=NAME [log-opt=K=V]...] [registry-auth=TOKEN]
//! scale NAME N          rm NAME             rollback NAME
//! update NAME [image=REF] [replicas=N] [env=K=V]... [constraint=EXPR]... [constraint-rm=EXPR]...
//!        [force=1]
//!        [parallelism=N] [delay=D]
//!        [monitor=D] [order=stop-first|start-first] [failure-action=pause|continue|rollback]
//!        [max-failure-ratio=F] [rollback-parallelism=N] [rollback-delay=D]
//!        [rollback-order=…] [rollback-failure-action=…]
//!        [log-driver=NAME [log-opt=K=V]...] [registry-auth=TOKEN]
//!        (the current spec, changed so; `log-driver=` and `registry-auth=` clear them, which
//!        the docker CLI cannot do)
//! task-defaults log-driver=NAME [log-opt=K=V]...   the cluster's default log driver for new
//!                                                  tasks (`log-driver=`: none)
//! node-add HOST [role=manager|worker] [cpus=N] [memory=SIZE] [label.KEY=VALUE]...
//! label HOST KEY=VALUE...                unlabel HOST KEY...
//! promote HOST          demote HOST
//! ```
//!
//! Statements besides `at`: `nodes` prints `docker node ls` (as seen from manager1), `ls`
//! prints `docker service ls`, `progress NAME` prints where a running update stands (slots
//! done, in flight and waiting, the batch, the next slot's time, failures). `create` also takes
//! `port=[PUBLISHED:]TARGET[/PROTO]` (ingress) and `host-port=PUBLISHED:TARGET[/PROTO]`, and
//! `spread=node.labels.KEY` (a placement preference). Times and durations are Go durations
//! (`10s`, `1500ms`, `2m`), sizes docker's (`512m`, `4g`).
//!
//! ```text
//! drain HOST            pause HOST          activate HOST         node-rm HOST [force]
//! kill HOST             start HOST          (power a machine off / on)
//! fail TASK [code=N]    (TASK is `web.1`: the slot's running task)
//! image REF [pull=D] [start=D] [exit-after=D] [code=N] [require-env=NAME]...
//! ```

pub mod harness;
pub mod transcripts;

use swarm_core::{
    Availability, Behavior, Command, Config, FailureAction, FailureRatio, ImageSpec, LogDriver,
    NodeRole, PortConfig, PublishMode, PullOptions, RestartCondition, ServiceSpec, SimDuration,
    SimTime, Snapshot, TaskDefaults, TaskState, Trace, UpdateOrder, UpdateProgress, UpdateSlot,
};
use swarm_shell::parse::values;
use swarm_shell::{Cursor, Scenario, Session};

macro_rules! story {
    ($name:literal) => {
        Story {
            name: $name,
            script: include_str!(concat!("../stories/", $name, ".story")),
            golden: include_str!(concat!("../stories/", $name, ".trace")),
        }
    };
}

/// A story shipped with the tests: its script and its golden trace.
#[derive(Debug, Clone, Copy)]
pub struct Story {
    pub name: &'static str,
    pub script: &'static str,
    pub golden: &'static str,
}

/// Every story in `tests/stories/`, compiled in so wasm tests need no file system (a native
/// test checks that the list and the folder agree).
pub const STORIES: &[Story] = &[
    story!("bad_image"),
    story!("constraint_enforcer_skips_paused_node"),
    story!("constraints"),
    story!("dead_slot_history_deleted_on_reconcile"),
    story!("demote_down_manager"),
    story!("demote_last_manager_refused"),
    story!("demote_leader_hands_over"),
    story!("drain"),
    story!("drain_replacement_waits_at_most_a_minute"),
    story!("global"),
    story!("global_constraint_label_change"),
    story!("global_node_down_and_back"),
    story!("global_node_rm_deletes_tasks"),
    story!("global_pause"),
    story!("global_pause_failure_no_replacement"),
    story!("global_paused_node_skipped_on_create"),
    story!("global_preassigned_pending_bare_error"),
    story!("global_restart_same_node"),
    story!("mysql_env"),
    story!("no_suitable_node_all_unavailable"),
    story!("node_down"),
    story!("node_return_clears_orphan_timer"),
    story!("node_rm_force_orphans_and_restarts"),
    story!("orphan_new_leader"),
    story!("orphaned"),
    story!("pause_keeps_tasks_failure_restarts_elsewhere"),
    story!("pending_placed_when_task_stops"),
    story!("pending_resources"),
    story!("ports"),
    story!("promote_offline"),
    story!("raft"),
    story!("raft_two_managers_no_fault_tolerance"),
    story!("reaper_history_max_attempts_plus_one"),
    story!("restart_any_restarts_complete_and_failed"),
    story!("restart_delay_starts_replacement_later"),
    story!("restart_none_dead_slot_still_counts"),
    story!("restart_none_force_replaces_dead_tasks"),
    story!("restart_none_never_replaces"),
    story!("restart_on_failure"),
    story!("restart_on_failure_after_node_down"),
    story!("restart_policies"),
    story!("restart_window"),
    story!("rollback_global_dead_node_gets_task"),
    story!("rollback_recreates_dead_slots"),
    story!("scale"),
    story!("scale_down_prefers_running_slots"),
    story!("scale_down_removes_unassigned_slot_first"),
    story!("scale_down_unassigned_keeps_lowest_slot"),
    story!("scale_up_reuses_slot_of_removed_task"),
    story!("scheduler_basic_node_changes"),
    story!("scheduler_faulty_node_after_five_failures"),
    story!("scheduler_old_revision_not_retried"),
    story!("scheduler_preassigned_first"),
    story!("service_rm"),
    story!("service_rm_dead_tasks"),
    story!("skeleton"),
    story!("spread"),
    story!("spread_walk"),
    story!("stop_reads_shutdown_after_grace"),
    story!("update_cancelled_by_new_spec"),
    story!("update_failure_continue_ratio"),
    story!("update_failure_pause"),
    story!("update_failure_rollback"),
    story!("update_failures_read_in_order"),
    story!("update_global_dead_task_replaced_on_activate"),
    story!("update_global_node_by_node"),
    story!("update_global_paused_node"),
    story!("update_last_batch_failure_read_late"),
    story!("update_manual_rollback"),
    story!("update_monitor_zero"),
    story!("update_node_down_and_drain"),
    story!("update_old_pending_task_shutdown_by_scheduler"),
    story!("update_old_task_timeout"),
    story!("update_progress"),
    story!("update_rollback_pauses"),
    story!("update_s15_log_driver_and_pull_options"),
    story!("update_scale_only_and_force"),
    story!("update_start_first"),
    story!("update_start_first_pause_drains"),
    story!("update_stop_first_parallelism_delay"),
    story!("update_stop_first_worker_waits_for_old_task"),
    story!("update_waits_on_pending_task"),
];

/// The names of the files in `tests/FOLDER` that end in `.EXTENSION`, sorted, without it: what
/// a compiled-in list must name.
pub fn files_in(folder: &str, extension: &str) -> Vec<String> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let suffix = format!(".{extension}");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(&suffix).map(String::from))
        .collect();
    names.sort();
    names
}

/// Runs a story and returns its trace, or the first error with its line number.
pub fn run_story(script: &str) -> Result<String, String> {
    let mut seed = 1;
    let mut session: Option<Session> = None;
    let mut tracer = Tracer::new(false);
    let mut out = String::new();

    for (index, raw) in script.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fail = |msg: String| format!("line {line_no}: {msg}: {raw}");
        let words: Vec<&str> = line.split_whitespace().collect();
        if words[0] == "seed" {
            if session.is_some() {
                return Err(fail("`seed` must come first".into()));
            }
            seed =
                words.get(1).and_then(|w| w.parse().ok()).ok_or_else(|| fail("bad seed".into()))?;
            continue;
        }
        let session = session.get_or_insert_with(|| Session::new(Scenario::default(), seed));
        tracer.read(session);
        flush(&mut tracer.trace, &mut out);
        match words.as_slice() {
            ["at", time, rest @ ..] => {
                let at = parse_time(time).map_err(&fail)?;
                session.advance_to(at);
                tracer.read(session);
                let command = parse_command(rest, session).map_err(&fail)?;
                if let Err(err) = session.command(command) {
                    flush(&mut tracer.trace, &mut out);
                    out.push_str(&format!("error: {err}\n"));
                }
                tracer.read(session);
            }
            ["run-until", time] => {
                let until = parse_time(time).map_err(&fail)?;
                session.advance_to(until);
                tracer.read(session);
            }
            ["ls"] => {
                flush(&mut tracer.trace, &mut out);
                out.push_str("$ docker service ls\n");
                out.push_str(&swarm_shell::service_ls(&session.snapshot()));
            }
            ["progress", name] => {
                flush(&mut tracer.trace, &mut out);
                out.push_str(&format!("$ progress {name}\n"));
                let snapshot = session.snapshot();
                let id = service_id(&snapshot, name).map_err(&fail)?;
                out.push_str(&match session.cluster().update_progress(id) {
                    Some(progress) => describe_progress(&progress, &snapshot),
                    None => "no update running\n".to_string(),
                });
            }
            ["nodes"] => {
                flush(&mut tracer.trace, &mut out);
                out.push_str("$ docker node ls\n");
                let snapshot = session.snapshot();
                let manager1 =
                    snapshot.nodes.iter().find(|n| n.hostname == "manager1").map(|n| n.id);
                out.push_str(&swarm_shell::node_ls(&snapshot, manager1));
            }
            ["ps", services @ ..] if !services.is_empty() => {
                flush(&mut tracer.trace, &mut out);
                out.push_str(&format!("$ docker service ps {}\n", services.join(" ")));
                let snapshot = session.snapshot();
                let known: Vec<&str> = services
                    .iter()
                    .copied()
                    .filter(|s| snapshot.service_by_name(s).is_some())
                    .collect();
                if !known.is_empty() {
                    out.push_str(&swarm_shell::service_ps(&snapshot, &known));
                }
                for missing in services.iter().filter(|s| !known.contains(s)) {
                    out.push_str(&format!("no such service: {missing}\n"));
                }
            }
            _ => return Err(fail("unknown statement".into())),
        }
        flush(&mut tracer.trace, &mut out);
    }
    flush(&mut tracer.trace, &mut out);
    Ok(out)
}

/// What the page learns of an update in progress, one line per fact.
fn describe_progress(progress: &UpdateProgress, snapshot: &Snapshot) -> String {
    let slots = |slots: &[UpdateSlot]| {
        let names: Vec<String> = slots
            .iter()
            .map(|slot| match slot {
                UpdateSlot::Replica(n) => n.to_string(),
                UpdateSlot::Node(node) => snapshot
                    .nodes
                    .iter()
                    .find(|n| n.id == *node)
                    .map_or_else(|| node.to_string(), |n| n.hostname.clone()),
            })
            .collect();
        format!("[{}]", names.join(" "))
    };
    let (batch, batches) = progress.batch();
    let what = if progress.rollback { "rollback" } else { "update" };
    let next = progress.next_slot_at.map_or_else(|| "-".to_string(), |at| at.to_string());
    format!(
        "{what} of {} slots at parallelism {}: batch {batch}/{batches}, next slot at {next}\n\
         done {} in flight {} waiting {}\n\
         failures {} (ratio {} of max {})\n",
        progress.dirty_slots,
        progress.parallelism,
        slots(&progress.done),
        slots(&progress.in_flight),
        slots(&progress.waiting),
        progress.failures,
        progress.failure_ratio(),
        progress.max_failure_ratio,
    )
}

/// Follows a session's event log into a `Trace`, for a timeline that only grows (a story, a
/// harness run); `streaming` also prints each line to stderr as it comes.
pub struct Tracer {
    cursor: Cursor,
    pub trace: Trace,
    streaming: bool,
}

impl Tracer {
    pub fn new(streaming: bool) -> Tracer {
        Tracer { cursor: Cursor::default(), trace: Trace::new(), streaming }
    }

    /// Traces the events the session logged since the last read.
    pub fn read(&mut self, session: &Session) {
        let batch = session.read_events(&mut self.cursor);
        assert_eq!(batch.dropped_from, None, "the timeline only grows");
        for record in batch.items {
            self.trace.record(&record.event);
            if self.streaming {
                eprint!("{}", self.trace.take());
            }
        }
    }
}

/// Moves what the trace has recorded so far into the transcript.
fn flush(trace: &mut Trace, out: &mut String) {
    out.push_str(&trace.take());
}

/// A Go duration from time zero: `10s`, `1500ms`, `2m`, `24h`.
fn parse_time(text: &str) -> Result<SimTime, String> {
    Ok(SimTime::ZERO + parse_duration(text)?)
}

/// A Go duration, not negative.
fn parse_duration(text: &str) -> Result<SimDuration, String> {
    values::sim_duration(values::parse_go_duration(text)?)
        .ok_or_else(|| format!("negative time `{text}`"))
}

/// docker's `--publish` short syntax (`8080:80`, `8080:80/udp`, `80`), published `mode`.
fn parse_port(text: &str, mode: PublishMode) -> Result<PortConfig, String> {
    match values::parse_port(text)?.as_slice() {
        [port] => Ok(PortConfig { mode, ..*port }),
        _ => Err(format!("one port at a time: `{text}`")),
    }
}

/// docker's sizes: `512m`, `4g`, `1024` (bytes).
fn parse_size(text: &str) -> Result<u64, String> {
    let bytes = values::parse_ram_in_bytes(text)?;
    u64::try_from(bytes).map_err(|_| format!("negative size `{text}`"))
}

fn parse_number<T: std::str::FromStr>(what: &str, text: &str) -> Result<T, String> {
    text.parse().map_err(|_| format!("bad {what} `{text}`"))
}

/// `key=value` options after the positional words.
fn options<'a>(words: &[&'a str]) -> Result<Vec<(&'a str, &'a str)>, String> {
    words
        .iter()
        .map(|w| w.split_once('=').ok_or_else(|| format!("expected key=value, got `{w}`")))
        .collect()
}

/// `log-driver=NAME` and `log-opt=K=V` of one line: `None` when the line names no driver,
/// `Some(None)` for `log-driver=` (none), else the driver with its options.
#[derive(Default)]
struct LogDriverOptions {
    name: Option<String>,
    options: Vec<(String, String)>,
}

impl LogDriverOptions {
    /// Takes the option if it is one of these; says whether it was.
    fn take(&mut self, key: &str, value: &str) -> bool {
        match key {
            "log-driver" => self.name = Some(value.to_string()),
            // `K` alone is a key with an empty value, as docker's `ConvertKVStringsToMap` reads it.
            "log-opt" => {
                let (k, v) = value.split_once('=').unwrap_or((value, ""));
                self.options.push((k.to_string(), v.to_string()));
            }
            _ => return false,
        }
        true
    }

    fn driver(self) -> Result<Option<Option<LogDriver>>, String> {
        match self.name {
            None if self.options.is_empty() => Ok(None),
            Some(name) if !name.is_empty() => {
                Ok(Some(Some(LogDriver { name, options: self.options.into_iter().collect() })))
            }
            Some(_) if self.options.is_empty() => Ok(Some(None)),
            _ => Err("log-opt needs a log-driver=NAME on the same line".into()),
        }
    }
}

/// `registry-auth=TOKEN` (`registry-auth=`: no pull options).
fn pull_options(token: &str) -> Option<PullOptions> {
    (!token.is_empty()).then(|| PullOptions { registry_auth: token.to_string() })
}

fn node_id(snapshot: &Snapshot, host: &str) -> Result<swarm_core::NodeId, String> {
    snapshot
        .nodes
        .iter()
        .find(|n| n.hostname == host)
        .map(|n| n.id)
        .ok_or_else(|| format!("no node `{host}`"))
}

fn service_id(snapshot: &Snapshot, name: &str) -> Result<swarm_core::ServiceId, String> {
    snapshot.service_by_name(name).map(|s| s.id).ok_or_else(|| format!("no service `{name}`"))
}

fn parse_command(words: &[&str], session: &Session) -> Result<Command, String> {
    let snapshot = &session.snapshot();
    let availability = |host: &str, availability| {
        Ok(Command::SetAvailability { node: node_id(snapshot, host)?, availability })
    };
    match words {
        ["create", name, image, rest @ ..] => {
            let mut spec = ServiceSpec::replicated(name, image, 1);
            let mut log_driver = LogDriverOptions::default();
            for (key, value) in options(rest)? {
                if log_driver.take(key, value) {
                    continue;
                }
                match key {
                    "replicas" => {
                        spec = ServiceSpec {
                            mode: swarm_core::ServiceMode::Replicated {
                                replicas: parse_number("replicas", value)?,
                            },
                            ..spec
                        }
                    }
                    "restart" => {
                        spec.restart.condition = match value {
                            "any" => RestartCondition::Any,
                            "on-failure" => RestartCondition::OnFailure,
                            "none" => RestartCondition::None,
                            other => return Err(format!("bad restart condition `{other}`")),
                        }
                    }
                    "restart-delay" => spec.restart.delay = parse_duration(value)?,
                    "max-attempts" => {
                        spec.restart.max_attempts = parse_number("max-attempts", value)?
                    }
                    "window" => spec.restart.window = parse_duration(value)?,
                    "reserve-cpu" => {
                        let cpus: f64 = parse_number("cpus", value)?;
                        spec.reservations.nano_cpus = (cpus * 1e9).round() as u64;
                    }
                    "reserve-memory" => spec.reservations.memory_bytes = parse_size(value)?,
                    "env" => spec.env.push(value.to_string()),
                    "stop-grace" => spec.stop_grace_period = parse_duration(value)?,
                    "mode" if value == "global" => spec.mode = swarm_core::ServiceMode::Global,
                    "constraint" => spec.constraints.push(value.to_string()),
                    "max-per-node" => {
                        spec.max_replicas_per_node = parse_number("max-per-node", value)?
                    }
                    "port" => spec.ports.push(parse_port(value, PublishMode::Ingress)?),
                    "spread" => spec.preferences.push(value.to_string()),
                    "host-port" => spec.ports.push(parse_port(value, PublishMode::Host)?),
                    "registry-auth" => spec.pull_options = pull_options(value),
                    other => return Err(format!("unknown option `{other}`")),
                }
            }
            if let Some(driver) = log_driver.driver()? {
                spec.log_driver = driver;
            }
            Ok(Command::CreateService(spec))
        }
        ["scale", name, replicas] => Ok(Command::ScaleService {
            service: service_id(snapshot, name)?,
            replicas: parse_number("replicas", replicas)?,
        }),
        ["rm", name] => Ok(Command::RemoveService(service_id(snapshot, name)?)),
        ["update", name, rest @ ..] => {
            let service = service_id(snapshot, name)?;
            let mut spec =
                session.cluster().service_record(service).expect("resolved").spec.clone();
            let mut log_driver = LogDriverOptions::default();
            for (key, value) in options(rest)? {
                if log_driver.take(key, value) {
                    continue;
                }
                let order = |value: &str| match value {
                    "start-first" => Ok(UpdateOrder::StartFirst),
                    "stop-first" => Ok(UpdateOrder::StopFirst),
                    other => Err(format!("bad order `{other}`")),
                };
                let action = |value: &str| match value {
                    "pause" => Ok(FailureAction::Pause),
                    "continue" => Ok(FailureAction::Continue),
                    "rollback" => Ok(FailureAction::Rollback),
                    other => Err(format!("bad failure action `{other}`")),
                };
                match key {
                    "image" => spec.image = value.to_string(),
                    "replicas" => {
                        spec.mode = swarm_core::ServiceMode::Replicated {
                            replicas: parse_number("replicas", value)?,
                        }
                    }
                    "env" => spec.env.push(value.to_string()),
                    "constraint" => spec.constraints.push(value.to_string()),
                    "constraint-rm" => spec.constraints.retain(|c| c != value),
                    "force" => spec.force_update += parse_number::<u64>("force", value)?,
                    "parallelism" => spec.update.parallelism = parse_number("parallelism", value)?,
                    "delay" => spec.update.delay = parse_duration(value)?,
                    "monitor" => spec.update.monitor = parse_duration(value)?,
                    "order" => spec.update.order = order(value)?,
                    "failure-action" => spec.update.failure_action = action(value)?,
                    "max-failure-ratio" => {
                        spec.update.max_failure_ratio =
                            FailureRatio(parse_number("max-failure-ratio", value)?)
                    }
                    "rollback-parallelism" => {
                        spec.rollback.parallelism = parse_number("rollback-parallelism", value)?
                    }
                    "rollback-delay" => spec.rollback.delay = parse_duration(value)?,
                    "rollback-order" => spec.rollback.order = order(value)?,
                    "rollback-failure-action" => spec.rollback.failure_action = action(value)?,
                    "registry-auth" => spec.pull_options = pull_options(value),
                    other => return Err(format!("unknown option `{other}`")),
                }
            }
            if let Some(driver) = log_driver.driver()? {
                spec.log_driver = driver;
            }
            Ok(Command::UpdateService { service, spec })
        }
        ["task-defaults", rest @ ..] => {
            let mut log_driver = LogDriverOptions::default();
            for (key, value) in options(rest)? {
                if !log_driver.take(key, value) {
                    return Err(format!("unknown option `{key}`"));
                }
            }
            let log_driver =
                log_driver.driver()?.ok_or("task-defaults needs log-driver=NAME (or none)")?;
            Ok(Command::SetTaskDefaults(TaskDefaults { log_driver }))
        }
        ["rollback", name] => Ok(Command::RollbackService(service_id(snapshot, name)?)),
        ["node-add", host, rest @ ..] => {
            let mut spec = Config::lab_node(host, NodeRole::Worker);
            for (key, value) in options(rest)? {
                match key {
                    "role" if value == "manager" => spec.role = NodeRole::Manager,
                    "role" if value == "worker" => spec.role = NodeRole::Worker,
                    "cpus" => {
                        spec.resources.nano_cpus =
                            parse_number::<u64>("cpus", value)? * 1_000_000_000
                    }
                    "memory" => spec.resources.memory_bytes = parse_size(value)?,
                    label if label.starts_with("label.") => {
                        spec.labels.insert(label["label.".len()..].to_string(), value.to_string());
                    }
                    other => return Err(format!("unknown option `{other}`")),
                }
            }
            Ok(Command::AddNode(spec))
        }
        ["label", host, rest @ ..] => {
            let add =
                options(rest)?.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            Ok(Command::UpdateNodeLabels {
                node: node_id(snapshot, host)?,
                add,
                remove: Vec::new(),
            })
        }
        ["unlabel", host, keys @ ..] => Ok(Command::UpdateNodeLabels {
            node: node_id(snapshot, host)?,
            add: Vec::new(),
            remove: keys.iter().map(|k| k.to_string()).collect(),
        }),
        ["promote", host] => {
            Ok(Command::SetRole { node: node_id(snapshot, host)?, role: NodeRole::Manager })
        }
        ["demote", host] => {
            Ok(Command::SetRole { node: node_id(snapshot, host)?, role: NodeRole::Worker })
        }
        ["drain", host] => availability(host, Availability::Drain),
        ["pause", host] => availability(host, Availability::Pause),
        ["activate", host] => availability(host, Availability::Active),
        ["node-rm", host] => {
            Ok(Command::RemoveNode { node: node_id(snapshot, host)?, force: false })
        }
        ["node-rm", host, "force"] => {
            Ok(Command::RemoveNode { node: node_id(snapshot, host)?, force: true })
        }
        ["kill", host] => Ok(Command::PowerOffNode(node_id(snapshot, host)?)),
        ["start", host] => Ok(Command::PowerOnNode(node_id(snapshot, host)?)),
        ["fail", name, rest @ ..] => {
            let task = snapshot
                .tasks
                .iter()
                .find(|t| {
                    t.name() == *name
                        && t.desired <= TaskState::Running
                        && t.state == TaskState::Running
                })
                .ok_or_else(|| format!("no running task `{name}`"))?;
            let mut exit_code = 1;
            for (key, value) in options(rest)? {
                match key {
                    "code" => exit_code = parse_number("exit code", value)?,
                    other => return Err(format!("unknown option `{other}`")),
                }
            }
            Ok(Command::FailTask { task: task.id, exit_code })
        }
        ["image", reference, rest @ ..] => {
            let mut image = ImageSpec {
                reference: reference.to_string(),
                pull: SimDuration::from_millis(1000),
                start: SimDuration::from_millis(300),
                behavior: Behavior::RunsForever,
                require_env: Vec::new(),
                ignores_sigterm: false,
            };
            let (mut exit_after, mut code) = (None, 0);
            for (key, value) in options(rest)? {
                match key {
                    "pull" => image.pull = parse_duration(value)?,
                    "start" => image.start = parse_duration(value)?,
                    "exit-after" => exit_after = Some(parse_duration(value)?),
                    "code" => code = parse_number("exit code", value)?,
                    "require-env" => image.require_env.push(value.to_string()),
                    other => return Err(format!("unknown option `{other}`")),
                }
            }
            if let Some(after) = exit_after {
                image.behavior = Behavior::Exits { after, code };
            }
            Ok(Command::AddImage(image))
        }
        _ => Err("unknown command".into()),
    }
}
