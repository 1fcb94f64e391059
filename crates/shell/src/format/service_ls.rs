//! `docker service ls`: one row per service, by name in natural order.

use crate::format::table::render_table;
use crate::{ingress_ports, natural_cmp};
use swarm_core::Snapshot;

/// The table `docker service ls` prints.
pub fn service_ls(snapshot: &Snapshot) -> String {
    let mut rows =
        vec![["ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS"].map(String::from).to_vec()];
    let mut services: Vec<_> = snapshot.services.iter().collect();
    swarm_core::sort::sort_by(&mut services, |a, b| natural_cmp(&a.name, &b.name));
    for s in services {
        rows.push(vec![
            s.id.0.short().to_string(),
            s.name.clone(),
            if s.global { "global" } else { "replicated" }.to_string(),
            format!("{}/{}", s.replicas_running, s.replicas_desired),
            s.image.clone(),
            ingress_ports(&s.ports),
        ]);
    }
    render_table(&rows)
}
