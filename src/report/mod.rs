//! The findings model (what a run produced) and one renderer per output format. The model is
//! what `schemas/report.schema.json` describes; renderers only read it.

mod build;
pub mod csv;
pub mod escape;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod markdown;
pub mod matrix;
pub mod present;
pub mod redact;
pub mod sarif;
mod scrub;
pub mod stream;
pub mod terminal;
pub mod text;
pub mod waiver;

pub use build::{build_report, build_run, fact, summarise};
pub use waiver::{
    FindingWaiver, WaivedFinding, WaiverBinding, WaiverStatus, WaiverSummary, WaiverUse,
};

use crate::rules::{Outcome, Severity};
use crate::submission::SchemaProblem;
use serde::Serialize;
use serde_json::Value;

/// Everything one `assure check` produced: a report per readable input, an entry per unreadable one.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub format: &'static str,
    pub schema_version: &'static str,
    pub tool: Tool,
    pub as_of: String,
    pub rules: RulesInfo,
    pub reports: Vec<Report>,
    pub errors: Vec<InputFailure>,
    /// What each waiver did, when a waivers file was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waivers: Option<WaiverSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct RulesInfo {
    pub hash: String,
    pub packs: Vec<String>,
    pub count: usize,
}

/// An input that could not be read or validated.
#[derive(Debug, Clone, Serialize)]
pub struct InputFailure {
    pub file: String,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<SchemaProblem>,
}

/// The findings for one submission.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file: String,
    pub input_hash: String,
    pub submission: Header,
    pub verdict: Verdict,
    pub counts: Counts,
    pub areas: Vec<AreaSummary>,
    pub scores: Vec<Score>,
    pub findings: Vec<Finding>,
}

/// Who and what the submission is about, as it says itself.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Header {
    pub id: Option<String>,
    pub product: Option<String>,
    pub version: Option<String>,
    pub supplier: Option<String>,
    pub role: Option<String>,
    pub dtac_version: Option<String>,
    /// The supplier's Companies House or charity number (a deployer's ODS code): what a waiver's
    /// company binding is checked against. Not part of the report.
    #[serde(skip)]
    pub registration: Option<String>,
}

/// The overall call, worst first: a failed blocker means the evidence does not meet the standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    DoesNotMeet,
    Incomplete,
    Conditional,
    Meets,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DoesNotMeet => "does not meet",
            Self::Incomplete => "incomplete",
            Self::Conditional => "conditional",
            Self::Meets => "meets",
        }
    }

    pub fn explain(self) -> &'static str {
        match self {
            Self::DoesNotMeet => "a blocker failed",
            Self::Incomplete => "some rules could not be evaluated",
            Self::Conditional => "major findings need fixing",
            Self::Meets => "no blocker or major finding failed",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub not_applicable: usize,
    pub fired: usize,
    pub not_fired: usize,
    pub waived: usize,
    pub error: usize,
    pub failed_blocker: usize,
    pub failed_major: usize,
    pub failed_minor: usize,
    pub failed_info: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaSummary {
    pub area: String,
    pub title: String,
    pub verdict: Verdict,
    pub counts: Counts,
}

/// A weighted score such as the DTAC D1 compliance rating.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub name: String,
    pub percent: f64,
    pub achieved: f64,
    pub possible: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// One rule's result on one submission, explained.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub title: String,
    pub pack: String,
    pub area: String,
    pub severity: Severity,
    pub refs: Vec<String>,
    pub outcome: Outcome,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub remedy: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceItem>,
    /// The waiver that covers this finding (`waived`), or that expired (still `fail`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<FindingWaiver>,
}

/// One value that decided a finding.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The value found, or a description of it; absent when the value is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<Value>,
    pub missing: bool,
    pub expected: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Report {
    /// Whether any finding failed (or could not be evaluated) at or above `threshold`.
    pub fn fails_at(&self, threshold: Severity) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity >= threshold && matches!(f.outcome, Outcome::Fail | Outcome::Error))
    }
}
