//! `cargo xtask bench-wasm`: the benchmarks that have a wasm half, compiled to wasm32 and run
//! under wasm-bindgen-test's bench harness in Node, so BENCHMARKS.md can set wasm beside native
//! (divan, `cargo bench`, does not build for wasm32).
//!
//! `cargo xtask bench-page`: the page itself in headless Chromium (`tests/e2e/bench-page.mjs`):
//! frame intervals idle and through a large rolling update, and the time to interactive.

use crate::{cmd, serve, site, tools};

/// Packages and their bench targets with `#[wasm_bindgen_bench]` functions.
const WASM_BENCHES: [(&str, &str); 2] = [("swarm-core", "update"), ("swarm-shell", "time_travel")];

pub fn wasm() -> Result<(), String> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    for (package, name) in WASM_BENCHES {
        let mut bench = cmd::cargo();
        bench.args(["bench", "-p", package, "--target", "wasm32-unknown-unknown", "--bench", name]);
        bench.env("WASM_BINDGEN_TEST_ONLY_NODE", "1");
        cmd::run(&mut bench)?;
    }
    Ok(())
}

/// Builds the site, serves it on a free port and runs the page benchmark against it; the script
/// prints its own results.
pub fn page() -> Result<(), String> {
    tools::check_chromium()?;
    let site = site::build()?;
    tools::ensure_playwright()?;
    let server = serve::Background::start(site.dir)?;
    let url = format!("http://127.0.0.1:{}/", server.port);
    println!("\nbench-page: {url}");
    let result =
        cmd::run(cmd::command("node").arg("tests/e2e/bench-page.mjs").env("SWARM_BASE_URL", &url));
    server.stop();
    result
}
