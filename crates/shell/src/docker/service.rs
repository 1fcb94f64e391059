//! `docker service …`: create, update, ls, ps, inspect, scale, rm, rollback and logs, from
//! parsed flags to core commands and back to docker's text.

use crate::format::{inspect, logs, service_ps, template};
use crate::parse::commands::SERVICE_SCALE;
use crate::parse::flags::Parsed;
use crate::parse::values;
use crate::shell::{Output, Shell, daemon_error};
use crate::{Dialect, natural_cmp};
use swarm_core::Command;
use swarm_core::CommandError;
use swarm_core::Event;
use swarm_core::KeyValues;
use swarm_core::SimDuration;
use swarm_core::TaskState;
use swarm_core::image::normalize;
use swarm_core::limits;
use swarm_core::rng::Rng;
use swarm_core::{
    FailureAction, FailureRatio, LogDriver, PortConfig, PullOptions, RestartCondition, ServiceId,
    ServiceMode, ServiceSpec, UpdateConfig, UpdateOrder,
};
use swarm_core::{Snapshot, TaskView};

impl Shell {
    pub(crate) fn service_create(&mut self, parsed: &Parsed, output: &mut Output) {
        let spec = match spec_from_create_flags(parsed, &mut self.rng) {
            Ok(spec) => spec,
            Err(error) => return output.fail(error),
        };
        let warning = self.digest_warning(&spec.image);
        match self.apply(Command::CreateService(spec)) {
            Ok(events) => {
                if let Some(warning) = warning {
                    output.fail(warning);
                    output.exit_code = 0;
                }
                let Some(id) = events.iter().find_map(|e| match e {
                    Event::ServiceCreated { service, .. } => Some(*service),
                    _ => None,
                }) else {
                    return;
                };
                output.out(format!("{id}\n"));
                if !parsed.bool("detach") {
                    output.wait(id, id.0.as_str(), parsed.bool("quiet"));
                }
            }
            Err(error) => output.fail(daemon_error(&error)),
        }
    }

    pub(crate) fn service_update(&mut self, parsed: &Parsed, output: &mut Output) {
        let arg = parsed.args[0].as_str();
        let snapshot = self.cluster.snapshot();
        let id = match Shell::resolve_service(&snapshot, arg) {
            Ok(id) => id,
            Err(error) => return output.fail(format!("Error response from daemon: {error}")),
        };
        if parsed.bool("rollback") {
            let others = parsed
                .flags
                .iter()
                .any(|(name, _)| !matches!(*name, "rollback" | "detach" | "quiet"));
            if others {
                return output.fail("other flags may not be combined with --rollback");
            }
            return self.rollback(id, arg, parsed, output);
        }
        let Some(current) = self.cluster.service_record(id).map(|s| s.spec.clone()) else {
            return output.fail(format!("Error response from daemon: service {arg} not found"));
        };
        let updated = match spec_from_update_flags(&current, parsed) {
            Ok(spec) => spec,
            Err(error) => return output.fail(error),
        };
        let warning =
            if updated.image != current.image { self.digest_warning(&updated.image) } else { None };
        match self.apply(Command::UpdateService { service: id, spec: updated }) {
            Ok(_) => {
                if let Some(warning) = warning {
                    output.fail(warning);
                    output.exit_code = 0;
                }
                output.out(format!("{arg}\n"));
                if !parsed.bool("detach") {
                    output.wait(id, arg, parsed.bool("quiet"));
                }
            }
            Err(error) => output.fail(update_error(&error)),
        }
    }

    fn rollback(&mut self, id: ServiceId, arg: &str, parsed: &Parsed, output: &mut Output) {
        match self.apply(Command::RollbackService(id)) {
            Ok(_) => {
                output.out(format!("{arg}\n"));
                if !parsed.bool("detach") {
                    output.wait(id, arg, parsed.bool("quiet"));
                }
            }
            Err(error) => output.fail(update_error(&error)),
        }
    }

    pub(crate) fn service_rollback(&mut self, parsed: &Parsed, output: &mut Output) {
        let arg = parsed.args[0].clone();
        let snapshot = self.cluster.snapshot();
        match Shell::resolve_service(&snapshot, &arg) {
            Ok(id) => self.rollback(id, &arg, parsed, output),
            Err(error) => output.fail(format!("Error response from daemon: {error}")),
        }
    }

    /// The daemon could not pin an image it cannot find in a registry: docker's four-line
    /// warning (then an empty line), printed before the command's own output.
    fn digest_warning(&self, image: &str) -> Option<String> {
        if self.cluster.images().get(image).is_some() {
            return None;
        }
        Some(format!(
            "image {image} could not be accessed on a registry to record\nits digest. Each node will access {image} independently,\npossibly leading to different nodes running different\nversions of the image.\n"
        ))
    }

