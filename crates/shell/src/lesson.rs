//! Lessons: a tutorial as data. A lesson file (JSON, `version` 1) sets up a swarm (its nodes,
//! images added to the catalog, services created first, the seed, the docker CLI's version,
//! the page's options) and walks a learner through ordered steps: text, commands to run with
//! one click, and checkpoints that are met or not.
//!
//! Owns the file format, its validation (every error names the field and, when read from text,
//! the line), checkpoint evaluation (pure: a snapshot and the step's exchanges in, a bool out),
//! playing a lesson through a `Session` as `swarm run` plays a script, a live lesson's progress
//! (`Progress`: which steps are done and which checkpoints met as a learner goes, windowing
//! exchanges per step as playing does), and the built-in lessons (`crates/shell/lessons/`). It
//! does not render the step text (a small Markdown subset, the page's job).
//!
//! The cluster is described once: a lesson's `setup.nodes` become a scenario file's `node`
//! lines and go through `Scenario::parse`, so both formats accept the same nodes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use swarm_core::{Availability, KeyValues, NodeState, Snapshot, TaskState, UpdateState};

use crate::record::{self, Elements, NamedSlot, Record, Shape, Slot, UnitEnum};
use crate::scenario::Scenario;
use crate::session::Session;
use crate::transcript::{Exchange, ExchangeKind};

/// The format version this playground reads.
pub const LESSON_VERSION: u32 = 1;
/// Lesson files larger than this are refused.
pub const LESSON_BYTES_MAX: usize = 64 * 1024;
/// Nodes a lesson's swarm starts with.
pub const LESSON_NODES_MAX: usize = 64;
/// Tasks a lesson's setup creates, and tasks a checkpoint may count.
pub const LESSON_TASKS_MAX: u64 = 5_000;
/// Steps in one lesson.
pub const LESSON_STEPS_MAX: usize = 100;
/// Commands in one step.
pub const STEP_COMMANDS_MAX: usize = 100;
/// Checkpoints in one step.
pub const STEP_CHECKPOINTS_MAX: usize = 32;

/// A lesson: its setup and its steps, in order.
///
/// Read by `record` (every struct here is): unknown fields are refused, and the fields said to
/// have a default may be left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lesson {
    /// The format version, `LESSON_VERSION`.
    pub version: u32,
    /// A short name in lower case with dashes (`swarm-tour`): what `swarm lesson check` takes.
    pub name: String,
    pub title: String,
    /// The language of the text (a BCP 47 tag; `en` by default).
    pub language: String,
    /// The tutorials' lab by default.
    pub setup: Setup,
    /// Every panel, at speed 1, by default.
    pub ui: Ui,
    pub steps: Vec<Step>,
}

/// The swarm a lesson starts with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setup {
    /// The seed of the simulation (1 by default, as `swarm run`).
    pub seed: u64,
    /// Which docker CLI's words: 24 (default) or 29.
    pub docker_version: u32,
    /// Nodes in join order, the first manager leading; none (the default): the tutorials' lab
    /// (manager1, worker1, worker2).
    pub nodes: Vec<NodeSetup>,
    /// Images added to the catalog first (`sim image add`); none by default.
    pub images: Vec<ImageSetup>,
    /// Services created before the first step (`docker service create`, waiting until they
    /// run); none by default.
    pub services: Vec<ServiceSetup>,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            seed: seed_default(),
            docker_version: docker_version_default(),
            nodes: Vec::new(),
            images: Vec::new(),
            services: Vec::new(),
        }
    }
}

/// One node, as a scenario file's `node` line describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeSetup {
    pub hostname: String,
    /// A worker by default.
    pub role: Role,
    /// CPUs (2 by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpus: Option<f64>,
    /// Memory in docker's sizes (`4g` by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    /// None by default.
    #[serde(skip_serializing_if = "KeyValues::is_empty", serialize_with = "labels_as_map")]
    pub labels: KeyValues,
}

/// Labels as an object, as serde writes a `BTreeMap<String, String>`.
fn labels_as_map<S: serde::Serializer>(
    labels: &KeyValues,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(labels)
}

/// A node's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Manager,
    #[default]
    Worker,
}

/// An image added to the catalog, as `sim image add` takes it (durations are Go durations).
/// Every field but `image` is optional (none by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageSetup {
    pub image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub require_env: Vec<String>,
}

/// A service created before the first step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceSetup {
    pub name: String,
    pub image: String,
    /// Replicas of a replicated service (1 by default); a global service takes none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u64>,
    /// Replicated by default.
    pub global: bool,
    /// Published ports, as `--publish` takes them (`80:80`); none by default.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publish: Vec<String>,
}

/// What the page shows and allows (the CLI ignores it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ui {
    /// The panels shown, in no particular order (all by default).
    pub panels: Vec<Panel>,
    /// The simulated clock's speed, 0.25 to 100 (1 by default).
    pub speed: f64,
    /// The learner may only click the step's commands: no typing, no buttons (`false` by
    /// default).
    pub read_only: bool,
}

impl Default for Ui {
    fn default() -> Ui {
        Ui { panels: panels_all(), speed: speed_default(), read_only: false }
    }
}

/// A panel of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Panel {
    Board,
    Services,
    Plots,
    Events,
    Terminal,
    Timeline,
}

/// One step of a lesson; every field but `title` is empty by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub title: String,
    /// A small Markdown subset (paragraphs, `code`, **bold**, *emphasis*, lists, links), which
    /// the page renders as text, never as HTML.
    pub text: String,
    /// Lines the learner can run with one click, in order: typed into the terminal as they
    /// are (`\` continuations included). `sleep N` lets time pass, as in a script.
    pub commands: Vec<String>,
    /// What is true once the step's commands have run.
    pub checkpoints: Vec<Checkpoint>,
}

/// Something that is true of the swarm, or of what the step's commands printed.
///
/// In a file it is one object whose `check` says which (`{"check": "running", "service":
/// "web", "tasks": 4}`). It is read as one flat object (`FlatCheckpoint`) and then checked for
/// the fields its kind has: serde's internally tagged enums buffer every value first, which
/// costs the page's wasm about 10 KB gzipped for the same result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "FlatCheckpoint")]
pub enum Checkpoint {
    /// Service `service` has exactly `tasks` tasks running (observed and desired), all on
    /// `image` if it is given (`nginx:1.24`; a name without a tag means `:latest`).
    Running { service: String, tasks: u64, image: Option<String> },
    /// Node `node` (a hostname) has this availability and/or this status (`docker node ls`'s
    /// AVAILABILITY and STATUS).
    Node { node: String, availability: Option<Availability>, status: Option<NodeState> },
    /// The update status of `service` is `state` (`UpdateStatus.State`).
    UpdateStatus { service: String, state: UpdateState },
    /// A task of `service` is pending, and why says `reason` (`insufficient resources`).
    Pending { service: String, reason: String },
    /// A command of the step printed `contains`; only lines containing `command`, if given.
    Output { contains: String, command: Option<String> },
}

fn english() -> String {
    "en".to_string()
}
fn seed_default() -> u64 {
    1
}
fn docker_version_default() -> u32 {
    24
}
fn speed_default() -> f64 {
    1.0
}
fn panels_all() -> Vec<Panel> {
    use Panel::*;
    vec![Board, Services, Plots, Events, Terminal, Timeline]
}

// How each type is read (see `record`): its fields, which have no default, and where each
// value goes. The field indices follow `fields`.

impl Record for Lesson {
    fn start() -> Lesson {
        Lesson {
            version: 0,
            name: String::new(),
            title: String::new(),
            language: english(),
            setup: Setup::default(),
            ui: Ui::default(),
            steps: Vec::new(),
        }
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "Lesson",
            fields: &["version", "name", "title", "language", "setup", "ui", "steps"],
            required: 0b100_0111,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::U32(&mut self.version),
            1 => Slot::Text(&mut self.name),
            2 => Slot::Text(&mut self.title),
            3 => Slot::Text(&mut self.language),
            4 => Slot::Record(&mut self.setup),
            5 => Slot::Record(&mut self.ui),
            _ => Slot::Elements(&mut self.steps),
        }
    }
}

impl Record for Setup {
    fn start() -> Setup {
        Setup::default()
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "Setup",
            fields: &["seed", "docker_version", "nodes", "images", "services"],
            required: 0,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::U64(&mut self.seed),
            1 => Slot::U32(&mut self.docker_version),
            2 => Slot::Elements(&mut self.nodes),
            3 => Slot::Elements(&mut self.images),
            _ => Slot::Elements(&mut self.services),
        }
    }
}

impl Record for NodeSetup {
    fn start() -> NodeSetup {
        NodeSetup {
            hostname: String::new(),
            role: Role::default(),
            cpus: None,
            memory: None,
            labels: KeyValues::new(),
        }
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "NodeSetup",
            fields: &["hostname", "role", "cpus", "memory", "labels"],
            required: 0b1,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::Text(&mut self.hostname),
            1 => Slot::Unit(&mut self.role),
            2 => Slot::MaybeF64(&mut self.cpus),
            3 => Slot::MaybeText(&mut self.memory),
            _ => Slot::Labels(&mut self.labels),
        }
    }
}

impl UnitEnum for Role {
    fn names(&self) -> (&'static str, &'static [&'static str]) {
        ("Role", &["manager", "worker"])
    }

    fn set(&mut self, index: usize) {
        *self = if index == 0 { Role::Manager } else { Role::Worker };
    }
}

impl Record for ImageSetup {
    fn start() -> ImageSetup {
        ImageSetup {
            image: String::new(),
            pull_time: None,
            start_time: None,
            exit_after: None,
            exit_code: None,
            require_env: Vec::new(),
        }
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "ImageSetup",
            fields: &["image", "pull_time", "start_time", "exit_after", "exit_code", "require_env"],
            required: 0b1,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::Text(&mut self.image),
            1 => Slot::MaybeText(&mut self.pull_time),
            2 => Slot::MaybeText(&mut self.start_time),
            3 => Slot::MaybeText(&mut self.exit_after),
            4 => Slot::MaybeI32(&mut self.exit_code),
            _ => Slot::Elements(&mut self.require_env),
        }
    }
}

impl Record for ServiceSetup {
    fn start() -> ServiceSetup {
        ServiceSetup {
            name: String::new(),
            image: String::new(),
            replicas: None,
            global: false,
            publish: Vec::new(),
        }
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "ServiceSetup",
            fields: &["name", "image", "replicas", "global", "publish"],
            required: 0b11,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::Text(&mut self.name),
            1 => Slot::Text(&mut self.image),
            2 => Slot::MaybeU64(&mut self.replicas),
            3 => Slot::Bool(&mut self.global),
            _ => Slot::Elements(&mut self.publish),
        }
    }
}

