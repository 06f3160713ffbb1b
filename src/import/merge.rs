//! Puts an imported part (a hazard log's hazards, or a compliance assessment) into a
//! submission, every other field of the submission kept as written.

use super::{Imported, Kind};
use serde_json::{Map, Value};

/// Merges `imported` into `value`: a hazard log replaces the submission's hazards (and gives
/// the log's document if the submission names none), a compliance assessment replaces its
/// assessment; anything else is refused. A submission that reads its hazards from a
/// `hazard_log.source` at check time is refused too, since the merged hazards would be replaced.
pub fn merge(value: &mut Value, imported: &Imported) -> Result<(), String> {
    let hazards = match imported.kind {
        Kind::HazardLog => true,
        Kind::Compliance => false,
        Kind::Dtac => return Err("a DTAC form is a whole submission, not a part of one".into()),
    };
    if hazards
        && value
            .pointer("/clinical_safety/hazard_log/source")
            .is_some()
    {
        return Err(
            "it reads its hazards from `clinical_safety.hazard_log.source` at check time; remove `source` to merge them in instead"
                .into(),
        );
    }
    let safety = object_at(
        value
            .as_object_mut()
            .ok_or("the submission is not a JSON object")?,
        "clinical_safety",
    )?;
    let part = |p: &str| imported.submission.pointer(p).cloned();
    if hazards {
        let log = object_at(safety, "hazard_log")?;
        if !log.contains_key("document") {
            if let Some(doc) = part("/clinical_safety/hazard_log/document") {
                log.insert("document".into(), doc);
            }
        }
        let list = part("/clinical_safety/hazard_log/hazards").unwrap_or(Value::Array(vec![]));
        log.insert("hazards".into(), list);
    } else if let Some(assessment) = part("/clinical_safety/compliance_assessment") {
        safety.insert("compliance_assessment".into(), assessment);
    }
    Ok(())
}

/// The object under `key`, made if absent; an error naming the key if it is something else.
fn object_at<'a>(
    map: &'a mut Map<String, Value>,
    key: &str,
) -> Result<&'a mut Map<String, Value>, String> {
    map.entry(key)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| format!("`{key}` is not an object"))
}
