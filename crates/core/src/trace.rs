//! Trace: one line per event, the text form of a run that goldens and logs use.
//!
//! The format is stable: changing it re-blesses every golden. Columns: simulated time, the
//! object, what happened. IDs print in their 12-character form.
//!
//! ```text
//!   0.050s  task web.1      pending -> assigned  worker1
//! ```

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::event::Event;
use crate::node::NodeId;
use crate::task::TaskId;

/// Renders events as trace lines, remembering the names earlier events introduced.
#[derive(Debug, Default, Clone)]
pub struct Trace {
    hostnames: BTreeMap<NodeId, String>,
    task_names: BTreeMap<TaskId, String>,
    text: String,
}

impl Trace {
    pub fn new() -> Trace {
        Trace::default()
    }

    /// Appends the line for `event`.
    pub fn record(&mut self, event: &Event) {
        let at = event.at();
        let line = match event {
            Event::NodeJoined { node, hostname, .. } => {
                self.hostnames.insert(*node, hostname.clone());
                format!("node {hostname:<10} joined  {}", node.0.short())
            }
            Event::ServiceCreated { service, name, .. } => {
                format!("service {name} created  {}", service.0.short())
            }
            Event::TaskCreated { task, name, .. } => {
                self.task_names.insert(*task, name.clone());
                format!("task {name:<10} created  {}", task.0.short())
            }
            Event::TaskStateChanged { task, from, to, node, .. } => {
                let name = self.task_names.get(task).map_or("?", String::as_str);
                let mut line = format!("task {name:<10} {from} -> {to}");
                if *to == crate::task::TaskState::Assigned
                    && let Some(node) = node
                {
                    let host = self.hostnames.get(node).map_or("?", String::as_str);
                    let _ = write!(line, "  {host}");
                }
                line
            }
        };
        let _ = writeln!(self.text, "{:>8}  {line}", at.to_string());
    }

    /// Everything recorded since the last `take`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Returns the lines recorded since the last call and forgets them (names are kept).
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}
