//! Turns rule results into findings that explain themselves: message, path, observed and
//! expected values, `file:line:col`, refs and remedy, the document to verify an outstanding
//! fact in and the rule a not-evaluated one waits on; then the decisions and the weighted scores.

use super::decide::{Levels, decide, restate};
use super::{
    Counts, DocumentRef, EvidenceItem, Finding, Header, InputFailure, Location, Report, RulesInfo,
    Run, Score, Tool,
};
use crate::engine::eval::{Evidence, Observed, Pending};
use crate::engine::{Because, RuleResult};
use crate::path::{ConcretePath, Segment};
use crate::rules::condition::show;
use crate::rules::decisions::DECISIONS;
use crate::rules::forms::Asked;
use crate::rules::{Kind, Outcome, Rule, RuleSet, Severity};
use crate::submission::Submission;
use jiff::civil::Date;
use serde_json::Value;
use std::borrow::Cow;

/// The most evidence items one finding lists; the message says how many more there were.
const MAX_EVIDENCE: usize = 25;

/// How much of each finding a report is built with. A brief finding (a pass, a trigger that
/// did not fire, a rule that does not apply) is carried in the machine-readable formats by its
/// rule id and outcome only, its rule's words being in the run's catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Every finding explained and written in full (`--findings full`).
    Full,
    /// Every finding explained (the people-facing formats read them all), brief ones written
    /// briefly.
    #[default]
    Explained,
    /// Brief findings neither explained nor located: only the machine-readable formats are
    /// written.
    Brief,
}

/// Builds the report for one submission from its rule results, every finding explained.
pub fn build_report<'r>(
    set: &'r RuleSet,
    sub: &Submission,
    results: &[Option<RuleResult>],
) -> Report<'r> {
    build_report_with(set, sub, results, Detail::Explained)
}

/// Builds the report for one submission, with as much detail per finding as `detail` says.
pub fn build_report_with<'r>(
    set: &'r RuleSet,
    sub: &Submission,
    results: &[Option<RuleResult>],
    detail: Detail,
) -> Report<'r> {
    let brief = |r: &RuleResult| detail == Detail::Brief && Finding::brief_outcome(r.outcome);
    let written_briefly =
        |r: &RuleResult| detail != Detail::Full && Finding::brief_outcome(r.outcome);
    let picked: Vec<(&Rule, &RuleResult)> = set
        .rules
        .iter()
        .zip(results)
        .zip(&set.selected)
        .filter_map(|((rule, result), &sel)| Some((rule, result.as_ref().filter(|_| sel)?)))
        .collect();
    let refs: Vec<&[Segment]> = picked
        .iter()
        .filter(|(_, r)| !brief(r))
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
    let mut positions = sub.positions(&refs).into_iter().zip(refs.iter());
    let mut locate = || {
        positions
            .next()
            .map(|(lc, path)| match sub.origins.lookup(path) {
                Some(at) => imported(at),
                None => Location {
                    file: sub.file.clone(),
                    line: lc.line,
                    column: lc.column,
                    cell: None,
                },
            })
    };
    let levels = levels(&picked);
    let advisory = advisory_decisions(&levels);
    let mut findings: Vec<Finding> = picked
        .iter()
        .map(|(rule, r)| {
            let mut f = if brief(r) {
                skeleton(rule, r)
            } else {
                finding(rule, r, &sub.value, &mut locate)
            };
            f.brief = written_briefly(r);
            f.advisory = advisory.contains(&f.decision);
            f.under = under(set, results, r);
            f
        })
        .collect();
    // Error locations were appended after all evidence locations, in the same order.
    for f in findings
        .iter_mut()
        .filter(|f| f.outcome == Outcome::Error && f.path.is_some())
    {
        f.location = locate();
    }
    let header = header(&sub.value);
    let mut decisions = decide(&findings, &levels, header.dtac_version.as_deref());
    decisions.retain(|d| set.shows(&d.decision));
    Report {
        file: sub.name.clone(),
        input_hash: sub.hash.clone(),
        decisions,
        counts: count(findings.iter()),
        to_be_completed: to_be_completed(&sub.value),
        submission: header,
        scores: scores(&picked),
        reassessment_due: None,
        expiring: Vec::new(),
        record: None,
        findings,
    }
}

/// The location of a value that came from an imported file: its cell, or its line of a text file.
fn imported(at: &crate::import::Position) -> Location {
    let (line, column) = at.line_col();
    let cell = match at.place {
        crate::import::position::Place::Line { .. } => None,
        _ => Some(at.within()),
    };
    Location {
        file: at.file.clone(),
        line,
        column,
        cell,
    }
}

