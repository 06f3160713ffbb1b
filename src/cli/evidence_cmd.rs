//! `assure evidence FILES`: the evidence register of a batch (every dated item of every
//! submission, when it lapses or is due, days left at the as-of date), sorted by date, as CSV,
//! JSON or an HTML page with a timeline of the coming months. Exit 2 when an input could not be
//! read (the others are still listed).

use super::project::{emit, fail};
use super::{EXIT_ERROR, EXIT_OK};
use assure::report::register;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct EvidenceArgs {
    /// Submission files or directories of them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
    /// Count days left as of this day (YYYY-MM-DD); defaults to today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = EvidenceFormat::Csv)]
    pub format: EvidenceFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvidenceFormat {
    Csv,
    Json,
    Html,
}

pub fn run(args: &EvidenceArgs) -> u8 {
    let as_of = match super::check::as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let inputs = assure::inputs::expand(&args.inputs);
    let reg = assure::record::batch::collect(&inputs, as_of, assure::inputs::DEFAULT_LIMIT);
    for f in &reg.errors {
        say!("error: {}", f.message);
    }
    let text = match args.format {
        EvidenceFormat::Csv => register::csv(&reg),
        EvidenceFormat::Json => register::json(&reg),
        EvidenceFormat::Html => register::html(&reg),
    };
    if let Err(code) = emit(&text) {
        return code;
    }
    if reg.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}
