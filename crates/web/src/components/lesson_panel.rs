//! The lesson panel: a lesson's title and its steps in order, each marked done or not; the
//! current step open with its text, a button per command (typing it into the terminal) and
//! its checkpoints, green once met. Done steps can be opened to read again.
//!
//! The step text is Markdown parsed by `crate::markdown` and rendered as elements and text
//! nodes: never `inner_html`, never `Html::from_html_unchecked`, so a lesson cannot put HTML
//! on the page. What the panel shows of a lesson and its progress is a pure function,
//! `lesson_view`, tested natively.

use swarm_shell::lesson::{Lesson, Progress};
use wasm_bindgen::JsCast;
use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::region::{Instance, region_name};

use crate::components::memo::View;
use crate::markdown::{self, Block, Inline};
use crate::page::PageAction;
use crate::shared::Shared;

#[derive(PartialEq)]
pub struct LessonPanel {
    /// The lesson (compared by identity: a new lesson is a new `Rc`).
    pub lesson: Shared<Lesson>,
    /// Its progress (compared by identity: the page makes a new `Rc` when it changed).
    pub progress: Shared<Progress>,
    pub on_action: Callback<PageAction>,
    /// The panel only shows the lesson: commands are code, not buttons (a replay, say).
    /// Not `Ui::read_only`, which is the opposite: the learner may run only these commands.
    pub read_only: bool,
    /// The playground's name among others on its page, which its region's name carries.
    pub instance: Instance,
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done,
    Current,
    /// Not reached yet: only its title shows.
    Ahead,
}

/// What the panel shows of a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonView {
    pub title: String,
    pub steps: Vec<StepView>,
    /// What the panel says of the progress: `2 of 5 steps done`.
    pub summary: String,
}

/// What the panel shows of a step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepView {
    pub title: String,
    pub state: StepState,
    /// Open when drawn: the current step, and a step that asks nothing (done as soon as it is
    /// current, it is there to be read). The learner opens and closes the others.
    pub open: bool,
    pub commands: Vec<CommandView>,
    pub checkpoints: Vec<CheckpointView>,
}

/// A command of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandView {
    /// What the button types into the terminal, as the lesson writes it (continuations too).
    pub typed: String,
    /// The button's accessible name: `Run ` and the command on one line.
    pub label: String,
}

/// A checkpoint of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointView {
    /// What it checks, in words.
    pub text: String,
    pub met: bool,
}

/// What the panel shows of `lesson` at `progress`.
pub fn lesson_view(lesson: &Lesson, progress: &Progress) -> LessonView {
    let current = progress.current_step();
    let steps = lesson
        .steps
        .iter()
        .enumerate()
        .map(|(s, step)| {
            let state = if progress.is_step_done(s) {
                StepState::Done
            } else if current == Some(s) {
                StepState::Current
            } else {
                StepState::Ahead
            };
            let asks_nothing = step.commands.is_empty() && step.checkpoints.is_empty();
            let commands = step
                .commands
                .iter()
                .map(|typed| {
                    let line = swarm_shell::parse::line::joined(typed);
                    let words: Vec<&str> = line.split_whitespace().collect();
                    CommandView { typed: typed.clone(), label: format!("Run {}", words.join(" ")) }
                })
                .collect();
            let checkpoints = step
                .checkpoints
                .iter()
                .enumerate()
                .map(|(c, checkpoint)| CheckpointView {
                    text: checkpoint.to_string(),
                    met: progress.is_met(s, c),
                })
                .collect();
            StepView {
                title: step.title.clone(),
                state,
                open: state == StepState::Current || (state == StepState::Done && asks_nothing),
                commands,
                checkpoints,
            }
        })
        .collect();
    let (done, all) = (progress.steps_done(), lesson.steps.len());
    let summary = if done == all {
        format!("All {all} steps done")
    } else {
        format!("{done} of {all} steps done")
    };
    LessonView { title: lesson.title.clone(), steps, summary }
}

impl View for LessonPanel {
    fn view(&self, hooks: &mut HookContext) -> Html {
        use_lesson_panel(self).run(hooks)
    }
}

