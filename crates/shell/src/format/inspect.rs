//! `docker service inspect`, `docker node inspect` and `docker inspect TASK`: the `--pretty`
//! templates (literal tabs) and the JSON documents (docker's field names and order, 4-space
//! indent, Go's RFC 3339 times).

use std::fmt::Write;

use crate::format::template::json_string;
use crate::parse::values::{format_bytes_size, format_go_duration};
use crate::pretty_print;
use swarm_core::NodeRole;
use swarm_core::{NodeView, Snapshot};
use swarm_core::{Service, ServiceMode, ServiceSpec, UpdateConfig, UpdateState};
use swarm_core::{SimDuration, SimTime};
use swarm_core::{Task, TaskSpec, TaskState};

/// The wall-clock instant simulated time zero stands for: 2023-11-01T00:00:00Z, the seeds'
/// Docker 24 era. Only displays use it; the simulation knows no calendar.
const EPOCH_UNIX_SECS: i64 = 1_698_796_800;

/// A 64-hex-digit digest for an image, the same for a reference every time (the registry's
/// `sha256:` of the manifest, which the daemon pins services to).
pub(crate) fn image_digest(reference: &str) -> String {
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in reference.bytes() {
        state = (state ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..4)
        .map(|i| {
            let mut z = state.wrapping_add(0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i + 1));
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            format!("{:016x}", z ^ (z >> 31))
        })
        .collect()
}

/// The image as the daemon pinned it: `nginx:latest@sha256:…`.
pub(crate) fn pinned_image(image: &str, known: bool) -> String {
    if known && !image.contains('@') {
        format!("{image}@sha256:{}", image_digest(image))
    } else {
        image.to_string()
    }
}

/// Go's `RFC3339Nano`, as docker's JSON prints times: the fraction of a second loses its
/// trailing zeros, and a whole second has none (`…T00:00:21.99Z`, `…T00:00:00Z`).
pub(crate) fn rfc3339(at: SimTime) -> String {
    let (date, time, nanos) = civil(at);
    format!("{date}T{time}{}Z", fraction(nanos))
}

/// Go's default time format (`2006-01-02 15:04:05.999999999 -0700 MST`, trailing zeros of
/// the fraction trimmed) through `PrettyPrint` (`node inspect --pretty`).
fn go_time(at: SimTime) -> String {
    let (date, time, nanos) = civil(at);
    format!("{date} {time}{} +0000 utc", fraction(nanos))
}

/// `.999999999` as Go prints it: nothing for a whole second, no trailing zeros.
fn fraction(nanos: u64) -> String {
    if nanos == 0 {
        return String::new();
    }
    format!(".{nanos:09}").trim_end_matches('0').to_string()
}

/// The platforms a multi-arch image's manifest list names, as the CLI copies them into
/// `Placement.Platforms` (`imageDigestAndPlatforms`: `arm` loses its architecture, variants
/// are dropped, nothing is de-duplicated). Images the playground does not know a manifest
/// list for are single-platform.
fn platforms(image: &str) -> Vec<(&'static str, &'static str)> {
    let name = swarm_core::normalize_image(image);
    let name = name.split('@').next().unwrap_or_default();
    let (repository, tag) = name.rsplit_once(':').unwrap_or((name, "latest"));
    const ARM: &str = "";
    match (repository, tag) {
        ("nginx" | "redis" | "postgres" | "busybox", _) => vec![
            ("amd64", "linux"),
            (ARM, "linux"),
            (ARM, "linux"),
            ("arm64", "linux"),
            ("386", "linux"),
            ("mips64le", "linux"),
            ("ppc64le", "linux"),
            ("s390x", "linux"),
        ],
        ("alpine", _) => vec![
            ("amd64", "linux"),
            (ARM, "linux"),
            (ARM, "linux"),
            ("arm64", "linux"),
            ("386", "linux"),
            ("ppc64le", "linux"),
            ("s390x", "linux"),
        ],
        ("registry", _) => vec![
            ("amd64", "linux"),
            (ARM, "linux"),
            ("arm64", "linux"),
            ("ppc64le", "linux"),
            ("s390x", "linux"),
        ],
        // mysql 8 images are built for amd64 and arm64; 5.x for amd64 only.
        ("mysql", tag) if !tag.starts_with('5') => vec![("amd64", "linux"), ("arm64", "linux")],
        _ => vec![("amd64", "linux")],
    }
}

/// An address on the ingress network (10.0.0.0/24, gateway .1) by the serial number the
/// allocator handed it out under; serial allocation wraps round the subnet.
pub(crate) fn ingress_address(serial: u32) -> String {
    format!("10.0.0.{}/24", 2 + serial % 253)
}

fn civil(at: SimTime) -> (String, String, u64) {
    let millis = at.as_millis();
    let secs = EPOCH_UNIX_SECS + (millis / 1000) as i64;
    let nanos = (millis % 1000) * 1_000_000;
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let time = format!("{:02}:{:02}:{:02}", of_day / 3600, of_day / 60 % 60, of_day % 60);
    (format!("{year:04}-{month:02}-{day:02}"), time, nanos)
}

