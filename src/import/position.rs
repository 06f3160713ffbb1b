//! Where an imported value came from: a spreadsheet cell (`Hazards!F12`), a line of a text file
//! (`12:3`), or a cell of a document's table; and the map from submission paths to those places
//! that lets a finding name the cell instead of a JSON line.

use crate::path::Segment;
use std::fmt;

/// One place in an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The file as the user named it, e.g. `hazard-log.xlsx` or `hazards/H-004.md`.
    pub file: String,
    pub place: Place,
}

/// The place within the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A spreadsheet cell: sheet name, 1-based row and column.
    Cell {
        sheet: String,
        row: u32,
        column: u32,
    },
    /// A text file's 1-based line and column (CSV, markdown, JSON).
    Line { line: u32, column: u32 },
    /// A cell of the n-th table of a document (all 1-based).
    Table { table: u32, row: u32, column: u32 },
}

impl Position {
    pub fn cell(file: &str, sheet: &str, row: u32, column: u32) -> Self {
        Self {
            file: file.to_owned(),
            place: Place::Cell {
                sheet: sheet.to_owned(),
                row,
                column,
            },
        }
    }

    pub fn line(file: &str, line: u32, column: u32) -> Self {
        Self {
            file: file.to_owned(),
            place: Place::Line { line, column },
        }
    }

    /// The line (or row) and column a report shows for editors and SARIF.
    pub fn line_col(&self) -> (u32, u32) {
        match &self.place {
            Place::Cell { row, column, .. } | Place::Table { row, column, .. } => (*row, *column),
            Place::Line { line, column } => (*line, *column),
        }
    }

    /// The place without the file: `Hazards!F12`, `12:3`, `table 2, row 5, cell 3`.
    pub fn within(&self) -> String {
        match &self.place {
            Place::Cell { sheet, row, column } => {
                format!("{}!{}{row}", quoted(sheet), letters(*column))
            }
            Place::Line { line, column } => format!("{line}:{column}"),
            Place::Table { table, row, column } => {
                format!("table {table}, row {row}, cell {column}")
            }
        }
    }

    /// The same row (line), another column.
    pub fn at_column(&self, column: u32) -> Self {
        let mut p = self.clone();
        match &mut p.place {
            Place::Cell { column: c, .. }
            | Place::Line { column: c, .. }
            | Place::Table { column: c, .. } => *c = column,
        }
        p
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.within())
    }
}

/// A sheet name as a spreadsheet formula writes it: quoted when it holds anything but letters,
/// digits and underscores.
fn quoted(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_owned()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// Column 1 → `A`, 27 → `AA`.
pub fn letters(mut column: u32) -> String {
    let mut out = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        column = (column - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Where each imported value sits, by its submission path; the longest recorded prefix of a
/// path answers for it (a hazard's row for a field the row left empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    entries: Vec<(Vec<Segment>, Position)>,
}

impl Origins {
    pub fn push(&mut self, path: Vec<Segment>, at: Position) {
        self.entries.push((path, at));
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every entry of `other` added, as it is (a merged part's full paths).
    pub fn extend(&mut self, other: Origins) {
        self.entries.extend(other.entries);
    }

    /// Every entry moved under `prefix` (a hazard's fields under its place in the log).
    pub fn extend_under(&mut self, prefix: &[Segment], other: Origins) {
        for (path, at) in other.entries {
            let mut full = prefix.to_vec();
            full.extend(path);
            self.entries.push((full, at));
        }
    }

    /// The place recorded for the longest prefix of `path`, if any.
    pub fn lookup(&self, path: &[Segment]) -> Option<&Position> {
        self.entries
            .iter()
            .filter(|(p, _)| path.starts_with(p))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, at)| at)
    }

    /// The entries, as `(dotted path, position)`, for listing.
    pub fn entries(&self) -> impl Iterator<Item = (&[Segment], &Position)> {
        self.entries.iter().map(|(p, at)| (p.as_slice(), at))
    }
}

/// Path segments from `a.b[2].c` keys (test and table helper).
pub fn path(keys: &[&str]) -> Vec<Segment> {
    keys.iter()
        .map(|k| match k.parse::<usize>() {
            Ok(i) => Segment::Index(i),
            Err(_) => Segment::Key((*k).into()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(letters(1), "A");
        assert_eq!(letters(26), "Z");
        assert_eq!(letters(27), "AA");
        let at = Position::cell("log.xlsx", "Hazards", 12, 6);
        assert_eq!(at.to_string(), "log.xlsx:Hazards!F12");
        let spaced = Position::cell("log.xlsx", "Hazard Log", 3, 1);
        assert_eq!(spaced.to_string(), "log.xlsx:'Hazard Log'!A3");
    }

    #[test]
    fn the_longest_prefix_answers() {
        let mut o = Origins::default();
        o.push(path(&["h", "0"]), Position::line("a.md", 1, 1));
        o.push(path(&["h", "0", "risk"]), Position::line("a.md", 9, 1));
        assert_eq!(
            o.lookup(&path(&["h", "0", "risk"])).map(|p| p.line_col()),
            Some((9, 1))
        );
        assert_eq!(
            o.lookup(&path(&["h", "0", "harm"])).map(|p| p.line_col()),
            Some((1, 1))
        );
        assert!(o.lookup(&path(&["h", "1"])).is_none());
    }
}
