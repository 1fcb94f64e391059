//! Flag values as docker parses and prints them: Go durations, memory sizes, CPUs, unsigned
//! integers, published ports, mounts, env and labels, each with the error text docker gives.
//!
//! Written by hand because every accepted form and every error must match docker's own Go
//! code (`time.ParseDuration`, `units.RAMInBytes`, `opts.ParseCPUs`, `strconv.ParseUint`,
//! `swarmopts.PortOpt`, `opts.MountOpt`), which no Rust crate reproduces.

use swarm_core::{Mount, PortConfig, Protocol, PublishMode, SimDuration};

/// Go's `%q` for the plain strings users type: double quotes, `"` and `\` escaped.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Go duration (nanoseconds, as `parse_go_duration` reads it) as simulated time, to the
/// millisecond; `None` if it is negative. One longer than the clock can hold saturates.
pub fn sim_duration(nanos: i128) -> Option<SimDuration> {
    (nanos >= 0)
        .then(|| SimDuration::from_millis(u64::try_from(nanos / 1_000_000).unwrap_or(u64::MAX)))
}

/// Go's `time.ParseDuration`, in nanoseconds (signed: the CLI lets negative values through and
/// the daemon rejects them where it cares).
pub fn parse_go_duration(input: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {}", go_quote(input));
    let mut s = input;
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: i128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, rest) = s.split_at(int_len);
        let mut rest = rest;
        let mut frac_part = "";
        if let Some(after_dot) = rest.strip_prefix('.') {
            let frac_len = after_dot.bytes().take_while(u8::is_ascii_digit).count();
            frac_part = &after_dot[..frac_len];
            rest = &after_dot[frac_len..];
            if int_part.is_empty() && frac_part.is_empty() {
                return Err(invalid());
            }
        } else if int_part.is_empty() {
            return Err(invalid());
        }
        let unit_len = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
        let (unit, tail) = rest.split_at(unit_len);
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {}", go_quote(input)));
        }
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_quote(unit),
                    go_quote(input)
                ));
            }
        };
        let whole: i128 =
            if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| invalid())? };
        let mut value = whole.checked_mul(scale).ok_or_else(invalid)?;
        let mut frac_scale = scale;
        for digit in frac_part.bytes().take(30) {
            frac_scale /= 10;
            value += i128::from(digit - b'0') * frac_scale;
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > i128::from(i64::MAX) {
            return Err(invalid());
        }
        s = tail;
    }
    Ok(if negative { -total } else { total })
}

/// Go's `time.Duration.String()`, for whole milliseconds: `0s`, `500ms`, `10s`, `1m30s`,
/// `1h0m0s`, `1.5s`.
pub fn format_go_duration(millis: u64) -> String {
    if millis == 0 {
        return "0s".to_string();
    }
    if millis < 1000 {
        return format!("{millis}ms");
    }
    let hours = millis / 3_600_000;
    let minutes = millis / 60_000 % 60;
    let secs = millis / 1000 % 60;
    let frac = millis % 1000;
    let mut seconds = secs.to_string();
    if frac != 0 {
        let digits = format!("{frac:03}");
        seconds.push('.');
        seconds.push_str(digits.trim_end_matches('0'));
    }
    match (hours, minutes) {
        (0, 0) => format!("{seconds}s"),
        (0, m) => format!("{m}m{seconds}s"),
        (h, m) => format!("{h}h{m}m{seconds}s"),
    }
}

