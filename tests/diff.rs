//! `assure diff` on two versions of one fixture (`tests/data/diff/`): the new version fixes the
//! out-of-date penetration test, breaks MFA, moves a hazard-log mistake to another hazard and
//! reorders its sections. Compared as submissions and as saved JSON reports.

mod common;

use common::{output as assure, text};

const OLD: &str = "tests/data/diff/old.json";
const NEW: &str = "tests/data/diff/new.json";
/// The packs whose rules the changes touch, so a rule added to another pack leaves the
/// snapshots alone.
const ONLY: &str = "dtac,dcb0129";

/// `assure ARGS --as-of 2026-11-01 --only ONLY --format json`.
fn as_json(args: &[&str]) -> std::process::Output {
    let tail = ["--as-of", "2026-11-01", "--only", ONLY, "--format", "json"];
    assure(&[args, &tail[..]].concat())
}

#[test]
fn diff_of_two_submissions_lists_regressions_fixes_and_changes() {
    let out = assure(&["diff", OLD, NEW, "--as-of", "2026-11-01", "--only", ONLY]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "MFA newly fails: {}",
        text(&out.stderr)
    );
    insta::assert_snapshot!("diff_text", text(&out.stdout));
    let json = as_json(&["diff", OLD, NEW]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    insta::assert_json_snapshot!("diff_json", value);
}

#[test]
fn diff_of_saved_reports_matches_the_diff_of_submissions() {
    let dir = common::temp_dir("diff-reports");
    let mut reports = Vec::new();
    for (name, input) in [("old", OLD), ("new", NEW)] {
        let out = as_json(&["check", input]);
        let file = dir.join(format!("{name}.report.json"));
        std::fs::write(&file, &out.stdout).expect("write");
        reports.push(file.to_string_lossy().into_owned());
    }
    let from_reports = assure(&["diff", &reports[0], &reports[1], "--format", "json"]);
    let from_submissions = as_json(&["diff", OLD, NEW]);
    assert_eq!(from_reports.status.code(), Some(1));
    // The findings compare alike; only submissions carry the evidence register and hazard log,
    // and a saved report says so.
    let findings = |out: &std::process::Output| {
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let r = v.as_object_mut().and_then(|o| o.remove("reassessment"));
        (v, r)
    };
    let (reported, why) = findings(&from_reports);
    let (submitted, changes) = findings(&from_submissions);
    assert_eq!(reported, submitted);
    assert!(why.is_some_and(|w| {
        w["warnings"][0]
            .as_str()
            .is_some_and(|s| s.contains("is a saved report"))
    }));
    assert!(changes.is_some_and(|c| !c["hazards"].as_array().is_some_and(Vec::is_empty)));
    // A report and a submission can be mixed.
    let (mixed, _) = findings(&as_json(&["diff", &reports[0], NEW]));
    assert_eq!(mixed, submitted);
}

#[test]
fn diff_without_a_regression_exits_0() {
    let same = assure(&["diff", OLD, OLD, "--as-of", "2026-11-01"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(
        text(&same.stdout).ends_with("\nno finding changed\n"),
        "{}",
        text(&same.stdout)
    );
}

#[test]
fn diff_of_an_unreadable_side_exits_2_naming_it() {
    let out = assure(&[
        "diff",
        OLD,
        "tests/data/diff/missing.json",
        "--as-of",
        "2026-11-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("tests/data/diff/missing.json"),
        "{}",
        text(&out.stderr)
    );
}
