//! Evaluation of a [`RuleSet`] against submissions: the one place rayon lives. Rules run level by
//! level (a rule that depends on others runs after them); within a level they run in parallel for
//! one submission, and a batch runs in parallel over submissions. Results are indexed by rule, so
//! the order of findings never depends on scheduling.

pub mod document;
pub mod eval;
mod leaf;
pub mod matrix;
mod quantify;
mod risk;
pub mod truth;

use crate::path::ConcretePath;
use crate::rules::forms::{self, Asked};
use crate::rules::{Kind, Outcome, Rule, RuleSet};
use crate::submission::Submission;
use eval::{Ctx, EvalError, Evidence, Observed, Trail, holds};
use jiff::civil::Date;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashSet;
use truth::Truth;

/// The result of one rule on one submission.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    pub outcome: Outcome,
    /// Why: the values that decided a failure, a trigger firing or non-applicability.
    pub evidence: Vec<Evidence>,
    /// Facts found but not kept (failing items of a long list past [`eval::Trail::KEEP`]).
    pub omitted: usize,
    pub error: Option<EvalError>,
    /// What decided the outcome, where it was not the check itself.
    pub because: Because,
    /// Whether the submission's DTAC form asks the rule's questions: when it does not, the rule
    /// counts towards no DTAC part (and a DTAC rule is not applicable).
    pub asked: Asked,
}

/// Why a rule came out as it did, beyond its check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Because {
    /// The check decided (pass, fail, outstanding, fired, not fired) or it could not be run.
    #[default]
    Checked,
    /// `when` did not hold: the rule's scope says it does not apply.
    OutOfScope,
    /// `when` cannot be told yet (its facts are placeholders): whether it applies is outstanding.
    ScopeUntold,
    /// The check had nothing to judge: a list with no entries.
    NothingToJudge,
    /// A rule it requires (this index) did not pass, or does not apply.
    Requires(usize),
    /// The DTAC form the submission is on does not ask the rule's questions, or a skip rule
    /// took them out (see [`RuleResult::asked`]).
    NotAsked,
}

/// Which results carry the evidence that explains them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explain {
    /// Every result that is not a plain pass.
    All,
    /// Not a result that does not apply: only its outcome is read (a brief finding), so the
    /// second walk that gathers its evidence is not made.
    Needed,
}

/// Evaluates every needed rule against one submission value. `parallel` fans out over rules.
pub fn run(set: &RuleSet, value: &Value, as_of: Date, parallel: bool) -> Vec<Option<RuleResult>> {
    run_explaining(set, value, as_of, parallel, Explain::All)
}

/// [`run`], gathering evidence for the results `explain` says.
pub fn run_explaining(
    set: &RuleSet,
    value: &Value,
    as_of: Date,
    parallel: bool,
    explain: Explain,
) -> Vec<Option<RuleResult>> {
    let version = form_version(value);
    let mut outcomes: Vec<Option<Outcome>> = vec![None; set.rules.len()];
    let mut scope_open = vec![false; set.rules.len()];
    let mut results: Vec<Option<RuleResult>> = vec![None; set.rules.len()];
    for level in &set.levels {
        let todo: Vec<usize> = level.iter().copied().filter(|&i| set.needed[i]).collect();
        let ctx = Ctx {
            root: value,
            as_of,
            outcomes: &outcomes,
            scope_open: &scope_open,
            rules: &set.rules,
            outer: None,
        };
        let done: Vec<(usize, RuleResult)> = if parallel {
            todo.par_iter()
                .with_min_len(8)
                .map(|&i| (i, run_rule(&set.rules[i], &ctx, version, explain)))
                .collect()
        } else {
            todo.iter()
                .map(|&i| (i, run_rule(&set.rules[i], &ctx, version, explain)))
                .collect()
        };
        for (i, r) in done {
            scope_open[i] = match r.outcome {
                Outcome::Outstanding => r.because == Because::ScopeUntold,
                Outcome::NotEvaluated => set.rules[i].requires.iter().any(|q| scope_open[q.index]),
                _ => false,
            };
            outcomes[i] = Some(r.outcome);
            results[i] = Some(r);
        }
    }
    results
}

/// Evaluates many submissions in parallel (each one's rules sequentially), keeping input order.
pub fn run_batch(set: &RuleSet, values: &[&Value], as_of: Date) -> Vec<Vec<Option<RuleResult>>> {
    values
        .par_iter()
        .map(|v| run(set, v, as_of, false))
        .collect()
}

/// Maps `f` over `items` on all cores, keeping their order: how a batch fans out over the
/// submissions of a chunk (reading, evaluating and rendering each one).
pub fn fan_out<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    items.into_par_iter().map(f).collect()
}

