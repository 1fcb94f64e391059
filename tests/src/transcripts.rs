//! Transcript goldens: `swarm run` scripts (`transcripts/NAME.script`, with an optional
//! `NAME.scenario` file for the starting swarm) and what they print (`NAME.transcript`).

use swarm_shell::{Scenario, Session};

/// The seed every transcript runs with, as `swarm run` runs by default.
pub const TRANSCRIPT_SEED: u64 = 1;

/// A transcript shipped with the tests.
#[derive(Debug, Clone, Copy)]
pub struct Transcript {
    pub name: &'static str,
    pub scenario: Option<&'static str>,
    pub script: &'static str,
    pub golden: &'static str,
}

impl Transcript {
    /// The session `swarm run [--scenario NAME.scenario] NAME.script` holds once the script
    /// has run.
    pub fn session(&self) -> Session {
        self.play(self.script)
    }

    /// Runs the script as `swarm run [--scenario NAME.scenario] NAME.script` would.
    pub fn run(&self) -> String {
        self.session().transcript_text()
    }

    /// `sim export --replay` of the script's session, played again by `swarm run` with the
    /// same seed and scenario: its transcript.
    pub fn replay(&self) -> String {
        let script = self.session().export(true);
        self.play(&script).transcript_text()
    }

    fn play(&self, script: &str) -> Session {
        let scenario = self.scenario.map_or_else(Scenario::default, |text| {
            Scenario::parse(text).unwrap_or_else(|e| panic!("{}.scenario: {e}", self.name))
        });
        let mut session = Session::new(scenario, TRANSCRIPT_SEED);
        session.run_script(script).unwrap_or_else(|e| panic!("{}: {e}", self.name));
        session
    }
}

macro_rules! transcript {
    ($name:literal) => {
        Transcript {
            name: $name,
            scenario: None,
            script: include_str!(concat!("../transcripts/", $name, ".script")),
            golden: include_str!(concat!("../transcripts/", $name, ".transcript")),
        }
    };
    ($name:literal, scenario) => {
        Transcript {
            scenario: Some(include_str!(concat!("../transcripts/", $name, ".scenario"))),
            ..transcript!($name)
        }
    };
}

/// Every transcript, by name.
pub const TRANSCRIPTS: &[Transcript] = &[
    transcript!("dialect29", scenario),
    transcript!("errors"),
    transcript!("formats_and_filters"),
    transcript!("inspect_objects"),
    transcript!("log_driver_and_registry_auth"),
    transcript!("logs"),
    transcript!("seed000_nginx_image_updates"),
    transcript!("seed001_web_lifecycle", scenario),
    transcript!("seed002_ping_update_rollback", scenario),
    transcript!("seed003_mysql_options", scenario),
    transcript!("seed004_drain_and_node_down", scenario),
    transcript!("sim_verbs"),
    transcript!("sim_rewind_to_start"),
    transcript!("sim_time_travel"),
    transcript!("swarm_leave_join"),
    transcript!("update_bad_input"),
    transcript!("update_monitor_zero"),
];
