//! One submission's section of the HTML report: heading, the decisions (each with its parts),
//! the weighted scores, what is not met (explained in full, with what waits on it), what is
//! outstanding grouped by the document to verify it in, advisory and waived findings, every
//! other rule one row each (collapsed), and the provenance that makes the page an audit artefact.

use super::super::escape::{code_spans, markup as e};
use super::super::{Decision, Finding, Location, Report, Run, Score, present};
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
    decisions(out, &id, r);
    chart::decisions(out, &id, r);
    super::super::evidence::html(out, &id, r);
    super::super::record::html(out, &id, r);
    let not_met = present::not_met(r);
    if !not_met.is_empty() {
        heading(out, &id, "not-met", &format!("Not met ({})", not_met.len()));
        for f in not_met {
            finding(out, &id, r, f);
        }
        out.push_str("</section>\n");
    }
    outstanding(out, &id, r);
    let observations = present::observations(r);
    if !observations.is_empty() {
        heading(
            out,
            &id,
            "observations",
            &format!(
                "Observations ({}): scored or context questions and info findings, which move no decision",
                observations.len()
            ),
        );
        for f in observations {
            finding(out, &id, r, f);
        }
        out.push_str("</section>\n");
    }
    let advisory = present::advisory(r);
    if !advisory.is_empty() {
        heading(
            out,
            &id,
            "advisory",
            &format!("Advisory ({}): never counted by --fail-on", advisory.len()),
        );
        for f in advisory {
            finding(out, &id, r, f);
        }
        out.push_str("</section>\n");
    }
    let other: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| {
            matches!(
                f.outcome,
                crate::rules::Outcome::Waived | crate::rules::Outcome::Fired
            )
        })
        .collect();
    if !other.is_empty() {
        heading(
            out,
            &id,
            "waived-fired",
            "Waived findings and fired triggers",
        );
        for f in other {
            finding(out, &id, r, f);
        }
        out.push_str("</section>\n");
    }
    every_rule(out, &id, r);
    provenance(out, run, &id, r);
    out.push_str("</section>\n");
}

/// Opens a `<section>` with an `<h3>`; the caller closes it.
fn heading(out: &mut String, id: &str, key: &str, title: &str) {
    let _ = writeln!(
        out,
        "<section class=\"area\" id=\"{id}-{key}\" aria-labelledby=\"{id}-{key}-h\">\n<h3 id=\"{id}-{key}-h\">{}</h3>",
        e(title)
    );
}

fn summary(out: &mut String, id: &str, r: &Report) {
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
        "<p class=\"tally\">{}</p>",
        e(&present::tally(&r.counts))
    );
    if r.to_be_completed > 0 {
        let _ = writeln!(
            out,
            "<p class=\"todo\"><strong>{} answer(s) still to be completed</strong> (placeholders or “to be completed”).</p>",
            r.to_be_completed
        );
    }
    for s in &r.scores {
        score(out, s);
    }
}

fn score(out: &mut String, s: &Score) {
    let width = s.percent.clamp(0.0, 100.0);
    let _ = writeln!(
        out,
        "<p class=\"score\"><strong>{}: {:.1}%</strong> ({} of {} weighted points; scored for comparison, it does not move the DTAC decision)</p>\n\
         <div class=\"scorebar\" aria-hidden=\"true\"><span style=\"width: {width:.1}%\"></span></div>",
        e(&s.name),
        s.percent,
        s.achieved,
        s.possible
    );
}

