//! A completed DTAC form (v1.0 or v2.0) read from its tables: any row whose first cell is a
//! question code of the form is an answer, read by the question table ([`super::questions`])
//! onto the submission. Options are recognised in the words people write; links are kept as
//! the document's address; placeholders become "To be completed" (evidence outstanding). Every
//! question not found and every answer not interpreted is a problem with its cell.

use super::position::{Origins, Position, path};
use super::questions::{self, Answer, ONLY_V1, ONLY_V2, Question};
use super::table::{Table, normalise};
use super::{Imported, Kind, Problem};
use crate::submission::placeholder::is_placeholder_text;
use serde_json::{Map, Value, json};

/// What is written for an answer still to be given: a placeholder the rules read as outstanding.
const TO_BE_COMPLETED: &str = "To be completed";

/// Reads a form's answers from its tables; `header` is text that may name the version.
pub fn read(file: &str, tables: &[Table], header: &str) -> Imported {
    let rows: Vec<(&str, &super::table::Row)> = tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .filter_map(|r| code(r.cells.first()?).map(|c| (c, r)))
        .collect();
    let version = version(header, rows.iter().map(|(c, _)| *c));
    let mut sub = json!({
        "schema_version": crate::submission::migrate::CURRENT,
        "submission": { "dtac_version": version },
    });
    let mut origins = Origins::default();
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for (code, row) in &rows {
        let Some(q) = questions::find(version, code) else {
            problems.push(Problem::new(
                row.at.clone(),
                format!("question {code} of the DTAC {version} form is not mapped onto a submission field: enter its answer in the submission by hand"),
            ));
            continue;
        };
        seen.push(q.code);
        let (text, at) = answer_cell(row);
        if let Err(message) = answer(&mut sub, q, &text, &at, &mut origins) {
            problems.push(Problem::new(at, message));
        }
    }
    let start = rows
        .first()
        .map_or_else(|| Position::line(file, 1, 1), |(_, r)| r.at.clone());
    let missing: Vec<&str> = questions::of(version)
        .filter(|q| !seen.contains(&q.code))
        .map(|q| q.code)
        .collect();
    if let Some(message) = not_found(version, &missing) {
        problems.push(Problem::new(start, message));
    }
    Imported {
        submission: sub,
        problems,
        unmapped: Vec::new(),
        origins,
        kind: Kind::Dtac,
    }
}

/// One problem for every question of the form the file does not answer (a list, not a line
/// each: a partial form would otherwise bury its real problems).
fn not_found(version: &str, missing: &[&str]) -> Option<String> {
    match missing {
        [] => None,
        [one] => Some(format!(
            "question {one} of the DTAC {version} form was not found in the file (no table row starts with `{one}`)"
        )),
        many => Some(format!(
            "{} questions of the DTAC {version} form were not found in the file (no table row starts with their codes): {}",
            many.len(),
            many.join(", ")
        )),
    }
}

/// Whether a cell starts with a question code.
pub fn is_code(cell: &str) -> bool {
    code(cell).is_some()
}

/// A question code at the start of a cell: `C1.2.4`, `C1.2.4.`, `C1.2.4 Supply your …`.
fn code(cell: &str) -> Option<&str> {
    let first = cell
        .split_whitespace()
        .next()?
        .trim_end_matches(['.', ':', ')']);
    let mut chars = first.chars();
    let section = chars.next()?;
    let valid = matches!(section, 'A'..='D')
        && first.len() >= 2
        && first[1..]
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    valid.then_some(first)
}

/// The form version: named in the header (`Version 2.0`), else told by codes only one version
/// asks; v2.0 when nothing tells (the form in use since 6 April 2026).
fn version<'a>(header: &str, codes: impl Iterator<Item = &'a str>) -> &'static str {
    let h = normalise(header);
    if h.contains("version 2 0") || h.contains("v2 0") || h.contains("dtac 2 0") {
        return "2.0";
    }
    if h.contains("version 1 0") || h.contains("v1 0") || h.contains("dtac 1 0") {
        return "1.0";
    }
    let (mut one, mut two) = (0, 0);
    for c in codes {
        one += usize::from(ONLY_V1.contains(&c));
        two += usize::from(ONLY_V2.contains(&c));
    }
    if one > two { "1.0" } else { "2.0" }
}

