//! Share links' payload: a session shared at a moment (`Share::of`), written (`to_json`), read
//! back (`parse`) and opened (`open`) is the same moment: the same clock, swarm, cluster
//! internals and events, and the same text for the commands typed next. Then every refusal,
//! each with the sentence a page shows; and damaged payloads (truncated, bytes changed), which
//! are refused or opened, never a panic.
//!
//! `SWARM_SHARE_SEED=N` replays one run of the random damage (a failure prints its seed).

use std::panic::{AssertUnwindSafe, catch_unwind};

use swarm_core::rng::Rng;
use swarm_core::{Availability, Command, NodeId, SimDuration, SimTime};
use swarm_shell::{
    ExchangeKind, Lesson, SHARE_AT_MAX, SHARE_BYTES_MAX, SHARE_STEPS_MAX, Scenario, Session, Share,
    ShareError, Source,
};

fn lab() -> Session {
    Session::new(Scenario::default(), 1)
}

fn secs(s: u64) -> SimDuration {
    SimDuration::from_secs(s)
}

fn node(session: &Session, hostname: &str) -> NodeId {
    session.cluster().node_by_hostname(hostname).expect("a lab node")
}

fn typed(session: &mut Session, text: &str) {
    session.type_text(text).expect("typed");
}

/// What `line` prints in `session`, typed at the playhead and run to its end (after a line
/// still running, as a terminal runs a line typed ahead).
fn output_of(session: &mut Session, line: &str) -> String {
    let before = session.transcript().len().saturating_sub(1);
    typed(session, line);
    session.run_until_idle();
    let exchange = session.transcript()[before..]
        .iter()
        .rfind(|e| e.kind == ExchangeKind::Line(line.to_string()))
        .expect("the line ran");
    exchange.output_text()
}

