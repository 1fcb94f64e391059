//! The docker CLI emulator: renders the cluster exactly as the docker CLI prints it.
//!
//! Formatters only here: they take a `Snapshot` and return text, byte for byte what docker
//! (the seeds' Docker 24-era CLI) would print. The command-line parser arrives with the CLI
//! emulator work.

mod duration;
mod service_ps;
mod table;

pub use duration::human_duration;
pub use service_ps::service_ps;
pub use table::render_table;

/// Docker's `PrettyPrint`: first character upper-cased, the rest lower-cased.
pub fn pretty_print(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(first) if s.chars().count() == 1 => first.to_lowercase().collect(),
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
    }
}

/// Docker's `Ellipsis`: `s` if it fits in `max` characters, else `max - 1` of them and `…`.
pub fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn pretty_print_matches_docker() {
        assert_eq!(pretty_print("running"), "Running");
        assert_eq!(pretty_print("rollback_started"), "Rollback_started");
        assert_eq!(pretty_print("X"), "x");
        assert_eq!(pretty_print(""), "");
    }

    #[test]
    fn ellipsis_cuts_to_width() {
        assert_eq!(ellipsis("short", 30), "short");
        let long = "no suitable node (scheduling constraints not satisfied on 3 nodes)";
        assert_eq!(ellipsis(long, 30), "no suitable node (scheduling …");
        assert_eq!(ellipsis(long, 30).chars().count(), 30);
    }
}
