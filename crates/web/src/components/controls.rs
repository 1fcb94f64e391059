//! The simulation controls: play/pause, step, speed, the simulated clock, and restart with a
//! seed.

use yew::prelude::*;

use crate::clock::format_clock;
use crate::page::PageAction;
use swarm_core::SimTime;

/// What the controls show, and where their actions go.
pub struct ControlsProps {
    pub now: SimTime,
    pub paused: bool,
    pub speed: f64,
    pub seed: u64,
    pub on_action: Callback<PageAction>,
}

/// Speeds offered, in simulated seconds per wall second.
pub const SPEEDS: [f64; 9] = [0.25, 0.5, 1.0, 2.0, 4.0, 10.0, 25.0, 50.0, 100.0];

/// The controls, in the app's own render: its props change with the clock, as nearly every
/// render's do, so a component of their own would skip little and cost its lifecycle code in
/// the wasm (0.6 KB gzipped). `seed_field` is the seed's input, which the app fills in with
/// `use_input_value` (a typed seed stays until a restart).
pub fn controls(props: &ControlsProps, seed_field: NodeRef) -> Html {
    let toggle = props.on_action.reform(|_: MouseEvent| PageAction::TogglePause);
    let step = props.on_action.reform(|_: MouseEvent| PageAction::Step);
    let restart = {
        let (seed_field, seed) = (seed_field.clone(), props.seed);
        props.on_action.reform(move |_: MouseEvent| {
            let typed = seed_field.cast::<web_sys::HtmlInputElement>().map(|f| f.value());
            // A seed that is not a number restarts with the current one.
            PageAction::Restart(typed.and_then(|t| t.trim().parse().ok()).unwrap_or(seed))
        })
    };
    let speed = props.on_action.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        // The option's text is one of ours: matched, not parsed (a float parser is 15 KB of
        // the bundle).
        let value = select.value();
        PageAction::SetSpeed(SPEEDS.iter().copied().find(|s| s.to_string() == value).unwrap_or(1.0))
    });
    html! {
        <div class="controls">
            <button data-testid="play-pause" aria-pressed={props.paused.to_string()} onclick={toggle}>
                { if props.paused { "Play" } else { "Pause" } }
            </button>
            <button data-testid="step" onclick={step} title="Pause, then run to the next moment something happens">
                { "Step" }
            </button>
            <label class="speed">
                { "Speed " }
                <select data-testid="speed" aria-label="Speed" onchange={speed}>
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == props.speed}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
            <span class="sim-clock" data-testid="sim-clock" data-sim-ms={props.now.as_millis().to_string()}
                title="simulated time">
                { "t = " }{ format_clock(props.now) }
            </span>
            <span class="restart">
                <label>
                    { "Seed " }
                    <input ref={seed_field} data-testid="seed" aria-label="Seed" type="number" min="0"
                        inputmode="numeric" />
                </label>
                <button data-testid="restart" onclick={restart}>{ "Restart" }</button>
            </span>
        </div>
    }
}