impl Record for Ui {
    fn start() -> Ui {
        Ui::default()
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "Ui",
            fields: &["panels", "speed", "read_only"],
            required: 0,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::Elements(&mut self.panels),
            1 => Slot::F64(&mut self.speed),
            _ => Slot::Bool(&mut self.read_only),
        }
    }
}

impl Elements for Vec<Panel> {
    fn clear(&mut self) {
        Vec::clear(self);
    }

    fn push(&mut self) -> Slot<'_> {
        self.push(Panel::Board);
        Slot::Unit(self.last_mut().expect("just pushed"))
    }
}

impl UnitEnum for Panel {
    fn names(&self) -> (&'static str, &'static [&'static str]) {
        ("Panel", &["board", "services", "plots", "events", "terminal", "timeline"])
    }

    fn set(&mut self, index: usize) {
        use Panel::*;
        *self = [Board, Services, Plots, Events, Terminal, Timeline][index];
    }
}

impl Record for Step {
    fn start() -> Step {
        Step {
            title: String::new(),
            text: String::new(),
            commands: Vec::new(),
            checkpoints: Vec::new(),
        }
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "Step",
            fields: &["title", "text", "commands", "checkpoints"],
            required: 0b1,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::Text(&mut self.title),
            1 => Slot::Text(&mut self.text),
            2 => Slot::Elements(&mut self.commands),
            _ => Slot::Elements(&mut self.checkpoints),
        }
    }
}

impl Record for FlatCheckpoint {
    fn start() -> FlatCheckpoint {
        FlatCheckpoint {
            check: CheckpointKind::Running,
            service: None,
            tasks: None,
            image: None,
            node: None,
            availability: None,
            status: None,
            state: None,
            reason: None,
            contains: None,
            command: None,
        }
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "FlatCheckpoint",
            fields: &[
                "check",
                "service",
                "tasks",
                "image",
                "node",
                "availability",
                "status",
                "state",
                "reason",
                "contains",
                "command",
            ],
            required: 0b1,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::Unit(&mut self.check),
            1 => Slot::MaybeText(&mut self.service),
            2 => Slot::MaybeU64(&mut self.tasks),
            3 => Slot::MaybeText(&mut self.image),
            4 => Slot::MaybeText(&mut self.node),
            5 => Slot::MaybeNamed(&mut self.availability),
            6 => Slot::MaybeNamed(&mut self.status),
            7 => Slot::MaybeNamed(&mut self.state),
            8 => Slot::MaybeText(&mut self.reason),
            9 => Slot::MaybeText(&mut self.contains),
            _ => Slot::MaybeText(&mut self.command),
        }
    }
}

impl UnitEnum for CheckpointKind {
    fn names(&self) -> (&'static str, &'static [&'static str]) {
        ("CheckpointKind", &["running", "node", "update_status", "pending", "output"])
    }

    fn set(&mut self, index: usize) {
        use CheckpointKind::*;
        *self = [Running, Node, UpdateStatus, Pending, Output][index];
    }
}

/// `Deserialize` for the types read as records, and the enums.
macro_rules! deserialize_by_record {
    ($($type:ty),*) => {$(
        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$type, D::Error> {
                record::deserialize(deserializer)
            }
        }
    )*};
}

deserialize_by_record!(
    Lesson,
    Setup,
    NodeSetup,
    ImageSetup,
    ServiceSetup,
    Ui,
    Step,
    FlatCheckpoint
);

impl<'de> Deserialize<'de> for Checkpoint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Checkpoint, D::Error> {
        let mut checkpoint = Checkpoint::Output { contains: String::new(), command: None };
        record::read(deserializer, Slot::Checkpoint(&mut checkpoint))?;
        Ok(checkpoint)
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Role, D::Error> {
        let mut role = Role::default();
        record::read(deserializer, Slot::Unit(&mut role))?;
        Ok(role)
    }
}

impl<'de> Deserialize<'de> for Panel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Panel, D::Error> {
        let mut panel = Panel::Board;
        record::read(deserializer, Slot::Unit(&mut panel))?;
        Ok(panel)
    }
}

/// Why a lesson was refused: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    /// The field's path (`steps[2].checkpoints[0].tasks`); empty for the whole file.
    pub field: String,
    /// The line of the file the field is on (1-based); 0 for a lesson not read from text.
    pub line: usize,
    pub kind: LessonErrorKind,
}

/// What is wrong with a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LessonErrorKind {
    /// The file is larger than `LESSON_BYTES_MAX` (its size in bytes).
    TooLarge(usize),
    /// Not JSON, or not a lesson's shape: serde_json's words (a missing or unknown field, a
    /// value of the wrong type).
    Syntax(String),
    /// A `version` this playground does not read.
    Version(u32),
    /// A value the playground refuses, and why.
    Invalid(String),
    /// More nodes than `LESSON_NODES_MAX`.
    TooManyNodes(usize),
    /// More tasks than `LESSON_TASKS_MAX`, created by the setup or counted by a checkpoint.
    TooManyTasks(u64),
    /// More steps than `LESSON_STEPS_MAX`.
    TooManySteps(usize),
    /// More commands in a step than `STEP_COMMANDS_MAX`.
    TooManyCommands(usize),
    /// More checkpoints in a step than `STEP_CHECKPOINTS_MAX`.
    TooManyCheckpoints(usize),
    /// A setup line failed when the lesson started: the first line it printed.
    Setup(String),
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        match &self.kind {
            LessonErrorKind::TooLarge(bytes) => write!(
                f,
                "the lesson is {} KiB; the playground reads at most {} KiB",
                bytes.div_ceil(1024),
                LESSON_BYTES_MAX / 1024
            ),
            LessonErrorKind::Syntax(message) => f.write_str(message),
            LessonErrorKind::Version(found) => {
                write!(
                    f,
                    "version {found} is not known; this playground reads version {LESSON_VERSION}"
                )
            }
            LessonErrorKind::Invalid(message) => f.write_str(message),
            LessonErrorKind::TooManyNodes(n) => {
                write!(f, "{n} nodes; a lesson starts with at most {LESSON_NODES_MAX}")
            }
            LessonErrorKind::TooManyTasks(n) => {
                write!(f, "{n} tasks; a lesson counts at most {LESSON_TASKS_MAX}")
            }
            LessonErrorKind::TooManySteps(n) => {
                write!(f, "{n} steps; a lesson has at most {LESSON_STEPS_MAX}")
            }
            LessonErrorKind::TooManyCommands(n) => {
                write!(f, "{n} commands; a step has at most {STEP_COMMANDS_MAX}")
            }
            LessonErrorKind::TooManyCheckpoints(n) => {
                write!(f, "{n} checkpoints; a step has at most {STEP_CHECKPOINTS_MAX}")
            }
            LessonErrorKind::Setup(output) => write!(f, "the setup failed: {}", output.trim_end()),
        }
    }
}

impl std::error::Error for LessonError {}

/// One segment of a field's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

/// A field's path, for errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Path(Vec<Seg>);

impl Path {
    fn key(&self, key: &'static str) -> Path {
        let mut path = self.clone();
        path.0.push(Seg::Key(key));
        path
    }

    fn index(&self, index: usize) -> Path {
        let mut path = self.clone();
        path.0.push(Seg::Index(index));
        path
    }

