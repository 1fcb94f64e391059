//! `sim export`: a session's inputs as a script. Two readers:
//!
//! - a real swarm (`sim export`): docker commands as typed, `sleep` kept (and added where time
//!   passed between commands), the playground's verbs turned into comments that say what to
//!   do by hand (`# power off the machine worker2`);
//! - `swarm run` (`sim export --replay`): the lines exactly as typed, so that the same seed
//!   plays the same transcript back, byte for byte. Only what a script cannot type differs:
//!   a page action becomes its command line, and a wait cut short (Ctrl-C, or a page action
//!   while it ran) becomes `--detach` and a `sleep`, which gives the same swarm.
//!
//! It also gives each page `Command` its command line (`command_line`), which the transcript
//! shows and both exports use.

use std::fmt::Write;

use swarm_core::image::{Behavior, ImageSpec};
use swarm_core::{
    Cluster, Command, NodeId, NodeRole, NodeSpec, ServiceMode, ServiceSpec, SimDuration, SimTime,
    UpdateConfig,
};

use crate::format::inspect::node_address;
use crate::parse::line::{joined, split_words, strip_prompt};
use crate::parse::values::format_go_duration;
use crate::shell::Shell;
use crate::transcript::{Exchange, ExchangeKind};

/// The command line a page action stands for: a docker command where there is one, else the
/// playground's verb, else (for what only the API can do) a sentence.
pub(crate) fn command_line(cluster: &Cluster, command: &Command) -> String {
    let host = |node: &NodeId| quote(cluster.hostname(*node).unwrap_or(node.0.as_str()));
    let service = |id: &swarm_core::ServiceId| {
        quote(cluster.service_record(*id).map_or(id.0.as_str(), |s| s.spec.name.as_str()))
    };
    match command {
        Command::CreateService(spec) => create_line(spec),
        Command::ScaleService { service: id, replicas } => {
            format!("docker service scale {}={replicas}", service(id))
        }
        Command::UpdateService { service: id, spec } => match cluster.service_record(*id) {
            Some(current) => update_line(&current.spec, spec, &service(id)),
            None => format!("docker service update {}", service(id)),
        },
        Command::RollbackService(id) => format!("docker service rollback {}", service(id)),
        Command::RemoveService(id) => format!("docker service rm {}", service(id)),
        Command::SetAvailability { node, availability } => {
            format!("docker node update --availability {} {}", availability.as_str(), host(node))
        }
        Command::UpdateNodeLabels { node, add, remove } => {
            let mut line = "docker node update".to_string();
            for key in remove {
                let _ = write!(line, " --label-rm {}", quote(key));
            }
            for (key, value) in add {
                let _ = write!(line, " --label-add {}", quote(&format!("{key}={value}")));
            }
            format!("{line} {}", host(node))
        }
        Command::SetRole { node, role: NodeRole::Manager } => {
            format!("docker node promote {}", host(node))
        }
        Command::SetRole { node, .. } => format!("docker node demote {}", host(node)),
        Command::RemoveNode { node, force } => {
            format!("docker node rm {}{}", if *force { "--force " } else { "" }, host(node))
        }
        Command::AddNode(spec) => add_node_line(spec),
        Command::PowerOffNode(node) => format!("sim node kill {}", host(node)),
        Command::PowerOnNode(node) => format!("sim node start {}", host(node)),
        Command::LeaveSwarm(_) => "docker swarm leave --force".to_string(),
        Command::JoinSwarm(_) => {
            let address = cluster
                .leader()
                .and_then(|leader| cluster.node_view(leader))
                .map(|n| node_address(&cluster.snapshot(), &n))
                .unwrap_or_default();
            format!(
                "docker swarm join --token {} {address}:2377",
                cluster.join_token(NodeRole::Worker)
            )
        }
        Command::FailTask { task, exit_code } => {
            format!("sim task fail {task} --exit-code {exit_code}", task = task.0.as_str())
        }
        Command::AddImage(image) => add_image_line(image),
        Command::SetTaskDefaults(defaults) => match &defaults.log_driver {
            Some(driver) => format!("(API) the swarm's default log driver becomes {driver}"),
            None => "(API) the swarm's default log driver is cleared".to_string(),
        },
        // `Command` grows with the core; a new kind is named by what it is not.
        _ => "(API) a command the docker CLI has no line for".to_string(),
    }
}

