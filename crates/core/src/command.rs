//! Commands: every input a user (or a scenario) can give the cluster, as plain data.

use crate::service::ServiceSpec;

/// One user action. `Cluster::handle_command` either applies it whole or rejects it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command {
    /// `docker service create`.
    CreateService(ServiceSpec),
}
