//! `cargo xtask bench-wasm`: the benchmarks that have a wasm half, compiled to wasm32 and run
//! under wasm-bindgen-test's bench harness in Node, so BENCHMARKS.md can set wasm beside native
//! (divan, `cargo bench`, does not build for wasm32).

use crate::{cmd, tools};

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
