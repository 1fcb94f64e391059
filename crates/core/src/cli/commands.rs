//! The command table: every command the terminal knows, with docker's usage line, short
//! description, aliases, argument rule and flags, and the `--help` and argument-count texts
//! built from them.

use crate::cli::Dialect;
use crate::cli::flags::{Flag, Kind, flag, usages};

/// How many positional arguments a command takes (cobra's `Args` validators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arity {
    None,
    Exactly(usize),
    AtLeast(usize),
    Any,
}

/// One command: `docker service create`, `sim node add`, ...
#[derive(Debug)]
pub(crate) struct CommandDef {
    /// The full path, `docker service create`.
    pub path: &'static str,
    /// What follows the path in the usage line.
    pub usage: &'static str,
    pub short: &'static str,
    /// Other names of the last word (`ls` → `list`).
    pub aliases: &'static [&'static str],
    pub arity: Arity,
    pub flags: &'static [Flag],
    /// docker service create/update: everything after the first argument is the container's.
    pub interspersed: bool,
}

impl CommandDef {
    pub fn name(&self) -> &'static str {
        self.path.rsplit(' ').next().unwrap_or(self.path)
    }

    fn use_line(&self) -> String {
        if self.usage.is_empty() {
            self.path.to_string()
        } else {
            format!("{} {}", self.path, self.usage)
        }
    }

    /// `--help`.
    pub fn help(&self) -> String {
        let mut out = format!("\nUsage:  {}\n\n{}\n", self.use_line(), self.short);
        if !self.aliases.is_empty() {
            out.push_str(&format!("\nAliases:\n  {}, {}\n", self.name(), self.aliases.join(", ")));
        }
        out.push_str("\nOptions:\n");
        out.push_str(&usages(self.flags_with_help().as_slice()));
        out
    }

    fn flags_with_help(&self) -> Vec<Flag> {
        let mut all = self.flags.to_vec();
        all.push(flag("help", Kind::Bool, "Print usage"));
        all
    }

    /// The error for a wrong number of arguments, or `None` if `count` is fine.
    pub fn check_arity(&self, count: usize, dialect: Dialect) -> Option<String> {
        let (rule, plural_of) = match self.arity {
            Arity::Any => return None,
            Arity::None if count == 0 => return None,
            Arity::None => ("accepts no arguments".to_string(), 0),
            Arity::Exactly(n) if count == n => return None,
            Arity::Exactly(n) => (format!("requires exactly {n}"), n),
            Arity::AtLeast(n) if count >= n => return None,
            Arity::AtLeast(n) => (format!("requires at least {n}"), n),
        };
        let rule = if self.arity == Arity::None {
            rule
        } else {
            format!("{rule} argument{}", if plural_of == 1 { "" } else { "s" })
        };
        Some(match dialect {
            Dialect::Docker24 => format!(
                "\"{}\" {rule}.\nSee '{} --help'.\n\nUsage:  {}\n\n{}",
                self.path,
                self.path,
                self.use_line(),
                self.short
            ),
            Dialect::Docker29 => format!(
                "docker: '{}' {rule}\n\nUsage:  {}\n\nSee '{} --help' for more information",
                self.path,
                self.use_line(),
                self.path
            ),
        })
    }

    /// A flag error with docker's footer.
    pub fn flag_error(&self, error: &str, dialect: Dialect) -> String {
        match dialect {
            Dialect::Docker24 => format!("{error}\nSee '{} --help'.", self.path),
            Dialect::Docker29 => format!(
                "{error}\n\nUsage:  {}\n\nRun '{} --help' for more information",
                self.use_line(),
                self.path
            ),
        }
    }
}

/// A group of commands (`docker service`), for its usage text.
#[derive(Debug)]
pub(crate) struct Group {
    pub path: &'static str,
    pub short: &'static str,
}

