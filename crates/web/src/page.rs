//! The page's state, as a reducer: the `Session` (the one owner of the playground), what it
//! started from (`Start`, for a restart), the page's clock, and what the views show of the
//! session: the board's view model (followed from events by a `LiveView`), the plots, the
//! terminal's scrollback and running line, the event log's newest sentences through its filter,
//! the timeline's markers, the prompt, a lesson's progress.
//!
//! Actions only feed the session inputs (time, typed text, the commands buttons and forms stand
//! for, seeks, the embedding API's lines) and read back what changed; no orchestration is
//! decided here. Equality is by `version`, bumped whenever something a view shows has changed;
//! the `Store` holding the state re-renders the page exactly then. The session sits in an
//! `Rc<RefCell<…>>` shared by successive states (as does the live view): cloning a state is
//! cheap, cloning a session is not. The terminal's Tab completion asks the session through a
//! `Completer`, a handle that only reads it.

use std::cell::RefCell;
use std::rc::Rc;

use swarm_core::SimDuration;
use swarm_core::{Command, NodeId, ServiceId, SimTime, Snapshot};
use swarm_shell::lesson::{Progress, Ui};
use swarm_shell::{
    Batch, Completion, Cursor, EventRecord, Exchange, ExchangeKind, Lesson, Scenario, Session,
    Share, Source, Step,
};
use yew::prelude::*;

use crate::actions::{self, NewNode, NewService, NodeIntent, ServiceIntent};
use crate::clock::SimClock;
use crate::live_view::LiveView;
use crate::plots::{self, PlotModel};
use crate::view_model::ClusterVm;

/// The seed the page starts from, so every visitor sees the same story.
pub const DEFAULT_SEED: u64 = 1;

/// The command the page opens with: the tutorials' first step.
pub const OPENING_COMMAND: &str = "docker service create --name web --replicas 4 nginx:latest";

/// Entries the scrollback keeps; older ones scroll away.
pub const SCROLLBACK_MAX: usize = 200;

/// The cluster's steps one frame may take to jump over a `sleep` or a `sim step`, so that a
/// week of `sleep` over a busy swarm runs over many frames instead of freezing the page.
pub const FRAME_WORK: u64 = 5_000;

/// Sentences the event log shows; older ones scroll away (`sim events` lists the session's log).
pub const EVENTS_SHOWN: usize = 100;

/// How often frames refresh the event log, in wall-clock milliseconds (an action refreshes it
/// at once). A busy swarm writes sentences by the dozen every frame, faster than anyone reads;
/// laying the list out again every frame was a third of a frame's work during a rolling update
/// of 1 000 tasks (bench-page's trace).
pub const EVENTS_REFRESH_MS: f64 = 250.0;

/// What the page can ask of the playground.
#[derive(Debug, Clone, PartialEq)]
pub enum PageAction {
    /// An animation frame at this wall-clock time (milliseconds, the frame's timestamp).
    Frame(f64),
    /// Play or pause simulated time.
    TogglePause,
    /// Pause (`true`) or play.
    SetPaused(bool),
    /// Simulated milliseconds per wall-clock millisecond.
    SetSpeed(f64),
    /// Start over from time zero with this seed.
    Restart(u64),
    /// Pause, and let time run to the next moment something happens.
    Step,
    /// Pause and show the swarm at this moment of the timeline, keeping what came later.
    Seek(SimTime),
    /// Back to the live edge of the timeline, playing.
    End,
    /// A command for the cluster, applied at the current time.
    Command(Box<Command>),
    /// A service's button or form.
    Service { service: ServiceId, intent: ServiceIntent },
    /// A node's button.
    Node { node: NodeId, intent: NodeIntent },
    /// The create-service form.
    CreateService(NewService),
    /// The add-node form.
    AddNode(NewNode),
    /// Show only the events about this service and node (`None`: any).
    FilterEvents(EventFilter),
    /// Show the stopped tasks on the board, or not.
    ShowHistory(bool),
    /// Dismiss the last error.
    DismissError,
    /// Text typed or pasted into the terminal: one or more lines, prompts and all.
    Type(String),
    /// Ctrl-C: stop waiting on the running line (the swarm carries on).
    Interrupt,
    /// A script's line (the embedding API's `run`): typed, then played to its end at once,
    /// as `swarm run` plays it, with time jumping ahead as far as it waits.
    Run(String),
    /// Simulated time passes (the embedding API's `advance`), whether or not the page plays.
    Advance(SimDuration),
    /// Back this far, dropping what came later (`sim rewind`).
    Rewind(SimDuration),
}

impl PageAction {
    /// `PageAction::Command` of `command`.
    pub fn command(command: Command) -> PageAction {
        PageAction::Command(Box::new(command))
    }
}

/// Which events the event log shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    pub service: Option<String>,
    pub node: Option<String>,
}

impl EventFilter {
    pub fn keeps(&self, event: &EventRecord) -> bool {
        let matches = |want: &Option<String>, has: &Option<String>| {
            want.as_ref().is_none_or(|want| has.as_ref() == Some(want))
        };
        matches(&self.service, &event.service) && matches(&self.node, &event.node)
    }
}

/// A moment the timeline marks: a command, or a fault (a machine powered off, a task made to
/// fail, an engine leaving the swarm).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub at: SimTime,
    /// The command line, or the line the page action stands for.
    pub line: String,
    pub fault: bool,
    /// The exchange's serial, unique in the session.
    pub serial: u64,
}

impl Marker {
    fn of(exchange: &Exchange) -> Option<Marker> {
        let line = match &exchange.kind {
            ExchangeKind::Line(typed) => swarm_shell::parse::line::joined(typed),
            ExchangeKind::Action { line, .. } => line.clone(),
            ExchangeKind::Comment(_) | ExchangeKind::Note(_) => return None,
        };
        const FAULTS: [&str; 3] = ["sim node kill", "sim task fail", "docker swarm leave"];
        let fault = FAULTS.iter().any(|f| line.starts_with(f));
        Some(Marker { at: exchange.at, line, fault, serial: exchange.serial })
    }
}

