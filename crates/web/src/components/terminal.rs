//! The terminal pane: the session's shell (on manager1 until `sim use` moves it). It keeps the
//! scrollback, shows the running line's progress display as it animates, and takes typed or
//! pasted lines (prompts, `sudo` and `\` continuations are fine), Ctrl-C, ↑/↓ for history
//! (typed and pasted lines), Tab to complete, Ctrl-L to clear the screen, and a node picker
//! (`Node`) that types `sim use HOSTNAME`.
//!
//! Tab asks the session what could come next (`Session::complete`): one candidate replaces the
//! word, several extend it to what they share, and when there is nothing to extend the
//! candidates are listed under the prompt (not in the scrollback, which is the session's
//! transcript). Tab stays in the terminal while there is text to complete; on an empty line,
//! and with Shift-Tab always, it moves focus on, so keyboard users are never trapped.
//!
//! What is shown comes from the session; what is local here is only the input's history, the
//! candidates listed, and where Ctrl-L last cleared the screen (the transcript is untouched).

use std::rc::Rc;

use swarm_shell::{Exchange, ExchangeKind, Stream};
use wasm_bindgen::JsCast;
use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::region::{Instance, region_name};

use crate::components::memo::{View, memo};
use crate::hooks::use_value;
use crate::page::{Completer, PageAction, Running};
use crate::shared::Shared;

#[derive(PartialEq)]
pub struct Terminal {
    pub log: Rc<Vec<Rc<Exchange>>>,
    pub running: Option<Rc<Running>>,
    pub prompt: Rc<String>,
    pub busy: bool,
    /// The swarm's nodes, for the picker, as the node cards list them.
    pub nodes: Vec<AttrValue>,
    pub completer: Completer,
    pub on_action: Callback<PageAction>,
    /// Only watching: the terminal shows, nothing can be typed.
    pub read_only: bool,
    /// The playground's name among others on its page, which its region's name carries.
    pub instance: Instance,
}

/// Where Ctrl-L cleared the screen: the scrollback shows only exchanges after `serial` of this
/// session (a restart is another session, and shows everything again).
#[derive(Clone, PartialEq)]
struct Cleared {
    session: Completer,
    serial: u64,
}

impl View for Terminal {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_terminal(self).run(hooks)
    }
}

