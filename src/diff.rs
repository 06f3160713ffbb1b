//! `assure diff`: what changed between two checks of one product — two submissions evaluated
//! with the same rules and as-of date, or two saved JSON reports. Findings are paired by rule id
//! and path (so reordering a file changes nothing) and sorted into newly failing, newly passing
//! and changed (outcome, path, observed value or failure message). Anything newly failing is a
//! regression.

use crate::record::changes::Changes;
use crate::report::Report;
use crate::report::terminal::printable;
use crate::rules::{Outcome, Severity};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt::Write;

/// Why one side of a diff could not be read as a report.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("`{file}` is not an assure JSON report: {message}")]
    NotReport { file: String, message: String },
    #[error("`{file}` holds {count} reports; `assure diff` compares one submission with one other")]
    NotOne { file: String, count: usize },
}

/// One finding as a diff sees it: the fields `--format json` reports carry (a brief finding,
/// rule id and outcome, takes its title and severity from the run's rule catalogue).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FindingView {
    pub rule: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub severity: Severity,
    pub outcome: Outcome,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub observed: Option<Value>,
    #[serde(default)]
    pub location: Option<LocationView>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct LocationView {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Deserialize)]
struct RunView {
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    rules: RulesView,
    reports: Vec<ReportView>,
    #[serde(default)]
    errors: Vec<Value>,
}

#[derive(Debug, Default, Deserialize)]
struct RulesView {
    #[serde(default)]
    catalogue: Vec<EntryView>,
}

/// A rule's words in a saved report's catalogue, as far as a diff shows them.
#[derive(Debug, Deserialize)]
struct EntryView {
    id: String,
    title: String,
    severity: Severity,
}

impl FindingView {
    /// A brief finding's title and severity, from the catalogue.
    fn complete(&mut self, catalogue: &[EntryView]) {
        if self.title.is_empty() {
            if let Some(e) = catalogue.iter().find(|e| e.id == self.rule) {
                self.title.clone_from(&e.title);
                self.severity = e.severity;
            }
        }
    }

    /// The finding as a saved report carries it (a brief one without message or position).
    fn of(f: &crate::report::Finding<'_>) -> Self {
        let full = !f.brief;
        Self {
            rule: f.rule.to_owned(),
            title: f.title.to_owned(),
            severity: f.severity,
            outcome: f.outcome,
            message: if full {
                f.message.to_string()
            } else {
                String::new()
            },
            path: f.path.clone().filter(|_| full),
            observed: f.observed.clone().filter(|_| full),
            location: f.location.as_ref().filter(|_| full).map(|l| LocationView {
                file: l.file.clone(),
                line: l.line,
                column: l.column,
            }),
        }
    }
}

#[derive(Debug, Deserialize)]
struct ReportView {
    file: String,
    decisions: Vec<DecisionView>,
    findings: Vec<FindingView>,
}

/// A decision as a diff shows it: which, and in the standard's words.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct DecisionView {
    pub decision: String,
    pub words: String,
}

/// One side of a diff: one submission's decisions and findings.
#[derive(Debug, Clone)]
pub struct Side {
    pub file: String,
    pub decisions: Vec<DecisionView>,
    pub findings: Vec<FindingView>,
    /// The day it was checked as of, when known.
    pub as_of: Option<String>,
    /// The submission itself, when the side is one (a saved report does not carry it): its
    /// evidence register and hazard log are compared too.
    pub submission: Option<Value>,
}

/// Whether a JSON document is an `assure check --format json` report rather than a submission.
pub fn is_report(value: &Value) -> bool {
    value.get("format").and_then(Value::as_str) == Some("assure-report")
}

