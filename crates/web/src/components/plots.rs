//! The plots: per service, an SVG of its tasks running (solid) against desired (dashed) from
//! time zero to the playhead, with updates and node failures marked. Layout only: what is
//! counted, and the maths of lines, markers and axes, are `crate::plots`'s.
//!
//! Each plot is an image named by what it shows now (`web: 4 of 4 running at 1m30s`) in a
//! figure captioned with what it draws; the lines differ by dash pattern and width as well as
//! colour, markers by dash pattern and a letter, and a legend says which is which. Colours are
//! the page's custom properties, so the plots follow its theme.

use std::rc::Rc;

use swarm_core::SimTime;
use yew::functional::HookContext;
use yew::prelude::*;

use crate::components::memo::View;
use crate::region::{Instance, region_label};

use crate::plots::{
    Frame, Marker, MarkerKind, PlotModel, Series, count_scale, marker_marks, seconds_label,
    step_line, time_ticks,
};

/// Plots drawn; past this many services, the first (by name) are, and a note says so.
pub const PLOTS_SHOWN: usize = 24;

/// The SVG's user units: the plot area is `WIDTH - LEFT - RIGHT` columns wide, so a line has at
/// most that many columns of points whatever the history's length.
const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 160.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 14.0;
/// Room above the plot area for the markers' letters: updates' on the upper row, nodes' on
/// the lower, so the two never hide each other.
const TOP: f64 = 24.0;
const BOTTOM: f64 = 20.0;
/// Intervals on the time axis, at most.
const TIME_TICKS: u64 = 4;

/// The plots, shown through `memo`: drawn again only as the model or the playhead moves.
pub struct Plots {
    pub plots: Rc<PlotModel>,
    /// The playhead: the right end of the time axis.
    pub now: SimTime,
    /// The playground's name among others on its page, which its region's name carries.
    pub instance: Instance,
}

impl PartialEq for Plots {
    /// The page replaces the model's `Rc` whenever it changes (copy on write).
    fn eq(&self, other: &Plots) -> bool {
        Rc::ptr_eq(&self.plots, &other.plots)
            && self.now == other.now
            && self.instance == other.instance
    }
}

impl View for Plots {
    fn view(&self, _: &mut HookContext) -> Html {
        let props = self;
        let region = region_label(&props.instance, "plots-title", "Plots");
        let services = props.plots.services();
        let nodes = props.plots.node_markers();
        html! {
            <section class="plots" aria-labelledby={region.labelledby} aria-label={region.label}>
                <h2 id="plots-title">{ "Plots" }</h2>
                { legend() }
                if services.is_empty() {
                    <p class="plots-empty">{ "No services yet: each service gets a plot of its tasks over time." }</p>
                }
                <div class="plot-grid">
                    { for services.iter().take(PLOTS_SHOWN).map(|s| figure(s, nodes, props.now)) }
                </div>
                if services.len() > PLOTS_SHOWN {
                    <p class="plots-more">{ format!("The first {PLOTS_SHOWN} of {} services, by name, are plotted.", services.len()) }</p>
                }
            </section>
        }
    }
}

fn legend() -> Html {
    let line = |class: &'static str| {
        html! {
            <svg class="plot-key" viewBox="0 0 28 10" aria-hidden="true" focusable="false">
                <line class={class} x1="1" y1="5" x2="27" y2="5" />
            </svg>
        }
    };
    let marker = |kind: MarkerKind| {
        html! {
            <svg class="plot-key" viewBox="0 0 28 10" aria-hidden="true" focusable="false">
                <line class={format!("marker-line {}", kind.as_str())} x1="1" y1="5" x2="27" y2="5" />
            </svg>
        }
    };
    html! {
        <ul class="plot-legend" aria-label="Legend">
            <li>{ line("running") }{ "running (solid)" }</li>
            <li>{ line("desired") }{ "desired (dashed)" }</li>
            <li>{ marker(MarkerKind::UpdateStarted) }{ "U, P, C: update started, paused, completed" }</li>
            <li>{ marker(MarkerKind::RollbackStarted) }{ "R, P, C: rollback started, paused, completed" }</li>
            <li>{ marker(MarkerKind::NodeDown) }{ "×: node down" }</li>
            <li>{ marker(MarkerKind::NodeUp) }{ "+: node up" }</li>
        </ul>
    }
}

