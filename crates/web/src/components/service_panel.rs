//! The services panel: each service's mode, replicas, image and update, with a button for
//! each thing docker can do to it; a form to create one; and the tasks still waiting for the
//! scheduler, with its reason.

use std::rc::Rc;

use swarm_core::ServiceId;
use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::region::{Instance, region_label};

use crate::actions::{NewService, ServiceIntent, UpdateConfigForm};
use crate::components::memo::{View, memo};
use crate::components::task_chip::task_chip;
use crate::hooks::{use_field_values, use_input_value, use_value};
use crate::page::PageAction;
use crate::view_model::{ServiceVm, TaskChipVm};

/// What the services panel shows, and where its actions go.
pub struct ServicePanelProps<'a> {
    pub services: &'a [ServiceVm],
    pub unassigned: &'a [TaskChipVm],
    /// Image references the registry knows, as suggestions.
    pub images: &'a Rc<Vec<String>>,
    pub on_action: &'a Callback<PageAction>,
    /// Only watching: no buttons, no forms.
    pub read_only: bool,
    /// The playground's name among others on its page, which its region's name carries.
    pub instance: &'a Instance,
}

/// A select of the images the registry knows: choosing one puts it in the form's `image`
/// field. (A datalist would make the field a combobox; the field stays a plain textbox
/// named `Image`.) A function rather than a component: it shows only inside an open form,
/// and a component's own lifecycle code in the wasm cost more than diffing its options when
/// the form renders.
fn catalog(images: &[String]) -> Html {
    use wasm_bindgen::JsCast;
    let onchange = Callback::from(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let field = select
            .form()
            .and_then(|form| form.elements().named_item("image"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(field) = field
            && !select.value().is_empty()
        {
            field.set_value(&select.value());
        }
    });
    html! {
        <label>{ "Catalog" }
            <select aria-label="Catalog" {onchange}>
                <option value="" selected=true>{ "pick an image…" }</option>
                { for images.iter().map(|i| html! { <option value={i.clone()}>{ i.clone() }</option> }) }
            </select>
        </label>
    }
}

/// The services panel, in the app's own render: a component of its own would skip little
/// (its rows and its queue of waiting tasks are components, which skip their renders while
/// they stay the same) and cost its lifecycle code in the wasm.
pub fn service_panel(props: &ServicePanelProps) -> Html {
    let region = region_label(props.instance, "services-title", "Services");
    html! {
        <section class="services" aria-labelledby={region.labelledby} aria-label={region.label}>
            <h2 id="services-title">{ "Services" }</h2>
            <ul class="service-list">
                { for props.services.iter().map(|s| html! {
                    { memo(ServiceRow { service: s.clone(), images: Rc::clone(props.images), on_action: props.on_action.clone(), read_only: props.read_only },
                        Some(s.name.as_str().into())) }
                }) }
            </ul>
            if !props.read_only {
                { memo(CreateService { images: Rc::clone(props.images), on_action: props.on_action.clone() }, None) }
            }
            if !props.unassigned.is_empty() {
                { memo(WaitingQueue { chips: props.unassigned.to_vec() }, None) }
            }
        </section>
    }
}

#[derive(PartialEq)]
struct WaitingQueue {
    chips: Vec<TaskChipVm>,
}

/// The tasks waiting for a node, and why: shown through `memo`, which skips its render while
/// they stay the same, as they may be a thousand chips (the rest of the panel renders with
/// the app).
impl View for WaitingQueue {
    fn view(&self, _: &mut HookContext) -> Html {
        let props = self;
        html! {
            <div class="queue">
                <h3>{ "Waiting for a node" }</h3>
                <ul class="chips">
                    { for props.chips.iter().map(|c| task_chip(c, None)) }
                </ul>
                <ul class="reasons">
                    { for pending_reasons(&props.chips).into_iter().map(|(reason, tasks)| html! {
                        <li class="pending-reason">{ format!("{tasks}: {reason}") }</li>
                    }) }
                </ul>
            </div>
        }
    }
}

/// The scheduler's reasons for the waiting tasks, each with the tasks it holds back.
fn pending_reasons(chips: &[TaskChipVm]) -> Vec<(String, String)> {
    let mut reasons: Vec<(String, Vec<&str>)> = Vec::new();
    for chip in chips {
        let reason = chip.err.as_deref().unwrap_or("waiting for the scheduler").to_string();
        match reasons.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, tasks)) => tasks.push(chip.name.as_str()),
            None => reasons.push((reason, vec![chip.name.as_str()])),
        }
    }
    reasons
        .into_iter()
        .map(|(reason, tasks)| {
            let shown = tasks.iter().take(5).copied().collect::<Vec<_>>().join(", ");
            let more = tasks.len().saturating_sub(5);
            let tasks = if more > 0 { format!("{shown} and {more} more") } else { shown };
            (reason, tasks)
        })
        .collect()
}

