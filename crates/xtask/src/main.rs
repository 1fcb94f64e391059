//! `cargo xtask`: build, serve and test automation (placeholder).
fn main() {}