/// The running line as the terminal shows it: its exchange so far, and the live display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub exchange: Exchange,
    pub screen: String,
}

/// The terminal's Tab completion, asked of the live session: a handle that only reads it.
/// Equal while it is the same session, so it also tells a restart (a new session) apart.
#[derive(Debug, Clone)]
pub struct Completer(Rc<RefCell<Session>>);

impl PartialEq for Completer {
    fn eq(&self, other: &Completer) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Completer {
    /// `Session::complete`: what Tab completes at the end of `text`.
    pub fn complete(&self, text: &str) -> Completion {
        self.0.borrow().complete(text)
    }
}

/// What a playground starts from; a restart starts it again from the same, with a seed.
#[derive(Debug, Clone, PartialEq)]
pub enum Start {
    /// The tutorials' three-node lab, with `OPENING_COMMAND` typed.
    Default,
    /// A lesson's swarm, its setup done; `file`: the lesson file's text, which a share link
    /// carries (`None`: a built-in lesson, which a share link names).
    Lesson { lesson: Rc<Lesson>, file: Option<Rc<str>> },
    /// A scenario file's swarm, nothing typed; `text`: the file, which a share link carries.
    Scenario { scenario: Rc<Scenario>, text: Rc<str> },
}

impl Start {
    /// A built-in lesson, or why there is none of that name. `file` is the lesson's file as the
    /// module fetched it (`lessons/NAME.json`) for a build without the files compiled in (the
    /// release wasm); one compiled in is used first.
    pub fn builtin_lesson(name: &str, file: Option<&str>) -> Result<Start, String> {
        if !Lesson::builtin_names().any(|n| n == name) {
            let names: Vec<&str> = Lesson::builtin_names().collect();
            return Err(format!(
                "no such lesson: {name} (the built-in lessons are {})",
                names.join(", ")
            ));
        }
        let Some(text) = Lesson::builtin(name).or(file) else {
            return Err(format!("lesson {name}: its file lessons/{name}.json could not be loaded"));
        };
        let lesson = Lesson::parse(text).map_err(|e| format!("lesson {name}: {e}"))?;
        if lesson.name != name {
            return Err(format!("lesson {name}: its file is the lesson {}", lesson.name));
        }
        Ok(Start::Lesson { lesson: Rc::new(lesson), file: None })
    }

    /// A lesson file's text, or its first error (with field and line).
    pub fn lesson_file(text: &str) -> Result<Start, String> {
        let lesson = Lesson::parse(text).map_err(|e| e.to_string())?;
        Ok(Start::Lesson { lesson: Rc::new(lesson), file: Some(Rc::from(text)) })
    }

    /// A scenario file's text, or its first error.
    pub fn scenario_file(text: &str) -> Result<Start, String> {
        let scenario = Scenario::parse(text).map_err(|e| format!("invalid scenario: {e}"))?;
        Ok(Start::Scenario { scenario: Rc::new(scenario), text: Rc::from(text) })
    }

    /// Where a share link's session started (`lesson_file`: a built-in lesson's file, as for
    /// `builtin_lesson`).
    pub fn of_share(share: &Share, lesson_file: Option<&str>) -> Result<Start, String> {
        match &share.source {
            Source::Default => Ok(Start::Default),
            Source::Lesson(name) => Start::builtin_lesson(name, lesson_file),
            Source::LessonFile(text) => Start::lesson_file(text),
            Source::Scenario(text) => Start::scenario_file(text),
        }
    }

    /// What a share link carries of this start.
    pub fn share_source(&self) -> Source {
        match self {
            Start::Default => Source::Default,
            Start::Lesson { lesson, file: None } => Source::Lesson(lesson.name.clone()),
            Start::Lesson { file: Some(text), .. } => Source::LessonFile(text.to_string()),
            Start::Scenario { text, .. } => Source::Scenario(text.to_string()),
        }
    }

    /// The lesson this start plays, if any.
    pub fn lesson(&self) -> Option<&Rc<Lesson>> {
        match self {
            Start::Lesson { lesson, .. } => Some(lesson),
            Start::Default | Start::Scenario { .. } => None,
        }
    }

    /// The seed a playground of this start uses when none is asked for.
    pub fn seed(&self) -> u64 {
        self.lesson().map_or(DEFAULT_SEED, |lesson| lesson.setup.seed)
    }

    /// What the page shows and allows (a lesson says; otherwise everything).
    pub fn ui(&self) -> Ui {
        self.lesson().map_or_else(Ui::default, |lesson| lesson.ui.clone())
    }

