//! What suppliers already keep, turned into a submission: hazard logs (.xlsx, .ods, .csv, an
//! issue-tracker JSON export, a folder of markdown files), completed DTAC forms (.docx, .odt,
//! spreadsheets, markdown and HTML tables) and DCB0129 compliance assessments. Every value
//! remembers the cell it came from ([`Origins`]), so a finding can name `log.xlsx:Hazards!F12`;
//! whatever could not be read is a [`Problem`] naming its cell, never dropped silently.
//!
//! The entry point for an upload is [`import_bytes`]; the CLI adds files and folders around it.

mod compliance;
mod delimited;
mod documents;
mod dtac;
mod hazards;
mod headers;
mod issues;
mod markdown;
mod merge;
pub mod position;
pub mod questions;
mod scales;
mod sheets;
pub mod source;
mod table;
mod tabular;

pub use headers::Mapping;
pub use merge::merge;
pub use position::{Origins, Position};

use crate::path::Segment;
use serde_json::{Value, json};
use std::fmt;

/// The largest file an importer reads.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// What an import gives: the submission (or the part of one it fills), what could not be read,
/// and the columns or sections no field was found for.
#[derive(Debug, Clone)]
pub struct Imported {
    /// A submission object (`schema_version` and the fields the file filled).
    pub submission: Value,
    pub problems: Vec<Problem>,
    pub unmapped: Vec<Unmapped>,
    /// Where each value came from, by its path in `submission`.
    pub origins: Origins,
    /// What was read: `hazard-log`, `dtac` or `compliance`.
    pub kind: Kind,
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    HazardLog,
    Dtac,
    Compliance,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Self::HazardLog => "hazard log",
            Self::Dtac => "DTAC form",
            Self::Compliance => "DCB0129 compliance assessment",
        }
    }
}

/// Something in the file that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Position,
    pub message: String,
}

impl Problem {
    pub fn new(at: Position, message: impl Into<String>) -> Self {
        Self {
            at,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// A column (or section) whose header no field was found for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    pub header: String,
    pub at: Position,
}

/// Why a file could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ImportError {
    pub file: String,
    pub message: String,
}

impl ImportError {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            message: message.into(),
        }
    }
}

/// Imports an uploaded file, choosing the importer by its name's extension and its content:
/// a clause / status table is a compliance assessment, a table of DTAC question codes (and no
/// hazard-log header) a DTAC form, anything else (and any `.json`) a hazard log; `.docx`,
/// `.odt` and `.html` are DTAC forms. Synchronous, and reads nothing but `bytes`.
pub fn import_bytes(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    match extension(name).as_str() {
        "docx" | "odt" | "html" | "htm" => dtac(name, bytes),
        "json" => hazard_log(name, bytes, &Mapping::default()),
        _ => {
            let (tables, _) = form_tables(name, bytes)?;
            let has_codes = tables
                .iter()
                .flat_map(|t| t.rows.iter())
                .any(|r| r.cells.first().is_some_and(|c| dtac::is_code(c)));
            let hazard_header = tables
                .iter()
                .any(|t| headers::find(t, &Mapping::default()).is_some());
            if compliance::has_header(&tables) {
                compliance::read(name, &tables)
            } else if has_codes && !hazard_header {
                dtac(name, bytes)
            } else {
                hazard_log(name, bytes, &Mapping::default())
            }
        }
    }
}

/// A DCB0129 compliance assessment (a clause / status / evidence table): `.xlsx`, `.ods`,
/// `.csv`, `.docx`, `.odt`, `.md` or `.html`.
pub fn compliance(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    let (tables, _) = form_tables(name, bytes)?;
    compliance::read(name, &tables)
}

/// A completed DTAC form: `.docx`, `.odt`, `.xlsx`, `.ods`, `.csv`, `.md` or `.html`.
pub fn dtac(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    let (tables, header) = form_tables(name, bytes)?;
    if tables.iter().all(|t| t.rows.is_empty()) {
        return Err(ImportError::new(
            name,
            "the file has no tables: a DTAC form's answers are in tables whose rows start with the question code (A1 … D1.5); is this the completed form?",
        ));
    }
    let any = tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .any(|r| r.cells.first().is_some_and(|c| dtac::is_code(c)));
    if !any {
        return Err(ImportError::new(
            name,
            "no table row starts with a DTAC question code (A1 … D1.5): put the code in each answer row's first cell",
        ));
    }
    Ok(dtac::read(name, &tables, &header))
}

/// The tables of a form file, and text that may name its version (its opening text).
fn form_tables(name: &str, bytes: &[u8]) -> Result<(Vec<table::Table>, String), ImportError> {
    let text = || {
        std::str::from_utf8(bytes)
            .map_err(|e| ImportError::new(name, format!("not UTF-8 text ({e})")))
    };
    let opening = |t: &str| t.chars().take(2000).collect::<String>();
    let tables = match extension(name).as_str() {
        "docx" | "odt" => return documents::office(name, bytes, extension(name) == "odt"),
        "html" | "htm" => {
            let t = text()?;
            return Ok((documents::html(name, t), opening(t)));
        }
        "md" | "markdown" => {
            let t = text()?;
            return Ok((markdown::tables(name, t), opening(t)));
        }
        "csv" | "tsv" => vec![delimited::read(name, bytes)?],
        "xlsx" | "xlsm" | "ods" => sheets::read(name, bytes, extension(name) == "ods")?
            .into_iter()
            .map(|(_, t)| t)
            .collect(),
        other => {
            return Err(unknown_extension(
                name,
                other,
                ".docx, .odt, .xlsx, .ods, .csv, .md or .html",
            ));
        }
    };
    let header = tables
        .iter()
        .flat_map(|t| t.rows.iter().take(3))
        .flat_map(|r| r.cells.iter())
        .take(20)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    Ok((tables, header))
}

