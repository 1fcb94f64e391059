//! The playground's size limits on every path that grows the swarm: each refuses with the same
//! words, `Error response from daemon: the playground is limited to …`, and changes nothing.

use swarm_core::limits;
use swarm_shell::{Cursor, Scenario, Session};

/// Types one line and lets it run: its output and exit code.
fn run(session: &mut Session, line: &str) -> (String, i32) {
    let mut cursor = Cursor::default();
    let _ = session.read_transcript(&mut cursor);
    session.type_text(line).expect("typed");
    session.run_until_idle();
    let exchanges = session.read_transcript(&mut cursor).items;
    let exchange = exchanges.last().expect("the line ran");
    (exchange.output_text(), exchange.exit_code)
}

fn tasks_error() -> String {
    format!("Error response from daemon: the playground is limited to {}\n", limits::tasks_limit())
}

#[test]
fn a_node_that_would_take_global_services_past_the_task_cap_is_refused() {
    // Three nodes: one global service asks for 3 tasks, and the rest of the cap goes to
    // replicas that no node can take (pending tasks are tasks all the same).
    let mut session = Session::new(Scenario::default(), 1);
    let rest = limits::REPLICAS_MAX - 3;
    for line in [
        "docker service create -d --name g --mode global nginx".to_string(),
        format!(
            "docker service create -d --name r --replicas {rest} --constraint node.labels.x==y nginx"
        ),
    ] {
        assert_eq!(run(&mut session, &line).1, 0, "{line}");
    }
    let before = session.snapshot();
    assert!(before.tasks.len() as u64 >= limits::REPLICAS_MAX, "{} tasks", before.tasks.len());
    assert_eq!(run(&mut session, "sim node add worker3"), (tasks_error(), 1));
    assert_eq!(session.snapshot(), before, "a refused node changed the swarm");
    // One replica less makes room for exactly one more node.
    let scale = format!("docker service scale -d r={}", rest - 1);
    assert_eq!(run(&mut session, &scale).1, 0);
    assert_eq!(run(&mut session, "sim node add worker3").1, 0);
    assert_eq!(run(&mut session, "sim node add worker4"), (tasks_error(), 1));
    // And the cap holds the other way round: the global service now counts four nodes.
    assert_eq!(run(&mut session, &format!("docker service scale r={rest}")).1, 1);
}

#[test]
fn replica_counts_past_the_cap_read_alike_on_every_path() {
    let mut session = Session::new(Scenario::default(), 1);
    let past = limits::REPLICAS_MAX + 1;
    let create = format!("docker service create --replicas {past} nginx");
    assert_eq!(run(&mut session, &create), (tasks_error(), 1));
    assert_eq!(run(&mut session, "docker service create -d --name web nginx").1, 0);
    let update = format!("docker service update -d --replicas {past} web");
    assert_eq!(run(&mut session, &update), (tasks_error(), 1));
    assert_eq!(
        run(&mut session, &format!("docker service scale -d web={past}")),
        (format!("web: {}", tasks_error()), 1)
    );
    assert_eq!(
        run(&mut session, "docker service scale -d web=4294967296"),
        (format!("web: {}", tasks_error()), 1)
    );
}

#[test]
fn the_node_cap_reads_alike_in_a_scenario_and_in_sim_node_add() {
    let lines: String = (0..limits::NODES_MAX).map(|i| format!("node n{i}\n")).collect();
    let error = format!(
        "Error response from daemon: the playground is limited to {} nodes",
        limits::NODES_MAX
    );
    assert_eq!(
        Scenario::parse(&format!("{lines}node one-more\n")),
        Err(format!("line {}: {error}", limits::NODES_MAX + 1))
    );
    let mut session = Session::new(Scenario::parse(&lines).expect("at the cap"), 1);
    assert_eq!(run(&mut session, "sim node add one-more"), (format!("{error}\n"), 1));
}

#[test]
fn the_image_cap_reads_like_the_daemon() {
    let mut session = Session::new(Scenario::default(), 1);
    let mut added = 0;
    let (text, code) = loop {
        let (text, code) = run(&mut session, &format!("sim image add img{added}"));
        if code != 0 || added > limits::IMAGES_MAX {
            break (text, code);
        }
        added += 1;
    };
    assert_eq!(code, 1);
    assert_eq!(
        text,
        format!(
            "Error response from daemon: the playground is limited to {} images\n",
            limits::IMAGES_MAX
        )
    );
    assert!(added <= limits::IMAGES_MAX);
}
