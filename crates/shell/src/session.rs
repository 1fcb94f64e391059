//! `Session`: the one object a front end holds. It owns a playground's whole state and its
//! history: the cluster and the shell on it (`State`), an append-only journal of inputs with
//! their simulated time, checkpoints, the event log in words and the transcript.
//!
//! # Time travel
//!
//! The state at any moment is a pure function of the scenario, the seed and the journal up to
//! that moment. A session keeps checkpoints (whole copies of the state) spaced by the work the
//! cluster did between them; going to a moment restores the last checkpoint at or before it
//! and replays the journal from there, so the state shown is, byte for byte, the state that was
//! live at that moment. When there are too many checkpoints (more than 32, or more than about
//! 48 MB of them for a big swarm), every other one goes and the spacing doubles, so memory
//! stays bounded while replays stay short.
//!
//! The playhead (`now`) may be behind the end of the journal (`head`), after `seek`: the later
//! inputs are kept, and letting time pass plays them again. A new input there starts a new
//! branch: the later inputs are dropped, and a note in the transcript says which. `sim rewind`
//! (and `rewind`) go back and drop at once.
//!
//! # Inputs and time
//!
//! Typed text goes through a terminal's input buffer (`\` continuations, typeahead while a
//! line runs) and becomes an input when a line starts. Time passes only through `advance_to`
//! (and the helpers over it); a line never moves time by itself: a `sleep`, a progress display
//! or a `sim step` waits for it, and typed-ahead lines start the instant the shell is free.
//!
//! # Bounds
//!
//! Whatever a learner, a script or a share link does, a session stays bounded: 100 000 inputs,
//! 64 KiB typed at once, 100 lines typed ahead, the newest 200 000 events, 1 MiB of one line's
//! output and 64 MiB of all of them, and the checkpoints above. Past a bound an input is
//! refused with a clear error, or the oldest records go, and the transcript says so.

use std::fmt::Write;

use swarm_core::{Cluster, Command, CommandError, SimDuration, SimTime, Snapshot};

use crate::complete::Completion;
use crate::narrate::{EventRecord, clock};
use crate::parse::line::{Line, LineBuffer, joined};
use crate::parse::values::format_go_duration;
use crate::scenario::Scenario;
use crate::shell::Shell;
use crate::state::{Input, Records, RewindRequest, STEP_HORIZON, State};
use crate::transcript::{self, Exchange, ExchangeKind};

/// Inputs one session takes (time passing aside): a bound on its journal and transcript.
pub const INPUTS_MAX: usize = 100_000;
/// Text typed or pasted at once.
pub const TYPED_MAX: usize = 64 * 1024;
/// Lines typed ahead while a line runs; more are dropped, as a full input buffer would.
pub const TYPEAHEAD_MAX: usize = 100;
/// Checkpoints kept; past this, every other one goes and the spacing doubles.
pub const CHECKPOINTS_MAX: usize = 32;
/// What the checkpoints of a big swarm may hold in all, roughly; fewer of them are kept then
/// (but never fewer than `CHECKPOINTS_MIN`), each replay running longer.
pub const CHECKPOINT_BYTES_MAX: usize = 48 << 20;
const CHECKPOINTS_MIN: usize = 4;
/// A state's heap, roughly, by what it holds (measured by the time-travel bench: a cluster of
/// 100 nodes and 2 007 tasks holds 0.92 MB).
const STATE_BYTES: usize = 64 << 10;
const NODE_BYTES: usize = 2 << 10;
const TASK_BYTES: usize = 512;
/// Dropped commands a rewind's note lists.
const NOTE_LINES_MAX: usize = 10;
/// Cluster steps between checkpoints at first.
const CHECKPOINT_EVERY: u64 = 1024;

/// One input of the journal and when it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: SimTime,
    pub input: Input,
}

/// What typing produced, waiting for the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Typed {
    Line(String),
    Comment(String),
}

/// Where one reader of the event log or of the transcript is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cursor {
    next: usize,
    last_serial: Option<u64>,
}

/// What a reader has not read yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch<'a, T> {
    /// The timeline changed under the reader (a seek back, a rewind): what it read from this
    /// index on is no longer the timeline's, and it should forget it.
    pub dropped_from: Option<usize>,
    /// The index of the first of `items`.
    pub first: usize,
    pub items: &'a [T],
}

impl Cursor {
    /// What of `visible` (the timeline up to the playhead, from its item `first` on: a log
    /// may forget its oldest) the reader has not read; serials grow along the timeline, so
    /// what it read and is still there is a prefix. Indices count from the timeline's start.
    fn read<'a, T>(
        &mut self,
        first: usize,
        visible: &'a [T],
        serial: impl Fn(&T) -> u64,
    ) -> Batch<'a, T> {
        let kept = match self.last_serial {
            None => first,
            Some(last) => {
                (first + visible.partition_point(|item| serial(item) <= last)).min(self.next)
            }
        };
        let dropped_from = (kept < self.next).then_some(kept);
        let from = kept.max(first);
        self.next = first + visible.len();
        self.last_serial = visible.last().map(&serial);
        Batch { dropped_from, first: from, items: &visible[from - first..] }
    }
}

