//! Placement constraints: `node.role==manager`, `node.labels.zone!=east`, ...
//!
//! SwarmKit `manager/constraint/constraint.go`: each expression is `key op value` with `op` one of
//! `==` and `!=`; the key must look like `^[a-z_][a-z0-9\-_.]+$` and the value may not contain
//! operator characters. Values compare case-insensitively; a missing label is the empty string;
//! an unknown key never matches. Written by hand: the error texts must be SwarmKit's.

use std::fmt;

use crate::node::Node;

/// The platform every simulated node reports (`docker info`: `linux`, `x86_64`).
pub const NODE_OS: &str = "linux";
pub const NODE_ARCH: &str = "x86_64";

/// One parsed placement constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    key: String,
    equal: bool,
    value: String,
}

fn key_is_valid(key: &str) -> bool {
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let rest: Vec<char> = chars.collect();
    first_ok
        && !rest.is_empty()
        && rest.iter().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
}

fn value_is_valid(value: &str) -> bool {
    !value.is_empty()
        && value.chars().all(|c| {
            c.is_ascii_alphanumeric() || c.is_whitespace() || ":-_.*()?+[]\\^$|/".contains(c)
        })
}

impl Constraint {
    /// Parses one expression, with SwarmKit's error texts.
    pub fn parse(expression: &str) -> Result<Constraint, String> {
        for (op, equal) in [("==", true), ("!=", false)] {
            let Some((key, value)) = expression.split_once(op) else { continue };
            let (key, value) = (key.trim(), value.trim());
            if !key_is_valid(key) {
                return Err(format!("key '{key}' is invalid"));
            }
            if !value_is_valid(value) {
                return Err(format!("value '{value}' is invalid"));
            }
            return Ok(Constraint { key: key.to_string(), equal, value: value.to_string() });
        }
        Err("constraint expected one operator from ==, !=".to_string())
    }

    /// Whether `node` satisfies this constraint (SwarmKit `NodeMatches`).
    pub fn matches(&self, node: &Node) -> bool {
        let lower = self.key.to_ascii_lowercase();
        let actual: String = match lower.as_str() {
            "node.id" => node.id.to_string(),
            "node.hostname" => node.hostname.clone(),
            "node.role" => node.role.as_str().to_string(),
            "node.platform.os" => NODE_OS.to_string(),
            "node.platform.arch" => NODE_ARCH.to_string(),
            _ => {
                if let Some(label) = self.key.strip_prefix("node.labels.") {
                    node.labels.get(label).cloned().unwrap_or_default()
                } else if self.key.starts_with("engine.labels.") {
                    // Simulated engines carry no labels.
                    String::new()
                } else {
                    return false;
                }
            }
        };
        actual.eq_ignore_ascii_case(&self.value) == self.equal
    }
}

impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.key, if self.equal { "==" } else { "!=" }, self.value)
    }
}

/// Whether `node` satisfies every constraint.
pub fn all_match(constraints: &[Constraint], node: &Node) -> bool {
    constraints.iter().all(|c| c.matches(node))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parse_errors_are_swarmkits() {
        assert_eq!(
            Constraint::parse("node.role=manager").unwrap_err(),
            "constraint expected one operator from ==, !="
        );
        assert_eq!(Constraint::parse("1node==x").unwrap_err(), "key '1node' is invalid");
        assert_eq!(Constraint::parse("node.role==a>b").unwrap_err(), "value 'a>b' is invalid");
        let c = Constraint::parse(" node.labels.zone != East ").unwrap();
        assert_eq!(c.to_string(), "node.labels.zone!=East");
    }
}
