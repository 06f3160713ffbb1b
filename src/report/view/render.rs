//! The views in text, Markdown, HTML (one page, tables that print cleanly) and CSV.

use super::super::csv::defuse;
use super::super::escape::{markdown as md, markup as e};
use super::{Table, Which};
use crate::report::Run;
use std::fmt::Write;

/// The view's name in headings.
pub fn name(which: Which) -> &'static str {
    match which {
        Which::Dtac => "DTAC form",
        Which::Dcb0129 => "DCB0129 compliance assessment",
        Which::Dcb0160 => "DCB0160 compliance assessment",
    }
}

fn tables(which: Which, run: &Run) -> Vec<Table> {
    run.reports.iter().map(|r| super::table(which, r)).collect()
}

/// Question by question, each with its judgement, answer, what to verify and the assessor's
/// columns on indented lines.
pub fn text(which: Which, run: &Run) -> String {
    let mut out = format!(
        "assure {} · {} · as of {}\n",
        run.tool.version,
        name(which),
        run.as_of
    );
    for t in tables(which, run) {
        let _ = writeln!(out, "\n━━ {} — {} ({})", t.file, t.product, t.standard);
        for r in &t.rows {
            let _ = writeln!(
                out,
                "\n{}  {}  [{}]",
                r.code,
                r.title,
                r.judgement.to_uppercase()
            );
            let lines = [
                ("rules", r.rules.join(", ")),
                ("answer", r.answer.clone()),
                ("verify", r.verify.clone()),
                ("assessor", r.assessor.clone()),
            ];
            for (label, value) in lines {
                if !value.is_empty() {
                    let _ = writeln!(
                        out,
                        "    {label}: {}",
                        crate::report::terminal::printable(&value)
                    );
                }
            }
        }
    }
    errors_text(&mut out, run);
    out
}

fn errors_text(out: &mut String, run: &Run) {
    for f in &run.errors {
        let _ = writeln!(out, "\nnot checked: {}", f.message);
    }
}

const HEADS: [&str; 7] = [
    "Code",
    "Question",
    "Tool's judgement",
    "Answer / evidence",
    "What to verify",
    "Assessor",
    "Rules",
];

/// One table per submission.
pub fn markdown(which: Which, run: &Run) -> String {
    let mut out = format!(
        "# {}\n\nAs of {} · assure {}\n",
        name(which),
        run.as_of,
        run.tool.version
    );
    for t in tables(which, run) {
        let _ = writeln!(
            out,
            "\n## {} ({})\n\n`{}`\n",
            md(&t.product),
            md(&t.standard),
            t.file
        );
        let _ = writeln!(
            out,
            "| {} |\n|{}",
            HEADS.join(" | "),
            "---|".repeat(HEADS.len())
        );
        for r in &t.rows {
            let cells: Vec<String> = r
                .cells(", ")
                .iter()
                .map(|c| md(c).replace('|', "\\|"))
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    for f in &run.errors {
        let _ = writeln!(out, "\nNot checked: {}", md(&f.message));
    }
    out
}

/// One page; each submission a section with a captioned table.
pub fn html(which: Which, run: &Run) -> String {
    let tables = tables(which, run);
    let mut body = String::new();
    for (i, t) in tables.iter().enumerate() {
        let _ = writeln!(
            body,
            "<section class=\"view\" aria-labelledby=\"v{i}-h\">\n<h2 id=\"v{i}-h\">{} — {}</h2>\n<p class=\"meta\"><code>{}</code></p>\n<div class=\"scroll\">\n<table class=\"view-table\">\n<caption>{} for {}, question by question</caption>\n<colgroup><col style=\"width: 6%\"><col style=\"width: 20%\"><col style=\"width: 10%\"><col style=\"width: 22%\"><col style=\"width: 22%\"><col style=\"width: 12%\"><col style=\"width: 8%\"></colgroup>\n<thead><tr>",
            e(&t.product),
            e(&t.standard),
            e(&t.file),
            e(&t.standard),
            e(&t.product)
        );
        for h in HEADS {
            let _ = write!(body, "<th scope=\"col\">{h}</th>");
        }
        body.push_str("</tr></thead>\n<tbody>\n");
        for r in &t.rows {
            let _ = writeln!(
                body,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td><span class=\"badge {}\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&r.code),
                e(&r.title),
                class(&r.judgement),
                e(&r.judgement),
                e(&r.answer),
                e(&r.verify),
                e(&r.assessor),
                e(&r.rules.join(", "))
            );
        }
        body.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    }
    for f in &run.errors {
        let _ = writeln!(body, "<p>Not checked: {}</p>", e(&f.message));
    }
    let lead = format!("As of {} · assure {}", run.as_of, run.tool.version);
    let sections: Vec<(String, String)> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("v{i}-h"), t.product.clone()))
        .collect();
    super::super::html::page(
        &format!("{} · assure", name(which)),
        name(which),
        &lead,
        &sections,
        &body,
    )
}

fn class(judgement: &str) -> &'static str {
    match judgement {
        "meets" | "yes" => "v-meets",
        "does not meet" | "no" => "v-does-not-meet",
        "outstanding" | "awaiting" | "partial" => "v-conditional",
        _ => "v-na",
    }
}

/// One row per submission and question.
pub fn csv(which: Which, run: &Run) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "file",
        "standard",
        "code",
        "question",
        "judgement",
        "answer",
        "verify",
        "assessor",
        "rules",
    ]);
    for t in tables(which, run) {
        for r in &t.rows {
            let row = [t.file.clone(), t.standard.clone()]
                .into_iter()
                .chain(r.cells(" "));
            let _ = w.write_record(row.map(|c| defuse(&c).into_owned()));
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
