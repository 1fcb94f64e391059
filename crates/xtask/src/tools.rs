//! Tool installation shared by `build` and `test`: the wasm32 target, rust-src, wasm-bindgen-cli
//! at the Cargo.lock version, npm binaryen (wasm-opt) in `tools/binaryen`, the Chromium check,
//! and the Playwright packages in `tests/e2e`. Each step is idempotent and silent when satisfied.

use std::path::{Path, PathBuf};

use crate::cmd;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// binaryen's npm build; Debian's binaryen 108 cannot read wasm-bindgen 0.2.130 output.
const BINARYEN_VERSION: &str = "132.0.0";
/// The newest webpki-roots on the reachable crates.io mirror, for the wasm-bindgen-cli fallback.
const WEBPKI_ROOTS_FALLBACK: &str = "1.0.10";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Adds the wasm32 target with rustup unless it is already installed.
pub fn ensure_wasm_target() -> Result<(), String> {
    let Some(installed) =
        cmd::stdout_of(cmd::command("rustup").args(["target", "list", "--installed"]))
    else {
        // Not a rustup toolchain: nothing we can install; cargo will say so if the target is missing.
        println!("note: `rustup target list` did not run; assuming {WASM_TARGET} is available");
        return Ok(());
    };
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("installing the {WASM_TARGET} target");
    cmd::run(cmd::command("rustup").args(["target", "add", WASM_TARGET]))
}

/// Adds the standard library's source (rustup's `rust-src`) unless it is installed: the release
/// wasm builds the standard library itself, for size (see `site.rs`). `Err` says why not.
pub fn ensure_rust_src() -> Result<(), String> {
    let installed =
        cmd::stdout_of(cmd::command("rustup").args(["component", "list", "--installed"]))
            .ok_or("`rustup component list` did not run")?;
    if installed.lines().any(|l| l.trim() == "rust-src") {
        return Ok(());
    }
    println!("installing the rust-src component (the wasm bundle builds the standard library)");
    cmd::run(cmd::command("rustup").args(["component", "add", "rust-src"]))
}

/// Installs wasm-bindgen-cli (wasm-bindgen and wasm-bindgen-test-runner) at exactly the
/// wasm-bindgen version in Cargo.lock, unless that version is already on the tool `PATH`.
pub fn ensure_wasm_bindgen() -> Result<(), String> {
    let lock_path = cmd::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let wanted = locked_version(&lock, "wasm-bindgen")
        .ok_or_else(|| "Cargo.lock has no wasm-bindgen package".to_string())?;
    let found = installed_wasm_bindgen();
    if found.as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    let found_text = found.as_deref().unwrap_or("none");
    println!(
        "installing wasm-bindgen-cli {wanted} (Cargo.lock pins wasm-bindgen {wanted}, installed: \
         {found_text}); this compiles for a few minutes"
    );
    if let Err(first) = cmd::run(cmd::cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
        "--locked",
    ])) {
        println!(
            "{first}; retrying from the downloaded crate with webpki-roots pinned to \
             {WEBPKI_ROOTS_FALLBACK}"
        );
        install_wasm_bindgen_from_cache(&wanted)?;
    }
    match installed_wasm_bindgen() {
        Some(v) if v == wanted => Ok(()),
        other => Err(format!(
            "installed wasm-bindgen-cli {wanted}, but `wasm-bindgen --version` reports {}; is \
             another wasm-bindgen earlier on PATH?",
            other.as_deref().unwrap_or("nothing")
        )),
    }
}

