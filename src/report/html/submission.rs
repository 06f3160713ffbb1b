//! One submission's section of the HTML report: heading and verdict, the results-by-area chart
//! and table, the weighted scores, each area's findings (failures first, explained in full; the
//! rest one row each) and the provenance that makes the page an audit artefact.

use super::super::escape::{code_spans, markup as e};
use super::super::{AreaSummary, Finding, Location, Report, Run, Score, present};
use super::chart;
use crate::rules::Outcome;
use std::fmt::Write;

/// Writes the `<section>` for the `index`th report.
pub fn render(out: &mut String, run: &Run, index: usize, r: &Report) {
    let id = present::anchor(index, &r.file);
    let _ = writeln!(
        out,
        "<section class=\"submission\" id=\"{id}\" aria-labelledby=\"{id}-h\">"
    );
    summary(out, &id, r);
    chart::areas(out, &id, r);
    area_table(out, &id, r);
    for area in &r.areas {
        area_section(out, &id, r, area);
    }
    provenance(out, run, &id, r);
    out.push_str("</section>\n");
}

fn summary(out: &mut String, id: &str, r: &Report) {
    let v = present::verdict(r.verdict);
    let _ = writeln!(out, "<h2 id=\"{id}-h\">{}</h2>", e(&present::title(r)));
    let who = present::who(r);
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}{}<code>{}</code>{}</p>",
        e(&who),
        if who.is_empty() { "" } else { " · " },
        e(&r.file),
        r.submission
            .id
            .as_ref()
            .map_or_else(String::new, |s| format!(" · submission {}", e(s)))
    );
    let _ = writeln!(
        out,
        "<p class=\"verdict\">Verdict: <span class=\"badge v-{}\"><span aria-hidden=\"true\">{}</span> {}</span> — {}</p>",
        v.class,
        v.symbol,
        v.word,
        e(r.verdict.explain())
    );
    let _ = writeln!(
        out,
        "<p class=\"tally\">{}</p>",
        e(&present::tally(&r.counts))
    );
    for s in &r.scores {
        score(out, s);
    }
}

fn score(out: &mut String, s: &Score) {
    let width = s.percent.clamp(0.0, 100.0);
    let _ = writeln!(
        out,
        "<p class=\"score\"><strong>{}: {:.1}%</strong> ({} of {} weighted points)</p>\n\
         <div class=\"scorebar\" aria-hidden=\"true\"><span style=\"width: {width:.1}%\"></span></div>",
        e(&s.name),
        s.percent,
        s.achieved,
        s.possible
    );
}

