//! What `assure check` was asked to read: files, directories (every `*.json` below them, in path
//! order) and standard input. Expanding a directory never stops at a bad entry: unreadable
//! entries become inputs that fail with their own error.

use crate::submission::{InputError, Submission};
use std::path::{Path, PathBuf};

/// One submission to read.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Bytes {
        name: String,
        bytes: Vec<u8>,
    },
    /// A path that could not be listed or does not exist.
    Missing {
        name: String,
        message: String,
    },
}

impl Input {
    /// Reads and validates the submission.
    pub fn load(&self) -> Result<Submission, InputError> {
        match self {
            Self::Path(p) => {
                let name = p.display().to_string();
                let bytes = std::fs::read(p).map_err(|e| InputError::Read {
                    file: name.clone(),
                    message: e.to_string(),
                })?;
                Submission::parse(name, &bytes)
            }
            Self::Bytes { name, bytes } => Submission::parse(name.clone(), bytes),
            Self::Missing { name, message } => Err(InputError::Read {
                file: name.clone(),
                message: message.clone(),
            }),
        }
    }
}

/// Expands command-line arguments into inputs. `-` means standard input (read by the caller).
pub fn expand(args: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut files = Vec::new();
            walk(arg, &mut files, &mut out, 0);
            files.sort();
            out.extend(files.into_iter().map(Input::Path));
        } else if arg.exists() {
            out.push(Input::Path(arg.clone()));
        } else {
            out.push(Input::Missing {
                name: arg.display().to_string(),
                message: "no such file or directory".into(),
            });
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, bad: &mut Vec<Input>, depth: usize) {
    // Directory symlink loops end here rather than recursing for ever.
    if depth > 32 {
        bad.push(Input::Missing {
            name: dir.display().to_string(),
            message: "directories nested too deeply (a symlink loop?)".into(),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return bad.push(Input::Missing {
                name: dir.display().to_string(),
                message: e.to_string(),
            });
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, files, bad, depth + 1);
        } else if p.extension().is_some_and(|e| e == "json") {
            files.push(p);
        }
    }
}