/// What a step found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Time went to `at`, where these events happened.
    Happened { at: SimTime, events: Vec<EventRecord> },
    /// Nothing would happen within the horizon; the clock did not move.
    Quiet,
}

/// A playground: a simulated swarm, a shell on it, and its history.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Scenario,
    seed: u64,
    journal: Vec<Entry>,
    /// Inputs in the journal, time passing aside.
    inputs: usize,
    live: State,
    records: Records,
    /// Copies of the state along the timeline, the first at time zero.
    checkpoints: Vec<State>,
    checkpoint_every: u64,
    /// The time at the end of the journal.
    head: SimTime,
    /// Lines typed while the shell was busy, first first: a plain list rather than a
    /// `VecDeque`, whose code would be one more type in the wasm (it holds at most
    /// `TYPEAHEAD_MAX`, so taking from its front is cheap).
    typeahead: Vec<Typed>,
    buffer: LineBuffer,
}

impl Session {
    /// The scenario's swarm at time zero, with a shell on its first manager.
    pub fn new(scenario: Scenario, seed: u64) -> Session {
        let cluster = Cluster::new(scenario.config.clone(), seed);
        let shell = Shell::new(cluster, seed, scenario.dialect);
        let mut records = Records::default();
        let live = State::new(shell, &mut records);
        Session {
            scenario,
            seed,
            journal: Vec::new(),
            inputs: 0,
            checkpoints: vec![live.clone()],
            live,
            records,
            checkpoint_every: CHECKPOINT_EVERY,
            head: SimTime::ZERO,
            typeahead: Vec::new(),
            buffer: LineBuffer::default(),
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The playhead: the moment shown.
    pub fn now(&self) -> SimTime {
        self.live.now()
    }

    /// The end of the recorded timeline.
    pub fn head(&self) -> SimTime {
        self.head
    }

    /// Whether the playhead is at the end of the timeline (nothing recorded after it).
    pub fn is_at_head(&self) -> bool {
        self.live.applied == self.journal.len() && self.live.now() == self.head
    }

    /// The shell at the playhead (what a share's script is exported against).
    pub(crate) fn shell(&self) -> &Shell {
        &self.live.shell
    }

    /// The swarm at the playhead.
    pub fn cluster(&self) -> &Cluster {
        self.live.shell.cluster()
    }

    /// A plain-data copy of the swarm at the playhead.
    pub fn snapshot(&self) -> Snapshot {
        self.live.snapshot()
    }

    /// The prompt for the next line: `manager1:~$ `, or `> ` inside a continuation.
    pub fn prompt(&self) -> String {
        if self.buffer.is_pending() { "> ".to_string() } else { self.live.shell.prompt() }
    }

    /// What Tab completes at the end of `text`, the physical line being typed at the prompt
    /// (inside a `\` continuation, what it continues counts too): commands, flags and the
    /// swarm's names at the playhead. Reads only.
    pub fn complete(&self, text: &str) -> Completion {
        let images = self.live.shell.cluster().images();
        let snapshot = || self.live.snapshot();
        crate::complete::complete(&self.buffer.pending_line(), text, &snapshot, images)
    }

    /// Whether a line runs (or typed-ahead lines wait for one).
    pub fn is_busy(&self) -> bool {
        self.live.is_busy() || !self.typeahead.is_empty()
    }

    /// The running line's exchange so far, and what its progress display shows now.
    pub fn running(&self) -> Option<(&Exchange, String)> {
        self.live.running()
    }

    /// The transcript up to the playhead: finished lines, comments, page actions, notes.
    pub fn transcript(&self) -> &[Exchange] {
        &self.records.exchanges[..self.live.exchanges_len]
    }

    /// Every exchange the timeline holds, after the playhead too (after a `seek`, the later
    /// inputs are kept until a new input drops them): what a timeline marks.
    pub fn recorded_transcript(&self) -> &[Exchange] {
        &self.records.exchanges
    }

    /// The transcript as `swarm run` prints it.
    pub fn transcript_text(&self) -> String {
        transcript::script_text(self.transcript())
    }

    /// The event log up to the playhead, oldest first (past `EVENTS_KEPT_MAX` events, the
    /// newest of them).
    pub fn events(&self) -> &[EventRecord] {
        self.records.events_until(self.live.events_len).1
    }

    /// The whole journal, including what lies after the playhead.
    pub fn journal(&self) -> &[Entry] {
        &self.journal
    }

    /// How many checkpoints the session holds.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The events `cursor` has not read yet, up to the playhead; moves the cursor past them.
    /// Each reader has its own cursor: nothing is dropped, nothing read twice.
    pub fn read_events(&self, cursor: &mut Cursor) -> Batch<'_, EventRecord> {
        let (first, events) = self.records.events_until(self.live.events_len);
        cursor.read(first, events, |e| e.serial)
    }

    /// The finished exchanges `cursor` has not read yet, up to the playhead.
    pub fn read_transcript(&self, cursor: &mut Cursor) -> Batch<'_, Exchange> {
        cursor.read(0, self.transcript(), |e| e.serial)
    }