/// `units.RAMInBytes`: `256mb`, `1g`, `1.5GiB`, `512` (bytes).
pub fn parse_ram_in_bytes(input: &str) -> Result<i64, String> {
    let invalid_size = || format!("invalid size: '{input}'");
    let Some(sep) = input.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        return Err(invalid_size());
    };
    let (num, suffix) = if input.as_bytes()[sep] == b' ' {
        (&input[..sep], &input[sep + 1..])
    } else {
        (&input[..=sep], &input[sep + 1..])
    };
    let size = parse_go_float(num, 64)?;
    if size < 0.0 {
        return Err(invalid_size());
    }
    if suffix.is_empty() {
        return Ok(size as i64);
    }
    let bad_suffix = |s: &str| format!("invalid suffix: '{s}'");
    if suffix.chars().count() > 3 {
        return Err(bad_suffix(suffix));
    }
    let lower = suffix.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    if bytes[0] == b'b' {
        return if bytes.len() > 1 { Err(bad_suffix(&lower)) } else { Ok(size as i64) };
    }
    let multiplier: f64 = match bytes[0] {
        b'k' => 1024.0,
        b'm' => 1024.0 * 1024.0,
        b'g' => 1024.0 * 1024.0 * 1024.0,
        b't' => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        b'p' => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return Err(bad_suffix(&lower)),
    };
    match (bytes.len(), &lower[1..]) {
        (2, rest) if rest != "b" => return Err(bad_suffix(&lower)),
        (3, rest) if rest != "ib" => return Err(bad_suffix(&lower)),
        _ => {}
    }
    Ok((size * multiplier) as i64)
}

/// `units.BytesSize`: binary units with 4 significant digits (`256MiB`, `1.5GiB`, `7.667GiB`).
pub fn format_bytes_size(bytes: u64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit + 1 < UNITS.len() {
        size /= 1024.0;
        unit += 1;
    }
    format!("{}{}", format_go_g4(size), UNITS[unit])
}

/// Go's `%.4g` for the non-negative values `BytesSize` prints.
fn format_go_g4(value: f64) -> String {
    if value == 0.0 {
        return "0".to_string();
    }
    let exponent = value.log10().floor() as i32;
    let decimals = (3 - exponent).max(0) as usize;
    let text = format!("{value:.decimals$}");
    // Rounding can carry into a fifth digit (9999.5 → 10000), which %g would print in
    // exponent form; sizes here are below 1024 per unit, so that never happens.
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Go's `strconv.ParseFloat(s, bits)`, with its error text.
pub fn parse_go_float(input: &str, bits: u32) -> Result<f64, String> {
    let syntax = || format!("strconv.ParseFloat: parsing {}: invalid syntax", go_quote(input));
    let lower = input.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    let special = matches!(body, "inf" | "infinity" | "nan");
    let well_formed = !body.is_empty()
        && body.bytes().any(|b| b.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-'));
    if !(special || well_formed) || input.len() - body.len() > 1 {
        return Err(syntax());
    }
    let value = super::float::parse_f64(&lower).ok_or_else(syntax)?;
    let limit = if bits == 32 { f64::from(f32::MAX) } else { f64::MAX };
    if value.is_finite() && value.abs() > limit {
        return Err(format!("strconv.ParseFloat: parsing {}: value out of range", go_quote(input)));
    }
    Ok(value)
}

/// Go's `strconv.ParseUint(s, base, 64)` for base 0 (prefixes `0x`, `0o`, `0b`, a leading `0`
/// for octal, `_` between digits) and base 10.
pub fn parse_go_uint(input: &str, base_prefixes: bool) -> Result<u64, String> {
    let syntax = || format!("strconv.ParseUint: parsing {}: invalid syntax", go_quote(input));
    let range = || format!("strconv.ParseUint: parsing {}: value out of range", go_quote(input));
    if input.is_empty() {
        return Err(syntax());
    }
    let (digits, radix, underscores) = if !base_prefixes {
        (input, 10, false)
    } else {
        let lower = input.get(..2).map(str::to_ascii_lowercase);
        match lower.as_deref() {
            Some("0x") => (&input[2..], 16, true),
            Some("0o") => (&input[2..], 8, true),
            Some("0b") => (&input[2..], 2, true),
            _ if input.len() > 1 && input.starts_with('0') => (&input[1..], 8, true),
            _ => (input, 10, true),
        }
    };
    let cleaned: String = if underscores { digits.replace('_', "") } else { digits.to_string() };
    if cleaned.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !cleaned.chars().all(|c| c.is_digit(radix))
    {
        return Err(syntax());
    }
    u64::from_str_radix(&cleaned, radix).map_err(|_| range())
}

/// Go's `strconv.ParseInt(s, 10, 64)` with its error text.
pub fn parse_go_int(input: &str) -> Result<i64, String> {
    let unsigned = input.strip_prefix(['-', '+']).unwrap_or(input);
    let value = parse_go_uint(unsigned, false).map_err(|e| {
        e.replace("ParseUint", "ParseInt").replace(&go_quote(unsigned), &go_quote(input))
    })?;
    let signed = i64::try_from(value).map_err(|_| {
        format!("strconv.ParseInt: parsing {}: value out of range", go_quote(input))
    })?;
    Ok(if input.starts_with('-') { -signed } else { signed })
}

/// `opts.ParseCPUs`: an exact rational (`1.5`, `0.25`, `1/2`) times 10⁹, in nano-CPUs.
pub fn parse_cpus(input: &str) -> Result<i64, String> {
    let not_rational = || format!("failed to parse {input} as a rational number");
    let (numerator, denominator): (i128, i128) = if let Some((a, b)) = input.split_once('/') {
        let a: i128 = a.parse().map_err(|_| not_rational())?;
        let b: i128 = b.parse().map_err(|_| not_rational())?;
        if b == 0 {
            return Err(not_rational());
        }
        (a, b)
    } else {
        let (sign, body) = match input.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, input.strip_prefix('+').unwrap_or(input)),
        };
        let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
        if (int_part.is_empty() && frac_part.is_empty())
            || !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
            || frac_part.len() > 30
            || int_part.len() > 30
        {
            return Err(not_rational());
        }
        let digits = format!("{int_part}{frac_part}");
        let value: i128 = digits.parse().map_err(|_| not_rational())?;
        (sign * value, 10i128.pow(frac_part.len() as u32))
    };
    let nano = numerator.checked_mul(1_000_000_000).ok_or_else(not_rational)?;
    if nano % denominator != 0 {
        return Err("value is too precise".to_string());
    }
    i64::try_from(nano / denominator).map_err(|_| not_rational())
}