    pub(crate) fn service_ls(&mut self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        let mut services: Vec<_> = snapshot.services.iter().collect();
        for (key, value) in parsed.values("filter").filter_map(|f| values::parse_filter(f).ok()) {
            match key.as_str() {
                "id" => services.retain(|s| s.id.0.as_str().starts_with(&value)),
                "name" => services.retain(|s| s.name.starts_with(&value)),
                "mode" => {
                    services.retain(|s| (if s.global { "global" } else { "replicated" }) == value)
                }
                "label" => {
                    let (k, v) =
                        value.split_once('=').map_or((value.as_str(), None), |(k, v)| (k, Some(v)));
                    // The labels are read from the cluster's records where they are, rather
                    // than copied into a map of their own (its code alone weighs in the wasm).
                    services.retain(|s| {
                        self.cluster.service_record(s.id).is_some_and(|r| match v {
                            None => r.spec.labels.contains_key(k),
                            Some(v) => r.spec.labels.get(k).map(String::as_str) == Some(v),
                        })
                    });
                }
                other => {
                    return output
                        .fail(format!("Error response from daemon: invalid filter '{other}'"));
                }
            }
        }
        swarm_core::sort::sort_by(&mut services, |a, b| natural_cmp(&a.name, &b.name));
        if parsed.bool("quiet") {
            output
                .out(services.iter().map(|s| format!("{}\n", s.id.0.short())).collect::<String>());
            return;
        }
        let rows: Vec<template::Row> = services
            .iter()
            .map(|s| {
                let mut ports = s.ports.clone();
                swarm_core::sort::sort_by_key(&mut ports, |p| (p.protocol, p.published));
                let mut replicas = format!("{}/{}", s.replicas_running, s.replicas_desired);
                if !s.global && s.max_replicas_per_node > 0 {
                    replicas.push_str(&format!(" (max {} per node)", s.max_replicas_per_node));
                }
                vec![
                    ("ID", s.id.0.short().to_string()),
                    ("Name", s.name.clone()),
                    ("Mode", if s.global { "global" } else { "replicated" }.to_string()),
                    ("Replicas", replicas),
                    ("Image", s.image.clone()),
                    ("Ports", crate::ingress_ports(&ports)),
                ]
            })
            .collect();
        let format = parsed.value("format").unwrap_or(
            "table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}",
        );
        match template::render(format, &rows, "*formatter.serviceContext", &service_header) {
            Ok(text) => output.out(text),
            Err(error) => output.fail(error),
        }
    }

    pub(crate) fn service_ps(&mut self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        let mut wanted: Vec<ServiceId> = Vec::new();
        let mut missing: Vec<String> = Vec::new();
        for arg in &parsed.args {
            match resolve_service_client_side(&snapshot, arg) {
                Ok(id) => wanted.push(id),
                Err(error) => missing.push(error),
            }
        }
        if wanted.is_empty() {
            return output.fail(missing.join("\n"));
        }
        let tasks: Vec<&TaskView> =
            snapshot.tasks.iter().filter(|t| wanted.contains(&t.service)).collect();
        match filter_tasks(&snapshot, tasks, parsed, self.node) {
            Ok(tasks) => self.print_tasks(&snapshot, &tasks, parsed, output),
            Err(error) => return output.fail(error),
        }
        if !missing.is_empty() {
            output.fail(missing.join("\n"));
        }
    }

    /// `service ps` and `node ps` share docker's task printer.
    pub(crate) fn print_tasks(
        &self,
        snapshot: &Snapshot,
        tasks: &[&TaskView],
        parsed: &Parsed,
        output: &mut Output,
    ) {
        let mut tasks = tasks.to_vec();
        // Natural order by name, newest first within a name (stable after the snapshot's own
        // order, which is already newest first).
        swarm_core::sort::sort_by(&mut tasks, |a, b| {
            natural_cmp(&a.name(), &b.name()).then_with(|| b.created_at.cmp(&a.created_at))
        });
        if parsed.bool("quiet") {
            output.out(tasks.iter().map(|t| format!("{}\n", t.id)).collect::<String>());
            return;
        }
        let options = service_ps::Options {
            no_trunc: parsed.bool("no-trunc"),
            no_resolve: parsed.bool("no-resolve"),
        };
        match parsed.value("format") {
            None => output.out(service_ps::task_table(snapshot, &tasks, options)),
            Some(format) => {
                let rows =
                    service_ps::task_rows(snapshot, &tasks, options, format.starts_with("table"));
                match template::render(format, &rows, "*formatter.taskContext", &task_header) {
                    Ok(text) => output.out(text),
                    Err(error) => output.fail(error),
                }
            }
        }
    }