impl Group {
    /// `docker service` alone, or with an unknown subcommand.
    pub fn usage(&self) -> String {
        let mut out = format!("\nUsage:  {} COMMAND\n\n{}\n\nCommands:\n", self.path, self.short);
        let children: Vec<&CommandDef> = COMMANDS
            .iter()
            .filter(|c| c.path.strip_prefix(self.path).is_some_and(|r| r.matches(' ').count() == 1))
            .collect();
        let width = children.iter().map(|c| c.name().len()).max().unwrap_or(0).max(10);
        for child in children {
            out.push_str(&format!("  {:width$}  {}\n", child.name(), child.short));
        }
        out.push_str(&format!(
            "\nRun '{} COMMAND --help' for more information on a command.\n",
            self.path
        ));
        out
    }
}

pub(crate) const GROUPS: &[Group] = &[
    Group { path: "docker service", short: "Manage Swarm services" },
    Group { path: "docker node", short: "Manage Swarm nodes" },
    Group { path: "docker swarm", short: "Manage Swarm" },
    Group { path: "sim node", short: "Add, power off and power on simulated machines" },
    Group { path: "sim task", short: "Make a task's process fail" },
    Group { path: "sim image", short: "Manage the simulated image registry" },
];

const DETACH: Flag =
    flag("detach", Kind::Bool, "Exit immediately instead of waiting for the service to converge")
        .short('d');
const QUIET_PROGRESS: Flag = flag("quiet", Kind::Bool, "Suppress progress output").short('q');
const FILTER: Flag =
    flag("filter", Kind::Filter, "Filter output based on conditions provided").short('f');
const FORMAT: Flag = flag("format", Kind::String, "Format output using a custom template");