/// The fallback from the toolchain notes: the crates.io mirror lacks the webpki-roots version
/// the CLI's own Cargo.lock pins, so re-lock just that crate and install from the `.crate`
/// that the failed `cargo install` already downloaded, still `--locked`.
fn install_wasm_bindgen_from_cache(version: &str) -> Result<(), String> {
    let file_name = format!("wasm-bindgen-cli-{version}.crate");
    let cache = cmd::cargo_home().join("registry").join("cache");
    let crate_file = std::fs::read_dir(&cache)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join(&file_name))
        .find(|path| path.is_file())
        .ok_or_else(|| format!("{file_name} is not in {}; cannot fall back", cache.display()))?;
    let scratch =
        std::env::temp_dir().join(format!("xtask-wasm-bindgen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let result = (|| {
        cmd::run(cmd::command("tar").arg("-xzf").arg(&crate_file).arg("-C").arg(&scratch))?;
        let source = scratch.join(format!("wasm-bindgen-cli-{version}"));
        cmd::run(cmd::cargo().current_dir(&source).args([
            "update",
            "-p",
            "webpki-roots",
            "--precise",
            WEBPKI_ROOTS_FALLBACK,
        ]))?;
        cmd::run(
            cmd::cargo()
                .current_dir(&source)
                .args(["install", "--path", ".", "--locked", "--force"]),
        )
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// The version `wasm-bindgen --version` reports, if both CLI binaries run.
fn installed_wasm_bindgen() -> Option<String> {
    let cli = cmd::stdout_of(cmd::command("wasm-bindgen").arg("--version"))?;
    let runner = cmd::stdout_of(cmd::command("wasm-bindgen-test-runner").arg("--version"))?;
    let version = version_word(&cli)?;
    (version_word(&runner)? == version).then_some(version)
}

/// `"wasm-bindgen 0.2.130\n"` → `"0.2.130"`.
fn version_word(output: &str) -> Option<String> {
    output.split_whitespace().nth(1).map(str::to_string)
}

/// The version of the registry package `name` in a Cargo.lock (the first one, if several).
pub fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted_name = format!("name = \"{name}\"");
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == wanted_name {
            let version = lines.next()?.strip_prefix("version = \"")?.strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

/// Makes sure `tools/binaryen` holds npm binaryen's wasm-opt; returns its path, or why not.
pub fn ensure_wasm_opt() -> Result<PathBuf, String> {
    let dir = cmd::root().join("tools").join("binaryen");
    let bin = dir.join("node_modules").join(".bin").join("wasm-opt");
    if wasm_opt_is_current(&bin) {
        return Ok(bin);
    }
    if cmd::stdout_of(cmd::command("npm").arg("--version")).is_none() {
        return Err("npm is not installed".to_string());
    }
    println!("installing binaryen@{BINARYEN_VERSION} (wasm-opt) into tools/binaryen");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let manifest = dir.join("package.json");
    if !manifest.exists() {
        std::fs::write(&manifest, "{ \"name\": \"xtask-binaryen\", \"private\": true }\n")
            .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    }
    cmd::run_quiet(cmd::command("npm").current_dir(&dir).args([
        "install",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        &format!("binaryen@{BINARYEN_VERSION}"),
    ]))?;
    if wasm_opt_is_current(&bin) {
        Ok(bin)
    } else {
        Err(format!("{} does not report binaryen version 132", bin.display()))
    }
}

fn wasm_opt_is_current(bin: &Path) -> bool {
    bin.exists()
        && cmd::stdout_of(cmd::command(bin).arg("--version"))
            .is_some_and(|v| v.contains("version 132"))
}

/// The browser tests need the Debian Chromium and its driver.
pub fn check_chromium() -> Result<(), String> {
    check_browser_at(Path::new(CHROMIUM), Path::new(CHROMEDRIVER))
}

fn check_browser_at(browser: &Path, driver: &Path) -> Result<(), String> {
    if browser.is_file() && driver.is_file() {
        Ok(())
    } else {
        Err("Chromium is needed for the browser tests: apt-get install chromium chromium-driver"
            .to_string())
    }
}

/// Installs the e2e test's npm packages (playwright-core) unless `node_modules` exists.
pub fn ensure_playwright() -> Result<(), String> {
    let dir = cmd::root().join("tests").join("e2e");
    if dir.join("node_modules").is_dir() {
        return Ok(());
    }
    println!("installing the e2e packages: npm ci in tests/e2e");
    cmd::run(cmd::command("npm").current_dir(&dir).args(["ci", "--no-audit", "--no-fund"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-macro"
version = "0.2.999"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    #[test]
    fn finds_the_exact_package_version() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").as_deref(), Some("0.2.130"));
        assert_eq!(locked_version(LOCK, "wasm-bindgen-macro").as_deref(), Some("0.2.999"));
        assert_eq!(locked_version(LOCK, "yew"), None);
    }

    #[test]
    fn workspace_lock_pins_wasm_bindgen() {
        let lock = std::fs::read_to_string(cmd::root().join("Cargo.lock")).unwrap();
        assert!(locked_version(&lock, "wasm-bindgen").is_some());
    }

    #[test]
    fn missing_chromium_is_one_line_with_the_fix() {
        let missing = Path::new("/nonexistent/chromium");
        let message = check_browser_at(missing, missing).unwrap_err();
        assert_eq!(
            message,
            "Chromium is needed for the browser tests: apt-get install chromium chromium-driver"
        );
        let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        assert!(check_browser_at(&here, missing).is_err());
        assert!(check_browser_at(&here, &here).is_ok());
    }

    #[test]
    fn version_word_reads_cli_output() {
        assert_eq!(version_word("wasm-bindgen 0.2.130\n").as_deref(), Some("0.2.130"));
        assert_eq!(version_word(""), None);
    }
}
