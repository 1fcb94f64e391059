//! `docker node ls`: full IDs with ` *` on the node the terminal is on, sorted by hostname.

use crate::format::table::render_table;
use crate::{natural_cmp, pretty_print};
use swarm_core::Snapshot;
use swarm_core::{NodeId, NodeView};

/// The table `docker node ls` prints on `current` (the node the CLI talks to).
pub fn node_ls(snapshot: &Snapshot, current: Option<NodeId>) -> String {
    node_table(snapshot.nodes.iter().collect(), current)
}

/// The table of `nodes` (a filtered `docker node ls`), sorted as docker sorts them. Takes the
/// nodes rather than a snapshot so a filter needs no copy of the whole snapshot.
pub(crate) fn node_table(mut nodes: Vec<&NodeView>, current: Option<NodeId>) -> String {
    let mut rows = vec![
        ["ID  ", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ENGINE VERSION"]
            .map(String::from)
            .to_vec(),
    ];
    swarm_core::sort::sort_by(&mut nodes, |a, b| natural_cmp(&a.hostname, &b.hostname));
    for node in nodes {
        let own = if Some(node.id) == current { "*" } else { " " };
        rows.push(vec![
            format!("{} {own}", node.id),
            node.hostname.clone(),
            pretty_print(node.state.as_str()),
            pretty_print(node.availability.as_str()),
            node.manager_status.unwrap_or("").to_string(),
            node.engine_version.to_string(),
        ]);
    }
    render_table(&rows)
}
