//! Point 2: one escaping rule for everything that reaches a terminal or a log, whatever its
//! source: `diff` output, file names (in the batch summary too), flag values, rule and config
//! file paths; bidi controls shown as escapes in HTML and Markdown.

use super::common::{AS_OF, assure_in_dir, fixture, json_bytes, temp_dir};
use super::is_unsafe;
use serde_json::json;

const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{202e}";

#[test]
fn diff_prints_submitted_text_escaped() {
    let dir = temp_dir("diff-escape");
    let mut old = fixture("complete-exemplar.json");
    old["company"]["companies_house_number"] = json!(format!("1234{EVIL}"));
    let mut new = old.clone();
    new["technical_security"]["penetration_test"]["date"] = json!("2020-01-01");
    std::fs::write(dir.join("old.json"), json_bytes(&old)).expect("write");
    std::fs::write(dir.join(format!("new{EVIL}.json")), json_bytes(&new)).expect("write");
    let ran = assure_in_dir(
        &dir,
        &[
            "diff",
            "old.json",
            &format!("new{EVIL}.json"),
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(!ran.all().chars().any(is_unsafe), "{:?}", ran.all());
    assert!(
        ran.stdout.contains("\\u{1b}]0;pwned\\u{7}"),
        "{}",
        ran.stdout
    );
}

#[test]
fn file_names_flags_and_config_paths_are_escaped_on_stderr_and_in_the_summary() {
    let dir = temp_dir("name-escape");
    let good = json_bytes(&fixture("complete-exemplar.json"));
    std::fs::write(dir.join("a\nforged: 0 failing.json"), &good).expect("write");
    std::fs::write(dir.join(format!("b{EVIL}.json")), b"{").expect("write");
    let ran = assure_in_dir(&dir, &["check", ".", "--as-of", AS_OF]);
    assert!(!ran.all().chars().any(is_unsafe), "{:?}", ran.all());
    assert!(
        !ran.stdout.lines().any(|l| l.starts_with("forged")),
        "a file name forged a line: {}",
        ran.stdout
    );
    assert!(ran.stdout.contains("a\\nforged"), "{}", ran.stdout);
    for args in [
        vec!["check", "x.json", "--as-of", EVIL],
        vec!["check", "x.json", "--config", EVIL],
        vec!["check", "x.json", "--waivers", EVIL],
        vec!["check", "x.json", "--rules", EVIL],
        vec!["rules", "explain", EVIL],
        vec!["check", EVIL],
        vec!["check", "x.json", EVIL],
    ] {
        let ran = assure_in_dir(&dir, &args);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.stderr);
        assert!(
            !ran.all().chars().any(is_unsafe),
            "{args:?}: {:?}",
            ran.all()
        );
    }
}

#[test]
fn bidi_controls_are_shown_not_obeyed_in_html_and_markdown() {
    let dir = temp_dir("bidi");
    let mut v = fixture("complete-exemplar.json");
    v["product"]["name"] = json!("Safe\u{202e}LIAF\u{2066}x\u{2069}");
    v["clinical_safety"]["cso"]["registration_body"] = json!("gmc");
    std::fs::write(dir.join("s.json"), json_bytes(&v)).expect("write");
    for format in ["html", "markdown"] {
        let ran = assure_in_dir(
            &dir,
            &["check", "s.json", "--as-of", AS_OF, "--format", format],
        );
        let bidi: Vec<char> = ran
            .stdout
            .chars()
            .filter(|c| {
                ('\u{202a}'..='\u{202e}').contains(c) || ('\u{2066}'..='\u{2069}').contains(c)
            })
            .collect();
        assert!(bidi.is_empty(), "{format}: raw bidi controls {bidi:?}");
        assert!(ran.stdout.contains("u{202e}LIAF"), "{format}");
    }
}