    fn error(&self, kind: LessonErrorKind) -> Box<(Path, LessonErrorKind)> {
        Box::new((self.clone(), kind))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(key) if i == 0 => f.write_str(key)?,
                Seg::Key(key) => write!(f, ".{key}")?,
                Seg::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

type Invalid = Box<(Path, LessonErrorKind)>;

impl Lesson {
    /// Reads a lesson file: JSON, at most `LESSON_BYTES_MAX`, validated, its setup tried.
    ///
    /// ```text
    /// {
    ///   "version": 1,
    ///   "name": "scale-web",
    ///   "title": "Scaling a service",
    ///   "setup": {
    ///     "nodes": [{ "hostname": "m1", "role": "manager" }, { "hostname": "w1", "cpus": 4 }],
    ///     "services": [{ "name": "web", "image": "nginx", "replicas": 2 }]
    ///   },
    ///   "steps": [{
    ///     "title": "Scale",
    ///     "text": "`docker service scale` sets the number of replicas.",
    ///     "commands": ["docker service scale web=4", "sleep 5"],
    ///     "checkpoints": [
    ///       { "check": "running", "service": "web", "tasks": 4, "image": "nginx" },
    ///       { "check": "output", "contains": "converged", "command": "scale" }
    ///     ]
    ///   }]
    /// }
    /// ```
    ///
    /// Checkpoints: `running` (service, tasks, image?), `node` (node, availability?,
    /// status?), `update_status` (service, state), `pending` (service, reason), `output`
    /// (contains, command?). Errors give the line and the field's path.
    pub fn parse(text: &str) -> Result<Lesson, LessonError> {
        if text.len() > LESSON_BYTES_MAX {
            return Err(LessonError {
                field: String::new(),
                line: 0,
                kind: LessonErrorKind::TooLarge(text.len()),
            });
        }
        let lesson: Lesson = serde_json::from_str(text).map_err(|e| syntax_error(text, &e))?;
        let located = |error: Invalid| {
            let (path, kind) = *error;
            LessonError { field: path.to_string(), line: locate(text, &path.0), kind }
        };
        lesson.check().map_err(located)?;
        lesson.start_checked().map_err(located)?;
        Ok(lesson)
    }

    /// Checks what serde cannot: the version, the limits, values the playground refuses.
    /// Errors name the field; `line` is 0 (see `parse` for a file's lines).
    pub fn validate(&self) -> Result<(), LessonError> {
        self.check().map_err(|error| {
            let (path, kind) = *error;
            LessonError { field: path.to_string(), line: 0, kind }
        })
    }

    fn check(&self) -> Result<(), Invalid> {
        let root = Path::default();
        if self.version != LESSON_VERSION {
            return Err(root.key("version").error(LessonErrorKind::Version(self.version)));
        }
        let invalid = |path: Path, message: &str| {
            Err(path.error(LessonErrorKind::Invalid(message.to_string())))
        };
        if self.name.is_empty()
            || !self.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return invalid(root.key("name"), "a name is lower-case letters, digits and dashes");
        }
        if self.title.trim().is_empty() {
            return invalid(root.key("title"), "the title is empty");
        }
        let setup = root.key("setup");
        if !matches!(self.setup.docker_version, 24 | 29) {
            return invalid(setup.key("docker_version"), "docker_version is 24 or 29");
        }
        let nodes = &self.setup.nodes;
        if nodes.len() > LESSON_NODES_MAX {
            return Err(setup.key("nodes").error(LessonErrorKind::TooManyNodes(nodes.len())));
        }
        if let Err((index, message)) = self.scenario_indexed() {
            let path = match index {
                Some(index) => setup.key("nodes").index(index),
                None => setup.key("docker_version"),
            };
            return invalid(path, &message);
        }
        let node_count = if nodes.is_empty() { 3 } else { nodes.len() as u64 };
        let mut tasks = 0u64;
        for (i, service) in self.setup.services.iter().enumerate() {
            let path = setup.key("services").index(i);
            if service.global && service.replicas.is_some() {
                return invalid(path.key("replicas"), "a global service takes no replicas");
            }
            let count = if service.global { node_count } else { service.replicas.unwrap_or(1) };
            tasks = tasks.saturating_add(count);
            if tasks > LESSON_TASKS_MAX {
                return Err(path.error(LessonErrorKind::TooManyTasks(tasks)));
            }
        }
        let ui = root.key("ui");
        if !(0.25..=100.0).contains(&self.ui.speed) {
            return invalid(ui.key("speed"), "speed is 0.25 to 100");
        }
        let steps = root.key("steps");
        if self.steps.is_empty() {
            return invalid(steps, "a lesson has at least one step");
        }
        if self.steps.len() > LESSON_STEPS_MAX {
            return Err(steps.error(LessonErrorKind::TooManySteps(self.steps.len())));
        }
        for (s, step) in self.steps.iter().enumerate() {
            let path = steps.index(s);
            if step.title.trim().is_empty() {
                return invalid(path.key("title"), "the title is empty");
            }
            if step.commands.len() > STEP_COMMANDS_MAX {
                let kind = LessonErrorKind::TooManyCommands(step.commands.len());
                return Err(path.key("commands").error(kind));
            }
            for (c, command) in step.commands.iter().enumerate() {
                if command.trim().is_empty() {
                    return invalid(path.key("commands").index(c), "the command is empty");
                }
            }
            if step.checkpoints.len() > STEP_CHECKPOINTS_MAX {
                let kind = LessonErrorKind::TooManyCheckpoints(step.checkpoints.len());
                return Err(path.key("checkpoints").error(kind));
            }
            for (c, checkpoint) in step.checkpoints.iter().enumerate() {
                let path = path.key("checkpoints").index(c);
                match checkpoint {
                    Checkpoint::Running { tasks, .. } if *tasks > LESSON_TASKS_MAX => {
                        return Err(path.key("tasks").error(LessonErrorKind::TooManyTasks(*tasks)));
                    }
                    Checkpoint::Node { availability: None, status: None, .. } => {
                        return invalid(path, "a node checkpoint needs availability or status");
                    }
                    Checkpoint::Output { contains, .. } if contains.is_empty() => {
                        return invalid(path.key("contains"), "the text is empty");
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// The scenario the lesson's swarm starts as.
    pub fn scenario(&self) -> Result<Scenario, LessonError> {
        self.scenario_indexed().map_err(|(_, message)| LessonError {
            field: "setup.nodes".to_string(),
            line: 0,
            kind: LessonErrorKind::Invalid(message),
        })
    }

    /// The scenario, through a scenario file's text; an error names the node (by index).
    fn scenario_indexed(&self) -> Result<Scenario, (Option<usize>, String)> {
        let mut text = String::new();
        for node in &self.setup.nodes {
            let mut words = vec!["node".to_string(), node.hostname.clone()];
            if node.role == Role::Manager {
                words.extend(["--role".to_string(), "manager".to_string()]);
            }
            if let Some(cpus) = node.cpus {
                words.extend(["--cpus".to_string(), cpus.to_string()]);
            }
            if let Some(memory) = &node.memory {
                words.extend(["--memory".to_string(), memory.clone()]);
            }
            for (key, value) in &node.labels {
                words.extend(["--label".to_string(), format!("{key}={value}")]);
            }
            text.push_str(&quoted(&words));
            text.push('\n');
        }
        text.push_str(&format!("docker-version {}\n", self.setup.docker_version));
        Scenario::parse(&text).map_err(|message| {
            // `line N: …`: line N is node N-1 (the docker-version line is last).
            let rest = message.strip_prefix("line ").and_then(|r| r.split_once(": "));
            match rest.and_then(|(n, m)| Some((n.parse::<usize>().ok()?, m))) {
                Some((n, m)) if n <= self.setup.nodes.len() => (Some(n - 1), m.to_string()),
                _ => (None, message),
            }
        })
    }

    /// The lines the setup types before the first step: images, then services.
    fn setup_lines(&self) -> Vec<(Path, String)> {
        let setup = Path::default().key("setup");
        let mut lines = Vec::new();
        for (i, image) in self.setup.images.iter().enumerate() {
            let mut words: Vec<String> = ["sim", "image", "add"].map(String::from).to_vec();
            let durations = [
                ("--pull-time", &image.pull_time),
                ("--start-time", &image.start_time),
                ("--exit-after", &image.exit_after),
            ];
            for (flag, value) in durations {
                if let Some(value) = value {
                    words.extend([flag.to_string(), value.clone()]);
                }
            }
            if let Some(code) = image.exit_code {
                words.extend(["--exit-code".to_string(), code.to_string()]);
            }
            for name in &image.require_env {
                words.extend(["--require-env".to_string(), name.clone()]);
            }
            words.push(image.image.clone());
            lines.push((setup.key("images").index(i), quoted(&words)));
        }
        for (i, service) in self.setup.services.iter().enumerate() {
            let mut words: Vec<String> =
                ["docker", "service", "create", "--name"].map(String::from).to_vec();
            words.push(service.name.clone());
            if service.global {
                words.extend(["--mode".to_string(), "global".to_string()]);
            }
            if let Some(replicas) = service.replicas {
                words.extend(["--replicas".to_string(), replicas.to_string()]);
            }
            for port in &service.publish {
                words.extend(["--publish".to_string(), port.clone()]);
            }
            words.push(service.image.clone());
            lines.push((setup.key("services").index(i), quoted(&words)));
        }
        lines
    }

    /// A session on the lesson's swarm with its setup done: images added, services created
    /// and running. Its transcript shows the setup's lines.
    pub fn start(&self) -> Result<Session, LessonError> {
        self.start_checked().map_err(|error| {
            let (path, kind) = *error;
            LessonError { field: path.to_string(), line: 0, kind }
        })
    }

    fn start_checked(&self) -> Result<Session, Invalid> {
        let scenario = self.scenario_indexed().map_err(|(_, message)| {
            Path::default().key("setup").error(LessonErrorKind::Invalid(message))
        })?;
        let mut session = Session::new(scenario, self.setup.seed);
        for (path, line) in self.setup_lines() {
            let before = session.transcript().len();
            session
                .run_script(&line)
                .map_err(|e| path.error(LessonErrorKind::Setup(e.to_string())))?;
            if let Some(failed) = session.transcript()[before..].iter().find(|e| e.exit_code != 0) {
                let output = failed.output_text();
                let first = output.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
                return Err(path.error(LessonErrorKind::Setup(first.to_string())));
            }
        }
        Ok(session)
    }

    /// Plays the lesson as `swarm lesson check` does: the setup, then each step's commands in
    /// order (each line to its end, as `swarm run` runs a script), then the step's checkpoints.
    pub fn play(&self) -> Result<Played, LessonError> {
        let mut session = self.start()?;
        let setup_len = session.transcript().len();
        let mut steps = Vec::with_capacity(self.steps.len());
        let mut from = setup_len;
        for (s, step) in self.steps.iter().enumerate() {
            for (c, command) in step.commands.iter().enumerate() {
                session.run_script(command).map_err(|e| LessonError {
                    field: format!("steps[{s}].commands[{c}]"),
                    line: 0,
                    kind: LessonErrorKind::Invalid(e.to_string()),
                })?;
            }
            let to = session.transcript().len();
            let snapshot = session.snapshot();
            let exchanges = &session.transcript()[from..to];
            let met = step.checkpoints.iter().map(|c| c.evaluate(&snapshot, exchanges)).collect();
            steps.push(PlayedStep { exchanges: from..to, met });
            from = to;
        }
        Ok(Played { lesson: self.clone(), session, setup_len, steps })
    }

    /// The built-in lessons, by name, in the order `swarm lesson list` gives them.
    pub fn builtin_names() -> impl Iterator<Item = &'static str> {
        BUILTIN_NAMES.iter().copied()
    }

    /// A built-in lesson's file, where this build carries the files (the `builtin-lessons`
    /// feature; the page's release wasm leaves them out and has them fetched, see
    /// `www/swarm-playground.js`).
    pub fn builtin(name: &str) -> Option<&'static str> {
        let index = BUILTIN_NAMES.iter().position(|n| *n == name)?;
        BUILTIN_FILES.get(index).copied()
    }
}

/// The built-in lessons, one per tutorial the playground grew from; their files are
/// `crates/shell/lessons/NAME.json`, which the site also serves as `lessons/NAME.json`.
const BUILTIN_NAMES: [&str; 5] = [
    "myweb3-rolling-update",
    "swarm-tour",
    "ping-update-rollback",
    "rolling-update-options",
    "drain-and-failover",
];

/// The files of [`BUILTIN_NAMES`], in the same order.
#[cfg(feature = "builtin-lessons")]
const BUILTIN_FILES: &[&str] = &[
    include_str!("../lessons/myweb3-rolling-update.json"),
    include_str!("../lessons/swarm-tour.json"),
    include_str!("../lessons/ping-update-rollback.json"),
    include_str!("../lessons/rolling-update-options.json"),
    include_str!("../lessons/drain-and-failover.json"),
];

#[cfg(not(feature = "builtin-lessons"))]
const BUILTIN_FILES: &[&str] = &[];

fn quoted(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| shlex::try_quote(w).map_or_else(|_| w.clone(), |q| q.into_owned()))
        .collect();
    quoted.join(" ")
}

/// A lesson played to its end.
#[derive(Debug)]
pub struct Played {
    pub lesson: Lesson,
    /// The session after the last step.
    pub session: Session,
    /// How many exchanges the setup wrote.
    pub setup_len: usize,
    pub steps: Vec<PlayedStep>,
}

/// One step played: its exchanges (a range of the session's transcript) and whether each of
/// its checkpoints was met after its last command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayedStep {
    pub exchanges: std::ops::Range<usize>,
    pub met: Vec<bool>,
}

impl Played {
    /// Whether every checkpoint of every step was met.
    pub fn all_met(&self) -> bool {
        self.steps.iter().all(|s| s.met.iter().all(|&m| m))
    }

    /// The report `swarm lesson check` prints: per step its title and a line per checkpoint
    /// (`✓` or `✗` and what it checks); with `transcript`, also what the setup and each step's
    /// commands printed, as `swarm run` prints it.
    pub fn report(&self, transcript: bool) -> String {
        let mut out = format!("# {} ({})\n", self.lesson.title, self.lesson.name);
        let exchanges = self.session.transcript();
        if transcript && self.setup_len > 0 {
            out.push_str("\n## Setup\n");
            out.push_str(&crate::transcript::script_text(&exchanges[..self.setup_len]));
        }
        for (i, (step, played)) in self.lesson.steps.iter().zip(&self.steps).enumerate() {
            out.push_str(&format!("\n## {}. {}\n", i + 1, step.title));
            if transcript {
                out.push_str(&crate::transcript::script_text(&exchanges[played.exchanges.clone()]));
            }
            for (checkpoint, met) in step.checkpoints.iter().zip(&played.met) {
                out.push_str(&format!("{} {checkpoint}\n", if *met { "✓" } else { "✗" }));
            }
        }
        let (met, all) = self
            .steps
            .iter()
            .flat_map(|s| &s.met)
            .fold((0, 0), |(met, all), &m| (met + usize::from(m), all + 1));
        out.push_str(&format!("\n{met} of {all} checkpoints met\n"));
        out
    }
}

/// Where a live lesson stands over a running `Session`: which steps are done and which
/// checkpoints are met. Pure: the page hands it the lesson, a snapshot and the transcript, and
/// it says what just turned green.
///
/// The rules, as `Lesson::play` windows a step's exchanges:
/// - Steps are done in order; the current step is the first one not done.
/// - A step's window of exchanges (what its `output` checkpoints look at) starts where the
///   step before it got done; the first step's starts where the setup ended.
/// - Only the current step's checkpoints are evaluated, and a met one stays met (sticky): a
///   service scaled after its checkpoint turned green does not take the green away.
/// - A step is done once all its checkpoints are met; the next step's window starts at the
///   transcript's end then, and it is evaluated in the same `update` (one state may satisfy
///   several steps at once).
/// - A step without checkpoints is done once each of its commands has run in its window
///   (typed, with any spacing, or the line a page button stands for): the format says a
///   step's checkpoints are "what is true once the step's commands have run", so with none
///   that is all it asks. A step with neither commands nor checkpoints asks nothing and is
///   done as soon as it is current (the panel keeps such a step open to read).
/// - Progress follows the transcript. Whatever it recorded at a point of the transcript that
///   is no longer there (a rewind, or acting at a past moment, dropped the exchanges after
///   it) is forgotten: a checkpoint met there is not met, and a step done there is not done,
///   nor any step after it. A point is the transcript's length and the serial of its last
///   exchange then, so a rewind whose note makes the transcript as long again is still seen.
///   A rewind that drops no exchange (time passing alone) is not seen.
/// - The playhead's past is for looking, not for progress: call `update` only at the head
///   (`Session::is_at_head`); the transcript up to an earlier playhead is shorter, and would
///   undo the steps done after it.
///
/// An `update` costs a snapshot (the caller's) and the current step's checkpoints: `output`
/// ones read every exchange of the window. Call it when the transcript or the swarm changed,
/// not on every animation frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Where the first step's window starts: the transcript's end after the setup.
    start: Mark,
    steps: Vec<StepProgress>,
}

/// One step's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StepProgress {
    /// Per checkpoint, where it turned green.
    met: Vec<Option<Mark>>,
    /// Where the step got done: the next step's window starts there.
    done_at: Option<Mark>,
}