/// Each decision's level (the strongest that an applying rule `sets`, else the default) and
/// the trigger rules that fired for it.
fn levels(picked: &[(&Rule, &RuleResult)]) -> Levels {
    let by_decision = DECISIONS
        .iter()
        .map(|d| {
            let own = || {
                picked
                    .iter()
                    .filter(|(r, _)| r.feeds[0].decision.id == d.id)
            };
            let set: Vec<&str> = own()
                .filter(|(r, res)| applies(r, res.outcome))
                .filter_map(|(r, _)| r.sets.as_deref())
                .collect();
            let level = d
                .levels
                .iter()
                .find(|l| set.contains(l))
                .copied()
                .or(d.default_level)
                .map(str::to_owned);
            let criteria = own()
                .filter(|(r, res)| r.kind == Kind::Trigger && res.outcome == Outcome::Fired)
                .map(|(r, _)| r.id.clone())
                .collect();
            (d.id, level, criteria)
        })
        .collect();
    Levels { by_decision }
}

/// Whether a rule applied, for setting its decision's level: a trigger that fired, or a check
/// whose scope held (whatever its result, even when it waits on a rule that failed).
fn applies(rule: &Rule, outcome: Outcome) -> bool {
    match rule.kind {
        Kind::Trigger => outcome == Outcome::Fired,
        Kind::Check => outcome != Outcome::NotApplicable,
    }
}

/// The decisions whose findings are advisory at the level they came to.
fn advisory_decisions(levels: &Levels) -> Vec<&'static str> {
    levels
        .by_decision
        .iter()
        .filter(|(id, level, _)| {
            crate::rules::decisions::decision(id).is_some_and(|d| d.advisory_at(level.as_deref()))
        })
        .map(|(id, _, _)| *id)
        .collect()
}

/// For a rule not evaluated: the rule at the root of what it waits on (following a chain of
/// not-evaluated rules to the one that failed or is outstanding).
fn under<'r>(set: &'r RuleSet, results: &[Option<RuleResult>], r: &RuleResult) -> Option<&'r str> {
    if r.outcome != Outcome::NotEvaluated {
        return None;
    }
    let mut at = r;
    let mut index = None;
    for _ in 0..set.rules.len() {
        let Because::Requires(i) = at.because else {
            break;
        };
        index = Some(i);
        match results.get(i).and_then(Option::as_ref) {
            Some(next) if next.outcome == Outcome::NotEvaluated => at = next,
            _ => break,
        }
    }
    index.map(|i| set.rules[i].id.as_str())
}

/// How many answers are still to be completed: placeholders, and documents stated so.
fn to_be_completed(v: &Value) -> usize {
    fn stated(v: &Value) -> usize {
        match v {
            Value::Object(m) => {
                usize::from(m.get("status").and_then(Value::as_str) == Some("to_be_completed"))
                    + m.values().map(stated).sum::<usize>()
            }
            Value::Array(a) => a.iter().map(stated).sum(),
            _ => 0,
        }
    }
    crate::submission::placeholder::count(v) + stated(v)
}

/// Recounts a report's counts and decisions from its findings, after waivers changed some
/// outcomes.
pub fn summarise(report: &mut Report<'_>) {
    report.counts = count(report.findings.iter());
    restate(&mut report.decisions, &report.findings);
}

/// Wraps reports and input failures with the run's provenance.
pub fn build_run<'r>(
    set: &'r RuleSet,
    as_of: Date,
    reports: Vec<Report<'r>>,
    errors: Vec<InputFailure>,
) -> Run<'r> {
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
            catalogue: set
                .rules
                .iter()
                .zip(&set.selected)
                .filter(|(_, s)| **s)
                .map(|(r, _)| super::RuleEntry::of(r))
                .collect(),
        },
        config: None,
        reports,
        errors,
        waivers: None,
        view: super::View::default(),
    }
}

fn header(v: &Value) -> Header {
    // A placeholder is not a name: the header leaves it out rather than print the prompt.
    let s = |p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .filter(|s| !crate::submission::placeholder::is_placeholder_text(s))
            .map(str::to_owned)
    };
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

/// How many evidence items a finding lists: a not-applicable or not-evaluated finding shows
/// only the first (the fact that made it so), so the others are neither built nor located.
fn listed(r: &RuleResult) -> usize {
    if matches!(r.outcome, Outcome::NotApplicable | Outcome::NotEvaluated) {
        1
    } else {
        MAX_EVIDENCE
    }
}

