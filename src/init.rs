//! `assure init`: a submission template and a field guide, both generated from the submission
//! schema so they never drift from it.
//!
//! JSON has no comments, so the template is a submission whose every answer is a placeholder
//! that carries its field's guidance: free text holds its description in angle brackets
//! (`"<The organisation's registered legal name (DTAC 1.0 A1).>"`), and every other answer a
//! typed prompt in the same brackets (`"<true or false: …>"`, `"<one of: provided, not_provided,
//! …: …>"`, `"<YYYY-MM-DD: …>"`). The reader accepts a placeholder in place of any answer and the
//! rules report each as "to be completed", so `assure check` on the unedited template passes no
//! rule: it lists what is still to be answered. Lists hold one item. A field the schema says to
//! leave out to keep a default (the CRM plan's own risk matrix, which would replace the NHS
//! default) is left out. The template names the schema in `$schema`, so an editor explains each
//! field on hover; the Markdown field guide lists every path with its type, allowed values and
//! description.

use crate::schema::Schema;
use crate::submission::placeholder::is_placeholder;
use serde_json::{Map, Value};
use std::fmt::Write;

/// Where the template says its schema is: next to it, as `assure schema submission` writes it.
pub const SCHEMA_REF: &str = "./submission.schema.json";

/// The submission template, valid against the submission schema.
pub fn template() -> Value {
    let schema = Schema::submission();
    let mut value = node(schema, schema.root(), 0);
    if let Value::Object(m) = &mut value {
        m.insert("$schema".into(), Value::String(SCHEMA_REF.into()));
        m.insert(
            "schema_version".into(),
            Value::String(crate::submission::migrate::CURRENT.into()),
        );
    }
    prune_invalid(schema, &mut value);
    value
}

/// The template as pretty JSON with a trailing newline.
pub fn template_json() -> String {
    let mut s = serde_json::to_string_pretty(&template()).unwrap_or_default();
    s.push('\n');
    s
}

fn node(schema: &Schema, n: &Value, depth: usize) -> Value {
    let n = schema.resolve(n);
    if let Some(v) = n.get("const") {
        return v.clone();
    }
    let about = description(n).unwrap_or("replace this text").trim();
    if let Some(values) = n.get("enum").and_then(Value::as_array) {
        let names: Vec<String> = values
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        return prompt(&format!("one of: {}", names.join(", ")), about);
    }
    match type_name(n) {
        "object" if depth < 12 => object(schema, n, depth),
        "array" if depth < 12 => {
            let count = n
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .clamp(1, 8);
            let item = n
                .get("items")
                .map_or(Value::Null, |i| node(schema, i, depth + 1));
            Value::Array(vec![item; usize::try_from(count).unwrap_or(1)])
        }
        "string" => string(n, about),
        "boolean" => prompt("true or false", about),
        "integer" => prompt("a whole number", about),
        "number" => prompt("a number", about),
        _ => Value::Null,
    }
}

/// `"<what: about>"`: the form an answer takes, then its guidance.
fn prompt(what: &str, about: &str) -> Value {
    Value::String(format!("<{what}: {about}>"))
}

fn object(schema: &Schema, n: &Value, depth: usize) -> Value {
    let mut m = Map::new();
    for (key, child) in n
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let described = description(child)
            .or_else(|| description(schema.resolve(child)))
            .unwrap_or_default();
        if key == "$schema"
            || described
                .to_lowercase()
                .contains("leave out to use the default")
        {
            continue;
        }
        m.insert(key.clone(), node(schema, child, depth + 1));
    }
    Value::Object(m)
}

fn string(n: &Value, about: &str) -> Value {
    match n.get("format").and_then(Value::as_str) {
        Some("date") => prompt("YYYY-MM-DD", about),
        Some("date-time") => prompt("YYYY-MM-DDThh:mm:ssZ", about),
        Some("email") => prompt("an email address", about),
        Some("uri" | "uri-reference" | "iri") => prompt("an https:// link", about),
        _ => Value::String(format!("<{about}>")),
    }
}

/// The declared type, or the first non-null one of a list of types.
fn type_name(n: &Value) -> &str {
    match n.get("type") {
        Some(Value::String(s)) => s,
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if n.get("properties").is_some() => "object",
        _ => "null",
    }
}