/// `opts.ValidateEnv`: `KEY=VALUE` or `KEY`; an empty key is refused.
pub fn parse_env(input: &str) -> Result<String, String> {
    let key = input.split('=').next().unwrap_or("");
    if key.is_empty() {
        return Err(format!("invalid environment variable: {input}"));
    }
    Ok(input.to_string())
}

/// `opts.ValidateLabel`: `key=value` or `key`.
pub fn parse_label(input: &str) -> Result<(String, String), String> {
    let (key, value) = input.split_once('=').unwrap_or((input, ""));
    if key.is_empty() {
        return Err(format!("invalid label '{input}': empty name"));
    }
    if key.contains(char::is_whitespace) {
        return Err(format!("label '{key}' contains whitespaces"));
    }
    Ok((key.to_string(), value.to_string()))
}

/// `--placement-pref spread=<descriptor>`: the descriptor.
pub fn parse_placement_pref(input: &str) -> Result<String, String> {
    let Some((strategy, arg)) = input.split_once('=') else {
        return Err("placement preference must be of the format \"<strategy>=<arg>\"".to_string());
    };
    if !strategy.eq_ignore_ascii_case("spread") {
        return Err(format!(
            "unsupported placement preference {strategy} (only spread is supported)"
        ));
    }
    Ok(arg.to_string())
}

/// `-f, --filter key=value`.
pub fn parse_filter(input: &str) -> Result<(String, String), String> {
    match input.split_once('=') {
        Some((key, value)) => Ok((key.trim().to_ascii_lowercase(), value.trim().to_string())),
        None => Err("bad format of filter (expected name=value)".to_string()),
    }
}

