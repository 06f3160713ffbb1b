//! A waived finding carries its justification, approver and expiry into every output format, and
//! an expired waiver says so wherever the still-failing finding is shown.

use std::process::Command;

fn check(format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir("tests/data/local-pack")
        .args([
            "check",
            "submission.json",
            "--as-of",
            "2026-11-01",
            "--format",
            format,
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn waivers_appear_in_every_format() {
    let applied = "Redline Assurance";
    let approver = "Dr Amara Okafor";
    for format in ["text", "json", "html", "markdown", "sarif"] {
        let out = check(format);
        assert!(
            out.contains(applied),
            "{format}: the applied waiver's justification is missing"
        );
        assert!(
            out.contains(approver),
            "{format}: the waiver's approver is missing"
        );
        assert!(
            out.contains("2026-12-31"),
            "{format}: the waiver's expiry is missing"
        );
    }
    // The expired waiver (HAZ-03, expired 2026-09-30) no longer applies and says so.
    for format in ["text", "markdown", "html"] {
        let out = check(format);
        assert!(
            out.contains("expired on 2026-09-30"),
            "{format}: the expired waiver is not explained"
        );
    }
    let junit = check("junit");
    assert!(junit.contains("DTAC-C3-02"), "junit lists the waived rule");
}