/// Flags `service create` and `service update` share (`addServiceFlags`), with create's
/// defaults; those the simulation does not model are accepted and kept out of the spec.
macro_rules! service_flags {
    ($($extra:expr),* $(,)?) => {
        &[
            DETACH,
            QUIET_PROGRESS,
            flag("replicas", Kind::Uint, "Number of tasks"),
            flag("replicas-max-per-node", Kind::Uint64, "Maximum number of tasks per node (default 0 = unlimited)"),
            flag("max-concurrent", Kind::Uint, "Number of job tasks to run concurrently (default equal to --replicas)"),
            flag("hostname", Kind::String, "Container hostname"),
            flag("workdir", Kind::String, "Working directory inside the container").short('w'),
            flag("user", Kind::String, "Username or UID (format: <name|uid>[:<group|gid>])").short('u'),
            flag("entrypoint", Kind::Command, "Overwrite the default ENTRYPOINT of the image"),
            flag("limit-cpu", Kind::Decimal, "Limit CPUs"),
            flag("limit-memory", Kind::Bytes, "Limit Memory"),
            flag("limit-pids", Kind::Int, "Limit maximum number of processes (default 0 = unlimited)"),
            flag("reserve-cpu", Kind::Decimal, "Reserve CPUs"),
            flag("reserve-memory", Kind::Bytes, "Reserve Memory"),
            flag("stop-grace-period", Kind::Duration, "Time to wait before force killing a container (ns|us|ms|s|m|h) (default 10s)"),
            flag("stop-signal", Kind::String, "Signal to stop the container"),
            flag("restart-condition", Kind::String, "Restart when condition is met (\"none\", \"on-failure\", \"any\") (default \"any\")"),
            flag("restart-delay", Kind::Duration, "Delay between restart attempts (ns|us|ms|s|m|h) (default 5s)"),
            flag("restart-max-attempts", Kind::Uint, "Maximum number of restarts before giving up"),
            flag("restart-window", Kind::Duration, "Window used to evaluate the restart policy (ns|us|ms|s|m|h)"),
            flag("update-parallelism", Kind::Uint64, "Maximum number of tasks updated simultaneously (0 to update all at once) (default 1)"),
            flag("update-delay", Kind::Duration, "Delay between updates (ns|us|ms|s|m|h) (default 0s)"),
            flag("update-monitor", Kind::Duration, "Duration after each task update to monitor for failure (ns|us|ms|s|m|h) (default 5s)"),
            flag("update-failure-action", Kind::String, "Action on update failure (\"pause\", \"continue\", \"rollback\") (default \"pause\")"),
            flag("update-max-failure-ratio", Kind::Float, "Failure rate to tolerate during an update (default 0)"),
            flag("update-order", Kind::String, "Update order (\"start-first\", \"stop-first\") (default \"stop-first\")"),
            flag("rollback-parallelism", Kind::Uint64, "Maximum number of tasks rolled back simultaneously (0 to roll back all at once) (default 1)"),
            flag("rollback-delay", Kind::Duration, "Delay between task rollbacks (ns|us|ms|s|m|h) (default 0s)"),
            flag("rollback-monitor", Kind::Duration, "Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h) (default 5s)"),
            flag("rollback-failure-action", Kind::String, "Action on rollback failure (\"pause\", \"continue\") (default \"pause\")"),
            flag("rollback-max-failure-ratio", Kind::Float, "Failure rate to tolerate during a rollback (default 0)"),
            flag("rollback-order", Kind::String, "Rollback order (\"start-first\", \"stop-first\") (default \"stop-first\")"),
            flag("endpoint-mode", Kind::String, "Endpoint mode (vip or dnsrr) (default \"vip\")"),
            flag("health-cmd", Kind::String, "Command to run to check health"),
            flag("health-interval", Kind::Duration, "Time between running the check (ms|s|m|h)"),
            flag("health-timeout", Kind::Duration, "Maximum time to allow one check to run (ms|s|m|h)"),
            flag("health-retries", Kind::Int, "Consecutive failures needed to report unhealthy"),
            flag("health-start-period", Kind::Duration, "Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)"),
            flag("no-healthcheck", Kind::Bool, "Disable any container-specified HEALTHCHECK"),
            flag("tty", Kind::Bool, "Allocate a pseudo-TTY").short('t'),
            flag("read-only", Kind::Bool, "Mount the container's root filesystem as read only"),
            flag("init", Kind::Bool, "Use an init inside each service container to forward signals and reap processes"),
            flag("isolation", Kind::String, "Service container isolation mode"),
            flag("log-driver", Kind::String, "Logging driver for service"),
            flag("log-opt", Kind::List, "Logging driver options"),
            flag("cap-add", Kind::List, "Add Linux capabilities"),
            flag("cap-drop", Kind::List, "Drop Linux capabilities"),
            flag("with-registry-auth", Kind::Bool, "Send registry authentication details to swarm agents"),
            flag("no-resolve-image", Kind::Bool, "Do not query the registry to resolve image digest and supported platforms"),
            flag("oom-score-adj", Kind::Int, "Tune host's OOM preferences (-1000 to 1000)"),
            $($extra),*
        ]
    };
}

pub(crate) const SERVICE_CREATE: CommandDef = CommandDef {
    path: "docker service create",
    usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    short: "Create a new service",
    aliases: &[],
    arity: Arity::AtLeast(1),
    interspersed: false,
    flags: service_flags![
        flag(
            "mode",
            Kind::String,
            "Service mode (\"replicated\", \"global\", \"replicated-job\", \"global-job\") (default \"replicated\")"
        ),
        flag("name", Kind::String, "Service name"),
        flag("label", Kind::Label, "Service labels").short('l'),
        flag("container-label", Kind::List, "Container labels"),
        flag("env", Kind::Env, "Set environment variables").short('e'),
        flag("env-file", Kind::List, "Read in a file of environment variables"),
        flag("mount", Kind::Mount, "Attach a filesystem mount to the service"),
        flag("constraint", Kind::List, "Placement constraints"),
        flag("placement-pref", Kind::Pref, "Add a placement preference"),
        flag("network", Kind::List, "Network attachments"),
        flag("publish", Kind::Port, "Publish a port as a node port").short('p'),
        flag("secret", Kind::List, "Specify secrets to expose to the service"),
        flag("config", Kind::List, "Specify configurations to expose to the service"),
        flag("group", Kind::List, "Set one or more supplementary user groups for the container"),
        flag("dns", Kind::List, "Set custom DNS servers"),
        flag("dns-option", Kind::List, "Set DNS options"),
        flag("dns-search", Kind::List, "Set custom DNS search domains"),
        flag("host", Kind::List, "Set one or more custom host-to-IP mappings (host:ip)"),
        flag("sysctl", Kind::List, "Sysctl options"),
        flag("ulimit", Kind::List, "Ulimit options"),
        flag("generic-resource", Kind::List, "User defined resources"),
    ],
};

