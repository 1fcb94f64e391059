//! Transcript goldens: `swarm run` scripts (`transcripts/NAME.script`, with an optional
//! `NAME.setup` scenario file) and what they print (`NAME.transcript`).

use swarm_core::Cluster;
use swarm_core::cli::{Setup, Terminal, parse_setup, transcript};

/// The seed every transcript runs with, as `swarm run` runs by default.
pub const TRANSCRIPT_SEED: u64 = 1;

/// A transcript shipped with the tests.
#[derive(Debug, Clone, Copy)]
pub struct Transcript {
    pub name: &'static str,
    pub setup: Option<&'static str>,
    pub script: &'static str,
    pub golden: &'static str,
}

impl Transcript {
    /// Runs the script as `swarm run [--scenario NAME.setup] NAME.script` would.
    pub fn run(&self) -> String {
        let setup = self.setup.map_or_else(Setup::default, |text| {
            parse_setup(text).unwrap_or_else(|e| panic!("{}.setup: {e}", self.name))
        });
        let cluster = Cluster::new(setup.config, TRANSCRIPT_SEED);
        let mut terminal = Terminal::new(cluster, TRANSCRIPT_SEED, setup.dialect);
        transcript(&mut terminal, self.script)
    }
}

macro_rules! transcript {
    ($name:literal) => {
        Transcript {
            name: $name,
            setup: None,
            script: include_str!(concat!("../transcripts/", $name, ".script")),
            golden: include_str!(concat!("../transcripts/", $name, ".transcript")),
        }
    };
    ($name:literal, setup) => {
        Transcript {
            setup: Some(include_str!(concat!("../transcripts/", $name, ".setup"))),
            ..transcript!($name)
        }
    };
}

/// Every transcript, by name.
pub const TRANSCRIPTS: &[Transcript] = &[
    transcript!("dialect29", setup),
    transcript!("errors"),
    transcript!("formats_and_filters"),
    transcript!("log_driver_and_registry_auth"),
    transcript!("logs"),
    transcript!("seed000_nginx_image_updates"),
    transcript!("seed001_web_lifecycle"),
    transcript!("seed002_ping_update_rollback"),
    transcript!("seed003_mysql_options", setup),
    transcript!("seed004_drain_and_node_down"),
    transcript!("sim_verbs"),
    transcript!("swarm_leave_join"),
    transcript!("update_bad_input"),
    transcript!("update_monitor_zero"),
];
