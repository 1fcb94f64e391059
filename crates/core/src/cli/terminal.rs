//! `Terminal`: a shell on one node of the simulated swarm. It takes the lines tutorials print
//! (`docker service …`, `docker node …`, `docker swarm …`, and the playground's `sleep` and
//! `sim …` verbs) and answers with docker's output, moving simulated time as a real terminal
//! would wait (the progress display, `sleep`).

use std::collections::VecDeque;

use crate::cli::commands::{self, CommandDef, GROUPS};
use crate::cli::flags::{self, Parsed};
use crate::cli::line::split_words;
use crate::cli::progress::{POLL_INTERVAL, Poll, Progress};
use crate::cli::{Dialect, values};
use crate::cluster::{Cluster, advance_to};
use crate::command::Command;
use crate::error::CommandError;
use crate::event::Event;
use crate::node::{NodeId, NodeRole};
use crate::rng::Rng;
use crate::service::ServiceId;
use crate::snapshot::Snapshot;
use crate::time::{SimDuration, SimTime};

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

/// What one command line printed, in order, and its exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
    /// Progress displays the command still has to show, in order (taken into a `Job`).
    waits: Vec<Wait>,
    /// What the command prints once those displays are done (docker's collected errors).
    after_waits: Vec<(Stream, String)>,
}

/// One progress display a command waits on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Wait {
    service: ServiceId,
    shown_as: String,
    quiet: bool,
}

/// A command still running: the progress displays it waits on, polled every 200 ms of
/// simulated time as the docker CLI polls.
#[derive(Debug, Clone)]
struct Job {
    waits: std::collections::VecDeque<Wait>,
    current: Option<(Progress, SimTime, bool)>,
    /// Printed since the command started waiting: finished displays, errors.
    printed: Output,
    after_waits: Vec<(Stream, String)>,
    next_poll: SimTime,
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

