//! The list quantifiers `every`, `some` and `count` over a list in the submission. Inside one,
//! paths are relative to the item, and `^` in a `compare` names the scope the quantifier was
//! written in (for a nested quantifier, the outer list's current item).
//!
//! A list with no entries (absent or empty) gives nothing to judge: `every` over it is vacuous
//! (the rule is not applicable, "no entries"), never a pass; `some` over it does not hold; a
//! `count` is vacuous when zero is within its bounds. A list that is a placeholder, or that is
//! missing where the rule says its entries live in a supplied document, is outstanding.

use super::eval::{
    Ctx, EvalError, Evidence, Here, Observed, Pending, Sink, holds_here, within_bounds,
};
use super::truth::Truth;
use crate::path::{ConcretePath, RulePath};
use crate::rules::condition::Cond;
use serde_json::Value;

/// Where an item of a list is evaluated: in the quantifier's context, at the item's path.
fn at_item<'a, 'v>(ctx: &'a Ctx<'v>, scope: &'v Value, at: &'a ConcretePath) -> Here<'a, 'v> {
    Here { ctx, scope, at }
}

/// The list's entries, or why it cannot be judged: untold (a placeholder, or in a document),
/// or no entries at all.
enum List<'v> {
    Items(&'v [Value]),
    Untold(Pending),
    Empty { absent: bool },
}

fn list<'v>(cond: &Cond, here: Here<'_, 'v>, array: &RulePath) -> List<'v> {
    if let Some(p) = here.untold(cond, array) {
        return List::Untold(p);
    }
    match here.lookup(array).and_then(Value::as_array) {
        Some(items) if !items.is_empty() => List::Items(items),
        Some(_) => List::Empty { absent: false },
        None => List::Empty {
            absent: here.lookup(array).is_none(),
        },
    }
}

/// The evidence for a list that could not be judged item by item.
fn whole_list(cond: &Cond, here: Here<'_, '_>, array: &RulePath, l: &List<'_>) -> Evidence {
    let (observed, pending) = match l {
        List::Untold(p) => (
            here.lookup(array)
                .map_or(Observed::Missing, |v| Observed::Value(v.clone())),
            Some(p.clone()),
        ),
        List::Empty { absent: true } => (Observed::Missing, None),
        List::Empty { absent: false } | List::Items(_) => {
            (Observed::Note("no entries".into()), None)
        }
    };
    Evidence {
        pending,
        ..Evidence::at(
            here.concrete(array),
            observed,
            cond.expectation().to_owned(),
        )
    }
}