#[derive(PartialEq)]
struct ServiceRow {
    service: ServiceVm,
    images: Rc<Vec<String>>,
    on_action: Callback<PageAction>,
    read_only: bool,
}

/// Which form of a service row is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Image,
    UpdateConfig,
}

impl View for ServiceRow {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_service_row(self).run(hooks)
    }
}

#[hook]
fn use_service_row(props: &ServiceRow) -> Html {
    let s = &props.service;
    let open = use_value(|| Open::None);
    let (id, desired, name) = (s.id, s.desired, s.name.as_str());
    let replicas_field = use_node_ref();
    use_input_value(replicas_field.clone(), desired.to_string());
    let intent = |intent: ServiceIntent| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(PageAction::Service { service: id, intent: intent.clone() })
        })
    };
    let toggle = |form: Open| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(if *open == form { Open::None } else { form }))
    };
    let on_replicas = props.on_action.reform(move |e: Event| {
        let field: web_sys::HtmlInputElement = e.target_unchecked_into();
        match field.value().trim().parse::<u32>() {
            Ok(replicas) => {
                PageAction::Service { service: id, intent: ServiceIntent::Scale(replicas) }
            }
            // Not a count: back to what the service has.
            Err(_) => {
                field.set_value(&desired.to_string());
                PageAction::DismissError
            }
        }
    });
    html! {
        <li class="service" data-service={s.name.clone()}>
            <div class="service-head">
                <span class="service-name">{ s.name.clone() }</span>
                <span class="service-mode">{ if s.global { "global" } else { "replicated" } }</span>
                <span class="service-image">{ s.image.clone() }</span>
                <span class="replicas" data-running={s.running.to_string()}>
                    { format!("{}/{} running", s.running, s.desired) }
                </span>
            </div>
            if let Some(update) = s.update.clone() {
                <div class="service-update">
                    <span class="update-status" data-update-state={update.state} title={update.message.clone()}>
                        { update.label }
                    </span>
                    if let Some(detail) = update.detail {
                        <span class="update-detail">{ detail }</span>
                    }
                </div>
            }
            if !props.read_only {
            <div class="service-actions">
                if !s.global {
                    <span class="scale">
                        <button data-action="scale-down" aria-label={format!("Remove a replica of {name}")}
                            disabled={desired == 0} onclick={intent(ServiceIntent::Scale(desired.saturating_sub(1)))}>{ "−" }</button>
                        <input ref={replicas_field} type="number" min="0" class="replica-count"
                            aria-label={format!("Replicas of {name}")} onchange={on_replicas} />
                        <button data-action="scale-up" aria-label={format!("Add a replica of {name}")}
                            onclick={intent(ServiceIntent::Scale(desired + 1))}>{ "+" }</button>
                    </span>
                }
                <button data-action="change-image" aria-label={format!("Change image of {name}")}
                    aria-expanded={(*open == Open::Image).to_string()} onclick={toggle(Open::Image)}>{ "Change image" }</button>
                <button data-action="rollback" aria-label={format!("Roll back {name}")}
                    onclick={intent(ServiceIntent::Rollback)}>{ "Roll back" }</button>
                <button data-action="force-update" aria-label={format!("Force update {name}")}
                    onclick={intent(ServiceIntent::ForceUpdate)}>{ "Force update" }</button>
                <button data-action="update-config" aria-label={format!("Update settings of {name}")}
                    aria-expanded={(*open == Open::UpdateConfig).to_string()} onclick={toggle(Open::UpdateConfig)}>{ "Update settings" }</button>
                <button data-action="remove" class="danger" aria-label={format!("Remove {name}")}
                    onclick={intent(ServiceIntent::Remove)}>{ "Remove" }</button>
            </div>
            }
            if *open == Open::Image {
                { memo(ImageForm { service: id, image: s.image.clone(), images: Rc::clone(&props.images), on_action: props.on_action.clone(),
                    on_done: Callback::from({ let open = open.clone(); move |_| open.set(Open::None) }) }, None) }
            }
            if *open == Open::UpdateConfig {
                { memo(UpdateConfigEditor { service: id, current: s.update_config.clone(), on_action: props.on_action.clone(),
                    on_done: Callback::from({ let open = open.clone(); move |_| open.set(Open::None) }) }, None) }
            }
        </li>
    }
}

