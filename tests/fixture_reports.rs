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

/// `assure check FILE --as-of … --format FORMAT EXTRA…`, run to completion.
fn check(file: &Path, format: &str, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_assure"))
        .args([
            "check",
            &file.display().to_string(),
            "--as-of",
            AS_OF,
            "--format",
            format,
        ])
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn run(file: &Path, format: &str) -> (String, Option<i32>) {
    let out = check(file, format, &[]);
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
        insta::assert_snapshot!(format!("json-{}", name(&f)), without_catalogue(value));
    }
}

/// The report with its rule catalogue (the rules' words, the same for every fixture, pinned
/// once by `the_catalogue_holds_every_rules_words`) taken out.
fn without_catalogue(mut value: serde_json::Value) -> String {
    let n = value["rules"]["catalogue"]
        .take()
        .as_array()
        .map_or(0, Vec::len);
    value["rules"]["catalogue"] = format!("<{n} rules>").into();
    let mut text = serde_json::to_string_pretty(&value).expect("the report is JSON");
    text.push('\n');
    text
}

#[test]
fn the_catalogue_holds_every_rules_words() {
    let (json, _) = run(Path::new("fixtures/complete-exemplar.json"), "json");
    let value: serde_json::Value = serde_json::from_str(&json).expect("the report is JSON");
    let catalogue = &value["rules"]["catalogue"];
    assert_eq!(
        catalogue.as_array().map(Vec::len),
        value["rules"]["count"].as_u64().map(|n| n as usize),
        "one entry per rule reported"
    );
    insta::assert_json_snapshot!("json-catalogue", catalogue);
}

/// A brief finding (rule id and outcome) loses nothing: with `--findings full`, every finding
/// that fails, is outstanding or not evaluated is the same, and every brief one is a pass, a
/// trigger that did not fire or a rule that does not apply whose words are its catalogue entry's.
#[test]
fn brief_findings_lose_nothing_that_needs_action() {
    for f in fixtures() {
        let brief = report_with(&f, &[]);
        let full = report_with(&f, &["--findings", "full"]);
        let words: std::collections::HashMap<&str, &serde_json::Value> =
            brief["rules"]["catalogue"]
                .as_array()
                .expect("a catalogue")
                .iter()
                .map(|e| (e["id"].as_str().unwrap_or_default(), e))
                .collect();
        let pairs = brief["reports"][0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .zip(full["reports"][0]["findings"].as_array().expect("findings"));
        let mut briefly = 0;
        for (b, w) in pairs {
            let rule = b["rule"].as_str().unwrap_or_default();
            if b.as_object().is_some_and(|o| o.len() == 2) {
                briefly += 1;
                assert!(
                    ["pass", "not_applicable", "not_fired"]
                        .contains(&b["outcome"].as_str().unwrap_or_default()),
                    "{}: {rule} is {} yet brief",
                    f.display(),
                    b["outcome"]
                );
                assert_eq!(b["outcome"], w["outcome"], "{rule}");
                for key in [
                    "title", "pack", "area", "decision", "part", "severity", "refs", "remedy",
                ] {
                    assert_eq!(words[rule][key], w[key], "{}: {rule}.{key}", f.display());
                }
            } else {
                assert_eq!(
                    b,
                    w,
                    "{}: {rule} needs action and is written in full",
                    f.display()
                );
            }
        }
        assert!(briefly > 0, "{}: something passed briefly", f.display());
        assert_eq!(
            brief["reports"][0]["decisions"],
            full["reports"][0]["decisions"]
        );
    }
}

fn report_with(file: &Path, extra: &[&str]) -> serde_json::Value {
    let out = check(file, "json", extra);
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
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
