//! A node card: hostname, role, status and the tasks the node runs.

use yew::prelude::*;

use crate::components::task_chip::TaskChip;
use crate::view_model::NodeCardVm;

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    pub node: NodeCardVm,
}

#[function_component]
pub fn NodeCard(props: &NodeCardProps) -> Html {
    let node = &props.node;
    html! {
        <article class={classes!("node-card", node.role.to_lowercase())} data-node={node.hostname.clone()}>
            <header>
                <h3>{ node.hostname.clone() }</h3>
                <span class="badge role">{ node.role }</span>
            </header>
            <p class="node-meta">
                <span class="status">{ node.status }</span>{ " · " }
                <span class="availability">{ node.availability }</span>{ " · " }
                { node.cpus.clone() }{ " · " }{ node.memory.clone() }
            </p>
            <ul class="chips">
                { for node.chips.iter().map(|c| html! { <TaskChip key={c.id_short.as_str()} chip={c.clone()} /> }) }
            </ul>
        </article>
    }
}