/// `-p, --publish`: the short form `[published:]target[/proto]` (ranges too) or the long form
/// `target=80,published=8080,protocol=tcp,mode=host`.
pub fn parse_port(input: &str) -> Result<Vec<PortConfig>, String> {
    if is_long_port_syntax(input) {
        return parse_long_port(input).map(|p| vec![p]);
    }
    let (spec, protocol) = match input.rsplit_once('/') {
        Some((spec, proto)) => {
            (spec, parse_protocol(proto).ok_or_else(|| format!("invalid proto: {proto}"))?)
        }
        None => (input, Protocol::Tcp),
    };
    let parts: Vec<&str> = spec.split(':').collect();
    let (published, target) = match parts.as_slice() {
        [target] => ("", *target),
        [published, target] => (*published, *target),
        [_ip, _published, _target] => return Err("hostip is not supported".to_string()),
        _ => return Err(format!("invalid port format for --publish: {input}")),
    };
    let targets =
        parse_port_range(target).ok_or_else(|| format!("invalid containerPort: {target}"))?;
    let publisheds = if published.is_empty() {
        None
    } else {
        Some(parse_port_range(published).ok_or_else(|| format!("invalid hostPort: {published}"))?)
    };
    let count = targets.1 - targets.0 + 1;
    if let Some(p) = publisheds
        && p.1 - p.0 + 1 != count
        && p.0 != p.1
    {
        return Err(format!(
            "invalid ranges specified for container and host Ports: {target} and {published}"
        ));
    }
    Ok((0..count)
        .map(|i| PortConfig {
            protocol,
            target: targets.0 + i,
            published: match publisheds {
                None => 0,
                Some((start, end)) if start == end => start,
                Some((start, _)) => start + i,
            },
            mode: PublishMode::Ingress,
        })
        .collect())
}

/// docker's test for the long syntax: `\w+=\w+(,\w+=\w+)*` anywhere in the value.
fn is_long_port_syntax(input: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    input.char_indices().any(|(i, c)| {
        c == '='
            && input[..i].chars().next_back().is_some_and(word)
            && input[i + 1..].chars().next().is_some_and(word)
    })
}

fn parse_long_port(input: &str) -> Result<PortConfig, String> {
    let mut port =
        PortConfig { protocol: Protocol::Tcp, published: 0, target: 0, mode: PublishMode::Ingress };
    for field in input.split(',') {
        let lower = field.to_ascii_lowercase();
        let Some((key, value)) = lower.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(format!("invalid field: {field}"));
        };
        let number = |what: &str| {
            value.parse::<u16>().map_err(|_| {
                let cause = parse_go_uint(value, false)
                    .map(|_| {
                        format!(
                            "strconv.ParseUint: parsing {}: value out of range",
                            go_quote(value)
                        )
                    })
                    .unwrap_or_else(|e| e);
                format!("invalid {what} port ({value}): value must be an integer: {cause}")
            })
        };
        match key {
            "protocol" => {
                port.protocol = parse_protocol(value)
                    .ok_or_else(|| format!("invalid protocol value '{value}'"))?;
            }
            "mode" => {
                port.mode = match value {
                    "ingress" => PublishMode::Ingress,
                    "host" => PublishMode::Host,
                    _ => {
                        return Err(format!(
                            "invalid publish mode value ({value}): must be either 'ingress' or 'host'"
                        ));
                    }
                };
            }
            "target" => port.target = number("target")?,
            "published" => port.published = number("published")?,
            _ => return Err(format!("invalid field key: {key}")),
        }
    }
    if port.target == 0 {
        return Err("missing mandatory field 'target'".to_string());
    }
    Ok(port)
}

fn parse_protocol(text: &str) -> Option<Protocol> {
    match text.to_ascii_lowercase().as_str() {
        "tcp" => Some(Protocol::Tcp),
        "udp" => Some(Protocol::Udp),
        "sctp" => Some(Protocol::Sctp),
        _ => None,
    }
}

fn parse_port_range(text: &str) -> Option<(u16, u16)> {
    let (start, end) = text.split_once('-').unwrap_or((text, text));
    let start: u16 = start.parse().ok()?;
    let end: u16 = end.parse().ok()?;
    (start <= end && (start > 0 || end == 0)).then_some((start, end))
}

