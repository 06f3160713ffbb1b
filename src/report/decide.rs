//! The decisions a report leads with, derived from its findings: each part's status from the
//! findings that feed it, each decision's from its assessed parts. A failure of a rule at `info`
//! severity is an observation and moves nothing; a part that is only context (DTAC A, B and
//! D1, the DPIA triggers, the ATRS scope) is shown but never moves its decision. A finding not
//! evaluated stands for the rule it waits on: when that rule failed, the parts the waiting rule
//! feeds are not met either (the gap is one finding, but it is felt in every decision it blocks).

use super::{Counts, Finding};
use crate::rules::decisions::{DECISIONS, DecisionDef};
use crate::rules::{Outcome, Severity};
use serde::Serialize;

/// Where a decision or one of its parts stands, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A requirement is stated and not met (or a question the form asks is unanswered).
    NotMet,
    /// A rule could not be evaluated (a malformed value the schema let through).
    Incomplete,
    /// Nothing fails, but evidence is outstanding: to verify in a document, or to ask for.
    Outstanding,
    Met,
    /// None of its rules applied.
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotMet => "not_met",
            Self::Incomplete => "incomplete",
            Self::Outstanding => "outstanding",
            Self::Met => "met",
            Self::NotApplicable => "not_applicable",
        }
    }
}

/// One decision of one submission.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub decision: String,
    pub title: String,
    pub status: Status,
    /// The status in the standard's own words: "meets", "not compliant", "evidence outstanding".
    pub words: String,
    /// The headline level where the decision has one: the DPIA duty (`required`, `advised`,
    /// `not_required`), the ATRS scope (`mandatory`, `advisory`, `not_in_scope`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The trigger rules that fired (the DPIA criteria), in rule order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    /// The DTAC form version the submission declares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form_version: Option<String>,
    /// Its findings are shown but never counted by `--fail-on`, and move no other decision.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub advisory: bool,
    pub parts: Vec<PartSummary>,
}

/// One part of a decision.
#[derive(Debug, Clone, Serialize)]
pub struct PartSummary {
    pub part: String,
    pub title: String,
    /// Whether the part moves the decision (false for context and scored parts).
    pub assessed: bool,
    pub status: Status,
    pub counts: Counts,
}

/// What the rules that set a decision's level said: for each decision, the level and the fired
/// triggers. Computed when the report is built, since it needs the rules' `sets`.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    pub by_decision: Vec<(&'static str, Option<String>, Vec<String>)>,
}

impl Levels {
    fn of(&self, id: &str) -> (Option<String>, Vec<String>) {
        self.by_decision
            .iter()
            .find(|(d, _, _)| *d == id)
            .map(|(_, l, c)| (l.clone(), c.clone()))
            .unwrap_or_default()
    }
}

/// The decisions of a report, from its findings (after waivers, if any) and the levels.
pub fn decide(findings: &[Finding], levels: &Levels, form_version: Option<&str>) -> Vec<Decision> {
    let sorted = Sorted::of(findings);
    DECISIONS
        .iter()
        .enumerate()
        .filter_map(|(di, d)| {
            let (mine, by_part) = &sorted.0[di];
            if mine.is_empty() {
                return None;
            }
            let parts: Vec<PartSummary> = d
                .parts
                .iter()
                .zip(by_part)
                .filter(|(_, of_part)| !of_part.is_empty())
                .map(|(p, of_part)| PartSummary {
                    part: p.id.into(),
                    title: p.title.into(),
                    assessed: p.counts,
                    status: status(of_part.iter().copied(), findings),
                    counts: super::build::count(of_part.iter().copied()),
                })
                .collect();
            let status = parts
                .iter()
                .filter(|p| p.assessed)
                .map(|p| p.status)
                .min()
                .unwrap_or(Status::NotApplicable);
            let (level, criteria) = levels.of(d.id);
            let advisory = d.advisory_at(level.as_deref()) && level.is_some();
            let settled = d
                .settles
                .iter()
                .find(|(l, _)| level.as_deref() == Some(*l))
                .map(|(_, w)| *w);
            let status = if settled.is_some() {
                Status::NotMet
            } else {
                status
            };
            Some(Decision {
                decision: d.id.into(),
                title: d.title.into(),
                status,
                words: settled.map_or_else(|| words(d, status), str::to_owned),
                level,
                criteria,
                form_version: (d.id == "dtac")
                    .then(|| form_version.map(str::to_owned))
                    .flatten(),
                advisory,
                parts,
            })
        })
        .collect()
}

