//! What every renderer says the same way: the word and symbol for each outcome, decision and
//! part status (colour is never the only signal), the order findings are listed in (what is not
//! met, then what is outstanding, grouped by the document to verify it in), how a submission is
//! named, and how an observed value is shown.

use super::{Counts, Decision, Finding, PartSummary, Report, Status};
use crate::rules::Outcome;
use crate::rules::decisions;
use serde_json::Value;

/// A symbol (decorative) and a word (what a reader or a screen reader relies on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub symbol: &'static str,
    pub word: &'static str,
    /// A stable class name for styling: `fail`, `pass`, `not-met` …
    pub class: &'static str,
}

const fn label(symbol: &'static str, word: &'static str, class: &'static str) -> Label {
    Label {
        symbol,
        word,
        class,
    }
}

pub fn outcome(o: Outcome) -> Label {
    match o {
        Outcome::Fail => label("✗", "FAIL", "fail"),
        Outcome::Error => label("!", "ERROR", "error"),
        Outcome::Outstanding => label("?", "OUTSTANDING", "outstanding"),
        Outcome::Fired => label("▲", "FIRED", "fired"),
        Outcome::Waived => label("~", "WAIVED", "waived"),
        Outcome::Pass => label("✓", "PASS", "pass"),
        Outcome::NotEvaluated => label("↳", "NOT EVALUATED", "not-evaluated"),
        Outcome::NotFired => label("·", "NOT FIRED", "not-fired"),
        Outcome::NotApplicable => label("–", "N/A", "na"),
    }
}

/// The symbol and class of a status; the word is the decision's own (see [`decision_word`]).
pub fn status(s: Status) -> Label {
    match s {
        Status::NotMet => label("✗", "NOT MET", "not-met"),
        Status::Incomplete => label("!", "INCOMPLETE", "incomplete"),
        Status::Outstanding => label("?", "EVIDENCE OUTSTANDING", "outstanding"),
        Status::Met => label("✓", "MET", "met"),
        Status::NotApplicable => label("–", "N/A", "na"),
    }
}

/// A decision's status in its standard's words, upper case: "DOES NOT MEET", "COMPLIANT".
pub fn decision_word(d: &Decision) -> String {
    match d.status {
        Status::Incomplete => "INCOMPLETE".into(),
        _ => d.words.to_uppercase(),
    }
}

/// A part's status in its decision's words, lower case: "meets", "not compliant", "evidence
/// outstanding", "not applicable".
pub fn part_word(d: &Decision, p: &PartSummary) -> String {
    match decisions::decision(&d.decision) {
        Some(def) => super::decide::words(def, p.status)
            .split(':')
            .next()
            .unwrap_or_default()
            .to_owned(),
        None => p.status.as_str().replace('_', " "),
    }
}

/// A decision's name as a heading: "DTAC 2.0", "DCB0129", "DPIA", "ATRS".
pub fn decision_name(d: &Decision) -> String {
    let short = d.title.split(" (").next().unwrap_or(&d.title);
    match &d.form_version {
        Some(v) => format!("{short} {v}"),
        None => short.to_owned(),
    }
}

/// The headline level of a decision, in words: "a DPIA is required", "advisory" …
pub fn level_words(d: &Decision) -> Option<String> {
    let level = d.level.as_deref()?;
    Some(match (d.decision.as_str(), level) {
        ("dpia", "required") => "a DPIA is required".into(),
        ("dpia", "advised") => "a DPIA is advised".into(),
        ("dpia", "not_required") => "no DPIA trigger applies".into(),
        ("atrs", "mandatory") => {
            "mandatory: the organisation is in the ATRS mandatory scope".into()
        }
        ("atrs", "advisory") => "advisory: outside the ATRS mandatory scope".into(),
        ("atrs", "not_in_scope") => "not in scope".into(),
        ("dtac", "wrong_form") => {
            "the submission is on the retired DTAC 1.0 form after 5 April 2026, so no question is assessed; \
             fix: answer the DTAC 2.0 form and set `submission.dtac_version` to \"2.0\" (DTAC-FORM)"
                .into()
        }
        (_, other) => other.replace('_', " "),
    })
}

