//! The command table: every command the terminal knows, with docker's usage line, short
//! description, aliases, argument rule and flags, and the `--help` and argument-count texts
//! built from them.

use crate::Dialect;
use crate::parse::flags::{Flag, Kind, flag, usages};

/// How many positional arguments a command takes (cobra's `Args` validators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arity {
    None,
    Exactly(usize),
    AtLeast(usize),
    Any,
}

/// Which command a line names: what the shell dispatches on, exhaustively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    ServiceCreate,
    ServiceUpdate,
    ServicePs,
    ServiceLs,
    ServiceInspect,
    ServiceScale,
    ServiceRm,
    ServiceRollback,
    ServiceLogs,
    NodeLs,
    NodePs,
    NodeInspect,
    NodeUpdate,
    NodePromote,
    NodeDemote,
    NodeRm,
    SwarmInit,
    SwarmJoin,
    SwarmJoinToken,
    SwarmLeave,
    DockerInfo,
    DockerVersion,
    DockerPs,
    DockerInspect,
    Sleep,
    SimNodeAdd,
    SimNodeKill,
    SimNodeStart,
    SimTaskFail,
    SimImageAdd,
    SimImageLs,
    SimUse,
    SimTime,
    SimStep,
    SimEvents,
    SimRewind,
    SimExport,
    SimHelp,
}

/// One command: `docker service create`, `sim node add`, ...
#[derive(Debug)]
pub(crate) struct CommandDef {
    pub verb: Verb,
    /// The full path, `docker service create`.
    pub path: &'static str,
    /// What follows the path in the usage line.
    pub usage: &'static str,
    pub short: &'static str,
    /// Other names of the last word (`ls` → `list`).
    pub aliases: &'static [&'static str],
    pub arity: Arity,
    pub flags: &'static [Flag],
    /// Whether flags may follow arguments. Not for docker service create/update: everything
    /// after the image is the container's.
    pub interspersed: bool,
}

impl CommandDef {
    /// A command with no aliases, no arguments and no flags; the builders below add them.
    const fn new(
        verb: Verb,
        path: &'static str,
        usage: &'static str,
        short: &'static str,
    ) -> CommandDef {
        CommandDef {
            verb,
            path,
            usage,
            short,
            aliases: &[],
            arity: Arity::None,
            flags: &[],
            interspersed: true,
        }
    }

    const fn aliases(self, aliases: &'static [&'static str]) -> CommandDef {
        CommandDef { aliases, ..self }
    }

    const fn arity(self, arity: Arity) -> CommandDef {
        CommandDef { arity, ..self }
    }

    const fn flags(self, flags: &'static [Flag]) -> CommandDef {
        CommandDef { flags, ..self }
    }

    /// Flags only before the first argument (pflag's `SetInterspersed(false)`).
    const fn args_end_options(self) -> CommandDef {
        CommandDef { interspersed: false, ..self }
    }

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

pub(crate) const SERVICE_CREATE: CommandDef = CommandDef::new(
    Verb::ServiceCreate,
    "docker service create",
    "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    "Create a new service",
)
.arity(Arity::AtLeast(1))
.args_end_options()
.flags(service_flags![
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
    ]);

pub(crate) const SERVICE_UPDATE: CommandDef = CommandDef::new(
    Verb::ServiceUpdate,
    "docker service update",
    "[OPTIONS] SERVICE",
    "Update a service",
)
.arity(Arity::Exactly(1))
.flags(service_flags![
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
    flag("group-add", Kind::List, "Add an additional supplementary user group to the container"),
    flag(
        "group-rm",
        Kind::List,
        "Remove a previously added supplementary user group from the container"
    ),
    flag("dns-add", Kind::List, "Add or update a custom DNS server"),
    flag("dns-rm", Kind::List, "Remove a custom DNS server"),
    flag("host-add", Kind::List, "Add a custom host-to-IP mapping (\"host:ip\")"),
    flag("host-rm", Kind::List, "Remove a custom host-to-IP mapping (\"host:ip\")"),
]);

const PS_FLAGS: &[Flag] = &[
    FILTER,
    FORMAT,
    flag("no-resolve", Kind::Bool, "Do not map IDs to Names"),
    flag("no-trunc", Kind::Bool, "Do not truncate output"),
    flag("quiet", Kind::Bool, "Only display task IDs").short('q'),
];

