//! Reading a submission: bytes → UTF-8 text → JSON value → checked against the submission schema.
//! Every failure names the file, the position and what to do about it.

mod bounded;
pub mod migrate;
mod numbers;
pub mod placeholder;
mod positions;
pub mod strict;
mod text;
mod validate;

pub use positions::{Found, locate};
pub use validate::SchemaProblem;

use crate::report::terminal::printable;
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
    /// Where values read from an imported file (a hazard log the submission points at) came
    /// from: a finding about one names its cell instead of a JSON line.
    pub origins: crate::import::Origins,
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
        Self::parse_in(Origin::file(name), bytes)
    }

    /// [`Submission::parse_owned`] for a file found in a directory: a file that is clearly not a
    /// submission (JSON without a top-level `schema_version`, such as an editor's settings or a
    /// JSON Schema; or, not even JSON, one that never mentions `schema_version`) is
    /// [`InputError::NotSubmission`], which a batch skips rather than fails.
    pub fn parse_found(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, InputError> {
        let origin = Origin {
            found: true,
            ..Origin::file(name.into())
        };
        Self::parse_in(origin, bytes)
    }

    /// Parses and validates the JSON Lines record on line `line` (1-based) of `file`: the record
    /// is named `file:line`, and every position it reports is a line of `file`. Takes the
    /// record's bytes, which become the kept text without a copy.
    pub fn parse_line(file: &str, line: u32, bytes: Vec<u8>) -> Result<Self, InputError> {
        let base = line.saturating_sub(1);
        let origin = Origin {
            name: format!("{file}:{line}"),
            file: file.to_owned(),
            line_base: base,
            found: false,
        };
        Self::parse_in(origin, bytes).map_err(|e| e.shifted(base))
    }

    fn parse_in(o: Origin, bytes: Vec<u8>) -> Result<Self, InputError> {
        let hash = sha256_hex(&bytes);
        let mentions = !o.found || memchr::memmem::find(&bytes, b"\"schema_version\"").is_some();
        let skip = |reason: &str| InputError::NotSubmission {
            file: o.file.clone(),
            reason: reason.to_owned(),
        };
        let file = &o.file;
        let text = match text::decode(file, bytes) {
            Err(_) if !mentions => return Err(skip("it is not UTF-8 text")),
            other => other?,
        };
        if text.trim().is_empty() {
            return Err(InputError::empty(file.clone()));
        }
        let value = match strict::from_str_noting_zeros(&text) {
            Err(_) if !mentions => return Err(skip("it is not JSON")),
            Err(e) => return Err(InputError::json(file, &e, &text)),
            Ok((_, true)) if numbers::first_underflow(&text).is_some() => {
                return Err(InputError::underflow(file, &text));
            }
            Ok((v, _)) => v,
        };
        if o.found && value.get("schema_version").is_none() {
            return Err(skip("it has no top-level `schema_version`"));
        }
        let (problems, omitted) = validate::check(&text, &value);
        if !problems.is_empty() {
            return Err(InputError::Schema {
                file: o.name,
                problems,
                omitted,
            });
        }
        Ok(Self {
            name: o.name,
            file: o.file,
            text,
            value,
            hash,
            line_base: o.line_base,
            origins: crate::import::Origins::default(),
        })
    }

    /// Reads the files the submission points at (its hazard log,
    /// `clinical_safety.hazard_log.source`, relative to the submission's file), putting their
    /// values in place, checked against the schema again; the input hash then covers them too.
    /// Only a submission read from a file does this: [`Submission::parse`] reads nothing but
    /// the bytes it is given.
    pub fn with_sources(mut self) -> Result<Self, InputError> {
        let import = |message: String| InputError::Import {
            file: self.name.clone(),
            message,
        };
        let attached = crate::import::source::attach(&mut self.value, &self.file)
            .map_err(|e| import(e.message))?;
        let Some(attached) = attached else {
            return Ok(self);
        };
        let (problems, _) = validate::check(&self.text, &self.value);
        if let Some(p) = problems.first() {
            return Err(import(format!(
                "the imported hazard log does not fit the submission schema: `{}`: {}",
                p.path, p.message
            )));
        }
        self.hash = sha256_hex(format!("{}\n{}", self.hash, attached.hash).as_bytes());
        self.origins = attached.origins;
        Ok(self)
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

/// Who is being parsed: the names for messages, and how to treat it.
struct Origin {
    name: String,
    file: String,
    line_base: u32,
    /// Found in a directory: skipped when clearly not a submission.
    found: bool,
}

impl Origin {
    fn file(name: String) -> Self {
        Self {
            file: name.clone(),
            name,
            line_base: 0,
            found: false,
        }
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
    #[error("cannot read `{}`: {message}", printable(file))]
    Read { file: String, message: String },
    #[error(
        "{}:{at}: the file is not UTF-8 text; save it as UTF-8 and try again",
        printable(file)
    )]
    NotUtf8 { file: String, at: LineCol },
    #[error(
        "{}: the file is UTF-16 text ({order}-endian), not UTF-8; save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`) and try again",
        printable(file)
    )]
    Utf16 { file: String, order: &'static str },
    #[error("{}: {message}", printable(file))]
    Import { file: String, message: String },
    #[error("{}: not a submission ({reason}); skipped", printable(file))]
    NotSubmission { file: String, reason: String },
    #[error("{}:{at}: not valid JSON: {message}{hint}", printable(file))]
    Json {
        file: String,
        at: LineCol,
        message: String,
        hint: String,
    },
    #[error(
        "{}: does not match the submission schema:\n{}",
        printable(file),
        list(file, problems, *omitted)
    )]
    Schema {
        file: String,
        /// The first problems ([`validate::KEPT_PROBLEMS`] at most).
        problems: Vec<SchemaProblem>,
        /// How many more there are, counted but not kept.
        omitted: usize,
    },
}