/// A hazard log file: `.xlsx`, `.ods`, `.csv`, `.json` (an issue export) or one `.md` hazard.
pub fn hazard_log(name: &str, bytes: &[u8], mapping: &Mapping) -> Result<Imported, ImportError> {
    let read = read_hazards(name, bytes, mapping)?;
    Ok(hazard_submission(name, read))
}

/// A folder of markdown files, one hazard each (named by the files, sorted by name).
pub fn hazard_folder(files: &[(String, Vec<u8>)]) -> Result<Imported, ImportError> {
    let mut read = hazards::Read::default();
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, bytes) in sorted {
        markdown_hazard(name, bytes, &mut read)?;
    }
    let folder = files
        .first()
        .and_then(|(n, _)| n.rsplit_once('/').map(|(d, _)| d.to_owned()))
        .unwrap_or_else(|| ".".into());
    Ok(hazard_submission(&folder, read))
}

fn read_hazards(name: &str, bytes: &[u8], mapping: &Mapping) -> Result<hazards::Read, ImportError> {
    let mut read = hazards::Read::default();
    match extension(name).as_str() {
        "xlsx" | "xlsm" | "ods" => {
            let sheets = sheets::read(name, bytes, extension(name) == "ods")?;
            let table = pick_sheet(name, &sheets, mapping)?;
            tabular::hazards(name, table, mapping, &mut read)?;
        }
        "csv" | "tsv" => {
            tabular::hazards(name, &delimited::read(name, bytes)?, mapping, &mut read)?
        }
        "json" => issues::hazards(name, bytes, &mut read)?,
        "md" | "markdown" => markdown_hazard(name, bytes, &mut read)?,
        other => {
            return Err(unknown_extension(
                name,
                other,
                ".xlsx, .ods, .csv, .json (an issue export) or .md",
            ));
        }
    }
    Ok(read)
}

fn markdown_hazard(name: &str, bytes: &[u8], read: &mut hazards::Read) -> Result<(), ImportError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ImportError::new(name, format!("not UTF-8 text ({e})")))?;
    let stem = name
        .rsplit('/')
        .next()
        .and_then(|f| f.rsplit_once('.'))
        .map(|(s, _)| s);
    let (draft, unmapped) = markdown::hazard(name, text, stem);
    read.unmapped.extend(
        unmapped
            .into_iter()
            .map(|(header, at)| Unmapped { header, at }),
    );
    read.push(draft);
    Ok(())
}

/// The sheet the mapping names, else the first sheet named like a hazard log that has a header
/// row, else the first sheet with one.
fn pick_sheet<'a>(
    file: &str,
    sheets: &'a [(String, table::Table)],
    mapping: &Mapping,
) -> Result<&'a table::Table, ImportError> {
    if let Some(want) = &mapping.sheet {
        return sheets
            .iter()
            .find(|(n, _)| n == want)
            .map(|(_, t)| t)
            .ok_or_else(|| {
                let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
                ImportError::new(
                    file,
                    format!("no sheet `{want}`; the workbook has {}", names.join(", ")),
                )
            });
    }
    let with_header = |(_, t): &&(String, table::Table)| headers::find(t, mapping).is_some();
    sheets
        .iter()
        .filter(|(n, _)| n.to_lowercase().contains("hazard"))
        .find(with_header)
        .or_else(|| sheets.iter().find(with_header))
        .or_else(|| sheets.first())
        .map(|(_, t)| t)
        .ok_or_else(|| ImportError::new(file, "the workbook has no sheets"))
}

fn hazard_submission(name: &str, read: hazards::Read) -> Imported {
    let title = name.rsplit('/').next().unwrap_or(name);
    let submission = json!({
        "schema_version": crate::submission::migrate::CURRENT,
        "clinical_safety": { "hazard_log": {
            "document": { "status": "provided", "title": title, "transcribed": true },
            "hazards": read.hazards,
        }},
    });
    let mut origins = Origins::default();
    origins.extend_under(&hazards_path(), read.origins);
    Imported {
        submission,
        problems: read.problems,
        unmapped: read.unmapped,
        origins,
        kind: Kind::HazardLog,
    }
}

/// `clinical_safety.hazard_log.hazards`.
pub fn hazards_path() -> Vec<Segment> {
    position::path(&["clinical_safety", "hazard_log", "hazards"])
}

/// A file name's extension, lower case.
pub fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default()
}

fn unknown_extension(name: &str, ext: &str, accepted: &str) -> ImportError {
    let what = if ext.is_empty() {
        "no extension".to_owned()
    } else {
        format!("the extension `.{ext}`")
    };
    ImportError::new(
        name,
        format!("cannot tell the file's format from {what}: name it {accepted}"),
    )
}