#[hook]
fn use_terminal(props: &Terminal) -> Html {
    let region_name = region_name(&props.instance, "terminal");
    let input = use_node_ref();
    let picker = use_node_ref();
    // Lines entered or pasted, newest last, and where ↑/↓ currently points (len = a fresh line).
    let history = use_mut_ref(Vec::<String>::new);
    let cursor = use_mut_ref(|| 0usize);
    // The candidates a Tab listed; empty when none are shown.
    let listed = use_value(Vec::<String>::new);
    let cleared = use_value(|| None::<Cleared>);
    // The node the shell is on: the prompt names it, except inside a continuation (`> `).
    let host = use_mut_ref(String::new);
    if let Some(hostname) = props.prompt.strip_suffix(":~$ ") {
        *host.borrow_mut() = hostname.to_string();
    }
    let host = host.borrow().clone();
    let continuing = props.prompt.as_str() == "> ";

    // The picker shows the node the shell is on, whatever was last picked: a `sim use` that
    // waits behind a running line, or fails, leaves the shell where it is.
    {
        let (picker, host) = (picker.clone(), host.clone());
        use_effect(move || {
            if let Some(select) = picker.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(&host);
            }
        });
    }

    let onkeydown = {
        let (input, on_action) = (input.clone(), props.on_action.clone());
        let (history, cursor) = (history.clone(), cursor.clone());
        let (listed, cleared) = (listed.clone(), cleared.clone());
        let completer = props.completer.clone();
        let last_serial = props.log.last().map(|e| e.serial);
        Callback::from(move |e: KeyboardEvent| {
            let Some(field) = input.cast::<web_sys::HtmlInputElement>() else { return };
            let hide_list = || {
                if !listed.is_empty() {
                    listed.set(Vec::new());
                }
            };
            let plain = !(e.ctrl_key() || e.alt_key() || e.meta_key());
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    hide_list();
                    let line = field.value();
                    field.set_value("");
                    if !line.trim().is_empty() {
                        history.borrow_mut().push(line.clone());
                    }
                    *cursor.borrow_mut() = history.borrow().len();
                    on_action.emit(PageAction::Type(line));
                }
                // Shift-Tab, and Tab on an empty line, move focus on as everywhere else.
                "Tab" if plain && !e.shift_key() && !field.value().is_empty() => {
                    e.prevent_default();
                    let value = field.value();
                    let at = match (field.selection_start(), field.selection_end()) {
                        (Ok(Some(start)), Ok(Some(end))) if start == end => {
                            byte_at_utf16(&value, start)
                        }
                        _ => value.len(),
                    };
                    let (text, rest) = value.split_at(at);
                    let completion = completer.complete(text);
                    match completion.apply(text) {
                        Some(completed) => {
                            field.set_value(&format!("{completed}{rest}"));
                            let caret = utf16_len(&completed);
                            let _ = field.set_selection_range(caret, caret);
                            hide_list();
                        }
                        None => listed.set(completion.candidates),
                    }
                }
                "Escape" => hide_list(),
                "c" | "C" if e.ctrl_key() => {
                    e.prevent_default();
                    hide_list();
                    field.set_value("");
                    on_action.emit(PageAction::Interrupt);
                }
                // Clear the screen: what is shown starts after the last exchange so far.
                "l" | "L" if e.ctrl_key() => {
                    e.prevent_default();
                    hide_list();
                    if let Some(serial) = last_serial {
                        cleared.set(Some(Cleared { session: completer.clone(), serial }));
                    }
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    hide_list();
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
    // The candidates listed belong to the text they were asked for.
    let oninput = {
        let listed = listed.clone();
        Callback::from(move |_: InputEvent| {
            if !listed.is_empty() {
                listed.set(Vec::new());
            }
        })
    };
    // A paste keeps its line breaks (an <input> would fold them into spaces), so a tutorial's
    // multi-line command arrives as the lines it was; each line goes into the history.
    let onpaste = {
        let (input, on_action) = (input.clone(), props.on_action.clone());
        let (history, cursor, listed) = (history.clone(), cursor.clone(), listed.clone());
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
            // A last line without a newline stays in the field, as a shell would leave it.
            let (complete, rest) = match typed.rfind('\n') {
                Some(end) => (typed[..end].to_string(), typed[end + 1..].to_string()),
                None => (String::new(), typed),
            };
            field.set_value(&rest);
            let mut history = history.borrow_mut();
            history.extend(pasted_lines(&complete));
            *cursor.borrow_mut() = history.len();
            listed.set(Vec::new());
            on_action.emit(PageAction::Type(complete));
        })
    };
    // Picking a node types `sim use HOSTNAME`: journaled and echoed like any line.
    let onchange = props.on_action.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        PageAction::Type(format!("sim use {}", select.value()))
    });
    // A click anywhere in the pane puts the caret in the input, except on the picker.
    let focus = {
        let input = input.clone();
        Callback::from(move |e: MouseEvent| {
            let on_picker = e
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("select").ok().flatten())
                .is_some();
            if !on_picker && let Some(field) = input.cast::<web_sys::HtmlElement>() {
                let _ = field.focus();
            }
        })
    };

    let shown_after = (*cleared)
        .as_ref()
        .filter(|cleared| cleared.session == props.completer)
        .map(|cleared| cleared.serial);

    html! {
        <section class="terminal" aria-label={region_name} onclick={focus}>
            // Focusable, so a keyboard can scroll it (its lines can be wider than a phone).
            // The newest output stays in view by CSS (a reversed flex column anchored at its
            // end), not by reading the scroll height after each frame, which forced a layout of
            // the page every frame of a progress display.
            <pre data-testid="terminal" role="log" aria-label="Terminal output" tabindex="0">
                <div class="screen">
                    { memo(Scrollback { log: Shared::from(&props.log), shown_after }, None) }
                    if let Some(running) = &props.running {
                        { entry(&running.exchange) }
                        { running.screen.as_str() }
                    }
                </div>
            </pre>
            if !props.read_only {
            <div class="prompt-line">
                <span class="prompt" data-testid="prompt">{ props.prompt.as_str() }</span>
                <input ref={input} data-testid="terminal-input" type="text" spellcheck="false"
                    autocomplete="off" aria-label="Terminal" aria-describedby="terminal-keys"
                    placeholder={ if props.busy { "running… (Ctrl-C to stop waiting)" } else { "docker service ls" } }
                    {onkeydown} {oninput} {onpaste} />
                <select ref={picker} class="node-picker" data-testid="node-picker" aria-label="Node"
                    title="The node the terminal is on: picking one types sim use NODE"
                    disabled={continuing} {onchange}>
                    { for props.nodes.iter().map(|hostname| html! {
                        <option value={hostname.clone()} selected={**hostname == *host}>{ hostname.clone() }</option>
                    }) }
                </select>
            </div>
            <span id="terminal-keys" class="visually-hidden">
                { "Tab completes commands, flags and names, and lists the choices when there are several. \
                   Shift+Tab, or Tab on an empty line, leaves the terminal. \
                   Up and Down recall earlier lines; Control+L clears the screen." }
            </span>
            }
            // Announced as it changes: the candidates a Tab listed.
            <div class="completions" role="status" data-testid="completions">
                if !listed.is_empty() {
                    <ul aria-label="Completions">
                        { for listed.iter().map(|candidate| html! { <li>{ candidate.as_str() }</li> }) }
                    </ul>
                }
            </div>
        </section>
    }
}

