//! The terminal pane: the session's shell (on manager1 until `sim use` moves it). It keeps the scrollback, shows the running
//! line's progress display as it animates, and takes typed or pasted lines (prompts, `sudo`
//! and `\` continuations are fine), Ctrl-C, and ↑/↓ for history.

use std::rc::Rc;

use swarm_shell::{Exchange, ExchangeKind, Stream};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::page::{PageAction, Running};

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub log: Rc<Vec<Rc<Exchange>>>,
    pub running: Option<Rc<Running>>,
    pub prompt: Rc<String>,
    pub busy: bool,
    pub on_action: Callback<PageAction>,
}

#[function_component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    let screen = use_node_ref();
    // Lines entered, newest last, and where ↑/↓ currently points (len = a fresh line).
    let history = use_mut_ref(Vec::<String>::new);
    let cursor = use_mut_ref(|| 0usize);

    // Keep the newest output in view.
    {
        let screen = screen.clone();
        use_effect_with((Rc::clone(&props.log), props.running.clone()), move |_| {
            if let Some(element) = screen.cast::<web_sys::Element>() {
                element.set_scroll_top(element.scroll_height());
            }
        });
    }

    let onkeydown = {
        let (input, on_action) = (input.clone(), props.on_action.clone());
        let (history, cursor) = (history.clone(), cursor.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(field) = input.cast::<web_sys::HtmlInputElement>() else { return };
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = field.value();
                    field.set_value("");
                    if !line.trim().is_empty() {
                        history.borrow_mut().push(line.clone());
                    }
                    *cursor.borrow_mut() = history.borrow().len();
                    on_action.emit(PageAction::Type(line));
                }
                "c" if e.ctrl_key() => {
                    e.prevent_default();
                    field.set_value("");
                    on_action.emit(PageAction::Interrupt);
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let history = history.borrow();
                    let mut at = cursor.borrow_mut();
                    *at = match e.key().as_str() {
                        "ArrowUp" => at.saturating_sub(1),
                        _ => (*at + 1).min(history.len()),
                    };
                    field.set_value(history.get(*at).map_or("", String::as_str));
                }
                _ => {}
            }
        })
    };
    // A paste keeps its line breaks (an <input> would fold them into spaces), so a tutorial's
    // multi-line command arrives as the lines it was.
    let onpaste = {
        let (input, on_action) = (input.clone(), props.on_action.clone());
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            let Some(text) = e.clipboard_data().and_then(|data| data.get_data("text").ok()) else {
                return;
            };
            if !text.contains('\n') {
                return;
            }
            e.prevent_default();
            let Some(field) = input.cast::<web_sys::HtmlInputElement>() else { return };
            let typed = format!("{}{}", field.value(), text);
            field.set_value("");
            // A last line without a newline stays in the field, as a shell would leave it.
            let (complete, rest) = match typed.rfind('\n') {
                Some(end) => (typed[..end].to_string(), typed[end + 1..].to_string()),
                None => (String::new(), typed),
            };
            field.set_value(&rest);
            on_action.emit(PageAction::Type(complete));
        })
    };
    let focus = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(field) = input.cast::<web_sys::HtmlElement>() {
                let _ = field.focus();
            }
        })
    };

    html! {
        <section class="terminal" aria-label="terminal" onclick={focus}>
            // Focusable, so a keyboard can scroll it (its lines can be wider than a phone).
            <pre data-testid="terminal" role="log" aria-label="Terminal output" tabindex="0" ref={screen}>
                { for props.log.iter().map(|e| entry(e)) }
                if let Some(running) = &props.running {
                    { entry(&running.exchange) }
                    { running.screen.as_str() }
                }
            </pre>
            <div class="prompt-line">
                <span class="prompt" data-testid="prompt">{ props.prompt.as_str() }</span>
                <input ref={input} data-testid="terminal-input" type="text" spellcheck="false"
                    autocomplete="off" aria-label="Terminal"
                    placeholder={ if props.busy { "running… (Ctrl-C to stop waiting)" } else { "docker service ls" } }
                    {onkeydown} {onpaste} />
            </div>
        </section>
    }
}

/// One exchange: a line with its prompt and output; a comment or blank line at its prompt; a
/// page action or a note of the session as a comment line.
fn entry(exchange: &Exchange) -> Html {
    let head = match &exchange.kind {
        ExchangeKind::Line(line) => html! {
            <>
                <span class="prompt">{ exchange.prompt.as_str() }</span>
                // A line continued with `\` shows its physical lines after `> `, as typed.
                <span class="command">{ format!("{}\n", line.replace('\n', "\n> ")) }</span>
            </>
        },
        ExchangeKind::Comment(text) => html! {
            <>
                <span class="prompt">{ exchange.prompt.as_str() }</span>
                <span class="comment">{ format!("{text}\n") }</span>
            </>
        },
        ExchangeKind::Action { line, .. } => {
            html! { <span class="comment action">{ format!("# {line}\n") }</span> }
        }
        ExchangeKind::Note(text) => {
            html! { <span class="comment note">{ format!("{text}\n") }</span> }
        }
    };
    html! {
        <>
            { head }
            { for exchange.output.iter().map(|(stream, text)| match stream {
                Stream::Stdout => html! { <span>{ text.as_str() }</span> },
                Stream::Stderr => html! { <span class="stderr">{ text.as_str() }</span> },
            }) }
        </>
    }
}
