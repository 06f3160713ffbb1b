//! How a finding is written in the machine-readable formats: in full when it needs action (or
//! `--findings full` asked), otherwise by its rule id and outcome alone, the rule's words being
//! written once per run in the rule catalogue ([`RuleEntry`]).

use super::Finding;
use crate::rules::{Kind, Rule, Severity};
use serde::ser::{Serialize, SerializeStruct, Serializer};

impl Serialize for Finding<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.brief {
            let mut out = s.serialize_struct("Finding", 2)?;
            out.serialize_field("rule", self.rule)?;
            out.serialize_field("outcome", &self.outcome)?;
            return out.end();
        }
        let mut out = s.serialize_struct("Finding", 22)?;
        out.serialize_field("rule", self.rule)?;
        out.serialize_field("title", self.title)?;
        out.serialize_field("pack", self.pack)?;
        out.serialize_field("area", self.area)?;
        out.serialize_field("decision", self.decision)?;
        out.serialize_field("part", self.part)?;
        if !self.also.is_empty() {
            out.serialize_field("also", &self.also)?;
        }
        out.serialize_field("severity", &self.severity)?;
        if self.advisory {
            out.serialize_field("advisory", &true)?;
        }
        out.serialize_field("refs", self.refs)?;
        out.serialize_field("outcome", &self.outcome)?;
        out.serialize_field("message", &*self.message)?;
        optional(&mut out, "path", &self.path)?;
        optional(&mut out, "observed", &self.observed)?;
        optional(&mut out, "expected", &self.expected)?;
        optional(&mut out, "location", &self.location)?;
        optional(&mut out, "look_in", &self.look_in)?;
        optional(&mut out, "under", &self.under)?;
        out.serialize_field("remedy", self.remedy)?;
        if !self.evidence.is_empty() {
            out.serialize_field("evidence", &self.evidence)?;
        }
        optional(&mut out, "waiver", &self.waiver)?;
        out.end()
    }
}

fn optional<S: SerializeStruct, T: Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(v) => out.serialize_field(key, v),
        None => Ok(()),
    }
}

/// One rule's words in the run's catalogue, borrowed from the rule set. Its `doc` (what it
/// checks and why, two thirds of the words) is left to `assure rules explain ID`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleEntry<'r> {
    pub id: &'r str,
    pub title: &'r str,
    pub pack: &'r str,
    pub area: &'r str,
    pub kind: Kind,
    /// The decision and part its findings are listed under.
    pub decision: &'static str,
    pub part: &'static str,
    /// The other decisions it counts towards, as `decision.part`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    pub severity: Severity,
    pub refs: &'r [String],
    pub remedy: &'r str,
}

impl<'r> RuleEntry<'r> {
    pub fn of(rule: &'r Rule) -> Self {
        Self {
            id: &rule.id,
            title: &rule.title,
            pack: &rule.pack,
            area: &rule.area,
            kind: rule.kind,
            decision: rule.feeds[0].decision.id,
            part: rule.feeds[0].part.id,
            also: rule.feeds[1..].iter().map(|f| f.id()).collect(),
            severity: rule.severity,
            refs: &rule.refs,
            remedy: &rule.remedy,
        }
    }
}