/// A point of the transcript: its length then, and the serial of its last exchange (`None`
/// for an empty transcript, or not known yet for a point restored from a share link; the
/// next `update` learns it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    len: usize,
    last_serial: Option<u64>,
}

impl Mark {
    fn end_of(transcript: &[Exchange]) -> Mark {
        Mark { len: transcript.len(), last_serial: transcript.last().map(|e| e.serial) }
    }

    /// Whether the transcript still holds this point.
    fn holds(self, transcript: &[Exchange]) -> bool {
        match (self.len, self.last_serial) {
            (0, _) => true,
            (len, Some(serial)) => transcript.get(len - 1).is_some_and(|e| e.serial == serial),
            (len, None) => transcript.len() >= len,
        }
    }

    /// Learns the serial of a restored point, while the transcript is the one it was
    /// restored with.
    fn learn(&mut self, transcript: &[Exchange]) {
        if self.last_serial.is_none() && self.len > 0 {
            self.last_serial = transcript.get(self.len - 1).map(|e| e.serial);
        }
    }
}

/// A checkpoint that just turned green: step and checkpoint, both indices from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Met {
    pub step: usize,
    pub checkpoint: usize,
}

impl Progress {
    /// A lesson just started: no step done, the first step's window starting at
    /// `transcript_len` (`session.transcript().len()` right after `Lesson::start`).
    pub fn new(lesson: &Lesson, transcript_len: usize) -> Progress {
        Progress::with_steps_done(lesson, 0, transcript_len)
    }

    /// A lesson restored with its first `steps_done` steps done (all their checkpoints met),
    /// the next step's window starting at `transcript_len`: what a share link restores.
    pub fn with_steps_done(lesson: &Lesson, steps_done: usize, transcript_len: usize) -> Progress {
        let at = Mark { len: transcript_len, last_serial: None };
        let steps = lesson
            .steps
            .iter()
            .enumerate()
            .map(|(s, step)| {
                let done = s < steps_done;
                StepProgress {
                    met: vec![done.then_some(at); step.checkpoints.len()],
                    done_at: done.then_some(at),
                }
            })
            .collect();
        // Where the setup ended is not known: a rewind behind `transcript_len` starts the
        // lesson again from there.
        Progress { start: at, steps }
    }

    /// Evaluates the current step's checkpoints in `snapshot` and `transcript` (the session's,
    /// up to the head), moving on while steps get done; returns the checkpoints that turned
    /// green, in order. `lesson` is the lesson this progress was made for.
    pub fn update(
        &mut self,
        lesson: &Lesson,
        snapshot: &Snapshot,
        transcript: &[Exchange],
    ) -> Vec<Met> {
        self.forget_dropped(transcript);
        let now = Mark::end_of(transcript);
        let mut turned_green = Vec::new();
        while let Some(s) = self.current_step() {
            let Some(step) = lesson.steps.get(s) else { break };
            let from = self.window_start(s).unwrap_or(now.len).min(transcript.len());
            let window = &transcript[from..];
            let progress = &mut self.steps[s];
            for (c, checkpoint) in step.checkpoints.iter().enumerate() {
                let Some(met) = progress.met.get_mut(c) else { break };
                if met.is_none() && checkpoint.evaluate(snapshot, window) {
                    *met = Some(now);
                    turned_green.push(Met { step: s, checkpoint: c });
                }
            }
            let done = if step.checkpoints.is_empty() {
                commands_ran(&step.commands, window)
            } else {
                progress.met.iter().all(Option::is_some)
            };
            if !done {
                break;
            }
            progress.done_at = Some(now);
        }
        turned_green
    }

    /// Forgets what was recorded at points the transcript no longer holds (see the type's
    /// rules); learns the serials of restored points first.
    fn forget_dropped(&mut self, transcript: &[Exchange]) {
        self.start.learn(transcript);
        for step in &mut self.steps {
            step.done_at.iter_mut().chain(step.met.iter_mut().flatten()).for_each(|m| {
                m.learn(transcript);
            });
        }
        if !self.start.holds(transcript) {
            // The setup itself was rewound: the lesson starts again from here.
            self.start = Mark::end_of(transcript);
            self.steps.iter_mut().for_each(StepProgress::reset);
            return;
        }
        let undone =
            self.steps.iter().position(|s| s.done_at.is_some_and(|m| !m.holds(transcript)));
        if let Some(first) = undone {
            self.steps[first..].iter_mut().for_each(StepProgress::reset);
        }
        if let Some(current) = self.current_step() {
            for met in &mut self.steps[current].met {
                if met.is_some_and(|m| !m.holds(transcript)) {
                    *met = None;
                }
            }
        }
    }

    /// The current step: the first not done; `None` once every step is done.
    pub fn current_step(&self) -> Option<usize> {
        self.steps.iter().position(|s| s.done_at.is_none())
    }

    /// How many steps are done (the first ones: steps are done in order).
    pub fn steps_done(&self) -> usize {
        self.current_step().unwrap_or(self.steps.len())
    }

    /// Whether every step is done.
    pub fn is_finished(&self) -> bool {
        self.current_step().is_none()
    }

    /// How many steps the lesson has.
    pub fn step_count(&self) -> usize {
        self.steps.len()
    }

    /// Whether step `step` is done (`false` for a step the lesson does not have).
    pub fn is_step_done(&self, step: usize) -> bool {
        self.steps.get(step).is_some_and(|s| s.done_at.is_some())
    }

    /// Whether checkpoint `checkpoint` of step `step` is met (green).
    pub fn is_met(&self, step: usize, checkpoint: usize) -> bool {
        self.steps.get(step).and_then(|s| s.met.get(checkpoint)).is_some_and(Option::is_some)
    }

    /// Per checkpoint of step `step`, whether it is met (empty for a step the lesson does not
    /// have).
    pub fn met(&self, step: usize) -> Vec<bool> {
        self.steps.get(step).map_or_else(Vec::new, |s| s.met.iter().map(Option::is_some).collect())
    }

    /// Where step `step`'s window of exchanges starts (an index of the transcript), for the
    /// current step and those done; `None` for a step not reached yet.
    pub fn window_start(&self, step: usize) -> Option<usize> {
        match step.checked_sub(1) {
            None => Some(self.start.len),
            Some(previous) => self.steps.get(previous)?.done_at.map(|m| m.len),
        }
    }
}

impl StepProgress {
    fn reset(&mut self) {
        self.done_at = None;
        self.met.iter_mut().for_each(|m| *m = None);
    }
}

/// Whether each of `commands` ran among `exchanges`: a typed line (its continuations joined)
/// or the line a page button stands for, compared word by word.
fn commands_ran(commands: &[String], exchanges: &[Exchange]) -> bool {
    let words = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    let ran: Vec<String> = exchanges
        .iter()
        .filter_map(|e| match &e.kind {
            ExchangeKind::Line(typed) => Some(words(&crate::parse::line::joined(typed))),
            ExchangeKind::Action { line, .. } => Some(words(line)),
            ExchangeKind::Comment(_) | ExchangeKind::Note(_) => None,
        })
        .collect();
    commands.iter().all(|command| ran.contains(&words(&crate::parse::line::joined(command))))
}