pub(crate) const SERVICE_PS: CommandDef = CommandDef::new(
    Verb::ServicePs,
    "docker service ps",
    "[OPTIONS] SERVICE [SERVICE...]",
    "List the tasks of one or more services",
)
.arity(Arity::AtLeast(1))
.flags(PS_FLAGS);

pub(crate) const SERVICE_LS: CommandDef =
    CommandDef::new(Verb::ServiceLs, "docker service ls", "[OPTIONS]", "List services")
        .aliases(&["list"])
        .flags(&[FILTER, FORMAT, flag("quiet", Kind::Bool, "Only display IDs").short('q')]);

pub(crate) const SERVICE_INSPECT: CommandDef = CommandDef::new(
    Verb::ServiceInspect,
    "docker service inspect",
    "[OPTIONS] SERVICE [SERVICE...]",
    "Display detailed information on one or more services",
)
.arity(Arity::AtLeast(1))
.flags(&[
    flag("format", Kind::String, "Format output using a custom template").short('f'),
    flag("pretty", Kind::Bool, "Print the information in a human friendly format"),
]);

pub(crate) const SERVICE_SCALE: CommandDef = CommandDef::new(
    Verb::ServiceScale,
    "docker service scale",
    "SERVICE=REPLICAS [SERVICE=REPLICAS...]",
    "Scale one or multiple replicated services",
)
.arity(Arity::AtLeast(1))
.flags(&[DETACH]);

pub(crate) const SERVICE_RM: CommandDef = CommandDef::new(
    Verb::ServiceRm,
    "docker service rm",
    "SERVICE [SERVICE...]",
    "Remove one or more services",
)
.aliases(&["remove"])
.arity(Arity::AtLeast(1));

pub(crate) const SERVICE_ROLLBACK: CommandDef = CommandDef::new(
    Verb::ServiceRollback,
    "docker service rollback",
    "[OPTIONS] SERVICE",
    "Revert changes to a service's configuration",
)
.arity(Arity::Exactly(1))
.flags(&[DETACH, QUIET_PROGRESS]);

pub(crate) const SERVICE_LOGS: CommandDef = CommandDef::new(
    Verb::ServiceLogs,
    "docker service logs",
    "[OPTIONS] SERVICE|TASK",
    "Fetch the logs of a service or task",
)
.arity(Arity::Exactly(1))
.flags(&[
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
    ]);

pub(crate) const NODE_LS: CommandDef =
    CommandDef::new(Verb::NodeLs, "docker node ls", "[OPTIONS]", "List nodes in the swarm")
        .aliases(&["list"])
        .flags(&[FILTER, FORMAT, flag("quiet", Kind::Bool, "Only display IDs").short('q')]);

pub(crate) const NODE_PS: CommandDef = CommandDef::new(
    Verb::NodePs,
    "docker node ps",
    "[OPTIONS] [NODE...]",
    "List tasks running on one or more nodes, defaults to current node",
)
.arity(Arity::Any)
.flags(PS_FLAGS);

pub(crate) const NODE_INSPECT: CommandDef = CommandDef::new(
    Verb::NodeInspect,
    "docker node inspect",
    "[OPTIONS] self|NODE [NODE...]",
    "Display detailed information on one or more nodes",
)
.arity(Arity::AtLeast(1))
.flags(&[
    flag("format", Kind::String, "Format output using a custom template").short('f'),
    flag("pretty", Kind::Bool, "Print the information in a human friendly format"),
]);

pub(crate) const NODE_UPDATE: CommandDef =
    CommandDef::new(Verb::NodeUpdate, "docker node update", "[OPTIONS] NODE", "Update a node")
        .arity(Arity::Exactly(1))
        .flags(&[
            flag(
                "availability",
                Kind::String,
                "Availability of the node (\"active\", \"pause\", \"drain\")",
            ),
            flag("label-add", Kind::List, "Add or update a node label (\"key=value\")"),
            flag("label-rm", Kind::List, "Remove a node label if exists"),
            flag("role", Kind::String, "Role of the node (\"worker\", \"manager\")"),
        ]);

