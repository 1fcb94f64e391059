//! The playground's shell over `swarm-core`: the docker CLI emulator (text in, docker's text
//! out), the playground's `sim` verbs, and `Session`, the one object a front end holds.
//!
//! Deterministic like the core: no I/O, no clock, no global randomness. The same scenario,
//! seed and inputs give the same bytes on every platform.
//!
//! # Brief overview
//!
//! - `Session` owns a playground: the cluster, the shell on it, the journal of inputs, time
//!   travel (step, seek, rewind), the event log in words and the transcript.
//! - `Shell` runs one line: `parse` reads it as docker's cobra/pflag would, `docker` and `sim`
//!   carry it out against the cluster, `format` prints what docker prints (the seeds' Docker
//!   24-era CLI by default, or Docker 29's words: `Dialect`).
//! - `narrate` says each event in a sentence; `export` turns a transcript into a script.
//! - `complete` offers what Tab completes in a line being typed (`Session::complete`).
//! - `Scenario`: the swarm a session starts with (`swarm --scenario FILE`).
//! - `Lesson`: a tutorial as data (JSON): setup, steps, commands, checkpoints; the built-in
//!   lessons.
//! - `Share`: a share link's payload (the source, the seed, a replay script, the playhead),
//!   opened again as a `Session` at the same moment.
//! - `JsonText`: writing JSON as serde_json writes it, without serde's per-type code.
//! - `record`: reading a struct from JSON as serde's derive would (the same errors), through
//!   one shared visitor instead of one per type: lessons, share links, the page's options.

mod complete;
pub mod docker;
mod export;
pub mod format;
mod job;
mod json_text;
pub mod lesson;
mod narrate;
pub mod parse;
pub mod record;
mod scenario;
mod session;
mod share;
mod shell;
mod sim;
mod state;
mod transcript;

use swarm_core::{PortConfig, PublishMode};

/// Which docker CLI's words to speak where versions differ (docker/cli's texts as of 24.0 and
/// 29.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Docker 24 (the seeds' era): `verify: Service converged`, `See '… --help'.` footers.
    #[default]
    Docker24,
    /// Docker 29: `verify: Service web converged`, `Usage:` / `Run '… --help'` footers.
    Docker29,
}

pub use complete::Completion;
pub use format::node_ls::node_ls;
pub use format::service_ls::service_ls;
pub use format::service_ps::service_ps;
pub use json_text::JsonText;
pub use lesson::{Checkpoint, Lesson, LessonError, LessonErrorKind, Played};
pub use narrate::{EventRecord, clock};
pub use scenario::{SCENARIO_BYTES_MAX, Scenario};
pub use session::{
    Batch, CHECKPOINT_BYTES_MAX, CHECKPOINTS_MAX, Cursor, Entry, INPUTS_MAX, Session, Step,
    TYPEAHEAD_MAX, TYPED_MAX,
};
pub use share::{
    SHARE_AT_MAX, SHARE_BYTES_MAX, SHARE_STEPS_MAX, SHARE_VERSION, Share, ShareError, Source,
};
pub use shell::{PROGRESS_WAIT_MAX, SLEEP_MAX, Shell, Stream};
pub use sim::node_spec;
pub use state::{EVENTS_KEPT_MAX, Input, OUTPUT_KEPT_MAX, STEP_HORIZON, TRANSCRIPT_OUTPUT_MAX};
pub use transcript::{Exchange, ExchangeKind, script_text};

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

