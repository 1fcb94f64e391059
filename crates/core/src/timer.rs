//! Timers: the only way the core learns that time has passed.
//!
//! Owns the queue of pending wake-ups, ordered by `(SimTime, seq)` so that timers due at the
//! same instant fire in the order they were armed. Does not know what a timer does; the owner of
//! each variant handles it in `Cluster::handle_timeout`.

use std::collections::BTreeMap;

use crate::node::NodeId;
use crate::service::ServiceId;
use crate::task::TaskId;
use crate::time::SimTime;

/// Why the cluster wants to be woken up. Wake-ups that carry an epoch belong to one life of a
/// machine (`Node::power_epoch`) and are ignored once it has been powered off or on again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wakeup {
    /// The scheduler's commit debounce has elapsed: place pending tasks.
    SchedulerPass,
    /// A simulated agent finishes the current step of a task (accept, pull, create, start, stop).
    AgentStep(TaskId),
    /// A running container exits by itself with this code.
    ContainerExited(TaskId, i32),
    /// A container asked to stop has stopped (or has been killed after the grace period).
    ContainerStopped(TaskId),
    /// A replacement's restart delay has elapsed.
    RestartDelay(TaskId),
    /// A replacement has waited `OLD_TASK_TIMEOUT` for the task it replaces to stop.
    RestartWaitTimeout(TaskId),
    /// The task reaper's batching interval has elapsed.
    ReaperPass,
    /// No heartbeat from a powered-off node for the heartbeat TTL: it is DOWN.
    HeartbeatExpired(NodeId, u64),
    /// A powered-on node has booted and re-registered: it is READY.
    NodeRegistered(NodeId, u64),
    /// A node in UNKNOWN state (after a leader change) registers again: READY.
    NodeReregistered(NodeId, u64),
    /// A node in UNKNOWN state has not registered in time: DOWN.
    UnknownExpired(NodeId, u64),
    /// A node has been DOWN for 24 hours: its tasks become ORPHANED. The second number is the
    /// Raft term of the leader that armed it: a new leader starts the 24 hours over.
    NodeDownTooLong(NodeId, u64, u64),
    /// A manager's machine changed power a moment ago: its peers notice (reachability, quorum).
    RaftCheck,
    /// The election timeout has passed: a quorum of managers elects a leader.
    Election,
    /// An update's delay between slots, or its final monitoring period, has passed. The number
    /// is the updater's run, so a cancelled run's timer is ignored.
    UpdateTimer(ServiceId, u64),
}

/// Pending wake-ups in firing order.
#[derive(Debug, Default, Clone)]
pub(crate) struct TimerQueue {
    queue: BTreeMap<(SimTime, u64), Wakeup>,
    seq: u64,
}

impl TimerQueue {
    pub(crate) fn arm(&mut self, at: SimTime, wakeup: Wakeup) {
        self.seq += 1;
        self.queue.insert((at, self.seq), wakeup);
    }

    pub(crate) fn next(&self) -> Option<(SimTime, Wakeup)> {
        self.queue.first_key_value().map(|(&(at, _), &w)| (at, w))
    }

    /// Removes and returns the earliest wake-up if it is due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: SimTime) -> Option<(SimTime, Wakeup)> {
        let entry = self.queue.first_entry()?;
        if entry.key().0 > now {
            return None;
        }
        let ((at, _), wakeup) = entry.remove_entry();
        Some((at, wakeup))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn fires_in_time_then_arming_order() {
        let mut q = TimerQueue::default();
        q.arm(SimTime::from_millis(20), Wakeup::SchedulerPass);
        q.arm(SimTime::from_millis(10), Wakeup::SchedulerPass);
        assert_eq!(q.next().map(|(t, _)| t.as_millis()), Some(10));
        assert_eq!(q.pop_due(SimTime::from_millis(5)), None);
        assert_eq!(q.pop_due(SimTime::from_millis(30)).map(|(t, _)| t.as_millis()), Some(10));
        assert_eq!(q.pop_due(SimTime::from_millis(30)).map(|(t, _)| t.as_millis()), Some(20));
        assert_eq!(q.pop_due(SimTime::from_millis(30)), None);
        assert_eq!(q.next(), None);
    }
}
