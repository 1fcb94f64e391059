//! Child processes: the workspace paths, the tool `PATH`, and running commands
//! (streamed to the terminal, captured quietly, or both at once).

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The workspace root (this crate lives in `crates/xtask`).
pub fn root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().and_then(Path::parent).expect("crates/xtask has a grandparent").into()
}

/// Cargo's target directory: `$CARGO_TARGET_DIR` if set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

/// Cargo's home (`$CARGO_HOME`, else `~/.cargo`).
pub fn cargo_home() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(dir) if !dir.is_empty() => dir.into(),
        _ => home().join(".cargo"),
    }
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| "/root".into())
}

/// The `PATH` every child gets: where `cargo install` puts binaries comes first, so a freshly
/// installed `wasm-bindgen` is found even when the caller's `PATH` lacks `~/.cargo/bin`.
fn tool_path() -> OsString {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(root) = std::env::var_os("CARGO_INSTALL_ROOT").filter(|r| !r.is_empty()) {
        dirs.push(PathBuf::from(root).join("bin"));
    }
    dirs.push(cargo_home().join("bin"));
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

/// A command for `program`, run from the workspace root with the tool `PATH`.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root()).env("PATH", tool_path());
    command
}

/// A command for the `cargo` that runs this xtask.
pub fn cargo() -> Command {
    command(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The command line as the user would type it (program name without its directory).
pub fn describe(command: &Command) -> String {
    let program = Path::new(command.get_program())
        .file_name()
        .map_or_else(|| command.get_program().to_string_lossy(), |n| n.to_string_lossy());
    let mut line = program.into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Runs `command` with the terminal as its output; fails with a one-line reason.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// Runs `command` quietly and returns its stdout if it succeeded (`None` if it could not be
/// started or exited non-zero).
pub fn stdout_of(command: &mut Command) -> Option<String> {
    let output = command.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `command` quietly; on failure returns a short reason (its last stderr line).
pub fn run_quiet(command: &mut Command) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not start `{}`: {e}", describe(command)))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    Err(format!("`{}` failed ({}): {last}", describe(command), output.status))
}

/// Runs `command` with stdout and stderr merged into one pipe, copying everything to our stdout
/// as it arrives and also returning it. Returns whether the command succeeded.
pub fn run_tee(command: Command) -> (bool, String) {
    tee(command, std::io::stdout())
}

fn tee(mut command: Command, mut echo: impl Write + Send + 'static) -> (bool, String) {
    let line = describe(&command);
    let (mut reader, writer) = match std::io::pipe() {
        Ok(pipe) => pipe,
        Err(e) => return (false, format!("could not create a pipe for `{line}`: {e}")),
    };
    let writer_for_stderr = match writer.try_clone() {
        Ok(w) => w,
        Err(e) => return (false, format!("could not create a pipe for `{line}`: {e}")),
    };
    command.stdin(Stdio::null()).stdout(writer).stderr(writer_for_stderr);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            let message = format!("could not start `{line}`: {e}");
            let _ = writeln!(echo, "{message}");
            return (false, message);
        }
    };
    // The command holds our copies of the pipe's write end; drop it so the reader sees EOF.
    drop(command);

    let captured = Arc::new(Mutex::new(Vec::new()));
    let (done_tx, done_rx) = mpsc::channel();
    let sink = Arc::clone(&captured);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let _ = echo.write_all(&buf[..n]);
                    let _ = echo.flush();
                    sink.lock().expect("capture lock").extend_from_slice(&buf[..n]);
                }
            }
        }
        let _ = done_tx.send(());
    });
    let ok = child.wait().is_ok_and(|status| status.success());
    // A grandchild (a browser, a driver) may keep the pipe open after the command exits; do not
    // hang on it, keep whatever arrived within a few seconds.
    let _ = done_rx.recv_timeout(Duration::from_secs(5));
    let text = String::from_utf8_lossy(&captured.lock().expect("capture lock")).into_owned();
    (ok, text)
}

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A duration as `0.4s`, `12.3s` or `3m 05.2s`.
pub fn seconds(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let minutes = (secs / 60.0).floor();
        format!("{minutes:.0}m {:04.1}s", secs - minutes * 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(124_680), "124,680");
        assert_eq!(thousands(1_465_120), "1,465,120");
    }

    #[test]
    fn seconds_formats_short_and_long() {
        assert_eq!(seconds(Duration::from_millis(400)), "0.4s");
        assert_eq!(seconds(Duration::from_millis(59_940)), "59.9s");
        assert_eq!(seconds(Duration::from_millis(185_200)), "3m 05.2s");
    }

    #[test]
    fn tee_captures_both_streams() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo err >&2; exit 3"]);
        let (ok, text) = tee(command, std::io::sink());
        assert!(!ok);
        assert!(text.contains("out\n") && text.contains("err\n"), "{text:?}");
    }
}