/// `docker service ls` PORTS: ingress ports by protocol then published port, consecutive ones
/// folded into ranges (`*:80-81->80-81/tcp`), joined with `, ` (`serviceContext.Ports`).
pub(crate) fn ingress_ports(ports: &[PortConfig]) -> String {
    let mut sorted: Vec<&PortConfig> = ports.iter().collect();
    swarm_core::sort::sort_by(&mut sorted, |a, b| {
        (a.protocol.as_str(), a.published).cmp(&(b.protocol.as_str(), b.published))
    });
    // (published start, published end, target start, target end, protocol)
    let mut range: Option<(u32, u32, u32, u32, &str)> = None;
    let mut out: Vec<String> = Vec::new();
    let show = |(p0, p1, t0, t1, proto): (u32, u32, u32, u32, &str)| {
        let published = if p1 > p0 { format!("{p0}-{p1}") } else { p0.to_string() };
        let target = if t1 > t0 { format!("{t0}-{t1}") } else { t0.to_string() };
        format!("*:{published}->{target}/{proto}")
    };
    for port in sorted.into_iter().filter(|p| p.mode == PublishMode::Ingress) {
        let (published, target) = (u32::from(port.published), u32::from(port.target));
        let protocol = port.protocol.as_str();
        if let Some((_, p1, t0, t1, proto)) = range.as_mut() {
            let is_range = *t1 != *t0;
            // docker subtracts unsigned numbers: a smaller port wraps and starts a new range.
            let extends = protocol == *proto
                && published.wrapping_sub(*p1) <= 1
                && target.wrapping_sub(*t1) <= 1
                && !(is_range && target <= *t1);
            if extends {
                *p1 = published;
                *t1 = target;
                continue;
            }
        }
        if let Some(done) = range.take()
            && done.0 > 0
        {
            out.push(show(done));
        }
        range = Some((published, published, target, target, protocol));
    }
    if let Some(done) = range
        && done.0 > 0
    {
        out.push(show(done));
    }
    out.join(", ")
}

/// Docker's `PrettyPrint`: first character upper-cased, the rest lower-cased.
///
/// It is given docker's own words (task and node states, availabilities), which are ASCII, so
/// it changes ASCII letters only: Unicode's case tables would cost the page's wasm 5 KB.
pub fn pretty_print(s: &str) -> String {
    let mut text = s.to_ascii_lowercase();
    if s.chars().nth(1).is_some()
        && let Some(first) = text.get_mut(..1)
    {
        first.make_ascii_uppercase();
    }
    text
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
        assert_eq!(pretty_print("éa"), "éa");
    }

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        let mut names = vec!["node-10", "node-2", "node-1", "manager1", "worker10", "worker9"];
        swarm_core::sort::sort_by(&mut names, |a, b| natural_cmp(a, b));
        assert_eq!(names, ["manager1", "node-1", "node-2", "node-10", "worker9", "worker10"]);
    }

    #[test]
    fn ingress_ports_fold_into_ranges_as_docker_folds_them() {
        use swarm_core::Protocol;
        let port =
            |published, target, protocol, mode| PortConfig { protocol, published, target, mode };
        let (tcp, udp, ingress, host) =
            (Protocol::Tcp, Protocol::Udp, PublishMode::Ingress, PublishMode::Host);
        assert_eq!(
            ingress_ports(&[port(81, 81, tcp, ingress), port(80, 80, tcp, ingress)]),
            "*:80-81->80-81/tcp"
        );
        assert_eq!(
            ingress_ports(&[port(80, 80, tcp, ingress), port(81, 80, tcp, ingress)]),
            "*:80-81->80/tcp"
        );
        assert_eq!(
            ingress_ports(&[
                port(8080, 80, tcp, ingress),
                port(53, 53, udp, ingress),
                port(9000, 9000, tcp, host),
                port(8443, 443, tcp, ingress),
            ]),
            "*:8080->80/tcp, *:8443->443/tcp, *:53->53/udp"
        );
        assert_eq!(ingress_ports(&[]), "");
    }

    #[test]
    fn ellipsis_cuts_to_width() {
        assert_eq!(ellipsis("short", 30), "short");
        let long = "no suitable node (scheduling constraints not satisfied on 3 nodes)";
        assert_eq!(ellipsis(long, 30), "no suitable node (scheduling …");
        assert_eq!(ellipsis(long, 30).chars().count(), 30);
    }
}
