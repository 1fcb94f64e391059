//! What the page's buttons and forms ask for, and the core `Command` each stands for: the one
//! a docker line would give (the session then shows that line in the terminal as a comment).
//!
//! Components only say what was asked (`ServiceIntent::Rollback`, a form's text); the reducer
//! turns it into a command here, against the service's current spec, and checks form fields
//! with the docker CLI's own value parsers and its flag errors. Pure, no web APIs.

use swarm_core::{
    Availability, Cluster, Command, FailureAction, FailureRatio, NodeId, NodeRole, ServiceId,
    ServiceMode, ServiceSpec, UpdateOrder,
};
use swarm_shell::parse::values;

/// What a button or form of a service asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceIntent {
    /// `docker service scale web=N`.
    Scale(u32),
    /// `docker service update --image IMAGE web`.
    ChangeImage(String),
    /// `docker service rollback web`.
    Rollback,
    /// `docker service update --force web`.
    ForceUpdate,
    /// `docker service update --update-… web`.
    UpdateConfig(UpdateConfigForm),
    /// `docker service rm web`.
    Remove,
}

/// The update-config form as typed: each field is a docker flag's value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateConfigForm {
    pub parallelism: String,
    pub delay: String,
    pub order: String,
    pub failure_action: String,
    pub monitor: String,
    pub max_failure_ratio: String,
}

/// What a button of a node asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeIntent {
    Availability(Availability),
    PowerOff,
    PowerOn,
    Promote,
    Demote,
    /// `docker node rm` (without `--force`: docker refuses a node that is not down).
    Remove,
}

/// The create-service form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewService {
    pub name: String,
    pub image: String,
    /// `--mode global`.
    pub global: bool,
    pub replicas: String,
}

/// The add-node form as typed: `sim node add HOSTNAME --role … --cpus … --memory … --label …`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewNode {
    pub hostname: String,
    pub role: String,
    pub cpus: String,
    pub memory: String,
    /// `key=value` labels, separated by commas or spaces.
    pub labels: String,
}

/// pflag's error for a flag value its parser refused.
fn flag_error(flag: &str, value: &str, error: &str) -> String {
    format!("invalid argument \"{value}\" for \"--{flag}\" flag: {error}")
}

/// The command a service's button or form stands for, against its current spec.
pub fn service_command(
    cluster: &Cluster,
    service: ServiceId,
    intent: &ServiceIntent,
) -> Result<Command, String> {
    let current = cluster
        .service_record(service)
        .map(|s| &s.spec)
        .ok_or_else(|| "Error response from daemon: service not found".to_string())?;
    let mut spec = current.clone();
    match intent {
        ServiceIntent::Scale(replicas) => {
            return Ok(Command::ScaleService { service, replicas: *replicas });
        }
        ServiceIntent::Rollback => return Ok(Command::RollbackService(service)),
        ServiceIntent::Remove => return Ok(Command::RemoveService(service)),
        ServiceIntent::ChangeImage(image) => {
            let image = image.trim();
            if image.is_empty() {
                return Err("invalid reference format: the image is empty".to_string());
            }
            spec.image = image.to_string();
        }
        ServiceIntent::ForceUpdate => spec.force_update += 1,
        ServiceIntent::UpdateConfig(form) => apply_update_form(&mut spec, form)?,
    }
    Ok(Command::UpdateService { service, spec })
}

fn apply_update_form(spec: &mut ServiceSpec, form: &UpdateConfigForm) -> Result<(), String> {
    let update = &mut spec.update;
    let parallelism = form.parallelism.trim();
    update.parallelism = values::parse_go_uint(parallelism, false)
        .map_err(|e| flag_error("update-parallelism", parallelism, &e))?;
    let duration = |flag: &str, text: &str| {
        let text = text.trim();
        values::parse_go_duration(text).map_err(|e| flag_error(flag, text, &e)).and_then(|nanos| {
            values::sim_duration(nanos)
                .ok_or_else(|| format!("invalid argument: --{flag} must not be negative"))
        })
    };
    update.delay = duration("update-delay", &form.delay)?;
    update.monitor = duration("update-monitor", &form.monitor)?;
    update.order = match form.order.as_str() {
        "stop-first" => UpdateOrder::StopFirst,
        "start-first" => UpdateOrder::StartFirst,
        other => return Err(flag_error("update-order", other, "invalid update order")),
    };
    update.failure_action = match form.failure_action.as_str() {
        "pause" => FailureAction::Pause,
        "continue" => FailureAction::Continue,
        "rollback" => FailureAction::Rollback,
        other => return Err(flag_error("update-failure-action", other, "invalid failure action")),
    };
    let ratio = form.max_failure_ratio.trim();
    let value = values::parse_go_float(ratio, 32)
        .map_err(|e| flag_error("update-max-failure-ratio", ratio, &e))?;
    update.max_failure_ratio = FailureRatio(value as f32);
    Ok(())
}

