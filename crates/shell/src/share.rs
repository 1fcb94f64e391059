//! Share links' payload: what a link carries to bring back one moment of a playground (where
//! the session started, its seed, what was done as a replay script, the playhead), its JSON
//! text, and opening it again as a `Session`, bounded against whatever a hostile link holds.
//!
//! The page compresses the JSON and writes it base64url into the URL's fragment (the browser's
//! `CompressionStream`): none of that is here, so the wasm carries no compressor.
//!
//! # What a share carries
//!
//! The state of a session is a pure function of its scenario, its seed and its inputs, so a
//! share carries those, not the swarm: the source (the default lab, a built-in lesson by name,
//! a lesson file or a scenario file), the seed, the playhead (`at`, in simulated
//! milliseconds), the lesson steps done, and the transcript up to the playhead as the script
//! `sim export --replay` makes of it, which plays back to the same swarm, byte for byte (same
//! IDs, same `docker service ps`). A line still running at the playhead (a `docker service
//! update` waiting on its progress display) is no finished exchange, so no export has it: the
//! share carries it apart (`running`), typed when the script is done and left running.
//!
//! It carries nothing after the playhead (after a seek back, the later timeline stays with the
//! sender), nor lines typed ahead and not started, nor a half-typed `\` continuation, nor the
//! page's settings. The opened transcript is the script's: time that passed between lines is a
//! `sleep` there, and a page action is its command line.
//!
//! # Bounds
//!
//! A link is text anyone can write, and opening it runs synchronously. It is bounded by the
//! session's own bounds (64 KiB typed at once, 100 000 inputs, a line's output) and by these:
//! the JSON is at most `SHARE_BYTES_MAX`; the moment at most `SHARE_AT_MAX`; the script's clock
//! only moves forward and stops at the moment; and the cluster does at most
//! `SHARE_STEPS_MAX` steps on the way (a week of a crash loop is tens of millions of them,
//! minutes of work; the built-in lessons played to their end take about a thousand). The
//! sender's session tells the same numbers, since the replay does the very same steps:
//! `Share::make` refuses a moment no link could open. Every refusal is a `ShareError`, whose
//! text a page shows as is.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use swarm_core::{SimDuration, SimTime};

use crate::json_text::JsonText;
use crate::lesson::{Lesson, LessonError};
use crate::narrate::clock;
use crate::record::{self, Record, Shape, Slot};
use crate::scenario::Scenario;
use crate::session::Session;
use crate::transcript::ExchangeKind;

/// The payload format this playground writes and reads.
pub const SHARE_VERSION: u32 = 1;
/// A share's JSON text, decompressed, is at most this long.
pub const SHARE_BYTES_MAX: usize = 512 * 1024;
/// The latest moment a share opens at: a week of simulated time, as long as one `sleep` lasts.
pub const SHARE_AT_MAX: SimTime = SimTime::from_millis(7 * 24 * 3600 * 1000);
/// The cluster steps opening a share may take: a thousand times what a built-in lesson played
/// to its end takes, a second or two of work.
pub const SHARE_STEPS_MAX: u64 = 1_000_000;
/// What an error quotes of a link's own text (a name, serde's words) at most.
const QUOTED_CHARS_MAX: usize = 200;
/// Time passes in pieces while a share opens, so that the work can be counted between them:
/// the first piece of a wait lasts a second, and each next one is twice (or half) as long
/// while the last did less than a quarter of (or more than) `PIECE_STEPS` steps.
const PIECE_FIRST: SimDuration = SimDuration::from_secs(1);
const PIECE_SHORTEST: SimDuration = SimDuration::from_millis(10);
const PIECE_LONGEST: SimDuration = SimDuration::from_secs(24 * 3600);
const PIECE_STEPS: u64 = 5_000;

/// One moment of a playground, as a link carries it. Read by `record`: unknown fields are
/// refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    /// The payload format, `SHARE_VERSION`.
    pub version: u32,
    /// The swarm the session started as.
    pub source: Source,
    /// The session's seed (a lesson's own, unless its session was made with another).
    pub seed: u64,
    /// The playhead: the moment shown, in simulated milliseconds.
    pub at: u64,
    /// Lesson steps done (0 without a lesson, and by default).
    pub steps_done: u32,
    /// The transcript up to the playhead (up to `running`'s start if there is one), as `sim
    /// export --replay` writes it: lines as typed, page actions as their command lines, time
    /// between them as `sleep`.
    pub script: String,
    /// The line still running at the playhead, typed at the script's end and not waited for
    /// (none by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running: Option<String>,
}

