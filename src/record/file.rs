//! The assessment record file: a TOML file beside the submission (`schemas/record.schema.json`).
//! Reading reports every problem at once with `file:line:col`, as the waivers and project-file
//! readers do: unknown or missing keys (with the nearest known one), values of the wrong type,
//! dates that are not dates.

use crate::config::{PolicyError, PolicyErrors};
use crate::rules::toml_json;
use crate::schema::Schema;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One assessment record, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordFile {
    pub hashes: Hashes,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub person: Vec<Person>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision: Vec<RecordedDecision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub condition: Vec<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clarification: Vec<Clarification>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lookup: Vec<Lookup>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Hashes {
    pub submission: String,
    pub rules: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_off: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedDecision {
    pub part: String,
    pub outcome: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub what: String,
    pub owner: String,
    pub due: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clarification {
    pub question: String,
    pub asked: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Lookup {
    pub register: String,
    pub date: String,
    pub showed: String,
}

/// A record read from a file: its name, its content hash, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub file: String,
    pub hash: String,
    pub record: RecordFile,
}

impl Loaded {
    /// Reads and checks a record file.
    pub fn read(path: &Path) -> Result<Self, PolicyErrors> {
        let name = crate::inputs::name(path);
        let text = crate::config::read_policy_file(path, "assessment record")?;
        Self::parse(&name, &text)
    }

    /// Checks the text of a record file named `file`; returns every problem at once.
    pub fn parse(file: &str, text: &str) -> Result<Self, PolicyErrors> {
        let at = |offset: usize, message: String, hint: Option<String>| {
            PolicyError::at(file, text, offset, message, hint)
        };
        let (value, spans) = toml_json::parse(text).map_err(|e| {
            PolicyErrors(vec![at(
                e.offset,
                format!("not valid TOML: {}", e.message),
                None,
            )])
        })?;
        let errors: Vec<PolicyError> = toml_json::schema_problems(Schema::record(), &value, &spans)
            .into_iter()
            .map(|(o, m, h)| at(o, m, h))
            .collect();
        if !errors.is_empty() {
            return Err(PolicyErrors::sorted(errors));
        }
        let record: RecordFile = serde_json::from_value(value)
            .map_err(|e| PolicyErrors(vec![at(0, format!("cannot read the record: {e}"), None)]))?;
        Ok(Self {
            file: file.to_owned(),
            hash: crate::submission::sha256_hex(text.as_bytes()),
            record,
        })
    }
}

/// Where a submission's record is looked for: `x.json` → `x.record.toml` beside it.
pub fn beside(submission: &Path) -> PathBuf {
    let stem = submission
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    submission.with_file_name(format!("{stem}.record.toml"))
}

/// A starter record with the current hashes and a commented example of every table.
pub fn starter(submission_hash: &str, rules_hash: &str) -> String {
    format!(
        r#"# Assessment record (schemas/record.schema.json). `assure check` reads it from beside the
# submission (or `--record FILE`), shows it in every format and flags overdue conditions,
# unanswered clarifications, hashes that no longer match and decisions that differ from the tool's.

[hashes]
submission = "{submission_hash}"
rules = "{rules_hash}"

# [[person]]
# name = "A. Assessor"
# role = "assessor"          # assessor | cso | ig_lead | dpo | approver
# signed_off = 2026-11-01

# [[decision]]
# part = "dtac.C3"           # dtac, dcb0129, dcb0160, dpia, atrs, or a part such as dtac.C1
# outcome = "met_with_conditions"   # met | met_with_conditions | not_met | outstanding | not_applicable
# date = 2026-11-01
# by = "A. Assessor"

# [[condition]]
# what = "Send the retest summary for the two high findings"
# owner = "Supplier CTO"
# due = 2026-12-01
# answers = "DTAC-C3-02"

# [[clarification]]
# question = "Which hosting region holds the backups?"
# asked = 2026-11-01
# answer = "UK South only"
# answered = 2026-11-05

# [[lookup]]
# register = "ICO"
# date = 2026-11-01
# showed = "Registered, expires 2027-06-30"
"#
    )
}
