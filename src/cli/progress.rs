//! The progress bar of a long batch, on standard error: shown only when standard error is a
//! terminal and the run is long (past one second or a hundred inputs), hidden otherwise, and
//! cleared before the closing line (and on an interrupt). With a known number of inputs it shows
//! the total and the time left; a JSON Lines stream, whose length is unknown, shows the count. It
//! is updated once per chunk, never from worker threads.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

const AFTER: Duration = Duration::from_secs(1);
const AFTER_INPUTS: usize = 100;

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    terminal: bool,
}

impl Progress {
    /// A hidden bar; `total` is the number of inputs when known (no JSON Lines stream).
    pub fn new(total: Option<usize>) -> Self {
        let bar =
            ProgressBar::with_draw_target(total.map(|t| t as u64), ProgressDrawTarget::hidden());
        let template = if total.is_some() {
            "{spinner} checked {bar:30} {human_pos}/{human_len} inputs · {rate} · {elapsed} elapsed, about {eta} left"
        } else {
            "{spinner} checked {human_pos} inputs · {rate} · {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.with_key(
                "rate",
                |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", s.per_sec());
                },
            ));
        }
        super::interrupt::track_bar(bar.clone());
        Self {
            bar,
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Records that `done` inputs are finished, and shows the bar once the run is long.
    pub fn update(&self, done: usize) {
        self.bar.set_position(done as u64);
        if self.terminal
            && self.bar.is_hidden()
            && (done > AFTER_INPUTS || self.started.elapsed() >= AFTER)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Runs `f` (a write to the terminal) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        if self.bar.is_hidden() {
            f()
        } else {
            self.bar.suspend(f)
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