impl Record for Share {
    fn start() -> Share {
        Share {
            version: 0,
            source: Source::Default,
            seed: 0,
            at: 0,
            steps_done: 0,
            script: String::new(),
            running: None,
        }
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "Share",
            fields: &["version", "source", "seed", "at", "steps_done", "script", "running"],
            required: 0b10_1111,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::U32(&mut self.version),
            1 => Slot::Source(&mut self.source),
            2 => Slot::U64(&mut self.seed),
            3 => Slot::U64(&mut self.at),
            4 => Slot::U32(&mut self.steps_done),
            5 => Slot::Text(&mut self.script),
            _ => Slot::MaybeText(&mut self.running),
        }
    }
}

/// Only a share's version, whatever else the payload holds.
struct Versioned(u32);

impl Record for Versioned {
    fn start() -> Versioned {
        Versioned(0)
    }

    fn shape(&self) -> &'static Shape {
        &Shape { name: "Versioned", fields: &["version"], required: 0b1, deny_unknown: false }
    }

    fn slot(&mut self, _field: usize) -> Slot<'_> {
        Slot::U32(&mut self.0)
    }
}

impl<'de> Deserialize<'de> for Versioned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Versioned, D::Error> {
        record::deserialize(deserializer)
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Share, D::Error> {
        record::deserialize(deserializer)
    }
}

/// Where a shared session started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The playground's lab, `Scenario::default()` (JSON: `"default"`).
    Default,
    /// A built-in lesson, by name (JSON: `{"lesson": "swarm-tour"}`).
    Lesson(String),
    /// A lesson file's JSON text (JSON: `{"lesson_file": "{…}"}`).
    LessonFile(String),
    /// A scenario file's text (JSON: `{"scenario": "node m1 --role manager\n…"}`).
    Scenario(String),
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Source, D::Error> {
        let mut source = Source::Default;
        record::read(deserializer, Slot::Source(&mut source))?;
        Ok(source)
    }
}

/// Why a link cannot be opened. Its text is a sentence a page shows as is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShareError {
    /// The JSON text is longer than `SHARE_BYTES_MAX` (its length in bytes).
    TooLarge(usize),
    /// Not a share: not JSON, not a share's shape, or values no playground writes (why).
    Damaged(String),
    /// Made by a newer playground: its payload version.
    Newer(u32),
    /// A built-in lesson this playground does not have (its name).
    UnknownLesson(String),
    /// The lesson, built-in or from a file, is refused.
    Lesson(LessonError),
    /// The scenario file is refused (why).
    Scenario(String),
    /// The moment is past `SHARE_AT_MAX` (in simulated milliseconds).
    TooLate(u64),
    /// Playing the script back took more than `SHARE_STEPS_MAX` cluster steps.
    TooMuchWork,
    /// `Share::make`: the moment cannot be shared (why).
    Unsharable(String),
    /// The script did not play back to the moment (why).
    Replay(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = |text: &str| crate::ellipsis(text, QUOTED_CHARS_MAX);
        match self {
            ShareError::TooLarge(bytes) => write!(
                f,
                "This share link is too large to open: it holds {} KiB, and a link holds at most \
                 {} KiB.",
                bytes.div_ceil(1024),
                SHARE_BYTES_MAX / 1024
            ),
            ShareError::Damaged(why) => write!(f, "This share link is damaged: {}.", quoted(why)),
            ShareError::Newer(version) => write!(
                f,
                "This share link cannot be opened: it was made by a newer playground \
                 (version {version})."
            ),
            ShareError::UnknownLesson(name) => write!(
                f,
                "This share link cannot be opened: it is for the lesson \"{}\", which this \
                 playground does not have.",
                quoted(name)
            ),
            ShareError::Lesson(error) => {
                write!(
                    f,
                    "This share link's lesson cannot be read: {}.",
                    quoted(&error.to_string())
                )
            }
            ShareError::Scenario(why) => {
                write!(f, "This share link's scenario cannot be read: {}.", quoted(why))
            }
            ShareError::TooLate(at) => write!(
                f,
                "This share link cannot be opened: its moment ({}) is past the {} days of simulated \
                 time a link reaches.",
                clock(SimTime::from_millis(*at)),
                SHARE_AT_MAX.as_millis() / (24 * 3600 * 1000)
            ),
            ShareError::TooMuchWork => write!(
                f,
                "This share link cannot be opened: playing it back takes more than the \
                 {SHARE_STEPS_MAX} steps of simulation a link may ask for."
            ),
            ShareError::Unsharable(why) => write!(f, "This moment cannot be shared: {why}."),
            ShareError::Replay(why) => {
                write!(f, "This share link does not play back: {}.", quoted(why))
            }
        }
    }
}