/// The command a node's button stands for.
pub fn node_command(node: NodeId, intent: NodeIntent) -> Command {
    match intent {
        NodeIntent::Availability(availability) => Command::SetAvailability { node, availability },
        NodeIntent::PowerOff => Command::PowerOffNode(node),
        NodeIntent::PowerOn => Command::PowerOnNode(node),
        NodeIntent::Promote => Command::SetRole { node, role: NodeRole::Manager },
        NodeIntent::Demote => Command::SetRole { node, role: NodeRole::Worker },
        NodeIntent::Remove => Command::RemoveNode { node, force: false },
    }
}

/// `docker service create --name NAME [--mode global | --replicas N] IMAGE`.
pub fn create_service(form: &NewService) -> Result<Command, String> {
    let image = form.image.trim();
    if image.is_empty() {
        return Err("\"docker service create\" requires at least 1 argument.".to_string());
    }
    let name = form.name.trim();
    let spec = if form.global {
        ServiceSpec::global(name, image)
    } else {
        let text = form.replicas.trim();
        let replicas = values::parse_go_uint(text, false)
            .map_err(|e| flag_error("replicas", text, &e))
            .and_then(|n| {
                u32::try_from(n).map_err(|_| flag_error("replicas", text, "value out of range"))
            })?;
        ServiceSpec::replicated(name, image, replicas)
    };
    debug_assert!(matches!(spec.mode, ServiceMode::Global | ServiceMode::Replicated { .. }));
    Ok(Command::CreateService(spec))
}

/// `sim node add`, checked as that verb checks its flags.
pub fn add_node(form: &NewNode) -> Result<Command, String> {
    let optional = |text: &str| Some(text.trim()).filter(|t| !t.is_empty()).map(str::to_string);
    let (cpus, memory) = (optional(&form.cpus), optional(&form.memory));
    let labels: Vec<&str> =
        form.labels.split([',', ' ']).map(str::trim).filter(|l| !l.is_empty()).collect();
    let spec = swarm_shell::node_spec(
        form.hostname.trim(),
        &form.role,
        cpus.as_deref(),
        memory.as_deref(),
        &labels,
    )?;
    Ok(Command::AddNode(spec))
}

