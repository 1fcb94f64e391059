//! The task reaper: deletes old tasks so each slot keeps a bounded history.
//!
//! SwarmKit `orchestrator/taskreaper`: a slot keeps at most `TASK_HISTORY_LIMIT` tasks in all,
//! the live one included (`MaxAttempts + 1` when the restart policy sets max attempts); the
//! oldest deletable tasks go first. Tasks of removed slots and services (desired REMOVE) are
//! deleted as soon as they have stopped, or at once if they never reached a node. Runs 250 ms
//! after the first change it has work for.

use std::collections::BTreeSet;

use crate::store::{Change, Store};
use crate::task::{SlotKey, Task, TaskId, TaskState};
use crate::time::{SimDuration, SimTime};
use crate::timer::{TimerQueue, Wakeup};

/// `defaultTaskHistoryRetentionLimit`.
pub const TASK_HISTORY_LIMIT: usize = 5;
/// `reaperBatchingInterval`.
const BATCHING: SimDuration = SimDuration::from_millis(250);

#[derive(Debug, Default, Clone)]
pub(crate) struct TaskReaper {
    /// Keys whose history may have grown, in the order they were marked, repeats and all: a
    /// scale-up marks thousands of keys at once, and a pass sorts them once instead of the set
    /// searching for each.
    dirty: Vec<SlotKey>,
    /// Keys still over the limit because too many of their tasks were live: looked at again
    /// when one of their tasks stops (SwarmKit keeps such keys dirty). Sorted; a vector rather
    /// than a `BTreeSet` (whose code for this key type was 1 KB of the page's gzipped wasm):
    /// a key is here only while more than the limit of its tasks are live, which takes a
    /// slot's tasks stranded on nodes that went down, so there are few.
    over_limit: Vec<SlotKey>,
    cleanup: BTreeSet<TaskId>,
    armed: bool,
}

/// Whether a desired-REMOVE task may go now.
fn removable(task: &Task) -> bool {
    task.desired == TaskState::Remove
        && (task.status.state < TaskState::Assigned || task.status.state >= TaskState::Complete)
}

/// Whether history cleanup may delete a task.
fn deletable(task: &Task) -> bool {
    task.status.state.is_terminal()
        || (task.status.state < TaskState::Assigned && task.desired > TaskState::Running)
}

impl TaskReaper {
    pub(crate) fn observe(
        &mut self,
        change: &Change,
        store: &Store,
        timers: &mut TimerQueue,
        now: SimTime,
    ) {
        match change {
            Change::TaskCreated(changed) => {
                if let Some(task) = store.task_at(*changed) {
                    self.dirty.push(task.slot_key());
                }
            }
            Change::TaskUpdated(changed) => {
                if let Some(task) = store.task_at(*changed) {
                    if task.status.state.is_terminal()
                        && let Ok(at) = self.over_limit.binary_search(&task.slot_key())
                    {
                        self.over_limit.remove(at);
                        self.dirty.push(task.slot_key());
                    }
                    if removable(task)
                        || (task.status.state == TaskState::Orphaned
                            && store.service(task.service).is_none())
                    {
                        self.cleanup.insert(changed.id);
                    }
                }
            }
            _ => return,
        }
        if !self.armed && (!self.dirty.is_empty() || !self.cleanup.is_empty()) {
            self.armed = true;
            timers.arm(now + BATCHING, Wakeup::ReaperPass);
        }
    }

    pub(crate) fn pass(&mut self, store: &mut Store, now: SimTime) {
        self.armed = false;
        let mut dirty = std::mem::take(&mut self.dirty);
        crate::sort::sort(&mut dirty);
        dirty.dedup();
        for key in dirty {
            let (SlotKey::Slot(service, _) | SlotKey::Node(service, _)) = key;
            let Some(svc) = store.service(service) else { continue };
            let max_attempts = svc.spec.restart.max_attempts;
            let limit =
                if max_attempts > 0 { max_attempts as usize + 1 } else { TASK_HISTORY_LIMIT };
            let mut tasks: Vec<&Task> = store.tasks_with_key(key);
            if tasks.len() <= limit {
                continue;
            }
            crate::sort::sort_by_key(&mut tasks, |t| (t.status.timestamp, t.created_at, t.id));
            let mut remaining = tasks.len();
            let doomed: Vec<TaskId> = tasks
                .iter()
                .filter(|t| deletable(t))
                .map(|t| t.id)
                .take_while(|_| {
                    let go = remaining > limit;
                    remaining -= usize::from(go);
                    go
                })
                .collect();
            if remaining > limit
                && let Err(at) = self.over_limit.binary_search(&key)
            {
                self.over_limit.insert(at, key);
            }
            for id in doomed {
                store.delete_task(now, id);
            }
        }
        for id in std::mem::take(&mut self.cleanup) {
            if store.task(id).is_some() {
                store.delete_task(now, id);
            }
        }
    }
}
