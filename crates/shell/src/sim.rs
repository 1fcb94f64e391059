//! The playground's own verbs (`sim …` and `sleep`), for what docker has no command for:
//! machines, faults, images, the node the shell is on, and time (step, rewind, the event log,
//! export).

use swarm_core::image::{Behavior, ImageSpec};
use swarm_core::{
    Command, CommandError, Config, Event, NodeRole, NodeSpec, SimDuration, Snapshot, TaskId,
};

use crate::format::table::render_table;
use crate::parse::commands::COMMANDS;
use crate::parse::flags::Parsed;
use crate::parse::values::{self, format_go_duration};
use crate::shell::{EventFilter, Output, PROGRESS_WAIT_MAX, Shell, Then, daemon_error};

impl Shell {
    pub(crate) fn sim_node_power(&mut self, parsed: &Parsed, on: bool, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        let result = Shell::resolve_node(&snapshot, &parsed.args[0]).and_then(|node| {
            let command = if on { Command::PowerOnNode(node) } else { Command::PowerOffNode(node) };
            self.apply(command).map_err(|e| e.to_string())
        });
        match result {
            Ok(_) => output.out(format!(
                "{} powered {}.\n",
                parsed.args[0],
                if on { "on" } else { "off" }
            )),
            Err(error) => output.fail(error),
        }
    }

    pub(crate) fn sim_use(&mut self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        match Shell::resolve_node(&snapshot, &parsed.args[0]) {
            Ok(node) => self.node = node,
            Err(error) => output.fail(error),
        }
    }

    pub(crate) fn sim_time(&self, output: &mut Output) {
        output.out(format!("{}\n", format_go_duration(self.cluster.now().as_millis())));
    }

    pub(crate) fn sim_events(&self, parsed: &Parsed, output: &mut Output) {
        let since = match parsed.value("since").map(values::parse_go_duration) {
            None => None,
            Some(Ok(nanos)) => match values::sim_duration(nanos) {
                Some(since) => Some(since),
                None => return output.fail("invalid --since: a duration cannot be negative"),
            },
            Some(Err(error)) => return output.fail(error),
        };
        output.then = Some(Then::Events(EventFilter {
            service: parsed.value("service").map(String::from),
            node: parsed.value("node").map(String::from),
            since,
        }));
    }

    pub(crate) fn sim_rewind(&self, parsed: &Parsed, output: &mut Output) {
        let arg = parsed.args[0].as_str();
        match values::parse_go_duration(arg).map(values::sim_duration) {
            Ok(Some(by)) => output.then = Some(Then::Rewind(by)),
            Ok(None) => output.fail(format!(
                "sim rewind: cannot rewind a negative duration ('{arg}'); `sim rewind 30s` goes back 30 seconds"
            )),
            Err(_) => output.fail(format!(
                "sim rewind: invalid duration '{arg}': use a Go duration such as 30s, 1m30s or 500ms"
            )),
        }
    }

    pub(crate) fn sim_help(&self, output: &mut Output) {
        output.out(sim_help());
    }

    pub(crate) fn sim_node_add(&mut self, parsed: &Parsed, output: &mut Output) {
        let hostname = parsed.args[0].clone();
        let labels: Vec<&str> = parsed.values("label").collect();
        let spec = match node_spec(
            &hostname,
            parsed.value("role").unwrap_or("worker"),
            parsed.value("cpus"),
            parsed.value("memory"),
            &labels,
        ) {
            Ok(spec) => spec,
            Err(error) => return output.fail(error),
        };
        let role = spec.role;
        match self.apply(Command::AddNode(spec)) {
            Ok(events) => {
                let id = events.iter().find_map(|e| match e {
                    Event::NodeJoined { node, .. } => Some(*node),
                    _ => None,
                });
                if let Some(id) = id {
                    output.out(format!(
                        "{hostname} ({id}) joined the swarm as a {}.\n",
                        role.as_str()
                    ));
                }
            }
            Err(error) => output.fail(sim_error(&error)),
        }
    }

    pub(crate) fn sim_task_fail(&mut self, parsed: &Parsed, output: &mut Output) {
        let exit_code = match parsed.value("exit-code").map(values::parse_go_int) {
            None => 1,
            Some(Ok(code)) => match i32::try_from(code) {
                Ok(code) => code,
                Err(_) => return output.fail(format!("invalid --exit-code {code}")),
            },
            Some(Err(error)) => return output.fail(error),
        };
        let snapshot = self.cluster.snapshot();
        let task = match resolve_task(&snapshot, &parsed.args[0]) {
            Ok(task) => task,
            Err(error) => return output.fail(error),
        };
        match self.apply(Command::FailTask { task, exit_code }) {
            Ok(_) => output.out(format!("{task}\n")),
            Err(error) => output.fail(error.to_string()),
        }
    }

