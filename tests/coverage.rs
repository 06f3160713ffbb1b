//! `docs/coverage.md` says which rules check each clause of each catalogued standard
//! (`docs/catalogue/*.toml`). These tests fail when a catalogue clause has neither a rule nor an
//! `uncheckable` reason, and when `docs/coverage.md` is stale.
//!
//! Regenerate `docs/coverage.md` after changing rules or catalogues with:
//!
//!     UPDATE_COVERAGE=1 cargo test --test coverage

use std::path::{Path, PathBuf};

const REGENERATE: &str = "UPDATE_COVERAGE=1 cargo test --test coverage";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `docs/catalogue/*.toml`, named relative to the repository, in name order.
fn catalogues() -> Vec<(String, String)> {
    let dir = root().join("docs/catalogue");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect(),
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = format!(
                "docs/catalogue/{}",
                p.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            );
            let text =
                std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {name}: {e}"));
            (name, text)
        })
        .collect()
}

fn coverage() -> assure::coverage::Coverage {
    let set = assure::rules::RuleSet::compile(&assure::rules::builtin_sources())
        .unwrap_or_else(|e| panic!("the built-in rules do not load:\n{e}"));
    assure::coverage::analyse(&set, &catalogues()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_catalogue_clause_has_a_rule_or_a_reason() {
    let gaps = coverage().gaps();
    assert!(
        gaps.is_empty(),
        "{} catalogue clause(s) are checked by no rule and give no `uncheckable` reason:\n{}\n\
         cite the clause in a rule's `refs`, or say in the catalogue why a submission cannot evidence it",
        gaps.len(),
        gaps.join("\n")
    );
}

#[test]
fn coverage_md_is_up_to_date() {
    let fresh = coverage().to_markdown();
    let path = root().join("docs/coverage.md");
    if std::env::var_os("UPDATE_COVERAGE").is_some_and(|v| v == "1") {
        std::fs::write(&path, &fresh)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != fresh {
        let first = current
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| current.lines().count().min(fresh.lines().count()));
        panic!(
            "docs/coverage.md is stale (first difference at line {}); regenerate it with:\n\n    {REGENERATE}\n\nthen review and commit the diff",
            first + 1
        );
    }
}

/// Every question code of the DTAC 2.0 form (transcribed from `shared/domain/dtac-v2.md`, the
/// project's source for the form), in form order.
const DTAC_2_0_CODES: &[&str] = &[
    "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "A11", "A12", "B1", "B2", "B3",
    "B4", "C1.1.1", "C1.1.2", "C1.2", "C1.2.1", "C1.2.2", "C1.2.3", "C1.2.4", "C1.2.5", "C2.1",
    "C2.2", "C2.2.1", "C2.2.2", "C2.2.3", "C2.2.4", "C2.2.5", "C2.2.6", "C3.1", "C3.2", "C3.3",
    "C3.4", "C3.5", "C3.5.1", "C3.6", "C4.1", "C4.1.1", "C4.1.2", "C4.1.3", "C4.2", "C4.2.1",
    "C4.2.2", "C4.2.3", "C4.2.4", "C4.2.5", "C4.2.6", "D1.1", "D1.2", "D1.3", "D1.4", "D1.4.1",
    "D1.4.2", "D1.4.3", "D1.5",
];

#[test]
fn every_dtac_2_0_question_is_catalogued_in_form_order_and_accounted_for() {
    let (_, text) = catalogues()
        .into_iter()
        .find(|(name, _)| name.ends_with("dtac-2.0.toml"))
        .expect("docs/catalogue/dtac-2.0.toml");
    let catalogued: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("ref = \"DTAC 2.0 "))
        .map(|l| l.trim_end_matches('"').to_owned())
        .collect();
    assert_eq!(
        catalogued, DTAC_2_0_CODES,
        "docs/catalogue/dtac-2.0.toml must list every DTAC 2.0 question code, in form order"
    );
    let md = coverage().to_markdown();
    let missing: Vec<&&str> = DTAC_2_0_CODES
        .iter()
        .filter(|c| !md.contains(&format!("| DTAC 2.0 {c} |")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/coverage.md does not account for DTAC 2.0 {missing:?}"
    );
}
