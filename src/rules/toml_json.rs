//! Turns a TOML rule file into a JSON value (so it can be checked against `rules.schema.json`)
//! while remembering where each value and key sits, so every error can name `file:line:col`.

use serde_json::Value;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// Where the values (and keys) of a parsed file sit: the parsed TOML itself, walked by JSON
/// pointer only when an error needs a position, so a file that compiles cleanly pays nothing.
#[derive(Debug)]
pub struct Spans<'t> {
    /// `None` for a built-in file converted when the program was built: it is known to
    /// compile, so no position is ever asked for.
    root: Option<Spanned<DeTable<'t>>>,
}

impl Spans<'_> {
    /// Spans that know no positions (every value is at the start of the file).
    pub fn none() -> Self {
        Self { root: None }
    }

    /// The start of the value at `pointer`, or of its nearest existing ancestor.
    pub fn value(&self, pointer: &str) -> usize {
        self.walk(pointer).0.start
    }

    /// The start of the key naming the value at `pointer`, falling back to the value.
    pub fn key(&self, pointer: &str) -> usize {
        match self.walk(pointer) {
            (_, Some(key), true) => key.start,
            (value, _, _) => value.start,
        }
    }

    /// The span of the deepest value on `pointer`'s way, the span of the key that named it, and
    /// whether the whole pointer resolved.
    fn walk(&self, pointer: &str) -> (Range<usize>, Option<Range<usize>>, bool) {
        let Some(root) = &self.root else {
            return (0..0, None, false);
        };
        let mut span = root.span();
        let mut key_span = None;
        let mut table = Some(root.get_ref());
        let mut array: Option<&DeArray<'_>> = None;
        for raw in pointer.split('/').skip(1) {
            let seg = raw.replace("~1", "/").replace("~0", "~");
            let next = match (table, array) {
                (Some(t), _) => t
                    .get_key_value(seg.as_str())
                    .map(|(k, v)| (Some(k.span()), v)),
                (_, Some(a)) => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| a.get(i))
                    .map(|v| (None, v)),
                _ => None,
            };
            let Some((k, v)) = next else {
                return (span, key_span, false);
            };
            span = v.span();
            key_span = k;
            (table, array) = match v.get_ref() {
                DeValue::Table(t) => (Some(t), None),
                DeValue::Array(a) => (None, Some(a)),
                _ => (None, None),
            };
        }
        (span, key_span, true)
    }
}

/// A TOML syntax error with its byte offset.
#[derive(Debug)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Parses `text` into a JSON value plus spans.
pub fn parse(text: &str) -> Result<(Value, Spans<'_>), SyntaxError> {
    let root = DeTable::parse(text).map_err(|e| SyntaxError {
        offset: e.span().map_or(0, |s| s.start),
        message: e.message().trim().to_owned(),
    })?;
    let value = super::toml_value::convert_table(root.get_ref());
    Ok((value, Spans { root: Some(root) }))
}

/// Escapes a key for use in a JSON pointer.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Violations of `schema` in a parsed TOML file, each with the offset of the key or value it is
/// about (via the spans), in file order: every unknown key (with the nearest known one), every
/// missing key and every value of the wrong type, at once.
pub fn schema_problems(
    schema: &crate::schema::Schema,
    value: &Value,
    spans: &Spans,
) -> Vec<(usize, String, Option<String>)> {
    schema_problems_at(schema, value, spans)
        .into_iter()
        .map(|p| (p.offset, p.message, p.hint))
        .collect()
}

/// One violation of a schema, with the JSON pointer of the value it is about (so a rule file
/// can tell which rule it belongs to).
#[derive(Debug)]
pub struct SchemaIssue {
    pub pointer: String,
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// [`schema_problems`] with each problem's pointer; a value outside its allowed set is named
/// with the nearest allowed value.
pub fn schema_problems_at(
    schema: &crate::schema::Schema,
    value: &Value,
    spans: &Spans,
) -> Vec<SchemaIssue> {
    use crate::schema::{closest, short_key, unknown_key_hint};
    use jsonschema::error::ValidationErrorKind;
    let mut out = Vec::new();
    for e in schema.validator.iter_errors(value) {
        let ptr = e.instance_path().as_str().to_owned();
        let mut push = |offset: usize, message: String, hint: Option<String>| {
            out.push(SchemaIssue {
                pointer: ptr.clone(),
                offset,
                message,
                hint,
            })
        };
        match e.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let segs: Vec<String> =
                    e.instance_path().segments().map(|s| seg_text(&s)).collect();
                let names: Vec<&str> = schema
                    .node_for_pointer(&segs)
                    .map(|n| schema.property_names(n))
                    .unwrap_or_default();
                for key in unexpected {
                    let hint = unknown_key_hint(key, &names);
                    let at = spans.key(&format!("{ptr}/{}", escape(key)));
                    push(at, format!("unknown key `{}`", short_key(key)), hint);
                }
            }
            ValidationErrorKind::Required { property } => {
                push(
                    spans.value(&ptr),
                    format!("missing required key {property}"),
                    None,
                );
            }
            ValidationErrorKind::Enum { options } => {
                let allowed: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let got = e.instance().as_str().unwrap_or_default();
                let key = ptr.rsplit('/').next().unwrap_or_default();
                let list = allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let hint = match closest(got, &allowed) {
                    Some(near) => format!("did you mean `{near}`? `{key}` is one of {list}"),
                    None => format!("`{key}` is one of {list}"),
                };
                push(
                    spans.value(&ptr),
                    format!("`{key}` cannot be {}", e.instance()),
                    Some(hint),
                );
            }
            _ => push(spans.value(&ptr), e.to_string(), None),
        }
    }
    out.sort_by_key(|p| p.offset);
    out
}

fn seg_text(s: &jsonschema::paths::LocationSegment<'_>) -> String {
    match s {
        jsonschema::paths::LocationSegment::Property(p) => p.to_string(),
        jsonschema::paths::LocationSegment::Index(i) => i.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_with_spans() {
        let text = "[[rule]]\nid = \"X-1\"\ncheck = { path = \"a.b\", present = true }\n";
        let (value, spans) = parse(text).unwrap();
        assert_eq!(value["rule"][0]["check"]["path"], "a.b");
        assert_eq!(&text[spans.value("/rule/0/check/path")..][..5], "\"a.b\"");
        assert_eq!(&text[spans.key("/rule/0/id")..][..2], "id");
        assert!(parse("[[rule]\n").is_err());
    }
}