/// The answer: the row's last non-empty cell after the code and question (or the second cell
/// of a two-cell row).
fn answer_cell(row: &super::table::Row) -> (String, Position) {
    let idx = if row.cells.len() >= 3 {
        row.cells.len() - 1
    } else {
        1
    };
    (row.get(idx).trim().to_owned(), row.cell_at(idx))
}

fn answer(
    sub: &mut Value,
    q: &Question,
    text: &str,
    at: &Position,
    origins: &mut Origins,
) -> Result<(), String> {
    if text.is_empty() {
        return Err(format!(
            "question {} has no answer: the form asks it; answer it, or write TBC to mark it to be completed",
            q.code
        ));
    }
    let ticked = ticked(text);
    let text = ticked.as_deref().unwrap_or(text);
    let n = normalise(text);
    let value = if is_placeholder_text(text) || n == "to be completed" {
        match q.answer {
            Answer::Doc => json!({ "status": "to_be_completed" }),
            _ => Value::from(TO_BE_COMPLETED),
        }
    } else {
        match q.answer {
            Answer::Text => Value::from(text),
            Answer::Bool => match yes_no(&n) {
                Some(b) => Value::Bool(b),
                None => return Err(format!("question {} asks Yes or No; `{text}` is neither", q.code)),
            },
            Answer::Choice(options) => match options.iter().find(|(w, _)| starts_with_words(&n, w)) {
                Some((_, v)) => Value::from(*v),
                None => {
                    let words: Vec<&str> = options.iter().map(|(w, _)| *w).collect();
                    return Err(format!("question {}: `{text}` is none of the form's options ({})", q.code, words.join(", ")));
                }
            },
            Answer::Number => match text.trim_end_matches('%').trim().parse::<f64>() {
                Ok(x) if x.is_finite() => json!(x),
                _ => return Err(format!("question {} asks for a number, e.g. 99.95; `{text}` is not one", q.code)),
            },
            Answer::Doc => doc(&n, text).ok_or_else(|| {
                format!("question {}: `{text}` does not say whether the document is provided: write Provided (with its link), No, Not applicable as …, or Working towards", q.code)
            })?,
            Answer::OrgRef => {
                let compact = text.trim();
                let is_ch = compact.len() == 8 && compact.chars().all(|c| c.is_ascii_alphanumeric());
                let field = if is_ch { q.path } else { "company.other_reference" };
                put(sub, field, Value::from(compact), at, origins);
                return Ok(());
            }
        }
    };
    put(sub, q.path, value, at, origins);
    Ok(())
}

/// A form's tick boxes: the words after each ticked box (`☒ Yes ☐ No` → `Yes`), or `None`
/// when the text has no ticked box.
fn ticked(text: &str) -> Option<String> {
    const TICKED: &[char] = &['☒', '☑', '✔', '✓', '■', '⊠'];
    const EMPTY: &[char] = &['☐', '□'];
    let text = text
        .replace("[x]", "☒")
        .replace("[X]", "☒")
        .replace("[ ]", "☐");
    if !text.contains(TICKED) {
        return None;
    }
    let mut out = Vec::new();
    let mut keep = false;
    let mut current = String::new();
    for c in text.chars() {
        if TICKED.contains(&c) || EMPTY.contains(&c) {
            if keep && !current.trim().is_empty() {
                out.push(current.trim().to_owned());
            }
            current.clear();
            keep = TICKED.contains(&c);
        } else {
            current.push(c);
        }
    }
    if keep && !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    Some(out.join(" "))
}

