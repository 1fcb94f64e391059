//! Simulated agents: the worker side of every node, driving its tasks as the manager asks.
//!
//! Follows SwarmKit's `agent/exec/controller.go § Do`, one step per wake-up: ASSIGNED →
//! ACCEPTED → PREPARING → READY → STARTING → RUNNING with SwarmKit's messages, and SHUTDOWN
//! once the desired state is SHUTDOWN or later. Step durations come from the image catalog
//! (pull, start) with seeded jitter. Docker's executor outcomes (`moby controller.go`): an
//! unknown image is REJECTED (`No such image: …`); a non-zero exit while running is FAILED
//! (`task: non-zero exit (N)`). A task the manager stops ends SHUTDOWN whatever its exit code:
//! the executor stops waiting for the container and reports the shutdown it asked for, so a
//! process that ignores SIGTERM (busybox `ping` as PID 1) is killed at the end of the stop grace
//! period and still reads `Shutdown`. A powered-off machine's agent does nothing at all.
//! Agents write observed state only, never desired state, node or spec.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::image::{Behavior, ImageCatalog, MISSING_ENV_EXIT_AFTER};
use crate::node::NodeId;
use crate::rng::Rng;
use crate::service::PublishMode;
use crate::store::{Change, Store};
use crate::task::{TaskId, TaskState};
use crate::time::{SimDuration, SimTime};
use crate::timer::{TimerQueue, Wakeup};

/// Time for the agent to hear of a change (dispatcher batching plus the session round-trip).
const NOTIFY_MS: (u64, u64) = (50, 200);
/// Time for the agent to accept an assignment.
const ACCEPT_MS: (u64, u64) = (100, 300);
/// Time for quick steps (accepted → preparing, ready → starting).
const QUICK_MS: (u64, u64) = (20, 80);
/// Time to create a container from an image the node already has.
const CREATE_MS: (u64, u64) = (100, 300);
/// Time for a well-behaved process to exit on SIGTERM.
const STOP_MS: (u64, u64) = (100, 400);
/// SwarmKit's `ErrTaskRetry` pause (`agent/task.go`): the agent cancels its wait on the
/// running container and runs the controller again this much later, to shut it down.
const SHUTDOWN_RETRY: SimDuration = SimDuration::from_secs(1);
/// moby's `defaultGossipConvergeDelay`: a task attached to a network (the ingress network, for
/// a published port) waits this long before its container is stopped, so the load balancers
/// stop sending it traffic first.
const GOSSIP_CONVERGE: SimDuration = SimDuration::from_secs(2);
/// Exit code reported for a container that was running when its machine lost power.
const POWER_LOSS_EXIT: i32 = 255;

/// `duration` give or take 20 %, drawn from the seeded RNG.
fn jittered(duration: SimDuration, rng: &mut Rng) -> SimDuration {
    let ms = duration.as_millis();
    SimDuration::from_millis(rng.range_inclusive(ms * 8 / 10, ms * 12 / 10))
}

fn between(range: (u64, u64), rng: &mut Rng) -> SimDuration {
    SimDuration::from_millis(rng.range_inclusive(range.0, range.1))
}

