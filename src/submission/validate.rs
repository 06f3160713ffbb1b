//! Checks a parsed submission against the submission schema and turns each violation into a
//! problem a supplier can act on: the path, its `line:col`, and a fix ("did you mean …"). A
//! placeholder (`"<yes or no: …>"`, `"TBC"`) is accepted in place of any answer: it is not an
//! error of form but an answer still to be given, which the rules report as outstanding.

use super::positions::locate;
use crate::path::Segment;
use crate::schema::{Schema, closest, short_key, unknown_key_hint};
use crate::source::{LineCol, line_cols};
use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

/// One way a submission breaks the schema.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SchemaProblem {
    pub path: String,
    pub at: LineCol,
    pub message: String,
    pub hint: Option<String>,
}

/// The most schema problems kept for one input: a file broken everywhere (a generated one, a
/// list of two million wrong items) would otherwise cost about a kilobyte of memory, and of
/// report, per problem. The rest are counted, not kept.
pub const KEPT_PROBLEMS: usize = 100;

/// The first [`KEPT_PROBLEMS`] schema violations in `value` (in document order of the reported
/// path), and how many more there are.
pub fn check(text: &str, value: &Value) -> (Vec<SchemaProblem>, usize) {
    let mut found = Found::default();
    super::bounded::validate(value, &mut found);
    let Found { raw, omitted } = found;
    let paths: Vec<&[Segment]> = raw.iter().map(|(p, _, _)| p.as_slice()).collect();
    let offsets: Vec<usize> = locate(text, &paths).iter().map(|f| f.offset).collect();
    let ats = line_cols(text, &offsets);
    let mut problems: Vec<SchemaProblem> = raw
        .into_iter()
        .zip(ats)
        .zip(&offsets)
        .map(|(((path, message, hint), at), &offset)| SchemaProblem {
            path: shown_path(path),
            at,
            message: shorten(&as_written(&message, text, offset)),
            hint,
        })
        .collect();
    problems.sort_by(|a, b| (a.at, &a.path).cmp(&(b.at, &b.path)));
    (problems, omitted)
}

/// The problems kept so far (as path, message and fix) and how many more were found.
#[derive(Default)]
struct Found {
    raw: Vec<(Vec<Segment>, String, Option<String>)>,
    omitted: usize,
}

impl super::bounded::Collect for Found {
    fn take(&mut self, prefix: &[Segment], error: &ValidationError<'_>) -> bool {
        // A placeholder may stand in for any answer, whatever its type: the rules report it as
        // "to be completed". Unknown and missing fields around it are still errors.
        let placeholder = super::placeholder::is_placeholder(error.instance());
        if placeholder
            && !matches!(
                error.kind(),
                ValidationErrorKind::AdditionalProperties { .. }
                    | ValidationErrorKind::Required { .. }
            )
        {
            return true;
        }
        if self.raw.len() >= KEPT_PROBLEMS {
            self.count(weight(error));
            return false;
        }
        let schema = Schema::submission();
        let raw = &mut self.raw;
        let mut base: Vec<Segment> = prefix.to_vec();
        base.extend(super::bounded::segments(error));
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let names = allowed_names(schema, &base);
                for key in unexpected {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    let hint = unknown_key_hint(key, &names).unwrap_or_else(|| {
                        format!("the fields allowed here are: {}", names.join(", "))
                    });
                    let mut path = base.clone();
                    path.push(Segment::Key(key.as_str().into()));
                    raw.push((
                        path,
                        format!("unknown field `{}`", short_key(key)),
                        Some(hint),
                    ));
                }
            }
            ValidationErrorKind::Enum { options } => {
                let opts: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let got = error.instance().as_str().unwrap_or_default().to_owned();
                let hint = match closest(&got, &opts) {
                    Some(s) => format!("did you mean `{s}`? allowed values: {}", quoted(&opts)),
                    None => format!("allowed values: {}", quoted(&opts)),
                };
                raw.push((
                    base,
                    format!("`{}` is not an allowed value", error.instance()),
                    Some(hint),
                ));
            }
            ValidationErrorKind::Format { format } if format == "date" => {
                let hint = "write dates as YYYY-MM-DD, e.g. `2026-03-31`".to_owned();
                raw.push((base, error.to_string(), Some(hint)));
            }
            ValidationErrorKind::Type { kind } => {
                let hint = type_hint(&format!("{kind:?}"), error.instance());
                raw.push((base, error.to_string(), hint));
            }
            _ => raw.push((base, error.to_string(), None)),
        }
        self.raw.len() < KEPT_PROBLEMS
    }

    fn count(&mut self, n: usize) {
        self.omitted += n;
    }
}

