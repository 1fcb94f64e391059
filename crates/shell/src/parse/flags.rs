//! Flag parsing as docker's cobra/pflag does it: `--flag value`, `--flag=value`, `-d`,
//! clustered shorthands (`-dq`), `-eKEY=V`, `--` and non-interspersed commands, with pflag's
//! error texts. Each value is checked as it is read, in order, as pflag's `Set` checks it.
//!
//! Written by hand because the texts must be pflag's byte for byte; a general argument parser
//! would word its errors its own way.

use crate::parse::values;

/// What a flag takes, and how its value is checked. The name is what `--help` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    String,
    /// A repeatable string (`list`).
    List,
    Duration,
    /// `uint` (base-prefix aware, as `Uint64Opt`).
    Uint,
    /// `uint64` (pflag's own, base 0 too).
    Uint64,
    Int,
    Float,
    /// `bytes`: `units.RAMInBytes`.
    Bytes,
    /// `decimal`: `opts.NanoCPUs`.
    Decimal,
    Env,
    Label,
    Port,
    Mount,
    Pref,
    Filter,
    /// `command`: a shell-split string (`--args`, `--entrypoint`).
    Command,
}

impl Kind {
    /// The type name `--help` prints after the flag.
    fn type_name(self) -> &'static str {
        match self {
            Kind::Bool => "",
            Kind::String => "string",
            Kind::Command => "command",
            Kind::List | Kind::Env | Kind::Label => "list",
            Kind::Duration => "duration",
            Kind::Uint => "uint",
            Kind::Uint64 => "uint64",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Bytes => "bytes",
            Kind::Decimal => "decimal",
            Kind::Port => "port",
            Kind::Mount => "mount",
            Kind::Pref => "pref",
            Kind::Filter => "filter",
        }
    }

    /// pflag's `Set`: checks one value, returning docker's cause on failure.
    fn check(self, value: &str) -> Result<(), String> {
        match self {
            Kind::Bool => parse_bool(value).map(drop),
            Kind::String | Kind::List | Kind::Command => Ok(()),
            Kind::Duration => values::parse_go_duration(value).map(drop),
            Kind::Uint | Kind::Uint64 => values::parse_go_uint(value, true).map(drop),
            Kind::Int => values::parse_go_int(value).map(drop),
            Kind::Float => values::parse_go_float(value, 32).map(drop),
            Kind::Bytes => values::parse_ram_in_bytes(value).map(drop),
            Kind::Decimal => values::parse_cpus(value).map(drop),
            Kind::Env => values::parse_env(value).map(drop),
            Kind::Label => values::parse_label(value).map(drop),
            Kind::Port => values::parse_port(value).map(drop),
            Kind::Mount => values::parse_mount(value).map(drop),
            Kind::Pref => values::parse_placement_pref(value).map(drop),
            Kind::Filter => values::parse_filter(value).map(drop),
        }
    }
}

/// Go's `strconv.ParseBool`.
pub(crate) fn parse_bool(value: &str) -> Result<bool, String> {
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err(format!("strconv.ParseBool: parsing {}: invalid syntax", values::go_quote(value))),
    }
}

/// One flag of a command.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    /// What `--help` says, defaults included (`… (default 10s)`).
    pub usage: &'static str,
}

/// Shorthand for flag tables.
pub(crate) const fn flag(long: &'static str, kind: Kind, usage: &'static str) -> Flag {
    Flag { long, short: None, kind, usage }
}

impl Flag {
    pub(crate) const fn short(self, c: char) -> Flag {
        Flag { short: Some(c), ..self }
    }

    /// How pflag names the flag in errors: `-e, --env` or `--update-delay`.
    fn display(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.long),
            None => format!("--{}", self.long),
        }
    }
}

/// `--help`, which every command has.
const HELP: Flag = flag("help", Kind::Bool, "Print usage");

/// The flags given, in order, and the positional arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub flags: Vec<(&'static str, String)>,
    pub args: Vec<String>,
}

impl Parsed {
    /// Whether the flag was given (pflag's `Changed`).
    pub fn changed(&self, long: &str) -> bool {
        self.flags.iter().any(|(name, _)| *name == long)
    }

    /// The last value given for a flag.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(name, _)| *name == long).map(|(_, v)| v.as_str())
    }

    /// Every value given for a repeatable flag, in order.
    pub fn values<'a>(&'a self, long: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.flags.iter().filter(move |(name, _)| *name == long).map(|(_, v)| v.as_str())
    }

    /// A boolean flag's value (it was checked when parsed).
    pub fn bool(&self, long: &str) -> bool {
        self.value(long).is_some_and(|v| parse_bool(v) == Ok(true))
    }

    pub fn help(&self) -> bool {
        self.bool("help")
    }
}

