//! Points 6 and 7: input size limits (a documented default and `--max-input-size`), devices,
//! FIFOs and sockets refused as inputs rather than waited on, and memory bounded on the four
//! inputs that used to take gigabytes, each within the bound `docs/robustness.md` states.

use super::common::{AS_OF, Ran, assure_in_dir, temp_dir, write_fixture};
use super::{peak_rss, under_time};
use std::process::Stdio;
use std::time::Duration;

#[test]
fn devices_fifos_and_files_over_the_limit_are_refused_without_waiting() {
    let dir = temp_dir("inputs-refused");
    nix::unistd::mkfifo(
        &dir.join("fifo.json"),
        nix::sys::stat::Mode::from_bits_truncate(0o644),
    )
    .expect("mkfifo");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.jsonl")).expect("symlink");
    std::os::unix::fs::symlink("/dev/urandom", dir.join("random.json")).expect("symlink");
    let sparse = std::fs::File::create(dir.join("sparse.json")).expect("create");
    sparse.set_len(100 << 30).expect("a 100 GB sparse file");
    write_fixture(&dir.join("ok.json"), "complete-exemplar.json");
    let ran = assure_in_dir(
        &dir,
        &[
            "check",
            "fifo.json",
            "zero.jsonl",
            "random.json",
            "sparse.json",
            "ok.json",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    assert_eq!(ran.code, Some(2));
    assert!(ran.elapsed < Duration::from_secs(20), "{:?}", ran.elapsed);
    insta::assert_snapshot!("inputs_refused", ran.transcript(&dir));
    let r: serde_json::Value = serde_json::from_str(&ran.stdout).expect("JSON");
    assert_eq!(
        r["reports"].as_array().map(Vec::len),
        Some(1),
        "the good file is still checked"
    );
}

#[test]
fn the_size_limit_is_a_flag() {
    let dir = temp_dir("limit-flag");
    write_fixture(&dir.join("ok.json"), "complete-exemplar.json");
    let ran = assure_in_dir(
        &dir,
        &[
            "check",
            "ok.json",
            "--as-of",
            AS_OF,
            "--max-input-size",
            "10KiB",
        ],
    );
    assert_eq!(ran.code, Some(2));
    assert!(
        ran.stderr.contains("over the input size limit of 10 KiB"),
        "{}",
        ran.stderr
    );
}

/// `assure check ARGS` with standard input from `/dev/zero`, under `/usr/bin/time`.
fn from_dev_zero(dir: &std::path::Path, args: &[&str]) -> (Ran, u64) {
    let stats = dir.join("time");
    let mut cmd = under_time(&stats, args);
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
    cmd.stdin(Stdio::from(zero))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = std::time::Instant::now();
    let out = cmd.output().expect("runs");
    let ran = Ran {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
    };
    (ran, peak_rss(&stats))
}

#[test]
fn standard_input_from_dev_zero_ends_at_once_in_little_memory() {
    let dir = temp_dir("dev-zero");
    for args in [&["check", "-"][..], &["check", "--jsonl", "-"]] {
        let (ran, rss) = from_dev_zero(&dir, args);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.stderr);
        assert!(
            ran.stderr.contains("standard input is a device"),
            "{}",
            ran.stderr
        );
        assert!(
            ran.elapsed < Duration::from_secs(10),
            "{args:?}: {:?}",
            ran.elapsed
        );
        assert!(rss < 100 << 20, "{args:?}: peak RSS {} MB", rss >> 20);
    }
    // Through a pipe, a NUL-filled stream stops at the first over-long line.
    let script = format!(
        "head -c 300000000 /dev/zero | {} check --jsonl - --max-input-size 1MiB --as-of {AS_OF}",
        env!("CARGO_BIN_EXE_assure")
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("sh");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("binary data (NUL bytes)"), "{err}");
}

/// Runs `assure check FILE --format json [extra]` under `/usr/bin/time`: the run and its peak
/// resident memory in MB.
fn measure(file: &std::path::Path, extra: &[&str]) -> (Ran, u64) {
    let stats = file.with_extension("time");
    let f = file.display().to_string();
    let mut args = vec!["check", f.as_str(), "--as-of", AS_OF, "--format", "json"];
    args.extend_from_slice(extra);
    let ran = super::common::run_with(under_time(&stats, &args), b"", Duration::from_secs(300));
    let mb = peak_rss(&stats) >> 20;
    eprintln!("{}: {:?}, peak RSS {mb} MB", file.display(), ran.elapsed);
    (ran, mb)
}

#[test]
fn four_inputs_that_took_gigabytes_stay_within_their_bounds() {
    let dir = temp_dir("memory");
    // 1. A 4 MB file with two million schema problems.
    let problems = dir.join("problems.json");
    let items = vec!["1"; 2_000_000].join(",");
    std::fs::write(
        &problems,
        format!("{{\"schema_version\":\"1\",\"product\":{{\"target_users\":[{items}]}}}}"),
    )
    .expect("write");
    let (ran, mb) = measure(&problems, &[]);
    assert_eq!(ran.code, Some(2));
    let said = super::said_of_the_input(&ran);
    assert!(said < 100_000, "report of {said} bytes");
    assert!(
        ran.stderr
            .contains("more problems (the JSON report lists the first 100)"),
        "{}",
        &ran.stderr[..500.min(ran.stderr.len())]
    );
    assert!(mb < 400, "schema problems: {mb} MB");
    // 2. A 20 MB JSON Lines line: a million minimal hazards.
    let hazards: Vec<String> = (0..1_000_000)
        .map(|i| format!("{{\"id\":\"H-{i:07}\"}}"))
        .collect();
    let doc = format!(
        "{{\"schema_version\":\"1\",\"clinical_safety\":{{\"hazard_log\":{{\"hazards\":[{}]}}}}}}",
        hazards.join(",")
    );
    drop(hazards);
    let line = dir.join("line.jsonl");
    std::fs::write(&line, format!("{doc}\n")).expect("write");
    let (ran, mb) = measure(&line, &[]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(mb < 1000, "20 MB line: {mb} MB");
    // 3. The same million hazards as one file.
    let file = dir.join("hazards.json");
    std::fs::write(&file, &doc).expect("write");
    drop(doc);
    let (ran, mb) = measure(&file, &[]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        ran.stdout.len() < 2_000_000,
        "report of {} bytes",
        ran.stdout.len()
    );
    assert!(mb < 1000, "a million hazards: {mb} MB");
    // 4. 10,000 rules, each with its own small regex (\w is Unicode: tens of KB compiled).
    let rules = dir.join("rules/many");
    std::fs::create_dir_all(&rules).expect("mkdir");
    let text: String = (0..10_000)
        .map(|i| format!("[[rule]]\nid = \"MANY-{i}\"\ntitle = \"t\"\narea = \"product\"\nseverity = \"info\"\nfeeds = [\"dtac.B\"]\ncheck = {{ path = \"product.name\", matches = '^\\w+ {i}$' }}\n\n"))
        .collect();
    std::fs::write(rules.join("r.toml"), text).expect("write");
    let sub = dir.join("sub.json");
    write_fixture(&sub, "complete-exemplar.json");
    let r = dir.join("rules").display().to_string();
    let (ran, mb) = measure(&sub, &["--rules", &r]);
    assert_eq!(
        ran.code,
        Some(2),
        "over the regex budget: {}",
        &ran.stderr[..300.min(ran.stderr.len())]
    );
    assert!(
        ran.stderr.contains("compile to more than 32 MiB in all"),
        "{}",
        &ran.stderr[..300.min(ran.stderr.len())]
    );
    assert!(mb < 400, "10,000 rules: {mb} MB");
}
