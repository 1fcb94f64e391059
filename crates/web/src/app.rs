//! The app: wires the simulation state, the frame loop and the components together.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::board::Board;
use crate::components::controls::Controls;
use crate::components::event_log::EventLog;
use crate::components::plots::Plots;
use crate::components::service_panel::ServicePanel;
use crate::components::terminal::Terminal;
use crate::components::timeline::Timeline;
use crate::hooks::use_animation_frame;
use crate::page::{PageAction, PageState};
use crate::shared::Shared;

#[function_component]
pub fn App() -> Html {
    let page = use_reducer_eq(PageState::default);
    let on_action = {
        let page = page.dispatcher();
        Callback::from(move |action: PageAction| page.dispatch(action))
    };
    use_animation_frame(on_action.reform(PageAction::Frame));

    let vm = Rc::clone(&page.vm);
    let on_history = on_action.reform(PageAction::ShowHistory);
    let hostnames: Vec<AttrValue> = vm.nodes.iter().map(|n| n.hostname.clone()).collect();

    html! {
        <div class="playground">
            <header class="topbar">
                <h1>{ "Swarm Playground" }</h1>
                <Controls now={page.clock.now()} paused={page.clock.is_paused()} speed={page.clock.speed()}
                    seed={page.seed} on_action={on_action.clone()} />
                <Timeline now={page.clock.now()} head={page.head} markers={Rc::clone(&page.markers)}
                    on_action={on_action.clone()} />
            </header>
            <main>
                if !vm.leader {
                    <div class="warning-banner" role="status" data-testid="no-leader">
                        { "The swarm has no leader: too few managers are online. Running tasks keep running; nothing can be changed until a majority of managers is back." }
                    </div>
                }
                if let Some(error) = page.error.clone() {
                    <div class="error-banner" role="alert" data-testid="error">
                        <span>{ error }</span>
                        <button aria-label="dismiss" onclick={on_action.reform(|_: MouseEvent| PageAction::DismissError)}>{ "×" }</button>
                    </div>
                }
                if let Some(notice) = page.notice.clone() {
                    <div class="notice" role="status" data-testid="notice">{ notice }</div>
                }
                <ServicePanel services={vm.services.clone()} unassigned={vm.unassigned.clone()}
                    images={Rc::clone(&page.images)} on_action={on_action.clone()} />
                <Plots plots={Rc::clone(&page.plots)} now={page.clock.now()} />
                <Board vm={Shared::from(&vm)} history={page.history} {on_history} on_action={on_action.clone()} />
                <Terminal log={Rc::clone(&page.log)} running={page.running.clone()} prompt={Rc::clone(&page.prompt)}
                    busy={page.busy} on_action={on_action.clone()} completer={page.completer()}
                    nodes={hostnames.clone()} />
                <EventLog events={Rc::clone(&page.events)} filter={page.event_filter.clone()}
                    services={vm.services.iter().map(|s| s.name.clone()).collect::<Vec<_>>()}
                    nodes={hostnames.clone()} on_action={on_action.clone()} />
            </main>
        </div>
    }
}