pub(crate) const SERVICE_UPDATE: CommandDef = CommandDef {
    path: "docker service update",
    usage: "[OPTIONS] SERVICE",
    short: "Update a service",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: service_flags![
        flag("image", Kind::String, "Service image tag"),
        flag("args", Kind::Command, "Service command args"),
        flag("rollback", Kind::Bool, "Rollback to previous specification"),
        flag("force", Kind::Bool, "Force update even if no changes require it"),
        flag("env-add", Kind::Env, "Add or update an environment variable"),
        flag("env-rm", Kind::List, "Remove an environment variable"),
        flag("label-add", Kind::Label, "Add or update a service label"),
        flag("label-rm", Kind::List, "Remove a label by its key"),
        flag("container-label-add", Kind::List, "Add or update a container label"),
        flag("container-label-rm", Kind::List, "Remove a container label by its key"),
        flag("mount-add", Kind::Mount, "Add or update a mount on a service"),
        flag("mount-rm", Kind::List, "Remove a mount by its target path"),
        flag("publish-add", Kind::Port, "Add or update a published port"),
        flag("publish-rm", Kind::Port, "Remove a published port by its target port"),
        flag("constraint-add", Kind::List, "Add or update a placement constraint"),
        flag("constraint-rm", Kind::List, "Remove a constraint"),
        flag("placement-pref-add", Kind::Pref, "Add a placement preference"),
        flag("placement-pref-rm", Kind::Pref, "Remove a placement preference"),
        flag("network-add", Kind::List, "Add a network"),
        flag("network-rm", Kind::List, "Remove a network"),
        flag("secret-add", Kind::List, "Add or update a secret on a service"),
        flag("secret-rm", Kind::List, "Remove a secret"),
        flag("config-add", Kind::List, "Add or update a config file on a service"),
        flag("config-rm", Kind::List, "Remove a configuration file"),
        flag(
            "group-add",
            Kind::List,
            "Add an additional supplementary user group to the container"
        ),
        flag(
            "group-rm",
            Kind::List,
            "Remove a previously added supplementary user group from the container"
        ),
        flag("dns-add", Kind::List, "Add or update a custom DNS server"),
        flag("dns-rm", Kind::List, "Remove a custom DNS server"),
        flag("host-add", Kind::List, "Add a custom host-to-IP mapping (\"host:ip\")"),
        flag("host-rm", Kind::List, "Remove a custom host-to-IP mapping (\"host:ip\")"),
    ],
};

const PS_FLAGS: &[Flag] = &[
    FILTER,
    FORMAT,
    flag("no-resolve", Kind::Bool, "Do not map IDs to Names"),
    flag("no-trunc", Kind::Bool, "Do not truncate output"),
    flag("quiet", Kind::Bool, "Only display task IDs").short('q'),
];

pub(crate) const SERVICE_PS: CommandDef = CommandDef {
    path: "docker service ps",
    usage: "[OPTIONS] SERVICE [SERVICE...]",
    short: "List the tasks of one or more services",
    aliases: &[],
    arity: Arity::AtLeast(1),
    interspersed: true,
    flags: PS_FLAGS,
};