    /// A fresh session of this start, with this seed; a lesson whose setup fails says why.
    pub fn session(&self, seed: u64) -> Result<Session, String> {
        match self {
            Start::Default => {
                let mut session = Session::new(Scenario::default(), seed);
                session.type_text(OPENING_COMMAND).map_err(|e| e.to_string())?;
                Ok(session)
            }
            Start::Lesson { lesson, .. } => {
                let mut seeded = Lesson::clone(lesson);
                seeded.setup.seed = seed;
                seeded.start().map_err(|e| e.to_string())
            }
            Start::Scenario { scenario, .. } => Ok(Session::new(Scenario::clone(scenario), seed)),
        }
    }
}

/// A lesson played on the page: the lesson, and the learner's progress (copied on write, so
/// a view compares it by identity).
#[derive(Debug, Clone, PartialEq)]
pub struct LessonRun {
    pub lesson: Rc<Lesson>,
    pub progress: Rc<Progress>,
}

#[derive(Debug, Clone)]
pub struct PageState {
    session: Rc<RefCell<Session>>,
    /// What a restart starts from again.
    pub start: Rc<Start>,
    /// Which panels show, the speed a lesson asks for, read-only.
    pub ui: Rc<Ui>,
    /// The lesson being played, if any.
    pub lesson: Option<LessonRun>,
    pub clock: SimClock,
    pub seed: u64,
    /// The last rejected input's error, in docker's words, until dismissed.
    pub error: Option<String>,
    /// The board's view model, kept up to date from the session's events by `board`.
    pub vm: Rc<ClusterVm>,
    /// The board shows stopped tasks.
    pub history: bool,
    board: Rc<RefCell<LiveView>>,
    /// The terminal's scrollback: the newest finished exchanges, oldest first.
    pub log: Rc<Vec<Rc<Exchange>>>,
    /// The line still running, if any.
    pub running: Option<Rc<Running>>,
    /// The event log's newest sentences that pass `event_filter`, oldest first.
    pub events: Rc<Vec<Rc<EventRecord>>>,
    pub event_filter: EventFilter,
    /// Per service, tasks running against desired up to the playhead (copied on write).
    pub plots: Rc<PlotModel>,
    /// The prompt of the next line: `manager1:~$ `, or `> ` inside a continuation.
    pub prompt: Rc<String>,
    pub busy: bool,
    /// The end of the timeline; `clock.now()` is behind it after a seek.
    pub head: SimTime,
    /// The timeline's commands and faults, in time order, after the playhead too.
    pub markers: Rc<Vec<Marker>>,
    /// What a step found when nothing happens soon, until the next action.
    pub notice: Option<String>,
    /// The image references the registry knows, for suggestions.
    pub images: Rc<Vec<String>>,
    /// What the last `PageAction::Run` printed.
    pub run_output: Rc<String>,
    log_cursor: Cursor,
    event_cursor: Cursor,
    /// The wall-clock time frames last refreshed the event log, and the frame's, while one is
    /// reduced.
    events_read_at: f64,
    frame_at: Option<f64>,
    plot_cursor: Cursor,
    board_cursor: Cursor,
    version: u64,
}

impl PartialEq for PageState {
    fn eq(&self, other: &PageState) -> bool {
        self.version == other.version
    }
}

impl Default for PageState {
    fn default() -> PageState {
        PageState::new(DEFAULT_SEED)
    }
}

impl PageState {
    /// The tutorials' three-node lab, with the opening command typed into the terminal.
    pub fn new(seed: u64) -> PageState {
        let start = Rc::new(Start::Default);
        let session = start.session(seed).expect("the default lab starts");
        PageState::of_session(start, session, 0)
    }

    /// A playground of `start` with `seed`, or why its setup failed.
    pub fn start(start: Start, seed: u64) -> Result<PageState, String> {
        let session = start.session(seed)?;
        Ok(PageState::of_session(Rc::new(start), session, 0))
    }

    /// The page over a session of `start`, perhaps already under way (a share link opened,
    /// with its lesson's first `steps_done` steps done); a restart starts again from `start`.
    pub fn of_session(start: Rc<Start>, session: Session, steps_done: usize) -> PageState {
        let lesson = start.lesson().map(|lesson| {
            let progress =
                Progress::with_steps_done(lesson, steps_done, session.transcript().len());
            LessonRun { lesson: Rc::clone(lesson), progress: Rc::new(progress) }
        });
        let seed = session.seed();
        let board = LiveView::new(session.cluster(), false);
        let prompt = Rc::new(session.prompt());
        let ui = Rc::new(start.ui());
        let mut clock = SimClock::default();
        clock.set_speed(ui.speed);
        let mut state = PageState {
            session: Rc::new(RefCell::new(session)),
            start,
            ui,
            lesson,
            clock,
            seed,
            error: None,
            vm: Rc::clone(board.vm()),
            history: false,
            board: Rc::new(RefCell::new(board)),
            log: Rc::default(),
            running: None,
            events: Rc::default(),
            event_filter: EventFilter::default(),
            plots: Rc::default(),
            prompt,
            busy: false,
            head: SimTime::ZERO,
            markers: Rc::default(),
            notice: None,
            images: Rc::default(),
            run_output: Rc::default(),
            log_cursor: Cursor::default(),
            event_cursor: Cursor::default(),
            events_read_at: f64::NEG_INFINITY,
            frame_at: None,
            plot_cursor: Cursor::default(),
            board_cursor: Cursor::default(),
            version: 0,
        };
        state.sync();
        state
    }

    /// Shows the panels and allows what `ui` says, at its speed.
    pub fn set_ui(&mut self, ui: Ui) {
        self.clock.set_speed(ui.speed);
        self.ui = Rc::new(ui);
        self.version += 1;
    }

    /// The swarm at the playhead, copied whole (for tests and one-off reads; views use `vm`).
    pub fn snapshot(&self) -> Snapshot {
        self.session.borrow().snapshot()
    }

    /// The version views compare; it moves whenever anything shown changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Tab completion over this state's session, for the terminal.
    pub fn completer(&self) -> Completer {
        Completer(Rc::clone(&self.session))
    }

    /// The session, for a view that needs more than the state keeps (read only).
    pub fn session(&self) -> std::cell::Ref<'_, Session> {
        self.session.borrow()
    }

    /// Gives the session a command a button or form stands for; a form's mistake or the
    /// daemon's refusal is shown until dismissed, and changes nothing.
    fn apply(&mut self, command: Result<Command, String>) {
        let result = command.and_then(|command| {
            let result = self.session.borrow_mut().command(command);
            result.map_err(|err| format!("Error response from daemon: {err}"))
        });
        self.error = result.err();
        self.sync();
    }