    fn push(&mut self, stream: Stream, text: String) {
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

/// A shell on one node of a simulated swarm.
#[derive(Debug, Clone)]
pub struct Terminal {
    pub(crate) cluster: Cluster,
    /// The node the shell runs on.
    pub(crate) node: NodeId,
    pub(crate) dialect: Dialect,
    /// Terminal width: more than 110 columns and the progress display draws bars.
    pub(crate) columns: usize,
    /// Draws what docker draws at random: service names, join tokens.
    pub(crate) rng: Rng,
    pub(crate) join_tokens: [String; 2],
    /// How long the progress display waits before giving up as Ctrl-C would.
    progress_wait_max: SimDuration,
    /// The command still running, if any.
    job: Option<Job>,
    /// Nodes that ran `docker swarm leave`: their daemon runs, outside any swarm.
    pub(crate) left: std::collections::BTreeSet<NodeId>,
    /// What the last running command printed after it started waiting, once it is done.
    finished: Option<Output>,
    events: VecDeque<Event>,
}

impl Terminal {
    /// A shell on the cluster's first manager.
    pub fn new(cluster: Cluster, seed: u64, dialect: Dialect) -> Terminal {
        let snapshot = cluster.snapshot();
        let node = snapshot
            .nodes
            .iter()
            .find(|n| n.role == NodeRole::Manager)
            .or(snapshot.nodes.first())
            .map(|n| n.id)
            .expect("a cluster has at least one node");
        // Separate from the cluster's stream, so typing a command never changes the swarm's
        // own random draws.
        let mut rng = Rng::new(seed ^ 0x7465_726d_696e_616c);
        let prefix = base36(&mut rng, 50);
        let join_tokens = [
            format!("SWMTKN-1-{prefix}-{}", base36(&mut rng, 25)),
            format!("SWMTKN-1-{prefix}-{}", base36(&mut rng, 25)),
        ];
        let mut terminal = Terminal {
            cluster,
            node,
            dialect,
            columns: 120,
            rng,
            join_tokens,
            progress_wait_max: PROGRESS_WAIT_MAX,
            job: None,
            left: std::collections::BTreeSet::new(),
            finished: None,
            events: VecDeque::new(),
        };
        // What the cluster did before the terminal opened is the caller's to read too.
        while let Some(event) = terminal.cluster.poll_event() {
            terminal.events.push_back(event);
        }
        terminal
    }

    /// Changes how long the progress display waits before giving up (`PROGRESS_WAIT_MAX` by
    /// default); tests that do not look at waits shorten it.
    pub fn set_progress_wait_max(&mut self, wait: SimDuration) {
        self.progress_wait_max = wait;
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// Whether events wait in `poll_event`.
    pub fn has_events(&self) -> bool {
        !self.events.is_empty()
    }

    /// The cluster's events, oldest first, as commands and waits produced them.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The node the shell runs on.
    pub fn node(&self) -> NodeId {
        self.node
    }

    /// The shell prompt: `manager1:~$ `.
    pub fn prompt(&self) -> String {
        // Asked every frame by the page while a command runs: one lookup, not a snapshot.
        format!("{}:~$ ", self.cluster.hostname(self.node).unwrap_or("docker"))
    }

    /// Runs one command line to its end, as a script runs it: a progress display waits in
    /// simulated time until it is done. Continuations must be joined (see `line`); a pasted
    /// prompt is dropped.
    pub fn run(&mut self, line: &str) -> Output {
        let mut output = self.start(line);
        while let Some(next) = self.job.as_ref().map(|job| job.next_poll) {
            self.advance(next);
        }
        if let Some(rest) = self.finished.take() {
            output.extend(rest);
        }
        output
    }

    /// Starts one command line, as an interactive terminal does: returns what it prints at
    /// once; if it waits on a progress display, the rest comes as simulated time passes
    /// (`advance`, `screen`, `take_finished`). A line typed while a command runs is refused.
    pub fn start(&mut self, line: &str) -> Output {
        let mut output = Output::default();
        if self.job.is_some() {
            output.fail("a command is still running: wait for it, or interrupt it");
            return output;
        }
        match split_words(crate::cli::line::strip_prompt(line)) {
            Err(error) => output.fail(error),
            Ok(words) if words.is_empty() => {}
            Ok(words) => self.dispatch(&words, &mut output),
        }
        if !output.waits.is_empty() {
            let now = self.cluster.now();
            self.job = Some(Job {
                waits: std::mem::take(&mut output.waits).into(),
                current: None,
                printed: Output { exit_code: output.exit_code, ..Output::default() },
                after_waits: std::mem::take(&mut output.after_waits),
                next_poll: now,
            });
            output.exit_code = 0;
            self.poll_job();
        }
        output
    }

    /// Applies a command from outside the shell (the page's buttons): no text in, no text out.
    pub fn apply_command(&mut self, command: Command) -> Result<(), CommandError> {
        self.apply(command).map(drop)
    }

    /// Whether a command is still running.
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// What the running command shows now below what `start` returned: finished displays and
    /// the live one.
    pub fn screen(&self) -> String {
        let Some(job) = &self.job else { return String::new() };
        let mut text = job.printed.text();
        if let Some((progress, _, false)) = &job.current {
            text.push_str(&progress.screen());
        }
        text
    }

    /// Once the running command is done: what it printed after `start` returned.
    pub fn take_finished(&mut self) -> Option<Output> {
        self.finished.take()
    }

    /// Interrupts the running command, as Ctrl-C does: the operation goes on in the swarm.
    pub fn interrupt(&mut self) {
        if let Some(job) = self.job.as_mut() {
            job.waits.clear();
            if let Some((progress, _, _)) = job.current.as_mut() {
                progress.interrupt();
            }
            self.finish_current(None);
        }
    }

    /// Lets simulated time pass up to `until`, polling the running command's progress display
    /// every 200 ms on the way; the cluster's events queue up for `poll_event`.
    pub fn advance(&mut self, until: SimTime) {
        loop {
            match self.job.as_ref().map(|job| job.next_poll) {
                Some(next) if next <= until => {
                    self.advance_cluster(next);
                    self.poll_job();
                }
                _ => {
                    self.advance_cluster(until);
                    return;
                }
            }
        }
    }

    /// One poll of the running command's current progress display.
    fn poll_job(&mut self) {
        let now = self.cluster.now();
        let Some(job) = self.job.as_mut() else { return };
        if job.current.is_none() {
            let Some(wait) = job.waits.pop_front() else {
                self.finish_job();
                return;
            };
            let progress = Progress::new(wait.service, &wait.shown_as, self.dialect, self.columns);
            job.current = Some((progress, now, wait.quiet));
        }
        let (progress, started, _) = job.current.as_mut().expect("set above");
        let service = progress.service();
        let snapshot = self.cluster.service_snapshot(service);
        let monitor = self
            .cluster
            .service_record(service)
            .map_or(SimDuration::ZERO, |s| s.spec.update.monitor);
        match progress.poll(&snapshot, monitor) {
            Poll::Waiting if now.saturating_since(*started) >= self.progress_wait_max => {
                progress.interrupt();
                self.finish_current(None);
            }
            Poll::Waiting => job.next_poll = now + POLL_INTERVAL,
            Poll::Done => self.finish_current(None),
            Poll::Failed(error) => self.finish_current(Some(error)),
        }
    }

    /// The current display is done: its last screen stays; the next one starts at once.
    fn finish_current(&mut self, error: Option<String>) {
        let Some(job) = self.job.as_mut() else { return };
        if let Some((progress, _, quiet)) = job.current.take()
            && !quiet
        {
            job.printed.out(progress.screen());
        }
        if let Some(error) = error {
            job.printed.fail(error);
        }
        if job.waits.is_empty() {
            self.finish_job();
        } else {
            self.poll_job();
        }
    }

    fn finish_job(&mut self) {
        if let Some(mut job) = self.job.take() {
            for (stream, text) in std::mem::take(&mut job.after_waits) {
                match stream {
                    Stream::Stdout => job.printed.out(text),
                    Stream::Stderr => {
                        job.printed.push(Stream::Stderr, text);
                        if job.printed.exit_code == 0 {
                            job.printed.exit_code = 1;
                        }
                    }
                }
            }
            self.finished = Some(job.printed);
        }
    }

    fn dispatch(&mut self, words: &[String], output: &mut Output) {
        let first = words[0].as_str();
        if !matches!(first, "docker" | "sim" | "sleep") {
            output.exit_code = 127;
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
        self.execute(def, &parsed, output);
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

    fn execute(&mut self, def: &CommandDef, parsed: &Parsed, output: &mut Output) {
        match def.path {
            "sleep" => self.sleep(&parsed.args[0], output),
            path if path.starts_with("sim ") => self.simulation(def, parsed, output),
            path => {
                if let Err(error) = self.daemon_reachable() {
                    output.fail(error);
                    return;
                }
                match path {
                    "docker version" => self.version(output),
                    "docker info" => self.info(output),
                    "docker ps" => self.containers(parsed, output),
                    path if path.starts_with("docker swarm ") => self.swarm(def, parsed, output),
                    _ => {
                        if let Err(error) = self.require_manager() {
                            output.fail(error);
                            return;
                        }
                        if path.starts_with("docker service ") {
                            self.service(def, parsed, output);
                        } else {
                            self.node_command(def, parsed, output);
                        }
                    }
                }
            }
        }
    }

    /// Whether the machine the shell is on is powered on.
    fn daemon_reachable(&self) -> Result<(), String> {
        let snapshot = self.cluster.snapshot();
        match snapshot.node(self.node) {
            Some(node) if node.powered || self.left.contains(&node.id) => Ok(()),
            _ => Err("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?".to_string()),
        }
    }

    /// Manager-only commands refuse to run on a worker, and need a leader.
    pub(crate) fn require_manager(&self) -> Result<(), String> {
        if self.left.contains(&self.node) {
            return Err(format!("Error response from daemon: {NOT_IN_SWARM_ERROR}"));
        }
        let snapshot = self.cluster.snapshot();
        let is_manager = snapshot.node(self.node).is_some_and(|n| n.role == NodeRole::Manager);
        if !is_manager {
            return Err(format!("Error response from daemon: {WORKER_ERROR}"));
        }
        if snapshot.leader.is_none() {
            return Err(daemon_error(&CommandError::NoLeader));
        }
        Ok(())
    }

    /// Applies a command now; on success, the events it made are queued.
    pub(crate) fn apply(&mut self, command: Command) -> Result<Vec<Event>, CommandError> {
        let now = self.cluster.now();
        let result = self.cluster.handle_command(now, command);
        let mut made = Vec::new();
        while let Some(event) = self.cluster.poll_event() {
            made.push(event.clone());
            self.events.push_back(event);
        }
        result.map(|()| made)
    }

    fn advance_cluster(&mut self, until: SimTime) {
        let events = &mut self.events;
        advance_to(&mut self.cluster, until, &mut |event| events.push_back(event));
    }

    fn sleep(&mut self, arg: &str, output: &mut Output) {
        match parse_sleep(arg) {
            Ok(duration) => {
                let until = self.cluster.now() + duration;
                self.advance(until);
            }
            Err(error) => output.fail(error),
        }
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

/// docker's lookup (§9 of docker-cli.md): an exact ID, else an exact name, else the one object
/// whose ID starts with `arg`; `kind` words the errors (`service web not found`).
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
fn parse_sleep(arg: &str) -> Result<SimDuration, String> {
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
    if nanos < 0 {
        return Err(invalid());
    }
    let millis = u64::try_from(nanos / 1_000_000).map_err(|_| invalid())?;
    if millis > SLEEP_MAX.as_millis() {
        return Err(format!("sleep: the playground sleeps at most 7 days at a time ('{arg}')"));
    }
    Ok(SimDuration::from_millis(millis))
}

fn base36(rng: &mut Rng, len: usize) -> String {
    (0..len)
        .map(|_| b"0123456789abcdefghijklmnopqrstuvwxyz"[(rng.next_u64() % 36) as usize] as char)
        .collect()
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

    fn lab(seed: u64) -> Terminal {
        Terminal::new(Cluster::new(crate::Config::default(), seed), seed, Dialect::Docker24)
    }

    #[test]
    fn a_live_run_prints_what_a_script_run_prints() {
        let line = "docker service create --name web --replicas 2 nginx";
        let whole = lab(3).run(line).text();
        let mut live = lab(3);
        let first = live.start(line);
        assert!(live.is_busy());
        assert_eq!(first.text().lines().count(), 1, "the service ID comes at once");
        let mut now = live.cluster().now();
        let mut screens = Vec::new();
        while live.is_busy() {
            now = now + SimDuration::from_millis(100);
            live.advance(now);
            screens.push(live.screen());
        }
        let rest = live.take_finished().expect("done");
        assert_eq!(first.text() + &rest.text(), whole);
        assert!(screens.iter().any(|s| s.contains("1/2: preparing [")), "{screens:?}");
        assert!(live.start("docker service ls").text().contains("web"));
    }

    #[test]
    fn an_interrupted_wait_says_so_and_the_swarm_goes_on() {
        let mut live = lab(3);
        live.start("docker service create --name web --replicas 2 nginx");
        let refused = live.start("docker service ls");
        assert_eq!(refused.exit_code, 1);
        live.interrupt();
        assert!(!live.is_busy());
        let rest = live.take_finished().expect("done").text();
        assert!(rest.contains("Operation continuing in background."), "{rest}");
        let later = live.cluster().now() + SimDuration::from_secs(30);
        live.advance(later);
        assert!(live.run("docker service ls").text().contains("2/2"));
    }

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
