//! assure checks a digital health product's NHS assurance evidence — DTAC, DCB0129/DCB0160
//! clinical safety, UK GDPR DPIA triggers and the Algorithmic Transparency Recording Standard —
//! against declarative TOML rules, and explains every finding.
//!
//! The flow is load → compile → evaluate → report: [`rules::RuleSet::compile`] turns rule files
//! into typed checks once; [`submission::Submission::parse`] reads and validates one submission;
//! [`engine`] evaluates (in parallel); [`report`] explains and renders.
#![forbid(unsafe_code)]
// Nothing a user supplied may reach an unwrap or expect; tests may use them.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod batch;
pub mod coverage;
pub mod diff;
pub mod engine;
pub mod examples;
pub mod import;
pub mod init;
pub mod inputs;
pub mod path;
pub mod policy;
pub mod record;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod submission;

pub use policy::{config, waivers};

use jiff::civil::Date;
use report::{InputFailure, Report, Run};
use rules::{RuleErrors, RuleSet, RuleSource};
use std::path::PathBuf;
use submission::{InputError, Submission};

/// Loads the embedded default packs plus any local rule directories, compiled into one set.
pub fn load_rules(extra_dirs: &[PathBuf]) -> Result<RuleSet, RuleErrors> {
    let mut sources: Vec<RuleSource> = rules::builtin_sources();
    let mut errors = Vec::new();
    for dir in extra_dirs {
        match rules::read_dir(dir) {
            Ok(mut s) => sources.append(&mut s),
            Err(RuleErrors(mut e)) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(RuleErrors(errors));
    }
    RuleSet::compile(&sources)
}

/// Checks one parsed submission: evaluate on all cores, then explain.
pub fn check_submission<'r>(set: &'r RuleSet, sub: &Submission, as_of: Date) -> Report<'r> {
    let results = engine::evaluate(set, sub, as_of);
    let mut report = report::build_report(set, sub, &results);
    record::annotate(set, &sub.value, &mut report, as_of, None);
    report
}

/// Checks one parsed submission; `parallel_rules` fans out over rules (worth it for a lone
/// submission; a batch fans out over submissions instead).
pub fn check_loaded<'r>(
    set: &'r RuleSet,
    sub: &Submission,
    as_of: Date,
    parallel_rules: bool,
) -> Report<'r> {
    let results = engine::run(set, &sub.value, as_of, parallel_rules);
    let mut report = report::build_report(set, sub, &results);
    record::annotate(set, &sub.value, &mut report, as_of, None);
    report
}

/// Checks every input, in parallel across inputs, keeping input order, and keeps every report
/// (see [`batch::stream`] for a run whose memory does not grow with the inputs). A `*.jsonl`
/// path is read as JSON Lines. A bad input becomes an error entry; the others are still checked.
pub fn check_inputs<'r>(set: &'r RuleSet, inputs: &[inputs::Input], as_of: Date) -> Run<'r> {
    batch::collect(set, batch::sources(inputs.to_vec()), as_of)
}

/// The error entry a report carries for an input that could not be checked.
pub fn failure(e: &InputError) -> InputFailure {
    let problems = match e {
        InputError::Schema { problems, .. } => problems.clone(),
        _ => Vec::new(),
    };
    InputFailure {
        file: e.file().to_owned(),
        message: e.to_string(),
        problems,
    }
}
