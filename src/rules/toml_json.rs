//! Turns a TOML rule file into a JSON value (so it can be checked against `rules.schema.json`)
//! while remembering where each value and key sits, so every error can name `file:line:col`.

use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// Byte spans of the values (and keys) of a parsed file, by JSON pointer.
#[derive(Debug, Default)]
pub struct Spans {
    values: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
}

impl Spans {
    /// The span of the value at `pointer`, or of its nearest ancestor.
    pub fn value(&self, pointer: &str) -> usize {
        let mut p = pointer;
        loop {
            if let Some(r) = self.values.get(p) {
                return r.start;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return 0,
            }
        }
    }

    /// The span of the key naming the value at `pointer`, falling back to the value.
    pub fn key(&self, pointer: &str) -> usize {
        self.keys
            .get(pointer)
            .map_or_else(|| self.value(pointer), |r| r.start)
    }
}

/// A TOML syntax error with its byte offset.
#[derive(Debug)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Parses `text` into a JSON value plus spans.
pub fn parse(text: &str) -> Result<(Value, Spans), SyntaxError> {
    let table = DeTable::parse(text).map_err(|e| SyntaxError {
        offset: e.span().map_or(0, |s| s.start),
        message: e.message().trim().to_owned(),
    })?;
    let mut spans = Spans::default();
    spans.values.insert(String::new(), table.span());
    let value = convert_table(table.get_ref(), "", &mut spans);
    Ok((value, spans))
}

fn convert_table(table: &DeTable<'_>, pointer: &str, spans: &mut Spans) -> Value {
    let mut map = Map::new();
    for (key, value) in table.iter() {
        let child = format!("{pointer}/{}", escape(key.get_ref()));
        spans.keys.insert(child.clone(), key.span());
        spans.values.insert(child.clone(), value.span());
        map.insert(
            key.get_ref().to_string(),
            convert(value.get_ref(), &child, spans),
        );
    }
    Value::Object(map)
}

fn convert(value: &DeValue<'_>, pointer: &str, spans: &mut Spans) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            let digits = digits
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            i64::from_str_radix(digits, i.radix()).map_or(Value::Null, |n| Value::Number(n.into()))
        }
        DeValue::Float(f) => {
            let text: String = f.as_str().chars().filter(|c| *c != '_').collect();
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map_or(Value::Null, Value::Number)
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        // Dates in rules and examples are compared as `YYYY-MM-DD` strings, as in submissions.
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let child = format!("{pointer}/{i}");
                    spans.values.insert(child.clone(), item.span());
                    convert(item.get_ref(), &child, spans)
                })
                .collect(),
        ),
        DeValue::Table(t) => convert_table(t, pointer, spans),
    }
}

/// Escapes a key for use in a JSON pointer.
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
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
