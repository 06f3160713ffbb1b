//! What `assure check` was asked to read: files, directories (every `*.json`, `*.jsonl` and
//! `*.ndjson` below them, in path order, as `walk` finds them) and standard input. Expanding a
//! directory never stops at a bad entry: unreadable entries, FIFOs and devices, symlink loops
//! and empty directories become inputs that fail with their own error, and every other file is
//! still read. Every read is bounded (`read`).

mod name;
pub mod read;
pub mod walk;

pub use name::{io_reason, name};
pub use read::{DEFAULT_LIMIT, Size};

use crate::submission::{InputError, Submission};
use std::path::{Path, PathBuf};

/// One submission to read.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file named on the command line.
    Path(PathBuf),
    /// A file found in a directory: skipped, not failed, when it is clearly not a submission
    /// (an editor's settings, a JSON Schema).
    Found(PathBuf),
    Bytes {
        name: String,
        bytes: Vec<u8>,
    },
    /// A submission made by an importer from an uploaded file: its JSON, and where each value
    /// came from (the cells and lines findings then name instead of a JSON line).
    Imported {
        name: String,
        bytes: Vec<u8>,
        origins: crate::import::Origins,
    },
    /// A path that could not be listed or does not exist.
    Missing {
        name: String,
        message: String,
    },
}

impl Input {
    /// Reads and validates the submission (at most `limit` bytes of it).
    pub fn load(&self, limit: Size) -> Result<Submission, InputError> {
        match self {
            Self::Path(p) | Self::Found(p) => {
                let bytes = read::read_file(p, limit).map_err(|message| InputError::Read {
                    file: name(p),
                    message,
                })?;
                if matches!(self, Self::Found(_)) {
                    Submission::parse_found(name(p), bytes)
                } else {
                    Submission::parse_owned(name(p), bytes)
                }
                .and_then(Submission::with_sources)
            }
            Self::Bytes { name, bytes } => Submission::parse(name.clone(), bytes),
            Self::Imported {
                name,
                bytes,
                origins,
            } => Submission::parse(name.clone(), bytes).map(|mut s| {
                s.origins = origins.clone();
                s
            }),
            Self::Missing { name, message } => Err(InputError::Read {
                file: name.clone(),
                message: message.clone(),
            }),
        }
    }

    /// The file this input reads, if it reads one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Path(p) | Self::Found(p) => Some(p),
            _ => None,
        }
    }
}

/// Expands command-line arguments into inputs (`-`, standard input, is read by the caller).
/// A directory in which nothing is found is an error rather than a silent success.
pub fn expand(args: &[PathBuf]) -> Vec<Input> {
    expand_excluding(args, &[])
}

/// [`expand`], leaving out of directories what the gitignore-style globs `excludes` match.
pub fn expand_excluding(args: &[PathBuf], excludes: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            out.extend(directory(arg, excludes));
        } else if arg.exists() || arg.is_symlink() {
            out.push(Input::Path(arg.clone()));
        } else {
            out.push(Input::Missing {
                name: name(arg),
                message: "no such file or directory; check the path".into(),
            });
        }
    }
    out
}

fn directory(dir: &Path, excludes: &[String]) -> Vec<Input> {
    let missing = |message: String| {
        vec![Input::Missing {
            name: name(dir),
            message,
        }]
    };
    let found = match walk::walk(dir, excludes) {
        Ok(f) => f,
        Err(message) => return missing(message),
    };
    if found.files.is_empty() && found.bad.is_empty() {
        return missing(
            "no `*.json`, `*.jsonl` or `*.ndjson` files in this directory (hidden and ignored files are left out)".into(),
        );
    }
    let mut out = found.bad;
    out.extend(found.files.into_iter().map(Input::Found));
    out
}