    /// Reads what changed in the session into what the views show; says whether anything
    /// did.
    fn sync(&mut self) -> bool {
        let session = self.session.borrow();
        let mut changed = false;

        // The session is the clock's truth: a `sleep` moves it ahead, a rewind back.
        let now = session.now();
        if now != self.clock.now() {
            self.clock.set_now(now);
        }

        let mut log_moved = false;
        if let Some(log) = follow(
            &self.log,
            session.read_transcript(&mut self.log_cursor),
            session.transcript(),
            SCROLLBACK_MAX,
            |_| true,
        ) {
            self.log = log;
            changed = true;
            log_moved = true;
        }

        // Asked every frame while a line runs: the exchange is copied only when another line
        // runs (its own text does not change until it ends), the screen when it moves.
        let running = session.running();
        let same = match (&running, self.running.as_deref()) {
            (None, None) => true,
            (Some((exchange, screen)), Some(shown)) => {
                let shown_line = &shown.exchange;
                (shown_line.seq, shown_line.at, &shown_line.kind)
                    == (exchange.seq, exchange.at, &exchange.kind)
                    && shown.screen == *screen
            }
            _ => false,
        };
        if !same {
            self.running = running
                .map(|(exchange, screen)| Rc::new(Running { exchange: exchange.clone(), screen }));
            changed = true;
        }

        let events_due = match self.frame_at {
            None => true,
            Some(wall) => wall - self.events_read_at >= EVENTS_REFRESH_MS,
        };
        if events_due {
            if let Some(wall) = self.frame_at {
                self.events_read_at = wall;
            }
            let filter = &self.event_filter;
            let events = follow(
                &self.events,
                session.read_events(&mut self.event_cursor),
                session.events(),
                EVENTS_SHOWN,
                |e| filter.keeps(e),
            );
            if let Some(events) = events {
                self.events = events;
                changed = true;
            }
        }
        changed |= plots::follow(&mut self.plots, &session, &mut self.plot_cursor);

        let prompt = session.prompt();
        if prompt != *self.prompt {
            self.prompt = Rc::new(prompt);
            changed = true;
        }
        let busy = session.is_busy();
        changed |= busy != self.busy;
        self.busy = busy;

        let head = session.head();
        changed |= head != self.head;
        self.head = head;
        // The catalog changes only by a line (`sim image add`, or a rewind past one): looked at
        // when the scrollback moved.
        let catalog = session.cluster().images();
        if (self.images.is_empty() || log_moved) && catalog.iter().count() != self.images.len() {
            self.images = Rc::new(catalog.iter().map(|i| i.reference.clone()).collect());
            changed = true;
        }
        if let Some(markers) = follow_markers(&self.markers, session.recorded_transcript()) {
            self.markers = markers;
            changed = true;
        }

        // The board follows the events (work in proportion to them), or is built again when
        // the timeline changed under it.
        let batch = session.read_events(&mut self.board_cursor);
        let events_moved = !batch.items.is_empty() || batch.dropped_from.is_some();
        let mut board = self.board.borrow_mut();
        if batch.dropped_from.is_some() {
            board.rebuild(session.cluster());
        } else {
            board.follow(session.cluster(), batch.items);
        }
        if !Rc::ptr_eq(board.vm(), &self.vm) {
            self.vm = Rc::clone(board.vm());
            changed = true;
        }

        // A lesson's checkpoints, at the head only (the past is for looking), when the
        // transcript or the swarm moved: a snapshot of a lesson's small swarm (at most
        // `LESSON_NODES_MAX` nodes and `LESSON_TASKS_MAX` tasks).
        if let Some(run) = &mut self.lesson
            && session.is_at_head()
            && (log_moved || events_moved)
        {
            let mut progress = Progress::clone(&run.progress);
            progress.update(&run.lesson, &session.snapshot(), session.transcript());
            if progress != *run.progress {
                run.progress = Rc::new(progress);
                changed = true;
            }
        }
        changed
    }

    /// The steps done of the lesson played (0 without one).
    pub fn steps_done(&self) -> u32 {
        self.lesson.as_ref().map_or(0, |run| run.progress.steps_done() as u32)
    }

    /// The checkpoints met since `reported` was last updated (per step, per checkpoint),
    /// as (step, checkpoint, its text); updates `reported`.
    pub fn newly_met(&self, reported: &mut Vec<Vec<bool>>) -> Vec<(usize, usize, String)> {
        let Some(run) = &self.lesson else { return Vec::new() };
        let mut met = Vec::new();
        reported.resize_with(run.lesson.steps.len(), Vec::new);
        for (s, step) in run.lesson.steps.iter().enumerate() {
            let now = run.progress.met(s);
            for (c, checkpoint) in step.checkpoints.iter().enumerate() {
                let was = reported[s].get(c).copied().unwrap_or(false);
                if now.get(c).copied().unwrap_or(false) && !was {
                    met.push((s, c, checkpoint.to_string()));
                }
            }
            reported[s] = now;
        }
        met
    }
}

/// The newest `max` items that `keep` keeps of a list a cursor reads (the scrollback, the
/// event log), if the read changed them: what is new is appended; when the timeline changed
/// under it (a rewind), they are taken again from the session. Each item is copied once, when
/// it first shows.
fn follow<T: Clone>(
    shown: &Rc<Vec<Rc<T>>>,
    batch: Batch<'_, T>,
    all: &[T],
    max: usize,
    keep: impl Fn(&T) -> bool,
) -> Option<Rc<Vec<Rc<T>>>> {
    let mut list = match batch.dropped_from {
        Some(_) => newest(all, max, &keep),
        None => {
            let new = newest(batch.items, max, &keep);
            if new.is_empty() {
                return None;
            }
            let mut list = shown.as_ref().clone();
            list.extend(new);
            list
        }
    };
    let excess = list.len().saturating_sub(max);
    list.drain(..excess);
    Some(Rc::new(list))
}

