//! Finding the project file the way cargo and ruff do: `assure.toml` in the working directory or
//! the nearest directory above it, stopping at the root of the repository (a directory holding
//! `.git`) or of the file system, so a command run from a sub-folder of a project uses the
//! project's policy. The path is kept relative to the working directory (`../assure.toml`), so
//! a report names it the same way on every machine.

use super::config::FILE_NAME;
use std::path::{Path, PathBuf};

/// The project file for a command run in `cwd`: the nearest `assure.toml` at or above it, not
/// looking above the first directory that holds `.git`.
pub fn discover(cwd: &Path) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for dir in cwd.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(relative.join(FILE_NAME));
        }
        if dir.join(".git").exists() {
            return None;
        }
        relative.push("..");
    }
    None
}

/// [`discover`] from the process's working directory (none when it cannot be read).
pub fn discover_here() -> Option<PathBuf> {
    std::env::current_dir().ok().and_then(|cwd| discover(&cwd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_file_and_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let deep = root.join("repo/a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join(FILE_NAME), "").unwrap();
        // Above the repository: not found once `.git` marks the root.
        std::fs::create_dir(root.join("repo/.git")).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(root.join("repo/assure.toml"), "").unwrap();
        assert_eq!(discover(&deep), Some(PathBuf::from("../../assure.toml")));
        std::fs::write(deep.join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(PathBuf::from("assure.toml")));
    }
}
