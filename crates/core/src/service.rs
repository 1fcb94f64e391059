//! Services: the desired state a user declares, and its validation.

use std::fmt;

use crate::KeyValues;
use std::rc::Rc;

use crate::constraint::Constraint;
use crate::id::ObjectId;
use crate::node::Resources;
use crate::task::TaskSpec;
use crate::time::{SimDuration, SimTime};

/// Identifies a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceId(pub ObjectId);

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How many tasks a service wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceMode {
    Replicated {
        replicas: u32,
    },
    /// One task on every node that can take it.
    Global,
}

/// A port protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }
}

/// How a port is published: on the routing mesh of every node, or on the task's node only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PublishMode {
    Ingress,
    Host,
}

impl PublishMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PublishMode::Ingress => "ingress",
            PublishMode::Host => "host",
        }
    }
}

/// `-p, --publish`: one published port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortConfig {
    pub protocol: Protocol,
    /// 0: the swarm picks one (ingress: from 30000; host: any free port of the node).
    pub published: u16,
    pub target: u16,
    pub mode: PublishMode,
}

impl fmt::Display for PortConfig {
    /// `*:8080->80/tcp`, as `service ls` and `service ps` print ports.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "*:{}->{}/{}", self.published, self.target, self.protocol.as_str())
    }
}

/// When a task that stopped is replaced (`--restart-condition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestartCondition {
    /// Always (the default).
    Any,
    /// Unless the task completed with exit code 0.
    OnFailure,
    /// Never, not even after its node went down or was drained.
    None,
}

impl RestartCondition {
    pub fn as_str(self) -> &'static str {
        match self {
            RestartCondition::Any => "any",
            RestartCondition::OnFailure => "on-failure",
            RestartCondition::None => "none",
        }
    }
}

/// `--restart-*`: SwarmKit's `RestartPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestartPolicy {
    pub condition: RestartCondition,
    /// Wait between a task stopping and its replacement starting (default 5 s).
    pub delay: SimDuration,
    /// Restarts allowed per slot (0 = unlimited), counted within `window` when it is set.
    pub max_attempts: u64,
    /// Zero means unbounded.
    pub window: SimDuration,
}

impl Default for RestartPolicy {
    fn default() -> RestartPolicy {
        RestartPolicy {
            condition: RestartCondition::Any,
            delay: SimDuration::from_secs(5),
            max_attempts: 0,
            window: SimDuration::ZERO,
        }
    }
}

/// `--mount`: what a task's container mounts (kept for inspect and updates; the simulation
/// does not model volumes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mount {
    /// `volume`, `bind`, `tmpfs`, ...
    pub kind: String,
    pub source: String,
    pub target: String,
    pub read_only: bool,
}

/// `--log-driver` / `--log-opt`: SwarmKit's `Driver`, the logging driver a task's container
/// uses. Also the cluster's default for tasks whose service names none
/// (`ClusterSpec.TaskDefaults.LogDriver`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogDriver {
    pub name: String,
    /// `--log-opt KEY=VALUE`, sorted by key as Go's maps print.
    pub options: KeyValues,
}

impl LogDriver {
    /// A driver with no options.
    pub fn named(name: &str) -> LogDriver {
        LogDriver { name: name.to_string(), options: KeyValues::new() }
    }
}

impl fmt::Display for LogDriver {
    /// `json-file max-size=10m`: the name, then each option, as traces print a driver.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        for (key, value) in &self.options {
            write!(f, " {key}={value}")?;
        }
        Ok(())
    }
}

/// `ContainerSpec.PullOptions`: what a node's engine hands the registry when it pulls the
/// image. Never shown by inspect (docker's API types drop it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullOptions {
    /// `RegistryAuth`: the encoded credentials `--with-registry-auth` sends.
    pub registry_auth: String,
}

/// `ClusterSpec.TaskDefaults`: what a task gets when its service's spec leaves it unset. Set
/// through the API only (`docker swarm update` has no flag for it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskDefaults {
    pub log_driver: Option<LogDriver>,
}

