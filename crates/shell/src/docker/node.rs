//! `docker node …`: ls, ps, inspect, update, promote, demote and rm.

use crate::docker::service::filter_tasks;
use crate::format::{inspect, node_ls::node_table, template};
use crate::parse::flags::Parsed;
use crate::parse::values;
use crate::shell::{Output, Shell, daemon_error};
use crate::{natural_cmp, pretty_print};
use swarm_core::Command;
use swarm_core::{Availability, NodeId, NodeRole};
use swarm_core::{NodeView, TaskView};

impl Shell {
    pub(crate) fn node_ls(&mut self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        let mut nodes: Vec<&NodeView> = snapshot.nodes.iter().collect();
        for filter in parsed.values("filter") {
            let Ok((key, value)) = values::parse_filter(filter) else { continue };
            match key.as_str() {
                "id" => nodes.retain(|n| n.id.0.as_str().starts_with(&value)),
                "name" => nodes.retain(|n| n.hostname.starts_with(&value)),
                "role" => {
                    if value != "manager" && value != "worker" {
                        return output.fail(format!(
                            "Error response from daemon: Invalid role filter: '{value}'"
                        ));
                    }
                    nodes.retain(|n| n.role.as_str() == value);
                }
                "membership" => {
                    if value != "accepted" && value != "pending" {
                        return output.fail(format!(
                            "Error response from daemon: Invalid membership filter: '{value}'"
                        ));
                    }
                    nodes.retain(|_| value == "accepted");
                }
                "node.label" => {
                    let (k, v) =
                        value.split_once('=').map_or((value.as_str(), None), |(k, v)| (k, Some(v)));
                    nodes.retain(|n| match v {
                        None => n.labels.contains_key(k),
                        Some(v) => n.labels.get(k).map(String::as_str) == Some(v),
                    });
                }
                "label" => nodes.clear(),
                other => {
                    return output
                        .fail(format!("Error response from daemon: invalid filter '{other}'"));
                }
            }
        }
        swarm_core::sort::sort_by(&mut nodes, |a, b| natural_cmp(&a.hostname, &b.hostname));
        if parsed.bool("quiet") {
            output.out(nodes.iter().map(|n| format!("{}\n", n.id)).collect::<String>());
            return;
        }
        let Some(format) = parsed.value("format") else {
            output.out(node_table(nodes, Some(self.node)));
            return;
        };
        let rows: Vec<template::Row> = nodes
            .iter()
            .map(|n| {
                vec![
                    ("ID", n.id.to_string()),
                    ("Self", (n.id == self.node).to_string()),
                    ("Hostname", n.hostname.clone()),
                    ("Status", pretty_print(n.state.as_str())),
                    ("Availability", pretty_print(n.availability.as_str())),
                    ("ManagerStatus", n.manager_status.unwrap_or("").to_string()),
                    ("EngineVersion", n.engine_version.to_string()),
                    ("TLSStatus", "Ready".to_string()),
                ]
            })
            .collect();
        match template::render(format, &rows, "*formatter.nodeContext", &node_header) {
            Ok(text) => output.out(text),
            Err(error) => output.fail(error),
        }
    }

    pub(crate) fn node_ps(&mut self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        let args: Vec<String> =
            if parsed.args.is_empty() { vec!["self".to_string()] } else { parsed.args.clone() };
        let mut errors = Vec::new();
        let mut all: Vec<&TaskView> = Vec::new();
        for arg in &args {
            let node =
                if arg == "self" { Ok(self.node) } else { Shell::resolve_node(&snapshot, arg) };
            match node {
                Ok(node) => all.extend(snapshot.tasks.iter().filter(|t| t.node == Some(node))),
                Err(error) => errors.push(format!("Error response from daemon: {error}")),
            }
        }
        if errors.is_empty() || !all.is_empty() {
            match filter_tasks(&snapshot, all, parsed, self.node) {
                Ok(tasks) => self.print_tasks(&snapshot, &tasks, parsed, output),
                Err(error) => return output.fail(error),
            }
        }
        if !errors.is_empty() {
            output.fail(errors.join("\n"));
        }
    }

    pub(crate) fn node_inspect(&mut self, parsed: &Parsed, output: &mut Output) {
        let snapshot = self.cluster.snapshot();
        if parsed.bool("pretty") && parsed.changed("format") {
            return output.fail("--format is incompatible with human friendly format");
        }
        let mut found: Vec<&NodeView> = Vec::new();
        let mut errors = Vec::new();
        for arg in &parsed.args {
            let id =
                if arg == "self" { Ok(self.node) } else { Shell::resolve_node(&snapshot, arg) };
            match id.ok().and_then(|id| snapshot.node(id)) {
                Some(node) => found.push(node),
                None => errors.push(format!("Error response from daemon: node {arg} not found")),
            }
        }
        if parsed.bool("pretty") {
            let pages: Vec<String> =
                found.iter().map(|n| inspect::node_pretty(&snapshot, n)).collect();
            output.out(pages.join("\n"));
        } else if let Some(format) = parsed.value("format") {
            let items: Vec<_> = found.iter().map(|n| inspect::node_json(&snapshot, n)).collect();
            match inspect::format_documents(format, &items) {
                Ok(text) => output.out(text),
                Err(error) => return output.fail(error),
            }
        } else {
            let items = found.iter().map(|n| inspect::node_json(&snapshot, n)).collect();
            output.out(inspect::json_document(items));
        }
        if !errors.is_empty() {
            output.fail(errors.join("\n"));
        }
    }

