//! Point 3: a waiver is bound to the company it was granted to (legal name and registration
//! number), and optionally to the submission's content hash or input file; a waiver whose
//! binding does not match waives nothing and the report says which binding missed.

use super::common::{AS_OF, assure_in_dir, fixture, json_bytes, temp_dir};
use serde_json::{Value, json};

/// A waiver for Symptomatica's failing penetration-test rule, with `extra` bindings.
fn waiver(extra: &str) -> String {
    format!(
        "[[waiver]]\nrule = \"DTAC-C3-02\"\ncompany = {{ legal_name = \"Symptomatica Health Ltd\", number = \"11872456\" }}\nproduct = \"Symptomatica Triage\"\njustification = \"Retest booked.\"\napprover = \"A. Lead, CCIO\"\nexpires = 2027-01-31\n{extra}"
    )
}

/// A submission of `company` (legal name, number) for the product "Symptomatica Triage",
/// failing DTAC-C3-02 (its penetration test is too old).
fn submission(legal_name: &str, number: &str) -> Value {
    let mut v = fixture("complete-exemplar.json");
    v["company"]["legal_name"] = json!(legal_name);
    v["company"]["companies_house_number"] = json!(number);
    v["product"]["name"] = json!("Symptomatica Triage");
    v["technical_security"]["penetration_test"]["date"] = json!("2020-01-01");
    v
}

fn run(dir: &std::path::Path, files: &[&str]) -> Value {
    let mut args = vec![
        "check",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--waivers",
        "w.toml",
    ];
    args.extend_from_slice(files);
    let ran = assure_in_dir(dir, &args);
    serde_json::from_str(&ran.stdout).unwrap_or_else(|_| panic!("JSON report: {}", ran.stderr))
}

fn outcome(report: &Value) -> &Value {
    let findings = report["findings"].as_array().expect("findings");
    &findings
        .iter()
        .find(|f| f["rule"] == "DTAC-C3-02")
        .expect("the rule ran")["outcome"]
}

#[test]
fn a_waiver_for_one_company_does_not_apply_to_another_with_the_same_product_name() {
    let dir = temp_dir("waiver-borrow");
    std::fs::write(dir.join("w.toml"), waiver("")).expect("write");
    let ours = submission("Symptomatica Health Ltd", "11872456");
    let theirs = submission("Copycat Digital Ltd", "09999999");
    std::fs::write(dir.join("ours.json"), json_bytes(&ours)).expect("write");
    std::fs::write(dir.join("theirs.json"), json_bytes(&theirs)).expect("write");
    let r = run(&dir, &["ours.json", "theirs.json"]);
    assert_eq!(
        outcome(&r["reports"][0]),
        "waived",
        "the company's own submission"
    );
    assert_eq!(
        outcome(&r["reports"][1]),
        "fail",
        "another company's submission"
    );
    let w = &r["waivers"]["waivers"][0];
    assert_eq!(w["status"], "applied");
    assert_eq!(w["findings"].as_array().map(Vec::len), Some(1));
    // Alone, the other company's file leaves the waiver unmatched, and says why.
    let r = run(&dir, &["theirs.json"]);
    assert_eq!(outcome(&r["reports"][0]), "fail");
    let w = &r["waivers"]["waivers"][0];
    assert_eq!(w["status"], "unmatched");
    insta::assert_snapshot!(
        "waiver_company_miss",
        w["reason"].as_str().unwrap_or_default()
    );
}

#[test]
fn a_waiver_bound_to_a_content_hash_or_file_lapses_when_they_change() {
    let dir = temp_dir("waiver-hash");
    let ours = json_bytes(&submission("Symptomatica Health Ltd", "11872456"));
    std::fs::write(dir.join("ours.json"), &ours).expect("write");
    let hash = assure::submission::sha256_hex(&ours);
    std::fs::write(
        dir.join("w.toml"),
        waiver(&format!("input_hash = \"{hash}\"\nfile = \"ours.json\"\n")),
    )
    .expect("write");
    assert_eq!(outcome(&run(&dir, &["ours.json"])["reports"][0]), "waived");
    // The same content under another name: the file binding misses.
    std::fs::write(dir.join("copy.json"), &ours).expect("write");
    let r = run(&dir, &["copy.json"]);
    assert_eq!(outcome(&r["reports"][0]), "fail");
    let reason = r["waivers"]["waivers"][0]["reason"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(reason.starts_with("the file does not match"), "{reason}");
    // Edited content: the hash binding misses.
    let mut edited = submission("Symptomatica Health Ltd", "11872456");
    edited["product"]["version"] = json!("9.9.9");
    std::fs::write(dir.join("ours.json"), json_bytes(&edited)).expect("write");
    let r = run(&dir, &["ours.json"]);
    assert_eq!(outcome(&r["reports"][0]), "fail");
    let reason = r["waivers"]["waivers"][0]["reason"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        reason.starts_with("the content hash does not match"),
        "{reason}"
    );
}

#[test]
fn every_problem_of_a_waivers_file_and_a_project_file_is_reported_at_once() {
    let dir = temp_dir("waiver-all");
    std::fs::write(
        dir.join("w.toml"),
        "[[waiver]]\nrul = \"X\"\nexpires = \"soon\"\n\n[[waiver]]\nrule = \"DTAC-C3-02\"\ncompany = { legal_name = \"A\" }\naprover = \"B\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("assure.toml"),
        "rule = []\ndisabled = [\"X\"]\nonly = \"dtac\"\n",
    )
    .expect("write");
    std::fs::write(dir.join("empty.toml"), "").expect("write");
    let mut transcript = String::new();
    for args in [
        vec![
            "check",
            "x.json",
            "--config",
            "empty.toml",
            "--waivers",
            "w.toml",
        ],
        vec!["check", "x.json"],
    ] {
        let ran = assure_in_dir(&dir, &args);
        transcript.push_str(&ran.stderr);
    }
    insta::assert_snapshot!("policy_files_all_problems", transcript);
}
