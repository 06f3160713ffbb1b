//! `assure diff OLD NEW`: reads each side as a saved JSON report or as a submission (evaluated
//! with the same rules, policy, waivers and as-of date), then prints what newly fails, what
//! newly passes and what changed. Exit 1 when anything newly fails.

use super::project::{PolicyOpts, emit, fail};
use super::{EXIT_FAILED, EXIT_OK, ListFormat, RuleOpts};
use assure::diff::{self, Side};
use assure::inputs::Input;
use jiff::civil::Date;
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier submission, or a JSON report from `assure check --format json`.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later submission or JSON report.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    #[command(flatten)]
    pub rule_opts: RuleOpts,
    #[command(flatten)]
    pub policy: PolicyOpts,
    /// Evaluate submissions as of this day (YYYY-MM-DD); defaults to today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// The rules and as-of date submissions are evaluated with, loaded only if one side needs them.
struct Evaluator<'a> {
    args: &'a DiffArgs,
    as_of: Date,
    loaded: Option<super::project::ForCheck>,
}

pub fn run(args: &DiffArgs) -> u8 {
    let as_of = match super::check::as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let mut ev = Evaluator {
        args,
        as_of,
        loaded: None,
    };
    let (old, new) = match (ev.side(&args.old), ev.side(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let d = diff::diff(&old, &new);
    let text = match args.format {
        ListFormat::Text => diff::render_text(&d),
        ListFormat::Json => diff::render_json(&d),
    };
    if let Err(code) = emit(&text) {
        return code;
    }
    if d.regressed() { EXIT_FAILED } else { EXIT_OK }
}

impl Evaluator<'_> {
    /// One side: a saved report as it is, anything else checked as a submission.
    fn side(&mut self, path: &Path) -> Result<Side, u8> {
        let name = assure::inputs::name(path);
        let bytes = assure::inputs::read::read_file(path, assure::inputs::DEFAULT_LIMIT)
            .map_err(|e| fail(format!("cannot read `{name}`: {e}")))?;
        if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
            if diff::is_report(&value) {
                return Side::from_json(&name, &value).map_err(fail);
            }
        }
        let value = serde_json::from_slice::<Value>(&bytes).ok();
        let mut side = self.check(Input::Bytes { name, bytes })?;
        side.as_of = Some(self.as_of.to_string());
        side.submission = value;
        Ok(side)
    }

    fn check(&mut self, input: Input) -> Result<Side, u8> {
        if self.loaded.is_none() {
            self.loaded = Some(super::project::for_check(
                &self.args.rule_opts,
                &self.args.policy,
            )?);
        }
        let Some(loaded) = &self.loaded else {
            return Err(super::EXIT_ERROR);
        };
        let mut run = assure::check_inputs(&loaded.set, std::slice::from_ref(&input), self.as_of);
        super::project::apply_waivers(&mut run, loaded.waivers.as_ref(), self.as_of);
        if let Some(e) = run.errors.first() {
            return Err(fail(&e.message));
        }
        let report = run
            .reports
            .first()
            .ok_or_else(|| fail("the submission gave no report"))?;
        Side::from_report(report).map_err(fail)
    }
}
