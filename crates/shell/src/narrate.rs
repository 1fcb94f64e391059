//! Events in words: one sentence for people per core `Event`, with its simulated time and the
//! service, task and node it concerns (`web.3 on worker2: preparing → running`).
//!
//! Events carry IDs; the `Narrator` remembers the names earlier events introduced (hostnames,
//! service names, task names and the node each task runs on) and what it last heard of each
//! node, so a sentence says what changed (`worker2 is down: heartbeat failure`).

use std::collections::BTreeMap;

use swarm_core::{
    Availability, Event, NodeId, NodeRole, NodeState, ServiceId, SimTime, TaskId, UpdateState,
};

/// One event of a session, in words.
#[derive(Debug, PartialEq, Eq)]
pub struct EventRecord {
    /// Unique in the session, increasing along the timeline (never reused after a rewind).
    pub serial: u64,
    pub at: SimTime,
    pub event: Event,
    /// The sentence, without the time.
    pub text: String,
    /// The service it concerns, by name.
    pub service: Option<String>,
    /// The task it concerns, by docker's name (`web.3`).
    pub task: Option<String>,
    /// The node it concerns, by hostname.
    pub node: Option<String>,
}

impl Clone for EventRecord {
    /// What the derive writes, but never inlined: an event's clone is a match over every variant,
    /// and the page clones records inside iterator chains that would each carry a copy of it.
    #[inline(never)]
    fn clone(&self) -> EventRecord {
        EventRecord {
            serial: self.serial,
            at: self.at,
            event: self.event.clone(),
            text: self.text.clone(),
            service: self.service.clone(),
            task: self.task.clone(),
            node: self.node.clone(),
        }
    }
}

impl EventRecord {
    /// `  1m30.250s  web.3 on worker2: preparing → running`: the line `sim events` prints.
    pub fn line(&self) -> String {
        format!("{:>12}  {}\n", clock(self.at), self.text)
    }
}

/// A simulated time for people: `3.250s`, `2m03.250s`, `1h02m03.250s`.
pub fn clock(at: SimTime) -> String {
    let ms = at.as_millis();
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    match (h, m) {
        (0, 0) => format!("{s}.{milli:03}s"),
        (0, m) => format!("{m}m{s:02}.{milli:03}s"),
        (h, m) => format!("{h}h{m:02}m{s:02}.{milli:03}s"),
    }
}

/// What a sentence says, and whom it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Narration {
    pub text: String,
    pub service: Option<String>,
    pub task: Option<String>,
    pub node: Option<String>,
}

/// What the narrator last heard of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NodeSeen {
    hostname: String,
    role: NodeRole,
    state: NodeState,
    availability: Availability,
    manager_status: Option<&'static str>,
}

/// What the narrator knows of a task: its name, its service, and where it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TaskSeen {
    name: String,
    service: ServiceId,
    node: Option<NodeId>,
}

/// Turns events into sentences. Part of a session's replayable state: it forgets a task once
/// the store has deleted it, so it grows with the swarm, not with its history (nodes and
/// services, which are few, it keeps: their later events still name them).
#[derive(Debug, Clone, Default)]
pub(crate) struct Narrator {
    /// Sorted by ID: nodes and services are few, and a sorted list costs the wasm less code
    /// than a map type of its own.
    nodes: Vec<(NodeId, NodeSeen)>,
    services: Vec<(ServiceId, String)>,
    /// Tasks, which may be many, in a slab: each one's place in `tasks` by ID, in a map of the
    /// type the core's store keeps its rows in (so the wasm has its code once); the places of
    /// deleted tasks in `free_places`, for the next ones.
    task_places: BTreeMap<TaskId, u32>,
    tasks: Vec<TaskSeen>,
    free_places: Vec<u32>,
}

/// The value of `key` in a list sorted by key.
fn get_sorted<'a, K: Ord, V>(entries: &'a [(K, V)], key: &K) -> Option<&'a V> {
    let at = entries.binary_search_by(|(k, _)| k.cmp(key)).ok()?;
    Some(&entries[at].1)
}

/// The value of `key` in a list sorted by key, to change.
fn get_sorted_mut<'a, K: Ord, V>(entries: &'a mut [(K, V)], key: &K) -> Option<&'a mut V> {
    let at = entries.binary_search_by(|(k, _)| k.cmp(key)).ok()?;
    Some(&mut entries[at].1)
}

/// Sets `key`'s value in a list sorted by key, as `BTreeMap::insert` would.
fn insert_sorted<K: Ord, V>(entries: &mut Vec<(K, V)>, key: K, value: V) {
    match entries.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(at) => entries[at].1 = value,
        Err(at) => entries.insert(at, (key, value)),
    }
}

impl Narrator {
    /// Learns what `event` tells, and says it in words when `words` is set (a session replaying
    /// events it has already recorded only needs the learning).
    pub(crate) fn narrate(&mut self, event: &Event, words: bool) -> Option<Narration> {
        let narration = words.then(|| self.sentence(event));
        self.learn(event);
        narration
    }

