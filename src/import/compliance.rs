//! A DCB0129 compliance assessment (the NHS template's clause / status / evidence table) read
//! into `clinical_safety.compliance_assessment`: each clause row's status (yes, no, partial,
//! awaiting, not applicable, in the words people write) and its evidence, remembering its cell.

use super::position::{Origins, Position, path};
use super::table::{Row, Table, normalise};
use super::{ImportError, Imported, Kind, Problem, Unmapped};
use crate::submission::placeholder::is_placeholder_text;
use serde_json::{Map, Value, json};

/// The columns of a compliance table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Clause,
    Requirement,
    Status,
    Evidence,
    Comment,
}

fn column(header: &str) -> Option<Column> {
    let n = normalise(header);
    let has = |w: &str| n.split(' ').any(|x| x == w);
    if has("clause") || n == "ref" || n == "reference" || n == "section" || n == "requirement id" {
        Some(Column::Clause)
    } else if has("status") || has("compliant") || has("compliance") || n == "met" || n == "outcome"
    {
        Some(Column::Status)
    } else if has("evidence") || has("artefact") || has("document") || has("documents") {
        Some(Column::Evidence)
    } else if has("requirement") || has("description") || has("title") {
        Some(Column::Requirement)
    } else if has("comment") || has("comments") || has("notes") || has("note") || has("rationale") {
        Some(Column::Comment)
    } else {
        None
    }
}

/// How many rows from the top the header row is looked for in.
const HEADER_SEARCH_ROWS: usize = 30;

/// Whether one of the tables has a clause / status header row.
pub fn has_header(tables: &[Table]) -> bool {
    find_header(tables).is_some()
}

type Found<'a> = (&'a Table, usize, Vec<(usize, Column)>);

/// The first table with a clause and a status column: the table, its header row, its columns.
fn find_header(tables: &[Table]) -> Option<Found<'_>> {
    tables.iter().find_map(|t| {
        t.rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .enumerate()
            .find_map(|(i, r)| {
                let cols: Vec<(usize, Column)> = r
                    .cells
                    .iter()
                    .enumerate()
                    .filter_map(|(c, h)| Some((c, column(h)?)))
                    .collect();
                let has = |k: Column| cols.iter().any(|(_, c)| *c == k);
                (has(Column::Clause) && has(Column::Status)).then_some((t, i, cols))
            })
    })
}

/// The clause rows of the first table with a clause and a status column.
pub fn read(file: &str, tables: &[Table]) -> Result<Imported, ImportError> {
    let Some((table, header, cols)) = find_header(tables) else {
        return Err(ImportError::new(
            file,
            "no clause / status header row found: a compliance assessment needs columns such as `Clause`, `Status` (or `Compliant`) and `Evidence`",
        ));
    };
    let head = &table.rows[header];
    let col = |k: Column| cols.iter().find(|(_, c)| *c == k).map(|(i, _)| *i);
    let mapped: Vec<usize> = cols.iter().map(|(i, _)| *i).collect();
    let unmapped = head
        .cells
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.trim().is_empty() && !mapped.contains(i))
        .map(|(i, h)| Unmapped {
            header: h.clone(),
            at: head.cell_at(i),
        })
        .collect();
    let mut clauses = Vec::new();
    let mut origins = Origins::default();
    let mut problems = Vec::new();
    for row in table.rows.iter().skip(header + 1).filter(|r| !r.is_blank()) {
        let Some(ci) = col(Column::Clause) else { break };
        let clause = row.get(ci).trim().trim_end_matches('.');
        if !is_clause(clause) {
            // A heading row of the template (a section title) is not a clause.
            if col(Column::Status).is_some_and(|s| !row.get(s).trim().is_empty()) {
                problems.push(Problem::new(row.cell_at(ci), format!("`{clause}` is not a DCB0129 clause number (such as 2.1.1): the row was not read")));
            }
            continue;
        }
        let at = |k: Column| col(k).map(|i| row.cell_at(i));
        let index = clauses.len();
        let base = path(&[
            "clinical_safety",
            "compliance_assessment",
            "clauses",
            &index.to_string(),
        ]);
        origins.push(base.clone(), row.cell_at(ci));
        clauses.push(entry(
            row,
            clause,
            &col,
            &at,
            &base,
            &mut origins,
            &mut problems,
        ));
    }
    let title = file.rsplit('/').next().unwrap_or(file);
    Ok(Imported {
        submission: json!({
            "schema_version": crate::submission::migrate::CURRENT,
            "clinical_safety": { "compliance_assessment": {
                "document": { "status": "provided", "title": title, "transcribed": true },
                "clauses": clauses,
            }},
        }),
        problems,
        unmapped,
        origins,
        kind: Kind::Compliance,
    })
}

