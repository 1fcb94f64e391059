//! Tab completion: what could come next in a line being typed, as bash with docker's own
//! completion script offers it. The first word (`docker`, `sim`, `sleep`), docker's command
//! groups and subcommands, the flags of the command at hand, the choices a flag lists, and the
//! live swarm's names: services (`web=` for `docker service scale`), node hostnames, task
//! names (`web.1`) and the image catalog's references.
//!
//! Pure: the line so far and the swarm's snapshot in, candidates out. Commands and flags come
//! from the command table (`parse::commands`), a flag's choices from its usage text (where
//! docker lists them: `("pause", "continue", "rollback")`); words are read with the shell's
//! own splitting (`parse::line`, shlex). It does not edit the line: a front end applies the
//! `Completion` it gets (`Completion::apply` is what one Tab does).

use std::cell::OnceCell;
use std::ops::Range;

use swarm_core::image::ImageCatalog;
use swarm_core::{NodeRole, Snapshot, TaskState};

use crate::docker::engine::INSPECT_TYPES;
use crate::natural_cmp;
use crate::parse::commands::{self, COMMANDS, CommandDef, Verb};
use crate::parse::flags::{Flag, Kind};
use crate::parse::line::strip_prompt;

/// What Tab can put in place of the word being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// The bytes of the text that the candidates replace: the word being typed, to the end of
    /// the text (after the `=` of a `--flag=value`). Empty at the start of a new word.
    pub range: Range<usize>,
    /// The word typed so far, unquoted: every candidate starts with it.
    pub word: String,
    /// What could go there, in natural order (`web.2` before `web.10`), each once. A candidate
    /// ending in `=` is a word begun, not a whole one (`web=` for `docker service scale`).
    pub candidates: Vec<String>,
}

impl Completion {
    /// The longest start all candidates share (empty if there are none).
    pub fn common_prefix(&self) -> &str {
        let Some((first, rest)) = self.candidates.split_first() else { return "" };
        let mut len = first.len();
        for other in rest {
            len = first[..len]
                .char_indices()
                .zip(other.chars())
                .find(|((_, a), b)| a != b)
                .map_or(len.min(other.len()), |((at, _), _)| at);
        }
        &first[..len]
    }

    /// What one Tab makes of `text` (the text the completion was asked for): the word replaced
    /// by the only candidate and a space (no space after a word begun, `web=`), or extended to
    /// what all candidates share. `None` when that changes nothing: then a second Tab lists
    /// the candidates.
    pub fn apply(&self, text: &str) -> Option<String> {
        let replacement = match self.candidates.as_slice() {
            [] => return None,
            [only] if only.ends_with('=') => only.clone(),
            [only] => format!("{only} "),
            _ => {
                let shared = self.common_prefix();
                if shared.len() <= self.word.len() {
                    return None;
                }
                shared.to_string()
            }
        };
        let typed = text.get(self.range.clone())?;
        if replacement == typed {
            return None;
        }
        Some(format!("{}{replacement}{}", &text[..self.range.start], &text[self.range.end..]))
    }
}

/// The swarm's names a completion may offer, read from its snapshot, taken only if a name is
/// wanted (a command or a flag needs none).
struct Names<'a> {
    take_snapshot: &'a dyn Fn() -> Snapshot,
    snapshot: OnceCell<Snapshot>,
    images: &'a ImageCatalog,
}

