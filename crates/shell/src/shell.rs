//! `Shell`: a shell on one node of the simulated swarm. It runs one line at a time (`docker
//! service …`, `docker node …`, `docker swarm …`, and the playground's `sleep` and `sim …`
//! verbs) and answers with docker's text. It never moves time itself: a line that waits (a
//! progress display, `sleep`, `sim step`) says what it waits on, and the session's state lets
//! time pass.

use swarm_core::rng::Rng;
use swarm_core::{
    Cluster, Command, CommandError, Event, NodeId, NodeRole, ServiceId, SimDuration, SimTime,
    Snapshot, advance_to,
};

use crate::Dialect;
use crate::parse::commands::{self, CommandDef, GROUPS, Verb};
use crate::parse::flags::{self, Parsed};
use crate::parse::line::{split_words, strip_prompt};
use crate::parse::values;

/// The longest a progress display waits before giving up as docker's Ctrl-C would.
pub const PROGRESS_WAIT_MAX: SimDuration = SimDuration::from_secs(300);
/// The longest one `sleep` may advance simulated time.
pub const SLEEP_MAX: SimDuration = SimDuration::from_secs(7 * 24 * 3600);

/// Where a piece of output went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What one command line printed, in order, and its exit code; and what it still waits on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
    /// Progress displays the command still has to show, in order.
    pub(crate) waits: Vec<Wait>,
    /// What the command prints once those displays are done (docker's collected errors).
    pub(crate) after_waits: Vec<(Stream, String)>,
    /// What the session does for the line once it has printed this (a `sim` verb about time).
    pub(crate) then: Option<Then>,
}

/// One progress display a command waits on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wait {
    pub service: ServiceId,
    pub shown_as: String,
    pub quiet: bool,
}

/// The playground's verbs that act on time or on the session's records, which the shell hands
/// on: it has parsed and checked them, the session's state carries them out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Then {
    /// `sleep`: let this much time pass.
    Sleep(SimDuration),
    /// `sim step`: let time run to the next event.
    Step,
    /// `sim events`: print the event log, filtered.
    Events(EventFilter),
    /// `sim export [--replay]`.
    Export { replay: bool },
    /// `sim rewind DURATION`.
    Rewind(SimDuration),
}

/// `sim events --service NAME --node NODE --since DURATION`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EventFilter {
    pub service: Option<String>,
    pub node: Option<String>,
    pub since: Option<SimDuration>,
}

impl Output {
    pub(crate) fn out(&mut self, text: impl Into<String>) {
        self.push(Stream::Stdout, text.into());
    }

    /// A line on stderr (a newline is added) and exit code 1 unless one is set.
    pub(crate) fn fail(&mut self, text: impl Into<String>) {
        let mut text = text.into();
        text.push('\n');
        self.push(Stream::Stderr, text);
        if self.exit_code == 0 {
            self.exit_code = 1;
        }
    }

    /// Waits on a service's progress display; what is printed after this comes after it.
    pub(crate) fn wait(&mut self, service: ServiceId, shown_as: &str, quiet: bool) {
        self.waits.push(Wait { service, shown_as: shown_as.to_string(), quiet });
    }

    pub(crate) fn push(&mut self, stream: Stream, text: String) {
        if text.is_empty() {
            return;
        }
        if !self.waits.is_empty() {
            self.after_waits.push((stream, text));
            return;
        }
        match self.chunks.last_mut() {
            Some((last, chunk)) if *last == stream => chunk.push_str(&text),
            _ => self.chunks.push((stream, text)),
        }
    }

    /// Everything printed, stdout and stderr interleaved as a terminal shows them.
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, text)| text.as_str()).collect()
    }

    /// Appends what `other` printed; the worse exit code wins.
    pub fn extend(&mut self, other: Output) {
        for (stream, text) in other.chunks {
            self.push(stream, text);
        }
        if self.exit_code == 0 {
            self.exit_code = other.exit_code;
        }
    }
}

/// A shell on one node of a simulated swarm: the cluster, the node it runs on, and what docker
/// draws at random on the client side.
#[derive(Debug, Clone)]
pub struct Shell {
    pub(crate) cluster: Cluster,
    /// The node the shell runs on.
    pub(crate) node: NodeId,
    pub(crate) dialect: Dialect,
    /// Terminal width: more than 110 columns and the progress display draws bars.
    pub(crate) columns: usize,
    /// Draws what docker draws at random: service names.
    pub(crate) rng: Rng,
    /// The cluster's events not yet taken, oldest first.
    events: Vec<Event>,
}