/// The decisions, each with its parts' statuses.
fn decisions(out: &mut String, id: &str, r: &Report) {
    let _ = writeln!(
        out,
        "<div class=\"scroll\">\n<table class=\"areas\" id=\"{id}-decisions\">\n<caption>Decisions</caption>\n<thead><tr>\
         <th scope=\"col\">Decision</th><th scope=\"col\">Status</th><th scope=\"col\">Parts</th><th scope=\"col\">Detail</th></tr></thead>\n<tbody>"
    );
    for d in &r.decisions {
        let l = present::status(d.status);
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td><span class=\"badge v-{}\"><span aria-hidden=\"true\">{}</span> {}</span></td><td>{}</td><td>{}</td></tr>",
            e(&present::decision_name(d)),
            l.class,
            l.symbol,
            e(&present::decision_word(d)),
            parts(d),
            e(&present::decision_detail(d, r))
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// A decision's parts as a list, each with its status in words.
fn parts(d: &Decision) -> String {
    let items: Vec<String> = d
        .parts
        .iter()
        .map(|p| {
            let l = present::status(p.status);
            format!(
                "<li><span class=\"badge v-{}\"><span aria-hidden=\"true\">{}</span> {}</span> {}{}</li>",
                l.class,
                l.symbol,
                e(&present::part_word(d, p)),
                e(&p.title),
                if p.assessed { "" } else { " <small>(does not count)</small>" }
            )
        })
        .collect();
    format!("<ul class=\"parts\">{}</ul>", items.join(""))
}

/// What is outstanding, grouped by the document to verify it in.
fn outstanding(out: &mut String, id: &str, r: &Report) {
    let groups = present::outstanding(r);
    let n: usize = groups.iter().map(|(_, g)| g.len()).sum();
    if n == 0 {
        return;
    }
    heading(
        out,
        id,
        "outstanding",
        &format!("Evidence outstanding ({n}): verify in the documents, or ask the supplier"),
    );
    for (doc, findings) in groups {
        let title = match doc {
            Some(d) => match &d.title {
                Some(t) => format!("In “{}” (<code>{}</code>)", e(t), e(&d.path)),
                None => format!("In the document at <code>{}</code>", e(&d.path)),
            },
            None => "Answers to complete or in progress".to_owned(),
        };
        let _ = writeln!(out, "<h4 class=\"doc\">{title}</h4>");
        for f in findings {
            finding(out, id, r, f);
        }
    }
    out.push_str("</section>\n");
}

/// Every other rule, one row each, by decision, in a collapsed block that does not print.
fn every_rule(out: &mut String, id: &str, r: &Report) {
    let rest: Vec<&Finding> = present::by_decision(r)
        .into_iter()
        .filter(|f| !present::needs_detail(f))
        .collect();
    if rest.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details class=\"rest\" id=\"{id}-rest\">\n<summary>Every other rule ({}): passed, not applicable, not evaluated, triggers that did not fire</summary>",
        rest.len()
    );
    brief_table(out, id, &rest);
    out.push_str("</details>\n");
}

/// A finding that needs attention, explained in full.
fn finding(out: &mut String, id: &str, r: &Report, f: &Finding) {
    let o = present::outcome(f.outcome);
    let _ = writeln!(
        out,
        "<article class=\"finding f-{}\" id=\"{id}-{}\">\n<h4><span class=\"badge o-{}\"><span aria-hidden=\"true\">{}</span> {}</span> \
         <span class=\"sev\">{}</span> <code class=\"rule\">{}</code> {}</h4>\n<p>{}</p>",
        o.class,
        present::slug(f.rule),
        o.class,
        o.symbol,
        o.word,
        f.severity.as_str(),
        e(f.rule),
        e(f.title),
        rich(&f.message)
    );
    facts(out, f);
    evidence(out, f);
    let under = present::under(r, f.rule);
    if !under.is_empty() {
        let ids: Vec<String> = under
            .iter()
            .map(|u| format!("<code>{}</code>", e(u.rule)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"under\">↳ {} not evaluated until this passes: {}</p>",
            under.len(),
            ids.join(", ")
        );
    }
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
    rows.push(("Counts towards", e(&present::counts_towards(f))));
    if let Some(w) = &f.waiver {
        rows.push(("Waiver", e(&w.describe())));
    }
    if !f.remedy.trim().is_empty() && !matches!(f.outcome, Outcome::Outstanding) {
        rows.push((
            if f.outcome == Outcome::Fired {
                "Consequence"
            } else {
                "Remedy"
            },
            rich(f.remedy.trim()),
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
        let pending = item
            .pending
            .as_ref()
            .map_or_else(String::new, |p| format!(" — {}", rich(p)));
        let _ = writeln!(
            out,
            "<li>{subject} is {observed}{pending}; expected {}{at}</li>",
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
    let notes = findings
        .iter()
        .any(|f| matches!(f.outcome, Outcome::NotApplicable | Outcome::NotEvaluated));
    let _ = writeln!(
        out,
        "<table class=\"brief\">\n<caption>Every other rule, by decision</caption>\n<thead><tr><th scope=\"col\">Outcome</th>\
         <th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">Title</th><th scope=\"col\">Counts towards</th>{}</tr></thead>\n<tbody>",
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
            (true, Outcome::NotApplicable | Outcome::NotEvaluated) => format!(
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
             <th scope=\"row\"><code class=\"rule\">{}</code></th><td>{}</td><td>{}</td>{note}</tr>",
            present::slug(f.rule),
            o.class,
            o.symbol,
            o.word,
            f.severity.as_str(),
            e(f.rule),
            e(f.title),
            e(&present::counts_towards(f))
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
        (
            "Project file",
            run.config
                .as_deref()
                .map_or_else(|| "none".to_owned(), |c| format!("<code>{}</code>", e(c))),
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
    l.to_string()
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
