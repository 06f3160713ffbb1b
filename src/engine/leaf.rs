//! The leaf tests of a condition (present, empty, equals, one of, contains, matches, ranges,
//! dates against the as-of date, compare, NHS number checksum): one value looked up and tested,
//! with the expectation worded for the report, as-of dates and compared values filled in.

use super::document::{self, DocState};
use super::eval::{EvalError, Evidence, Here, Observed, Pending, Sink, observed};
use super::truth::Truth;
use crate::path::RulePath;
use crate::rules::compile_cond::describe;
use crate::rules::condition::{Checksum, Cond, Test, show};
use crate::rules::dates::{Period, Unit, parse_date};
use crate::submission::placeholder::is_placeholder;
use jiff::civil::Date;
use serde_json::Value;
use std::cmp::Ordering;

pub(super) fn leaf(
    cond: &Cond,
    path: &RulePath,
    test: &Test,
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<Truth, EvalError> {
    if let Test::Supplied { allow_na } = test {
        return supplied(cond, path, *allow_na, here, out);
    }
    let v = here.lookup(path);
    let pending = match v {
        Some(v) if is_placeholder(v) => Some(Pending::Placeholder),
        None if asks_for_a_value(test) => here.in_document(cond),
        _ => None,
    }
    .or_else(|| other_side_untold(test, here));
    let t = match pending {
        Some(_) => Truth::Unknown,
        // A list with no entries has no duplicates to find: nothing to judge, not a pass.
        None if matches!(test, Test::UniqueBy(_))
            && v.and_then(Value::as_array).is_none_or(|a| a.is_empty()) =>
        {
            Truth::Vacuous
        }
        None => Truth::from_bool(test_value(test, v, here).map_err(|message| EvalError {
            path: Some(here.concrete(path)),
            message,
        })?),
    };
    if let Some(out) = out {
        let expected = cond.say.clone().unwrap_or_else(|| expected_now(test, here));
        out.push(Evidence {
            pending,
            ..Evidence::at(here.concrete(path), observed(v), expected)
        });
    }
    Ok(t)
}

/// Whether a missing value fails the test for want of a value (every test but "absent" and
/// "missing or empty", which a missing value satisfies).
fn asks_for_a_value(test: &Test) -> bool {
    !matches!(test, Test::Present(false) | Test::Empty(true))
}

/// A `compare` whose other field is a placeholder cannot be decided either.
fn other_side_untold(test: &Test, here: Here<'_, '_>) -> Option<Pending> {
    let Test::Compare { other, outer, .. } = test else {
        return None;
    };
    compare_with(here, *outer)
        .lookup(other)
        .filter(|o| is_placeholder(o))
        .map(|_| Pending::Placeholder)
}

/// `supplied`: the document at `path` is provided; in progress or to be completed is
/// outstanding; overdue, not provided or not stated fails; not applicable (with a reason) makes
/// the condition vacuous where the rule allows it.
fn supplied(
    cond: &Cond,
    path: &RulePath,
    allow_na: bool,
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<Truth, EvalError> {
    let v = here.lookup(path);
    let state = document::state(v, here.ctx.as_of);
    let (t, pending) = match state {
        DocState::Provided => (Truth::Yes, None),
        DocState::InProgress {
            due,
            overdue: false,
        } => (Truth::Unknown, Some(Pending::InProgress(due))),
        DocState::ToBeCompleted => (Truth::Unknown, Some(Pending::ToBeCompleted)),
        DocState::NotApplicable { reasoned: true } if allow_na => (Truth::Vacuous, None),
        DocState::Missing => match here.in_document(cond) {
            Some(p) => (Truth::Unknown, Some(p)),
            None => (Truth::No, None),
        },
        _ => (Truth::No, None),
    };
    if let Some(out) = out {
        let observed = match (v, state) {
            (None, _) => Observed::Missing,
            (Some(v), DocState::NotApplicable { reasoned: true }) => {
                let reason = v.get("reason").and_then(Value::as_str).unwrap_or("");
                Observed::Note(format!("{}: {reason}", state.words()))
            }
            (Some(_), _) => Observed::Note(state.words()),
        };
        let expected = cond
            .say
            .clone()
            .unwrap_or_else(|| describe(&Test::Supplied { allow_na }));
        out.push(Evidence {
            pending,
            ..Evidence::at(here.concrete(path), observed, expected)
        });
    }
    Ok(t)
}

/// The expectation with as-of dates and compared values filled in.
fn expected_now(test: &Test, here: Here<'_, '_>) -> String {
    let ctx = here.ctx;
    match test {
        Test::Within(p) => match p.before(ctx.as_of) {
            Some(from) => format!(
                "a date within {p} before the as-of date: from {from} to {}",
                ctx.as_of
            ),
            None => describe(test),
        },
        Test::WithinInterval { .. } => match interval(test, here) {
            Ok(p) => match p.before(ctx.as_of) {
                Some(from) => format!(
                    "a date within {p} before the as-of date: from {from} to {}",
                    ctx.as_of
                ),
                None => describe(test),
            },
            Err(_) => describe(test),
        },
        Test::NotBefore(b) | Test::NotAfter(b) => match b.resolve(ctx.as_of) {
            // A fixed bound already names its date; an as-of bound shows the date it resolved to.
            Some(d) if b.fixed.is_none() => format!("{} ({d})", describe(test)),
            _ => describe(test),
        },
        Test::Compare { other, outer, .. } => match compare_with(here, *outer).lookup(other) {
            Some(o) => format!("{} ({})", describe(test), show(o)),
            None => format!("{} (which is missing)", describe(test)),
        },
        _ => describe(test),
    }
}

fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(_) => false,
    }
}

