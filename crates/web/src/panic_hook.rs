//! What a panic says where the build keeps panic messages (debug and test builds): the message,
//! in the console.
//!
//! The readable banner with its reload button is not drawn here: the release wasm is built with
//! `panic=immediate-abort` (see `crates/xtask/src/site.rs`), so no hook runs there, and every
//! build's panic ends in a trap. `www/swarm-playground.js` draws the banner for that trap, once,
//! whichever build trapped.

use std::panic::PanicHookInfo;

/// Installs the hook: a panic's message goes to the console before the trap.
pub fn install() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
