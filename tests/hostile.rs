//! Hostile inputs: each gets a clear error or safe output, in bounded time and memory, and in a
//! batch every other input is still reported. Messages are snapshotted as a user sees them: the
//! exit code and standard error of `assure check --format json` (where every input error is
//! printed to stderr; the report itself goes to stdout and is asserted on separately).

mod common;
#[path = "hostile/escaping.rs"]
mod escaping;
#[path = "hostile/limits.rs"]
mod limits;
#[path = "hostile/messages.rs"]
mod messages;
#[path = "hostile/outputs.rs"]
mod outputs;
#[path = "hostile/redaction.rs"]
mod redaction;
#[path = "hostile/results.rs"]
mod results;
#[path = "hostile/waivers.rs"]
mod waivers;
#[path = "hostile/walking.rs"]
mod walking;

use common::{AS_OF, Ran, assure, assure_stdin, fixture, json_bytes, temp_dir};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// `assure check - --format json` on `input`, transcript scrubbed of nothing.
fn check_stdin(input: &[u8]) -> Ran {
    assure_stdin(&["check", "-", "--as-of", AS_OF, "--format", "json"], input)
}

fn check_path(path: &Path) -> Ran {
    let p = path.display().to_string();
    assure(&["check", &p, "--as-of", AS_OF, "--format", "json"])
}

fn no_panic(ran: &Ran) {
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    assert!(ran.code.is_some(), "killed by a signal: {}", ran.stderr);
}

/// The report on stdout, which must be valid JSON even when inputs failed.
fn report(ran: &Ran) -> Value {
    serde_json::from_str(&ran.stdout).expect("stdout is a JSON report")
}

/// The size of the JSON report on stdout without its rule catalogue (the rules' words, the same
/// whatever the input): what the input itself made the report say.
fn said_of_the_input(ran: &Ran) -> usize {
    let mut v = report(ran);
    let words = v["rules"]["catalogue"].take();
    assert!(
        words.as_array().is_some_and(|c| !c.is_empty()),
        "the catalogue is written"
    );
    v.to_string().len()
}

// ---------------------------------------------------------------------------------------------
// Bytes and JSON

#[test]
fn invalid_utf8_names_the_position() {
    let ran =
        check_stdin(b"{\n  \"schema_version\": \"1\",\n  \"product\": {\"name\": \"Caf\xe9\"}\n}");
    no_panic(&ran);
    insta::assert_snapshot!("invalid_utf8", ran.transcript(Path::new("/")));
}

#[test]
fn a_byte_order_mark_is_accepted_and_the_hash_covers_it() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(json_bytes(&fixture("complete-exemplar.json")));
    let ran = check_stdin(&bytes);
    no_panic(&ran);
    insta::assert_snapshot!("byte_order_mark", ran.transcript(Path::new("/")));
    let r = report(&ran);
    assert_eq!(r["reports"][0]["decisions"][0]["status"], "met");
    let hash = assure::submission::sha256_hex(&bytes);
    assert_eq!(r["reports"][0]["input_hash"], json!(hash));
}

#[test]
fn truncated_json_says_it_is_truncated() {
    let ran = check_stdin(b"{\n  \"schema_version\": \"1\",\n  \"product\": {\"name\": \"X\"");
    no_panic(&ran);
    insta::assert_snapshot!("truncated", ran.transcript(Path::new("/")));
}

#[test]
fn a_raw_control_character_in_a_string_gets_its_own_fix() {
    let ran = check_stdin(b"{\"schema_version\": \"1\", \"product\": {\"name\": \"a\tb\"}}");
    no_panic(&ran);
    insta::assert_snapshot!("raw_control_character", ran.transcript(Path::new("/")));
}

#[test]
fn a_huge_value_of_the_wrong_type_gives_a_short_message() {
    let text = format!(
        "{{\"schema_version\": \"1\", \"clinical_safety\": {{\"hazard_log\": {{\"hazards\": [{{\"initial\": {{\"likelihood\": \"{}\"}}}}]}}}}}}",
        "9".repeat(5_000_000)
    );
    let ran = check_stdin(text.as_bytes());
    no_panic(&ran);
    assert!(
        ran.stderr.len() < 1000,
        "{} bytes of stderr",
        ran.stderr.len()
    );
    let said = said_of_the_input(&ran);
    assert!(said < 4000, "{said} bytes of report");
    insta::assert_snapshot!("huge_wrong_type", ran.transcript(Path::new("/")));
}