/// The newest `max` of `items` that `keep` keeps, oldest first.
fn newest<T: Clone>(items: &[T], max: usize, keep: &impl Fn(&T) -> bool) -> Vec<Rc<T>> {
    let mut list: Vec<Rc<T>> =
        items.iter().rev().filter(|i| keep(i)).take(max).cloned().map(Rc::new).collect();
    list.reverse();
    list
}

/// The timeline's markers, if the recorded exchanges changed: new ones are appended; when the
/// timeline branched (its last marked exchange is gone) they are taken again.
fn follow_markers(shown: &Rc<Vec<Marker>>, recorded: &[Exchange]) -> Option<Rc<Vec<Marker>>> {
    let last_shown = shown.last().map(|m| m.serial);
    // Serials grow along the timeline: what is new comes after the last one shown.
    let kept = match last_shown {
        None => 0,
        Some(serial) => recorded.partition_point(|e| e.serial <= serial),
    };
    let still_there = match last_shown {
        None => true,
        Some(serial) => kept > 0 && recorded[kept - 1].serial == serial,
    };
    if still_there {
        let new: Vec<Marker> = recorded[kept..].iter().filter_map(Marker::of).collect();
        if new.is_empty() {
            return None;
        }
        let mut list = shown.as_ref().clone();
        list.extend(new);
        return Some(Rc::new(list));
    }
    Some(Rc::new(recorded.iter().filter_map(Marker::of).collect()))
}

impl Reducible for PageState {
    type Action = PageAction;

