//! `docker service ps` and `docker node ps`: the task table, history rows and all.

use crate::format::duration::human_duration;
use crate::format::table::render_table;
use crate::format::template::Row;
use crate::{ellipsis, natural_cmp, pretty_print};
use swarm_core::{Snapshot, TaskView};

/// Width the ERROR column cuts messages to before quoting them.
const ERROR_WIDTH: usize = 30;

/// `--no-trunc` and `--no-resolve`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub no_trunc: bool,
    pub no_resolve: bool,
}

/// The table `docker service ps SERVICE` prints for the named services, in docker's order:
/// by task name, newest first within a name, older tasks of a name indented with ` \_ `.
pub fn service_ps(snapshot: &Snapshot, services: &[&str]) -> String {
    let mut tasks: Vec<&TaskView> =
        snapshot.tasks.iter().filter(|t| services.contains(&t.service_name.as_str())).collect();
    swarm_core::sort::sort_by(&mut tasks, |a, b| {
        natural_cmp(&a.name(), &b.name()).then(b.created_at.cmp(&a.created_at))
    });
    task_table(snapshot, &tasks, Options::default())
}

/// docker's default task table over `tasks`, already in docker's order.
pub fn task_table(snapshot: &Snapshot, tasks: &[&TaskView], options: Options) -> String {
    let mut rows = vec![
        ["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS"]
            .map(String::from)
            .to_vec(),
    ];
    for row in task_rows(snapshot, tasks, options, true) {
        rows.push(row.into_iter().map(|(_, value)| value).collect());
    }
    render_table(&rows)
}

/// The fields of docker's task context for each task (`--format`); `indent` marks older tasks
/// of a name with ` \_ `, as table formats do.
pub(crate) fn task_rows(
    snapshot: &Snapshot,
    tasks: &[&TaskView],
    options: Options,
    indent: bool,
) -> Vec<Row> {
    let mut previous_name: Option<String> = None;
    let mut rows = Vec::with_capacity(tasks.len());
    for task in tasks {
        let mut name = task.name();
        if options.no_resolve {
            name = name.replacen(&task.service_name, task.service.0.as_str(), 1);
        }
        let shown_name = if indent && previous_name.as_deref() == Some(name.as_str()) {
            format!(" \\_ {name}")
        } else {
            name.clone()
        };
        previous_name = Some(name);
        let id = if options.no_trunc { task.id.0.as_str() } else { task.id.0.short() };
        let node = match (options.no_resolve, task.node) {
            (true, Some(node)) => node.to_string(),
            _ => task.node_hostname.clone().unwrap_or_default(),
        };
        let error = task
            .err
            .as_deref()
            .map(|e| {
                if options.no_trunc {
                    format!("\"{e}\"")
                } else {
                    format!("\"{}\"", ellipsis(e, ERROR_WIDTH))
                }
            })
            .unwrap_or_default();
        rows.push(vec![
            ("ID", id.to_string()),
            ("Name", shown_name),
            ("Image", task.image.clone()),
            ("Node", node),
            ("DesiredState", pretty_print(task.desired.as_str())),
            ("CurrentState", current_state(task, snapshot)),
            ("Error", error),
            ("Ports", task.ports.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")),
        ]);
    }
    rows
}

/// `Running 14 seconds ago`.
fn current_state(task: &TaskView, snapshot: &Snapshot) -> String {
    let ago = human_duration(snapshot.now.saturating_since(task.since)).to_ascii_lowercase();
    format!("{} {ago} ago", pretty_print(task.state.as_str()))
}
