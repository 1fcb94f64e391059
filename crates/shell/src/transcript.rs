//! The transcript of a session: each line typed with its prompt and what it printed, the
//! comments between them, the page's actions and the session's own notes; and its text as
//! `swarm run` prints it.

use swarm_core::{NodeId, SimTime};

use crate::shell::Stream;

/// One entry of a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// Unique in the session, increasing along the timeline (never reused after a rewind).
    pub serial: u64,
    /// The order exchanges started in along the timeline. The transcript lists them as they
    /// end: a page action taken while a line waits comes before that line.
    pub seq: u64,
    /// When the line started.
    pub at: SimTime,
    /// When it was done (after its progress display, `sleep` or `sim step`).
    pub finished_at: SimTime,
    /// The node the shell was on.
    pub node: NodeId,
    /// The prompt it was typed at: `manager1:~$ `.
    pub prompt: String,
    pub kind: ExchangeKind,
    /// What it printed, stdout and stderr in order.
    pub output: Vec<(Stream, String)>,
    pub exit_code: i32,
    /// The command was carried out and then failed in its wait, as docker's progress display
    /// does when it sees an update paused or a task fail: the exit code is the wait's, and the
    /// swarm has changed.
    pub failed_in_wait: bool,
    /// Ctrl-C stopped its wait.
    pub interrupted: bool,
}

/// What an exchange is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExchangeKind {
    /// A command line as typed: a line continued with `\\` keeps its physical lines (see
    /// [`crate::parse::line::joined`] for the line that ran).
    Line(String),
    /// A comment line as typed (trimmed), or a blank line (empty).
    Comment(String),
    /// A page action: the command line it stands for. `via`: the manager it ran on, when the
    /// shell's own node could not have run it (a worker, a node outside the swarm).
    Action { line: String, via: Option<String> },
    /// The session's own words (`# sim rewind 30s: …`), a comment line.
    Note(String),
}

impl Exchange {
    /// Everything it printed, stdout and stderr interleaved.
    pub fn output_text(&self) -> String {
        self.output.iter().map(|(_, text)| text.as_str()).collect()
    }

    /// The exchange as `swarm run` prints it: `$ LINE` (continued lines after `> `, as a
    /// terminal echoes them) and its output; a comment, a blank line or a note as typed; a page
    /// action as a comment naming its command line.
    pub fn script_text(&self) -> String {
        match &self.kind {
            ExchangeKind::Line(line) => {
                format!("$ {}\n{}", line.replace('\n', "\n> "), self.output_text())
            }
            ExchangeKind::Comment(text) | ExchangeKind::Note(text) => format!("{text}\n"),
            ExchangeKind::Action { line, .. } => format!("# {line}\n"),
        }
    }
}

/// A whole transcript as `swarm run` prints it.
pub fn script_text(exchanges: &[Exchange]) -> String {
    exchanges.iter().map(Exchange::script_text).collect()
}
