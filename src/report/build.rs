//! Turns rule results into findings that explain themselves: message, path, observed and
//! expected values, `file:line:col`, refs and remedy; then the per-area summary, the verdict and
//! the weighted scores.

use super::{
    AreaSummary, Counts, EvidenceItem, Finding, Header, InputFailure, Location, Report, RulesInfo,
    Run, Score, Tool, Verdict,
};
use crate::engine::RuleResult;
use crate::engine::eval::{Evidence, Observed};
use crate::path::Segment;
use crate::rules::condition::show;
use crate::rules::model::AREAS;
use crate::rules::{Outcome, Rule, RuleSet, Severity};
use crate::submission::Submission;
use jiff::civil::Date;
use serde_json::Value;

/// The most evidence items one finding lists; the message says how many more there were.
const MAX_EVIDENCE: usize = 25;

/// Builds the report for one submission from its rule results.
pub fn build_report(set: &RuleSet, sub: &Submission, results: &[Option<RuleResult>]) -> Report {
    let picked: Vec<(&Rule, &RuleResult)> = set
        .rules
        .iter()
        .zip(results)
        .zip(&set.selected)
        .filter_map(|((rule, result), &sel)| Some((rule, result.as_ref().filter(|_| sel)?)))
        .collect();
    let refs: Vec<&[Segment]> = picked
        .iter()
        .flat_map(|(_, r)| {
            r.evidence
                .iter()
                .take(listed(r))
                .filter_map(|e| e.path.as_ref().map(|p| p.0.as_slice()))
        })
        .chain(
            picked
                .iter()
                .filter_map(|(_, r)| r.error.as_ref()?.path.as_ref().map(|p| p.0.as_slice())),
        )
        .collect();
    let mut positions = sub.positions(&refs).into_iter();
    let mut locate = || {
        positions.next().map(|lc| Location {
            file: sub.file.clone(),
            line: lc.line,
            column: lc.column,
        })
    };
    let mut findings: Vec<Finding> = picked
        .iter()
        .map(|(rule, r)| finding(rule, r, &mut locate))
        .collect();
    // Error locations were appended after all evidence locations, in the same order.
    for f in findings
        .iter_mut()
        .filter(|f| f.outcome == Outcome::Error && f.path.is_some())
    {
        f.location = locate();
    }
    let counts = count(findings.iter());
    let areas = areas(&findings);
    Report {
        file: sub.name.clone(),
        input_hash: sub.hash.clone(),
        submission: header(&sub.value),
        verdict: verdict(&counts),
        counts,
        areas,
        scores: scores(&picked),
        findings,
    }
}

/// The summary of each area that has findings, in the fixed area order.
fn areas(findings: &[Finding]) -> Vec<AreaSummary> {
    AREAS
        .iter()
        .filter_map(|(area, title)| {
            let c = count(findings.iter().filter(|f| f.area == *area));
            (c != Counts::default()).then(|| AreaSummary {
                area: (*area).into(),
                title: (*title).into(),
                verdict: verdict(&c),
                counts: c,
            })
        })
        .collect()
}

/// Recounts a report's counts, areas and verdict from its findings, after waivers changed
/// some outcomes.
pub fn summarise(report: &mut Report) {
    report.counts = count(report.findings.iter());
    report.areas = areas(&report.findings);
    report.verdict = verdict(&report.counts);
}

/// Wraps reports and input failures with the run's provenance.
pub fn build_run(
    set: &RuleSet,
    as_of: Date,
    reports: Vec<Report>,
    errors: Vec<InputFailure>,
) -> Run {
    Run {
        format: "assure-report",
        schema_version: "1",
        tool: Tool {
            name: "assure",
            version: env!("CARGO_PKG_VERSION"),
        },
        as_of: as_of.to_string(),
        rules: RulesInfo {
            hash: set.hash.clone(),
            packs: set
                .packs()
                .into_iter()
                .filter(|p| {
                    set.rules
                        .iter()
                        .zip(&set.selected)
                        .any(|(r, &s)| s && &r.pack == p)
                })
                .collect(),
            count: set.selected.iter().filter(|&&s| s).count(),
        },
        reports,
        errors,
        waivers: None,
    }
}

fn header(v: &Value) -> Header {
    let s = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_owned);
    Header {
        id: s("/submission/id"),
        product: s("/product/name"),
        version: s("/product/version"),
        supplier: s("/company/legal_name").or_else(|| s("/deployment/organisation_name")),
        role: s("/submission/role"),
        dtac_version: s("/submission/dtac_version"),
        registration: s("/company/companies_house_number")
            .or_else(|| s("/company/charity_number"))
            .or_else(|| s("/deployment/ods_code")),
    }
}

/// How many evidence items a finding lists: a not-applicable finding shows only the first (the
/// fact that made it so), so the others are neither built nor located.
fn listed(r: &RuleResult) -> usize {
    if r.outcome == Outcome::NotApplicable {
        1
    } else {
        MAX_EVIDENCE
    }
}