/// The value of the input in `form` named `name`.
pub(crate) fn field(form: &web_sys::HtmlFormElement, name: &str) -> String {
    use wasm_bindgen::JsCast;
    form.elements()
        .named_item(name)
        .and_then(|e| {
            let value = e.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value());
            value.or_else(|| e.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
        })
        .unwrap_or_default()
}

/// A submit handler: stops the page from navigating and hands over the form.
pub(crate) fn on_submit(
    handle: impl Fn(&web_sys::HtmlFormElement) + 'static,
) -> Callback<SubmitEvent> {
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let form: web_sys::HtmlFormElement = e.target_unchecked_into();
        handle(&form);
    })
}

#[derive(PartialEq)]
struct ImageForm {
    service: ServiceId,
    image: AttrValue,
    images: Rc<Vec<String>>,
    on_action: Callback<PageAction>,
    on_done: Callback<()>,
}

impl View for ImageForm {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_image_form(self).run(hooks)
    }
}

#[hook]
fn use_image_form(props: &ImageForm) -> Html {
    let form_ref = use_node_ref();
    use_field_values(form_ref.clone(), vec![("image", props.image.to_string())]);
    // Opened from its button: the keyboard goes straight to the field.
    {
        let form_ref = form_ref.clone();
        use_effect_with((), move |_| {
            use wasm_bindgen::JsCast;
            let field = form_ref
                .cast::<web_sys::HtmlFormElement>()
                .and_then(|form| form.elements().named_item("image"))
                .and_then(|f| f.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(field) = field {
                let _ = field.focus();
                field.select();
            }
        });
    }
    let (service, on_action, on_done) =
        (props.service, props.on_action.clone(), props.on_done.clone());
    let submit = on_submit(move |form| {
        let intent = ServiceIntent::ChangeImage(field(form, "image"));
        on_action.emit(PageAction::Service { service, intent });
        on_done.emit(());
    });
    html! {
        <form ref={form_ref} class="service-form" onsubmit={submit}>
            <label>{ "Image " }
                <input name="image" type="text" aria-label="Image"
                    spellcheck="false" autocomplete="off" required=true />
            </label>
            { catalog(&props.images) }
            <button type="submit">{ "Update" }</button>
        </form>
    }
}

#[derive(PartialEq)]
struct UpdateConfigEditor {
    service: ServiceId,
    current: UpdateConfigForm,
    on_action: Callback<PageAction>,
    on_done: Callback<()>,
}

impl View for UpdateConfigEditor {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_update_config_editor(self).run(hooks)
    }
}

