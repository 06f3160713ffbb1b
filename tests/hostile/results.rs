//! Point 8: results that used to be wrong. An empty JSON Lines input is an error, not a pass;
//! `--rules DIR` that loads nothing is an error; with waivers, JSON Lines and CSV keep input
//! order and carry the waiver summary, as HTML and Markdown do; `1e-400` is not read as 0;
//! SARIF keeps a backslash in a file name; a non-UTF-8 file name is named without loss; one
//! unreadable input gets its message and the closing count line.

use super::common::{AS_OF, Ran, assure_in_dir, command, fixture, json_bytes, run_with, temp_dir};
use serde_json::Value;
use std::os::unix::ffi::OsStrExt;
use std::time::Duration;

/// `assure ARGS` in `dir`, with `stdin` on standard input (a plain run: `assure_in_dir`).
fn run_in(dir: &std::path::Path, args: &[&str], stdin: &[u8]) -> Ran {
    if stdin.is_empty() {
        return assure_in_dir(dir, args);
    }
    let mut cmd = command(args);
    cmd.current_dir(dir);
    run_with(cmd, stdin, Duration::from_secs(120))
}

#[test]
fn empty_json_lines_inputs_and_empty_rule_directories_are_errors() {
    let dir = temp_dir("empty-jsonl");
    std::fs::write(dir.join("empty.jsonl"), b"").expect("write");
    std::fs::write(dir.join("blank.jsonl"), b"\n  \n\r\n").expect("write");
    std::fs::create_dir(dir.join("norules")).expect("mkdir");
    let mut transcript = String::new();
    for (args, stdin) in [
        (&["check", "empty.jsonl", "--as-of", AS_OF][..], &b""[..]),
        (&["check", "blank.jsonl", "--as-of", AS_OF], b""),
        (&["check", "--jsonl", "-", "--as-of", AS_OF], b""),
        (
            &["check", "--rules", "norules", "-", "--as-of", AS_OF],
            b"{}",
        ),
    ] {
        let ran = run_in(&dir, args, stdin);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.stderr);
        transcript.push_str(&format!("{args:?}\n{}", ran.stderr));
    }
    insta::assert_snapshot!("empty_inputs", transcript);
}

#[test]
fn with_waivers_jsonl_and_csv_keep_input_order_and_every_format_summarises_the_waivers() {
    let dir = temp_dir("waiver-order");
    let good = json_bytes(&fixture("complete-exemplar.json"));
    std::fs::write(dir.join("a.json"), &good).expect("write");
    std::fs::write(dir.join("b.json"), b"{").expect("write");
    std::fs::write(dir.join("c.json"), &good).expect("write");
    std::fs::write(
        dir.join("w.toml"),
        "[[waiver]]\nrule = \"DTAC-C3-02\"\ncompany = { legal_name = \"Nobody Ltd\", number = \"00000000\" }\nproduct = \"X\"\njustification = \"j\"\napprover = \"A. Approver\"\nexpires = 2027-01-01\n",
    )
    .expect("write");
    let args = |f: &'static str| {
        vec![
            "check",
            "a.json",
            "b.json",
            "c.json",
            "--as-of",
            AS_OF,
            "--waivers",
            "w.toml",
            "--format",
            f,
        ]
    };
    let jsonl = run_in(&dir, &args("jsonl"), b"");
    let kinds: Vec<String> = jsonl
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l)
                .map(|v| format!("{} {}", v["type"], v["file"]))
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "\"run\" null",
            "\"report\" \"a.json\"",
            "\"error\" \"b.json\"",
            "\"report\" \"c.json\"",
            "\"waivers\" \"w.toml\""
        ]
    );
    let csv = run_in(&dir, &args("csv"), b"");
    let files: Vec<&str> = csv
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    let first_b = files.iter().position(|f| *f == "b.json");
    let first_c = files.iter().position(|f| *f == "c.json");
    assert!(first_b < first_c, "the error row keeps its place");
    assert!(
        csv.stdout.contains("waiver_unmatched"),
        "{}",
        csv.stdout.lines().last().unwrap_or("")
    );
    for format in ["html", "markdown", "text", "json"] {
        let ran = run_in(&dir, &args(format), b"");
        assert!(
            ran.stdout.contains("A. Approver"),
            "{format}: no waiver summary"
        );
        assert!(
            ran.stdout.contains("Nobody Ltd"),
            "{format}: no waiver binding"
        );
    }
}

#[test]
fn a_number_too_small_to_represent_is_not_read_as_zero() {
    let dir = temp_dir("underflow");
    let ran = run_in(
        &dir,
        &["check", "-", "--as-of", AS_OF],
        b"{\"schema_version\": \"1\",\n \"technical_security\": {\"penetration_test\": {\"critical_findings_open\": 1e-400}}}",
    );
    assert_eq!(ran.code, Some(2));
    insta::assert_snapshot!("underflow", ran.stderr);
}

#[test]
fn sarif_keeps_backslashes_and_names_keep_non_utf8_bytes() {
    let dir = temp_dir("names");
    let good = json_bytes(&fixture("complete-exemplar.json"));
    std::fs::write(dir.join("back\\slash.json"), &good).expect("write");
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.json");
    std::fs::write(dir.join(odd), b"{").expect("write");
    let sarif = run_in(
        &dir,
        &[
            "check",
            "back\\slash.json",
            "--as-of",
            AS_OF,
            "--format",
            "sarif",
        ],
        b"",
    );
    assert!(
        sarif.stdout.contains("back%5Cslash.json"),
        "the backslash is percent-encoded"
    );
    assert!(!sarif.stdout.contains("back/slash.json"));
    let mut cmd = command(&["check", "--as-of", AS_OF, "--format", "json"]);
    cmd.arg(odd).current_dir(&*dir);
    let ran = run_with(cmd, b"", Duration::from_secs(60));
    assert!(ran.stderr.contains("caf\\xe9.json"), "{}", ran.stderr);
    assert!(!ran.all().contains('\u{fffd}'), "lossy name: {}", ran.all());
}

#[test]
fn one_unreadable_input_gets_its_message_and_the_closing_line() {
    let dir = temp_dir("one-bad");
    std::fs::write(dir.join("bad.json"), b"{").expect("write");
    let ran = run_in(&dir, &["check", "bad.json", "--as-of", AS_OF], b"");
    assert_eq!(ran.code, Some(2));
    insta::assert_snapshot!("one_unreadable_input", ran.stderr);
}
