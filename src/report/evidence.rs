//! The evidence side of one report in each people-facing format: the re-assessment due date
//! (the earliest lapse in the evidence register) and, with `--expiring-within`, the evidence
//! lapsing inside the window with the findings that will then fail.

use super::Report;
use super::escape::{markdown as md, markup as e};
use crate::record::{Expiring, Reassessment};
use std::fmt::Write;

/// "in 30 days", "today", "12 days ago".
pub fn days(n: i64) -> String {
    match n {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        n if n < 0 => format!("{} days ago", -n),
        n => format!("in {n} days"),
    }
}

/// "Re-assessment due 2026-12-01 (in 30 days): External penetration test lapses".
pub fn reassessment_line(r: &Reassessment) -> String {
    match r.days_left {
        Some(d) if d < 0 => format!(
            "Re-assessment due now: {} lapsed on {} ({})",
            r.item,
            r.date,
            days(d)
        ),
        Some(d) => format!(
            "Re-assessment due {} ({}): {} lapses",
            r.date,
            days(d),
            r.item
        ),
        None => format!("Re-assessment due {}: {} lapses", r.date, r.item),
    }
}

/// One expiring item in a sentence.
pub fn expiring_line(x: &Expiring) -> String {
    format!(
        "{} (`{}`, dated {}) valid until {} ({}); {}",
        x.item,
        x.path,
        x.date,
        x.lapses,
        days(x.days_left),
        x.basis
    )
}

/// What then fails, in a sentence, or `None`.
pub fn then_fails_line(x: &Expiring) -> Option<String> {
    if x.then_fails.is_empty() {
        return None;
    }
    let list: Vec<String> = x
        .then_fails
        .iter()
        .map(|t| format!("{} from {}", t.rule, t.from))
        .collect();
    Some(format!(
        "passes today, fails once lapsed: {}",
        list.join(", ")
    ))
}

/// The text lines (unstyled; the caller styles the heading).
pub fn text_lines(r: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    for x in &r.expiring {
        lines.push(format!("  ⚠ WARN {}", expiring_line(x)));
        if let Some(t) = then_fails_line(x) {
            lines.push(format!("         {t}"));
        }
    }
    lines
}

/// The Markdown block.
pub fn markdown(out: &mut String, r: &Report) {
    if let Some(due) = &r.reassessment_due {
        let _ = writeln!(out, "**{}**\n", md(&reassessment_line(due)));
    }
    if r.expiring.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### Expiring within the window ({})\n",
        r.expiring.len()
    );
    for x in &r.expiring {
        let _ = write!(out, "- ⚠ {}", md(&expiring_line(x)));
        if let Some(t) = then_fails_line(x) {
            let _ = write!(out, "; {}", md(&t));
        }
        out.push('\n');
    }
    out.push('\n');
}

/// The HTML block.
pub fn html(out: &mut String, id: &str, r: &Report) {
    if let Some(due) = &r.reassessment_due {
        let _ = writeln!(
            out,
            "<p class=\"reassess\"><strong>{}</strong></p>",
            e(&reassessment_line(due))
        );
    }
    if r.expiring.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section class=\"area\" id=\"{id}-expiring\" aria-labelledby=\"{id}-expiring-h\">\n<h3 id=\"{id}-expiring-h\">Expiring within the window ({})</h3>\n<ul class=\"expiring\">",
        r.expiring.len()
    );
    for x in &r.expiring {
        let _ = write!(
            out,
            "<li><span class=\"badge v-conditional\">⚠ warning</span> {}",
            e(&expiring_line(x))
        );
        if let Some(t) = then_fails_line(x) {
            let _ = write!(out, "<br>{}", e(&t));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}