    pub(crate) fn service_inspect(&mut self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        if parsed.bool("pretty") && parsed.changed("format") {
            return output.fail("--format is incompatible with human friendly format");
        }
        let mut found = Vec::new();
        let mut errors = Vec::new();
        for arg in &parsed.args {
            match Shell::resolve_service(&snapshot, arg) {
                Ok(id) => found.push(id),
                Err(_) => errors.push(match self.dialect {
                    Dialect::Docker24 => format!("Error: no such service: {arg}"),
                    Dialect::Docker29 => format!("no such service: {arg}"),
                }),
            }
        }
        let records: Vec<_> =
            found.iter().filter_map(|id| self.cluster.service_record(*id)).collect();
        if parsed.bool("pretty") {
            for record in &records {
                let known = self.cluster.images().get(&record.spec.image).is_some();
                output.out(inspect::service_pretty(record, known, snapshot.now));
            }
        } else if let Some(format) = parsed.value("format") {
            let items: Vec<_> = records.iter().map(|r| self.service_document(r)).collect();
            match inspect::format_documents(format, &items) {
                Ok(text) => output.out(text),
                Err(error) => return output.fail(error),
            }
        } else {
            let items = records.iter().map(|r| self.service_document(r)).collect();
            output.out(inspect::json_document(items));
        }
        if !errors.is_empty() {
            output.fail(errors.join("\n"));
        }
    }

    /// A service as `docker service inspect` and `docker inspect` print it.
    pub(crate) fn service_document(&self, service: &swarm_core::Service) -> inspect::Json {
        let known = |image: &str| self.cluster.images().get(image).is_some();
        inspect::service_json(service, &known, &self.cluster.ingress_network().to_string())
    }

    pub(crate) fn service_scale(&mut self, parsed: &Parsed, output: &mut Output) {
        for arg in &parsed.args {
            let valid = arg.split_once('=').is_some_and(|(k, v)| !k.is_empty() && !v.is_empty());
            if !valid {
                let usage = format!(
                    "invalid scale specifier '{arg}'.\nSee 'docker service scale --help'.\n\nUsage:  {} {}\n\n{}",
                    SERVICE_SCALE.path, SERVICE_SCALE.usage, SERVICE_SCALE.short
                );
                return output.fail(usage);
            }
        }
        let mut errors = Vec::new();
        let mut scaled = Vec::new();
        for arg in &parsed.args {
            let (name, value) = arg.split_once('=').expect("checked above");
            let replicas = match values::parse_go_uint(value, false) {
                Ok(n) => n,
                Err(cause) => {
                    errors.push(format!("{name}: invalid replicas value {value}: {cause}"));
                    continue;
                }
            };
            let snapshot = self.cluster.snapshot();
            let id = match Shell::resolve_service(&snapshot, name) {
                Ok(id) => id,
                Err(error) => {
                    errors.push(format!("{name}: Error response from daemon: {error}"));
                    continue;
                }
            };
            if snapshot.services.iter().any(|s| s.id == id && s.global) {
                errors.push(format!(
                    "{name}: scale can only be used with replicated or replicated-job mode"
                ));
                continue;
            }
            let Ok(replicas) = u32::try_from(replicas) else {
                let error = CommandError::TooLarge(limits::tasks_limit());
                errors.push(format!("{name}: {}", daemon_error(&error)));
                continue;
            };
            match self.apply(Command::ScaleService { service: id, replicas }) {
                Ok(_) => {
                    output.out(format!("{name} scaled to {replicas}\n"));
                    scaled.push((id, name.to_string()));
                }
                Err(error) => errors.push(format!("{name}: {}", daemon_error(&error))),
            }
        }
        if !parsed.bool("detach") {
            for (id, name) in scaled {
                output.wait(id, &name, false);
            }
        }
        if !errors.is_empty() {
            output.fail(errors.join("\n"));
        }
    }

