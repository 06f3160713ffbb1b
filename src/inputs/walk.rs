//! Expanding a directory argument with the `ignore` crate (ripgrep's walker): `.gitignore`,
//! `.ignore` and `.git/info/exclude` rules are honoured (also outside a git repository), hidden
//! files and folders are skipped, `--exclude GLOB` leaves out more, and symbolic links are
//! followed with loops detected. The candidates are `*.json`, `*.jsonl` and `*.ndjson` files, in
//! any letter case; anything in the way (a FIFO, a device, a dangling link, a loop) becomes an
//! error naming it, and every other file is still read.

use super::{Input, name};
use ignore::overrides::OverrideBuilder;
use ignore::{DirEntry, WalkBuilder};
use std::path::{Path, PathBuf};

/// What one directory gave: the files to read, in path order, and the entries that could not be.
#[derive(Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub bad: Vec<Input>,
}

/// Whether a file name has an extension assure reads from a directory.
pub fn is_candidate(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["json", "jsonl", "ndjson"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// Walks `dir`, leaving out what the ignore files and `excludes` (gitignore-style globs,
/// relative to `dir`) exclude. A bad glob is an error for the whole directory.
pub fn walk(dir: &Path, excludes: &[String]) -> Result<Found, String> {
    let mut overrides = OverrideBuilder::new(dir);
    for glob in excludes {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| format!("`--exclude {glob}` is not a valid glob: {e}"))?;
    }
    let overrides = overrides
        .build()
        .map_err(|e| format!("the --exclude globs are not valid: {e}"))?;
    let walker = WalkBuilder::new(dir)
        .hidden(true)
        .git_global(false)
        .require_git(false)
        .follow_links(true)
        .overrides(overrides)
        .sort_by_file_path(Path::cmp)
        .build();
    let mut found = Found::default();
    for entry in walker {
        match entry {
            Ok(e) => visit(&e, &mut found),
            Err(e) => {
                if let Some((path, message)) = describe(&e) {
                    found.bad.push(Input::Missing {
                        name: name(&path),
                        message,
                    });
                }
            }
        }
    }
    Ok(found)
}

fn visit(e: &DirEntry, found: &mut Found) {
    let is_dir = e.file_type().is_some_and(|t| t.is_dir());
    if is_dir || !is_candidate(e.path()) {
        return;
    }
    // Only regular files are read from a directory: a FIFO would block for ever and a device
    // has no end.
    match std::fs::metadata(e.path()) {
        Ok(m) if !m.is_file() => found.bad.push(Input::Missing {
            name: name(e.path()),
            message: "not a regular file (a FIFO, socket or device); only regular files are read from a directory".into(),
        }),
        _ => found.files.push(e.path().to_owned()),
    }
}

/// An error of the walk as the entry it concerns and what to say; `None` for one that concerns
/// no candidate (a dangling link named `notes.txt`) or is only a bad line in an ignore file.
fn describe(e: &ignore::Error) -> Option<(PathBuf, String)> {
    describe_at(e, None)
}

fn describe_at(e: &ignore::Error, at: Option<&Path>) -> Option<(PathBuf, String)> {
    use ignore::Error as E;
    match e {
        E::Loop { ancestor, child } => Some((
            child.clone(),
            format!(
                "a directory loop: this leads back to `{}`; its files are checked once, there",
                name(ancestor)
            ),
        )),
        E::WithPath { path, err } => describe_at(err, Some(path)),
        E::WithDepth { err, .. } | E::WithLineNumber { err, .. } => describe_at(err, at),
        E::Io(io) => {
            let path = at?;
            let relevant = is_candidate(path) || io.kind() != std::io::ErrorKind::NotFound;
            relevant.then(|| (path.to_owned(), super::io_reason(path, io)))
        }
        // A bad line in an ignore file: the walk goes on with the rest of it.
        _ => None,
    }
}
