//! Strict JSON reading: the same `serde_json::Value` serde_json would build, except that an
//! object giving the same key twice is an error naming the key, the object's path and the
//! position of the second occurrence.
//!
//! serde_json keeps the last of duplicate keys silently, and other readers keep the first; for an
//! assurance tool two readers disagreeing about what a submission says is worse than refusing
//! it. The check costs one map lookup per key, in the same pass as parsing, and nesting stays
//! bounded by serde_json's recursion limit (128), so hostile input cannot exhaust the stack here.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::fmt;

/// Parses `text` as JSON, rejecting duplicate keys.
pub fn from_str(text: &str) -> Result<Value, serde_json::Error> {
    from_str_noting_zeros(text).map(|(v, _)| v)
}

/// [`from_str`], also saying whether any number was read as a floating-point zero: serde_json
/// reads `1e-400` as `0.0` without a word, so the caller then looks for one in the text.
pub fn from_str_noting_zeros(text: &str) -> Result<(Value, bool), serde_json::Error> {
    let zero = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = ValueSeed {
        at: None,
        zero: &zero,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok((value, zero.get()))
}

/// One step of the path to the value being read, kept on the stack and only turned into text
/// when a duplicate is found.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

struct Crumb<'a> {
    parent: Option<&'a Crumb<'a>>,
    step: Step<'a>,
}

fn path_text(at: Option<&Crumb<'_>>) -> String {
    let mut steps = Vec::new();
    let mut here = at;
    while let Some(c) = here {
        steps.push(&c.step);
        here = c.parent;
    }
    let mut out = String::new();
    for step in steps.into_iter().rev() {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    at: Option<&'a Crumb<'a>>,
    zero: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        if n == 0.0 {
            self.zero.set(true);
        }
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            let crumb = Crumb {
                parent: self.at,
                step: Step::Index(items.len()),
            };
            let seed = ValueSeed {
                at: Some(&crumb),
                zero: self.zero,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            // One hash per key: the entry both detects the duplicate and receives the value.
            let slot = match map.entry(key) {
                Entry::Occupied(o) => return Err(de::Error::custom(duplicate(o.key(), self.at))),
                Entry::Vacant(v) => v,
            };
            let crumb = Crumb {
                parent: self.at,
                step: Step::Key(slot.key()),
            };
            let value = access.next_value_seed(ValueSeed {
                at: Some(&crumb),
                zero: self.zero,
            })?;
            slot.insert(value);
        }
        Ok(Value::Object(map))
    }
}

fn duplicate(key: &str, at: Option<&Crumb<'_>>) -> String {
    let key = serde_json::to_string(key).unwrap_or_default();
    let key = key.trim_matches('"');
    match path_text(at) {
        p if p.is_empty() => format!("duplicate key `{key}` at the top level"),
        p => format!("duplicate key `{key}` in `{p}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        let text = r#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": 18446744073709551615}"#;
        let ours = from_str(text).unwrap();
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
    }

    #[test]
    fn rejects_duplicate_keys_with_their_path() {
        let e = from_str("{\"a\": [0, {\"b\": 1,\n \"b\": 2}]}").unwrap_err();
        assert_eq!(e.line(), 2);
        assert!(
            e.to_string().starts_with("duplicate key `b` in `a[1]`"),
            "{e}"
        );
        let e = from_str(r#"{"x": 1, "x": 1}"#).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("duplicate key `x` at the top level")
        );
    }

    #[test]
    fn rejects_trailing_text_and_deep_nesting() {
        assert!(from_str("{} {}").is_err());
        let deep = "[".repeat(100_000);
        let e = from_str(&deep).unwrap_err();
        assert!(e.to_string().contains("recursion limit"), "{e}");
    }
}