/// The first `workerN` (or `managerN`) no node has: the add-node form's suggestion.
pub fn free_hostname<'a>(role: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    (1..)
        .map(|n| format!("{role}{n}"))
        .find(|name| !taken.clone().any(|t| t == name))
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use swarm_core::{Config, SimDuration, SimTime};

    fn cluster_with_web() -> (Cluster, ServiceId) {
        let mut cluster = Cluster::new(Config::default(), 1);
        let spec = ServiceSpec::replicated("web", "nginx:latest", 2);
        cluster.handle_command(SimTime::ZERO, Command::CreateService(spec)).unwrap();
        let id = cluster.snapshot().services[0].id;
        (cluster, id)
    }

    fn updated_spec(command: Command) -> ServiceSpec {
        match command {
            Command::UpdateService { spec, .. } => spec,
            other => panic!("not an update: {other:?}"),
        }
    }

    #[test]
    fn service_intents_change_only_what_they_name() {
        let (cluster, web) = cluster_with_web();
        let current = cluster.service_record(web).unwrap().spec.clone();
        let image =
            service_command(&cluster, web, &ServiceIntent::ChangeImage(" nginx:1.25 ".into()));
        let spec = updated_spec(image.unwrap());
        assert_eq!(spec, ServiceSpec { image: "nginx:1.25".into(), ..current.clone() });
        let forced =
            updated_spec(service_command(&cluster, web, &ServiceIntent::ForceUpdate).unwrap());
        assert_eq!(forced.force_update, current.force_update + 1);
        assert_eq!(
            service_command(&cluster, web, &ServiceIntent::Rollback),
            Ok(Command::RollbackService(web))
        );
        assert!(service_command(&cluster, web, &ServiceIntent::ChangeImage("  ".into())).is_err());
    }

    #[test]
    fn the_update_form_takes_docker_values_and_refuses_bad_ones_as_pflag_does() {
        let (cluster, web) = cluster_with_web();
        let form = UpdateConfigForm {
            parallelism: "2".into(),
            delay: "10s".into(),
            order: "start-first".into(),
            failure_action: "rollback".into(),
            monitor: "1m30s".into(),
            max_failure_ratio: "0.25".into(),
        };
        let intent = ServiceIntent::UpdateConfig(form.clone());
        let spec = updated_spec(service_command(&cluster, web, &intent).unwrap());
        assert_eq!(spec.update.parallelism, 2);
        assert_eq!(spec.update.delay, SimDuration::from_secs(10));
        assert_eq!(spec.update.monitor, SimDuration::from_secs(90));
        assert_eq!(spec.update.order, UpdateOrder::StartFirst);
        assert_eq!(spec.update.failure_action, FailureAction::Rollback);
        assert_eq!(spec.update.max_failure_ratio, FailureRatio(0.25));

        let cases = [
            (
                UpdateConfigForm { parallelism: "two".into(), ..form.clone() },
                "invalid argument \"two\" for \"--update-parallelism\" flag: strconv.ParseUint: parsing \"two\": invalid syntax",
            ),
            (
                UpdateConfigForm { delay: "10".into(), ..form.clone() },
                "invalid argument \"10\" for \"--update-delay\" flag: time: missing unit in duration \"10\"",
            ),
            (
                UpdateConfigForm { max_failure_ratio: "x".into(), ..form.clone() },
                "invalid argument \"x\" for \"--update-max-failure-ratio\" flag: strconv.ParseFloat: parsing \"x\": invalid syntax",
            ),
        ];
        for (form, error) in cases {
            let intent = ServiceIntent::UpdateConfig(form);
            assert_eq!(service_command(&cluster, web, &intent), Err(error.to_string()));
        }
    }

    #[test]
    fn forms_for_new_services_and_nodes() {
        let web = NewService {
            name: "api".into(),
            image: "nginx:1.25".into(),
            global: false,
            replicas: "3".into(),
        };
        assert_eq!(
            create_service(&web),
            Ok(Command::CreateService(ServiceSpec::replicated("api", "nginx:1.25", 3)))
        );
        let global = NewService { global: true, replicas: "junk".into(), ..web.clone() };
        assert_eq!(
            create_service(&global),
            Ok(Command::CreateService(ServiceSpec::global("api", "nginx:1.25")))
        );
        assert!(create_service(&NewService { replicas: "-1".into(), ..web }).is_err());

        let node = NewNode {
            hostname: "worker3".into(),
            role: "worker".into(),
            cpus: "4".into(),
            memory: "8g".into(),
            labels: "zone=a, ssd=true".into(),
        };
        let Ok(Command::AddNode(spec)) = add_node(&node) else { panic!("not added") };
        assert_eq!(spec.resources.nano_cpus, 4_000_000_000);
        assert_eq!(spec.resources.memory_bytes, 8 << 30);
        assert_eq!(spec.labels.get("zone").map(String::as_str), Some("a"));
        assert_eq!(spec.labels.get("ssd").map(String::as_str), Some("true"));
        let bad = NewNode { hostname: "no spaces".into(), ..node };
        assert!(add_node(&bad).unwrap_err().starts_with("invalid hostname"));

        let taken = ["manager1", "worker1", "worker2"];
        assert_eq!(free_hostname("worker", taken.iter().copied()), "worker3");
        assert_eq!(free_hostname("manager", taken.iter().copied()), "manager2");
    }
}
