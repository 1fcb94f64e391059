//! `docker service ps`: the task table, history rows and all.

use crate::cli::{ellipsis, human_duration, pretty_print, render_table};
use crate::snapshot::{Snapshot, TaskView};

/// Width the ERROR column cuts messages to before quoting them.
const ERROR_WIDTH: usize = 30;

/// The table `docker service ps SERVICE` prints for the named services, in docker's order:
/// by task name, newest first within a name, older tasks of a name indented with ` \_ `.
pub fn service_ps(snapshot: &Snapshot, services: &[&str]) -> String {
    let mut rows = vec![
        ["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS"]
            .map(String::from)
            .to_vec(),
    ];
    let mut previous_name: Option<String> = None;
    for task in snapshot.tasks.iter().filter(|t| services.contains(&t.service_name.as_str())) {
        let name = task.name();
        let shown_name = if previous_name.as_deref() == Some(name.as_str()) {
            format!(" \\_ {name}")
        } else {
            name.clone()
        };
        previous_name = Some(name);
        rows.push(vec![
            task.id.0.short().to_string(),
            shown_name,
            task.image.clone(),
            task.node_hostname.clone().unwrap_or_default(),
            pretty_print(task.desired.as_str()),
            current_state(task, snapshot),
            task.err
                .as_deref()
                .map(|e| format!("\"{}\"", ellipsis(e, ERROR_WIDTH)))
                .unwrap_or_default(),
            task.ports.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        ]);
    }
    render_table(&rows)
}

/// `Running 14 seconds ago`.
fn current_state(task: &TaskView, snapshot: &Snapshot) -> String {
    let ago = human_duration(snapshot.now.saturating_since(task.since)).to_lowercase();
    format!("{} {ago} ago", pretty_print(task.state.as_str()))
}
