//! Timers: the only way the core learns that time has passed.
//!
//! Owns the queue of pending wake-ups, ordered by `(SimTime, seq)` so that timers due at the
//! same instant fire in the order they were armed. Does not know what a timer does; the owner of
//! each variant handles it in `Cluster::handle_timeout`.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

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
///
/// A binary heap, not a `BTreeMap<(SimTime, u64), Wakeup>`: the queue is only ever armed and
/// popped at its earliest entry, and a heap's code is a fraction of a B-tree's in the wasm.
/// The sequence number makes every key distinct, so the firing order is the same total order.
#[derive(Debug, Default, Clone)]
pub(crate) struct TimerQueue {
    queue: BinaryHeap<Reverse<Armed>>,
    seq: u64,
}

/// A wake-up in the queue, ordered by when it is due, then by when it was armed.
#[derive(Debug, Clone, Copy)]
struct Armed {
    at: SimTime,
    seq: u64,
    wakeup: Wakeup,
}

impl Ord for Armed {
    fn cmp(&self, other: &Armed) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

impl PartialOrd for Armed {
    fn partial_cmp(&self, other: &Armed) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Armed {
    fn eq(&self, other: &Armed) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Armed {}

impl TimerQueue {
    pub(crate) fn arm(&mut self, at: SimTime, wakeup: Wakeup) {
        self.seq += 1;
        self.queue.push(Reverse(Armed { at, seq: self.seq, wakeup }));
    }

    pub(crate) fn next(&self) -> Option<(SimTime, Wakeup)> {
        self.queue.peek().map(|Reverse(armed)| (armed.at, armed.wakeup))
    }

    /// Removes and returns the earliest wake-up if it is due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: SimTime) -> Option<(SimTime, Wakeup)> {
        if self.queue.peek()?.0.at > now {
            return None;
        }
        let Reverse(armed) = self.queue.pop().expect("peeked");
        Some((armed.at, armed.wakeup))
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
