//! The `assure` binary: a thin face over the library (see `cli`).
#![forbid(unsafe_code)]
// Nothing a user supplied may reach an unwrap or expect; tests may use them.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod cli;
mod serve;

use clap::Parser;
use std::process::ExitCode;

/// A batch allocates and frees a report's worth of small strings per submission on every
/// thread; mimalloc's per-thread heaps make that about a quarter cheaper than the system
/// allocator (see `docs/performance.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        // A usage error quotes what was typed, escaped like any other message.
        Err(e) if e.use_stderr() => {
            cli::stderr_line(e.render().to_string().trim_end());
            return ExitCode::from(cli::EXIT_ERROR);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(cli::EXIT_OK);
        }
    };
    ExitCode::from(cli::run(cli))
}
