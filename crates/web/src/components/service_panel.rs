//! The services list, and the tasks still waiting for the scheduler.

use yew::prelude::*;

use crate::components::task_chip::TaskChip;
use crate::view_model::{ServiceVm, TaskChipVm};

#[derive(Properties, PartialEq)]
pub struct ServicePanelProps {
    pub services: Vec<ServiceVm>,
    pub unassigned: Vec<TaskChipVm>,
}

#[function_component]
pub fn ServicePanel(props: &ServicePanelProps) -> Html {
    html! {
        <section class="services">
            <h2>{ "Services" }</h2>
            <ul class="service-list">
                { for props.services.iter().map(|s| html! {
                    <li class="service" data-service={s.name.clone()} key={s.name.as_str()}>
                        <span class="service-name">{ s.name.clone() }</span>
                        <span class="service-image">{ s.image.clone() }</span>
                        <span class="replicas" data-running={s.running.to_string()}>
                            { format!("{}/{} running", s.running, s.desired) }
                        </span>
                    </li>
                }) }
            </ul>
            <div class="queue">
                <h3>{ "Waiting for a node" }</h3>
                if props.unassigned.is_empty() {
                    <p class="empty">{ "none" }</p>
                } else {
                    <ul class="chips">
                        { for props.unassigned.iter().map(|c| html! { <TaskChip key={c.id_short.as_str()} chip={c.clone()} /> }) }
                    </ul>
                }
            </div>
        </section>
    }
}
