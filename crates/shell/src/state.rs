//! `State`: everything a session replays, at one moment: the cluster and the shell on it, the
//! line still running, and the narrator. Cloned whole into checkpoints.
//!
//! The state takes one journal input at a time (`apply`) and lets time pass (`advance_to`); it
//! writes what happened into the session's `Records` (the event log and the transcript).
//! Records are append-only along the timeline: a state replaying a stretch the records already
//! hold only counts its way through them (and, in test builds, checks that it would have
//! written the very same thing).

use swarm_core::{Command, CommandError, NodeId, SimDuration, SimTime, Snapshot};

use crate::export;
use crate::job::{Job, Progressed};
use crate::narrate::{EventRecord, Narrator};
use crate::parse::line::joined;
use crate::shell::{EventFilter, Output, Shell, Stream, Then};
use crate::transcript::{Exchange, ExchangeKind};

/// How far `sim step` looks ahead before it says nothing happens.
pub const STEP_HORIZON: SimDuration = SimDuration::from_secs(3600);

/// What a session keeps of one line's output; the rest is cut, with a line that says so.
pub const OUTPUT_KEPT_MAX: usize = 1 << 20;

/// The output a session keeps of all its lines; past this, the oldest outputs go (the lines
/// stay, with a line that says so).
pub const TRANSCRIPT_OUTPUT_MAX: usize = 64 << 20;

/// Events the log keeps; past this, the oldest half goes (a week of `sleep` over a crash loop
/// makes millions).
pub const EVENTS_KEPT_MAX: usize = 200_000;

/// The event log and the transcript of a session's timeline, oldest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Records {
    /// The newest events: `events[i]` is the timeline's event `events_dropped + i`.
    events: Vec<EventRecord>,
    /// How many of the oldest events the log no longer keeps.
    events_dropped: usize,
    pub exchanges: Vec<Exchange>,
    /// The bytes of output the exchanges hold.
    output_bytes: usize,
    /// How many of the oldest exchanges no longer hold their output.
    outputs_dropped: usize,
    next_serial: u64,
}

impl Records {
    /// The timeline's events up to `len` (a state's `events_len`) that the log still keeps,
    /// and the index of the first of them.
    pub(crate) fn events_until(&self, len: usize) -> (usize, &[EventRecord]) {
        let end = len.saturating_sub(self.events_dropped).min(self.events.len());
        (self.events_dropped.min(len), &self.events[..end])
    }

    /// The timeline's event `index`, if the log keeps it.
    pub(crate) fn event(&self, index: usize) -> Option<&EventRecord> {
        self.events.get(index.checked_sub(self.events_dropped)?)
    }

    /// How many events the timeline has recorded.
    fn events_recorded(&self) -> usize {
        self.events_dropped + self.events.len()
    }

    /// Records a finished exchange; past `TRANSCRIPT_OUTPUT_MAX` bytes of output in all, the
    /// oldest outputs go.
    fn push_exchange(&mut self, exchange: Exchange) {
        self.output_bytes += output_len(&exchange);
        self.exchanges.push(exchange);
        while self.output_bytes > TRANSCRIPT_OUTPUT_MAX
            && self.outputs_dropped < self.exchanges.len()
        {
            let oldest = &mut self.exchanges[self.outputs_dropped];
            self.output_bytes -= output_len(oldest);
            oldest.output = vec![(
                Stream::Stdout,
                format!(
                    "… output no longer kept: a session keeps {} MiB of its lines' output\n",
                    TRANSCRIPT_OUTPUT_MAX >> 20
                ),
            )];
            self.output_bytes += output_len(oldest);
            self.outputs_dropped += 1;
        }
    }

