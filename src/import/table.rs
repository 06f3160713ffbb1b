//! The one shape every reader produces: tables of text cells, each cell knowing its position.
//! Spreadsheets, CSV, markdown and HTML tables and a document's tables all become [`Table`]s,
//! so header mapping and question matching are written once.

use super::position::{Place, Position};

/// One table (a sheet, a CSV file, a document's table).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Where the table's cells are, by row: the position of each row's first cell.
    pub rows: Vec<Row>,
}

/// One row: its cells' text (trimmed; empty for an empty cell) and the position of its first
/// cell, from which every cell's position follows by column.
#[derive(Debug, Clone)]
pub struct Row {
    pub at: Position,
    pub cells: Vec<String>,
}

impl Row {
    /// The position of the cell at 0-based index `i`.
    pub fn cell_at(&self, i: usize) -> Position {
        let base = match &self.at.place {
            Place::Cell { column, .. }
            | Place::Table { column, .. }
            | Place::Line { column, .. } => *column,
        };
        match &self.at.place {
            // A text row's cells are not at fixed columns: keep the line, count cells.
            Place::Line { .. } => self.at.at_column(u32::try_from(i + 1).unwrap_or(u32::MAX)),
            _ => self
                .at
                .at_column(base + u32::try_from(i).unwrap_or(u32::MAX - base)),
        }
    }

    pub fn get(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Text as a header or an option word is compared: lower case, letters and digits only, single
/// spaces (`"Initial Risk (Rating)"` → `"initial risk rating"`).
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_compare_by_their_words() {
        assert_eq!(normalise("Initial Risk (Rating)"), "initial risk rating");
        assert_eq!(normalise("  Hazard\nNo. "), "hazard no");
    }

    #[test]
    fn cells_know_their_column() {
        let row = Row {
            at: Position::cell("a.xlsx", "S", 4, 2),
            cells: vec!["x".into(), "y".into()],
        };
        assert_eq!(row.cell_at(1).to_string(), "a.xlsx:S!C4");
    }
}
