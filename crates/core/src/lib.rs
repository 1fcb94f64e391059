//! Deterministic, I/O-free model of Docker Swarm orchestration.
//!
//! The core never reads a clock, never draws from a global random source, never does I/O and
//! never iterates a hash map: simulated time (`SimTime`) and a seed come in as arguments, so the
//! same seed and inputs give byte-identical outputs on every platform (native, wasm, CI).
//!
//! # Brief overview
//!
//! - `Cluster` is the whole simulated swarm: feed it `Command`s and time, read back `Event`s
//!   and a `Snapshot` (see its driving contract).
//! - `Trace` renders events one line each, for goldens and logs.
//!
//! The docker CLI emulator and the session a front end holds are `swarm-shell`'s, over this.

mod agent;
mod allocator;
mod boxed;
mod cluster;
mod command;
pub mod constraint;
mod constraint_enforcer;
mod create;
mod dispatcher;
mod error;
mod event;
mod global;
pub mod id;
pub mod image;
mod invariants;
mod key_values;
pub mod limits;
mod node;
mod orchestrator;
pub mod raft;
mod reaper;
mod restart;
pub mod rng;
mod scheduler;
mod service;
mod snapshot;
pub mod sort;
mod store;
mod task;
pub mod time;
mod timer;
mod trace;
mod updater;

pub use cluster::{Cluster, Config, ENGINE_VERSION, advance_to};
pub use command::Command;
pub use error::CommandError;
pub use event::Event;
pub use image::{Behavior, ImageCatalog, ImageSpec, normalize as normalize_image};
pub use invariants::Violation;
pub use key_values::KeyValues;
pub use node::{
    Availability, ManagerStatus, NodeId, NodeRole, NodeSpec, NodeState, Reachability, Resources,
};
pub use reaper::TASK_HISTORY_LIMIT;
pub use service::{
    FailureAction, FailureRatio, LogDriver, Mount, PortConfig, Protocol, PublishMode, PullOptions,
    RestartCondition, RestartPolicy, Service, ServiceId, ServiceMode, ServiceSpec, SpecError,
    TaskDefaults, UpdateConfig, UpdateOrder, UpdateState, UpdateStatus,
};
pub use snapshot::{NodeView, ServiceView, Snapshot, TaskView};
pub use task::{Task, TaskId, TaskSpec, TaskState};
pub use time::{SimDuration, SimTime};
pub use timer::Wakeup;
pub use trace::Trace;
pub use updater::{SlotPhase, UpdateProgress, UpdateSlot};
