//! The terminal report for people: per submission, the verdict, then findings grouped by area
//! with failures first, each with its path, `file:line:col`, observed and expected values, refs
//! and fix. Styling is ANSI; the caller's stream strips it when colour is off, and every state
//! also has a word (FAIL, PASS …) so colour is never the only signal.

use super::matrix::{Matrix, Summary};
use super::present::{self, tally};
use super::terminal::{printable, printable_lines};
use super::{Finding, InputFailure, Report, Run, Status, View};
use crate::rules::Outcome;
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const MAGENTA: Style = AnsiColor::Magenta.on_default().bold();

fn paint(style: Style, text: &str) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

/// Renders a whole run: the same bytes as streaming it through [`head`], [`report_block`],
/// [`failure_block`] and [`tail`].
pub fn render(run: &Run) -> String {
    let mut out = head(run);
    let mut matrix = Matrix::default();
    for report in &run.reports {
        out.push_str(&report_block(report, &run.view));
        matrix.add(Summary::of(report));
    }
    for failure in &run.errors {
        out.push_str(&failure_block(failure));
        matrix.add_failure(failure);
    }
    if let Some(w) = &run.waivers {
        out.push('\n');
        super::waiver::render_text(&mut out, w);
    }
    out.push_str(&tail(&matrix));
    out
}

/// The first line: tool, as-of date, rule set and project file.
pub fn head(run: &Run) -> String {
    let line = format!(
        "assure {} · as of {} · {} rules ({}) · rules {} · config {}",
        run.tool.version,
        run.as_of,
        run.rules.count,
        run.rules.packs.join(", "),
        short(&run.rules.hash),
        printable(run.config.as_deref().unwrap_or("none"))
    );
    format!("{}\n", paint(DIM, &line))
}

/// One submission's report, preceded by a blank line.
pub fn report_block(r: &Report, view: &View) -> String {
    let mut out = String::from("\n");
    render_report(&mut out, r, view);
    out
}

/// One input that could not be checked, preceded by a blank line.
pub fn failure_block(f: &InputFailure) -> String {
    let mut out = String::from("\n");
    render_failure(&mut out, f);
    out
}

/// After every input: the batch summary and a closing count, when there was more than one.
pub fn tail(matrix: &Matrix) -> String {
    if matrix.inputs() <= 1 {
        return String::new();
    }
    format!("\n{}\n{}\n", matrix.render(), closing(matrix))
}

fn short(hash: &str) -> &str {
    hash.get(..19).unwrap_or(hash)
}

fn render_failure(out: &mut String, f: &InputFailure) {
    let _ = writeln!(
        out,
        "{} {}",
        paint(RED, "✗ NOT CHECKED"),
        paint(BOLD, &printable(&f.file))
    );
    for line in f.message.lines() {
        let _ = writeln!(out, "   {}", printable(line));
    }
}

fn closing(matrix: &Matrix) -> String {
    let mut tally: Vec<(&str, usize)> = Vec::new();
    for v in matrix.dtac_words() {
        match tally.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => tally.push((v, 1)),
        }
    }
    tally.sort();
    let parts: Vec<String> = tally.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let checked = matrix.inputs() - matrix.not_checked();
    let mut s = format!(
        "{checked} submission{} checked",
        if checked == 1 { "" } else { "s" }
    );
    if !parts.is_empty() {
        let _ = write!(s, "; DTAC: {}", parts.join(", "));
    }
    let bad = matrix.not_checked();
    if bad > 0 {
        let _ = write!(
            s,
            "; {bad} input{} could not be read",
            if bad == 1 { "" } else { "s" }
        );
    }
    s
}

/// Renders one submission's report: who it is, the decisions, then what is not met, what is
/// outstanding (by the document to verify it in), what is advisory or waived, and a count of
/// the rest, which `--passing` lists in full (`--quiet` stops after what is not met).
pub fn render_report(out: &mut String, r: &Report, view: &View) {
    render_header(out, r);
    render_decisions(out, r);
    render_evidence(out, r);
    render_record(out, r);
    render_not_met(out, r);
    if view.quiet {
        return render_quiet_rest(out, r);
    }
    render_rest(out, r, view);
}