    pub(crate) fn service_rm(&mut self, parsed: &Parsed, output: &mut Output) {
        let mut errors = Vec::new();
        for arg in &parsed.args {
            let snapshot = self.cluster.snapshot();
            let result = Shell::resolve_service(&snapshot, arg)
                .map_err(|e| format!("Error response from daemon: {e}"))
                .and_then(|id| {
                    self.apply(Command::RemoveService(id)).map_err(|e| daemon_error(&e))
                });
            match result {
                Ok(_) => output.out(format!("{arg}\n")),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            output.fail(errors.join("\n"));
        }
    }

    pub(crate) fn service_logs(&mut self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        let arg = parsed.args[0].as_str();
        let (service, tasks): (ServiceId, Vec<&TaskView>) =
            match Shell::resolve_service(&snapshot, arg) {
                Ok(id) => (id, snapshot.tasks.iter().filter(|t| t.service == id).collect()),
                Err(_) => {
                    let by_id: Vec<&TaskView> = snapshot
                        .tasks
                        .iter()
                        .filter(|t| {
                            t.id.0.as_str() == arg
                                || (!arg.is_empty() && t.id.0.as_str().starts_with(arg))
                        })
                        .collect();
                    match by_id.as_slice() {
                        [one] => (one.service, by_id.clone()),
                        _ => {
                            return output.fail(format!(
                                "Error response from daemon: no such task or service: {arg}"
                            ));
                        }
                    }
                }
            };
        let replicas =
            snapshot.services.iter().find(|s| s.id == service).map_or(1, |s| s.replicas_desired);
        let args =
            self.cluster.service_record(service).map(|s| s.spec.args.clone()).unwrap_or_default();
        let options = logs::LogOptions {
            no_task_ids: parsed.bool("no-task-ids"),
            no_trunc: parsed.bool("no-trunc"),
            raw: parsed.bool("raw"),
            timestamps: parsed.bool("timestamps"),
            tail: parsed.value("tail").and_then(|t| t.parse().ok()),
        };
        output.out(logs::service_logs(&snapshot, &tasks, &args, replicas, options));
    }
}

/// An update's error, as the daemon words it.
fn update_error(error: &CommandError) -> String {
    daemon_error(error)
}

/// `docker service ps`'s own matching: exact ID, exact name, then a unique ID prefix.
fn resolve_service_client_side(snapshot: &Snapshot, arg: &str) -> Result<ServiceId, String> {
    match Shell::resolve_service(snapshot, arg) {
        Ok(id) => Ok(id),
        Err(error) if error.contains("ambiguous") => {
            Err(format!("multiple services found with provided prefix: {arg}"))
        }
        Err(_) => Err(format!("no such service: {arg}")),
    }
}

/// The `-f` filters of `service ps` and `node ps`.
pub(crate) fn filter_tasks<'s>(
    snapshot: &'s Snapshot,
    mut tasks: Vec<&'s TaskView>,
    parsed: &Parsed,
    current_node: swarm_core::NodeId,
) -> Result<Vec<&'s TaskView>, String> {
    // The values of each key, keys in order (as a `BTreeMap` would have them, without the
    // code of one more map type in the wasm).
    let mut by_key: Vec<(String, Vec<String>)> = Vec::new();
    for filter in parsed.values("filter") {
        let (key, value) = values::parse_filter(filter)?;
        match by_key.iter_mut().find(|(k, _)| *k == key) {
            Some((_, values)) => values.push(value),
            None => by_key.push((key, vec![value])),
        }
    }
    swarm_core::sort::sort_by(&mut by_key, |a, b| a.0.cmp(&b.0));
    for (key, wanted) in by_key {
        match key.as_str() {
            "desired-state" => {
                let mut states = Vec::new();
                for value in &wanted {
                    let state = TaskState::ALL
                        .into_iter()
                        .find(|s| s.as_str() == value.to_ascii_lowercase())
                        .ok_or_else(|| {
                            format!("Error response from daemon: Invalid desired-state filter: '{value}'")
                        })?;
                    states.push(state);
                }
                tasks.retain(|t| states.contains(&t.desired));
            }
            "node" => {
                let mut nodes = Vec::new();
                for value in &wanted {
                    if value == "self" {
                        nodes.push(current_node);
                    } else if let Ok(id) = Shell::resolve_node(snapshot, value) {
                        nodes.push(id);
                    }
                }
                tasks.retain(|t| t.node.is_some_and(|n| nodes.contains(&n)));
            }
            "name" => tasks.retain(|t| {
                let full = format!("{}.{}", t.name(), t.id);
                wanted.iter().any(|w| full.starts_with(w.as_str()))
            }),
            "id" => {
                tasks.retain(|t| wanted.iter().any(|w| t.id.0.as_str().starts_with(w.as_str())))
            }
            "service" => tasks.retain(|t| {
                wanted
                    .iter()
                    .any(|w| t.service_name == *w || t.service.0.as_str().starts_with(w.as_str()))
            }),
            "label" | "runtime" => {}
            other => return Err(format!("Error response from daemon: invalid filter '{other}'")),
        }
    }
    Ok(tasks)
}

