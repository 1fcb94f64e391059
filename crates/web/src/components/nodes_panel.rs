//! The add-node form: a new machine joins the swarm (`sim node add`), with its role, CPUs,
//! memory and labels.

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::actions::{NewNode, free_hostname};
use crate::components::memo::View;
use crate::components::service_panel::{field, on_submit};
use crate::hooks::{use_field_values, use_value};
use crate::page::PageAction;

#[derive(PartialEq)]
pub struct AddNode {
    /// The hostnames taken, to suggest a free one.
    pub hostnames: Vec<AttrValue>,
    pub on_action: Callback<PageAction>,
}

impl View for AddNode {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_add_node(self).run(hooks)
    }
}

#[hook]
fn use_add_node(props: &AddNode) -> Html {
    let open = use_value(|| false);
    let role = use_value(|| "worker".to_string());
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_role = {
        let role = role.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            role.set(select.value());
        })
    };
    let suggestion = free_hostname(&role, props.hostnames.iter().map(AttrValue::as_str));
    let form_ref = use_node_ref();
    use_field_values(
        form_ref.clone(),
        if *open {
            vec![("hostname", suggestion), ("cpus", "2".into()), ("memory", "4g".into())]
        } else {
            vec![]
        },
    );
    let submit = {
        let (on_action, open) = (props.on_action.clone(), open.clone());
        on_submit(move |form| {
            let field = |name: &str| field(form, name);
            let new = NewNode {
                hostname: field("hostname"),
                role: field("role"),
                cpus: field("cpus"),
                memory: field("memory"),
                labels: field("labels"),
            };
            on_action.emit(PageAction::AddNode(new));
            open.set(false);
        })
    };
    html! {
        <div class="add-node">
            <button data-action="add-node" aria-expanded={open.to_string()} onclick={toggle}>{ "Add a node" }</button>
            if *open {
                <form ref={form_ref} class="service-form" aria-label="Add a node" onsubmit={submit}>
                    <label>{ "Role" }
                        <select name="role" onchange={on_role}>
                            <option value="worker" selected={*role == "worker"}>{ "worker" }</option>
                            <option value="manager" selected={*role == "manager"}>{ "manager" }</option>
                        </select>
                    </label>
                    <label>{ "Hostname" }<input name="hostname" type="text" required=true spellcheck="false" autocomplete="off" /></label>
                    <label>{ "CPUs" }<input name="cpus" type="text" inputmode="decimal" /></label>
                    <label>{ "Memory" }<input name="memory" type="text" spellcheck="false" /></label>
                    <label>{ "Labels" }<input name="labels" type="text" placeholder="zone=a, ssd=true" spellcheck="false" autocomplete="off" /></label>
                    <button type="submit">{ "Add" }</button>
                </form>
            }
        </div>
    }
}