impl Names<'_> {
    fn snapshot(&self) -> &Snapshot {
        self.snapshot.get_or_init(self.take_snapshot)
    }

    fn services(&self) -> Vec<String> {
        self.snapshot().services.iter().map(|s| s.name.clone()).collect()
    }

    /// Hostnames of the nodes `keep` accepts.
    fn nodes(&self, keep: impl Fn(&swarm_core::NodeView) -> bool) -> Vec<String> {
        self.snapshot().nodes.iter().filter(|n| keep(n)).map(|n| n.hostname.clone()).collect()
    }

    /// Names of the tasks in the snapshot (`web.1`); with `current_only`, of those the swarm
    /// wants running (a slot's newest task).
    fn tasks(&self, current_only: bool) -> Vec<String> {
        let tasks = self.snapshot().tasks.iter();
        tasks
            .filter(|t| !current_only || t.desired == TaskState::Running)
            .map(|t| t.name())
            .collect()
    }

    fn images(&self) -> Vec<String> {
        self.images.iter().map(|i| i.reference.clone()).collect()
    }
}

/// What Tab completes at the end of `text`, the physical line typed so far: `pending` is what
/// a `\` continuation holds before it (empty for a line of its own), `snapshot` and `images`
/// the swarm whose names are offered.
pub(crate) fn complete(
    pending: &str,
    text: &str,
    snapshot: &dyn Fn() -> Snapshot,
    images: &ImageCatalog,
) -> Completion {
    let none = Completion { range: text.len()..text.len(), ..Completion::default() };
    // A pasted prompt is dropped, as the shell drops it; only on a line's first physical line.
    let typed = if pending.is_empty() { strip_prompt(text) } else { text };
    let offset = text.len() - typed.len();
    let line = format!("{pending}{typed}");
    let Some((words, word, start)) = words_before(&line) else { return none };
    // From `line` back to `text`. A word begun on an earlier physical line is not this line's
    // to replace.
    let Some(start) = start.checked_sub(pending.len()).map(|at| at + offset) else { return none };
    let mut words = words.as_slice();
    if words.first().is_some_and(|w| w == "sudo") {
        words = &words[1..];
    }
    let names = Names { take_snapshot: snapshot, snapshot: OnceCell::new(), images };
    let (skip, mut candidates) = match suggest(words, &word, &names) {
        Some(Suggestion::Words(candidates)) => (0, candidates),
        // `--flag=value`: the value is completed, written as typed (no quotes to account for).
        Some(Suggestion::AfterEquals(at, candidates)) if text[start..] == word => (at, candidates),
        _ => return none,
    };
    let word = word[skip..].to_string();
    candidates.retain(|c| c.starts_with(&word));
    swarm_core::sort::sort_by(&mut candidates, |a, b| natural_cmp(a, b));
    candidates.dedup();
    Completion { range: start + skip..text.len(), word, candidates }
}

/// The words before the one being typed, that word (unquoted, perhaps empty) and the byte
/// where it starts in `line`; `None` inside an open quote or a comment.
fn words_before(line: &str) -> Option<(Vec<String>, String, usize)> {
    let mut words = shlex::split(line)?;
    // What one more letter would do tells where the line stands: start a word, or extend one.
    let probe = shlex::split(&format!("{line}x"))?;
    if probe.len() == words.len() + 1 && probe.last().is_some_and(|w| w == "x") {
        return Some((words, String::new(), line.len()));
    }
    let word = words.pop()?;
    if probe.len() != words.len() + 1 || probe.last() != Some(&format!("{word}x")) {
        return None;
    }
    // Where the word starts as written (quotes and escapes included): the shortest tail of the
    // line that starts after a blank and splits into just that word. Quotes and escapes at most
    // triple a word, so the search stops there, however long the line.
    let longest = 3 * word.len() + 2;
    let start = line
        .char_indices()
        .rev()
        .map(|(at, _)| at)
        .take_while(|&at| line.len() - at <= longest)
        .filter(|&at| at == 0 || line[..at].ends_with(char::is_whitespace))
        .filter(|&at| !line[at..].starts_with(char::is_whitespace))
        .find(|&at| shlex::split(&line[at..]).is_some_and(|tail| tail == [word.as_str()]))?;
    Some((words, word, start))
}

/// Candidates before they are matched against the word typed.
enum Suggestion {
    /// For the whole word.
    Words(Vec<String>),
    /// For what follows the word's first `=`, at this byte of it (`--image=`).
    AfterEquals(usize, Vec<String>),
}

