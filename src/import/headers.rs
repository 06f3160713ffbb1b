//! Hazard-log columns: the names hazard logs actually use for each hazard field, finding the
//! header row among a sheet's title rows, and a mapping file for headers it does not know.

use super::table::{Row, Table, normalise};
use std::collections::BTreeMap;

/// A hazard field a column (or a markdown section, or an issue label) fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Id,
    Title,
    Description,
    HazardType,
    Causes,
    Effect,
    Hazard,
    Harm,
    ExistingControls,
    Initial(Measure),
    Controls,
    ControlType,
    Residual(Measure),
    Rationale,
    Status,
    Owner,
}

/// One of the three numbers of a risk estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    Severity,
    Likelihood,
    Risk,
}

/// Every field by the name a mapping file uses for it (the hazard's JSON field).
pub const FIELD_NAMES: &[(&str, Field)] = &[
    ("id", Field::Id),
    ("title", Field::Title),
    ("description", Field::Description),
    ("hazard_type", Field::HazardType),
    ("causes", Field::Causes),
    ("effect", Field::Effect),
    ("hazard", Field::Hazard),
    ("harm", Field::Harm),
    ("existing_controls", Field::ExistingControls),
    ("initial.severity", Field::Initial(Measure::Severity)),
    ("initial.likelihood", Field::Initial(Measure::Likelihood)),
    ("initial.risk", Field::Initial(Measure::Risk)),
    ("controls", Field::Controls),
    ("control_type", Field::ControlType),
    ("residual.severity", Field::Residual(Measure::Severity)),
    ("residual.likelihood", Field::Residual(Measure::Likelihood)),
    ("residual.risk", Field::Residual(Measure::Risk)),
    ("residual_rationale", Field::Rationale),
    ("status", Field::Status),
    ("owner", Field::Owner),
];

/// Header words, normalised, for the fields that are not a risk measure.
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Id,
        &[
            "id",
            "hazard id",
            "hazard no",
            "hazard number",
            "hazard ref",
            "hazard reference",
            "ref",
            "reference",
            "no",
            "number",
            "haz id",
            "hazard",
        ],
    ),
    (
        Field::Title,
        &[
            "title",
            "name",
            "hazard name",
            "hazard title",
            "summary",
            "short name",
        ],
    ),
    (
        Field::Description,
        &["description", "hazard description", "details", "detail"],
    ),
    (
        Field::HazardType,
        &["hazard type", "type", "category", "hazard category"],
    ),
    (
        Field::Causes,
        &[
            "cause",
            "causes",
            "possible causes",
            "hazard cause",
            "hazard causes",
            "cause s",
        ],
    ),
    (Field::Effect, &["effect", "effects", "hazard effect"]),
    (
        Field::Harm,
        &[
            "harm",
            "potential clinical impact",
            "clinical impact",
            "potential harm",
            "possible harm",
            "impact",
            "harms",
        ],
    ),
    (
        Field::ExistingControls,
        &[
            "existing controls",
            "existing control",
            "current controls",
            "controls in place",
        ],
    ),
    (
        Field::Controls,
        &[
            "new controls",
            "additional controls",
            "new additional controls",
            "new or additional controls",
            "additional control",
            "new control",
            "mitigation",
            "mitigations",
            "controls",
            "risk controls",
        ],
    ),
    (
        Field::ControlType,
        &[
            "control type",
            "type of control",
            "control types",
            "additional control type",
        ],
    ),
    (
        Field::Rationale,
        &[
            "residual rationale",
            "alarp",
            "alarp rationale",
            "justification",
            "rationale",
        ],
    ),
    (Field::Status, &["status", "hazard status", "state"]),
    (
        Field::Owner,
        &["owner", "hazard owner", "assigned to", "assignee"],
    ),
];