/// `--mount type=volume,source=data,target=/data,readonly`.
pub fn parse_mount(input: &str) -> Result<Mount, String> {
    if input.is_empty() {
        return Err("value is empty".to_string());
    }
    let mut mount = Mount {
        kind: "volume".to_string(),
        source: String::new(),
        target: String::new(),
        read_only: false,
    };
    let mut volume_options = false;
    for field in input.split(',') {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v)),
            None => (field.to_ascii_lowercase(), None),
        };
        let required = || -> Result<&str, String> {
            match value {
                None => Err(format!("invalid field '{field}' must be a key=value pair")),
                Some("") => Err(format!("invalid value for '{key}': value is empty")),
                Some(v) => Ok(v),
            }
        };
        match key.as_str() {
            "readonly" | "ro" => {
                mount.read_only = match value.map(str::to_ascii_lowercase).as_deref() {
                    None | Some("1" | "true") => true,
                    Some("0" | "false") => false,
                    Some(other) => return Err(format!("invalid value for {key}: {other}")),
                }
            }
            "type" => mount.kind = required()?.to_ascii_lowercase(),
            "source" | "src" => mount.source = required()?.to_string(),
            "target" | "dst" | "destination" => mount.target = required()?.to_string(),
            "volume-nocopy" | "volume-label" | "volume-driver" | "volume-opt" => {
                volume_options = true;
                if key != "volume-nocopy" {
                    required()?;
                }
            }
            "bind-propagation" | "bind-recursive" | "bind-nonrecursive" | "tmpfs-size"
            | "tmpfs-mode" | "consistency" => {
                required()?;
            }
            _ => return Err(format!("unknown option '{key}' in '{field}'")),
        }
    }
    if volume_options && mount.kind != "volume" {
        return Err(format!("cannot mix 'volume-*' options with mount type '{}'", mount.kind));
    }
    Ok(mount)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn durations_parse_as_go_parses_them() {
        let secs = 1_000_000_000i128;
        for (input, want) in [
            ("10s", 10 * secs),
            ("1m30s", 90 * secs),
            ("1.5h", 5400 * secs),
            ("250ms", secs / 4),
            ("0", 0),
            ("-5s", -5 * secs),
            ("1h0m0s", 3600 * secs),
            (".5s", secs / 2),
            ("2us", 2000),
        ] {
            assert_eq!(parse_go_duration(input), Ok(want), "{input}");
        }
        for (input, error) in [
            ("10", "time: missing unit in duration \"10\""),
            ("10x", "time: unknown unit \"x\" in duration \"10x\""),
            ("abc", "time: invalid duration \"abc\""),
            ("", "time: invalid duration \"\""),
            // Go reads `1.s` as one second, then finds no unit after the `5`.
            ("1.s5", "time: missing unit in duration \"1.s5\""),
        ] {
            assert_eq!(parse_go_duration(input), Err(error.to_string()), "{input}");
        }
    }

    #[test]
    fn durations_print_as_go_prints_them() {
        for (millis, want) in [
            (0, "0s"),
            (500, "500ms"),
            (10_000, "10s"),
            (90_000, "1m30s"),
            (3_600_000, "1h0m0s"),
            (1_500, "1.5s"),
            (20_000, "20s"),
        ] {
            assert_eq!(format_go_duration(millis), want);
        }
    }

    #[test]
    fn memory_sizes_follow_go_units() {
        assert_eq!(parse_ram_in_bytes("256mb"), Ok(268_435_456));
        assert_eq!(parse_ram_in_bytes("1g"), Ok(1_073_741_824));
        assert_eq!(parse_ram_in_bytes("1.5GiB"), Ok(1_610_612_736));
        assert_eq!(parse_ram_in_bytes("512"), Ok(512));
        assert_eq!(parse_ram_in_bytes("4 MB"), Ok(4 << 20));
        assert_eq!(parse_ram_in_bytes("1x"), Err("invalid suffix: 'x'".to_string()));
        assert_eq!(parse_ram_in_bytes("1mbb"), Err("invalid suffix: 'mbb'".to_string()));
        assert_eq!(parse_ram_in_bytes("abc"), Err("invalid size: 'abc'".to_string()));
        assert_eq!(parse_ram_in_bytes("-1"), Err("invalid size: '-1'".to_string()));
        assert_eq!(format_bytes_size(256 << 20), "256MiB");
        assert_eq!(format_bytes_size(1 << 30), "1GiB");
        assert_eq!(format_bytes_size(3 << 29), "1.5GiB");
        assert_eq!(format_bytes_size(8_232_370_176), "7.667GiB");
        assert_eq!(format_bytes_size(0), "0B");
    }

    #[test]
    fn cpus_are_exact_rationals() {
        assert_eq!(parse_cpus("1.5"), Ok(1_500_000_000));
        assert_eq!(parse_cpus("0.25"), Ok(250_000_000));
        assert_eq!(parse_cpus("1/2"), Ok(500_000_000));
        assert_eq!(parse_cpus("2"), Ok(2_000_000_000));
        assert_eq!(parse_cpus("0.0000000001"), Err("value is too precise".to_string()));
        assert_eq!(parse_cpus("x"), Err("failed to parse x as a rational number".to_string()));
    }

    #[test]
    fn unsigned_integers_follow_strconv() {
        assert_eq!(parse_go_uint("0x10", true), Ok(16));
        assert_eq!(parse_go_uint("010", true), Ok(8));
        assert_eq!(parse_go_uint("1_000", true), Ok(1000));
        assert_eq!(
            parse_go_uint("-1", true),
            Err("strconv.ParseUint: parsing \"-1\": invalid syntax".to_string())
        );
        assert_eq!(
            parse_go_uint("abc", false),
            Err("strconv.ParseUint: parsing \"abc\": invalid syntax".to_string())
        );
        assert_eq!(
            parse_go_uint("99999999999999999999", false),
            Err("strconv.ParseUint: parsing \"99999999999999999999\": value out of range"
                .to_string())
        );
        assert_eq!(parse_go_int("-7"), Ok(-7));
        assert_eq!(
            parse_go_int("x"),
            Err("strconv.ParseInt: parsing \"x\": invalid syntax".to_string())
        );
    }

    #[test]
    fn ports_parse_both_syntaxes() {
        let ingress = |published, target| PortConfig {
            protocol: Protocol::Tcp,
            published,
            target,
            mode: PublishMode::Ingress,
        };
        assert_eq!(parse_port("8080:80"), Ok(vec![ingress(8080, 80)]));
        assert_eq!(parse_port("80"), Ok(vec![ingress(0, 80)]));
        assert_eq!(parse_port("8080-8081:80-81"), Ok(vec![ingress(8080, 80), ingress(8081, 81)]));
        assert_eq!(
            parse_port("published=8080,target=80,mode=host,protocol=udp"),
            Ok(vec![PortConfig {
                protocol: Protocol::Udp,
                published: 8080,
                target: 80,
                mode: PublishMode::Host
            }])
        );
        assert_eq!(parse_port("published=8080"), Err("missing mandatory field 'target'".into()));
        assert_eq!(
            parse_port("target=80,mode=x"),
            Err("invalid publish mode value (x): must be either 'ingress' or 'host'".into())
        );
        assert_eq!(parse_port("target=80,foo=1"), Err("invalid field key: foo".into()));
        assert_eq!(parse_port("1.2.3.4:80:80"), Err("hostip is not supported".into()));
    }

    #[test]
    fn mounts_env_labels_and_prefs() {
        assert_eq!(
            parse_mount("type=volume,source=mysql-scripts,target=/etc/mysql/scripts"),
            Ok(Mount {
                kind: "volume".into(),
                source: "mysql-scripts".into(),
                target: "/etc/mysql/scripts".into(),
                read_only: false
            })
        );
        assert!(parse_mount("src=a,dst=/b,ro").unwrap().read_only);
        assert_eq!(parse_mount("foo=bar"), Err("unknown option 'foo' in 'foo=bar'".into()));
        assert_eq!(
            parse_mount("source"),
            Err("invalid field 'source' must be a key=value pair".into())
        );
        assert_eq!(parse_env("=x"), Err("invalid environment variable: =x".into()));
        assert_eq!(parse_label("a b=c"), Err("label 'a b' contains whitespaces".into()));
        assert_eq!(parse_label("=c"), Err("invalid label '=c': empty name".into()));
        assert_eq!(parse_placement_pref("spread=node.labels.zone"), Ok("node.labels.zone".into()));
        assert_eq!(
            parse_placement_pref("pack=x"),
            Err("unsupported placement preference pack (only spread is supported)".into())
        );
        assert_eq!(
            parse_filter("desired-state"),
            Err("bad format of filter (expected name=value)".into())
        );
    }
}
