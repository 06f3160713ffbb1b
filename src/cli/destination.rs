//! Where `--output FILE` may write, decided before anything is written: a regular file (replaced
//! atomically, keeping its mode and owner), a new file (its mode from the umask), or `-` for
//! standard output. Anything else standing at the path (a directory, a FIFO, a socket, a device,
//! a symbolic link unless `--follow-symlink`) is refused with the reason and what to do instead,
//! because renaming a report over it would destroy it; so is a path that is one of the inputs.

use std::fs::Metadata;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// A file `--output` may write.
#[derive(Debug, Clone)]
pub struct Dest {
    /// The path the report is renamed to: the one given, or the file a followed link names.
    pub path: PathBuf,
    /// The regular file standing there now, whose mode and owner the report keeps.
    pub existing: Option<Metadata>,
}

/// Where the report goes: `None` for standard output (`-`), else the checked file.
pub fn resolve(path: &Path, follow: bool) -> Result<Option<Dest>, String> {
    if path.as_os_str() == "-" {
        return Ok(None);
    }
    let shown = assure::inputs::name(path);
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return new_file(path, &shown),
        Err(e) => {
            return Err(format!(
                "`{shown}`: {}",
                assure::inputs::io_reason(path, &e)
            ));
        }
    };
    if meta.file_type().is_symlink() {
        return through_link(path, &shown, follow);
    }
    regular(path, &shown, meta).map(Some)
}

/// A path nothing stands at: its directory must exist.
fn new_file(path: &Path, shown: &str) -> Result<Option<Dest>, String> {
    let dir = parent(path);
    if !dir.is_dir() {
        return Err(format!(
            "cannot write `{shown}`: the directory `{}` does not exist; create it first",
            assure::inputs::name(dir)
        ));
    }
    Ok(Some(Dest {
        path: path.to_owned(),
        existing: None,
    }))
}

/// A symbolic link: refused, or (with `--follow-symlink`) the file it names.
fn through_link(path: &Path, shown: &str, follow: bool) -> Result<Option<Dest>, String> {
    let target = std::fs::read_link(path)
        .map(|t| assure::inputs::name(&t))
        .unwrap_or_default();
    if !follow {
        return Err(format!(
            "`{shown}` is a symbolic link (to `{target}`); --output does not write through links: \
             name the file it points to, or pass --follow-symlink to replace that file"
        ));
    }
    match std::fs::canonicalize(path) {
        Ok(real) => {
            let meta = std::fs::metadata(&real)
                .map_err(|e| format!("`{shown}`: {}", assure::inputs::io_reason(&real, &e)))?;
            let real_shown = assure::inputs::name(&real);
            regular(&real, &real_shown, meta).map(Some)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "`{shown}` is a symbolic link to `{target}`, which does not exist; name the new file itself"
        )),
        Err(e) => Err(format!(
            "`{shown}`: {}",
            assure::inputs::io_reason(path, &e)
        )),
    }
}

/// Accepts a regular file; refuses anything else by what it is.
fn regular(path: &Path, shown: &str, meta: Metadata) -> Result<Dest, String> {
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(Dest {
            path: path.to_owned(),
            existing: Some(meta),
        });
    }
    if ft.is_dir() {
        return Err(format!(
            "`{shown}` is a directory; name a file, e.g. `--output {shown}/report.json`"
        ));
    }
    let what = if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    };
    Err(format!(
        "`{shown}` is {what}; --output only creates or replaces regular files, so it leaves this \
         alone: to send the report there, leave out --output and redirect standard output (`> {shown}`)"
    ))
}

/// The directory a file is created in.
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Refuses a destination that is one of the files the run reads (same device and inode).
pub fn not_an_input<'a>(
    dest: &Dest,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<(), String> {
    let Some(out) = &dest.existing else {
        return Ok(());
    };
    let same =
        |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.dev() == out.dev() && m.ino() == out.ino());
    match inputs.into_iter().find(|p| same(p)) {
        Some(p) => Err(format!(
            "`{}` is also an input of this run; writing the report there would replace it: choose another --output file",
            assure::inputs::name(p)
        )),
        None => Ok(()),
    }
}
