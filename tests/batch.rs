//! Batch review end to end: JSON Lines with a bad record in the middle, every output format
//! accounting for every input, streamed JSON and text identical to rendering the whole run,
//! the same bytes at one and two threads across chunk boundaries, atomic `--output`, and the
//! summary matrix of `assure check fixtures/`.

mod common;

use common::{output as assure, text};

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const AS_OF: &str = "2026-11-01";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assure-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// `good` corpus submissions as JSON Lines, with a truncated record inserted as line `bad_line`.
fn jsonl_with_a_bad_line(dir: &Path, good: usize, bad_line: usize) -> PathBuf {
    let mut lines = corpus::texts(7, good);
    lines.insert(
        bad_line - 1,
        r#"{"schema_version": "1", "product": {"name": "Cut off"#.to_owned(),
    );
    let file = dir.join("batch.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").expect("write jsonl");
    file
}

#[test]
fn corpus_submissions_are_valid_realistic_and_varied() {
    let set = assure::load_rules(&[]).expect("built-in rules");
    let as_of = AS_OF.parse().expect("date");
    let mut verdicts = std::collections::BTreeSet::new();
    for (i, t) in corpus::texts(1, 40).iter().enumerate() {
        assert!(
            (15_000..35_000).contains(&t.len()),
            "submission {i} is {} bytes",
            t.len()
        );
        let sub = match assure::submission::Submission::parse(format!("corpus:{i}"), t.as_bytes()) {
            Ok(s) => s,
            Err(e) => panic!("corpus submission {i} is not valid: {e}"),
        };
        let report = assure::check_loaded(&set, &sub, as_of, false);
        verdicts.insert(report.decision("dtac").map(|d| d.status));
    }
    assert!(
        verdicts.len() >= 2,
        "the corpus should mix outcomes, got {verdicts:?}"
    );
}

#[test]
fn a_malformed_line_is_reported_by_line_and_every_good_submission_is_in_the_csv() {
    let dir = temp_dir("csv");
    let file = jsonl_with_a_bad_line(&dir, 5, 3);
    let out = assure(&["check", path(&file), "--as-of", AS_OF, "--format", "csv"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unreadable record makes the exit code 2"
    );
    let mut csv = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = csv.headers().expect("a header row").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no `{name}` column"))
    };
    let (outcome, message, location) = (col("outcome"), col("message"), col("location"));
    let rows: Vec<csv::StringRecord> = csv.records().collect::<Result<_, _>>().expect("valid CSV");
    let name = path(&file);
    for (line, index) in [(1, 0), (2, 1), (4, 2), (5, 3), (6, 4)] {
        let id = format!("SUP-2026-{index:06}");
        let record = format!("{name}:{line}");
        let mine: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == id.as_str()).collect();
        assert!(!mine.is_empty(), "{id} missing from the CSV");
        assert!(
            mine.iter().all(|r| r[1] == *record),
            "{id} should be named {record}"
        );
        // Positions inside a record are lines of the JSON Lines file.
        for r in mine.iter().filter(|r| !r[location].is_empty()) {
            assert!(
                r[location].starts_with(&format!("{record}:")),
                "{} should point into line {line}",
                &r[location]
            );
        }
    }
    let bad: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[outcome] == "not_checked")
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(&bad[0][1], format!("{name}:3"));
    assert!(
        bad[0][message].contains(&format!("{name}:3:"))
            && bad[0][message].contains("not valid JSON"),
        "{}",
        &bad[0][message]
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("5 submissions checked") && err.contains("1 input could not be read"),
        "{err}"
    );
}