/// What could stand where `word` is, after `words` (`sudo` dropped).
fn suggest(words: &[String], word: &str, names: &Names<'_>) -> Option<Suggestion> {
    let Some((def, taken)) = commands::lookup(words) else {
        // Within the command paths: the next word of every command the words begin.
        if word.starts_with('-') {
            return (!words.is_empty()).then(|| Suggestion::Words(vec!["--help".to_string()]));
        }
        let next: Vec<String> = COMMANDS
            .iter()
            .filter_map(|def| {
                let path: Vec<&str> = def.path.split(' ').collect();
                let begun = path.len() > words.len() && path.iter().zip(words).all(|(p, w)| p == w);
                begun.then(|| path[words.len()].to_string())
            })
            .collect();
        return (!next.is_empty()).then_some(Suggestion::Words(next));
    };
    let walk = walk_flags(def, &words[taken..]);
    if let Some(flag) = walk.value_of {
        return Some(Suggestion::Words(flag_values(def, flag, names)));
    }
    if word.starts_with('-') && !walk.flags_done {
        if let Some(eq) = word.find('=') {
            let flag = def.flags.iter().find(|f| word[..eq].strip_prefix("--") == Some(f.long))?;
            return Some(Suggestion::AfterEquals(eq + 1, flag_values(def, flag, names)));
        }
        let mut flags: Vec<String> = def.flags.iter().map(|f| format!("--{}", f.long)).collect();
        flags.push("--help".to_string());
        return Some(Suggestion::Words(flags));
    }
    Some(Suggestion::Words(arguments(def, walk.positional, names)))
}

/// Where the words after a command's path leave its flags.
struct Walk {
    /// Positional arguments before the word being typed.
    positional: usize,
    /// The flag whose value the word being typed is.
    value_of: Option<&'static Flag>,
    /// `--`, or an argument of a command whose flags end there (`service create`'s image).
    flags_done: bool,
}

/// Reads `args` as pflag would, leniently: an unknown flag is taken for a boolean, and a value
/// is not checked.
fn walk_flags(def: &'static CommandDef, args: &[String]) -> Walk {
    let mut walk = Walk { positional: 0, value_of: None, flags_done: false };
    let takes_value = |flag: &&Flag| flag.kind != Kind::Bool;
    for arg in args {
        if walk.value_of.take().is_some() {
            continue;
        }
        if walk.flags_done || arg == "-" || !arg.starts_with('-') {
            walk.positional += 1;
            walk.flags_done |= !def.interspersed;
            continue;
        }
        if arg == "--" {
            walk.flags_done = true;
        } else if let Some(long) = arg.strip_prefix("--") {
            if !long.contains('=') {
                walk.value_of = def.flags.iter().find(|f| f.long == long).filter(takes_value);
            }
        } else {
            // Clustered shorthands (`-dq`): a flag that takes a value takes the rest of the
            // word, or the next word when it comes last.
            let shorthands = &arg[1..];
            for (at, c) in shorthands.char_indices() {
                let flag = def.flags.iter().find(|f| f.short == Some(c)).filter(takes_value);
                if flag.is_some() {
                    if at + c.len_utf8() == shorthands.len() {
                        walk.value_of = flag;
                    }
                    break;
                }
            }
        }
    }
    walk
}

/// The values a flag may take, where the swarm or the flag's usage says: the catalog's images
/// for `--image`, services and nodes for `sim events`, docker's types for `inspect --type`,
/// and the choices the usage lists (`--availability`, `--update-order`, …).
fn flag_values(def: &CommandDef, flag: &Flag, names: &Names<'_>) -> Vec<String> {
    match (def.verb, flag.long) {
        (_, "image") => names.images(),
        (Verb::SimEvents, "service") => names.services(),
        (Verb::SimEvents, "node") => names.nodes(|_| true),
        (Verb::DockerInspect, "type") => INSPECT_TYPES.iter().map(|t| t.to_string()).collect(),
        _ => quoted_choices(flag.usage),
    }
}