fn description(n: &Value) -> Option<&str> {
    n.get("description").and_then(Value::as_str)
}

/// Drops whatever the template cannot hold even as a placeholder (a constraint on an object,
/// say), so the template reads whatever the schema grows into. Dropping an optional field is
/// always valid; a placeholder answer is accepted by the reader.
fn prune_invalid(schema: &Schema, value: &mut Value) {
    for _ in 0..8 {
        let pointers: Vec<String> = schema
            .validator
            .iter_errors(value)
            .filter(|e| !is_placeholder(e.instance()))
            .map(|e| e.instance_path().as_str().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if pointers.is_empty() {
            return;
        }
        for p in pointers {
            remove(value, &p);
        }
    }
}

fn remove(value: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        Some(Value::Object(m)) => {
            m.remove(&key);
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// The field guide: one table per section, one row per field, in schema order.
pub fn field_guide() -> String {
    let schema = Schema::submission();
    let root = schema.root();
    let mut out = String::new();
    let _ = writeln!(out, "# Submission field guide\n");
    let _ = writeln!(out, "{}\n", description(root).unwrap_or_default());
    let _ = writeln!(
        out,
        "Generated from `schemas/submission.schema.json` by `assure init --format markdown`. `[]` marks a list item."
    );
    for (key, section) in root
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if key == "$schema" {
            continue;
        }
        let _ = writeln!(
            out,
            "\n## `{key}`\n\n{}\n",
            cell(description(section).unwrap_or_default())
        );
        let _ = writeln!(out, "| field | type | description |\n|---|---|---|");
        rows(schema, section, key, &mut out, 0);
    }
    out
}

fn rows(schema: &Schema, n: &Value, path: &str, out: &mut String, depth: usize) {
    let resolved = schema.resolve(n);
    let text = description(n)
        .or_else(|| description(resolved))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "| `{path}` | {} | {} |",
        kind(schema, resolved),
        cell(text)
    );
    if depth > 12 {
        return;
    }
    match type_name(resolved) {
        "object" => {
            for (key, child) in resolved
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                rows(schema, child, &format!("{path}.{key}"), out, depth + 1);
            }
        }
        "array" => {
            let item = resolved.get("items").map(|i| schema.resolve(i));
            if let Some(item) = item.filter(|i| matches!(type_name(i), "object" | "array")) {
                for (key, child) in item
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    rows(schema, child, &format!("{path}[].{key}"), out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// The type column: allowed values for an enumeration, `list of …` for arrays, the format.
fn kind(schema: &Schema, n: &Value) -> String {
    if let Some(values) = n.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(" \\| ");
    }
    match type_name(n) {
        "array" => match n.get("items").map(|i| schema.resolve(i)) {
            Some(item) if type_name(item) == "object" => "list of objects".to_owned(),
            Some(item) => format!("list of {}", kind(schema, item)),
            None => "list".to_owned(),
        },
        "string" => n
            .get("format")
            .and_then(Value::as_str)
            .map_or_else(|| "text".to_owned(), |f| format!("text ({f})")),
        other => other.to_owned(),
    }
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_as_a_submission_of_placeholders() {
        let t = template();
        let text = template_json();
        if let Err(e) = crate::submission::Submission::parse("template.json", text.as_bytes()) {
            panic!("the template does not read: {e}");
        }
        assert_eq!(t["schema_version"], "2");
        assert_eq!(
            t["product"]["clinical_function"],
            "<true or false: True when the product has a clinical function, i.e. its output informs or drives a patient's care.>"
        );
        assert!(
            t["submission"]["role"]
                .as_str()
                .is_some_and(|s| s.starts_with("<one of: manufacturer, deployer"))
        );
        assert!(
            t["company"]["legal_name"]
                .as_str()
                .is_some_and(|s| s.starts_with("<") && s.contains("A1"))
        );
        assert!(
            t["clinical_safety"]["crm_plan"]
                .get("risk_matrix")
                .is_none()
        );
    }

    #[test]
    fn the_guide_lists_nested_fields() {
        let g = field_guide();
        assert!(
            g.contains("| `clinical_safety.hazard_log.hazards[].initial` |"),
            "{g}"
        );
        assert!(g.contains("## `technical_security`"));
    }
}