pub(crate) const SERVICE_LS: CommandDef = CommandDef {
    path: "docker service ls",
    usage: "[OPTIONS]",
    short: "List services",
    aliases: &["list"],
    arity: Arity::None,
    interspersed: true,
    flags: &[FILTER, FORMAT, flag("quiet", Kind::Bool, "Only display IDs").short('q')],
};

pub(crate) const SERVICE_INSPECT: CommandDef = CommandDef {
    path: "docker service inspect",
    usage: "[OPTIONS] SERVICE [SERVICE...]",
    short: "Display detailed information on one or more services",
    aliases: &[],
    arity: Arity::AtLeast(1),
    interspersed: true,
    flags: &[
        flag("format", Kind::String, "Format output using a custom template").short('f'),
        flag("pretty", Kind::Bool, "Print the information in a human friendly format"),
    ],
};

pub(crate) const SERVICE_SCALE: CommandDef = CommandDef {
    path: "docker service scale",
    usage: "SERVICE=REPLICAS [SERVICE=REPLICAS...]",
    short: "Scale one or multiple replicated services",
    aliases: &[],
    arity: Arity::AtLeast(1),
    interspersed: true,
    flags: &[DETACH],
};

pub(crate) const SERVICE_RM: CommandDef = CommandDef {
    path: "docker service rm",
    usage: "SERVICE [SERVICE...]",
    short: "Remove one or more services",
    aliases: &["remove"],
    arity: Arity::AtLeast(1),
    interspersed: true,
    flags: &[],
};

pub(crate) const SERVICE_ROLLBACK: CommandDef = CommandDef {
    path: "docker service rollback",
    usage: "[OPTIONS] SERVICE",
    short: "Revert changes to a service's configuration",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[DETACH, QUIET_PROGRESS],
};

pub(crate) const SERVICE_LOGS: CommandDef = CommandDef {
    path: "docker service logs",
    usage: "[OPTIONS] SERVICE|TASK",
    short: "Fetch the logs of a service or task",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[
        flag("details", Kind::Bool, "Show extra details provided to logs"),
        flag("follow", Kind::Bool, "Follow log output").short('f'),
        flag("no-resolve", Kind::Bool, "Do not map IDs to Names in output"),
        flag("no-task-ids", Kind::Bool, "Do not include task IDs in output"),
        flag("no-trunc", Kind::Bool, "Do not truncate output"),
        flag("raw", Kind::Bool, "Do not neatly format logs"),
        flag(
            "since",
            Kind::String,
            "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)",
        ),
        flag(
            "tail",
            Kind::String,
            "Number of lines to show from the end of the logs (default \"all\")",
        )
        .short('n'),
        flag("timestamps", Kind::Bool, "Show timestamps").short('t'),
    ],
};

pub(crate) const NODE_LS: CommandDef = CommandDef {
    path: "docker node ls",
    usage: "[OPTIONS]",
    short: "List nodes in the swarm",
    aliases: &["list"],
    arity: Arity::None,
    interspersed: true,
    flags: &[FILTER, FORMAT, flag("quiet", Kind::Bool, "Only display IDs").short('q')],
};

pub(crate) const NODE_PS: CommandDef = CommandDef {
    path: "docker node ps",
    usage: "[OPTIONS] [NODE...]",
    short: "List tasks running on one or more nodes, defaults to current node",
    aliases: &[],
    arity: Arity::Any,
    interspersed: true,
    flags: PS_FLAGS,
};

pub(crate) const NODE_INSPECT: CommandDef = CommandDef {
    path: "docker node inspect",
    usage: "[OPTIONS] self|NODE [NODE...]",
    short: "Display detailed information on one or more nodes",
    aliases: &[],
    arity: Arity::AtLeast(1),
    interspersed: true,
    flags: &[
        flag("format", Kind::String, "Format output using a custom template").short('f'),
        flag("pretty", Kind::Bool, "Print the information in a human friendly format"),
    ],
};