/// A finding's borrowed words and its outcome, with nothing explained: all a brief finding
/// needs.
fn skeleton<'r>(rule: &'r Rule, r: &RuleResult) -> Finding<'r> {
    Finding {
        rule: &rule.id,
        title: &rule.title,
        pack: &rule.pack,
        area: &rule.area,
        decision: rule.feeds[0].decision.id,
        part: rule.feeds[0].part.id,
        // A rule whose questions the submission's form does not ask counts towards no DTAC part.
        also: rule.feeds[1..]
            .iter()
            .filter(|f| r.asked == Asked::Yes || f.decision.id != "dtac")
            .map(|f| f.id())
            .collect(),
        severity: rule.severity,
        advisory: false,
        refs: &rule.refs,
        outcome: r.outcome,
        message: Cow::Borrowed(""),
        path: None,
        observed: None,
        expected: None,
        location: None,
        look_in: None,
        under: None,
        remedy: &rule.remedy,
        evidence: Vec::new(),
        waiver: None,
        brief: false,
    }
}

fn finding<'r>(
    rule: &'r Rule,
    r: &RuleResult,
    root: &Value,
    locate: &mut dyn FnMut() -> Option<Location>,
) -> Finding<'r> {
    let mut evidence: Vec<EvidenceItem> = Vec::new();
    for e in r.evidence.iter().take(listed(r)) {
        let location = if e.path.is_some() { locate() } else { None };
        evidence.push(item(e, root, location));
    }
    let first = evidence.first();
    let error_path = r
        .error
        .as_ref()
        .and_then(|e| e.path.as_ref())
        .map(ToString::to_string);
    let look_in = (r.outcome == Outcome::Outstanding)
        .then(|| {
            r.evidence.iter().find_map(|e| match &e.pending {
                Some(Pending::InDocument(p)) => Some(document(p, root)),
                _ => None,
            })
        })
        .flatten();
    Finding {
        message: message(rule, r, root),
        path: first.and_then(|e| e.path.clone()).or(error_path),
        observed: first.and_then(|e| e.observed.clone()),
        expected: first.map(|e| e.expected.clone()),
        location: first.and_then(|e| e.location.clone()),
        look_in,
        evidence: if matches!(r.outcome, Outcome::NotApplicable | Outcome::NotEvaluated) {
            Vec::new()
        } else {
            evidence
        },
        ..skeleton(rule, r)
    }
}

/// The document at `path`, named as the submission names it.
fn document(path: &ConcretePath, root: &Value) -> DocumentRef {
    let mut v = Some(root);
    for seg in &path.0 {
        v = v.and_then(|x| match seg {
            Segment::Key(k) => x.get(&**k),
            Segment::Index(i) => x.get(*i),
        });
    }
    let text = |k: &str| {
        v.and_then(|d| d.get(k))
            .and_then(Value::as_str)
            .filter(|s| !crate::submission::placeholder::is_placeholder_text(s))
            .map(str::to_owned)
    };
    DocumentRef {
        path: path.to_string(),
        title: text("title"),
        url: text("url"),
    }
}

fn item(e: &Evidence, root: &Value, location: Option<Location>) -> EvidenceItem {
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
        pending: e.pending.as_ref().map(|p| pending(p, root)),
        location,
    }
}

/// Why a fact is outstanding, as a reader wants it.
fn pending(p: &Pending, root: &Value) -> String {
    match p {
        Pending::Placeholder => "to be completed (the answer is still a placeholder)".into(),
        Pending::ToBeCompleted => "to be completed".into(),
        Pending::InProgress(Some(d)) => format!("in progress, expected by {d}"),
        Pending::InProgress(None) => "in progress".into(),
        Pending::InDocument(path) => {
            let d = document(path, root);
            match d.title {
                Some(t) => format!("to verify in “{t}” (`{}`)", d.path),
                None => format!("to verify in the document at `{}`", d.path),
            }
        }
        Pending::Rule(ids) => format!("waits on rule {ids}, itself outstanding"),
        Pending::Confirm(what) => format!("assessor to confirm {what}"),
    }
}