    fn reduce(self: Rc<Self>, action: PageAction) -> Rc<Self> {
        let mut next = (*self).clone();
        next.notice = None;
        match action {
            PageAction::Frame(wall_ms) => {
                next.clock.tick(wall_ms);
                let target = next.clock.now();
                {
                    let mut session = next.session.borrow_mut();
                    if session.waiting_until().is_some() {
                        // Still jumping over a long `sleep`: on, as fast as frames allow.
                        session.fast_forward(FRAME_WORK);
                    } else if target > session.now() {
                        session.advance_to(target);
                    }
                }
                next.frame_at = Some(wall_ms);
                let changed = next.sync();
                next.frame_at = None;
                if !changed {
                    // Only the clock moved within a second: keep it, show nothing new (the
                    // store compares versions, so this does not re-render).
                    return Rc::new(next);
                }
            }
            PageAction::TogglePause => next.clock.set_paused(!next.clock.is_paused()),
            PageAction::SetPaused(paused) => next.clock.set_paused(paused),
            PageAction::Run(line) => {
                let output = {
                    let mut session = next.session.borrow_mut();
                    // As a script: what runs now ends first, so the output is the line's own.
                    session.run_until_idle();
                    let from = session.transcript().len();
                    let typed = session.type_text(&line);
                    session.run_until_idle();
                    match typed {
                        Ok(()) => session
                            .transcript()
                            .get(from..)
                            .unwrap_or_default()
                            .iter()
                            .map(Exchange::output_text)
                            .collect::<String>(),
                        Err(error) => format!("Error response from daemon: {error}\n"),
                    }
                };
                next.run_output = Rc::new(output);
                next.sync();
            }
            PageAction::Advance(by) => {
                next.session.borrow_mut().advance_by(by);
                next.sync();
            }
            PageAction::Rewind(by) => {
                next.session.borrow_mut().rewind(by);
                next.sync();
            }
            PageAction::SetSpeed(speed) => next.clock.set_speed(speed),
            PageAction::Command(command) => next.apply(Ok(*command)),
            PageAction::Service { service, intent } => {
                let command = actions::service_command(next.session().cluster(), service, &intent);
                next.apply(command);
            }
            PageAction::Node { node, intent } => {
                next.apply(Ok(actions::node_command(node, intent)));
            }
            PageAction::CreateService(form) => next.apply(actions::create_service(&form)),
            PageAction::AddNode(form) => next.apply(actions::add_node(&form)),
            PageAction::Step => {
                next.clock.set_paused(true);
                let step = next.session.borrow_mut().step();
                if step == Step::Quiet {
                    next.notice = Some(
                        "Nothing happens in the next hour of simulated time: the swarm is at rest."
                            .to_string(),
                    );
                }
                next.sync();
            }
            PageAction::Seek(at) => {
                next.clock.set_paused(true);
                next.session.borrow_mut().seek(at);
                next.sync();
            }
            PageAction::End => {
                {
                    let mut session = next.session.borrow_mut();
                    let head = session.head();
                    session.seek(head);
                }
                next.clock.set_paused(false);
                next.sync();
            }
            PageAction::DismissError => next.error = None,
            PageAction::ShowHistory(history) => {
                next.history = history;
                let mut board = next.board.borrow_mut();
                board.set_history(next.session.borrow().cluster(), history);
                next.vm = Rc::clone(board.vm());
            }
            PageAction::FilterEvents(filter) => {
                let events = newest(next.session().events(), EVENTS_SHOWN, &|e| filter.keeps(e));
                next.events = Rc::new(events);
                next.event_filter = filter;
            }
            PageAction::Type(text) => {
                {
                    let mut session = next.session.borrow_mut();
                    match session.type_text(&text) {
                        // A `sleep` or `sim step` shows nothing on the way: no one should
                        // have to watch a `sleep 60`.
                        Ok(()) => {
                            session.fast_forward(FRAME_WORK);
                        }
                        // The session's own limits, in the daemon's words as on every path.
                        Err(error) => {
                            next.error = Some(format!("Error response from daemon: {error}"));
                        }
                    }
                }
                next.sync();
            }
            PageAction::Interrupt => {
                next.session.borrow_mut().interrupt();
                next.sync();
            }
            PageAction::Restart(seed) => {
                let mut fresh = match self.start.session(seed) {
                    Ok(session) => PageState::of_session(Rc::clone(&self.start), session, 0),
                    Err(error) => {
                        next.error = Some(error);
                        next.version = self.version + 1;
                        return Rc::new(next);
                    }
                };
                if self.history {
                    fresh = Rc::new(fresh).reduce(PageAction::ShowHistory(true)).as_ref().clone();
                }
                // The page's settings stay as they were (the embedder's panels, read-only).
                fresh.ui = Rc::clone(&self.ui);
                fresh.clock.set_speed(self.clock.speed());
                fresh.clock.set_paused(self.clock.is_paused());
                fresh.version = self.version + 1;
                return Rc::new(fresh);
            }
        }
        next.version = self.version + 1;
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_core::{SimTime, TaskState};
    use swarm_shell::ExchangeKind;

    fn run_frames(mut state: Rc<PageState>, frames: u32, frame_ms: f64) -> Rc<PageState> {
        for i in 0..=frames {
            state = state.reduce(PageAction::Frame(f64::from(i) * frame_ms));
        }
        state
    }

    fn running(state: &PageState) -> usize {
        state.snapshot().tasks.iter().filter(|t| t.state == TaskState::Running).count()
    }

    fn line(exchange: &Exchange) -> &str {
        match &exchange.kind {
            ExchangeKind::Line(line) => line,
            other => panic!("not a line: {other:?}"),
        }
    }

    #[test]
    fn the_opening_command_animates_its_progress_then_finishes() {
        let start = Rc::new(PageState::default());
        assert_eq!(running(&start), 0);
        assert!(start.log.is_empty());
        let first = start.running.as_ref().expect("the opening command runs");
        assert_eq!(line(&first.exchange), OPENING_COMMAND);
        assert!(start.busy);
        assert!(first.screen.contains("overall progress: 0 out of 4 tasks"), "{}", first.screen);
        let later = run_frames(start, 12 * 60, 1000.0 / 60.0);
        assert_eq!(running(&later), 4);
        assert!(!later.busy);
        assert!(later.running.is_none());
        assert!(
            later.log[0].output_text().ends_with("verify: Service converged \n"),
            "{}",
            later.log[0].output_text()
        );
        assert!(
            later.events.iter().any(
                |e| e.text.starts_with("web.1 on ") && e.text.ends_with(": starting → running")
            )
        );
    }

    #[test]
    fn lines_typed_while_busy_wait_their_turn() {
        let state = Rc::new(PageState::default());
        let typed = state.reduce(PageAction::Type("$ docker service ls\ndocker node ls".into()));
        assert!(typed.log.is_empty(), "the opening command still runs");
        let later = run_frames(typed, 12 * 60, 1000.0 / 60.0);
        assert_eq!(later.log.len(), 3);
        assert_eq!(line(&later.log[1]), "docker service ls");
        assert!(later.log[1].output_text().contains("4/4"), "{}", later.log[1].output_text());
        assert!(later.log[2].output_text().contains("MANAGER STATUS"));
    }

    #[test]
    fn continuations_and_interrupts() {
        let state = Rc::new(PageState::default()).reduce(PageAction::Interrupt);
        assert!(!state.busy);
        assert!(state.log[0].output_text().contains("Operation continuing in background."));
        assert!(state.log[0].interrupted);
        let half = state.reduce(PageAction::Type("docker service scale \\".into()));
        assert_eq!(half.prompt.as_str(), "> ");
        let whole = half.reduce(PageAction::Type("> web=2 -d".into()));
        // Echoed as typed: the continued line, then the next after its `> ` prompt.
        assert_eq!(line(whole.log.last().unwrap()), "docker service scale \\\nweb=2 -d");
        assert_eq!(whole.log.last().unwrap().output_text(), "web scaled to 2\n");
        assert_eq!(whole.prompt.as_str(), "manager1:~$ ");
    }

    #[test]
    fn sleep_moves_the_page_clock_too() {
        let state = run_frames(Rc::new(PageState::default()), 12 * 60, 1000.0 / 60.0);
        let before = state.clock.now();
        let slept = state.reduce(PageAction::Type("sleep 30".into()));
        assert_eq!(slept.clock.now(), before + swarm_core::SimDuration::from_secs(30));
        assert_eq!(slept.snapshot().now, slept.clock.now());
        assert!(!slept.busy, "a sleep is jumped over");
    }

    #[test]
    fn a_long_sleep_over_a_busy_swarm_runs_over_frames() {
        let state = Rc::new(PageState::default()).reduce(PageAction::Interrupt);
        let typed = "sim image add crash --exit-after 1s --exit-code 1\n\
                     docker service create -d --name c --replicas 20 crash\nsleep 1h";
        let mut state = state.reduce(PageAction::Type(typed.into()));
        let start = state.running.as_ref().expect("the sleep runs").exchange.at;
        assert!(state.busy, "the sleep goes on over the next frames");
        let mut frames = 0;
        while state.busy {
            let before = state.session().cluster().steps();
            state = state.reduce(PageAction::Frame(f64::from(frames) * 16.0));
            let steps = state.session().cluster().steps() - before;
            assert!(steps <= 2 * FRAME_WORK, "a frame took {steps} steps");
            assert_eq!(state.clock.now(), state.session().now(), "the clock follows");
            frames += 1;
            assert!(frames < 100_000, "the sleep never ended");
        }
        assert!(frames > 1, "an hour of a crash loop is more than one frame's work");
        assert_eq!(state.clock.now(), start + swarm_core::SimDuration::from_secs(3600));
    }

    #[test]
    fn a_rewind_takes_the_clock_and_the_views_back() {
        let state = run_frames(Rc::new(PageState::default()), 12 * 60, 1000.0 / 60.0);
        let drained = state
            .reduce(PageAction::Type("docker node update --availability drain worker1".into()));
        let drained_at = drained.clock.now();
        let later = drained.reduce(PageAction::Type("sleep 30".into()));
        assert!(later.snapshot().nodes.iter().any(|n| n.availability.as_str() == "drain"));
        let back = later.reduce(PageAction::Type("sim rewind 30s".into()));
        assert_eq!(back.clock.now(), drained_at);
        assert!(back.snapshot().nodes.iter().all(|n| n.availability.as_str() == "active"));
        match &back.log.last().expect("the note").kind {
            ExchangeKind::Note(note) => {
                assert!(note.contains("docker node update --availability drain worker1"), "{note}")
            }
            other => panic!("not a note: {other:?}"),
        }
    }

    #[test]
    fn a_rolling_update_shows_its_progress_then_completes() {
        let state = run_frames(Rc::new(PageState::default()), 12 * 60, 1000.0 / 60.0);
        let updating = state
            .reduce(PageAction::Type("docker service update -d --image nginx:1.25 web".into()));
        let vm = crate::view_model::ClusterVm::of(&updating.snapshot());
        let update = vm.services[0].update.clone().expect("an update status");
        assert_eq!(update.state.as_str(), "updating");
        assert!(update.label.starts_with("updating 0/4"), "{}", update.label);
        assert_eq!(update.message.as_str(), "update in progress");
        let later = updating.reduce(PageAction::Type("sleep 60".into()));
        let vm = crate::view_model::ClusterVm::of(&later.snapshot());
        let update = vm.services[0].update.clone().expect("an update status");
        assert_eq!(update.label.as_str(), "completed");
    }

    #[test]
    fn frames_refresh_the_event_log_four_times_a_second() {
        let mut state = Rc::new(PageState::default());
        let mut refreshed = 0;
        let mut shown = Rc::clone(&state.events);
        for i in 0..=120 {
            state = state.reduce(PageAction::Frame(f64::from(i) * 1000.0 / 60.0));
            if !Rc::ptr_eq(&shown, &state.events) {
                refreshed += 1;
                shown = Rc::clone(&state.events);
            }
        }
        // Two seconds of the opening command (events every frame): at most 9 refreshes.
        assert!((2..=9).contains(&refreshed), "{refreshed} refreshes in 2 s");
        // An action shows what came at once.
        let typed = state.reduce(PageAction::Type("sim node kill worker2".into()));
        let all = typed.session().events().len();
        assert_eq!(
            typed.events.last().map(|e| e.serial),
            typed.session().events().get(all - 1).map(|e| e.serial)
        );
    }

    #[test]
    fn paused_frames_change_nothing() {
        let state = run_frames(Rc::new(PageState::default()), 30, 16.0);
        // The first frame after the pause may still show sentences a frame held back (the
        // event log is refreshed every `EVENTS_REFRESH_MS`); after it, nothing moves.
        let paused = state.reduce(PageAction::TogglePause).reduce(PageAction::Frame(1_000.0));
        let version = paused.version();
        let now = paused.clock.now();
        let after = paused.reduce(PageAction::Frame(5_000.0)).reduce(PageAction::Frame(5_016.0));
        assert_eq!(after.clock.now(), now);
        assert!(after.busy, "the opening command waits while time stands still");
        assert_eq!(after.version(), version, "nothing to re-render while paused");
    }

    #[test]
    fn commands_apply_and_errors_are_kept_until_dismissed() {
        let state = run_frames(Rc::new(PageState::default()), 60, 100.0);
        let web = state.snapshot().services[0].id;
        let scaled =
            state.reduce(PageAction::command(Command::ScaleService { service: web, replicas: 6 }));
        assert_eq!(scaled.snapshot().services[0].replicas_desired, 6);
        assert_eq!(scaled.error, None);
        // The terminal shows the command line the button stands for.
        match &scaled.log.last().expect("an action").kind {
            ExchangeKind::Action { line, .. } => assert_eq!(line, "docker service scale web=6"),
            other => panic!("not an action: {other:?}"),
        }

        let worker1 = scaled.snapshot().nodes[1].id;
        let off = scaled.reduce(PageAction::command(Command::PowerOffNode(worker1)));
        let again = off.reduce(PageAction::command(Command::PowerOffNode(worker1)));
        assert_eq!(
            again.error.as_deref(),
            Some("Error response from daemon: node worker1 is already powered off")
        );
        assert_eq!(again.reduce(PageAction::DismissError).error, None);
    }

    fn action_lines(state: &PageState) -> Vec<String> {
        state
            .log
            .iter()
            .filter_map(|e| match &e.kind {
                ExchangeKind::Action { line, .. } => Some(line.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn service_and_node_buttons_run_the_commands_their_docker_lines_would() {
        let state = run_frames(Rc::new(PageState::default()), 60, 100.0);
        let web = state.snapshot().services[0].id;
        let image = ServiceIntent::ChangeImage("nginx:1.25".into());
        let state = state.reduce(PageAction::Service { service: web, intent: image });
        assert_eq!(state.snapshot().services[0].image, "nginx:1.25");
        let state =
            state.reduce(PageAction::Service { service: web, intent: ServiceIntent::Rollback });
        let worker2 = state.snapshot().nodes[2].id;
        let state = state.reduce(PageAction::Node { node: worker2, intent: NodeIntent::Promote });
        let new = NewNode {
            hostname: "worker3".into(),
            role: "worker".into(),
            labels: "zone=b".into(),
            ..NewNode::default()
        };
        let state = state.reduce(PageAction::AddNode(new));
        assert_eq!(state.error, None);
        assert_eq!(
            action_lines(&state),
            [
                "docker service update --image nginx:1.25 web",
                "docker service rollback web",
                "docker node promote worker2",
                "sim node add worker3 --label 'zone=b'",
            ]
        );

        // A form's mistake is pflag's error, and changes nothing.
        let bad = crate::actions::UpdateConfigForm {
            parallelism: "-1".into(),
            ..crate::actions::UpdateConfigForm::default()
        };
        let version = state.session().journal().len();
        let refused = state
            .reduce(PageAction::Service { service: web, intent: ServiceIntent::UpdateConfig(bad) });
        assert_eq!(
            refused.error.as_deref(),
            Some(
                "invalid argument \"-1\" for \"--update-parallelism\" flag: strconv.ParseUint: parsing \"-1\": invalid syntax"
            )
        );
        assert_eq!(refused.session().journal().len(), version);
        // docker refuses to remove a node that is up.
        let removed =
            refused.reduce(PageAction::Node { node: worker2, intent: NodeIntent::Remove });
        assert!(removed.error.as_deref().unwrap_or("").starts_with("Error response from daemon: "));
        assert_eq!(removed.snapshot().nodes.len(), 4);
    }

    #[test]
    fn step_pauses_and_goes_to_the_next_event() {
        let state = Rc::new(PageState::default());
        let stepped = state.reduce(PageAction::Step);
        assert!(stepped.clock.is_paused());
        assert!(stepped.clock.now() > SimTime::ZERO, "the opening command has work to do");
        assert_eq!(stepped.clock.now(), stepped.session().now());
        assert!(stepped.notice.is_none());
        // A swarm at rest: nothing within the hour.
        let rest = run_frames(stepped.reduce(PageAction::TogglePause), 12 * 60, 1000.0 / 60.0);
        let quiet = Rc::clone(&rest).reduce(PageAction::Step);
        assert_eq!(quiet.clock.now(), rest.clock.now());
        assert!(quiet.notice.as_deref().unwrap_or("").starts_with("Nothing happens"));
    }

    #[test]
    fn the_timeline_shows_the_past_and_end_comes_back() {
        let state = run_frames(Rc::new(PageState::default()), 12 * 60, 1000.0 / 60.0);
        let killed = state.reduce(PageAction::Type("sim node kill worker2".into()));
        let later = killed.reduce(PageAction::Type("sleep 30".into()));
        assert_eq!(
            later.markers.iter().map(|m| (m.line.as_str(), m.fault)).collect::<Vec<_>>(),
            [(OPENING_COMMAND, false), ("sim node kill worker2", true), ("sleep 30", false)]
        );
        let head = later.head;
        let back = later.reduce(PageAction::Seek(SimTime::from_secs(5)));
        assert!(back.clock.is_paused());
        assert_eq!(back.clock.now(), SimTime::from_secs(5));
        assert_eq!(back.head, head, "the rest is kept");
        assert!(back.snapshot().nodes.iter().all(|n| n.powered));
        assert_eq!(back.markers.len(), 3, "markers after the playhead stay");
        let end = back.reduce(PageAction::End);
        assert_eq!(end.clock.now(), head);
        assert!(!end.clock.is_paused());
        assert!(end.snapshot().nodes.iter().any(|n| !n.powered));

        // Acting in the past continues from there; a note says what was dropped.
        let created = end.log[0].finished_at;
        let acted =
            end.reduce(PageAction::Seek(created)).reduce(PageAction::Type("docker node ls".into()));
        assert_eq!(acted.head, created);
        let notes: Vec<&str> = acted
            .log
            .iter()
            .filter_map(|e| match &e.kind {
                ExchangeKind::Note(note) => Some(note.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("2 later commands dropped"), "{}", notes[0]);
        assert_eq!(acted.markers.len(), 2, "the opening command and docker node ls");
    }

    #[test]
    fn the_event_log_filters_by_service_and_node() {
        let state = run_frames(Rc::new(PageState::default()), 12 * 60, 1000.0 / 60.0);
        let filter = EventFilter { service: None, node: Some("worker1".into()) };
        let filtered = state.reduce(PageAction::FilterEvents(filter));
        assert!(!filtered.events.is_empty());
        assert!(filtered.events.iter().all(|e| e.node.as_deref() == Some("worker1")));
        // New events pass the same filter.
        let killed = filtered.reduce(PageAction::Type("sim node kill worker2\nsleep 10".into()));
        assert!(killed.events.iter().all(|e| e.node.as_deref() == Some("worker1")));
        let all = killed.reduce(PageAction::FilterEvents(EventFilter::default()));
        assert!(all.events.iter().any(|e| e.node.as_deref() == Some("worker2")));
    }

    #[test]
    fn the_completer_reads_the_live_session_until_a_restart() {
        let state = run_frames(Rc::new(PageState::default()), 12 * 60, 1000.0 / 60.0);
        let completer = state.completer();
        assert_eq!(completer.complete("docker service scale w").candidates, ["web="]);
        let created = state.reduce(PageAction::Type(
            "docker service create -d --name whoami --mode global alpine".into(),
        ));
        assert!(created.completer() == completer, "the same session");
        assert_eq!(completer.complete("docker service ps w").candidates, ["web", "whoami"]);
        assert!(created.reduce(PageAction::Restart(DEFAULT_SEED)).completer() != completer);
    }

    #[test]
    fn enter_on_an_empty_line_is_a_fresh_prompt() {
        let state = run_frames(Rc::new(PageState::default()), 12 * 60, 1000.0 / 60.0);
        let before = state.log.len();
        let entered = state.reduce(PageAction::Type(String::new()));
        let last = entered.log.last().expect("an exchange");
        assert_eq!(last.kind, ExchangeKind::Comment(String::new()));
        assert_eq!(last.prompt, "manager1:~$ ");
        assert_eq!(entered.log.len(), before + 1);
    }

    #[test]
    fn restart_goes_back_to_time_zero() {
        let state = run_frames(Rc::new(PageState::default()), 60, 100.0);
        assert!(running(&state) > 0);
        let restarted = state.reduce(PageAction::Restart(DEFAULT_SEED));
        assert_eq!(restarted.clock.now(), SimTime::ZERO);
        assert_eq!(running(&restarted), 0);
    }
}