/// The lines of a paste that go into the history: each line, blank ones aside.
fn pasted_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter(|line| !line.trim().is_empty()).map(String::from)
}

/// The byte of `text` at a DOM text offset (counted in UTF-16 units); the end past it.
fn byte_at_utf16(text: &str, units: u32) -> usize {
    let mut counted = 0;
    for (at, c) in text.char_indices() {
        if counted >= units {
            return at;
        }
        counted += c.len_utf16() as u32;
    }
    text.len()
}

/// `text`'s length as the DOM counts it (UTF-16 units).
fn utf16_len(text: &str) -> u32 {
    text.encode_utf16().count() as u32
}

/// Compared by the list's identity (`Shared`): comparing 200 exchanges' text every frame, and
/// rebuilding their nodes while a progress display animates below them, is what this saves.
#[derive(PartialEq)]
struct Scrollback {
    log: Shared<Vec<Rc<Exchange>>>,
    /// Ctrl-L: the serial of the last exchange cleared away.
    shown_after: Option<u64>,
}

/// The finished exchanges, rendered only when they change.
impl View for Scrollback {
    fn view(&self, _: &mut HookContext) -> Html {
        let props = self;
        let shown_after = props.shown_after;
        let shown = props.log.iter().filter(|e| shown_after.is_none_or(|serial| e.serial > serial));
        html! { <>{ for shown.map(|e| entry(e)) }</> }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_offsets_are_utf16_units() {
        // (text, a DOM offset, the byte it falls on)
        let cases: &[(&str, u32, usize)] = &[
            ("docker", 0, 0),
            ("docker", 3, 3),
            ("docker", 6, 6),
            ("docker", 9, 6),
            ("né w", 2, 3),
            ("∼ $ w", 1, 3),
            ("🐳 web", 2, 4),
            ("🐳 web", 3, 5),
        ];
        for (text, units, byte) in cases {
            assert_eq!(byte_at_utf16(text, *units), *byte, "{text:?} at {units}");
        }
        assert_eq!(utf16_len("🐳 web"), 6);
        assert_eq!(utf16_len("né"), 2);
    }

    #[test]
    fn pasted_lines_go_into_the_history_blank_ones_aside() {
        let lines: Vec<String> =
            pasted_lines("docker node ls\r\n\n  \n$ docker service ls").collect();
        assert_eq!(lines, ["docker node ls", "$ docker service ls"]);
    }
}