/// One line summing up a decision: its parts with their status, its level and criteria.
pub fn decision_detail(d: &Decision, r: &Report) -> String {
    let mut bits: Vec<String> = Vec::new();
    if let Some(l) = level_words(d) {
        bits.push(l);
    }
    if d.level.as_deref() == Some("wrong_form") {
        return bits.join("; ");
    }
    let assessed: Vec<String> = d
        .parts
        .iter()
        .filter(|p| p.assessed && p.status != Status::NotApplicable)
        .map(|p| format!("{} {}", p.part, part_word(d, p)))
        .collect();
    if !assessed.is_empty() && d.decision == "dtac" {
        bits.push(assessed.join(" · "));
    } else {
        let bad: Vec<String> = d
            .parts
            .iter()
            .filter(|p| p.assessed && matches!(p.status, Status::NotMet | Status::Outstanding))
            .map(|p| format!("{}: {}", p.title, part_word(d, p)))
            .collect();
        if !bad.is_empty() {
            bits.push(bad.join(" · "));
        }
    }
    if !d.criteria.is_empty() && d.decision == "dpia" {
        bits.push(format!("criteria: {}", d.criteria.join(", ")));
    }
    if d.decision == "dtac" {
        for s in r.scores.iter().filter(|s| s.possible > 0.0) {
            bits.push(format!("D1 scored {:.1}% (does not count)", s.percent));
        }
    }
    if d.advisory && d.status != Status::NotApplicable {
        bits.push("advisory: counts towards no other decision".into());
    }
    bits.join("; ")
}

/// Display order: what needs action first, then by severity (worst first).
pub fn rank(f: &Finding) -> (u8, std::cmp::Reverse<crate::rules::Severity>) {
    let r = match f.outcome {
        Outcome::Fail => 0,
        Outcome::Error => 1,
        Outcome::Outstanding => 2,
        Outcome::Waived => 3,
        Outcome::Fired => 4,
        Outcome::Pass => 5,
        Outcome::NotEvaluated => 6,
        Outcome::NotFired => 7,
        Outcome::NotApplicable => 8,
    };
    (r, std::cmp::Reverse(f.severity))
}

/// Whether a finding gets the full explanation (message, location, refs, remedy) or one line.
pub fn needs_detail(f: &Finding) -> bool {
    matches!(
        f.outcome,
        Outcome::Fail | Outcome::Error | Outcome::Waived | Outcome::Fired | Outcome::Outstanding
    )
}

/// Where a finding's decision and part sit in the catalogue, for ordering: the parts that move
/// a decision first, then context and scored ones (DTAC A, B, D1), each by decision and part.
fn place(f: &Finding) -> (bool, usize, usize) {
    decisions::decision(f.decision).map_or((true, usize::MAX, 0), |d| {
        let part = d.parts.iter().position(|p| p.id == f.part).unwrap_or(0);
        let counts = d.parts.get(part).is_some_and(|p| p.counts);
        (!counts, d.index(), part)
    })
}

/// Whether a failing finding moves a decision: not advisory, above `info`, and in a part that
/// is assessed (not only DTAC A, B or D1, context or scored).
pub fn moves(f: &Finding) -> bool {
    !f.advisory
        && (f.severity > crate::rules::Severity::Info || f.outcome == Outcome::Error)
        && decisions::decision(f.decision).is_some_and(|d| d.moves(f.part, &f.also))
}

/// The findings that are not met (failures and errors) and move a decision, by decision and
/// part, then severity.
pub fn not_met<'a>(r: &'a Report<'a>) -> Vec<&'a Finding<'a>> {
    failing(r, true)
}

/// Failures that move no decision: in context or scored parts (DTAC A, B, D1) or at `info`
/// severity; advisory decisions have their own list.
pub fn observations<'a>(r: &'a Report<'a>) -> Vec<&'a Finding<'a>> {
    failing(r, false)
}

fn failing<'a>(r: &'a Report<'a>, moving: bool) -> Vec<&'a Finding<'a>> {
    let mut v: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Fail | Outcome::Error))
        .filter(|f| !f.advisory && moves(f) == moving)
        .collect();
    v.sort_by_key(|f| (place(f), rank(f)));
    v
}