impl InputError {
    fn json(file: &str, e: &serde_json::Error, text: &str) -> Self {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        let seen = at_error(text, e.line(), e.column());
        let hint = syntax_hint(&message, seen).unwrap_or_else(|| json_hint(e.classify(), &message));
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

    /// A number that serde_json would silently read as zero.
    fn underflow(file: &str, text: &str) -> Self {
        let (offset, token) = numbers::first_underflow(text).unwrap_or((0, ""));
        let short: String = token.chars().take(40).collect();
        Self::Json {
            file: file.to_owned(),
            at: line_col(text, offset),
            message: format!("number `{short}` is too small to represent: it would be read as 0"),
            hint: "\n  fix: write `0` if zero is meant, or the number within the range the field allows".into(),
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
            Self::Read { .. }
            | Self::Utf16 { .. }
            | Self::NotSubmission { .. }
            | Self::Import { .. } => {}
        }
        self
    }

    /// The file (or `file:line` record) the error belongs to.
    pub fn file(&self) -> &str {
        match self {
            Self::Read { file, .. }
            | Self::NotUtf8 { file, .. }
            | Self::Utf16 { file, .. }
            | Self::NotSubmission { file, .. }
            | Self::Import { file, .. }
            | Self::Json { file, .. }
            | Self::Schema { file, .. } => file,
        }
    }
}

/// The text from the character serde_json stopped at (its line and 1-based column).
fn at_error(text: &str, line: usize, column: usize) -> &str {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return "";
    };
    let start = l
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(l.len(), |(i, _)| i);
    // The whole rest of the text from there, for errors that look past the line.
    let offset = l.as_ptr() as usize - text.as_ptr() as usize + start;
    text.get(offset..).unwrap_or("")
}

/// Fixes that name the real problem where serde_json's words would mislead: a comment, a
/// doubled or trailing comma, and a second document after the first (JSON Lines given as JSON).
fn syntax_hint(message: &str, seen: &str) -> Option<&'static str> {
    let key_or_value = message.starts_with("key must be a string")
        || message.starts_with("expected value")
        || message.starts_with("trailing comma");
    if key_or_value && (seen.starts_with("//") || seen.starts_with("/*")) {
        return Some(
            "\n  fix: JSON has no comments: remove the `//` or `/* */` comment (put a note in a description field instead)",
        );
    }
    if key_or_value && seen.starts_with(',') {
        return Some("\n  fix: there are two commas in a row here: remove one");
    }
    if message.starts_with("trailing comma") {
        return Some(
            "\n  fix: remove the comma after the last item: JSON allows none before `}` or `]`",
        );
    }
    if message.starts_with("trailing characters") && seen.trim_start().starts_with('{') {
        return Some(
            "\n  fix: a second JSON document follows the first: for one submission per line (JSON Lines), name the file `*.jsonl`, or pass `--jsonl` when piping into `assure check -`",
        );
    }
    None
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
    } else if message.contains("surrogate") || message.contains("hex escape") {
        "\n  fix: a `\\uD800`–`\\uDFFF` escape is half of a character: it must be a high half followed by a low one; write the character itself, or both halves of its pair"
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
/// would otherwise bury the first, most useful ones. The `problems` list keeps up to
/// [`validate::KEPT_PROBLEMS`].
const LISTED_PROBLEMS: usize = 50;

/// The problems, one a line, each named `file:line:col` as a compiler names it (a JSON Lines
/// record `batch.jsonl:17` names its file, whose lines the positions already count).
fn list(file: &str, problems: &[SchemaProblem], omitted: usize) -> String {
    let file = printable(record_file(file));
    let mut lines: Vec<String> = problems
        .iter()
        .take(LISTED_PROBLEMS)
        .map(|p| format!("  {file}:{p}"))
        .collect();
    let total = problems.len() + omitted;
    if total > LISTED_PROBLEMS {
        let kept = if omitted > 0 {
            format!("the JSON report lists the first {}", problems.len())
        } else {
            "the JSON report lists them all".to_owned()
        };
        lines.push(format!(
            "  … and {} more problems ({kept})",
            total - LISTED_PROBLEMS
        ));
    }
    lines.join("\n")
}

/// `batch.jsonl` for the record `batch.jsonl:17`; a file's own name otherwise.
fn record_file(name: &str) -> &str {
    match name.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => file,
        _ => name,
    }
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
