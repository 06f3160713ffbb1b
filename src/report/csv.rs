//! The CSV an assurance team opens in a spreadsheet: one row per submission and rule, and one row
//! per input that could not be checked (outcome `not_checked`). Every cell a spreadsheet would
//! read as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with a
//! single quote, so a hostile submission cannot run anything in the reader's spreadsheet. With
//! waivers, one last row per waiver says what it did (outcome `waiver_applied`, `waiver_expired`
//! or `waiver_unmatched`, the reason in the message, its `file:line:col` as the location).

use super::{Finding, InputFailure, Report};
use std::borrow::Cow;

/// The header row.
pub const COLUMNS: [&str; 10] = [
    "submission_id",
    "file",
    "product",
    "supplier",
    "area",
    "rule",
    "outcome",
    "severity",
    "message",
    "location",
];

/// The header row, as CSV bytes.
pub fn header() -> Vec<u8> {
    rows(std::iter::once(COLUMNS.map(Cow::Borrowed)))
}

/// One row per finding of the report, in rule order.
pub fn report(r: &Report) -> Vec<u8> {
    let h = &r.submission;
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    rows(r.findings.iter().map(|f| {
        [
            text(&h.id),
            r.file.clone(),
            text(&h.product),
            text(&h.supplier),
            f.area.clone(),
            f.rule.clone(),
            f.outcome.as_str().to_owned(),
            f.severity.as_str().to_owned(),
            f.message.clone(),
            location(f),
        ]
        .map(Cow::Owned)
    }))
}

/// The row of an input that could not be checked.
pub fn failure(f: &InputFailure) -> Vec<u8> {
    let e = Cow::Borrowed("");
    let row = [
        e.clone(),
        Cow::Borrowed(f.file.as_str()),
        e.clone(),
        e.clone(),
        e.clone(),
        e.clone(),
        Cow::Borrowed("not_checked"),
        e.clone(),
        Cow::Borrowed(f.message.as_str()),
        e,
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
            format!("waiver_{}", w.status.as_str()),
            String::new(),
            format!("{} by {}", super::waiver::why(w), w.approver),
            w.source.clone(),
        ]
        .map(Cow::Owned)
    }))
}

fn location(f: &Finding) -> String {
    f.location.as_ref().map_or_else(String::new, |l| {
        format!("{}:{}:{}", l.file, l.line, l.column)
    })
}

fn rows<'a>(rows: impl Iterator<Item = [Cow<'a, str>; 10]>) -> Vec<u8> {
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
            ",b.jsonl:3,,,,,not_checked,,\"'=cmd, \"\"quoted\"\"\nline\",\n"
        );
    }
}
