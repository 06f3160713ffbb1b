//! The rule-language conditions the clinical safety and data protection packs need, each on a
//! one-rule set: `every … where`, `unique_by`, `within … months_from`, `risk_matrix …
//! at_most_from`, `confirm` and `as_of_not_after`, with the load errors a misuse gives.

use assure::engine::{self, eval::Pending};
use assure::rules::{Outcome, RuleSet, RuleSource};
use serde_json::{Value, json};

fn set(check: &str) -> Result<RuleSet, String> {
    let text = format!(
        "[[rule]]\nid = \"T-1\"\ntitle = \"t\"\narea = \"clinical-safety\"\nseverity = \"major\"\nfeeds = [\"dcb0129.6\"]\ncheck = {check}\n"
    );
    let src = RuleSource {
        pack: "t".into(),
        file: "t.toml".into(),
        text,
        builtin: false,
    };
    RuleSet::compile(&[src]).map_err(|e| e.to_string())
}

fn result(s: &RuleSet, v: &Value, as_of: &str) -> engine::RuleResult {
    engine::run(s, v, as_of.parse().expect("a date"), false)[0]
        .clone()
        .expect("the rule ran")
}

fn outcome(s: &RuleSet, v: Value) -> Outcome {
    result(s, &v, "2026-11-01").outcome
}

fn hazards(list: Value) -> Value {
    json!({ "clinical_safety": { "hazard_log": { "hazards": list } } })
}

#[test]
fn every_where_skips_the_items_it_rules_out() {
    let s = set(r#"{ every = "clinical_safety.hazard_log.hazards", where = { not = { path = "status", equals = "deprecated" } }, check = { path = "residual.risk", max = 3 } }"#).unwrap();
    let deprecated = json!({ "id": "H-1", "status": "deprecated", "residual": { "risk": 5 } });
    let open_ok = json!({ "id": "H-2", "status": "open", "residual": { "risk": 2 } });
    let open_bad = json!({ "id": "H-3", "status": "open", "residual": { "risk": 4 } });
    assert_eq!(
        outcome(&s, hazards(json!([deprecated, open_ok]))),
        Outcome::Pass
    );
    assert_eq!(
        outcome(&s, hazards(json!([deprecated, open_bad]))),
        Outcome::Fail
    );
    // Every item ruled out: nothing to judge, not a pass.
    assert_eq!(
        outcome(&s, hazards(json!([deprecated]))),
        Outcome::NotApplicable
    );
}

#[test]
fn unique_by_finds_duplicates_and_needs_a_list() {
    let s = set(r#"{ path = "clinical_safety.hazard_log.hazards", unique_by = "id" }"#).unwrap();
    assert_eq!(
        outcome(&s, hazards(json!([{ "id": "H-1" }, { "id": "H-2" }, {}]))),
        Outcome::Pass
    );
    assert_eq!(
        outcome(&s, hazards(json!([{ "id": "H-1" }, { "id": "H-1" }]))),
        Outcome::Fail
    );
    assert_eq!(outcome(&s, hazards(json!([]))), Outcome::NotApplicable);
    let e =
        set(r#"{ path = "clinical_safety.hazard_log.version", unique_by = "id" }"#).unwrap_err();
    assert!(e.contains("needs a field of type array"), "{e}");
    let e =
        set(r#"{ path = "clinical_safety.hazard_log.hazards", unique_by = "idd" }"#).unwrap_err();
    assert!(e.contains("unknown path"), "{e}");
}

#[test]
fn within_reads_the_period_from_a_field_when_given() {
    let s = set(r#"{ path = "clinical_safety.crm_system.last_review_date", within = "12 months", months_from = "$.clinical_safety.crm_system.review_interval_months" }"#).unwrap();
    let crm = |months: Option<u64>| {
        let mut c = json!({ "last_review_date": "2025-05-01" });
        if let Some(m) = months {
            c["review_interval_months"] = json!(m);
        }
        json!({ "clinical_safety": { "crm_system": c } })
    };
    // Reviewed 18 months before the as-of date.
    assert_eq!(outcome(&s, crm(None)), Outcome::Fail);
    assert_eq!(outcome(&s, crm(Some(24))), Outcome::Pass);
    assert_eq!(outcome(&s, crm(Some(6))), Outcome::Fail);
    let e = set(r#"{ path = "clinical_safety.crm_system.last_review_date", within = "12 months", months_from = "$.clinical_safety.crm_system.last_review_date" }"#).unwrap_err();
    assert!(e.contains("whole number of months"), "{e}");
}

#[test]
fn a_risk_ceiling_can_come_from_the_plan() {
    let s = set(r#"{ every = "clinical_safety.hazard_log.hazards", check = { risk_matrix = { likelihood = "residual.likelihood", severity = "residual.severity", at_most = 3, at_most_from = "$.clinical_safety.crm_plan.acceptability.highest_with_alarp" } } }"#).unwrap();
    let v = |plan: Option<u64>| {
        let mut v = hazards(json!([{ "residual": { "likelihood": 2, "severity": 5 } }]));
        if let Some(n) = plan {
            v["clinical_safety"]["crm_plan"] =
                json!({ "acceptability": { "highest_with_alarp": n } });
        }
        v
    };
    // Likelihood 2, severity 5 is risk 4 in the default matrix.
    assert_eq!(outcome(&s, v(None)), Outcome::Fail);
    assert_eq!(outcome(&s, v(Some(4))), Outcome::Pass);
    assert_eq!(outcome(&s, v(Some(2))), Outcome::Fail);
    let e = set(r#"{ risk_matrix = { likelihood = "a", severity = "b", at_most = 3, at_most_from = "$.clinical_safety.crm_plan.acceptability_criteria" } }"#).unwrap_err();
    assert!(
        e.contains("at_most_from") || e.contains("unknown path"),
        "{e}"
    );
}

#[test]
fn confirm_is_outstanding_for_the_assessor_after_what_the_rules_decide() {
    let s = set(r#"{ any = [
        { path = "clinical_safety.cso.profession", one_of = ["doctor", "optometrist"] },
        { all = [
            { path = "clinical_safety.cso.profession", present = true },
            { path = "clinical_safety.cso.profession", confirm = "that the profession is a clinical one" },
        ] },
    ] }"#)
    .unwrap();
    let cso = |p: Option<&str>| json!({ "clinical_safety": { "cso": p.map_or(json!({}), |p| json!({ "profession": p })) } });
    assert_eq!(outcome(&s, cso(Some("optometrist"))), Outcome::Pass);
    assert_eq!(outcome(&s, cso(None)), Outcome::Fail);
    let r = result(&s, &cso(Some("other")), "2026-11-01");
    assert_eq!(r.outcome, Outcome::Outstanding);
    let pending: Vec<&Pending> = r
        .evidence
        .iter()
        .filter_map(|e| e.pending.as_ref())
        .collect();
    assert_eq!(
        pending,
        [&Pending::Confirm(
            "that the profession is a clinical one".into()
        )]
    );
}

#[test]
fn the_as_of_date_against_a_fixed_deadline() {
    let s = set(r#"{ as_of_not_after = "2028-06-30" }"#).unwrap();
    let v = json!({});
    assert_eq!(result(&s, &v, "2028-06-30").outcome, Outcome::Pass);
    assert_eq!(result(&s, &v, "2028-07-01").outcome, Outcome::Fail);
    let e = set(r#"{ as_of_not_after = "2028-02-30" }"#).unwrap_err();
    assert!(e.contains("not a date"), "{e}");
}
