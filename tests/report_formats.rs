//! The document formats (HTML, Markdown, SARIF, JUnit) on every fixture and on the whole batch,
//! as of 2026-11-01: insta snapshots of each, SARIF validated against the OASIS SARIF 2.1.0
//! schema (vendored in `tests/data/`), JUnit parsed back with an XML reader and counted against
//! the findings, and a hostile submission whose text must come out escaped everywhere.

use assure::inputs::{self, Input};
use assure::report::{self, Run};
use assure::rules::Outcome;
use jiff::civil::{Date, date};
use serde_json::{Value, json};
use std::path::PathBuf;

const AS_OF: Date = date(2026, 11, 1);

/// Every fixture, in path order. There must be some: an empty directory must not pass quietly.
fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("fixtures/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures/*.json to render");
    files
}

fn check(inputs: &[Input]) -> Run<'static> {
    assure::check_inputs(rules(), inputs, AS_OF)
}

/// The built-in rules, compiled once for every test here (reports borrow their words).
fn rules() -> &'static assure::rules::RuleSet {
    static SET: std::sync::OnceLock<assure::rules::RuleSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| assure::load_rules(&[]).expect("the built-in rules load"))
}

fn stem(p: &std::path::Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// All fixtures plus one input that is not JSON, so the error section is covered too.
fn batch() -> Run<'static> {
    let mut all = inputs::expand(&[PathBuf::from("fixtures")]);
    all.push(Input::Bytes {
        name: "broken.json".into(),
        bytes: b"{\"schema_version\": \"1\",".to_vec(),
    });
    check(&all)
}

/// A submission whose every free-text field tries to break out of its format.
fn hostile() -> Input {
    let doc = json!({
        "schema_version": "1",
        // Not wholly in angle brackets, which would make it a placeholder rather than a name.
        "product": { "name": "Evil <script>alert(1)</script>", "version": "1.0 | `rm -rf` & \"quoted\"" },
        "company": { "legal_name": "Pipe | and `tick` <b>Ltd</b> ]]> \u{7}" }
    });
    Input::Bytes {
        name: "evil<img src=x onerror=alert(2)>|`.json".into(),
        bytes: doc.to_string().into_bytes(),
    }
}

/// Snapshots `render` of each fixture, as `<fixture>.<ext>`, and of the whole fixture batch.
fn snapshot_every_fixture(ext: &str, render: fn(&Run) -> String) {
    for path in fixtures() {
        let run = check(&[Input::Path(path.clone())]);
        insta::assert_snapshot!(format!("{}.{ext}", stem(&path)), render(&run));
    }
    insta::assert_snapshot!(format!("batch.{ext}"), render(&batch()));
}

#[test]
fn html_snapshots() {
    snapshot_every_fixture("html", report::html::render);
}

#[test]
fn markdown_snapshots() {
    snapshot_every_fixture("md", report::markdown::render);
}

#[test]
fn sarif_snapshots() {
    snapshot_every_fixture("sarif", report::sarif::render);
}

#[test]
fn junit_snapshots() {
    snapshot_every_fixture("junit", report::junit::render);
}

/// The vendored schema, compiled. Its two `language` patterns carry a stray `]`
/// (`…-[a-zA-Z]{2}]?$`) that ECMA-262 engines tolerate and Rust's reject, so they are read as
/// meant (`^[a-zA-Z]{2}(-[a-zA-Z]{2})?$`); assure emits no `language`, so nothing else changes.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json")
        .expect("the vendored SARIF schema");
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, run: &Run, what: &str) -> Value {
    let log: Value = serde_json::from_str(&report::sarif::render(run)).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: SARIF does not match the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
    log
}

#[test]
fn sarif_is_valid_and_has_a_result_per_reportable_finding() {
    let validator = sarif_validator();
    let mut runs: Vec<(String, Run)> = fixtures()
        .into_iter()
        .map(|p| (stem(&p), check(&[Input::Path(p)])))
        .collect();
    runs.push(("batch".into(), batch()));
    runs.push(("hostile".into(), check(&[hostile()])));
    for (what, run) in &runs {
        let log = assert_valid_sarif(&validator, run, what);
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(
            log["$schema"],
            "https://json.schemastore.org/sarif-2.1.0.json"
        );
        let sarif = &log["runs"][0];
        let rules = sarif["tool"]["driver"]["rules"].as_array().expect("rules");
        let results = sarif["results"].as_array().expect("results");
        let reportable: Vec<_> = run
            .reports
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| {
                matches!(
                    f.outcome,
                    Outcome::Fail
                        | Outcome::Error
                        | Outcome::Fired
                        | Outcome::Waived
                        | Outcome::Outstanding
                )
            })
            .collect();
        assert_eq!(
            results.len(),
            reportable.len(),
            "{what}: one result per fail, error, outstanding, fired or waived finding"
        );
        for (res, f) in results.iter().zip(&reportable) {
            assert_eq!(res["ruleId"], f.rule, "{what}");
            let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(
                rules[index]["id"], f.rule,
                "{what}: ruleIndex points at the rule"
            );
            if let Some(l) = &f.location {
                let region = &res["locations"][0]["physicalLocation"]["region"];
                assert_eq!(region["startLine"], l.line, "{what} {}", f.rule);
                assert_eq!(region["startColumn"], l.column, "{what} {}", f.rule);
            }
            let level = res["level"].as_str().expect("level");
            if f.outcome == Outcome::Fired {
                assert_eq!(level, "note", "{what}: fired triggers are notes");
            }
        }
    }
}