    /// Drops everything after the first `events` events and `exchanges` exchanges (a branch).
    pub(crate) fn truncate(&mut self, events: usize, exchanges: usize) {
        for dropped in self.exchanges.iter().skip(exchanges) {
            self.output_bytes -= output_len(dropped);
        }
        self.outputs_dropped = self.outputs_dropped.min(exchanges);
        match events.checked_sub(self.events_dropped) {
            Some(kept) => self.events.truncate(kept),
            None => {
                self.events.clear();
                self.events_dropped = events;
            }
        }
        self.exchanges.truncate(exchanges);
    }
}

/// One input of the journal, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
// An input is built once and applied at once; boxing the command would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Input {
    /// A command line typed into the shell (continuations joined), started at once.
    Line(String),
    /// A comment line, or a blank line (empty), typed between commands.
    Comment(String),
    /// A command from the page's buttons, applied at once.
    Command(Command),
    /// Ctrl-C: the running line stops waiting.
    Interrupt,
    /// Simulated time passes up to this instant.
    Advance(SimTime),
    /// The session's own words in the transcript (what a rewind did).
    Note(String),
}

/// What a line asked of the session that only the session can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RewindRequest {
    pub by: SimDuration,
    pub line: String,
}

/// The replayable state of a session.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub shell: Shell,
    narrator: Narrator,
    /// The line still running, and its exchange so far.
    job: Option<(Job, Exchange)>,
    /// How many of the session's events and exchanges this state has reached.
    pub events_len: usize,
    pub exchanges_len: usize,
    /// Journal entries fully applied.
    pub applied: usize,
    /// Exchanges started so far (`Exchange::seq`).
    started: u64,
}

impl State {
    pub(crate) fn new(shell: Shell, records: &mut Records) -> State {
        let mut state = State {
            shell,
            narrator: Narrator::default(),
            job: None,
            events_len: 0,
            exchanges_len: 0,
            applied: 0,
            started: 0,
        };
        state.record_events(records);
        state
    }

    pub(crate) fn now(&self) -> SimTime {
        self.shell.cluster.now()
    }

    pub(crate) fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// The running line's exchange so far, and what its display shows now.
    pub(crate) fn running(&self) -> Option<(&Exchange, String)> {
        self.job.as_ref().map(|(job, exchange)| (exchange, job.screen()))
    }

    /// The end of a running `sleep` or `sim step`, which nothing shows on the way to.
    pub(crate) fn plain_wait_until(&self) -> Option<SimTime> {
        self.job.as_ref().filter(|(job, _)| job.is_plain_wait()).map(|(job, _)| job.due())
    }

