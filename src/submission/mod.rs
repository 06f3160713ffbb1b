//! Reading a submission: bytes → UTF-8 text → JSON value → checked against the submission schema.
//! Every failure names the file, the position and what to do about it.

mod positions;
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
        let name = name.into();
        Self::parse_in(name.clone(), name, 0, bytes)
    }

    /// Parses and validates the JSON Lines record on line `line` (1-based) of `file`: the record
    /// is named `file:line`, and every position it reports is a line of `file`.
    pub fn parse_line(file: &str, line: u32, bytes: &[u8]) -> Result<Self, InputError> {
        let base = line.saturating_sub(1);
        Self::parse_in(format!("{file}:{line}"), file.to_owned(), base, bytes)
            .map_err(|e| e.shifted(base))
    }

    fn parse_in(
        name: String,
        file: String,
        line_base: u32,
        bytes: &[u8],
    ) -> Result<Self, InputError> {
        let hash = sha256_hex(bytes);
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_owned(),
            Err(e) => {
                let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
                let at = line_col(&valid, valid.len());
                return Err(InputError::NotUtf8 { file, at });
            }
        };
        let value: Value = serde_json::from_str(&text).map_err(|e| InputError::json(&file, &e))?;
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
        let hint = match e.classify() {
            serde_json::error::Category::Eof => {
                "\n  fix: the JSON ends before it is complete; is the file truncated? Check that every `{` and `[` is closed"
            }
            serde_json::error::Category::Syntax => {
                "\n  fix: correct the JSON syntax at that position (a missing comma, quote or bracket is the usual cause)"
            }
            _ => "",
        };
        let full = e.to_string();
        let message = full.split(" at line ").next().unwrap_or(&full).to_owned();
        let at = LineCol {
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            column: u32::try_from(e.column()).unwrap_or(u32::MAX),
        };
        Self::Json {
            file: file.to_owned(),
            at,
            message,
            hint: hint.to_owned(),
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

fn list(problems: &[SchemaProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
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
