//! `assure evidence`: the evidence register of a batch as CSV, JSON or HTML. The HTML page has
//! a timeline of the coming twelve months (what lapses or is expected in each month) above the
//! full table.

use super::csv::defuse;
use super::escape::markup as e;
use super::evidence::days;
use crate::record::Kind;
use crate::record::batch::{Register, Row};
use std::fmt::Write;

/// The header row of the CSV.
pub const COLUMNS: [&str; 10] = [
    "file",
    "product",
    "supplier",
    "path",
    "item",
    "kind",
    "date",
    "due",
    "days_left",
    "basis",
];

fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Dated => "dated",
        Kind::Lapses => "lapses",
        Kind::Expected => "expected",
    }
}

fn cells(r: &Row) -> [String; 10] {
    let i = &r.item;
    [
        r.file.clone(),
        r.product.clone().unwrap_or_default(),
        r.supplier.clone().unwrap_or_default(),
        i.path.clone(),
        i.item.clone(),
        kind(i.kind).to_owned(),
        i.date.clone(),
        i.due.clone().unwrap_or_default(),
        i.days_left.map(|d| d.to_string()).unwrap_or_default(),
        i.basis.clone(),
    ]
}

/// One row per item, sorted by date; inputs that could not be read are on standard error.
pub fn csv(reg: &Register) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for r in &reg.rows {
        let _ = w.write_record(cells(r).iter().map(|c| defuse(c).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn json(reg: &Register) -> String {
    let mut s = serde_json::to_string_pretty(reg).unwrap_or_default();
    s.push('\n');
    s
}

/// The page: a month-by-month timeline of the coming year, then every item.
pub fn html(reg: &Register) -> String {
    let mut body = String::new();
    timeline(&mut body, reg);
    table(&mut body, reg);
    if !reg.errors.is_empty() {
        body.push_str("<section aria-labelledby=\"errors-h\">\n<h2 id=\"errors-h\">Inputs that could not be read</h2>\n<ul>\n");
        for f in &reg.errors {
            let _ = writeln!(body, "<li>{}</li>", e(&f.message));
        }
        body.push_str("</ul>\n</section>\n");
    }
    let lead = format!(
        "As of {} · {} dated items · sorted by the day each lapses or is due",
        reg.as_of,
        reg.rows.len()
    );
    let sections = [
        (
            "timeline-h".to_owned(),
            "The coming twelve months".to_owned(),
        ),
        ("items-h".to_owned(), "Every dated item".to_owned()),
    ];
    super::html::page(
        "Evidence register · assure",
        "Evidence register",
        &lead,
        &sections,
        &body,
    )
}

/// The coming twelve months, each with what lapses or is expected in it.
fn timeline(out: &mut String, reg: &Register) {
    let Ok(as_of) = reg.as_of.parse::<jiff::civil::Date>() else {
        return;
    };
    out.push_str("<section aria-labelledby=\"timeline-h\">\n<h2 id=\"timeline-h\">The coming twelve months</h2>\n<ol class=\"timeline\">\n");
    for m in 0..12 {
        let Ok(month) = as_of
            .first_of_month()
            .checked_add(jiff::Span::new().months(m))
        else {
            continue;
        };
        let key = month.strftime("%Y-%m").to_string();
        let due: Vec<&Row> = reg
            .rows
            .iter()
            .filter(|r| r.item.kind != Kind::Dated)
            .filter(|r| {
                r.item
                    .due
                    .as_deref()
                    .is_some_and(|d| d.starts_with(&key) && d >= reg.as_of.as_str())
            })
            .collect();
        let _ = write!(out, "<li><h3>{}</h3>", month.strftime("%B %Y"));
        if due.is_empty() {
            out.push_str("<p>Nothing lapses.</p></li>\n");
            continue;
        }
        out.push_str("<ul>");
        for r in due {
            let _ = write!(
                out,
                "<li><strong>{}</strong> {} — {} ({})</li>",
                e(r.item.due.as_deref().unwrap_or_default()),
                e(&r.item.item),
                e(r.product.as_deref().unwrap_or(&r.file)),
                e(&r.item.days_left.map(days).unwrap_or_default())
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn table(out: &mut String, reg: &Register) {
    out.push_str("<section aria-labelledby=\"items-h\">\n<h2 id=\"items-h\">Every dated item</h2>\n<div class=\"scroll\">\n<table>\n<caption>Evidence register</caption>\n<thead><tr>");
    for h in [
        "Due",
        "Days left",
        "Item",
        "Kind",
        "Date",
        "Submission",
        "Path",
        "Basis",
    ] {
        let _ = write!(out, "<th scope=\"col\">{h}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &reg.rows {
        let i = &r.item;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            e(i.due.as_deref().unwrap_or("—")),
            i.days_left
                .map_or_else(|| "—".to_owned(), |d| d.to_string()),
            e(&i.item),
            kind(i.kind),
            e(&i.date),
            e(r.product.as_deref().unwrap_or(&r.file)),
            e(&i.path),
            e(&i.basis)
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
}
