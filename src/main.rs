//! The `assure` binary: a thin face over the library (see `cli`).
#![forbid(unsafe_code)]

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                cli::EXIT_ERROR
            } else {
                cli::EXIT_OK
            });
        }
    };
    ExitCode::from(cli::run(cli))
}
