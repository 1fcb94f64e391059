//! The playground's own verbs (`sim …`), for what docker has no command for, and the node-local
//! docker commands: `docker swarm …`, `docker version`, `docker info`, `docker ps`.

use std::collections::BTreeMap;

use crate::cli::commands::{COMMANDS, CommandDef};
use crate::cli::flags::Parsed;
use crate::cli::inspect::node_address;
use crate::cli::terminal::{Output, PROGRESS_WAIT_MAX, Terminal, daemon_error};
use crate::cli::values::{self, format_go_duration};
use crate::cli::{human_duration, render_table};
use crate::cluster::{Config, ENGINE_VERSION};
use crate::command::Command;
use crate::error::CommandError;
use crate::event::Event;
use crate::image::{Behavior, ImageSpec};
use crate::node::{NodeRole, NodeSpec};
use crate::snapshot::Snapshot;
use crate::task::{TaskId, TaskState};
use crate::time::SimDuration;

impl Terminal {
    pub(crate) fn simulation(&mut self, def: &CommandDef, parsed: &Parsed, output: &mut Output) {
        match def.path {
            "sim node add" => self.sim_node_add(parsed, output),
            "sim node kill" | "sim node start" => {
                let on = def.path == "sim node start";
                let snapshot = self.cluster.snapshot();
                let result = Terminal::resolve_node(&snapshot, &parsed.args[0]).and_then(|node| {
                    let command =
                        if on { Command::PowerOnNode(node) } else { Command::PowerOffNode(node) };
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
            "sim task fail" => self.sim_task_fail(parsed, output),
            "sim image add" => self.sim_image_add(parsed, output),
            "sim image ls" => self.sim_image_ls(output),
            "sim use" => {
                let snapshot = self.cluster.snapshot();
                match Terminal::resolve_node(&snapshot, &parsed.args[0]) {
                    Ok(node) => self.node = node,
                    Err(error) => output.fail(error),
                }
            }
            "sim time" => {
                let now = self.cluster.now();
                output.out(format!("{}\n", format_go_duration(now.as_millis())));
            }
            _ => output.out(sim_help()),
        }
    }

    fn sim_node_add(&mut self, parsed: &Parsed, output: &mut Output) {
        let hostname = parsed.args[0].clone();
        let role = match parsed.value("role").unwrap_or("worker") {
            "worker" => NodeRole::Worker,
            "manager" => NodeRole::Manager,
            other => {
                return output.fail(format!("invalid role \"{other}\": use worker or manager"));
            }
        };
        let valid_hostname = !hostname.is_empty()
            && hostname.len() <= 63
            && hostname
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
        if !valid_hostname {
            return output.fail(format!(
                "invalid hostname \"{hostname}\": use letters, digits, '-', '_' and '.'"
            ));
        }
        let mut spec =
            NodeSpec { hostname: hostname.clone(), role, ..Config::lab_node(&hostname, role) };
        if let Some(cpus) = parsed.value("cpus") {
            match values::parse_cpus(cpus) {
                Ok(nano) if nano > 0 => spec.resources.nano_cpus = nano as u64,
                _ => {
                    return output
                        .fail(format!("invalid --cpus \"{cpus}\": a positive number of CPUs"));
                }
            }
        }
        if let Some(memory) = parsed.value("memory") {
            match values::parse_ram_in_bytes(memory) {
                Ok(bytes) if bytes > 0 => spec.resources.memory_bytes = bytes as u64,
                _ => {
                    return output.fail(format!(
                        "invalid --memory \"{memory}\": a positive size such as 4g"
                    ));
                }
            }
        }
        let mut labels = BTreeMap::new();
        for label in parsed.values("label") {
            let (key, value) = values::parse_label(label).expect("checked when parsed");
            labels.insert(key, value);
        }
        spec.labels = labels;
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
            Err(error) => output.fail(error.to_string()),
        }
    }

    fn sim_task_fail(&mut self, parsed: &Parsed, output: &mut Output) {
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

    fn sim_image_add(&mut self, parsed: &Parsed, output: &mut Output) {
        let duration = |flag: &str, default: SimDuration| -> Result<SimDuration, String> {
            match parsed.value(flag) {
                None => Ok(default),
                Some(v) => {
                    let nanos = values::parse_go_duration(v)?;
                    let millis = u64::try_from(nanos / 1_000_000).map_err(|_| {
                        format!("invalid --{flag} \"{v}\": durations cannot be negative")
                    })?;
                    Ok(SimDuration::from_millis(millis))
                }
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
            .and_then(|image| self.apply(Command::AddImage(image)).map_err(|e| e.to_string()))
        {
            Ok(_) => output.out(format!("{}\n", crate::image::normalize(&parsed.args[0]))),
            Err(error) => output.fail(error),
        }
    }

    fn sim_image_ls(&self, output: &mut Output) {
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

    pub(crate) fn swarm(&mut self, def: &CommandDef, parsed: &Parsed, output: &mut Output) {
        const ALREADY: &str = "Error response from daemon: This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.";
        match def.name() {
            "join" if self.left.contains(&self.node) => {
                // The machine's daemon talks to the swarm again: it registers, as after a
                // reboot (the simulation keeps its node ID; docker would make a new node and
                // leave the old one Down).
                let manager = parsed.value("token") == Some(self.join_tokens[1].as_str());
                if let Err(error) = self.apply(Command::PowerOnNode(self.node)) {
                    return output.fail(daemon_error(&error));
                }
                self.left.remove(&self.node);
                let role = if manager { "manager" } else { "worker" };
                output.out(format!("This node joined a swarm as a {role}.\n"));
            }
            "init" if self.left.contains(&self.node) => output
                .fail("the playground runs one swarm: use `docker swarm join` to go back to it"),
            "init" | "join" => output.fail(ALREADY),
            "join-token" => {
                if let Err(error) = self.require_manager() {
                    return output.fail(error);
                }
                let role = parsed.args[0].as_str();
                let token = match role {
                    "worker" => self.join_tokens[0].clone(),
                    "manager" => self.join_tokens[1].clone(),
                    other => return output.fail(format!("unknown role {other}")),
                };
                if parsed.bool("quiet") {
                    return output.out(format!("{token}\n"));
                }
                let snapshot = self.cluster.snapshot();
                let address = snapshot
                    .leader
                    .and_then(|l| snapshot.node(l))
                    .map(|n| node_address(&snapshot, n))
                    .unwrap_or_default();
                output.out(format!(
                    "To add a {role} to this swarm, run the following command:\n\n    docker swarm join --token {token} {address}:2377\n\n"
                ));
            }
            _ => self.swarm_leave(parsed, output),
        }
    }

    fn swarm_leave(&mut self, parsed: &Parsed, output: &mut Output) {
        if self.left.contains(&self.node) {
            return output.fail("Error response from daemon: This node is not part of a swarm");
        }
        let snapshot = self.cluster.snapshot();
        let managers = snapshot.nodes.iter().filter(|n| n.role == NodeRole::Manager).count();
        let me = snapshot.node(self.node).expect("the terminal's node exists");
        if me.role == NodeRole::Manager && !parsed.bool("force") {
            let first = "You are attempting to leave the swarm on a node that is participating as a manager.";
            let message = if managers == 1 {
                format!(
                    "{first} Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message."
                )
            } else if managers - 1 < crate::raft::quorum(managers) {
                format!(
                    "{first} Removing this node leaves {} managers out of {managers}. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.",
                    managers - 1
                )
            } else {
                format!(
                    "{first} The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message."
                )
            };
            return output.fail(format!("Error response from daemon: {message}"));
        }
        // The node stops its tasks' containers and its heartbeats; the managers see it Down
        // after the heartbeat timeout, its tasks still Running as last reported, exactly as
        // for a machine that went away, and only then can `docker node rm` remove it.
        if let Err(error) = self.apply(Command::PowerOffNode(self.node)) {
            return output.fail(daemon_error(&error));
        }
        self.left.insert(self.node);
        output.out("Node left the swarm.\n");
    }

    pub(crate) fn version(&self, output: &mut Output) {
        output.out(format!(
            "Client: Docker Engine - Community
 Version:           {ENGINE_VERSION}
 API version:       1.43
 Go version:        go1.20.10
 Git commit:        afdd53b
 Built:             Thu Oct 26 09:07:41 2023
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          {ENGINE_VERSION}
  API version:      1.43 (minimum version 1.12)
  Go version:       go1.20.10
  Git commit:       311b9ff
  Built:            Thu Oct 26 09:07:41 2023
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.6.24
  GitCommit:        61f9fd88f79f081d64d6fa3bb1a0dc71ec870523
 runc:
  Version:          1.1.9
  GitCommit:        v1.1.9-0-gccaecfc
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
"
        ));
    }

    /// `docker info`: the Swarm section as a node of this swarm reports it.
    pub(crate) fn info(&self, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        let me = snapshot.node(self.node).expect("the terminal's node exists");
        if self.left.contains(&self.node) {
            output.out(format!(
                "Client: Docker Engine - Community\n Version:    {ENGINE_VERSION}\n Context:    default\n\nServer:\n Containers: 0\n  Running: 0\n  Paused: 0\n  Stopped: 0\n Server Version: {ENGINE_VERSION}\n Swarm: inactive\n Name: {}\n",
                me.hostname
            ));
            return;
        }
        let running = containers_on(&snapshot, self.node).count();
        let mut text = format!(
            "Client: Docker Engine - Community\n Version:    {ENGINE_VERSION}\n Context:    default\n\nServer:\n Containers: {running}\n  Running: {running}\n  Paused: 0\n  Stopped: 0\n Server Version: {ENGINE_VERSION}\n Swarm: active\n  NodeID: {}\n  Is Manager: {}\n",
            me.id,
            me.role == NodeRole::Manager
        );
        let managers: Vec<_> =
            snapshot.nodes.iter().filter(|n| n.role == NodeRole::Manager).collect();
        if me.role == NodeRole::Manager {
            text.push_str(&format!(
                "  ClusterID: {}\n  Managers: {}\n  Nodes: {}\n  Default Address Pool: 10.0.0.0/8  \n  SubnetSize: 24\n  Data Path Port: 4789\n  Orchestration:\n   Task History Retention Limit: 5\n  Raft:\n   Snapshot Interval: 10000\n   Number of Old Snapshots to Retain: 0\n   Heartbeat Tick: 1\n   Election Tick: 10\n  Dispatcher:\n   Heartbeat Period: 5 seconds\n  CA Configuration:\n   Expiry Duration: 3 months\n   Force Rotate: 0\n  Autolock Managers: false\n  Root Rotation In Progress: false\n",
                &self.join_tokens[0][9..34],
                managers.len(),
                snapshot.nodes.len()
            ));
        }
        text.push_str(&format!(
            "  Node Address: {}\n  Manager Addresses:\n",
            node_address(&snapshot, me)
        ));
        for manager in managers {
            text.push_str(&format!("   {}:2377\n", node_address(&snapshot, manager)));
        }
        text.push_str(&format!(" Name: {}\n", me.hostname));
        output.out(text);
    }

    /// `docker ps`: the containers of the tasks running on this node.
    pub(crate) fn containers(&self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        let all = parsed.bool("all");
        let mut rows = vec![
            ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
                .map(String::from)
                .to_vec(),
        ];
        let mut ids = String::new();
        // A node that left the swarm stopped its tasks' containers.
        let outside = self.left.contains(&self.node);
        let tasks = snapshot.tasks.iter().filter(|t| {
            !outside
                && t.node == Some(self.node)
                && t.state >= TaskState::Starting
                && (all || t.state == TaskState::Running)
        });
        let mut tasks: Vec<_> = tasks.collect();
        tasks.sort_by_key(|t| std::cmp::Reverse(t.created_at));
        for task in tasks {
            let id = container_id(task.id);
            ids.push_str(&id[..12]);
            ids.push('\n');
            let command = match self.cluster.service_record(task.service) {
                Some(s) if !s.spec.args.is_empty() => {
                    let full = format!("\"{}\"", s.spec.args.join(" "));
                    crate::cli::ellipsis(&full, 20)
                }
                _ => "\"/docker-entrypoint.…\"".to_string(),
            };
            let age = human_duration(snapshot.now.saturating_since(task.created_at));
            let status = if task.state == TaskState::Running {
                format!("Up {}", human_duration(snapshot.now.saturating_since(task.since)))
            } else {
                "Exited".to_string()
            };
            rows.push(vec![
                id[..12].to_string(),
                task.image.clone(),
                command,
                format!("{} ago", age.to_lowercase()),
                status,
                task.ports
                    .iter()
                    .map(|p| {
                        format!(
                            "{}:{}->{}/{}",
                            "0.0.0.0",
                            p.published,
                            p.target,
                            p.protocol.as_str()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                format!("{}.{}", task.name(), task.id),
            ]);
        }
        if parsed.bool("quiet") {
            output.out(ids);
        } else {
            output.out(render_table(&rows));
        }
    }
}

fn containers_on(
    snapshot: &Snapshot,
    node: crate::node::NodeId,
) -> impl Iterator<Item = &crate::snapshot::TaskView> {
    snapshot.tasks.iter().filter(move |t| t.node == Some(node) && t.state == TaskState::Running)
}

/// A container's 64-hex-digit ID, derived from its task's.
fn container_id(task: TaskId) -> String {
    crate::cli::inspect::image_digest(task.0.as_str())
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
        "\nEvery command takes --help. Simulated time moves only when a command waits: `sleep`,\nor docker's progress display, which gives up after {} as Ctrl-C would.\n",
        format_go_duration(PROGRESS_WAIT_MAX.as_millis())
    ));
    out
}