pub(crate) const NODE_PROMOTE: CommandDef = CommandDef::new(
    Verb::NodePromote,
    "docker node promote",
    "NODE [NODE...]",
    "Promote one or more nodes to manager in the swarm",
)
.arity(Arity::AtLeast(1));

pub(crate) const NODE_DEMOTE: CommandDef = CommandDef::new(
    Verb::NodeDemote,
    "docker node demote",
    "NODE [NODE...]",
    "Demote one or more nodes from manager in the swarm",
)
.arity(Arity::AtLeast(1));

pub(crate) const NODE_RM: CommandDef = CommandDef::new(
    Verb::NodeRm,
    "docker node rm",
    "[OPTIONS] NODE [NODE...]",
    "Remove one or more nodes from the swarm",
)
.aliases(&["remove"])
.arity(Arity::AtLeast(1))
.flags(&[flag("force", Kind::Bool, "Force remove a node from the swarm").short('f')]);

pub(crate) const SWARM_INIT: CommandDef = CommandDef::new(
    Verb::SwarmInit,
    "docker swarm init",
    "[OPTIONS]",
    "Initialize a swarm",
)
.flags(&[
    flag("advertise-addr", Kind::String, "Advertised address (format: \"<ip|interface>[:port]\")"),
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
]);

pub(crate) const SWARM_JOIN: CommandDef = CommandDef::new(
    Verb::SwarmJoin,
    "docker swarm join",
    "[OPTIONS] HOST:PORT",
    "Join a swarm as a node and/or manager",
)
.arity(Arity::Exactly(1))
.flags(&[
    flag("advertise-addr", Kind::String, "Advertised address (format: \"<ip|interface>[:port]\")"),
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
]);

pub(crate) const SWARM_JOIN_TOKEN: CommandDef = CommandDef::new(
    Verb::SwarmJoinToken,
    "docker swarm join-token",
    "[OPTIONS] (worker|manager)",
    "Manage join tokens",
)
.arity(Arity::Exactly(1))
.flags(&[
    flag("quiet", Kind::Bool, "Only display token").short('q'),
    flag("rotate", Kind::Bool, "Rotate join token"),
]);

pub(crate) const SWARM_LEAVE: CommandDef =
    CommandDef::new(Verb::SwarmLeave, "docker swarm leave", "[OPTIONS]", "Leave the swarm").flags(
        &[flag("force", Kind::Bool, "Force this node to leave the swarm, ignoring warnings")
            .short('f')],
    );

pub(crate) const DOCKER_INFO: CommandDef = CommandDef::new(
    Verb::DockerInfo,
    "docker info",
    "[OPTIONS]",
    "Display system-wide information",
)
.flags(&[flag("format", Kind::String, "Format output using a custom template").short('f')]);

pub(crate) const DOCKER_VERSION: CommandDef = CommandDef::new(
    Verb::DockerVersion,
    "docker version",
    "[OPTIONS]",
    "Show the Docker version information",
)
.flags(&[flag("format", Kind::String, "Format output using a custom template").short('f')]);

pub(crate) const DOCKER_PS: CommandDef =
    CommandDef::new(Verb::DockerPs, "docker ps", "[OPTIONS]", "List containers").flags(&[
        flag("all", Kind::Bool, "Show all containers (default shows just running)").short('a'),
        flag("no-trunc", Kind::Bool, "Don't truncate output"),
        flag("quiet", Kind::Bool, "Only display container IDs").short('q'),
    ]);

pub(crate) const DOCKER_INSPECT: CommandDef = CommandDef::new(
    Verb::DockerInspect,
    "docker inspect",
    "[OPTIONS] NAME|ID [NAME|ID...]",
    "Return low-level information on Docker objects",
)
.arity(Arity::AtLeast(1))
.flags(&[
    flag("format", Kind::String, "Format output using a custom template").short('f'),
    flag("size", Kind::Bool, "Display total file sizes if the type is container").short('s'),
    flag("type", Kind::String, "Return JSON for specified type"),
]);

pub(crate) const SLEEP: CommandDef = CommandDef::new(
    Verb::Sleep,
    "sleep",
    "DURATION",
    "Let simulated time pass (`sleep 10` is ten seconds; `500ms`, `1m30s` and `2h` work too)",
)
.arity(Arity::Exactly(1));