#[test]
fn empty_input_is_an_error_not_a_pass() {
    let ran = check_stdin(b"\n  \n");
    no_panic(&ran);
    insta::assert_snapshot!("empty_input", ran.transcript(Path::new("/")));
}

#[test]
fn nesting_100000_deep_is_refused_without_overflowing_the_stack() {
    for (name, open, close) in [("deep_arrays", "[", "]"), ("deep_objects", "{\"a\":", "}")] {
        let mut text = open.repeat(100_000);
        text.push('1');
        text.push_str(&close.repeat(100_000));
        let ran = check_stdin(text.as_bytes());
        no_panic(&ran);
        assert!(ran.elapsed < Duration::from_secs(20), "{:?}", ran.elapsed);
        insta::assert_snapshot!(name, ran.transcript(Path::new("/")));
    }
}

#[test]
fn nesting_within_the_limit_inside_a_field_is_a_schema_error() {
    let deep = format!("{}\"x\"{}", "[".repeat(120), "]".repeat(120));
    let text = format!("{{\"schema_version\": \"1\", \"product\": {{\"name\": {deep}}}}}");
    let ran = check_stdin(text.as_bytes());
    no_panic(&ran);
    insta::assert_snapshot!("deep_in_a_field", ran.transcript(Path::new("/")));
}

#[test]
fn numbers_out_of_range_are_refused_clearly() {
    let cases: &[(&str, &str)] = &[
        ("number_1e400", "1e400"),
        ("number_huge_integer", "123456789012345678901234567890"),
        ("number_negative_huge", "-1e300"),
        ("number_underflow", "1e-400"),
        ("number_fraction", "2.5"),
    ];
    for (name, n) in cases {
        let text = format!(
            "{{\"schema_version\": \"1\", \"clinical_safety\": {{\"hazard_log\": {{\"hazards\": [\n  {{\"id\": \"H-1\", \"initial\": {{\"likelihood\": {n}}}}}\n]}}}}}}"
        );
        let ran = check_stdin(text.as_bytes());
        no_panic(&ran);
        assert_eq!(ran.code, Some(2), "{name}: {}", ran.stderr);
        insta::assert_snapshot!(*name, ran.transcript(Path::new("/")));
    }
}

#[test]
fn duplicate_keys_are_refused_naming_the_key_and_where() {
    let top = b"{\n  \"schema_version\": \"1\",\n  \"schema_version\": \"1\"\n}";
    let nested = br#"{"schema_version": "1", "clinical_safety": {"hazard_log": {"hazards": [
  {"id": "H-1"},
  {"id": "H-2", "initial": {"likelihood": 1, "severity": 2, "likelihood": 5}}
]}}}"#;
    for (name, input) in [
        ("duplicate_top", &top[..]),
        ("duplicate_nested", &nested[..]),
    ] {
        let ran = check_stdin(input);
        no_panic(&ran);
        assert_eq!(ran.code, Some(2));
        insta::assert_snapshot!(name, ran.transcript(Path::new("/")));
    }
}

// ---------------------------------------------------------------------------------------------
// Strings: NUL, control characters, bidi overrides and HTML everywhere

const NASTY: &str = "\u{0}NUL \u{1b}[31mRED\u{1b}[0m\r\n<script>alert('x')</script> \u{202e}exe.txt\u{7} =HYPERLINK(\"http://x\")";

/// The fixture with every free-text string (no enum, format, pattern or const) replaced by
/// [`NASTY`], and a GMC registration number that will fail and be quoted in the report.
fn nasty_submission() -> Value {
    let schema = assure::schema::Schema::submission();
    let mut v = fixture("complete-exemplar.json");
    replace_strings(schema, schema.root(), &mut v);
    v["clinical_safety"]["cso"]["registration_body"] = json!("gmc");
    v
}

