//! Reading a submission: bytes → UTF-8 text → JSON value → checked against the submission schema.
//! Every failure names the file, the position and what to do about it.

pub mod placeholder;
mod positions;
pub mod strict;
mod validate;

pub use positions::{Found, locate};
pub use validate::SchemaProblem;

use crate::source::{LineCol, line_col};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt;

/// A submission that parsed and passed the schema, ready to evaluate.
#[derive(Debug)]
pub struct Submission {
    /// What the user calls it: the file path, `<stdin>`, or `batch.jsonl:17`.
    pub name: String,
    /// The file that reported positions point into: `name` itself, or `batch.jsonl` for a record.
    pub file: String,
    /// The JSON text (without any byte-order mark), kept to report positions.
    pub text: String,
    pub value: Value,
    /// `sha256:` of the bytes as read.
    pub hash: String,
    /// Added to every reported line: a JSON Lines record's line number less one.
    pub line_base: u32,
}

impl Submission {
    /// Parses and validates one submission.
    pub fn parse(name: impl Into<String>, bytes: &[u8]) -> Result<Self, InputError> {
        Self::parse_owned(name, bytes.to_vec())
    }

    /// [`Submission::parse`], taking ownership of the bytes so that a large file is not copied
    /// on its way to becoming the kept text.
    pub fn parse_owned(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, InputError> {
        let name = name.into();
        Self::parse_in(name.clone(), name, 0, bytes)
    }

    /// Parses and validates the JSON Lines record on line `line` (1-based) of `file`: the record
    /// is named `file:line`, and every position it reports is a line of `file`. Takes the
    /// record's bytes, which become the kept text without a copy.
    pub fn parse_line(file: &str, line: u32, bytes: Vec<u8>) -> Result<Self, InputError> {
        let base = line.saturating_sub(1);
        Self::parse_in(format!("{file}:{line}"), file.to_owned(), base, bytes)
            .map_err(|e| e.shifted(base))
    }

    fn parse_in(
        name: String,
        file: String,
        line_base: u32,
        mut bytes: Vec<u8>,
    ) -> Result<Self, InputError> {
        let hash = sha256_hex(&bytes);
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let before = String::from_utf8_lossy(&e.as_bytes()[..valid]);
            InputError::NotUtf8 {
                file: file.clone(),
                at: line_col(&before, before.len()),
            }
        })?;
        if text.trim().is_empty() {
            return Err(InputError::empty(file));
        }
        let value: Value = strict::from_str(&text).map_err(|e| InputError::json(&file, &e))?;
        let problems = validate::check(&text, &value);
        if !problems.is_empty() {
            return Err(InputError::Schema {
                file: name,
                problems,
            });
        }
        Ok(Self {
            name,
            file,
            text,
            value,
            hash,
            line_base,
        })
    }

    /// Line and column of each concrete path (of its deepest existing ancestor when missing).
    pub fn positions(&self, paths: &[&[crate::path::Segment]]) -> Vec<LineCol> {
        let found = locate(&self.text, paths);
        let offsets: Vec<usize> = found.iter().map(|f| f.offset).collect();
        crate::source::line_cols(&self.text, &offsets)
            .into_iter()
            .map(|lc| LineCol {
                line: lc.line + self.line_base,
                column: lc.column,
            })
            .collect()
    }

    /// A string field of the submission, for report headers.
    pub fn str_at(&self, pointer: &str) -> Option<&str> {
        self.value.pointer(pointer).and_then(Value::as_str)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Why a submission could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read `{file}`: {message}")]
    Read { file: String, message: String },
    #[error("{file}:{at}: the file is not UTF-8 text; save it as UTF-8 and try again")]
    NotUtf8 { file: String, at: LineCol },
    #[error("{file}:{at}: not valid JSON: {message}{hint}")]
    Json {
        file: String,
        at: LineCol,
        message: String,
        hint: String,
    },
    #[error("{file}: does not match the submission schema:\n{}", list(problems))]
    Schema {
        file: String,
        problems: Vec<SchemaProblem>,
    },
}

impl InputError {
    fn json(file: &str, e: &serde_json::Error) -> Self {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        let hint = json_hint(e.classify(), &message);
        let at = LineCol {
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            // serde_json says column 0 for an empty input; editors count from 1.
            column: u32::try_from(e.column()).unwrap_or(u32::MAX).max(1),
        };
        Self::Json {
            file: file.to_owned(),
            at,
            message,
            hint: hint.to_owned(),
        }
    }

    fn empty(file: String) -> Self {
        Self::Json {
            file,
            at: LineCol { line: 1, column: 1 },
            message: "the input is empty".into(),
            hint:
                "\n  fix: a submission is a JSON object: start from `{\"schema_version\": \"1\"}`"
                    .into(),
        }
    }

    /// Moves every position down by `base` lines: a JSON Lines record reports lines of its file.
    fn shifted(mut self, base: u32) -> Self {
        match &mut self {
            Self::NotUtf8 { at, .. } | Self::Json { at, .. } => {
                at.line = at.line.saturating_add(base)
            }
            Self::Schema { problems, .. } => problems
                .iter_mut()
                .for_each(|p| p.at.line = p.at.line.saturating_add(base)),
            Self::Read { .. } => {}
        }
        self
    }

    /// The file (or `file:line` record) the error belongs to.
    pub fn file(&self) -> &str {
        match self {
            Self::Read { file, .. }
            | Self::NotUtf8 { file, .. }
            | Self::Json { file, .. }
            | Self::Schema { file, .. } => file,
        }
    }
}

/// The fix for a JSON error, by kind: the recursion limit, huge numbers and duplicate keys each
/// get their own, since "check the syntax" would send the reader looking for the wrong thing.
fn json_hint(category: serde_json::error::Category, message: &str) -> &'static str {
    use serde_json::error::Category;
    if message.starts_with("recursion limit exceeded") {
        "\n  fix: the JSON nests arrays or objects more than 128 levels deep; a submission never needs more than a few, so check that this is the right file"
    } else if message.starts_with("number out of range") {
        "\n  fix: the number is too large to represent; write a number within the range the field allows"
    } else if message.starts_with("control character") {
        "\n  fix: a string holds a raw control character (a tab or line break pasted into a value?); write it as an escape such as `\\t` or `\\n`, or remove it"
    } else if message.starts_with("duplicate key") {
        "\n  fix: give each key once: JSON readers disagree about which of two values counts, so assure will not guess"
    } else if category == Category::Eof {
        "\n  fix: the JSON ends before it is complete; is the file truncated? Check that every `{` and `[` is closed"
    } else if category == Category::Syntax {
        "\n  fix: correct the JSON syntax at that position (a missing comma, quote or bracket is the usual cause)"
    } else {
        ""
    }
}

/// How many schema problems a message lists; a file broken everywhere (a generated one, say)
/// would otherwise bury the first, most useful ones. The `problems` list keeps them all.
const LISTED_PROBLEMS: usize = 50;

fn list(problems: &[SchemaProblem]) -> String {
    let mut lines: Vec<String> = problems
        .iter()
        .take(LISTED_PROBLEMS)
        .map(|p| format!("  {p}"))
        .collect();
    if problems.len() > LISTED_PROBLEMS {
        lines.push(format!(
            "  … and {} more problems (the JSON report lists them all)",
            problems.len() - LISTED_PROBLEMS
        ));
    }
    lines.join("\n")
}

impl fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: `{}`: {}", self.at, self.path, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    fix: {hint}")?;
        }
        Ok(())
    }
}
