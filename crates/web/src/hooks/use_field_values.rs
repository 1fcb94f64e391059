//! Form fields the page fills in but the learner edits.
//!
//! Yew keeps a `value` it renders in the DOM on every render, so a field the page re-renders
//! each frame (the swarm moves on while someone types) would lose what was typed. These fields
//! get no `value` in the markup: the hook writes the page's value into the DOM when that value
//! changes, and leaves typing alone in between.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Writes each `(name, value)` into the field of that name in `form` whenever the values
/// change (and when the form first shows).
#[hook]
pub fn use_field_values(form: NodeRef, values: Vec<(&'static str, String)>) {
    use_effect_with(values, move |values| {
        if let Some(form) = form.cast::<web_sys::HtmlFormElement>() {
            for (name, value) in values {
                let field = form.elements().named_item(name);
                if let Some(input) =
                    field.as_ref().and_then(|f| f.dyn_ref::<web_sys::HtmlInputElement>())
                {
                    input.set_value(value);
                } else if let Some(select) =
                    field.as_ref().and_then(|f| f.dyn_ref::<web_sys::HtmlSelectElement>())
                {
                    select.set_value(value);
                }
            }
        }
    });
}

/// Writes `value` into the input `field` whenever it changes.
#[hook]
pub fn use_input_value(field: NodeRef, value: String) {
    use_effect_with(value, move |value| {
        if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
            input.set_value(value);
        }
    });
}