    pub(crate) fn node_update(&mut self, parsed: &Parsed, output: &mut Output) {
        let arg = parsed.args[0].as_str();
        let snapshot = self.cluster.snapshot();
        let node = match Shell::resolve_node(&snapshot, arg) {
            Ok(node) => node,
            Err(error) => return output.fail(format!("Error response from daemon: {error}")),
        };
        // Checked whole before anything changes: the daemon applies one spec or none.
        let availability = match parsed.value("availability") {
            None => None,
            Some("active") => Some(Availability::Active),
            Some("pause") => Some(Availability::Pause),
            Some("drain") => Some(Availability::Drain),
            Some(other) => {
                return output.fail(format!(
                    "Error response from daemon: invalid Availability: \"{other}\""
                ));
            }
        };
        let role = match parsed.value("role") {
            None => None,
            Some("manager") => Some(NodeRole::Manager),
            Some("worker") => Some(NodeRole::Worker),
            Some(other) => {
                return output
                    .fail(format!("Error response from daemon: invalid Role: \"{other}\""));
            }
        };
        let add: Vec<(String, String)> = parsed
            .values("label-add")
            .map(|l| {
                let (k, v) = l.split_once('=').unwrap_or((l, ""));
                (k.to_string(), v.to_string())
            })
            .collect();
        let remove: Vec<String> = parsed.values("label-rm").map(String::from).collect();
        let view = snapshot.node(node).expect("resolved");
        if let Some(key) = remove
            .iter()
            .find(|k| !view.labels.contains_key(k) && !add.iter().any(|(a, _)| a == *k))
        {
            return output.fail(format!("key {key} doesn't exist in node's labels"));
        }
        let mut commands = Vec::new();
        if !add.is_empty() || !remove.is_empty() {
            commands.push(Command::UpdateNodeLabels { node, add, remove });
        }
        if let Some(availability) = availability {
            commands.push(Command::SetAvailability { node, availability });
        }
        if let Some(role) = role
            && role != view.role
        {
            commands.push(Command::SetRole { node, role });
        }
        for command in commands {
            if let Err(error) = self.apply(command) {
                return output.fail(daemon_error(&error));
            }
        }
        output.out(format!("{arg}\n"));
    }

    pub(crate) fn node_role(&mut self, parsed: &Parsed, role: NodeRole, output: &mut Output) {
        for arg in &parsed.args {
            let snapshot = self.cluster.snapshot();
            let node: NodeId = match Shell::resolve_node(&snapshot, arg) {
                Ok(node) => node,
                Err(error) => return output.fail(format!("Error response from daemon: {error}")),
            };
            let current = snapshot.node(node).map(|n| n.role);
            if current == Some(role) {
                let what = if role == NodeRole::Manager { "manager" } else { "worker" };
                output.out(format!("Node {node} is already a {what}.\n"));
                continue;
            }
            if let Err(error) = self.apply(Command::SetRole { node, role }) {
                return output.fail(daemon_error(&error));
            }
            match role {
                NodeRole::Manager => {
                    output.out(format!("Node {arg} promoted to a manager in the swarm.\n"))
                }
                NodeRole::Worker => output.out(format!("Manager {arg} demoted in the swarm.\n")),
            }
        }
    }

    pub(crate) fn node_rm(&mut self, parsed: &Parsed, output: &mut Output) {
        let force = parsed.bool("force");
        let mut errors = Vec::new();
        for arg in &parsed.args {
            let snapshot = self.cluster.snapshot();
            let result = Shell::resolve_node(&snapshot, arg)
                .map_err(|e| format!("Error response from daemon: {e}"))
                .and_then(|node| {
                    self.apply(Command::RemoveNode { node, force }).map_err(|e| daemon_error(&e))
                });
            match result {
                Ok(_) => output.out(format!("{arg}\n")),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            output.fail(errors.join("\n"));
        }
    }
}

fn node_header(field: &str) -> String {
    match field {
        "ID" => "ID",
        "Self" => "",
        "Hostname" => "HOSTNAME",
        "Status" => "STATUS",
        "Availability" => "AVAILABILITY",
        "ManagerStatus" => "MANAGER STATUS",
        "EngineVersion" => "ENGINE VERSION",
        "TLSStatus" => "TLS STATUS",
        other => other,
    }
    .to_string()
}