/// The choices a usage text lists in docker's way, `("pause", "continue", "rollback")`: two or
/// more quoted words in parentheses (a lone example such as `("key=value")` is no choice).
fn quoted_choices(usage: &str) -> Vec<String> {
    let Some(open) = usage.find("(\"") else { return Vec::new() };
    let Some(len) = usage[open..].find("\")") else { return Vec::new() };
    let choices: Vec<&str> = usage[open + 2..open + len].split("\", \"").collect();
    let words = choices.iter().all(|c| !c.is_empty() && !c.contains(['"', ' ', '=', ':']));
    if choices.len() < 2 || !words {
        return Vec::new();
    }
    choices.into_iter().map(String::from).collect()
}

/// The choices a usage line lists for an argument, `(worker|manager)`.
fn usage_choices(usage: &str) -> Vec<String> {
    let Some(open) = usage.find('(') else { return Vec::new() };
    let Some(len) = usage[open..].find(')') else { return Vec::new() };
    let choices: Vec<&str> = usage[open + 1..open + len].split('|').collect();
    if choices.len() < 2 || choices.iter().any(|c| !c.bytes().all(|b| b.is_ascii_lowercase())) {
        return Vec::new();
    }
    choices.into_iter().map(String::from).collect()
}

/// The positional argument number `index` (from 0) of a command: the swarm's names it takes.
fn arguments(def: &CommandDef, index: usize, names: &Names<'_>) -> Vec<String> {
    let first = index == 0;
    match def.verb {
        Verb::ServiceCreate if first => names.images(),
        Verb::ServiceUpdate | Verb::ServiceRollback if first => names.services(),
        Verb::ServiceInspect | Verb::ServicePs | Verb::ServiceRm => names.services(),
        Verb::ServiceLogs if first => {
            let mut all = names.services();
            all.extend(names.tasks(false));
            all
        }
        Verb::ServiceScale => names.services().into_iter().map(|s| format!("{s}=")).collect(),
        Verb::NodePs | Verb::NodeRm => names.nodes(|_| true),
        Verb::NodeUpdate if first => names.nodes(|_| true),
        // As its usage says: `self|NODE`.
        Verb::NodeInspect => {
            let mut all = names.nodes(|_| true);
            all.push("self".to_string());
            all
        }
        Verb::NodePromote => names.nodes(|n| n.role == NodeRole::Worker),
        Verb::NodeDemote => names.nodes(|n| n.role == NodeRole::Manager),
        Verb::DockerInspect => {
            let mut all = names.services();
            all.extend(names.nodes(|_| true));
            all.extend(names.tasks(false));
            all
        }
        Verb::SimNodeKill if first => names.nodes(|n| n.powered),
        Verb::SimNodeStart if first => names.nodes(|n| !n.powered),
        Verb::SimUse if first => names.nodes(|_| true),
        Verb::SimTaskFail if first => names.tasks(true),
        Verb::SimImageAdd if first => names.images(),
        _ if first => usage_choices(def.usage),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, Session};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The tutorials' lab with `web` (4 replicas), `whoami` (global) and worker2 powered off.
    fn session() -> Session {
        let mut session = Session::new(Scenario::default(), 1);
        session
            .run_script(
                "docker service create -d --name web --replicas 4 nginx:latest\n\
                 docker service create -d --name whoami --mode global alpine ping docker.com\n\
                 sleep 10\n\
                 sim node kill worker2\n",
            )
            .unwrap();
        session
    }

    #[test]
    fn candidates_for_each_kind_of_word() {
        let session = session();
        // (text, the candidates Tab offers for its last word)
        let cases: &[(&str, &str)] = &[
            ("", "docker sim sleep"),
            ("s", "sim sleep"),
            ("sudo d", "docker"),
            ("$ docker s", "service swarm"),
            ("docker ", "info inspect node ps service swarm version"),
            ("docker service ", "create inspect logs ls ps rm rollback scale update"),
            ("docker service sc", "scale"),
            ("docker service scale ", "web= whoami="),
            ("docker service scale web=2 w", "web= whoami="),
            ("docker service scale web=", "web="),
            ("docker service ps w", "web whoami"),
            ("docker service update --image ng", "nginx:1.12.2 nginx:1.24 nginx:1.25 nginx:latest"),
            ("docker service update --image=nginx:l", "nginx:latest"),
            ("docker service update --update-order ", "start-first stop-first"),
            ("docker service update --update-failure-action c", "continue"),
            ("docker service update --label-add ", ""),
            ("docker service update -d --replicas 3 w", "web whoami"),
            ("docker service update --update-para", "--update-parallelism"),
            ("docker service update web ", ""),
            (
                "docker service create --name x --re",
                "--read-only --replicas --replicas-max-per-node --reserve-cpu --reserve-memory --restart-condition --restart-delay --restart-max-attempts --restart-window",
            ),
            ("docker service create --mode ", "global global-job replicated replicated-job"),
            ("docker service create redis:7 --", ""),
            ("docker service logs web.", "web.1 web.2 web.3 web.4"),
            ("docker service rm --h", "--help"),
            ("docker node update --availability ", "active drain pause"),
            ("docker node update --role m", "manager"),
            ("docker node inspect ", "manager1 self worker1 worker2"),
            ("docker node promote ", "worker1 worker2"),
            ("docker node demote ", "manager1"),
            ("docker node ls -", "--filter --format --help --quiet"),
            ("docker node ls -q ", ""),
            ("docker swarm join-token ", "manager worker"),
            ("docker inspect --type s", "secret service"),
            ("docker inspect we", "web web.1 web.2 web.3 web.4"),
            ("docker inspect wo", "worker1 worker2"),
            ("docker frobnicate ", ""),
            ("docker service frob", ""),
            ("sim ", "events export help image node rewind step task time use"),
            ("sim node ", "add kill start"),
            ("sim node kill ", "manager1 worker1"),
            ("sim node start ", "worker2"),
            ("sim use w", "worker1 worker2"),
            ("sim task fail web.", "web.1 web.2 web.3 web.4"),
            ("sim events --node m", "manager1"),
            ("sim events --service ", "web whoami"),
            ("sim image add --exit-code 1 nginx:1.2", "nginx:1.24 nginx:1.25"),
            ("sleep ", ""),
            ("ls ", ""),
            ("docker service ps 'we", ""),
            ("docker service ls # s", ""),
        ];
        for (text, expected) in cases {
            let got = session.complete(text).candidates.join(" ");
            assert_eq!(got, *expected, "completing {text:?}");
        }
    }

    #[test]
    fn the_word_replaced_and_what_one_tab_makes_of_it() {
        let session = session();
        // (text, the range replaced, the text after one Tab)
        let cases: &[(&str, Range<usize>, Option<&str>)] = &[
            ("docker service sc", 15..17, Some("docker service scale ")),
            ("docker service scale w", 21..22, None),
            ("docker service scale we", 21..23, Some("docker service scale web=")),
            ("docker service scale web=", 21..25, None),
            ("docker service ps w", 18..19, None),
            ("docker service ps we", 18..20, Some("docker service ps web ")),
            (
                "docker service update --update-f",
                22..32,
                Some("docker service update --update-failure-action "),
            ),
            (
                "docker service update --image=nginx:l",
                30..37,
                Some("docker service update --image=nginx:latest "),
            ),
            ("docker service create --rese", 22..28, Some("docker service create --reserve-")),
            (
                "manager1:~$ docker node ls --fo",
                27..31,
                Some("manager1:~$ docker node ls --format "),
            ),
            ("docker service ps \"we", 21..21, None),
            ("docker  service ps  we", 20..22, Some("docker  service ps  web ")),
            ("docker service ps 'w'e", 18..22, Some("docker service ps web ")),
            ("docker service ps \"we\"", 18..22, Some("docker service ps web ")),
            ("docker service ps we\\b", 18..22, Some("docker service ps web ")),
            ("sim use ", 8..8, None),
            ("sim use worker1", 8..15, Some("sim use worker1 ")),
            ("", 0..0, None),
        ];
        for (text, range, applied) in cases {
            let completion = session.complete(text);
            assert_eq!(completion.range, *range, "the word of {text:?}");
            assert_eq!(completion.apply(text).as_deref(), *applied, "one Tab on {text:?}");
        }
    }

    #[test]
    fn a_continued_line_completes_with_what_it_continues() {
        let mut session = session();
        session.type_text("docker service \\").unwrap();
        assert_eq!(session.prompt(), "> ");
        let completion = session.complete("sc");
        assert_eq!(completion.candidates, ["scale"]);
        assert_eq!(completion.apply("sc").as_deref(), Some("scale "));
        assert_eq!(session.complete("scale w").candidates, ["web=", "whoami="]);
        session.type_text("").unwrap();
        session.type_text("docker ser\\").unwrap();
        assert_eq!(
            session.complete("").candidates,
            Vec::<String>::new(),
            "a word split over lines"
        );
    }

    #[test]
    fn every_prefix_of_odd_lines_completes_within_itself() {
        let session = session();
        let lines = [
            "$ sudo docker service update --image=nginx:l --env-add A='b c' -dq web",
            "docker service scale web=3 \"wh\"o\\ ami= ∼ é--ré=ü # x",
            "[root@h ~]# docker node ls -f \"name=w\" --format '{{.ID}}' \\ ",
            "sim events --node=manager1 --service= --since 1m -- x",
        ];
        for line in lines {
            for (end, _) in line.char_indices() {
                let text = &line[..end];
                let completion = session.complete(text);
                assert!(completion.range.end == text.len(), "{text:?}");
                assert!(text.is_char_boundary(completion.range.start), "{text:?}");
                assert!(completion.candidates.iter().all(|c| c.starts_with(&completion.word)));
                if let Some(applied) = completion.apply(text) {
                    assert!(applied.starts_with(&text[..completion.range.start]), "{text:?}");
                    assert_ne!(applied, text);
                }
            }
        }
    }

    #[test]
    fn common_prefix_of_the_candidates() {
        let completion = |candidates: &[&str]| Completion {
            candidates: candidates.iter().map(|c| c.to_string()).collect(),
            ..Completion::default()
        };
        assert_eq!(completion(&[]).common_prefix(), "");
        assert_eq!(completion(&["web"]).common_prefix(), "web");
        assert_eq!(completion(&["web", "whoami"]).common_prefix(), "w");
        assert_eq!(completion(&["web", "web-2"]).common_prefix(), "web");
        assert_eq!(completion(&["né", "nö"]).common_prefix(), "n");
    }

    #[test]
    fn choices_come_from_usage_texts() {
        assert_eq!(
            quoted_choices(
                "Update order (\"start-first\", \"stop-first\") (default \"stop-first\")"
            ),
            ["start-first", "stop-first"]
        );
        assert!(quoted_choices("Add or update a node label (\"key=value\")").is_empty());
        assert!(quoted_choices("Add a custom host-to-IP mapping (\"host:ip\")").is_empty());
        assert!(quoted_choices("Endpoint mode (vip or dnsrr) (default \"vip\")").is_empty());
        assert_eq!(usage_choices("[OPTIONS] (worker|manager)"), ["worker", "manager"]);
        assert!(usage_choices("[OPTIONS] SERVICE|TASK").is_empty());
    }
}
