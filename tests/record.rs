//! The assessment record: a record with one overdue condition and one unanswered clarification
//! is flagged in text and HTML, a record whose hashes do not match is reported, a decision that
//! differs from the tool's is shown with both, and a malformed record is a clear error.

use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = "fixtures/evidence-lapsing.json";

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

/// The test record with the hashes `assure record init` gives now (or `submission` instead).
fn record(dir: &Path, submission: Option<&str>) -> PathBuf {
    let (starter, err, code) = assure(&["record", "init", FIXTURE, "-o", "-", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    let hash = |key: &str| {
        starter
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .and_then(|l| l.strip_suffix('"'))
            .expect("a hash")
            .to_owned()
    };
    let text = std::fs::read_to_string("tests/records/evidence-lapsing.record.toml")
        .expect("read the record")
        .replace("@SUBMISSION@", submission.unwrap_or(&hash("submission")))
        .replace("@RULES@", &hash("rules"));
    let path = dir.join("r.record.toml");
    std::fs::write(&path, text).expect("write the record");
    path
}

fn check(record: &Path, format: &str) -> String {
    let (out, err, code) = assure(&[
        "check",
        FIXTURE,
        "--as-of",
        "2026-11-01",
        "--no-config",
        "--color",
        "never",
        "--format",
        format,
        "--record",
        record.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn overdue_conditions_and_unanswered_clarifications_are_flagged_in_text_and_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = record(dir.path(), None);
    let text = check(&rec, "text");
    assert!(text.contains("⚠ OVERDUE condition overdue by 17 days: Send the summary of the December penetration retest (owner Kinetiq Health CTO, due 2026-10-15, answers DTAC-C3-02)"), "{text}");
    assert!(text.contains("⚠ UNANSWERED clarification unanswered (asked 2026-10-20, 12 days ago): Which hosting region holds the backups?"), "{text}");
    // The condition not yet due and the answered clarification are listed, not flagged.
    assert_eq!(text.matches("⚠ OVERDUE").count(), 1);
    assert_eq!(text.matches("⚠ UNANSWERED").count(), 1);
    assert!(!text.contains("HASH MISMATCH"), "{text}");
    assert!(
        text.contains("decision dcb0129: recorded not_met · tool met (differs)"),
        "{text}"
    );
    assert!(text.contains("IG lead — Helen Marsh, not signed off"));
    let html = check(&rec, "html");
    assert!(
        html.contains("⚠ OVERDUE</span> condition overdue by 17 days"),
        "{html}"
    );
    assert!(html.contains("⚠ UNANSWERED</span> clarification unanswered"));
    assert!(html.contains("<caption>Register look-ups</caption>"));
    let md = check(&rec, "markdown");
    assert!(
        md.contains("**OVERDUE** condition overdue by 17 days"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&check(&rec, "json")).expect("json");
    let r = &json["reports"][0]["record"];
    assert_eq!(
        r["matches"],
        serde_json::json!({ "submission": true, "rules": true })
    );
    let kinds: Vec<&str> = r["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "condition_overdue",
            "clarification_unanswered",
            "decision_differs"
        ]
    );
    let csv = check(&rec, "csv");
    assert!(
        csv.contains(
            ",record,record,Assessment record,condition_overdue,,\"condition overdue by 17 days"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(",record,record,Assessment record,clarification_unanswered,,"),
        "{csv}"
    );
}

#[test]
fn redact_masks_the_people_a_record_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = record(dir.path(), None);
    let (out, err, code) = assure(&[
        "check",
        FIXTURE,
        "--as-of",
        "2026-11-01",
        "--no-config",
        "--color",
        "never",
        "--redact",
        "--record",
        rec.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    for name in [
        "Priya Raman",
        "Tom Akintola",
        "Helen Marsh",
        "Kinetiq Health CTO",
    ] {
        assert!(!out.contains(name), "{name} is shown:\n{out}");
    }
    assert!(
        out.contains("⚠ OVERDUE condition overdue by 17 days"),
        "{out}"
    );
}

#[test]
fn a_record_whose_submission_hash_does_not_match_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    let rec = record(dir.path(), Some(other));
    let text = check(&rec, "text");
    assert!(
        text.contains(&format!(
            "⚠ HASH MISMATCH the record was made on submission `{other}`"
        )),
        "{text}"
    );
    let html = check(&rec, "html");
    assert!(html.contains("⚠ HASH MISMATCH</span>"));
}

#[test]
fn a_record_beside_the_submission_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("product.json");
    std::fs::copy(FIXTURE, &sub).expect("copy");
    let rec = record(dir.path(), None);
    std::fs::rename(rec, dir.path().join("product.record.toml")).expect("rename");
    let (out, _, _) = assure(&[
        "check",
        sub.to_str().expect("utf-8"),
        "--as-of",
        "2026-11-01",
        "--no-config",
        "--color",
        "never",
    ]);
    assert!(out.contains("Assessment record"), "{out}");
    assert!(out.contains("⚠ OVERDUE"));
    // record init refuses to replace it.
    let (_, err, code) = assure(&[
        "record",
        "init",
        sub.to_str().expect("utf-8"),
        "--no-config",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn a_malformed_record_is_an_error_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[hashes]\nsubmission = \"sha256:00\"\nrules = \"x\"\n\n[[condition]]\nwhat = \"x\"\nowner = \"y\"\ndue = \"soon\"\ncolour = 1\n",
    )
    .expect("write");
    let (_, err, code) = assure(&[
        "check",
        FIXTURE,
        "--no-config",
        "--record",
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.toml:9:1: unknown key `colour`"), "{err}");
    assert!(err.contains("bad.toml:8:7"), "{err}");
    let (_, err, code) = assure(&[
        "check",
        FIXTURE,
        "fixtures/complete-exemplar.json",
        "--no-config",
        "--record",
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("give exactly one submission"), "{err}");
}
