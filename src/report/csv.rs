//! The CSV an assurance team opens in a spreadsheet. For each submission, first one row per
//! decision (`rule` is `decision`, the outcome its status and the message its words), then one
//! row per finding: what is not met, then what is outstanding, then the rest, each in rule order;
//! and one row per input that could not be checked (outcome `not_checked`). With waivers, one
//! last row per waiver says what it did (outcome `waiver_applied`, `waiver_expired` or
//! `waiver_unmatched`, the reason in the message, its `file:line:col` as the location). Every cell a
//! spreadsheet would read as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return) is
//! prefixed with a single quote, so a hostile submission cannot run anything in the reader's
//! spreadsheet.

use super::{Finding, InputFailure, Report, present};
use crate::rules::Outcome;
use std::borrow::Cow;

/// The header row.
pub const COLUMNS: [&str; 13] = [
    "submission_id",
    "file",
    "product",
    "supplier",
    "decision",
    "rule",
    "title",
    "outcome",
    "severity",
    "message",
    "location",
    "refs",
    "remedy",
];

type Row<'a> = [Cow<'a, str>; 13];

/// The header row, as CSV bytes.
pub fn header() -> Vec<u8> {
    rows(std::iter::once(COLUMNS.map(Cow::Borrowed)))
}

/// The decision rows, then one row per finding, needing action first.
pub fn report(r: &Report) -> Vec<u8> {
    let h = &r.submission;
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let who = [
        text(&h.id),
        r.file.clone(),
        text(&h.product),
        text(&h.supplier),
    ];
    let decisions = r.decisions.iter().map(|d| {
        let detail = present::decision_detail(d, r);
        let message = if detail.is_empty() {
            d.words.clone()
        } else {
            format!("{}: {detail}", d.words)
        };
        let [a, b, c, e] = who.clone();
        [
            a,
            b,
            c,
            e,
            d.decision.clone(),
            "decision".into(),
            d.title.clone(),
            d.status.as_str().to_owned(),
            String::new(),
            message,
            String::new(),
            String::new(),
            String::new(),
        ]
        .map(Cow::Owned)
    });
    let mut findings: Vec<&Finding> = r.findings.iter().collect();
    findings.sort_by_key(|f| match f.outcome {
        Outcome::Fail | Outcome::Error => 0,
        Outcome::Outstanding => 1,
        _ => 2,
    });
    let findings = findings.into_iter().map(|f| finding_row(f, &who));
    rows(decisions.chain(findings).chain(assessor_rows(r, &who)))
}

/// A finding's row: a brief one (a pass, a trigger that did not fire, a rule that does not
/// apply) carries its decision, rule id and outcome only; its rule's words are the same on
/// every row, in the JSON report's rule catalogue and `assure rules list`.
fn finding_row<'a>(f: &'a Finding<'_>, who: &'a [String; 4]) -> Row<'a> {
    let [a, b, c, e] = who.each_ref().map(|s| Cow::Borrowed(s.as_str()));
    let part = Cow::Owned(format!("{}.{}", f.decision, f.part));
    let outcome = Cow::Borrowed(f.outcome.as_str());
    if f.brief {
        let none = || Cow::Borrowed("");
        return [
            a,
            b,
            c,
            e,
            part,
            Cow::Borrowed(f.rule),
            none(),
            outcome,
            none(),
            none(),
            none(),
            none(),
            none(),
        ];
    }
    [
        a,
        b,
        c,
        e,
        part,
        Cow::Borrowed(f.rule),
        Cow::Borrowed(f.title),
        outcome,
        Cow::Borrowed(f.severity.as_str()),
        Cow::Owned(f.message.to_string()),
        Cow::Owned(location(f)),
        Cow::Owned(f.refs.join("; ")),
        Cow::Borrowed(if matches!(f.outcome, Outcome::Fail | Outcome::Error) {
            f.remedy
        } else {
            ""
        }),
    ]
}

/// After the findings: one row per item lapsing inside `--expiring-within` (rule `evidence`,
/// outcome `expiring`) and one per flag of the assessment record (rule `record`, outcome the
/// flag's kind).
fn assessor_rows(r: &Report, who: &[String; 4]) -> Vec<Row<'static>> {
    let row = |decision: &str,
               rule: &str,
               title: String,
               outcome: &str,
               message: String,
               location: String| {
        let [a, b, c, e] = who.clone();
        [
            a,
            b,
            c,
            e,
            decision.to_owned(),
            rule.to_owned(),
            title,
            outcome.to_owned(),
            String::new(),
            message,
            location,
            String::new(),
            String::new(),
        ]
        .map(Cow::Owned)
    };
    let mut out: Vec<Row<'static>> = r
        .expiring
        .iter()
        .map(|x| {
            let mut message = super::evidence::expiring_line(x);
            if let Some(t) = super::evidence::then_fails_line(x) {
                message = format!("{message}; {t}");
            }
            row(
                "evidence",
                "evidence",
                x.item.clone(),
                "expiring",
                message,
                x.path.clone(),
            )
        })
        .collect();
    if let Some(rec) = &r.record {
        for f in &rec.flags {
            let kind = serde_json::to_value(f.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            out.push(row(
                "record",
                "record",
                "Assessment record".into(),
                &kind,
                f.message.to_string(),
                rec.file.clone(),
            ));
        }
    }
    out
}

/// The row of an input that could not be checked.
pub fn failure(f: &InputFailure) -> Vec<u8> {
    let e = || Cow::Borrowed("");
    let row: Row<'_> = [
        e(),
        Cow::Borrowed(f.file.as_str()),
        e(),
        e(),
        e(),
        e(),
        e(),
        Cow::Borrowed("not_checked"),
        e(),
        Cow::Borrowed(f.message.as_str()),
        e(),
        e(),
        e(),
    ];
    rows(std::iter::once(row))
}

/// One row per waiver of the run, after every input.
pub fn waivers(s: &super::WaiverSummary) -> Vec<u8> {
    rows(s.waivers.iter().map(|w| {
        [
            w.submission.clone().unwrap_or_default(),
            w.binding.file.clone().unwrap_or_default(),
            w.product.clone().unwrap_or_default(),
            w.binding.legal_name.clone(),
            String::new(),
            w.rule.clone(),
            String::new(),
            format!("waiver_{}", w.status.as_str()),
            String::new(),
            format!("{} by {}", super::waiver::why(w), w.approver),
            w.source.clone(),
            String::new(),
            String::new(),
        ]
        .map(Cow::Owned)
    }))
}

fn location(f: &Finding) -> String {
    f.location
        .as_ref()
        .map_or_else(String::new, ToString::to_string)
}

fn rows<'a>(rows: impl Iterator<Item = Row<'a>>) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail; a failure here would only drop the row.
        let _ = w.write_record(row.iter().map(|c| defuse(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

/// The cell as a spreadsheet will show it but never evaluate it.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_text_is_quoted() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("-2"), "'-2");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("plain"), "plain");
        let f = InputFailure {
            file: "b.jsonl:3".into(),
            message: "=cmd, \"quoted\"\nline".into(),
            problems: Vec::new(),
        };
        let row = String::from_utf8(failure(&f)).unwrap_or_default();
        assert_eq!(
            row,
            ",b.jsonl:3,,,,,,not_checked,,\"'=cmd, \"\"quoted\"\"\nline\",,,\n"
        );
    }
}