fn service_header(field: &str) -> String {
    match field {
        "ID" => "ID",
        "Name" => "NAME",
        "Mode" => "MODE",
        "Replicas" => "REPLICAS",
        "Image" => "IMAGE",
        "Ports" => "PORTS",
        other => other,
    }
    .to_string()
}

pub(crate) fn task_header(field: &str) -> String {
    match field {
        "ID" => "ID",
        "Name" => "NAME",
        "Image" => "IMAGE",
        "Node" => "NODE",
        "DesiredState" => "DESIRED STATE",
        "CurrentState" => "CURRENT STATE",
        "Error" => "ERROR",
        "Ports" => "PORTS",
        other => other,
    }
    .to_string()
}

/// A duration flag for a field the daemon rejects when negative (`TaskSpec: … cannot be
/// negative`); other negative durations count as zero.
fn duration_flag(
    parsed: &Parsed,
    flag: &str,
    rejected_as: Option<&str>,
) -> Result<Option<SimDuration>, String> {
    let Some(value) = parsed.value(flag) else { return Ok(None) };
    match values::sim_duration(values::parse_go_duration(value)?) {
        Some(duration) => Ok(Some(duration)),
        None => match rejected_as {
            Some(field) => Err(format!(
                "Error response from daemon: rpc error: code = InvalidArgument desc = TaskSpec: {field} cannot be negative"
            )),
            None => Ok(Some(SimDuration::ZERO)),
        },
    }
}

/// The `--update-*` (or `--rollback-*`) flags over `config`.
fn apply_update_flags(
    config: &mut UpdateConfig,
    parsed: &Parsed,
    prefix: &str,
) -> Result<(), String> {
    let name = |suffix: &str| format!("{prefix}-{suffix}");
    if let Some(v) = parsed.value(&name("parallelism")) {
        config.parallelism = values::parse_go_uint(v, true)?;
    }
    // The daemon checks both configs with the same code (moby `updateConfigToGRPC`, SwarmKit
    // `validateUpdate`), so a bad rollback setting is reported as an `update-…` one too, and
    // `--rollback-failure-action rollback` passes (the flag's help names only pause and
    // continue; SwarmKit then pauses a failing rollback: "rollback paused due to …").
    if let Some(d) = duration_flag(parsed, &name("delay"), Some("update-delay"))? {
        config.delay = d;
    }
    if let Some(d) = duration_flag(parsed, &name("monitor"), Some("update-monitor"))? {
        config.monitor = d;
    }
    if let Some(v) = parsed.value(&name("failure-action")) {
        config.failure_action = match v {
            "pause" => FailureAction::Pause,
            "continue" => FailureAction::Continue,
            "rollback" => FailureAction::Rollback,
            _ => {
                return Err(format!(
                    "Error response from daemon: unrecognized update failure action {v}"
                ));
            }
        };
    }
    if let Some(v) = parsed.value(&name("max-failure-ratio")) {
        let ratio = values::parse_go_float(v, 32)? as f32;
        if !(0.0..=1.0).contains(&ratio) {
            return Err("Error response from daemon: rpc error: code = InvalidArgument desc = TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1".to_string());
        }
        config.max_failure_ratio = FailureRatio(ratio);
    }
    if let Some(v) = parsed.value(&name("order")) {
        config.order = match v {
            "stop-first" => UpdateOrder::StopFirst,
            "start-first" => UpdateOrder::StartFirst,
            _ => {
                return Err(format!("Error response from daemon: unrecognized update order {v}"));
            }
        };
    }
    Ok(())
}

/// What `--with-registry-auth` sends. The real CLI sends the credentials stored for the
/// image's registry, base64url-encoded JSON (`EncodeAuthConfig`); the playground has no
/// credential store, so it sends what docker sends with none stored: an empty `AuthConfig`,
/// `{}`. A fixed token also keeps the spec, and so the run, deterministic.
const REGISTRY_AUTH_WITHOUT_CREDENTIALS: &str = "e30=";

/// `--log-opt` values as docker's `ConvertKVStringsToMap` reads them: `k=v`, or `k` alone for an
/// empty value; a repeated key keeps its last value.
fn log_options(parsed: &Parsed) -> KeyValues {
    parsed
        .values("log-opt")
        .map(|opt| {
            let (key, value) = opt.split_once('=').unwrap_or((opt, ""));
            (key.to_string(), value.to_string())
        })
        .collect()
}

