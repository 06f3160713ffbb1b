//! The batch dashboard that opens a report on more than one submission: a one-line tally, a
//! heatmap of submissions × decisions (a table whose every cell says its status in words), and a
//! table of submissions that a small script makes sortable. Each row links to its submission's
//! section by its deterministic anchor.

use super::super::escape::markup as e;
use super::super::matrix::{COLUMNS, column_status};
use super::super::{Report, Run, Status, present};
use std::fmt::Write;

pub fn render(out: &mut String, run: &Run) {
    out.push_str("<section id=\"dashboard\" aria-labelledby=\"dashboard-h\">\n<h2 id=\"dashboard-h\">Dashboard</h2>\n");
    let _ = writeln!(out, "<p>{}</p>", e(&tally(run)));
    heatmap(out, run);
    table(out, run);
    out.push_str("</section>\n");
}

fn tally(run: &Run) -> String {
    let mut words: Vec<(String, usize)> = Vec::new();
    for d in run.reports.iter().filter_map(|r| r.decision("dtac")) {
        match words.iter_mut().find(|(w, _)| *w == d.words) {
            Some((_, n)) => *n += 1,
            None => words.push((d.words.clone(), 1)),
        }
    }
    words.sort();
    let parts: Vec<String> = words.iter().map(|(w, n)| format!("{n} {w}")).collect();
    let mut s = format!("{} submissions checked", run.reports.len());
    if !parts.is_empty() {
        let _ = write!(s, "; DTAC: {}", parts.join(", "));
    }
    s.push('.');
    if !run.errors.is_empty() {
        let _ = write!(s, " {} input(s) could not be checked.", run.errors.len());
    }
    s
}

/// The columns any report has a status in, in the standard order.
fn columns(run: &Run) -> Vec<&'static (&'static str, &'static str)> {
    COLUMNS
        .iter()
        .filter(|(id, _)| run.reports.iter().any(|r| column_status(r, id).is_some()))
        .collect()
}

fn heatmap(out: &mut String, run: &Run) {
    let cols = columns(run);
    out.push_str(
        "<h3 id=\"heatmap-h\">Decisions by submission</h3>\n<div class=\"scroll\" role=\"region\" aria-labelledby=\"heatmap-h\" tabindex=\"0\">\n\
         <table class=\"heatmap\" id=\"heatmap\">\n<caption>Each decision (and each assessed DTAC section) for each submission</caption>\n\
         <thead><tr><th scope=\"col\">Submission</th>",
    );
    for (_, title) in &cols {
        let _ = write!(out, "<th scope=\"col\">{}</th>", e(title));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, r) in run.reports.iter().enumerate() {
        let id = present::anchor(i, &r.file);
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#{id}\">{}</a></th>",
            e(&present::title(r))
        );
        for (col, _) in &cols {
            cell(out, column_status(r, col));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn cell(out: &mut String, status: Option<Status>) {
    let Some(s) = status else {
        out.push_str("<td class=\"v-na\"><span aria-hidden=\"true\">—</span> not assessed</td>");
        return;
    };
    let l = present::status(s);
    let _ = write!(
        out,
        "<td class=\"v-{}\"><span aria-hidden=\"true\">{}</span> {}</td>",
        l.class,
        l.symbol,
        l.word.to_lowercase()
    );
}

/// Sort key: worst first, so ascending puts the submissions that need work on top.
fn status_key(s: Option<Status>) -> u8 {
    s.map_or(9, |s| s as u8)
}

fn table(out: &mut String, run: &Run) {
    out.push_str(
        "<h3 id=\"submissions-h\">Submissions</h3>\n<div class=\"scroll\" role=\"region\" aria-labelledby=\"submissions-h\" tabindex=\"0\">\n\
         <table class=\"sortable\" id=\"submissions-table\">\n<caption>Submissions in input order; the column headings sort the table</caption>\n<thead><tr>\
         <th scope=\"col\">Submission</th><th scope=\"col\">Supplier</th><th scope=\"col\">DTAC</th>\
         <th scope=\"col\" class=\"num\">Blockers failed</th><th scope=\"col\" class=\"num\">All failed</th>\
         <th scope=\"col\" class=\"num\">Outstanding</th><th scope=\"col\" class=\"num\">D1 score</th></tr></thead>\n<tbody>\n",
    );
    for (i, r) in run.reports.iter().enumerate() {
        row(out, i, r);
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The DTAC D1 compliance score, when the rules compute one.
fn d1<'a>(r: &'a Report<'a>) -> Option<&'a super::super::Score> {
    r.scores.iter().find(|s| s.name.contains("D1"))
}

fn row(out: &mut String, i: usize, r: &Report) {
    let id = present::anchor(i, &r.file);
    let dtac = r.decision("dtac");
    let status = dtac.map(|d| d.status);
    let (class, symbol, word) = dtac.map_or(("na", "—", "not assessed".to_owned()), |d| {
        let l = present::status(d.status);
        (l.class, l.symbol, present::decision_word(d))
    });
    let c = &r.counts;
    let (score_key, score) = match d1(r) {
        Some(s) => (format!("{:.1}", s.percent), format!("{:.1}%", s.percent)),
        None => ("-1".to_owned(), "—".to_owned()),
    };
    let _ = writeln!(
        out,
        "<tr><th scope=\"row\"><a href=\"#{id}\">{}</a></th><td>{}</td><td data-sort=\"{}\"><span class=\"badge v-{class}\"><span aria-hidden=\"true\">{symbol}</span> {}</span></td>\
         <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-sort=\"{score_key}\">{score}</td></tr>",
        e(&present::title(r)),
        e(r.submission.supplier.as_deref().unwrap_or("")),
        status_key(status),
        e(&word),
        c.failed_blocker,
        c.fail,
        c.outstanding
    );
}