#[test]
fn jsonl_output_has_a_run_line_then_one_line_per_input_in_order() {
    let dir = temp_dir("jsonl");
    let file = jsonl_with_a_bad_line(&dir, 4, 2);
    let out = assure(&["check", path(&file), "--as-of", AS_OF, "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l["type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        kinds,
        ["run", "report", "error", "report", "report", "report"]
    );
    assert_eq!(lines[0]["as_of"], AS_OF);
    let files: Vec<String> = lines[1..]
        .iter()
        .map(|l| l["file"].as_str().unwrap_or_default().to_owned())
        .collect();
    let name = path(&file);
    assert_eq!(
        files,
        (1..=5).map(|n| format!("{name}:{n}")).collect::<Vec<_>>()
    );
    assert!(
        lines[3]["findings"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
}

#[test]
fn standard_input_as_json_lines_names_each_line() {
    let mut lines = corpus::texts(3, 2);
    lines.insert(1, "[]".to_owned());
    let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args([
            "check", "-", "--jsonl", "--as-of", AS_OF, "--format", "jsonl",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all((lines.join("\n") + "\n").as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("runs");
    let files: Vec<String> = text(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("JSON")["file"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(files, ["<stdin>:1", "<stdin>:2", "<stdin>:3"]);
    assert!(
        text(&out.stderr).contains("<stdin>:2"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn streamed_json_and_text_are_the_bytes_of_the_whole_run() {
    let dir = temp_dir("whole");
    for (i, t) in corpus::texts(11, 3).iter().enumerate() {
        std::fs::write(dir.join(format!("s{i}.json")), t).expect("write");
    }
    // A failing, personal value: a CSO registration number that is not a GMC number.
    let mut v: serde_json::Value =
        serde_json::from_str(&corpus::texts(12, 1)[0]).expect("corpus JSON");
    v["clinical_safety"]["cso"]["registration_body"] = "gmc".into();
    v["clinical_safety"]["cso"]["registration_number"] = "GMC-99-XYZ".into();
    std::fs::write(dir.join("s3.json"), v.to_string()).expect("write");
    std::fs::write(
        dir.join("broken.json"),
        "{\"schema_version\": \"1\", \"clinical_saftey\": {}}",
    )
    .expect("write");
    let set = assure::load_rules(&[]).expect("rules");
    let run = assure::check_inputs(
        &set,
        &assure::inputs::expand(std::slice::from_ref(&dir)),
        AS_OF.parse().expect("date"),
    );
    assert_eq!((run.reports.len(), run.errors.len()), (4, 1));
    let json = assure(&["check", path(&dir), "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(text(&json.stdout), assure::report::json::render(&run));
    let plain = assure(&[
        "check",
        path(&dir),
        "--as-of",
        AS_OF,
        "--format",
        "text",
        "--color",
        "never",
    ]);
    let whole = assure::report::text::render(&run);
    let stripped = String::from_utf8(anstream::adapter::strip_bytes(whole.as_bytes()).into_vec())
        .expect("utf-8");
    assert_eq!(text(&plain.stdout), stripped);

    // `--redact` streams too, each entry masked on its worker: the same bytes as redacting the
    // whole run.
    let mut redacted = run.clone();
    assure::report::redact::redact(&mut redacted);
    let masked = assure(&[
        "check",
        path(&dir),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--redact",
    ]);
    assert_eq!(
        text(&masked.stdout),
        assure::report::json::render(&redacted)
    );
    assert_ne!(masked.stdout, json.stdout, "the corpus holds personal data");
    assert!(text(&masked.stdout).contains(assure::report::redact::MASK));
    assert!(!text(&masked.stdout).contains("GMC-99-XYZ"));
}

#[test]
fn every_format_gives_the_same_bytes_at_one_and_two_threads_across_chunks() {
    let dir = temp_dir("threads");
    let file = dir.join("many.jsonl");
    let mut f = std::fs::File::create(&file).expect("create");
    corpus::write_jsonl(&mut f, 5, 300).expect("write corpus");
    writeln!(f, "not json").expect("write");
    drop(f);
    for format in ["jsonl", "csv", "json", "text"] {
        let run = |threads: &str| {
            Command::new(env!("CARGO_BIN_EXE_assure"))
                .args(["check", path(&file), "--as-of", AS_OF, "--format", format])
                .env("RAYON_NUM_THREADS", threads)
                .env("NO_COLOR", "1")
                .output()
                .expect("runs")
        };
        let (one, two) = (run("1"), run("2"));
        assert!(!one.stdout.is_empty());
        assert!(
            one.stdout == two.stdout,
            "{format} output differs between 1 and 2 threads"
        );
        assert_eq!(one.status.code(), Some(2));
    }
}

#[test]
fn output_file_is_written_whole_and_matches_standard_output() {
    let dir = temp_dir("output");
    let file = jsonl_with_a_bad_line(&dir, 3, 2);
    let target = dir.join("report.csv");
    std::fs::write(&target, "an older report\n").expect("write");
    let to_file = assure(&[
        "check",
        path(&file),
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--output",
        path(&target),
    ]);
    let to_stdout = assure(&["check", path(&file), "--as-of", AS_OF, "--format", "csv"]);
    assert!(to_file.stdout.is_empty());
    assert_eq!(to_file.status.code(), to_stdout.status.code());
    assert_eq!(
        std::fs::read(&target).expect("report written"),
        to_stdout.stdout
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn text_written_to_a_file_has_no_terminal_styling() {
    let dir = temp_dir("styled");
    let file = jsonl_with_a_bad_line(&dir, 2, 2);
    let target = dir.join("report.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args([
            "check",
            path(&file),
            "--as-of",
            AS_OF,
            "--output",
            path(&target),
        ])
        .env_remove("NO_COLOR")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let written = std::fs::read_to_string(&target).expect("report written");
    assert!(
        written.contains("Batch summary: 2 submissions checked, 1 not checked"),
        "{written}"
    );
    assert!(!written.contains('\u{1b}'), "escape codes in the file");
}

#[test]
fn an_output_file_that_cannot_be_created_is_an_error_and_creates_nothing() {
    let dir = temp_dir("nodir");
    let target = dir.join("missing-dir").join("report.json");
    let out = assure(&["check", "-", "--output", path(&target)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing-dir` does not exist; create it first"),
        "{}",
        text(&out.stderr)
    );
    assert!(!target.exists());
}

#[test]
fn a_report_that_cannot_be_put_in_place_leaves_what_was_there() {
    let dir = temp_dir("clobber");
    let file = jsonl_with_a_bad_line(&dir, 2, 1);
    // A directory where the report should go: refused before anything is written.
    let target = dir.join("report.csv");
    std::fs::create_dir_all(target.join("kept")).expect("mkdir");
    let out = assure(&[
        "check",
        path(&file),
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--output",
        path(&target),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("report.csv` is a directory; name a file"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        target.join("kept").is_dir(),
        "the existing entry was replaced"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn an_interrupted_run_leaves_the_previous_report_in_place() {
    let dir = temp_dir("interrupted");
    let target = dir.join("report.jsonl");
    std::fs::write(&target, "the good report\n").expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args([
            "check",
            "-",
            "--jsonl",
            "--as-of",
            AS_OF,
            "--format",
            "jsonl",
            "--output",
            path(&target),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("stdin");
    corpus::write_jsonl(&mut stdin, 9, 300).expect("feed");
    stdin.flush().expect("flush");
    // The run is waiting for more input, with hundreds of reports already written to its
    // temporary file, when it is killed.
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().expect("kill");
    let _ = child.wait();
    drop(stdin);
    assert_eq!(
        std::fs::read_to_string(&target).expect("still there"),
        "the good report\n"
    );
}

#[test]
fn a_directory_of_fixtures_ends_with_the_summary_matrix() {
    let out = assure(&["check", "fixtures", "--as-of", AS_OF, "--color", "never"]);
    let all = text(&out.stdout);
    let summary = all
        .find("Batch summary")
        .map_or("(no batch summary)", |i| &all[i..]);
    insta::assert_snapshot!(summary);
}