/// `--log-driver` with its `--log-opt`s: a driver only when the name is not empty (docker's
/// `toLogDriver` on create, `updateLogDriver` on update, which both ignore `--log-opt` alone).
fn log_driver_flag(parsed: &Parsed) -> Option<LogDriver> {
    let name = parsed.value("log-driver").filter(|name| !name.is_empty())?;
    Some(LogDriver { name: name.to_string(), options: log_options(parsed) })
}

/// Flags both create and update set the same way.
fn apply_common_flags(spec: &mut ServiceSpec, parsed: &Parsed) -> Result<(), String> {
    let cpus = |flag: &str| -> Result<Option<u64>, String> {
        let Some(v) = parsed.value(flag) else { return Ok(None) };
        let nano = values::parse_cpus(v)?;
        u64::try_from(nano).map(Some).map_err(|_| {
            format!(
                "Error response from daemon: rpc error: code = InvalidArgument desc = invalid cpu value {}: Must be at least 0.001",
                nano as f64 / 1e9
            )
        })
    };
    let bytes = |flag: &str| -> Result<Option<u64>, String> {
        parsed
            .value(flag)
            .map(|v| values::parse_ram_in_bytes(v).map(|b| b.max(0) as u64))
            .transpose()
    };
    if let Some(n) = cpus("reserve-cpu")? {
        spec.reservations.nano_cpus = n;
    }
    if let Some(n) = cpus("limit-cpu")? {
        spec.limits.nano_cpus = n;
    }
    if let Some(b) = bytes("reserve-memory")? {
        spec.reservations.memory_bytes = b;
    }
    if let Some(b) = bytes("limit-memory")? {
        spec.limits.memory_bytes = b;
    }
    if let Some(d) = duration_flag(parsed, "stop-grace-period", None)? {
        spec.stop_grace_period = d;
    }
    if let Some(v) = parsed.value("restart-condition") {
        spec.restart.condition = match v {
            "any" => RestartCondition::Any,
            "on-failure" => RestartCondition::OnFailure,
            "none" => RestartCondition::None,
            _ => {
                return Err(format!(
                    "Error response from daemon: invalid RestartCondition: \"{v}\""
                ));
            }
        };
    }
    if let Some(d) = duration_flag(parsed, "restart-delay", Some("restart-delay"))? {
        spec.restart.delay = d;
    }
    if let Some(v) = parsed.value("restart-max-attempts") {
        spec.restart.max_attempts = values::parse_go_uint(v, true)?;
    }
    if let Some(d) = duration_flag(parsed, "restart-window", Some("restart-window"))? {
        spec.restart.window = d;
    }
    if let Some(v) = parsed.value("replicas-max-per-node") {
        spec.max_replicas_per_node = values::parse_go_uint(v, true)?;
    }
    apply_update_flags(&mut spec.update, parsed, "update")?;
    apply_update_flags(&mut spec.rollback, parsed, "rollback")?;
    if let Some(mode) = parsed.value("endpoint-mode")
        && !matches!(mode, "vip" | "dnsrr")
    {
        return Err(format!("Error response from daemon: invalid resolution mode: \"{mode}\""));
    }
    let health = parsed.flags.iter().any(|(name, _)| name.starts_with("health-"));
    if health && parsed.bool("no-healthcheck") {
        return Err("--no-healthcheck conflicts with --health-* options".to_string());
    }
    if let Some(v) = parsed.value("replicas") {
        let replicas = values::parse_go_uint(v, true)?;
        match spec.mode {
            ServiceMode::Global => {
                return Err(if parsed.changed("mode") {
                    "replicas can only be used with replicated or replicated-job mode"
                } else {
                    "replicas can only be used with replicated mode"
                }
                .to_string());
            }
            ServiceMode::Replicated { .. } => {
                let replicas = u32::try_from(replicas)
                    .ok()
                    .filter(|r| u64::from(*r) <= limits::REPLICAS_MAX)
                    .ok_or_else(|| daemon_error(&CommandError::TooLarge(limits::tasks_limit())))?;
                spec.mode = ServiceMode::Replicated { replicas };
            }
        }
    }
    Ok(())
}

