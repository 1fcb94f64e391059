//! The app: wires the simulation state, the frame loop and the components together.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::controls::Controls;
use crate::components::node_card::NodeCard;
use crate::components::service_panel::ServicePanel;
use crate::components::terminal::Terminal;
use crate::hooks::use_animation_frame;
use crate::sim::{SimAction, SimState};
use crate::view_model::ClusterVm;

#[function_component]
pub fn App() -> Html {
    let sim = use_reducer_eq(SimState::default);
    let on_action = {
        let sim = sim.dispatcher();
        Callback::from(move |action: SimAction| sim.dispatch(action))
    };
    use_animation_frame(on_action.reform(SimAction::Frame));

    let snapshot = Rc::clone(&sim.snapshot);
    let vm = use_memo(Rc::clone(&snapshot), |s| ClusterVm::of(s));

    html! {
        <div class="playground">
            <header class="topbar">
                <h1>{ "Swarm Playground" }</h1>
                <Controls now={sim.clock.now()} paused={sim.clock.is_paused()} speed={sim.clock.speed()}
                    on_action={on_action.clone()} />
            </header>
            <main>
                if snapshot.leader.is_none() {
                    <div class="warning-banner" role="status" data-testid="no-leader">
                        { "The swarm has no leader: too few managers are online. Running tasks keep running; nothing can be changed until a majority of managers is back." }
                    </div>
                }
                if let Some(error) = sim.error.clone() {
                    <div class="error-banner" role="alert" data-testid="error">
                        <span>{ error }</span>
                        <button aria-label="dismiss" onclick={on_action.reform(|_: MouseEvent| SimAction::DismissError)}>{ "×" }</button>
                    </div>
                }
                <ServicePanel services={vm.services.clone()} unassigned={vm.unassigned.clone()} on_action={on_action.clone()} />
                <section class="nodes">
                    { for vm.nodes.iter().map(|n| html! {
                        <NodeCard key={n.hostname.as_str()} node={n.clone()} on_action={on_action.clone()} />
                    }) }
                </section>
                <Terminal log={Rc::clone(&sim.log)} live={Rc::clone(&sim.live)} prompt={Rc::clone(&sim.prompt)}
                    busy={sim.busy} on_action={on_action.clone()} />
            </main>
        </div>
    }
}
