//! The HTML report: one self-contained page (CSS, SVG charts and a small sorting script inline;
//! nothing fetched, no fonts, no CDN) that a clinical safety officer or IG lead can read, share and
//! print to PDF. One submission gives its verdict, a chart per area, the D1 score, findings by
//! area (failures first) and provenance; a batch starts with a dashboard (heatmap and sortable
//! table) linking to each submission's section. Every value from a submission goes through
//! [`escape::markup`](super::escape::markup), and a Content-Security-Policy that allows only the
//! page's own script (by hash) backs that up.
//!
//! The page aims at WCAG 2.2 AA: one h1, landmarks, a skip link, table headers with scope, charts
//! with text alternatives and a data table, and words beside every colour and symbol.

mod chart;
mod dashboard;
mod submission;

use super::escape::markup as e;
use super::present;
use super::{InputFailure, Run};
use sha2::{Digest, Sha256};
use std::fmt::Write;

const CSS: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("sort.js");
/// What the standalone pages add: tables that fit a printed A4 page, a row never split.
const PAGE_CSS: &str = "table { width: 100%; }\n\
td, th { overflow-wrap: break-word; }\n\
.view-table { table-layout: fixed; }\n\
.view-table td, .view-table th { padding: 0.2rem 0.35rem; vertical-align: top; }\n\
.timeline { list-style: none; padding: 0; }\n\
.timeline > li { border-left: 3px solid var(--line); padding-left: 0.75rem; margin-bottom: 0.5rem; }\n\
@media print {\n  .view-table, .view-table th, .view-table td { font-size: 8.5pt; }\n  .view + .view { break-before: page; }\n  tr { break-inside: avoid; }\n}\n";

/// Renders a whole run as one HTML document.
pub fn render(run: &Run) -> String {
    let mut out = String::with_capacity(64 * 1024);
    head(&mut out, run);
    out.push_str("<body>\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n");
    page_header(&mut out, run);
    contents(&mut out, run);
    out.push_str("<main id=\"main\" tabindex=\"-1\">\n");
    if run.reports.len() > 1 {
        dashboard::render(&mut out, run);
    }
    for (index, report) in run.reports.iter().enumerate() {
        submission::render(&mut out, run, index, report);
    }
    if run.reports.is_empty() && run.errors.is_empty() {
        out.push_str("<p>No submissions were given.</p>\n");
    }
    input_errors(&mut out, &run.errors);
    if let Some(w) = &run.waivers {
        super::waiver::render_html(&mut out, w);
    }
    out.push_str("</main>\n");
    footer(&mut out, run);
    let _ = writeln!(out, "<script>{SCRIPT}</script>");
    out.push_str("</body>\n</html>\n");
    out
}

fn head(out: &mut String, run: &Run) {
    let title = match run.reports.as_slice() {
        [one] => match one.decision("dtac") {
            Some(d) => format!("{} — DTAC {} · assure report", present::title(one), d.words),
            None => format!("{} · assure report", present::title(one)),
        },
        many => format!("{} submissions · assure report", many.len()),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"generator\" content=\"assure {}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n",
        e(&csp()),
        e(run.tool.version),
        e(&title)
    );
}

/// A standalone page (the register, the assessor's views) with the report's styles and no
/// script: a skip link, one h1, a contents `nav` listing `sections` (anchor, label), `body`
/// inside `<main>`, and a footer naming the tool.
pub fn page(
    title: &str,
    heading: &str,
    lead: &str,
    sections: &[(String, String)],
    body: &str,
) -> String {
    let mut nav = String::from(
        "<nav class=\"toc\" aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">Contents</h2>\n<ul>\n",
    );
    for (id, label) in sections {
        let _ = writeln!(nav, "<li><a href=\"#{}\">{}</a></li>", e(id), e(label));
    }
    nav.push_str("</ul>\n</nav>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
         <title>{}</title>\n<style>\n{CSS}{PAGE_CSS}</style>\n</head>\n<body>\n\
         <a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n\
         <header class=\"page-header\">\n<h1>{}</h1>\n<p>{}</p>\n</header>\n{nav}<main id=\"main\" tabindex=\"-1\">\n{body}</main>\n\
         <footer class=\"page-footer\"><p>Written by assure {}.</p></footer>\n</body>\n</html>\n",
        e(title),
        e(heading),
        e(lead),
        env!("CARGO_PKG_VERSION")
    )
}

