//! Ctrl-C, SIGTERM and SIGHUP (through `ctrlc`): before the process exits, the temporary file a
//! report was being written to is removed and the progress line is cleared, so an interrupted
//! run leaves the terminal and the output directory as they were. Exit code 130, as a shell
//! reports an interrupted command.

use indicatif::ProgressBar;
use std::path::PathBuf;
use std::sync::Mutex;

/// Temporary files being written, removed if the run is interrupted.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// The progress bar on the terminal, if one is shown.
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

const EXIT_INTERRUPTED: i32 = 130;

/// Installs the handler (once per process; a second call changes nothing).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(mut temps) = TEMPS.lock() {
            for t in temps.drain(..) {
                let _ = std::fs::remove_file(t);
            }
        }
        if let Ok(bar) = BAR.lock() {
            if let Some(b) = bar.as_ref() {
                b.finish_and_clear();
            }
        }
        std::process::exit(EXIT_INTERRUPTED);
    });
}

/// Creates a temporary file with `create` and registers it until [`forget_temp`]. The list is
/// held while the file is made, so an interrupt that arrives in between waits for the
/// registration and removes the file rather than leaving it behind.
pub fn create_tracked<T>(
    create: impl FnOnce() -> std::io::Result<T>,
    path: impl Fn(&T) -> &std::path::Path,
) -> std::io::Result<T> {
    let mut temps = TEMPS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let made = create()?;
    temps.push(path(&made).to_owned());
    Ok(made)
}

/// The temporary file was renamed into place or removed: nothing to clean up.
pub fn forget_temp(path: &std::path::Path) {
    if let Ok(mut t) = TEMPS.lock() {
        t.retain(|p| p != path);
    }
}

/// Registers the progress bar to clear on an interrupt.
pub fn track_bar(bar: ProgressBar) {
    if let Ok(mut b) = BAR.lock() {
        *b = Some(bar);
    }
}
