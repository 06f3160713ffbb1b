//! The Markdown report, for a ticket or a pull-request comment: per submission the decisions (a
//! table of DTAC, DCB0129, DCB0160, DPIA and ATRS with their parts), then what is not met with
//! its path, line, refs and remedy, what is outstanding grouped by the document to verify it in,
//! advisory and waived findings, and the fired triggers. Submission text goes through [`escape::markdown`] (or a code span that
//! cannot be broken out of), so a `|` cannot split a table and a `<script>` stays text.

use super::escape::{markdown as md, markdown_code as code};
use super::{Finding, InputFailure, Report, Run, present};
use crate::rules::Outcome;
use std::fmt::Write;

/// Renders a whole run.
pub fn render(run: &Run) -> String {
    let mut out = String::new();
    out.push_str("# NHS assurance report\n\n");
    let _ = writeln!(
        out,
        "As of **{}** · assure {} · {} rules ({}) · rule set {} · project file {}\n",
        md(&run.as_of),
        md(run.tool.version),
        run.rules.count,
        md(&run.rules.packs.join(", ")),
        code(&run.rules.hash),
        run.config
            .as_deref()
            .map_or_else(|| "none".to_owned(), code)
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
    use super::matrix::{COLUMNS, column_status};
    let cols: Vec<&(&str, &str)> = COLUMNS
        .iter()
        .filter(|(id, _)| run.reports.iter().any(|r| column_status(r, id).is_some()))
        .collect();
    out.push_str("## Summary\n\n| Submission | File |");
    for (_, name) in &cols {
        let _ = write!(out, " {name} |");
    }
    out.push_str(" Not met | Outstanding |\n|---|---|");
    out.push_str(&"---|".repeat(cols.len()));
    out.push_str("--:|--:|\n");
    for r in &run.reports {
        let _ = write!(out, "| {} | {} |", md(&present::title(r)), md(&r.file));
        for (id, _) in &cols {
            let cell = column_status(r, id).map_or_else(
                || "—".to_owned(),
                |s| {
                    let l = present::status(s);
                    format!("{} {}", l.symbol, l.word.to_lowercase())
                },
            );
            let _ = write!(out, " {cell} |");
        }
        let _ = writeln!(
            out,
            " {} | {} |",
            present::not_met(r).len(),
            r.counts.outstanding
        );
    }
    out.push('\n');
}

fn report(out: &mut String, r: &Report) {
    let _ = writeln!(out, "## {}\n", md(&present::title(r)));
    let who = present::who(r);
    if !who.is_empty() {
        let _ = write!(out, "{} · ", md(&who));
    }
    let _ = writeln!(out, "{} · input {}\n", code(&r.file), code(&r.input_hash));
    let _ = writeln!(out, "{}\n", md(&present::tally(&r.counts)));
    if r.to_be_completed > 0 {
        let _ = writeln!(
            out,
            "**{} answer(s) still to be completed** (placeholders or \"to be completed\").\n",
            r.to_be_completed
        );
    }
    decisions(out, r);
    super::evidence::markdown(out, r);
    super::record::markdown(out, r);
    details(out, r);
}

fn decisions(out: &mut String, r: &Report) {
    out.push_str("| Decision | Status | Detail |\n|---|---|---|\n");
    for d in &r.decisions {
        let l = present::status(d.status);
        let _ = writeln!(
            out,
            "| {} | {} {} | {} |",
            md(&present::decision_name(d)),
            l.symbol,
            md(&present::decision_word(d)),
            md(&present::decision_detail(d, r))
        );
    }
    out.push('\n');
}

/// What is not met in full, then what is outstanding by document, then advisory findings,
/// waivers and fired triggers; passes are only counted.
fn details(out: &mut String, r: &Report) {
    let failing = present::not_met(r);
    if failing.is_empty() {
        out.push_str("Nothing is not met.\n\n");
    }
    group(out, r, "Not met", &failing);
    let groups = present::outstanding(r);
    let n: usize = groups.iter().map(|(_, g)| g.len()).sum();
    if n > 0 {
        let _ = writeln!(
            out,
            "### Evidence outstanding ({n}): verify in the documents, or ask the supplier\n"
        );
        for (doc, findings) in groups {
            let heading = match doc {
                Some(d) => match &d.title {
                    Some(t) => format!("In “{}” ({})", md(t), code(&d.path)),
                    None => format!("In the document at {}", code(&d.path)),
                },
                None => "Answers to complete or in progress".to_owned(),
            };
            let _ = writeln!(out, "**{heading}**\n");
            for f in findings {
                finding(out, r, f);
            }
        }
    }
    group(
        out,
        r,
        "Observations (scored or context questions and info findings: they move no decision)",
        &present::observations(r),
    );
    group(
        out,
        r,
        "Advisory (never counted by --fail-on)",
        &present::advisory(r),
    );
    let waived: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Waived)
        .collect();
    group(out, r, "Waived", &waived);
    let fired: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fired)
        .collect();
    group(out, r, "Triggers fired", &fired);
}

fn group(out: &mut String, r: &Report, heading: &str, findings: &[&Finding]) {
    if findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {heading} ({})\n", findings.len());
    for f in findings {
        finding(out, r, f);
    }
}

fn finding(out: &mut String, r: &Report, f: &Finding) {
    let o = present::outcome(f.outcome);
    let _ = writeln!(
        out,
        "- **{} {}** · {} · {} · {} — {}",
        o.symbol,
        o.word,
        f.severity.as_str(),
        md(&present::counts_towards(f)),
        code(f.rule),
        md(f.title)
    );
    let _ = writeln!(out, "  - {}", rich(&f.message));
    if let Some(p) = &f.path {
        let at = f
            .location
            .as_ref()
            .map_or_else(String::new, |l| match &l.cell {
                Some(cell) => format!(" at cell {cell} ({})", code(&l.to_string())),
                None => format!(
                    " at line {}, column {} ({})",
                    l.line,
                    l.column,
                    code(&l.to_string())
                ),
            });
        let _ = writeln!(out, "  - path: {}{at}", code(p));
    }
    if !f.refs.is_empty() {
        let _ = writeln!(out, "  - refs: {}", md(&f.refs.join("; ")));
    }
    if let Some(w) = &f.waiver {
        let _ = writeln!(out, "  - {}", md(&w.describe()));
    }
    if !f.remedy.trim().is_empty() && matches!(f.outcome, Outcome::Fail | Outcome::Error) {
        let _ = writeln!(out, "  - fix: {}", rich(f.remedy.trim()));
    }
    let under: Vec<&str> = present::under(r, f.rule).iter().map(|u| u.rule).collect();
    if !under.is_empty() {
        let ids: Vec<String> = under.iter().map(|u| code(u)).collect();
        let _ = writeln!(
            out,
            "  - ↳ {} not evaluated until this passes: {}",
            under.len(),
            ids.join(", ")
        );
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
    super::escape::markdown_rich(message)
}