/// The node a page action must run on, if not on any manager (`docker swarm leave`/`join`).
pub(crate) fn command_node(command: &Command) -> Option<NodeId> {
    match command {
        Command::LeaveSwarm(node) | Command::JoinSwarm(node) => Some(*node),
        _ => None,
    }
}

fn create_line(spec: &ServiceSpec) -> String {
    let mut line = format!("docker service create --name {}", quote(&spec.name));
    match spec.mode {
        ServiceMode::Global => line.push_str(" --mode global"),
        ServiceMode::Replicated { replicas } if replicas != 1 => {
            let _ = write!(line, " --replicas {replicas}");
        }
        ServiceMode::Replicated { .. } => {}
    }
    for env in &spec.env {
        let _ = write!(line, " --env {}", quote(env));
    }
    for constraint in &spec.constraints {
        let _ = write!(line, " --constraint {}", quote(constraint));
    }
    for port in &spec.ports {
        let _ = write!(
            line,
            " --publish {}",
            quote(&format!(
                "published={},target={},protocol={},mode={}",
                port.published,
                port.target,
                port.protocol.as_str(),
                port.mode.as_str()
            ))
        );
    }
    update_flags(&mut line, "update", &UpdateConfig::default(), &spec.update);
    update_flags(&mut line, "rollback", &UpdateConfig::default(), &spec.rollback);
    let _ = write!(line, " {}", quote(&spec.image));
    for arg in &spec.args {
        let _ = write!(line, " {}", quote(arg));
    }
    line
}

fn update_line(current: &ServiceSpec, spec: &ServiceSpec, name: &str) -> String {
    let mut line = "docker service update".to_string();
    if spec.image != current.image {
        let _ = write!(line, " --image {}", quote(&spec.image));
    }
    if spec.mode != current.mode
        && let ServiceMode::Replicated { replicas } = spec.mode
    {
        let _ = write!(line, " --replicas {replicas}");
    }
    if spec.force_update > current.force_update {
        line.push_str(" --force");
    }
    for env in current.env.iter().filter(|e| !spec.env.contains(e)) {
        let key = env.split('=').next().unwrap_or(env);
        if !spec.env.iter().any(|e| e.split('=').next() == Some(key)) {
            let _ = write!(line, " --env-rm {}", quote(key));
        }
    }
    for env in spec.env.iter().filter(|e| !current.env.contains(e)) {
        let _ = write!(line, " --env-add {}", quote(env));
    }
    for constraint in current.constraints.iter().filter(|c| !spec.constraints.contains(c)) {
        let _ = write!(line, " --constraint-rm {}", quote(constraint));
    }
    for constraint in spec.constraints.iter().filter(|c| !current.constraints.contains(c)) {
        let _ = write!(line, " --constraint-add {}", quote(constraint));
    }
    update_flags(&mut line, "update", &current.update, &spec.update);
    update_flags(&mut line, "rollback", &current.rollback, &spec.rollback);
    format!("{line} {name}")
}

/// `--update-*` (or `--rollback-*`) flags for what differs from `before`.
fn update_flags(line: &mut String, prefix: &str, before: &UpdateConfig, after: &UpdateConfig) {
    if after.parallelism != before.parallelism {
        let _ = write!(line, " --{prefix}-parallelism {}", after.parallelism);
    }
    if after.delay != before.delay {
        let _ = write!(line, " --{prefix}-delay {}", format_go_duration(after.delay.as_millis()));
    }
    if after.monitor != before.monitor {
        let monitor = format_go_duration(after.monitor.as_millis());
        let _ = write!(line, " --{prefix}-monitor {monitor}");
    }
    if after.order != before.order {
        let _ = write!(line, " --{prefix}-order {}", after.order.as_str());
    }
    if after.failure_action != before.failure_action {
        let _ = write!(line, " --{prefix}-failure-action {}", after.failure_action.as_str());
    }
    if after.max_failure_ratio != before.max_failure_ratio {
        let _ = write!(line, " --{prefix}-max-failure-ratio {}", after.max_failure_ratio.0);
    }
}