/// `docker service inspect --pretty`.
pub(crate) fn service_pretty(service: &Service, known_image: bool, now: SimTime) -> String {
    let spec = &service.spec;
    let mut out = String::from("\n");
    let _ = writeln!(out, "ID:\t\t{}", service.id);
    let _ = writeln!(out, "Name:\t\t{}", spec.name);
    if !spec.labels.is_empty() {
        out.push_str("Labels:\n");
        for (key, value) in &spec.labels {
            if value.is_empty() {
                let _ = writeln!(out, " {key}");
            } else {
                let _ = writeln!(out, " {key}={value}");
            }
        }
    }
    match spec.mode {
        ServiceMode::Global => out.push_str("Service Mode:\tGlobal\n"),
        ServiceMode::Replicated { replicas } => {
            let _ = writeln!(out, "Service Mode:\tReplicated\n Replicas:\t{replicas}");
        }
    }
    if let Some(status) = &service.update_status {
        out.push_str("UpdateStatus:\n");
        let _ = writeln!(out, " State:\t\t{}", status.state.as_str());
        let _ = writeln!(out, " Started:\t{}", ago(now, status.started_at));
        if let (UpdateState::Completed, Some(at)) = (status.state, status.completed_at) {
            let _ = writeln!(out, " Completed:\t{}", ago(now, at));
        }
        let _ = writeln!(out, " Message:\t{}", status.message);
    }
    out.push_str("Placement:\n");
    if !spec.constraints.is_empty() {
        let _ = writeln!(out, " Constraints:\t[{}]", spec.constraints.join(" "));
    }
    if !spec.preferences.is_empty() {
        let prefs: Vec<String> = spec.preferences.iter().map(|p| format!("spread={p}")).collect();
        let _ = writeln!(out, " Preferences:   [{}]", prefs.join(" "));
    }
    if spec.max_replicas_per_node > 0 {
        let _ = writeln!(out, " Max Replicas Per Node:   {}", spec.max_replicas_per_node);
    }
    pretty_update_config(&mut out, "UpdateConfig", "Update order:      ", &spec.update);
    pretty_update_config(&mut out, "RollbackConfig", "Rollback order:    ", &spec.rollback);
    out.push_str("ContainerSpec:\n");
    let _ = writeln!(out, " Image:\t\t{}", pinned_image(&spec.image, known_image));
    if !spec.args.is_empty() {
        out.push_str(" Args:\t\t");
        for arg in &spec.args {
            let _ = write!(out, "{arg} ");
        }
        out.push('\n');
    }
    if !spec.env.is_empty() {
        out.push_str(" Env:\t\t");
        for entry in &spec.env {
            let _ = write!(out, "{entry} ");
        }
        out.push('\n');
    }
    out.push_str(" Init:\t\tfalse\n");
    if !spec.mounts.is_empty() {
        out.push_str("Mounts:\n");
        for m in &spec.mounts {
            let _ = writeln!(
                out,
                " Target:\t{}\n  Source:\t{}\n  ReadOnly:\t{}\n  Type:\t\t{}",
                m.target, m.source, m.read_only, m.kind
            );
        }
    }
    if let Some(driver) = &spec.log_driver {
        out.push_str("Log Driver:\n");
        if !driver.name.is_empty() {
            let _ = writeln!(out, " Name:\t\t{}", driver.name);
        }
        if !driver.options.is_empty() {
            out.push_str(" LogOpts:\n");
            for (key, value) in &driver.options {
                if value.is_empty() {
                    let _ = writeln!(out, "  {key}");
                } else {
                    let _ = writeln!(out, "  {key}:       {value}");
                }
            }
        }
        // The template's block ends with a newline of its own: one empty line.
        out.push('\n');
    }
    out.push_str("Resources:\n");
    for (title, resources) in [(" Reservations:", spec.reservations), (" Limits:", spec.limits)] {
        if resources.is_zero() {
            continue;
        }
        let _ = writeln!(out, "{title}");
        if resources.nano_cpus > 0 {
            let _ = writeln!(out, "  CPU:\t\t{}", resources.nano_cpus as f64 / 1e9);
        }
        if resources.memory_bytes > 0 {
            let _ = writeln!(out, "  Memory:\t{}", format_bytes_size(resources.memory_bytes));
        }
    }
    out.push_str("Endpoint Mode:\tvip\n");
    if !service.endpoint_ports.is_empty() {
        out.push_str("Ports:\n");
        let last = service.endpoint_ports.len() - 1;
        for (i, p) in service.endpoint_ports.iter().enumerate() {
            let _ = writeln!(
                out,
                " PublishedPort = {}\n  Protocol = {}\n  TargetPort = {}\n  PublishMode = {}{}",
                p.published,
                p.protocol.as_str(),
                p.target,
                p.mode.as_str(),
                if i == last { " " } else { "" }
            );
        }
    }
    out.push('\n');
    out
}

