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
use crate::service::ServiceId;
use crate::task::{TaskId, TaskState};

/// Renders events as trace lines, remembering the names earlier events introduced.
#[derive(Debug, Default, Clone)]
pub struct Trace {
    hostnames: BTreeMap<NodeId, String>,
    services: BTreeMap<ServiceId, String>,
    task_names: BTreeMap<TaskId, String>,
    text: String,
}

impl Trace {
    pub fn new() -> Trace {
        Trace::default()
    }

    fn host(&self, node: &NodeId) -> String {
        self.hostnames.get(node).cloned().unwrap_or_else(|| node.0.short().to_string())
    }

    fn task(&self, task: &TaskId) -> String {
        self.task_names.get(task).cloned().unwrap_or_else(|| task.0.short().to_string())
    }

    fn service(&self, service: &ServiceId) -> String {
        self.services.get(service).cloned().unwrap_or_else(|| service.0.short().to_string())
    }

    /// Appends the line for `event`.
    pub fn record(&mut self, event: &Event) {
        let at = event.at();
        let line = match event {
            Event::NodeJoined { node, hostname, .. } => {
                self.hostnames.insert(*node, hostname.clone());
                format!("node {hostname:<10} joined  {}", node.0.short())
            }
            Event::NodeChanged { node, state, availability, manager_status, .. } => {
                let mut line = format!(
                    "node {:<10} {} {}",
                    self.host(node),
                    state.as_str(),
                    availability.as_str()
                );
                if let Some(status) = manager_status {
                    let _ = write!(line, " {}", status.to_ascii_lowercase());
                }
                line
            }
            Event::NodePowerChanged { node, powered, .. } => {
                format!(
                    "node {:<10} power {}",
                    self.host(node),
                    if *powered { "on" } else { "off" }
                )
            }
            Event::NodeSwarmMembership { node, left, .. } => {
                let what = if *left { "left the swarm" } else { "joined the swarm again" };
                format!("node {:<10} {what}", self.host(node))
            }
            Event::NodeRemoved { node, .. } => format!("node {:<10} removed", self.host(node)),
            Event::ServiceCreated { service, name, .. } => {
                self.services.insert(*service, name.clone());
                format!("service {name} created  {}", service.0.short())
            }
            Event::ServiceUpdated { service, .. } => {
                format!("service {} updated", self.service(service))
            }
            Event::UpdateStatusChanged { service, state, message, .. } => {
                format!(
                    "service {} update {}  \"{message}\"",
                    self.service(service),
                    state.as_str()
                )
            }
            Event::ServiceRemoved { service, .. } => {
                format!("service {} removed", self.service(service))
            }
            Event::TaskDefaultsChanged { log_driver, .. } => match log_driver {
                Some(driver) => format!("swarm task defaults  log driver {driver}"),
                None => "swarm task defaults  no log driver".to_string(),
            },
            Event::TaskCreated { task, name, log_driver, .. } => {
                self.task_names.insert(*task, name.clone());
                let mut line = format!("task {name:<10} created  {}", task.0.short());
                // Only a task with a driver says so, so traces without drivers read as before.
                if let Some(driver) = log_driver {
                    let _ = write!(line, "  log driver {driver}");
                }
                line
            }
            Event::TaskStateChanged { task, from, to, node, err, .. } => {
                let mut line = format!("task {:<10} {from} -> {to}", self.task(task));
                if *to == TaskState::Assigned
                    && let Some(node) = node
                {
                    let _ = write!(line, "  {}", self.host(node));
                }
                if let Some(err) = err {
                    let _ = write!(line, "  \"{err}\"");
                }
                line
            }
            Event::TaskDesiredChanged { task, from, to, .. } => {
                format!("task {:<10} desired {from} -> {to}", self.task(task))
            }
            Event::TaskUnschedulable { task, err, .. } => {
                format!("task {:<10} pending  \"{err}\"", self.task(task))
            }
            Event::TaskRemoved { task, .. } => format!("task {:<10} removed", self.task(task)),
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
