//! The findings model (what a run produced) and one renderer per output format. The model is
//! what `schemas/report.schema.json` describes; renderers only read it.

mod build;
pub mod columns;
pub mod csv;
pub mod decide;
pub mod escape;
pub mod evidence;
mod finding_json;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod markdown;
pub mod matrix;
pub mod present;
pub mod record;
pub mod redact;
pub mod register;
pub mod sarif;
mod scrub;
pub mod stream;
pub mod terminal;
pub mod text;
pub mod view;
pub mod waiver;

pub use build::{Detail, build_report, build_report_with, build_run, fact, summarise};
pub use decide::{Decision, PartSummary, Status};
pub use finding_json::RuleEntry;
pub use waiver::{
    FindingWaiver, WaivedFinding, WaiverBinding, WaiverStatus, WaiverSummary, WaiverUse,
};

use crate::rules::{Outcome, Severity};
use crate::submission::SchemaProblem;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

/// Everything one `assure check` produced: a report per readable input, an entry per unreadable one.
#[derive(Debug, Clone, Serialize)]
pub struct Run<'r> {
    pub format: &'static str,
    pub schema_version: &'static str,
    pub tool: Tool,
    pub as_of: String,
    pub rules: RulesInfo<'r>,
    /// The project file (`assure.toml`) whose policy the run used, or `None`.
    pub config: Option<String>,
    pub reports: Vec<Report<'r>>,
    pub errors: Vec<InputFailure>,
    /// What each waiver did, when a waivers file was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waivers: Option<WaiverSummary>,
    /// How the people-facing renderers lay the run out (not part of the report itself).
    #[serde(skip)]
    pub view: View,
}

/// Choices that change how a report reads, never what it says.
#[derive(Debug, Clone, Copy, Default)]
pub struct View {
    /// List every rule (passes and not-applicable ones too), not only what needs action.
    pub passing: bool,
    /// Only the decisions and what is not met; the rest is counted in one line.
    pub quiet: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct RulesInfo<'r> {
    pub hash: String,
    pub packs: Vec<String>,
    pub count: usize,
    /// Each reported rule's words, once per run: what a brief finding (rule id and outcome
    /// only) is read with.
    pub catalogue: Vec<RuleEntry<'r>>,
}

/// An input that could not be read or validated.
#[derive(Debug, Clone, Serialize)]
pub struct InputFailure {
    pub file: String,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<SchemaProblem>,
}

/// The findings for one submission: the decisions first, then every rule's finding.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'r> {
    pub file: String,
    pub input_hash: String,
    pub submission: Header,
    /// The assessor's decisions, each by its own standard (DTAC, DCB0129, DCB0160, DPIA, ATRS),
    /// for the decisions whose rules were run.
    pub decisions: Vec<Decision>,
    pub counts: Counts,
    /// How many answers in the submission are still placeholders or stated "to be completed".
    pub to_be_completed: usize,
    pub scores: Vec<Score>,
    /// When the evidence must be assessed again: the earliest lapse in its evidence register
    /// (`null` when nothing in it lapses).
    pub reassessment_due: Option<crate::record::Reassessment>,
    /// With `--expiring-within`: the evidence lapsing inside the window, soonest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expiring: Vec<crate::record::Expiring>,
    /// The assessment record given with `--record` (or found beside the submission), checked
    /// against this report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<Box<crate::record::RecordReview>>,
    pub findings: Vec<Finding<'r>>,
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub outstanding: usize,
    pub not_evaluated: usize,
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
    /// For a value imported from a spreadsheet or document: its cell (`Hazards!F12`), which
    /// is what the location shows; `line` and `column` are then its row and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl std::fmt::Display for Location {
    /// `file:line:col`, or `file:Sheet!F12` for an imported cell.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cell {
            Some(cell) => write!(f, "{}:{cell}", self.file),
            None => write!(f, "{}:{}:{}", self.file, self.line, self.column),
        }
    }
}

/// One rule's result on one submission, explained. The rule's own words (id, title, pack, area,
/// refs, remedy) are borrowed from the rule set, never copied: a passing finding costs its
/// outcome and little else.
#[derive(Debug, Clone)]
pub struct Finding<'r> {
    pub rule: &'r str,
    pub title: &'r str,
    pub pack: &'r str,
    pub area: &'r str,
    /// The decision and part the finding is listed under (the rule's first `feeds`).
    pub decision: &'static str,
    pub part: &'static str,
    /// The other decisions it counts towards, as `decision.part` (one gap, one finding).
    pub also: Vec<String>,
    pub severity: Severity,
    /// Shown but never counted by `--fail-on`: its decision is advisory here (ATRS outside the
    /// mandatory scope).
    pub advisory: bool,
    pub refs: &'r [String],
    pub outcome: Outcome,
    pub message: Cow<'r, str>,
    pub path: Option<String>,
    pub observed: Option<Value>,
    pub expected: Option<String>,
    pub location: Option<Location>,
    /// For an outstanding finding: the document to verify it in.
    pub look_in: Option<DocumentRef>,
    /// For a finding not evaluated: the rule whose failure it waits on (shown under it).
    pub under: Option<&'r str>,
    pub remedy: &'r str,
    pub evidence: Vec<EvidenceItem>,
    /// The waiver that covers this finding (`waived`), or that expired (still `fail`).
    pub waiver: Option<FindingWaiver>,
    /// Whether the machine-readable formats carry it by rule id and outcome only (a pass, a
    /// trigger that did not fire, a rule that does not apply), its rule's words being in the
    /// run's rule catalogue. `--findings full` clears it.
    pub brief: bool,
}

impl Finding<'_> {
    /// Whether an outcome is carried briefly in the machine-readable formats.
    pub fn brief_outcome(outcome: Outcome) -> bool {
        matches!(
            outcome,
            Outcome::Pass | Outcome::NotApplicable | Outcome::NotFired
        )
    }
}

/// A document of the submission a detail is to be verified in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRef {
    pub path: String,
    /// The document's title as the submission gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
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
    /// Why the value cannot be judged yet: "to be completed", "in progress, expected by …",
    /// "to verify in the Clinical Safety Case Report v7.1".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// What makes a report count as failing (exit code 1): a finding at or above `fail_on` that is
/// not advisory, or a gated decision that is not met.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    pub fail_on: Severity,
    /// `--fail-on-decision`: decisions that fail the report when not met or incomplete, and,
    /// where the flag is `true`, when their evidence is outstanding too.
    pub decisions: Vec<(String, bool)>,
}

impl Gate {
    pub fn new(fail_on: Severity) -> Self {
        Self {
            fail_on,
            decisions: Vec::new(),
        }
    }

    /// Whether `r` fails this gate.
    pub fn fails(&self, r: &Report) -> bool {
        r.fails_at(self.fail_on)
            || self.decisions.iter().any(|(id, outstanding)| {
                r.decision(id).is_some_and(|d| match d.status {
                    Status::NotMet | Status::Incomplete => true,
                    Status::Outstanding => *outstanding,
                    Status::Met | Status::NotApplicable => false,
                })
            })
    }
}

impl Report<'_> {
    /// Whether any finding that is not advisory failed (or could not be evaluated) at or above
    /// `threshold`. Outstanding evidence is not a failure.
    pub fn fails_at(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| {
            !f.advisory
                && f.severity >= threshold
                && matches!(f.outcome, Outcome::Fail | Outcome::Error)
        })
    }

    /// The decision with this id, when its rules were run.
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.decision == id)
    }
}
