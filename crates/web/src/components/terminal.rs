//! The terminal pane: what `docker node ls` and `docker service ps` print for the current
//! snapshot.

use std::rc::Rc;

use swarm_core::Snapshot;
use swarm_core::cli::{node_ls, service_ps};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub snapshot: Rc<Snapshot>,
}

#[function_component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let names: Vec<&str> = props.snapshot.services.iter().map(|s| s.name.as_str()).collect();
    // The terminal is a shell on manager1, as in the tutorials.
    let manager1 = props.snapshot.nodes.iter().find(|n| n.hostname == "manager1").map(|n| n.id);
    let mut text = String::from("manager1:~$ docker node ls\n");
    text.push_str(&node_ls(&props.snapshot, manager1));
    for name in names {
        text.push_str(&format!("manager1:~$ docker service ps {name}\n"));
        text.push_str(&service_ps(&props.snapshot, &[name]));
    }
    html! {
        <section class="terminal" aria-label="terminal">
            <pre data-testid="terminal">{ text }</pre>
        </section>
    }
}
