//! Point 9: messages that name the real problem and a fix: a lone surrogate, UTF-16 text,
//! out-of-range integers shown as written, a five-million-character key cut short, a key with
//! a look-alike letter, a pretty-printed document given as JSON Lines, and permission,
//! directory and symlink-loop errors in plain words.

use super::common::{AS_OF, Ran, assure_in_dir, command, run_with, temp_dir};
use std::time::Duration;

fn check_stdin(args: &[&str], input: &[u8]) -> Ran {
    let mut all = vec!["check", "--as-of", AS_OF, "--format", "json"];
    all.extend_from_slice(args);
    run_with(command(&all), input, Duration::from_secs(60))
}

#[test]
fn messages_name_the_real_problem() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "{\"schema_version\": \"1\"}".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let long_key = format!(
        "{{\"schema_version\": \"1\", \"{}\": 1}}",
        "k".repeat(5_000_000)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("lone surrogate", br#"{"schema_version": "1", "product": {"name": "\ud800"}}"#.to_vec()),
        ("UTF-16", utf16),
        ("huge negative integer", br#"{"schema_version": "1", "processing": {"data_subject_count": -9223372036854775809}}"#.to_vec()),
        ("homoglyph key", "{\"schema_version\": \"1\", \"product\": {\"n\u{430}me\": \"X\"}}".as_bytes().to_vec()),
        ("long key", long_key.into_bytes()),
    ];
    let mut transcript = String::new();
    for (name, input) in cases {
        let ran = check_stdin(&["-"], &input);
        assert_eq!(ran.code, Some(2), "{name}");
        assert!(
            ran.stderr.len() < 2_000,
            "{name}: {} bytes of stderr",
            ran.stderr.len()
        );
        transcript.push_str(&format!("## {name}\n{}", ran.stderr));
    }
    let pretty =
        b"{\n  \"schema_version\": \"1\",\n  \"product\": {\n    \"name\": \"X\"\n  }\n}\n";
    let ran = check_stdin(&["--jsonl", "-"], pretty);
    assert_eq!(
        ran.stderr
            .lines()
            .filter(|l| l.starts_with("error"))
            .count(),
        1,
        "{}",
        ran.stderr
    );
    transcript.push_str(&format!("## pretty-printed JSON Lines\n{}", ran.stderr));
    insta::assert_snapshot!("messages", transcript);
}

#[test]
fn file_errors_say_what_to_do() {
    let dir = temp_dir("file-errors");
    std::os::unix::fs::symlink("loop-b.json", dir.join("loop-a.json")).expect("symlink");
    std::os::unix::fs::symlink("loop-a.json", dir.join("loop-b.json")).expect("symlink");
    std::fs::create_dir(dir.join("conf.toml")).expect("mkdir");
    let mut transcript = String::new();
    for args in [
        &["check", "loop-a.json", "--as-of", AS_OF][..],
        &["check", "x.json", "--config", "conf.toml"],
        &["diff", "conf.toml", "loop-a.json"],
    ] {
        let ran = assure_in_dir(&dir, args);
        assert_eq!(ran.code, Some(2), "{args:?}");
        transcript.push_str(&ran.transcript(&dir));
    }
    insta::assert_snapshot!("file_errors", transcript);
}
