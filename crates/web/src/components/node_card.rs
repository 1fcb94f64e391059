//! A node card: hostname, role, status, the tasks the node runs, and what you can do to it.

use swarm_core::{Availability, Command};
use yew::prelude::*;

use crate::components::task_chip::TaskChip;
use crate::page::PageAction;
use crate::view_model::NodeCardVm;

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    pub node: NodeCardVm,
    pub on_action: Callback<PageAction>,
}

#[function_component]
pub fn NodeCard(props: &NodeCardProps) -> Html {
    let node = &props.node;
    let id = node.id;
    let (availability_label, availability) = if node.active {
        ("Drain", Availability::Drain)
    } else {
        ("Activate", Availability::Active)
    };
    let on_availability = props.on_action.reform(move |_: MouseEvent| {
        PageAction::command(Command::SetAvailability { node: id, availability })
    });
    let powered = node.powered;
    let power_label = if powered { "Power off" } else { "Power on" };
    let on_power = props.on_action.reform(move |_: MouseEvent| {
        PageAction::command(if powered {
            Command::PowerOffNode(id)
        } else {
            Command::PowerOnNode(id)
        })
    });
    let classes = classes!(
        "node-card",
        node.role.to_lowercase(),
        node.down.then_some("down"),
        (!node.powered || node.left_swarm).then_some("off"),
        (!node.active).then_some("inactive"),
    );
    // Accessible names are a contract with tests and embedders: `node worker2`,
    // `Drain worker2`, `Power off worker2`.
    let hostname = node.hostname.as_str();
    html! {
        <article class={classes} aria-label={format!("node {hostname}")}
            data-node={node.hostname.clone()} data-status={node.status.to_lowercase()}
            data-availability={node.availability.to_lowercase()}>
            <header>
                <h3>{ node.hostname.clone() }</h3>
                <span class="badge role">{ node.role }</span>
            </header>
            <p class="node-meta">
                <span class="status">{ node.status }</span>{ " · " }
                <span class="availability">{ node.availability }</span>{ " · " }
                { node.cpus.clone() }{ " · " }{ node.memory.clone() }
                if !node.powered { <span class="power">{ " · powered off" }</span> }
                if node.left_swarm { <span class="power">{ " · left the swarm" }</span> }
            </p>
            <ul class="chips">
                { for node.chips.iter().map(|c| html! { <TaskChip key={c.id_short.as_str()} chip={c.clone()} host={node.hostname.clone()} /> }) }
            </ul>
            <footer class="node-actions">
                <button data-action="availability" aria-label={format!("{availability_label} {hostname}")}
                    onclick={on_availability}>{ availability_label }</button>
                <button data-action="power" aria-label={format!("{power_label} {hostname}")}
                    onclick={on_power}>{ power_label }</button>
            </footer>
        </article>
    }
}
