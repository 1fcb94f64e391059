//! Lines as learners paste them: prompts stripped (`$ `, `~ $ `, `user@host:~$ `,
//! `[root@host ~]# `, a `> ` continuation), `\` continuations joined, a leading `sudo`
//! dropped, then split into words as a POSIX shell splits them (quotes and escapes).

/// Collects physical lines until they make one command line.
#[derive(Debug, Clone, Default)]
pub struct LineBuffer {
    pending: String,
}

/// What a physical line completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// The line ended in `\`: more is needed (a shell would show its `> ` prompt).
    Incomplete,
    /// A whole command line, prompts stripped and continuations joined; may be empty.
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
        match text.strip_suffix('\\') {
            Some(head) if !head.ends_with('\\') => {
                self.pending.push_str(head);
                Line::Incomplete
            }
            _ => {
                self.pending.push_str(text);
                Line::Complete(std::mem::take(&mut self.pending).trim().to_string())
            }
        }
    }

    /// Whether a continuation is waiting for its next line.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }
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
        assert_eq!(buffer.push(">   --name mysql \\"), Line::Incomplete);
        assert_eq!(
            buffer.push("  mysql:5.6"),
            Line::Complete("docker service create   --name mysql   mysql:5.6".into())
        );
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
