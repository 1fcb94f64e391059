//! Scenario goldens: each script in `tests/scenarios/` against its transcript.
//!
//! Bless changed transcripts with `UPDATE_EXPECT=1 cargo test -p swarm-tests --test scenarios`.

use expect_test::expect_file;
use swarm_tests::{SCENARIOS, run_script};

#[test]
fn scenarios_match_their_goldens() {
    for scenario in SCENARIOS {
        let transcript = run_script(scenario.script)
            .unwrap_or_else(|err| panic!("scenario {}: {err}", scenario.name));
        expect_file![format!("../scenarios/{}.trace", scenario.name)].assert_eq(&transcript);
    }
}

#[test]
fn same_seed_same_transcript() {
    for scenario in SCENARIOS {
        let first = run_script(scenario.script).expect("scenario runs");
        let second = run_script(scenario.script).expect("scenario runs");
        assert_eq!(first, second, "scenario {} is not deterministic", scenario.name);
    }
}

#[test]
fn other_seed_other_ids() {
    let script = SCENARIOS.iter().find(|s| s.name == "skeleton").expect("skeleton scenario").script;
    let reseeded = script.replacen("seed 1", "seed 2", 1);
    assert_ne!(script, reseeded, "the skeleton scenario sets its seed");
    assert_ne!(run_script(script).unwrap(), run_script(&reseeded).unwrap());
}

#[test]
fn bad_scripts_say_which_line() {
    assert_eq!(
        run_script("at 0s frobnicate").unwrap_err(),
        "line 1: unknown command: at 0s frobnicate"
    );
    assert_eq!(
        run_script("run-until 5\n").unwrap_err(),
        "line 1: time `5` needs a unit (ms, s, m, h): run-until 5"
    );
    assert_eq!(
        run_script("at 0s task-defaults").unwrap_err(),
        "line 1: task-defaults needs log-driver=NAME (or none): at 0s task-defaults"
    );
    assert_eq!(
        run_script("at 0s create web nginx log-opt=max-size=1m").unwrap_err(),
        "line 1: log-opt needs a log-driver=NAME on the same line: at 0s create web nginx log-opt=max-size=1m"
    );
}

#[test]
fn a_command_later_than_a_due_wake_up_does_not_break_advancing() {
    // Regression: a command at 1 s while the scheduler's 50 ms pass was still due made the
    // next `advance_to` call `handle_timeout` back in time.
    use swarm_core::{Cluster, Command, Config, ServiceSpec, SimTime, TaskState, advance_to};
    let mut cluster = Cluster::new(Config::default(), 1);
    let create =
        |name: &str| Command::CreateService(ServiceSpec::replicated(name, "nginx:latest", 1));
    cluster.handle_command(SimTime::ZERO, create("a")).unwrap();
    cluster.handle_command(SimTime::from_secs(1), create("b")).unwrap();
    advance_to(&mut cluster, SimTime::from_secs(10), &mut |_| {});
    let running = cluster.snapshot().tasks.iter().filter(|t| t.state == TaskState::Running).count();
    assert_eq!(running, 2);
}
