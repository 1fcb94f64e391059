//! `swarm`: the playground in a terminal (placeholder).
fn main() {}
