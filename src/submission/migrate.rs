//! `assure migrate`: brings a submission written for an older `schema_version` up to the
//! current one. Version 2 (the DTAC 2.0 questions, and a `status` on every document) reads every
//! version-1 submission unchanged, so migrating is optional; it rewrites each document's
//! `provided` flag as the explicit `status` the form's answers use ("provided", "not_provided"),
//! and sets `schema_version` to "2". Nothing else changes, and key order is kept.

use crate::schema::Schema;
use serde_json::{Map, Value};

/// The schema version `assure init` writes and `migrate` produces.
pub const CURRENT: &str = "2";

/// What migrating did, one line per change, for the user to read.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Migrated {
    pub changes: Vec<String>,
}

/// Upgrades `value` in place to [`CURRENT`]; an error names what stops it (not a submission, or a
/// version this program does not know).
pub fn migrate(value: &mut Value) -> Result<Migrated, String> {
    let Some(root) = value.as_object_mut() else {
        return Err("a submission is a JSON object".into());
    };
    let from = root
        .get("schema_version")
        .and_then(Value::as_str)
        .map(str::to_owned);
    match from.as_deref() {
        Some(CURRENT) => return Ok(Migrated::default()),
        Some("1") => {}
        Some(other) => {
            return Err(format!(
                "`schema_version` is `{other}`, which this version of assure does not know (it reads 1 and {CURRENT})"
            ));
        }
        None => return Err("it has no top-level `schema_version`: is it a submission?".into()),
    }
    let mut out = Migrated::default();
    root.insert("schema_version".into(), Value::String(CURRENT.into()));
    out.changes
        .push(format!("`schema_version`: \"1\" → \"{CURRENT}\""));
    let schema = Schema::submission();
    statuses(schema, schema.root(), value, String::new(), &mut out);
    Ok(out)
}

/// Walks `value` beside its schema node, rewriting `provided` on every document.
fn statuses(schema: &Schema, node: &Value, value: &mut Value, at: String, out: &mut Migrated) {
    match value {
        Value::Object(map) => {
            if schema.is_evidence(node) {
                provided_to_status(map, &at, out);
            }
            for (key, child) in map.iter_mut() {
                if let Some(n) = schema.property(node, key) {
                    let path = if at.is_empty() {
                        key.clone()
                    } else {
                        format!("{at}.{key}")
                    };
                    statuses(schema, n, child, path, out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(n) = schema.items(node) {
                for (i, item) in items.iter_mut().enumerate() {
                    statuses(schema, n, item, format!("{at}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

/// `provided: true|false` becomes `status: "provided"|"not_provided"` in the same place, unless
/// the document already says its `status`.
fn provided_to_status(map: &mut Map<String, Value>, at: &str, out: &mut Migrated) {
    let Some(provided) = map.get("provided").and_then(Value::as_bool) else {
        return;
    };
    if map.contains_key("status") {
        return;
    }
    let status = if provided { "provided" } else { "not_provided" };
    let rebuilt: Map<String, Value> = std::mem::take(map)
        .into_iter()
        .map(|(k, v)| {
            if k == "provided" {
                ("status".to_owned(), Value::String(status.into()))
            } else {
                (k, v)
            }
        })
        .collect();
    *map = rebuilt;
    out.changes.push(format!(
        "`{at}`: `provided = {provided}` → `status = \"{status}\"`"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn version_1_becomes_2_with_document_statuses_in_place() {
        let mut v = json!({
            "schema_version": "1",
            "clinical_safety": { "safety_case_report": { "version": "7", "document": { "provided": true, "title": "CSCR" } } },
            "product": { "user_journeys": { "provided": false } }
        });
        let m = migrate(&mut v).unwrap();
        assert_eq!(v["schema_version"], "2");
        let doc = &v["clinical_safety"]["safety_case_report"]["document"];
        assert_eq!(doc["status"], "provided");
        assert!(doc.get("provided").is_none());
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["status", "title"],
            "the status takes provided's place"
        );
        assert_eq!(v["product"]["user_journeys"]["status"], "not_provided");
        assert_eq!(m.changes.len(), 3, "{:?}", m.changes);
        // Migrating again changes nothing; an unknown version is refused.
        assert_eq!(migrate(&mut v).unwrap(), Migrated::default());
        assert!(migrate(&mut json!({ "schema_version": "9" })).is_err());
        assert!(migrate(&mut json!({ "product": {} })).is_err());
    }
}
