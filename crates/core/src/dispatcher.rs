//! The dispatcher's view of node liveness: heartbeats, DOWN, re-registration, ORPHANED.
//!
//! SwarmKit `manager/dispatcher`: agents heartbeat every 5 s (± 0.5 s); when none arrives for
//! three periods the node is marked DOWN with `heartbeat failure`. A new leader marks every node
//! UNKNOWN until it registers again (six periods, then DOWN). A node down for 24 hours has
//! its tasks between ASSIGNED and RUNNING moved to ORPHANED. A node whose machine comes back
//! re-registers and is READY again. The simulation decides when heartbeats stop (power off),
//! never the manager.

use crate::node::{NodeId, NodeState};
use crate::rng::Rng;
use crate::store::Store;
use crate::task::TaskState;
use crate::time::{SimDuration, SimTime};
use crate::timer::{TimerQueue, Wakeup};

/// `DefaultHeartBeatPeriod`.
const HEARTBEAT_PERIOD_MS: u64 = 5_000;
/// `defaultHeartBeatEpsilon`.
const HEARTBEAT_EPSILON_MS: u64 = 500;
/// `defaultGracePeriodMultiplier`.
const GRACE_MULTIPLIER: u64 = 3;
/// Periods a node in UNKNOWN state gets to re-register after a leader change.
const GRACE_MULTIPLIER_UNKNOWN: u64 = 6;
/// `defaultNodeDownPeriod`: a node down this long has its tasks orphaned.
pub(crate) const NODE_DOWN_PERIOD: SimDuration = SimDuration::from_secs(24 * 60 * 60);
/// Time for a powered-on machine to boot its engine and re-register.
const BOOT_MS: (u64, u64) = (3_000, 6_000);

/// The swarm agent of `node` stopped at `now` (its machine lost power, or its engine left the
/// swarm): arm the moment the manager notices the missing heartbeats.
pub(crate) fn agent_stopped(
    store: &Store,
    timers: &mut TimerQueue,
    rng: &mut Rng,
    now: SimTime,
    node: NodeId,
) {
    let epoch = store.node(node).expect("known node").power_epoch;
    // The last heartbeat arrived up to one period ago; the TTL is three (jittered) periods.
    let since_last = rng.range_inclusive(0, HEARTBEAT_PERIOD_MS - 1);
    let epsilon = GRACE_MULTIPLIER * HEARTBEAT_EPSILON_MS;
    let ttl =
        GRACE_MULTIPLIER * HEARTBEAT_PERIOD_MS - epsilon + rng.range_inclusive(0, 2 * epsilon);
    let expires_in = ttl.saturating_sub(since_last).max(1);
    timers.arm(now + SimDuration::from_millis(expires_in), Wakeup::HeartbeatExpired(node, epoch));
}

/// The swarm agent of `node` started at `now` (its machine was powered on, or its engine
/// joined the swarm again): it registers once booted. Returns how long that takes.
pub(crate) fn agent_started(
    store: &Store,
    timers: &mut TimerQueue,
    rng: &mut Rng,
    now: SimTime,
    node: NodeId,
) -> SimDuration {
    let epoch = store.node(node).expect("known node").power_epoch;
    let boot = SimDuration::from_millis(rng.range_inclusive(BOOT_MS.0, BOOT_MS.1));
    timers.arm(now + boot, Wakeup::NodeRegistered(node, epoch));
    boot
}

/// No heartbeat for the TTL: the node is DOWN. Stale if the machine has been powered on since.
pub(crate) fn heartbeat_expired(
    store: &mut Store,
    timers: &mut TimerQueue,
    now: SimTime,
    node: NodeId,
    epoch: u64,
) {
    // A node in UNKNOWN state (a new leader) has its own, longer, deadline.
    mark_down(store, timers, now, (node, epoch), NodeState::Ready, "heartbeat failure");
}

