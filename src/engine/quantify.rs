//! The list quantifiers `every`, `some` and `count` over a list in the submission. Inside one,
//! paths are relative to the item, and `^` in a `compare` names the scope the quantifier was
//! written in (for a nested quantifier, the outer list's current item).

use super::eval::{Ctx, EvalError, Evidence, Here, Observed, Sink, holds_here};
use crate::path::{ConcretePath, RulePath};
use crate::rules::condition::Cond;
use serde_json::Value;

/// Where an item of a list is evaluated: in the quantifier's context, at the item's path.
fn at_item<'a, 'v>(ctx: &'a Ctx<'v>, scope: &'v Value, at: &'a ConcretePath) -> Here<'a, 'v> {
    Here { ctx, scope, at }
}

fn items<'v>(here: Here<'_, 'v>, array: &RulePath) -> &'v [Value] {
    here.lookup(array)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(super) fn every(
    cond: &Cond,
    array: &RulePath,
    item: &Cond,
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    let list = items(here, array);
    let ctx = &here.ctx.inside(here.scope);
    let Some(out) = out else {
        for v in list {
            if !holds_here(item, at_item(ctx, v, here.at), None)? {
                return Ok(false);
            }
        }
        return Ok(true);
    };
    let base = here.concrete(array);
    let mut failing = 0;
    for (i, v) in list.iter().enumerate() {
        if !holds_here(item, at_item(ctx, v, here.at), None)? {
            failing += 1;
            // Past the trail's room, a failing item is counted, not explained.
            if out.has_room() {
                holds_here(item, at_item(ctx, v, &base.child_index(i)), Some(out))?;
            } else {
                out.omitted += 1;
            }
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

pub(super) fn some(
    cond: &Cond,
    array: &RulePath,
    item: &Cond,
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    let list = items(here, array);
    let ctx = &here.ctx.inside(here.scope);
    let mut first = None;
    for (i, v) in list.iter().enumerate() {
        if holds_here(item, at_item(ctx, v, here.at), None)? {
            first = Some(i);
            break;
        }
    }
    if let Some(out) = out {
        let base = here.concrete(array);
        match first {
            Some(i) => {
                holds_here(
                    item,
                    at_item(ctx, &list[i], &base.child_index(i)),
                    Some(out),
                )?;
            }
            None => {
                let note = if list.is_empty() {
                    "no items".to_owned()
                } else {
                    format!("{} items, none as expected", list.len())
                };
                let observed = if here.lookup(array).is_none() {
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

pub(super) fn count(
    cond: &Cond,
    array: &RulePath,
    filter: Option<&Cond>,
    (min, max): (Option<u64>, Option<u64>),
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<bool, EvalError> {
    let list = items(here, array);
    let ctx = &here.ctx.inside(here.scope);
    let mut n = 0u64;
    for v in list {
        if filter.map_or(Ok(true), |f| holds_here(f, at_item(ctx, v, here.at), None))? {
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
            path: Some(here.concrete(array)),
            rule: None,
            observed: Observed::Note(note),
            expected: cond.expectation().to_owned(),
        });
    }
    Ok(ok)
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
