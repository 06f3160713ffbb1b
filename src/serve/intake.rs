//! What uploaded files become: the sources a check reads, and notes on what the importers read.
//! A `.json` is one submission and a `.jsonl` / `.ndjson` one per line; a DTAC form, a hazard
//! log or a DCB0129 compliance assessment (`.docx`, `.odt`, `.xlsx`, `.ods`, `.csv`, `.md`,
//! `.html`) goes through `assure::import`. Hazard logs and compliance assessments uploaded with
//! exactly one DTAC form are merged into it, so a form and its hazard log are checked as one
//! product; otherwise each is checked on its own. Findings on imported values name the cell.

use assure::batch::Source;
use assure::import::{self, Imported, Kind};
use assure::inputs::Input;

/// The most import problems listed per file; the rest are counted.
const LISTED: usize = 40;

/// The checkable sources of an upload, and what the reader of the report should know about how
/// its files were read.
#[derive(Default)]
pub struct Intake {
    pub sources: Vec<Source>,
    pub notes: Vec<String>,
}

/// One uploaded file, read.
pub enum Read {
    /// Submissions to check as they are.
    Sources(Vec<Source>),
    /// A file an importer turned into a submission or a part of one.
    Imported(Imported),
}

/// Reads one uploaded file by its name and, for documents and spreadsheets, its content.
pub fn read_upload(name: &str, bytes: &[u8]) -> Result<Read, String> {
    match import::extension(name).as_str() {
        "json" => Ok(Read::Sources(vec![Source::One(Input::Bytes {
            name: name.to_owned(),
            bytes: bytes.to_vec(),
        })])),
        "jsonl" | "ndjson" => Ok(Read::Sources(vec![Source::Lines {
            name: name.to_owned(),
            reader: Box::new(std::io::Cursor::new(bytes.to_vec())),
        }])),
        "docx" | "odt" | "xlsx" | "ods" | "csv" | "md" | "html" | "htm" => {
            import::import_bytes(name, bytes)
                .map(Read::Imported)
                .map_err(|e| e.to_string())
        }
        _ => Err(format!(
            "`{name}` is not a kind of file assure reads: give a submission (.json), a JSON Lines batch (.jsonl or .ndjson), a completed DTAC form (.docx, .odt, .md, .html), a hazard log (.xlsx, .ods, .csv) or a DCB0129 compliance assessment."
        )),
    }
}

/// Reads every uploaded file; the messages of those that could not be read, if any.
pub fn intake(files: &[(String, Vec<u8>)]) -> Result<Intake, Vec<String>> {
    let mut out = Intake::default();
    let mut forms = Vec::new();
    let mut parts = Vec::new();
    let mut refused = Vec::new();
    for (name, bytes) in files {
        match read_upload(name, bytes) {
            Ok(Read::Sources(mut s)) => out.sources.append(&mut s),
            Ok(Read::Imported(imported)) => {
                out.notes.extend(notes(name, &imported));
                if imported.kind == Kind::Dtac {
                    forms.push((name.clone(), imported));
                } else {
                    parts.push((name.clone(), imported));
                }
            }
            Err(message) => refused.push(message),
        }
    }
    if !refused.is_empty() {
        return Err(refused);
    }
    if let [(form_name, form)] = forms.as_mut_slice() {
        parts.retain(
            |(name, part)| match import::merge(&mut form.submission, part) {
                Ok(()) => {
                    form.origins.extend(part.origins.clone());
                    out.notes.push(format!(
                        "`{name}` ({}) was checked as part of `{form_name}`.",
                        part.kind.name()
                    ));
                    false
                }
                Err(e) => {
                    out.notes
                        .push(format!("`{name}` could not join `{form_name}`: {e}."));
                    true
                }
            },
        );
    } else if forms.len() > 1 && !parts.is_empty() {
        out.notes.push(
            "Hazard logs and compliance assessments were checked on their own: with several DTAC forms in one upload, which form each belongs to cannot be told. Upload a form with its own hazard log to check them together.".into(),
        );
    }
    out.sources
        .extend(forms.into_iter().chain(parts).map(|(n, i)| source(n, i)));
    Ok(out)
}