fn figure(series: &Series, nodes: &[Marker], now: SimTime) -> Html {
    let (top, step) = count_scale(series.peak());
    let frame = Frame { now, width: WIDTH - LEFT - RIGHT, height: HEIGHT - TOP - BOTTOM, top };
    let at = seconds_label(now.as_millis());
    let label =
        format!("{}: {} of {} running at {at}", series.name, series.running(), series.desired());
    let markers: Vec<&Marker> =
        series.markers().iter().chain(nodes).filter(|m| m.at <= now).collect();
    // Counted by kind in an array (`MarkerKind::ALL` is in the kinds' order), not a map: one
    // map type less in the page's wasm.
    let mut kinds = [0usize; MarkerKind::ALL.len()];
    for marker in &markers {
        kinds[marker.kind as usize] += 1;
    }
    let marked = if markers.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = (MarkerKind::ALL.iter().zip(kinds))
            .filter(|(_, n)| *n > 0)
            .map(|(kind, n)| format!("{} ×{n}", kind.label()))
            .collect();
        format!("; marked: {}", list.join(", "))
    };
    let caption =
        format!("{}: tasks running (solid) and desired (dashed), 0s to {at}{marked}", series.name);
    let y_ticks = (0..=top).step_by(step as usize).map(|count| {
        let y = format!("{:.1}", frame.y(count));
        html! {
            <g class="tick">
                <line class="grid" x1="0" x2={frame.width.to_string()} y1={y.clone()} y2={y.clone()} />
                <text x="-5" y={y} dy="0.32em" text-anchor="end">{ count }</text>
            </g>
        }
    });
    let x_ticks = time_ticks(now, TIME_TICKS).into_iter().map(|t| {
        html! {
            <text x={format!("{:.1}", frame.x(t))} y={format!("{:.1}", frame.height + 14.0)} text-anchor="middle">
                { seconds_label(t.as_millis()) }
            </text>
        }
    });
    let marks = marker_marks(markers.iter().copied(), &frame).into_iter().map(|mark| {
        let x = format!("{:.1}", mark.x);
        let glyph_y = match mark.kind {
            MarkerKind::NodeDown | MarkerKind::NodeUp => "-3",
            _ => "-13",
        };
        html! {
            <g class={format!("marker {}", mark.kind.as_str())}>
                <title>{ mark.title }</title>
                <line class="marker-hit" x1={x.clone()} x2={x.clone()} y1="0" y2={frame.height.to_string()} />
                <line class={format!("marker-line {}", mark.kind.as_str())} x1={x.clone()} x2={x.clone()} y1="0" y2={frame.height.to_string()} />
                <text x={x} y={glyph_y} text-anchor="middle">{ mark.kind.glyph() }</text>
            </g>
        }
    });
    html! {
        <figure class="plot" key={series.id.0.as_str()} data-plot-service={series.name.to_string()}>
            <svg role="img" aria-label={label} viewBox={format!("0 0 {WIDTH} {HEIGHT}")}>
                <g transform={format!("translate({LEFT},{TOP})")}>
                    { for y_ticks }
                    <line class="axis" x1="0" x2={frame.width.to_string()} y1={frame.height.to_string()} y2={frame.height.to_string()} />
                    <g class="x-ticks">{ for x_ticks }</g>
                    { for marks }
                    <polyline class="running" points={step_line(series.points(), |p| p.running, &frame)} />
                    <polyline class="desired" points={step_line(series.points(), |p| p.desired, &frame)} />
                </g>
            </svg>
            <figcaption>{ caption }</figcaption>
        </figure>
    }
}
