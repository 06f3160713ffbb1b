//! `assure migrate`: a version-1 submission (still read as it is) is rewritten as version 2,
//! its documents' `provided` flags as explicit statuses, and checks exactly as before.

mod common;

use common::{output as assure, text};

const OLD: &str = "tests/data/diff/old.json";

/// Each finding's rule and outcome, which migrating must not change.
fn outcomes(report: &serde_json::Value) -> Vec<(String, String)> {
    report["reports"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["outcome"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_version_1_submission_migrates_to_version_2_and_checks_the_same() {
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(OLD).expect("read")).expect("JSON");
    assert_eq!(
        original["schema_version"], "1",
        "the test input is version 1"
    );
    let out = assure(&["migrate", OLD]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let migrated: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(migrated["schema_version"], "2");
    let doc = &migrated["clinical_safety"]["safety_case_report"]["document"];
    assert_eq!(doc["status"], "provided", "{doc}");
    assert!(doc.get("provided").is_none());
    assert!(text(&out.stderr).contains("`schema_version`: \"1\" → \"2\""));

    let dir = common::temp_dir("migrate");
    let file = dir.join("new.json");
    std::fs::write(&file, &out.stdout).expect("write");
    let check = |path: &str| {
        let out = assure(&["check", path, "--as-of", "2026-11-01", "--format", "json"]);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("a JSON report")
    };
    assert_eq!(
        outcomes(&check(OLD)),
        outcomes(&check(&file.to_string_lossy()))
    );

    // Migrating a version-2 submission changes nothing; a file that is not one is refused.
    let again = assure(&["migrate", &file.to_string_lossy()]);
    assert_eq!(again.stdout, out.stdout);
    assert!(text(&again.stderr).contains("nothing to change"));
    std::fs::write(dir.join("x.json"), br#"{"schema_version": "7"}"#).expect("write");
    let bad = assure(&["migrate", &dir.join("x.json").to_string_lossy()]);
    assert_eq!(bad.status.code(), Some(2));
}
