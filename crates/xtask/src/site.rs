//! The release site build: the size-optimised wasm (`cargo rustc --crate-type cdylib` with the
//! `wasm-release` profile so LTO applies), wasm-bindgen, wasm-opt, and `www/dist` assembly,
//! ending with the bundle size report.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{cmd, tools};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";
const PACKAGE: &str = "swarm-web";
const LIB_NAME: &str = "swarm_web";

/// `www/dist`, the assembled site.
pub fn dist_dir() -> PathBuf {
    cmd::root().join("www").join("dist")
}

/// Builds the release site into `www/dist`; returns that directory.
pub fn build() -> Result<PathBuf, String> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;

    cmd::run(cmd::cargo().args([
        "rustc",
        "-p",
        PACKAGE,
        "--lib",
        "--crate-type",
        "cdylib",
        "--target",
        WASM_TARGET,
        "--profile",
        PROFILE,
    ]))?;
    let wasm = cmd::target_dir().join(WASM_TARGET).join(PROFILE).join(format!("{LIB_NAME}.wasm"));

    let www = cmd::root().join("www");
    let dist = dist_dir();
    if dist.exists() {
        std::fs::remove_dir_all(&dist)
            .map_err(|e| format!("cannot remove {}: {e}", dist.display()))?;
    }
    copy_tree(&www, &dist, &["dist", "pkg"])?;

    let pkg = dist.join("pkg");
    cmd::run(
        cmd::command("wasm-bindgen")
            .arg(&wasm)
            .args(["--target", "web", "--out-dir"])
            .arg(&pkg)
            .args(["--remove-name-section", "--remove-producers-section"]),
    )?;
    let bundle = pkg.join(format!("{LIB_NAME}_bg.wasm"));
    let glue = pkg.join(format!("{LIB_NAME}.js"));

    println!("{}", wasm_opt(&bundle));
    println!("{}", size_line("wasm", &bundle)?);
    println!("{}", size_line("js glue", &glue)?);
    println!("site: {}", relative(&dist));
    Ok(dist)
}

/// Runs npm binaryen's `wasm-opt -Oz` over the bundle in place; returns the line to print
/// (a skip is not an error: the unoptimised bundle works, it is only ~7 % larger).
fn wasm_opt(bundle: &Path) -> String {
    let bin = match tools::ensure_wasm_opt() {
        Ok(bin) => bin,
        Err(why) => return format!("wasm-opt: skipped ({why})"),
    };
    let before = file_len(bundle);
    let optimised = bundle.with_extension("opt.wasm");
    let result =
        cmd::run_quiet(cmd::command(&bin).arg("-Oz").arg(bundle).arg("-o").arg(&optimised))
            .and_then(|()| {
                std::fs::rename(&optimised, bundle)
                    .map_err(|e| format!("cannot replace bundle: {e}"))
            });
    match result {
        Ok(()) => format!(
            "wasm-opt: -Oz (binaryen 132): {} -> {} bytes",
            cmd::thousands(before),
            cmd::thousands(file_len(bundle))
        ),
        Err(why) => {
            let _ = std::fs::remove_file(&optimised);
            format!("wasm-opt: skipped ({why})")
        }
    }
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// `wasm: www/dist/pkg/swarm_web_bg.wasm 124,680 bytes, 53,734 gzipped (-9)`.
fn size_line(label: &str, path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(format!(
        "{label}: {} {} bytes, {} gzipped (-9)",
        relative(path),
        cmd::thousands(bytes.len() as u64),
        cmd::thousands(gzip_len(&bytes))
    ))
}

/// The size of `bytes` gzipped at level 9.
fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail").len() as u64
}

/// Copies the directory tree `from` into `to`, leaving out the top-level entries in `skip`.
fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        if skip.iter().any(|s| entry.file_name() == *s) {
            continue;
        }
        let source = entry.path();
        let target = to.join(entry.file_name());
        if source.is_dir() {
            copy_tree(&source, &target, &[])?;
        } else {
            std::fs::copy(&source, &target)
                .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
        }
    }
    Ok(())
}

/// `path` relative to the workspace root, for messages.
fn relative(path: &Path) -> String {
    path.strip_prefix(cmd::root()).unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_shrinks_repetitive_input() {
        let input = vec![b'a'; 10_000];
        let len = gzip_len(&input);
        assert!(len > 18 && len < 100, "{len}");
    }

    #[test]
    fn copy_tree_skips_top_level_entries_only() {
        let base = std::env::temp_dir().join(format!("xtask-copy-tree-{}", std::process::id()));
        let from = base.join("www");
        std::fs::create_dir_all(from.join("dist")).unwrap();
        std::fs::create_dir_all(from.join("img").join("dist")).unwrap();
        std::fs::write(from.join("index.html"), "x").unwrap();
        std::fs::write(from.join("dist").join("old.js"), "x").unwrap();
        std::fs::write(from.join("img").join("dist").join("a.png"), "x").unwrap();
        let to = base.join("out");
        copy_tree(&from, &to, &["dist"]).unwrap();
        assert!(to.join("index.html").is_file());
        assert!(!to.join("dist").exists());
        assert!(to.join("img").join("dist").join("a.png").is_file());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
