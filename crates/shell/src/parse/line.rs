//! Lines as learners paste them: prompts stripped (`$ `, `~ $ `, `user@host:~$ `,
//! `[root@host ~]# `, a `> ` continuation), `\` continuations joined, a leading `sudo`
//! dropped, then split into words as a POSIX shell splits them (quotes and escapes).

/// Collects physical lines until they make one command line.
#[derive(Debug, Clone, Default)]
pub struct LineBuffer {
    /// The physical lines so far, prompts stripped, each continued one still ending in `\`.
    pending: String,
}

/// What a physical line completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The line ended in `\`: more is needed (a shell would show its `> ` prompt).
    Incomplete,
    /// A whole command line as typed, prompts stripped, trimmed; its physical lines are kept
    /// (each continued one ends in `\`, then a newline) so it can be echoed as typed. May be
    /// empty. [`joined`] gives the line a shell runs.
    Complete(String),
}

impl LineBuffer {
    /// Adds one physical line (without its newline).
    pub fn push(&mut self, physical: &str) -> Line {
        let text = if self.pending.is_empty() {
            strip_prompt(physical)
        } else {
            strip_continuation_prompt(physical)
        };
        self.pending.push_str(text);
        if continues(text) {
            self.pending.push('\n');
            Line::Incomplete
        } else {
            Line::Complete(std::mem::take(&mut self.pending).trim().to_string())
        }
    }

    /// Whether a continuation is waiting for its next line.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// What the continued lines so far say, joined as a shell joins them but not trimmed:
    /// the start of the line the next physical line continues (empty when none is pending).
    pub fn pending_line(&self) -> String {
        join_physical(&self.pending)
    }
}

/// Whether a physical line ends in a `\` that continues it (not an escaped backslash).
fn continues(text: &str) -> bool {
    text.strip_suffix('\\').is_some_and(|head| !head.ends_with('\\'))
}

/// The line a shell runs for a command line as typed: each `\` and newline that continue a
/// physical line removed, then trimmed.
pub fn joined(typed: &str) -> String {
    join_physical(typed).trim().to_string()
}

/// Physical lines joined: each `\` and newline that continue a line removed, nothing trimmed.
fn join_physical(typed: &str) -> String {
    let mut line = String::with_capacity(typed.len());
    let mut physical = typed.split('\n').peekable();
    while let Some(text) = physical.next() {
        match text.strip_suffix('\\') {
            Some(head) if physical.peek().is_some() && continues(text) => line.push_str(head),
            _ => line.push_str(text),
        }
    }
    line
}

/// Drops a shell prompt pasted with the command: `$ `, `~ $ `, `∼ $ `, `user@host:~$ `,
/// `master1~:$ `, `[root@host ~]# `. A line starting with `# ` is a comment, not a root prompt.
pub fn strip_prompt(line: &str) -> &str {
    let line = line.trim_start();
    if line.starts_with('[')
        && let Some(end) = line.find("]# ").or_else(|| line.find("]$ "))
    {
        return line[end + 3..].trim_start();
    }
    let mut words = line.splitn(2, ' ');
    let first = words.next().unwrap_or("");
    let rest = words.next().unwrap_or("");
    match first {
        "$" | ">" => return rest.trim_start(),
        "~" | "∼" if rest.starts_with("$ ") => return rest[2..].trim_start(),
        _ => {}
    }
    let prompt_like = first.len() > 1
        && (first.ends_with('$') || first.ends_with('#') || first.ends_with('>'))
        && first.contains(['@', ':', '~']);
    if prompt_like { rest.trim_start() } else { line }
}

/// A continuation line: a pasted `> ` prompt is dropped.
fn strip_continuation_prompt(line: &str) -> &str {
    let trimmed = line.trim_start();
    trimmed.strip_prefix("> ").unwrap_or(line)
}

/// Splits a command line into words as a POSIX shell does, after dropping a leading `sudo`.
/// `Ok(empty)` for a blank line or a comment.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    // A script's bytes that are not UTF-8 arrive as U+FFFD: the line is refused, not guessed at.
    if line.contains(char::REPLACEMENT_CHARACTER) {
        return Err(format!(
            "syntax error: the line is not valid UTF-8 (its bad bytes show as {})",
            char::REPLACEMENT_CHARACTER
        ));
    }
    let Some(mut words) = shlex::split(line) else {
        return Err("syntax error: unterminated quoted string".to_string());
    };
    if words.first().is_some_and(|w| w == "sudo") {
        words.remove(0);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn prompts_from_the_seeds_are_stripped() {
        for line in [
            "$ docker service ls",
            "~ $ docker service ls",
            "∼ $ docker service ls",
            "docker@default:~$ docker service ls",
            "ubuntu@aws-node1:~$ docker service ls",
            "master1~:$ docker service ls",
            "[root@8db084e9c882 ~]# docker service ls",
            "  $ docker service ls",
            "docker service ls",
        ] {
            assert_eq!(strip_prompt(line), "docker service ls", "{line}");
        }
        assert_eq!(strip_prompt("# a comment"), "# a comment");
    }

    #[test]
    fn continuations_join_and_sudo_goes() {
        let mut buffer = LineBuffer::default();
        assert_eq!(buffer.push("∼ $ docker service create \\"), Line::Incomplete);
        assert!(buffer.is_pending());
        assert_eq!(buffer.pending_line(), "docker service create ");
        assert_eq!(buffer.push(">   --name mysql \\"), Line::Incomplete);
        let typed = "docker service create \\\n  --name mysql \\\n  mysql:5.6";
        assert_eq!(buffer.push("  mysql:5.6"), Line::Complete(typed.into()));
        assert!(!buffer.is_pending());
        assert_eq!(joined(typed), "docker service create   --name mysql   mysql:5.6");
        // An escaped backslash ends the line; a lone `\` continues it.
        assert_eq!(buffer.push("echo a\\\\"), Line::Complete("echo a\\\\".into()));
        assert_eq!(buffer.push("\\"), Line::Incomplete);
        assert_eq!(buffer.push("ls"), Line::Complete("\\\nls".into()));
        assert_eq!(joined("\\\nls"), "ls");
        let words =
            split_words("sudo docker service create --name ping alpine ping docker.com").unwrap();
        assert_eq!(words[0], "docker");
        assert_eq!(words.len(), 8);
    }

    #[test]
    fn quotes_and_escapes_split_like_a_shell() {
        assert_eq!(
            split_words("docker service update --env-add MYSQL_USER='mysql' \"a b\" c\\ d")
                .unwrap(),
            ["docker", "service", "update", "--env-add", "MYSQL_USER=mysql", "a b", "c d"]
        );
        assert!(split_words("echo 'unterminated").is_err());
        assert_eq!(split_words("# comment").unwrap(), Vec::<String>::new());
    }
}
