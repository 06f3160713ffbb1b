//! The state of a document the submission gives as evidence (`$defs/evidence`): supplied, not
//! supplied, in progress with an expected date, stated not applicable with a reason, or still to
//! be completed. `status` says it; the older `provided` flag is shorthand for provided / not
//! provided. In progress is outstanding until its expected date, then it is overdue.

use crate::rules::dates::parse_date;
use crate::submission::placeholder::is_placeholder;
use jiff::civil::Date;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocState {
    /// No evidence object at all.
    Missing,
    Provided,
    NotProvided,
    InProgress {
        due: Option<Date>,
        /// The expected date has passed (before the as-of date).
        overdue: bool,
    },
    /// Stated not applicable; `reasoned` when a reason is given.
    NotApplicable {
        reasoned: bool,
    },
    /// Stated "to be completed", or an unedited placeholder.
    ToBeCompleted,
    /// Neither `status` nor `provided` says whether it is supplied.
    Unstated,
}

/// The state of the evidence object `v` at the date `as_of`.
pub fn state(v: Option<&Value>, as_of: Date) -> DocState {
    let Some(v) = v else {
        return DocState::Missing;
    };
    if is_placeholder(v) {
        return DocState::ToBeCompleted;
    }
    let field = |k: &str| v.get(k).filter(|x| !is_placeholder(x));
    let text = |k: &str| field(k).and_then(Value::as_str).map(str::trim);
    match v.get("status").and_then(Value::as_str) {
        Some("provided") => DocState::Provided,
        Some("not_provided") => DocState::NotProvided,
        Some("in_progress") => {
            let due = text("expected_date").and_then(parse_date);
            DocState::InProgress {
                due,
                overdue: due.is_some_and(|d| d < as_of),
            }
        }
        Some("not_applicable") => DocState::NotApplicable {
            reasoned: text("reason").is_some_and(|r| !r.is_empty()),
        },
        Some("to_be_completed") => DocState::ToBeCompleted,
        Some(s) if crate::submission::placeholder::is_placeholder_text(s) => {
            DocState::ToBeCompleted
        }
        _ => match field("provided").and_then(Value::as_bool) {
            Some(true) => DocState::Provided,
            Some(false) => DocState::NotProvided,
            None if v.get("provided").is_some() => DocState::ToBeCompleted,
            None => DocState::Unstated,
        },
    }
}

/// Whether the submission says it gives the document's contents in full (`transcribed = true`),
/// so that a detail missing from the submission is missing from the document.
pub fn transcribed(v: Option<&Value>) -> bool {
    v.and_then(|d| d.get("transcribed"))
        .and_then(Value::as_bool)
        == Some(true)
}

impl DocState {
    /// How the state reads in a finding: "provided", "in progress, expected by 2026-12-01" …
    pub fn words(self) -> String {
        match self {
            Self::Missing => "not given".into(),
            Self::Provided => "provided".into(),
            Self::NotProvided => "not provided".into(),
            Self::InProgress {
                due: Some(d),
                overdue: true,
            } => {
                format!("in progress, expected by {d}, which has passed")
            }
            Self::InProgress { due: Some(d), .. } => format!("in progress, expected by {d}"),
            Self::InProgress { due: None, .. } => "in progress, with no expected date".into(),
            Self::NotApplicable { reasoned: true } => "stated not applicable".into(),
            Self::NotApplicable { reasoned: false } => {
                "stated not applicable, with no reason given".into()
            }
            Self::ToBeCompleted => "to be completed".into(),
            Self::Unstated => "given without saying whether it is provided".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(v: Value) -> DocState {
        state(Some(&v), "2026-11-01".parse().unwrap())
    }

    #[test]
    fn statuses_and_the_provided_shorthand() {
        assert_eq!(at(json!({ "provided": true })), DocState::Provided);
        assert_eq!(at(json!({ "provided": false })), DocState::NotProvided);
        assert_eq!(
            at(json!({ "status": "provided", "provided": false })),
            DocState::Provided
        );
        assert_eq!(at(json!({ "title": "CSCR" })), DocState::Unstated);
        assert_eq!(
            at(json!({ "status": "to_be_completed" })),
            DocState::ToBeCompleted
        );
        assert_eq!(
            at(json!({ "provided": "<yes or no>" })),
            DocState::ToBeCompleted
        );
        assert_eq!(
            state(None, "2026-11-01".parse().unwrap()),
            DocState::Missing
        );
    }

    #[test]
    fn in_progress_is_overdue_after_its_date() {
        let due = |d: &str| at(json!({ "status": "in_progress", "expected_date": d }));
        assert!(matches!(
            due("2026-12-01"),
            DocState::InProgress { overdue: false, .. }
        ));
        assert!(matches!(
            due("2026-11-01"),
            DocState::InProgress { overdue: false, .. }
        ));
        assert!(matches!(
            due("2026-10-31"),
            DocState::InProgress { overdue: true, .. }
        ));
        assert_eq!(
            at(json!({ "status": "not_applicable", "reason": "no UI" })),
            DocState::NotApplicable { reasoned: true }
        );
    }
}