/// What an update (or a rollback) does when a new task fails (`--update-failure-action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureAction {
    Pause,
    Continue,
    Rollback,
}

impl FailureAction {
    pub fn as_str(self) -> &'static str {
        match self {
            FailureAction::Pause => "pause",
            FailureAction::Continue => "continue",
            FailureAction::Rollback => "rollback",
        }
    }
}

/// `--update-order`: whether the old task stops before its replacement starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateOrder {
    StopFirst,
    StartFirst,
}

impl UpdateOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateOrder::StopFirst => "stop-first",
            UpdateOrder::StartFirst => "start-first",
        }
    }
}

/// `--update-max-failure-ratio`, a float32 as docker keeps it; equal when the bits are equal.
#[derive(Debug, Clone, Copy, Default)]
pub struct FailureRatio(pub f32);

impl PartialEq for FailureRatio {
    fn eq(&self, other: &FailureRatio) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for FailureRatio {}

impl fmt::Display for FailureRatio {
    /// Go's `%v` of a float32: the shortest text that reads back the same (`0`, `0.25`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `--update-*` / `--rollback-*`: SwarmKit's `UpdateConfig`, with its defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdateConfig {
    /// Tasks replaced at once; 0 means all at once.
    pub parallelism: u64,
    /// Pause between batches.
    pub delay: SimDuration,
    pub failure_action: FailureAction,
    /// How long a new task is watched for failure (default 5 s).
    pub monitor: SimDuration,
    pub max_failure_ratio: FailureRatio,
    pub order: UpdateOrder,
}

impl Default for UpdateConfig {
    fn default() -> UpdateConfig {
        UpdateConfig {
            parallelism: 1,
            delay: SimDuration::ZERO,
            failure_action: FailureAction::Pause,
            monitor: SimDuration::from_secs(5),
            max_failure_ratio: FailureRatio(0.0),
            order: UpdateOrder::StopFirst,
        }
    }
}

/// What the user asks for (`docker service create`).
#[derive(Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub name: String,
    /// `--label`: the service's labels.
    pub labels: KeyValues,
    pub image: String,
    /// The command and its arguments after the image (`alpine ping docker.com`).
    pub args: Vec<String>,
    pub mode: ServiceMode,
    pub mounts: Vec<Mount>,
    /// `--limit-cpu` / `--limit-memory`: enforced by the engine, not used by the scheduler.
    pub limits: Resources,
    /// `--env KEY=VALUE`, in the order given.
    pub env: Vec<String>,
    /// `--reserve-cpu` / `--reserve-memory`: what the scheduler sets aside on a node.
    pub reservations: Resources,
    pub restart: RestartPolicy,
    /// `--stop-grace-period` (default 10 s): how long a task may take to stop before SIGKILL.
    pub stop_grace_period: SimDuration,
    /// `--constraint`, as typed (validated by `validate`).
    pub constraints: Vec<String>,
    /// `--replicas-max-per-node` (0 = no limit).
    pub max_replicas_per_node: u64,
    /// `-p, --publish`.
    pub ports: Vec<PortConfig>,
    /// `--placement-pref spread=<descriptor>`: the descriptors, outermost first.
    pub preferences: Vec<String>,
    /// `--update-*`.
    pub update: UpdateConfig,
    /// `--rollback-*`.
    pub rollback: UpdateConfig,
    /// `TaskTemplate.ForceUpdate`: `--force` adds one, which makes every task dirty.
    pub force_update: u64,
    /// `TaskTemplate.LogDriver`; `None` leaves it to the cluster's task defaults.
    pub log_driver: Option<LogDriver>,
    /// `ContainerSpec.PullOptions` (`--with-registry-auth`).
    pub pull_options: Option<PullOptions>,
}