#[hook]
fn use_update_config_editor(props: &UpdateConfigEditor) -> Html {
    let form_ref = use_node_ref();
    let c = &props.current;
    use_field_values(
        form_ref.clone(),
        vec![
            ("parallelism", c.parallelism.clone()),
            ("delay", c.delay.clone()),
            ("order", c.order.clone()),
            ("failure-action", c.failure_action.clone()),
            ("monitor", c.monitor.clone()),
            ("max-failure-ratio", c.max_failure_ratio.clone()),
        ],
    );
    let (service, on_action, on_done) =
        (props.service, props.on_action.clone(), props.on_done.clone());
    let submit = on_submit(move |form| {
        let edited = UpdateConfigForm {
            parallelism: field(form, "parallelism"),
            delay: field(form, "delay"),
            order: field(form, "order"),
            failure_action: field(form, "failure-action"),
            monitor: field(form, "monitor"),
            max_failure_ratio: field(form, "max-failure-ratio"),
        };
        on_action
            .emit(PageAction::Service { service, intent: ServiceIntent::UpdateConfig(edited) });
        on_done.emit(());
    });
    let select = |name: &'static str, label: &'static str, options: &[&'static str]| {
        html! {
            <label>{ label }
                <select name={name}>
                    { for options.iter().map(|o| html! { <option value={*o}>{ *o }</option> }) }
                </select>
            </label>
        }
    };
    html! {
        <form ref={form_ref} class="service-form update-config" onsubmit={submit}>
            <label>{ "Parallelism" }<input name="parallelism" type="number" min="0" /></label>
            <label>{ "Delay" }<input name="delay" type="text" spellcheck="false" /></label>
            { select("order", "Order", &["stop-first", "start-first"]) }
            { select("failure-action", "Failure action", &["pause", "continue", "rollback"]) }
            <label>{ "Monitor" }<input name="monitor" type="text" spellcheck="false" /></label>
            <label>{ "Max failure ratio" }<input name="max-failure-ratio" type="number" min="0" max="1" step="0.05" /></label>
            <button type="submit">{ "Apply" }</button>
        </form>
    }
}

#[derive(PartialEq)]
struct CreateService {
    images: Rc<Vec<String>>,
    on_action: Callback<PageAction>,
}

impl View for CreateService {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_create_service(self).run(hooks)
    }
}

#[hook]
fn use_create_service(props: &CreateService) -> Html {
    let open = use_value(|| false);
    let form_ref = use_node_ref();
    use_field_values(
        form_ref.clone(),
        if *open {
            vec![("image", "nginx:latest".to_string()), ("replicas", "1".to_string())]
        } else {
            vec![]
        },
    );
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let submit = {
        let (on_action, open) = (props.on_action.clone(), open.clone());
        on_submit(move |form| {
            let new = NewService {
                name: field(form, "name"),
                image: field(form, "image"),
                global: field(form, "mode") == "global",
                replicas: field(form, "replicas"),
            };
            on_action.emit(PageAction::CreateService(new));
            open.set(false);
        })
    };
    html! {
        <div class="create-service">
            <button data-action="create-service" aria-expanded={open.to_string()} onclick={toggle}>{ "New service" }</button>
            if *open {
                <form ref={form_ref} class="service-form" aria-label="New service" onsubmit={submit}>
                    <label>{ "Name" }<input name="name" type="text" required=true spellcheck="false" autocomplete="off" /></label>
                    <label>{ "Image" }<input name="image" type="text" required=true spellcheck="false" autocomplete="off" /></label>
                    { catalog(&props.images) }
                    <label>{ "Mode" }
                        <select name="mode">
                            <option value="replicated" selected=true>{ "replicated" }</option>
                            <option value="global">{ "global" }</option>
                        </select>
                    </label>
                    <label>{ "Replicas" }<input name="replicas" type="number" min="0" /></label>
                    <button type="submit">{ "Create" }</button>
                </form>
            }
        </div>
    }
}