fn pretty_update_config(out: &mut String, title: &str, order_label: &str, config: &UpdateConfig) {
    let _ = writeln!(out, "{title}:");
    let _ = writeln!(out, " Parallelism:\t{}", config.parallelism);
    if config.delay > SimDuration::ZERO {
        let _ = writeln!(out, " Delay:\t\t{}", format_go_duration(config.delay.as_millis()));
    }
    let _ = writeln!(out, " On failure:\t{}", config.failure_action.as_str());
    if config.monitor > SimDuration::ZERO {
        let _ =
            writeln!(out, " Monitoring Period: {}", format_go_duration(config.monitor.as_millis()));
    }
    let _ = writeln!(out, " Max failure ratio: {}", config.max_failure_ratio);
    let _ = writeln!(out, " {order_label}{}", config.order.as_str());
}

/// A JSON value, printed as docker prints inspect output (`json.Indent` with 4 spaces).
pub(crate) enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    Str(String),
    Number(String),
    Bool(bool),
    /// A Go slice that is nil and not `omitempty`: JSON `null`, a template's `[]`.
    NilSlice,
}

/// An object with the given fields, in order.
fn obj(fields: Vec<(&str, Json)>) -> Json {
    Json::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A string map (labels), keys sorted as Go marshals maps.
fn map(entries: &swarm_core::KeyValues) -> Json {
    Json::Object(entries.iter().map(|(k, v)| (k.clone(), Json::str(v))).collect())
}

impl Json {
    // Not inlined: the JSON builders make dozens of strings and numbers each, and one call
    // per field is smaller than the allocation and copy at every one.
    #[inline(never)]
    fn str(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    #[inline(never)]
    fn num(n: impl ToString) -> Json {
        Json::Number(n.to_string())
    }

    fn write(&self, out: &mut String, depth: usize) {
        let pad = |d: usize| "    ".repeat(d);
        match self {
            Json::Object(fields) if fields.is_empty() => out.push_str("{}"),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(fields) => {
                out.push_str("{\n");
                for (i, (key, value)) in fields.iter().enumerate() {
                    let _ = write!(out, "{}{}: ", pad(depth + 1), json_string(key));
                    value.write(out, depth + 1);
                    out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(depth));
                out.push('}');
            }
            Json::Array(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad(depth + 1));
                    item.write(out, depth + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(depth));
                out.push(']');
            }
            Json::Str(s) => out.push_str(&json_string(s)),
            Json::Number(n) => out.push_str(n),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::NilSlice => out.push_str("null"),
        }
    }
}

/// `inspect --format`: field paths (`{{.Spec.Mode.Replicated.Replicas}}`) and `{{json .X}}`
/// over each object's document, one output line per object.
pub(crate) fn format_documents(format: &str, items: &[Json]) -> Result<String, String> {
    let format = format.replace("\\t", "\t").replace("\\n", "\n");
    let mut out = String::new();
    for item in items {
        let mut rest = format.as_str();
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end =
                after.find("}}").ok_or("template parsing error: template: :1: unclosed action")?;
            let action = after[..end].trim();
            let (as_json, path) = match action.strip_prefix("json ") {
                Some(path) => (true, path.trim()),
                None => (false, action),
            };
            let Some(path) = path.strip_prefix('.') else {
                return Err(format!(
                    "template parsing error: the playground supports field paths such as {{{{.Spec.Name}}}} and {{{{json .Spec}}}}, not {{{{{action}}}}}"
                ));
            };
            let mut node = item;
            for key in path.split('.').filter(|k| !k.is_empty()) {
                node = match node {
                    Json::Object(fields) => fields
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, v)| v)
                        .ok_or_else(|| {
                            format!("template: :1: executing \"\" at <.{path}>: map has no entry for key \"{key}\"")
                        })?,
                    _ => return Err(format!("template: :1: executing \"\" at <.{path}>: can't evaluate field {key}")),
                };
            }
            if as_json {
                out.push_str(&compact(node));
            } else {
                out.push_str(&go_value(node));
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    Ok(out)
}

/// One line of JSON (`{{json .}}`).
fn compact(value: &Json) -> String {
    match value {
        Json::Object(fields) => {
            let inner: Vec<String> =
                fields.iter().map(|(k, v)| format!("{}:{}", json_string(k), compact(v))).collect();
            format!("{{{}}}", inner.join(","))
        }
        Json::Array(items) => {
            format!("[{}]", items.iter().map(compact).collect::<Vec<_>>().join(","))
        }
        Json::Str(s) => json_string(s),
        Json::Number(n) => n.clone(),
        Json::Bool(b) => b.to_string(),
        Json::NilSlice => "null".to_string(),
    }
}

/// How Go's templates print a decoded JSON value: maps as `map[k:v]`, lists as `[a b]`.
fn go_value(value: &Json) -> String {
    match value {
        Json::Object(fields) => {
            let mut sorted: Vec<&(String, Json)> = fields.iter().collect();
            swarm_core::sort::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
            let inner: Vec<String> =
                sorted.iter().map(|(k, v)| format!("{k}:{}", go_value(v))).collect();
            format!("map[{}]", inner.join(" "))
        }
        Json::Array(items) => {
            format!("[{}]", items.iter().map(go_value).collect::<Vec<_>>().join(" "))
        }
        Json::Str(s) => s.clone(),
        Json::Number(n) => n.clone(),
        Json::Bool(b) => b.to_string(),
        Json::NilSlice => "[]".to_string(),
    }
}

/// The indented array docker prints for inspect (`[]` when nothing matched).
pub(crate) fn json_document(items: Vec<Json>) -> String {
    let mut out = String::new();
    Json::Array(items).write(&mut out, 0);
    out.push('\n');
    out
}

fn nanos(d: SimDuration) -> Json {
    Json::num(u128::from(d.as_millis()) * 1_000_000)
}

fn update_config_json(config: &UpdateConfig) -> Json {
    let mut fields = vec![("Parallelism", Json::num(config.parallelism))];
    if config.delay > SimDuration::ZERO {
        fields.push(("Delay", nanos(config.delay)));
    }
    fields.push(("FailureAction", Json::str(config.failure_action.as_str())));
    // `Monitor` is `omitempty` in the API, and the daemon drops a zero one from the spec.
    if config.monitor > SimDuration::ZERO {
        fields.push(("Monitor", nanos(config.monitor)));
    }
    fields.extend([
        ("MaxFailureRatio", Json::num(config.max_failure_ratio)),
        ("Order", Json::str(config.order.as_str())),
    ]);
    obj(fields)
}

fn ports_json(ports: &[swarm_core::PortConfig]) -> Json {
    Json::Array(
        ports
            .iter()
            .map(|p| {
                obj(vec![
                    ("Protocol", Json::str(p.protocol.as_str())),
                    ("TargetPort", Json::num(p.target)),
                    ("PublishedPort", Json::num(p.published)),
                    ("PublishMode", Json::str(p.mode.as_str())),
                ])
            })
            .collect(),
    )
}

/// One service as `docker service inspect` prints it (defaults inserted, as the CLI asks).
pub(crate) fn service_json(
    service: &Service,
    known: &dyn Fn(&str) -> bool,
    ingress_network: &str,
) -> Json {
    let spec_json = |spec: &ServiceSpec| spec_json(spec, known(&spec.image));
    let endpoint_spec = endpoint_spec_json(&service.spec);
    let mut endpoint = vec![("Spec", endpoint_spec)];
    if !service.endpoint_ports.is_empty() {
        endpoint.push(("Ports", ports_json(&service.endpoint_ports)));
    }
    if let Some(serial) = service.virtual_ip {
        endpoint.push((
            "VirtualIPs",
            Json::Array(vec![obj(vec![
                ("NetworkID", Json::str(ingress_network)),
                ("Addr", Json::str(ingress_address(serial))),
            ])]),
        ));
    }
    let mut fields = vec![
        ("ID", Json::str(service.id.to_string())),
        ("Version", obj(vec![("Index", Json::num(service.version))])),
        ("CreatedAt", Json::str(rfc3339(service.created_at))),
        ("UpdatedAt", Json::str(rfc3339(service.updated_at))),
        ("Spec", spec_json(&service.spec)),
    ];
    if let Some(previous) = &service.previous_spec {
        fields.push(("PreviousSpec", spec_json(previous)));
    }
    fields.push(("Endpoint", obj(endpoint)));
    if let Some(status) = &service.update_status {
        let mut update = vec![
            ("State", Json::str(status.state.as_str())),
            ("StartedAt", Json::str(rfc3339(status.started_at))),
        ];
        if let Some(completed) = status.completed_at {
            update.push(("CompletedAt", Json::str(rfc3339(completed))));
        }
        update.push(("Message", Json::str(&status.message)));
        fields.push(("UpdateStatus", obj(update)));
    }
    obj(fields)
}

fn endpoint_spec_json(spec: &ServiceSpec) -> Json {
    let mut fields = vec![("Mode", Json::str("vip"))];
    if !spec.ports.is_empty() {
        fields.push(("Ports", ports_json(&spec.ports)));
    }
    obj(fields)
}

/// A service spec as the API prints it, defaults filled in.
fn spec_json(spec: &ServiceSpec, known_image: bool) -> Json {
    let mode = match spec.mode {
        ServiceMode::Global => obj(vec![("Global", obj(Vec::new()))]),
        ServiceMode::Replicated { replicas } => {
            obj(vec![("Replicated", obj(vec![("Replicas", Json::num(replicas))]))])
        }
    };
    obj(vec![
        ("Name", Json::str(&spec.name)),
        ("Labels", map(&spec.labels)),
        ("TaskTemplate", task_template_json(&TaskSpec::of(spec), &spec.constraints, known_image)),
        ("Mode", mode),
        ("UpdateConfig", update_config_json(&spec.update)),
        ("RollbackConfig", update_config_json(&spec.rollback)),
        ("EndpointSpec", endpoint_spec_json(spec)),
    ])
}

/// A `TaskSpec` as the API prints it; `constraints` as the client wrote them.
fn task_template_json(spec: &TaskSpec, constraints: &[String], known_image: bool) -> Json {
    let mut container = vec![("Image", Json::str(pinned_image(&spec.image, known_image)))];
    if !spec.args.is_empty() {
        container.push(("Args", Json::Array(spec.args.iter().map(Json::str).collect())));
    }
    if !spec.env.is_empty() {
        container.push(("Env", Json::Array(spec.env.iter().map(Json::str).collect())));
    }
    container.push(("Init", Json::Bool(false)));
    if !spec.mounts.is_empty() {
        container.push((
            "Mounts",
            Json::Array(
                spec.mounts
                    .iter()
                    .map(|m| {
                        let mut fields = vec![
                            ("Type", Json::str(&m.kind)),
                            ("Source", Json::str(&m.source)),
                            ("Target", Json::str(&m.target)),
                        ];
                        if m.read_only {
                            fields.push(("ReadOnly", Json::Bool(true)));
                        }
                        obj(fields)
                    })
                    .collect(),
            ),
        ));
    }
    container.push(("StopGracePeriod", nanos(spec.stop_grace_period)));
    container.push(("DNSConfig", obj(Vec::new())));
    container.push(("Isolation", Json::str("default")));
    let resources = |r: swarm_core::Resources| {
        let mut fields = Vec::new();
        if r.nano_cpus > 0 {
            fields.push(("NanoCPUs", Json::num(r.nano_cpus)));
        }
        if r.memory_bytes > 0 {
            fields.push(("MemoryBytes", Json::num(r.memory_bytes)));
        }
        obj(fields)
    };
    let mut restart = vec![
        ("Condition", Json::str(spec.restart.condition.as_str())),
        ("Delay", nanos(spec.restart.delay)),
        ("MaxAttempts", Json::num(spec.restart.max_attempts)),
    ];
    if spec.restart.window > SimDuration::ZERO {
        restart.push(("Window", nanos(spec.restart.window)));
    }
    let mut placement = Vec::new();
    if !constraints.is_empty() {
        placement.push(("Constraints", Json::Array(constraints.iter().map(Json::str).collect())));
    }
    if !spec.preferences.is_empty() {
        placement.push((
            "Preferences",
            Json::Array(
                spec.preferences
                    .iter()
                    .map(|p| obj(vec![("Spread", obj(vec![("SpreadDescriptor", Json::str(p))]))]))
                    .collect(),
            ),
        ));
    }
    if spec.max_replicas_per_node > 0 {
        placement.push(("MaxReplicas", Json::num(spec.max_replicas_per_node)));
    }
    // The CLI reads the platforms from the registry with the digest: an image the registry
    // does not know gets neither.
    if known_image {
        let platforms = platforms(&spec.image)
            .into_iter()
            .map(|(architecture, os)| {
                let mut fields = Vec::new();
                if !architecture.is_empty() {
                    fields.push(("Architecture", Json::str(architecture)));
                }
                fields.push(("OS", Json::str(os)));
                obj(fields)
            })
            .collect();
        placement.push(("Platforms", Json::Array(platforms)));
    }
    // `TaskSpec` field order: … Placement, Networks, LogDriver, ForceUpdate, Runtime; every
    // part of a `Driver` is omitempty, and so is the driver itself.
    let mut task_template = vec![
        ("ContainerSpec", obj(container)),
        (
            "Resources",
            obj(vec![
                ("Limits", resources(spec.limits)),
                ("Reservations", resources(spec.reservations)),
            ]),
        ),
        ("RestartPolicy", obj(restart)),
        ("Placement", obj(placement)),
    ];
    if let Some(driver) = &spec.log_driver {
        let mut fields = Vec::new();
        if !driver.name.is_empty() {
            fields.push(("Name", Json::str(&driver.name)));
        }
        if !driver.options.is_empty() {
            fields.push(("Options", map(&driver.options)));
        }
        task_template.push(("LogDriver", obj(fields)));
    }
    task_template.push(("ForceUpdate", Json::num(spec.force_update)));
    task_template.push(("Runtime", Json::str("container")));
    obj(task_template)
}

/// `About a minute ago`, as inspect's update times read.
fn ago(now: SimTime, at: SimTime) -> String {
    format!("{} ago", crate::format::duration::human_duration(now.saturating_since(at)))
}

/// The address a node advertises: 10.0.0.2, .3, … in join order.
pub(crate) fn node_address(snapshot: &Snapshot, node: &NodeView) -> String {
    let index = snapshot.nodes.iter().position(|n| n.id == node.id).unwrap_or(0);
    format!("10.0.{}.{}", (index + 2) / 256, (index + 2) % 256)
}

/// `docker node inspect --pretty`.
pub(crate) fn node_pretty(snapshot: &Snapshot, node: &NodeView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "ID:\t\t\t{}", node.id);
    if !node.labels.is_empty() {
        out.push_str("Labels:\n");
        for (key, value) in &node.labels {
            let _ = writeln!(out, " - {key}={value}");
        }
    }
    let _ = writeln!(out, "Hostname:              \t{}", node.hostname);
    let _ = writeln!(out, "Joined at:             \t{}", go_time(SimTime::ZERO));
    out.push_str("Status:\n");
    let _ = writeln!(out, " State:\t\t\t{}", pretty_print(node.state.as_str()));
    if !node.status_message.is_empty() {
        let _ = writeln!(out, " Message:              \t{}", pretty_print(node.status_message));
    }
    let _ = writeln!(out, " Availability:         \t{}", pretty_print(node.availability.as_str()));
    let address = node_address(snapshot, node);
    let _ = writeln!(out, " Address:\t\t{address}");
    if node.role == NodeRole::Manager {
        out.push_str("Manager Status:\n");
        let _ = writeln!(out, " Address:\t\t{address}:2377");
        let reachability = match node.manager_status {
            Some("Unreachable") => "Unreachable",
            _ => "Reachable",
        };
        let _ = writeln!(out, " Raft Status:\t\t{reachability}");
        let leader = if node.leader == Some(true) { "Yes" } else { "No" };
        let _ = writeln!(out, " Leader:\t\t{leader}");
    }
    out.push_str("Platform:\n Operating System:\tlinux\n Architecture:\t\tx86_64\n");
    out.push_str("Resources:\n");
    let _ = writeln!(out, " CPUs:\t\t\t{}", node.nano_cpus / 1_000_000_000);
    let _ = writeln!(out, " Memory:\t\t{}", format_bytes_size(node.memory_bytes));
    out.push_str("Plugins:\n");
    out.push_str(" Log:\t\tawslogs, fluentd, gcplogs, gelf, journald, json-file, local, logentries, splunk, syslog\n");
    out.push_str(" Network:\t\tbridge, host, ipvlan, macvlan, null, overlay\n");
    out.push_str(" Volume:\t\tlocal\n");
    let _ = writeln!(out, "Engine Version:\t\t{}", node.engine_version);
    out
}

