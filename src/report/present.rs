//! What the document renderers (HTML, Markdown, JUnit, SARIF) say the same way: the word and
//! symbol for each outcome and verdict (colour is never the only signal), the order findings are
//! listed in, how a submission is named, and how an observed value is shown.

use super::{AreaSummary, Counts, Finding, Report, Verdict};
use crate::rules::Outcome;
use serde_json::Value;

/// A symbol (decorative) and a word (what a reader or a screen reader relies on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub symbol: &'static str,
    pub word: &'static str,
    /// A stable class name for styling: `fail`, `pass`, `does-not-meet` …
    pub class: &'static str,
}

pub fn outcome(o: Outcome) -> Label {
    let (symbol, word, class) = match o {
        Outcome::Fail => ("✗", "FAIL", "fail"),
        Outcome::Error => ("!", "ERROR", "error"),
        Outcome::Fired => ("▲", "FIRED", "fired"),
        Outcome::Waived => ("~", "WAIVED", "waived"),
        Outcome::Pass => ("✓", "PASS", "pass"),
        Outcome::NotFired => ("·", "NOT FIRED", "not-fired"),
        Outcome::NotApplicable => ("–", "N/A", "na"),
    };
    Label {
        symbol,
        word,
        class,
    }
}

pub fn verdict(v: Verdict) -> Label {
    let (symbol, word, class) = match v {
        Verdict::DoesNotMeet => ("✗", "DOES NOT MEET", "does-not-meet"),
        Verdict::Incomplete => ("!", "INCOMPLETE", "incomplete"),
        Verdict::Conditional => ("▲", "CONDITIONAL", "conditional"),
        Verdict::Meets => ("✓", "MEETS", "meets"),
    };
    Label {
        symbol,
        word,
        class,
    }
}

/// An area's verdict, or N/A when none of its rules applied (only `not_applicable` and
/// `not_fired` outcomes): "meets" would overstate an area nothing was checked in.
pub fn area_verdict(a: &AreaSummary) -> Label {
    let c = &a.counts;
    if c.pass + c.fail + c.error + c.fired + c.waived == 0 {
        Label {
            symbol: "–",
            word: "N/A",
            class: "na",
        }
    } else {
        verdict(a.verdict)
    }
}

/// Display order inside an area: what needs action first, then by severity (worst first).
pub fn rank(f: &Finding) -> (u8, std::cmp::Reverse<crate::rules::Severity>) {
    let r = match f.outcome {
        Outcome::Fail => 0,
        Outcome::Error => 1,
        Outcome::Waived => 2,
        Outcome::Fired => 3,
        Outcome::Pass => 4,
        Outcome::NotFired => 5,
        Outcome::NotApplicable => 6,
    };
    (r, std::cmp::Reverse(f.severity))
}

/// Whether a finding gets the full explanation (message, location, refs, remedy) or one line.
pub fn needs_detail(f: &Finding) -> bool {
    matches!(
        f.outcome,
        Outcome::Fail | Outcome::Error | Outcome::Waived | Outcome::Fired
    )
}

/// The findings of one area, in display order.
pub fn area_findings<'a>(r: &'a Report, area: &str) -> Vec<&'a Finding> {
    let mut v: Vec<&Finding> = r.findings.iter().filter(|f| f.area == area).collect();
    v.sort_by_key(|f| rank(f));
    v
}

/// "Symptomatica Triage 3.4.0", or the file name when the submission names no product.
pub fn title(r: &Report) -> String {
    let h = &r.submission;
    let name = [h.product.as_deref(), h.version.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if name.trim().is_empty() {
        r.file.clone()
    } else {
        name
    }
}

/// "Symptomatica Health Ltd · manufacturer · DTAC 2.0", omitting what the submission leaves out.
pub fn who(r: &Report) -> String {
    let h = &r.submission;
    let mut parts: Vec<String> = Vec::new();
    parts.extend(h.supplier.clone());
    parts.extend(h.role.as_ref().map(|r| r.replace('_', " ")));
    parts.extend(h.dtac_version.as_ref().map(|v| format!("DTAC {v}")));
    parts.join(" · ")
}

/// An observed value as a reader wants it: strings bare, anything else as compact JSON, cut at
/// 120 characters.
pub fn value(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut short: String = s.chars().take(120).collect();
    if short.len() < s.len() {
        short.push('…');
    }
    short
}

/// The short name of an area title: "Clinical safety" for "Clinical safety (DTAC C1, …)".
pub fn short_area(title: &str) -> &str {
    title.split(" (").next().unwrap_or(title)
}

/// "2 failed (1 blocker, 1 major, 0 minor, 0 info) · 13 passed · …", as the text report says it.
pub fn tally(c: &Counts) -> String {
    let mut parts = vec![format!(
        "{} failed ({} blocker, {} major, {} minor, {} info)",
        c.fail, c.failed_blocker, c.failed_major, c.failed_minor, c.failed_info
    )];
    parts.push(format!("{} passed", c.pass));
    parts.push(format!("{} not applicable", c.not_applicable));
    if c.fired + c.not_fired > 0 {
        parts.push(format!("{} triggers fired", c.fired));
    }
    if c.waived > 0 {
        parts.push(format!("{} waived", c.waived));
    }
    if c.error > 0 {
        parts.push(format!("{} could not be evaluated", c.error));
    }
    parts.join(" · ")
}

/// The rule ids of the findings a waiver turned into `waived`, for the provenance block.
pub fn waived(r: &Report) -> Vec<&str> {
    r.findings
        .iter()
        .filter(|f| f.outcome == Outcome::Waived)
        .map(|f| f.rule.as_str())
        .collect()
}

/// A lower-case id fragment of ASCII letters, digits and hyphens, for anchors.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The anchor of the `index`th report of a run: `s1-ai-symptom-checker`. The index keeps it
/// unique when two inputs share a name; the file stem keeps it readable.
pub fn anchor(index: usize, file: &str) -> String {
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = stem.strip_suffix(".json").unwrap_or(stem);
    let s = slug(stem);
    if s.is_empty() {
        format!("s{}", index + 1)
    } else {
        format!("s{}-{s}", index + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_stable_and_safe() {
        assert_eq!(
            anchor(0, "fixtures/ai-symptom-checker.json"),
            "s1-ai-symptom-checker"
        );
        assert_eq!(anchor(2, "<stdin>"), "s3-stdin");
        assert_eq!(anchor(3, "\"><"), "s4");
        assert_eq!(slug("DTAC-D1-04.1"), "dtac-d1-04-1");
    }
}
