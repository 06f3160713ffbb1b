//! The JSON Schemas (submission, report, rules, waivers, project file), embedded in the binary, and navigation of
//! the submission schema: which fields exist under a path, what type they are, which are personal,
//! and the nearest known name for a misspelt one.

use serde_json::Value;
use std::sync::OnceLock;

pub const SUBMISSION_SCHEMA: &str = include_str!("../schemas/submission.schema.json");
pub const REPORT_SCHEMA: &str = include_str!("../schemas/report.schema.json");
pub const RULES_SCHEMA: &str = include_str!("../schemas/rules.schema.json");
pub const WAIVERS_SCHEMA: &str = include_str!("../schemas/waivers.schema.json");
pub const CONFIG_SCHEMA: &str = include_str!("../schemas/config.schema.json");
pub const RECORD_SCHEMA: &str = include_str!("../schemas/record.schema.json");

/// A parsed schema plus its compiled validator.
pub struct Schema {
    pub raw: Value,
    pub validator: jsonschema::Validator,
}

impl Schema {
    fn compile(name: &str, text: &str) -> Self {
        // The embedded schemas are part of the binary and covered by tests; failing here is a
        // build defect, not a user error, so it is reported loudly.
        let raw: Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("embedded {name} schema is not JSON: {e}"));
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&raw)
            .unwrap_or_else(|e| panic!("embedded {name} schema does not compile: {e}"));
        Self { raw, validator }
    }

    /// The submission schema, compiled once per process.
    pub fn submission() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::compile("submission", SUBMISSION_SCHEMA))
    }

    /// The rule-file schema, compiled once per process.
    pub fn rules() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::compile("rules", RULES_SCHEMA))
    }

    /// The waivers-file schema, compiled once per process.
    pub fn waivers() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::compile("waivers", WAIVERS_SCHEMA))
    }

    /// The project-file (`assure.toml`) schema, compiled once per process.
    pub fn config() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::compile("config", CONFIG_SCHEMA))
    }

    /// The assessment-record schema, compiled once per process.
    pub fn record() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::compile("record", RECORD_SCHEMA))
    }

    /// The report schema, compiled once per process.
    pub fn report() -> &'static Schema {
        static S: OnceLock<Schema> = OnceLock::new();
        S.get_or_init(|| Schema::compile("report", REPORT_SCHEMA))
    }

    pub fn root(&self) -> &Value {
        &self.raw
    }

    /// Follows a local `$ref` (`#/$defs/name`), as often as it is chained.
    pub fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(r) = node.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(target) = r.strip_prefix('#').and_then(|ptr| self.raw.pointer(ptr)) else {
                break;
            };
            node = target;
        }
        node
    }

    /// The schema of field `key` of the object schema `node`.
    pub fn property<'a>(&'a self, node: &'a Value, key: &str) -> Option<&'a Value> {
        let node = self.resolve(node);
        node.get("properties")?.get(key).map(|n| self.resolve(n))
    }

    /// The item schema of the array schema `node`.
    pub fn items<'a>(&'a self, node: &'a Value) -> Option<&'a Value> {
        self.resolve(node).get("items").map(|n| self.resolve(n))
    }

    /// The names of the fields an object schema allows.
    pub fn property_names<'a>(&'a self, node: &'a Value) -> Vec<&'a str> {
        self.resolve(node)
            .get("properties")
            .and_then(Value::as_object)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The declared `type` of a schema node (`object`, `array`, `string`, …), if it has one.
    pub fn type_of<'a>(&'a self, node: &'a Value) -> Option<&'a str> {
        self.resolve(node).get("type").and_then(Value::as_str)
    }

    /// Walks `keys` from `node`. On failure returns how many keys resolved and a suggestion.
    pub fn walk<'a>(&'a self, node: &'a Value, keys: &[Box<str>]) -> Result<&'a Value, PathMiss> {
        let mut here = self.resolve(node);
        for (i, key) in keys.iter().enumerate() {
            match self.property(here, key) {
                Some(next) => here = next,
                None => {
                    let names = self.property_names(here);
                    let is_object = self.type_of(here) == Some("object") || !names.is_empty();
                    return Err(PathMiss {
                        resolved: i,
                        suggestion: is_object.then(|| closest(key, &names)).flatten(),
                        not_an_object: !is_object,
                        type_found: self.type_of(here).map(str::to_owned),
                    });
                }
            }
        }
        Ok(here)
    }

    /// Whether a node describes a document supplied as evidence (`$defs/evidence`: it has a
    /// `status` and a `provided` field).
    pub fn is_evidence(&self, node: &Value) -> bool {
        let names = self.property_names(node);
        names.contains(&"status") && names.contains(&"provided")
    }

    /// Whether the field a node describes holds personal data (`"x-personal": true`).
    pub fn is_personal(&self, node: &Value) -> bool {
        self.resolve(node).get("x-personal") == Some(&Value::Bool(true))
    }

    /// Whether a node is personal or has a personal field somewhere below it.
    pub fn holds_personal(&self, node: &Value) -> bool {
        self.holds_personal_within(node, 32)
    }

    // The depth bound keeps a (hypothetical) recursive `$ref` from looping.
    fn holds_personal_within(&self, node: &Value, depth: usize) -> bool {
        let node = self.resolve(node);
        if self.is_personal(node) {
            return true;
        }
        if depth == 0 {
            return false;
        }
        let below = |n: &Value| self.holds_personal_within(n, depth - 1);
        self.items(node).is_some_and(below)
            || self
                .property_names(node)
                .into_iter()
                .filter_map(|k| self.property(node, k))
                .any(below)
    }

    /// The schema node for a concrete path (keys and array indexes), for error messages.
    pub fn node_for_pointer<'a>(&'a self, pointer_segments: &[String]) -> Option<&'a Value> {
        let mut here = self.resolve(&self.raw);
        for seg in pointer_segments {
            here = match self.property(here, seg) {
                Some(next) => next,
                None if seg.parse::<usize>().is_ok() => self.items(here)?,
                None => return None,
            };
        }
        Some(here)
    }
}

