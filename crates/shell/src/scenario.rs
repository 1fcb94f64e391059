//! Scenarios: the swarm a session starts with (its nodes) and which docker CLI's words it
//! speaks, as `swarm --scenario FILE` reads them.

use swarm_core::{CommandError, Config, NodeRole, limits};

use crate::Dialect;
use crate::parse::commands::SIM_NODE_ADD;
use crate::parse::{flags, values};

/// Scenario files larger than this are refused.
pub const SCENARIO_BYTES_MAX: usize = 64 * 1024;

/// The starting swarm and the CLI dialect a scenario file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub config: Config,
    pub dialect: Dialect,
}

impl Default for Scenario {
    /// The tutorials' lab (manager1, worker1, worker2) speaking Docker 24.
    fn default() -> Scenario {
        Scenario { config: Config::default(), dialect: Dialect::Docker24 }
    }
}

impl Scenario {
    /// Reads a scenario file:
    ///
    /// ```text
    /// # comments and blank lines are ignored
    /// docker-version 29                     # 24 (default) or 29: which docker CLI's words
    /// node manager1 --role manager          # nodes in join order; the first manager leads
    /// node worker1 --cpus 4 --memory 8g --label zone=a
    /// ```
    ///
    /// Without `node` lines the swarm is the tutorials' lab (manager1, worker1, worker2).
    pub fn parse(text: &str) -> Result<Scenario, String> {
        parse(text)
    }
}

fn parse(text: &str) -> Result<Scenario, String> {
    if text.len() > SCENARIO_BYTES_MAX {
        return Err(format!(
            "the scenario is {} KiB; the playground reads at most {} KiB",
            text.len().div_ceil(1024),
            SCENARIO_BYTES_MAX / 1024
        ));
    }
    let mut setup = Scenario { config: Config { nodes: Vec::new() }, dialect: Dialect::Docker24 };
    for (number, line) in text.lines().enumerate() {
        let at = |message: String| format!("line {}: {message}", number + 1);
        let words = crate::parse::line::split_words(line).map_err(at)?;
        let Some(first) = words.first() else { continue };
        match first.as_str() {
            "docker-version" => {
                setup.dialect = match words.get(1).map(String::as_str) {
                    Some("24") if words.len() == 2 => Dialect::Docker24,
                    Some("29") if words.len() == 2 => Dialect::Docker29,
                    _ => return Err(at("docker-version takes 24 or 29".to_string())),
                };
            }
            "node" => {
                let parsed = flags::parse(SIM_NODE_ADD.flags, &words[1..], true).map_err(at)?;
                let [hostname] = parsed.args.as_slice() else {
                    return Err(at("node takes one HOSTNAME".to_string()));
                };
                if setup.config.nodes.iter().any(|n| n.hostname == *hostname) {
                    return Err(at(format!("node {hostname} is listed twice")));
                }
                if setup.config.nodes.len() >= limits::NODES_MAX {
                    let error = CommandError::TooLarge(format!("{} nodes", limits::NODES_MAX));
                    return Err(at(format!("Error response from daemon: {error}")));
                }
                let role = match parsed.value("role").unwrap_or("worker") {
                    "worker" => NodeRole::Worker,
                    "manager" => NodeRole::Manager,
                    other => return Err(at(format!("invalid role \"{other}\""))),
                };
                let mut node = Config::lab_node(hostname, role);
                if let Some(cpus) = parsed.value("cpus") {
                    node.resources.nano_cpus = u64::try_from(values::parse_cpus(cpus).map_err(at)?)
                        .map_err(|_| at(format!("invalid --cpus \"{cpus}\"")))?;
                }
                if let Some(memory) = parsed.value("memory") {
                    node.resources.memory_bytes =
                        values::parse_ram_in_bytes(memory).map_err(at)?.max(0) as u64;
                }
                for label in parsed.values("label") {
                    let (key, value) = values::parse_label(label).map_err(at)?;
                    node.labels.insert(key, value);
                }
                setup.config.nodes.push(node);
            }
            other => {
                return Err(at(format!(
                    "unknown setting \"{other}\" (use node or docker-version)"
                )));
            }
        }
    }
    if setup.config.nodes.is_empty() {
        setup.config = Config::default();
    }
    Ok(setup)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn scenarios_describe_nodes_and_dialect() {
        let setup = Scenario::parse(
            "# lab\ndocker-version 29\nnode m1 --role manager\nnode w1 --cpus 4 --memory 8g --label zone=a\n",
        )
        .unwrap();
        assert_eq!(setup.dialect, Dialect::Docker29);
        assert_eq!(setup.config.nodes.len(), 2);
        assert_eq!(setup.config.nodes[1].resources.nano_cpus, 4_000_000_000);
        assert_eq!(setup.config.nodes[1].labels["zone"], "a");
        assert_eq!(Scenario::parse("").unwrap(), Scenario::default());
        assert_eq!(
            Scenario::parse("frob").unwrap_err(),
            "line 1: unknown setting \"frob\" (use node or docker-version)"
        );
        assert_eq!(
            Scenario::parse("node a\nnode a").unwrap_err(),
            "line 2: node a is listed twice"
        );
        assert!(
            Scenario::parse("node a --cpus x").unwrap_err().starts_with("line 1: invalid argument")
        );
    }
}
