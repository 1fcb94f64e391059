//! `docker …` commands, one module per command family: from parsed flags to core `Command`s
//! and back to docker's text.

pub(crate) mod engine;
pub(crate) mod node;
pub(crate) mod service;
pub(crate) mod swarm;