/// The one line `--quiet` gives for everything after what is not met.
fn render_quiet_rest(out: &mut String, r: &Report) {
    let c = &r.counts;
    dim_line(
        out,
        &format!(
            "{} outstanding · {} waived · {} passed · {} not applicable · {} not evaluated (without --quiet for the rest)",
            c.outstanding, c.waived, c.pass, c.not_applicable, c.not_evaluated
        ),
    );
}

/// A dimmed closing line after a blank one.
fn dim_line(out: &mut String, text: &str) {
    let _ = writeln!(out, "\n{}", paint(DIM, text));
}

fn render_not_met(out: &mut String, r: &Report) {
    let not_met = present::not_met(r);
    if !not_met.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint(BOLD, &format!("Not met ({})", not_met.len()))
        );
        for f in not_met {
            render_finding(out, f);
            render_under(out, r, f);
        }
    }
}

/// What follows what is not met: outstanding evidence, observations, advisory and waived
/// findings, then every rule (`--passing`) or a count of the rest.
fn render_rest(out: &mut String, r: &Report, view: &View) {
    render_outstanding(out, r);
    let observations = present::observations(r);
    if !observations.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                BOLD,
                &format!(
                    "Observations ({}): scored or context questions and info findings, which move no decision",
                    observations.len()
                )
            )
        );
        for f in observations {
            render_finding(out, f);
        }
    }
    let advisory = present::advisory(r);
    if !advisory.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                BOLD,
                &format!(
                    "Advisory ({}): shown for information, never counted by --fail-on",
                    advisory.len()
                )
            )
        );
        for f in advisory {
            render_finding(out, f);
        }
    }
    let waived: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Waived)
        .collect();
    if !waived.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint(BOLD, &format!("Waived ({})", waived.len()))
        );
        for f in waived {
            render_finding(out, f);
        }
    }
    if view.passing {
        render_all(out, r);
    } else {
        let c = &r.counts;
        dim_line(
            out,
            &format!(
                "{} passed · {} not applicable · {} not evaluated · {} triggers fired (--passing lists every rule)",
                c.pass, c.not_applicable, c.not_evaluated, c.fired
            ),
        );
    }
}

fn render_header(out: &mut String, r: &Report) {
    let _ = writeln!(
        out,
        "{}",
        paint(BOLD, &format!("━━ {}", printable(&r.file)))
    );
    let title = present::title(r);
    let name = if title == r.file {
        "(unnamed product)".to_owned()
    } else {
        title
    };
    let _ = writeln!(
        out,
        "   {} — {}",
        printable(&name),
        printable(&present::who(r).replace(" · ", ", "))
    );
    let _ = writeln!(out, "   {}", tally(&r.counts));
    if r.to_be_completed > 0 {
        let _ = writeln!(
            out,
            "   {}",
            paint(
                YELLOW,
                &format!(
                    "{} answer{} still to be completed (placeholders or \"to be completed\")",
                    r.to_be_completed,
                    if r.to_be_completed == 1 {
                        " is"
                    } else {
                        "s are"
                    }
                )
            )
        );
    }
}

fn render_decisions(out: &mut String, r: &Report) {
    let _ = writeln!(out, "\n{}", paint(BOLD, "Decisions"));
    let width = r
        .decisions
        .iter()
        .map(|d| super::columns::width(&present::decision_name(d)))
        .max()
        .unwrap_or(0);
    for d in &r.decisions {
        let l = present::status(d.status);
        let word = format!("{} {}", l.symbol, present::decision_word(d));
        let detail = present::decision_detail(d, r);
        let _ = writeln!(
            out,
            "  {}  {}{}",
            super::columns::pad(&present::decision_name(d), width),
            paint(status_style(d.status), &word),
            if detail.is_empty() {
                String::new()
            } else {
                format!(" — {}", printable(&detail))
            }
        );
    }
}

/// The re-assessment due date and, with `--expiring-within`, what lapses inside the window.
fn render_evidence(out: &mut String, r: &Report) {
    if let Some(due) = &r.reassessment_due {
        let _ = writeln!(
            out,
            "  {}",
            printable(&super::evidence::reassessment_line(due))
        );
    }
    if r.expiring.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        paint(
            BOLD,
            &format!("Expiring within the window ({})", r.expiring.len())
        )
    );
    for line in super::evidence::text_lines(r) {
        let _ = writeln!(out, "{}", paint(YELLOW, &printable(&line)));
    }
}

