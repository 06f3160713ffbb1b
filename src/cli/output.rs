//! Where a report goes: standard output (coloured when it is a terminal and the format is text),
//! or `--output FILE`, written to a temporary file in the same directory and renamed over FILE
//! only once the report is complete, so an interrupted or failed run never leaves a half-written
//! report in place of a good one. Writes pause the progress bar so the two never interleave.

use super::progress::Progress;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

enum Target {
    /// Text, with its ANSI styling kept or stripped.
    Styled(anstream::AutoStream<io::Stdout>),
    /// Machine formats have no styling to strip, so their bytes go straight out.
    Plain(io::Stdout),
    File {
        temp: BufWriter<NamedTempFile>,
        path: PathBuf,
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

    /// A temporary file beside `path`, renamed over it by [`Output::commit`]; with `strip`,
    /// ANSI styling is dropped on the way.
    pub fn file(path: &Path, strip: bool, progress: &'p Progress) -> io::Result<Self> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".assure-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Self {
            target: Target::File {
                temp: BufWriter::with_capacity(1 << 16, temp),
                path: path.to_owned(),
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
            Target::File { temp, path, .. } => {
                let temp = temp.into_inner().map_err(io::IntoInnerError::into_error)?;
                temp.as_file().sync_all()?;
                temp.persist(&path).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
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
