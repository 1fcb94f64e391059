//! `docker swarm …`: init, join, join-token and leave, as the engine of the shell's node
//! answers them. A node that leaves keeps its daemon; its swarm agent stops, which the
//! managers see as missing heartbeats.

use swarm_core::{Command, NodeRole};

use crate::format::inspect::node_address;
use crate::parse::flags::Parsed;
use crate::shell::{Output, Shell, daemon_error};

const INVALID_JOIN_TOKEN: &str = "Error response from daemon: rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster";

const ALREADY_IN_SWARM: &str = "Error response from daemon: This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.";

impl Shell {
    pub(crate) fn swarm_init(&mut self, output: &mut Output) {
        if self.left_swarm() {
            output.fail("the playground runs one swarm: use `docker swarm join` to go back to it");
        } else {
            output.fail(ALREADY_IN_SWARM);
        }
    }

    pub(crate) fn swarm_join(&mut self, parsed: &Parsed, output: &mut Output) {
        if !self.left_swarm() {
            return output.fail(ALREADY_IN_SWARM);
        }
        // SwarmKit's CA tells the role from the token (`IssueNodeCertificate`).
        let token = parsed.value("token").unwrap_or_default();
        let role = if token == self.cluster.join_token(NodeRole::Manager) {
            NodeRole::Manager
        } else if token == self.cluster.join_token(NodeRole::Worker) {
            NodeRole::Worker
        } else {
            return output.fail(INVALID_JOIN_TOKEN);
        };
        // The machine's engine talks to the swarm again and registers, as after a reboot.
        // docker would make a new node with the token's role and leave the old one Down; the
        // simulation keeps the node, and gives it that role.
        let mut commands = vec![Command::JoinSwarm(self.node)];
        if self.cluster.node_view(self.node).is_some_and(|n| n.role != role) {
            commands.push(Command::SetRole { node: self.node, role });
        }
        // All or nothing: on a copy first.
        let mut probe = self.cluster.clone();
        for command in &commands {
            if let Err(error) = probe.handle_command(probe.now(), command.clone()) {
                return output.fail(daemon_error(&error));
            }
        }
        for command in commands {
            let applied = self.apply(command);
            assert!(applied.is_ok(), "the copy took it");
        }
        output.out(format!("This node joined a swarm as a {}.\n", role.as_str()));
    }

    pub(crate) fn swarm_join_token(&mut self, parsed: &Parsed, output: &mut Output) {
        if let Err(error) = self.require_manager() {
            return output.fail(error);
        }
        let role = parsed.args[0].as_str();
        let token = match role {
            "worker" => self.cluster.join_token(NodeRole::Worker).to_string(),
            "manager" => self.cluster.join_token(NodeRole::Manager).to_string(),
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

    pub(crate) fn swarm_leave(&mut self, parsed: &Parsed, output: &mut Output) {
        if self.left_swarm() {
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
            } else if managers - 1 < swarm_core::raft::quorum(managers) {
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
        if let Err(error) = self.apply(Command::LeaveSwarm(self.node)) {
            return output.fail(daemon_error(&error));
        }
        output.out("Node left the swarm.\n");
    }
}