fn yes_no(n: &str) -> Option<bool> {
    if starts_with_words(n, "yes") || n == "y" || n == "true" {
        Some(true)
    } else if starts_with_words(n, "no") || n == "n" || n == "false" {
        Some(false)
    } else {
        None
    }
}

fn starts_with_words(n: &str, words: &str) -> bool {
    n == words || n.starts_with(&format!("{words} "))
}

/// A document answer: its status from the words, its link from the text.
fn doc(n: &str, text: &str) -> Option<Value> {
    let url = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | ',' | ';')))
        .find(|w| w.starts_with("https://") || w.starts_with("http://"));
    let mut d = Map::new();
    if starts_with_words(n, "not applicable") || starts_with_words(n, "n a") {
        d.insert("status".into(), "not_applicable".into());
        let lower = text.to_lowercase();
        let after = lower
            .find("applicable")
            .and_then(|i| text.get(i + "applicable".len()..));
        let reason = after
            .unwrap_or("")
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim();
        if !reason.is_empty() {
            d.insert("reason".into(), reason.into());
        }
    } else if starts_with_words(n, "working towards") || starts_with_words(n, "in progress") {
        d.insert("status".into(), "in_progress".into());
    } else if starts_with_words(n, "no")
        || starts_with_words(n, "not provided")
        || starts_with_words(n, "no evidence")
    {
        d.insert("status".into(), "not_provided".into());
        let reason = text
            .split_once(['–', '-', ':'])
            .map(|(_, r)| r.trim())
            .unwrap_or("");
        if !reason.is_empty() {
            d.insert("reason".into(), reason.into());
        }
    } else if starts_with_words(n, "provided")
        || starts_with_words(n, "yes")
        || starts_with_words(n, "attached")
        || url.is_some()
    {
        d.insert("status".into(), "provided".into());
    } else {
        return None;
    }
    if let Some(u) = url {
        d.insert("url".into(), u.into());
    }
    Some(Value::Object(d))
}

/// Sets the value at a dotted path, making the objects on the way.
fn put(sub: &mut Value, dotted: &str, value: Value, at: &Position, origins: &mut Origins) {
    let keys: Vec<&str> = dotted.split('.').collect();
    let mut node = sub;
    for k in &keys[..keys.len() - 1] {
        let Some(obj) = node.as_object_mut() else {
            return;
        };
        node = obj.entry(*k).or_insert_with(|| json!({}));
    }
    if let (Some(obj), Some(last)) = (node.as_object_mut(), keys.last()) {
        obj.insert((*last).to_owned(), value);
    }
    origins.push(path(&keys), at.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_options_and_documents() {
        assert_eq!(code("C1.2.4."), Some("C1.2.4"));
        assert_eq!(code("C3.5.1 Supplier accounts"), Some("C3.5.1"));
        assert_eq!(code("Code"), None);
        assert_eq!(code("E1"), None);
        assert_eq!(
            doc(
                "provided https example",
                "Provided (https://example.org/cscr.pdf)"
            ),
            Some(json!({"status": "provided", "url": "https://example.org/cscr.pdf"}))
        );
        assert_eq!(
            doc(
                "not applicable as we hold no data",
                "Not applicable as we hold no data"
            ),
            Some(json!({"status": "not_applicable", "reason": "as we hold no data"}))
        );
        assert_eq!(
            doc("no see section 4", "No – see section 4"),
            Some(json!({"status": "not_provided", "reason": "see section 4"}))
        );
        assert_eq!(version("DTAC form version 1.0", std::iter::empty()), "1.0");
        assert_eq!(ticked("☐ Yes ☒ No").as_deref(), Some("No"));
        assert_eq!(
            ticked("[x] Confirmed [ ] Unable to confirm").as_deref(),
            Some("Confirmed")
        );
        assert_eq!(ticked("Yes"), None);
        assert_eq!(version("", ["D1.12", "C1.2"].into_iter()), "1.0");
    }
}