impl Side {
    /// Reads a saved JSON report (`name` is its file) holding exactly one submission's report.
    pub fn from_json(name: &str, value: &Value) -> Result<Self, DiffError> {
        let not_report = |message: String| DiffError::NotReport {
            file: name.to_owned(),
            message,
        };
        let run: RunView =
            serde_json::from_value(value.clone()).map_err(|e| not_report(e.to_string()))?;
        match (run.reports.len(), run.errors.len()) {
            (1, _) => {}
            (0, n) if n > 0 => {
                return Err(not_report(
                    "it records an input that could not be checked, and no findings".into(),
                ));
            }
            (count, _) => {
                return Err(DiffError::NotOne {
                    file: name.to_owned(),
                    count,
                });
            }
        }
        let mut r = run
            .reports
            .into_iter()
            .next()
            .ok_or_else(|| not_report("it has no report".into()))?;
        for f in &mut r.findings {
            f.complete(&run.rules.catalogue);
        }
        Ok(Self {
            file: r.file,
            decisions: r.decisions,
            findings: r.findings,
            as_of: run.as_of,
            submission: None,
        })
    }

    /// Takes a report just built in memory.
    pub fn from_report(report: &Report) -> Result<Self, DiffError> {
        let decisions = serde_json::to_value(&report.decisions)
            .and_then(serde_json::from_value)
            .map_err(|e| DiffError::NotReport {
                file: report.file.clone(),
                message: e.to_string(),
            })?;
        Ok(Self {
            file: report.file.clone(),
            decisions,
            findings: report.findings.iter().map(FindingView::of).collect(),
            as_of: None,
            submission: None,
        })
    }
}

/// What one finding was and became.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub rule: String,
    pub title: String,
    pub severity: Severity,
    /// Absent when the old check did not report this rule.
    pub old: Option<State>,
    /// Absent when the new check does not report this rule.
    pub new: Option<State>,
}

/// A finding's state on one side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct State {
    pub outcome: Outcome,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideInfo {
    pub file: String,
    pub decisions: Vec<DecisionView>,
}

/// The comparison, with its three lists in the new check's rule order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub format: &'static str,
    pub old: SideInfo,
    pub new: SideInfo,
    pub newly_failing: Vec<Change>,
    pub newly_passing: Vec<Change>,
    pub changed: Vec<Change>,
    /// For a re-assessment: the evidence register's and hazard logs' changes, hazards removed
    /// without being closed (findings), and a warning when the sides had different as-of dates.
    #[serde(skip_serializing_if = "Changes::is_empty")]
    pub reassessment: Changes,
}

impl Diff {
    /// Whether anything that did not fail before fails now, or a hazard was removed unclosed.
    pub fn regressed(&self) -> bool {
        !self.newly_failing.is_empty() || !self.reassessment.findings.is_empty()
    }
}