impl Checkpoint {
    /// Whether the checkpoint holds in `snapshot`, given the exchanges of the step so far
    /// (what `Output` looks at). Pure.
    pub fn evaluate(&self, snapshot: &Snapshot, exchanges: &[Exchange]) -> bool {
        match self {
            Checkpoint::Running { service, tasks, image } => {
                let running = snapshot.tasks.iter().filter(|t| {
                    t.service_name == *service
                        && t.state == TaskState::Running
                        && t.desired == TaskState::Running
                });
                let mut count = 0u64;
                for task in running {
                    if image.as_deref().is_some_and(|image| !same_image(&task.image, image)) {
                        return false;
                    }
                    count += 1;
                }
                count == *tasks
            }
            Checkpoint::Node { node, availability, status } => snapshot.nodes.iter().any(|n| {
                n.hostname == *node
                    && availability.is_none_or(|a| a == n.availability)
                    && status.is_none_or(|s| s == n.state)
            }),
            Checkpoint::UpdateStatus { service, state } => snapshot.services.iter().any(|s| {
                s.name == *service && s.update_status.as_ref().is_some_and(|u| u.state == *state)
            }),
            Checkpoint::Pending { service, reason } => snapshot.tasks.iter().any(|t| {
                t.service_name == *service
                    && t.state == TaskState::Pending
                    && t.err.as_deref().unwrap_or(t.message).contains(reason.as_str())
            }),
            Checkpoint::Output { contains, command } => exchanges.iter().any(|e| {
                let ExchangeKind::Line(line) = &e.kind else { return false };
                command.as_deref().is_none_or(|c| line.contains(c))
                    && e.output_text().contains(contains.as_str())
            }),
        }
    }
}

/// Whether a task's image (`nginx:1.24@sha256:…`) is `image` (`nginx:1.24`, `nginx`).
fn same_image(task_image: &str, image: &str) -> bool {
    let task_image = task_image.split_once('@').map_or(task_image, |(name, _)| name);
    let tagged = |name: &str| {
        let last = name.rsplit('/').next().unwrap_or(name);
        if last.contains(':') { name.to_string() } else { format!("{name}:latest") }
    };
    tagged(task_image) == tagged(image)
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Checkpoint::Running { service, tasks, image } => {
                let plural = if *tasks == 1 { "" } else { "s" };
                write!(f, "{service} has {tasks} running task{plural}")?;
                match image {
                    Some(image) => write!(f, " on {image}"),
                    None => Ok(()),
                }
            }
            Checkpoint::Node { node, availability, status } => {
                write!(f, "node {node} is")?;
                if let Some(a) = availability {
                    write!(f, " {}", a.as_str())?;
                }
                if let (Some(_), Some(_)) = (availability, status) {
                    f.write_str(" and")?;
                }
                if let Some(s) = status {
                    write!(f, " {}", s.as_str())?;
                }
                Ok(())
            }
            Checkpoint::UpdateStatus { service, state } => {
                write!(f, "the update status of {service} is {}", state.as_str())
            }
            Checkpoint::Pending { service, reason } => {
                write!(f, "a task of {service} is pending: {reason}")
            }
            Checkpoint::Output { contains, command: Some(command) } => {
                write!(f, "`{command}` printed \"{contains}\"")
            }
            Checkpoint::Output { contains, command: None } => {
                write!(f, "a command printed \"{contains}\"")
            }
        }
    }
}

/// The line (1-based) of the value at `path` in a JSON text that parsed; as near as it gets
/// when the path is not there (a default value: the line of its parent).
fn locate(text: &str, path: &[Seg]) -> usize {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    for seg in path {
        match (seg, bytes.get(at)) {
            (Seg::Key(key), Some(b'{')) => {
                let mut pos = at + 1;
                let found = loop {
                    pos = skip_ws(bytes, pos);
                    if bytes.get(pos) != Some(&b'"') {
                        break None;
                    }
                    let end = skip_value(bytes, pos);
                    let name = &text[pos + 1..end.saturating_sub(1).max(pos + 1)];
                    pos = skip_ws(bytes, end);
                    pos = skip_ws(bytes, pos + 1); // the colon
                    if name == *key {
                        break Some(pos);
                    }
                    pos = skip_ws(bytes, skip_value(bytes, pos));
                    if bytes.get(pos) == Some(&b',') {
                        pos += 1;
                    }
                };
                match found {
                    Some(pos) => at = pos,
                    None => break,
                }
            }
            (Seg::Index(index), Some(b'[')) => {
                let mut pos = skip_ws(bytes, at + 1);
                for _ in 0..*index {
                    pos = skip_ws(bytes, skip_value(bytes, pos));
                    if bytes.get(pos) != Some(&b',') {
                        break;
                    }
                    pos = skip_ws(bytes, pos + 1);
                }
                at = pos;
            }
            _ => break,
        }
    }
    1 + bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count()
}

/// serde_json's error, with the field found from where it stopped.
fn syntax_error(text: &str, error: &serde_json::Error) -> LessonError {
    let message = error.to_string();
    // serde_json ends its message with ` at line L column C`: the line goes first here.
    let message = match message.rfind(" at line ") {
        Some(at) if error.line() > 0 => message[..at].to_string(),
        _ => message,
    };
    // A core enum's name is refused after it was read, and serde_json is past it then, on the
    // blank or the `}` that follows: step back onto the value.
    let mut offset = offset_of(text, error.line(), error.column());
    if message.starts_with("unknown variant") {
        let bytes = text.as_bytes();
        while offset > 0 && bytes[offset - 1].is_ascii_whitespace() {
            offset -= 1;
        }
        if offset > 0 && bytes[offset - 1] == b'"' {
            offset -= 1;
        }
    }
    let (field, start) = field_at(text, offset);
    // A checkpoint is read whole, then checked for its kind's fields, and fails at its end.
    // Read again as one flat object, it shows the field at fault where there is one.
    let in_checkpoint = field.rsplit_once(".checkpoints[").is_some_and(|(_, index)| {
        index.strip_suffix(']').is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
    });
    if in_checkpoint {
        let end = skip_value(text.as_bytes(), start);
        let object = &text[start..end];
        if let Err(inner) = serde_json::from_str::<FlatCheckpoint>(object)
            && inner.line() > 0
        {
            let offset = start + offset_of(object, inner.line(), inner.column());
            let line = 1 + text[..offset].matches('\n').count();
            let mut refined = syntax_error(object, &inner);
            refined.line = line;
            refined.field = field_at(text, offset).0;
            return refined;
        }
    }
    LessonError { field, line: error.line(), kind: LessonErrorKind::Syntax(message) }
}

/// The byte offset of serde_json's (line, column); its columns count bytes from 1.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize =
        text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Every checkpoint's fields in one object: how a checkpoint is read and written (see
/// `Checkpoint`), and read again alone for errors that point at the field. Every field but
/// `check` is optional.
#[derive(Clone, Serialize)]
pub(crate) struct FlatCheckpoint {
    check: CheckpointKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tasks: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability: Option<Named<Availability>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Named<NodeState>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<Named<UpdateState>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contains: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<String>,
}

#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum CheckpointKind {
    Running,
    Node,
    UpdateStatus,
    Pending,
    Output,
}

/// A core enum in a lesson file, by docker's lower-case name for it (`drain`, `down`,
/// `rollback_started`): the core's own type, with no copy of its variants here.
#[derive(Clone, Copy)]
struct Named<T>(T);

/// A core enum a lesson names: every value, and its name.
trait DockerName: Copy + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
}

impl DockerName for Availability {
    const ALL: &'static [Availability] =
        &[Availability::Active, Availability::Pause, Availability::Drain];
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl DockerName for NodeState {
    const ALL: &'static [NodeState] =
        &[NodeState::Ready, NodeState::Down, NodeState::Unknown, NodeState::Disconnected];
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl DockerName for UpdateState {
    const ALL: &'static [UpdateState] = &[
        UpdateState::Updating,
        UpdateState::Paused,
        UpdateState::Completed,
        UpdateState::RollbackStarted,
        UpdateState::RollbackPaused,
        UpdateState::RollbackCompleted,
    ];
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl<T: DockerName> NamedSlot for Option<Named<T>> {
    fn set(&mut self, text: &str) -> Result<(), String> {
        let value = T::ALL.iter().copied().find(|value| value.name() == text).ok_or_else(|| {
            // serde's words for an unknown variant.
            let expected: Vec<String> = T::ALL.iter().map(|v| format!("`{}`", v.name())).collect();
            format!("unknown variant `{text}`, expected one of {}", expected.join(", "))
        })?;
        *self = Some(Named(value));
        Ok(())
    }
}

impl<T: DockerName> Serialize for Named<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.name())
    }
}

impl TryFrom<FlatCheckpoint> for Checkpoint {
    /// In serde's words, as an internally tagged enum would say it.
    type Error = String;

    fn try_from(flat: FlatCheckpoint) -> Result<Checkpoint, String> {
        let FlatCheckpoint {
            check,
            service,
            tasks,
            image,
            node,
            availability,
            status,
            state,
            reason,
            contains,
            command,
        } = flat;
        let given = [
            ("service", service.is_some()),
            ("tasks", tasks.is_some()),
            ("image", image.is_some()),
            ("node", node.is_some()),
            ("availability", availability.is_some()),
            ("status", status.is_some()),
            ("state", state.is_some()),
            ("reason", reason.is_some()),
            ("contains", contains.is_some()),
            ("command", command.is_some()),
        ];
        let fields: &[&str] = match check {
            CheckpointKind::Running => &["service", "tasks", "image"],
            CheckpointKind::Node => &["node", "availability", "status"],
            CheckpointKind::UpdateStatus => &["service", "state"],
            CheckpointKind::Pending => &["service", "reason"],
            CheckpointKind::Output => &["contains", "command"],
        };
        if let Some((unknown, _)) = given.iter().find(|(name, is)| *is && !fields.contains(name)) {
            let expected: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
            return Err(format!(
                "unknown field `{unknown}`, expected one of {}",
                expected.join(", ")
            ));
        }
        let missing = |name: &str| format!("missing field `{name}`");
        Ok(match check {
            CheckpointKind::Running => Checkpoint::Running {
                service: service.ok_or_else(|| missing("service"))?,
                tasks: tasks.ok_or_else(|| missing("tasks"))?,
                image,
            },
            CheckpointKind::Node => Checkpoint::Node {
                node: node.ok_or_else(|| missing("node"))?,
                availability: availability.map(|Named(a)| a),
                status: status.map(|Named(s)| s),
            },
            CheckpointKind::UpdateStatus => Checkpoint::UpdateStatus {
                service: service.ok_or_else(|| missing("service"))?,
                state: state.ok_or_else(|| missing("state"))?.0,
            },
            CheckpointKind::Pending => Checkpoint::Pending {
                service: service.ok_or_else(|| missing("service"))?,
                reason: reason.ok_or_else(|| missing("reason"))?,
            },
            CheckpointKind::Output => Checkpoint::Output {
                contains: contains.ok_or_else(|| missing("contains"))?,
                command,
            },
        })
    }
}