impl Shell {
    /// A shell on the cluster's first manager.
    pub fn new(cluster: Cluster, seed: u64, dialect: Dialect) -> Shell {
        let snapshot = cluster.snapshot();
        let node = snapshot
            .nodes
            .iter()
            .find(|n| n.role == NodeRole::Manager)
            .or(snapshot.nodes.first())
            .map(|n| n.id)
            .expect("a cluster has at least one node");
        let mut shell = Shell {
            cluster,
            node,
            dialect,
            columns: 120,
            // Separate from the cluster's stream, so typing a command never changes the
            // swarm's own random draws.
            rng: Rng::new(seed ^ 0x7368_656c_6c00_0000),
            events: Vec::new(),
        };
        // What the cluster did before the shell opened is the caller's to read too.
        shell.collect_events();
        shell
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// The node the shell runs on.
    pub fn node(&self) -> NodeId {
        self.node
    }

    /// The shell prompt: `manager1:~$ `.
    pub fn prompt(&self) -> String {
        format!("{}:~$ ", self.cluster.hostname(self.node).unwrap_or("docker"))
    }

    /// Runs one command line as far as it goes without time passing: what it prints at once,
    /// and what it then waits on. A pasted prompt is dropped; continuations must be joined.
    pub(crate) fn execute(&mut self, line: &str) -> Output {
        let mut output = Output::default();
        match split_words(strip_prompt(line)) {
            Err(error) => output.fail(error),
            Ok(words) if words.is_empty() => {}
            Ok(words) => self.dispatch(&words, &mut output),
        }
        output
    }

    /// The cluster's events since the last call, oldest first.
    pub(crate) fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// Lets simulated time pass up to `until`; the cluster's events queue up.
    pub(crate) fn advance(&mut self, until: SimTime) {
        let events = &mut self.events;
        advance_to(&mut self.cluster, until, &mut |event| events.push(event));
    }

    /// Applies a command now; on success, the events it made (which also queue up).
    pub(crate) fn apply(&mut self, command: Command) -> Result<Vec<Event>, CommandError> {
        let now = self.cluster.now();
        let before = self.events.len();
        let result = self.cluster.handle_command(now, command);
        self.collect_events();
        result.map(|()| self.events[before..].to_vec())
    }

    /// When the cluster next does something visible (makes an event), if that is at or before
    /// `horizon`: found on a copy, so the shell's own cluster is untouched.
    pub(crate) fn next_event_at(&self, horizon: SimTime) -> Option<SimTime> {
        let mut probe = self.cluster.clone();
        while let Some((at, _)) = probe.poll_timeout() {
            if at > horizon {
                return None;
            }
            probe.handle_timeout(at);
            if probe.poll_event().is_some() {
                return Some(at);
            }
        }
        None
    }

    fn collect_events(&mut self) {
        while let Some(event) = self.cluster.poll_event() {
            self.events.push(event);
        }
    }

    fn dispatch(&mut self, words: &[String], output: &mut Output) {
        let first = words[0].as_str();
        if !matches!(first, "docker" | "sim" | "sleep") {
            output.fail(format!("{first}: command not found"));
            output.exit_code = 127;
            return;
        }
        let Some((def, taken)) = commands::lookup(words) else {
            self.unknown_command(words, output);
            return;
        };
        let parsed = match flags::parse(def.flags, &words[taken..], def.interspersed) {
            Ok(parsed) => parsed,
            Err(error) => {
                output.fail(def.flag_error(&error, self.dialect));
                output.exit_code = 125;
                return;
            }
        };
        if parsed.help() {
            output.out(def.help());
            return;
        }
        if let Some(error) = def.check_arity(parsed.args.len(), self.dialect) {
            output.fail(error);
            return;
        }
        self.execute_verb(def, &parsed, output);
    }

    fn unknown_command(&self, words: &[String], output: &mut Output) {
        // The longest group the words name: its usage, as docker prints for a bad subcommand.
        for group in GROUPS.iter().rev() {
            let depth = group.path.split(' ').count();
            if words.len() >= depth && words[..depth].join(" ") == group.path {
                if words.len() == depth || words[depth] == "--help" {
                    output.out(group.usage());
                } else {
                    output.fail(group.usage().trim_end());
                }
                return;
            }
        }
        match words[0].as_str() {
            "sim" => output.fail(format!(
                "sim: unknown command: {}\nRun 'sim help' for the playground's commands.",
                words[1..].join(" ")
            )),
            _ => match words.get(1) {
                None => output.out(DOCKER_USAGE),
                Some(word) if word == "--help" || word == "help" => output.out(DOCKER_USAGE),
                Some(word) => output.fail(format!(
                    "docker: '{word}' is not a docker command.\nSee 'docker --help'"
                )),
            },
        }
    }

    fn execute_verb(&mut self, def: &CommandDef, parsed: &Parsed, output: &mut Output) {
        let verb = def.verb;
        let needs_daemon = !matches!(
            verb,
            Verb::Sleep
                | Verb::SimNodeAdd
                | Verb::SimNodeKill
                | Verb::SimNodeStart
                | Verb::SimTaskFail
                | Verb::SimImageAdd
                | Verb::SimImageLs
                | Verb::SimUse
                | Verb::SimTime
                | Verb::SimStep
                | Verb::SimEvents
                | Verb::SimRewind
                | Verb::SimExport
                | Verb::SimHelp
        );
        if needs_daemon && let Err(error) = self.daemon_reachable() {
            return output.fail(error);
        }
        let manager_only = matches!(
            verb,
            Verb::ServiceCreate
                | Verb::ServiceUpdate
                | Verb::ServicePs
                | Verb::ServiceLs
                | Verb::ServiceInspect
                | Verb::ServiceScale
                | Verb::ServiceRm
                | Verb::ServiceRollback
                | Verb::ServiceLogs
                | Verb::NodeLs
                | Verb::NodePs
                | Verb::NodeInspect
                | Verb::NodeUpdate
                | Verb::NodePromote
                | Verb::NodeDemote
                | Verb::NodeRm
        );
        if manager_only && let Err(error) = self.require_manager() {
            return output.fail(error);
        }
        match verb {
            Verb::ServiceCreate => self.service_create(parsed, output),
            Verb::ServiceUpdate => self.service_update(parsed, output),
            Verb::ServicePs => self.service_ps(parsed, output),
            Verb::ServiceLs => self.service_ls(parsed, output),
            Verb::ServiceInspect => self.service_inspect(parsed, output),
            Verb::ServiceScale => self.service_scale(parsed, output),
            Verb::ServiceRm => self.service_rm(parsed, output),
            Verb::ServiceRollback => self.service_rollback(parsed, output),
            Verb::ServiceLogs => self.service_logs(parsed, output),
            Verb::NodeLs => self.node_ls(parsed, output),
            Verb::NodePs => self.node_ps(parsed, output),
            Verb::NodeInspect => self.node_inspect(parsed, output),
            Verb::NodeUpdate => self.node_update(parsed, output),
            Verb::NodePromote => self.node_role(parsed, NodeRole::Manager, output),
            Verb::NodeDemote => self.node_role(parsed, NodeRole::Worker, output),
            Verb::NodeRm => self.node_rm(parsed, output),
            Verb::SwarmInit => self.swarm_init(output),
            Verb::SwarmJoin => self.swarm_join(parsed, output),
            Verb::SwarmJoinToken => self.swarm_join_token(parsed, output),
            Verb::SwarmLeave => self.swarm_leave(parsed, output),
            Verb::DockerInfo => self.info(output),
            Verb::DockerVersion => self.version(output),
            Verb::DockerPs => self.containers(parsed, output),
            Verb::DockerInspect => self.inspect(parsed, output),
            Verb::Sleep => match parse_sleep(&parsed.args[0]) {
                Ok(duration) => output.then = Some(Then::Sleep(duration)),
                Err(error) => output.fail(error),
            },
            Verb::SimNodeAdd => self.sim_node_add(parsed, output),
            Verb::SimNodeKill => self.sim_node_power(parsed, false, output),
            Verb::SimNodeStart => self.sim_node_power(parsed, true, output),
            Verb::SimTaskFail => self.sim_task_fail(parsed, output),
            Verb::SimImageAdd => self.sim_image_add(parsed, output),
            Verb::SimImageLs => self.sim_image_ls(output),
            Verb::SimUse => self.sim_use(parsed, output),
            Verb::SimTime => self.sim_time(output),
            Verb::SimStep => output.then = Some(Then::Step),
            Verb::SimEvents => self.sim_events(parsed, output),
            Verb::SimRewind => self.sim_rewind(parsed, output),
            Verb::SimExport => output.then = Some(Then::Export { replay: parsed.bool("replay") }),
            Verb::SimHelp => self.sim_help(output),
        }
    }

    /// Whether the machine the shell is on answers: powered on (in the swarm or not).
    pub(crate) fn daemon_reachable(&self) -> Result<(), String> {
        match self.cluster.node_view(self.node) {
            Some(node) if node.powered => Ok(()),
            _ => Err("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?".to_string()),
        }
    }

    /// Whether the shell's node has left the swarm (`docker swarm leave`).
    pub(crate) fn left_swarm(&self) -> bool {
        self.cluster.node_view(self.node).is_some_and(|n| n.left_swarm)
    }

    /// Manager-only commands refuse to run on a worker, and need a leader.
    pub(crate) fn require_manager(&self) -> Result<(), String> {
        let node = self.cluster.node_view(self.node);
        if node.as_ref().is_some_and(|n| n.left_swarm) {
            return Err(format!("Error response from daemon: {NOT_IN_SWARM_ERROR}"));
        }
        if node.is_none_or(|n| n.role != NodeRole::Manager) {
            return Err(format!("Error response from daemon: {WORKER_ERROR}"));
        }
        if self.cluster.leader().is_none() {
            return Err(daemon_error(&CommandError::NoLeader));
        }
        Ok(())
    }

    /// Finds a service as the daemon does: full ID, exact name, then a unique ID prefix.
    pub(crate) fn resolve_service(snapshot: &Snapshot, arg: &str) -> Result<ServiceId, String> {
        let services = snapshot.services.iter().map(|s| (s.id.0.as_str(), s.name.as_str(), s.id));
        resolve("service", services, arg)
    }

    /// Finds a node as the daemon does: full ID, exact hostname, then a unique ID prefix.
    pub(crate) fn resolve_node(snapshot: &Snapshot, arg: &str) -> Result<NodeId, String> {
        let nodes = snapshot.nodes.iter().map(|n| (n.id.0.as_str(), n.hostname.as_str(), n.id));
        resolve("node", nodes, arg)
    }
}

/// docker's lookup (the daemon's `getService`/`getNode`): an exact ID, else an exact name, else
/// the one object whose ID starts with `arg`; `kind` words the errors (`service web not found`).
fn resolve<'a, T: Copy>(
    kind: &str,
    objects: impl Iterator<Item = (&'a str, &'a str, T)> + Clone,
    arg: &str,
) -> Result<T, String> {
    if let Some((_, _, found)) = objects.clone().find(|(id, _, _)| *id == arg) {
        return Ok(found);
    }
    if let Some((_, _, found)) = objects.clone().find(|(_, name, _)| *name == arg) {
        return Ok(found);
    }
    let matches: Vec<T> = objects
        .filter(|(id, _, _)| !arg.is_empty() && id.starts_with(arg))
        .map(|(_, _, found)| found)
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("{kind} {arg} not found")),
        many => Err(format!("{kind} {arg} is ambiguous ({} matches found)", many.len())),
    }
}

