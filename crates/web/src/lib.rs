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
pub mod hooks;
pub mod live_view;
pub mod markdown;
pub mod page;
pub mod panic_banner;
pub mod plots;
pub mod shared;
pub mod view_model;

use wasm_bindgen::prelude::*;

/// Entry point: renders the app into `#app` (or `<body>` when the page has no such element).
#[wasm_bindgen(start)]
pub fn start() {
    panic_banner::install();
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
