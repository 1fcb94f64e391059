//! The event log: the session's newest events, one sentence each with its simulated time, in
//! a polite live region (`sim events` in the terminal lists the session's log, with filters).

use std::rc::Rc;

use swarm_shell::{EventRecord, clock};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub events: Rc<Vec<Rc<EventRecord>>>,
}

#[function_component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let list = use_node_ref();
    // Keep the newest sentence in view.
    {
        let list = list.clone();
        use_effect_with(Rc::clone(&props.events), move |_| {
            if let Some(element) = list.cast::<web_sys::Element>() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }
    html! {
        <section class="event-log" aria-labelledby="event-log-title">
            <h2 id="event-log-title">{ "Events" }</h2>
            // Focusable, so a keyboard can scroll it.
            <div class="event-list" role="log" aria-label="Events" aria-live="polite" tabindex="0"
                data-testid="events" ref={list}>
                <ol>
                    { for props.events.iter().map(|e| html! {
                        <li key={e.serial.to_string()} data-event-service={e.service.clone()} data-event-node={e.node.clone()}>
                            <time>{ clock(e.at) }</time>{ " " }{ e.text.as_str() }
                        </li>
                    }) }
                </ol>
            </div>
        </section>
    }
}