fn replace_strings(schema: &assure::schema::Schema, node: &Value, v: &mut Value) {
    let node = schema.resolve(node);
    match v {
        Value::String(s) if free_text(node) => *s = NASTY.to_owned(),
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if let Some(child) = schema.property(node, k) {
                    replace_strings(schema, child, x);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.items(node) {
                for x in items {
                    replace_strings(schema, item, x);
                }
            }
        }
        _ => {}
    }
}

/// Whether a string field of the schema takes any text (no enum, format, pattern or const).
fn free_text(node: &Value) -> bool {
    !["enum", "format", "pattern", "const"]
        .iter()
        .any(|k| node.get(k).is_some())
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)
}

#[test]
fn control_characters_and_html_in_every_string_are_printed_safely() {
    let dir = temp_dir("nasty");
    let file = dir.join("nasty.json");
    std::fs::write(&file, json_bytes(&nasty_submission())).expect("write");
    let f = file.display().to_string();

    let text = assure(&["check", &f, "--as-of", AS_OF]);
    no_panic(&text);
    let bad: Vec<char> = text.all().chars().filter(|&c| is_unsafe(c)).collect();
    assert!(
        bad.is_empty(),
        "raw control characters in text output: {bad:?}"
    );
    // The failing registration number is quoted, escaped, on one line.
    let finding: Vec<&str> = text
        .stdout
        .lines()
        .skip_while(|l| !l.contains("DCB0129-CSO-02"))
        .take(2)
        .collect();
    insta::assert_snapshot!("nasty_text_finding", finding.join("\n"));
    let header: Vec<&str> = text.stdout.lines().skip(2).take(2).collect();
    insta::assert_snapshot!("nasty_text_header", header.join("\n").replace(&f, "<file>"));

    // JSON keeps the values exactly (escaped by JSON itself) so tools see what was submitted.
    let json = assure(&["check", &f, "--as-of", AS_OF, "--format", "json"]);
    no_panic(&json);
    assert!(!json.stdout.chars().any(|c| c.is_control() && c != '\n'));
    let r = report(&json);
    let cso = r["reports"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "DCB0129-CSO-02")
        .expect("the CSO registration rule ran");
    assert_eq!(cso["outcome"], "fail");
    assert_eq!(cso["observed"], json!(NASTY));
    assert_eq!(r["reports"][0]["submission"]["product"], json!(NASTY));
}