// By hand, to be not inlined: the derived clone was copied into its callers.
impl Clone for ServiceSpec {
    #[inline(never)]
    fn clone(&self) -> Self {
        // Destructured, so that a new field cannot be forgotten here.
        let ServiceSpec {
            name,
            labels,
            image,
            args,
            mode,
            mounts,
            limits,
            env,
            reservations,
            restart,
            stop_grace_period,
            constraints,
            max_replicas_per_node,
            ports,
            preferences,
            update,
            rollback,
            force_update,
            log_driver,
            pull_options,
        } = self;
        ServiceSpec {
            name: name.clone(),
            labels: labels.clone(),
            image: image.clone(),
            args: args.clone(),
            mode: *mode,
            mounts: mounts.clone(),
            limits: *limits,
            env: env.clone(),
            reservations: *reservations,
            restart: *restart,
            stop_grace_period: *stop_grace_period,
            constraints: constraints.clone(),
            max_replicas_per_node: *max_replicas_per_node,
            ports: ports.clone(),
            preferences: preferences.clone(),
            update: *update,
            rollback: *rollback,
            force_update: *force_update,
            log_driver: log_driver.clone(),
            pull_options: pull_options.clone(),
        }
    }
}

impl ServiceSpec {
    /// A replicated service with every other setting at docker's default.
    pub fn replicated(name: &str, image: &str, replicas: u32) -> ServiceSpec {
        ServiceSpec {
            name: name.to_string(),
            labels: KeyValues::new(),
            image: image.to_string(),
            args: Vec::new(),
            mode: ServiceMode::Replicated { replicas },
            mounts: Vec::new(),
            limits: Resources::ZERO,
            env: Vec::new(),
            reservations: Resources::ZERO,
            restart: RestartPolicy::default(),
            stop_grace_period: SimDuration::from_secs(10),
            constraints: Vec::new(),
            max_replicas_per_node: 0,
            ports: Vec::new(),
            preferences: Vec::new(),
            update: UpdateConfig::default(),
            rollback: UpdateConfig::default(),
            force_update: 0,
            log_driver: None,
            pull_options: None,
        }
    }

    /// A global service with every other setting at docker's default.
    pub fn global(name: &str, image: &str) -> ServiceSpec {
        ServiceSpec { mode: ServiceMode::Global, ..ServiceSpec::replicated(name, image, 0) }
    }

    pub fn is_global(&self) -> bool {
        self.mode == ServiceMode::Global
    }

    /// The parsed constraints. `validate` has checked they parse.
    pub fn parsed_constraints(&self) -> Vec<Constraint> {
        self.constraints.iter().filter_map(|c| Constraint::parse(c).ok()).collect()
    }
}

/// Why a spec was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpecError {
    /// No name was given.
    NoName,
    /// The name is not a valid DNS name component (`^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$`).
    InvalidName(String),
    /// The name is longer than a DNS label may be.
    NameTooLong,
    /// A CPU reservation or limit below 0.001 CPU (`nano_cpus`).
    CpuTooSmall(u64),
    /// A memory reservation or limit below 4 MiB (bytes).
    MemoryTooSmall(u64),
    /// Two mounts with the same target.
    DuplicateMountTarget,
    /// A mount without a target.
    NoMountTarget,
    /// The image reference is empty.
    EmptyImage,
    /// A placement constraint does not parse; SwarmKit's reason.
    Constraint(String),
    /// The same published port twice in one spec.
    DuplicatePorts,
    /// A target port of 0.
    NoTargetPort,
    /// An update that changes the name.
    Rename,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // swarmkit controlapi `validateAnnotations` / `validateServiceSpec` wording.
            SpecError::NoName => {
                f.write_str("rpc error: code = InvalidArgument desc = meta: name must be provided")
            }
            SpecError::InvalidName(_) => f.write_str(
                "rpc error: code = InvalidArgument desc = name must be valid as a DNS name component",
            ),
            SpecError::NameTooLong => f.write_str(
                "rpc error: code = InvalidArgument desc = name must be 63 characters or fewer",
            ),
            SpecError::CpuTooSmall(nano) => write!(
                f,
                "rpc error: code = InvalidArgument desc = invalid cpu value {}: Must be at least 0.001",
                *nano as f64 / 1e9
            ),
            SpecError::MemoryTooSmall(bytes) => write!(
                f,
                "rpc error: code = InvalidArgument desc = invalid memory value {bytes}: Must be at least 4MiB"
            ),
            SpecError::DuplicateMountTarget => f.write_str("duplicate mount target"),
            SpecError::NoMountTarget => f.write_str(
                "rpc error: code = InvalidArgument desc = ContainerSpec: Mounts: target must not be empty",
            ),
            SpecError::EmptyImage => write!(
                f,
                "rpc error: code = InvalidArgument desc = ContainerSpec: image reference must be provided"
            ),
            SpecError::Constraint(reason) => write!(f, "rpc error: code = Unknown desc = {reason}"),
            SpecError::DuplicatePorts => write!(
                f,
                "rpc error: code = InvalidArgument desc = EndpointSpec: duplicate published ports provided"
            ),
            SpecError::NoTargetPort => f.write_str("missing mandatory field 'target'"),
            SpecError::Rename => f.write_str(
                "rpc error: code = Unimplemented desc = renaming services is not supported",
            ),
        }
    }
}