impl std::error::Error for ShareError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ShareError::Lesson(error) => Some(error),
            _ => None,
        }
    }
}

impl Share {
    /// The moment `session` shows, made from `source` (the caller says which: a session does
    /// not know whether a lesson made it), with `steps_done` lesson steps done.
    pub fn of(session: &Session, source: Source, steps_done: u32) -> Share {
        let (script, running) = script_of(session);
        Share {
            version: SHARE_VERSION,
            source,
            seed: session.seed(),
            at: session.now().as_millis(),
            steps_done,
            script,
            running,
        }
    }

    /// `of`, for a link: refused if no playground could open it (too large, too late, too much
    /// work), with a sentence for the sender.
    pub fn make(session: &Session, source: Source, steps_done: u32) -> Result<Share, ShareError> {
        let steps = session.cluster().steps();
        if steps > SHARE_STEPS_MAX {
            return Err(ShareError::Unsharable(format!(
                "playing it back would take {steps} steps of simulation, and a link may ask for at \
                 most {SHARE_STEPS_MAX}"
            )));
        }
        let share = Share::of(session, source, steps_done);
        match share.check() {
            Err(ShareError::TooLarge(bytes)) => Err(ShareError::Unsharable(format!(
                "its link would hold {} KiB, and a link holds at most {} KiB",
                bytes.div_ceil(1024),
                SHARE_BYTES_MAX / 1024
            ))),
            Err(ShareError::TooLate(_)) => Err(ShareError::Unsharable(format!(
                "it is past the {} days of simulated time a link reaches",
                SHARE_AT_MAX.as_millis() / (24 * 3600 * 1000)
            ))),
            checked => checked.map(|()| share),
        }
    }

    /// The JSON text a link carries (before the page compresses it). `check` says whether a
    /// link can carry it.
    pub fn to_json(&self) -> String {
        // What `serde_json::to_string` makes of the derived `Serialize` (a test holds it to
        // that), written without serde's serializer, which nothing else in the page's wasm uses.
        let mut json = JsonText::default();
        json.begin('{');
        json.key("version").uint(self.version.into());
        json.key("source");
        match &self.source {
            Source::Default => json.str("default"),
            Source::Lesson(name) => Self::variant(&mut json, "lesson", name),
            Source::LessonFile(text) => Self::variant(&mut json, "lesson_file", text),
            Source::Scenario(text) => Self::variant(&mut json, "scenario", text),
        }
        json.key("seed").uint(self.seed);
        json.key("at").uint(self.at);
        json.key("steps_done").uint(self.steps_done.into());
        json.key("script").str(&self.script);
        if let Some(running) = &self.running {
            json.key("running").str(running);
        }
        json.end('}');
        json.into_text()
    }

    /// A newtype variant as serde writes one: `{"name":"text"}`.
    fn variant(json: &mut JsonText, name: &str, text: &str) {
        json.begin('{');
        json.key(name).str(text);
        json.end('}');
    }

    /// Reads a link's JSON text (decompressed): its size first, then its version (so that a
    /// newer playground's link says so rather than naming a field this one does not know),
    /// then its shape and `check`.
    pub fn parse(text: &str) -> Result<Share, ShareError> {
        if text.len() > SHARE_BYTES_MAX {
            return Err(ShareError::TooLarge(text.len()));
        }
        let damaged = |error: serde_json::Error| ShareError::Damaged(error.to_string());
        let Versioned(version) = serde_json::from_str(text).map_err(damaged)?;
        check_version(version)?;
        let share: Share = serde_json::from_str(text).map_err(damaged)?;
        share.check()?;
        Ok(share)
    }

    /// What can be checked without playing the script: the version, the JSON's size, the
    /// moment, the steps done. A page checks a share it made before it makes a link of it.
    pub fn check(&self) -> Result<(), ShareError> {
        check_version(self.version)?;
        if self.at > SHARE_AT_MAX.as_millis() {
            return Err(ShareError::TooLate(self.at));
        }
        let is_lesson = matches!(self.source, Source::Lesson(_) | Source::LessonFile(_));
        if !is_lesson && self.steps_done > 0 {
            return Err(ShareError::Damaged(format!(
                "it counts {} lesson steps done, but it holds no lesson",
                self.steps_done
            )));
        }
        let bytes = self.to_json().len();
        if bytes > SHARE_BYTES_MAX {
            return Err(ShareError::TooLarge(bytes));
        }
        Ok(())
    }