#[test]
fn an_unknown_key_with_escape_sequences_is_printed_escaped() {
    let input = r#"{"schema_version": "1", "\u001b[2J\u202eevil": 1}"#;
    for format in ["text", "json"] {
        let ran = assure_stdin(&["check", "-", "--format", format], input.as_bytes());
        no_panic(&ran);
        let printed = if format == "text" {
            &ran.stdout
        } else {
            &ran.stderr
        };
        assert!(!printed.chars().any(is_unsafe), "{format}: {printed:?}");
        assert!(printed.contains("\\u{1b}[2J\\u{202e}evil"), "{printed}");
        if format == "json" {
            insta::assert_snapshot!("escaped_unknown_key", ran.transcript(Path::new("/")));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Size: bounded time and memory

/// `assure ARGS` run under `/usr/bin/time`, which writes the peak resident memory to `stats`.
fn under_time(stats: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new("/usr/bin/time");
    cmd.arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(stats)
        .arg(env!("CARGO_BIN_EXE_assure"))
        .args(args)
        .env("NO_COLOR", "1");
    cmd
}

/// The peak resident memory, in bytes, that [`under_time`] recorded.
fn peak_rss(stats: &Path) -> u64 {
    let kb: u64 = std::fs::read_to_string(stats)
        .expect("/usr/bin/time wrote its report (scripts/test installs it)")
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("peak RSS in KB");
    kb * 1024
}

/// Runs `assure check FILE --format json` under `/usr/bin/time`, returning the run and the
/// child's peak resident memory in bytes.
fn measured(file: &Path, limit: Duration) -> (Ran, u64) {
    let stats = file.with_extension("time");
    let f = file.display().to_string();
    let args = [
        "check",
        &f,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--max-input-size",
        "1GiB",
    ];
    let cmd = under_time(&stats, &args);
    let ran = common::run_with(cmd, b"", limit);
    (ran, peak_rss(&stats))
}

#[test]
fn a_200_mb_submission_completes_in_bounded_time_and_memory() {
    let dir = temp_dir("huge");
    let file = dir.join("huge.json");
    let mut v = fixture("complete-exemplar.json");
    v["product"]["description"] = json!("ab".repeat(100 * 1024 * 1024));
    std::fs::write(&file, serde_json::to_vec(&v).expect("serialise")).expect("write");
    drop(v);
    let size = std::fs::metadata(&file).expect("size").len();
    let (ran, rss) = measured(&file, Duration::from_secs(180));
    let _ = std::fs::remove_dir_all(&dir);
    no_panic(&ran);
    insta::assert_snapshot!("huge_description", ran.transcript(&dir));
    assert_eq!(report(&ran)["reports"][0]["decisions"][0]["status"], "met");
    // The text is kept once for positions and once inside the parsed value; nothing else
    // holds a copy.
    assert!(
        rss < size * 3,
        "peak RSS {} MB for a {} MB submission",
        rss >> 20,
        size >> 20
    );
    eprintln!(
        "200 MB submission: {:?}, peak RSS {} MB",
        ran.elapsed,
        rss >> 20
    );
}

#[test]
fn a_multi_gigabyte_json_lines_stream_runs_in_bounded_memory() {
    const GIB: usize = 1 << 30;
    let dir = temp_dir("stream");
    let stats = dir.join("time");
    let good = String::from_utf8(json_bytes(&fixture("appointment-booking.json")))
        .expect("UTF-8")
        .replace('\n', "");
    let args = [
        "check", "--jsonl", "-", "--as-of", AS_OF, "--format", "jsonl",
    ];
    let cmd = under_time(&stats, &args);
    // Line 1 good; line 2 a 2 GiB string with no line break until its end; lines 3-4 good.
    let feed = move |input: &mut std::process::ChildStdin| {
        input.write_all(format!("{good}\n{{\"schema_version\": \"1\", \"x\": \"").as_bytes())?;
        let block = vec![b'x'; 1 << 20];
        for _ in 0..(2 * GIB / block.len()) {
            input.write_all(&block)?;
        }
        input.write_all(format!("\"}}\n{good}\n{good}\n").as_bytes())
    };
    let ran = common::run_fed(cmd, feed, Duration::from_secs(300));
    no_panic(&ran);
    let rss = peak_rss(&stats);
    insta::assert_snapshot!("multi_gigabyte_stream", ran.transcript(&dir));
    let kinds: Vec<String> = ran
        .stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("each output line is JSON");
            format!("{} {}", v["type"], v["file"])
        })
        .collect();
    insta::assert_snapshot!("multi_gigabyte_stream_lines", kinds.join("\n"));
    // Memory is bounded by the 64 MiB line limit, not by the 2 GiB line: the line buffer
    // grows by doubling to 128 MiB (briefly beside its 64 MiB predecessor), then the rest of
    // the line is skipped a MiB at a time. Holding the line would take over 2 GiB.
    assert!(rss < 320 << 20, "peak RSS {} MB", rss >> 20);
    eprintln!("2 GiB stream: {:?}, peak RSS {} MB", ran.elapsed, rss >> 20);
}

#[test]
fn a_huge_hazard_log_is_evaluated_in_linear_time() {
    let dir = temp_dir("hazards");
    let file = dir.join("hazards.json");
    let mut v = fixture("complete-exemplar.json");
    let hazards = v["clinical_safety"]["hazard_log"]["hazards"]
        .as_array()
        .expect("hazards")
        .clone();
    // About 20 MB: one hazard in three has a risk that disagrees with the matrix.
    let many: Vec<Value> = (0..16_000)
        .map(|i| {
            let mut h = hazards[i % hazards.len()].clone();
            h["id"] = json!(format!("H-{i}"));
            if i % 3 == 0 {
                h["initial"]["risk"] = json!(1);
            }
            h
        })
        .collect();
    v["clinical_safety"]["hazard_log"]["hazards"] = Value::Array(many);
    std::fs::write(&file, serde_json::to_vec(&v).expect("serialise")).expect("write");
    let size = std::fs::metadata(&file).expect("size").len();
    let (ran, rss) = measured(&file, Duration::from_secs(120));
    let _ = std::fs::remove_dir_all(&dir);
    no_panic(&ran);
    let r = report(&ran);
    let matrix = r["reports"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            f["outcome"] == "fail" && f["message"].as_str().is_some_and(|m| m.contains("more)"))
        })
        .expect("a hazard rule failed on many hazards");
    assert!(
        matrix["evidence"].as_array().is_some_and(|e| e.len() <= 25),
        "evidence is capped"
    );
    // Many small objects: the parsed value costs several times the text (measured 11.8x with the
    // 295 rules of the corrected packs: about 155 MB of parse and report, 9 MB of hazard-rule work).
    assert!(
        rss < size * 13,
        "peak RSS {} MB for {} MB",
        rss >> 20,
        size >> 20
    );
}