impl ServiceSpec {
    /// Checks the spec the way SwarmKit's control API does before accepting it.
    pub fn validate(&self) -> Result<(), SpecError> {
        // swarmkit controlapi `validateAnnotations`, in its order.
        if self.name.is_empty() {
            return Err(SpecError::NoName);
        }
        let bytes = self.name.as_bytes();
        let name_ok = bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
            && bytes[0].is_ascii_alphanumeric()
            && bytes[bytes.len() - 1].is_ascii_alphanumeric();
        if !name_ok {
            return Err(SpecError::InvalidName(self.name.clone()));
        }
        if self.name.len() > 63 {
            return Err(SpecError::NameTooLong);
        }
        // `validateResources`, for reservations and limits alike.
        for resources in [self.reservations, self.limits] {
            if resources.nano_cpus != 0 && resources.nano_cpus < 1_000_000 {
                return Err(SpecError::CpuTooSmall(resources.nano_cpus));
            }
            if resources.memory_bytes != 0 && resources.memory_bytes < 4 << 20 {
                return Err(SpecError::MemoryTooSmall(resources.memory_bytes));
            }
        }
        let mut targets: Vec<&str> = self.mounts.iter().map(|m| m.target.as_str()).collect();
        if targets.contains(&"") {
            return Err(SpecError::NoMountTarget);
        }
        crate::sort::sort(&mut targets);
        if targets.windows(2).any(|w| w[0] == w[1]) {
            return Err(SpecError::DuplicateMountTarget);
        }
        if self.image.is_empty() {
            return Err(SpecError::EmptyImage);
        }
        for constraint in &self.constraints {
            Constraint::parse(constraint).map_err(SpecError::Constraint)?;
        }
        if self.ports.iter().any(|p| p.target == 0) {
            return Err(SpecError::NoTargetPort);
        }
        let mut published: Vec<(u16, Protocol)> = self
            .ports
            .iter()
            .filter(|p| p.published != 0)
            .map(|p| (p.published, p.protocol))
            .collect();
        crate::sort::sort(&mut published);
        if published.windows(2).any(|w| w[0] == w[1]) {
            return Err(SpecError::DuplicatePorts);
        }
        Ok(())
    }

    /// Replicas asked for; a global service asks for none by number.
    pub fn replicas(&self) -> u32 {
        match self.mode {
            ServiceMode::Replicated { replicas } => replicas,
            ServiceMode::Global => 0,
        }
    }
}

/// `UpdateStatus.State`: where the last update or rollback of a service stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UpdateState {
    Updating,
    Paused,
    Completed,
    RollbackStarted,
    RollbackPaused,
    RollbackCompleted,
}