/// `every`: each item `filter` does not rule out (an item it decides against is skipped, so
/// a list whose items are all ruled out has nothing to judge) satisfies `item`.
pub(super) fn every(
    cond: &Cond,
    array: &RulePath,
    (filter, item): (Option<&Cond>, &Cond),
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<Truth, EvalError> {
    let l = list(cond, here, array);
    let List::Items(items) = l else {
        if let Some(out) = out {
            out.push(whole_list(cond, here, array, &l));
        }
        return Ok(match l {
            List::Untold(_) => Truth::Unknown,
            _ => Truth::Vacuous,
        });
    };
    let ctx = &here.ctx.inside(here.scope);
    let judged = |v: &Value| -> Result<Truth, EvalError> {
        let counts = match filter {
            Some(f) => holds_here(f, at_item(ctx, v, here.at), None)? != Truth::No,
            None => true,
        };
        if counts {
            holds_here(item, at_item(ctx, v, here.at), None)
        } else {
            Ok(Truth::Vacuous)
        }
    };
    let Some(out) = out else {
        let mut t = Truth::Vacuous;
        for v in items {
            t = t.and(judged(v)?);
            if t == Truth::No {
                break;
            }
        }
        return Ok(t);
    };
    let base = here.concrete(array);
    let truths: Vec<Truth> = items.iter().map(judged).collect::<Result<_, _>>()?;
    let t = truths.iter().fold(Truth::Vacuous, |a, b| a.and(*b));
    if matches!(t, Truth::No | Truth::Unknown) {
        // Explain with the items that decided it: the failing ones, else the untold ones. Past
        // the trail's room, an item is counted, not explained.
        for (i, v) in items.iter().enumerate().filter(|(i, _)| truths[*i] == t) {
            if out.has_room() {
                holds_here(item, at_item(ctx, v, &base.child_index(i)), Some(out))?;
            } else {
                out.omitted += 1;
            }
        }
    } else {
        let note = match t {
            Truth::Yes => format!(
                "{} item{}, all as expected",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ),
            _ => format!("{} items, none with anything to judge", items.len()),
        };
        out.push(Evidence::at(
            base,
            Observed::Note(note),
            cond.expectation().to_owned(),
        ));
    }
    Ok(t)
}

pub(super) fn some(
    cond: &Cond,
    array: &RulePath,
    item: &Cond,
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<Truth, EvalError> {
    let l = list(cond, here, array);
    let List::Items(items) = l else {
        if let Some(out) = out {
            out.push(whole_list(cond, here, array, &l));
        }
        return Ok(match l {
            List::Untold(_) => Truth::Unknown,
            _ => Truth::No,
        });
    };
    let ctx = &here.ctx.inside(here.scope);
    let mut t = Truth::No;
    let mut first = None;
    for (i, v) in items.iter().enumerate() {
        match holds_here(item, at_item(ctx, v, here.at), None)? {
            Truth::Yes => {
                t = Truth::Yes;
                first = Some(i);
                break;
            }
            Truth::Unknown => {
                t = Truth::Unknown;
                first = first.or(Some(i));
            }
            Truth::No | Truth::Vacuous => {}
        }
    }
    if let Some(out) = out {
        let base = here.concrete(array);
        match first {
            Some(i) => {
                holds_here(
                    item,
                    at_item(ctx, &items[i], &base.child_index(i)),
                    Some(out),
                )?;
            }
            None => out.push(Evidence::at(
                base,
                Observed::Note(format!("{} items, none as expected", items.len())),
                cond.expectation().to_owned(),
            )),
        }
    }
    Ok(t)
}

pub(super) fn count(
    cond: &Cond,
    array: &RulePath,
    filter: Option<&Cond>,
    (min, max): (Option<u64>, Option<u64>),
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<Truth, EvalError> {
    let l = list(cond, here, array);
    let List::Items(items) = l else {
        if let Some(out) = out {
            out.push(whole_list(cond, here, array, &l));
        }
        let zero_fits = min.is_none_or(|m| m == 0);
        return Ok(match l {
            List::Untold(_) => Truth::Unknown,
            _ if zero_fits => Truth::Vacuous,
            _ => Truth::No,
        });
    };
    let ctx = &here.ctx.inside(here.scope);
    let truths: Vec<Truth> = items
        .iter()
        .map(|v| {
            filter.map_or(Ok(Truth::Yes), |f| {
                holds_here(f, at_item(ctx, v, here.at), None)
            })
        })
        .collect::<Result<_, _>>()?;
    let tally = |want: Truth| truths.iter().filter(|t| **t == want).count() as u64;
    let (sure, open) = (tally(Truth::Yes), tally(Truth::Unknown));
    let t = within_bounds(sure, open, min, max);
    if let Some(out) = out {
        let mut note = match filter {
            Some(_) => format!("{sure} of {} items", items.len()),
            None => format!("{sure} items"),
        };
        if open > 0 {
            note.push_str(&format!(", and {open} still to be told"));
        }
        out.push(Evidence::at(
            here.concrete(array),
            Observed::Note(note),
            cond.expectation().to_owned(),
        ));
        if let (Truth::Unknown, Some(f)) = (t, filter) {
            // What keeps the count open: the items whose facts are still to be told.
            let base = here.concrete(array);
            for (i, v) in items
                .iter()
                .enumerate()
                .filter(|(i, _)| truths[*i] == Truth::Unknown)
            {
                holds_here(f, at_item(ctx, v, &base.child_index(i)), Some(&mut *out))?;
            }
        }
    }
    Ok(t)
}

#[cfg(test)]
mod outer_scope_tests {
    use crate::engine;
    use crate::rules::{Outcome, RuleSet, RuleSource};
    use serde_json::json;

    fn set(check: &str) -> Result<RuleSet, String> {
        let text = format!(
            "[[rule]]\nid = \"T-1\"\ntitle = \"t\"\narea = \"data-protection\"\nseverity = \"major\"\nfeeds = [\"dpia.contents\"]\ncheck = {check}\n"
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
        // No measures at all: none matches the high risk.
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
