//! `assure init`: writes the submission template (or the Markdown field guide) to standard
//! output or to a new file; it never overwrites a file unless told to.

use super::destination::{self, Dest};
use super::project::{emit, fail};
use super::{EXIT_OK, interrupt, output};
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
    let Some(path) = &args.output else {
        return emit(&text).map_or_else(|code| code, |()| EXIT_OK);
    };
    let dest = match destination::resolve(path, args.follow_symlink) {
        Ok(Some(d)) => d,
        Ok(None) => return emit(&text).map_or_else(|code| code, |()| EXIT_OK),
        Err(e) => return fail(e),
    };
    let shown = assure::inputs::name(&dest.path);
    if dest.existing.is_some() && !args.force {
        return fail(format!(
            "`{shown}` already exists; choose another name, or pass `--force` to overwrite it"
        ));
    }
    if let Err(e) = write(&dest, &text) {
        return fail(format!("cannot write `{shown}`: {e}"));
    }
    if args.format == InitFormat::Json {
        say!(
            "wrote {}: replace every placeholder (text in <angle brackets>) with your answer; `assure check` lists the answers still to be completed.\n\
             for completion and help in your editor, save the schema next to it: `assure schema submission > submission.schema.json`",
            shown
        );
    }
    EXIT_OK
}

/// Writes `text` to a temporary file and renames it into place, as `check --output` does.
pub(super) fn write(dest: &Dest, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut temp = output::temp_for(dest)?;
    let temp_path = temp.path().to_owned();
    let done = temp
        .write_all(text.as_bytes())
        .and_then(|()| output::put_in_place(temp, &dest.path, dest.existing.is_some()));
    interrupt::forget_temp(&temp_path);
    done
}
