//! What an embedder asks a playground for, and the page it gives: the options of `mount()` and
//! `Playground.create()`, of the `<swarm-playground>` element's attributes and of `embed.html`'s
//! URL parameters, which `swarm-playground.js` gathers into one JSON object.
//!
//! Pure: a JSON text in, a `PageState` (or a docker-style error) out. The module fetches what
//! `src` points at and decompresses a share link first, so no I/O happens here.

use std::rc::Rc;

use serde::{Deserialize, Deserializer};
use swarm_shell::Share;
use swarm_shell::lesson::{Panel, Ui};
use swarm_shell::record::{self, Record, Shape, Slot};

use crate::components::controls::SPEEDS;
use crate::page::{PageState, Start};

/// The options as the module hands them over.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Options {
    /// A built-in lesson, by name (`swarm-tour`).
    pub lesson: Option<String>,
    /// The file of the built-in lesson that `lesson` or the share link names, which the module
    /// fetched (`lessons/NAME.json`): the release wasm does not carry the files.
    pub lesson_text: Option<String>,
    /// The text `src` pointed at: a lesson (JSON) or a scenario file.
    pub source: Option<String>,
    /// A share link's payload, decompressed: the moment to open.
    pub share: Option<String>,
    /// The seed (the lesson's, or 1, by default).
    pub seed: Option<u64>,
    /// Simulated seconds per second, one of the page's speeds.
    pub speed: Option<f64>,
    /// Whether time runs from the start (it does by default).
    pub autoplay: Option<bool>,
    /// The panels to show (all by default): `board`, `services`, `plots`, `events`,
    /// `terminal`, `timeline`.
    pub panels: Option<Vec<Panel>>,
    /// Only watching: no typing, no buttons.
    pub readonly: Option<bool>,
    /// The embed's name among others on its page, which its regions carry (`swarm tour`);
    /// none for a page's own playground.
    pub name: Option<String>,
}

// Read through the shell's shared reader (`swarm_shell::record`), with serde's derive's words:
// as `#[serde(deny_unknown_fields, rename_all = "camelCase")]` would, every field an `Option`.
impl Record for Options {
    fn start() -> Options {
        Options::default()
    }

    fn shape(&self) -> &'static Shape {
        &Shape {
            name: "Options",
            fields: &[
                "lesson",
                "lessonText",
                "source",
                "share",
                "seed",
                "speed",
                "autoplay",
                "panels",
                "readonly",
                "name",
            ],
            // Options may be left out of an object (they are `None`), not of an array.
            required: 0b11_1111_1111,
            deny_unknown: true,
        }
    }

    fn slot(&mut self, field: usize) -> Slot<'_> {
        match field {
            0 => Slot::MaybeText(&mut self.lesson),
            1 => Slot::MaybeText(&mut self.lesson_text),
            2 => Slot::MaybeText(&mut self.source),
            3 => Slot::MaybeText(&mut self.share),
            4 => Slot::MaybeU64(&mut self.seed),
            5 => Slot::MaybeF64(&mut self.speed),
            6 => Slot::Maybe(&mut self.autoplay),
            7 => Slot::Maybe(&mut self.panels),
            8 => Slot::Maybe(&mut self.readonly),
            _ => Slot::MaybeText(&mut self.name),
        }
    }
}

impl<'de> Deserialize<'de> for Options {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Options, D::Error> {
        record::deserialize(deserializer)
    }
}

/// Options JSON larger than this is refused (a lesson is at most 64 KiB; a share link's
/// payload at most `swarm_shell::share::SHARE_BYTES_MAX`).
pub const OPTIONS_BYTES_MAX: usize = 1 << 20;

impl Options {
    pub fn parse(json: &str) -> Result<Options, String> {
        if json.len() > OPTIONS_BYTES_MAX {
            return Err(format!("the options are larger than {} KiB", OPTIONS_BYTES_MAX >> 10));
        }
        serde_json::from_str(json).map_err(|e| format!("invalid options: {e}"))
    }

    /// What the playground starts from: a lesson, else `src`'s text (a lesson if it is JSON,
    /// else a scenario file), else the tutorials' lab.
    pub fn start(&self) -> Result<Start, String> {
        if let Some(name) = &self.lesson {
            return Start::builtin_lesson(name, self.lesson_text.as_deref());
        }
        match &self.source {
            Some(text) if text.trim_start().starts_with('{') => Start::lesson_file(text),
            Some(text) => Start::scenario_file(text),
            None => Ok(Start::Default),
        }
    }