/// Shares `session` at its playhead, through the JSON text, and opens it; the opened session
/// must show the same moment, and the same text for what is typed next.
fn assert_round_trip(session: &Session, source: Source, steps_done: u32, service: &str) -> Share {
    let share = Share::of(session, source, steps_done);
    let json = share.to_json();
    let read = Share::parse(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(read, share);
    let opened = read.open().unwrap_or_else(|e| panic!("{e}\n{}", share.script));
    let script = &share.script;
    assert_eq!(opened.now(), session.now(), "{script}");
    assert_eq!(opened.seed(), session.seed());
    assert_eq!(opened.scenario(), session.scenario());
    assert_eq!(opened.snapshot(), session.snapshot(), "{script}");
    assert_eq!(
        format!("{:?}", opened.cluster()),
        format!("{:?}", session.cluster()),
        "the cluster's internals: {script}"
    );
    let events = |s: &Session| s.events().iter().map(|e| e.text.clone()).collect::<Vec<_>>();
    assert_eq!(events(&opened), events(session), "{script}");
    let running = |s: &Session| s.running().map(|(e, screen)| (e.kind.clone(), e.at, screen));
    assert_eq!(running(&opened), running(session), "{script}");

    let (mut original, mut opened) = (session.clone(), opened);
    let ps = format!("docker service ps {service}");
    for line in [ps.as_str(), "docker node ls", "docker service ls"] {
        let theirs = output_of(&mut original, line);
        assert_eq!(output_of(&mut opened, line), theirs, "`{line}` after:\n{script}");
    }
    assert_eq!(opened.now(), original.now());
    share
}

fn web_with_four_replicas() -> Session {
    let mut session = lab();
    typed(&mut session, "docker service create --name web --replicas 4 nginx:latest");
    session.run_until_idle();
    session.advance_by(secs(5));
    session
}

#[test]
fn a_shared_service_opens_with_the_same_ids_and_the_same_text() {
    let session = web_with_four_replicas();
    let share = assert_round_trip(&session, Source::Default, 0, "web");
    assert_eq!(share.running, None);
}

#[test]
fn a_scale_and_a_detached_update_mid_way_open_at_the_same_moment() {
    let mut session = web_with_four_replicas();
    typed(&mut session, "docker service scale web=6");
    session.run_until_idle();
    typed(&mut session, "docker service update -d --image nginx:1.25 web");
    session.advance_by(SimDuration::from_millis(7_300));
    assert_round_trip(&session, Source::Default, 0, "web");
}

#[test]
fn an_update_still_waiting_at_the_playhead_opens_still_waiting() {
    let mut session = web_with_four_replicas();
    typed(&mut session, "docker service update --image nginx:1.25 web");
    session.advance_by(secs(7));
    assert!(session.is_busy(), "the update waits on its progress display");
    let share = assert_round_trip(&session, Source::Default, 0, "web");
    assert_eq!(share.running.as_deref(), Some("docker service update --image nginx:1.25 web"));
    assert!(!share.script.contains("nginx:1.25"), "the script stops where it started");
}

#[test]
fn a_line_typed_with_continuations_opens_still_running() {
    let mut session = web_with_four_replicas();
    typed(&mut session, "docker service update \\\n  --image nginx:1.25 web");
    session.advance_by(secs(3));
    let share = assert_round_trip(&session, Source::Default, 0, "web");
    assert_eq!(
        share.running.as_deref(),
        Some("docker service update \\\n  --image nginx:1.25 web")
    );
}

#[test]
fn a_killed_machine_and_page_actions_open_the_same() {
    let mut session = web_with_four_replicas();
    typed(&mut session, "sim node kill worker2");
    session.advance_by(secs(3));
    let web = session.snapshot().services[0].id;
    session.command(Command::ScaleService { service: web, replicas: 5 }).unwrap();
    session.advance_by(secs(2));
    let worker1 = node(&session, "worker1");
    session
        .command(Command::SetAvailability { node: worker1, availability: Availability::Drain })
        .unwrap();
    session.advance_by(SimDuration::from_millis(1_250));
    assert_round_trip(&session, Source::Default, 0, "web");
}

#[test]
fn a_page_action_while_a_line_waits_opens_the_same_swarm_with_the_line_cut_short() {
    let mut session = web_with_four_replicas();
    typed(&mut session, "docker service update --image nginx:1.25 web");
    session.advance_by(secs(4));
    session.command(Command::PowerOffNode(node(&session, "worker2"))).unwrap();
    session.advance_by(secs(3));
    assert!(session.is_busy());
    let share = Share::of(&session, Source::Default, 0);
    assert_eq!(share.running, None, "a script cannot act while a line waits");
    assert!(share.script.contains("docker service update --detach --image nginx:1.25 web\n"));
    let opened = Share::parse(&share.to_json()).unwrap().open().unwrap();
    assert_eq!(opened.now(), session.now());
    assert_eq!(opened.snapshot(), session.snapshot(), "{}", share.script);
    assert!(!opened.is_busy(), "only the shell differs: free, where it waited");
}

#[test]
fn an_interrupted_line_opens_the_same() {
    let mut session = web_with_four_replicas();
    typed(&mut session, "docker service update --image nginx:1.25 web");
    session.advance_by(secs(2));
    session.interrupt();
    session.advance_by(secs(4));
    let share = assert_round_trip(&session, Source::Default, 0, "web");
    assert_eq!(share.running, None);
}

#[test]
fn a_playhead_behind_the_head_shares_its_moment_and_nothing_after_it() {
    let mut session = web_with_four_replicas();
    typed(&mut session, "docker service update --image nginx:1.25 web");
    session.run_until_idle();
    typed(&mut session, "sim node kill worker1");
    session.advance_by(secs(60));
    let moment = SimTime::from_secs(14);
    session.seek(moment);
    assert!(!session.is_at_head());
    assert!(session.is_busy(), "the update was waiting then");
    let share = assert_round_trip(&session, Source::Default, 0, "web");
    assert_eq!(share.at, moment.as_millis());
    assert!(!share.script.contains("kill"), "the later timeline stays with the sender");
}

#[test]
fn a_lesson_shares_by_name_and_opens_with_its_setup_and_seed() {
    let lesson = Lesson::parse(Lesson::builtin("swarm-tour").unwrap()).unwrap();
    let mut session = lesson.start().unwrap();
    typed(&mut session, &lesson.steps[0].commands[0]);
    session.advance_by(secs(9));
    let share = assert_round_trip(&session, Source::Lesson("swarm-tour".into()), 1, "web");
    assert_eq!(share.seed, lesson.setup.seed);
    assert_eq!(share.source.lesson().unwrap(), Some(lesson));
}

/// A lesson file with a seed, images and services of its own: its setup's lines are in the
/// script already, so opening starts from the bare swarm.
const LESSON_FILE: &str = r#"{
  "version": 1,
  "name": "shared-file",
  "title": "A lesson from a file",
  "setup": {
    "seed": 7,
    "nodes": [{ "hostname": "m1", "role": "manager" }, { "hostname": "w1" }, { "hostname": "w2" }],
    "images": [{ "image": "slow:1", "pull_time": "20s" }],
    "services": [{ "name": "api", "image": "nginx:1.25", "replicas": 3 }]
  },
  "steps": [{ "title": "Update", "commands": ["docker service update --image slow:1 api"] }]
}"#;

