//! `assure record init SUBMISSION`: writes a starter assessment record beside the submission
//! (`<name>.record.toml`), with the hashes of the submission and of the rules it is checked
//! with, and commented examples of every table. An existing record is never replaced.

use super::project::fail;
use super::{EXIT_OK, RuleOpts};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum RecordCommand {
    /// Write a starter record beside SUBMISSION with its current hashes.
    Init {
        /// The submission file.
        submission: PathBuf,
        /// Write here instead of `<submission>.record.toml` (`-` for standard output).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        rule_opts: RuleOpts,
    },
}

pub fn run(cmd: &RecordCommand) -> u8 {
    let RecordCommand::Init {
        submission,
        output,
        rule_opts,
    } = cmd;
    let set = match super::load(rule_opts) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let sub =
        match assure::inputs::Input::Path(submission.clone()).load(assure::inputs::DEFAULT_LIMIT) {
            Ok(s) => s,
            Err(e) => return fail(e),
        };
    let text = assure::record::file::starter(&sub.hash, &set.hash);
    let dest = output
        .clone()
        .unwrap_or_else(|| assure::record::file::beside(submission));
    let target = super::document::Target {
        path: Some(&dest),
        follow_symlink: false,
        replace: false,
        instead: "edit it, or write elsewhere with `--output FILE`",
    };
    match super::document::put(&text, &target, |_| Ok(())) {
        Ok(Some(shown)) => {
            say!("wrote `{shown}`");
            EXIT_OK
        }
        Ok(None) => EXIT_OK,
        Err(code) => code,
    }
}
