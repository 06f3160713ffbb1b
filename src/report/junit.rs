//! JUnit XML output, for CI servers that show test reports: a `<testsuite>` per submission and a
//! `<testcase>` per rule (`classname` is `pack.area`, so CI groups by pack then area; `name` is
//! the rule id and title). A failed rule is a `<failure>` with the message, location, refs and
//! remedy; a rule that could not be evaluated is an `<error>`; rules that do not apply, triggers
//! that did not fire, waived rules, outstanding evidence, rules not evaluated and advisory
//! failures are `<skipped>` with the reason; a fired trigger passes, with its evidence in
//! `<system-out>`. Each decision is a suite property. An input that could not be read is a suite
//! with one errored case. No timestamps or durations, so the output is deterministic. Everything
//! is escaped with [`escape::markup`](super::escape::markup).

use super::escape::markup as e;
use super::{Finding, InputFailure, Report, Run, present};
use crate::rules::Outcome;
use std::fmt::Write;

/// Tallies of one suite, as JUnit's attributes name them.
#[derive(Default, Clone, Copy)]
struct Tally {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Tally {
    fn of(r: &Report) -> Self {
        let mut t = Self {
            tests: r.findings.len(),
            ..Self::default()
        };
        for f in &r.findings {
            match kind(f) {
                Case::Failure => t.failures += 1,
                Case::Error => t.errors += 1,
                Case::Skipped => t.skipped += 1,
                Case::Passed | Case::Fired => {}
            }
        }
        t
    }

    fn add(self, o: Self) -> Self {
        Self {
            tests: self.tests + o.tests,
            failures: self.failures + o.failures,
            errors: self.errors + o.errors,
            skipped: self.skipped + o.skipped,
        }
    }

    fn attrs(self) -> String {
        format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\"",
            self.tests, self.failures, self.errors, self.skipped
        )
    }
}

/// Renders a whole run as one `<testsuites>` document.
pub fn render(run: &Run) -> String {
    let unreadable = Tally {
        tests: run.errors.len(),
        errors: run.errors.len(),
        ..Tally::default()
    };
    let total = run
        .reports
        .iter()
        .map(Tally::of)
        .fold(unreadable, Tally::add);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"assure\" {}>", total.attrs());
    for r in &run.reports {
        suite(&mut out, run, r);
    }
    for f in &run.errors {
        unreadable_suite(&mut out, f);
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite(out: &mut String, run: &Run, r: &Report) {
    let name = format!("{} ({})", present::title(r), r.file);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" {}>",
        e(&name),
        Tally::of(r).attrs()
    );
    out.push_str("    <properties>\n");
    for d in &r.decisions {
        let _ = writeln!(
            out,
            "      <property name=\"decision.{}\" value=\"{}\"/>",
            e(&d.decision),
            e(&d.words)
        );
    }
    let props = [
        ("file", r.file.as_str()),
        ("input_hash", r.input_hash.as_str()),
        ("as_of", run.as_of.as_str()),
        ("rules_hash", run.rules.hash.as_str()),
        ("tool_version", run.tool.version),
    ];
    for (k, v) in props {
        let _ = writeln!(out, "      <property name=\"{k}\" value=\"{}\"/>", e(v));
    }
    for s in &r.scores {
        let _ = writeln!(
            out,
            "      <property name=\"score\" value=\"{}: {:.1}%\"/>",
            e(&s.name),
            s.percent
        );
    }
    out.push_str("    </properties>\n");
    for f in &r.findings {
        case(out, f);
    }
    out.push_str("  </testsuite>\n");
}

/// What a finding is as a JUnit test case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Passed,
    Fired,
    Failure,
    Error,
    Skipped,
}

fn kind(f: &Finding) -> Case {
    match f.outcome {
        Outcome::Pass => Case::Passed,
        Outcome::Fired => Case::Fired,
        Outcome::Fail if !f.advisory => Case::Failure,
        Outcome::Error => Case::Error,
        _ => Case::Skipped,
    }
}

fn case(out: &mut String, f: &Finding) {
    let open = format!(
        "    <testcase classname=\"{}.{}\" name=\"{} {}\"",
        e(f.pack),
        e(f.area),
        e(f.rule),
        e(f.title)
    );
    match kind(f) {
        Case::Passed => {
            let _ = writeln!(out, "{open}/>");
        }
        Case::Fired => {
            let _ = writeln!(
                out,
                "{open}>\n      <system-out>{}</system-out>\n    </testcase>",
                e(&body(f))
            );
        }
        Case::Failure => {
            let _ = writeln!(
                out,
                "{open}>\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                e(&f.message),
                f.severity.as_str(),
                e(&body(f))
            );
        }
        Case::Error => {
            let _ = writeln!(
                out,
                "{open}>\n      <error message=\"{}\" type=\"not-evaluated\">{}</error>\n    </testcase>",
                e(&f.message),
                e(&body(f))
            );
        }
        Case::Skipped => {
            let _ = writeln!(
                out,
                "{open}>\n      <skipped message=\"{}\"/>\n    </testcase>",
                e(&f.message)
            );
        }
    }
}

/// The failure's text: message, location, refs and remedy, one per line.
fn body(f: &Finding) -> String {
    let mut lines = vec![f.message.to_string()];
    if let Some(l) = &f.location {
        lines.push(format!("at {l}"));
    }
    if !f.refs.is_empty() {
        lines.push(format!("refs: {}", f.refs.join("; ")));
    }
    if !f.remedy.trim().is_empty() {
        lines.push(format!("fix: {}", f.remedy.trim()));
    }
    lines.join("\n")
}

fn unreadable_suite(out: &mut String, f: &InputFailure) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    \
         <testcase classname=\"assure.input\" name=\"read and validate the submission\">\n      \
         <error message=\"the submission could not be checked\" type=\"input\">{}</error>\n    </testcase>\n  </testsuite>",
        e(&f.file),
        e(&f.message)
    );
}