    /// When the state next needs the clock: the running line's next poll or end, or the
    /// cluster's next wake-up, whichever comes first.
    pub(crate) fn next_due(&self) -> Option<SimTime> {
        let job = self.job.as_ref().map(|(job, _)| job.due());
        let cluster = self.shell.cluster.poll_timeout().map(|(at, _)| at);
        match (job, cluster) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// When the running line next needs the clock.
    pub(crate) fn job_due(&self) -> Option<SimTime> {
        self.job.as_ref().map(|(job, _)| job.due())
    }

    /// Applies one journal input (not `Advance`, which `advance_to` takes) and returns a
    /// rewind the line asked for, which only the session can carry out; such a line leaves
    /// the state as it was.
    pub(crate) fn apply(&mut self, input: &Input, records: &mut Records) -> Option<RewindRequest> {
        match input {
            Input::Line(line) => return self.start_line(line, records),
            Input::Comment(text) => {
                let exchange = self.exchange(ExchangeKind::Comment(text.clone()));
                self.record_exchange(exchange, records);
            }
            Input::Command(command) => {
                let _ = self.command(command.clone(), records);
            }
            Input::Interrupt => self.interrupt(records),
            Input::Advance(until) => self.advance_to(*until, records),
            Input::Note(text) => {
                let exchange = self.exchange(ExchangeKind::Note(text.clone()));
                self.record_exchange(exchange, records);
            }
        }
        None
    }

    /// A page button's command, at once; the transcript shows the docker line it stands for.
    pub(crate) fn command(
        &mut self,
        command: Command,
        records: &mut Records,
    ) -> Result<(), CommandError> {
        let line = export::command_line(&self.shell.cluster, &command);
        let via = self.command_via(&command)?;
        let result = self.shell.apply(command);
        self.record_events(records);
        if result.is_ok() {
            let exchange = self.exchange(ExchangeKind::Action { line, via });
            self.record_exchange(exchange, records);
        }
        result.map(drop)
    }

    /// Where a script would have to type a page action's line, if not on the shell's own node:
    /// the node it is about (`docker swarm leave`); for the control plane's commands, a
    /// manager whose daemon answers, the leader first. With none, the control plane cannot be
    /// reached, by a button no more than by a terminal.
    pub(crate) fn command_via(&self, command: &Command) -> Result<Option<String>, CommandError> {
        let cluster = &self.shell.cluster;
        let hostname = |node| cluster.hostname(node).map(String::from);
        if let Some(node) = export::command_node(command) {
            return Ok(if node == self.shell.node() { None } else { hostname(node) });
        }
        let needs_manager = !matches!(
            command,
            Command::PowerOffNode(_)
                | Command::PowerOnNode(_)
                | Command::FailTask { .. }
                | Command::AddImage(_)
        );
        if !needs_manager || self.shell.daemon_reachable().and(self.shell.require_manager()).is_ok()
        {
            return Ok(None);
        }
        let snapshot = cluster.snapshot();
        let mut managers: Vec<_> =
            snapshot.nodes.iter().filter(|n| n.role == swarm_core::NodeRole::Manager).collect();
        swarm_core::sort::sort_by_key(&mut managers, |n| n.leader != Some(true));
        match managers.iter().find(|n| n.powered && !n.left_swarm) {
            Some(manager) => Ok(Some(manager.hostname.clone())),
            None => Err(CommandError::MachineOff(
                managers.first().map_or_else(String::new, |n| n.hostname.clone()),
            )),
        }
    }

    /// Ctrl-C: the running line stops waiting; the swarm goes on.
    pub(crate) fn interrupt(&mut self, records: &mut Records) {
        if let Some((mut job, exchange)) = self.job.take() {
            let progressed = job.interrupt();
            self.finish(exchange, progressed, true, records);
        }
    }

    /// Lets simulated time pass up to `until`: the cluster's wake-ups fire, each at its own
    /// instant, and the running line is polled on the way.
    pub(crate) fn advance_to(&mut self, until: SimTime, records: &mut Records) {
        assert!(until >= self.now(), "advance_to went back in time: {until} < {}", self.now());
        loop {
            match self.job_due() {
                Some(due) if due <= until => {
                    self.shell.advance(due);
                    self.record_events(records);
                    self.poll(records);
                }
                _ => {
                    self.shell.advance(until);
                    self.record_events(records);
                    return;
                }
            }
        }
    }

    fn poll(&mut self, records: &mut Records) {
        let Some((job, _)) = self.job.as_mut() else { return };
        if let progressed @ Progressed::Done { .. } = job.poll(&self.shell) {
            let (_, exchange) = self.job.take().expect("polled above");
            self.finish(exchange, progressed, false, records);
        }
    }

    /// Runs a command line as typed (continuations and all; see [`joined`]).
    fn start_line(&mut self, typed: &str, records: &mut Records) -> Option<RewindRequest> {
        assert!(self.job.is_none(), "a line started while another runs");
        // Where the line was typed (`sim use` moves the shell while it runs).
        let (prompt, node) = (self.shell.prompt(), self.shell.node());
        let line = &joined(typed);
        let mut output = self.shell.execute(line);
        self.record_events(records);
        let now = self.now();
        let mut job = None;
        match output.then.take() {
            None => {}
            // A rewind line leaves the state as it was (it only parsed its duration): the
            // session carries it out.
            Some(Then::Rewind(by)) => return Some(RewindRequest { by, line: line.to_string() }),
            Some(Then::Sleep(duration)) if duration == SimDuration::ZERO => {}
            Some(Then::Sleep(duration)) => job = Some(Job::until(now + duration, None)),
            Some(Then::Step) => match self.shell.next_event_at(now + STEP_HORIZON) {
                Some(at) => job = Some(Job::until(at, Some(self.events_len))),
                None => output.out(format!(
                    "Nothing happens in the next {} of simulated time: the clock stays at {}.\n",
                    crate::parse::values::format_go_duration(STEP_HORIZON.as_millis()),
                    crate::narrate::clock(now)
                )),
            },
            Some(Then::Events(filter)) => {
                let (_, events) = records.events_until(self.events_len);
                match events_text(events, &filter, now, &self.shell) {
                    Ok(text) => output.out(text),
                    Err(error) => output.fail(error),
                }
            }
            Some(Then::Export { replay }) => {
                let exchanges = &records.exchanges[..self.exchanges_len];
                output.out(export::script(exchanges, now, replay, &self.shell));
            }
        }
        let mut exchange = self.exchange_at(ExchangeKind::Line(typed.to_string()), prompt, node);
        if job.is_none() && !output.waits.is_empty() {
            let (progress, progressed) = Job::progress(&self.shell, &mut output);
            exchange.output = output.chunks;
            exchange.exit_code = output.exit_code;
            match progressed {
                Progressed::Waiting => self.job = Some((progress, exchange)),
                done => self.finish(exchange, done, false, records),
            }
            return None;
        }
        exchange.output = output.chunks;
        exchange.exit_code = output.exit_code;
        match job {
            Some(job) => self.job = Some((job, exchange)),
            None => self.record_exchange(exchange, records),
        }
        None
    }

    /// The running line is done: what it printed after it started waiting joins its exchange.
    fn finish(
        &mut self,
        mut exchange: Exchange,
        progressed: Progressed,
        interrupted: bool,
        records: &mut Records,
    ) {
        let Progressed::Done { output: rest, step, wait_failed } = progressed else {
            unreachable!("finish takes a finished job")
        };
        let mut output =
            Output { chunks: std::mem::take(&mut exchange.output), ..Output::default() };
        if let Some(from) = step {
            for record in (from..self.events_len).filter_map(|i| records.event(i)) {
                output.out(record.line());
            }
        }
        output.extend(rest);
        exchange.output = output.chunks;
        if exchange.exit_code == 0 {
            exchange.exit_code = output.exit_code;
            exchange.failed_in_wait = wait_failed;
        }
        exchange.finished_at = self.now();
        exchange.interrupted = interrupted;
        self.record_exchange(exchange, records);
    }

    /// A new exchange, started now at the shell's prompt.
    fn exchange(&mut self, kind: ExchangeKind) -> Exchange {
        let (prompt, node) = (self.shell.prompt(), self.shell.node());
        self.exchange_at(kind, prompt, node)
    }

    /// A new exchange, started now, typed at `prompt` on `node`.
    fn exchange_at(&mut self, kind: ExchangeKind, prompt: String, node: NodeId) -> Exchange {
        self.started += 1;
        Exchange {
            serial: 0,
            seq: self.started,
            at: self.now(),
            finished_at: self.now(),
            node,
            prompt,
            kind,
            output: Vec::new(),
            exit_code: 0,
            failed_in_wait: false,
            interrupted: false,
        }
    }

    fn record_exchange(&mut self, mut exchange: Exchange, records: &mut Records) {
        cap_output(&mut exchange.output);
        if let Some(recorded) = records.exchanges.get(self.exchanges_len) {
            exchange.serial = recorded.serial;
            // What the records no longer keep (old outputs, old events, which `sim events`
            // and `sim step` print) a replay cannot print again the same.
            if self.exchanges_len < records.outputs_dropped || records.events_dropped > 0 {
                exchange.output.clone_from(&recorded.output);
            }
            debug_assert_eq!(
                *recorded, exchange,
                "a replay printed something else than the session did live"
            );
        } else {
            exchange.serial = records.next_serial;
            records.next_serial += 1;
            records.push_exchange(exchange);
        }
        self.exchanges_len += 1;
    }

    /// Narrates the cluster's new events into the event log.
    fn record_events(&mut self, records: &mut Records) {
        for event in self.shell.take_events() {
            let replaying = self.events_len < records.events_recorded();
            let narration = self.narrator.narrate(&event, !replaying);
            if replaying {
                if let Some(recorded) = records.event(self.events_len) {
                    debug_assert_eq!(
                        recorded.event, event,
                        "a replay made another event than the session did live"
                    );
                }
            } else {
                let narration = narration.expect("narrated when live");
                records.events.push(EventRecord {
                    serial: records.next_serial,
                    at: event.at(),
                    event,
                    text: narration.text,
                    service: narration.service,
                    task: narration.task,
                    node: narration.node,
                });
                records.next_serial += 1;
                if records.events.len() > EVENTS_KEPT_MAX {
                    let half = records.events.len() / 2;
                    records.events.drain(..half);
                    records.events_dropped += half;
                }
            }
            self.events_len += 1;
        }
    }

    /// A plain-data copy of the swarm now.
    pub(crate) fn snapshot(&self) -> Snapshot {
        self.shell.cluster.snapshot()
    }
}

fn output_len(exchange: &Exchange) -> usize {
    exchange.output.iter().map(|(_, text)| text.len()).sum()
}

/// Cuts an output past `OUTPUT_KEPT_MAX` bytes at a line's end, and says how much went.
fn cap_output(output: &mut Vec<(Stream, String)>) {
    let total: usize = output.iter().map(|(_, text)| text.len()).sum();
    if total <= OUTPUT_KEPT_MAX {
        return;
    }
    let mut kept = 0;
    let mut cut = Vec::new();
    for (stream, text) in output.drain(..) {
        let room = OUTPUT_KEPT_MAX - kept;
        if room == 0 {
            break;
        }
        let end = if text.len() <= room {
            text.len()
        } else {
            text[..text.floor_char_boundary(room)].rfind('\n').map_or(0, |i| i + 1)
        };
        kept += end;
        if end > 0 {
            cut.push((stream, text[..end].to_string()));
        }
        if end < text.len() {
            break;
        }
    }
    cut.push((
        Stream::Stdout,
        format!(
            "… the playground keeps {} KiB of one command's output: {} bytes more not shown\n",
            OUTPUT_KEPT_MAX / 1024,
            total - kept
        ),
    ));
    *output = cut;
}

/// `sim events`: the log so far, filtered, one line per event.
fn events_text(
    events: &[EventRecord],
    filter: &EventFilter,
    now: SimTime,
    shell: &Shell,
) -> Result<String, String> {
    // A node can be named by hostname or ID, as docker names nodes; one that is gone still
    // matches by hostname.
    let node = match &filter.node {
        None => None,
        Some(arg) => {
            let snapshot = shell.cluster.snapshot();
            match Shell::resolve_node(&snapshot, arg) {
                Ok(id) => Some(shell.cluster.hostname(id).unwrap_or(arg).to_string()),
                Err(_) if events.iter().any(|e| e.node.as_deref() == Some(arg)) => {
                    Some(arg.clone())
                }
                Err(error) => return Err(error),
            }
        }
    };
    if let Some(service) = &filter.service
        && !events.iter().any(|e| e.service.as_deref() == Some(service))
    {
        return Err(format!("service {service} not found in the event log"));
    }
    let since =
        filter.since.map(|d| SimTime::from_millis(now.as_millis().saturating_sub(d.as_millis())));
    let mut text = String::new();
    for event in events {
        let shown = filter.service.as_ref().is_none_or(|s| event.service.as_ref() == Some(s))
            && node.as_ref().is_none_or(|n| event.node.as_ref() == Some(n))
            && since.is_none_or(|since| event.at >= since);
        if shown {
            text.push_str(&event.line());
        }
    }
    Ok(text)
}
