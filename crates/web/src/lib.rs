//! The Swarm Playground page: a Yew app over a `swarm_shell::Session`.
//!
//! The only crate that touches the DOM or the wall clock. Views are functions of (view model,
//! clock); every orchestration decision is the core's. Pure parts (`actions`, `clock`,
//! `live_view`, `page`, `plots`, `view_model`) are tested natively; the browser tests check the
//! rendered page.

pub mod actions;
pub mod app;
pub mod clock;
pub mod components;
pub mod embed;
pub mod hooks;
pub mod live_view;
pub mod markdown;
pub mod options;
pub mod page;
pub mod panic_hook;
pub mod plots;
pub mod region;
pub mod shared;
pub mod store;
pub mod view_model;

use wasm_bindgen::prelude::*;

/// Runs when the module loads: installs the panic hook and nothing else. Pages and the
/// `<swarm-playground>` element mount playgrounds explicitly (`embed::Playground::mount`);
/// Node creates them headless.
#[wasm_bindgen(start)]
pub fn start() {
    panic_hook::install();
}