#[hook]
fn use_lesson_panel(props: &LessonPanel) -> Html {
    // Parsed once per lesson, not per render.
    let texts = use_memo(props.lesson.clone(), |lesson| {
        lesson.steps.iter().map(|step| markdown::parse(&step.text)).collect::<Vec<_>>()
    });
    let view = lesson_view(&props.lesson, &props.progress);
    let section = use_node_ref();
    use_focus_kept(section.clone(), props.progress.current_step());
    let region_name = region_name(&props.instance, "Lesson");
    html! {
        <section ref={section} class="lesson" aria-label={region_name}>
            <h2 class="lesson-title" tabindex="-1">{ view.title.clone() }</h2>
            <p class="lesson-progress" role="status">{ view.summary.clone() }</p>
            <ol class="lesson-steps">
                { for view.steps.iter().enumerate().map(|(s, step)| {
                    let text = texts.get(s).map_or(&[][..], Vec::as_slice);
                    step_html(s, step, text, &props.on_action, props.read_only)
                }) }
            </ol>
        </section>
    }
}

/// Keeps the keyboard in the panel when a step gets done: a run button that did it now sits in
/// a closed `<details>`, where focus cannot stay, so it goes to the new current step's title
/// (or, with none, the panel's heading). Only then: the panel never takes focus from elsewhere
/// (the terminal, say), nor on its first render.
#[hook]
fn use_focus_kept(section: NodeRef, current: Option<usize>) {
    let shown = use_mut_ref(|| None::<Option<usize>>);
    use_effect_with(current, move |&current| {
        let moved = shown.borrow().is_some_and(|before| before != current);
        *shown.borrow_mut() = Some(current);
        let Some(section) = section.cast::<web_sys::Element>() else { return };
        let active = gloo::utils::document().active_element();
        let hidden_inside = active.is_some_and(|active| {
            section.contains(Some(&active))
                && active.closest("details:not([open]) > :not(summary)").ok().flatten().is_some()
        });
        if !moved || !hidden_inside {
            return;
        }
        let target = section
            .query_selector(".lesson-step.current summary")
            .ok()
            .flatten()
            .or_else(|| section.query_selector(".lesson-title").ok().flatten());
        if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = target.focus();
        }
    });
}

fn step_html(
    index: usize,
    step: &StepView,
    text: &[Block],
    on_action: &Callback<PageAction>,
    read_only: bool,
) -> Html {
    let (class, status) = match step.state {
        StepState::Done => ("lesson-step done", ", done"),
        StepState::Current => ("lesson-step current", ", current step"),
        StepState::Ahead => ("lesson-step ahead", ""),
    };
    let current = (step.state == StepState::Current).then_some("step");
    let title = html! {
        <>
            if step.state == StepState::Done {
                <span class="step-mark" aria-hidden="true">{ "✓" }</span>
            }
            <span class="step-title">{ step.title.clone() }</span>
            <span class="visually-hidden">{ status }</span>
        </>
    };
    if step.state == StepState::Ahead {
        return html! { <li key={index} class={class} data-step={index.to_string()}>{ title }</li> };
    }
    html! {
        <li key={index} class={class} data-step={index.to_string()} aria-current={current}>
            <details open={step.open}>
                <summary>{ title }</summary>
                <div class="step-body">
                    <div class="step-text">{ blocks_html(text) }</div>
                    if !step.commands.is_empty() {
                        <ul class="step-commands" aria-label="Commands">
                            { for step.commands.iter().map(|command| command_html(command, on_action, read_only)) }
                        </ul>
                    }
                    if !step.checkpoints.is_empty() {
                        <ul class="step-checkpoints" aria-label="Checkpoints">
                            { for step.checkpoints.iter().map(checkpoint_html) }
                        </ul>
                    }
                </div>
            </details>
        </li>
    }
}

fn command_html(command: &CommandView, on_action: &Callback<PageAction>, read_only: bool) -> Html {
    if read_only {
        return html! { <li><code class="step-command">{ command.typed.clone() }</code></li> };
    }
    let typed = command.typed.clone();
    let onclick = on_action.reform(move |_: MouseEvent| PageAction::Type(typed.clone()));
    html! {
        <li>
            <button type="button" class="run-command" aria-label={command.label.clone()} {onclick}>
                <code class="step-command">{ command.typed.clone() }</code>
            </button>
        </li>
    }
}

fn checkpoint_html(checkpoint: &CheckpointView) -> Html {
    let (class, mark, said) = if checkpoint.met {
        ("checkpoint met", "✓", "met: ")
    } else {
        ("checkpoint", "○", "not met: ")
    };
    html! {
        <li class={class} data-met={checkpoint.met.to_string()}>
            <span class="checkpoint-mark" aria-hidden="true">{ mark }</span>
            <span class="visually-hidden">{ said }</span>
            { checkpoint.text.clone() }
        </li>
    }
}

