//! A hazard log kept as issues in an issue tracker, exported as JSON (a list of issues, or an
//! object with an `issues` list): labels such as `severity-3`, `likelihood-2`,
//! `risk-level-3-undesirable` (or `residual-severity-2`) give the estimates, the milestone can
//! mark an assessment as residual, and the body's headed sections give the other fields.

use super::hazards::{Draft, Read};
use super::headers::{Field, Measure};
use super::markdown;
use super::position::Position;
use super::{ImportError, Problem, Unmapped};
use crate::path::Segment;
use serde_json::Value;

/// Reads the hazards of an issue export.
pub fn hazards(file: &str, bytes: &[u8], read: &mut Read) -> Result<(), ImportError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ImportError::new(file, format!("not UTF-8 text ({e})")))?;
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::new(file, format!("line {}: not valid JSON: {e}", e.line())))?;
    let (list, prefix): (&[Value], Vec<Segment>) = match &value {
        Value::Array(a) => (a, vec![]),
        Value::Object(o) => match o.get("issues").and_then(Value::as_array) {
            Some(a) => (a, vec![Segment::Key("issues".into())]),
            None => return Err(not_issues(file)),
        },
        _ => return Err(not_issues(file)),
    };
    let starts = issue_lines(text, &prefix, list.len());
    let any_hazard_label = list.iter().any(|i| labels(i).iter().any(|l| l == "hazard"));
    for (issue, line) in list.iter().zip(starts) {
        let at = Position::line(file, line, 1);
        let labels = labels(issue);
        if any_hazard_label && !labels.iter().any(|l| l == "hazard") {
            read.problems.push(Problem::new(
                at,
                format!(
                    "issue {} is not labelled `hazard`: not read as a hazard",
                    number(issue)
                ),
            ));
            continue;
        }
        let (draft, unmapped) = draft(issue, &labels, at, file, &mut read.problems);
        for (header, at) in unmapped {
            read.unmapped.push(Unmapped { header, at });
        }
        read.push(draft);
    }
    Ok(())
}

fn not_issues(file: &str) -> ImportError {
    ImportError::new(
        file,
        "not an issue export: expected a JSON list of issues (each with `title`, `body` and `labels`), or an object with an `issues` list",
    )
}

fn number(issue: &Value) -> String {
    match issue
        .get("number")
        .or_else(|| issue.get("iid"))
        .or_else(|| issue.get("id"))
    {
        Some(Value::Number(n)) => format!("#{n}"),
        Some(Value::String(s)) => s.clone(),
        _ => "(without a number)".into(),
    }
}

/// Label names: strings, or objects with a `name`.
fn labels(issue: &Value) -> Vec<String> {
    issue
        .get("labels")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|l| l.as_str().or_else(|| l.get("name")?.as_str()))
                .map(|s| s.trim().to_lowercase())
                .collect()
        })
        .unwrap_or_default()
}

fn draft(
    issue: &Value,
    labels: &[String],
    at: Position,
    file: &str,
    problems: &mut Vec<Problem>,
) -> (Draft, Vec<(String, Position)>) {
    let mut fields = Vec::new();
    let id = issue
        .get("hazard_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| {
            let n = number(issue);
            match n.strip_prefix('#') {
                Some(num) => format!("H-{num}"),
                None => n,
            }
        });
    fields.push((Field::Id, id, at.clone()));
    if let Some(t) = issue.get("title").and_then(Value::as_str) {
        fields.push((Field::Title, t.to_owned(), at.clone()));
    }
    let residual_milestone = issue
        .pointer("/milestone/title")
        .or_else(|| issue.get("milestone"))
        .and_then(Value::as_str)
        .is_some_and(|m| m.to_lowercase().contains("residual"));
    for l in labels {
        if let Some((field, value)) = label_field(l, residual_milestone) {
            fields.push((field, value, at.clone()));
        } else if l.starts_with("severity") || l.starts_with("likelihood") || l.starts_with("risk")
        {
            problems.push(Problem::new(
                at.clone(),
                format!("label `{l}` looks like a risk estimate but gives no level 1–5: use `severity-N`, `likelihood-N` or `risk-level-N`"),
            ));
        }
    }
    if issue.get("state").and_then(Value::as_str) == Some("closed") {
        fields.push((Field::Status, "closed".into(), at.clone()));
    } else if issue.get("state").and_then(Value::as_str).is_some() {
        fields.push((Field::Status, "open".into(), at.clone()));
    }
    let mut unmapped = Vec::new();
    let body = issue.get("body").and_then(Value::as_str).unwrap_or("");
    // The body's lines have no place of their own in the export: they are named by the issue.
    let mut body_fields = Vec::new();
    for s in markdown::sections(body, 1).iter().filter(|s| s.level > 0) {
        markdown::section_fields(file, s, &mut body_fields, &mut unmapped);
    }
    for (f, t, _) in body_fields {
        fields.retain(|(g, _, _)| *g != f);
        fields.push((f, t, at.clone()));
    }
    let unmapped = unmapped.into_iter().map(|(h, _)| (h, at.clone())).collect();
    (Draft { at, fields }, unmapped)
}

/// `severity-3`, `initial-likelihood-2`, `residual-severity-2`, `risk-level-3-undesirable`.
fn label_field(label: &str, residual: bool) -> Option<(Field, String)> {
    let (stage_residual, rest) = if let Some(r) = label.strip_prefix("residual-") {
        (true, r)
    } else if let Some(r) = label.strip_prefix("initial-") {
        (false, r)
    } else {
        (residual, label)
    };
    let (measure, rest) = if let Some(r) = rest.strip_prefix("severity-") {
        (Measure::Severity, r)
    } else if let Some(r) = rest.strip_prefix("likelihood-") {
        (Measure::Likelihood, r)
    } else if let Some(r) = rest
        .strip_prefix("risk-level-")
        .or_else(|| rest.strip_prefix("risk-"))
    {
        (Measure::Risk, r)
    } else {
        return None;
    };
    let level = rest
        .split('-')
        .next()
        .filter(|d| matches!(*d, "1" | "2" | "3" | "4" | "5"))?;
    let field = if stage_residual {
        Field::Residual(measure)
    } else {
        Field::Initial(measure)
    };
    Some((field, level.to_owned()))
}

/// The line each issue of the list starts on.
fn issue_lines(text: &str, prefix: &[Segment], n: usize) -> Vec<u32> {
    let paths: Vec<Vec<Segment>> = (0..n)
        .map(|i| {
            let mut p = prefix.to_vec();
            p.push(Segment::Index(i));
            p
        })
        .collect();
    let refs: Vec<&[Segment]> = paths.iter().map(Vec::as_slice).collect();
    let offsets: Vec<usize> = crate::submission::locate(text, &refs)
        .iter()
        .map(|f| f.offset)
        .collect();
    crate::source::line_cols(text, &offsets)
        .into_iter()
        .map(|lc| lc.line)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_give_the_estimates() {
        assert_eq!(
            label_field("severity-3", false),
            Some((Field::Initial(Measure::Severity), "3".into()))
        );
        assert_eq!(
            label_field("risk-level-4-mandatory", false),
            Some((Field::Initial(Measure::Risk), "4".into()))
        );
        assert_eq!(
            label_field("likelihood-2", true),
            Some((Field::Residual(Measure::Likelihood), "2".into()))
        );
        assert_eq!(label_field("severity-x", false), None);
    }
}