    /// The session at the shared moment: the source's swarm with the shared seed, the script
    /// played as `swarm run` plays it (each line to its end), the running line typed, and time
    /// let pass to the moment. A script that goes back in time or past the moment is refused.
    pub fn open(&self) -> Result<Session, ShareError> {
        self.open_with(None)
    }

    /// `open`, given the file of the built-in lesson the share names, for a build that does
    /// not carry the files (the page's release wasm, whose module fetches it).
    pub fn open_with(&self, builtin_file: Option<&str>) -> Result<Session, ShareError> {
        self.check()?;
        let (scenario, lesson) = self.source.resolve(builtin_file)?;
        if let Some(lesson) = &lesson
            && self.steps_done as usize > lesson.steps.len()
        {
            return Err(ShareError::Damaged(format!(
                "it counts {} lesson steps done, but its lesson has {}",
                self.steps_done,
                lesson.steps.len()
            )));
        }
        let at = SimTime::from_millis(self.at);
        let mut player = Player { session: Session::new(scenario, self.seed), at, steps: 0 };
        player.play(&self.script)?;
        if let Some(line) = &self.running {
            // One command line (continued or not): lines typed after it would run as it ends.
            if line.lines().rev().skip(1).any(|physical| !physical.ends_with('\\')) {
                return Err(ShareError::Damaged("its running line is more than one line".into()));
            }
            player
                .counted(|session| session.type_text(line))?
                .map_err(|e| ShareError::Replay(format!("its running line: {e}")))?;
        }
        // The script stopped at the moment at the latest; time passes the rest of the way.
        player.pass_time(false)?;
        Ok(player.session)
    }
}

impl Source {
    /// The lesson the source holds or names, if any.
    pub fn lesson(&self) -> Result<Option<Lesson>, ShareError> {
        Ok(self.resolve(None)?.1)
    }

    /// The swarm a session from this source starts as, and the lesson, if any
    /// (`builtin_file`: as for `Share::open_with`).
    fn resolve(
        &self,
        builtin_file: Option<&str>,
    ) -> Result<(Scenario, Option<Lesson>), ShareError> {
        let text = match self {
            Source::Default => return Ok((Scenario::default(), None)),
            Source::Scenario(text) => {
                let scenario = Scenario::parse(text).map_err(ShareError::Scenario)?;
                return Ok((scenario, None));
            }
            Source::Lesson(name) => {
                let known = Lesson::builtin_names().any(|n| n == name);
                Lesson::builtin(name)
                    .or(builtin_file)
                    .filter(|_| known)
                    .ok_or_else(|| ShareError::UnknownLesson(name.clone()))?
            }
            Source::LessonFile(text) => text.as_str(),
        };
        let lesson = Lesson::parse(text).map_err(ShareError::Lesson)?;
        if let Source::Lesson(name) = self
            && lesson.name != *name
        {
            return Err(ShareError::UnknownLesson(name.clone()));
        }
        let scenario = lesson.scenario().map_err(ShareError::Lesson)?;
        Ok((scenario, Some(lesson)))
    }
}

fn check_version(version: u32) -> Result<(), ShareError> {
    match version {
        SHARE_VERSION => Ok(()),
        newer if newer > SHARE_VERSION => Err(ShareError::Newer(newer)),
        older => Err(ShareError::Damaged(format!("version {older} was never written"))),
    }
}

/// The replay script of what `session` shows, and the line running at its playhead if the
/// share can leave it running.
fn script_of(session: &Session) -> (String, Option<String>) {
    let Some((running, _)) = session.running() else { return (session.export(true), None) };
    let transcript = session.transcript();
    // While a line waits, only page actions and the session's notes start; with none, the
    // script stops where the line started and the line runs on from there.
    let started_after = transcript.iter().any(|e| e.seq > running.seq);
    match &running.kind {
        ExchangeKind::Line(typed) if !started_after => {
            let script = crate::export::script(transcript, running.at, true, session.shell());
            (script, Some(typed.clone()))
        }
        // A script cannot act while a line waits: the export cuts the line short (`--detach`
        // and a `sleep`), as it does for a wait a page action cut short, which leaves the same
        // swarm. Only the shell is free at the moment, where it was busy.
        _ => {
            let mut cut_short = running.clone();
            cut_short.interrupted = true;
            cut_short.finished_at = session.now();
            let mut exchanges = transcript.to_vec();
            exchanges.push(cut_short);
            (crate::export::script(&exchanges, session.now(), true, session.shell()), None)
        }
    }
}

