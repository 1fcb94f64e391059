//! The engine's own commands: `docker version`, `docker info` (its Swarm section),
//! `docker ps` (the containers of the tasks on the shell's node) and `docker inspect` (swarm
//! objects by reference).

use swarm_core::{ENGINE_VERSION, NodeRole, Snapshot, TaskId, TaskState};

use crate::Dialect;
use crate::format::duration::human_duration;
use crate::format::inspect::{self, Json, node_address};
use crate::format::table::render_table;
use crate::parse::flags::Parsed;
use crate::shell::{Output, Shell, Stream};

impl Shell {
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
        if self.left_swarm() {
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
                &self.cluster.join_token(NodeRole::Worker)[9..34],
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
        let outside = self.left_swarm();
        let tasks = snapshot.tasks.iter().filter(|t| {
            !outside
                && t.node == Some(self.node)
                && t.state >= TaskState::Starting
                && (all || t.state == TaskState::Running)
        });
        let mut tasks: Vec<_> = tasks.collect();
        swarm_core::sort::sort_by_key(&mut tasks, |t| std::cmp::Reverse(t.created_at));
        for task in tasks {
            let id = container_id(task.id);
            ids.push_str(&id[..12]);
            ids.push('\n');
            let command = match self.cluster.service_record(task.service) {
                Some(s) if !s.spec.args.is_empty() => {
                    let full = format!("\"{}\"", s.spec.args.join(" "));
                    crate::ellipsis(&full, 20)
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
                format!("{} ago", age.to_ascii_lowercase()),
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

/// What `docker inspect` looks for, in the order it tries them without `--type`.
pub(crate) const INSPECT_TYPES: [&str; 10] = [
    "container",
    "image",
    "network",
    "volume",
    "service",
    "task",
    "node",
    "plugin",
    "secret",
    "config",
];

impl Shell {
    /// `docker inspect`: swarm objects (services, tasks, nodes) as their own inspect prints
    /// them. The playground has no containers, local images, networks, volumes, plugins,
    /// secrets or configs to show: those lookups find nothing, as on an empty engine.
    pub(crate) fn inspect(&self, parsed: &Parsed, output: &mut Output) {
        let only = parsed.value("type").filter(|t| !t.is_empty());
        if parsed.changed("type") && only.is_none()
            || only.is_some_and(|t| !INSPECT_TYPES.contains(&t))
        {
            let mut all: Vec<&str> = INSPECT_TYPES.to_vec();
            swarm_core::sort::sort(&mut all);
            let quoted = all.join("\", \"");
            return output.fail(match only {
                None => format!("type is empty: must be one of \"{quoted}\""),
                Some(kind) => format!("unknown type: \"{kind}\": must be one of \"{quoted}\""),
            });
        }
        let view = self.cluster.node_view(self.node);
        let is_manager =
            view.as_ref().is_some_and(|n| n.role == NodeRole::Manager && !n.left_swarm);
        let snapshot = self.cluster.snapshot();
        let mut found: Vec<Json> = Vec::new();
        let mut errors: Vec<String> = Vec::new();
        for arg in &parsed.args {
            match self.inspect_one(&snapshot, arg, only, is_manager) {
                Ok((kind, json)) => {
                    if parsed.bool("size") {
                        // Only containers have sizes (and the playground has none to show).
                        output
                            .push(Stream::Stderr, format!("WARNING: --size ignored for {kind}\n"));
                    }
                    found.push(json);
                }
                Err(error) => errors.push(error),
            }
        }
        match parsed.value("format") {
            Some(format) => match inspect::format_documents(format, &found) {
                Ok(text) => output.out(text),
                Err(error) => return output.fail(error),
            },
            None => output.out(inspect::json_document(found)),
        }
        if !errors.is_empty() {
            output.fail(errors.join("\n"));
        }
    }

    /// One reference: the first type it names, as the CLI's `inspectAll` tries them.
    fn inspect_one(
        &self,
        snapshot: &Snapshot,
        arg: &str,
        only: Option<&str>,
        is_manager: bool,
    ) -> Result<(&'static str, Json), String> {
        let swarm = ["service", "task", "node", "secret", "config"];
        for kind in INSPECT_TYPES {
            if only.is_some_and(|t| t != kind) {
                continue;
            }
            if only.is_none() && swarm.contains(&kind) && !is_manager {
                continue;
            }
            if swarm.contains(&kind) {
                // A swarm lookup goes through the manager checks an explicit --type would hit.
                self.require_manager()?;
            }
            let found = match kind {
                "service" => Shell::resolve_service(snapshot, arg)
                    .ok()
                    .and_then(|id| self.cluster.service_record(id))
                    .map(|record| self.service_document(record)),
                "task" => resolve_task_id(snapshot, arg).and_then(|id| {
                    let task = self.cluster.task_record(id)?;
                    let image = self.cluster.images().get(&task.spec.image);
                    let killed = image.is_some_and(|i| i.ignores_sigterm);
                    Some(inspect::task_json(task, image.is_some(), killed))
                }),
                "node" => Shell::resolve_node(snapshot, arg)
                    .ok()
                    .and_then(|id| snapshot.node(id))
                    .map(|node| inspect::node_json(snapshot, node)),
                _ => None,
            };
            if let Some(json) = found {
                return Ok((kind, json));
            }
            if only.is_some() {
                return Err(format!("Error response from daemon: {}", not_found(kind, arg)));
            }
        }
        Err(match self.dialect {
            Dialect::Docker24 => format!("Error: No such object: {arg}"),
            Dialect::Docker29 => format!("error: no such object: {arg}"),
        })
    }
}

/// A task by full ID or unique ID prefix, as the daemon's `getTask` finds it (not by name).
fn resolve_task_id(snapshot: &Snapshot, arg: &str) -> Option<TaskId> {
    if let Some(task) = snapshot.tasks.iter().find(|t| t.id.0.as_str() == arg) {
        return Some(task.id);
    }
    let mut matches =
        snapshot.tasks.iter().filter(|t| !arg.is_empty() && t.id.0.as_str().starts_with(arg));
    match (matches.next(), matches.next()) {
        (Some(one), None) => Some(one.id),
        _ => None,
    }
}

/// The daemon's not-found error for one type of object.
fn not_found(kind: &str, arg: &str) -> String {
    match kind {
        "container" => format!("No such container: {arg}"),
        "image" => format!("No such image: {arg}"),
        "volume" => format!("get {arg}: no such volume"),
        "plugin" => format!("plugin \"{arg}\" not found"),
        other => format!("{other} {arg} not found"),
    }
}

fn containers_on(
    snapshot: &Snapshot,
    node: swarm_core::NodeId,
) -> impl Iterator<Item = &swarm_core::TaskView> {
    snapshot.tasks.iter().filter(move |t| t.node == Some(node) && t.state == TaskState::Running)
}

/// A container's 64-hex-digit ID, derived from its task's.
pub(crate) fn container_id(task: TaskId) -> String {
    crate::format::inspect::image_digest(task.0.as_str())
}
