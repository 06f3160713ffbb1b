//! Checks a parsed submission against the submission schema and turns each violation into a
//! problem a supplier can act on: the path, its `line:col`, and a fix ("did you mean …"). A
//! placeholder (`"<yes or no: …>"`, `"TBC"`) is accepted in place of any answer: it is not an
//! error of form but an answer still to be given, which the rules report as outstanding.

use super::positions::locate;
use crate::path::Segment;
use crate::schema::{Schema, closest};
use crate::source::{LineCol, line_cols};
use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::LocationSegment;
use serde_json::Value;

/// One way a submission breaks the schema.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SchemaProblem {
    pub path: String,
    pub at: LineCol,
    pub message: String,
    pub hint: Option<String>,
}

/// Every schema violation in `value`, in document order of the reported path.
pub fn check(text: &str, value: &Value) -> Vec<SchemaProblem> {
    let schema = Schema::submission();
    let mut raw: Vec<(Vec<Segment>, String, Option<String>)> = Vec::new();
    for error in schema.validator.iter_errors(value) {
        let base: Vec<Segment> = error
            .instance_path()
            .segments()
            .map(|s| match s {
                LocationSegment::Property(p) => Segment::Key(p.as_ref().into()),
                LocationSegment::Index(i) => Segment::Index(i),
            })
            .collect();
        // A placeholder may stand in for any answer, whatever its type: it is reported as "to be
        // completed" by the rules, not as a schema error. Unknown fields are still errors.
        let placeholder = super::placeholder::is_placeholder(error.instance());
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { .. }
            | ValidationErrorKind::Required { .. } => {}
            _ if placeholder => continue,
            _ => {}
        }
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let names = allowed_names(schema, &base);
                for key in unexpected {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    let hint = match closest(key, &names) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the fields allowed here are: {}", names.join(", ")),
                    };
                    let mut path = base.clone();
                    path.push(Segment::Key(key.as_str().into()));
                    raw.push((path, format!("unknown field `{key}`"), Some(hint)));
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
            _ => raw.push((base, error.to_string(), None)),
        }
    }
    let paths: Vec<&[Segment]> = raw.iter().map(|(p, _, _)| p.as_slice()).collect();
    let offsets: Vec<usize> = locate(text, &paths).iter().map(|f| f.offset).collect();
    let ats = line_cols(text, &offsets);
    let mut problems: Vec<SchemaProblem> = raw
        .into_iter()
        .zip(ats)
        .map(|((path, message, hint), at)| SchemaProblem {
            path: crate::path::ConcretePath(path).to_string(),
            at,
            message: shorten(&message),
            hint,
        })
        .collect();
    problems.sort_by(|a, b| (a.at, &a.path).cmp(&(b.at, &b.path)));
    problems
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