fn add_node_line(spec: &NodeSpec) -> String {
    let mut line = format!("sim node add {}", quote(&spec.hostname));
    if spec.role == NodeRole::Manager {
        line.push_str(" --role manager");
    }
    let cpus = spec.resources.nano_cpus;
    if cpus != 2_000_000_000 {
        let whole = cpus / 1_000_000_000;
        let frac = format!("{:09}", cpus % 1_000_000_000);
        let frac = frac.trim_end_matches('0');
        let _ = if frac.is_empty() {
            write!(line, " --cpus {whole}")
        } else {
            write!(line, " --cpus {whole}.{frac}")
        };
    }
    let memory = spec.resources.memory_bytes;
    if memory != 4 << 30 {
        let _ = match memory {
            m if m % (1 << 30) == 0 => write!(line, " --memory {}g", m >> 30),
            m if m % (1 << 20) == 0 => write!(line, " --memory {}m", m >> 20),
            m => write!(line, " --memory {m}"),
        };
    }
    for (key, value) in &spec.labels {
        let _ = write!(line, " --label {}", quote(&format!("{key}={value}")));
    }
    line
}

fn add_image_line(image: &ImageSpec) -> String {
    let mut line = format!(
        "sim image add {} --pull-time {} --start-time {}",
        quote(&image.reference),
        format_go_duration(image.pull.as_millis()),
        format_go_duration(image.start.as_millis())
    );
    if let Behavior::Exits { after, code } = image.behavior {
        let _ = write!(
            line,
            " --exit-after {} --exit-code {code}",
            format_go_duration(after.as_millis())
        );
    }
    for name in &image.require_env {
        let _ = write!(line, " --require-env {}", quote(name));
    }
    line
}

/// A word as a POSIX shell reads it back.
fn quote(word: &str) -> String {
    shlex::try_quote(word).map_or_else(|_| word.to_string(), |q| q.into_owned())
}

/// The commands whose line waits on a progress display unless detached.
const WAITING: [&str; 4] = [
    "docker service create",
    "docker service update",
    "docker service scale",
    "docker service rollback",
];

/// `line` with `--detach` after its command path, if it is a command that waits. A
/// `--detach=false` typed after it would win, so it goes.
fn detached(line: &str) -> Option<String> {
    let line = strip_prompt(line);
    let line = line.strip_prefix("sudo ").unwrap_or(line);
    let path = WAITING.iter().find(|path| {
        line.strip_prefix(**path).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })?;
    let rest = &line[path.len()..];
    let undoes = |w: &String| w.starts_with("--detach=") || w.starts_with("-d=");
    let words = split_words(rest).unwrap_or_default();
    if !words.iter().any(undoes) {
        return Some(format!("{path} --detach{rest}"));
    }
    let kept: Vec<String> = words.iter().filter(|w| !undoes(w)).map(|w| quote(w)).collect();
    Some(format!("{path} --detach {}", kept.join(" ")).trim_end().to_string())
}

/// `sleep 12.5`: seconds, to the millisecond.
fn sleep_line(duration: SimDuration) -> String {
    let ms = duration.as_millis();
    let frac = format!("{:03}", ms % 1000);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("sleep {}\n", ms / 1000)
    } else {
        format!("sleep {}.{frac}\n", ms / 1000)
    }
}

