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
    if dest.as_os_str() == "-" {
        return super::project::emit(&text).map_or_else(|c| c, |()| EXIT_OK);
    }
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&dest)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    match created {
        Ok(()) => {
            say!("wrote `{}`", dest.display());
            EXIT_OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => fail(format!(
            "`{}` already exists; edit it, or write elsewhere with `--output FILE`",
            dest.display()
        )),
        Err(e) => fail(format!("cannot write `{}`: {e}", dest.display())),
    }
}