/// The field a header names, by its words; `None` when it names none. `stage` says whether the
/// header names the initial or residual estimate (else the caller decides by column order).
pub fn classify(header: &str) -> Option<Classified> {
    let n = normalise(header);
    if n.is_empty() {
        return None;
    }
    if let Some(m) = measure(&n) {
        return Some(Classified::Measure(stage(&n), m));
    }
    // "Hazard" alone is the id column in some logs and the hazard statement in others: a column
    // named exactly "hazard" is read as the statement when an id column exists (see `map`).
    SYNONYMS
        .iter()
        .find(|(_, words)| words.contains(&n.as_str()))
        .map(|(f, _)| Classified::Field(*f))
}

/// What a header was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classified {
    Field(Field),
    /// A risk measure, with its stage when the header says it.
    Measure(Option<Stage>, Measure),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Initial,
    Residual,
}

fn has(n: &str, word: &str) -> bool {
    n.split(' ').any(|w| w == word)
}

fn stage(n: &str) -> Option<Stage> {
    if ["residual", "post", "after", "revised", "final"]
        .iter()
        .any(|w| has(n, w))
    {
        Some(Stage::Residual)
    } else if ["initial", "pre", "before", "inherent", "original"]
        .iter()
        .any(|w| has(n, w))
    {
        Some(Stage::Initial)
    } else {
        None
    }
}

fn measure(n: &str) -> Option<Measure> {
    if has(n, "control") || has(n, "controls") || has(n, "rationale") {
        return None;
    }
    if has(n, "severity") || has(n, "consequence") {
        Some(Measure::Severity)
    } else if has(n, "likelihood") || has(n, "probability") {
        Some(Measure::Likelihood)
    } else if has(n, "risk") && !has(n, "owner") {
        Some(Measure::Risk)
    } else {
        None
    }
}

/// A mapping file: `[columns]` from a header as written to a field name
/// (`"Risk Score" = "initial.risk"`, or `""` to leave a column out), and optionally the sheet
/// and the 1-based header row.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub header_row: Option<u32>,
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

impl Mapping {
    /// Reads a mapping file's TOML; the error names the field names it accepts.
    pub fn parse(text: &str) -> Result<Self, String> {
        let m: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        for (header, field) in &m.columns {
            if !field.is_empty() && !FIELD_NAMES.iter().any(|(n, _)| n == field) {
                let names: Vec<&str> = FIELD_NAMES.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "column `{header}` maps to `{field}`, which is not a hazard field; use one of {}, or \"\" to leave it out",
                    names.join(", ")
                ));
            }
        }
        Ok(m)
    }

    fn field_for(&self, header: &str) -> Option<Option<Field>> {
        let n = normalise(header);
        self.columns
            .iter()
            .find(|(h, _)| normalise(h) == n)
            .map(|(_, f)| {
                FIELD_NAMES
                    .iter()
                    .find(|(name, _)| name == f)
                    .map(|(_, f)| *f)
            })
    }
}

/// The header row found and what each column holds.
#[derive(Debug, Clone)]
pub struct Header {
    /// Index of the header row in the table.
    pub row: usize,
    /// The field of each column, by 0-based column index.
    pub columns: BTreeMap<usize, Field>,
    /// Columns with a header that maps to no field: (index, header text).
    pub unmapped: Vec<(usize, String)>,
}