/// The script of a transcript up to `now`: for a real swarm, or (`replay`) for `swarm run`.
pub(crate) fn script(exchanges: &[Exchange], now: SimTime, replay: bool, shell: &Shell) -> String {
    let mut out = String::new();
    if !replay {
        out.push_str(&header(now, shell));
    }
    // The transcript lists exchanges as they end: a page action taken while a line waits comes
    // before it. A script runs them in the order they started, so that line must not wait.
    let mut order: Vec<&Exchange> = exchanges.iter().collect();
    swarm_core::sort::sort_by_key(&mut order, |e| e.seq);
    let mut clock = SimTime::ZERO;
    for (i, exchange) in order.iter().enumerate() {
        if exchange.at > clock {
            out.push_str(&sleep_line(exchange.at.saturating_since(clock)));
            clock = exchange.at;
        }
        match &exchange.kind {
            ExchangeKind::Comment(text) | ExchangeKind::Note(text) => {
                out.push_str(text);
                out.push('\n');
            }
            ExchangeKind::Line(typed) => {
                let line = &joined(typed);
                let cut_short = exchange.interrupted
                    || order[i + 1..].iter().any(|later| {
                        matches!(later.kind, ExchangeKind::Action { .. })
                            && later.at < exchange.finished_at
                    });
                if cut_short {
                    // The wait ended early: the rest of the time passes as a `sleep`.
                    out.push_str(&match detached(line) {
                        Some(detached) if replay => detached,
                        Some(detached) => human_line(&detached, exchange),
                        None => format!("# cut short here: {line}"),
                    });
                } else {
                    out.push_str(&if replay { typed.clone() } else { human_line(typed, exchange) });
                    clock = exchange.finished_at;
                }
                out.push('\n');
            }
            ExchangeKind::Action { line, via } => {
                let command = line.starts_with("docker ") || line.starts_with("sim ");
                let line = detached(line).unwrap_or_else(|| line.clone());
                let here = shell.cluster.hostname(exchange.node).unwrap_or_default();
                match (replay, command, via) {
                    (true, true, Some(via)) => {
                        let _ = writeln!(out, "sim use {via}\n{line}\nsim use {here}");
                    }
                    (true, true, None) => {
                        let _ = writeln!(out, "{line}");
                    }
                    (true, false, _) => {
                        let _ = writeln!(out, "# not replayable from a script: {line}");
                    }
                    (false, true, via) => {
                        if let Some(via) = via {
                            let _ = writeln!(out, "# on {via}:");
                        }
                        let _ = writeln!(out, "{}", human_line(&line, exchange));
                    }
                    (false, false, _) => {
                        let _ = writeln!(out, "# {line}");
                    }
                }
            }
        }
    }
    if now > clock {
        out.push_str(&sleep_line(now.saturating_since(clock)));
    }
    out
}

fn header(now: SimTime, shell: &Shell) -> String {
    let snapshot = shell.cluster.snapshot();
    let nodes: Vec<String> =
        snapshot.nodes.iter().map(|n| format!("{} ({})", n.hostname, n.role.as_str())).collect();
    format!(
        "#!/bin/sh\n\
         # A Swarm Playground session: what was typed in its first {} of simulated time.\n\
         # Run it on a manager of a swarm with these nodes: {}.\n\
         # What only the playground can do is a comment: do it by hand.\n\n",
        crate::narrate::clock(now),
        nodes.join(", ")
    )
}