pub(crate) const NODE_UPDATE: CommandDef = CommandDef {
    path: "docker node update",
    usage: "[OPTIONS] NODE",
    short: "Update a node",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[
        flag(
            "availability",
            Kind::String,
            "Availability of the node (\"active\", \"pause\", \"drain\")",
        ),
        flag("label-add", Kind::List, "Add or update a node label (\"key=value\")"),
        flag("label-rm", Kind::List, "Remove a node label if exists"),
        flag("role", Kind::String, "Role of the node (\"worker\", \"manager\")"),
    ],
};

pub(crate) const NODE_PROMOTE: CommandDef = CommandDef {
    path: "docker node promote",
    usage: "NODE [NODE...]",
    short: "Promote one or more nodes to manager in the swarm",
    aliases: &[],
    arity: Arity::AtLeast(1),
    interspersed: true,
    flags: &[],
};

pub(crate) const NODE_DEMOTE: CommandDef = CommandDef {
    path: "docker node demote",
    usage: "NODE [NODE...]",
    short: "Demote one or more nodes from manager in the swarm",
    aliases: &[],
    arity: Arity::AtLeast(1),
    interspersed: true,
    flags: &[],
};

pub(crate) const NODE_RM: CommandDef = CommandDef {
    path: "docker node rm",
    usage: "[OPTIONS] NODE [NODE...]",
    short: "Remove one or more nodes from the swarm",
    aliases: &["remove"],
    arity: Arity::AtLeast(1),
    interspersed: true,
    flags: &[flag("force", Kind::Bool, "Force remove a node from the swarm").short('f')],
};

pub(crate) const SWARM_INIT: CommandDef = CommandDef {
    path: "docker swarm init",
    usage: "[OPTIONS]",
    short: "Initialize a swarm",
    aliases: &[],
    arity: Arity::None,
    interspersed: true,
    flags: &[
        flag(
            "advertise-addr",
            Kind::String,
            "Advertised address (format: \"<ip|interface>[:port]\")",
        ),
        flag(
            "listen-addr",
            Kind::String,
            "Listen address (format: \"<ip|interface>[:port]\") (default 0.0.0.0:2377)",
        ),
        flag(
            "availability",
            Kind::String,
            "Availability of the node (\"active\", \"pause\", \"drain\") (default \"active\")",
        ),
        flag("force-new-cluster", Kind::Bool, "Force create a new cluster from current state"),
        flag("task-history-limit", Kind::Int, "Task history retention limit (default 5)"),
    ],
};

pub(crate) const SWARM_JOIN: CommandDef = CommandDef {
    path: "docker swarm join",
    usage: "[OPTIONS] HOST:PORT",
    short: "Join a swarm as a node and/or manager",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[
        flag(
            "advertise-addr",
            Kind::String,
            "Advertised address (format: \"<ip|interface>[:port]\")",
        ),
        flag(
            "availability",
            Kind::String,
            "Availability of the node (\"active\", \"pause\", \"drain\") (default \"active\")",
        ),
        flag(
            "listen-addr",
            Kind::String,
            "Listen address (format: \"<ip|interface>[:port]\") (default 0.0.0.0:2377)",
        ),
        flag("token", Kind::String, "Token for entry into the swarm"),
    ],
};

pub(crate) const SWARM_JOIN_TOKEN: CommandDef = CommandDef {
    path: "docker swarm join-token",
    usage: "[OPTIONS] (worker|manager)",
    short: "Manage join tokens",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[
        flag("quiet", Kind::Bool, "Only display token").short('q'),
        flag("rotate", Kind::Bool, "Rotate join token"),
    ],
};