impl Changes {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The register, hazard-log and as-of comparison of two sides.
fn reassessment(old: &Side, new: &Side) -> Changes {
    let date = |s: &Side| {
        s.as_of
            .as_deref()
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    };
    let mut c = match (&old.submission, &new.submission, date(old), date(new)) {
        (Some(o), Some(n), Some(od), Some(nd)) => crate::record::changes::compare(o, n, od, nd),
        _ => Changes::default(),
    };
    if let Some(saved) = [old, new].into_iter().find(|s| s.submission.is_none()) {
        c.warnings.push(format!(
            "`{}` is a saved report, which holds neither the evidence register nor the hazard log: compare two submissions to see their changes",
            saved.file
        ));
    }
    c.warnings.extend(crate::record::changes::as_of_warning(
        old.as_of.as_deref(),
        new.as_of.as_deref(),
    ));
    c
}

/// A failure or a rule that could not be evaluated: what a regression is made of.
fn failing(o: Outcome) -> bool {
    matches!(o, Outcome::Fail | Outcome::Error)
}

/// Compares two sides.
pub fn diff(old: &Side, new: &Side) -> Diff {
    let mut out = Diff {
        format: "assure-diff",
        old: SideInfo {
            file: old.file.clone(),
            decisions: old.decisions.clone(),
        },
        new: SideInfo {
            file: new.file.clone(),
            decisions: new.decisions.clone(),
        },
        newly_failing: Vec::new(),
        newly_passing: Vec::new(),
        changed: Vec::new(),
        reassessment: reassessment(old, new),
    };
    for (o, n) in pair(&old.findings, &new.findings) {
        let (o, n) = (o.map(|i| &old.findings[i]), n.map(|j| &new.findings[j]));
        let was = o.is_some_and(|f| failing(f.outcome));
        let is = n.is_some_and(|f| failing(f.outcome));
        let list = match (was, is) {
            (false, true) => &mut out.newly_failing,
            (true, false) if n.is_some() => &mut out.newly_passing,
            _ if differs(o, n) => &mut out.changed,
            _ => continue,
        };
        list.push(change(o, n));
    }
    out
}

/// Pairs old and new findings: first by rule and path, then by rule alone. Returns pairs of
/// indexes in the new side's order, then the old findings the new side no longer has.
fn pair(old: &[FindingView], new: &[FindingView]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut used = vec![false; old.len()];
    let mut matched: Vec<Option<usize>> = vec![None; new.len()];
    // First pass: same rule and path; second pass: same rule.
    for by_path in [true, false] {
        for (j, n) in new.iter().enumerate() {
            if matched[j].is_some() {
                continue;
            }
            if let Some(i) = (0..old.len())
                .find(|&i| !used[i] && old[i].rule == n.rule && (!by_path || old[i].path == n.path))
            {
                used[i] = true;
                matched[j] = Some(i);
            }
        }
    }
    let mut out: Vec<(Option<usize>, Option<usize>)> = matched
        .into_iter()
        .enumerate()
        .map(|(j, i)| (i, Some(j)))
        .collect();
    out.extend(
        (0..old.len())
            .filter(|&i| !used[i])
            .map(|i| (Some(i), None)),
    );
    out
}

/// Whether a finding changed in a way worth listing.
fn differs(o: Option<&FindingView>, n: Option<&FindingView>) -> bool {
    match (o, n) {
        (Some(a), Some(b)) => {
            a.outcome != b.outcome
                || a.path != b.path
                || a.observed != b.observed
                || (failing(b.outcome) && a.message != b.message)
        }
        _ => true,
    }
}

fn change(o: Option<&FindingView>, n: Option<&FindingView>) -> Change {
    let state = |f: &FindingView| State {
        outcome: f.outcome,
        message: f.message.clone(),
        path: f.path.clone(),
        observed: f.observed.clone(),
        location: f.location.clone(),
    };
    let head = n.or(o);
    Change {
        rule: head.map(|f| f.rule.to_owned()).unwrap_or_default(),
        title: head.map(|f| f.title.to_owned()).unwrap_or_default(),
        severity: head.map_or(Severity::Info, |f| f.severity),
        old: o.map(state),
        new: n.map(state),
    }
}

/// Pretty JSON with a trailing newline.
pub fn render_json(d: &Diff) -> String {
    let mut s = serde_json::to_string_pretty(d)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the diff: {e}\"}}"));
    s.push('\n');
    s
}