/// The chart's numbers as a table, which is also the way into each area's findings.
fn area_table(out: &mut String, id: &str, r: &Report) {
    out.push_str(
        "<div class=\"scroll\">\n<table class=\"areas\">\n<caption>Results by area</caption>\n<thead><tr>\
         <th scope=\"col\">Area</th><th scope=\"col\">Verdict</th><th scope=\"col\" class=\"num\">Failed</th>\
         <th scope=\"col\" class=\"num\">Errors</th><th scope=\"col\" class=\"num\">Passed</th><th scope=\"col\" class=\"num\">Triggers fired</th>\
         <th scope=\"col\" class=\"num\">Waived</th><th scope=\"col\" class=\"num\">Not applicable</th></tr></thead>\n<tbody>\n",
    );
    for a in &r.areas {
        let v = present::area_verdict(a);
        let c = &a.counts;
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><a href=\"#{id}-{}\">{}</a></th><td><span class=\"badge v-{}\"><span aria-hidden=\"true\">{}</span> {}</span></td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            present::slug(&a.area),
            e(&a.title),
            v.class,
            v.symbol,
            v.word,
            c.fail,
            c.error,
            c.pass,
            c.fired,
            c.waived,
            c.not_applicable + c.not_fired
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn area_section(out: &mut String, id: &str, r: &Report, area: &AreaSummary) {
    let aid = format!("{id}-{}", present::slug(&area.area));
    let v = present::area_verdict(area);
    let c = &area.counts;
    let _ = writeln!(
        out,
        "<section class=\"area\" id=\"{aid}\" aria-labelledby=\"{aid}-h\">\n<h3 id=\"{aid}-h\">{} <span class=\"badge v-{}\"><span aria-hidden=\"true\">{}</span> {}</span></h3>\n\
         <p>{} failed · {} passed · {} not applicable{}</p>",
        e(&area.title),
        v.class,
        v.symbol,
        v.word,
        c.fail,
        c.pass,
        c.not_applicable + c.not_fired,
        if c.error > 0 {
            format!(" · {} could not be evaluated", c.error)
        } else {
            String::new()
        }
    );
    let findings = present::area_findings(r, &area.area);
    let (detailed, brief): (Vec<&Finding>, Vec<&Finding>) =
        findings.into_iter().partition(|f| present::needs_detail(f));
    for f in detailed {
        finding(out, id, f);
    }
    brief_table(out, id, &brief);
    out.push_str("</section>\n");
}

/// A finding that needs attention, explained in full.
fn finding(out: &mut String, id: &str, f: &Finding) {
    let o = present::outcome(f.outcome);
    let _ = writeln!(
        out,
        "<article class=\"finding f-{}\" id=\"{id}-{}\">\n<h4><span class=\"badge o-{}\"><span aria-hidden=\"true\">{}</span> {}</span> \
         <span class=\"sev\">{}</span> <code class=\"rule\">{}</code> {}</h4>\n<p>{}</p>",
        o.class,
        present::slug(&f.rule),
        o.class,
        o.symbol,
        o.word,
        f.severity.as_str(),
        e(&f.rule),
        e(&f.title),
        rich(&f.message)
    );
    facts(out, f);
    evidence(out, f);
    out.push_str("</article>\n");
}

fn facts(out: &mut String, f: &Finding) {
    let mut rows: Vec<(&str, String)> = Vec::new();
    if let Some(p) = &f.path {
        rows.push(("Path", format!("<code>{}</code>", e(p))));
    }
    // A fired trigger's evidence list says what fired it; observed/expected would repeat it.
    let plain = !matches!(f.outcome, Outcome::Error | Outcome::Fired);
    if f.path.is_some() && plain {
        let observed = f.observed.as_ref().map_or_else(
            || "missing".to_owned(),
            |v| format!("<code>{}</code>", e(&present::value(v))),
        );
        rows.push(("Observed", observed));
    }
    if let Some(x) = f.expected.as_ref().filter(|_| plain) {
        rows.push(("Expected", rich(x)));
    }
    if let Some(l) = &f.location {
        rows.push(("Location", format!("<code>{}</code>", e(&location(l)))));
    }
    if !f.refs.is_empty() {
        rows.push(("Refs", e(&f.refs.join("; "))));
    }
    if let Some(w) = &f.waiver {
        rows.push(("Waiver", e(&w.describe())));
    }
    if !f.remedy.trim().is_empty() {
        rows.push((
            if f.outcome == Outcome::Fired {
                "Consequence"
            } else {
                "Remedy"
            },
            e(f.remedy.trim()),
        ));
    }
    out.push_str("<dl class=\"facts\">\n");
    for (term, value) in rows {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    }
    out.push_str("</dl>\n");
}

/// Every value that decided the finding, when there was more than the one the message names.
fn evidence(out: &mut String, f: &Finding) {
    if f.evidence.len() < 2 {
        return;
    }
    out.push_str("<p><strong>Evidence</strong></p>\n<ul class=\"evidence\">\n");
    for item in &f.evidence {
        let subject = match (&item.path, &item.rule) {
            (Some(p), _) => format!("<code>{}</code>", e(p)),
            (None, Some(rule)) => format!("rule <code>{}</code>", e(rule)),
            (None, None) => "the count".to_owned(),
        };
        let observed = item.observed.as_ref().map_or_else(
            || "missing".to_owned(),
            |v| format!("<code>{}</code>", e(&present::value(v))),
        );
        let at = item.location.as_ref().map_or_else(String::new, |l| {
            format!(" at <code>{}</code>", e(&location(l)))
        });
        let _ = writeln!(
            out,
            "<li>{subject} is {observed}; expected {}{at}</li>",
            rich(&item.expected)
        );
    }
    out.push_str("</ul>\n");
}

/// Passes, triggers that did not fire and rules that do not apply: one row each.
fn brief_table(out: &mut String, id: &str, findings: &[&Finding]) {
    if findings.is_empty() {
        return;
    }
    let notes = findings.iter().any(|f| f.outcome == Outcome::NotApplicable);
    let _ = writeln!(
        out,
        "<table class=\"brief\">\n<caption>Other results in this area</caption>\n<thead><tr><th scope=\"col\">Outcome</th>\
         <th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">Title</th>{}</tr></thead>\n<tbody>",
        if notes {
            "<th scope=\"col\">Why not applicable</th>"
        } else {
            ""
        }
    );
    for f in findings {
        let o = present::outcome(f.outcome);
        let note = match (notes, f.outcome) {
            (false, _) => String::new(),
            (true, Outcome::NotApplicable) => format!(
                "<td>{}</td>",
                rich(
                    f.message
                        .strip_prefix("not applicable: ")
                        .unwrap_or(&f.message)
                )
            ),
            (true, _) => "<td></td>".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr id=\"{id}-{}\"><td><span class=\"badge o-{}\"><span aria-hidden=\"true\">{}</span> {}</span></td><td>{}</td>\
             <th scope=\"row\"><code class=\"rule\">{}</code></th><td>{}</td>{note}</tr>",
            present::slug(&f.rule),
            o.class,
            o.symbol,
            o.word,
            f.severity.as_str(),
            e(&f.rule),
            e(&f.title)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn provenance(out: &mut String, run: &Run, id: &str, r: &Report) {
    let waived = present::waived(r);
    let waivers = if waived.is_empty() {
        "none".to_owned()
    } else {
        format!(
            "{} finding(s) waived: {}",
            waived.len(),
            e(&waived.join(", "))
        )
    };
    let rows = [
        (
            "Tool",
            format!("{} {}", e(run.tool.name), e(run.tool.version)),
        ),
        (
            "Rule set",
            format!(
                "<code>{}</code> ({} rules: {})",
                e(&run.rules.hash),
                run.rules.count,
                e(&run.rules.packs.join(", "))
            ),
        ),
        ("Input", format!("<code>{}</code>", e(&r.file))),
        ("Input hash", format!("<code>{}</code>", e(&r.input_hash))),
        ("As of", e(&run.as_of)),
        ("Waivers applied", waivers),
    ];
    let _ = writeln!(
        out,
        "<section class=\"provenance\" aria-labelledby=\"{id}-prov-h\">\n<h3 id=\"{id}-prov-h\">Provenance</h3>\n<dl class=\"facts\">"
    );
    for (term, value) in rows {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    }
    out.push_str("</dl>\n</section>\n");
}

fn location(l: &Location) -> String {
    format!("{}:{}:{}", l.file, l.line, l.column)
}

/// Escapes an engine message and shows its backticked parts as code.
fn rich(message: &str) -> String {
    let mut s = String::new();
    for (code, part) in code_spans(message) {
        if code {
            let _ = write!(s, "<code>{}</code>", e(part));
        } else {
            s.push_str(&e(part));
        }
    }
    s
}
