//! A node card: hostname, role, status, availability, what the scheduler has booked of its
//! CPUs and memory, its labels, the tasks it runs, and what you can do to it.

use swarm_core::Availability;
use yew::functional::HookContext;
use yew::prelude::*;

use crate::actions::NodeIntent;
use crate::components::class_list;
use crate::components::memo::View;
use crate::components::task_chip::task_chip;
use crate::page::PageAction;
use crate::shared::Shared;
use crate::view_model::NodeCardVm;

/// A card, shown through `memo` (a thousand of them are rendered only as they change).
#[derive(PartialEq)]
pub struct NodeCard {
    /// Compared by identity: the board hands over a new card exactly when it changed.
    pub node: Shared<NodeCardVm>,
    pub on_action: Callback<PageAction>,
    /// Only watching: no buttons.
    pub read_only: bool,
}

impl View for NodeCard {
    fn view(&self, _: &mut HookContext) -> Html {
        let props = self;
        let node = &props.node;
        let id = node.id;
        // Accessible names are a contract with tests and embedders: `node worker2`,
        // `Drain worker2`, `Power off worker2`, ...
        let hostname = node.hostname.as_str();
        let button = |label: &'static str, action: &'static str, intent: NodeIntent| {
            let onclick =
                props.on_action.reform(move |_: MouseEvent| PageAction::Node { node: id, intent });
            html! {
                <button data-action={action} aria-label={format!("{label} {hostname}")} {onclick}>{ label }</button>
            }
        };
        let availability = [
            ("Activate", "activate", Availability::Active),
            ("Pause", "pause", Availability::Pause),
            ("Drain", "drain", Availability::Drain),
        ];
        let role = node.role.to_ascii_lowercase();
        let classes = class_list([
            Some("node-card"),
            Some(role.as_str()),
            node.down.then_some("down"),
            (!node.powered || node.left_swarm).then_some("off"),
            (!node.active).then_some("inactive"),
        ]);
        html! {
            <article class={classes} aria-label={format!("node {hostname}")}
                data-node={node.hostname.clone()} data-status={node.status.to_ascii_lowercase()}
                data-availability={node.availability.to_ascii_lowercase()}>
                <header>
                    <h3>{ node.hostname.clone() }</h3>
                    <span class="badge role">{ node.role }</span>
                </header>
                <p class="node-meta">
                    <span class="status">{ node.status }</span>{ " · " }
                    <span class="availability">{ node.availability }</span>
                    if !node.powered { <span class="power">{ " · powered off" }</span> }
                    if node.left_swarm { <span class="power">{ " · left the swarm" }</span> }
                </p>
                <p class="node-resources" title="what the scheduler has booked for tasks, of the node's total">
                    { "Reserved " }{ node.cpus.clone() }{ " · " }{ node.memory.clone() }
                </p>
                if !node.labels.is_empty() {
                    <ul class="node-labels" aria-label={format!("labels of {hostname}")}>
                        { for node.labels.iter().map(|l| html! { <li class="label">{ l.clone() }</li> }) }
                    </ul>
                }
                <ul class="chips">
                    { for node.chips.iter().map(|c| task_chip(c, Some(&node.hostname))) }
                </ul>
                if !node.history.is_empty() {
                    <ul class="chips history" aria-label={format!("stopped tasks on {hostname}")}>
                        { for node.history.iter().map(|c| task_chip(c, Some(&node.hostname))) }
                    </ul>
                }
                if !props.read_only {
                <footer class="node-actions">
                    { for availability.into_iter()
                        .filter(|(_, _, a)| a.as_str() != node.availability.to_ascii_lowercase())
                        .map(|(label, action, a)| button(label, action, NodeIntent::Availability(a))) }
                    if node.powered {
                        { button("Power off", "power", NodeIntent::PowerOff) }
                    } else {
                        { button("Power on", "power", NodeIntent::PowerOn) }
                    }
                    if node.role == "Worker" {
                        { button("Promote", "promote", NodeIntent::Promote) }
                    } else {
                        { button("Demote", "demote", NodeIntent::Demote) }
                    }
                    { button("Remove", "remove", NodeIntent::Remove) }
                </footer>
                }
            </article>
        }
    }
}
