//! The docker CLI emulator: renders the cluster exactly as the docker CLI prints it.
//!
//! Formatters only here: they take a `Snapshot` and return text, byte for byte what docker
//! (the seeds' Docker 24-era CLI) would print. The command-line parser arrives with the CLI
//! emulator work.

mod duration;
mod node_ls;
mod service_ls;
mod service_ps;
mod table;

pub use duration::human_duration;
pub use node_ls::node_ls;
pub use service_ls::service_ls;
pub use service_ps::service_ps;
pub use table::render_table;

/// Natural order, as docker sorts names (`sortorder.NaturalLess`): digit runs compare as
/// numbers, so `node-2` comes before `node-10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (run(a), run(b));
                let (da, db) = (&a[..na], &b[..nb]);
                let trim = |d: &[u8]| {
                    let zeros = d.iter().take_while(|c| **c == b'0').count();
                    d[zeros..].to_vec()
                };
                let (ta, tb) = (trim(da), trim(db));
                let order = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(&tb));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
                a = &a[na..];
                b = &b[nb..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

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
    fn natural_order_compares_numbers_as_numbers() {
        let mut names = vec!["node-10", "node-2", "node-1", "manager1", "worker10", "worker9"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["manager1", "node-1", "node-2", "node-10", "worker9", "worker10"]);
    }

    #[test]
    fn ellipsis_cuts_to_width() {
        assert_eq!(ellipsis("short", 30), "short");
        let long = "no suitable node (scheduling constraints not satisfied on 3 nodes)";
        assert_eq!(ellipsis(long, 30), "no suitable node (scheduling …");
        assert_eq!(ellipsis(long, 30).chars().count(), 30);
    }
}