impl From<Checkpoint> for FlatCheckpoint {
    fn from(checkpoint: Checkpoint) -> FlatCheckpoint {
        let mut flat = FlatCheckpoint {
            check: CheckpointKind::Running,
            service: None,
            tasks: None,
            image: None,
            node: None,
            availability: None,
            status: None,
            state: None,
            reason: None,
            contains: None,
            command: None,
        };
        match checkpoint {
            Checkpoint::Running { service, tasks, image } => {
                (flat.service, flat.tasks, flat.image) = (Some(service), Some(tasks), image);
            }
            Checkpoint::Node { node, availability, status } => {
                flat.check = CheckpointKind::Node;
                flat.node = Some(node);
                (flat.availability, flat.status) = (availability.map(Named), status.map(Named));
            }
            Checkpoint::UpdateStatus { service, state } => {
                flat.check = CheckpointKind::UpdateStatus;
                (flat.service, flat.state) = (Some(service), Some(Named(state)));
            }
            Checkpoint::Pending { service, reason } => {
                flat.check = CheckpointKind::Pending;
                (flat.service, flat.reason) = (Some(service), Some(reason));
            }
            Checkpoint::Output { contains, command } => {
                flat.check = CheckpointKind::Output;
                (flat.contains, flat.command) = (Some(contains), command);
            }
        }
        flat
    }
}

/// The path of the innermost field whose key or value holds `offset` (where serde_json
/// stopped): `steps[0].checkpoints[1].tasks`, or the object a missing field belongs to.
/// Also where that value starts.
fn field_at(text: &str, offset: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut names: Vec<String> = Vec::new();
    let mut at = skip_ws(bytes, 0);
    'descend: loop {
        let open = bytes.get(at).copied();
        if !matches!(open, Some(b'{' | b'[')) {
            break;
        }
        let mut pos = at + 1;
        let mut index = 0;
        loop {
            pos = skip_ws(bytes, pos);
            let value = if open == Some(b'{') {
                if bytes.get(pos) != Some(&b'"') {
                    break 'descend;
                }
                let key_end = skip_value(bytes, pos);
                let key = text.get(pos + 1..key_end.saturating_sub(1)).unwrap_or_default();
                let mut value = skip_ws(bytes, key_end);
                if bytes.get(value) == Some(&b':') {
                    value = skip_ws(bytes, value + 1);
                }
                if offset < value {
                    names.push(format!(".{key}"));
                    break 'descend;
                }
                names.push(format!(".{key}"));
                value
            } else {
                if matches!(bytes.get(pos), None | Some(b']')) {
                    break 'descend;
                }
                names.push(format!("[{index}]"));
                pos
            };
            let end = skip_value(bytes, value);
            if offset <= end {
                at = value;
                continue 'descend;
            }
            names.pop();
            pos = skip_ws(bytes, end);
            if bytes.get(pos) != Some(&b',') {
                break 'descend;
            }
            pos += 1;
            index += 1;
        }
    }
    (names.concat().trim_start_matches('.').to_string(), at)
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
        pos += 1;
    }
    pos
}

