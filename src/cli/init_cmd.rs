//! `assure init`: writes the submission template (or the Markdown field guide) to standard
//! output or to a new file; it never overwrites a file unless told to.

use super::{EXIT_OK, document};
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
    /// Overwrite FILE if it exists (a regular file only; it keeps its mode and owner).
    #[arg(long)]
    pub force: bool,
    /// Let `--output` replace the file a symbolic link points to (otherwise a link is refused).
    #[arg(long)]
    pub follow_symlink: bool,
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
    let target = document::Target {
        path: args.output.as_deref(),
        follow_symlink: args.follow_symlink,
        replace: args.force,
        instead: "choose another name, or pass `--force` to overwrite it",
    };
    let shown = match document::put(&text, &target, |_| Ok(())) {
        Ok(Some(shown)) => shown,
        Ok(None) => return EXIT_OK,
        Err(code) => return code,
    };
    if args.format == InitFormat::Json {
        say!(
            "wrote {}: replace every placeholder (text in <angle brackets>) with your answer; `assure check` lists the answers still to be completed.\n\
             for completion and help in your editor, save the schema next to it: `assure schema submission > submission.schema.json`",
            shown
        );
    }
    EXIT_OK
}