/// An imported submission as a source whose findings name the cells it came from.
fn source(name: String, imported: Imported) -> Source {
    let bytes = serde_json::to_vec_pretty(&imported.submission).unwrap_or_default();
    Source::One(Input::Imported {
        name,
        bytes,
        origins: imported.origins,
    })
}

/// What the importer says about one file: what it was read as, each problem with its cell, and
/// each column it did not use.
fn notes(name: &str, imported: &Imported) -> Vec<String> {
    let mut out = vec![format!(
        "`{name}` was read as a {}: {} {}, {} {} not used.",
        imported.kind.name(),
        imported.problems.len(),
        if imported.problems.len() == 1 {
            "problem"
        } else {
            "problems"
        },
        imported.unmapped.len(),
        if imported.unmapped.len() == 1 {
            "column or section"
        } else {
            "columns or sections"
        },
    )];
    out.extend(imported.problems.iter().take(LISTED).map(|p| p.to_string()));
    if imported.problems.len() > LISTED {
        out.push(format!(
            "… and {} more problems in `{name}`.",
            imported.problems.len() - LISTED
        ));
    }
    out.extend(
        imported
            .unmapped
            .iter()
            .map(|u| format!("{}: `{}` was not read (no field for it).", u.at, u.header)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_read_by_their_kind() {
        assert!(matches!(
            read_upload("a.JSON", b"{}"),
            Ok(Read::Sources(s)) if matches!(s.as_slice(), [Source::One(_)])
        ));
        assert!(matches!(
            read_upload("batch.ndjson", b"{}\n"),
            Ok(Read::Sources(s)) if matches!(s.as_slice(), [Source::Lines { .. }])
        ));
        let corrupt = read_upload("form.docx", b"PK").err().unwrap_or_default();
        assert!(corrupt.contains("form.docx"), "{corrupt}");
        let other = read_upload("notes", b"").err().unwrap_or_default();
        assert!(other.contains(".jsonl"), "{other}");
    }

    #[test]
    fn a_hazard_log_uploaded_with_one_form_is_checked_as_part_of_it() {
        let form = "| Code | Question | Answer |\n|---|---|---|\n| A1 | Company name | Acme Health Ltd |\n| A2 | Product name | Triage |\n";
        let log = "Hazard ID,Hazard name,Initial severity,Initial likelihood,Initial risk,Status\nH-001,Wrong triage,Major,Medium,3,Open\n";
        let files = vec![
            ("form.md".to_owned(), form.as_bytes().to_vec()),
            ("log.csv".to_owned(), log.as_bytes().to_vec()),
        ];
        let intake = intake(&files).unwrap_or_default();
        assert_eq!(intake.sources.len(), 1, "{:?}", intake.notes);
        assert!(
            intake
                .notes
                .iter()
                .any(|n| n.contains("`log.csv`") && n.contains("part of `form.md`")),
            "{:?}",
            intake.notes
        );
        let Some(Source::One(Input::Imported { bytes, origins, .. })) = intake.sources.first()
        else {
            panic!("an imported source");
        };
        let value: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
        assert_eq!(
            value.pointer("/clinical_safety/hazard_log/hazards/0/id"),
            Some(&serde_json::json!("H-001"))
        );
        assert!(!origins.is_empty());
    }

    #[test]
    fn a_file_that_cannot_be_read_is_named() {
        let files = vec![("broken.xlsx".to_owned(), b"not a workbook".to_vec())];
        let refused = intake(&files).err().unwrap_or_default();
        assert!(
            refused.iter().any(|m| m.contains("broken.xlsx")),
            "{refused:?}"
        );
    }
}
