//! `docker service logs`: what the simulated containers print, with docker's
//! `service.slot.task@node    | ` prefixes.
//!
//! The simulation has no processes, so output is synthesised from the image and the task's
//! life, deterministically: the start-up lines the real images print, and for `ping HOST` one
//! reply a second while the task runs. Images added with `sim image add` print nothing.

use swarm_core::SimTime;
use swarm_core::TaskState;
use swarm_core::{Snapshot, TaskView};

/// `ping` replies shown per running task at most, newest kept (a long-running ping would
/// otherwise print thousands of lines).
const PING_LINES_MAX: u64 = 200;

/// docker's options for the command.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LogOptions {
    pub no_task_ids: bool,
    pub no_trunc: bool,
    pub raw: bool,
    pub timestamps: bool,
    /// `--tail N`: the last N lines of each task.
    pub tail: Option<usize>,
}

/// The log lines of `tasks`, oldest first, each with docker's prefix.
pub(crate) fn service_logs(
    snapshot: &Snapshot,
    tasks: &[&TaskView],
    args: &[String],
    replicas: u32,
    options: LogOptions,
) -> String {
    let width = replicas.max(1).to_string().len();
    let mut lines: Vec<(SimTime, String)> = Vec::new();
    for task in tasks {
        let mut own = task_lines(task, args, snapshot.now);
        if let Some(tail) = options.tail {
            let skip = own.len().saturating_sub(tail);
            own.drain(..skip);
        }
        let prefix = prefix(task, width, options);
        for (at, message) in own {
            let stamp = if options.timestamps {
                format!("{} ", crate::format::inspect::rfc3339(at))
            } else {
                String::new()
            };
            let line = if options.raw {
                format!("{stamp}{message}\n")
            } else {
                format!("{prefix}    | {stamp}{message}\n")
            };
            lines.push((at, line));
        }
    }
    // Streams from several tasks interleave by time; ties keep task order.
    swarm_core::sort::sort_by_key(&mut lines, |(at, _)| *at);
    lines.into_iter().map(|(_, line)| line).collect()
}

/// `web.1.k401zhyght41@worker1` plus the padding that aligns slots of different widths.
fn prefix(task: &TaskView, width: usize, options: LogOptions) -> String {
    let mut name = task.name();
    if !options.no_task_ids {
        let id = if options.no_trunc { task.id.0.as_str() } else { task.id.0.short() };
        name = format!("{name}.{id}");
    }
    let node = task.node_hostname.clone().unwrap_or_default();
    let padding =
        if task.slot == 0 { 0 } else { width.saturating_sub(task.slot.to_string().len()) };
    format!("{name}@{node}{}", " ".repeat(padding))
}

/// What one task's container printed, with when.
fn task_lines(task: &TaskView, args: &[String], now: SimTime) -> Vec<(SimTime, String)> {
    // A container prints only once it has started.
    if task.state < TaskState::Running || task.state == TaskState::Rejected {
        return Vec::new();
    }
    // A stopped task's record keeps when it stopped, not when it started; its creation is the
    // closest start the snapshot knows.
    let started = if task.state == TaskState::Running { task.since } else { task.created_at };
    let repository = task.image.split(':').next().unwrap_or("");
    let at = |line: &str| (started, line.to_string());
    match repository {
        "nginx" => vec![
            at(
                "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            ),
            at("/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"),
            at("/docker-entrypoint.sh: Configuration complete; ready for start up"),
        ],
        "alpine" | "busybox" => match args {
            [command, host, ..] if command == "ping" && task.state == TaskState::Running => {
                ping_lines(host, task.id.0.as_str(), started, now)
            }
            _ => Vec::new(),
        },
        "mysql" if task.err.as_deref() == Some("task: non-zero exit (1)") => vec![
            at("error: database is uninitialized and password option is not specified"),
            at(
                "  You need to specify one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD and MYSQL_RANDOM_ROOT_PASSWORD",
            ),
        ],
        "mysql" => vec![at("[Note] mysqld: ready for connections.")],
        "postgres" => vec![at("LOG:  database system is ready to accept connections")],
        "redis" => vec![at("* Ready to accept connections")],
        "registry" => vec![at("level=info msg=\"listening on [::]:5000\"")],
        _ => Vec::new(),
    }
}

/// `ping HOST` as busybox prints it: a header, then one reply a second.
fn ping_lines(host: &str, salt: &str, started: SimTime, now: SimTime) -> Vec<(SimTime, String)> {
    let salt: u64 = salt.bytes().map(u64::from).sum();
    let address = fake_address(host);
    let seconds = now.saturating_since(started).whole_secs();
    let first = seconds.saturating_sub(PING_LINES_MAX);
    let mut lines = vec![(started, format!("PING {host} ({address}): 56 data bytes"))];
    for seq in first..seconds {
        let at = SimTime::from_millis(started.as_millis() + seq * 1000 + 1);
        // A steady, plausible round trip that still varies line to line.
        let micros = 400 + (seq * 7919 + salt * 104_729) % 300;
        let time = format!("{}.{:03}", micros / 1000, micros % 1000);
        lines.push((at, format!("64 bytes from {address}: seq={seq} ttl=42 time={time} ms")));
    }
    lines
}

/// A documentation-range address (192.0.2.0/24) standing for `host`, the same every time.
fn fake_address(host: &str) -> String {
    let sum: u32 = host.bytes().map(u32::from).sum();
    format!("192.0.2.{}", 1 + sum % 254)
}