/// A share being opened: its session, the moment, and the work done so far.
struct Player {
    session: Session,
    at: SimTime,
    /// Cluster steps done so far (a step undone by going back counts still).
    steps: u64,
}

impl Player {
    /// Plays `script` as `swarm run` does, line by line, each to its end, with the clock
    /// stopped at the moment: a line still running there, or a line that went back in time
    /// (a `sim rewind`, which no export writes), refuses the script.
    fn play(&mut self, script: &str) -> Result<(), ShareError> {
        for (index, physical) in script.lines().enumerate() {
            let number = index + 1;
            let before = self.session.now();
            self.counted(|session| session.type_text(physical))?
                .map_err(|e| ShareError::Replay(format!("line {number} of its script: {e}")))?;
            self.pass_time(true)?;
            if self.session.now() < before {
                return Err(ShareError::Replay(format!(
                    "line {number} of its script goes back in time, which a shared script never \
                     does"
                )));
            }
            if self.session.is_busy() {
                return Err(ShareError::Replay(format!(
                    "its script runs past the moment it shares ({}): line {number} is still \
                     running then",
                    clock(self.at)
                )));
            }
        }
        Ok(())
    }

    /// Lets time pass to the moment (`until_idle`: or until the shell is free) in pieces
    /// sized to the work they do, counting it.
    fn pass_time(&mut self, until_idle: bool) -> Result<(), ShareError> {
        let mut piece = PIECE_FIRST;
        // Whether to go on short of the moment: always, or (`until_idle`) while a line runs.
        let waiting = |session: &Session| !until_idle || session.is_busy();
        while self.session.now() < self.at && waiting(&self.session) {
            let deadline = (self.session.now() + piece).min(self.at);
            let (before, from) = (self.steps, self.session.now());
            self.counted(|session| {
                if until_idle {
                    session.run_until_idle_or(deadline);
                } else {
                    session.advance_to(deadline);
                }
            })?;
            let did = self.steps - before;
            // Time passes up to the deadline or a line's end: never standing still, this loop
            // ends. Should it stand still (a bug), a refusal is better than a hung page.
            if self.session.now() <= from && waiting(&self.session) {
                let now = clock(self.session.now());
                return Err(ShareError::Replay(format!("time stops at {now}")));
            }
            piece = if did < PIECE_STEPS / 4 {
                SimDuration::from_millis(piece.as_millis() * 2).min(PIECE_LONGEST)
            } else if did > PIECE_STEPS {
                SimDuration::from_millis(piece.as_millis() / 2).max(PIECE_SHORTEST)
            } else {
                piece
            };
        }
        Ok(())
    }

    /// Runs `action` on the session and counts the cluster steps it did (none going back:
    /// the work was done all the same); its result, or the refusal once the steps pass
    /// `SHARE_STEPS_MAX`.
    fn counted<T>(&mut self, action: impl FnOnce(&mut Session) -> T) -> Result<T, ShareError> {
        let before = self.session.cluster().steps();
        let result = action(&mut self.session);
        self.steps += self.session.cluster().steps().saturating_sub(before);
        if self.steps > SHARE_STEPS_MAX {
            return Err(ShareError::TooMuchWork);
        }
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `to_json` writes what serde_json makes of the derived `Serialize`, byte for byte: every
    /// source, with and without a running line, with text that needs escaping.
    #[test]
    fn the_json_text_is_serde_jsons() {
        let awkward = "a \"quoted\" \\ line\n\ttab \u{1} \u{1f} é ✓ </script>";
        let sources = [
            Source::Default,
            Source::Lesson("swarm-tour".into()),
            Source::LessonFile(format!("{{\"title\": \"{awkward}\"}}")),
            Source::Scenario(awkward.into()),
        ];
        for source in sources {
            for running in [None, Some(awkward.to_string())] {
                let share = Share {
                    version: SHARE_VERSION,
                    source: source.clone(),
                    seed: u64::MAX,
                    at: 90_500,
                    steps_done: 3,
                    script: format!("docker service ls\nsleep 2\n{awkward}"),
                    running,
                };
                assert_eq!(share.to_json(), serde_json::to_string(&share).unwrap());
            }
        }
    }
}