/// The diff for people: the two sides' decisions, then each list with what each finding was
/// and is. Everything either side supplied (file names, ids, titles, messages: a saved report
/// can hold anything) is escaped for the terminal, as the text report escapes it.
pub fn render_text(d: &Diff) -> String {
    let mut out = String::new();
    for (label, side) in [("old", &d.old), ("new", &d.new)] {
        let _ = writeln!(
            out,
            "{label}: {} — {}",
            printable(&side.file),
            printable(&decision_words(&side.decisions))
        );
    }
    for (title, mark, list) in [
        ("Newly failing", "✗", &d.newly_failing),
        ("Newly passing", "✓", &d.newly_passing),
        ("Changed", "~", &d.changed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({})", list.len());
        for c in list {
            render_change(&mut out, mark, c);
        }
    }
    render_reassessment(&mut out, &d.reassessment);
    let total = d.newly_failing.len() + d.newly_passing.len() + d.changed.len();
    out.push('\n');
    if total == 0 {
        let _ = writeln!(out, "no finding changed");
    } else {
        let _ = writeln!(
            out,
            "{} newly failing, {} newly passing, {} changed",
            d.newly_failing.len(),
            d.newly_passing.len(),
            d.changed.len()
        );
    }
    out
}

/// "DTAC meets · DCB0129 not compliant".
fn decision_words(ds: &[DecisionView]) -> String {
    ds.iter()
        .map(|d| format!("{} {}", d.decision.to_uppercase(), d.words))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn render_change(out: &mut String, mark: &str, c: &Change) {
    let _ = writeln!(
        out,
        "  {mark} {:<7} {}  {}",
        c.severity.as_str(),
        printable(&c.rule),
        printable(&c.title)
    );
    for (label, state) in [("was", &c.old), ("now", &c.new)] {
        let _ = match state {
            None => writeln!(out, "      {label}: not reported"),
            Some(s) if matches!(s.outcome, Outcome::Pass | Outcome::NotFired) => {
                writeln!(out, "      {label}: {}", s.outcome.as_str())
            }
            Some(s) => writeln!(
                out,
                "      {label}: {} — {}",
                s.outcome.as_str(),
                printable(&s.message)
            ),
        };
    }
    if let Some(loc) = c.new.as_ref().and_then(|s| s.location.as_ref()) {
        let _ = writeln!(
            out,
            "      at {}:{}:{}",
            printable(&loc.file),
            loc.line,
            loc.column
        );
    }
}

/// The evidence register's and hazard logs' changes, the diff's own findings and warnings.
fn render_reassessment(out: &mut String, c: &Changes) {
    if !c.evidence.is_empty() {
        let _ = writeln!(out, "\nEvidence register ({} changed)", c.evidence.len());
        for e in &c.evidence {
            let show = |d: &Option<crate::record::changes::Dated>| {
                d.as_ref().map_or_else(
                    || "—".to_owned(),
                    |d| match &d.due {
                        Some(due) => format!("{} (due {due})", d.date),
                        None => d.date.clone(),
                    },
                )
            };
            let _ = writeln!(
                out,
                "  {} {}  {}: {} → {}",
                e.change,
                printable(&e.path),
                printable(&e.item),
                printable(&show(&e.old)),
                printable(&show(&e.new))
            );
        }
    }
    if !c.hazards.is_empty() {
        let _ = writeln!(out, "\nHazard log ({} changed)", c.hazards.len());
        for h in &c.hazards {
            let _ = writeln!(
                out,
                "  {} {} {}{}: {}",
                h.change,
                printable(&h.id),
                h.log,
                h.title
                    .as_deref()
                    .map_or_else(String::new, |t| format!(" ({})", printable(t))),
                printable(&h.detail)
            );
        }
    }
    for f in &c.findings {
        let _ = writeln!(out, "\n✗ {}", printable(f));
    }
    for w in &c.warnings {
        let _ = writeln!(out, "\nwarning: {}", printable(w));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(rule: &str, outcome: Outcome, path: Option<&str>) -> FindingView {
        FindingView {
            rule: rule.into(),
            title: "t".into(),
            severity: Severity::Major,
            outcome,
            message: format!("{rule} {}", outcome.as_str()),
            path: path.map(Into::into),
            observed: None,
            location: None,
        }
    }

    fn side(findings: Vec<FindingView>) -> Side {
        Side {
            file: "x.json".into(),
            decisions: Vec::new(),
            findings,
            as_of: None,
            submission: None,
        }
    }

    #[test]
    fn pairs_by_rule_and_path_whatever_the_order() {
        let old = side(vec![
            f("A", Outcome::Fail, Some("a")),
            f("B", Outcome::Pass, None),
            f("C", Outcome::Fail, Some("c")),
        ]);
        let new = side(vec![
            f("C", Outcome::Fail, Some("c")),
            f("B", Outcome::Fail, Some("b")),
            f("A", Outcome::Pass, None),
        ]);
        let d = diff(&old, &new);
        let ids = |l: &[Change]| l.iter().map(|c| c.rule.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&d.newly_failing), ["B"]);
        assert_eq!(ids(&d.newly_passing), ["A"]);
        assert!(d.changed.is_empty());
        assert!(d.regressed());
        assert!(!diff(&new, &new).regressed());
    }

    #[test]
    fn a_moved_failure_is_a_change() {
        let old = side(vec![f("A", Outcome::Fail, Some("h[1]"))]);
        let new = side(vec![f("A", Outcome::Fail, Some("h[2]"))]);
        let d = diff(&old, &new);
        assert_eq!(d.changed.len(), 1);
        assert!(!d.regressed());
    }
}