impl UpdateState {
    /// The moves UpdateStatus makes in SwarmKit (`updater.go`, `controlapi/service.go`): any client update
    /// clears it, and `docker service rollback` (or an automatic rollback) sets
    /// `rollback_started` over anything; `startUpdate` writes `updating` over no status only;
    /// `completeUpdate` and `pauseUpdate` end `rollback_started` as `rollback_completed` and
    /// `rollback_paused`, and any other status as `completed` and `paused` (a run may start
    /// on a finished status and keep it until it ends).
    pub fn is_allowed_edge(from: Option<UpdateState>, to: Option<UpdateState>) -> bool {
        use UpdateState::*;
        match (from, to) {
            (_, None | Some(RollbackStarted)) => true,
            (None, Some(Updating)) => true,
            (Some(RollbackStarted), to) => matches!(to, Some(RollbackPaused | RollbackCompleted)),
            (Some(_), to) => matches!(to, Some(Paused | Completed)),
            (None, _) => false,
        }
    }

    /// docker's lower-case name (`rollback_started`).
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateState::Updating => "updating",
            UpdateState::Paused => "paused",
            UpdateState::Completed => "completed",
            UpdateState::RollbackStarted => "rollback_started",
            UpdateState::RollbackPaused => "rollback_paused",
            UpdateState::RollbackCompleted => "rollback_completed",
        }
    }
}

/// `Service.UpdateStatus`: set by a rollback (and, with rolling updates, by the updater).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateStatus {
    pub state: UpdateState,
    pub started_at: SimTime,
    pub completed_at: Option<SimTime>,
    /// SwarmKit's text (`manually requested rollback`, `rollback completed`, ...).
    pub message: String,
}

/// One service as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: ServiceId,
    pub spec: ServiceSpec,
    /// `Meta.Version`: bumped on every write of the spec.
    pub version: u64,
    pub created_at: SimTime,
    pub updated_at: SimTime,
    /// `Endpoint.Ports`: the spec's ports with ingress ports the swarm picked filled in.
    pub endpoint_ports: Vec<PortConfig>,
    /// `SpecVersion`: the `version` the spec was written at by a client (0 for the spec the
    /// service was created with). Tasks carry it; the updater's status writes leave it, and a
    /// rollback brings back the previous spec's.
    pub spec_version: u64,
    /// The spec before the last update: what `docker service rollback` goes back to.
    pub previous_spec: Option<ServiceSpec>,
    /// `PreviousSpecVersion`: the `spec_version` of `previous_spec`.
    pub previous_spec_version: u64,
    /// Reset by every update; set by a rollback.
    pub update_status: Option<UpdateStatus>,
    /// `Endpoint.VirtualIPs` on the ingress network: the serial number of the address the
    /// allocator handed out (see `Cluster::ingress_address`), while a port is published in
    /// ingress mode.
    pub virtual_ip: Option<u32>,
    /// What tasks created now carry, derived from `spec` and shared between them; `None`
    /// until the first task needs it after a change of spec.
    pub(crate) task_spec: Option<(u64, Rc<TaskSpec>)>,
}

impl Service {
    /// A service as `CreateService` makes it: its spec as written by the client (spec version
    /// 0), never updated. The store stamps its version and allocates its virtual IP.
    pub fn new(
        id: ServiceId,
        spec: ServiceSpec,
        endpoint_ports: Vec<PortConfig>,
        now: SimTime,
    ) -> Service {
        Service {
            id,
            spec,
            version: 1,
            created_at: now,
            updated_at: now,
            endpoint_ports,
            spec_version: 0,
            previous_spec: None,
            previous_spec_version: 0,
            update_status: None,
            virtual_ip: None,
            task_spec: None,
        }
    }
}