fn spec_from_create_flags(parsed: &Parsed, rng: &mut Rng) -> Result<ServiceSpec, String> {
    let image = normalize(&parsed.args[0]);
    let name = parsed.value("name").map(String::from).unwrap_or_else(|| random_name(rng));
    let mut spec = match parsed.value("mode").unwrap_or("replicated") {
        "replicated" => ServiceSpec::replicated(&name, &image, 1),
        "global" => {
            if parsed.changed("replicas-max-per-node") {
                return Err(
                    "replicas-max-per-node can only be used with replicated or replicated-job mode"
                        .to_string(),
                );
            }
            ServiceSpec::global(&name, &image)
        }
        mode @ ("replicated-job" | "global-job") => {
            return Err(format!("the playground does not simulate jobs yet (--mode {mode})"));
        }
        mode => return Err(format!("unknown mode: {mode}, only replicated and global supported")),
    };
    spec.args = parsed.args[1..].to_vec();
    // Duplicate keys: last wins, first position kept (`makeEnv`).
    for entry in parsed.values("env") {
        let key = entry.split('=').next().unwrap_or(entry);
        match spec.env.iter_mut().find(|e| e.split('=').next() == Some(key)) {
            Some(existing) => *existing = entry.to_string(),
            None => spec.env.push(entry.to_string()),
        }
    }
    for label in parsed.values("label") {
        let (key, value) = values::parse_label(label)?;
        spec.labels.insert(key, value);
    }
    for mount in parsed.values("mount") {
        spec.mounts.push(values::parse_mount(mount)?);
    }
    spec.constraints = parsed.values("constraint").map(String::from).collect();
    for pref in parsed.values("placement-pref") {
        spec.preferences.push(values::parse_placement_pref(pref)?);
    }
    for port in parsed.values("publish") {
        spec.ports.extend(values::parse_port(port)?);
    }
    apply_common_flags(&mut spec, parsed)?;
    spec.log_driver = log_driver_flag(parsed);
    if parsed.bool("with-registry-auth") {
        spec.pull_options =
            Some(PullOptions { registry_auth: REGISTRY_AUTH_WITHOUT_CREDENTIALS.to_string() });
    }
    Ok(spec)
}

fn spec_from_update_flags(current: &ServiceSpec, parsed: &Parsed) -> Result<ServiceSpec, String> {
    let mut spec = current.clone();
    if let Some(image) = parsed.value("image") {
        spec.image = normalize(image);
    }
    if let Some(args) = parsed.value("args") {
        spec.args = shlex::split(args).ok_or("invalid command line string")?;
    }
    let removed: Vec<&str> = parsed.values("env-rm").collect();
    spec.env.retain(|e| !removed.contains(&e.split('=').next().unwrap_or(e)));
    for entry in parsed.values("env-add") {
        let key = entry.split('=').next().unwrap_or(entry);
        spec.env.retain(|e| e.split('=').next() != Some(key));
        spec.env.push(entry.to_string());
    }
    for key in parsed.values("label-rm") {
        spec.labels.remove(key);
    }
    for label in parsed.values("label-add") {
        let (key, value) = values::parse_label(label)?;
        spec.labels.insert(key, value);
    }
    let removed: Vec<&str> = parsed.values("mount-rm").collect();
    spec.mounts.retain(|m| !removed.contains(&m.target.as_str()));
    for mount in parsed.values("mount-add") {
        let mount = values::parse_mount(mount)?;
        spec.mounts.retain(|m| m.target != mount.target);
        spec.mounts.push(mount);
    }
    swarm_core::sort::sort_by(&mut spec.mounts, |a, b| {
        (&a.source, &a.target).cmp(&(&b.source, &b.target))
    });
    for constraint in parsed.values("constraint-add") {
        if !spec.constraints.iter().any(|c| c == constraint) {
            spec.constraints.push(constraint.to_string());
        }
    }
    let removed: Vec<&str> = parsed.values("constraint-rm").collect();
    spec.constraints.retain(|c| !removed.contains(&c.as_str()));
    swarm_core::sort::sort(&mut spec.constraints);
    for pref in parsed.values("placement-pref-rm") {
        let descriptor = values::parse_placement_pref(pref)?;
        spec.preferences.retain(|p| *p != descriptor);
    }
    for pref in parsed.values("placement-pref-add") {
        spec.preferences.push(values::parse_placement_pref(pref)?);
    }
    let mut removed_ports: Vec<PortConfig> = Vec::new();
    for port in parsed.values("publish-rm") {
        removed_ports.extend(values::parse_port(port)?);
    }
    spec.ports.retain(|p| {
        !removed_ports
            .iter()
            .any(|r| r.target == p.target && r.protocol == p.protocol && r.mode == p.mode)
    });
    for port in parsed.values("publish-add") {
        for new in values::parse_port(port)? {
            spec.ports.retain(|p| {
                !(p.target == new.target && p.protocol == new.protocol && p.mode == new.mode)
            });
            spec.ports.push(new);
        }
    }
    apply_common_flags(&mut spec, parsed)?;
    if parsed.bool("force") {
        // `--force` bumps ForceUpdate, which makes every task dirty: a rolling restart.
        spec.force_update += 1;
    }
    // `updateLogDriver`: no `--log-driver`, or an empty one, leaves the driver as it is.
    if let Some(driver) = log_driver_flag(parsed) {
        spec.log_driver = Some(driver);
    }
    // Without the flag the daemon keeps the spec's pull options (`RegistryAuthFromSpec`).
    if parsed.bool("with-registry-auth") {
        spec.pull_options =
            Some(PullOptions { registry_auth: REGISTRY_AUTH_WITHOUT_CREDENTIALS.to_string() });
    }
    Ok(spec)
}

