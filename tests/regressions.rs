//! One test per robustness bug found (by the fuzzers, the property tests or the hostile-input
//! suite), with the input that triggered it inline, so each stays fixed. See
//! docs/robustness.md for how each was found.

use assure::rules::{RuleSet, RuleSource};
use assure::submission::Submission;
use std::time::{Duration, Instant};

fn local(text: String) -> Vec<RuleSource> {
    let mut sources = assure::rules::builtin_sources();
    sources.push(RuleSource {
        pack: "local".into(),
        file: "local/chain.toml".into(),
        text,
        builtin: false,
    });
    sources
}

fn rule(id: usize, check: &str) -> String {
    format!(
        "[[rule]]\nid = \"C-{id}\"\ntitle = \"t\"\narea = \"clinical-safety\"\nseverity = \"minor\"\nfeeds = [\"dtac.C1\"]\nkind = \"trigger\"\ncheck = {check}\n\n"
    )
}

/// Found with a generated rule file: evaluation order was computed recursively (one stack frame
/// per rule in a dependency chain, so 50,000 chained rules overflowed the stack), and each rule's
/// `line:col` rescanned the file from the start (quadratic: 50,000 rules took minutes).
#[test]
fn a_long_chain_of_dependent_rules_compiles_quickly_without_overflowing_the_stack() {
    let n = 30_000;
    let mut text = String::new();
    for i in 0..n {
        let check = if i + 1 < n {
            format!("{{ rule = \"C-{}\", outcome = \"fired\" }}", i + 1)
        } else {
            "{ path = \"product.name\", present = true }".to_owned()
        };
        text.push_str(&rule(i, &check));
    }
    let start = Instant::now();
    // A 2 MiB stack, like any spawned thread's, so the bound does not depend on the test runner.
    let set = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || RuleSet::compile(&local(text)))
        .expect("spawn")
        .join()
        .expect("no stack overflow")
        .expect("the chain compiles");
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(set.levels.len(), n, "one level per link of the chain");
    let last = set.index_of("C-29999").expect("compiled");
    assert_eq!(set.rules[last].at.line, 29_999 * 9 + 1);
}

/// Found with a generated 16,000-hazard submission on one line: each schema problem's column
/// was counted from the start of its line, and each path was matched against every wanted path
/// at every array index (quadratic twice over).
#[test]
fn thousands_of_schema_problems_on_one_line_are_located_in_linear_time() {
    let n = 40_000;
    let hazards: Vec<String> = (0..n)
        .map(|i| format!("{{\"id\": \"H-{i}\", \"bogus\": 1}}"))
        .collect();
    let text = format!(
        "{{\"schema_version\": \"1\", \"clinical_safety\": {{\"hazard_log\": {{\"document\": {{\"status\": \"provided\", \"transcribed\": true}}, \"hazards\": [{}]}}}}}}",
        hazards.join(", ")
    );
    let start = Instant::now();
    let Err(assure::submission::InputError::Schema {
        problems, omitted, ..
    }) = Submission::parse("one-line.json", text.as_bytes())
    else {
        panic!("expected schema problems");
    };
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    // The first 100 are kept (and located); the others are counted.
    let kept = problems.len();
    assert_eq!((kept, kept + omitted), (100, n));
    let last = &problems[kept - 1];
    assert_eq!(
        last.path,
        format!("clinical_safety.hazard_log.hazards[{}].bogus", kept - 1)
    );
    let nth = text
        .match_indices("\"bogus\": 1")
        .nth(kept - 1)
        .expect("present")
        .0;
    let expected = nth + "\"bogus\": ".len() + 1;
    assert_eq!((last.at.line, last.at.column as usize), (1, expected));
}

/// Found with a 160 MB hazard log in which one hazard in three failed: duplicate evidence was
/// dropped by scanning everything kept so far (quadratic in the number of failing items), and
/// the message counted the unlisted items twice ("and 10642 more" for 5,334 failures).
#[test]
fn a_rule_failing_on_every_item_of_a_long_list_is_reported_in_linear_time() {
    let n = 30_000;
    let hazards: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"H-{i}\", \"initial\": {{\"likelihood\": 5, \"severity\": 5, \"risk\": 1}}}}"
            )
        })
        .collect();
    let text = format!(
        "{{\"schema_version\": \"1\", \"clinical_safety\": {{\"hazard_log\": {{\"document\": {{\"status\": \"provided\", \"transcribed\": true}}, \"hazards\": [{}]}}}}}}",
        hazards.join(",\n")
    );
    let sub = Submission::parse("many.json", text.as_bytes()).expect("valid");
    let set = assure::load_rules(&[]).expect("rules");
    let start = Instant::now();
    let report = assure::check_submission(&set, &sub, jiff::civil::date(2026, 11, 1));
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    let failed = report
        .findings
        .iter()
        .find(|f| f.message.contains(&format!("(and {} more)", n - 1)))
        .expect("one rule failed on every hazard and says how many");
    assert_eq!(failed.evidence.len(), 25);
}

/// Found by the hostile-input suite: a FIFO named `*.toml` in a `--rules` directory (or
/// `*.json` in an input directory) blocked the run for ever, waiting for a writer.
#[cfg(unix)]
#[test]
fn a_fifo_among_rule_files_is_an_error_not_a_hang() {
    let dir = std::env::temp_dir().join(format!("assure-reg-fifo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pack")).expect("mkdir");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("pack/blocking.toml"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let Err(e) = assure::rules::read_dir(&dir) else {
        panic!("a FIFO is not a rule file");
    };
    assert!(e.to_string().contains("not a regular file"), "{e}");
    let inputs = assure::inputs::expand(&[dir.join("pack")]);
    assert_eq!(inputs.len(), 1, "{inputs:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
