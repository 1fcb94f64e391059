//! The services list with scale controls, and the tasks still waiting for the scheduler.

use swarm_core::Command;
use yew::prelude::*;

use crate::components::task_chip::TaskChip;
use crate::page::PageAction;
use crate::view_model::{ServiceVm, TaskChipVm};

#[derive(Properties, PartialEq)]
pub struct ServicePanelProps {
    pub services: Vec<ServiceVm>,
    pub unassigned: Vec<TaskChipVm>,
    pub on_action: Callback<PageAction>,
}

#[function_component]
pub fn ServicePanel(props: &ServicePanelProps) -> Html {
    let row = |s: &ServiceVm| {
        let (id, desired) = (s.id, s.desired);
        let scale = |replicas: u32| {
            props.on_action.reform(move |_: MouseEvent| {
                PageAction::command(Command::ScaleService { service: id, replicas })
            })
        };
        html! {
            <li class="service" data-service={s.name.clone()} key={s.name.as_str()}>
                <span class="service-name">{ s.name.clone() }</span>
                <span class="service-image">{ s.image.clone() }</span>
                <span class="scale">
                    <button data-action="scale-down" aria-label="remove a replica" disabled={desired == 0}
                        onclick={scale(desired.saturating_sub(1))}>{ "−" }</button>
                    <button data-action="scale-up" aria-label="add a replica"
                        onclick={scale(desired + 1)}>{ "+" }</button>
                </span>
                if let Some(update) = s.update.clone() {
                    <span class="update-status" data-update-state={update.state} title={update.message}>
                        { update.label }
                    </span>
                    if let Some(detail) = update.detail {
                        <span class="update-detail">{ detail }</span>
                    }
                }
                <span class="replicas" data-running={s.running.to_string()}>
                    { format!("{}/{} running", s.running, s.desired) }
                </span>
            </li>
        }
    };
    html! {
        <section class="services">
            <h2>{ "Services" }</h2>
            <ul class="service-list">{ for props.services.iter().map(row) }</ul>
            if !props.unassigned.is_empty() {
                <div class="queue">
                    <h3>{ "Waiting for a node" }</h3>
                    <ul class="chips">
                        { for props.unassigned.iter().map(|c| html! { <TaskChip key={c.id_short.as_str()} chip={c.clone()} /> }) }
                    </ul>
                </div>
            }
        </section>
    }
}