    /// Text typed or pasted into the shell: one or more lines, prompts, `sudo` and `\`
    /// continuations and all. Complete lines run in order, each when the shell is free.
    pub fn type_text(&mut self, text: &str) -> Result<(), CommandError> {
        if text.len() > TYPED_MAX {
            return Err(CommandError::TooLarge(format!(
                "{} KiB of text typed at once",
                TYPED_MAX / 1024
            )));
        }
        self.check_room()?;
        // Typing at a past moment is a new input there, even while a line still waits.
        if !self.is_at_head() {
            self.branch_here();
        }
        // An empty text is one empty line: Enter on an empty prompt.
        let lines: Vec<&str> = if text.is_empty() { vec![""] } else { text.lines().collect() };
        for physical in lines {
            if self.typeahead.len() >= TYPEAHEAD_MAX {
                break;
            }
            if !self.buffer.is_pending() {
                let trimmed = physical.trim();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    self.typeahead.push(Typed::Comment(trimmed.to_string()));
                    continue;
                }
            }
            if let Line::Complete(line) = self.buffer.push(physical)
                && !line.is_empty()
            {
                self.typeahead.push(Typed::Line(line));
            }
        }
        self.drain_typeahead();
        Ok(())
    }

    /// Runs a script as `swarm run` does: line by line, each to its end before the next.
    pub fn run_script(&mut self, script: &str) -> Result<(), CommandError> {
        for physical in script.lines() {
            self.type_text(physical)?;
            self.run_until_idle();
        }
        Ok(())
    }

    /// A command from the page's buttons, applied now. A rejected command changes nothing; at a
    /// past moment, an accepted one starts a new branch.
    pub fn command(&mut self, command: Command) -> Result<(), CommandError> {
        self.check_room()?;
        if !self.is_at_head() {
            // Branch only for a command the swarm takes.
            self.live.command_via(&command)?;
            let mut probe = self.live.shell.cluster().clone();
            probe.handle_command(probe.now(), command.clone())?;
            self.branch_here();
        }
        let at = self.live.now();
        self.live.command(command.clone(), &mut self.records)?;
        self.journal.push(Entry { at, input: Input::Command(command) });
        self.inputs += 1;
        self.live.applied += 1;
        self.head = self.live.now();
        self.maybe_checkpoint();
        Ok(())
    }

    /// Ctrl-C: typed-ahead lines are dropped and the running line stops waiting (the swarm
    /// goes on).
    pub fn interrupt(&mut self) {
        self.typeahead.clear();
        self.buffer = LineBuffer::default();
        if self.live.is_busy() {
            self.input(Input::Interrupt);
        }
    }

    /// Lets simulated time pass up to `until` (at a past moment: along the recorded timeline,
    /// then beyond it). Lines typed ahead start as the shell frees up.
    pub fn advance_to(&mut self, until: SimTime) {
        if until <= self.live.now() {
            return;
        }
        if !self.is_at_head() {
            self.goto(until.min(self.head));
            if until <= self.live.now() || !self.is_at_head() {
                return;
            }
        }
        self.advance_head(until, u64::MAX);
    }

    /// `advance_to(now + by)`.
    pub fn advance_by(&mut self, by: SimDuration) {
        self.advance_to(self.live.now() + by);
    }

    /// Lets time pass until no line runs or waits, as a script runs: each line to its end.
    /// Bounded: a progress display gives up after five minutes, a `sleep` lasts at most seven
    /// days and a `sim step` at most an hour.
    pub fn run_until_idle(&mut self) {
        while let Some(due) = self.live.job_due() {
            self.advance_to(due);
        }
    }

    /// `run_until_idle`, but time stops at `deadline` at the latest.
    pub fn run_until_idle_or(&mut self, deadline: SimTime) {
        while let Some(due) = self.live.job_due() {
            if due > deadline {
                self.advance_to(deadline);
                return;
            }
            self.advance_to(due);
        }
    }

    /// Jumps over a running `sleep` or `sim step` (and those typed after it), which show
    /// nothing on the way: the page does not make a learner watch a `sleep 60`. Does at most
    /// `work` of the cluster's steps and says whether the jump is done: a week of `sleep` over
    /// a busy swarm is millions of steps, which a page spreads over its frames.
    pub fn fast_forward(&mut self, work: u64) -> bool {
        let limit = self.cluster().steps().saturating_add(work);
        while let Some(until) = self.live.plain_wait_until() {
            if self.cluster().steps() >= limit {
                return false;
            }
            if self.is_at_head() {
                self.advance_head(until, limit);
            } else {
                self.advance_to(until);
            }
        }
        true
    }

    /// The end of a running `sleep` or `sim step`.
    pub fn waiting_until(&self) -> Option<SimTime> {
        self.live.plain_wait_until()
    }

    /// Lets time run to the next moment something happens and returns what did; if nothing
    /// would within an hour of simulated time, says so and leaves the clock alone.
    pub fn step(&mut self) -> Step {
        let now = self.live.now();
        let horizon = now + STEP_HORIZON;
        let mut cursor = Cursor::default();
        let _ = self.read_events(&mut cursor);
        if !self.is_at_head() {
            // Along the recorded timeline: its next event, if it comes within the horizon.
            let next = self.records.event(self.live.events_len).map(|e| e.at);
            if let Some(at) = next.filter(|at| *at <= self.head) {
                if at > horizon {
                    return Step::Quiet;
                }
                self.goto(at);
                return self.stepped(&mut cursor);
            }
            // Nothing recorded until the head: what comes after it, seen from there.
            if self.head > horizon {
                return Step::Quiet;
            }
            let here = self.live.clone();
            self.goto(self.head);
            if self.live.shell.next_event_at(horizon).is_none() {
                self.live = here;
                return Step::Quiet;
            }
        }
        match self.live.shell.next_event_at(horizon) {
            None => Step::Quiet,
            Some(at) => {
                self.advance_to(at);
                self.stepped(&mut cursor)
            }
        }
    }

    /// What a step found: where the playhead is, and the events since `cursor` (after a
    /// rewind a typed-ahead line asked for on the way, what the rewound timeline holds).
    fn stepped(&mut self, cursor: &mut Cursor) -> Step {
        let events = self.read_events(cursor).items.to_vec();
        Step::Happened { at: self.live.now(), events }
    }

    /// Shows the moment `at` (at most the head), keeping the inputs after it: letting time
    /// pass plays them again, a new input drops them.
    pub fn seek(&mut self, at: SimTime) {
        self.typeahead.clear();
        self.buffer = LineBuffer::default();
        self.goto(at);
    }

    /// Goes back `by` (to time zero at most) and continues from there: the later inputs are
    /// dropped, and the transcript says so.
    pub fn rewind(&mut self, by: SimDuration) {
        let line = format!("sim rewind {}", format_go_duration(by.as_millis()));
        self.rewind_for(RewindRequest { by, line });
    }

    /// `sim export`: the transcript up to the playhead as a script, for a real swarm or, with
    /// `replay`, for `swarm run` with this session's seed and scenario.
    pub fn export(&self, replay: bool) -> String {
        crate::export::script(self.transcript(), self.now(), replay, &self.live.shell)
    }

    fn check_room(&self) -> Result<(), CommandError> {
        if self.inputs >= INPUTS_MAX {
            return Err(CommandError::TooLarge(format!(
                "{INPUTS_MAX} inputs in one session (restart it to go on)"
            )));
        }
        Ok(())
    }

    /// Starts typed-ahead lines while the shell is free.
    fn drain_typeahead(&mut self) {
        while !self.live.is_busy() {
            if self.typeahead.is_empty() {
                break;
            }
            let typed = self.typeahead.remove(0);
            let input = match typed {
                Typed::Line(line) => Input::Line(line),
                Typed::Comment(text) => Input::Comment(text),
            };
            if let Some(request) = self.input(input) {
                self.rewind_for(request);
            }
        }
    }

    /// Journals and applies one input at the playhead (starting a branch if it is behind the
    /// head); returns a rewind a line asked for, which journals nothing.
    fn input(&mut self, input: Input) -> Option<RewindRequest> {
        if !self.is_at_head() {
            self.branch_here();
        }
        let at = self.live.now();
        let exchanges = self.live.exchanges_len;
        let request = self.live.apply(&input, &mut self.records);
        if request.is_some() {
            assert_eq!(self.live.exchanges_len, exchanges, "a rewind line printed nothing yet");
            return request;
        }
        self.journal.push(Entry { at, input });
        self.inputs += 1;
        self.live.applied += 1;
        self.head = self.live.now();
        self.maybe_checkpoint();
        None
    }

    /// Goes back to the moment `request.by` ago, before what was typed at that very moment
    /// (a rewind of no time at all stays after it), and drops everything later; a line still
    /// waiting at that moment stops waiting; the transcript gets a note that says what was
    /// dropped.
    fn rewind_for(&mut self, request: RewindRequest) {
        let from = self.live.now();
        let target = SimTime::from_millis(from.as_millis().saturating_sub(request.by.as_millis()));
        self.goto_position(target, request.by == SimDuration::ZERO);
        let dropped = self.branch();
        let mut note =
            format!("# {}: back from {} to {}", request.line, clock(from), clock(target));
        // A line that was waiting then stops waiting, as Ctrl-C would stop it: the shell is
        // free at the moment it went back to.
        if let Some((running, _)) = self.live.running()
            && let ExchangeKind::Line(typed) = &running.kind
        {
            let _ = write!(note, " (`{}` stopped there)", joined(typed));
            self.input(Input::Interrupt);
        }
        list_dropped(&mut note, &dropped);
        self.input(Input::Note(note));
    }

    /// An input at a past moment: the timeline continues from here, and the transcript says
    /// what of the later timeline was dropped.
    fn branch_here(&mut self) {
        let (now, head) = (self.live.now(), self.head);
        let dropped = self.branch();
        let mut note = format!("# acting at {}: the timeline after it is dropped", clock(now));
        if head > now {
            let _ = write!(note, " (up to {})", clock(head));
        }
        list_dropped(&mut note, &dropped);
        self.input(Input::Note(note));
    }

    /// Time passes at the head, wake-up by wake-up, so that checkpoints can fall anywhere and
    /// typed-ahead lines start the instant the shell frees up.
    /// Stops early once the cluster's steps reach `limit`.
    fn advance_head(&mut self, until: SimTime, limit: u64) {
        loop {
            let now = self.live.now();
            let next = match self.live.next_due() {
                Some(due) if due > now && due < until => due,
                _ => until,
            };
            self.extend_advance(next);
            let before = self.head;
            self.drain_typeahead();
            // A rewind went back: the caller's notion of time is stale.
            if self.live.now() < before
                || self.live.now() >= until
                || self.cluster().steps() >= limit
            {
                return;
            }
        }
    }

    /// Journals time passing to `until` (one entry for a run of it) and lets it pass.
    fn extend_advance(&mut self, until: SimTime) {
        debug_assert!(self.is_at_head(), "time is added at the head");
        if until <= self.live.now() {
            return;
        }
        match self.journal.last_mut() {
            Some(Entry { input: Input::Advance(to), .. }) => {
                *to = until;
                self.live.applied -= 1;
            }
            _ => self.journal.push(Entry { at: self.live.now(), input: Input::Advance(until) }),
        }
        self.live.advance_to(until, &mut self.records);
        self.live.applied += 1;
        self.head = until;
        self.maybe_checkpoint();
    }

    /// Puts the playhead at `at` (at most the head), after the inputs given at that instant:
    /// from the last checkpoint at or before it if that is behind the playhead, then along the
    /// journal.
    fn goto(&mut self, at: SimTime) {
        self.goto_position(at, true);
    }

    /// Puts the playhead at `at`, after the inputs given at that instant (`inputs_at`) or
    /// before them.
    fn goto_position(&mut self, at: SimTime, inputs_at: bool) {
        let at = at.min(self.head);
        let behind = |state: &State| {
            state.now() < at || (state.now() == at && (inputs_at || state.applied == 0))
        };
        let ahead = self.live.now() > at
            || (!inputs_at && self.journal[..self.live.applied].last().is_some_and(|e| e.at == at));
        let checkpoint = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| behind(c))
            .expect("the first checkpoint is at time zero");
        // From the last checkpoint before the moment, unless the playhead is nearer: behind
        // it, going back; or past it already, going forward.
        let nearer = (checkpoint.applied, checkpoint.now()) <= (self.live.applied, self.live.now());
        if ahead || !nearer {
            self.live = checkpoint.clone();
        }
        while let Some(entry) = self.journal.get(self.live.applied) {
            match &entry.input {
                Input::Advance(to) => {
                    let until = (*to).min(at);
                    if until > self.live.now() {
                        self.live.advance_to(until, &mut self.records);
                    }
                    if *to > at {
                        break;
                    }
                }
                _ if entry.at > at || (!inputs_at && entry.at == at) => break,
                input => {
                    let request = self.live.apply(input, &mut self.records);
                    debug_assert!(request.is_none(), "the journal holds no rewind");
                }
            }
            self.live.applied += 1;
        }
    }

    /// Drops everything after the playhead: the later journal, records and checkpoints.
    /// Returns the command lines (typed, or standing for page actions) that were dropped.
    fn branch(&mut self) -> Vec<String> {
        let now = self.live.now();
        let mut keep = self.live.applied;
        if let Some(Entry { at, input: Input::Advance(to) }) = self.journal.get_mut(keep)
            && *at < now
        {
            // Time partly passed: it passed up to now.
            *to = now;
            keep += 1;
            self.live.applied += 1;
        }
        let dropped_inputs = &self.journal[keep..];
        self.inputs -=
            dropped_inputs.iter().filter(|e| !matches!(e.input, Input::Advance(_))).count();
        // The line running at the playhead goes on: its exchange is not dropped, only recorded
        // again when it ends.
        let running = self.live.running().map(|(e, _)| (e.at, e.kind.clone()));
        let mut running_seen = false;
        // A plain loop, not a filter chain compiled into a large `next` of its own.
        let mut dropped = Vec::new();
        for e in &self.records.exchanges[self.live.exchanges_len..] {
            let is_running = !running_seen
                && running.as_ref().is_some_and(|(at, kind)| *at == e.at && *kind == e.kind);
            if is_running {
                running_seen = true;
                continue;
            }
            match &e.kind {
                ExchangeKind::Line(typed) => dropped.push(joined(typed)),
                ExchangeKind::Action { line, .. } => dropped.push(line.clone()),
                ExchangeKind::Comment(_) | ExchangeKind::Note(_) => {}
            }
        }
        self.journal.truncate(keep);
        self.records.truncate(self.live.events_len, self.live.exchanges_len);
        // A checkpoint taken while time passed counts that entry as not done: one taken after
        // `now` in it is of the dropped future even though its position sorts before ours.
        let position = (self.live.applied, now);
        self.checkpoints.retain(|c| c.now() <= now && (c.applied, c.now()) <= position);
        self.head = now;
        dropped
    }

    /// Keeps a copy of the state when the cluster has done enough work since the last one.
    fn maybe_checkpoint(&mut self) {
        let last = self.checkpoints.last().expect("the first checkpoint is at time zero");
        let steps = self.live.shell.cluster().steps();
        if steps < last.shell.cluster().steps() + self.checkpoint_every {
            return;
        }
        let mut checkpoint = self.live.clone();
        // Time passing at the end of the journal may yet run on (the next frame extends the
        // same entry): the copy counts it as not done, and a replay lets the rest pass.
        if checkpoint.applied > 0
            && matches!(self.journal[checkpoint.applied - 1].input, Input::Advance(_))
        {
            checkpoint.applied -= 1;
        }
        if (checkpoint.applied, checkpoint.now()) <= (last.applied, last.now()) {
            return;
        }
        let (nodes, tasks) = checkpoint.shell.cluster().size();
        let bytes = STATE_BYTES + nodes * NODE_BYTES + tasks * TASK_BYTES;
        let kept = (CHECKPOINT_BYTES_MAX / bytes).clamp(CHECKPOINTS_MIN, CHECKPOINTS_MAX);
        self.checkpoints.push(checkpoint);
        while self.checkpoints.len() > kept {
            let mut index = 0;
            self.checkpoints.retain(|_| {
                index += 1;
                index % 2 == 1
            });
            self.checkpoint_every = self.checkpoint_every.saturating_mul(2);
        }
    }
}

