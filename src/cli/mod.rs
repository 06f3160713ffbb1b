//! The command line: argument definitions (clap) and the dispatch to each command. Nothing here
//! is needed by the library.

/// Writes a line to standard error through [`stderr_line`]: escaped, and never a panic.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::stderr_line(&format!($($arg)*))
    };
}

mod authoring;
mod batch;
mod check;
mod config_cmd;
mod destination;
mod diff_cmd;
mod document;
mod evidence_cmd;
mod import_cmd;
mod init_cmd;
mod interrupt;
mod manual;
mod meta;
mod migrate_cmd;
mod output;
mod progress;
mod project;
mod record_cmd;
mod rules_cmd;
mod targets;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Checks a digital health product's NHS assurance evidence (DTAC, DCB0129/DCB0160, DPIA
/// triggers, ATRS) and explains every finding.
#[derive(Debug, Parser)]
#[command(name = "assure", version, about, long_about = None, after_help = manual::exit_codes_help())]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check submissions (files, directories of *.json, or `-` for standard input).
    #[command(after_help = manual::exit_codes_help())]
    Check(CheckArgs),
    /// Inspect the rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Compare two checks of one product (submissions or JSON reports); exit 1 if anything newly fails.
    Diff(diff_cmd::DiffArgs),
    /// List the evidence register: every dated item of every submission, when it lapses or is
    /// due and the days left, sorted by date (CSV, JSON, or HTML with a timeline).
    Evidence(evidence_cmd::EvidenceArgs),
    /// The assessment record: `assure record init SUBMISSION` writes a starter record beside
    /// it with the current hashes.
    #[command(subcommand)]
    Record(record_cmd::RecordCommand),
    /// Write a submission template (or a field guide) generated from the submission schema.
    Init(init_cmd::InitArgs),
    /// Rewrite a submission made for an older `schema_version` as the current one.
    Migrate(migrate_cmd::MigrateArgs),
    /// Read the evidence where it is kept (a hazard-log spreadsheet, a DTAC form) into a submission.
    #[command(subcommand)]
    Import(import_cmd::ImportCommand),
    /// Print the effective settings: the project file used (found at or above the working
    /// directory, or none), local packs, packs reported, disabled rules, severities, waivers.
    Config(config_cmd::ConfigArgs),
    /// Serve a local web page (on 127.0.0.1) to check files and fill in a submission in a
    /// browser: `assure serve`, then open the address it prints.
    Serve(crate::serve::ServeArgs),
    /// Print one of the JSON Schemas: the submission, the report or the rule file.
    Schema {
        #[arg(value_enum)]
        which: meta::SchemaName,
    },
    /// Print a shell completion script, e.g. `assure completions bash > ~/.local/share/bash-completion/completions/assure`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `assure man | man -l -`; `assure man check` or
    /// `assure man rules list` for one command's page.
    Man {
        /// The command whose page to print, e.g. `check`, `rules list` or `rules-list` (default:
        /// the main page).
        command: Vec<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct RuleOpts {
    /// Add the rule packs in DIR (each sub-directory is a pack) to the built-in ones.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Report only these packs (comma-separated), e.g. `dtac,dcb0129`.
    #[arg(
        long,
        visible_alias = "pack",
        value_name = "PACK,...",
        value_delimiter = ','
    )]
    pub only: Vec<String>,
    /// Read the project file FILE (default: the nearest `assure.toml` in the working directory
    /// or above it, up to the repository root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read no project file, even if an `assure.toml` is found.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Do not report rule ID (rules that depend on it still see its outcome). Repeatable.
    #[arg(long, value_name = "ID")]
    pub disable: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Submission files (`*.json`, or `*.jsonl`/`*.ndjson` with one submission per line),
    /// directories of them, or `-` for standard input.
    #[arg(required = true, value_name = "FILE|DIR|-")]
    pub inputs: Vec<PathBuf>,
    /// Read standard input (`-`) as JSON Lines: one submission per line.
    #[arg(long)]
    pub jsonl: bool,
    /// Leave out of directories the files and folders this gitignore-style glob matches, e.g.
    /// `--exclude 'drafts/'` or `--exclude '*.draft.json'` (`.gitignore` files and hidden
    /// entries are always left out). Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The largest submission read (a file, standard input, or one JSON Lines record), e.g.
    /// `200MiB`; a larger one is refused unread.
    #[arg(long, value_name = "SIZE", default_value = "64MiB")]
    pub max_input_size: assure::inputs::Size,
    /// Write the report to FILE (complete or not at all) instead of standard output; `-` is
    /// standard output. Repeatable: `-o report.html -o findings.csv` writes both from one run,
    /// each in the format its extension names (.txt .json .jsonl .csv .html .md .sarif .xml), or
    /// the one a prefix names (`-o csv:findings.txt`). Only a regular file is replaced (keeping
    /// its mode and owner) or created.
    #[arg(long, short = 'o', value_name = "[FORMAT:]FILE")]
    pub output: Vec<PathBuf>,
    /// Let `--output` replace the file a symbolic link points to (otherwise a link is refused).
    #[arg(long)]
    pub follow_symlink: bool,
    #[command(flatten)]
    pub rule_opts: RuleOpts,
    /// Output format [default: text]: of standard output, of a single `--output` whatever its
    /// extension, and of any output whose extension names no format.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Exit 1 when a finding of this severity or worse fails (advisory findings and outstanding
    /// evidence never count).
    #[arg(long, value_enum, default_value_t = FailOn::Major, value_name = "SEVERITY")]
    pub fail_on: FailOn,
    /// Also exit 1 when one of these decisions is not met or incomplete: `dtac`, `dcb0129`,
    /// `dcb0160`, `dpia`, `atrs`; `dtac=outstanding` fails on evidence outstanding too.
    #[arg(long, value_name = "DECISION[=outstanding],...", value_delimiter = ',')]
    pub fail_on_decision: Vec<String>,
    /// List every rule in the text report, passes and not-applicable ones too.
    #[arg(long, conflicts_with = "quiet")]
    pub passing: bool,
    /// How the JSON, JSON Lines and CSV formats carry a finding that passed, did not fire or
    /// does not apply: `brief` (its rule id and outcome; the rule's words are written once, in
    /// the run's rule catalogue) or `full` (every finding with its title, refs, message and
    /// remedy). Findings that fail or are outstanding are always written in full.
    #[arg(long, value_enum, default_value_t = Findings::Brief, value_name = "HOW")]
    pub findings: Findings,
    /// Text report: only the decisions and what is not met (outstanding evidence, observations
    /// and passes are counted in one line).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Evaluate dates as of this day (YYYY-MM-DD); defaults to today. Recorded in the report.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Warn about evidence that lapses within this window after the as-of date, e.g. `90d`,
    /// `12w` or `3m`, naming each finding that passes today and fails once it lapses.
    #[arg(long, value_name = "WINDOW")]
    pub expiring_within: Option<String>,
    /// Write the view an assessor fills in instead of the report: `dtac` (the submission's DTAC
    /// form question by question, in its version's order and numbering), `dcb0129` or `dcb0160`
    /// (clause by clause: yes / no / partial / awaiting / not applicable). Text, markdown, html
    /// or csv.
    #[arg(long, value_enum, value_name = "VIEW")]
    pub view: Option<View>,
    /// Check the report against this assessment record (`schemas/record.schema.json`); only
    /// with a single submission. Without it, `<submission>.record.toml` beside each submission
    /// file is used when there is one.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// When to colour text output (`auto` honours NO_COLOR and colours only a terminal).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(flatten)]
    pub policy: project::PolicyOpts,
    /// Mask personal data (names, registration numbers, contact details) in every output.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules with their pack, area, severity and references.
    List {
        #[command(flatten)]
        rule_opts: RuleOpts,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[command(flatten)]
        filter: rules_cmd::ListFilter,
    },
    /// Explain one rule: what it checks and why, its references, severity, fix and examples.
    Explain {
        /// The rule id, e.g. `DTAC-C3-02`.
        id: String,
        #[command(flatten)]
        rule_opts: RuleOpts,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Check rule files like a compiler: load errors, and rules lacking a doc, refs, a remedy or examples.
    Lint {
        /// A directory of local rule packs (default: the project file's `rules`, or else the
        /// built-in rules).
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Read the project file FILE (default: the nearest `assure.toml` in the working
        /// directory or above it, up to the repository root).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Run every rule's examples; exit 1 when one gives another outcome than it expects.
    Test {
        /// A directory of local rule packs (default: the project file's `rules`, or else the
        /// built-in rules).
        dir: Option<PathBuf>,
        /// Read the project file FILE (default: the nearest `assure.toml` in the working
        /// directory or above it, up to the repository root).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Html,
    Markdown,
    Sarif,
    Junit,
    /// JSON Lines: a line describing the run, then one line per input (report or error).
    Jsonl,
    /// One row per submission and rule, and one per input that could not be checked.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Findings {
    Brief,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum View {
    Dtac,
    Dcb0129,
    Dcb0160,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Blocker,
    Major,
    Minor,
    Info,
}

impl FailOn {
    pub fn severity(self) -> assure::rules::Severity {
        use assure::rules::Severity;
        match self {
            Self::Blocker => Severity::Blocker,
            Self::Major => Severity::Major,
            Self::Minor => Severity::Minor,
            Self::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Exit codes: nothing failed at the threshold; findings failed; usage, input or rule errors.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    interrupt::install();
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(RulesCommand::List {
            rule_opts,
            format,
            filter,
        }) => rules_cmd::list(&rule_opts, format, &filter),
        Command::Rules(RulesCommand::Explain {
            id,
            rule_opts,
            format,
        }) => authoring::explain(&id, &rule_opts, format),
        Command::Rules(RulesCommand::Lint {
            dir,
            format,
            config,
        }) => authoring::lint(dir.as_deref(), config.as_deref(), format),
        Command::Rules(RulesCommand::Test { dir, config }) => {
            authoring::test(dir.as_deref(), config.as_deref())
        }
        Command::Diff(args) => diff_cmd::run(&args),
        Command::Evidence(args) => evidence_cmd::run(&args),
        Command::Record(cmd) => record_cmd::run(&cmd),
        Command::Init(args) => init_cmd::run(&args),
        Command::Migrate(args) => migrate_cmd::run(&args),
        Command::Import(cmd) => import_cmd::run(&cmd),
        Command::Config(args) => config_cmd::run(&args),
        Command::Serve(args) => crate::serve::run(&args),
        Command::Schema { which } => meta::schema(which),
        Command::Completions { shell } => meta::completions(shell),
        Command::Man { command } => manual::man(&command),
    }
}

/// Writes one message to standard error. Whatever it quotes (a file name, a flag, a value from a
/// submission or a rule file) is shown with control and bidi characters escaped, by the same rule
/// as the text report; a closed or full standard error is ignored, so the run still ends with its
/// own exit code (and its report written) instead of a panic.
pub fn stderr_line(message: &str) {
    use std::io::Write;
    let text = assure::report::terminal::printable_lines(message);
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Loads the rule set with the project's policy (packs, disabled rules, severities), printing
/// every rule or policy error on failure.
pub fn load(opts: &RuleOpts) -> Result<assure::rules::RuleSet, u8> {
    project::load(opts, &[]).map(|p| p.set)
}
