//! The frame of every page the server writes itself: language, title, the token for scripts,
//! the stylesheet, a skip link, the header with the main navigation (the current page marked),
//! one h1 in `main`, and a footer. Everything interpolated goes through the report's HTML escape.

use assure::report::escape::markup as e;
use axum::response::Html;
use std::fmt::Write;

/// Which main-navigation entry a page belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Start,
    Check,
    Fill,
    None,
}

/// A page: its h1 and the markup under it.
pub struct Page<'a> {
    pub title: &'a str,
    pub nav: Nav,
    pub body: &'a str,
    /// Scripts under `/assets/`, loaded deferred.
    pub scripts: &'a [&'a str],
    /// The token scripts send with their POSTs (pages that post nothing leave it out).
    pub token: Option<&'a str>,
}

impl Page<'_> {
    pub fn render(&self) -> Html<String> {
        let mut out = String::with_capacity(8 * 1024 + self.body.len());
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if let Some(t) = self.token {
            let _ = writeln!(out, "<meta name=\"assure-token\" content=\"{}\">", e(t));
        }
        let _ = writeln!(out, "<title>{} · assure</title>", e(self.title));
        out.push_str("<link rel=\"stylesheet\" href=\"/assets/style.css\">\n</head>\n<body>\n");
        out.push_str("<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n");
        header(&mut out, self.nav);
        let _ = write!(
            out,
            "<main id=\"main\" tabindex=\"-1\">\n<h1>{}</h1>\n{}</main>\n",
            e(self.title),
            self.body
        );
        let _ = writeln!(
            out,
            "<footer><p>assure {} runs on this computer: what you check or type here stays here. Stop it with Ctrl+C in the window where it was started.</p></footer>",
            env!("CARGO_PKG_VERSION")
        );
        for s in self.scripts {
            let _ = writeln!(out, "<script src=\"/assets/{}\" defer></script>", e(s));
        }
        out.push_str("</body>\n</html>\n");
        Html(out)
    }
}

fn header(out: &mut String, current: Nav) {
    out.push_str("<header>\n<p class=\"brand\"><a href=\"/\">assure</a>: NHS assurance evidence, checked on your own computer</p>\n<nav aria-label=\"Main\">\n<ul>\n");
    for (nav, href, label) in [
        (Nav::Start, "/", "Start"),
        (Nav::Check, "/check", "Check a file"),
        (Nav::Fill, "/fill", "Fill in a submission"),
    ] {
        let here = if nav == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = writeln!(out, "<li><a href=\"{href}\"{here}>{label}</a></li>");
    }
    out.push_str("</ul>\n</nav>\n</header>\n");
}

/// A page that says what went wrong and how to go on; what the message quotes in backticks (a
/// command, a file name) is shown as code.
pub fn error(title: &str, message: &str) -> Html<String> {
    let mut text = String::new();
    for (code, part) in assure::report::escape::code_spans(message) {
        if code {
            let _ = write!(text, "<code>{}</code>", e(part));
        } else {
            text.push_str(&e(part));
        }
    }
    let body = format!(
        "<div class=\"problem\" role=\"alert\"><p>{text}</p></div>\n<p><a href=\"/\">Back to the start page</a></p>\n"
    );
    Page {
        title,
        nav: Nav::None,
        body: &body,
        scripts: &[],
        token: None,
    }
    .render()
}
