//! The views assessors fill in, built from a report and the clause catalogues: `--view dtac`
//! (the submission's DTAC form question by question, in the form's order and numbering for its
//! version) and `--view dcb0129` / `dcb0160` (clause by clause, with the compliance-assessment
//! template's yes / no / partial / awaiting / not applicable). Each row carries the tool's
//! judgement (from the findings citing it), the answer or evidence, what to verify, and the
//! assessor's columns from the record.

mod render;

pub use render::{csv, html, markdown, text};

use super::{Finding, Report};
use crate::coverage::{Catalogue, Clause};
use crate::rules::Outcome;
use serde::Serialize;

/// Which view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Dtac,
    Dcb0129,
    Dcb0160,
}

const DTAC_1: &str = include_str!("../../../docs/catalogue/dtac.toml");
const DTAC_2: &str = include_str!("../../../docs/catalogue/dtac-2.0.toml");
const DCB0129: &str = include_str!("../../../docs/catalogue/dcb0129.toml");
const DCB0160: &str = include_str!("../../../docs/catalogue/dcb0160.toml");

/// One question or clause.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The form's or standard's own numbering: `C3.3`, `2.3.2`.
    pub code: String,
    pub title: String,
    /// The tool's judgement in the view's words: for DTAC `meets`, `does not meet`,
    /// `outstanding`, `not applicable`; for a clause `yes`, `no`, `partial`, `awaiting`,
    /// `not applicable`; `assessor to judge` where no rule checks it.
    pub judgement: String,
    pub rules: Vec<String>,
    /// The answer or evidence the findings show.
    pub answer: String,
    /// What the assessor should verify.
    pub verify: String,
    /// The assessor's columns from the record: the decision on this part, conditions and
    /// clarifications that answer this question or its rules.
    pub assessor: String,
}

impl Row {
    /// The row's cells in the views' column order (code, question, judgement, answer, verify,
    /// assessor, rules), the rules joined by `rules_sep`.
    pub fn cells(&self, rules_sep: &str) -> [String; 7] {
        [
            self.code.clone(),
            self.title.clone(),
            self.judgement.clone(),
            self.answer.clone(),
            self.verify.clone(),
            self.assessor.clone(),
            self.rules.join(rules_sep),
        ]
    }
}

/// One submission's view.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub file: String,
    pub product: String,
    /// "DTAC 2.0", "DCB0129 v4.2".
    pub standard: String,
    pub rows: Vec<Row>,
}

/// The wording of a DTAC form question (`"2.0"`, `"C3.1"`), as the form's catalogue gives it.
/// The two form catalogues are parsed once, on first use.
pub fn form_question(version: &str, code: &str) -> Option<String> {
    static FORMS: std::sync::OnceLock<Vec<Catalogue>> = std::sync::OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        [("dtac.toml", DTAC_1), ("dtac-2.0.toml", DTAC_2)]
            .into_iter()
            .filter_map(|(file, text)| Catalogue::parse(file, text).ok())
            .collect()
    });
    let wanted = format!("DTAC {version} {code}");
    forms
        .iter()
        .flat_map(|c| &c.clauses)
        .find(|c| c.reference == wanted)
        .map(|c| c.title.clone())
}

/// The catalogue a view lists for a report.
fn catalogue(which: Which, r: &Report) -> Option<Catalogue> {
    let (file, text) = match which {
        Which::Dtac if r.submission.dtac_version.as_deref() == Some("2.0") => {
            ("dtac-2.0.toml", DTAC_2)
        }
        Which::Dtac => ("dtac.toml", DTAC_1),
        Which::Dcb0129 => ("dcb0129.toml", DCB0129),
        Which::Dcb0160 => ("dcb0160.toml", DCB0160),
    };
    Catalogue::parse(file, text).ok()
}

/// The view of one report.
pub fn table(which: Which, r: &Report) -> Table {
    let product = super::present::title(r);
    let Some(cat) = catalogue(which, r) else {
        return Table {
            file: r.file.clone(),
            product,
            standard: String::new(),
            rows: Vec::new(),
        };
    };
    let rows = cat.clauses.iter().map(|c| row(which, &cat, c, r)).collect();
    Table {
        file: r.file.clone(),
        product,
        standard: cat.standard.clone(),
        rows,
    }
}

/// Whether `reference` cites the clause or a sub-question of it (`DTAC 2.0 C3.3` cites
/// `DTAC 2.0 C3.3` and `DTAC 2.0 C3.3.1` cites it too, unless the sub-question has its own row).
fn cites(reference: &str, clause: &str) -> bool {
    reference == clause
        || reference
            .strip_prefix(clause)
            .is_some_and(|rest| rest.starts_with('.'))
}

