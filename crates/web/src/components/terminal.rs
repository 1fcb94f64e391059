//! The terminal pane: what `docker service ps` prints for the current snapshot.

use std::rc::Rc;

use swarm_core::Snapshot;
use swarm_core::cli::service_ps;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub snapshot: Rc<Snapshot>,
}

#[function_component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let names: Vec<&str> = props.snapshot.services.iter().map(|s| s.name.as_str()).collect();
    let mut text = String::new();
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