#[test]
fn a_lesson_file_shares_its_text_and_opens_with_its_seed() {
    let lesson = Lesson::parse(LESSON_FILE).unwrap();
    let mut session = lesson.start().unwrap();
    assert_eq!(session.seed(), 7);
    typed(&mut session, &lesson.steps[0].commands[0]);
    session.advance_by(secs(12));
    let share = assert_round_trip(&session, Source::LessonFile(LESSON_FILE.into()), 1, "api");
    assert_eq!(share.seed, 7);
    assert!(share.script.starts_with("sim image add"), "{}", share.script);
}

#[test]
fn a_scenario_file_and_another_seed_open_the_same() {
    let text =
        "docker-version 29\nnode m1 --role manager\nnode w1 --cpus 4\nnode w2 --label zone=b\n";
    let mut session = Session::new(Scenario::parse(text).unwrap(), 42);
    typed(&mut session, "docker service create --name web --replicas 5 nginx:latest");
    session.advance_by(SimDuration::from_millis(2_750));
    let share = assert_round_trip(&session, Source::Scenario(text.into()), 0, "web");
    assert_eq!(share.seed, 42);
}

#[test]
fn a_share_is_json_with_its_version_first() {
    let mut session = lab();
    typed(&mut session, "docker service create -d --name web nginx:latest");
    session.advance_by(secs(3));
    assert_eq!(
        Share::of(&session, Source::Default, 0).to_json(),
        r#"{"version":1,"source":"default","seed":1,"at":3000,"steps_done":0,"script":"docker service create -d --name web nginx:latest\nsleep 3\n"}"#
    );
    let lesson = Share {
        source: Source::Lesson("swarm-tour".into()),
        ..Share::of(&lab(), Source::Default, 2)
    };
    assert_eq!(
        lesson.to_json(),
        r#"{"version":1,"source":{"lesson":"swarm-tour"},"seed":1,"at":0,"steps_done":2,"script":""}"#
    );
    // `steps_done` may be left out.
    let read = Share::parse(r#"{"version":1,"source":"default","seed":3,"at":0,"script":""}"#);
    assert_eq!(read.unwrap().steps_done, 0);
}

/// A valid share to damage: a little of everything.
fn valid() -> Share {
    Share {
        version: 1,
        source: Source::Default,
        seed: 1,
        at: 10_000,
        steps_done: 0,
        script: "docker service create -d --name web --replicas 2 nginx\nsleep 4\n".into(),
        running: Some("sleep 30".into()),
    }
}

fn refusal(result: Result<Session, ShareError>) -> String {
    result.map(|_| ()).expect_err("refused").to_string()
}

#[test]
fn oversized_and_damaged_payloads_say_so() {
    let huge = " ".repeat(SHARE_BYTES_MAX + 1);
    assert_eq!(
        Share::parse(&huge).unwrap_err().to_string(),
        "This share link is too large to open: it holds 513 KiB, and a link holds at most 512 KiB."
    );
    assert_eq!(Share::parse(&huge).unwrap_err(), ShareError::TooLarge(SHARE_BYTES_MAX + 1));
    assert_eq!(
        Share::parse("not json").unwrap_err().to_string(),
        "This share link is damaged: expected ident at line 1 column 2."
    );
    assert_eq!(
        Share::parse(r#"{"seed":1}"#).unwrap_err().to_string(),
        "This share link is damaged: missing field `version` at line 1 column 10."
    );
    assert_eq!(
        Share::parse(r#"{"version":1,"source":"default","seed":1,"at":0,"script":"","x":1}"#)
            .unwrap_err()
            .to_string(),
        "This share link is damaged: unknown field `x`, expected one of `version`, `source`, \
         `seed`, `at`, `steps_done`, `script`, `running` at line 1 column 63."
    );
    assert_eq!(
        Share::parse(r#"{"version":1,"source":{"movie":"x"},"seed":1,"at":0,"script":""}"#)
            .unwrap_err()
            .to_string(),
        "This share link is damaged: unknown variant `movie`, expected one of `default`, \
         `lesson`, `lesson_file`, `scenario` at line 1 column 30."
    );
    assert_eq!(
        Share::parse(r#"{"version":1,"source":"default","seed":-1,"at":0,"script":""}"#)
            .unwrap_err()
            .to_string(),
        "This share link is damaged: invalid value: integer `-1`, expected u64 at line 1 column 41."
    );
    assert_eq!(
        Share::parse(r#"{"version":0}"#).unwrap_err().to_string(),
        "This share link is damaged: version 0 was never written."
    );
    // A name as long as the link is quoted short.
    let long = format!(
        r#"{{"version":1,"source":{{"lesson":"{}"}},"seed":1,"at":0,"script":""}}"#,
        "a".repeat(1000)
    );
    let message = refusal(Share::parse(&long).unwrap().open());
    assert!(message.starts_with("This share link cannot be opened: it is for the lesson \"aaaa"));
    assert!(message.len() < 400, "{message}");
}

#[test]
fn a_newer_playgrounds_link_says_so_whatever_it_holds() {
    let newer = r#"{"version":2,"source":{"sandbox":{}},"seed":"x","timeline":[]}"#;
    assert_eq!(
        Share::parse(newer).unwrap_err().to_string(),
        "This share link cannot be opened: it was made by a newer playground (version 2)."
    );
    let built = Share { version: 3, ..valid() };
    assert_eq!(built.open().map(|_| ()).unwrap_err(), ShareError::Newer(3));
}

#[test]
fn unknown_or_bad_lessons_and_scenarios_say_so() {
    let with =
        |source: Source| Share { source, running: None, at: 0, script: String::new(), ..valid() };
    assert_eq!(
        refusal(with(Source::Lesson("no-such-lesson".into())).open()),
        "This share link cannot be opened: it is for the lesson \"no-such-lesson\", which this \
         playground does not have."
    );
    assert_eq!(
        refusal(with(Source::LessonFile("{\"version\": 1}".into())).open()),
        "This share link's lesson cannot be read: line 1: version: missing field `name`."
    );
    assert_eq!(
        refusal(
            with(Source::LessonFile(LESSON_FILE.replace("\"version\": 1", "\"version\": 9")))
                .open()
        ),
        "This share link's lesson cannot be read: line 2: version: version 9 is not known; this \
         playground reads version 1."
    );
    assert_eq!(
        refusal(with(Source::Scenario("node m1 --role chief\n".into())).open()),
        "This share link's scenario cannot be read: line 1: invalid role \"chief\"."
    );
    let lesson = Share { steps_done: 6, ..with(Source::Lesson("swarm-tour".into())) };
    assert_eq!(
        refusal(lesson.open()),
        "This share link is damaged: it counts 6 lesson steps done, but its lesson has 5."
    );
    let lab = Share { steps_done: 1, ..with(Source::Default) };
    assert_eq!(
        Share::parse(&lab.to_json()).unwrap_err().to_string(),
        "This share link is damaged: it counts 1 lesson steps done, but it holds no lesson."
    );
}

#[test]
fn a_moment_past_a_week_is_refused_before_anything_runs() {
    let late = Share { at: SHARE_AT_MAX.as_millis() + 1, ..valid() };
    assert_eq!(
        Share::parse(&late.to_json()).unwrap_err().to_string(),
        "This share link cannot be opened: its moment (168h00m00.001s) is past the 7 days of \
         simulated time a link reaches."
    );
    assert_eq!(refusal(late.open()), Share::parse(&late.to_json()).unwrap_err().to_string());
    // A week itself opens: a quiet swarm's week is cheap.
    let week = Share { at: SHARE_AT_MAX.as_millis(), running: None, ..valid() };
    assert_eq!(week.open().unwrap().now(), SHARE_AT_MAX);
}

#[test]
fn scripts_that_do_not_play_back_to_their_moment_say_why() {
    let with =
        |script: &str, at: u64| Share { script: script.into(), at, running: None, ..valid() };
    assert_eq!(
        refusal(with("docker service ls\nsleep 10\n", 5_000).open()),
        "This share link does not play back: its script runs past the moment it shares (5.000s): \
         line 2 is still running then."
    );
    assert_eq!(
        refusal(with("sleep 10\nsim rewind 5s\nsleep 7d\n", 20_000).open()),
        "This share link does not play back: line 2 of its script goes back in time, which a \
         shared script never does."
    );
    let long_line = format!("# {}\n", "x".repeat(64 * 1024));
    assert_eq!(
        refusal(with(&long_line, 0).open()),
        "This share link does not play back: line 1 of its script: the playground is limited to \
         64 KiB of text typed at once."
    );
    let running =
        Share { running: Some("x".repeat(64 * 1024 + 1)), script: String::new(), at: 0, ..valid() };
    assert_eq!(
        refusal(running.open()),
        "This share link does not play back: its running line: the playground is limited to 64 \
         KiB of text typed at once."
    );
    // A running line is one command line: lines after it would run as it ends.
    let two = Share { running: Some("sleep 5\nsim rewind 1s".into()), ..with("sleep 4", 10_000) };
    assert_eq!(
        refusal(two.open()),
        "This share link is damaged: its running line is more than one line."
    );
    // More inputs than a session takes: one comment line each.
    let comments = "#\n".repeat(swarm_shell::INPUTS_MAX + 1);
    assert_eq!(
        refusal(with(&comments, 0).open()),
        "This share link does not play back: line 100001 of its script: the playground is limited \
         to 100000 inputs in one session (restart it to go on)."
    );
}

#[test]
fn a_moment_no_link_could_open_is_refused_to_its_sender() {
    let mut session = web_with_four_replicas();
    assert_eq!(
        Share::make(&session, Source::Default, 0),
        Ok(Share::of(&session, Source::Default, 0))
    );

    let mut late = session.clone();
    late.advance_to(SHARE_AT_MAX + SimDuration::from_millis(1));
    assert_eq!(
        Share::make(&late, Source::Default, 0).unwrap_err().to_string(),
        "This moment cannot be shared: it is past the 7 days of simulated time a link reaches."
    );

    let comment = format!("# {}", "-".repeat(60));
    for _ in 0..10_000 {
        typed(&mut session, &comment);
    }
    assert_eq!(
        Share::make(&session, Source::Default, 0).map(drop).unwrap_err().to_string(),
        "This moment cannot be shared: its link would hold 626 KiB, and a link holds at most \
         512 KiB."
    );
    let big = Share::of(&session, Source::Default, 0);
    assert!(matches!(big.check(), Err(ShareError::TooLarge(bytes)) if bytes > SHARE_BYTES_MAX));
    assert_eq!(Share::parse(&big.to_json()).unwrap_err(), big.check().unwrap_err());
}

/// A crash loop: each task fails a second after it starts and another replaces it, for ever.
const CRASH_LOOP: &str = "sim image add crash --pull-time 100ms --start-time 100ms --exit-after 1s
docker service create -d --name crash --replicas 10 crash
";

#[test]
fn a_link_asking_for_too_much_simulation_is_refused_and_so_is_its_moment() {
    let week =
        Share { script: CRASH_LOOP.into(), at: SHARE_AT_MAX.as_millis(), running: None, ..valid() };
    assert_eq!(
        refusal(Share::parse(&week.to_json()).unwrap().open()),
        "This share link cannot be opened: playing it back takes more than the 1000000 steps of \
         simulation a link may ask for."
    );
    // The sender's session did as many steps as opening its link would.
    let mut session = lab();
    session.run_script(CRASH_LOOP).unwrap();
    while session.cluster().steps() <= SHARE_STEPS_MAX {
        session.advance_by(secs(600));
    }
    let steps = session.cluster().steps();
    assert_eq!(
        Share::make(&session, Source::Default, 0).unwrap_err().to_string(),
        format!(
            "This moment cannot be shared: playing it back would take {steps} steps of \
             simulation, and a link may ask for at most 1000000."
        )
    );
    assert_eq!(
        Share::of(&session, Source::Default, 0).open().map(drop),
        Err(ShareError::TooMuchWork)
    );
}

/// Parses (and opens, if it parses) a damaged payload: whether it opened; a panic is a
/// failure, a refusal is not.
fn try_damaged(text: &str) -> Result<bool, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        Share::parse(text).is_ok_and(|share| share.open().is_ok())
    }));
    outcome.map_err(|_| format!("panicked on {text:?}"))
}

fn valid_json() -> String {
    let mut session = web_with_four_replicas();
    typed(&mut session, "docker service update --image nginx:1.25 web");
    session.advance_by(secs(2));
    Share::of(&session, Source::Default, 0).to_json()
}

#[test]
fn truncated_payloads_are_refused_never_a_panic() {
    let json = valid_json();
    assert!(json.is_ascii());
    for end in 0..json.len() {
        assert!(!try_damaged(&json[..end]).unwrap(), "{end}: a cut payload is no payload");
    }
    assert!(try_damaged(&json).unwrap());
}

#[test]
fn payloads_with_bytes_changed_open_or_are_refused_never_a_panic() {
    let json = valid_json();
    // Every position, to what breaks syntax, numbers and strings most often.
    let (mut tried, mut opened) = (0, 0);
    for at in 0..json.len() {
        for byte in [b'"', b'\\', b'{', b'0', b'9', b'x', b' ', b'\n'] {
            let mut bytes = json.clone().into_bytes();
            bytes[at] = byte;
            let text = String::from_utf8(bytes).expect("ASCII");
            tried += 1;
            opened += usize::from(try_damaged(&text).unwrap());
        }
    }
    // Changed digits of the seed and the moment, letters of the script: some still open.
    assert!(opened > 0 && opened < tried, "{opened} of {tried} opened");
    eprintln!("share: {opened} of {tried} changed payloads opened");
}

#[test]
fn payloads_with_random_damage_open_or_are_refused_never_a_panic() {
    let json = valid_json();
    let seeds: Vec<u64> = match std::env::var("SWARM_SHARE_SEED") {
        Ok(seed) => vec![seed.parse().expect("SWARM_SHARE_SEED is a number")],
        Err(_) => (0..200).collect(),
    };
    for seed in seeds {
        let mut rng = Rng::new(seed);
        let mut bytes = json.clone().into_bytes();
        for _ in 0..rng.range_inclusive(1, 4) {
            let at = rng.range_inclusive(0, bytes.len() as u64 - 1) as usize;
            bytes[at] = rng.range_inclusive(0, 255) as u8;
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Err(panic) = try_damaged(&text) {
            panic!(
                "seed {seed}: {panic}\n\
                 reproduce: SWARM_SHARE_SEED={seed} cargo test -p swarm-tests --test share"
            );
        }
    }
}
