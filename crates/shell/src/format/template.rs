//! `--format`: the common Go templates tutorials use (`{{.Name}}`, `table {{.ID}}\t{{.Image}}`,
//! `json`), over the same fields docker's formatter contexts expose.
//!
//! Only field references and literal text are supported, which is what tutorials print; a
//! template with actions (`{{if …}}`, `{{range …}}`) gets a clear error rather than a guess.

use crate::format::table::render_table;

/// One row: field name → value, in the context's order.
pub(crate) type Row = Vec<(&'static str, String)>;

/// Renders `rows` with a user's `--format`. `headers` maps a field to its column header.
pub(crate) fn render(
    format: &str,
    rows: &[Row],
    context: &str,
    headers: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    if format == "json" || format == "{{json .}}" {
        return Ok(rows.iter().map(|row| json_object(row) + "\n").collect());
    }
    let (table, body) = match format.strip_prefix("table") {
        Some(rest) => (true, rest.trim_matches(' ')),
        None => (false, format),
    };
    let body = body.replace("\\t", "\t").replace("\\n", "\n");
    let pieces = parse(&body)?;
    let expand = |lookup: &dyn Fn(&str) -> Option<String>| -> Result<String, String> {
        let mut out = String::new();
        for piece in &pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Field(name) => out.push_str(&lookup(name).ok_or_else(|| {
                    format!(
                        "template: :1: executing \"\" at <.{name}>: can't evaluate field {name} in type {context}"
                    )
                })?),
            }
        }
        Ok(out)
    };
    if !table {
        let mut out = String::new();
        for row in rows {
            out.push_str(&expand(&|name| field(row, name))?);
            out.push('\n');
        }
        return Ok(out);
    }
    let mut lines = vec![expand(&|name| Some(headers(name)))?];
    for row in rows {
        lines.push(expand(&|name| field(row, name))?);
    }
    let cells: Vec<Vec<String>> =
        lines.iter().map(|line| line.split('\t').map(String::from).collect()).collect();
    Ok(render_table(&cells))
}

fn field(row: &Row, name: &str) -> Option<String> {
    row.iter().find(|(key, _)| *key == name).map(|(_, value)| value.clone())
}

enum Piece {
    Text(String),
    Field(String),
}

fn parse(template: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            pieces.push(Piece::Text(rest[..start].to_string()));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err("template parsing error: template: :1: unclosed action".to_string());
        };
        let action = after[..end].trim().trim_start_matches('-').trim_end_matches('-').trim();
        match action.strip_prefix('.') {
            Some(name) if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) => {
                pieces.push(Piece::Field(name.to_string()));
            }
            _ => {
                return Err(format!(
                    "template parsing error: the playground supports only field templates such as {{{{.Name}}}}, not {{{{{action}}}}}"
                ));
            }
        }
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

/// `{{json .}}`: the row's fields as a JSON object, keys sorted as Go marshals a map.
fn json_object(row: &Row) -> String {
    let mut fields: Vec<&(&str, String)> = row.iter().collect();
    swarm_core::sort::sort_by_key(&mut fields, |(key, _)| *key);
    let body: Vec<String> =
        fields.iter().map(|(key, value)| format!("\"{key}\":{}", json_string(value))).collect();
    format!("{{{}}}", body.join(","))
}

/// A JSON string literal, escaped as Go's encoder escapes it.
pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rows() -> Vec<Row> {
        vec![
            vec![("Name", "web.1".to_string()), ("Image", "nginx:1.27".to_string())],
            vec![("Name", "web.2".to_string()), ("Image", "nginx:1.27".to_string())],
        ]
    }

    fn header(name: &str) -> String {
        name.to_uppercase()
    }

    #[test]
    fn plain_table_and_json_formats() {
        assert_eq!(
            render("{{.Name}}: {{.Image}}", &rows(), "T", &header).unwrap(),
            "web.1: nginx:1.27\nweb.2: nginx:1.27\n"
        );
        assert_eq!(
            render("table {{.Name}}\\t{{.Image}}", &rows(), "T", &header).unwrap(),
            "NAME      IMAGE\nweb.1     nginx:1.27\nweb.2     nginx:1.27\n"
        );
        assert_eq!(
            render("json", &rows()[..1], "T", &header).unwrap(),
            "{\"Image\":\"nginx:1.27\",\"Name\":\"web.1\"}\n"
        );
        assert!(
            render("{{.Nope}}", &rows(), "T", &header)
                .unwrap_err()
                .contains("can't evaluate field Nope")
        );
        assert!(render("{{if .Name}}x{{end}}", &rows(), "T", &header).is_err());
    }
}