/// Why a rule path does not exist in the submission schema.
#[derive(Debug, Clone)]
pub struct PathMiss {
    /// How many leading keys did resolve.
    pub resolved: usize,
    pub suggestion: Option<String>,
    pub not_an_object: bool,
    pub type_found: Option<String>,
}

/// The longest key a message quotes whole; a longer one (a generated or hostile file) is cut.
const KEY_SHOWN: usize = 60;

/// A key as messages quote it: at most [`KEY_SHOWN`] characters, then how long it really is.
pub fn short_key(key: &str) -> std::borrow::Cow<'_, str> {
    let n = key.chars().count();
    if n <= KEY_SHOWN {
        return key.into();
    }
    let head: String = key.chars().take(KEY_SHOWN).collect();
    format!("{head}… ({n} characters)").into()
}

/// The fix for an unknown key: a key that looks like a known one but has a non-ASCII letter in
/// it (a Cyrillic `а` in `nаme`) is named as such, with the nearest known key; else the nearest
/// known key, if one is close.
pub fn unknown_key_hint(key: &str, names: &[&str]) -> Option<String> {
    let near = closest(key, names);
    let odd = key
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii() && c.is_alphabetic());
    match (odd, near) {
        (Some((i, c)), near) if key.chars().count() <= KEY_SHOWN => Some(format!(
            "the key has a non-ASCII character, `{c}` (U+{:04X}) at character {}, which may only look like a letter of the known names{}",
            u32::from(c),
            i + 1,
            near.map_or_else(String::new, |n| format!("; did you mean `{n}`?"))
        )),
        (_, Some(n)) => Some(format!("did you mean `{n}`?")),
        _ => None,
    }
}

/// The known name nearest to `word`, if one is close enough to be a plausible typo (never for a
/// word far longer than any name, which could not be a typo and would be slow to compare).
pub fn closest(word: &str, candidates: &[&str]) -> Option<String> {
    if word.len() > 4 * KEY_SHOWN {
        return None;
    }
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let names = ["clinical_safety", "company", "product"];
        assert_eq!(
            closest("clinical_saftey", &names).as_deref(),
            Some("clinical_safety")
        );
        assert_eq!(closest("zzz", &names), None);
    }
}
