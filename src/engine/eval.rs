//! Evaluates one compiled condition against one submission. The same walk serves two modes:
//! without an evidence sink it only answers true/false (the fast path, no allocation for passing
//! checks); with one it also records, for the report, each path, its observed value and what was
//! expected.

use super::matrix::{self, Matrix};
use crate::path::{ConcretePath, RulePath};
use crate::rules::compile_cond::describe;
use crate::rules::condition::{Checksum, Cond, Op, RiskCheck, RiskExpect, Test, show};
use crate::rules::dates::parse_date;
use crate::rules::{Outcome, Rule};
use jiff::civil::Date;
use serde_json::Value;
use std::cmp::Ordering;

/// Everything a condition may look at besides the value in scope.
pub struct Ctx<'a> {
    pub root: &'a Value,
    pub as_of: Date,
    pub outcomes: &'a [Option<Outcome>],
    pub rules: &'a [Rule],
    /// The scope the innermost enclosing every/some/count was written in (for a quantifier
    /// nested in another, the outer list's current item), which a `compare` with `to = "^…"`
    /// reads from; `None` outside any quantifier.
    pub outer: Option<&'a Value>,
}

impl<'a> Ctx<'a> {
    /// The context for the items of a list looked up in `scope`: `^` now means `scope`.
    fn inside(&self, scope: &'a Value) -> Ctx<'a> {
        Ctx {
            root: self.root,
            as_of: self.as_of,
            outcomes: self.outcomes,
            rules: self.rules,
            outer: Some(scope),
        }
    }
}

/// What a finding shows for one checked value.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub path: Option<ConcretePath>,
    pub rule: Option<String>,
    pub observed: Observed,
    pub expected: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Observed {
    Missing,
    Value(Value),
    /// A description rather than a value ("2 of 7 hazards", "fired").
    Note(String),
}

/// A rule that could not be evaluated, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    pub path: Option<ConcretePath>,
    pub message: String,
}

type Sink<'s> = Option<&'s mut Vec<Evidence>>;

/// Whether `cond` holds in `scope` (whose concrete path is `at`); pushes evidence into `out`.
/// A composite condition with the author's wording (`say`) lends it to all its evidence.
pub fn holds(
    cond: &Cond,
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    match (out, &cond.say, &cond.op) {
        (Some(out), Some(say), op) if !matches!(op, Op::Leaf { .. }) => {
            let before = out.len();
            let ok = holds_inner(cond, ctx, scope, at, Some(&mut *out))?;
            for e in &mut out[before..] {
                e.expected.clone_from(say);
            }
            Ok(ok)
        }
        (out, _, _) => holds_inner(cond, ctx, scope, at, out),
    }
}

fn holds_inner(
    cond: &Cond,
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    match &cond.op {
        Op::Leaf { path, test } => leaf(cond, path, test, ctx, scope, at, out),
        Op::All(cs) => combine(cs, ctx, scope, at, out, true),
        Op::Any(cs) => combine(cs, ctx, scope, at, out, false),
        Op::Not(c) => {
            let mut inner = Vec::new();
            let ok = !holds(c, ctx, scope, at, out.is_some().then_some(&mut inner))?;
            if let Some(out) = out {
                let expected = cond
                    .say
                    .clone()
                    .unwrap_or_else(|| format!("not {}", c.expectation()));
                out.extend(inner.into_iter().map(|e| Evidence {
                    expected: expected.clone(),
                    ..e
                }));
            }
            Ok(ok)
        }
        Op::Every { array, item } => every(cond, array, item, ctx, scope, at, out),
        Op::Some { array, item } => some(cond, array, item, ctx, scope, at, out),
        Op::Count {
            array,
            filter,
            min,
            max,
        } => count(
            cond,
            array,
            filter.as_deref(),
            (*min, *max),
            ctx,
            scope,
            at,
            out,
        ),
        Op::Risk(r) => risk(cond, r, ctx, scope, at, out),
        Op::Rule { rule, outcomes } => {
            let o = outcome_of(ctx, rule.index)?;
            let ok = outcomes.contains(&o);
            if let Some(out) = out {
                out.push(Evidence {
                    path: None,
                    rule: Some(rule.id.clone()),
                    observed: Observed::Note(o.as_str().into()),
                    expected: cond.expectation().to_owned(),
                });
            }
            Ok(ok)
        }
        Op::Rules {
            rules,
            outcomes,
            min,
            max,
        } => {
            let mut matched = Vec::new();
            for r in rules {
                if outcomes.contains(&outcome_of(ctx, r.index)?) {
                    matched.push(r.id.as_str());
                }
            }
            let n = matched.len() as u64;
            let ok = min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m);
            if let Some(out) = out {
                let list = if matched.is_empty() {
                    "none".to_owned()
                } else {
                    matched.join(", ")
                };
                out.push(Evidence {
                    path: None,
                    rule: None,
                    observed: Observed::Note(format!("{n} ({list})")),
                    expected: cond.expectation().to_owned(),
                });
            }
            Ok(ok)
        }
    }
}

