//! Limits on everything a user can grow, so a hostile script or share link cannot exhaust the
//! page. Each is checked before a command changes anything, with a clear error.

/// Nodes in the swarm.
pub const NODES_MAX: usize = 5_000;
/// Replicas across all services.
pub const REPLICAS_MAX: u64 = 100_000;
/// Images in the catalog.
pub const IMAGES_MAX: usize = 1_000;
