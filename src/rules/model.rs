//! The serde model of a rule file as written (`rules/<pack>/<area>.toml`), and the small enums
//! shared by rules, the engine and reports: severity, outcome, kind.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A rule file: a list of `[[rule]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDef {
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

/// One `[[rule]]` table before compilation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub title: String,
    pub area: String,
    pub severity: Severity,
    #[serde(default)]
    pub refs: Vec<String>,
    #[serde(default)]
    pub kind: Kind,
    pub when: Option<Value>,
    pub check: Value,
    #[serde(default)]
    pub remedy: String,
    #[serde(default)]
    pub doc: String,
    pub score: Option<String>,
    pub weight: Option<f64>,
    /// The decisions (and parts) this rule's outcome counts towards, e.g. `["dcb0129.3",
    /// "dtac.C1"]`: the first is where the finding is listed, the others count the same gap.
    #[serde(default)]
    pub feeds: Vec<String>,
    /// What a value the check needs but the submission leaves out means: `fail` (the form asks
    /// for it; the default) or `outstanding` (it lives in the document named by `look_in`).
    pub missing: Option<Missing>,
    /// The document (an evidence object in the submission) that holds what `check` reads.
    pub look_in: Option<String>,
    /// Rules that must pass first: when one did not, this rule is `not_evaluated`.
    #[serde(default)]
    pub requires: Vec<String>,
    /// For a trigger encoding the form's skip logic ("C3.2 Yes: skip C3.3–C3.6"): the DTAC
    /// questions it takes out when it fires, e.g. `["DTAC 2.0 C3.3", "DTAC 2.0 C3.4"]`, or
    /// `["DTAC 1.0"]` for a whole form.
    #[serde(default)]
    pub skips: Vec<String>,
    /// The headline status this rule gives its decision when it applies (a check whose `when`
    /// held, a trigger that fired), e.g. `required` for the DPIA duty.
    pub sets: Option<String>,
    #[serde(default)]
    pub example: Vec<Example>,
}

/// What a value that a check needs means when the submission leaves it out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// A question the form asks and the submission leaves unanswered: the rule fails.
    #[default]
    Fail,
    /// A detail held inside a supplied document: evidence outstanding, to verify there.
    Outstanding,
}

/// An example submission fragment and the outcome the rule must give for it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub expect: Outcome,
    pub input: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The as-of date to run this example at (YYYY-MM-DD), for a rule about a fixed deadline;
    /// by default the examples' common date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

/// A rule's examples, read when first asked for: a built-in rule's come as the JSON the build
/// set aside, so a check (which never runs them) does not parse a third of the rules' text.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    raw: Option<&'static str>,
    parsed: std::sync::OnceLock<Vec<Example>>,
}

impl Examples {
    /// Examples already read.
    pub fn read(list: Vec<Example>) -> Self {
        Self {
            raw: None,
            parsed: std::sync::OnceLock::from(list),
        }
    }

    /// Examples as the build set them aside (a JSON list; empty when there are none).
    pub fn deferred(raw: &'static str) -> Self {
        Self {
            raw: Some(raw),
            parsed: std::sync::OnceLock::new(),
        }
    }
}

impl std::ops::Deref for Examples {
    type Target = [Example];

    fn deref(&self) -> &[Example] {
        self.parsed.get_or_init(|| {
            self.raw
                .filter(|r| !r.is_empty())
                .and_then(|r| serde_json::from_str(r).ok())
                .unwrap_or_default()
        })
    }
}

impl Serialize for Examples {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// How much a failure matters. Ordered: `Info < Minor < Major < Blocker`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Minor,
    #[default]
    Major,
    Blocker,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Minor => "minor",
            Self::Major => "major",
            Self::Blocker => "blocker",
        }
    }
}

/// A `check` rule passes or fails; a `trigger` rule fires or does not (a DPIA trigger, say).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Check,
    Trigger,
}

/// What evaluating one rule against one submission gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    /// Evidence outstanding: the fact is in a supplied document, in progress or a placeholder.
    Outstanding,
    /// A rule this one requires did not pass, so this one could not be judged.
    NotEvaluated,
    NotApplicable,
    Fired,
    NotFired,
    Waived,
    Error,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Outstanding => "outstanding",
            Self::NotEvaluated => "not_evaluated",
            Self::NotApplicable => "not_applicable",
            Self::Fired => "fired",
            Self::NotFired => "not_fired",
            Self::Waived => "waived",
            Self::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        serde_json::from_value(Value::String(s.to_owned())).ok()
    }
}

/// The assessed areas findings are grouped by, in report order, with their display names.
pub const AREAS: &[(&str, &str)] = &[
    ("company", "Company information (DTAC A)"),
    ("product", "Value proposition and product (DTAC B)"),
    (
        "clinical-safety",
        "Clinical safety (DTAC C1, DCB0129, DCB0160)",
    ),
    ("data-protection", "Data protection (DTAC C2, UK GDPR DPIA)"),
    ("technical-security", "Technical security (DTAC C3)"),
    ("interoperability", "Interoperability (DTAC C4)"),
    (
        "usability-accessibility",
        "Usability and accessibility (DTAC D1)",
    ),
    ("transparency", "Algorithmic transparency (ATRS)"),
];

/// The display name of an area.
pub fn area_title(area: &str) -> &str {
    AREAS
        .iter()
        .find(|(id, _)| *id == area)
        .map_or(area, |(_, t)| t)
}
