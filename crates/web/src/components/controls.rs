//! The simulation controls: play/pause, speed, restart, and the simulated clock.

use yew::prelude::*;

use crate::clock::format_clock;
use crate::page::PageAction;
use swarm_core::SimTime;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub now: SimTime,
    pub paused: bool,
    pub speed: f64,
    pub on_action: Callback<PageAction>,
}

/// Speeds offered, in simulated seconds per wall second.
const SPEEDS: [f64; 4] = [0.5, 1.0, 2.0, 4.0];

#[function_component]
pub fn Controls(props: &ControlsProps) -> Html {
    let toggle = props.on_action.reform(|_: MouseEvent| PageAction::TogglePause);
    let restart = props.on_action.reform(|_: MouseEvent| PageAction::Restart);
    let speed = props.on_action.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        PageAction::SetSpeed(select.value().parse().unwrap_or(1.0))
    });
    html! {
        <div class="controls">
            <button data-testid="play-pause" aria-pressed={props.paused.to_string()} onclick={toggle}>
                { if props.paused { "Play" } else { "Pause" } }
            </button>
            <label class="speed">
                { "Speed " }
                <select data-testid="speed" onchange={speed}>
                    { for SPEEDS.iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == props.speed}>{ format!("{s}×") }</option>
                    }) }
                </select>
            </label>
            <button data-testid="restart" onclick={restart}>{ "Restart" }</button>
            <span class="sim-clock" data-testid="sim-clock" data-sim-ms={props.now.as_millis().to_string()}
                title="simulated time">
                { "t = " }{ format_clock(props.now) }
            </span>
        </div>
    }
}
