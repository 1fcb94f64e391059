//! The embedding API: `Playground`, one playground an embedder holds, mounted on an element
//! (`mount`) or headless (`create`, in Node with no DOM). `swarm-playground.js` wraps it into
//! the JS API the issue names (`run`, `advance`, `state`, `on`, …), the `<swarm-playground>`
//! element and `embed.html`'s postMessage bridge.
//!
//! Every call acts on the playground's `Store`, so the page and the API see the same state in
//! the same order. Values cross into JS as JSON texts (the module parses them), written by
//! `JsonText`. Nothing here decides anything about the swarm: a call is a `PageAction`, or a
//! read of the session.

use std::cell::RefCell;
use std::rc::Rc;

use swarm_core::{SimDuration, Snapshot};
use swarm_shell::{Cursor, ExchangeKind, JsonText, Share};
use wasm_bindgen::prelude::*;

use crate::app::App;
use crate::components::memo::{Memo, MemoProps};
use crate::options::Options;
use crate::page::{PageAction, PageState};
use crate::region::Instance;
use crate::store::Store;
use yew::AttrValue;

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`): larger seeds
/// would not be the seeds asked for.
const JS_SAFE_INTEGER_MAX: f64 = 9_007_199_254_740_991.0;

/// Simulated time one `advance` or `rewind` may move: a week, as `sleep` allows.
const MOVE_MAX_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;

#[wasm_bindgen(js_name = WasmPlayground)]
pub struct Playground {
    store: Rc<Store>,
    app: Option<yew::AppHandle<Memo>>,
    /// What `poll` has already reported.
    reported: RefCell<Reported>,
}

/// The cursors of what `poll` reported, for one session (a reset starts them again).
#[derive(Clone, Default)]
struct Reported {
    session: Option<crate::page::Completer>,
    events: Cursor,
    transcript: Cursor,
    /// Per step, per checkpoint: met when last reported.
    checkpoints: Vec<Vec<bool>>,
}

impl Reported {
    /// Nothing reported yet of `state`'s session, except what was there when the playground
    /// was handed over (a lesson's setup, a share link's past): `on` tells what happens next.
    fn from_now(state: &PageState) -> Reported {
        let session = state.session();
        let mut reported = Reported { session: Some(state.completer()), ..Reported::default() };
        session.read_events(&mut reported.events);
        session.read_transcript(&mut reported.transcript);
        state.newly_met(&mut reported.checkpoints);
        reported
    }
}

#[wasm_bindgen(js_class = WasmPlayground)]
impl Playground {
    /// A playground with no page (for Node, or a test): time passes only when asked.
    pub fn create(options: &str) -> Result<Playground, JsError> {
        let page = Options::parse(options).and_then(|o| o.page()).map_err(|e| JsError::new(&e))?;
        Ok(Playground::of(page, None))
    }

    /// A playground shown in `element`; `notify` is called (with no arguments) whenever what
    /// it shows changed, so the module can `poll`.
    pub fn mount(
        element: web_sys::Element,
        options: &str,
        notify: js_sys::Function,
    ) -> Result<Playground, JsError> {
        let options = Options::parse(options).map_err(|e| JsError::new(&e))?;
        let page = options.page().map_err(|e| JsError::new(&e))?;
        let mut playground = Playground::of(page, Some(notify));
        let instance = Instance(options.name.map(AttrValue::from));
        let props = MemoProps::of(App { store: Rc::clone(&playground.store), instance });
        playground.app = Some(yew::Renderer::<Memo>::with_root_and_props(element, props).render());
        Ok(playground)
    }

    fn of(page: PageState, notify: Option<js_sys::Function>) -> Playground {
        let store = Store::new(page);
        if let Some(notify) = notify {
            store.set_on_change(Some(yew::Callback::from(move |()| {
                // The module only schedules a poll: nothing re-enters the store from here.
                let _ = notify.call0(&JsValue::NULL);
            })));
        }
        let reported = RefCell::new(Reported::from_now(&store.state()));
        Playground { store, app: None, reported }
    }

    /// Types `line` and plays it to its end at once, as a script would; returns what it
    /// printed (several lines: what each printed, in order).
    pub fn run(&self, line: &str) -> String {
        self.store.dispatch(PageAction::Run(line.to_string()));
        self.store.state().run_output.to_string()
    }

    /// Lets `ms` of simulated time pass.
    pub fn advance(&self, ms: f64) -> Result<(), JsError> {
        let by = duration(ms)?;
        self.store.dispatch(PageAction::Advance(by));
        Ok(())
    }

    /// Runs to the next moment something happens (and pauses a page).
    pub fn step(&self) {
        self.store.dispatch(PageAction::Step);
    }

    /// Goes back `ms`, dropping what came later, as `sim rewind` does.
    pub fn rewind(&self, ms: f64) -> Result<(), JsError> {
        let by = duration(ms)?;
        self.store.dispatch(PageAction::Rewind(by));
        Ok(())
    }

    pub fn pause(&self) {
        self.store.dispatch(PageAction::SetPaused(true));
    }

    pub fn play(&self) {
        self.store.dispatch(PageAction::SetPaused(false));
    }

    /// Starts again from the same lesson or scenario, with `seed` (the same seed if absent).
    pub fn reset(&self, seed: Option<f64>) -> Result<(), JsError> {
        let seed = match seed {
            None => self.store.state().seed,
            Some(seed) if seed >= 0.0 && seed.fract() == 0.0 && seed <= JS_SAFE_INTEGER_MAX => {
                seed as u64
            }
            Some(seed) => return Err(JsError::new(&format!("invalid seed {seed}"))),
        };
        self.store.dispatch(PageAction::Restart(seed));
        Ok(())
    }

    /// `{ time, nodes, services, tasks }` as JSON.
    pub fn state(&self) -> String {
        state_json(&self.store.state().snapshot())
    }

    /// `{ title, steps: [{ title, done }] }` as JSON, or `null` without a lesson.
    pub fn lesson(&self) -> String {
        let state = self.store.state();
        let mut json = JsonText::default();
        match &state.lesson {
            None => json.null(),
            Some(run) => {
                json.begin('{');
                json.key("title").str(&run.lesson.title);
                json.key("steps").begin('[');
                for (s, step) in run.lesson.steps.iter().enumerate() {
                    json.begin('{');
                    json.key("title").str(&step.title);
                    json.key("done").bool(run.progress.is_step_done(s));
                    json.end('}');
                }
                json.end(']');
                json.end('}');
            }
        }
        json.into_text()
    }

    /// What happened since the last poll, as a JSON array of `{ type: "event" | "command" |
    /// "checkpoint", … }`: the events, then the commands that ended, then the checkpoints
    /// met, each oldest first (after a rewind, what the timeline holds from there on).
    pub fn poll(&self) -> String {
        let state = self.store.state();
        let session = state.session();
        let mut reported = self.reported.borrow_mut();
        let completer = state.completer();
        if reported.session.as_ref() != Some(&completer) {
            *reported = Reported::from_now(&state);
        }
        let mut json = JsonText::default();
        json.begin('[');
        let batch = session.read_events(&mut reported.events);
        for event in batch.items {
            json.begin('{');
            json.key("type").str("event");
            json.key("time").uint(event.at.as_millis());
            json.key("text").str(&event.text);
            json.key("service").opt_str(event.service.as_deref());
            json.key("node").opt_str(event.node.as_deref());
            json.end('}');
        }
        let batch = session.read_transcript(&mut reported.transcript);
        for exchange in batch.items {
            let line = match &exchange.kind {
                ExchangeKind::Line(typed) => swarm_shell::parse::line::joined(typed),
                ExchangeKind::Action { line, .. } => line.clone(),
                ExchangeKind::Comment(_) | ExchangeKind::Note(_) => continue,
            };
            json.begin('{');
            json.key("type").str("command");
            json.key("time").uint(exchange.at.as_millis());
            json.key("line").str(&line);
            json.key("output").str(&exchange.output_text());
            json.key("exitCode").int(exchange.exit_code.into());
            json.end('}');
        }
        for (step, index, text) in state.newly_met(&mut reported.checkpoints) {
            json.begin('{');
            json.key("type").str("checkpoint");
            json.key("step").uint(step as u64);
            json.key("index").uint(index as u64);
            json.key("text").str(&text);
            json.end('}');
        }
        json.end(']');
        json.into_text()
    }

    /// The share payload (JSON) of this moment; the module compresses it into the link.
    /// A moment no link could open again (one past the replay's budget) is refused, and
    /// says why.
    #[wasm_bindgen(js_name = sharePayload)]
    pub fn share_payload(&self) -> Result<String, JsError> {
        let state = self.store.state();
        let source = state.start.share_source();
        let share = Share::make(&state.session(), source, state.steps_done())
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(share.to_json())
    }

    /// The session so far as a script for a real swarm (`sim export`).
    #[wasm_bindgen(js_name = exportScript)]
    pub fn export_script(&self) -> String {
        self.store.state().session().export(false)
    }

    /// Unmounts the page (if any); the playground stops.
    pub fn destroy(&mut self) {
        self.store.set_on_change(None);
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

fn duration(ms: f64) -> Result<SimDuration, JsError> {
    if !(0.0..=MOVE_MAX_MS).contains(&ms) {
        return Err(JsError::new(&format!(
            "invalid duration {ms} ms: from 0 to {MOVE_MAX_MS} (a week)"
        )));
    }
    Ok(SimDuration::from_millis(ms.round() as u64))
}

/// `state()`'s JSON: plain data, named as the JS API documents it.
fn state_json(snapshot: &Snapshot) -> String {
    let mut json = JsonText::default();
    json.begin('{');
    // Simulated milliseconds.
    json.key("time").uint(snapshot.now.as_millis());
    json.key("nodes").begin('[');
    for n in &snapshot.nodes {
        json.begin('{');
        json.key("id").str(n.id.0.as_str());
        json.key("hostname").str(&n.hostname);
        json.key("role").str(n.role.as_str());
        json.key("status").str(n.state.as_str());
        json.key("availability").str(n.availability.as_str());
        json.key("leader").bool(n.leader == Some(true));
        json.end('}');
    }
    json.end(']');
    json.key("services").begin('[');
    for s in &snapshot.services {
        json.begin('{');
        json.key("id").str(s.id.0.as_str());
        json.key("name").str(&s.name);
        json.key("mode").str(if s.global { "global" } else { "replicated" });
        json.key("image").str(&s.image);
        json.key("replicas").uint(s.replicas_desired.into());
        json.key("running").uint(s.replicas_running.into());
        json.key("updateState").opt_str(s.update_status.as_ref().map(|u| u.state.as_str()));
        json.end('}');
    }
    json.end(']');
    json.key("tasks").begin('[');
    for t in &snapshot.tasks {
        json.begin('{');
        json.key("id").str(t.id.0.as_str());
        json.key("name").str(&t.name());
        json.key("service").str(&t.service_name);
        json.key("state").str(t.state.as_str());
        json.key("desiredState").str(t.desired.as_str());
        json.key("node").opt_str(t.node_hostname.as_deref());
        json.key("image").str(&t.image);
        json.end('}');
    }
    json.end(']');
    json.end('}');
    json.into_text()
}

#[cfg(test)]
mod tests {
    //! The texts the API hands out against what `serde_json` makes of the derived types they
    //! were written with before (kept here as the reference).

    use serde::Serialize;

    use super::*;

    /// One thing `poll` reports.
    #[derive(Serialize)]
    #[serde(tag = "type", rename_all = "camelCase")]
    enum Polled<'a> {
        Event {
            time: u64,
            text: &'a str,
            service: Option<&'a str>,
            node: Option<&'a str>,
        },
        #[serde(rename_all = "camelCase")]
        Command {
            time: u64,
            line: String,
            output: String,
            exit_code: i32,
        },
        Checkpoint {
            step: usize,
            index: usize,
            text: String,
        },
    }

    /// `lesson()`: the title and, per step, its title and whether it is done.
    #[derive(Serialize)]
    struct LessonJs<'a> {
        title: &'a str,
        steps: Vec<StepJs<'a>>,
    }

    #[derive(Serialize)]
    struct StepJs<'a> {
        title: &'a str,
        done: bool,
    }

    /// `state()`: plain data, named as the JS API documents it.
    #[derive(Serialize)]
    struct StateJs<'a> {
        /// Simulated milliseconds.
        time: u64,
        nodes: Vec<NodeJs<'a>>,
        services: Vec<ServiceJs<'a>>,
        tasks: Vec<TaskJs<'a>>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct NodeJs<'a> {
        id: &'a str,
        hostname: &'a str,
        role: &'static str,
        status: &'static str,
        availability: &'static str,
        leader: bool,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ServiceJs<'a> {
        id: &'a str,
        name: &'a str,
        mode: &'static str,
        image: &'a str,
        replicas: u32,
        running: u32,
        update_state: Option<&'static str>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct TaskJs<'a> {
        id: &'a str,
        name: String,
        service: &'a str,
        state: &'static str,
        desired_state: &'static str,
        node: Option<&'a str>,
        image: &'a str,
    }

    impl<'a> StateJs<'a> {
        fn of(snapshot: &'a Snapshot) -> StateJs<'a> {
            StateJs {
                time: snapshot.now.as_millis(),
                nodes: snapshot
                    .nodes
                    .iter()
                    .map(|n| NodeJs {
                        id: n.id.0.as_str(),
                        hostname: &n.hostname,
                        role: n.role.as_str(),
                        status: n.state.as_str(),
                        availability: n.availability.as_str(),
                        leader: n.leader == Some(true),
                    })
                    .collect(),
                services: snapshot
                    .services
                    .iter()
                    .map(|s| ServiceJs {
                        id: s.id.0.as_str(),
                        name: &s.name,
                        mode: if s.global { "global" } else { "replicated" },
                        image: &s.image,
                        replicas: s.replicas_desired,
                        running: s.replicas_running,
                        update_state: s.update_status.as_ref().map(|u| u.state.as_str()),
                    })
                    .collect(),
                tasks: snapshot
                    .tasks
                    .iter()
                    .map(|t| TaskJs {
                        id: t.id.0.as_str(),
                        name: t.name(),
                        service: &t.service_name,
                        state: t.state.as_str(),
                        desired_state: t.desired.as_str(),
                        node: t.node_hostname.as_deref(),
                        image: &t.image,
                    })
                    .collect(),
            }
        }
    }

    /// `poll` as it was: the same cursors, read into `Polled` values.
    fn poll_reference(state: &PageState, reported: &mut Reported) -> String {
        let session = state.session();
        let mut out = Vec::new();
        for event in session.read_events(&mut reported.events).items {
            out.push(Polled::Event {
                time: event.at.as_millis(),
                text: &event.text,
                service: event.service.as_deref(),
                node: event.node.as_deref(),
            });
        }
        for exchange in session.read_transcript(&mut reported.transcript).items {
            let line = match &exchange.kind {
                ExchangeKind::Line(typed) => swarm_shell::parse::line::joined(typed),
                ExchangeKind::Action { line, .. } => line.clone(),
                ExchangeKind::Comment(_) | ExchangeKind::Note(_) => continue,
            };
            out.push(Polled::Command {
                time: exchange.at.as_millis(),
                line,
                output: exchange.output_text(),
                exit_code: exchange.exit_code,
            });
        }
        for (step, index, text) in state.newly_met(&mut reported.checkpoints) {
            out.push(Polled::Checkpoint { step, index, text });
        }
        serde_json::to_string(&out).unwrap()
    }

    fn lesson_reference(state: &PageState) -> String {
        let lesson = state.lesson.as_ref().map(|run| LessonJs {
            title: &run.lesson.title,
            steps: (run.lesson.steps.iter().enumerate())
                .map(|(s, step)| StepJs { title: &step.title, done: run.progress.is_step_done(s) })
                .collect(),
        });
        serde_json::to_string(&lesson).unwrap()
    }

    /// Each text as serde_json wrote it, checked; returns what was polled.
    fn same_as_serde_json(playground: &Playground) -> String {
        let state = playground.store.state();
        let snapshot = state.snapshot();
        assert_eq!(playground.state(), serde_json::to_string(&StateJs::of(&snapshot)).unwrap());
        assert_eq!(playground.lesson(), lesson_reference(&state));
        let mut reported = playground.reported.borrow().clone();
        if reported.session.as_ref() != Some(&state.completer()) {
            reported = Reported::from_now(&state);
        }
        let expected = poll_reference(&state, &mut reported);
        assert_eq!(playground.poll(), expected);
        expected
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> =
            (0..=0x7f_u8).map(|b| format!("a{}b", char::from(b))).collect();
        texts.extend(
            ["", "\"\\", "né 🐳 \u{7f}\u{80}\u{2028}", "\u{0}\u{1f}\n\r\t"].map(String::from),
        );
        for text in texts {
            let mut json = JsonText::default();
            json.str(&text);
            assert_eq!(json.into_text(), serde_json::to_string(&text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn state_lesson_and_poll_are_what_serde_json_wrote() {
        let options = Options { lesson: Some("drain-and-failover".into()), ..Options::default() };
        let page = options.page().unwrap();
        let lesson = Rc::clone(page.start.lesson().unwrap());
        let playground = Playground::of(page, None);
        let mut polled = same_as_serde_json(&playground);
        for command in lesson.steps.iter().flat_map(|s| &s.commands) {
            playground.run(command);
            playground.advance(30_000.0).unwrap();
            polled += &same_as_serde_json(&playground);
        }
        for kind in ["event", "command", "checkpoint"] {
            assert!(polled.contains(&format!("{{\"type\":\"{kind}\",")), "{kind} polled");
        }
        assert!(playground.store.state().steps_done() > 0, "checkpoints were met");
        playground.run("docker service create --name \"q\" nginx:latest");
        playground.run("sim node kill worker1");
        playground.advance(60_000.0).unwrap();
        same_as_serde_json(&playground);

        // No lesson: `null`.
        let playground = Playground::of(Options::default().page().unwrap(), None);
        assert_eq!(playground.lesson(), "null");
        same_as_serde_json(&playground);
    }
}