/// How many rows from the top the header row is looked for in.
const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the header row (the one among the first rows naming the most fields, at least two of
/// them an id, title, description or hazard) and maps its columns. A header that names only a
/// measure (`Severity`) takes its stage from the row above (a merged `Initial risk` cell), or
/// else from order: the first of each measure is initial, the next residual.
pub fn find(table: &Table, mapping: &Mapping) -> Option<Header> {
    let candidates: Vec<usize> = match mapping.header_row {
        Some(r) => vec![usize::try_from(r).ok()?.checked_sub(1)?],
        None => (0..table.rows.len().min(HEADER_SEARCH_ROWS)).collect(),
    };
    let mut best: Option<(usize, Header)> = None;
    for r in candidates {
        let Some(row) = table.rows.get(r) else {
            continue;
        };
        let above = r.checked_sub(1).and_then(|a| table.rows.get(a));
        let header = map(r, row, above, mapping);
        let named = header.columns.len();
        let identifying = header
            .columns
            .values()
            .filter(|f| {
                matches!(
                    f,
                    Field::Id | Field::Title | Field::Description | Field::Hazard
                )
            })
            .count();
        let good = named >= 2 && identifying >= 1 || mapping.header_row.is_some();
        if good && best.as_ref().is_none_or(|(n, _)| named > *n) {
            best = Some((named, header));
        }
    }
    best.map(|(_, h)| h)
}

fn map(r: usize, row: &Row, above: Option<&Row>, mapping: &Mapping) -> Header {
    let spans = above.map(filled_forward).unwrap_or_default();
    let mut columns = BTreeMap::new();
    let mut unmapped = Vec::new();
    let mut seen_measure: Vec<Measure> = Vec::new();
    let has_id = row.cells.iter().any(|c| {
        matches!(classify(c), Some(Classified::Field(Field::Id))) && normalise(c) != "hazard"
    });
    for (i, cell) in row.cells.iter().enumerate() {
        if cell.trim().is_empty() {
            continue;
        }
        if let Some(explicit) = mapping.field_for(cell) {
            if let Some(f) = explicit {
                columns.insert(i, f);
            }
            continue;
        }
        let field = match classify(cell) {
            Some(Classified::Field(Field::Id)) if normalise(cell) == "hazard" && has_id => {
                Some(Field::Hazard)
            }
            Some(Classified::Field(f)) => Some(f),
            Some(Classified::Measure(st, m)) => {
                let st = st
                    .or_else(|| spans.get(i).and_then(|a| stage(&normalise(a))))
                    .unwrap_or(if seen_measure.contains(&m) {
                        Stage::Residual
                    } else {
                        Stage::Initial
                    });
                seen_measure.push(m);
                Some(match st {
                    Stage::Initial => Field::Initial(m),
                    Stage::Residual => Field::Residual(m),
                })
            }
            None => None,
        };
        match field {
            Some(f) if !columns.values().any(|g| *g == f) => {
                columns.insert(i, f);
            }
            _ => unmapped.push((i, cell.clone())),
        }
    }
    Header {
        row: r,
        columns,
        unmapped,
    }
}

/// A row with each empty cell taking the text to its left: how a merged cell over several
/// columns reads.
fn filled_forward(row: &Row) -> Vec<String> {
    let mut last = String::new();
    row.cells
        .iter()
        .map(|c| {
            if !c.trim().is_empty() {
                last = c.clone();
            }
            last.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::position::Position;

    fn row(r: u32, cells: &[&str]) -> Row {
        Row {
            at: Position::cell("t.xlsx", "S", r, 1),
            cells: cells.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn finds_the_header_under_title_rows_and_reads_merged_stages() {
        let table = Table {
            rows: vec![
                row(1, &["Hazard Log – ObsFlow"]),
                row(
                    2,
                    &["", "", "Initial risk", "", "", "Residual risk", "", ""],
                ),
                row(
                    3,
                    &[
                        "Hazard No.",
                        "Hazard name",
                        "Severity",
                        "Likelihood",
                        "Risk",
                        "Severity",
                        "Likelihood",
                        "Risk",
                        "Colour",
                    ],
                ),
            ],
        };
        let h = find(&table, &Mapping::default()).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.columns[&0], Field::Id);
        assert_eq!(h.columns[&4], Field::Initial(Measure::Risk));
        assert_eq!(h.columns[&5], Field::Residual(Measure::Severity));
        assert_eq!(h.unmapped, vec![(8, "Colour".to_owned())]);
    }

    #[test]
    fn a_mapping_file_names_unknown_headers() {
        let m = Mapping::parse("[columns]\n\"Risk Score\" = \"initial.risk\"\n\"Colour\" = \"\"\n")
            .unwrap();
        let table = Table {
            rows: vec![row(1, &["ID", "Title", "Risk Score", "Colour"])],
        };
        let h = find(&table, &m).unwrap();
        assert_eq!(h.columns[&2], Field::Initial(Measure::Risk));
        assert!(h.unmapped.is_empty());
        assert!(
            Mapping::parse("[columns]\nx = \"nope\"\n")
                .unwrap_err()
                .contains("initial.risk")
        );
    }
}
