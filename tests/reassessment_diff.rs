//! `assure diff` for a re-assessment: two versions of a submission also compare their evidence
//! registers and hazard logs (new, removed, re-rated; a hazard removed without being closed is a
//! finding and exits 1), and a warning names different as-of dates.

use std::path::Path;
use std::process::Command;

fn assure(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(args)
        .output()
        .expect("run assure");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The exemplar's next version: KQ-02 re-rated, KQ-05 reopened then deleted, KQ-07 new, a newer
/// penetration test.
fn next_version(dir: &Path) -> (String, String) {
    let old = dir.join("v1.json");
    let new = dir.join("v2.json");
    let text = std::fs::read_to_string("fixtures/complete-exemplar.json").expect("read");
    std::fs::write(&old, &text).expect("write");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let hazards = v["clinical_safety"]["hazard_log"]["hazards"]
        .as_array_mut()
        .expect("hazards");
    hazards[1]["residual"] = serde_json::json!({ "likelihood": 2, "severity": 4, "risk": 3 });
    hazards[1]["residual_rationale"] = serde_json::json!(
        "Further reduction is not practicable: the triage rules already escalate every red flag."
    );
    let mut added = hazards[0].clone();
    added["id"] = "KQ-07".into();
    added["title"] = "Wrong side exercise shown".into();
    hazards.retain(|h| h["id"] != "KQ-05");
    hazards.push(added);
    v["technical_security"]["penetration_test"]["date"] = "2026-10-20".into();
    std::fs::write(&new, serde_json::to_string_pretty(&v).expect("json")).expect("write");
    // The old version had KQ-05 open: deleting it is not closing it.
    let mut o: serde_json::Value = serde_json::from_str(&text).expect("json");
    o["clinical_safety"]["hazard_log"]["hazards"][4]["status"] = "open".into();
    std::fs::write(&old, serde_json::to_string_pretty(&o).expect("json")).expect("write");
    (old.display().to_string(), new.display().to_string())
}

#[test]
fn hazard_log_and_register_changes_are_shown_and_an_unclosed_removal_is_a_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = next_version(dir.path());
    let (out, err, code) = assure(&["diff", &old, &new, "--as-of", "2026-11-01", "--no-config"]);
    assert_eq!(
        code, 1,
        "an unclosed hazard removal fails the diff:\n{out}{err}"
    );
    assert!(out.contains("Hazard log (3 changed)"), "{out}");
    assert!(out.contains("rerated KQ-02 clinical_safety.hazard_log (Red-flag symptoms not recognised): residual risk 2 (likelihood 1, severity 4) → risk 3 (likelihood 2, severity 4)"), "{out}");
    assert!(
        out.contains("new KQ-07 clinical_safety.hazard_log (Wrong side exercise shown)"),
        "{out}"
    );
    assert!(
        out.contains("removed_unclosed KQ-05 clinical_safety.hazard_log"),
        "{out}"
    );
    assert!(out.contains("✗ hazard `KQ-05` was removed from `clinical_safety.hazard_log` without being closed (removed while open)"), "{out}");
    assert!(out.contains("Evidence register (1 changed)"), "{out}");
    assert!(out.contains("redated technical_security.penetration_test.date  External penetration test: 2026-06-26 (due 2027-06-26) → 2026-10-20 (due 2027-10-20)"), "{out}");
    assert!(!out.contains("warning:"), "{out}");
    let (json, _, _) = assure(&[
        "diff",
        &old,
        &new,
        "--as-of",
        "2026-11-01",
        "--no-config",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(
        v["reassessment"]["findings"].as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn a_closed_hazard_removed_is_no_finding_and_different_as_of_dates_are_warned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("old-report.json");
    let (saved, _, _) = assure(&[
        "check",
        "fixtures/complete-exemplar.json",
        "--as-of",
        "2026-06-01",
        "--no-config",
        "--format",
        "json",
    ]);
    std::fs::write(&report, saved).expect("write");
    let (out, _, code) = assure(&[
        "diff",
        report.to_str().expect("utf-8"),
        "fixtures/complete-exemplar.json",
        "--as-of",
        "2026-11-01",
        "--no-config",
    ]);
    assert!(
        out.contains(
            "warning: the two were checked as of different dates (2026-06-01 and 2026-11-01)"
        ),
        "{out}"
    );
    assert_eq!(code, 0, "{out}");
    // Same submission, same date: nothing to say.
    let (out, _, code) = assure(&[
        "diff",
        "fixtures/complete-exemplar.json",
        "fixtures/complete-exemplar.json",
        "--as-of",
        "2026-11-01",
        "--no-config",
    ]);
    assert_eq!(code, 0);
    assert!(
        !out.contains("Hazard log") && !out.contains("warning:"),
        "{out}"
    );
}
