//! Writing a document a command made (a template, a migrated or imported submission, a starter
//! record): to standard output, or atomically to a file through the same checks as
//! `check --output`, refusing to replace an existing file unless asked.

use super::destination::{self, Dest};
use super::project::{emit, fail};
use super::{interrupt, output};
use std::path::Path;

/// Where a document goes and what may stand there.
pub(super) struct Target<'a> {
    /// The file, or `None` (and `-`) for standard output.
    pub path: Option<&'a Path>,
    pub follow_symlink: bool,
    /// An existing file may be replaced (`--force`, `--in-place`).
    pub replace: bool,
    /// What the refusal of an existing file suggests, after "already exists; ".
    pub instead: &'a str,
}

/// Writes `text` to `target`; `guard` may refuse the resolved destination (an input of the
/// run, say). The name written to, when it is a file; the exit code when it fails.
pub(super) fn put(
    text: &str,
    target: &Target<'_>,
    guard: impl FnOnce(&Dest) -> Result<(), String>,
) -> Result<Option<String>, u8> {
    let to_stdout = || emit(text).map(|()| None);
    let Some(path) = target.path else {
        return to_stdout();
    };
    let dest = match destination::resolve(path, target.follow_symlink) {
        Ok(Some(d)) => d,
        Ok(None) => return to_stdout(),
        Err(e) => return Err(fail(e)),
    };
    guard(&dest).map_err(fail)?;
    let shown = assure::inputs::name(&dest.path);
    if dest.existing.is_some() && !target.replace {
        return Err(fail(format!(
            "`{shown}` already exists; {}",
            target.instead
        )));
    }
    write(&dest, text).map_err(|e| fail(format!("cannot write `{shown}`: {e}")))?;
    Ok(Some(shown))
}

/// Writes `text` to a temporary file and renames it into place, as `check --output` does.
fn write(dest: &Dest, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut temp = output::temp_for(dest)?;
    let temp_path = temp.path().to_owned();
    let done = temp
        .write_all(text.as_bytes())
        .and_then(|()| output::put_in_place(temp, &dest.path, dest.existing.is_some()));
    interrupt::forget_temp(&temp_path);
    done
}