pub(crate) const SWARM_LEAVE: CommandDef = CommandDef {
    path: "docker swarm leave",
    usage: "[OPTIONS]",
    short: "Leave the swarm",
    aliases: &[],
    arity: Arity::None,
    interspersed: true,
    flags: &[flag("force", Kind::Bool, "Force this node to leave the swarm, ignoring warnings")
        .short('f')],
};

pub(crate) const DOCKER_INFO: CommandDef = CommandDef {
    path: "docker info",
    usage: "[OPTIONS]",
    short: "Display system-wide information",
    aliases: &[],
    arity: Arity::None,
    interspersed: true,
    flags: &[flag("format", Kind::String, "Format output using a custom template").short('f')],
};

pub(crate) const DOCKER_VERSION: CommandDef = CommandDef {
    path: "docker version",
    usage: "[OPTIONS]",
    short: "Show the Docker version information",
    aliases: &[],
    arity: Arity::None,
    interspersed: true,
    flags: &[flag("format", Kind::String, "Format output using a custom template").short('f')],
};

pub(crate) const DOCKER_PS: CommandDef = CommandDef {
    path: "docker ps",
    usage: "[OPTIONS]",
    short: "List containers",
    aliases: &[],
    arity: Arity::None,
    interspersed: true,
    flags: &[
        flag("all", Kind::Bool, "Show all containers (default shows just running)").short('a'),
        flag("no-trunc", Kind::Bool, "Don't truncate output"),
        flag("quiet", Kind::Bool, "Only display container IDs").short('q'),
    ],
};

pub(crate) const SLEEP: CommandDef = CommandDef {
    path: "sleep",
    usage: "DURATION",
    short: "Let simulated time pass (`sleep 10` is ten seconds; `500ms`, `1m30s` and `2h` work too)",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[],
};

pub(crate) const SIM_NODE_ADD: CommandDef = CommandDef {
    path: "sim node add",
    usage: "[OPTIONS] HOSTNAME",
    short: "Join a new machine to the swarm",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[
        flag(
            "role",
            Kind::String,
            "Role of the node (\"worker\", \"manager\") (default \"worker\")",
        ),
        flag("cpus", Kind::Decimal, "CPUs of the machine (default 2)"),
        flag("memory", Kind::Bytes, "Memory of the machine (default 4GiB)"),
        flag("label", Kind::Label, "Node label (\"key=value\")"),
    ],
};

pub(crate) const SIM_NODE_KILL: CommandDef = CommandDef {
    path: "sim node kill",
    usage: "NODE",
    short: "Power a machine off: its heartbeats stop and its containers die with it",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[],
};

pub(crate) const SIM_NODE_START: CommandDef = CommandDef {
    path: "sim node start",
    usage: "NODE",
    short: "Power a machine back on",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[],
};

pub(crate) const SIM_TASK_FAIL: CommandDef = CommandDef {
    path: "sim task fail",
    usage: "[OPTIONS] TASK",
    short: "Make a running task's process exit (by task ID, ID prefix or name such as web.1)",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[flag("exit-code", Kind::Int, "Exit code of the process (default 1)")],
};

pub(crate) const SIM_IMAGE_ADD: CommandDef = CommandDef {
    path: "sim image add",
    usage: "[OPTIONS] REF",
    short: "Add an image to the registry, or change one",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[
        flag("pull-time", Kind::Duration, "Time to pull the image on a node (default 2s)"),
        flag("start-time", Kind::Duration, "Time from starting to running (default 500ms)"),
        flag(
            "exit-after",
            Kind::Duration,
            "Exit this long after running (default: runs until stopped)",
        ),
        flag("exit-code", Kind::Int, "Exit code when it exits (default 0)"),
        flag(
            "require-env",
            Kind::List,
            "An environment variable the container needs; without it, it exits with code 1",
        ),
    ],
};