/// The position just past the JSON value starting at `pos`.
fn skip_value(bytes: &[u8], mut pos: usize) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    while let Some(&b) = bytes.get(pos) {
        pos += 1;
        if in_string {
            match b {
                b'\\' => pos += 1,
                b'"' => {
                    in_string = false;
                    if depth == 0 {
                        return pos;
                    }
                }
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return pos - 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return pos;
                }
            }
            b',' if depth == 0 => return pos - 1,
            _ => {}
        }
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const MINIMAL: &str = r#"{
  "version": 1,
  "name": "tiny",
  "title": "Tiny",
  "steps": [
    {
      "title": "Create",
      "commands": ["docker service create -d --name web --replicas 2 nginx", "sleep 10"],
      "checkpoints": [{ "check": "running", "service": "web", "tasks": 2 }]
    }
  ]
}"#;

    /// `MINIMAL` with `from` replaced by `to` (exactly once).
    fn edited(from: &str, to: &str) -> String {
        assert_eq!(MINIMAL.matches(from).count(), 1, "{from}");
        MINIMAL.replace(from, to)
    }

    /// The error `text` gives, as `swarm lesson check` prints it.
    fn error(text: &str) -> String {
        Lesson::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn a_minimal_lesson_takes_the_defaults() {
        let lesson = Lesson::parse(MINIMAL).unwrap();
        assert_eq!(lesson.language, "en");
        assert_eq!(lesson.setup, Setup::default());
        assert_eq!(lesson.ui, Ui::default());
        assert_eq!(lesson.scenario().unwrap(), Scenario::default());
        let again = serde_json::to_string(&lesson).unwrap();
        assert_eq!(Lesson::parse(&again).unwrap(), lesson);
        let played = lesson.play().unwrap();
        assert!(played.all_met(), "{}", played.report(true));
    }

    #[test]
    fn a_setup_describes_the_swarm_images_and_services() {
        let text = edited(
            r#""title": "Tiny","#,
            r#""title": "Tiny",
  "setup": {
    "seed": 7,
    "docker_version": 29,
    "nodes": [
      { "hostname": "m1", "role": "manager" },
      { "hostname": "w1", "cpus": 1.5, "memory": "1g", "labels": { "zone": "a b" } }
    ],
    "images": [{ "image": "slow:1", "pull_time": "30s", "require_env": ["X"] }],
    "services": [{ "name": "api", "image": "nginx", "replicas": 3, "publish": ["8080:80"] }]
  },
  "ui": { "panels": ["board", "terminal"], "speed": 4, "read_only": true },"#,
        );
        let lesson = Lesson::parse(&text).unwrap();
        let scenario = lesson.scenario().unwrap();
        assert_eq!(scenario.dialect, crate::Dialect::Docker29);
        assert_eq!(scenario.config.nodes.len(), 2);
        assert_eq!(scenario.config.nodes[1].resources.nano_cpus, 1_500_000_000);
        assert_eq!(scenario.config.nodes[1].labels["zone"], "a b");
        assert_eq!(lesson.ui.panels, [Panel::Board, Panel::Terminal]);
        let session = lesson.start().unwrap();
        assert_eq!(session.seed(), 7);
        let snapshot = session.snapshot();
        let api = snapshot.services.iter().find(|s| s.name == "api").unwrap();
        assert_eq!(api.replicas_running, 3);
        assert_eq!(session.cluster().images().get("slow:1").unwrap().pull.as_millis(), 30_000);
    }

    #[test]
    fn errors_name_the_field_and_the_line() {
        let cases = [
            // serde_json's own, with the field found where it stopped.
            (
                edited(r#""title": "Tiny","#, r#""title": "Tiny", "colour": 1,"#),
                "line 4: colour: unknown field `colour`, expected one of `version`, `name`, `title`, `language`, `setup`, `ui`, `steps`",
            ),
            (
                edited(r#""tasks": 2"#, r#""tasks": "two""#),
                "line 9: steps[0].checkpoints[0].tasks: invalid type: string \"two\", expected u64",
            ),
            (
                edited(r#""check": "running""#, r#""check": "runing""#),
                "line 9: steps[0].checkpoints[0].check: unknown variant `runing`, expected one of `running`, `node`, `update_status`, `pending`, `output`",
            ),
            (
                edited(
                    r#"{ "check": "running", "service": "web", "tasks": 2 }"#,
                    r#"{ "check": "update_status", "service": "web", "state": "rolled_back" }"#,
                ),
                "line 9: steps[0].checkpoints[0].state: unknown variant `rolled_back`, expected one of `updating`, `paused`, `completed`, `rollback_started`, `rollback_paused`, `rollback_completed`",
            ),
            ("{".to_string(), "line 1: EOF while parsing an object"),
            (
                edited(
                    r#"{ "check": "running", "service": "web", "tasks": 2 }"#,
                    "{\n\"check\": \"running\",\n\"servce\": \"web\",\n\"tasks\": 2\n}",
                ),
                "line 11: steps[0].checkpoints[0].servce: unknown field `servce`, expected one of `check`, `service`, `tasks`, `image`, `node`, `availability`, `status`, `state`, `reason`, `contains`, `command`",
            ),
            (
                edited(r#", "tasks": 2 }"#, " }"),
                "line 9: steps[0].checkpoints[0]: missing field `tasks`",
            ),
            (
                edited(r#""title": "Create","#, r#""text": "no title","#),
                "line 10: steps[0]: missing field `title`",
            ),
            (
                edited(
                    r#""title": "Tiny","#,
                    "\"title\": \"Tiny\",\n\"setup\": {\"nodes\": [\n{\"hostname\": \"a\",\n \"cpu\": 2}]},",
                ),
                "line 7: setup.nodes[0].cpu: unknown field `cpu`, expected one of `hostname`, `role`, `cpus`, `memory`, `labels`",
            ),
            // Ours: the line and the field.
            (
                edited(r#""version": 1"#, r#""version": 2"#),
                "line 2: version: version 2 is not known; this playground reads version 1",
            ),
            (
                edited(r#""name": "tiny""#, r#""name": "Tiny Lesson""#),
                "line 3: name: a name is lower-case letters, digits and dashes",
            ),
            (
                edited(r#""title": "Tiny","#, r#""title": "Tiny", "ui": {"speed": 1000},"#),
                "line 4: ui.speed: speed is 0.25 to 100",
            ),
            (
                edited(r#""sleep 10""#, r#""  ""#),
                "line 8: steps[0].commands[1]: the command is empty",
            ),
            (
                edited(
                    r#"{ "check": "running", "service": "web", "tasks": 2 }"#,
                    r#"{ "check": "node", "node": "worker1" }"#,
                ),
                "line 9: steps[0].checkpoints[0]: a node checkpoint needs availability or status",
            ),
            (
                edited(
                    r#""title": "Tiny","#,
                    "\"title\": \"Tiny\",\n\"setup\": {\"nodes\": [\n{\"hostname\": \"a\"},\n{\"hostname\": \"b\", \"cpus\": -1}]},",
                ),
                "line 7: setup.nodes[1]: invalid --cpus \"-1\"",
            ),
            (
                edited(
                    r#""title": "Tiny","#,
                    "\"title\": \"Tiny\",\n\"setup\": {\"nodes\": [{\"hostname\": \"a\"},\n{\"hostname\": \"a\"}]},",
                ),
                "line 6: setup.nodes[1]: node a is listed twice",
            ),
            (
                edited(
                    r#""title": "Tiny","#,
                    "\"title\": \"Tiny\",\n\"setup\": {\"services\": [\n{\"name\": \"x\", \"image\": \"nginx\", \"publish\": [\"eighty\"]}]},",
                ),
                "line 6: setup.services[0]: the setup failed: invalid argument \"eighty\" for \"-p, --publish\" flag: invalid containerPort: eighty",
            ),
        ];
        let got: Vec<String> = cases.iter().map(|(text, _)| error(text)).collect();
        let expected: Vec<&str> = cases.iter().map(|(_, expected)| *expected).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn each_limit_has_its_own_error() {
        let kind = |text: &str| Lesson::parse(text).unwrap_err().kind;
        let big = format!("{MINIMAL}{}", " ".repeat(LESSON_BYTES_MAX));
        assert_eq!(kind(&big), LessonErrorKind::TooLarge(big.len()));
        assert_eq!(error(&big), "the lesson is 65 KiB; the playground reads at most 64 KiB");

        let nodes: Vec<String> =
            (0..=LESSON_NODES_MAX).map(|i| format!("{{\"hostname\": \"n{i}\"}}")).collect();
        let text = edited(
            r#""title": "Tiny","#,
            &format!("\"title\": \"Tiny\", \"setup\": {{\"nodes\": [{}]}},", nodes.join(",")),
        );
        assert_eq!(kind(&text), LessonErrorKind::TooManyNodes(65));
        assert_eq!(error(&text), "line 4: setup.nodes: 65 nodes; a lesson starts with at most 64");

        let text = edited(
            r#""title": "Tiny","#,
            "\"title\": \"Tiny\", \"setup\": {\"services\": [{\"name\": \"a\", \"image\": \"nginx\", \"replicas\": 5000}, {\"name\": \"b\", \"image\": \"nginx\", \"global\": true}]},",
        );
        assert_eq!(kind(&text), LessonErrorKind::TooManyTasks(5003));
        assert_eq!(
            error(&text),
            "line 4: setup.services[1]: 5003 tasks; a lesson counts at most 5000"
        );
        let text = edited(r#""tasks": 2"#, r#""tasks": 5001"#);
        assert_eq!(
            error(&text),
            "line 9: steps[0].checkpoints[0].tasks: 5001 tasks; a lesson counts at most 5000"
        );

        let step = r#"{ "title": "s" }"#;
        let steps = vec![step; LESSON_STEPS_MAX + 1].join(",");
        let text = format!(r#"{{"version": 1, "name": "n", "title": "t", "steps": [{steps}]}}"#);
        assert_eq!(kind(&text), LessonErrorKind::TooManySteps(101));
        let text = r#"{"version": 1, "name": "n", "title": "t", "steps": []}"#;
        assert_eq!(error(text), "line 1: steps: a lesson has at least one step");

        let commands = vec!["\"sleep 1\""; STEP_COMMANDS_MAX + 1].join(",");
        let text = edited(
            r#"["docker service create -d --name web --replicas 2 nginx", "sleep 10"]"#,
            &format!("[{commands}]"),
        );
        assert_eq!(kind(&text), LessonErrorKind::TooManyCommands(101));
        assert_eq!(error(&text), "line 8: steps[0].commands: 101 commands; a step has at most 100");

        let checkpoint = r#"{ "check": "output", "contains": "x" }"#;
        let checkpoints = vec![checkpoint; STEP_CHECKPOINTS_MAX + 1].join(",");
        let text = edited(
            r#"[{ "check": "running", "service": "web", "tasks": 2 }]"#,
            &format!("[{checkpoints}]"),
        );
        assert_eq!(kind(&text), LessonErrorKind::TooManyCheckpoints(33));
        assert_eq!(
            error(&text),
            "line 9: steps[0].checkpoints: 33 checkpoints; a step has at most 32"
        );
    }

    #[test]
    fn a_lesson_not_read_from_text_names_the_field_alone() {
        let mut lesson = Lesson::parse(MINIMAL).unwrap();
        lesson.steps[0].title = String::new();
        let error = lesson.validate().unwrap_err();
        assert_eq!((error.field.as_str(), error.line), ("steps[0].title", 0));
        assert_eq!(error.to_string(), "steps[0].title: the title is empty");
    }

    /// A session on the lab with web (3 replicas on nginx:1.24), a drained worker2, a pending
    /// task of big, and a rollback of api.
    fn played() -> Session {
        let mut session = Session::new(Scenario::default(), 1);
        session
            .run_script(
                "docker service create -d --name web --replicas 3 nginx:1.24\n\
                 docker service create -d --name big --reserve-cpu 8 nginx\n\
                 docker service create -d --name api --replicas 1 nginx\n\
                 sleep 20\n\
                 docker service update -d --image nginx:1.25 api\n\
                 sleep 20\n\
                 docker service rollback -d api\n\
                 docker node update --availability drain worker2\n\
                 sim node kill worker1\n\
                 sleep 30\n",
            )
            .unwrap();
        session
    }

    #[test]
    fn checkpoints_hold_or_not() {
        let session = played();
        let snapshot = session.snapshot();
        let exchanges = session.transcript();
        let check = |json: &str| {
            let checkpoint: Checkpoint = serde_json::from_str(json).unwrap();
            checkpoint.evaluate(&snapshot, exchanges)
        };
        let cases = [
            (r#"{"check": "running", "service": "web", "tasks": 3}"#, true),
            (r#"{"check": "running", "service": "web", "tasks": 3, "image": "nginx:1.24"}"#, true),
            (r#"{"check": "running", "service": "web", "tasks": 3, "image": "nginx"}"#, false),
            (r#"{"check": "running", "service": "web", "tasks": 2}"#, false),
            (r#"{"check": "running", "service": "api", "tasks": 1, "image": "nginx"}"#, true),
            (r#"{"check": "running", "service": "nope", "tasks": 0}"#, true),
            (r#"{"check": "node", "node": "worker2", "availability": "drain"}"#, true),
            (
                r#"{"check": "node", "node": "worker2", "availability": "drain", "status": "ready"}"#,
                true,
            ),
            (r#"{"check": "node", "node": "worker2", "availability": "active"}"#, false),
            (r#"{"check": "node", "node": "worker1", "status": "down"}"#, true),
            (r#"{"check": "node", "node": "worker1", "status": "ready"}"#, false),
            (r#"{"check": "node", "node": "worker9", "status": "ready"}"#, false),
            (
                r#"{"check": "update_status", "service": "api", "state": "rollback_completed"}"#,
                true,
            ),
            (r#"{"check": "update_status", "service": "api", "state": "completed"}"#, false),
            (r#"{"check": "update_status", "service": "web", "state": "completed"}"#, false),
            (r#"{"check": "pending", "service": "big", "reason": "insufficient resources"}"#, true),
            (r#"{"check": "pending", "service": "big", "reason": "no such image"}"#, false),
            (r#"{"check": "pending", "service": "web", "reason": ""}"#, false),
            (r#"{"check": "output", "contains": "api"}"#, true),
            (r#"{"check": "output", "contains": "api", "command": "rollback"}"#, true),
            (r#"{"check": "output", "contains": "api", "command": "node update"}"#, false),
            (r#"{"check": "output", "contains": "converged"}"#, false),
        ];
        for (json, expected) in cases {
            assert_eq!(check(json), expected, "{json}");
        }
    }

    #[test]
    fn checkpoints_say_what_they_check() {
        let said = |json: &str| serde_json::from_str::<Checkpoint>(json).unwrap().to_string();
        assert_eq!(
            said(r#"{"check": "running", "service": "web", "tasks": 1}"#),
            "web has 1 running task"
        );
        assert_eq!(
            said(r#"{"check": "running", "service": "web", "tasks": 4, "image": "nginx:1.24"}"#),
            "web has 4 running tasks on nginx:1.24"
        );
        assert_eq!(
            said(r#"{"check": "node", "node": "w", "availability": "drain", "status": "down"}"#),
            "node w is drain and down"
        );
        assert_eq!(
            said(r#"{"check": "update_status", "service": "web", "state": "rollback_paused"}"#),
            "the update status of web is rollback_paused"
        );
        assert_eq!(
            said(r#"{"check": "pending", "service": "web", "reason": "no suitable node"}"#),
            "a task of web is pending: no suitable node"
        );
        assert_eq!(
            said(r#"{"check": "output", "contains": "converged", "command": "scale"}"#),
            "`scale` printed \"converged\""
        );
    }

    /// A built-in lesson, parsed.
    fn builtin(name: &str) -> Lesson {
        Lesson::parse(Lesson::builtin(name).unwrap()).unwrap()
    }

    /// Runs `line` as `Lesson::play` runs a step's command, then updates `progress`.
    fn run(
        progress: &mut Progress,
        lesson: &Lesson,
        session: &mut Session,
        line: &str,
    ) -> Vec<Met> {
        session.run_script(line).unwrap();
        progress.update(lesson, &session.snapshot(), session.transcript())
    }

    #[test]
    fn progress_follows_each_builtin_lesson_played_line_by_line() {
        for name in Lesson::builtin_names() {
            let lesson = builtin(name);
            let mut session = lesson.start().unwrap();
            let mut progress = Progress::new(&lesson, session.transcript().len());
            assert!(progress.update(&lesson, &session.snapshot(), session.transcript()).is_empty());
            assert_eq!(progress.current_step(), Some(0), "{name}");
            let mut turned_green = Vec::new();
            for (s, step) in lesson.steps.iter().enumerate() {
                for command in &step.commands {
                    let done_before = progress.steps_done();
                    let met = run(&mut progress, &lesson, &mut session, command);
                    assert!(progress.steps_done() >= done_before, "{name}: steps are never undone");
                    // Only the steps current in this update turn green, in order.
                    assert!(met.iter().all(|m| m.step >= done_before), "{name}: {met:?}");
                    turned_green.extend(met);
                }
                assert!(progress.steps_done() > s, "{name}: step {s} is done after its commands");
            }
            assert!(progress.is_finished(), "{name}");
            assert_eq!(progress.current_step(), None);
            // Each checkpoint turned green once, step by step.
            let every: Vec<Met> = lesson
                .steps
                .iter()
                .enumerate()
                .flat_map(|(s, step)| {
                    (0..step.checkpoints.len()).map(move |c| Met { step: s, checkpoint: c })
                })
                .collect();
            let mut sorted = turned_green.clone();
            sorted.sort_by_key(|m| (m.step, m.checkpoint));
            assert_eq!(sorted, every, "{name}");
            assert!(turned_green.windows(2).all(|w| w[0].step <= w[1].step), "{name}");

            let played = lesson.play().unwrap();
            assert_eq!(session.transcript_text(), played.session.transcript_text(), "{name}");
            for (s, step) in played.steps.iter().enumerate() {
                assert_eq!(progress.met(s), step.met, "{name}: step {s}");
                assert!(progress.is_step_done(s));
            }
        }
    }

    #[test]
    fn a_checkpoint_turns_green_when_met_and_stays_green() {
        let lesson = builtin("swarm-tour");
        let mut session = lesson.start().unwrap();
        let mut progress = Progress::new(&lesson, session.transcript().len());
        assert!(progress.update(&lesson, &session.snapshot(), session.transcript()).is_empty());
        assert_eq!(progress.met(0), [false, false], "nothing is green before its time");

        // `docker service create` waits until web runs; `inspect --pretty` is still to come.
        let met = run(&mut progress, &lesson, &mut session, &lesson.steps[0].commands[0]);
        assert_eq!(met, [Met { step: 0, checkpoint: 0 }]);
        assert_eq!(progress.met(0), [true, false]);
        assert!(!progress.is_step_done(0));
        assert_eq!(progress.current_step(), Some(0));

        // Sticky: web scaled away from its one task keeps its checkpoint green.
        assert!(run(&mut progress, &lesson, &mut session, "docker service scale web=2").is_empty());
        assert!(!lesson.steps[0].checkpoints[0].evaluate(&session.snapshot(), &[]));
        assert!(progress.is_met(0, 0));

        let met = run(&mut progress, &lesson, &mut session, "docker service inspect --pretty web");
        assert_eq!(met, [Met { step: 0, checkpoint: 1 }]);
        assert!(progress.is_step_done(0));
        assert_eq!((progress.current_step(), progress.steps_done()), (Some(1), 1));
        assert_eq!(progress.met(1), [false]);
        // Nothing turns green twice.
        assert!(progress.update(&lesson, &session.snapshot(), session.transcript()).is_empty());
    }

    #[test]
    fn a_step_looks_at_the_output_after_the_step_before_got_done() {
        let text = r#"{
  "version": 1, "name": "twice", "title": "Twice",
  "steps": [
    { "title": "One", "commands": ["docker node ls"],
      "checkpoints": [{ "check": "output", "contains": "Leader" }] },
    { "title": "Two", "commands": ["docker node ls"],
      "checkpoints": [{ "check": "output", "contains": "Leader" }] }
  ]
}"#;
        let lesson = Lesson::parse(text).unwrap();
        let mut session = lesson.start().unwrap();
        let mut progress = Progress::new(&lesson, session.transcript().len());
        run(&mut progress, &lesson, &mut session, "docker node ls");
        assert_eq!(progress.current_step(), Some(1), "step one's output is not step two's");
        assert_eq!(progress.window_start(1), Some(session.transcript().len()));
        run(&mut progress, &lesson, &mut session, "docker node ls");
        assert!(progress.is_finished());
    }

    #[test]
    fn steps_without_checkpoints_are_done_once_their_commands_ran() {
        let text = r#"{
  "version": 1, "name": "plain", "title": "Plain",
  "steps": [
    { "title": "Read this", "text": "Nothing to run." },
    { "title": "Look", "commands": ["docker node ls", "docker service \\\n  ls"] },
    { "title": "Scale", "commands": ["sleep 1"],
      "checkpoints": [{ "check": "running", "service": "web", "tasks": 1 }] }
  ]
}"#;
        let lesson = Lesson::parse(text).unwrap();
        let mut session = lesson.start().unwrap();
        let mut progress = Progress::new(&lesson, session.transcript().len());
        progress.update(&lesson, &session.snapshot(), session.transcript());
        assert_eq!(progress.current_step(), Some(1), "a step asking nothing is done at once");
        run(&mut progress, &lesson, &mut session, "docker node ls");
        assert_eq!(progress.current_step(), Some(1), "one command of two");
        // Typed with other spacing, continuation joined: the same command.
        run(&mut progress, &lesson, &mut session, "docker   service ls");
        assert_eq!(progress.current_step(), Some(2));
        run(&mut progress, &lesson, &mut session, "docker service create --name web nginx");
        assert!(progress.is_finished());
    }

    #[test]
    fn a_rewind_undoes_what_it_dropped() {
        let lesson = builtin("myweb3-rolling-update");
        let mut session = lesson.start().unwrap();
        let mut progress = Progress::new(&lesson, session.transcript().len());
        for command in lesson.steps[..2].iter().flat_map(|s| &s.commands) {
            run(&mut progress, &lesson, &mut session, command);
        }
        assert_eq!(progress.steps_done(), 2);
        let done = progress.clone();

        // `sim rewind` drops step two's last lines and writes its note: the transcript is as
        // long as where step one got done, or longer, and step two is no longer done. It is
        // evaluated again at once: at the moment rewound to, the tasks run nginx:1.24 but the
        // update is not completed yet.
        let step_two_from = progress.window_start(1).unwrap();
        let met = run(&mut progress, &lesson, &mut session, "sim rewind 15s");
        assert!(session.transcript().len() >= step_two_from);
        assert_eq!(met, [Met { step: 1, checkpoint: 0 }]);
        assert_eq!(progress.met(1), [true, false], "{}", session.transcript_text());
        assert_eq!((progress.steps_done(), progress.current_step()), (1, Some(1)));

        // Played again, step two is done again.
        let met = run(&mut progress, &lesson, &mut session, "sleep 11");
        assert_eq!(met, [Met { step: 1, checkpoint: 1 }]);
        assert_eq!(progress.steps_done(), 2);

        // As long a transcript, another last exchange (a rewind that dropped one line and
        // wrote its note): step two was done at a point no longer there, so it is undone, and
        // turns green again as it holds in this state.
        let mut branched = session.transcript().to_vec();
        let last = branched.last_mut().unwrap();
        last.serial = u64::MAX;
        last.kind = ExchangeKind::Note("# sim rewind".to_string());
        let mut again = progress.clone();
        let met = again.update(&lesson, &session.snapshot(), &branched);
        assert_eq!(met, [Met { step: 1, checkpoint: 0 }, Met { step: 1, checkpoint: 1 }]);
        assert_eq!(again.steps_done(), 2);

        // A transcript shorter than where the first step got done: both undone.
        let mut rewound = done;
        rewound.update(&lesson, &session.snapshot(), &session.transcript()[..step_two_from - 1]);
        assert_eq!((rewound.steps_done(), rewound.met(0)), (0, vec![false]));
    }

    #[test]
    fn a_restored_progress_goes_on_from_its_step() {
        let lesson = builtin("myweb3-rolling-update");
        let mut session = lesson.start().unwrap();
        for command in lesson.steps[..2].iter().flat_map(|s| &s.commands) {
            session.run_script(command).unwrap();
        }
        let len = session.transcript().len();
        let mut progress = Progress::with_steps_done(&lesson, 2, len);
        assert_eq!((progress.steps_done(), progress.current_step()), (2, Some(2)));
        assert_eq!(progress.met(1), [true, true]);
        assert_eq!(progress.window_start(2), Some(len));
        assert!(progress.update(&lesson, &session.snapshot(), session.transcript()).is_empty());
        for command in &lesson.steps[2].commands {
            run(&mut progress, &lesson, &mut session, command);
        }
        assert_eq!(progress.steps_done(), 3);

        // Rewound behind where it was restored: the lesson starts again from there.
        run(&mut progress, &lesson, &mut session, "sim rewind 1m");
        assert_eq!(progress.steps_done(), 0);
        assert_eq!(progress.window_start(0), Some(session.transcript().len()));
        assert_eq!(Progress::with_steps_done(&lesson, 99, 0).steps_done(), lesson.steps.len());
    }

    /// Every field of the format set, each to a value no other field has: a lesson written
    /// out and read back is the same lesson. `record` reads a field by its index in the
    /// type's list of names, so a slot pointing at the wrong field would swap two values here.
    #[test]
    fn every_field_survives_a_round_trip() {
        let text = r#"{
  "version": 1, "name": "all-fields", "title": "Every field", "language": "ko",
  "setup": {
    "seed": 7, "docker_version": 29,
    "nodes": [
      { "hostname": "m1", "role": "manager", "cpus": 1.5, "memory": "3g", "labels": { "zone": "a" } },
      { "hostname": "w1" }
    ],
    "images": [
      { "image": "app:1", "pull_time": "2s", "start_time": "3s", "exit_after": "4s",
        "exit_code": 5, "require_env": ["A", "B"] }
    ],
    "services": [
      { "name": "web", "image": "nginx:1.24", "replicas": 3, "publish": ["80:80"] },
      { "name": "agent", "image": "app:1", "global": true }
    ]
  },
  "ui": { "panels": ["terminal", "board"], "speed": 4, "read_only": true },
  "steps": [
    {
      "title": "One", "text": "Some *text*.", "commands": ["docker service ls", "sleep 2"],
      "checkpoints": [
        { "check": "running", "service": "web", "tasks": 3, "image": "nginx:1.24" },
        { "check": "node", "node": "w1", "availability": "active", "status": "ready" },
        { "check": "update_status", "service": "web", "state": "completed" },
        { "check": "pending", "service": "web", "reason": "no suitable node" },
        { "check": "output", "contains": "web", "command": "docker service ls" }
      ]
    }
  ]
}"#;
        let lesson = Lesson::parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lesson.language, "ko");
        assert_eq!((lesson.setup.seed, lesson.setup.docker_version), (7, 29));
        let image = &lesson.setup.images[0];
        assert_eq!(
            (image.pull_time.as_deref(), image.start_time.as_deref(), image.exit_after.as_deref()),
            (Some("2s"), Some("3s"), Some("4s"))
        );
        assert_eq!(lesson.ui.panels, [Panel::Terminal, Panel::Board]);
        let again = serde_json::to_string(&lesson).unwrap();
        assert_eq!(Lesson::parse(&again).unwrap(), lesson, "{again}");
    }

    #[test]
    fn the_builtin_lessons_parse() {
        let names: Vec<&str> = Lesson::builtin_names().collect();
        assert_eq!(names.len(), 5);
        for name in names {
            let lesson = Lesson::parse(Lesson::builtin(name).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(lesson.name, name);
        }
        assert_eq!(Lesson::builtin("nope"), None);
    }
}