/// How many problems one error is: one per unknown key it names.
/// The fix for a value of the wrong type: the literal to write (`"yes"` for a yes/no field is
/// `true`, a number in quotes is the number).
fn type_hint(expected: &str, got: &Value) -> Option<String> {
    let text = got.as_str().map(|s| s.trim().to_ascii_lowercase());
    let expected = expected.to_ascii_lowercase();
    if expected.contains("boolean") {
        let word = match text.as_deref() {
            Some("yes" | "y" | "true" | "1") => "true",
            Some("no" | "n" | "false" | "0") => "false",
            _ => "true or false",
        };
        return Some(format!(
            "this is a yes/no field: write `{word}` (JSON `true` or `false`, without quotes)"
        ));
    }
    if expected.contains("number") || expected.contains("integer") {
        return Some(match text {
            Some(t) if t.len() <= 40 && t.parse::<f64>().is_ok() => {
                format!("write the number without quotes: `{t}`")
            }
            Some(_) => "write a number, without quotes".into(),
            None if got.is_number() => "write a whole number".into(),
            None => return None,
        });
    }
    if expected.contains("array") && !got.is_array() && text.is_some_and(|t| t.len() <= 40) {
        return Some(format!("this field is a list: write `[{got}]`"));
    }
    None
}

fn weight(error: &ValidationError<'_>) -> usize {
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected.len(),
        _ => 1,
    }
}

/// A path as messages show it, each key cut to a readable length.
fn shown_path(mut path: Vec<Segment>) -> String {
    for seg in &mut path {
        if let Segment::Key(k) = seg {
            if let std::borrow::Cow::Owned(short) = short_key(k) {
                *k = short.into();
            }
        }
    }
    crate::path::ConcretePath(path).to_string()
}

/// The validator quotes a number as serde_json holds it (`-9.223372036854776e+18` for
/// `-9223372036854775809`); the message quotes it as the supplier wrote it.
fn as_written(message: &str, text: &str, offset: usize) -> String {
    let token = super::numbers::token_at(text, offset);
    let Some(held) = message.split(' ').next() else {
        return message.to_owned();
    };
    let is_number = held.parse::<f64>().is_ok();
    if is_number && !token.is_empty() && token != held {
        format!("{token}{}", &message[held.len()..])
    } else {
        message.to_owned()
    }
}

/// The validator quotes the offending value whole; a 200 MB string given where a number belongs
/// must not become a 200 MB message. The start names the value, the end says what is wrong.
fn shorten(message: &str) -> String {
    const KEEP: usize = 100;
    let count = message.chars().count();
    if count <= 2 * KEEP + 40 {
        return message.to_owned();
    }
    let head: String = message.chars().take(KEEP).collect();
    let tail: String = message.chars().skip(count - KEEP).collect();
    format!("{head} … {tail}")
}

fn allowed_names(schema: &Schema, path: &[Segment]) -> Vec<String> {
    let segs: Vec<String> = path
        .iter()
        .map(|s| match s {
            Segment::Key(k) => k.to_string(),
            Segment::Index(i) => i.to_string(),
        })
        .collect();
    schema
        .node_for_pointer(&segs)
        .map(|n| {
            schema
                .property_names(n)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