/// A docker-style random name (`namesgenerator.GetRandomName`): adjective_surname.
fn random_name(rng: &mut Rng) -> String {
    const LEFT: [&str; 24] = [
        "admiring", "agitated", "amazing", "bold", "brave", "busy", "clever", "dazzling", "eager",
        "elated", "festive", "focused", "gifted", "happy", "jolly", "keen", "lucid", "nifty",
        "quirky", "serene", "stoic", "trusting", "vibrant", "zealous",
    ];
    const RIGHT: [&str; 24] = [
        "albattani",
        "bell",
        "curie",
        "darwin",
        "einstein",
        "feynman",
        "goldberg",
        "hopper",
        "hypatia",
        "johnson",
        "kepler",
        "lamarr",
        "lovelace",
        "meitner",
        "newton",
        "noether",
        "pascal",
        "ritchie",
        "shannon",
        "tesla",
        "thompson",
        "torvalds",
        "turing",
        "wozniak",
    ];
    let left = LEFT[(rng.next_u64() % LEFT.len() as u64) as usize];
    let right = RIGHT[(rng.next_u64() % RIGHT.len() as u64) as usize];
    format!("{left}_{right}")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn parsed(flags: &[(&'static str, &str)]) -> Parsed {
        Parsed {
            flags: flags.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            args: vec!["web".to_string()],
        }
    }

    /// docker's `ConvertKVStringsToMap`: `k` alone is an empty value, `=v` an empty key, the
    /// first `=` splits, a repeated key keeps its last value.
    #[test]
    fn log_opts_read_as_docker_reads_them() {
        type Case = (&'static [&'static str], &'static [(&'static str, &'static str)]);
        let cases: &[Case] = &[
            (&["max-size=10m"], &[("max-size", "10m")]),
            (&["compress"], &[("compress", "")]),
            (&["=x"], &[("", "x")]),
            (&["tag={{.Name}}=a"], &[("tag", "{{.Name}}=a")]),
            (&["k=1", "k=2"], &[("k", "2")]),
        ];
        for (opts, expected) in cases {
            let flags: Vec<(&'static str, &str)> = opts.iter().map(|o| ("log-opt", *o)).collect();
            let expected: KeyValues =
                expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            assert_eq!(log_options(&parsed(&flags)), expected, "{opts:?}");
        }
    }

    /// `updateLogDriver`: no `--log-driver`, or an empty one, changes nothing; a name replaces
    /// the driver with that name and exactly the `--log-opt`s given.
    #[test]
    fn update_replaces_the_log_driver_only_when_named() {
        let mut current = ServiceSpec::replicated("web", "nginx:latest", 1);
        current.log_driver = Some(LogDriver {
            name: "json-file".into(),
            options: [("max-size".to_string(), "10m".to_string())].into(),
        });
        let unchanged = |flags: &[(&'static str, &str)]| {
            spec_from_update_flags(&current, &parsed(flags)).unwrap().log_driver
        };
        assert_eq!(unchanged(&[]), current.log_driver);
        assert_eq!(unchanged(&[("log-opt", "max-size=1m")]), current.log_driver);
        assert_eq!(unchanged(&[("log-driver", "")]), current.log_driver);
        assert_eq!(unchanged(&[("log-driver", "syslog")]), Some(LogDriver::named("syslog")));
    }

    /// `--with-registry-auth` sets the pull options; without it the spec keeps its own.
    #[test]
    fn registry_auth_is_kept_unless_sent_again() {
        let mut current = ServiceSpec::replicated("web", "nginx:latest", 1);
        current.pull_options = Some(PullOptions { registry_auth: "old".into() });
        let kept = spec_from_update_flags(&current, &parsed(&[])).unwrap();
        assert_eq!(kept.pull_options, current.pull_options);
        let sent =
            spec_from_update_flags(&current, &parsed(&[("with-registry-auth", "true")])).unwrap();
        assert_eq!(
            sent.pull_options,
            Some(PullOptions { registry_auth: REGISTRY_AUTH_WITHOUT_CREDENTIALS.into() })
        );
    }
}
