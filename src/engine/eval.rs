//! Evaluates one compiled condition against one submission. The same walk serves two modes:
//! without an evidence sink it only answers true/false (the fast path, no allocation for passing
//! checks); with one it also records, for the report, each path, its observed value and what was
//! expected. This file walks the logic (all, any, not, other rules' outcomes) and looks values
//! up; the leaf tests, the list quantifiers and the risk matrix each have their own file.

use super::leaf::leaf;
use super::quantify::{count, every, some};
use super::risk::risk;
use crate::path::{ConcretePath, RulePath};
use crate::rules::condition::{Cond, Op};
use crate::rules::{Outcome, Rule};
use jiff::civil::Date;
use serde_json::Value;

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
    pub(super) fn inside(&self, scope: &'a Value) -> Ctx<'a> {
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

pub(super) type Sink<'s> = Option<&'s mut Vec<Evidence>>;

/// Where a condition is evaluated: the context, the value in scope and that value's path.
#[derive(Clone, Copy)]
pub(super) struct Here<'a, 'v> {
    pub ctx: &'a Ctx<'v>,
    pub scope: &'v Value,
    pub at: &'a ConcretePath,
}

impl<'a, 'v> Here<'a, 'v> {
    /// The value at `path` (from the root when it is absolute, else from the scope).
    pub fn lookup(&self, path: &RulePath) -> Option<&'v Value> {
        lookup(self.ctx, self.scope, path)
    }

    /// The concrete path of `path` here.
    pub fn concrete(&self, path: &RulePath) -> ConcretePath {
        concrete(self.at, path)
    }
}

/// Whether `cond` holds in `scope` (whose concrete path is `at`); pushes evidence into `out`.
/// A composite condition with the author's wording (`say`) lends it to all its evidence.
pub fn holds(
    cond: &Cond,
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    holds_here(cond, Here { ctx, scope, at }, out)
}

/// [`holds`], given where.
pub(super) fn holds_here(
    cond: &Cond,
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    match (out, &cond.say, &cond.op) {
        (Some(out), Some(say), op) if !matches!(op, Op::Leaf { .. }) => {
            let before = out.len();
            let ok = holds_inner(cond, here, Some(&mut *out))?;
            for e in &mut out[before..] {
                e.expected.clone_from(say);
            }
            Ok(ok)
        }
        (out, _, _) => holds_inner(cond, here, out),
    }
}

fn holds_inner(cond: &Cond, here: Here<'_, '_>, out: Sink<'_>) -> Result<bool, EvalError> {
    let ctx = here.ctx;
    match &cond.op {
        Op::Leaf { path, test } => leaf(cond, path, test, here, out),
        Op::All(cs) => combine(cs, here, out, true),
        Op::Any(cs) => combine(cs, here, out, false),
        Op::Not(c) => {
            let mut inner = Vec::new();
            let ok = !holds_here(c, here, out.is_some().then_some(&mut inner))?;
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
        Op::Every { array, item } => every(cond, array, item, here, out),
        Op::Some { array, item } => some(cond, array, item, here, out),
        Op::Count {
            array,
            filter,
            min,
            max,
        } => count(cond, array, filter.as_deref(), (*min, *max), here, out),
        Op::Risk(r) => risk(cond, r, here, out),
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

fn combine(cs: &[Cond], here: Here<'_, '_>, out: Sink<'_>, all: bool) -> Result<bool, EvalError> {
    let Some(out) = out else {
        for c in cs {
            if holds_here(c, here, None)? != all {
                return Ok(!all);
            }
        }
        return Ok(all);
    };
    let mut results = Vec::with_capacity(cs.len());
    for c in cs {
        let mut ev = Vec::new();
        let ok = holds_here(c, here, Some(&mut ev))?;
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

pub(super) fn observed(v: Option<&Value>) -> Observed {
    v.map_or(Observed::Missing, |v| Observed::Value(v.clone()))
}
