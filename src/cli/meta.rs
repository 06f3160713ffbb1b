//! `assure schema` and `assure completions`: the contracts and the shell completions, generated from what the binary itself embeds and defines, so they never drift.

use super::project::emit;
use super::{Cli, EXIT_OK};
use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;

/// The schemas `assure schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// The input contract (`schemas/submission.schema.json`).
    Submission,
    /// The output of `check --format json` (`schemas/report.schema.json`).
    Report,
    /// The rule-file contract (`schemas/rules.schema.json`).
    Rules,
    /// The assessment record (`schemas/record.schema.json`).
    Record,
}

pub fn schema(which: SchemaName) -> u8 {
    let text = match which {
        SchemaName::Submission => assure::schema::SUBMISSION_SCHEMA,
        SchemaName::Report => assure::schema::REPORT_SCHEMA,
        SchemaName::Rules => assure::schema::RULES_SCHEMA,
        SchemaName::Record => assure::schema::RECORD_SCHEMA,
    };
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    emit(&format!("{text}{newline}")).map_or_else(|code| code, |()| EXIT_OK)
}

pub fn completions(shell: Shell) -> u8 {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "assure", &mut out);
    emit(&String::from_utf8_lossy(&out)).map_or_else(|code| code, |()| EXIT_OK)
}
