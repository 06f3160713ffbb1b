//! `assure migrate FILE`: reads a submission (checked as `check` reads it), rewrites it for the
//! current `schema_version`, and prints it, writes it to `--output`, or replaces FILE with
//! `--in-place`; what changed is listed on standard error.

use super::project::fail;
use super::{EXIT_OK, document};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    /// The submission to migrate.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Write the migrated submission to FILE (a new file, or an existing one with `--force`).
    #[arg(long, short, value_name = "FILE", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,
    /// Replace FILE with its migrated version.
    #[arg(long)]
    pub in_place: bool,
    /// Let `--output` overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &MigrateArgs) -> u8 {
    let input = assure::inputs::Input::Path(args.input.clone());
    let mut sub = match input.load(assure::inputs::DEFAULT_LIMIT) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let migrated = match assure::submission::migrate::migrate(&mut sub.value) {
        Ok(m) => m,
        Err(e) => return fail(format!("cannot migrate `{}`: {e}", sub.name)),
    };
    let mut text = serde_json::to_string_pretty(&sub.value).unwrap_or_default();
    text.push('\n');
    for c in &migrated.changes {
        say!("{}: {c}", sub.name);
    }
    if migrated.changes.is_empty() {
        say!(
            "{}: already schema version {}; nothing to change",
            sub.name,
            assure::submission::migrate::CURRENT
        );
    }
    let path = if args.in_place {
        Some(args.input.as_path())
    } else {
        args.output.as_deref()
    };
    let target = document::Target {
        path,
        follow_symlink: false,
        replace: args.force || args.in_place,
        instead: "choose another name, pass `--force` to overwrite it, or `--in-place` to replace the input",
    };
    document::put(&text, &target, |_| Ok(())).map_or_else(|code| code, |_| EXIT_OK)
}
