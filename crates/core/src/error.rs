//! Why a command was rejected. A rejected command changes nothing.

use std::fmt;

use crate::service::SpecError;

/// A user mistake, reported in docker's words. Internal rule violations are `assert!`s instead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommandError {
    /// The spec failed validation; the inner error names the field.
    InvalidSpec(SpecError),
    /// A service with this name already exists.
    NameConflict(String),
    /// Simulated time went backwards: the caller broke the driving contract.
    TimeWentBackwards,
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::InvalidSpec(err) => err.fmt(f),
            CommandError::NameConflict(name) => write!(
                f,
                "rpc error: code = AlreadyExists desc = name conflicts with an existing object: service {name} already exists"
            ),
            CommandError::TimeWentBackwards => f.write_str("simulated time cannot go backwards"),
        }
    }
}

impl From<SpecError> for CommandError {
    fn from(err: SpecError) -> CommandError {
        CommandError::InvalidSpec(err)
    }
}