// ---------------------------------------------------------------------------------------------
// Rules

fn check_with_rules(name: &str, toml: &str) -> (Ran, common::TempDir) {
    let dir = temp_dir(name);
    let rules = dir.join("rules/local/rule.toml");
    std::fs::create_dir_all(rules.parent().expect("parent")).expect("mkdir");
    std::fs::write(&rules, toml).expect("write rules");
    let sub = dir.join("sub.json");
    let mut v = fixture("complete-exemplar.json");
    v["product"]["name"] = json!(format!("{}!", "a".repeat(100_000)));
    std::fs::write(&sub, json_bytes(&v)).expect("write");
    let r = dir.join("rules").display().to_string();
    let s = sub.display().to_string();
    let ran = assure(&[
        "check", &s, "--as-of", AS_OF, "--format", "json", "--rules", &r,
    ]);
    (ran, dir)
}

const RULE_HEAD: &str = "[[rule]]\ntitle = \"t\"\narea = \"clinical-safety\"\nseverity = \"minor\"\nfeeds = [\"dcb0129.2\"]\n";

#[test]
fn a_regex_over_the_size_limit_is_a_clear_load_error() {
    let toml = format!(
        "{RULE_HEAD}id = \"LOCAL-RE\"\ncheck = {{ path = \"product.name\", matches = '(?:a{{1000}}){{1000}}' }}\n"
    );
    let (ran, dir) = check_with_rules("regex-size", &toml);
    no_panic(&ran);
    assert_eq!(ran.code, Some(2));
    insta::assert_snapshot!("regex_too_big", ran.transcript(&dir));
}

#[test]
fn a_backtracking_shaped_regex_runs_in_linear_time() {
    let toml = format!(
        "{RULE_HEAD}id = \"LOCAL-RE\"\ncheck = {{ path = \"product.name\", matches = '^(a+)+$' }}\n"
    );
    let (ran, _dir) = check_with_rules("regex-nested", &toml);
    no_panic(&ran);
    assert!(ran.elapsed < Duration::from_secs(20), "{:?}", ran.elapsed);
    let r = report(&ran);
    let f = r["reports"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "LOCAL-RE")
        .expect("the local rule ran");
    assert_eq!(f["outcome"], "fail");
}

#[test]
fn a_rule_dependency_cycle_is_a_load_error_naming_the_cycle() {
    let toml = format!(
        "{RULE_HEAD}id = \"LOCAL-A\"\nkind = \"trigger\"\ncheck = {{ rule = \"LOCAL-B\", outcome = \"fired\" }}\n\n\
         {RULE_HEAD}id = \"LOCAL-B\"\nkind = \"trigger\"\ncheck = {{ rule = \"LOCAL-C\", outcome = \"fired\" }}\n\n\
         {RULE_HEAD}id = \"LOCAL-C\"\nkind = \"trigger\"\ncheck = {{ rule = \"LOCAL-A\", outcome = \"not_fired\" }}\n"
    );
    let (ran, dir) = check_with_rules("cycle", &toml);
    no_panic(&ran);
    assert_eq!(ran.code, Some(2));
    insta::assert_snapshot!("rule_cycle", ran.transcript(&dir));
}

// ---------------------------------------------------------------------------------------------
// Files and directories: every input accounted for