/// [`fan_out`], while `alongside` runs on another core when one is free: how a batch writes the
/// previous chunk and reads the next one while a chunk is checked.
pub fn fan_out_alongside<T: Send, R: Send, S: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync + Send,
    alongside: impl FnOnce() -> S + Send,
) -> (Vec<R>, S) {
    rayon::join(|| fan_out(items, f), alongside)
}

/// Convenience: evaluates a parsed submission on all cores.
pub fn evaluate(set: &RuleSet, sub: &Submission, as_of: Date) -> Vec<Option<RuleResult>> {
    run(set, &sub.value, as_of, true)
}

/// The DTAC form version a submission says it is on (`submission.dtac_version`), if it says.
fn form_version(value: &Value) -> Option<&'static str> {
    let v = value.pointer("/submission/dtac_version")?.as_str()?;
    forms::VERSIONS.iter().copied().find(|x| *x == v)
}

/// Whether the submission's form asks the rule's questions, given the skip rules that fired.
fn asked(rule: &Rule, ctx: &Ctx<'_>, version: Option<&str>) -> Asked {
    let fired: Vec<(usize, &[forms::Question])> = rule
        .skippers
        .iter()
        .filter(|&&j| ctx.outcomes.get(j).copied().flatten() == Some(Outcome::Fired))
        .map(|&j| (j, ctx.rules[j].skips.as_slice()))
        .collect();
    forms::asked(&rule.questions, version, &fired)
}

fn run_rule(rule: &Rule, ctx: &Ctx<'_>, version: Option<&str>, how: Explain) -> RuleResult {
    let asked = asked(rule, ctx, version);
    let mut r = evaluate_rule(rule, ctx, asked, version, how);
    r.asked = asked;
    r
}

fn evaluate_rule(
    rule: &Rule,
    ctx: &Ctx<'_>,
    asked: Asked,
    version: Option<&str>,
    how: Explain,
) -> RuleResult {
    let root = ConcretePath::default();
    if asked != Asked::Yes && rule.feeds[0].decision.id == "dtac" {
        return not_asked(rule, ctx, asked, version);
    }
    let error = |e: EvalError| RuleResult {
        outcome: Outcome::Error,
        evidence: Vec::new(),
        omitted: 0,
        error: Some(e),
        because: Because::Checked,
        asked: Asked::Yes,
    };
    let explain = |cond, outcome, because| {
        let mut trail = Trail::default();
        if how == Explain::All || outcome != Outcome::NotApplicable {
            let _ = holds(cond, ctx, ctx.root, &root, Some(&mut trail));
        }
        RuleResult {
            outcome,
            evidence: distinct(trail.items),
            omitted: trail.omitted,
            error: None,
            because,
            asked: Asked::Yes,
        }
    };
    if let Some(when) = &rule.when {
        match holds(when, ctx, ctx.root, &root, None) {
            Err(e) => return error(e),
            Ok(Truth::Yes) => {}
            Ok(Truth::Unknown) => return explain(when, Outcome::Outstanding, Because::ScopeUntold),
            Ok(Truth::No | Truth::Vacuous) => {
                return explain(when, Outcome::NotApplicable, Because::OutOfScope);
            }
        }
    }
    if let Some(r) = requirement_unmet(rule, ctx) {
        return r;
    }
    let t = match holds(&rule.check, ctx, ctx.root, &root, None) {
        Ok(t) => t,
        Err(e) => return error(e),
    };
    let outcome = match (rule.kind, t) {
        (_, Truth::Unknown) => Outcome::Outstanding,
        (Kind::Check, Truth::Yes) => Outcome::Pass,
        (Kind::Check, Truth::No) => Outcome::Fail,
        (Kind::Check, Truth::Vacuous) => Outcome::NotApplicable,
        (Kind::Trigger, Truth::Yes) => Outcome::Fired,
        (Kind::Trigger, Truth::No | Truth::Vacuous) => Outcome::NotFired,
    };
    let because = if t == Truth::Vacuous && rule.kind == Kind::Check {
        Because::NothingToJudge
    } else {
        Because::Checked
    };
    if matches!(
        outcome,
        Outcome::Fail | Outcome::Fired | Outcome::Outstanding | Outcome::NotApplicable
    ) {
        return explain(&rule.check, outcome, because);
    }
    RuleResult {
        outcome,
        evidence: Vec::new(),
        omitted: 0,
        error: None,
        because,
        asked: Asked::Yes,
    }
}

