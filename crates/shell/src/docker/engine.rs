//! The engine's own commands: `docker version`, `docker info` (its Swarm section) and
//! `docker ps` (the containers of the tasks on the shell's node).

use swarm_core::{ENGINE_VERSION, NodeRole, Snapshot, TaskId, TaskState};

use crate::format::duration::human_duration;
use crate::format::inspect::node_address;
use crate::format::table::render_table;
use crate::parse::flags::Parsed;
use crate::shell::{Output, Shell};

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
        tasks.sort_by_key(|t| std::cmp::Reverse(t.created_at));
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
    node: swarm_core::NodeId,
) -> impl Iterator<Item = &swarm_core::TaskView> {
    snapshot.tasks.iter().filter(move |t| t.node == Some(node) && t.state == TaskState::Running)
}

/// A container's 64-hex-digit ID, derived from its task's.
fn container_id(task: TaskId) -> String {
    crate::format::inspect::image_digest(task.0.as_str())
}
