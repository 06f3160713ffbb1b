//! Local policy end to end: a project file (`tests/data/local-pack/assure.toml`) that adds a
//! local pack, disables a rule and raises a severity; waivers that apply, expire or match
//! nothing; and the errors a project file or waivers file can carry, with positions.

mod common;

use common::{output_in as assure_in, text, write};

use assure::inputs::Input;
use assure::report::{Status, WaiverStatus};
use assure::rules::{Outcome, RuleSet, RuleSource, Severity};
use assure::waivers::Waivers;
use serde_json::Value;
use std::path::PathBuf;

const LOCAL_PACK: &str = "tests/data/local-pack";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assure-policy-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The local pack's fixture checked as of 2026-11-01, as JSON.
fn local_pack_report(extra: &[&str]) -> (Value, Option<i32>) {
    local_pack_report_as_of("2026-11-01", extra)
}

fn local_pack_report_as_of(as_of: &str, extra: &[&str]) -> (Value, Option<i32>) {
    let mut args = vec![
        "check",
        "submission.json",
        "--as-of",
        as_of,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = assure_in(LOCAL_PACK, &args);
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&out.stderr)));
    (json, out.status.code())
}

fn finding<'a>(run: &'a Value, rule: &str) -> Option<&'a Value> {
    run["reports"][0]["findings"]
        .as_array()?
        .iter()
        .find(|f| f["rule"] == rule)
}

#[test]
fn a_local_pack_raises_a_severity_and_adds_a_rule_that_depends_on_built_in_ones() {
    let (run, code) = local_pack_report(&[]);
    assert_eq!(code, Some(1), "a blocker still fails");
    let packs = run["rules"]["packs"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        packs.contains(&Value::from("policy")) && packs.contains(&Value::from("dtac")),
        "{packs:?}"
    );
    assert!(
        finding(&run, "DTAC-D1-12.2").is_none(),
        "disabled in assure.toml"
    );
    // Only the findings the policy touches, as the JSON report gives them (for built-in rules,
    // the fields the policy decides): the whole report changes whenever a built-in rule is
    // added, and is covered by the fixtures' own snapshots.
    let mut picked: Vec<Value> = finding(&run, "ICB-SEC-01").into_iter().cloned().collect();
    for id in ["DCB0129-HAZ-03", "DTAC-C3-02", "DTAC-C3-04"] {
        let f = finding(&run, id).cloned().unwrap_or_default();
        let keep = [
            "rule", "severity", "outcome", "message", "path", "location", "waiver",
        ];
        picked.push(
            keep.iter()
                .filter_map(|k| Some((k.to_string(), f.get(*k)?.clone())))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        );
    }
    insta::assert_json_snapshot!(
        "local_pack_findings",
        serde_json::json!({ "findings": picked, "waivers": run["waivers"] })
    );
}

