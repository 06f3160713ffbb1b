//! What every fuzz target shares: the built-in rule set, compiled once, and the whole pipeline
//! after parsing (evaluate, build the report, redact, render text and JSON), with the checks that
//! must hold for any input that parsed.

use assure::report::{self, Run};
use assure::rules::RuleSet;
use assure::submission::Submission;
use jiff::civil::Date;
use std::sync::OnceLock;

pub const AS_OF: Date = jiff::civil::date(2026, 11, 1);

/// The default rules; they are part of the binary, so failing to compile them is a bug. (The
/// rules target compiles its own set.)
#[allow(dead_code)]
pub fn builtin() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| {
        RuleSet::compile(&assure::rules::builtin_sources()).expect("built-in rules compile")
    })
}

/// Evaluates (sequentially: libFuzzer runs one input at a time), reports and renders.
#[allow(dead_code)]
pub fn check_and_render(set: &RuleSet, subs: &[Submission]) {
    let reports = subs
        .iter()
        .map(|sub| {
            let results = assure::engine::run(set, &sub.value, AS_OF, false);
            report::build_report(set, sub, &results)
        })
        .collect();
    let mut run = report::build_run(set, AS_OF, reports, Vec::new());
    render_redacted(&mut run);
}

/// Renders the run, then redacts it and renders it again.
pub fn render_redacted(run: &mut Run) {
    render(run);
    report::redact::redact(run);
    render(run);
}

fn render(run: &Run) {
    let _ = report::text::render(run);
    let json = report::json::render(run);
    let back: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(
        serde_json::to_string_pretty(&back).expect("serialises") + "\n",
        json,
        "the JSON report round-trips"
    );
}
