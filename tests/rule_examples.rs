//! Every built-in rule's examples run and give the outcome they declare, every rule has at least
//! one passing and one failing example, no rule cites a reference twice, and the rule files match
//! `rules.schema.json`.

use assure::rules::{Kind, Outcome, RuleSet};

fn builtin() -> RuleSet {
    match RuleSet::compile(&assure::rules::builtin_sources()) {
        Ok(s) => s,
        Err(e) => panic!("the built-in rules do not load:\n{e}"),
    }
}

#[test]
fn every_example_gives_its_declared_outcome() {
    let set = builtin();
    let (ran, mismatches) = assure::examples::run(&set);
    assert!(
        ran >= set.rules.len() * 2,
        "only {ran} examples ran for {} rules",
        set.rules.len()
    );
    let report: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "{} example(s) failed:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn every_rule_has_a_passing_and_a_failing_example() {
    let set = builtin();
    let mut missing = Vec::new();
    for r in &set.rules {
        let (good, bad) = match r.kind {
            Kind::Check => (Outcome::Pass, Outcome::Fail),
            Kind::Trigger => (Outcome::Fired, Outcome::NotFired),
        };
        let has = |o| r.examples.iter().any(|e| e.expect == o);
        if !has(good) || !has(bad) {
            missing.push(format!(
                "{} ({}) lacks a `{}` or a `{}` example",
                r.id,
                r.file,
                good.as_str(),
                bad.as_str()
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_rule_has_refs_doc_and_remedy() {
    let set = builtin();
    let lacking: Vec<String> = set
        .rules
        .iter()
        .filter(|r| r.refs.is_empty() || r.doc.trim().is_empty() || r.remedy.trim().is_empty())
        .map(|r| format!("{} ({})", r.id, r.file))
        .collect();
    assert!(
        lacking.is_empty(),
        "rules lacking refs, doc or remedy: {}",
        lacking.join(", ")
    );
}

#[test]
fn no_built_in_rule_cites_a_reference_twice() {
    let set = builtin();
    let twice: Vec<String> = set
        .rules
        .iter()
        .filter(|r| {
            let mut seen = std::collections::HashSet::new();
            !r.refs.iter().all(|x| seen.insert(x))
        })
        .map(|r| format!("{}: {}", r.id, r.refs.join("; ")))
        .collect();
    assert!(twice.is_empty(), "{}", twice.join("\n"));
}
