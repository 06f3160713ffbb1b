//! Workbooks (.xlsx, .ods) read with calamine into [`Table`]s, one per sheet: every cell as
//! text (numbers without a trailing `.0`, dates stored as numbers written as dates), each row
//! knowing its sheet and row. An encrypted or corrupt workbook is an error that says so. An
//! .xlsx sheet is streamed cell by cell and refused once it passes [`MAX_ROWS`], so a huge
//! sheet costs no more memory than the rows read; calamine reads an .ods sheet whole.

use super::ImportError;
use super::position::Position;
use super::table::{Row, Table};
use calamine::{Data, DataRef, Ods, Range, Reader, Xlsx, open_workbook_from_rs};
use std::io::Cursor;

/// The most rows read from one sheet; a hazard log or a form is a few hundred.
pub const MAX_ROWS: usize = 20_000;

/// The start of an OLE compound file: an encrypted (password-protected) .xlsx, or an old .xls.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

/// Every sheet of a workbook, by name, in workbook order.
pub fn read(file: &str, bytes: &[u8], ods: bool) -> Result<Vec<(String, Table)>, ImportError> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ImportError::new(
            file,
            "the workbook is encrypted (password-protected), or an old binary .xls file; remove the password, or save it as .xlsx, and import that",
        ));
    }
    let cursor = Cursor::new(bytes);
    let corrupt = |e: &dyn std::fmt::Display| {
        let kind = if ods { ".ods" } else { ".xlsx" };
        ImportError::new(
            file,
            format!(
                "not a readable {kind} workbook ({e}); open it in a spreadsheet program and save it again"
            ),
        )
    };
    let mut out = Vec::new();
    if ods {
        let mut wb: Ods<_> = open_workbook_from_rs(cursor).map_err(|e| corrupt(&e))?;
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).map_err(|e| corrupt(&e))?;
            out.push((name.clone(), table(file, &name, &range)?));
        }
    } else {
        let mut wb: Xlsx<_> = open_workbook_from_rs(cursor).map_err(|e| corrupt(&e))?;
        for name in wb.sheet_names() {
            let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| corrupt(&e))?;
            let mut cells = Vec::new();
            let mut top = u32::MAX;
            while let Some(cell) = reader.next_cell().map_err(|e| corrupt(&e))? {
                let (r, c) = cell.get_position();
                let t = text_ref(cell.get_value());
                if t.is_empty() {
                    continue;
                }
                top = top.min(r);
                if usize::try_from(r - top).unwrap_or(usize::MAX) >= MAX_ROWS {
                    return Err(too_many(file, &name));
                }
                cells.push((r, c, t));
            }
            out.push((name.clone(), grid(file, &name, cells)));
        }
    }
    Ok(out)
}

fn too_many(file: &str, sheet: &str) -> ImportError {
    ImportError::new(
        file,
        format!(
            "sheet `{sheet}` has more than {MAX_ROWS} rows, more than a hazard log or form is read to; is this the right file? Split it, or remove the empty rows"
        ),
    )
}

/// A table from the non-empty cells of a streamed sheet (0-based row, column, text), from its
/// first used row and column.
fn grid(file: &str, sheet: &str, cells: Vec<(u32, u32, String)>) -> Table {
    let Some(top) = cells.iter().map(|c| c.0).min() else {
        return Table::default();
    };
    let left = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let bottom = cells.iter().map(|c| c.0).max().unwrap_or(top);
    let mut rows: Vec<Row> = (top..=bottom)
        .map(|r| Row {
            at: Position::cell(file, sheet, r + 1, left + 1),
            cells: Vec::new(),
        })
        .collect();
    for (r, c, t) in cells {
        let (Ok(ri), Ok(ci)) = (usize::try_from(r - top), usize::try_from(c - left)) else {
            continue;
        };
        if let Some(row) = rows.get_mut(ri) {
            if row.cells.len() <= ci {
                row.cells.resize(ci + 1, String::new());
            }
            row.cells[ci] = t;
        }
    }
    Table { rows }
}

fn table(file: &str, sheet: &str, range: &Range<Data>) -> Result<Table, ImportError> {
    let (top, left) = range.start().unwrap_or((0, 0));
    if range.height() > MAX_ROWS {
        return Err(too_many(file, sheet));
    }
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            at: Position::cell(
                file,
                sheet,
                top + u32::try_from(i).unwrap_or(u32::MAX - top) + 1,
                left + 1,
            ),
            cells: cells.iter().map(text).collect(),
        })
        .collect();
    Ok(Table { rows })
}

/// A cell's value as text.
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "Yes" } else { "No" }.to_owned(),
        Data::DateTime(dt) => serial_date(dt.as_f64()).unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A streamed cell's value as text, as [`text`] writes it.
fn text_ref(d: &DataRef<'_>) -> String {
    match d {
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => text(&Data::Float(*f)),
        DataRef::Bool(b) => text(&Data::Bool(*b)),
        DataRef::DateTime(dt) => text(&Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// A spreadsheet date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> Option<String> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = jiff::civil::date(1899, 12, 30);
    let days = serial.floor() as i32;
    epoch
        .checked_add(jiff::Span::new().days(days))
        .ok()
        .map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_stored_as_numbers_read_as_dates() {
        assert_eq!(serial_date(45_658.0).as_deref(), Some("2025-01-01"));
        assert_eq!(serial_date(-3.0), None);
    }

    #[test]
    fn encrypted_and_corrupt_workbooks_are_errors() {
        let e = read("a.xlsx", &[0xD0, 0xCF, 0x11, 0xE0, 0, 0], false).unwrap_err();
        assert!(e.to_string().contains("password"));
        let e = read("a.xlsx", b"PK\x03\x04garbage", false).unwrap_err();
        assert!(e.to_string().contains("not a readable .xlsx"), "{e}");
    }
}