    pub(crate) fn sim_image_add(&mut self, parsed: &Parsed, output: &mut Output) {
        let duration = |flag: &str, default: SimDuration| -> Result<SimDuration, String> {
            match parsed.value(flag) {
                None => Ok(default),
                Some(v) => values::sim_duration(values::parse_go_duration(v)?).ok_or_else(|| {
                    format!("invalid --{flag} \"{v}\": durations cannot be negative")
                }),
            }
        };
        let parse = || -> Result<ImageSpec, String> {
            let pull = duration("pull-time", SimDuration::from_secs(2))?;
            let start = duration("start-time", SimDuration::from_millis(500))?;
            let code = match parsed.value("exit-code") {
                None => 0,
                Some(v) => i32::try_from(values::parse_go_int(v)?)
                    .map_err(|_| format!("invalid --exit-code {v}"))?,
            };
            let behavior = match parsed.value("exit-after") {
                None => Behavior::RunsForever,
                Some(_) => {
                    Behavior::Exits { after: duration("exit-after", SimDuration::ZERO)?, code }
                }
            };
            Ok(ImageSpec {
                reference: parsed.args[0].clone(),
                pull,
                start,
                behavior,
                require_env: parsed.values("require-env").map(String::from).collect(),
                ignores_sigterm: false,
            })
        };
        match parse()
            .map_err(|e| e.to_string())
            .and_then(|image| self.apply(Command::AddImage(image)).map_err(|e| sim_error(&e)))
        {
            Ok(_) => output.out(format!("{}\n", swarm_core::image::normalize(&parsed.args[0]))),
            Err(error) => output.fail(error),
        }
    }

    pub(crate) fn sim_image_ls(&self, output: &mut Output) {
        let mut rows =
            vec![["IMAGE", "PULL", "START", "BEHAVIOUR", "NEEDS ENV"].map(String::from).to_vec()];
        for image in self.cluster.images().iter() {
            let behaviour = match image.behavior {
                Behavior::RunsForever => "runs until stopped".to_string(),
                Behavior::Exits { after, code } => {
                    format!("exits {code} after {}", format_go_duration(after.as_millis()))
                }
            };
            rows.push(vec![
                image.reference.clone(),
                format_go_duration(image.pull.as_millis()),
                format_go_duration(image.start.as_millis()),
                behaviour,
                image.require_env.join(","),
            ]);
        }
        output.out(render_table(&rows));
    }
}

/// A task by full ID, by name (`web.1`: the slot's newest task), or by unique ID prefix.
fn resolve_task(snapshot: &Snapshot, arg: &str) -> Result<TaskId, String> {
    if let Some(t) = snapshot.tasks.iter().find(|t| t.id.0.as_str() == arg) {
        return Ok(t.id);
    }
    // Tasks come newest first within a name.
    if let Some(t) = snapshot.tasks.iter().find(|t| t.name() == arg) {
        return Ok(t.id);
    }
    let matches: Vec<TaskId> = snapshot
        .tasks
        .iter()
        .filter(|t| !arg.is_empty() && t.id.0.as_str().starts_with(arg))
        .map(|t| t.id)
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(CommandError::UnknownTask(arg.to_string()).to_string()),
        many => Err(format!("task {arg} is ambiguous ({} matches found)", many.len())),
    }
}

fn sim_help() -> String {
    let mut out =
        String::from("The playground's own commands, for what docker has no command for:\n\n");
    let ours: Vec<_> =
        COMMANDS.iter().filter(|c| c.path.starts_with("sim ") || c.path == "sleep").collect();
    let width = ours.iter().map(|c| c.path.len() + 1 + c.usage.len()).max().unwrap_or(0);
    for c in ours {
        let usage = format!("{} {}", c.path, c.usage);
        out.push_str(&format!("  {:width$}   {}\n", usage.trim_end(), c.short));
    }
    out.push_str(&format!(
        "\nEvery command takes --help. In `swarm`, simulated time moves only while a command waits:\n`sleep`, `sim step`, or docker's progress display, which gives up after {} as Ctrl-C would.\nIn the page it also runs on its own (Pause stops it). `sim rewind` takes it back.\n",
        format_go_duration(PROGRESS_WAIT_MAX.as_millis())
    ));
    out
}

/// A refused `sim` verb: the playground's own words, except its size limits, which read like
/// the daemon's on every path (`Error response from daemon: the playground is limited to …`).
fn sim_error(error: &CommandError) -> String {
    match error {
        CommandError::TooLarge(_) => daemon_error(error),
        _ => error.to_string(),
    }
}

/// The machine `sim node add` (and the page's add-node form) brings: a lab node with the given
/// role, CPUs, memory and labels, each checked as `sim node add` checks its flags.
pub fn node_spec(
    hostname: &str,
    role: &str,
    cpus: Option<&str>,
    memory: Option<&str>,
    labels: &[&str],
) -> Result<NodeSpec, String> {
    let role = match role {
        "worker" => NodeRole::Worker,
        "manager" => NodeRole::Manager,
        other => return Err(format!("invalid role \"{other}\": use worker or manager")),
    };
    let valid_hostname = !hostname.is_empty()
        && hostname.len() <= 63
        && hostname
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    if !valid_hostname {
        return Err(format!(
            "invalid hostname \"{hostname}\": use letters, digits, '-', '_' and '.'"
        ));
    }
    let mut spec = Config::lab_node(hostname, role);
    if let Some(cpus) = cpus {
        match values::parse_cpus(cpus) {
            Ok(nano) if nano > 0 => spec.resources.nano_cpus = nano as u64,
            _ => return Err(format!("invalid --cpus \"{cpus}\": a positive number of CPUs")),
        }
    }
    if let Some(memory) = memory {
        match values::parse_ram_in_bytes(memory) {
            Ok(bytes) if bytes > 0 => spec.resources.memory_bytes = bytes as u64,
            _ => {
                return Err(format!("invalid --memory \"{memory}\": a positive size such as 4g"));
            }
        }
    }
    for label in labels {
        let (key, value) = values::parse_label(label)?;
        spec.labels.insert(key, value);
    }
    Ok(spec)
}