/// The assessment record, flags first.
fn render_record(out: &mut String, r: &Report) {
    let Some(rec) = &r.record else { return };
    let _ = writeln!(out, "\n{}", paint(BOLD, "Assessment record"));
    for line in super::record::text_lines(rec) {
        let style = if line.starts_with("  ⚠") {
            RED
        } else {
            Style::new()
        };
        let _ = writeln!(out, "{}", paint(style, &printable(&line)));
    }
}

fn status_style(s: Status) -> Style {
    match s {
        Status::Met => GREEN.bold(),
        Status::Outstanding => YELLOW,
        Status::Incomplete => MAGENTA,
        Status::NotMet => RED,
        Status::NotApplicable => DIM,
    }
}

/// What is outstanding, grouped by the document to verify it in.
fn render_outstanding(out: &mut String, r: &Report) {
    let groups = present::outstanding(r);
    let n: usize = groups.iter().map(|(_, g)| g.len()).sum();
    if n == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        paint(
            BOLD,
            &format!("Evidence outstanding ({n}): verify in the documents, or ask the supplier")
        )
    );
    for (doc, findings) in groups {
        let heading = match doc {
            Some(d) => match &d.title {
                Some(t) => format!("In “{}” (`{}`):", printable(t), d.path),
                None => format!("In the document at `{}`:", d.path),
            },
            None => "Answers to complete or in progress:".to_owned(),
        };
        let _ = writeln!(out, "  {}", paint(BOLD, &heading));
        for f in findings {
            render_outstanding_finding(out, f, doc.is_some());
            render_under(out, r, f);
        }
    }
}

/// An outstanding finding in its group: what to verify and what is expected. Under a document's
/// heading, "to verify in" that document goes without saying.
fn render_outstanding_finding(out: &mut String, f: &Finding, in_document: bool) {
    let _ = writeln!(
        out,
        "    {} {:<7} {}  {}",
        paint(YELLOW, "? OUTSTANDING"),
        f.severity.as_str(),
        paint(BOLD, f.rule),
        printable(f.title)
    );
    for e in f.evidence.iter().filter(|e| e.pending.is_some()).take(3) {
        let subject = e
            .path
            .as_deref()
            .map_or_else(|| e.rule.clone().unwrap_or_default(), |p| format!("`{p}`"));
        let pending = e.pending.as_deref().unwrap_or_default();
        let pending = if in_document && pending.starts_with("to verify in") {
            "not transcribed"
        } else {
            pending
        };
        let line = format!("{subject}: {pending}; expected {}", e.expected);
        let _ = writeln!(out, "        {}", printable(&line));
    }
    let _ = writeln!(
        out,
        "        {}",
        paint(DIM, &format!("refs: {}", printable(&f.refs.join("; "))))
    );
}

/// The rules not evaluated because `f` did not pass, on one line under it.
fn render_under(out: &mut String, r: &Report, f: &Finding) {
    let under = present::under(r, f.rule);
    if under.is_empty() {
        return;
    }
    let ids: Vec<&str> = under.iter().map(|u| u.rule).collect();
    let _ = writeln!(
        out,
        "      {}",
        paint(
            DIM,
            &format!(
                "↳ {} not evaluated until this passes: {}",
                ids.len(),
                ids.join(", ")
            )
        )
    );
}

/// Every finding, by decision and part, with not-applicable runs collapsed.
fn render_all(out: &mut String, r: &Report) {
    let _ = writeln!(out, "\n{}", paint(BOLD, "Every rule, by decision"));
    let all = present::by_decision(r);
    let mut i = 0;
    while i < all.len() {
        let heading = present::part_heading(all[i]);
        let mut group: Vec<&Finding> = Vec::new();
        while i < all.len() && present::part_heading(all[i]) == heading {
            group.push(all[i]);
            i += 1;
        }
        let _ = writeln!(out, "  {}", paint(BOLD, &heading));
        let (inapplicable, rest): (Vec<&Finding>, Vec<&Finding>) = group
            .into_iter()
            .partition(|f| f.outcome == Outcome::NotApplicable);
        for f in rest {
            render_line(out, f);
        }
        render_inapplicable(out, &inapplicable);
    }
}

