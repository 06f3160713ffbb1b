//! The Markdown report, for a ticket or a pull-request comment: per submission the verdict, a
//! summary table per area, then each failure (and error, waiver and fired trigger) with its path,
//! line, refs and remedy. Submission text goes through [`escape::markdown`] (or a code span that
//! cannot be broken out of), so a `|` cannot split a table and a `<script>` stays text.

use super::escape::{code_spans, markdown as md, markdown_code as code};
use super::{Finding, InputFailure, Report, Run, present};
use crate::rules::Outcome;
use std::fmt::Write;

/// Renders a whole run.
pub fn render(run: &Run) -> String {
    let mut out = String::new();
    out.push_str("# NHS assurance report\n\n");
    let _ = writeln!(
        out,
        "As of **{}** · assure {} · {} rules ({}) · rule set {}\n",
        md(&run.as_of),
        md(run.tool.version),
        run.rules.count,
        md(&run.rules.packs.join(", ")),
        code(&run.rules.hash)
    );
    if run.reports.len() > 1 {
        batch_summary(&mut out, run);
    }
    for r in &run.reports {
        report(&mut out, r);
    }
    failures(&mut out, &run.errors);
    if let Some(w) = &run.waivers {
        super::waiver::render_markdown(&mut out, w);
    }
    out
}

fn batch_summary(out: &mut String, run: &Run) {
    out.push_str("## Summary\n\n| Submission | File | Verdict | Blockers failed | Majors failed | All failed | Passed |\n|---|---|---|--:|--:|--:|--:|\n");
    for r in &run.reports {
        let v = present::verdict(r.verdict);
        let c = &r.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {} {} | {} | {} | {} | {} |",
            md(&present::title(r)),
            md(&r.file),
            v.symbol,
            v.word,
            c.failed_blocker,
            c.failed_major,
            c.fail,
            c.pass
        );
    }
    out.push('\n');
}

fn report(out: &mut String, r: &Report) {
    let v = present::verdict(r.verdict);
    let _ = writeln!(
        out,
        "## {} — {} {}\n",
        md(&present::title(r)),
        v.symbol,
        v.word
    );
    let who = present::who(r);
    if !who.is_empty() {
        let _ = write!(out, "{} · ", md(&who));
    }
    let _ = writeln!(out, "{} · input {}\n", code(&r.file), code(&r.input_hash));
    let _ = writeln!(
        out,
        "**{} {}**: {}. {}\n",
        v.symbol,
        v.word,
        r.verdict.explain(),
        md(&present::tally(&r.counts))
    );
    for s in &r.scores {
        let _ = writeln!(
            out,
            "{}: **{:.1}%** ({} of {} weighted points)\n",
            md(&s.name),
            s.percent,
            s.achieved,
            s.possible
        );
    }
    area_table(out, r);
    details(out, r);
}

fn area_table(out: &mut String, r: &Report) {
    out.push_str("| Area | Verdict | Failed | Errors | Passed | Triggers fired | Not applicable |\n|---|---|--:|--:|--:|--:|--:|\n");
    for a in &r.areas {
        let v = present::area_verdict(a);
        let c = &a.counts;
        let _ = writeln!(
            out,
            "| {} | {} {} | {} | {} | {} | {} | {} |",
            md(&a.title),
            v.symbol,
            v.word,
            c.fail,
            c.error,
            c.pass,
            c.fired,
            c.not_applicable + c.not_fired
        );
    }
    out.push('\n');
}

/// Failures and errors in full, then waivers and fired triggers; everything else is in the table.
fn details(out: &mut String, r: &Report) {
    let findings: Vec<&Finding> = r
        .areas
        .iter()
        .flat_map(|a| present::area_findings(r, &a.area))
        .collect();
    let mut failing: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| matches!(f.outcome, Outcome::Fail | Outcome::Error))
        .collect();
    failing.sort_by_key(|f| present::rank(f));
    if failing.is_empty() {
        out.push_str("No failures.\n\n");
    }
    group(out, "Failures", &failing);
    group(
        out,
        "Waived",
        &findings
            .iter()
            .copied()
            .filter(|f| f.outcome == Outcome::Waived)
            .collect::<Vec<_>>(),
    );
    group(
        out,
        "Triggers fired",
        &findings
            .iter()
            .copied()
            .filter(|f| f.outcome == Outcome::Fired)
            .collect::<Vec<_>>(),
    );
}

fn group(out: &mut String, heading: &str, findings: &[&Finding]) {
    if findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {heading} ({})\n", findings.len());
    for f in findings {
        finding(out, f);
    }
}

fn finding(out: &mut String, f: &Finding) {
    let o = present::outcome(f.outcome);
    let area = present::short_area(crate::rules::model::area_title(&f.area));
    let _ = writeln!(
        out,
        "- **{} {}** · {} · {} · {} — {}",
        o.symbol,
        o.word,
        f.severity.as_str(),
        md(area),
        code(&f.rule),
        md(&f.title)
    );
    let _ = writeln!(out, "  - {}", rich(&f.message));
    if let Some(p) = &f.path {
        let at = f.location.as_ref().map_or_else(String::new, |l| {
            format!(
                " at line {}, column {} ({})",
                l.line,
                l.column,
                code(&format!("{}:{}:{}", l.file, l.line, l.column))
            )
        });
        let _ = writeln!(out, "  - path: {}{at}", code(p));
    }
    if !f.refs.is_empty() {
        let _ = writeln!(out, "  - refs: {}", md(&f.refs.join("; ")));
    }
    if let Some(w) = &f.waiver {
        let _ = writeln!(out, "  - {}", md(&w.describe()));
    }
    if !f.remedy.trim().is_empty() && f.outcome != Outcome::Fired {
        let _ = writeln!(out, "  - fix: {}", md(f.remedy.trim()));
    }
    out.push('\n');
}

fn failures(out: &mut String, errors: &[InputFailure]) {
    if errors.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Inputs that could not be checked ({})\n",
        errors.len()
    );
    for f in errors {
        let _ = writeln!(out, "- **✗ NOT CHECKED** {}", code(&f.file));
        for line in f.message.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let _ = writeln!(out, "  - {}", rich(line));
        }
    }
    out.push('\n');
}

/// An engine message with its backticked parts as code spans and everything else escaped.
fn rich(message: &str) -> String {
    code_spans(message)
        .into_iter()
        .map(|(is_code, part)| if is_code { code(part) } else { md(part) })
        .collect()
}
