//! A task chip: one task, its name, image tag and state in text, coloured by its state with a
//! mark in its service's colour, and where its slot stands in a running update.

use yew::functional::HookContext;
use yew::prelude::*;

use crate::components::class_list;
use crate::components::memo::{View, memo};
use crate::view_model::TaskChipVm;

/// A chip, shown through `memo` (a thousand of them are rendered only as they change).
#[derive(PartialEq)]
pub struct TaskChip {
    pub chip: TaskChipVm,
    /// The node it is on; `None` for a task waiting for one.
    pub host: Option<AttrValue>,
}

impl View for TaskChip {
    fn view(&self, _: &mut HookContext) -> Html {
        let props = self;
        let chip = &props.chip;
        let mut title =
            format!("{} ({}) {} · {}", chip.name, chip.id_short, chip.image, chip.state);
        if chip.stale {
            title.push_str(" · desired shutdown, not yet confirmed");
        }
        if let Some(err) = &chip.err {
            title.push_str(&format!(" · {err}"));
        }
        if let Some(update) = chip.update {
            title.push_str(&format!(" · update: {}", update.replace('-', " ")));
        }
        if chip.stuck {
            title.push_str(
                " · the scheduler no longer retries it: it belongs to an older version of the \
             service and fit no node when last tried (a SwarmKit bug, moby/moby#53722); \
             `docker service update --force` replaces it",
            );
        }
        // The accessible name is a contract: `web.1 running on worker1` (`web.1 pending` unplaced).
        let label = match &props.host {
            Some(host) => format!("{} {} on {host}", chip.name, chip.state),
            None => format!("{} {}", chip.name, chip.state),
        };
        let classes = class_list([
            Some("task-chip"),
            Some(chip.state),
            chip.stale.then_some("stale"),
            chip.stuck.then_some("stuck"),
            chip.history.then_some("history"),
        ]);
        html! {
            <li aria-label={label} class={classes} style={format!("--service-hue: {}", chip.service_hue)}
                data-task={chip.name.clone()} data-state={chip.state} data-update={chip.update}
                data-stuck={chip.stuck.then_some("true")} data-history={chip.history.then_some("true")} title={title}>
                <span class="task-name">{ chip.name.clone() }</span>
                <span class="task-tag">{ chip.tag.clone() }</span>
                <span class="task-state">{ chip.state }</span>
            </li>
        }
    }
}

/// A chip in a list of chips (keyed by its task), on `host` or waiting for a node.
pub fn task_chip(chip: &TaskChipVm, host: Option<&AttrValue>) -> Html {
    let key = Some(chip.id_short.as_str().into());
    memo(TaskChip { chip: chip.clone(), host: host.cloned() }, key)
}