fn date_of(v: &Value) -> Result<Date, String> {
    v.as_str()
        .and_then(parse_date)
        .ok_or_else(|| format!("{} is not a date in the form YYYY-MM-DD", show(v)))
}

fn test_value(test: &Test, v: Option<&Value>, here: Here<'_, '_>) -> Result<bool, String> {
    let ctx = here.ctx;
    if let Test::Present(want) = test {
        return Ok(v.is_some() == *want);
    }
    if let Test::Empty(want) = test {
        return Ok(is_empty(v) == *want);
    }
    let Some(v) = v else { return Ok(false) };
    Ok(match test {
        Test::Equals(x) => v == x,
        Test::OneOf(xs) => xs.contains(v),
        Test::Contains(x) => v.as_array().is_some_and(|a| a.contains(x)),
        Test::Matches(p) => p.is_match(
            v.as_str()
                .ok_or_else(|| format!("{} is not text", show(v)))?
                .trim(),
        ),
        Test::Range { min, max } => {
            let n = v
                .as_f64()
                .ok_or_else(|| format!("{} is not a number", show(v)))?;
            min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)
        }
        Test::Items { min, max } => {
            let n = v
                .as_array()
                .ok_or_else(|| format!("{} is not a list", show(v)))?
                .len() as u64;
            min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)
        }
        Test::Within(p) => {
            let d = date_of(v)?;
            let from = p
                .before(ctx.as_of)
                .ok_or("the period reaches outside the calendar")?;
            from <= d && d <= ctx.as_of
        }
        Test::WithinInterval { .. } => {
            let d = date_of(v)?;
            let from = interval(test, here)?
                .before(ctx.as_of)
                .ok_or("the period reaches outside the calendar")?;
            from <= d && d <= ctx.as_of
        }
        Test::UniqueBy(key) => {
            let items = v
                .as_array()
                .ok_or_else(|| format!("{} is not a list", show(v)))?;
            let mut seen = std::collections::HashSet::new();
            items
                .iter()
                .filter_map(|item| super::eval::lookup(here.ctx, item, key))
                .all(|k| seen.insert(k.to_string()))
        }
        Test::NotBefore(b) => {
            date_of(v)?
                >= b.resolve(ctx.as_of)
                    .ok_or("the bound falls outside the calendar")?
        }
        Test::NotAfter(b) => {
            date_of(v)?
                <= b.resolve(ctx.as_of)
                    .ok_or("the bound falls outside the calendar")?
        }
        Test::Compare { op, other, outer } => match compare_with(here, *outer).lookup(other) {
            None => false,
            Some(o) => op.holds(compare(v, o)?),
        },
        Test::Checksum(Checksum::NhsNumber) => v.as_str().is_some_and(valid_nhs_number),
        Test::Present(_) | Test::Empty(_) | Test::Supplied { .. } => false,
    })
}

/// The period of a `within` whose length a field may give in months (a plan's own interval).
fn interval(test: &Test, here: Here<'_, '_>) -> Result<Period, String> {
    let Test::WithinInterval { default, months } = test else {
        return Err("not an interval".into());
    };
    match here.lookup(months) {
        None => Ok(default.clone()),
        Some(n) => n
            .as_i64()
            .filter(|n| (1..=1000).contains(n))
            .map(|amount| Period {
                amount,
                unit: Unit::Months,
            })
            .ok_or_else(|| format!("{} is not a whole number of months", show(n))),
    }
}

/// Where a `compare`'s other field is read: the current scope, or the enclosing item for `^`.
fn compare_with<'a, 'v>(here: Here<'a, 'v>, outer: bool) -> Here<'a, 'v> {
    if outer {
        Here {
            scope: here.ctx.outer.unwrap_or(&Value::Null),
            ..here
        }
    } else {
        here
    }
}

fn compare(a: &Value, b: &Value) -> Result<Ordering, String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .zip(y.as_f64())
            .and_then(|(x, y)| x.partial_cmp(&y))
            .ok_or_else(|| "numbers cannot be compared".into()),
        (Value::String(x), Value::String(y)) => Ok(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Ok(x.cmp(y)),
        _ => Err(format!(
            "{} and {} are of different types and cannot be compared",
            show(a),
            show(b)
        )),
    }
}

/// NHS number: ten digits; weights 10..2 on the first nine; check = 11 − (sum mod 11), 11 → 0,
/// 10 → invalid. Spaces and hyphens are ignored.
pub fn valid_nhs_number(s: &str) -> bool {
    let digits: Vec<u32> = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()
        .unwrap_or_default();
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == digits[9]
}

#[cfg(test)]
mod tests {
    use super::valid_nhs_number;

    #[test]
    fn nhs_number_check_digit() {
        assert!(valid_nhs_number("943 476 5919"));
        assert!(valid_nhs_number("9434765870"));
        assert!(!valid_nhs_number("9434765918"));
        assert!(!valid_nhs_number("94347659"));
        assert!(!valid_nhs_number("abcdefghij"));
    }
}