fn finding(
    rule: &Rule,
    r: &crate::engine::RuleResult,
    locate: &mut dyn FnMut() -> Option<Location>,
) -> Finding {
    let mut evidence: Vec<EvidenceItem> = Vec::new();
    for e in r.evidence.iter().take(listed(r)) {
        let location = if e.path.is_some() { locate() } else { None };
        evidence.push(item(e, location));
    }
    let first = evidence.first();
    let message = message(rule, r);
    let error_path = r
        .error
        .as_ref()
        .and_then(|e| e.path.as_ref())
        .map(ToString::to_string);
    Finding {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        pack: rule.pack.clone(),
        area: rule.area.clone(),
        severity: rule.severity,
        refs: rule.refs.clone(),
        outcome: r.outcome,
        message,
        path: first.and_then(|e| e.path.clone()).or(error_path),
        observed: first.and_then(|e| e.observed.clone()),
        expected: first.map(|e| e.expected.clone()),
        location: first.and_then(|e| e.location.clone()),
        remedy: rule.remedy.clone(),
        evidence: if r.outcome == Outcome::NotApplicable {
            Vec::new()
        } else {
            evidence
        },
        waiver: None,
    }
}

fn item(e: &Evidence, location: Option<Location>) -> EvidenceItem {
    EvidenceItem {
        path: e.path.as_ref().map(ToString::to_string),
        rule: e.rule.clone(),
        observed: match &e.observed {
            Observed::Missing => None,
            Observed::Value(v) => Some(v.clone()),
            Observed::Note(n) => Some(Value::String(n.clone())),
        },
        missing: e.observed == Observed::Missing,
        expected: e.expected.clone(),
        location,
    }
}

/// "`path` is `x`; expected `y`", or "`path` is missing; expected …".
pub fn fact(e: &Evidence) -> String {
    let subject = match (&e.path, &e.rule) {
        (Some(p), _) => format!("`{p}`"),
        (None, Some(r)) => format!("rule {r}"),
        (None, None) => "the count".to_owned(),
    };
    let observed = match &e.observed {
        Observed::Missing => "missing".to_owned(),
        Observed::Value(v) => show(v),
        Observed::Note(n) => n.clone(),
    };
    format!("{subject} is {observed}")
}

fn message(rule: &Rule, r: &RuleResult) -> String {
    let more = |n: usize| {
        if n > 0 {
            format!(" (and {n} more)")
        } else {
            String::new()
        }
    };
    match r.outcome {
        Outcome::Pass => "passed".to_owned(),
        Outcome::NotFired => "did not fire".to_owned(),
        Outcome::Waived => "waived".to_owned(),
        Outcome::NotApplicable => {
            let when = rule.when.as_ref().map_or("", |w| w.expectation());
            let facts: Vec<String> = r.evidence.iter().take(3).map(fact).collect();
            format!(
                "not applicable: applies only when {when}; here {}",
                facts.join(", ")
            )
        }
        Outcome::Fail => match r.evidence.first() {
            Some(e) => format!(
                "{}; expected {}{}",
                fact(e),
                e.expected,
                // Counted over all the evidence, not only the items listed or kept.
                more(r.evidence.len() + r.omitted - 1)
            ),
            None => "failed".to_owned(),
        },
        Outcome::Fired => {
            let facts: Vec<String> = r.evidence.iter().take(4).map(fact).collect();
            format!(
                "fired: {}{}",
                facts.join("; "),
                more((r.evidence.len() + r.omitted).saturating_sub(4))
            )
        }
        Outcome::Error => {
            let e = r.error.as_ref();
            let at = e
                .and_then(|e| e.path.as_ref())
                .map_or_else(String::new, |p| format!(" at `{p}`"));
            format!(
                "could not be evaluated{at}: {}",
                e.map_or("", |e| e.message.as_str())
            )
        }
    }
}

fn count<'a>(findings: impl Iterator<Item = &'a Finding>) -> Counts {
    let mut c = Counts::default();
    for f in findings {
        match f.outcome {
            Outcome::Pass => c.pass += 1,
            Outcome::Fail => {
                c.fail += 1;
                match f.severity {
                    Severity::Blocker => c.failed_blocker += 1,
                    Severity::Major => c.failed_major += 1,
                    Severity::Minor => c.failed_minor += 1,
                    Severity::Info => c.failed_info += 1,
                }
            }
            Outcome::NotApplicable => c.not_applicable += 1,
            Outcome::Fired => c.fired += 1,
            Outcome::NotFired => c.not_fired += 1,
            Outcome::Waived => c.waived += 1,
            Outcome::Error => c.error += 1,
        }
    }
    c
}

/// A failed blocker → does not meet; otherwise an error → incomplete; a failed major →
/// conditional; else meets.
pub fn verdict(c: &Counts) -> Verdict {
    if c.failed_blocker > 0 {
        Verdict::DoesNotMeet
    } else if c.error > 0 {
        Verdict::Incomplete
    } else if c.failed_major > 0 {
        Verdict::Conditional
    } else {
        Verdict::Meets
    }
}

fn scores(picked: &[(&Rule, &RuleResult)]) -> Vec<Score> {
    let mut out: Vec<Score> = Vec::new();
    for (rule, r) in picked {
        let (Some(name), Some(w)) = (&rule.score, rule.weight) else {
            continue;
        };
        let idx = match out.iter().position(|s| &s.name == name) {
            Some(i) => i,
            None => {
                out.push(Score {
                    name: name.clone(),
                    percent: 0.0,
                    achieved: 0.0,
                    possible: 0.0,
                });
                out.len() - 1
            }
        };
        match r.outcome {
            Outcome::Pass => {
                out[idx].achieved += w;
                out[idx].possible += w;
            }
            Outcome::Fail | Outcome::Error => out[idx].possible += w,
            _ => {}
        }
    }
    for s in &mut out {
        s.percent = if s.possible > 0.0 {
            (s.achieved / s.possible * 1000.0).round() / 10.0
        } else {
            0.0
        };
    }
    out
}