    fn learn(&mut self, event: &Event) {
        match event {
            Event::NodeJoined { node, hostname, role, manager_status, .. } => {
                let seen = NodeSeen {
                    hostname: hostname.clone(),
                    role: *role,
                    state: NodeState::Ready,
                    availability: Availability::Active,
                    manager_status: *manager_status,
                };
                insert_sorted(&mut self.nodes, *node, seen);
            }
            Event::NodeChanged { node, role, state, availability, manager_status, .. } => {
                if let Some(seen) = get_sorted_mut(&mut self.nodes, node) {
                    seen.role = *role;
                    seen.state = *state;
                    seen.availability = *availability;
                    seen.manager_status = *manager_status;
                }
            }
            Event::ServiceCreated { service, name, .. } => {
                insert_sorted(&mut self.services, *service, name.clone());
            }
            Event::TaskCreated { task, service, name, .. } => {
                let seen = TaskSeen { name: name.clone(), service: *service, node: None };
                self.learn_task(*task, seen);
            }
            Event::TaskStateChanged { task, node: Some(node), .. } => {
                if let Some(&place) = self.task_places.get(task) {
                    self.tasks[place as usize].node = Some(*node);
                }
            }
            Event::TaskRemoved { task, .. } => {
                if let Some(place) = self.task_places.remove(task) {
                    // Its name's memory goes now; the place waits for the next task.
                    self.tasks[place as usize].name = String::new();
                    self.free_places.push(place);
                }
            }
            // A removed service's name is still needed by its tasks' later events; it is
            // forgotten with the last of them only in the sense that nothing asks for it again.
            _ => {}
        }
    }

    /// Keeps what is known of `task`, in the place of a deleted task if there is one.
    fn learn_task(&mut self, task: TaskId, seen: TaskSeen) {
        if let Some(&place) = self.task_places.get(&task) {
            self.tasks[place as usize] = seen;
        } else if let Some(place) = self.free_places.pop() {
            self.tasks[place as usize] = seen;
            self.task_places.insert(task, place);
        } else {
            let place = u32::try_from(self.tasks.len()).expect("fewer than 2^32 tasks");
            self.tasks.push(seen);
            self.task_places.insert(task, place);
        }
    }

    fn task(&self, task: &TaskId) -> Option<&TaskSeen> {
        self.task_places.get(task).map(|&place| &self.tasks[place as usize])
    }

    fn host(&self, node: &NodeId) -> String {
        get_sorted(&self.nodes, node)
            .map_or_else(|| node.0.short().to_string(), |n| n.hostname.clone())
    }

    fn service_name(&self, service: &ServiceId) -> String {
        get_sorted(&self.services, service)
            .cloned()
            .unwrap_or_else(|| service.0.short().to_string())
    }

    /// The task's name, its service's name and its node (`node` if the event names one).
    fn task_subjects(
        &self,
        task: &TaskId,
        node: Option<NodeId>,
    ) -> (String, Option<String>, Option<String>) {
        match self.task(task) {
            Some(seen) => (
                seen.name.clone(),
                Some(self.service_name(&seen.service)),
                node.or(seen.node).map(|n| self.host(&n)),
            ),
            None => (task.0.short().to_string(), None, node.map(|n| self.host(&n))),
        }
    }

