//! Runs every rule's examples: each example input (a submission fragment) must validate against
//! the submission schema and give the outcome it declares. Used by the test suite and by
//! `assure rules test`.

use crate::engine;
use crate::rules::{Outcome, RuleSet};
use crate::submission::Submission;
use jiff::civil::Date;
use serde_json::Value;

/// The date examples are evaluated as of, so their dates can be written once and stay valid.
pub const EXAMPLE_AS_OF: &str = "2026-11-01";

/// One example whose outcome differed from what it declared, or whose input is not valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub rule: String,
    pub example: usize,
    pub file: String,
    pub expected: Outcome,
    /// The outcome obtained, or `None` when the input did not validate.
    pub got: Option<Outcome>,
    pub detail: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let got = self.got.map_or("invalid input", Outcome::as_str);
        write!(
            f,
            "{} example {} ({}): expected {}, got {got}: {}",
            self.rule,
            self.example + 1,
            self.file,
            self.expected.as_str(),
            self.detail
        )
    }
}

/// Runs the examples of the selected rules; returns how many ran and the mismatches.
pub fn run(set: &RuleSet) -> (usize, Vec<Mismatch>) {
    let as_of: Date = EXAMPLE_AS_OF.parse().unwrap_or_default();
    let mut ran = 0;
    let mut bad = Vec::new();
    for (index, rule) in set
        .rules
        .iter()
        .enumerate()
        .filter(|(i, _)| set.selected[*i])
    {
        for (n, ex) in rule.examples.iter().enumerate() {
            ran += 1;
            let mismatch = |got, detail: String| Mismatch {
                rule: rule.id.clone(),
                example: n,
                file: rule.file.clone(),
                expected: ex.expect,
                got,
                detail,
            };
            let mut input = ex.input.clone();
            if let Value::Object(m) = &mut input {
                m.entry("schema_version")
                    .or_insert_with(|| Value::String(crate::submission::migrate::CURRENT.into()));
            }
            let text = serde_json::to_string_pretty(&input).unwrap_or_default();
            let sub = match Submission::parse(
                format!("{} example {}", rule.id, n + 1),
                text.as_bytes(),
            ) {
                Ok(s) => s,
                Err(e) => {
                    bad.push(mismatch(None, e.to_string()));
                    continue;
                }
            };
            let when = match ex.as_of.as_deref().map(crate::rules::dates::parse_date) {
                None => as_of,
                Some(Some(d)) => d,
                Some(None) => {
                    bad.push(mismatch(
                        None,
                        "the example's `as_of` is not a date in the form YYYY-MM-DD".into(),
                    ));
                    continue;
                }
            };
            let results = engine::run(set, &sub.value, when, false);
            let Some(result) = results.get(index).cloned().flatten() else {
                continue;
            };
            if result.outcome != ex.expect {
                let why = result
                    .error
                    .map(|e| e.message)
                    .or_else(|| result.evidence.first().map(crate::report::fact))
                    .unwrap_or_default();
                bad.push(mismatch(Some(result.outcome), why));
            }
        }
    }
    (ran, bad)
}
