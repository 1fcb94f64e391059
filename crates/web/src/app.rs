//! The app: wires a playground's `Store`, the frame loop and the components together, showing
//! the panels its `Ui` asks for.

use std::rc::Rc;

use swarm_shell::lesson::Panel;
use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::components::board::Board;
use crate::components::controls::{ControlsProps, controls};
use crate::components::event_log::EventLog;
use crate::components::lesson_panel::LessonPanel;
use crate::components::memo::{View, memo};
use crate::components::plots::Plots;
use crate::components::service_panel::{ServicePanelProps, service_panel};
use crate::components::terminal::Terminal;
use crate::components::timeline::{TimelineProps, ticks, timeline};
use crate::hooks::use_animation_frame;
use crate::page::PageAction;
use crate::region::{Instance, region_name};
use crate::shared::Shared;
use crate::store::Store;

/// The app, mounted as a `Memo` (yew's lifecycle code in the wasm once, as for every view).
#[derive(PartialEq)]
pub struct App {
    pub store: Rc<Store>,
    /// An embed's name among others on its page (`None`: the page's own playground). An
    /// embed is a region of its page, not its main content, and names its regions after
    /// itself.
    pub instance: Instance,
}

impl View for App {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_app(self).run(hooks)
    }
}

#[hook]
fn use_app(props: &App) -> Html {
    let store = &props.store;
    let render = use_force_update();
    store.set_render(Some(Callback::from(move |()| render.force_update())));
    // One callback for the app's life, so the components' props stay equal.
    let on_action = use_memo(Rc::clone(store), |store| {
        let store = Rc::clone(store);
        Callback::from(move |action: PageAction| store.dispatch(action))
    });
    let on_action = (*on_action).clone();
    use_animation_frame(on_action.reform(PageAction::Frame));
    {
        // An unmounted page no longer re-renders; the store may outlive it.
        let store = Rc::clone(store);
        use_effect_with((), move |_| move || store.set_render(None));
    }

    let page = store.state();
    // The controls' and the timeline's hooks: they render as part of the app (see `controls`).
    let seed_field = use_node_ref();
    crate::hooks::use_input_value(seed_field.clone(), page.seed.to_string());
    let shows = |panel: Panel| page.ui.panels.contains(&panel);
    let show_timeline = shows(Panel::Timeline);
    let ticks =
        use_memo((Rc::clone(&page.markers), page.head, show_timeline), |(markers, head, shown)| {
            if *shown { ticks(markers, *head) } else { Vec::new() }
        });
    let vm = Rc::clone(&page.vm);
    let on_history = on_action.reform(PageAction::ShowHistory);
    let hostnames: Vec<AttrValue> = vm.nodes.iter().map(|n| n.hostname.clone()).collect();
    let read_only = page.ui.read_only;

    // The page's own playground is its main content; an embed is one region of a page.
    let (outer, inner) = match props.instance.0 {
        None => ("div", "main"),
        Some(_) => ("section", "div"),
    };
    let outer_label = props.instance.0.as_ref().map(|name| format!("Swarm Playground ({name})"));

    html! {
        <@{outer} class="playground" aria-label={outer_label}>
            <header class="topbar">
                <h1>{ "Swarm Playground" }</h1>
                { controls(&ControlsProps { now: page.clock.now(), paused: page.clock.is_paused(),
                    speed: page.clock.speed(), seed: page.seed, on_action: on_action.clone() }, seed_field) }
                if show_timeline {
                    { timeline(&TimelineProps { now: page.clock.now(), head: page.head,
                        on_action: on_action.clone() },
                        region_name(&props.instance, "timeline"), &ticks) }
                }
            </header>
            <@{inner} class="main">
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
                // A lesson's steps come first: they are what the learner follows. (A read-only
                // lesson still runs its steps' commands: that is all its learner may do.)
                if let Some(run) = &page.lesson {
                    { memo(LessonPanel { instance: props.instance.clone(), lesson: Shared::from(&run.lesson), progress: Shared::from(&run.progress),
                        on_action: on_action.clone(), read_only: false }, None) }
                }
                if shows(Panel::Services) {
                    { service_panel(&ServicePanelProps { instance: &props.instance, services: &vm.services,
                        unassigned: &vm.unassigned, images: &page.images, read_only, on_action: &on_action }) }
                }
                if shows(Panel::Plots) {
                    { memo(Plots { instance: props.instance.clone(), plots: Rc::clone(&page.plots), now: page.clock.now() }, None) }
                }
                if shows(Panel::Board) {
                    { memo(Board { instance: props.instance.clone(), vm: Shared::from(&vm), history: page.history, on_history, read_only,
                        on_action: on_action.clone() }, None) }
                }
                if shows(Panel::Terminal) {
                    { memo(Terminal { instance: props.instance.clone(), log: Rc::clone(&page.log), running: page.running.clone(), prompt: Rc::clone(&page.prompt),
                        busy: page.busy, on_action: on_action.clone(), completer: page.completer(),
                        nodes: hostnames.clone(), read_only }, None) }
                }
                if shows(Panel::Events) {
                    { memo(EventLog { instance: props.instance.clone(), events: Shared::from(&page.events), filter: page.event_filter.clone(),
                        services: vm.services.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
                        nodes: hostnames.clone(), on_action: on_action.clone() }, None) }
                }
            </@>
        </@>
    }
}