/// The first port the swarm hands out for an ingress port published without a number.
pub const DYNAMIC_PORT_START: u16 = 30000;
/// The last one (`dynamicPortEnd`).
pub const DYNAMIC_PORT_END: u16 = 32767;

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn spec(name: &str, image: &str) -> ServiceSpec {
        ServiceSpec::replicated(name, image, 1)
    }

    #[test]
    fn update_status_moves_only_as_swarmkit_writes_it() {
        use UpdateState::*;
        let all = [None, Some(Updating), Some(Paused), Some(Completed)].into_iter().chain([
            Some(RollbackStarted),
            Some(RollbackPaused),
            Some(RollbackCompleted),
        ]);
        let allowed: Vec<(Option<UpdateState>, Option<UpdateState>)> = all
            .clone()
            .flat_map(|from| all.clone().map(move |to| (from, to)))
            .filter(|(from, to)| from != to && UpdateState::is_allowed_edge(*from, *to))
            .collect();
        let mut expected = vec![
            (None, Some(Updating)),
            (None, Some(RollbackStarted)),
            (Some(RollbackStarted), Some(RollbackPaused)),
            (Some(RollbackStarted), Some(RollbackCompleted)),
        ];
        for from in
            [Updating, Paused, Completed, RollbackStarted, RollbackPaused, RollbackCompleted]
        {
            expected.push((Some(from), None));
            if from != RollbackStarted {
                expected.push((Some(from), Some(RollbackStarted)));
                expected.extend(
                    [Paused, Completed]
                        .into_iter()
                        .filter(|to| *to != from)
                        .map(|to| (Some(from), Some(to))),
                );
            }
        }
        let sorted = |mut v: Vec<_>| {
            v.sort();
            v
        };
        assert_eq!(sorted(allowed), sorted(expected));
        // Never: an update starting over a status, or a rollback ending as an update.
        assert!(!UpdateState::is_allowed_edge(Some(Completed), Some(Updating)));
        assert!(!UpdateState::is_allowed_edge(Some(RollbackStarted), Some(Completed)));
        assert!(!UpdateState::is_allowed_edge(None, Some(Paused)));
    }

    #[test]
    fn validation_accepts_names_docker_accepts() {
        assert_eq!(spec("web", "nginx").validate(), Ok(()));
        assert_eq!(spec("my_web-2", "nginx:1.25").validate(), Ok(()));
    }

    #[test]
    fn validation_rejects_bad_names_and_images() {
        assert_eq!(spec("", "nginx").validate(), Err(SpecError::NoName));
        assert_eq!(spec("a b", "nginx").validate(), Err(SpecError::InvalidName("a b".into())));
        assert_eq!(spec("-web", "nginx").validate(), Err(SpecError::InvalidName("-web".into())));
        assert_eq!(spec("web_", "nginx").validate(), Err(SpecError::InvalidName("web_".into())));
        assert_eq!(spec(&"a".repeat(64), "nginx").validate(), Err(SpecError::NameTooLong));
        assert_eq!(spec("web", "").validate(), Err(SpecError::EmptyImage));
    }

    #[test]
    fn resources_and_mounts_are_checked_like_swarmkit() {
        let mut s = spec("web", "nginx");
        s.reservations.nano_cpus = 100_000;
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "rpc error: code = InvalidArgument desc = invalid cpu value 0.0001: Must be at least 0.001"
        );
        let mut s = spec("web", "nginx");
        s.limits.memory_bytes = 1024;
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "rpc error: code = InvalidArgument desc = invalid memory value 1024: Must be at least 4MiB"
        );
        let mount = |target: &str| Mount {
            kind: "volume".into(),
            source: "data".into(),
            target: target.into(),
            read_only: false,
        };
        let mut s = spec("web", "nginx");
        s.mounts = vec![mount("/data"), mount("/data")];
        assert_eq!(s.validate(), Err(SpecError::DuplicateMountTarget));
        s.mounts = vec![mount("")];
        assert_eq!(s.validate(), Err(SpecError::NoMountTarget));
        s.mounts = vec![mount("/data")];
        assert_eq!(s.validate(), Ok(()));
    }
}