/// One task as `docker inspect TASK` prints it. `killed`: its process ignores SIGTERM, so a
/// container the manager stopped was killed (exit 137).
pub(crate) fn task_json(task: &Task, known_image: bool, killed: bool) -> Json {
    let constraints: Vec<String> = task.spec.constraints.iter().map(ToString::to_string).collect();
    let mut fields = vec![
        ("ID", Json::str(task.id.to_string())),
        ("Version", obj(vec![("Index", Json::num(task.version))])),
        ("CreatedAt", Json::str(rfc3339(task.created_at))),
        ("UpdatedAt", Json::str(rfc3339(task.updated_at))),
        ("Labels", obj(Vec::new())),
        ("Spec", task_template_json(&task.spec, &constraints, known_image)),
        ("ServiceID", Json::str(task.service.to_string())),
    ];
    if task.slot > 0 {
        fields.push(("Slot", Json::num(task.slot)));
    }
    if let Some(node) = task.node {
        fields.push(("NodeID", Json::str(node.to_string())));
    }
    let state = task.status.state;
    let mut status = vec![
        ("Timestamp", Json::str(rfc3339(task.status.timestamp))),
        ("State", Json::str(state.as_str())),
        ("Message", Json::str(task.status.message)),
    ];
    if let Some(err) = &task.status.err {
        status.push(("Err", Json::str(err)));
    }
    // The executor reports its container once it has created it (READY); a stopped one keeps
    // its exit code.
    let created = matches!(
        state,
        TaskState::Ready
            | TaskState::Starting
            | TaskState::Running
            | TaskState::Complete
            | TaskState::Failed
            | TaskState::Shutdown
    ) && task.node.is_some()
        && task.status.err.as_deref().is_none_or(|e| e.starts_with("task: non-zero exit"));
    if created {
        let container = crate::docker::engine::container_id(task.id);
        let mut container_status = vec![("ContainerID", Json::str(&container))];
        if state == TaskState::Running {
            let pid = 1000 + u64::from_str_radix(&container[..6], 16).unwrap_or(0) % 60_000;
            container_status.push(("PID", Json::num(pid)));
        }
        let exit_code = match state {
            TaskState::Failed => task
                .status
                .err
                .as_deref()
                .and_then(|e| e.strip_prefix("task: non-zero exit ("))
                .and_then(|e| e.strip_suffix(')'))
                .and_then(|code| code.parse::<i32>().ok())
                .unwrap_or(1),
            TaskState::Shutdown if killed => 137,
            _ => 0,
        };
        container_status.push(("ExitCode", Json::num(exit_code)));
        status.push(("ContainerStatus", obj(container_status)));
    }
    let mut port_status = Vec::new();
    if state == TaskState::Running && !task.spec.host_ports.is_empty() {
        port_status.push(("Ports", ports_json(&task.spec.host_ports)));
    }
    status.push(("PortStatus", obj(port_status)));
    fields.push(("Status", obj(status)));
    fields.push(("DesiredState", Json::str(task.desired.as_str())));
    fields.push(("Volumes", Json::NilSlice));
    obj(fields)
}

