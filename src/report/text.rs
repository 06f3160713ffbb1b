//! The terminal report for people: per submission, the verdict, then findings grouped by area
//! with failures first, each with its path, `file:line:col`, observed and expected values, refs
//! and fix. Styling is ANSI; the caller's stream strips it when colour is off, and every state
//! also has a word (FAIL, PASS …) so colour is never the only signal.

use super::matrix::{Matrix, Summary};
use super::present::{rank, tally};
use super::terminal::{printable, printable_lines};
use super::{AreaSummary, Finding, InputFailure, Report, Run};
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
        out.push_str(&report_block(report));
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

/// The first line: tool, as-of date and rule set.
pub fn head(run: &Run) -> String {
    let line = format!(
        "assure {} · as of {} · {} rules ({}) · rules {}",
        run.tool.version,
        run.as_of,
        run.rules.count,
        run.rules.packs.join(", "),
        short(&run.rules.hash)
    );
    format!("{}\n", paint(DIM, &line))
}

/// One submission's report, preceded by a blank line.
pub fn report_block(r: &Report) -> String {
    let mut out = String::from("\n");
    render_report(&mut out, r);
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
    for v in matrix.verdicts() {
        match tally.iter_mut().find(|(k, _)| *k == v.as_str()) {
            Some((_, n)) => *n += 1,
            None => tally.push((v.as_str(), 1)),
        }
    }
    tally.sort();
    let parts: Vec<String> = tally.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let checked = matrix.inputs() - matrix.not_checked();
    let mut s = format!(
        "{checked} submission{} checked: {}",
        if checked == 1 { "" } else { "s" },
        parts.join(", ")
    );
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

/// Renders one submission's report.
pub fn render_report(out: &mut String, r: &Report) {
    let h = &r.submission;
    let _ = writeln!(
        out,
        "{}",
        paint(BOLD, &format!("━━ {}", printable(&r.file)))
    );
    let product = [h.product.as_deref(), h.version.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let product = printable(&product);
    let mut who = vec![];
    if let Some(s) = &h.supplier {
        who.push(s.clone());
    }
    if let Some(role) = &h.role {
        who.push(role.replace('_', " "));
    }
    if let Some(v) = &h.dtac_version {
        who.push(format!("DTAC {v}"));
    }
    let _ = writeln!(
        out,
        "   {} — {}",
        if product.is_empty() {
            "(unnamed product)"
        } else {
            &product
        },
        printable(&who.join(", "))
    );
    let vstyle = match r.verdict {
        super::Verdict::Meets => GREEN.bold(),
        super::Verdict::Conditional => YELLOW,
        _ => RED,
    };
    let _ = writeln!(
        out,
        "   verdict: {} — {}",
        paint(vstyle, &r.verdict.as_str().to_uppercase()),
        r.verdict.explain()
    );
    let _ = writeln!(out, "   {}", tally(&r.counts));
    for s in &r.scores {
        let _ = writeln!(
            out,
            "   {}: {:.1}% ({} of {} weighted points)",
            printable(&s.name),
            s.percent,
            s.achieved,
            s.possible
        );
    }
    for area in &r.areas {
        out.push('\n');
        render_area(
            out,
            area,
            r.findings.iter().filter(|f| f.area == area.area).collect(),
        );
    }
}

fn render_area(out: &mut String, area: &AreaSummary, mut findings: Vec<&Finding>) {
    let c = &area.counts;
    let _ = writeln!(
        out,
        "{} — {}: {} failed, {} passed, {} not applicable",
        paint(BOLD, &area.title),
        area.verdict.as_str(),
        c.fail,
        c.pass,
        c.not_applicable
    );
    findings.sort_by_key(|f| rank(f));
    let (inapplicable, rest): (Vec<&Finding>, Vec<&Finding>) = findings
        .into_iter()
        .partition(|f| f.outcome == Outcome::NotApplicable);
    for f in rest {
        render_finding(out, f);
    }
    render_inapplicable(out, &inapplicable);
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
            group.iter().for_each(|f| render_finding(out, f));
            continue;
        }
        let reason = message.strip_prefix("not applicable: ").unwrap_or(message);
        let _ = writeln!(
            out,
            "  {} {} rules not applicable: {reason}",
            paint(DIM, "– n/a  "),
            group.len()
        );
        let ids: Vec<&str> = group.iter().map(|f| f.rule.as_str()).collect();
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

fn render_finding(out: &mut String, f: &Finding) {
    let (label, style) = match f.outcome {
        Outcome::Fail => ("✗ FAIL ", RED),
        Outcome::Error => ("! ERROR", MAGENTA),
        Outcome::Fired => ("▲ FIRED", YELLOW),
        Outcome::Waived => ("~ WAIVED", YELLOW),
        Outcome::Pass => ("✓ pass ", GREEN),
        Outcome::NotFired => ("· not fired", DIM),
        Outcome::NotApplicable => ("– n/a  ", DIM),
    };
    let head = format!(
        "  {} {:<7} {}  {}",
        paint(style, label),
        f.severity.as_str(),
        paint(BOLD, &f.rule),
        printable(&f.title)
    );
    let _ = writeln!(out, "{head}");
    match f.outcome {
        Outcome::Pass | Outcome::NotFired => {}
        Outcome::NotApplicable => {
            let _ = writeln!(out, "      {}", paint(DIM, &printable(&f.message)));
        }
        _ => render_detail(out, f),
    }
}

fn render_detail(out: &mut String, f: &Finding) {
    let _ = writeln!(out, "      {}", printable(&f.message));
    if let Some(loc) = &f.location {
        let file = printable(&loc.file);
        let _ = writeln!(out, "      at {file}:{}:{}", loc.line, loc.column);
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
            .map_or_else(String::new, |l| format!(" ({}:{})", l.line, l.column));
        let line = format!("also: {subject} is {observed}{at}");
        let _ = writeln!(out, "      {}", printable(&line));
    }
    if !f.refs.is_empty() {
        let _ = writeln!(out, "      refs: {}", printable(&f.refs.join("; ")));
    }
    if let Some(w) = &f.waiver {
        let _ = writeln!(out, "      {}", printable(&w.describe()));
    }
    if !f.remedy.is_empty() && matches!(f.outcome, Outcome::Fail | Outcome::Error) {
        let _ = writeln!(out, "      fix:  {}", printable_lines(f.remedy.trim()));
    }
}
