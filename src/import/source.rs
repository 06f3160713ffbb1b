//! A submission that points at its hazard log (`clinical_safety.hazard_log.source`): at check
//! time the file (a workbook, a CSV file, an issue export, or a folder of markdown files) is
//! read, its hazards take the place of `hazards`, and each remembers its cell, so the supplier
//! keeps the spreadsheet and never re-keys it.

use super::{ImportError, Imported, MAX_FILE_BYTES, Mapping, Origins};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// What attaching a source added: where each hazard value came from, and the source's hash
/// (folded into the input hash, so a changed spreadsheet is a changed input).
#[derive(Debug)]
pub struct Attached {
    pub origins: Origins,
    pub hash: String,
}

/// Reads the hazard log `value` points at, if it points at one, relative to the directory of
/// `submission_file`, and puts its hazards into `value`.
pub fn attach(value: &mut Value, submission_file: &str) -> Result<Option<Attached>, ImportError> {
    let Some(source) = value.pointer("/clinical_safety/hazard_log/source") else {
        return Ok(None);
    };
    let field = "clinical_safety.hazard_log.source";
    let fail = |m: String| ImportError::new(submission_file, format!("`{field}`: {m}"));
    let Some(rel) = source.get("path").and_then(Value::as_str) else {
        return Err(fail(
            "give the hazard log's `path`, relative to the submission".into(),
        ));
    };
    if rel.trim().is_empty() {
        return Err(fail(
            "`path` is empty: name the hazard log file or folder, relative to the submission"
                .into(),
        ));
    }
    // A template's unedited `source` (from `assure init`) names no file yet.
    if crate::submission::placeholder::is_placeholder_text(rel) {
        return Ok(None);
    }
    let has_hazards = value
        .pointer("/clinical_safety/hazard_log/hazards")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if has_hazards {
        return Err(fail(format!(
            "the hazards are read from `{rel}`, and `hazards` lists some too; keep them in one place: remove `hazards`, or `source`"
        )));
    }
    let base = base_dir(submission_file);
    let path = if base == Path::new(".") {
        PathBuf::from(rel)
    } else {
        base.join(rel)
    };
    let shown = crate::inputs::name(&path);
    let mut mapping = Mapping::default();
    if let Some(m) = source.get("mapping").and_then(Value::as_str) {
        let mpath = base.join(m);
        let text = read(&mpath).map_err(|e| {
            fail(format!(
                "mapping file `{}`: {e}",
                crate::inputs::name(&mpath)
            ))
        })?;
        let text = String::from_utf8(text)
            .map_err(|_| fail(format!("mapping file `{m}` is not UTF-8 text")))?;
        mapping = Mapping::parse(&text).map_err(|e| fail(format!("mapping file `{m}`: {e}")))?;
    }
    if let Some(sheet) = source.get("sheet").and_then(Value::as_str) {
        mapping.sheet = Some(sheet.to_owned());
    }
    let (imported, hash) = if path.is_dir() {
        folder(&path, &shown).map_err(|e| fail(e.to_string()))?
    } else {
        let bytes =
            read(&path).map_err(|e| fail(format!("cannot read the hazard log `{shown}`: {e}")))?;
        let hash = crate::submission::sha256_hex(&bytes);
        let imported =
            super::hazard_log(&shown, &bytes, &mapping).map_err(|e| fail(e.to_string()))?;
        (imported, hash)
    };
    if !imported.problems.is_empty() {
        let list: Vec<String> = imported.problems.iter().map(|p| format!("  {p}")).collect();
        return Err(fail(format!(
            "the hazard log `{shown}` has rows that could not be read (`assure import hazard-log {shown}` lists them too):\n{}",
            list.join("\n")
        )));
    }
    let hazards = imported
        .submission
        .pointer("/clinical_safety/hazard_log/hazards")
        .cloned()
        .unwrap_or(Value::Array(vec![]));
    if let Some(log) = value
        .pointer_mut("/clinical_safety/hazard_log")
        .and_then(Value::as_object_mut)
    {
        log.insert("hazards".into(), hazards);
        // The log was read in full: it is the document, provided and transcribed.
        let title = shown.rsplit('/').next().unwrap_or(&shown).to_owned();
        let doc = log
            .entry("document")
            .or_insert_with(|| json!({ "status": "provided", "title": title }));
        if let Some(d) = doc.as_object_mut() {
            d.entry("transcribed").or_insert(Value::Bool(true));
        }
    }
    Ok(Some(Attached {
        origins: imported.origins,
        hash,
    }))
}

fn base_dir(submission_file: &str) -> PathBuf {
    if submission_file == "<stdin>" {
        return PathBuf::from(".");
    }
    // A JSON Lines record is named `batch.jsonl:17`; its file is `batch.jsonl`.
    let file = match submission_file.rsplit_once(':') {
        Some((f, l)) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => f,
        _ => submission_file,
    };
    match Path::new(file).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// A file's bytes, refusing one larger than an importer reads.
fn read(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| crate::inputs::io_reason(path, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "it is {} bytes, more than the {MAX_FILE_BYTES} an import reads",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| crate::inputs::io_reason(path, &e))
}

/// The `*.md` files of a folder, one hazard each.
pub fn folder(dir: &Path, shown: &str) -> Result<(Imported, String), ImportError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ImportError::new(shown, crate::inputs::io_reason(dir, &e)))?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_file() && super::extension(&p.to_string_lossy()) == "md" {
            let bytes = read(&p).map_err(|e| ImportError::new(&crate::inputs::name(&p), e))?;
            files.push((crate::inputs::name(&p), bytes));
        }
        if files.len() > super::sheets::MAX_ROWS {
            return Err(ImportError::new(
                shown,
                "more markdown files than a hazard log is read to",
            ));
        }
    }
    if files.is_empty() {
        return Err(ImportError::new(
            shown,
            "the folder holds no `.md` files: put one hazard in each",
        ));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let all: Vec<u8> = files.iter().flat_map(|(_, b)| b.iter().copied()).collect();
    let hash = crate::submission::sha256_hex(&all);
    Ok((super::hazard_folder(&files)?, hash))
}
