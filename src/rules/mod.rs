//! The rule language: rule files are read ([`RuleSource`]), checked against `rules.schema.json`,
//! compiled into typed conditions and linked into an immutable [`RuleSet`]. Every problem in every
//! file is collected and reported at once, each with `file:line:col`.

pub mod compile_cond;
pub mod condition;
pub mod dates;
pub mod decisions;
mod embedded;
pub mod forms;
mod link;
pub mod lint;
pub mod model;
mod regexes;
pub mod toml_json;
pub mod toml_value;

pub use condition::{Cond, Op};
pub use decisions::Feed;
pub use link::RuleSet;
pub use model::{Example, Kind, Outcome, Severity};

use crate::source::LineCol;
use std::fmt;
use std::path::Path;

/// The text of one rule file and the pack it belongs to.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub pack: String,
    /// How the file is named in messages: `rules/dtac/c3-technical-security.toml`.
    pub file: String,
    pub text: String,
    pub builtin: bool,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub pack: String,
    pub area: String,
    pub severity: Severity,
    pub refs: Vec<String>,
    pub kind: Kind,
    pub when: Option<Cond>,
    pub check: Cond,
    pub remedy: String,
    pub doc: String,
    pub score: Option<String>,
    pub weight: Option<f64>,
    /// The decisions and parts the rule counts towards; the first is where it is listed.
    pub feeds: Vec<Feed>,
    /// Rules that must pass (or fire) before this one is evaluated.
    pub requires: Vec<condition::RuleRef>,
    /// The level this rule gives its first decision when it applies (see [`decisions`]).
    pub sets: Option<String>,
    /// The document the rule's details are verified in, when it says `look_in`.
    pub look_in: Option<crate::path::RulePath>,
    /// The DTAC questions the rule cites in `refs`, which decide the forms it is asked on.
    pub questions: Vec<forms::Question>,
    /// For a skip rule (a trigger encoding the form's "if Yes, go to …"): the questions it takes
    /// out when it fires.
    pub skips: Vec<forms::Question>,
    /// The skip rules that could take this rule's questions out (resolved when rules link).
    pub skippers: Vec<usize>,
    pub examples: model::Examples,
    /// Where the rule is defined.
    pub file: String,
    pub at: LineCol,
    pub builtin: bool,
}

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub at: LineCol,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.at, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  fix: {h}")?;
        }
        Ok(())
    }
}

/// Every problem found while loading rules.
#[derive(Debug, thiserror::Error)]
#[error("{} in the rules:\n{}", plural(.0.len()), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct RuleErrors(pub Vec<RuleError>);

fn plural(n: usize) -> String {
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

/// The default rule packs compiled into the binary.
pub fn builtin_sources() -> Vec<RuleSource> {
    embedded::FILES
        .iter()
        .map(|f| RuleSource {
            pack: f.path.split('/').next().unwrap_or("rules").to_owned(),
            file: format!("rules/{}", f.path),
            text: f.text.to_owned(),
            builtin: true,
        })
        .collect()
}

/// Reads the rule files of a directory. Each sub-directory is a pack; `.toml` files directly in
/// `dir` form a pack named after `dir`. Files are taken in name order so loading is deterministic.
pub fn read_dir(dir: &Path) -> Result<Vec<RuleSource>, RuleErrors> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let fallback = dir
        .file_name()
        .map_or_else(|| "local".to_owned(), |n| n.to_string_lossy().into_owned());
    collect(dir, &fallback, 0, &mut out, &mut errors);
    if out.is_empty() && errors.is_empty() {
        errors.push(RuleError {
            file: crate::inputs::name(dir),
            at: LineCol { line: 1, column: 1 },
            message: "no rule files (`*.toml`) in this directory or its packs".into(),
            hint: Some("point `--rules` (or `rules` in assure.toml) at a directory whose sub-directories hold the packs' `*.toml` files".into()),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(RuleErrors(errors))
    }
}

fn collect(
    dir: &Path,
    pack: &str,
    depth: usize,
    out: &mut Vec<RuleSource>,
    errors: &mut Vec<RuleError>,
) {
    let io_error = |e: std::io::Error| RuleError {
        file: dir.display().to_string(),
        at: LineCol { line: 1, column: 1 },
        message: format!("cannot read the rules directory: {e}"),
        hint: Some("check the path given with `--rules`".into()),
    };
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => return errors.push(io_error(e)),
    };
    entries.sort();
    for path in entries {
        if path.is_dir() && depth == 0 {
            let sub = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            collect(&path, &sub, depth + 1, out, errors);
        } else if path.extension().is_some_and(|e| e == "toml") {
            // A FIFO or device would block or never end: only regular files are rule files.
            if std::fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
                errors.push(RuleError {
                    file: path.display().to_string(),
                    message: "not a regular file (a FIFO, socket or device)".into(),
                    ..io_error(std::io::Error::other(""))
                });
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => out.push(RuleSource {
                    pack: pack.to_owned(),
                    file: path.display().to_string(),
                    text,
                    builtin: false,
                }),
                Err(e) => errors.push(RuleError {
                    file: path.display().to_string(),
                    ..io_error(e)
                }),
            }
        }
    }
}
