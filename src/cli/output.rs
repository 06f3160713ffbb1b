//! Where a report goes: standard output (coloured when it is a terminal and the format is text),
//! or `--output FILE` (checked by `destination`), written to a temporary file in the same
//! directory and renamed over FILE only once the report is complete, so an interrupted or failed
//! run never leaves a half-written report in place of a good one. The temporary file is created
//! with the umask's mode for a new file, or given the replaced file's mode and owner. Writes
//! pause the progress bar so the two never interleave.

use super::destination::{Dest, parent};
use super::interrupt;
use super::progress::Progress;
use std::fs::{File, Metadata, Permissions};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::PathBuf;
use tempfile::NamedTempFile;

enum Target {
    /// Text, with its ANSI styling kept or stripped.
    Styled(anstream::AutoStream<io::Stdout>),
    /// Machine formats have no styling to strip, so their bytes go straight out.
    Plain(io::Stdout),
    File {
        temp: BufWriter<NamedTempFile>,
        path: PathBuf,
        /// Whether a file stood at `path` when the run started (else it must still be free).
        replaces: bool,
        /// Drop ANSI styling (text written to a file, unless `--color always`).
        strip: bool,
    },
}

/// The destination of a report.
pub struct Output<'p> {
    target: Target,
    progress: &'p Progress,
}

impl<'p> Output<'p> {
    /// Standard output, with ANSI styling kept or stripped by `choice`.
    pub fn styled(choice: anstream::ColorChoice, progress: &'p Progress) -> Self {
        Self {
            target: Target::Styled(anstream::AutoStream::new(io::stdout(), choice)),
            progress,
        }
    }

    /// Standard output, bytes as they are.
    pub fn plain(progress: &'p Progress) -> Self {
        Self {
            target: Target::Plain(io::stdout()),
            progress,
        }
    }

    /// A temporary file beside the destination, renamed over it by [`Output::commit`]; with
    /// `strip`, ANSI styling is dropped on the way.
    pub fn file(dest: &Dest, strip: bool, progress: &'p Progress) -> io::Result<Self> {
        let temp = temp_for(dest)?;
        Ok(Self {
            target: Target::File {
                temp: BufWriter::with_capacity(1 << 16, temp),
                path: dest.path.clone(),
                replaces: dest.existing.is_some(),
                strip,
            },
            progress,
        })
    }

    /// Finishes the report: flushes it, and for a file puts it in place.
    pub fn commit(self) -> io::Result<()> {
        match self.target {
            Target::Styled(mut s) => s.flush(),
            Target::Plain(mut s) => s.flush(),
            Target::File {
                temp,
                path,
                replaces,
                ..
            } => {
                let temp = temp.into_inner().map_err(io::IntoInnerError::into_error)?;
                let temp_path = temp.path().to_owned();
                let done = put_in_place(temp, &path, replaces);
                interrupt::forget_temp(&temp_path);
                done
            }
        }
    }
}

/// The temporary file for `dest`, registered for removal on an interrupt.
pub fn temp_for(dest: &Dest) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".assure-").suffix(".tmp");
    if dest.existing.is_none() {
        // Asked for 0666; the kernel applies the umask, as for any new file.
        builder.permissions(Permissions::from_mode(0o666));
    }
    let temp = interrupt::create_tracked(
        || builder.tempfile_in(parent(&dest.path)),
        NamedTempFile::path,
    )?;
    if let Some(old) = &dest.existing {
        if let Err(e) = keep_owner_and_mode(temp.as_file(), old) {
            interrupt::forget_temp(temp.path());
            return Err(e);
        }
    }
    Ok(temp)
}

/// Gives the new report the owner and mode of the file it replaces (owner first: changing it
/// clears set-id bits).
fn keep_owner_and_mode(file: &File, old: &Metadata) -> io::Result<()> {
    let mine = file.metadata()?;
    if mine.uid() != old.uid() || mine.gid() != old.gid() {
        std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot keep the existing file's owner ({}:{}): {e}; remove the file first, or write the report elsewhere",
                    old.uid(),
                    old.gid()
                ),
            )
        })?;
    }
    file.set_permissions(Permissions::from_mode(old.mode() & 0o7777))
}

/// Syncs the finished report and renames it over `path`; a new file must still be new (nothing
/// created there meanwhile is overwritten).
pub fn put_in_place(temp: NamedTempFile, path: &std::path::Path, replaces: bool) -> io::Result<()> {
    temp.as_file().sync_all()?;
    // Checked when the run started; checked again in case something else took the path since.
    let still = std::fs::symlink_metadata(path);
    if replaces && !still.as_ref().is_ok_and(|m| m.file_type().is_file()) {
        return Err(io::Error::other(format!(
            "`{}` stopped being a regular file while the report was written; it was left alone",
            assure::inputs::name(path)
        )));
    }
    if replaces {
        temp.persist(path).map_err(|e| e.error)?;
    } else {
        temp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

impl Write for Output<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.target {
            Target::Styled(s) => self.progress.suspend(|| s.write(buf)),
            Target::Plain(s) => self.progress.suspend(|| s.write(buf)),
            Target::File { .. } => self.write_all(buf).map(|()| buf.len()),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.target {
            Target::Styled(s) => self.progress.suspend(|| s.write_all(buf)),
            Target::Plain(s) => self.progress.suspend(|| s.write_all(buf)),
            Target::File { temp, strip, .. } if *strip => {
                anstream::adapter::strip_bytes(buf).try_for_each(|piece| temp.write_all(piece))
            }
            Target::File { temp, .. } => temp.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Styled(s) => self.progress.suspend(|| s.flush()),
            Target::Plain(s) => self.progress.suspend(|| s.flush()),
            Target::File { temp, .. } => temp.flush(),
        }
    }
}
