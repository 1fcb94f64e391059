//! `cargo xtask bench-wasm`: the core benchmarks that have a wasm half, compiled to wasm32 and
//! run under wasm-bindgen-test's bench harness in Node, so BENCHMARKS.md can set wasm beside
//! native (divan, `cargo bench`, does not build for wasm32).

use crate::{cmd, tools};

/// Bench targets of swarm-core with `#[wasm_bindgen_bench]` functions.
const WASM_BENCHES: [&str; 1] = ["update"];

pub fn wasm() -> Result<(), String> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    let mut bench = cmd::cargo();
    bench.args(["bench", "-p", "swarm-core", "--target", "wasm32-unknown-unknown"]);
    for name in WASM_BENCHES {
        bench.args(["--bench", name]);
    }
    bench.env("WASM_BINDGEN_TEST_ONLY_NODE", "1");
    cmd::run(&mut bench)
}