/// Nothing may load from anywhere; inline styles are allowed, and only this page's own script.
fn csp() -> String {
    let hash = base64(&Sha256::digest(SCRIPT.as_bytes()));
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'"
    )
}

fn page_header(out: &mut String, run: &Run) {
    let _ = write!(
        out,
        "<header class=\"page-header\">\n<h1>NHS assurance report</h1>\n\
         <p>As of <strong>{}</strong> · {} rules ({}) · assure {}</p>\n</header>\n",
        e(&run.as_of),
        run.rules.count,
        e(&run.rules.packs.join(", ")),
        e(run.tool.version)
    );
}

/// The table of contents: submissions in a batch, areas for a single submission.
fn contents(out: &mut String, run: &Run) {
    let mut items: Vec<(String, String)> = Vec::new();
    if let [one] = run.reports.as_slice() {
        let id = present::anchor(0, &one.file);
        items.push((id.clone(), present::title(one)));
        items.push((format!("{id}-decisions"), "Decisions".into()));
        if !present::not_met(one).is_empty() {
            items.push((format!("{id}-not-met"), "Not met".into()));
        }
        if one.counts.outstanding > 0 {
            items.push((format!("{id}-outstanding"), "Evidence outstanding".into()));
        }
    } else if run.reports.len() > 1 {
        items.push(("dashboard".into(), "Dashboard".into()));
        for (i, r) in run.reports.iter().enumerate() {
            let dtac = r
                .decision("dtac")
                .map_or_else(String::new, |d| format!(" — DTAC {}", d.words));
            items.push((
                present::anchor(i, &r.file),
                format!("{}{dtac}", present::title(r)),
            ));
        }
    }
    if !run.errors.is_empty() {
        items.push((
            "input-errors".into(),
            "Inputs that could not be checked".into(),
        ));
    }
    if items.is_empty() {
        return;
    }
    out.push_str(
        "<nav class=\"toc\" aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">Contents</h2>\n<ul>\n",
    );
    for (id, label) in items {
        let _ = writeln!(out, "<li><a href=\"#{}\">{}</a></li>", e(&id), e(&label));
    }
    out.push_str("</ul>\n</nav>\n");
}

fn input_errors(out: &mut String, errors: &[InputFailure]) {
    if errors.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"input-errors\" aria-labelledby=\"input-errors-h\">\n<h2 id=\"input-errors-h\">Inputs that could not be checked ({})</h2>\n\
         <p>These files were not evaluated; each message says where the problem is and how to fix it.</p>",
        errors.len()
    );
    for f in errors {
        let _ = writeln!(
            out,
            "<div class=\"input-error\">\n<h3><span class=\"badge o-fail\"><span aria-hidden=\"true\">✗</span> NOT CHECKED</span> <code>{}</code></h3>\n<pre>{}</pre>\n</div>",
            e(&f.file),
            e(&f.message)
        );
    }
    out.push_str("</section>\n");
}

fn footer(out: &mut String, run: &Run) {
    let _ = writeln!(
        out,
        "<footer class=\"page-footer\">\n<p>Generated by assure {} with rule set <code>{}</code> ({} rules) as of {}, project file {}. \
         The same inputs, rules and as-of date give the same report.</p>\n\
         <p>This page is self-contained: it loads nothing from the network.</p>\n</footer>",
        e(run.tool.version),
        e(&run.rules.hash),
        run.rules.count,
        e(&run.as_of),
        run.config
            .as_deref()
            .map_or_else(|| "none".to_owned(), |c| format!("<code>{}</code>", e(c)))
    );
}

/// Standard base64 with padding, for the script hash in the Content-Security-Policy.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
