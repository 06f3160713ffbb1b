//! What `assure check` was asked to read: files, directories (every `*.json` below them, in path
//! order) and standard input. Expanding a directory never stops at a bad entry: unreadable
//! entries, FIFOs and devices, symlink loops and empty directories become inputs that fail with
//! their own error, and every other file is still read.

use crate::submission::{InputError, Submission};
use std::collections::HashSet;
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
                    message: read_error(p, &e),
                })?;
                Submission::parse_owned(name, bytes)
            }
            Self::Bytes { name, bytes } => Submission::parse(name.clone(), bytes),
            Self::Missing { name, message } => Err(InputError::Read {
                file: name.clone(),
                message: message.clone(),
            }),
        }
    }
}

/// Why a file could not be read, saying so plainly when it is a symbolic link to nothing.
fn read_error(p: &Path, e: &std::io::Error) -> String {
    match std::fs::read_link(p) {
        Ok(target) if e.kind() == std::io::ErrorKind::NotFound => format!(
            "a symbolic link to `{}`, which does not exist",
            target.display()
        ),
        _ => e.to_string(),
    }
}

/// Expands command-line arguments into inputs. `-` means standard input (read by the caller).
/// A directory that holds no `*.json` file is an error rather than a silent success.
pub fn expand(args: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut w = Walker::default();
            w.walk(arg, 0);
            if w.files.is_empty() && w.bad.is_empty() {
                out.push(Input::Missing {
                    name: arg.display().to_string(),
                    message: "no `*.json` files in this directory".into(),
                });
            }
            w.files.sort();
            out.extend(w.bad);
            out.extend(w.files.into_iter().map(Input::Path));
        } else if arg.exists() || arg.is_symlink() {
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

/// One directory argument being expanded. Directories are identified by their canonical path,
/// so a symlink back to an ancestor (a loop) is reported once instead of being followed, and a
/// directory reachable by two routes is read once.
#[derive(Default)]
struct Walker {
    files: Vec<PathBuf>,
    bad: Vec<Input>,
    /// Canonical path and display name of each directory on the current route.
    route: Vec<(PathBuf, PathBuf)>,
    seen: HashSet<PathBuf>,
}

impl Walker {
    fn walk(&mut self, dir: &Path, depth: usize) {
        // A bound for trees deeper than any real submission folder.
        if depth > 32 {
            return self.fail(dir, "directories nested too deeply".into());
        }
        let canonical = match std::fs::canonicalize(dir) {
            Ok(c) => c,
            Err(e) => return self.fail(dir, e.to_string()),
        };
        if let Some((_, ancestor)) = self.route.iter().find(|(c, _)| *c == canonical) {
            let message = format!(
                "a directory loop: this leads back to `{}`; its files are checked once, there",
                ancestor.display()
            );
            return self.fail(dir, message);
        }
        if !self.seen.insert(canonical.clone()) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => return self.fail(dir, e.to_string()),
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        self.route.push((canonical, dir.to_path_buf()));
        for p in paths {
            self.visit(p, depth);
        }
        self.route.pop();
    }

    fn visit(&mut self, p: PathBuf, depth: usize) {
        if p.is_dir() {
            return self.walk(&p, depth + 1);
        }
        if p.extension().is_none_or(|e| e != "json") {
            return;
        }
        // Only regular files are read from a directory: a FIFO would block for ever and a
        // device has no end. A dangling symlink is kept so that reading it reports the error.
        match std::fs::metadata(&p) {
            Ok(m) if !m.is_file() => self.fail(
                &p,
                "not a regular file (a FIFO, socket or device); only regular files are read from a directory".into(),
            ),
            _ => self.files.push(p),
        }
    }

    fn fail(&mut self, path: &Path, message: String) {
        self.bad.push(Input::Missing {
            name: path.display().to_string(),
            message,
        });
    }
}
