//! Evaluates one compiled condition against one submission. The same walk serves two modes:
//! without an evidence sink it only answers (the fast path, no allocation for passing checks);
//! with one it also records, for the report, each path, its observed value, what was expected
//! and, for a fact that cannot be told yet, why (a placeholder, a document to verify). This file
//! walks the logic (all, any, not, other rules' outcomes) and looks values up; the leaf tests,
//! the list quantifiers, documents and the risk matrix each have their own file.

use super::document::{self, DocState};
use super::leaf::leaf;
use super::quantify::{count, every, some};
use super::risk::risk;
use super::truth::Truth;
use crate::path::{ConcretePath, RulePath};
use crate::rules::condition::{Cond, IfMissing, Op};
use crate::rules::{Outcome, Rule};
use crate::submission::placeholder::is_placeholder;
use jiff::civil::Date;
use serde_json::Value;

/// Everything a condition may look at besides the value in scope.
pub struct Ctx<'a> {
    pub root: &'a Value,
    pub as_of: Date,
    pub outcomes: &'a [Option<Outcome>],
    /// Per rule, whether it is outstanding or not evaluated with its scope still untold: it may
    /// yet turn out not to apply.
    pub scope_open: &'a [bool],
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
            scope_open: self.scope_open,
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
    /// Why the fact cannot be told yet, when it cannot.
    pub pending: Option<Pending>,
}