pub(crate) const SIM_NODE_ADD: CommandDef = CommandDef::new(
    Verb::SimNodeAdd,
    "sim node add",
    "[OPTIONS] HOSTNAME",
    "Join a new machine to the swarm",
)
.arity(Arity::Exactly(1))
.flags(&[
    flag("role", Kind::String, "Role of the node (\"worker\", \"manager\") (default \"worker\")"),
    flag("cpus", Kind::Decimal, "CPUs of the machine (default 2)"),
    flag("memory", Kind::Bytes, "Memory of the machine (default 4GiB)"),
    flag("label", Kind::Label, "Node label (\"key=value\")"),
]);

pub(crate) const SIM_NODE_KILL: CommandDef = CommandDef::new(
    Verb::SimNodeKill,
    "sim node kill",
    "NODE",
    "Power a machine off: its heartbeats stop and its containers die with it",
)
.arity(Arity::Exactly(1));

pub(crate) const SIM_NODE_START: CommandDef =
    CommandDef::new(Verb::SimNodeStart, "sim node start", "NODE", "Power a machine back on")
        .arity(Arity::Exactly(1));

pub(crate) const SIM_TASK_FAIL: CommandDef = CommandDef::new(
    Verb::SimTaskFail,
    "sim task fail",
    "[OPTIONS] TASK",
    "Make a running task's process exit (by task ID, ID prefix or name such as web.1)",
)
.arity(Arity::Exactly(1))
.flags(&[flag("exit-code", Kind::Int, "Exit code of the process (default 1)")]);

pub(crate) const SIM_IMAGE_ADD: CommandDef = CommandDef::new(
    Verb::SimImageAdd,
    "sim image add",
    "[OPTIONS] REF",
    "Add an image to the registry, or change one",
)
.arity(Arity::Exactly(1))
.flags(&[
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
]);

pub(crate) const SIM_IMAGE_LS: CommandDef = CommandDef::new(
    Verb::SimImageLs,
    "sim image ls",
    "",
    "List the images of the simulated registry",
)
.aliases(&["list"]);

pub(crate) const SIM_USE: CommandDef = CommandDef::new(
    Verb::SimUse,
    "sim use",
    "NODE",
    "Move the terminal to another node, as ssh would",
)
.arity(Arity::Exactly(1));

pub(crate) const SIM_TIME: CommandDef =
    CommandDef::new(Verb::SimTime, "sim time", "", "Print the simulated clock");

pub(crate) const SIM_STEP: CommandDef = CommandDef::new(
    Verb::SimStep,
    "sim step",
    "",
    "Let time run to the next moment something happens, and print what happened",
);

pub(crate) const SIM_EVENTS: CommandDef = CommandDef::new(
    Verb::SimEvents,
    "sim events",
    "[OPTIONS]",
    "List what happened so far, one sentence per event, with its simulated time",
)
.flags(&[
    flag("service", Kind::String, "Only events of this service and its tasks"),
    flag("node", Kind::String, "Only events of this node and of the tasks on it"),
    flag("since", Kind::Duration, "Only events of the last DURATION of simulated time"),
]);

pub(crate) const SIM_REWIND: CommandDef = CommandDef::new(
    Verb::SimRewind,
    "sim rewind",
    "DURATION",
    "Go back DURATION of simulated time and continue from there (later inputs are dropped)",
)
.arity(Arity::Exactly(1));

pub(crate) const SIM_EXPORT: CommandDef = CommandDef::new(
    Verb::SimExport,
    "sim export",
    "[OPTIONS]",
    "Print what was typed so far as a shell script for a real swarm",
)
.flags(&[flag(
    "replay",
    Kind::Bool,
    "Print a script that `swarm run` plays back to this very transcript instead",
)]);

pub(crate) const SIM_HELP: CommandDef =
    CommandDef::new(Verb::SimHelp, "sim help", "", "Explain the playground's own commands");

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
    DOCKER_INSPECT,
    SLEEP,
    SIM_NODE_ADD,
    SIM_NODE_KILL,
    SIM_NODE_START,
    SIM_TASK_FAIL,
    SIM_IMAGE_ADD,
    SIM_IMAGE_LS,
    SIM_USE,
    SIM_TIME,
    SIM_STEP,
    SIM_EVENTS,
    SIM_REWIND,
    SIM_EXPORT,
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
