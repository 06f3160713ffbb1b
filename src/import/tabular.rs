//! A hazard log kept as a table (a sheet or a CSV file): find the header row, map the columns,
//! and read every row below it as a hazard, listing the columns nobody could map.

use super::hazards::{Draft, Read};
use super::headers::{self, Mapping};
use super::table::Table;
use super::{ImportError, Unmapped};

/// Reads the hazards of `table`; an error when no header row is found.
pub fn hazards(
    file: &str,
    table: &Table,
    mapping: &Mapping,
    read: &mut Read,
) -> Result<(), ImportError> {
    let header = headers::find(table, mapping).ok_or_else(|| {
        ImportError::new(
            file,
            "no header row found in the first 30 rows: the hazard log needs a row of column names such as `Hazard ID`, `Title`, `Initial severity`; add one, or name the headers in a mapping file (`--mapping`)",
        )
    })?;
    let header_row = &table.rows[header.row];
    for (i, name) in &header.unmapped {
        read.unmapped.push(Unmapped {
            header: name.clone(),
            at: header_row.cell_at(*i),
        });
    }
    for row in table.rows.iter().skip(header.row + 1) {
        if row.is_blank() {
            continue;
        }
        let fields = header
            .columns
            .iter()
            .map(|(i, f)| (*f, row.get(*i).to_owned(), row.cell_at(*i)))
            .collect();
        let first = header.columns.keys().next().copied().unwrap_or(0);
        read.push(Draft {
            at: row.cell_at(first),
            fields,
        });
    }
    Ok(())
}
