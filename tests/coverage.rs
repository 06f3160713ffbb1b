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