/// One line for a finding, plus its message when it is not a plain pass.
fn render_line(out: &mut String, f: &Finding) {
    let _ = writeln!(out, "{}", finding_head(f));
    if !matches!(f.outcome, Outcome::Pass | Outcome::NotFired) {
        let _ = writeln!(out, "      {}", paint(DIM, &printable(&f.message)));
    }
}

/// Not-applicable findings, with runs that share one reason (everything in ATRS when the tool is
/// out of scope, say) collapsed into one entry listing the rule ids.
fn render_inapplicable(out: &mut String, findings: &[&Finding]) {
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|(m, _)| *m == f.message) {
            Some((_, g)) => g.push(f),
            None => groups.push((&f.message, vec![f])),
        }
    }
    for (message, group) in groups {
        if group.len() < COLLAPSE_AT {
            group.iter().for_each(|f| render_line(out, f));
            continue;
        }
        let reason = message.strip_prefix("not applicable: ").unwrap_or(message);
        let _ = writeln!(
            out,
            "  {} {} rules not applicable: {reason}",
            paint(DIM, "– n/a  "),
            group.len()
        );
        let ids: Vec<&str> = group.iter().map(|f| f.rule).collect();
        for line in wrap(&ids, 88) {
            let _ = writeln!(out, "      {}", paint(DIM, &line));
        }
    }
}

/// Not-applicable findings sharing a reason are listed individually below this many.
const COLLAPSE_AT: usize = 4;

fn wrap(words: &[&str], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(l) if l.len() + w.len() + 2 <= width => {
                l.push_str(", ");
                l.push_str(w);
            }
            _ => lines.push((*w).to_owned()),
        }
    }
    lines
}

/// The first line of a finding: outcome, severity, rule and title.
fn finding_head(f: &Finding) -> String {
    let (label, style) = match f.outcome {
        Outcome::Fail => ("✗ FAIL ", RED),
        Outcome::Error => ("! ERROR", MAGENTA),
        Outcome::Outstanding => ("? OUTSTANDING", YELLOW),
        Outcome::Fired => ("▲ FIRED", YELLOW),
        Outcome::Waived => ("~ WAIVED", YELLOW),
        Outcome::Pass => ("✓ pass ", GREEN),
        Outcome::NotEvaluated => ("↳ not evaluated", DIM),
        Outcome::NotFired => ("· not fired", DIM),
        Outcome::NotApplicable => ("– n/a  ", DIM),
    };
    format!(
        "  {} {:<7} {}  {}",
        paint(style, label),
        f.severity.as_str(),
        paint(BOLD, f.rule),
        printable(f.title)
    )
}

/// A finding with its full explanation.
fn render_finding(out: &mut String, f: &Finding) {
    let _ = writeln!(out, "{}", finding_head(f));
    render_detail(out, f);
}

fn render_detail(out: &mut String, f: &Finding) {
    let _ = writeln!(out, "      {}", printable(&f.message));
    if let Some(loc) = &f.location {
        let _ = writeln!(out, "      at {}", printable(&loc.to_string()));
    }
    let listed = if f.outcome == Outcome::Fired { 4 } else { 1 };
    for e in f.evidence.iter().skip(listed) {
        let subject = e
            .path
            .as_deref()
            .map(|p| format!("`{p}`"))
            .or_else(|| e.rule.as_ref().map(|r| format!("rule {r}")))
            .unwrap_or_default();
        let observed = e
            .observed
            .as_ref()
            .map_or_else(|| "missing".to_owned(), crate::rules::condition::show);
        let at = e
            .location
            .as_ref()
            .map_or_else(String::new, |l| match &l.cell {
                Some(cell) => format!(" ({cell})"),
                None => format!(" ({}:{})", l.line, l.column),
            });
        let line = format!("also: {subject} is {observed}{at}");
        let _ = writeln!(out, "      {}", printable(&line));
    }
    if !f.refs.is_empty() {
        let _ = writeln!(out, "      refs: {}", printable(&f.refs.join("; ")));
    }
    let _ = writeln!(out, "      counts towards: {}", present::counts_towards(f));
    if let Some(w) = &f.waiver {
        let _ = writeln!(out, "      {}", printable(&w.describe()));
    }
    if !f.remedy.is_empty() && matches!(f.outcome, Outcome::Fail | Outcome::Error) {
        let _ = writeln!(out, "      fix:  {}", printable_lines(f.remedy.trim()));
    }
}