fn outcome_of(ctx: &Ctx<'_>, index: usize) -> Result<Outcome, EvalError> {
    let id = ctx.rules.get(index).map_or("?", |r| r.id.as_str());
    match ctx.outcomes.get(index).copied().flatten() {
        Some(Outcome::Error) => Err(EvalError {
            path: None,
            message: format!("it depends on rule {id}, which could not be evaluated"),
        }),
        Some(o) => Ok(o),
        None => Err(EvalError {
            path: None,
            message: format!("it depends on rule {id}, which was not evaluated"),
        }),
    }
}

fn combine(
    cs: &[Cond],
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
    all: bool,
) -> Result<bool, EvalError> {
    let Some(out) = out else {
        for c in cs {
            if holds(c, ctx, scope, at, None)? != all {
                return Ok(!all);
            }
        }
        return Ok(all);
    };
    let mut results = Vec::with_capacity(cs.len());
    for c in cs {
        let mut ev = Vec::new();
        let ok = holds(c, ctx, scope, at, Some(&mut ev))?;
        results.push((ok, ev));
    }
    let verdict = if all {
        results.iter().all(|r| r.0)
    } else {
        results.iter().any(|r| r.0)
    };
    if !all && !verdict {
        // No alternative held: explain with the one nearest to holding (fewest failing values;
        // on a tie the last, which is usually the requirement after the exemptions).
        let nearest = results.into_iter().rev().min_by_key(|(_, ev)| ev.len());
        out.extend(nearest.map(|(_, ev)| ev).unwrap_or_default());
        return Ok(false);
    }
    // Explain with the children that decided the verdict.
    for (ok, ev) in results {
        if ok == verdict {
            out.extend(ev);
        }
    }
    Ok(verdict)
}

fn lookup<'v>(ctx: &Ctx<'v>, scope: &'v Value, path: &RulePath) -> Option<&'v Value> {
    let mut v = if path.absolute { ctx.root } else { scope };
    for k in &path.keys {
        v = member(v, k)?;
    }
    (!v.is_null()).then_some(v)
}

/// `object[key]`. Submission objects are small, and for a small map comparing the keys in order
/// is several times cheaper than hashing the key (serde_json's map hashes with SipHash).
fn member<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    const SCAN: usize = 24;
    let map = v.as_object()?;
    if map.len() > SCAN {
        return map.get(key);
    }
    map.iter()
        .find_map(|(k, v)| (k.as_str() == key).then_some(v))
}

fn concrete(at: &ConcretePath, path: &RulePath) -> ConcretePath {
    if path.absolute {
        ConcretePath::default().join_keys(&path.keys)
    } else {
        at.join_keys(&path.keys)
    }
}

fn observed(v: Option<&Value>) -> Observed {
    v.map_or(Observed::Missing, |v| Observed::Value(v.clone()))
}

