//! The embedding API: `Playground`, one playground an embedder holds, mounted on an element
//! (`mount`) or headless (`create`, in Node with no DOM). `swarm-playground.js` wraps it into
//! the JS API the issue names (`run`, `advance`, `state`, `on`, …), the `<swarm-playground>`
//! element and `embed.html`'s postMessage bridge.
//!
//! Every call acts on the playground's `Store`, so the page and the API see the same state in
//! the same order. Values cross into JS as JSON texts (the module parses them), so the wasm
//! carries one serializer. Nothing here decides anything about the swarm: a call is a
//! `PageAction`, or a read of the session.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use swarm_core::{SimDuration, Snapshot};
use swarm_shell::{Cursor, ExchangeKind, Share};
use wasm_bindgen::prelude::*;

use crate::app::{App, AppProps};
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
    app: Option<yew::AppHandle<App>>,
    /// What `poll` has already reported.
    reported: RefCell<Reported>,
}

/// The cursors of what `poll` reported, for one session (a reset starts them again).
#[derive(Default)]
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
        let props = AppProps { store: Rc::clone(&playground.store), instance };
        playground.app = Some(yew::Renderer::<App>::with_root_and_props(element, props).render());
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
        let snapshot = self.store.state().snapshot();
        serde_json::to_string(&StateJs::of(&snapshot)).unwrap_or_default()
    }

    /// `{ title, steps: [{ title, done }] }` as JSON, or `null` without a lesson.
    pub fn lesson(&self) -> String {
        let state = self.store.state();
        let lesson = state.lesson.as_ref().map(|run| LessonJs {
            title: &run.lesson.title,
            steps: (run.lesson.steps.iter().enumerate())
                .map(|(s, step)| StepJs { title: &step.title, done: run.progress.is_step_done(s) })
                .collect(),
        });
        serde_json::to_string(&lesson).unwrap_or_default()
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
        let mut out = Vec::new();
        let batch = session.read_events(&mut reported.events);
        for event in batch.items {
            out.push(Polled::Event {
                time: event.at.as_millis(),
                text: &event.text,
                service: event.service.as_deref(),
                node: event.node.as_deref(),
            });
        }
        let batch = session.read_transcript(&mut reported.transcript);
        for exchange in batch.items {
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
        serde_json::to_string(&out).unwrap_or_else(|_| "[]".to_string())
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