/// Parses `words` against `flags`. With `interspersed` false (docker service create), the
/// first positional argument ends the flags: the rest is the container's command.
pub(crate) fn parse(
    flags: &[Flag],
    words: &[String],
    interspersed: bool,
) -> Result<Parsed, String> {
    let find_long = |name: &str| flags.iter().chain([&HELP]).find(|f| f.long == name).copied();
    let find_short =
        |c: char| flags.iter().find(|f| f.short == Some(c)).copied().or((c == 'h').then_some(HELP));
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            parsed.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(body) = word.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(flag) = find_long(name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let value = match (inline, flag.kind) {
                (Some(v), _) => v,
                (None, Kind::Bool) => "true".to_string(),
                (None, _) if i < words.len() => {
                    i += 1;
                    words[i - 1].clone()
                }
                (None, _) => return Err(format!("flag needs an argument: --{name}")),
            };
            set(&mut parsed, flag, value)?;
            continue;
        }
        if let Some(cluster) = word.strip_prefix('-').filter(|c| !c.is_empty()) {
            let chars: Vec<char> = cluster.chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(flag) = find_short(c) else {
                    return Err(format!("unknown shorthand flag: '{c}' in {word}"));
                };
                let rest: String = chars[j + 1..].iter().collect();
                if let Some(v) = rest.strip_prefix('=') {
                    set(&mut parsed, flag, v.to_string())?;
                    break;
                }
                if flag.kind == Kind::Bool {
                    set(&mut parsed, flag, "true".to_string())?;
                    j += 1;
                    continue;
                }
                let value = if !rest.is_empty() {
                    rest
                } else if i < words.len() {
                    i += 1;
                    words[i - 1].clone()
                } else {
                    return Err(format!("flag needs an argument: '{c}' in -{c}"));
                };
                set(&mut parsed, flag, value)?;
                break;
            }
            continue;
        }
        parsed.args.push(word.clone());
        if !interspersed {
            parsed.args.extend(words[i..].iter().cloned());
            break;
        }
    }
    Ok(parsed)
}

fn set(parsed: &mut Parsed, flag: Flag, value: String) -> Result<(), String> {
    flag.kind.check(&value).map_err(|cause| {
        format!(
            "invalid argument {} for {} flag: {cause}",
            values::go_quote(&value),
            values::go_quote(&flag.display())
        )
    })?;
    parsed.flags.push((flag.long, value));
    Ok(())
}

/// pflag's `FlagUsages`: the option lines of `--help`, aligned as docker aligns them.
pub(crate) fn usages(flags: &[Flag]) -> String {
    let mut sorted: Vec<Flag> = flags.to_vec();
    swarm_core::sort::sort_by_key(&mut sorted, |f| f.long);
    let lines: Vec<(String, String)> = sorted
        .iter()
        .map(|f| {
            let mut left = match f.short {
                Some(c) => format!("  -{c}, --{}", f.long),
                None => format!("      --{}", f.long),
            };
            let type_name = f.kind.type_name();
            if !type_name.is_empty() {
                left.push(' ');
                left.push_str(type_name);
            }
            (left, f.usage.to_string())
        })
        .collect();
    let width = lines.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (left, right) in lines {
        let pad = width - left.chars().count();
        out.push_str(&left);
        out.extend(std::iter::repeat_n(' ', pad + 3));
        out.push_str(&right);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const FLAGS: &[Flag] = &[
        flag("detach", Kind::Bool, "Exit immediately").short('d'),
        flag("quiet", Kind::Bool, "Suppress progress output").short('q'),
        flag("env", Kind::Env, "Set environment variables").short('e'),
        flag("replicas", Kind::Uint, "Number of tasks"),
        flag("update-delay", Kind::Duration, "Delay between updates (default 0s)"),
        flag("name", Kind::String, "Service name"),
    ];

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn long_short_clustered_and_inline_forms() {
        let p =
            parse(FLAGS, &words("--name web -dq -eA=1 -e B=2 --replicas=3 nginx"), false).unwrap();
        assert_eq!(p.value("name"), Some("web"));
        assert!(p.bool("detach") && p.bool("quiet"));
        assert_eq!(p.values("env").collect::<Vec<_>>(), ["A=1", "B=2"]);
        assert_eq!(p.value("replicas"), Some("3"));
        assert_eq!(p.args, ["nginx"]);
    }

    #[test]
    fn non_interspersed_commands_keep_the_rest_as_arguments() {
        let p = parse(FLAGS, &words("alpine ping -c 3 docker.com"), false).unwrap();
        assert_eq!(p.args, ["alpine", "ping", "-c", "3", "docker.com"]);
        let p = parse(FLAGS, &words("web --detach"), true).unwrap();
        assert_eq!(p.args, ["web"]);
        assert!(p.bool("detach"));
    }

    #[test]
    fn errors_are_pflags() {
        let err = |line: &str| parse(FLAGS, &words(line), true).unwrap_err();
        assert_eq!(err("--foo"), "unknown flag: --foo");
        assert_eq!(err("-x"), "unknown shorthand flag: 'x' in -x");
        assert_eq!(err("-dx"), "unknown shorthand flag: 'x' in -dx");
        assert_eq!(err("--replicas"), "flag needs an argument: --replicas");
        assert_eq!(err("-e"), "flag needs an argument: 'e' in -e");
        assert_eq!(
            err("--update-delay 10"),
            "invalid argument \"10\" for \"--update-delay\" flag: time: missing unit in duration \"10\""
        );
        assert_eq!(
            err("--replicas abc"),
            "invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseUint: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            err("-e =x"),
            "invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x"
        );
        assert_eq!(
            err("--detach=maybe"),
            "invalid argument \"maybe\" for \"-d, --detach\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
    }

    #[test]
    fn usages_align_like_pflag() {
        let text = usages(&FLAGS[..3]);
        assert_eq!(
            text,
            "  -d, --detach     Exit immediately\n\
             \x20 -e, --env list   Set environment variables\n\
             \x20 -q, --quiet      Suppress progress output\n"
        );
    }
}