fn leaf(
    cond: &Cond,
    path: &RulePath,
    test: &Test,
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    let v = lookup(ctx, scope, path);
    let ok = test_value(test, v, ctx, scope).map_err(|message| EvalError {
        path: Some(concrete(at, path)),
        message,
    })?;
    if let Some(out) = out {
        let expected = cond
            .say
            .clone()
            .unwrap_or_else(|| expected_now(test, ctx, scope));
        out.push(Evidence {
            path: Some(concrete(at, path)),
            rule: None,
            observed: observed(v),
            expected,
        });
    }
    Ok(ok)
}

/// The expectation with as-of dates and compared values filled in.
fn expected_now(test: &Test, ctx: &Ctx<'_>, scope: &Value) -> String {
    match test {
        Test::Within(p) => match p.before(ctx.as_of) {
            Some(from) => format!(
                "a date within {p} before the as-of date: from {from} to {}",
                ctx.as_of
            ),
            None => describe(test),
        },
        Test::NotBefore(b) | Test::NotAfter(b) => match b.resolve(ctx.as_of) {
            // A fixed bound already names its date; an as-of bound shows the date it resolved to.
            Some(d) if b.fixed.is_none() => format!("{} ({d})", describe(test)),
            _ => describe(test),
        },
        Test::Compare { other, outer, .. } => {
            match lookup(ctx, compare_scope(ctx, scope, *outer), other) {
                Some(o) => format!("{} ({})", describe(test), show(o)),
                None => format!("{} (which is missing)", describe(test)),
            }
        }
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

fn test_value(
    test: &Test,
    v: Option<&Value>,
    ctx: &Ctx<'_>,
    scope: &Value,
) -> Result<bool, String> {
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
        Test::Matches(re) => re.is_match(
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
        Test::Compare { op, other, outer } => {
            match lookup(ctx, compare_scope(ctx, scope, *outer), other) {
                None => false,
                Some(o) => op.holds(compare(v, o)?),
            }
        }
        Test::Checksum(Checksum::NhsNumber) => v.as_str().is_some_and(valid_nhs_number),
        Test::Present(_) | Test::Empty(_) => false,
    })
}

/// Where a `compare`'s other field is read: the current scope, or the enclosing item for `^`.
fn compare_scope<'v>(ctx: &Ctx<'v>, scope: &'v Value, outer: bool) -> &'v Value {
    if outer {
        ctx.outer.unwrap_or(&Value::Null)
    } else {
        scope
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

fn items<'v>(ctx: &Ctx<'v>, scope: &'v Value, array: &RulePath) -> &'v [Value] {
    lookup(ctx, scope, array)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn every(
    cond: &Cond,
    array: &RulePath,
    item: &Cond,
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    let list = items(ctx, scope, array);
    let ctx = &ctx.inside(scope);
    let Some(out) = out else {
        for v in list {
            if !holds(item, ctx, v, at, None)? {
                return Ok(false);
            }
        }
        return Ok(true);
    };
    let base = concrete(at, array);
    let mut failing = 0;
    for (i, v) in list.iter().enumerate() {
        if !holds(item, ctx, v, at, None)? {
            failing += 1;
            holds(item, ctx, v, &base.child_index(i), Some(out))?;
        }
    }
    if failing == 0 {
        let note = format!(
            "{} item{}, all as expected",
            list.len(),
            if list.len() == 1 { "" } else { "s" }
        );
        out.push(Evidence {
            path: Some(base),
            rule: None,
            observed: Observed::Note(note),
            expected: cond.expectation().to_owned(),
        });
    }
    Ok(failing == 0)
}

fn some(
    cond: &Cond,
    array: &RulePath,
    item: &Cond,
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    let list = items(ctx, scope, array);
    let ctx = &ctx.inside(scope);
    let mut first = None;
    for (i, v) in list.iter().enumerate() {
        if holds(item, ctx, v, at, None)? {
            first = Some(i);
            break;
        }
    }
    if let Some(out) = out {
        let base = concrete(at, array);
        match first {
            Some(i) => {
                holds(item, ctx, &list[i], &base.child_index(i), Some(out))?;
            }
            None => {
                let note = if list.is_empty() {
                    "no items".to_owned()
                } else {
                    format!("{} items, none as expected", list.len())
                };
                let observed = if lookup(ctx, scope, array).is_none() {
                    Observed::Missing
                } else {
                    Observed::Note(note)
                };
                out.push(Evidence {
                    path: Some(base),
                    rule: None,
                    observed,
                    expected: cond.expectation().to_owned(),
                });
            }
        }
    }
    Ok(first.is_some())
}

#[allow(clippy::too_many_arguments)]
fn count(
    cond: &Cond,
    array: &RulePath,
    filter: Option<&Cond>,
    (min, max): (Option<u64>, Option<u64>),
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    let list = items(ctx, scope, array);
    let ctx = &ctx.inside(scope);
    let mut n = 0u64;
    for v in list {
        if filter.map_or(Ok(true), |f| holds(f, ctx, v, at, None))? {
            n += 1;
        }
    }
    let ok = min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m);
    if let Some(out) = out {
        let note = match filter {
            Some(_) => format!("{n} of {} items", list.len()),
            None => format!("{n} items"),
        };
        out.push(Evidence {
            path: Some(concrete(at, array)),
            rule: None,
            observed: Observed::Note(note),
            expected: cond.expectation().to_owned(),
        });
    }
    Ok(ok)
}

fn risk(
    cond: &Cond,
    r: &RiskCheck,
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    let level_at = |p: &RulePath| -> Result<Option<u8>, EvalError> {
        match lookup(ctx, scope, p) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .filter(|n| (1..=5).contains(n))
                .map(|n| Some(n as u8))
                .ok_or_else(|| EvalError {
                    path: Some(concrete(at, p)),
                    message: format!("{} is not a level from 1 to 5", show(v)),
                }),
        }
    };
    let (Some(l), Some(s)) = (level_at(&r.likelihood)?, level_at(&r.severity)?) else {
        if let Some(out) = out {
            let missing = if lookup(ctx, scope, &r.likelihood).is_none() {
                &r.likelihood
            } else {
                &r.severity
            };
            out.push(Evidence {
                path: Some(concrete(at, missing)),
                rule: None,
                observed: Observed::Missing,
                expected: "a level from 1 to 5".into(),
            });
        }
        return Ok(false);
    };
    let own = r
        .own_matrix
        .as_ref()
        .and_then(|p| lookup(ctx, scope, p).map(|v| (p, v)));
    let m = match own {
        Some((p, v)) => Matrix::from_value(v).map_err(|message| EvalError {
            path: Some(concrete(at, p)),
            message,
        })?,
        None => matrix::DEFAULT,
    };
    let level = m.level(l, s).unwrap_or(5);
    // Only an explanation needs the wording; the fast path (no evidence sink) skips it.
    let source = || match own {
        Some((p, _)) => format!("the submission's own matrix at `{p}`"),
        None => "the default DCB0129 matrix".to_owned(),
    };
    let how = || {
        format!(
            "likelihood {l} and severity {s} give risk {level} in {}",
            source()
        )
    };
    let risk_note = || {
        format!(
            "risk {level} (likelihood {l}, severity {s} in {})",
            source()
        )
    };
    match &r.expect {
        RiskExpect::StatedRisk(p) => {
            let stated = level_at(p)?;
            if let Some(out) = out {
                let expected = cond
                    .say
                    .clone()
                    .unwrap_or_else(|| format!("`{level}` ({})", how()));
                out.push(Evidence {
                    path: Some(concrete(at, p)),
                    rule: None,
                    observed: observed(lookup(ctx, scope, p)),
                    expected,
                });
            }
            Ok(stated == Some(level))
        }
        RiskExpect::AtMost(max) => {
            if let Some(out) = out {
                let mut parent = r.likelihood.clone();
                parent.keys.pop();
                let expected = cond
                    .say
                    .clone()
                    .unwrap_or_else(|| format!("a risk of at most {max}"));
                out.push(Evidence {
                    path: Some(concrete(at, &parent)),
                    rule: None,
                    observed: Observed::Note(risk_note()),
                    expected,
                });
            }
            Ok(level <= *max)
        }
    }
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

#[cfg(test)]
mod outer_scope_tests {
    use crate::engine;
    use crate::rules::{Outcome, RuleSet, RuleSource};
    use serde_json::json;

    fn set(check: &str) -> Result<RuleSet, String> {
        let text = format!(
            "[[rule]]\nid = \"T-1\"\ntitle = \"t\"\narea = \"data-protection\"\nseverity = \"major\"\ncheck = {check}\n"
        );
        let src = RuleSource {
            pack: "t".into(),
            file: "t.toml".into(),
            text,
            builtin: false,
        };
        RuleSet::compile(&[src]).map_err(|e| e.to_string())
    }

    /// `^.id` inside a nested quantifier reads the item of the enclosing list: every high risk
    /// must have a measure whose `risk_id` is that risk's `id`.
    #[test]
    fn compare_to_the_enclosing_item() {
        let s = set(r#"{ every = "data_protection.dpia.risks", check = { any = [
            { not = { path = "overall", equals = "high" } },
            { some = "$.data_protection.dpia.measures", check = { path = "risk_id", compare = "==", to = "^.id" } },
        ] } }"#)
        .unwrap();
        let run = |measures: serde_json::Value| {
            let v = json!({ "data_protection": { "dpia": {
                "risks": [ { "id": "R1", "overall": "high" }, { "id": "R2", "overall": "low" } ],
                "measures": measures } } });
            engine::run(&s, &v, "2026-11-01".parse().unwrap(), false)[0]
                .clone()
                .unwrap()
        };
        assert_eq!(run(json!([{ "risk_id": "R1" }])).outcome, Outcome::Pass);
        assert_eq!(run(json!([{ "risk_id": "R2" }])).outcome, Outcome::Fail);
        assert_eq!(run(json!([])).outcome, Outcome::Fail);
    }

    /// The finding shows the enclosing value a `^` comparison was made with.
    #[test]
    fn evidence_names_the_enclosing_value() {
        let s = set(r#"{ every = "data_protection.dpia.risks", check = { every = "$.data_protection.dpia.measures", check = { path = "residual_risk", compare = "==", to = "^.overall" } } }"#).unwrap();
        let v = json!({ "data_protection": { "dpia": { "risks": [ { "overall": "low" } ], "measures": [ { "residual_risk": "high" } ] } } });
        let r = engine::run(&s, &v, "2026-11-01".parse().unwrap(), false)[0]
            .clone()
            .unwrap();
        assert_eq!(r.outcome, Outcome::Fail);
        let e = &r.evidence[0];
        assert_eq!(
            e.path.as_ref().map(ToString::to_string).as_deref(),
            Some("data_protection.dpia.measures[0].residual_risk")
        );
        assert_eq!(e.expected, "equal to `^.overall` (`low`)");
    }

    /// `^` alone is the enclosing item itself (a list of strings).
    #[test]
    fn compare_to_the_enclosing_string() {
        let s = set(r#"{ every = "atrs.tier2.tool.models", check = { some = "$.atrs.tier2.models", check = { path = "name", compare = "==", to = "^" } } }"#).unwrap();
        let run = |names: serde_json::Value| {
            let v = json!({ "atrs": { "tier2": { "tool": { "models": names }, "models": [ { "name": "A" } ] } } });
            engine::run(&s, &v, "2026-11-01".parse().unwrap(), false)[0]
                .clone()
                .unwrap()
                .outcome
        };
        assert_eq!(run(json!(["A"])), Outcome::Pass);
        assert_eq!(run(json!(["A", "B"])), Outcome::Fail);
    }

    #[test]
    fn caret_outside_a_quantifier_and_unknown_fields_are_load_errors() {
        let e = set(
            r#"{ path = "data_protection.processing_start_date", compare = ">=", to = "^.date" }"#,
        )
        .unwrap_err();
        assert!(
            e.contains("no enclosing") || e.contains("there is none"),
            "{e}"
        );
        let e = set(r#"{ every = "data_protection.dpia.measures", check = { path = "risk_id", compare = "==", to = "^.nope" } }"#).unwrap_err();
        assert!(e.contains("unknown path"), "{e}");
    }
}
