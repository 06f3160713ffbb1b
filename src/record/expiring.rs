//! Evidence that lapses inside a window after the as-of date (`--expiring-within 90d`), and the
//! re-assessment due date every report gives. For each lapse in the window the rules are run
//! again as of the day it lapses (and the day after), so the warning names each finding that
//! passes today and fails then.

use super::register::{self, Item};
use crate::report::Report;
use crate::rules::{Outcome, RuleSet};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

/// The earliest lapse in a submission's evidence: when it must be assessed again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reassessment {
    pub date: String,
    pub days_left: Option<i64>,
    /// What lapses then.
    pub item: String,
    pub path: String,
}

/// One evidence item that lapses inside the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expiring {
    pub item: String,
    pub path: String,
    /// The date the submission gives.
    pub date: String,
    /// The day it lapses.
    pub lapses: String,
    pub days_left: i64,
    pub basis: String,
    /// The findings that pass today and fail once it has lapsed, with the first day they fail.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub then_fails: Vec<ThenFails>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThenFails {
    pub rule: String,
    pub from: String,
}

/// A window parsed from `90d`, `12w`, `3m` (months as 30 days is not used: calendar months).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub amount: i64,
    pub unit: char,
}

impl Window {
    /// Reads `90d`, `12w`, `3m` or `90` (days).
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let (num, unit) = match t.char_indices().last() {
            Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_lowercase()),
            _ => (t, 'd'),
        };
        let amount: i64 = num.parse().map_err(|_| bad(text))?;
        if !matches!(unit, 'd' | 'w' | 'm') || !(0..=3660).contains(&amount) {
            return Err(bad(text));
        }
        Ok(Self { amount, unit })
    }

    /// The last day inside the window starting at `as_of`.
    pub fn end(&self, as_of: Date) -> Option<Date> {
        let span = match self.unit {
            'w' => self.amount.weeks(),
            'm' => self.amount.months(),
            _ => self.amount.days(),
        };
        as_of.checked_add(span).ok()
    }
}

fn bad(text: &str) -> String {
    format!(
        "`--expiring-within {text}` is not a window; write a number of days, weeks or months, e.g. `90d`, `12w`, `3m`"
    )
}

/// The re-assessment due date of a register.
pub fn reassessment(items: &[Item]) -> Option<Reassessment> {
    register::reassessment(items).map(|i| Reassessment {
        date: i.due.clone().unwrap_or_default(),
        days_left: i.days_left,
        item: i.item.clone(),
        path: i.path.clone(),
    })
}

/// The items lapsing after `as_of` and no later than the window's end, each with the findings
/// that then fail.
pub fn expiring(
    set: &RuleSet,
    value: &Value,
    report: &Report,
    items: &[Item],
    as_of: Date,
    window: Window,
) -> Vec<Expiring> {
    let Some(end) = window.end(as_of) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| {
            let lapse = i.lapse()?;
            (lapse > as_of && lapse <= end).then(|| Expiring {
                item: i.item.clone(),
                path: i.path.clone(),
                date: i.date.clone(),
                lapses: lapse.to_string(),
                days_left: i.days_left.unwrap_or_default(),
                basis: i.basis.clone(),
                then_fails: then_fails(set, value, report, i, lapse),
            })
        })
        .collect()
}

/// The findings citing the item's field (or any, for a waiver) that pass today and fail on the
/// day it lapses or the day after.
fn then_fails(
    set: &RuleSet,
    value: &Value,
    report: &Report,
    item: &Item,
    lapse: Date,
) -> Vec<ThenFails> {
    let passing: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Pass || f.outcome == Outcome::Waived)
        .map(|f| f.rule)
        .collect();
    let mut out: Vec<ThenFails> = Vec::new();
    let days = [Some(lapse), lapse.checked_add(1.day()).ok()];
    for day in days.into_iter().flatten() {
        let results = crate::engine::run(set, value, day, false);
        for (rule, res) in set.rules.iter().zip(&results) {
            let Some(res) = res.as_ref().filter(|r| r.outcome == Outcome::Fail) else {
                continue;
            };
            let new = !out.iter().any(|t| t.rule == rule.id);
            if new && passing.contains(&rule.id.as_str()) && cites(res, &rule.id, item) {
                out.push(ThenFails {
                    rule: rule.id.clone(),
                    from: day.to_string(),
                });
            }
        }
    }
    out
}

/// Whether the failing result looks at the item's field or its siblings (or, for a waiver,
/// is the waived rule), so that a rule failing that day for another reason is not blamed on it.
fn cites(res: &crate::engine::RuleResult, rule: &str, item: &Item) -> bool {
    if let Some(waived) = item.path.strip_prefix("waivers:") {
        return waived == rule;
    }
    let parent = item.path.rsplit_once('.').map_or("", |(p, _)| p);
    res.evidence
        .iter()
        .filter_map(|e| e.path.as_ref())
        .map(ToString::to_string)
        .any(|p| p == item.path || (!parent.is_empty() && p.starts_with(parent)))
}