#[test]
fn junit_parses_and_counts_a_testcase_per_finding() {
    let mut runs: Vec<(String, Run)> = fixtures()
        .into_iter()
        .map(|p| (stem(&p), check(&[Input::Path(p)])))
        .collect();
    runs.push(("batch".into(), batch()));
    runs.push(("hostile".into(), check(&[hostile()])));
    for (what, run) in &runs {
        let xml = report::junit::render(run);
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{what}: JUnit is not well-formed XML: {e}"));
        let suites: Vec<_> = doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        assert_eq!(
            suites.len(),
            run.reports.len() + run.errors.len(),
            "{what}: a suite per input"
        );
        for (suite, r) in suites.iter().zip(&run.reports) {
            let cases: Vec<_> = suite
                .children()
                .filter(|n| n.has_tag_name("testcase"))
                .collect();
            assert_eq!(
                cases.len(),
                r.findings.len(),
                "{what}: a testcase per finding"
            );
            let with = |tag: &str| {
                cases
                    .iter()
                    .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
                    .count()
            };
            // An advisory failure (ATRS outside its mandatory scope) is skipped, not failed.
            let advisory = r
                .findings
                .iter()
                .filter(|f| f.advisory && f.outcome == Outcome::Fail)
                .count();
            let c = &r.counts;
            assert_eq!(with("failure"), c.fail - advisory, "{what}: failures");
            assert_eq!(with("error"), c.error, "{what}: errors");
            assert_eq!(
                with("skipped"),
                c.not_applicable
                    + c.not_fired
                    + c.waived
                    + c.outstanding
                    + c.not_evaluated
                    + advisory,
                "{what}: skipped"
            );
            assert_eq!(
                suite.attribute("tests"),
                Some(r.findings.len().to_string().as_str())
            );
            assert_eq!(
                suite.attribute("failures"),
                Some((c.fail - advisory).to_string().as_str())
            );
        }
    }
}

#[test]
fn submission_text_is_escaped_in_html() {
    let run = check(&[hostile(), Input::Path(fixtures()[0].clone())]);
    let html = report::html::render(&run);
    assert!(
        !html.contains("<script>alert(1)"),
        "the product name became markup"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the product name is shown as text"
    );
    assert!(!html.contains("<img src=x"), "the file name became markup");
    assert!(!html.contains("<b>Ltd"), "the supplier became markup");
    assert!(html.contains("Pipe | and `tick` &lt;b&gt;Ltd&lt;/b&gt;"));
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert!(!html.contains('\u{7}'), "control characters are replaced");
}

#[test]
fn submission_text_is_escaped_in_markdown() {
    let run = check(&[hostile(), Input::Path(fixtures()[0].clone())]);
    let md = report::markdown::render(&run);
    assert!(!md.contains("<script>"), "the product name became markup");
    assert!(md.contains(r"\<script\>alert(1)\</script\>"), "{md}");
    let bare = outside_code(&md).replace(r"\<", "");
    assert!(
        !bare.contains("<img"),
        "the file name became markup outside a code span:\n{bare}"
    );
    assert!(md.contains(r"Pipe \| and \`tick\` \<b\>Ltd\</b\>"), "{md}");
    // Every row of every table has as many unescaped pipes as its header.
    let mut header_pipes = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_pipes = None;
            continue;
        }
        let pipes = line.replace(r"\|", "").matches('|').count();
        match header_pipes {
            None => header_pipes = Some(pipes),
            Some(n) => assert_eq!(pipes, n, "a table row has extra cells: {line}"),
        }
    }
}

/// The text of a Markdown document with its code spans (whose content is literal) removed.
/// A backslash-escaped backtick is text, not a fence.
fn outside_code(md: &str) -> String {
    let chars: Vec<char> = md.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                out.extend(chars.get(i..(i + 2).min(chars.len())).unwrap_or_default());
                i += 2;
            }
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                let fence: String = "`".repeat(run);
                let after: String = chars[i + run..].iter().collect();
                match after.find(&fence) {
                    Some(end) => i += run + after[..end].chars().count() + run,
                    None => {
                        out.push_str(&fence);
                        i += run;
                    }
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[test]
fn a_single_submission_has_no_dashboard_and_a_batch_has_one() {
    let single = report::html::render(&check(&[Input::Path(fixtures()[0].clone())]));
    assert!(!single.contains("id=\"heatmap\"") && single.contains("data-chart=\"decisions\""));
    let many = report::html::render(&batch());
    assert!(
        many.contains("id=\"heatmap\"")
            && many.contains("id=\"submissions-table\"")
            && many.contains("id=\"input-errors\"")
    );
    assert_eq!(many.matches("<h1").count(), 1);
}

#[test]
fn renderers_are_deterministic() {
    let (a, b) = (batch(), batch());
    assert_eq!(report::html::render(&a), report::html::render(&b));
    assert_eq!(report::sarif::render(&a), report::sarif::render(&b));
}

#[test]
fn the_binary_renders_each_format_with_the_usual_exit_codes() {
    let fixture = fixtures()[0].clone();
    for (format, start) in [
        ("html", "<!DOCTYPE html>"),
        ("markdown", "# NHS assurance report"),
        ("sarif", "{"),
        ("junit", "<?xml"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_assure"))
            .args(["check", "--as-of", "2026-11-01", "--format", format])
            .arg(&fixture)
            .output()
            .expect("the binary runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.starts_with(start),
            "--format {format} starts with {start:?}:\n{text}"
        );
        let library = check(&[Input::Path(fixture.clone())]);
        let failed = library
            .reports
            .iter()
            .any(|r| r.fails_at(assure::rules::Severity::Major));
        assert_eq!(
            out.status.code(),
            Some(i32::from(failed)),
            "--format {format} keeps the exit code"
        );
    }
}