impl Evidence {
    /// A decided fact about the value at `path`.
    pub fn at(path: ConcretePath, observed: Observed, expected: String) -> Self {
        Self {
            path: Some(path),
            rule: None,
            observed,
            expected,
            pending: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Observed {
    Missing,
    Value(Value),
    /// A description rather than a value ("2 of 7 hazards", "fired").
    Note(String),
}

/// Why a fact is outstanding rather than decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// The value is unedited template text or a "TODO"/"TBC": to be completed.
    Placeholder,
    /// The document or answer is stated "to be completed".
    ToBeCompleted,
    /// The document is in progress, expected by this date (if one is given).
    InProgress(Option<Date>),
    /// The detail is not transcribed: verify it in the supplied document at this path.
    InDocument(ConcretePath),
    /// Another rule this one reads is itself outstanding or could not be judged.
    Rule(String),
    /// A judgement the rules leave to the assessor, who must confirm what this says.
    Confirm(String),
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

    /// Why the value at `path` leaves `cond` untold, if it does: the value is a placeholder, or
    /// it is missing where `cond` says a missing value lives in a document that is supplied or
    /// in progress. `None` means the value is there to be judged, or its absence decides.
    pub fn untold(&self, cond: &Cond, path: &RulePath) -> Option<Pending> {
        match self.lookup(path) {
            Some(v) if is_placeholder(v) => Some(Pending::Placeholder),
            Some(_) => None,
            None => self.in_document(cond),
        }
    }

    /// Where a missing value is to be verified, when `cond` says it lives in a document and that
    /// document is supplied (and not transcribed in full), in progress or still to be completed.
    pub fn in_document(&self, cond: &Cond) -> Option<Pending> {
        let IfMissing::Outstanding { look_in } = &cond.missing else {
            return None;
        };
        let doc = lookup(self.ctx, self.ctx.root, look_in);
        match document::state(doc, self.ctx.as_of) {
            DocState::Provided if document::transcribed(doc) => None,
            DocState::Provided => Some(Pending::InDocument(concrete(self.at, look_in))),
            DocState::InProgress {
                due,
                overdue: false,
            } => Some(Pending::InProgress(due)),
            DocState::ToBeCompleted => Some(Pending::ToBeCompleted),
            _ => None,
        }
    }
}

/// What `cond` comes to in `scope` (whose concrete path is `at`); pushes evidence into `out`.
/// A composite condition with the author's wording (`say`) lends it to all its evidence.
pub fn holds(
    cond: &Cond,
    ctx: &Ctx<'_>,
    scope: &Value,
    at: &ConcretePath,
    out: Sink<'_>,
) -> Result<Truth, EvalError> {
    holds_here(cond, Here { ctx, scope, at }, out)
}

/// [`holds`], given where.
pub(super) fn holds_here(
    cond: &Cond,
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<Truth, EvalError> {
    match (out, &cond.say, &cond.op) {
        (Some(out), Some(say), op) if !matches!(op, Op::Leaf { .. }) => {
            let before = out.len();
            let t = holds_inner(cond, here, Some(&mut *out))?;
            for e in &mut out[before..] {
                e.expected.clone_from(say);
            }
            Ok(t)
        }
        (out, _, _) => holds_inner(cond, here, out),
    }
}

fn holds_inner(cond: &Cond, here: Here<'_, '_>, out: Sink<'_>) -> Result<Truth, EvalError> {
    match &cond.op {
        Op::Leaf { path, test } => leaf(cond, path, test, here, out),
        Op::All(cs) => combine(cs, here, out, true),
        Op::Any(cs) => combine(cs, here, out, false),
        Op::Not(c) => {
            let mut inner = Trail::default();
            let t = !holds_here(c, here, out.is_some().then_some(&mut inner))?;
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
            Ok(t)
        }
        Op::Every {
            array,
            filter,
            item,
        } => every(cond, array, (filter.as_deref(), item), here, out),
        Op::Some { array, item } => some(cond, array, item, here, out),
        Op::Count {
            array,
            filter,
            min,
            max,
        } => count(cond, array, filter.as_deref(), (*min, *max), here, out),
        Op::Risk(r) => risk(cond, r, here, out),
        Op::AsOfNotAfter(date) => {
            if let Some(out) = out {
                out.push(Evidence {
                    path: Some(here.at.clone()),
                    rule: None,
                    observed: Observed::Note(format!("as of {}", here.ctx.as_of)),
                    expected: cond.expectation().to_owned(),
                    pending: None,
                });
            }
            Ok(Truth::from_bool(here.ctx.as_of <= *date))
        }
        Op::Confirm { text, path } => {
            if let Some(out) = out {
                out.push(Evidence {
                    path: Some(
                        path.as_ref()
                            .map_or_else(|| here.at.clone(), |p| here.concrete(p)),
                    ),
                    rule: None,
                    observed: path
                        .as_ref()
                        .map_or(Observed::Note("not decided by the rules".into()), |p| {
                            observed(here.lookup(p))
                        }),
                    // The pending reason already says what to confirm; do not repeat it.
                    expected: cond
                        .say
                        .clone()
                        .unwrap_or_else(|| "the assessor's confirmation".into()),
                    pending: Some(Pending::Confirm(text.clone())),
                });
            }
            Ok(Truth::Unknown)
        }
        Op::Rule { rule, outcomes } => {
            let o = outcome_of(here.ctx, rule.index)?;
            let t = if outcomes.contains(&o) {
                Truth::Yes
            } else if still_open(here.ctx, rule.index, o, outcomes) {
                Truth::Unknown
            } else {
                Truth::No
            };
            if let Some(out) = out {
                out.push(Evidence {
                    path: None,
                    rule: Some(rule.id.clone()),
                    observed: Observed::Note(o.as_str().into()),
                    expected: cond.expectation().to_owned(),
                    pending: (t == Truth::Unknown).then(|| Pending::Rule(rule.id.clone())),
                });
            }
            Ok(t)
        }
        Op::Rules {
            rules,
            outcomes,
            min,
            max,
        } => {
            let mut matched = Vec::new();
            let mut open = Vec::new();
            for r in rules {
                let o = outcome_of(here.ctx, r.index)?;
                if outcomes.contains(&o) {
                    matched.push(r.id.as_str());
                } else if still_open(here.ctx, r.index, o, outcomes) {
                    open.push(r.id.as_str());
                }
            }
            let t = within_bounds(matched.len() as u64, open.len() as u64, *min, *max);
            if let Some(out) = out {
                let list = if matched.is_empty() {
                    "none".to_owned()
                } else {
                    matched.join(", ")
                };
                out.push(Evidence {
                    path: None,
                    rule: None,
                    observed: Observed::Note(format!("{} ({list})", matched.len())),
                    expected: cond.expectation().to_owned(),
                    pending: (t == Truth::Unknown).then(|| Pending::Rule(open.join(", "))),
                });
            }
            Ok(t)
        }
    }
}

/// Whether rule `index`, which came out `o`, might still come to one of `wanted`: an
/// outstanding or not-evaluated rule has not yet passed, failed, fired or not fired; and when
/// whether it applies is itself untold (see [`Ctx::scope_open`]), it may yet not apply.
fn still_open(ctx: &Ctx<'_>, index: usize, o: Outcome, wanted: &[Outcome]) -> bool {
    let scope_open = ctx.scope_open.get(index).copied().unwrap_or(false);
    matches!(o, Outcome::Outstanding | Outcome::NotEvaluated)
        && wanted.iter().any(|w| match w {
            Outcome::Pass | Outcome::Fail | Outcome::Fired | Outcome::NotFired => true,
            Outcome::NotApplicable => scope_open,
            _ => false,
        })
}

/// Whether a count lies within `min..=max`, when `sure` items certainly count and `open` more
/// might: yes when every possible count fits, no when none does, else unknown.
pub(super) fn within_bounds(sure: u64, open: u64, min: Option<u64>, max: Option<u64>) -> Truth {
    let fits = |n: u64| min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m);
    let can_reach_min = min.is_none_or(|m| sure + open >= m);
    let under_max = max.is_none_or(|m| sure <= m);
    if fits(sure) && fits(sure + open) {
        Truth::Yes
    } else if !can_reach_min || !under_max {
        Truth::No
    } else {
        Truth::Unknown
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

fn combine(cs: &[Cond], here: Here<'_, '_>, out: Sink<'_>, all: bool) -> Result<Truth, EvalError> {
    let join = |a: Truth, b: Truth| if all { a.and(b) } else { a.or(b) };
    // What settles the combination at once: a failure for `all`, a success for `any`.
    let settles = if all { Truth::No } else { Truth::Yes };
    let Some(out) = out else {
        let mut t = Truth::Vacuous;
        for c in cs {
            t = join(t, holds_here(c, here, None)?);
            if t == settles {
                break;
            }
        }
        return Ok(t);
    };
    let mut results = Vec::with_capacity(cs.len());
    for c in cs {
        let mut ev = Trail::default();
        let t = holds_here(c, here, Some(&mut ev))?;
        results.push((t, ev));
    }
    let verdict = results.iter().fold(Truth::Vacuous, |t, r| join(t, r.0));
    if !all && verdict == Truth::No {
        // No alternative held: explain with the one nearest to holding (fewest failing values;
        // on a tie the last, which is usually the requirement after the exemptions).
        let nearest = results
            .into_iter()
            .rev()
            .filter(|r| r.0 == Truth::No)
            .min_by_key(|(_, ev)| ev.total());
        out.append(nearest.map(|(_, ev)| ev).unwrap_or_default());
        return Ok(verdict);
    }
    // Explain with the children that decided the verdict.
    for (t, ev) in results {
        if t == verdict {
            out.append(ev);
        }
    }
    Ok(verdict)
}

pub(super) fn lookup<'v>(ctx: &Ctx<'v>, scope: &'v Value, path: &RulePath) -> Option<&'v Value> {
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

pub(super) fn concrete(at: &ConcretePath, path: &RulePath) -> ConcretePath {
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

#[cfg(test)]
mod tests {
    use super::within_bounds;
    use crate::engine::truth::Truth::*;

    #[test]
    fn counts_with_untold_items() {
        // At least 2: 2 sure → yes; 1 sure + 1 open → unknown; 0 sure + 1 open → no.
        assert_eq!(within_bounds(2, 0, Some(2), None), Yes);
        assert_eq!(within_bounds(1, 1, Some(2), None), Unknown);
        assert_eq!(within_bounds(0, 1, Some(2), None), No);
        // At most 0: 1 sure → no; 0 sure + 1 open → unknown.
        assert_eq!(within_bounds(1, 0, None, Some(0)), No);
        assert_eq!(within_bounds(0, 1, None, Some(0)), Unknown);
        assert_eq!(within_bounds(0, 0, None, Some(0)), Yes);
    }
}
