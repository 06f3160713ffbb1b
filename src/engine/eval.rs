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

/// Where a walk records its evidence, if it records any.
pub type Sink<'s> = Option<&'s mut Trail>;

/// The evidence a walk records, and how many facts it left out: a quantifier over a list of a
/// million failing items keeps the first [`Trail::KEEP`] and counts the others, so a finding's
/// "(and N more)" stays true while memory stays bounded. Reads and writes like the list it holds.
#[derive(Debug, Default)]
pub struct Trail {
    pub items: Vec<Evidence>,
    /// Failing items not recorded.
    pub omitted: usize,
}

impl Trail {
    /// How many facts a trail keeps before it only counts (the report lists 25 of them).
    pub const KEEP: usize = 64;

    /// Whether there is room for more facts.
    pub fn has_room(&self) -> bool {
        self.items.len() < Self::KEEP
    }

    /// Moves everything `other` recorded to the end of this trail.
    pub fn append(&mut self, other: Trail) {
        self.items.extend(other.items);
        self.omitted += other.omitted;
    }

    /// All the facts found, recorded or counted.
    pub fn total(&self) -> usize {
        self.items.len() + self.omitted
    }
}

impl std::ops::Deref for Trail {
    type Target = Vec<Evidence>;

    fn deref(&self) -> &Vec<Evidence> {
        &self.items
    }
}

impl std::ops::DerefMut for Trail {
    fn deref_mut(&mut self) -> &mut Vec<Evidence> {
        &mut self.items
    }
}

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
            let mut inner = Trail::default();
            let ok = !holds_here(c, here, out.is_some().then_some(&mut inner))?;
            if let Some(out) = out {
                let expected = cond
                    .say
                    .clone()
                    .unwrap_or_else(|| format!("not {}", c.expectation()));
                out.extend(inner.items.into_iter().map(|e| Evidence {
                    expected: expected.clone(),
                    ..e
                }));
                out.omitted += inner.omitted;
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
        let mut ev = Trail::default();
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
        let nearest = results.into_iter().rev().min_by_key(|(_, ev)| ev.total());
        out.append(nearest.map(|(_, ev)| ev).unwrap_or_default());
        return Ok(false);
    }
    // Explain with the children that decided the verdict.
    for (ok, ev) in results {
        if ok == verdict {
            out.append(ev);
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

/// The value a finding shows. A value too large to report (a list of a million hazards, a
/// 200 MB string) is not copied whole: a long string is cut, and a large list or object is
/// described ("a list of 1000000 items"), so a report stays bounded whatever the input.
pub(super) fn observed(v: Option<&Value>) -> Observed {
    v.map_or(Observed::Missing, bounded)
}

/// The most bytes an observed value may take in a report, roughly.
const OBSERVED_BYTES: usize = 16 << 10;
/// The longest observed string kept whole, in characters.
const OBSERVED_CHARS: usize = 1_000;

fn bounded(v: &Value) -> Observed {
    match v {
        Value::String(s) if s.len() > OBSERVED_CHARS => {
            let n = s.chars().count();
            if n <= OBSERVED_CHARS {
                return Observed::Value(v.clone());
            }
            let head: String = s.chars().take(OBSERVED_CHARS).collect();
            Observed::Value(Value::String(format!("{head}… ({n} characters)")))
        }
        Value::Array(items) if size_over(v, OBSERVED_BYTES) => {
            Observed::Note(format!("a list of {} items", items.len()))
        }
        Value::Object(map) if size_over(v, OBSERVED_BYTES) => Observed::Note(format!(
            "an object of {} fields, too large to show",
            map.len()
        )),
        _ => Observed::Value(v.clone()),
    }
}

/// Whether `v` would take more than `budget` bytes as JSON, found without walking more of it
/// than the budget.
fn size_over(v: &Value, budget: usize) -> bool {
    fn walk(v: &Value, left: &mut usize) -> bool {
        let cost = match v {
            Value::String(s) => s.len() + 2,
            Value::Array(_) | Value::Object(_) => 2,
            _ => 8,
        };
        if cost > *left {
            return true;
        }
        *left -= cost;
        match v {
            Value::Array(items) => items.iter().any(|x| walk(x, left)),
            Value::Object(map) => map.iter().any(|(k, x)| {
                let over = k.len() + 3 > *left;
                *left = left.saturating_sub(k.len() + 3);
                over || walk(x, left)
            }),
            _ => false,
        }
    }
    let mut left = budget;
    walk(v, &mut left)
}