/// The result of a rule whose required rules did not all pass (or fire): not applicable when
/// one of them does not apply, else not evaluated, naming the first that did not pass.
fn requirement_unmet(rule: &Rule, ctx: &Ctx<'_>) -> Option<RuleResult> {
    let mut unmet = None;
    for r in &rule.requires {
        let o = ctx.outcomes.get(r.index).copied().flatten();
        match o {
            Some(Outcome::Pass | Outcome::Fired) => continue,
            Some(Outcome::NotApplicable) => {
                unmet = Some((r, Outcome::NotApplicable));
                break;
            }
            _ => {
                unmet = unmet.or(Some((r, Outcome::NotEvaluated)));
            }
        }
    }
    let (r, outcome) = unmet?;
    let seen = ctx
        .outcomes
        .get(r.index)
        .copied()
        .flatten()
        .map_or("not evaluated", Outcome::as_str);
    Some(RuleResult {
        outcome,
        evidence: vec![Evidence {
            path: None,
            rule: Some(r.id.clone()),
            observed: Observed::Note(seen.into()),
            expected: format!("rule {} passed first", r.id),
            pending: None,
        }],
        omitted: 0,
        error: None,
        because: Because::Requires(r.index),
        asked: Asked::Yes,
    })
}

/// The result of a DTAC rule whose questions the submission's form does not ask: not
/// applicable, saying which form asks them or which answer skipped them.
fn not_asked(rule: &Rule, ctx: &Ctx<'_>, asked: Asked, version: Option<&str>) -> RuleResult {
    // A skip names the questions of the submission's own form; "not on this form" names the
    // others, since those are all the rule cites.
    let on_form =
        |q: &forms::Question| asked == Asked::NotOnForm || version.is_none_or(|v| q.version == v);
    let cited = rule
        .refs
        .iter()
        .filter(|r| forms::Question::parse(r).is_some_and(|q| on_form(&q)))
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let (rule_id, observed) = match asked {
        Asked::Skipped(j) => {
            let skip = &ctx.rules[j];
            let why = skip.check.say.clone().unwrap_or_else(|| skip.title.clone());
            (
                Some(skip.id.clone()),
                format!("skipped: {why} ({})", skip.refs.join(", ")),
            )
        }
        _ => (None, "not on this form".to_owned()),
    };
    RuleResult {
        outcome: Outcome::NotApplicable,
        evidence: vec![Evidence {
            path: None,
            rule: rule_id,
            observed: Observed::Note(observed),
            expected: format!("the form to ask {cited}"),
            pending: None,
        }],
        omitted: 0,
        error: None,
        because: Because::NotAsked,
        asked,
    }
}

/// Drops repeated facts (two alternatives holding on the same field say it once). A set, not a
/// scan of what was kept: a quantifier over a huge list can yield one fact per item.
fn distinct(mut evidence: Vec<Evidence>) -> Vec<Evidence> {
    let mut seen: HashSet<(Option<ConcretePath>, Option<String>)> = HashSet::new();
    evidence.retain(|e| seen.insert((e.path.clone(), e.rule.clone())));
    evidence
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSource;

    fn rule(id: &str, when: &str, check: &str) -> String {
        format!(
            "[[rule]]\nid = \"{id}\"\ntitle = \"t\"\narea = \"clinical-safety\"\nseverity = \"minor\"\n\
             feeds = [\"dtac.C1\"]\nwhen = {when}\ncheck = {check}\n\n"
        )
    }

    #[test]
    fn asking_whether_an_outstanding_rule_applies_is_open_only_when_its_scope_is_untold() {
        let text = [
            // Whether T-S applies is untold (a placeholder); T-U applies but its check is untold.
            rule(
                "T-S",
                "{ path = \"product.uses_third_party_products\", equals = true }",
                "{ path = \"product.name\", present = true }",
            ),
            rule(
                "T-U",
                "{ path = \"data_protection.processes_personal_data\", equals = true }",
                "{ path = \"product.uses_third_party_products\", equals = true }",
            ),
            rule(
                "T-AFTER-S",
                "{ rule = \"T-S\", outcome = \"not_applicable\" }",
                "{ path = \"product.name\", present = true }",
            ),
            rule(
                "T-AFTER-U",
                "{ rule = \"T-U\", outcome = \"not_applicable\" }",
                "{ path = \"product.name\", present = true }",
            ),
        ]
        .concat();
        let set = RuleSet::compile(&[RuleSource {
            pack: "local".into(),
            file: "local/t.toml".into(),
            text,
            builtin: false,
        }])
        .expect("compiles");
        let value = serde_json::json!({
            "product": { "name": "P", "uses_third_party_products": "<yes or no>" },
            "data_protection": { "processes_personal_data": true }
        });
        let results = run(&set, &value, Date::constant(2026, 11, 1), false);
        let outcome = |id: &str| {
            let i = set.index_of(id).expect("compiled");
            results[i].as_ref().expect("needed").outcome
        };
        assert_eq!(outcome("T-S"), Outcome::Outstanding);
        assert_eq!(outcome("T-U"), Outcome::Outstanding);
        // T-S may yet not apply, so T-AFTER-S may yet apply; T-U applies whatever the answer.
        assert_eq!(outcome("T-AFTER-S"), Outcome::Outstanding);
        assert_eq!(outcome("T-AFTER-U"), Outcome::NotApplicable);
    }
}
