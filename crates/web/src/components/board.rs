//! The board: a card per node with its tasks, or, for a big swarm, a dense grid of small
//! tiles (counts per state) where a tile opens its node's card; the history toggle; and the
//! add-node form.

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::region::{Instance, region_label};

use crate::components::class_list;
use crate::components::memo::{View, memo};
use crate::components::node_card::NodeCard;
use crate::components::nodes_panel::AddNode;
use crate::hooks::use_value;
use crate::page::PageAction;
use std::rc::Rc;

use crate::shared::Shared;
use crate::view_model::{ClusterVm, NodeCardVm};

/// Above this many nodes the board starts dense.
pub const DENSE_ABOVE: usize = 20;

/// The board, shown through `memo`.
#[derive(PartialEq)]
pub struct Board {
    pub vm: Shared<ClusterVm>,
    pub history: bool,
    pub on_history: Callback<bool>,
    pub on_action: Callback<PageAction>,
    /// Only watching: no node buttons, no add-node form.
    pub read_only: bool,
    /// The playground's name among others on its page, which its region's name carries.
    pub instance: Instance,
}

/// `3 running, 1 preparing`: a node's tasks counted by state, in the order states come.
pub fn state_counts(node: &NodeCardVm) -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for chip in &node.chips {
        match counts.iter_mut().find(|(state, _)| *state == chip.state) {
            Some((_, n)) => *n += 1,
            None => counts.push((chip.state, 1)),
        }
    }
    swarm_core::sort::sort_by_key(&mut counts, |(state, _)| {
        STATE_ORDER.iter().position(|s| s == state)
    });
    counts
}

const STATE_ORDER: [&str; 14] = [
    "new",
    "pending",
    "assigned",
    "accepted",
    "preparing",
    "ready",
    "starting",
    "running",
    "complete",
    "shutdown",
    "failed",
    "rejected",
    "remove",
    "orphaned",
];

impl View for Board {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_board(self).run(hooks)
    }
}

#[hook]
fn use_board(props: &Board) -> Html {
    let region = region_label(&props.instance, "nodes-title", "Nodes");
    let dense_choice = use_value(|| None::<bool>);
    let opened = use_value(|| None::<AttrValue>);
    let nodes = &props.vm.nodes;
    let dense = dense_choice.unwrap_or(nodes.len() > DENSE_ABOVE);
    let hostnames: Vec<AttrValue> = nodes.iter().map(|n| n.hostname.clone()).collect();
    let on_dense = {
        let dense_choice = dense_choice.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dense_choice.set(Some(input.checked()));
        })
    };
    let on_history = props.on_history.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    let card = |n: &Rc<NodeCardVm>| {
        html! {
            { memo(NodeCard { node: Shared::from(n), on_action: props.on_action.clone(), read_only: props.read_only },
                Some(n.hostname.as_str().into())) }
        }
    };
    let opened_card = opened
        .as_ref()
        .and_then(|host| nodes.iter().find(|n| &n.hostname == host))
        .filter(|_| dense);
    html! {
        <section class="board" aria-labelledby={region.labelledby} aria-label={region.label}>
            <div class="board-bar">
                <h2 id="nodes-title">{ format!("Nodes ({})", nodes.len()) }</h2>
                <label><input type="checkbox" checked={props.history} onchange={on_history} />{ " Show stopped tasks" }</label>
                <label><input type="checkbox" checked={dense} onchange={on_dense} />{ " Dense view" }</label>
            </div>
            if let Some(node) = opened_card {
                <div class="opened-card">
                    { card(node) }
                    <button class="close" onclick={{ let opened = opened.clone(); move |_: MouseEvent| opened.set(None) }}>
                        { format!("Close {}", node.hostname) }
                    </button>
                </div>
            }
            if dense {
                <ul class="tiles">
                    { for nodes.iter().map(|n| {
                        let host = n.hostname.clone();
                        let counts = state_counts(n);
                        let summary = if counts.is_empty() {
                            "no tasks".to_string()
                        } else {
                            counts.iter().map(|(s, c)| format!("{c} {s}")).collect::<Vec<_>>().join(", ")
                        };
                        let open = { let opened = opened.clone(); let host = host.clone(); move |_: MouseEvent| opened.set(Some(host.clone())) };
                        html! {
                            <li key={n.hostname.as_str()}>
                                <button class={class_list([Some("tile"), n.down.then_some("down"), (!n.active).then_some("inactive"), Some(n.role.to_ascii_lowercase().as_str())])}
                                    data-node={n.hostname.clone()} data-status={n.status.to_ascii_lowercase()}
                                    title={format!("{} · {} · {} · {summary}", n.hostname, n.role, n.status)}
                                    onclick={open}>
                                    // The name a screen reader hears is the text: `worker1: Ready,
                                    // Active; 3 running`, the words after the hostname hidden from
                                    // sight (the colours and the card say them).
                                    <span class="tile-name">
                                        { n.hostname.clone() }
                                        <span class="visually-hidden">{ format!(": {}, {};", n.status, n.availability) }</span>
                                    </span>
                                    <span class="tile-counts">
                                        if counts.is_empty() {
                                            <span class="visually-hidden">{ "no tasks" }</span>
                                        }
                                        { for counts.iter().enumerate().map(|(i, (state, count))| html! {
                                            <span class={format!("count {state}")}>
                                                { count.to_string() }
                                                <span class="visually-hidden">{ format!(" {state}{}", if i + 1 < counts.len() { ", " } else { "" }) }</span>
                                            </span>
                                        }) }
                                    </span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            } else {
                <div class="nodes">
                    { for nodes.iter().map(card) }
                    if !props.read_only {
                        { memo(AddNode { hostnames: hostnames.clone(), on_action: props.on_action.clone() }, None) }
                    }
                </div>
            }
            if dense && !props.read_only {
                { memo(AddNode { hostnames, on_action: props.on_action.clone() }, None) }
            }
        </section>
    }
}
