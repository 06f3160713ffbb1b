//! `assure rules lint`: everything loading checks (syntax, the rule-file schema, paths against
//! the submission schema, regexes, references, duplicate ids, cycles) plus what a rule needs to
//! be explainable and tested — a `doc`, `refs`, a `remedy`, and a passing and a failing example —
//! all reported at once, like a compiler, each with `file:line:col`.

use super::toml_json;
use super::{RuleError, RuleErrors, RuleSet, RuleSource};
use crate::source::line_col;
use serde_json::Value;

/// Lints `sources`: load errors in any of them, and completeness problems in those `audit`
/// picks (a local pack is linted against the built-in rules it may refer to, without linting
/// the built-ins themselves). Problems come in file order, then by position.
pub fn lint(sources: &[RuleSource], audit: impl Fn(&RuleSource) -> bool) -> Vec<RuleError> {
    let mut problems = match RuleSet::compile(sources) {
        Ok(_) => Vec::new(),
        Err(RuleErrors(e)) => e,
    };
    for src in sources.iter().filter(|s| audit(s)) {
        completeness(src, &mut problems);
    }
    let order = |file: &str| {
        sources
            .iter()
            .position(|s| s.file == file)
            .unwrap_or(usize::MAX)
    };
    problems.sort_by_key(|p| (order(&p.file), p.at));
    problems.dedup();
    problems
}

/// What each rule of one file lacks to be explained and tested.
fn completeness(src: &RuleSource, out: &mut Vec<RuleError>) {
    // A file that does not parse is already reported by the load step.
    let Ok((value, spans)) = toml_json::parse(&src.text) else {
        return;
    };
    let Some(rules) = value.get("rule").and_then(Value::as_array) else {
        return;
    };
    for (i, rule) in rules.iter().enumerate() {
        let ptr = format!("/rule/{i}");
        let id = rule.get("id").and_then(Value::as_str).unwrap_or("(no id)");
        let mut problem = |pointer: &str, message: String, hint: &str| {
            out.push(RuleError {
                file: src.file.clone(),
                at: line_col(&src.text, spans.value(pointer)),
                message: format!("rule {id}: {message}"),
                hint: Some(hint.to_owned()),
            });
        };
        for (key, hint) in TEXT_KEYS {
            match rule.get(*key).and_then(Value::as_str) {
                None => problem(&ptr, format!("has no `{key}`"), hint),
                Some(s) if s.trim().is_empty() => {
                    problem(&format!("{ptr}/{key}"), format!("`{key}` is empty"), hint)
                }
                Some(_) => {}
            }
        }
        if rule
            .get("refs")
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty)
        {
            problem(
                &ptr,
                "has no `refs`".into(),
                "add `refs = [\"DTAC 1.0 C3.2\"]`: the clauses of the standard the rule encodes, in the standard's own numbering",
            );
        }
        examples(rule, &ptr, &mut problem);
    }
}

const TEXT_KEYS: &[(&str, &str)] = &[
    (
        "doc",
        "add `doc = \"\"\"…\"\"\"`: what the rule checks, why the standard asks, what evidence is acceptable (printed by `assure rules explain`)",
    ),
    (
        "remedy",
        "add `remedy = \"…\"`: the evidence to supply or the change to make when the rule fails",
    ),
];

/// A rule needs a passing and a failing example (fired and not fired for a trigger), an
/// outstanding one when it says its details live in a document (`look_in`), a not-evaluated one
/// when it `requires` another rule, and each example must expect an outcome the rule's kind can
/// give.
fn examples(rule: &Value, ptr: &str, problem: &mut dyn FnMut(&str, String, &str)) {
    let trigger = rule.get("kind").and_then(Value::as_str) == Some("trigger");
    let (good, bad) = if trigger {
        ("fired", "not_fired")
    } else {
        ("pass", "fail")
    };
    let mut wanted = vec![good, bad];
    if rule.get("look_in").is_some() {
        wanted.push("outstanding");
    }
    if rule
        .get("requires")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty())
    {
        wanted.push("not_evaluated");
    }
    let list = rule
        .get("example")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let expects: Vec<&str> = list
        .iter()
        .map(|e| e.get("expect").and_then(Value::as_str).unwrap_or_default())
        .collect();
    for want in wanted {
        if !expects.contains(&want) {
            let hint = format!(
                "add a `[[rule.example]]` with `expect = \"{want}\"` and a submission fragment as `input`; `assure rules test` runs it"
            );
            problem(ptr, format!("has no `{want}` example"), &hint);
        }
    }
    let wrong = if trigger {
        ["pass", "fail"]
    } else {
        ["fired", "not_fired"]
    };
    for (n, e) in expects
        .iter()
        .enumerate()
        .filter(|(_, e)| wrong.contains(e))
    {
        let kind = if trigger { "a trigger" } else { "a check" };
        let hint = format!(
            "{kind} gives `{good}` or `{bad}` (or `not_applicable` when its `when` does not hold)"
        );
        problem(
            &format!("{ptr}/example/{n}/expect"),
            format!("example {} expects `{e}`, which {kind} never gives", n + 1),
            &hint,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> RuleSource {
        RuleSource {
            pack: "local".into(),
            file: "local/x.toml".into(),
            text: text.into(),
            builtin: false,
        }
    }

    #[test]
    fn a_complete_rule_has_no_problems() {
        let text = "[[rule]]\nid = \"LOCAL-01\"\ntitle = \"t\"\narea = \"company\"\nseverity = \"minor\"\nfeeds = [\"dtac.C1\"]\nrefs = [\"X 1\"]\ncheck = { path = \"company.legal_name\", present = true }\nremedy = \"r\"\ndoc = \"d\"\n\n[[rule.example]]\nexpect = \"pass\"\ninput = { company = { legal_name = \"A\" } }\n\n[[rule.example]]\nexpect = \"fail\"\ninput = {}\n";
        assert_eq!(lint(&[source(text)], |_| true), Vec::new());
    }

    #[test]
    fn reports_what_a_rule_lacks_at_its_position() {
        let text = "[[rule]]\nid = \"LOCAL-01\"\ntitle = \"t\"\narea = \"company\"\nseverity = \"minor\"\nfeeds = [\"dtac.C1\"]\ncheck = { path = \"company.legal_name\", present = true }\ndoc = \"  \"\n";
        let shown: Vec<String> = lint(&[source(text)], |_| true)
            .iter()
            .map(ToString::to_string)
            .collect();
        let first: Vec<&str> = shown
            .iter()
            .map(|s| s.lines().next().unwrap_or_default())
            .collect();
        assert_eq!(
            first,
            [
                "local/x.toml:1:1: rule LOCAL-01: has no `remedy`",
                "local/x.toml:1:1: rule LOCAL-01: has no `refs`",
                "local/x.toml:1:1: rule LOCAL-01: has no `pass` example",
                "local/x.toml:1:1: rule LOCAL-01: has no `fail` example",
                "local/x.toml:8:7: rule LOCAL-01: `doc` is empty",
            ]
        );
    }
}
