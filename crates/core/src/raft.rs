//! Raft among the managers, as far as the rest of the swarm can see it: who leads, who is
//! reachable, and whether there is a quorum.
//!
//! SwarmKit runs etcd/raft (`manager/state/raft`): quorum is ⌊N/2⌋+1 of N managers; a leader
//! that loses its quorum steps down; when the leader is lost and a majority survives, a new one
//! is elected after the election timeout (10 ticks of 1 s, randomised up to twice that by
//! etcd/raft). Without a leader nothing can be written: no scheduling, no restarts, no updates,
//! and the control API answers with the no-leader error, while the tasks already running keep
//! running. The simulation decides reachability from power alone (no partitions).
//!
//! One simplification: a leader that loses its quorum steps down as soon as its peers are seen
//! unreachable (`PEER_TIMEOUT`). etcd/raft's CheckQuorum (`tickHeartbeat`, `stepLeader` on
//! `MsgCheckQuorum`) checks every election timeout (10 ticks of 1 s) whether a majority was
//! heard from since the last check, so a real leader steps down 10 to 20 s after the loss.
//! Until then it still answers reads and `docker node ls` shows it as Leader, but every write
//! hangs until it steps down and then fails; the playground's commands answer at once, so it
//! refuses writes from the moment the quorum is gone, and shows no leader from then on.

use crate::node::{ManagerStatus, NodeId, NodeRole, Reachability};
use crate::rng::Rng;
use crate::store::Store;
use crate::time::{SimDuration, SimTime};
use crate::timer::{TimerQueue, Wakeup};

/// How long after a manager loses power its peers mark it unreachable.
pub(crate) const PEER_TIMEOUT: SimDuration = SimDuration::from_secs(2);
/// `ElectionTick` × `TickInterval`, the least time to elect a new leader; etcd/raft randomises
/// each follower's timeout within one more such period.
const ELECTION_TIMEOUT_MS: (u64, u64) = (10_000, 20_000);

/// Quorum for `managers` members.
pub fn quorum(managers: usize) -> usize {
    managers / 2 + 1
}

/// The current leader, if any.
pub(crate) fn leader(store: &Store) -> Option<NodeId> {
    store.raft_nodes().find(|n| n.manager.is_some_and(|m| m.leader)).map(|n| n.id)
}

/// The Raft members: managers that have joined (a node promoted while offline joins when it
/// is back; a demoted one leaves at once).
fn managers(store: &Store) -> impl Iterator<Item = &crate::node::Node> {
    store.raft_nodes().filter(|n| n.manager.is_some())
}

/// Re-reads the managers' reachability from their machines, drops a leader that is gone or has
/// lost its quorum, and arms an election when there is no leader but there is a quorum.
/// Returns whether an election was armed.
pub(crate) fn check(
    store: &mut Store,
    timers: &mut TimerQueue,
    rng: &mut Rng,
    now: SimTime,
) -> bool {
    let joining: Vec<NodeId> = store
        .raft_nodes()
        .filter(|n| n.role == NodeRole::Manager && n.manager.is_none() && n.agent_runs())
        .map(|n| n.id)
        .collect();
    for id in joining {
        store.update_node(now, id, |n| {
            n.manager =
                Some(ManagerStatus { leader: false, reachability: Reachability::Reachable });
        });
    }
    let ids: Vec<(NodeId, bool)> = managers(store).map(|n| (n.id, n.agent_runs())).collect();
    for &(id, powered) in &ids {
        let reachability =
            if powered { Reachability::Reachable } else { Reachability::Unreachable };
        store.update_node(now, id, |n| {
            if let Some(m) = n.manager.as_mut() {
                m.reachability = reachability;
                if !powered {
                    m.leader = false;
                }
            }
        });
    }
    let reachable = ids.iter().filter(|(_, powered)| *powered).count();
    let has_quorum = reachable >= quorum(ids.len());
    if let Some(current) = leader(store)
        && !has_quorum
    {
        // CheckQuorum: a leader that cannot hear a majority steps down.
        store.update_node(now, current, |n| {
            if let Some(m) = n.manager.as_mut() {
                m.leader = false;
            }
        });
    }
    if leader(store).is_none() && has_quorum {
        let after = rng.range_inclusive(ELECTION_TIMEOUT_MS.0, ELECTION_TIMEOUT_MS.1);
        timers.arm(now + SimDuration::from_millis(after), Wakeup::Election);
        return true;
    }
    false
}

/// The election timeout has passed: if there is still no leader and a quorum is reachable, one
/// of the reachable managers becomes leader. Returns whether a leader was elected.
pub(crate) fn elect(store: &mut Store, rng: &mut Rng, now: SimTime) -> bool {
    if leader(store).is_some() {
        return false;
    }
    let members: Vec<NodeId> = managers(store).map(|n| n.id).collect();
    let candidates: Vec<NodeId> =
        managers(store).filter(|n| n.agent_runs()).map(|n| n.id).collect();
    if candidates.len() < quorum(members.len()) || candidates.is_empty() {
        return false;
    }
    let winner = candidates[rng.range_inclusive(0, candidates.len() as u64 - 1) as usize];
    store.new_term();
    store.update_node(now, winner, |n| {
        if let Some(m) = n.manager.as_mut() {
            m.leader = true;
        }
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn quorum_is_a_strict_majority() {
        let table: Vec<(usize, usize)> = (1..=7).map(|n| (n, quorum(n))).collect();
        assert_eq!(table, [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 4), (7, 4)]);
    }
}