pub(crate) const SIM_IMAGE_LS: CommandDef = CommandDef {
    path: "sim image ls",
    usage: "",
    short: "List the images of the simulated registry",
    aliases: &["list"],
    arity: Arity::None,
    interspersed: true,
    flags: &[],
};

pub(crate) const SIM_USE: CommandDef = CommandDef {
    path: "sim use",
    usage: "NODE",
    short: "Move the terminal to another node, as ssh would",
    aliases: &[],
    arity: Arity::Exactly(1),
    interspersed: true,
    flags: &[],
};

pub(crate) const SIM_TIME: CommandDef = CommandDef {
    path: "sim time",
    usage: "",
    short: "Print the simulated clock",
    aliases: &[],
    arity: Arity::None,
    interspersed: true,
    flags: &[],
};

pub(crate) const SIM_HELP: CommandDef = CommandDef {
    path: "sim help",
    usage: "",
    short: "Explain the playground's own commands",
    aliases: &[],
    arity: Arity::None,
    interspersed: true,
    flags: &[],
};

/// Every command, for lookup and for the groups' usage texts.
pub(crate) const COMMANDS: &[CommandDef] = &[
    SERVICE_CREATE,
    SERVICE_INSPECT,
    SERVICE_LOGS,
    SERVICE_LS,
    SERVICE_PS,
    SERVICE_RM,
    SERVICE_ROLLBACK,
    SERVICE_SCALE,
    SERVICE_UPDATE,
    NODE_DEMOTE,
    NODE_INSPECT,
    NODE_LS,
    NODE_PROMOTE,
    NODE_PS,
    NODE_RM,
    NODE_UPDATE,
    SWARM_INIT,
    SWARM_JOIN,
    SWARM_JOIN_TOKEN,
    SWARM_LEAVE,
    DOCKER_INFO,
    DOCKER_VERSION,
    DOCKER_PS,
    SLEEP,
    SIM_NODE_ADD,
    SIM_NODE_KILL,
    SIM_NODE_START,
    SIM_TASK_FAIL,
    SIM_IMAGE_ADD,
    SIM_IMAGE_LS,
    SIM_USE,
    SIM_TIME,
    SIM_HELP,
];

/// Finds the command `words` start with (aliases too), and how many words its path took.
pub(crate) fn lookup(words: &[String]) -> Option<(&'static CommandDef, usize)> {
    COMMANDS.iter().find_map(|def| {
        let path: Vec<&str> = def.path.split(' ').collect();
        let n = path.len();
        if words.len() < n {
            return None;
        }
        let prefix_matches = path[..n - 1].iter().zip(words).all(|(p, w)| p == w);
        let last = words[n - 1].as_str();
        let name_matches = path[n - 1] == last || def.aliases.contains(&last);
        (prefix_matches && name_matches).then_some((def, n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn argument_count_errors_in_both_dialects() {
        assert_eq!(
            SERVICE_CREATE.check_arity(0, Dialect::Docker24).unwrap(),
            "\"docker service create\" requires at least 1 argument.\n\
             See 'docker service create --help'.\n\n\
             Usage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n\
             Create a new service"
        );
        assert_eq!(
            SERVICE_CREATE.check_arity(0, Dialect::Docker29).unwrap(),
            "docker: 'docker service create' requires at least 1 argument\n\n\
             Usage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n\
             See 'docker service create --help' for more information"
        );
        assert_eq!(
            SERVICE_LS.check_arity(1, Dialect::Docker24).unwrap().lines().next().unwrap(),
            "\"docker service ls\" accepts no arguments."
        );
        assert_eq!(SERVICE_UPDATE.check_arity(1, Dialect::Docker24), None);
    }

    #[test]
    fn lookup_knows_aliases() {
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(lookup(&words("docker service list")).unwrap().0.path, "docker service ls");
        assert_eq!(lookup(&words("docker node rm x")).unwrap().1, 3);
        assert!(lookup(&words("docker service frobnicate")).is_none());
    }
}
