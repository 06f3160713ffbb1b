//! CSV files read with the csv crate into one [`Table`]: rows of text cells, each row knowing
//! the line it starts on (a quoted cell may span lines).

use super::ImportError;
use super::position::Position;
use super::sheets::MAX_ROWS;
use super::table::{Row, Table};

/// The rows of a CSV file (comma, or semicolon or tab when the first line has more of those).
pub fn read(file: &str, bytes: &[u8]) -> Result<Table, ImportError> {
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
            ImportError::new(file, format!("not UTF-8 text ({e}); save the CSV as UTF-8"))
        })?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            ImportError::new(file, format!("line {line}: not valid CSV: {e}"))
        })?;
        if rows.len() >= MAX_ROWS {
            return Err(ImportError::new(
                file,
                format!(
                    "more than {MAX_ROWS} rows, more than a hazard log or form is read to; is this the right file?"
                ),
            ));
        }
        let line = record.position().map_or(0, csv::Position::line);
        rows.push(Row {
            at: Position::line(file, u32::try_from(line).unwrap_or(u32::MAX), 1),
            cells: record.iter().map(|c| c.trim().to_owned()).collect(),
        });
    }
    Ok(Table { rows })
}