/// The plugins an engine reports, sorted by type then name (`sortedPlugins`); Docker 25
/// dropped the logentries log driver.
fn engine_plugins(engine_version: &str) -> Json {
    let major: u32 = engine_version.split('.').next().and_then(|m| m.parse().ok()).unwrap_or(24);
    let mut logs = vec![
        "awslogs",
        "fluentd",
        "gcplogs",
        "gelf",
        "journald",
        "json-file",
        "local",
        "logentries",
        "splunk",
        "syslog",
    ];
    if major >= 25 {
        logs.retain(|name| *name != "logentries");
    }
    let networks = ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"];
    let plugin =
        |kind: &str, name: &str| obj(vec![("Type", Json::str(kind)), ("Name", Json::str(name))]);
    let all = logs
        .iter()
        .map(|name| plugin("Log", name))
        .chain(networks.iter().map(|name| plugin("Network", name)))
        .chain(std::iter::once(plugin("Volume", "local")))
        .collect();
    Json::Array(all)
}

/// One node as `docker node inspect` prints it.
pub(crate) fn node_json(snapshot: &Snapshot, node: &NodeView) -> Json {
    let mut status = vec![("State", Json::str(node.state.as_str()))];
    if !node.status_message.is_empty() {
        status.push(("Message", Json::str(node.status_message)));
    }
    let address = node_address(snapshot, node);
    status.push(("Addr", Json::str(&address)));
    let mut fields = vec![
        ("ID", Json::str(node.id.to_string())),
        ("Version", obj(vec![("Index", Json::num(node.version))])),
        ("CreatedAt", Json::str(rfc3339(node.created_at))),
        ("UpdatedAt", Json::str(rfc3339(node.updated_at))),
        (
            "Spec",
            obj(vec![
                ("Labels", map(&node.labels)),
                ("Role", Json::str(node.role.as_str())),
                ("Availability", Json::str(node.availability.as_str())),
            ]),
        ),
        (
            "Description",
            obj(vec![
                ("Hostname", Json::str(&node.hostname)),
                (
                    "Platform",
                    obj(vec![("Architecture", Json::str("x86_64")), ("OS", Json::str("linux"))]),
                ),
                (
                    "Resources",
                    obj(vec![
                        ("NanoCPUs", Json::num(node.nano_cpus)),
                        ("MemoryBytes", Json::num(node.memory_bytes)),
                    ]),
                ),
                (
                    "Engine",
                    obj(vec![
                        ("EngineVersion", Json::str(node.engine_version)),
                        ("Plugins", engine_plugins(node.engine_version)),
                    ]),
                ),
            ]),
        ),
        ("Status", obj(status)),
    ];
    if node.role == NodeRole::Manager {
        let mut manager = Vec::new();
        if node.leader == Some(true) {
            manager.push(("Leader", Json::Bool(true)));
        }
        let reachability = match node.manager_status {
            Some("Unreachable") => "unreachable",
            _ => "reachable",
        };
        manager.push(("Reachability", Json::str(reachability)));
        manager.push(("Addr", Json::str(format!("{address}:2377"))));
        fields.push(("ManagerStatus", obj(manager)));
    }
    obj(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// docker/cli `service inspect --pretty` (`cli/command/service/formatter.go`), its rendered
    /// example field for field.
    #[test]
    fn pretty_service_matches_the_reference_example() {
        use swarm_core::Resources;
        use swarm_core::id::ObjectId;
        use swarm_core::rng::Rng;
        use swarm_core::{
            Mount, PortConfig, Protocol, PublishMode, ServiceId, UpdateState, UpdateStatus,
        };

        let mut spec = ServiceSpec::replicated("web", "nginx:1.27", 3);
        spec.labels.insert("com.example.tier".into(), "frontend".into());
        spec.constraints = vec!["node.role==worker".into()];
        spec.max_replicas_per_node = 2;
        spec.update.delay = SimDuration::from_secs(10);
        spec.env = vec!["APP_ENV=prod".into()];
        spec.mounts = vec![Mount {
            kind: "volume".into(),
            source: "webdata".into(),
            target: "/data".into(),
            read_only: false,
        }];
        spec.reservations = Resources { nano_cpus: 250_000_000, memory_bytes: 128 << 20 };
        spec.limits = Resources { nano_cpus: 500_000_000, memory_bytes: 256 << 20 };
        let port = PortConfig {
            protocol: Protocol::Tcp,
            published: 8080,
            target: 80,
            mode: PublishMode::Ingress,
        };
        spec.ports = vec![port];
        let id = ServiceId(ObjectId::generate(&mut Rng::new(7)));
        let mut service = Service::new(id, spec, vec![port], SimTime::ZERO);
        service.version = 3;
        service.updated_at = SimTime::from_secs(10);
        service.update_status = Some(UpdateStatus {
            state: UpdateState::Completed,
            started_at: SimTime::from_secs(10),
            completed_at: Some(SimTime::from_secs(70)),
            message: "update completed".into(),
        });
        let text = service_pretty(&service, true, SimTime::from_secs(160));
        let expected = format!(
            "\nID:\t\t{id}\nName:\t\tweb\nLabels:\n com.example.tier=frontend\nService Mode:\tReplicated\n Replicas:\t3\n\
             UpdateStatus:\n State:\t\tcompleted\n Started:\t2 minutes ago\n Completed:\tAbout a minute ago\n Message:\tupdate completed\n\
             Placement:\n Constraints:\t[node.role==worker]\n Max Replicas Per Node:   2\n\
             UpdateConfig:\n Parallelism:\t1\n Delay:\t\t10s\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      stop-first\n\
             RollbackConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Rollback order:    stop-first\n\
             ContainerSpec:\n Image:\t\tnginx:1.27@sha256:{}\n Env:\t\tAPP_ENV=prod \n Init:\t\tfalse\n\
             Mounts:\n Target:\t/data\n  Source:\twebdata\n  ReadOnly:\tfalse\n  Type:\t\tvolume\n\
             Resources:\n Reservations:\n  CPU:\t\t0.25\n  Memory:\t128MiB\n Limits:\n  CPU:\t\t0.5\n  Memory:\t256MiB\n\
             Endpoint Mode:\tvip\nPorts:\n PublishedPort = 8080\n  Protocol = tcp\n  TargetPort = 80\n  PublishMode = ingress \n\n",
            image_digest("nginx:1.27")
        );
        assert_eq!(text, expected);
    }

    fn service_with(spec: ServiceSpec) -> Service {
        use swarm_core::ServiceId;
        use swarm_core::id::ObjectId;
        use swarm_core::rng::Rng;
        Service::new(
            ServiceId(ObjectId::generate(&mut Rng::new(7))),
            spec,
            Vec::new(),
            SimTime::ZERO,
        )
    }

    /// The log driver block of `--pretty`: a key without a value prints alone; one empty line
    /// follows.
    #[test]
    fn pretty_log_driver_block_sits_between_the_container_and_resources() {
        use swarm_core::LogDriver;
        let mut spec = ServiceSpec::replicated("web", "nginx:latest", 1);
        spec.log_driver = Some(LogDriver {
            name: "json-file".into(),
            options: [("max-size", "10m"), ("compress", "")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        });
        let text = service_pretty(&service_with(spec), true, SimTime::ZERO);
        assert!(
            text.contains(
                " Init:\t\tfalse\nLog Driver:\n Name:\t\tjson-file\n LogOpts:\n  compress\n  max-size:       10m\n\nResources:\n"
            ),
            "{text}"
        );
        let plain = service_pretty(
            &service_with(ServiceSpec::replicated("web", "nginx", 1)),
            true,
            SimTime::ZERO,
        );
        assert!(!plain.contains("Log Driver"), "{plain}");
    }

    /// `TaskSpec.LogDriver` comes after Placement (and Networks), before ForceUpdate; its parts
    /// are omitempty; pull options never show.
    #[test]
    fn json_log_driver_is_omitempty_and_pull_options_never_show() {
        use swarm_core::{LogDriver, PullOptions};
        let mut spec = ServiceSpec::replicated("web", "nginx:latest", 1);
        spec.log_driver = Some(LogDriver::named("syslog"));
        spec.pull_options = Some(PullOptions { registry_auth: "e30=".into() });
        let document = service_json(&service_with(spec), &|_| true, "ingress");
        let template = format_documents("{{json .Spec.TaskTemplate}}", &[document]).unwrap();
        assert!(
            template.contains(r#"]},"LogDriver":{"Name":"syslog"},"ForceUpdate":0,"#),
            "{template}"
        );
        assert!(!template.contains("PullOptions") && !template.contains("e30="), "{template}");
        let plain = service_json(
            &service_with(ServiceSpec::replicated("web", "nginx", 1)),
            &|_| true,
            "ingress",
        );
        let template = format_documents("{{json .Spec.TaskTemplate}}", &[plain]).unwrap();
        assert!(!template.contains("LogDriver"), "{template}");
    }

    #[test]
    fn times_print_in_utc_from_the_epoch_with_gos_trimmed_fractions() {
        assert_eq!(rfc3339(SimTime::ZERO), "2023-11-01T00:00:00Z");
        assert_eq!(
            rfc3339(SimTime::from_millis(86_400_000 * 30 + 1_500)),
            "2023-12-01T00:00:01.5Z"
        );
        assert_eq!(rfc3339(SimTime::from_millis(21_990)), "2023-11-01T00:00:21.99Z");
        assert_eq!(rfc3339(SimTime::from_millis(3_007)), "2023-11-01T00:00:03.007Z");
        assert_eq!(go_time(SimTime::ZERO), "2023-11-01 00:00:00 +0000 utc");
        assert_eq!(go_time(SimTime::from_millis(250)), "2023-11-01 00:00:00.25 +0000 utc");
    }

    #[test]
    fn platforms_follow_the_manifest_lists_and_vips_the_ingress_subnet() {
        assert_eq!(platforms("nginx").len(), 8);
        assert_eq!(platforms("docker.io/library/nginx:1.25@sha256:ab")[1], ("", "linux"));
        assert_eq!(platforms("mysql:5.6"), [("amd64", "linux")]);
        assert_eq!(platforms("mysql"), [("amd64", "linux"), ("arm64", "linux")]);
        assert_eq!(platforms("localhost:5000/app"), [("amd64", "linux")]);
        assert_eq!(ingress_address(0), "10.0.0.2/24");
        assert_eq!(ingress_address(253), "10.0.0.2/24", "serial allocation wraps round");
    }

    #[test]
    fn digests_are_stable_and_64_hex_digits() {
        let digest = image_digest("nginx:latest");
        assert_eq!(digest.len(), 64);
        assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(digest, image_digest("nginx:latest"));
        assert_ne!(digest, image_digest("nginx:1.25"));
    }
}
