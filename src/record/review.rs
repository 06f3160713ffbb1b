//! The assessment record checked against the report: whether its hashes still match the
//! submission and rules, which conditions are overdue, which clarifications are unanswered, and
//! where the assessor's decision differs from the tool's (both are shown; the assessor may
//! overrule). The result is carried in the report, so every format shows it.

use super::file::{Loaded, RecordFile};
use super::register::days_between;
use crate::report::{Report, Status};
use jiff::civil::Date;
use serde::Serialize;

/// The record as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordReview {
    pub file: String,
    /// The record file's own content hash: the report is tied to this exact record.
    pub hash: String,
    /// Whether the record's `[hashes]` still match the submission and the rules.
    pub matches: HashCheck,
    #[serde(flatten)]
    pub record: RecordFile,
    /// The tool's status beside each recorded decision.
    pub decisions: Vec<DecisionCheck>,
    /// Everything that needs the assessor's attention, one sentence each, in record order:
    /// mismatched hashes, overdue conditions, unanswered clarifications, disagreements.
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashCheck {
    pub submission: bool,
    pub rules: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionCheck {
    pub part: String,
    pub recorded: String,
    /// The tool's status of that decision or part (`null` when the report has none).
    pub tool: Option<Status>,
    pub agrees: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    HashMismatch,
    ConditionOverdue,
    ClarificationUnanswered,
    DecisionDiffers,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub message: String,
}

/// Checks `loaded` against the report it is attached to, at `as_of`.
pub fn review(loaded: &Loaded, report: &Report, rules_hash: &str, as_of: Date) -> RecordReview {
    let rec = &loaded.record;
    let matches = HashCheck {
        submission: rec.hashes.submission == report.input_hash,
        rules: rec.hashes.rules == rules_hash,
    };
    let mut flags = hash_flags(rec, &matches, report, rules_hash);
    flags.extend(condition_flags(rec, as_of));
    flags.extend(clarification_flags(rec, as_of));
    let decisions: Vec<DecisionCheck> = rec.decision.iter().map(|d| check(d, report)).collect();
    for d in decisions.iter().filter(|d| !d.agrees) {
        let tool = d.tool.map_or("not assessed", Status::as_str);
        flags.push(Flag {
            kind: FlagKind::DecisionDiffers,
            message: format!(
                "the record's decision on `{}` is `{}`; the tool's is `{tool}` (the assessor may overrule: both are shown)",
                d.part, d.recorded
            ),
        });
    }
    RecordReview {
        file: loaded.file.clone(),
        hash: loaded.hash.clone(),
        matches,
        record: rec.clone(),
        decisions,
        flags,
    }
}

fn hash_flags(rec: &RecordFile, h: &HashCheck, report: &Report, rules_hash: &str) -> Vec<Flag> {
    let mut out = Vec::new();
    if !h.submission {
        out.push(Flag {
            kind: FlagKind::HashMismatch,
            message: format!(
                "the record was made on submission `{}`, but this submission is `{}`: it changed since the assessment, or the record is another submission's",
                rec.hashes.submission, report.input_hash
            ),
        });
    }
    if !h.rules {
        out.push(Flag {
            kind: FlagKind::HashMismatch,
            message: format!(
                "the record was made with rules `{}`, but these rules are `{rules_hash}`: the tool's judgements may differ from those the assessor saw",
                rec.hashes.rules
            ),
        });
    }
    out
}

fn condition_flags(rec: &RecordFile, as_of: Date) -> Vec<Flag> {
    rec.condition
        .iter()
        .filter(|c| c.met.is_none())
        .filter_map(|c| {
            let due: Date = c.due.parse().ok()?;
            let late = days_between(due, as_of)?;
            (late > 0).then(|| Flag {
                kind: FlagKind::ConditionOverdue,
                message: format!(
                    "condition overdue by {late} day{}: {} (owner {}, due {}{})",
                    if late == 1 { "" } else { "s" },
                    c.what,
                    c.owner,
                    c.due,
                    c.answers
                        .as_deref()
                        .map_or_else(String::new, |a| format!(", answers {a}"))
                ),
            })
        })
        .collect()
}

fn clarification_flags(rec: &RecordFile, as_of: Date) -> Vec<Flag> {
    rec.clarification
        .iter()
        .filter(|c| c.answer.is_none() && c.answered.is_none())
        .map(|c| {
            let waited = c
                .asked
                .parse::<Date>()
                .ok()
                .and_then(|a| days_between(a, as_of))
                .map_or_else(String::new, |d| format!(", {d} days ago"));
            Flag {
                kind: FlagKind::ClarificationUnanswered,
                message: format!(
                    "clarification unanswered (asked {}{waited}): {}",
                    c.asked, c.question
                ),
            }
        })
        .collect()
}

/// The tool's status for a recorded part (`dtac` or `dtac.C1`) and whether the two agree.
fn check(d: &super::file::RecordedDecision, report: &Report) -> DecisionCheck {
    let (decision, part) = match d.part.split_once('.') {
        Some((dec, p)) => (dec, Some(p)),
        None => (d.part.as_str(), None),
    };
    let found = report.decision(decision);
    let tool = match part {
        None => found.map(|x| x.status),
        Some(p) => found.and_then(|x| {
            x.parts
                .iter()
                .find(|s| s.part.eq_ignore_ascii_case(p))
                .map(|s| s.status)
        }),
    };
    DecisionCheck {
        part: d.part.clone(),
        recorded: d.outcome.clone(),
        agrees: tool.is_some_and(|t| agrees(&d.outcome, t)),
        tool,
    }
}

/// Whether the recorded outcome matches the tool's status; "met with conditions" agrees with a
/// met or outstanding status (the conditions are what is outstanding).
fn agrees(recorded: &str, tool: Status) -> bool {
    match recorded {
        "met" => tool == Status::Met,
        "met_with_conditions" => matches!(tool, Status::Met | Status::Outstanding),
        "not_met" => tool == Status::NotMet,
        "outstanding" => matches!(tool, Status::Outstanding | Status::Incomplete),
        "not_applicable" => tool == Status::NotApplicable,
        _ => false,
    }
}