/// A powered-off node still in state `from` when its deadline passes is DOWN with `message`,
/// and the 24-hour orphan clock starts.
fn mark_down(
    store: &mut Store,
    timers: &mut TimerQueue,
    now: SimTime,
    (node, epoch): (NodeId, u64),
    from: NodeState,
    message: &'static str,
) {
    let Some(n) = store.node(node) else { return };
    if n.power_epoch != epoch || n.agent_runs() || n.state != from {
        return;
    }
    store.update_node(now, node, |n| {
        n.state = NodeState::Down;
        n.status_message = message;
    });
    timers.arm(now + NODE_DOWN_PERIOD, Wakeup::NodeDownTooLong(node, epoch, store.term()));
}

/// The machine booted and its agent registered: the node is READY. Returns whether it did
/// (false for a stale wake-up).
pub(crate) fn registered(store: &mut Store, now: SimTime, node: NodeId, epoch: u64) -> bool {
    let Some(n) = store.node(node) else { return false };
    if n.power_epoch != epoch || !n.agent_runs() {
        return false;
    }
    store.update_node(now, node, |n| {
        n.state = NodeState::Ready;
        n.status_message = "";
    });
    true
}

/// A new leader's dispatcher starts (`markNodesUnknown`): every node not already DOWN is
/// UNKNOWN until it registers again with the new leader. Machines that are up do so at their
/// next heartbeat; the others get `GRACE_MULTIPLIER_UNKNOWN` periods before they are DOWN.
pub(crate) fn leadership_changed(
    store: &mut Store,
    timers: &mut TimerQueue,
    rng: &mut Rng,
    now: SimTime,
) {
    // Nodes already DOWN go on the new leader's down list with a fresh 24 hours.
    let down: Vec<(NodeId, u64)> = store
        .nodes()
        .filter(|n| n.state == NodeState::Down)
        .map(|n| (n.id, n.power_epoch))
        .collect();
    for (node, epoch) in down {
        timers.arm(now + NODE_DOWN_PERIOD, Wakeup::NodeDownTooLong(node, epoch, store.term()));
    }
    let nodes: Vec<(NodeId, bool, u64)> = store
        .nodes()
        .filter(|n| n.state != NodeState::Down)
        .map(|n| (n.id, n.agent_runs(), n.power_epoch))
        .collect();
    for (node, powered, epoch) in nodes {
        store.update_node(now, node, |n| {
            n.state = NodeState::Unknown;
            n.status_message =
                "Node moved to \"unknown\" state due to leadership change in cluster";
        });
        if powered {
            let heartbeat = SimDuration::from_millis(rng.range_inclusive(200, HEARTBEAT_PERIOD_MS));
            timers.arm(now + heartbeat, Wakeup::NodeReregistered(node, epoch));
        } else {
            let deadline = SimDuration::from_millis(HEARTBEAT_PERIOD_MS * GRACE_MULTIPLIER_UNKNOWN);
            timers.arm(now + deadline, Wakeup::UnknownExpired(node, epoch));
        }
    }
}

/// A node in UNKNOWN state heard from: READY again (nothing happened to its machine).
pub(crate) fn reregistered(store: &mut Store, now: SimTime, node: NodeId, epoch: u64) {
    let Some(n) = store.node(node) else { return };
    if n.power_epoch != epoch || !n.agent_runs() || n.state != NodeState::Unknown {
        return;
    }
    store.update_node(now, node, |n| {
        n.state = NodeState::Ready;
        n.status_message = "";
    });
}

/// A node in UNKNOWN state never registered with the new leader: DOWN.
pub(crate) fn unknown_expired(
    store: &mut Store,
    timers: &mut TimerQueue,
    now: SimTime,
    node: NodeId,
    epoch: u64,
) {
    let message = "heartbeat failure for node in \"unknown\" state";
    mark_down(store, timers, now, (node, epoch), NodeState::Unknown, message);
}

/// Down for 24 hours: tasks still between ASSIGNED and RUNNING become ORPHANED.
pub(crate) fn down_too_long(store: &mut Store, now: SimTime, node: NodeId, epoch: u64, term: u64) {
    let Some(n) = store.node(node) else { return };
    if n.power_epoch != epoch || n.state != NodeState::Down || term != store.term() {
        return;
    }
    let stale: Vec<_> = store
        .tasks_on(node)
        .filter(|t| t.status.state >= TaskState::Assigned && t.status.state <= TaskState::Running)
        .map(|t| t.id)
        .collect();
    for task in stale {
        store.orphan_task(now, task, None);
    }
}