/// `; 2 later commands dropped:` and the first of them, one per line, to end a note.
fn list_dropped(note: &mut String, dropped: &[String]) {
    match dropped.len() {
        0 => note.push_str("; no later commands to drop"),
        n => {
            let _ = write!(note, "; {n} later command{} dropped:", if n == 1 { "" } else { "s" });
            for line in dropped.iter().take(NOTE_LINES_MAX) {
                let _ = write!(note, "\n#   {line}");
            }
            if n > NOTE_LINES_MAX {
                let _ = write!(note, "\n#   … and {} more", n - NOTE_LINES_MAX);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use swarm_core::{Availability, NodeId};

    fn lab() -> Session {
        Session::new(Scenario::default(), 1)
    }

    fn secs(s: u64) -> SimTime {
        SimTime::from_secs(s)
    }

    fn node(session: &Session, hostname: &str) -> NodeId {
        session.cluster().node_by_hostname(hostname).expect("a lab node")
    }

    fn kinds(session: &Session) -> Vec<String> {
        session
            .journal()
            .iter()
            .map(|e| match &e.input {
                Input::Line(line) => format!("{} line {line}", e.at),
                Input::Comment(text) => format!("{} comment {text}", e.at),
                Input::Command(_) => format!("{} command", e.at),
                Input::Interrupt => format!("{} interrupt", e.at),
                Input::Advance(to) => format!("{} advance {to}", e.at),
                Input::Note(_) => format!("{} note", e.at),
            })
            .collect()
    }

    #[test]
    fn the_journal_keeps_each_input_with_its_time_and_time_passing_as_one_entry() {
        let mut session = lab();
        session.type_text("# a comment\ndocker service create -d --name web nginx").unwrap();
        session.advance_to(secs(1));
        session.advance_to(secs(2));
        session.command(Command::PowerOffNode(node(&session, "worker2"))).unwrap();
        session.advance_to(secs(3));
        session.interrupt();
        assert_eq!(
            kinds(&session),
            [
                "0.000s comment # a comment",
                "0.000s line docker service create -d --name web nginx",
                "0.000s advance 2.000s",
                "2.000s command",
                "2.000s advance 3.000s",
            ],
            "an interrupt with nothing running is no input"
        );
        assert_eq!(session.head(), secs(3));
        assert!(session.is_at_head());
    }

    #[test]
    fn lines_typed_ahead_start_the_instant_the_shell_is_free() {
        let mut session = lab();
        session.type_text("docker service create --name web nginx\ndocker service ls").unwrap();
        assert!(session.is_busy());
        assert_eq!(session.transcript().len(), 0);
        session.advance_to(secs(60));
        let [create, ls] = session.transcript() else { panic!("two lines ran") };
        assert!(create.output_text().contains("verify: Service converged"));
        assert_eq!(ls.at, create.finished_at, "the next line starts as the first ends");
        assert!(ls.output_text().contains("1/1"), "{}", ls.output_text());
    }

    #[test]
    fn a_step_runs_to_the_next_event_and_a_quiet_swarm_leaves_the_clock_alone() {
        let mut session = lab();
        assert_eq!(session.step(), Step::Quiet);
        assert_eq!(session.now(), SimTime::ZERO);
        assert!(session.journal().is_empty(), "a quiet step is no input");

        session.type_text("docker service create -d --name web nginx").unwrap();
        let Step::Happened { at, events } = session.step() else { panic!("the scheduler acts") };
        assert_eq!(at, SimTime::from_millis(50));
        assert_eq!(session.now(), at);
        assert!(!events.is_empty());
        assert!(events.iter().all(|e| e.at == at));
        let first = &events[0].text;
        assert!(
            first.starts_with("web.1 on ") && first.ends_with(": pending → assigned"),
            "{first}"
        );
    }

    #[test]
    fn seeking_back_shows_the_earlier_swarm_and_time_plays_the_later_inputs_again() {
        let mut session = lab();
        session.type_text("docker service create -d --name web --replicas 3 nginx").unwrap();
        session.advance_to(secs(10));
        let at_ten = (session.snapshot(), session.events().len(), session.transcript_text());
        session.advance_to(secs(11));
        session.command(Command::PowerOffNode(node(&session, "worker1"))).unwrap();
        session.advance_to(secs(60));
        let at_sixty = session.snapshot();
        let journal = session.journal().to_vec();

        session.seek(secs(10));
        assert!(!session.is_at_head());
        assert_eq!((session.snapshot(), session.events().len(), session.transcript_text()), at_ten);
        assert_eq!(session.journal(), journal.as_slice(), "looking back drops nothing");

        session.advance_to(secs(60));
        assert!(session.is_at_head());
        assert_eq!(session.snapshot(), at_sixty, "the recorded inputs played again");
        assert_eq!(session.journal(), journal.as_slice());
    }

    #[test]
    fn an_input_at_a_past_moment_starts_a_branch() {
        let mut session = lab();
        session.type_text("docker service create -d --name web nginx").unwrap();
        session.advance_to(secs(10));
        session.command(Command::PowerOffNode(node(&session, "worker1"))).unwrap();
        session.advance_to(secs(60));
        session.seek(secs(5));
        // A command the swarm refuses changes nothing, the later inputs included.
        let worker9 = Command::SetAvailability {
            node: NodeId(swarm_core::id::ObjectId::generate(&mut swarm_core::rng::Rng::new(9))),
            availability: Availability::Drain,
        };
        assert!(session.command(worker9).is_err());
        assert_eq!(session.head(), secs(60));
        session.type_text("docker node ls").unwrap();
        assert_eq!(session.head(), secs(5));
        assert!(session.is_at_head());
        assert_eq!(
            kinds(&session),
            [
                "0.000s line docker service create -d --name web nginx",
                "0.000s advance 5.000s",
                "5.000s note",
                "5.000s line docker node ls"
            ]
        );
        assert!(session.snapshot().nodes.iter().all(|n| n.powered), "the power-off was dropped");
        // One line says what was dropped.
        let note = session.transcript().iter().find_map(|e| match &e.kind {
            ExchangeKind::Note(note) => Some(note.clone()),
            _ => None,
        });
        assert_eq!(
            note.as_deref(),
            Some(
                "# acting at 5.000s: the timeline after it is dropped (up to 1m00.000s); \
                 1 later command dropped:\n#   sim node kill worker1"
            )
        );
    }

    #[test]
    fn a_rewind_goes_back_drops_what_came_later_and_says_so() {
        let mut session = lab();
        session.type_text("docker service create -d --name web nginx").unwrap();
        session.advance_to(secs(10));
        session.type_text("docker node update --availability drain worker1").unwrap();
        session.advance_to(secs(40));
        session.rewind(SimDuration::from_secs(30));
        assert_eq!(session.now(), secs(10));
        assert!(session.snapshot().nodes.iter().all(|n| n.availability == Availability::Active));
        let note = session.transcript().last().expect("a note");
        assert_eq!(
            note.kind,
            ExchangeKind::Note(
                "# sim rewind 30s: back from 40.000s to 10.000s; 1 later command dropped:\n#   docker node update --availability drain worker1"
                    .into()
            )
        );
        // Past the start: the start, before anything was typed.
        session.rewind(SimDuration::from_secs(3600));
        assert_eq!(session.now(), SimTime::ZERO);
        assert!(session.snapshot().services.is_empty());
    }

    #[test]
    fn each_reader_of_the_event_log_reads_everything_once() {
        let mut session = lab();
        let (mut page, mut log) = (Cursor::default(), Cursor::default());
        let first = session.read_events(&mut page);
        assert_eq!((first.dropped_from, first.first, first.items.len()), (None, 0, 3));
        session.type_text("docker service create -d --name web nginx").unwrap();
        session.advance_to(secs(10));
        let all = session.events().len();
        let batch = session.read_events(&mut page);
        assert_eq!((batch.dropped_from, batch.first, batch.items.len()), (None, 3, all - 3));
        assert!(session.read_events(&mut page).items.is_empty(), "nothing is read twice");
        assert_eq!(
            session.read_events(&mut log).items.len(),
            all,
            "each reader has its own cursor"
        );

        // Looking back: the reader forgets what is no longer on the timeline...
        session.seek(secs(1));
        let back = session.read_events(&mut page);
        let kept = session.events().len();
        assert_eq!((back.dropped_from, back.items.len()), (Some(kept), 0));
        // ...and reads it again as time plays it again.
        session.advance_to(secs(10));
        let again = session.read_events(&mut page);
        assert_eq!((again.dropped_from, again.first, again.items.len()), (None, kept, all - kept));

        // A branch drops the old future for every reader.
        session.seek(secs(1));
        session.command(Command::PowerOffNode(node(&session, "worker2"))).unwrap();
        session.advance_to(secs(2));
        let branch = session.read_events(&mut log);
        assert_eq!(branch.dropped_from, Some(kept));
        assert!(branch.items.iter().any(|e| e.text == "worker2 was powered off"));
    }

    #[test]
    fn checkpoints_stay_bounded_and_every_moment_comes_back_the_same() {
        let mut session = lab();
        session.type_text("docker service create -d --name web --replicas 60 nginx").unwrap();
        let mut moments = Vec::new();
        for minute in 1..=30 {
            session.advance_to(secs(60 * minute));
            if minute % 3 == 0 {
                let update = format!("docker service update -d --force web # {minute}");
                session.type_text(&update).unwrap();
            }
            moments.push((session.now(), session.snapshot()));
        }
        assert!(session.checkpoint_count() <= CHECKPOINTS_MAX);
        assert!(session.checkpoint_count() > 1, "checkpoints were taken");
        for (at, snapshot) in moments.iter().rev() {
            session.seek(*at);
            assert_eq!(&session.snapshot(), snapshot, "the swarm at {at}");
        }
    }

    #[test]
    fn page_actions_and_cut_short_waits_replay_to_the_same_swarm() {
        let mut session = lab();
        session.type_text("docker service create --name web --replicas 4 nginx").unwrap();
        session.advance_to(secs(1));
        session.interrupt();
        session.advance_to(secs(20));
        let web = session.snapshot().services[0].id;
        session.command(Command::ScaleService { service: web, replicas: 6 }).unwrap();
        session.type_text("sim use worker1").unwrap();
        session
            .command(Command::SetAvailability {
                node: node(&session, "worker2"),
                availability: Availability::Drain,
            })
            .unwrap();
        session.type_text("docker service update --image nginx:1.25 web").unwrap();
        session.advance_to(secs(25));
        session.command(Command::PowerOffNode(node(&session, "worker1"))).unwrap();
        session.advance_to(secs(90));

        let script = session.export(true);
        let mut replay = lab();
        replay.run_script(&script).unwrap();
        assert_eq!(replay.now(), session.now(), "{script}");
        assert_eq!(replay.snapshot(), session.snapshot(), "{script}");
        assert_eq!(replay.events().len(), session.events().len());
    }
}