/// The step text's blocks, as elements and text nodes.
fn blocks_html(blocks: &[Block]) -> Html {
    let items = |items: &[Vec<Inline>]| -> Html {
        items.iter().map(|item| html! { <li>{ inlines_html(item) }</li> }).collect()
    };
    blocks
        .iter()
        .map(|block| match block {
            Block::Paragraph(inlines) => html! { <p>{ inlines_html(inlines) }</p> },
            Block::BulletList(list) => html! { <ul>{ items(list) }</ul> },
            Block::NumberedList { start, items: list } => {
                html! { <ol start={start.to_string()}>{ items(list) }</ol> }
            }
            Block::Code(code) => {
                html! { <pre class="step-code"><code>{ code.clone() }</code></pre> }
            }
        })
        .collect()
}

/// Inline runs, as elements and text nodes. Recursion is as deep as the parser nests, at most
/// `markdown::NESTING_MAX`.
fn inlines_html(inlines: &[Inline]) -> Html {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(text) => html! { { text.clone() } },
            Inline::Code(code) => html! { <code>{ code.clone() }</code> },
            Inline::Strong(content) => html! { <strong>{ inlines_html(content) }</strong> },
            Inline::Emphasis(content) => html! { <em>{ inlines_html(content) }</em> },
            Inline::Link { url, content } if markdown::opens_elsewhere(url) => html! {
                <a href={url.clone()} target="_blank" rel="noopener noreferrer">
                    { inlines_html(content) }
                    <span class="visually-hidden">{ " (opens in a new tab)" }</span>
                </a>
            },
            Inline::Link { url, content } => {
                html! { <a href={url.clone()}>{ inlines_html(content) }</a> }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson() -> Lesson {
        Lesson::parse(
            r#"{
  "version": 1, "name": "scale", "title": "Scaling",
  "steps": [
    { "title": "Read", "text": "A step that asks nothing." },
    { "title": "Create", "text": "Create `web`.",
      "commands": ["docker service create \\\n  --name web nginx", "sleep 5"],
      "checkpoints": [
        { "check": "running", "service": "web", "tasks": 1 },
        { "check": "output", "contains": "converged", "command": "create" }
      ] },
    { "title": "Scale", "commands": ["docker service scale web=2"],
      "checkpoints": [{ "check": "running", "service": "web", "tasks": 2 }] }
  ]
}"#,
        )
        .unwrap()
    }

    fn states(view: &LessonView) -> Vec<(StepState, bool)> {
        view.steps.iter().map(|s| (s.state, s.open)).collect()
    }

    #[test]
    fn the_view_follows_the_progress() {
        let lesson = lesson();
        let mut session = lesson.start().unwrap();
        let mut progress = Progress::new(&lesson, session.transcript().len());
        let view = lesson_view(&lesson, &progress);
        assert_eq!(view.title, "Scaling");
        assert_eq!(view.summary, "0 of 3 steps done");
        // Before any update: the first step is current.
        assert_eq!(
            states(&view),
            [(StepState::Current, true), (StepState::Ahead, false), (StepState::Ahead, false)]
        );

        progress.update(&lesson, &session.snapshot(), session.transcript());
        let view = lesson_view(&lesson, &progress);
        assert_eq!(view.summary, "1 of 3 steps done");
        // A step that asks nothing stays open to read.
        assert_eq!(
            states(&view),
            [(StepState::Done, true), (StepState::Current, true), (StepState::Ahead, false)]
        );
        let create = &view.steps[1];
        assert_eq!(create.commands[0].typed, "docker service create \\\n  --name web nginx");
        assert_eq!(create.commands[0].label, "Run docker service create --name web nginx");
        assert_eq!(create.commands[1].label, "Run sleep 5");
        assert_eq!(
            create.checkpoints,
            [
                CheckpointView { text: "web has 1 running task".to_string(), met: false },
                CheckpointView { text: "`create` printed \"converged\"".to_string(), met: false },
            ]
        );

        session.run_script(&lesson.steps[1].commands[0]).unwrap();
        progress.update(&lesson, &session.snapshot(), session.transcript());
        let view = lesson_view(&lesson, &progress);
        assert!(view.steps[1].checkpoints.iter().all(|c| c.met));
        assert_eq!(
            states(&view),
            [(StepState::Done, true), (StepState::Done, false), (StepState::Current, true)]
        );

        session.run_script("docker service scale web=2").unwrap();
        progress.update(&lesson, &session.snapshot(), session.transcript());
        let view = lesson_view(&lesson, &progress);
        assert_eq!(view.summary, "All 3 steps done");
        assert!(view.steps.iter().all(|s| s.state == StepState::Done));
    }
}
