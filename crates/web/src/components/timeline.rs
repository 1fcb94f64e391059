//! The timeline: a slider over the whole session with its commands and faults marked.
//! Dragging it shows the swarm at that moment and keeps what came later; End goes back to the
//! live edge.

use swarm_core::SimTime;
use swarm_shell::parse::values::format_go_duration;
use yew::prelude::*;

use crate::components::class_list;
use crate::page::{Marker, PageAction};

/// What the timeline shows, and where its actions go.
pub struct TimelineProps {
    pub now: SimTime,
    pub head: SimTime,
    pub on_action: Callback<PageAction>,
}

/// Marker ticks drawn at most: markers closer than this fraction of the track share a tick,
/// so a session of a hundred thousand commands draws as fast as one of ten.
const TICKS_MAX: usize = 200;

/// `1m30s`: whole simulated seconds, as Go prints a duration.
pub fn seconds_text(t: SimTime) -> String {
    format_go_duration(t.as_millis() / 1000 * 1000)
}

/// The ticks to draw: (position along the track in per mille, fault, the lines it stands for).
pub fn ticks(markers: &[Marker], head: SimTime) -> Vec<(u32, bool, String)> {
    let span = head.as_millis().max(1);
    let mut ticks: Vec<(u32, bool, String)> = Vec::new();
    for marker in markers {
        let per_mille = (marker.at.as_millis().min(span) * 1000 / span) as u32;
        let bucket = per_mille * TICKS_MAX as u32 / 1000;
        match ticks.last_mut() {
            Some((at, fault, lines)) if *at * TICKS_MAX as u32 / 1000 == bucket => {
                *fault |= marker.fault;
                if lines.lines().count() < 5 {
                    lines.push('\n');
                    lines.push_str(&marker.line);
                }
            }
            _ => ticks.push((per_mille, marker.fault, marker.line.clone())),
        }
    }
    ticks
}

/// The timeline, in the app's own render: its props change with the clock, as nearly every
/// render's do, so a component of its own would skip little and cost its lifecycle code in
/// the wasm. `region_name` is its region's name; `ticks`, `ticks(markers, head)`, which the
/// app memoizes.
pub fn timeline(
    props: &TimelineProps,
    region_name: AttrValue,
    ticks: &[(u32, bool, String)],
) -> Html {
    let (now_s, head_s) = (props.now.as_millis() / 1000, props.head.as_millis() / 1000);
    let on_input = props.on_action.reform(|e: InputEvent| {
        let slider: web_sys::HtmlInputElement = e.target_unchecked_into();
        // Whole seconds (`step="1"`): an integer, no float parser in the bundle.
        let seconds = slider.value().parse::<u64>().unwrap_or(0);
        PageAction::Seek(SimTime::from_secs(seconds))
    });
    let end = props.on_action.reform(|_: MouseEvent| PageAction::End);
    let live = props.now >= props.head;
    html! {
        <section class={class_list([Some("timeline"), (!live).then_some("past")])} aria-label={region_name}>
            <div class="timeline-track">
                <input type="range" aria-label="Timeline" data-testid="timeline" min="0"
                    max={head_s.max(now_s).to_string()} step="1" value={now_s.to_string()}
                    aria-valuetext={seconds_text(props.now)} oninput={on_input} />
                <ol class="timeline-marks" aria-hidden="true">
                    { for ticks.iter().map(|(per_mille, fault, lines)| html! {
                        <li class={class_list([Some("mark"), fault.then_some("fault")])} title={lines.clone()}
                            style={format!("left: {}%", f64::from(*per_mille) / 10.0)}></li>
                    }) }
                </ol>
            </div>
            <button data-testid="end" onclick={end} disabled={live}
                title="Back to the live edge of the timeline">{ "End" }</button>
            if !live {
                <p class="timeline-note" role="status">
                    { format!("Showing {} of {}. Acting here continues from this moment and drops what came later; End returns to now.",
                        seconds_text(props.now), seconds_text(props.head)) }
                </p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(at_s: u64, line: &str, fault: bool) -> Marker {
        Marker { at: SimTime::from_secs(at_s), line: line.into(), fault, serial: at_s }
    }

    #[test]
    fn ticks_share_a_place_when_markers_are_close() {
        let markers = [
            marker(0, "docker service create --name web nginx", false),
            marker(50, "sim node kill worker2", true),
            marker(50, "docker service ps web", false),
            marker(100, "docker node ls", false),
        ];
        let ticks = ticks(&markers, SimTime::from_secs(100));
        assert_eq!(
            ticks,
            [
                (0, false, "docker service create --name web nginx".to_string()),
                (500, true, "sim node kill worker2\ndocker service ps web".to_string()),
                (1000, false, "docker node ls".to_string()),
            ]
        );
        let many: Vec<Marker> = (0..10_000).map(|i| marker(i, "docker node ls", false)).collect();
        assert!(ticks_len(&many) <= TICKS_MAX + 1);
    }

    fn ticks_len(markers: &[Marker]) -> usize {
        ticks(markers, SimTime::from_secs(10_000)).len()
    }

    #[test]
    fn the_value_text_is_a_go_duration_in_whole_seconds() {
        assert_eq!(seconds_text(SimTime::from_millis(90_400)), "1m30s");
        assert_eq!(seconds_text(SimTime::ZERO), "0s");
    }
}