fn row(which: Which, cat: &Catalogue, c: &Clause, r: &Report) -> Row {
    let own_row = |reference: &str| cat.clauses.iter().any(|o| o.reference == reference);
    let findings: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.outcome != Outcome::NotEvaluated || f.under.is_none())
        .filter(|f| {
            f.refs
                .iter()
                .any(|x| cites(x, &c.reference) && (x == &c.reference || !own_row(x)))
        })
        .collect();
    let code = c
        .reference
        .strip_prefix(&cat.prefix)
        .unwrap_or(&c.reference)
        .trim()
        .to_owned();
    let judgement = judge(which, &findings);
    Row {
        rules: findings.iter().map(|f| f.rule.to_owned()).collect(),
        answer: answer(&findings),
        verify: verify(&findings, c),
        assessor: assessor(which, &code, &findings, r),
        code,
        title: c.title.clone(),
        judgement,
    }
}

/// The tool's judgement from the findings citing a row.
fn judge(which: Which, fs: &[&Finding]) -> String {
    let has = |o: Outcome| fs.iter().any(|f| f.outcome == o);
    let failed = has(Outcome::Fail) || has(Outcome::Error);
    let passed =
        has(Outcome::Pass) || has(Outcome::Waived) || has(Outcome::Fired) || has(Outcome::NotFired);
    let word = if fs.is_empty() {
        "assessor to judge"
    } else if which == Which::Dtac {
        if failed {
            "does not meet"
        } else if has(Outcome::Outstanding) || has(Outcome::NotEvaluated) {
            "outstanding"
        } else if passed {
            "meets"
        } else {
            "not applicable"
        }
    } else if failed && (passed || has(Outcome::Outstanding)) {
        "partial"
    } else if failed {
        "no"
    } else if has(Outcome::Outstanding) || has(Outcome::NotEvaluated) {
        "awaiting"
    } else if passed {
        "yes"
    } else {
        "not applicable"
    };
    word.to_owned()
}

/// What the findings show of the answer: observed values, missing ones, outstanding documents.
fn answer(fs: &[&Finding]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for f in fs {
        let shown = match (&f.path, &f.observed, f.outcome) {
            (Some(p), Some(v), _) => format!("`{p}` = {}", crate::rules::condition::show(v)),
            (Some(p), None, Outcome::Fail) => format!("`{p}` missing"),
            (_, _, Outcome::Outstanding) => f.look_in.as_ref().map_or_else(
                || "in progress".to_owned(),
                |d| format!("in {}", d.title.as_deref().unwrap_or(&d.path)),
            ),
            (_, _, Outcome::Pass | Outcome::Waived) => format!("✓ {}", f.title),
            (_, _, Outcome::NotApplicable) => format!("not applicable: {}", f.title),
            _ => continue,
        };
        if !parts.contains(&shown) {
            parts.push(shown);
        }
    }
    parts.join("; ")
}

/// What the assessor should verify: the fix for what fails, the document for what is
/// outstanding, or why no rule can check the clause.
fn verify(fs: &[&Finding], c: &Clause) -> String {
    let mut parts: Vec<String> = Vec::new();
    for f in fs {
        let text = match f.outcome {
            Outcome::Fail | Outcome::Error => format!("{}: {}", f.rule, f.remedy),
            Outcome::Outstanding => format!(
                "{}: verify in {}",
                f.rule,
                f.look_in
                    .as_ref()
                    .map_or("the document", |d| d.title.as_deref().unwrap_or(&d.path))
            ),
            _ => continue,
        };
        parts.push(text);
    }
    if fs.is_empty() {
        return c.uncheckable.clone().unwrap_or_else(|| {
            "No rule checks this: the assessor judges it from the evidence.".to_owned()
        });
    }
    parts.join(" ")
}

/// The assessor's columns: the recorded decision on the part (`dtac.C3` for `C3.3`, or the
/// standard), and conditions and clarifications that answer this code or one of its rules.
fn assessor(which: Which, code: &str, fs: &[&Finding], r: &Report) -> String {
    let Some(rec) = &r.record else {
        return String::new();
    };
    let part = match which {
        Which::Dtac => format!("dtac.{}", code.split('.').next().unwrap_or(code)),
        Which::Dcb0129 => "dcb0129".to_owned(),
        Which::Dcb0160 => "dcb0160".to_owned(),
    };
    let answers = |a: &Option<String>| {
        a.as_deref()
            .is_some_and(|a| a == code || fs.iter().any(|f| f.rule == a))
    };
    let mut parts: Vec<String> = Vec::new();
    if which == Which::Dtac {
        if let Some(d) = rec
            .record
            .decision
            .iter()
            .find(|d| d.part.eq_ignore_ascii_case(&part))
        {
            parts.push(format!("{} {} ({})", part, d.outcome, d.date));
        }
    }
    for c in rec.record.condition.iter().filter(|c| answers(&c.answers)) {
        let state = c
            .met
            .as_deref()
            .map_or_else(|| format!("due {}", c.due), |m| format!("met {m}"));
        parts.push(format!("condition: {} ({}, {state})", c.what, c.owner));
    }
    for q in rec
        .record
        .clarification
        .iter()
        .filter(|q| answers(&q.answers))
    {
        let state = if q.answer.is_some() || q.answered.is_some() {
            "answered"
        } else {
            "unanswered"
        };
        parts.push(format!("asked {}: {} ({state})", q.asked, q.question));
    }
    parts.join("; ")
}
