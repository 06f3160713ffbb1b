//! The report of every fixture, as a person and a tool would read it: text and JSON snapshots at
//! a fixed as-of date, and the JSON validated against `schemas/report.schema.json`.

use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-11-01";

fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("fixtures/ exists")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    assert!(
        out.len() >= 4,
        "expected at least four fixtures, found {}",
        out.len()
    );
    out
}

fn run(file: &Path, format: &str) -> (String, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args([
            "check",
            &file.display().to_string(),
            "--as-of",
            AS_OF,
            "--format",
            format,
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(
        out.stderr.is_empty() || format == "text",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

fn name(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn text_reports() {
    for f in fixtures() {
        let (text, code) = run(&f, "text");
        assert!(
            matches!(code, Some(0 | 1)),
            "{} exited {code:?}",
            f.display()
        );
        insta::assert_snapshot!(format!("text-{}", name(&f)), text);
    }
}

#[test]
fn json_reports_follow_the_report_schema() {
    let validator = &assure::schema::Schema::report().validator;
    for f in fixtures() {
        let (json, _) = run(&f, "json");
        let value: serde_json::Value = serde_json::from_str(&json).expect("the report is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {}", f.display(), errors.join("\n"));
        insta::assert_snapshot!(format!("json-{}", name(&f)), json);
    }
}

#[test]
fn a_failing_blocker_exits_1_and_the_exemplar_exits_0() {
    let (_, code) = run(Path::new("fixtures/complete-exemplar.json"), "text");
    assert_eq!(code, Some(0));
    let (text, code) = run(Path::new("fixtures/ai-symptom-checker.json"), "text");
    assert_eq!(code, Some(1));
    assert!(text.contains("✗ FAIL  blocker"), "{text}");
    assert!(text.contains("fixtures/ai-symptom-checker.json:"), "{text}");
}