#[cfg(unix)]
#[test]
fn a_batch_with_loops_fifos_and_broken_files_still_reports_every_good_one() {
    let dir = temp_dir("batch");
    let root = dir.join("in");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    let good = json_bytes(&fixture("complete-exemplar.json"));
    std::fs::write(root.join("a-good.json"), &good).expect("write");
    std::fs::write(root.join("sub/z-good.json"), &good).expect("write");
    std::fs::write(
        root.join("b-not-utf8.json"),
        b"{\"schema_version\": \"\xff\"}",
    )
    .expect("w");
    std::fs::write(
        root.join("c-truncated.json"),
        b"{\"schema_version\": \"1\",",
    )
    .expect("w");
    std::fs::write(
        root.join("d-duplicate.json"),
        b"{\"schema_version\": \"1\", \"schema_version\": \"1\"}",
    )
    .expect("w");
    std::fs::write(root.join("e-empty.json"), b"").expect("w");
    std::fs::write(root.join("ignored.txt"), b"not json").expect("w");
    std::fs::create_dir_all(root.join("f-directory.json")).expect("mkdir");
    std::os::unix::fs::symlink("nowhere.json", root.join("g-dangling.json")).expect("symlink");
    std::os::unix::fs::symlink("..", root.join("sub/loop")).expect("symlink");
    let fifo = root.join("h-fifo.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());

    let ran = check_path(&root);
    no_panic(&ran);
    assert_eq!(ran.code, Some(2), "input errors exit 2");
    insta::assert_snapshot!("batch_errors", ran.transcript(&dir));
    let r = report(&ran);
    let files = common::report_files(&r);
    let dir_text = dir.display().to_string();
    let files: Vec<String> = files
        .iter()
        .map(|f| f.replace(&dir_text, "<tmp>"))
        .collect();
    assert_eq!(
        files,
        vec!["<tmp>/in/a-good.json", "<tmp>/in/sub/z-good.json"],
        "each good file reported once, the loop not followed"
    );
    assert_eq!(r["errors"].as_array().map(Vec::len), Some(7));
}

#[test]
fn a_directory_without_submissions_is_an_error() {
    let dir = temp_dir("empty-dir");
    let named = dir.join("looks-like.json");
    std::fs::create_dir_all(&named).expect("mkdir");
    let ran = check_path(&named);
    no_panic(&ran);
    assert_eq!(ran.code, Some(2));
    insta::assert_snapshot!("empty_directory", ran.transcript(&dir));
}

// Spreadsheet formulas in CSV output

/// A cell a spreadsheet would evaluate: one starting with `=`, `+`, `-`, `@`, tab or CR.
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[test]
fn formula_prefixes_are_neutralised_in_csv_output() {
    let dir = temp_dir("formulas");
    let mut v = fixture("complete-exemplar.json");
    v["product"]["name"] = json!("=HYPERLINK(\"http://evil.example\",\"open\")");
    v["company"]["legal_name"] = json!("+44 20 7946 0000");
    v["submission"]["id"] = json!("@SUM(A1:A9)");
    std::fs::write(dir.join("=cmd.json"), json_bytes(&v)).expect("write");
    std::fs::write(dir.join("-broken.json"), b"{\"schema_version\": ").expect("write");
    // Relative names, so the file column starts with the formula characters too.
    let mut cmd = common::command(&["check", "--as-of", AS_OF, "--format", "csv", "--"]);
    cmd.args(["=cmd.json", "-broken.json"]).current_dir(&*dir);
    let ran = common::run_with(cmd, b"", Duration::from_secs(120));
    no_panic(&ran);
    assert_eq!(ran.code, Some(2), "one input could not be read");
    let mut rows = ::csv::Reader::from_reader(ran.stdout.as_bytes());
    let rows: Vec<::csv::StringRecord> = rows.records().map(|r| r.expect("csv row")).collect();
    assert!(rows.len() > 200, "a row per rule plus the broken file");
    let live: Vec<&str> = rows.iter().flatten().filter(|c| is_formula(c)).collect();
    assert!(
        live.is_empty(),
        "cells a spreadsheet would evaluate: {live:?}"
    );

    // The values are kept, behind the apostrophe a spreadsheet shows as text.
    let first = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "DTAC-C3-04"))
        .expect("a finding row");
    let broken = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "not_checked"))
        .expect("the broken file's row");
    let shown = |r: &::csv::StringRecord| r.iter().collect::<Vec<_>>().join(" | ");
    insta::assert_snapshot!(
        "csv_formulas",
        format!("{}\n{}", shown(first), shown(broken))
    );
}