/// The fact and why it is outstanding: "`path` is `<…>`, to be completed"; for another rule's
/// outcome, "rule X is outstanding" already says it.
fn fact_and_why(e: &Evidence, root: &Value) -> String {
    match &e.pending {
        Some(Pending::Rule(ids)) if e.rule.as_deref() == Some(ids.as_str()) => fact(e),
        Some(p) => format!("{}, {}", fact(e), pending(p, root)),
        None => fact(e),
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

fn more(n: usize) -> String {
    if n > 0 {
        format!(" (and {n} more)")
    } else {
        String::new()
    }
}

fn message(rule: &Rule, r: &RuleResult, root: &Value) -> Cow<'static, str> {
    let first = r.evidence.first();
    Cow::Owned(match (r.outcome, r.because) {
        (Outcome::Pass, _) => return Cow::Borrowed("passed"),
        (Outcome::NotFired, _) => return Cow::Borrowed("did not fire"),
        (Outcome::Waived, _) => return Cow::Borrowed("waived"),
        (Outcome::NotApplicable, Because::NothingToJudge) => format!(
            "not applicable: nothing to judge; {}",
            first.map_or_else(String::new, fact)
        ),
        (Outcome::NotApplicable, Because::NotAsked) => match first {
            Some(e) if e.rule.is_some() => format!(
                "not asked: {}, so the form does not ask {}",
                match &e.observed {
                    Observed::Note(n) => n.trim_start_matches("skipped: ").to_owned(),
                    _ => String::new(),
                },
                e.expected.trim_start_matches("the form to ask ")
            ),
            Some(e) => format!(
                "not asked: the submission's DTAC form version does not have this question (the rule answers {})",
                e.expected.trim_start_matches("the form to ask ")
            ),
            None => "not asked on this form".to_owned(),
        },
        (Outcome::NotApplicable, Because::Requires(_)) => format!(
            "not applicable: {} does not apply",
            first
                .and_then(|e| e.rule.as_deref())
                .unwrap_or("a required rule")
        ),
        (Outcome::NotApplicable, _) => {
            let when = rule.when.as_ref().map_or("", |w| w.expectation());
            let facts: Vec<String> = r.evidence.iter().take(3).map(fact).collect();
            format!(
                "not applicable: applies only when {when}; here {}",
                facts.join(", ")
            )
        }
        (Outcome::NotEvaluated, _) => {
            let id = first.and_then(|e| e.rule.as_deref()).unwrap_or("?");
            let seen = first.map_or(String::new(), |e| match &e.observed {
                Observed::Note(n) => n.replace('_', " "),
                _ => String::new(),
            });
            format!("not evaluated: it needs rule {id} to pass first, and {id} is {seen}")
        }
        (Outcome::Outstanding, because) => {
            let untold: Vec<&Evidence> =
                r.evidence.iter().filter(|e| e.pending.is_some()).collect();
            let what = if because == Because::ScopeUntold {
                "whether it applies cannot be told yet"
            } else {
                "evidence outstanding"
            };
            match untold.first() {
                Some(e) => format!(
                    "{what}: {}; expected {}{}",
                    fact_and_why(e, root),
                    e.expected,
                    more(untold.len() - 1)
                ),
                None => what.to_owned(),
            }
        }
        (Outcome::Fail, _) => match first {
            Some(e) => format!(
                "{}; expected {}{}",
                fact(e),
                e.expected,
                // Counted over all the evidence, not only the items listed or kept.
                more(r.evidence.len() + r.omitted - 1)
            ),
            None => "failed".to_owned(),
        },
        (Outcome::Fired, _) => {
            let facts: Vec<String> = r.evidence.iter().take(4).map(fact).collect();
            format!(
                "fired: {}{}",
                facts.join("; "),
                more((r.evidence.len() + r.omitted).saturating_sub(4))
            )
        }
        (Outcome::Error, _) => {
            let e = r.error.as_ref();
            let at = e
                .and_then(|e| e.path.as_ref())
                .map_or_else(String::new, |p| format!(" at `{p}`"));
            format!(
                "could not be evaluated{at}: {}",
                e.map_or("", |e| e.message.as_str())
            )
        }
    })
}

/// Findings by outcome, and failures by severity.
pub(super) fn count<'a, 'r: 'a>(findings: impl Iterator<Item = &'a Finding<'r>>) -> Counts {
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
            Outcome::Outstanding => c.outstanding += 1,
            Outcome::NotEvaluated => c.not_evaluated += 1,
            Outcome::NotApplicable => c.not_applicable += 1,
            Outcome::Fired => c.fired += 1,
            Outcome::NotFired => c.not_fired += 1,
            Outcome::Waived => c.waived += 1,
            Outcome::Error => c.error += 1,
        }
    }
    c
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
            // Outstanding answers are not scored yet: neither achieved nor counted as possible.
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
