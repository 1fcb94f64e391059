//! The event log: the session's newest events, one sentence each with its simulated time,
//! filterable by service and node (`sim events` in the terminal lists the session's whole
//! log). A rolling update writes dozens of sentences a second, more than anyone can listen
//! to: the list itself is not announced; a separate status line says what came in, at most
//! once every `ANNOUNCE_EVERY_MS`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use swarm_shell::{EventRecord, clock};
use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::region::{Instance, region_label};

use crate::components::memo::View;
use crate::hooks::{ValueHandle, use_value};
use crate::page::{EventFilter, PageAction};
use crate::shared::Shared;

/// The shortest wall-clock gap between two announcements.
pub const ANNOUNCE_EVERY_MS: u32 = 4_000;

#[derive(PartialEq)]
pub struct EventLog {
    /// Compared by identity: the page hands over a new list exactly when it changed.
    pub events: Shared<Vec<Rc<EventRecord>>>,
    pub filter: EventFilter,
    pub services: Vec<AttrValue>,
    pub nodes: Vec<AttrValue>,
    pub on_action: Callback<PageAction>,
    /// The playground's name among others on its page, which its region's name carries.
    pub instance: Instance,
}

/// What to announce of the sentences after `since` (a serial): the newest, and how many came
/// with it. `None` when nothing new came.
pub fn announcement(events: &[Rc<EventRecord>], since: Option<u64>) -> Option<String> {
    let new = events.iter().filter(|e| since.is_none_or(|s| e.serial > s)).count();
    let newest = events.last().filter(|_| new > 0)?;
    Some(match new {
        1 => newest.text.clone(),
        n => format!("{n} new events, the latest: {}", newest.text),
    })
}

/// The announcer's state between renders.
#[derive(Default)]
struct Announcer {
    /// The newest serial announced.
    announced: Option<u64>,
    /// Waiting out the gap since the last announcement.
    cooling: Option<Timeout>,
    /// Something came in while cooling.
    pending: bool,
}

impl View for EventLog {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_event_log(self).run(hooks)
    }
}

#[hook]
fn use_event_log(props: &EventLog) -> Html {
    let region = region_label(&props.instance, "event-log-title", "Events");
    let spoken = use_value(String::new);
    let announcer = use_mut_ref(Announcer::default);
    let events = use_mut_ref(Rc::default);
    *events.borrow_mut() = Rc::clone(&props.events.0);
    {
        let (spoken, announcer, latest) = (spoken.clone(), announcer.clone(), events.clone());
        // Keyed by the list's identity: a new list is a changed list.
        use_effect_with(props.events.clone(), move |_| {
            announce(&announcer, &latest, &spoken);
        });
    }
    let select = |label: &'static str,
                  choices: &[AttrValue],
                  chosen: &Option<String>,
                  service: bool| {
        let filter = props.filter.clone();
        let onchange = props.on_action.reform(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = Some(select.value()).filter(|v| !v.is_empty());
            let mut filter = filter.clone();
            if service {
                filter.service = value;
            } else {
                filter.node = value;
            }
            PageAction::FilterEvents(filter)
        });
        html! {
            <label>{ label }
                // Named apart from the terminal's node picker (combobox `Node`).
                <select aria-label={if service { "Filter events by service" } else { "Filter events by host" }} {onchange}>
                    <option value="" selected={chosen.is_none()}>{ "all" }</option>
                    { for choices.iter().map(|c| html! {
                        <option value={c.clone()} selected={chosen.as_deref() == Some(c.as_str())}>{ c.clone() }</option>
                    }) }
                </select>
            </label>
        }
    };
    html! {
        <section class="event-log" aria-labelledby={region.labelledby} aria-label={region.label}>
            <h2 id="event-log-title">{ "Events" }</h2>
            <div class="event-filters">
                { select("Service", &props.services, &props.filter.service, true) }
                { select("Node", &props.nodes, &props.filter.node, false) }
            </div>
            // Focusable, so a keyboard can scroll it. Not live: the status line below speaks.
            // The newest sentence stays in view by CSS (see the terminal's screen).
            <div class="event-list" role="log" aria-label="Events" aria-live="off" tabindex="0"
                data-testid="events">
                { event_list(&props.events) }
            </div>
            <p class="visually-hidden" role="status" aria-live="polite" data-testid="events-announcement">
                { (*spoken).clone() }
            </p>
        </section>
    }
}

/// The sentences. A function rather than a component memoized by the list's identity: the
/// log renders when its list changed (at most every `page::EVENTS_REFRESH_MS` while time
/// runs) and otherwise only for an announcement (at most every `ANNOUNCE_EVERY_MS`) or a new
/// filter choice, so a memo would rarely skip, and a component's lifecycle code cost 0.4 KB
/// of the wasm gzipped.
fn event_list(events: &[Rc<EventRecord>]) -> Html {
    html! {
        <ol>
            { for events.iter().map(|e| html! {
                <li key={e.serial.to_string()} data-event-service={e.service.clone()} data-event-node={e.node.clone()}>
                    <time>{ clock(e.at) }</time>{ " " }{ e.text.as_str() }
                </li>
            }) }
        </ol>
    }
}

/// Announces what came in, unless one was made less than `ANNOUNCE_EVERY_MS` ago: then once
/// that gap is over.
fn announce(
    announcer: &Rc<RefCell<Announcer>>,
    events: &Rc<RefCell<Rc<Vec<Rc<EventRecord>>>>>,
    spoken: &ValueHandle<String>,
) {
    let mut state = announcer.borrow_mut();
    if state.cooling.is_some() {
        state.pending = true;
        return;
    }
    let current = Rc::clone(&events.borrow());
    let Some(text) = announcement(&current, state.announced) else { return };
    state.announced = current.last().map(|e| e.serial);
    spoken.set(text);
    let (announcer_again, events, spoken) = (announcer.clone(), events.clone(), spoken.clone());
    state.cooling = Some(Timeout::new(ANNOUNCE_EVERY_MS, move || {
        let pending = {
            let mut state = announcer_again.borrow_mut();
            state.cooling = None;
            std::mem::take(&mut state.pending)
        };
        if pending {
            announce(&announcer_again, &events, &spoken);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_core::id::ObjectId;
    use swarm_core::rng::Rng;
    use swarm_core::{Event, NodeId, SimTime};

    fn record(serial: u64, text: &str) -> Rc<EventRecord> {
        Rc::new(EventRecord {
            serial,
            at: SimTime::from_secs(serial),
            event: Event::NodePowerChanged {
                at: SimTime::from_secs(serial),
                node: NodeId(ObjectId::generate(&mut Rng::new(serial))),
                powered: false,
            },
            text: text.to_string(),
            service: None,
            task: None,
            node: None,
        })
    }

    #[test]
    fn an_announcement_sums_up_what_came_since_the_last() {
        let events = [record(1, "a"), record(2, "b"), record(3, "worker2 is down")];
        assert_eq!(
            announcement(&events, None).as_deref(),
            Some("3 new events, the latest: worker2 is down")
        );
        assert_eq!(announcement(&events, Some(2)).as_deref(), Some("worker2 is down"));
        assert_eq!(announcement(&events, Some(3)), None);
    }
}