#[test]
fn the_report_with_waivers_follows_the_report_schema() {
    let (run, _) = local_pack_report(&[]);
    let problems: Vec<String> = assure::schema::Schema::report()
        .validator
        .iter_errors(&run)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_disabled_rule_others_depend_on_is_evaluated_but_not_reported() {
    let (run, _) = local_pack_report(&["--disable", "DPIA-ART35-3B"]);
    assert!(finding(&run, "DPIA-ART35-3B").is_none());
    // ICB-SEC-01 applies only when DPIA-ART35-3B fired: it still sees that outcome.
    assert_eq!(
        finding(&run, "ICB-SEC-01").map(|f| &f["outcome"]),
        Some(&Value::from("pass"))
    );
    assert_eq!(
        finding(&run, "DPIA-REQUIRED").map(|f| &f["outcome"]),
        Some(&Value::from("pass"))
    );
}

#[test]
fn an_expired_waiver_no_longer_applies_and_the_finding_says_why() {
    let (run, _) = local_pack_report(&[]);
    let f = finding(&run, "DCB0129-HAZ-03").expect("the finding");
    assert_eq!(f["outcome"], "fail");
    assert_eq!(f["severity"], "blocker", "raised from major by assure.toml");
    let message = f["message"].as_str().unwrap_or_default();
    assert!(
        message.ends_with(
            "; waiver by James Whitfield, Clinical Safety Officer expired on 2026-09-30"
        ),
        "{message}"
    );
    assert_eq!(f["waiver"]["status"], "expired");
    let out = assure_in(
        LOCAL_PACK,
        &["check", "submission.json", "--as-of", "2026-11-01"],
    );
    let shown = text(&out.stdout);
    assert!(shown.contains("waiver by James Whitfield, Clinical Safety Officer expired on 2026-09-30 [ICB-CSO-0077] (waivers.toml:15:1)"), "{shown}");
}

#[test]
fn a_waiver_applies_through_its_expiry_day() {
    let (run, _) = local_pack_report_as_of("2026-09-30", &[]);
    assert_eq!(
        finding(&run, "DCB0129-HAZ-03").map(|f| &f["outcome"]),
        Some(&Value::from("waived"))
    );
}

#[test]
fn an_unmatched_waiver_is_reported() {
    let (run, _) = local_pack_report(&[]);
    let waivers = run["waivers"]["waivers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mfa = waivers
        .iter()
        .find(|w| w["rule"] == "DTAC-C3-04")
        .expect("the MFA waiver");
    assert_eq!(mfa["status"], "unmatched");
    assert_eq!(run["waivers"]["unmatched"], 1);
    let out = assure_in(
        LOCAL_PACK,
        &["check", "submission.json", "--as-of", "2026-11-01"],
    );
    assert!(
        text(&out.stdout).contains(
            "unmatched DTAC-C3-04 for `Symptomatica Health Ltd` (`11872456`), submission `SYM-DTAC-2026-02`"
        ),
        "{}",
        text(&out.stdout)
    );
}

const MFA_RULE: &str = r#"
[[rule]]
id = "T-MFA"
title = "MFA on privileged accounts"
area = "technical-security"
severity = "blocker"
feeds = ["dtac.C3"]
refs = ["DTAC 1.0 C3.4"]
check = { path = "technical_security.mfa_privileged_accounts", equals = true }
remedy = "Enforce MFA."
doc = "DTAC C3.4."
"#;

const MFA_WAIVER: &str = r#"
[[waiver]]
rule = "T-MFA"
company = { legal_name = "Example Ltd", number = "01234567" }
product = "Example"
justification = "MFA for the last two admin accounts lands in the next release."
approver = "A. Lead, CSO"
expires = 2026-12-31
"#;

#[test]
fn waived_findings_count_as_waived_not_failures() {
    let src = RuleSource {
        pack: "t".into(),
        file: "t/mfa.toml".into(),
        text: MFA_RULE.into(),
        builtin: false,
    };
    let set = RuleSet::compile(&[src]).expect("the rule loads");
    let bytes = br#"{"schema_version": "1", "company": {"legal_name": "Example Ltd", "companies_house_number": "01234567"}, "product": {"name": "Example"}, "technical_security": {"mfa_privileged_accounts": false}}"#;
    let input = Input::Bytes {
        name: "s.json".into(),
        bytes: bytes.to_vec(),
    };
    let waivers = Waivers::parse("w.toml", MFA_WAIVER, &set).expect("the waiver loads");
    for (as_of, status, outcome) in [
        ("2026-11-01", Status::Met, Outcome::Waived),
        ("2027-01-01", Status::NotMet, Outcome::Fail),
    ] {
        let as_of = as_of.parse().expect("date");
        let mut run = assure::check_inputs(&set, std::slice::from_ref(&input), as_of);
        let decided = |r: &assure::report::Report| r.decision("dtac").map(|d| d.status);
        assert_eq!(decided(&run.reports[0]), Some(Status::NotMet));
        assure::waivers::apply(&mut run, &waivers, as_of);
        let r = &run.reports[0];
        assert_eq!(
            (decided(r), r.findings[0].outcome),
            (Some(status), outcome),
            "as of {as_of}"
        );
        assert_eq!(r.fails_at(Severity::Info), outcome == Outcome::Fail);
        assert_eq!(r.counts.waived, usize::from(outcome == Outcome::Waived));
        let status = run.waivers.as_ref().map(|w| w.waivers[0].status);
        assert_eq!(
            status,
            Some(if outcome == Outcome::Waived {
                WaiverStatus::Applied
            } else {
                WaiverStatus::Expired
            })
        );
    }
}

#[test]
fn a_local_rule_cannot_shadow_a_built_in_id() {
    let dir = temp_dir("shadow");
    write(
        &dir.join("local/c3.toml"),
        &MFA_RULE.replace("T-MFA", "DTAC-C3-04"),
    );
    let out = assure_in(
        ".",
        &["rules", "list", "--rules", dir.to_str().unwrap_or_default()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("c3.toml:2:1: duplicate rule id `DTAC-C3-04` (first defined at rules/dtac/c3-technical-security.toml:"), "{err}");
    assert!(err.contains("a local rule cannot replace a built-in one; give it its own id, or disable the built-in rule"), "{err}");
}

#[test]
fn project_file_errors_name_the_position_and_the_nearest_id() {
    let dir = temp_dir("config");
    write(
        &dir.join("assure.toml"),
        "only = [\"dtac\", \"dcb129\"]\ndisable = [\"DTAC-D1-12.5\"]\n\n[severity]\n\"DTAC-C3-4\" = \"major\"\n",
    );
    let out = assure_in(dir.to_str().unwrap_or_default(), &["rules", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: 3 problems in the local policy:\nassure.toml:1:8: unknown pack `dcb129`; did you mean `dcb0129`?"), "{err}");
    // The pack list in the first message grows with the packs; the rest is the snapshot.
    insta::assert_snapshot!(
        "project_file_errors",
        err.lines().skip(2).collect::<Vec<_>>().join("\n")
    );
    write(
        &dir.join("assure.toml"),
        "rules = []\ndisabled = [\"DTAC-D1-12.2\"]\n",
    );
    let out = assure_in(dir.to_str().unwrap_or_default(), &["rules", "list"]);
    assert_eq!(
        text(&out.stderr),
        "error: 1 problem in the local policy:\nassure.toml:2:1: unknown key `disabled`\n  fix: did you mean `disable`?\n"
    );
}

#[test]
fn waivers_without_justification_or_approver_are_rejected_with_positions() {
    let dir = temp_dir("waivers");
    let file = dir.join("waivers.toml");
    write(
        &file,
        "[[waiver]]\nrule = \"DTAC-C3-02\"\nsubmission = \"S-1\"\njustification = \"\"\nexpires = 2026-12-31\n\n[[waiver]]\nrule = \"DTAC-C3-2\"\nproduct = \"P\"\njustification = \"j\"\napprover = \"a\"\nexpires = \"31/12/2026\"\n",
    );
    let out = assure_in(
        dir.to_str().unwrap_or_default(),
        &["check", "-", "--waivers", "waivers.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!("waiver_file_errors", text(&out.stderr));
}
