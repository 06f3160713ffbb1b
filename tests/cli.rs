//! The `assure` binary end to end: exit codes, error messages with positions and fixes, and
//! deterministic output across thread counts.

mod common;

use common::{output as assure, output_stdin as assure_stdin, text, write};

use std::path::PathBuf;
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assure-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn misspelt_rule_path_fails_to_load_with_position_and_the_right_path() {
    let dir = temp_dir("badpath");
    write(
        &dir.join("local/typo.toml"),
        "[[rule]]\nid = \"LOCAL-01\"\ntitle = \"CSO named\"\narea = \"clinical-safety\"\nseverity = \"major\"\nfeeds = [\"dtac.C1\"]\ncheck = { path = \"clinical_saftey.cso.name\", empty = false }\n",
    );
    let out = assure(&["check", "-", "--rules", dir.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("typo.toml:7:18"), "{err}");
    assert!(
        err.contains("unknown path `clinical_saftey.cso.name`"),
        "{err}"
    );
    assert!(err.contains("did you mean `clinical_safety`?"), "{err}");
}

#[test]
fn misspelt_top_level_key_exits_2_with_a_suggestion() {
    let out = assure_stdin(
        &["check", "-"],
        br#"{"schema_version": "1", "clinical_saftey": {}}"#,
    );
    assert_eq!(out.status.code(), Some(2));
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(all.contains("unknown field `clinical_saftey`"), "{all}");
    assert!(all.contains("did you mean `clinical_safety`?"), "{all}");
    assert!(all.contains("<stdin>"), "{all}");
}

#[test]
fn truncated_json_exits_2_naming_the_file_and_position() {
    let dir = temp_dir("truncated");
    let file = dir.join("cut.json");
    write(
        &file,
        "{\n  \"schema_version\": \"1\",\n  \"product\": {\"name\": \"X\"",
    );
    let out = assure(&["check", file.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(2));
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(all.contains("cut.json:3:"), "{all}");
    assert!(all.contains("truncated"), "{all}");
}

#[test]
fn hostile_inputs_never_panic() {
    let cases: &[&[u8]] = &[
        b"",
        b"\xff\xfe",
        b"[]",
        b"null",
        b"{\"schema_version\": 1}",
        b"{{{{",
        &[b'['; 10000],
    ];
    for input in cases {
        let out = assure_stdin(&["check", "-"], input);
        assert_eq!(
            out.status.code(),
            Some(2),
            "input {:?}",
            String::from_utf8_lossy(&input[..input.len().min(20)])
        );
        assert!(
            !text(&out.stderr).contains("panicked"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    let out = assure(&["check", "fixtures", "--as-of", "01/11/2026"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn output_is_identical_at_one_and_two_threads() {
    for format in ["text", "json"] {
        let run = |threads: &str| {
            Command::new(env!("CARGO_BIN_EXE_assure"))
                .args([
                    "check",
                    "fixtures",
                    "--as-of",
                    "2026-11-01",
                    "--format",
                    format,
                ])
                .env("RAYON_NUM_THREADS", threads)
                .env("NO_COLOR", "1")
                .output()
                .expect("runs")
        };
        let (one, two) = (run("1"), run("2"));
        assert!(!one.stdout.is_empty());
        assert_eq!(
            one.stdout, two.stdout,
            "{format} output differs between 1 and 2 threads"
        );
        assert_eq!(one.status.code(), two.status.code());
    }
}

#[test]
fn unknown_pack_is_a_usage_error_with_a_suggestion() {
    let out = assure(&["check", "fixtures", "--only", "dtak"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `dtac`?"),
        "{}",
        text(&out.stderr)
    );
}
