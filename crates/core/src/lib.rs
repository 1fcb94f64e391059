//! Deterministic, I/O-free model of Docker Swarm orchestration.
pub mod id;
pub mod rng;
pub mod time;