/// docker's error text for a non-zero exit.
pub(crate) fn exit_error(code: i32) -> String {
    format!("task: non-zero exit ({code})")
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Agents {
    /// Tasks with an `AgentStep` wake-up armed, so a change does not arm a second one.
    stepping: BTreeSet<TaskId>,
    /// Running tasks being stopped (SIGTERM sent), waiting for the process to exit.
    stopping: BTreeSet<TaskId>,
    /// Images each node has pulled: preparing there again only creates the container. Boxed,
    /// for a B-tree code shared in the wasm with the core's other boxed maps keyed by ID.
    pulled: BTreeMap<NodeId, Box<PulledImages>>,
}

/// The image references one node has pulled, sorted: a vector rather than a `BTreeSet` (a
/// node pulls few distinct images, at most `limits::IMAGES_MAX`), for the size of the wasm.
#[derive(Debug, Default, Clone)]
struct PulledImages(Vec<String>);

impl PulledImages {
    fn contains(&self, image: &str) -> bool {
        self.0.binary_search_by(|pulled| pulled.as_str().cmp(image)).is_ok()
    }

    /// Records `image`; copies the reference only the first time.
    fn insert(&mut self, image: &str) {
        if let Err(at) = self.0.binary_search_by(|pulled| pulled.as_str().cmp(image)) {
            self.0.insert(at, image.to_string());
        }
    }
}

impl Agents {
    /// The agent hears of changes to its tasks: new assignments and new desired states.
    pub(crate) fn observe(
        &mut self,
        change: &Change,
        store: &Store,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
    ) {
        if let Change::TaskUpdated(changed) = change
            && let Some(task) = store.task_at(*changed)
            && let Some(node) = task.node
            && store.node(node).is_some_and(|n| n.agent_runs())
            && !task.status.state.is_terminal()
            && wants_step(task.status.state, task.desired)
        {
            let delay =
                if task.status.state == TaskState::Assigned { ACCEPT_MS } else { NOTIFY_MS };
            self.arm(timers, changed.id, now + between(delay, rng));
        }
    }

    fn arm(&mut self, timers: &mut TimerQueue, task: TaskId, at: SimTime) {
        if self.stepping.insert(task) {
            timers.arm(at, Wakeup::AgentStep(task));
        }
    }

    /// A machine came back: its agent re-registers and takes stock of its tasks. Containers
    /// died with the power: started ones are reported FAILED (exit 255), the rest resume.
    pub(crate) fn node_rebooted(
        &mut self,
        store: &mut Store,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
        node: NodeId,
    ) {
        let tasks: Vec<_> =
            store.tasks_on(node).filter(|t| !t.status.state.is_terminal()).map(|t| t.id).collect();
        for id in tasks {
            self.stepping.remove(&id);
            self.stopping.remove(&id);
            let task = store.task(id).expect("listed");
            if task.desired >= TaskState::Shutdown {
                store.advance_task(now, id, TaskState::Shutdown, "shutdown", None);
            } else if task.status.state >= TaskState::Starting {
                store.advance_task(
                    now,
                    id,
                    TaskState::Failed,
                    "started",
                    Some(exit_error(POWER_LOSS_EXIT)),
                );
            } else if wants_step(task.status.state, task.desired) {
                self.arm(timers, id, now + between(NOTIFY_MS, rng));
            }
        }
    }

    /// One step of the agent's state machine for `id`: the wake-up armed in `stepping`.
    pub(crate) fn step(
        &mut self,
        store: &mut Store,
        images: &ImageCatalog,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
        id: TaskId,
    ) {
        match self.take_step(store, images, timers, rng, now, id) {
            // The task stays in `stepping`: its next step replaces this one.
            Some(at) => timers.arm(at, Wakeup::AgentStep(id)),
            None => {
                self.stepping.remove(&id);
            }
        }
    }

    /// The work of `step`. Returns when the task's next step is due, if it has one.
    fn take_step(
        &mut self,
        store: &mut Store,
        images: &ImageCatalog,
        timers: &mut TimerQueue,
        rng: &mut Rng,
        now: SimTime,
        id: TaskId,
    ) -> Option<SimTime> {
        // One search for the task; the rest of the step reads and writes it by reference.
        let task_ref = store.task_ref(id)?;
        let task = store.task_at(task_ref).expect("just found");
        let node = task.node.and_then(|n| store.node(n))?;
        if !node.agent_runs()
            || task.status.state.is_terminal()
            || task.status.state < TaskState::Assigned
        {
            return None;
        }
        let (observed, desired) = (task.status.state, task.desired);
        let image = images.get(&task.spec.image);
        let missing_env = image.is_some_and(|image| {
            image.require_env.iter().any(|name| {
                !task
                    .spec
                    .env
                    .iter()
                    .any(|e| e.split_once('=').map_or(e.as_str(), |(k, _)| k) == name)
            })
        });
        let grace = task.spec.stop_grace_period;

        if desired >= TaskState::Shutdown {
            if observed == TaskState::Running && !self.stopping.contains(&id) {
                // The cancelled wait reports RUNNING once more, stamped now: `docker service
                // ps` reads `Shutdown  Running 3 seconds ago` while the task stops. A second
                // later the controller shuts the container down: after the gossip delay if it
                // is on the ingress network, SIGTERM; the process exits by itself, or is
                // killed at the end of the grace period.
                self.stopping.insert(id);
                let on_ingress = task.spec.published.iter().any(|p| p.mode == PublishMode::Ingress);
                let gossip = if on_ingress { GOSSIP_CONVERGE } else { SimDuration::ZERO };
                let ignores = image.is_some_and(|i| i.ignores_sigterm);
                let exits = if ignores { grace } else { between(STOP_MS, rng).min(grace) };
                store.refresh_task_status(now, task_ref);
                timers.arm(now + SHUTDOWN_RETRY + gossip + exits, Wakeup::ContainerStopped(id));
            } else if observed < TaskState::Running {
                store.advance_task_at(now, task_ref, TaskState::Shutdown, "shutdown", None);
            }
            return None;
        }

        let next: Option<(TaskState, &'static str, Option<String>)> = match observed {
            TaskState::Preparing => match image {
                Some(_) => Some((TaskState::Ready, "prepared", None)),
                None => Some((
                    TaskState::Rejected,
                    "preparing",
                    Some(format!("No such image: {}", task.spec.image)),
                )),
            },
            TaskState::Starting => Some((TaskState::Running, "started", None)),
            _ if observed >= desired => None,
            TaskState::Assigned => Some((TaskState::Accepted, "accepted", None)),
            TaskState::Accepted => Some((TaskState::Preparing, "preparing", None)),
            TaskState::Ready => Some((TaskState::Starting, "starting", None)),
            _ => None,
        };
        let (to, message, err) = next?;
        let (node_id, spec) = (node.id, Rc::clone(&task.spec));
        store.advance_task_at(now, task_ref, to, message, err);
        if to == TaskState::Ready {
            crate::boxed::or_default(&mut self.pulled, node_id).insert(&spec.image);
        }

        // What happens next, and when.
        let task = store.task_at(task_ref).expect("still here");
        let (observed, desired) = (task.status.state, task.desired);
        match observed {
            TaskState::Running => {
                let exit = if missing_env {
                    Some((MISSING_ENV_EXIT_AFTER, 1))
                } else {
                    match image.map(|i| &i.behavior) {
                        Some(Behavior::Exits { after, code }) => Some((*after, *code)),
                        _ => None,
                    }
                };
                if let Some((after, code)) = exit {
                    timers.arm(now + jittered(after, rng), Wakeup::ContainerExited(id, code));
                }
                None
            }
            _ if observed.is_terminal() => None,
            _ if !wants_step(observed, desired) => None,
            TaskState::Accepted | TaskState::Ready => Some(now + between(QUICK_MS, rng)),
            TaskState::Preparing => {
                let pulled = self.pulled.get(&node_id).is_some_and(|p| p.contains(&spec.image));
                let prepare = match image {
                    _ if pulled => between(CREATE_MS, rng),
                    Some(image) => jittered(image.pull, rng),
                    // Looking for an image that does not exist takes a registry round-trip.
                    None => jittered(SimDuration::from_millis(1200), rng),
                };
                Some(now + prepare)
            }
            TaskState::Starting => {
                let start = image.map_or(SimDuration::from_millis(300), |i| i.start);
                Some(now + jittered(start, rng))
            }
            _ => None,
        }
    }

    /// A container exited by itself with `code`.
    pub(crate) fn container_exited(
        &mut self,
        store: &mut Store,
        now: SimTime,
        id: TaskId,
        code: i32,
    ) {
        let Some(task) = store.task(id) else { return };
        let powered = task.node.and_then(|n| store.node(n)).is_some_and(|n| n.agent_runs());
        if !powered || task.status.state != TaskState::Running {
            return;
        }
        self.stopping.remove(&id);
        if code == 0 {
            store.advance_task(now, id, TaskState::Complete, "finished", None);
        } else {
            store.advance_task(now, id, TaskState::Failed, "started", Some(exit_error(code)));
        }
    }

    /// A container we asked to stop has stopped, by itself or killed at the end of the grace
    /// period: SHUTDOWN either way (moby's executor reports the shutdown it was asked for, not
    /// the exit code).
    pub(crate) fn container_stopped(&mut self, store: &mut Store, now: SimTime, id: TaskId) {
        if !self.stopping.remove(&id) {
            return;
        }
        let Some(task) = store.task(id) else { return };
        let powered = task.node.and_then(|n| store.node(n)).is_some_and(|n| n.agent_runs());
        if !powered || task.status.state != TaskState::Running {
            return;
        }
        store.advance_task(now, id, TaskState::Shutdown, "shutdown", None);
    }

    /// `sim task fail`: the task's process dies with `code`.
    pub(crate) fn fail(&mut self, store: &mut Store, now: SimTime, id: TaskId, code: i32) {
        self.stopping.remove(&id);
        self.stepping.remove(&id);
        if code == 0 {
            store.advance_task(now, id, TaskState::Complete, "finished", None);
        } else {
            store.advance_task(now, id, TaskState::Failed, "started", Some(exit_error(code)));
        }
    }
}

/// Whether the agent has something to do for a task in `observed` that should be `desired`.
/// The agent sees a task only once the scheduler has assigned (or confirmed) it.
fn wants_step(observed: TaskState, desired: TaskState) -> bool {
    if observed < TaskState::Assigned {
        return false;
    }
    if desired >= TaskState::Shutdown {
        return observed <= TaskState::Running;
    }
    matches!(observed, TaskState::Preparing | TaskState::Starting) || observed < desired
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn desired_ready_parks_at_ready_and_running_goes_on() {
        assert!(!wants_step(TaskState::Ready, TaskState::Ready));
        assert!(wants_step(TaskState::Preparing, TaskState::Ready));
        assert!(wants_step(TaskState::Ready, TaskState::Running));
        assert!(!wants_step(TaskState::Running, TaskState::Running));
    }

    #[test]
    fn tasks_not_yet_assigned_are_not_the_agents() {
        assert!(!wants_step(TaskState::Pending, TaskState::Running));
        assert!(!wants_step(TaskState::Pending, TaskState::Shutdown));
    }

    #[test]
    fn shutdown_is_wanted_until_the_task_stops() {
        assert!(wants_step(TaskState::Running, TaskState::Shutdown));
        assert!(wants_step(TaskState::Assigned, TaskState::Remove));
        assert!(!wants_step(TaskState::Shutdown, TaskState::Shutdown));
    }

    #[test]
    fn exit_errors_read_like_docker() {
        assert_eq!(exit_error(137), "task: non-zero exit (137)");
    }
}