fn entry(
    row: &Row,
    clause: &str,
    col: &dyn Fn(Column) -> Option<usize>,
    at: &dyn Fn(Column) -> Option<Position>,
    base: &[crate::path::Segment],
    origins: &mut Origins,
    problems: &mut Vec<Problem>,
) -> Value {
    let mut e = Map::new();
    e.insert("clause".into(), clause.into());
    let text = |k: Column| {
        col(k)
            .map(|i| row.get(i).trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    let mut record = |key: &str, k: Column, v: Value, e: &mut Map<String, Value>| {
        e.insert(key.into(), v);
        if let Some(p) = at(k) {
            let mut full = base.to_vec();
            full.push(crate::path::Segment::Key(key.into()));
            origins.push(full, p);
        }
    };
    if let Some(t) = text(Column::Requirement) {
        record("requirement", Column::Requirement, t.into(), &mut e);
    }
    match text(Column::Status) {
        None => problems.push(Problem::new(
            at(Column::Status).unwrap_or_else(|| row.at.clone()),
            format!("clause {clause} has no status: write yes, no, partial, awaiting or not applicable"),
        )),
        Some(t) if is_placeholder_text(&t) => record("status", Column::Status, "To be completed".into(), &mut e),
        Some(t) => match status(&t) {
            Some(s) => record("status", Column::Status, s.into(), &mut e),
            None => problems.push(Problem::new(
                at(Column::Status).unwrap_or_else(|| row.at.clone()),
                format!("clause {clause}: status `{t}` is not one the compliance assessment records: write yes, no, partial, awaiting or not applicable"),
            )),
        },
    }
    if let Some(t) = text(Column::Evidence) {
        record("evidence", Column::Evidence, t.into(), &mut e);
    }
    if let Some(t) = text(Column::Comment) {
        record("comment", Column::Comment, t.into(), &mut e);
    }
    Value::Object(e)
}

/// `2.1.1`, `3.2`: digits separated by dots.
fn is_clause(text: &str) -> bool {
    let t = text.trim_end_matches('.');
    t.contains('.')
        && t.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn status(text: &str) -> Option<&'static str> {
    let n = normalise(text);
    let starts = |w: &str| n == w || n.starts_with(&format!("{w} "));
    if starts("not applicable") || starts("n a") || n == "na" {
        Some("not_applicable")
    } else if starts("partial") || starts("partially") || starts("partly") {
        Some("partial")
    } else if starts("awaiting")
        || starts("in progress")
        || starts("pending")
        || starts("working towards")
    {
        Some("awaiting")
    } else if starts("non compliant")
        || starts("not compliant")
        || starts("not met")
        || starts("no")
    {
        Some("no")
    } else if starts("yes") || starts("compliant") || starts("met") || starts("complies") {
        Some("yes")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_in_the_words_people_write() {
        assert_eq!(status("Yes"), Some("yes"));
        assert_eq!(status("Non-compliant"), Some("no"));
        assert_eq!(status("Partially – see CRMP"), Some("partial"));
        assert_eq!(status("N/A"), Some("not_applicable"));
        assert_eq!(status("Awaiting sign-off"), Some("awaiting"));
        assert_eq!(status("Maybe"), None);
        assert!(
            is_clause("2.1.1") && is_clause("3.2.") && !is_clause("Governance") && !is_clause("2")
        );
    }
}