/// The outstanding findings that are not advisory, grouped by the document to verify them in
/// (`None`: answers still to be completed or in progress), in the order the groups first
/// appear by decision.
pub fn outstanding<'a>(
    r: &'a Report<'a>,
) -> Vec<(Option<&'a super::DocumentRef>, Vec<&'a Finding<'a>>)> {
    let mut v: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| !f.advisory && f.outcome == Outcome::Outstanding)
        .collect();
    v.sort_by_key(|f| (place(f), rank(f)));
    let mut groups: Vec<(Option<&super::DocumentRef>, Vec<&Finding>)> = Vec::new();
    for f in v {
        let doc = f.look_in.as_ref();
        match groups
            .iter_mut()
            .find(|(d, _)| d.map(|d| &d.path) == doc.map(|d| &d.path))
        {
            Some((_, g)) => g.push(f),
            None => groups.push((doc, vec![f])),
        }
    }
    // Documents first, then the answers to complete.
    groups.sort_by_key(|(d, _)| d.is_none());
    groups
}

/// The findings of an advisory decision that failed or are outstanding.
pub fn advisory<'a>(r: &'a Report<'a>) -> Vec<&'a Finding<'a>> {
    let mut v: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| {
            f.advisory
                && matches!(
                    f.outcome,
                    Outcome::Fail | Outcome::Error | Outcome::Outstanding
                )
        })
        .collect();
    v.sort_by_key(|f| (place(f), rank(f)));
    v
}

/// The not-evaluated findings shown under the rule `id` they wait on.
pub fn under<'a>(r: &'a Report<'a>, id: &str) -> Vec<&'a Finding<'a>> {
    r.findings.iter().filter(|f| f.under == Some(id)).collect()
}

/// Every finding, by decision and part, then display order (for the full listing).
pub fn by_decision<'a>(r: &'a Report<'a>) -> Vec<&'a Finding<'a>> {
    let mut v: Vec<&Finding> = r.findings.iter().collect();
    v.sort_by_key(|f| (place(f), rank(f)));
    v
}

/// The heading of a decision part, for a finding: "DTAC C1 Clinical safety".
pub fn part_heading(f: &Finding) -> String {
    match decisions::decision(f.decision) {
        Some(d) => {
            let name = d.title.split(" (").next().unwrap_or(d.title);
            match d.part(f.part) {
                Some(p) if d.id == "dtac" => format!("{name} {} {}", p.id, p.title),
                Some(p) => format!("{name}: {}", p.title),
                None => name.to_owned(),
            }
        }
        None => f.decision.to_owned(),
    }
}

/// "DCB0129 3 · also DTAC C1": where a finding counts.
pub fn counts_towards(f: &Finding) -> String {
    let name = |d: &str, p: &str| {
        let short =
            decisions::decision(d).map_or(d, |d| d.title.split(" (").next().unwrap_or(d.title));
        format!("{short} {p}")
    };
    let mut s = name(f.decision, f.part);
    for a in &f.also {
        if let Some((d, p)) = a.split_once('.') {
            s.push_str(" · also ");
            s.push_str(&name(d, p));
        }
    }
    s
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

/// "2 not met (1 blocker, 1 major) · 3 outstanding · 13 passed · …", as every renderer says it.
pub fn tally(c: &Counts) -> String {
    let mut parts = vec![format!(
        "{} failed ({} blocker, {} major, {} minor, {} info)",
        c.fail, c.failed_blocker, c.failed_major, c.failed_minor, c.failed_info
    )];
    parts.push(format!("{} outstanding", c.outstanding));
    parts.push(format!("{} passed", c.pass));
    parts.push(format!("{} not applicable", c.not_applicable));
    if c.not_evaluated > 0 {
        parts.push(format!("{} not evaluated", c.not_evaluated));
    }
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
pub fn waived<'a>(r: &'a Report<'a>) -> Vec<&'a str> {
    r.findings
        .iter()
        .filter(|f| f.outcome == Outcome::Waived)
        .map(|f| f.rule)
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