/// A daemon error as the CLI prints it.
pub(crate) fn daemon_error(error: &CommandError) -> String {
    format!("Error response from daemon: {error}")
}

/// What the daemon says when a manager-only command runs on a worker.
pub(crate) const WORKER_ERROR: &str = "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";

/// What the daemon says when a node outside any swarm runs a swarm command.
pub(crate) const NOT_IN_SWARM_ERROR: &str = "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.";

/// `sleep 10` (seconds), `sleep 1.5`, `sleep 500ms`, `sleep 1m30s`, `sleep 2h`.
pub(crate) fn parse_sleep(arg: &str) -> Result<SimDuration, String> {
    let invalid = || {
        format!("sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.")
    };
    let nanos = if arg.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        values::parse_go_duration(&format!("{arg}s")).map_err(|_| invalid())?
    } else if let Some(days) =
        arg.strip_suffix('d').filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
    {
        values::parse_go_duration(&format!("{days}h")).map_err(|_| invalid())? * 24
    } else {
        values::parse_go_duration(arg).map_err(|_| invalid())?
    };
    let duration = values::sim_duration(nanos).ok_or_else(invalid)?;
    if duration > SLEEP_MAX {
        return Err(format!("sleep: the playground sleeps at most 7 days at a time ('{arg}')"));
    }
    Ok(duration)
}

/// `docker` alone.
const DOCKER_USAGE: &str = "
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  ps          List containers
  info        Display system-wide information
  version     Show the Docker version information

Swarm Commands:
  node        Manage Swarm nodes
  service     Manage Swarm services
  swarm       Manage Swarm

Run 'docker COMMAND --help' for more information on a command.

The playground runs the swarm commands above; `sim help` lists its own.
";

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sleep_takes_seconds_or_durations() {
        assert_eq!(parse_sleep("10"), Ok(SimDuration::from_secs(10)));
        assert_eq!(parse_sleep("1.5"), Ok(SimDuration::from_millis(1500)));
        assert_eq!(parse_sleep("1m30s"), Ok(SimDuration::from_secs(90)));
        assert_eq!(parse_sleep("2d"), Ok(SimDuration::from_secs(2 * 86400)));
        assert!(parse_sleep("x").unwrap_err().starts_with("sleep: invalid time interval 'x'"));
        assert!(parse_sleep("-1s").is_err());
        assert!(parse_sleep("9999h").is_err());
    }
}