/// A line for a real swarm: docker commands as typed (prompts dropped); a `sleep` as the
/// seconds it waited, which any `sleep` reads; the playground's verbs as a comment saying
/// what to do by hand; what failed in the playground as a comment.
fn human_line(typed: &str, exchange: &Exchange) -> String {
    let typed = strip_prompt(typed);
    let line = &joined(typed);
    let Ok(words) = split_words(line) else { return format!("# (not a valid line) {line}") };
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let failed = exchange.exit_code != 0;
    let waited = exchange.finished_at.saturating_since(exchange.at);
    match words.as_slice() {
        ["docker", ..] => typed.to_string(),
        _ if failed => format!("# failed in the playground: {line}"),
        ["sleep", ..] => sleep_line(waited).trim_end().to_string(),
        ["sim", "node", "kill", node, ..] => format!("# power off the machine {node}"),
        ["sim", "node", "start", node, ..] => format!("# power the machine {node} back on"),
        ["sim", "node", "add", rest @ ..] => {
            let role = if rest.contains(&"manager") { "manager" } else { "worker" };
            let host = rest.iter().find(|w| !w.starts_with('-')).copied().unwrap_or("a machine");
            format!(
                "# add a machine {host} and join it as a {role}: run there what `docker swarm join-token {role}` prints ({line})"
            )
        }
        ["sim", "task", "fail", task, ..] => format!(
            "# make the process of task {task} fail (for example `docker kill` its container on its node) ({line})"
        ),
        ["sim", "image", "add", image, ..] => {
            format!("# build and push an image {image} that behaves as this says: {line}")
        }
        ["sim", "use", node, ..] => format!("# the next commands run on {node}: ssh {node}"),
        ["sim", "step"] if waited > SimDuration::ZERO => format!(
            "# the playground ran to its next event here; wait as long:\n{}",
            sleep_line(waited).trim_end()
        ),
        ["sim", "step"] => "# the playground looked for the next event here: none came".to_string(),
        ["sim", ..] => format!("# playground only, nothing to do: {line}"),
        [] => String::new(),
        _ => format!("# not run in the playground: {line}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn waiting_commands_detach_after_their_path() {
        assert_eq!(
            detached("docker service update --image nginx:1.25 web").as_deref(),
            Some("docker service update --detach --image nginx:1.25 web")
        );
        assert_eq!(
            detached("$ sudo docker service create nginx").as_deref(),
            Some("docker service create --detach nginx")
        );
        assert_eq!(detached("docker service ls"), None);
        assert_eq!(
            detached("docker service create --detach=false --name web nginx").as_deref(),
            Some("docker service create --detach --name web nginx")
        );
        assert_eq!(detached("docker service updated"), None);
    }

    #[test]
    fn sleeps_keep_milliseconds() {
        assert_eq!(sleep_line(SimDuration::from_millis(12_500)), "sleep 12.5\n");
        assert_eq!(sleep_line(SimDuration::from_millis(3_000)), "sleep 3\n");
        assert_eq!(sleep_line(SimDuration::from_millis(1_042)), "sleep 1.042\n");
    }

    fn done(at_ms: u64, took_ms: u64, exit_code: i32) -> Exchange {
        Exchange {
            serial: 0,
            seq: 0,
            at: SimTime::from_millis(at_ms),
            finished_at: SimTime::from_millis(at_ms + took_ms),
            node: swarm_core::NodeId(swarm_core::id::ObjectId::generate(
                &mut swarm_core::rng::Rng::new(1),
            )),
            prompt: String::new(),
            kind: ExchangeKind::Comment(String::new()),
            output: Vec::new(),
            exit_code,
            failed_in_wait: false,
            interrupted: false,
        }
    }

    #[test]
    fn playground_verbs_become_what_to_do_by_hand() {
        let ok = done(0, 0, 0);
        assert_eq!(human_line("sim node kill worker2", &ok), "# power off the machine worker2");
        assert_eq!(human_line("$ docker service ls", &ok), "docker service ls");
        assert!(human_line("sim node add worker3 --role manager", &ok).contains("as a manager"));
        assert_eq!(human_line("ls -l", &ok), "# not run in the playground: ls -l");
        // A sleep as any `sleep` reads it, for as long as it waited; one the playground refused
        // is not run.
        assert_eq!(human_line("sleep 1m30s", &done(0, 90_000, 0)), "sleep 90");
        assert_eq!(human_line("sleep 500ms", &done(0, 500, 0)), "sleep 0.5");
        assert_eq!(human_line("sleep 8d", &done(0, 0, 1)), "# failed in the playground: sleep 8d");
        assert_eq!(
            human_line("sim use nope", &done(0, 0, 1)),
            "# failed in the playground: sim use nope"
        );
        assert!(human_line("sim step", &done(0, 50, 0)).ends_with("\nsleep 0.05"));
    }
}
