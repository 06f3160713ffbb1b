//! The batch dashboard that opens a report on more than one submission: a one-line tally, a
//! heatmap of submissions × areas (a table whose every cell says its verdict in words), and a
//! table of submissions that a small script makes sortable. Each row links to its submission's
//! section by its deterministic anchor.

use super::super::escape::markup as e;
use super::super::{AreaSummary, Report, Run, Verdict, present};
use crate::rules::model::AREAS;
use std::fmt::Write;

pub fn render(out: &mut String, run: &Run) {
    out.push_str("<section id=\"dashboard\" aria-labelledby=\"dashboard-h\">\n<h2 id=\"dashboard-h\">Dashboard</h2>\n");
    let _ = writeln!(out, "<p>{}</p>", e(&tally(run)));
    heatmap(out, run);
    table(out, run);
    out.push_str("</section>\n");
}

fn tally(run: &Run) -> String {
    let order = [
        Verdict::DoesNotMeet,
        Verdict::Incomplete,
        Verdict::Conditional,
        Verdict::Meets,
    ];
    let parts: Vec<String> = order
        .iter()
        .filter_map(|v| {
            let n = run.reports.iter().filter(|r| r.verdict == *v).count();
            (n > 0).then(|| format!("{n} {}", present::verdict(*v).word.to_lowercase()))
        })
        .collect();
    let mut s = format!(
        "{} submissions checked: {}.",
        run.reports.len(),
        parts.join(", ")
    );
    if !run.errors.is_empty() {
        let _ = write!(s, " {} input(s) could not be checked.", run.errors.len());
    }
    s
}

/// The areas any report has findings in, in the standard order, with their titles.
fn columns(run: &Run) -> Vec<(&'static str, &'static str)> {
    AREAS
        .iter()
        .copied()
        .filter(|(area, _)| {
            run.reports
                .iter()
                .any(|r| r.areas.iter().any(|a| a.area == *area))
        })
        .collect()
}

fn heatmap(out: &mut String, run: &Run) {
    let cols = columns(run);
    out.push_str(
        "<h3 id=\"heatmap-h\">Areas by submission</h3>\n<div class=\"scroll\" role=\"region\" aria-labelledby=\"heatmap-h\" tabindex=\"0\">\n\
         <table class=\"heatmap\" id=\"heatmap\">\n<caption>Verdict per area for each submission, with the number of failed rules</caption>\n\
         <thead><tr><th scope=\"col\">Submission</th>",
    );
    for (_, title) in &cols {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            e(present::short_area(title))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, r) in run.reports.iter().enumerate() {
        let id = present::anchor(i, &r.file);
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#{id}\">{}</a></th>",
            e(&present::title(r))
        );
        for (area, _) in &cols {
            cell(out, r.areas.iter().find(|a| a.area == *area));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn cell(out: &mut String, area: Option<&AreaSummary>) {
    let Some(a) = area else {
        out.push_str("<td class=\"v-na\"><span aria-hidden=\"true\">—</span> not assessed<small>no rules in this area</small></td>");
        return;
    };
    let c = &a.counts;
    let v = present::area_verdict(a);
    let detail = if v.class == "na" {
        "nothing applies".to_owned()
    } else if c.error > 0 {
        format!("{} failed, {} errors", c.fail, c.error)
    } else {
        format!("{} failed, {} passed", c.fail, c.pass)
    };
    let _ = write!(
        out,
        "<td class=\"v-{}\"><span aria-hidden=\"true\">{}</span> {}<small>{detail}</small></td>",
        v.class, v.symbol, v.word
    );
}

/// Sort keys: verdicts worst first, so ascending puts the submissions that need work on top.
fn verdict_key(v: Verdict) -> u8 {
    match v {
        Verdict::DoesNotMeet => 0,
        Verdict::Incomplete => 1,
        Verdict::Conditional => 2,
        Verdict::Meets => 3,
    }
}

fn table(out: &mut String, run: &Run) {
    out.push_str(
        "<h3 id=\"submissions-h\">Submissions</h3>\n<div class=\"scroll\" role=\"region\" aria-labelledby=\"submissions-h\" tabindex=\"0\">\n\
         <table class=\"sortable\" id=\"submissions-table\">\n<caption>Submissions in input order; the column headings sort the table</caption>\n<thead><tr>\
         <th scope=\"col\">Submission</th><th scope=\"col\">Supplier</th><th scope=\"col\">Verdict</th>\
         <th scope=\"col\" class=\"num\">Blockers failed</th><th scope=\"col\" class=\"num\">Majors failed</th><th scope=\"col\" class=\"num\">All failed</th>\
         <th scope=\"col\" class=\"num\">Errors</th><th scope=\"col\" class=\"num\">Passed</th><th scope=\"col\" class=\"num\">D1 score</th></tr></thead>\n<tbody>\n",
    );
    for (i, r) in run.reports.iter().enumerate() {
        row(out, i, r);
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The DTAC D1 compliance score, when the rules compute one.
fn d1(r: &Report) -> Option<&super::super::Score> {
    r.scores.iter().find(|s| s.name.contains("D1"))
}

fn row(out: &mut String, i: usize, r: &Report) {
    let id = present::anchor(i, &r.file);
    let v = present::verdict(r.verdict);
    let c = &r.counts;
    let (score_key, score) = match d1(r) {
        Some(s) => (format!("{:.1}", s.percent), format!("{:.1}%", s.percent)),
        None => ("-1".to_owned(), "—".to_owned()),
    };
    let _ = writeln!(
        out,
        "<tr><th scope=\"row\"><a href=\"#{id}\">{}</a></th><td>{}</td><td data-sort=\"{}\"><span class=\"badge v-{}\"><span aria-hidden=\"true\">{}</span> {}</span></td>\
         <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-sort=\"{score_key}\">{score}</td></tr>",
        e(&present::title(r)),
        e(r.submission.supplier.as_deref().unwrap_or("")),
        verdict_key(r.verdict),
        v.class,
        v.symbol,
        v.word,
        c.failed_blocker,
        c.failed_major,
        c.fail,
        c.error,
        c.pass
    );
}
