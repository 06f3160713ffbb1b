//! `assure init`: writes the submission template (or the Markdown field guide) to standard
//! output or to a new file; it never overwrites a file unless told to.

use super::EXIT_OK;
use super::project::{emit, fail};
use clap::ValueEnum;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// `json`: a submission template, valid against the schema, whose placeholders carry the
    /// guidance; `markdown`: a field guide listing every field with its type and description.
    #[arg(long, value_enum, default_value_t = InitFormat::Json)]
    pub format: InitFormat,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitFormat {
    Json,
    Markdown,
}

pub fn run(args: &InitArgs) -> u8 {
    let text = match args.format {
        InitFormat::Json => assure::init::template_json(),
        InitFormat::Markdown => assure::init::field_guide(),
    };
    let Some(path) = &args.output else {
        return emit(&text).map_or_else(|code| code, |()| EXIT_OK);
    };
    if path.exists() && !args.force {
        return fail(format!(
            "`{}` already exists; choose another name, or pass `--force` to overwrite it",
            path.display()
        ));
    }
    if let Err(e) = std::fs::write(path, text) {
        return fail(format!("cannot write `{}`: {e}", path.display()));
    }
    if args.format == InitFormat::Json {
        eprintln!(
            "wrote {}: replace every placeholder (text in <angle brackets>) with your answer; `assure check` lists the answers still to be completed.\n\
             for completion and help in your editor, save the schema next to it: `assure schema submission > submission.schema.json`",
            path.display()
        );
    }
    EXIT_OK
}