    fn sentence(&self, event: &Event) -> Narration {
        let node_event = |node: &NodeId, text: String| Narration {
            text,
            service: None,
            task: None,
            node: Some(self.host(node)),
        };
        let service_event = |service: &ServiceId, what: String| {
            let name = self.service_name(service);
            Narration {
                text: format!("{name}: {what}"),
                service: Some(name),
                task: None,
                node: None,
            }
        };
        let task_event = |task: &TaskId, node: Option<NodeId>, what: String| {
            let (name, service, host) = self.task_subjects(task, node);
            let text = match &host {
                Some(host) => format!("{name} on {host}: {what}"),
                None => format!("{name}: {what}"),
            };
            Narration { text, service, task: Some(name), node: host }
        };
        match event {
            Event::NodeJoined { hostname, role, .. } => Narration {
                text: format!("{hostname} joined the swarm as a {}", role.as_str()),
                service: None,
                task: None,
                node: Some(hostname.clone()),
            },
            Event::NodeChanged {
                node, role, state, message, availability, manager_status, ..
            } => {
                let host = self.host(node);
                let text = match get_sorted(&self.nodes, node) {
                    Some(seen) => node_change(
                        &host,
                        seen,
                        *role,
                        *state,
                        message,
                        *availability,
                        *manager_status,
                    ),
                    None => format!("{host} is {}", state.as_str()),
                };
                node_event(node, text)
            }
            Event::NodePowerChanged { node, powered, .. } => {
                let what = if *powered { "powered on" } else { "powered off" };
                node_event(node, format!("{} was {what}", self.host(node)))
            }
            Event::NodeSwarmMembership { node, left, .. } => {
                let what = if *left { "left the swarm" } else { "joined the swarm again" };
                node_event(node, format!("{} {what}", self.host(node)))
            }
            Event::NodeRemoved { node, .. } => {
                node_event(node, format!("{} was removed from the swarm", self.host(node)))
            }
            Event::ServiceCreated { service, name, .. } => Narration {
                text: format!("{name}: service created ({})", service.0.short()),
                service: Some(name.clone()),
                task: None,
                node: None,
            },
            Event::ServiceUpdated { service, .. } => {
                service_event(service, "service updated".to_string())
            }
            Event::UpdateStatusChanged { service, state, message, .. } => {
                let state = update_state(*state);
                let what = if message == state {
                    state.to_string()
                } else {
                    format!("{state}: {message}")
                };
                service_event(service, what)
            }
            Event::ServiceRemoved { service, .. } => {
                service_event(service, "service removed".to_string())
            }
            Event::TaskDefaultsChanged { log_driver, .. } => Narration {
                text: match log_driver {
                    Some(driver) => format!("the swarm's default log driver is now {driver}"),
                    None => "the swarm has no default log driver now".to_string(),
                },
                service: None,
                task: None,
                node: None,
            },
            Event::TaskCreated { task, service, name, log_driver, .. } => {
                let mut what = format!("task {} created", task.0.short());
                if let Some(driver) = log_driver {
                    what.push_str(&format!(", log driver {driver}"));
                }
                Narration {
                    text: format!("{name}: {what}"),
                    service: Some(self.service_name(service)),
                    task: Some(name.clone()),
                    node: None,
                }
            }
            Event::TaskStateChanged { task, from, to, node, err, .. } => {
                let mut what = format!("{from} → {to}");
                if let Some(err) = err {
                    what.push_str(&format!(": {err}"));
                }
                task_event(task, *node, what)
            }
            Event::TaskDesiredChanged { task, from, to, .. } => {
                task_event(task, None, format!("desired state {from} → {to}"))
            }
            Event::TaskUnschedulable { task, err, .. } => {
                let (name, service, _) = self.task_subjects(task, None);
                Narration {
                    text: format!("{name} is pending: {err}"),
                    service,
                    task: Some(name),
                    node: None,
                }
            }
            Event::TaskRemoved { task, .. } => {
                task_event(task, None, format!("task {} deleted", task.0.short()))
            }
            // `Event` grows with the core: a new kind still gets a sentence.
            _ => Narration {
                text: "something happened the playground has no words for yet".to_string(),
                service: None,
                task: None,
                node: None,
            },
        }
    }
}

/// What changed on a node since the narrator last heard of it, in one sentence.
fn node_change(
    host: &str,
    seen: &NodeSeen,
    role: NodeRole,
    state: NodeState,
    message: &str,
    availability: Availability,
    manager_status: Option<&'static str>,
) -> String {
    let mut parts = Vec::new();
    if state != seen.state {
        let mut part = format!("{host} is {}", state.as_str());
        if !message.is_empty() {
            part.push_str(&format!(": {message}"));
        }
        parts.push(part);
    }
    if availability != seen.availability {
        parts.push(format!(
            "{host} availability {} → {}",
            seen.availability.as_str(),
            availability.as_str()
        ));
    }
    if role != seen.role {
        let verb = if role == NodeRole::Manager { "promoted" } else { "demoted" };
        parts.push(format!("{host} was {verb} to {}", role.as_str()));
    }
    if manager_status != seen.manager_status
        && let Some(status) = manager_status
    {
        parts.push(match (seen.manager_status, status) {
            (_, "Leader") => format!("{host} is now the Raft leader"),
            (Some("Leader"), other) => {
                format!("{host} is no longer the Raft leader ({})", other.to_ascii_lowercase())
            }
            (_, other) => format!("{host} is {} in Raft", other.to_ascii_lowercase()),
        });
    }
    if parts.is_empty() { format!("{host}'s labels changed") } else { parts.join("; ") }
}

fn update_state(state: UpdateState) -> &'static str {
    match state {
        UpdateState::Updating => "updating",
        UpdateState::Paused => "update paused",
        UpdateState::Completed => "update completed",
        UpdateState::RollbackStarted => "rollback started",
        UpdateState::RollbackPaused => "rollback paused",
        UpdateState::RollbackCompleted => "rollback completed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn clocks_read_as_people_read_them() {
        assert_eq!(clock(SimTime::from_millis(3_250)), "3.250s");
        assert_eq!(clock(SimTime::from_millis(123_250)), "2m03.250s");
        assert_eq!(clock(SimTime::from_millis(3_723_250)), "1h02m03.250s");
        assert_eq!(clock(SimTime::ZERO), "0.000s");
    }
}
