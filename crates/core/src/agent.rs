//! Simulated agents: the worker side of every node, driving assigned tasks to RUNNING.
//!
//! Follows SwarmKit's `agent/exec/controller.go § Do`: one step per wake-up, ASSIGNED →
//! ACCEPTED → PREPARING → READY → STARTING → RUNNING, each with its status message. How long a
//! step takes is drawn from the seeded RNG within fixed ranges (image pulls are the slow part).
//! Agents write observed state only, never desired state, node or spec.

use crate::rng::Rng;
use crate::store::Store;
use crate::task::{TaskId, TaskState};
use crate::time::{SimDuration, SimTime};

/// The outcome of one agent step: the state reached, and when the next step is due (if any).
pub(crate) struct Step {
    pub(crate) next_at: Option<SimTime>,
}

/// How long the agent takes to reach `state` from the one before it, in milliseconds.
fn step_duration_ms(state: TaskState, rng: &mut Rng) -> u64 {
    let (low, high) = match state {
        // Dispatcher batching plus the agent's session round-trip.
        TaskState::Accepted => (100, 300),
        TaskState::Preparing => (20, 80),
        // Image pull and container create. Per-image timings arrive with the image catalog.
        TaskState::Ready => (1500, 3000),
        TaskState::Starting => (20, 80),
        TaskState::Running => (300, 800),
        other => unreachable!("agents do not step into {other}"),
    };
    rng.range_inclusive(low, high)
}

/// The step the agent takes from `observed` towards `desired`, with its message.
fn next_step(observed: TaskState, desired: TaskState) -> Option<(TaskState, &'static str)> {
    match observed {
        // These steps may pass the desired state (controller.go, step 3).
        TaskState::Preparing => Some((TaskState::Ready, "prepared")),
        TaskState::Starting => Some((TaskState::Running, "started")),
        _ if observed >= desired => None,
        TaskState::New | TaskState::Pending | TaskState::Assigned => {
            Some((TaskState::Accepted, "accepted"))
        }
        TaskState::Accepted => Some((TaskState::Preparing, "preparing")),
        TaskState::Ready => Some((TaskState::Starting, "starting")),
        _ => None,
    }
}

/// When the agent first acts on a task the scheduler just assigned.
pub(crate) fn first_step_at(now: SimTime, rng: &mut Rng) -> SimTime {
    now + SimDuration::from_millis(step_duration_ms(TaskState::Accepted, rng))
}

/// Performs the task's next step at `now`.
pub(crate) fn step(store: &mut Store, task: TaskId, now: SimTime, rng: &mut Rng) -> Step {
    let Some(t) = store.task(task) else { return Step { next_at: None } };
    let Some((to, message)) = next_step(t.status.state, t.desired) else {
        return Step { next_at: None };
    };
    store.advance_task(now, task, to, message);
    let t = store.task(task).expect("task still exists");
    let next_at = next_step(t.status.state, t.desired)
        .map(|(after, _)| now + SimDuration::from_millis(step_duration_ms(after, rng)));
    Step { next_at }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn steps_follow_the_controller() {
        let desired = TaskState::Running;
        let mut observed = TaskState::Assigned;
        let mut path = vec![observed.as_str()];
        while let Some((next, _)) = next_step(observed, desired) {
            observed = next;
            path.push(observed.as_str());
        }
        assert_eq!(path, ["assigned", "accepted", "preparing", "ready", "starting", "running"]);
    }

    #[test]
    fn desired_ready_parks_at_ready() {
        assert_eq!(next_step(TaskState::Ready, TaskState::Ready), None);
        assert_eq!(
            next_step(TaskState::Preparing, TaskState::Ready).map(|s| s.0),
            Some(TaskState::Ready)
        );
    }
}