    /// The page these options ask for.
    pub fn page(&self) -> Result<PageState, String> {
        if let Some(speed) = self.speed
            && !SPEEDS.contains(&speed)
        {
            let speeds: Vec<String> = SPEEDS.iter().map(f64::to_string).collect();
            return Err(format!("invalid speed {speed}: one of {}", speeds.join(", ")));
        }
        let mut page = match &self.share {
            Some(payload) => {
                let share = Share::parse(payload).map_err(|e| e.to_string())?;
                let session =
                    share.open_with(self.lesson_text.as_deref()).map_err(|e| e.to_string())?;
                let start = Start::of_share(&share, self.lesson_text.as_deref())?;
                PageState::of_session(Rc::new(start), session, share.steps_done as usize)
            }
            None => {
                let start = self.start()?;
                let seed = self.seed.unwrap_or_else(|| start.seed());
                PageState::start(start, seed)?
            }
        };
        let mut ui: Ui = (*page.ui).clone();
        if let Some(panels) = &self.panels {
            ui.panels = panels.clone();
        }
        if let Some(read_only) = self.readonly {
            ui.read_only = read_only;
        }
        if let Some(speed) = self.speed {
            ui.speed = speed;
        }
        page.set_ui(ui);
        page.clock.set_paused(!self.autoplay.unwrap_or(true));
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_options_is_the_tutorials_lab_playing() {
        let page = Options::parse("{}").unwrap().page().unwrap();
        assert_eq!(*page.start, Start::Default);
        assert_eq!(page.seed, crate::page::DEFAULT_SEED);
        assert!(!page.clock.is_paused());
        assert!(!page.ui.read_only);
        assert_eq!(page.ui.panels.len(), 6);
    }

    #[test]
    fn a_lesson_with_options() {
        let json = r#"{"lesson":"swarm-tour","seed":7,"speed":4,"autoplay":false,
            "panels":["terminal","board"],"readonly":true}"#;
        let page = Options::parse(json).unwrap().page().unwrap();
        assert!(
            matches!(&*page.start, Start::Lesson { lesson, file: None } if lesson.name == "swarm-tour")
        );
        assert_eq!(page.seed, 7);
        assert_eq!(page.clock.speed(), 4.0);
        assert!(page.clock.is_paused());
        assert_eq!(page.ui.panels, vec![Panel::Terminal, Panel::Board]);
        assert!(page.ui.read_only);
        // A restart keeps what the embedder asked for.
        use yew::Reducible;
        let restarted = Rc::new(page).reduce(crate::page::PageAction::Restart(8));
        assert_eq!(restarted.seed, 8);
        assert_eq!(restarted.ui.panels, vec![Panel::Terminal, Panel::Board]);
        assert!(restarted.ui.read_only && restarted.clock.is_paused());
    }

    #[test]
    fn src_text_is_a_lesson_or_a_scenario() {
        let scenario = Options {
            source: Some("node m1 --role manager\nnode w1\n".into()),
            ..Options::default()
        };
        let page = scenario.page().unwrap();
        let hosts: Vec<String> = page.snapshot().nodes.iter().map(|n| n.hostname.clone()).collect();
        assert_eq!(hosts, ["m1", "w1"]);
        assert!(page.log.is_empty() && page.running.is_none(), "nothing typed");

        let lesson = swarm_shell::Lesson::builtin("drain-and-failover").unwrap().to_string();
        let page = Options { source: Some(lesson), ..Options::default() }.page().unwrap();
        assert!(
            matches!(&*page.start, Start::Lesson { lesson, file: Some(_) } if lesson.name == "drain-and-failover")
        );
    }

    /// A lesson played two steps in, shared, and opened again: the same moment, the same
    /// steps done, and a restart that starts the lesson over.
    #[test]
    fn a_shared_lesson_opens_at_its_moment_with_its_steps_done() {
        use crate::page::PageAction;
        use yew::Reducible;
        let options = Options { lesson: Some("drain-and-failover".into()), ..Options::default() };
        let mut page = Rc::new(options.page().unwrap());
        let lesson = Rc::clone(page.start.lesson().expect("a lesson"));
        for command in lesson.steps[..2].iter().flat_map(|s| &s.commands) {
            page = page.reduce(PageAction::Run(command.clone()));
        }
        assert_eq!(page.steps_done(), 2);
        let share =
            Share::make(&page.session(), page.start.share_source(), page.steps_done()).unwrap();
        let opened = Options { share: Some(share.to_json()), ..Options::default() }.page().unwrap();
        assert_eq!(opened.snapshot(), page.snapshot());
        assert_eq!(opened.steps_done(), 2);
        assert_eq!(opened.start, page.start);
        let ps = |page: Rc<PageState>| {
            page.reduce(PageAction::Run("docker service ps web".into())).run_output.to_string()
        };
        assert_eq!(ps(Rc::new(opened.clone())), ps(Rc::clone(&page)));
        let restarted = Rc::new(opened).reduce(PageAction::Restart(lesson.setup.seed));
        assert_eq!(restarted.steps_done(), 0);
        assert_eq!(restarted.session().transcript().len(), lesson.setup.services.len());
    }

    #[test]
    fn a_damaged_share_is_refused() {
        let error = Options { share: Some("{\"version\":1".into()), ..Options::default() }
            .page()
            .unwrap_err();
        assert!(error.starts_with("This share link is damaged"), "{error}");
    }

    #[test]
    fn mistakes_are_named() {
        let cases = [
            (
                r#"{"lesson":"nope"}"#,
                "no such lesson: nope (the built-in lessons are myweb3-rolling-update,",
            ),
            (r#"{"speed":3}"#, "invalid speed 3: one of 0.25, 0.5, 1, 2, 4, 10, 25, 50, 100"),
            (r#"{"colour":"red"}"#, "invalid options: unknown field `colour`"),
            (r#"{"panels":["boards"]}"#, "invalid options: unknown variant `boards`"),
            (r#"{"source":"node w1 --cpus lots"}"#, "invalid scenario: line 1:"),
            (r#"{"source":"{\"version\": 9}"}"#, "line 1"),
            ("[", "invalid options:"),
        ];
        for (json, expected) in cases {
            let error = Options::parse(json).and_then(|o| o.page()).unwrap_err();
            assert!(error.starts_with(expected) || error.contains(expected), "{json}: {error}");
        }
    }
}