/// Each decision's findings, and each of its parts' findings, in finding order: one pass over
/// the findings (a decision per finding and per `also`), not one per decision and part.
struct Sorted<'a, 'r>(Vec<(Vec<&'a Finding<'r>>, Vec<Vec<&'a Finding<'r>>>)>);

impl<'a, 'r> Sorted<'a, 'r> {
    fn of(findings: &'a [Finding<'r>]) -> Self {
        let mut out: Vec<(Vec<&Finding>, Vec<Vec<&Finding>>)> = DECISIONS
            .iter()
            .map(|d| (Vec::new(), vec![Vec::new(); d.parts.len()]))
            .collect();
        for f in findings {
            let fed = std::iter::once((f.decision, f.part))
                .chain(f.also.iter().filter_map(|a| a.split_once('.')));
            for (d, p) in fed {
                let Some(di) = DECISIONS.iter().position(|x| x.id == d) else {
                    continue;
                };
                let (mine, parts) = &mut out[di];
                if !mine.last().is_some_and(|m| std::ptr::eq(*m, f)) {
                    mine.push(f);
                }
                if let Some(pi) = DECISIONS[di].parts.iter().position(|x| x.id == p) {
                    if !parts[pi].last().is_some_and(|m| std::ptr::eq(*m, f)) {
                        parts[pi].push(f);
                    }
                }
            }
        }
        Self(out)
    }
}

/// A part's status from its findings: a failure (above `info`) means not met; else an error
/// means incomplete; else outstanding evidence; else met when anything passed; else not
/// applicable. Waived failures count as met; a not-evaluated finding counts as the rule it
/// waits on (looked up among `all`), at its own severity.
pub fn status<'a, 'r: 'a>(
    findings: impl Iterator<Item = &'a Finding<'r>>,
    all: &[Finding<'_>],
) -> Status {
    findings
        .map(|f| {
            let outcome = match (f.outcome, &f.under) {
                (Outcome::NotEvaluated, Some(root)) => all
                    .iter()
                    .find(|r| &r.rule == root)
                    .map_or(Outcome::NotEvaluated, |r| r.outcome),
                (o, _) => o,
            };
            one(outcome, f.severity)
        })
        .min()
        .unwrap_or(Status::NotApplicable)
}

/// What one outcome, at one severity, says about its part.
fn one(outcome: Outcome, severity: Severity) -> Status {
    match outcome {
        Outcome::Fail if severity > Severity::Info => Status::NotMet,
        Outcome::Error => Status::Incomplete,
        Outcome::Outstanding if severity > Severity::Info => Status::Outstanding,
        Outcome::Pass | Outcome::Waived | Outcome::Fired => Status::Met,
        Outcome::Fail | Outcome::Outstanding => Status::Met,
        Outcome::NotApplicable | Outcome::NotFired | Outcome::NotEvaluated => Status::NotApplicable,
    }
}

/// The status of a decision in its standard's words.
pub fn words(d: &DecisionDef, s: Status) -> String {
    match s {
        Status::Met => d.met.into(),
        Status::NotMet => d.not_met.into(),
        Status::Outstanding => "evidence outstanding".into(),
        Status::Incomplete => "incomplete: some rules could not be evaluated".into(),
        Status::NotApplicable => "not applicable".into(),
    }
}

/// Recomputes the statuses of `decisions` from `findings` (after waivers changed outcomes),
/// keeping their levels and criteria.
pub fn restate(decisions: &mut Vec<Decision>, findings: &[Finding]) {
    let levels = Levels {
        by_decision: decisions
            .iter()
            .filter_map(|d| {
                let def = crate::rules::decisions::decision(&d.decision)?;
                Some((def.id, d.level.clone(), d.criteria.clone()))
            })
            .collect(),
    };
    let form = decisions.iter().find_map(|d| d.form_version.clone());
    let shown: Vec<String> = decisions.iter().map(|d| d.decision.clone()).collect();
    *decisions = decide(findings, &levels, form.as_deref());
    decisions.retain(|d| shown.contains(&d.decision));
}
