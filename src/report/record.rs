//! The assessment record in the people-facing formats: the flags first (hashes that do not
//! match, overdue conditions, unanswered clarifications, decisions that differ from the
//! tool's), then sign-off, decisions beside the tool's, conditions, clarifications and register
//! look-ups.

use super::Report;
use super::escape::{markdown as md, markup as e};
use crate::record::RecordReview;
use crate::record::review::FlagKind;
use std::fmt::Write;

fn flag_word(k: FlagKind) -> &'static str {
    match k {
        FlagKind::HashMismatch => "HASH MISMATCH",
        FlagKind::ConditionOverdue => "OVERDUE",
        FlagKind::ClarificationUnanswered => "UNANSWERED",
        FlagKind::DecisionDiffers => "DIFFERS",
    }
}

/// The record's lines for the text report (unstyled; the caller styles the heading).
pub fn text_lines(rec: &RecordReview) -> Vec<String> {
    let mut out = vec![format!("  record {} ({})", rec.file, short(&rec.hash))];
    for f in &rec.flags {
        out.push(format!("  ⚠ {} {}", flag_word(f.kind), f.message));
    }
    for p in &rec.record.person {
        let signed = p.signed_off.as_deref().map_or_else(
            || "not signed off".to_owned(),
            |d| format!("signed off {d}"),
        );
        out.push(format!("  {} — {}, {signed}", role(&p.role), p.name));
    }
    for d in &rec.decisions {
        let tool = d.tool.map_or("not assessed", crate::report::Status::as_str);
        out.push(format!(
            "  decision {}: recorded {} · tool {tool}{}",
            d.part,
            d.recorded,
            if d.agrees { "" } else { " (differs)" }
        ));
    }
    for c in &rec.record.condition {
        let state = c
            .met
            .as_deref()
            .map_or_else(|| "open".to_owned(), |m| format!("met {m}"));
        out.push(format!(
            "  condition: {} — owner {}, due {}, {state}",
            c.what, c.owner, c.due
        ));
    }
    for c in &rec.record.clarification {
        let answer = match (&c.answer, &c.answered) {
            (Some(a), Some(d)) => format!("answered {d}: {a}"),
            (Some(a), None) => format!("answered: {a}"),
            (None, Some(d)) => format!("answered {d}"),
            (None, None) => "no answer yet".to_owned(),
        };
        out.push(format!(
            "  clarification (asked {}): {} — {answer}",
            c.asked, c.question
        ));
    }
    for l in &rec.record.lookup {
        out.push(format!(
            "  looked up {} on {}: {}",
            l.register, l.date, l.showed
        ));
    }
    out
}

fn short(hash: &str) -> &str {
    hash.get(..19).unwrap_or(hash)
}

/// A role in words.
pub fn role(r: &str) -> &str {
    match r {
        "assessor" => "Assessor",
        "cso" => "Clinical safety officer",
        "ig_lead" => "IG lead",
        "dpo" => "Data protection officer",
        "approver" => "Approver",
        other => other,
    }
}

/// The Markdown block.
pub fn markdown(out: &mut String, r: &Report) {
    let Some(rec) = &r.record else { return };
    let _ = writeln!(
        out,
        "### Assessment record\n\n{} · `{}`\n",
        md(&rec.file),
        rec.hash
    );
    for f in &rec.flags {
        let _ = writeln!(out, "- ⚠ **{}** {}", flag_word(f.kind), md(&f.message));
    }
    if !rec.flags.is_empty() {
        out.push('\n');
    }
    for line in text_lines(rec).iter().skip(1 + rec.flags.len()) {
        let _ = writeln!(out, "- {}", md(line.trim()));
    }
    out.push('\n');
}

/// The HTML block: flags as a list, then tables of decisions, conditions and clarifications.
pub fn html(out: &mut String, id: &str, r: &Report) {
    let Some(rec) = &r.record else { return };
    let _ = writeln!(
        out,
        "<section class=\"area\" id=\"{id}-record\" aria-labelledby=\"{id}-record-h\">\n<h3 id=\"{id}-record-h\">Assessment record</h3>\n<p class=\"meta\"><code>{}</code> · {}</p>",
        e(&rec.file),
        e(&rec.hash)
    );
    if !rec.flags.is_empty() {
        out.push_str("<ul class=\"flags\">\n");
        for f in &rec.flags {
            let _ = writeln!(
                out,
                "<li><span class=\"badge v-does-not-meet\">⚠ {}</span> {}</li>",
                flag_word(f.kind),
                e(&f.message)
            );
        }
        out.push_str("</ul>\n");
    }
    html_table(
        out,
        "Sign-off",
        &["Role", "Name", "Signed off"],
        rec.record.person.iter().map(|p| {
            vec![
                role(&p.role).to_owned(),
                p.name.clone(),
                p.signed_off.clone().unwrap_or_else(|| "not yet".into()),
            ]
        }),
    );
    html_table(
        out,
        "Decisions: the record's and the tool's",
        &["Part", "Recorded", "Tool", "Agree"],
        rec.decisions.iter().map(|d| {
            vec![
                d.part.clone(),
                d.recorded.clone(),
                d.tool
                    .map_or("not assessed", crate::report::Status::as_str)
                    .to_owned(),
                if d.agrees { "yes" } else { "no" }.to_owned(),
            ]
        }),
    );
    html_table(
        out,
        "Conditions",
        &["Condition", "Owner", "Due", "Answers", "Met"],
        rec.record.condition.iter().map(|c| {
            vec![
                c.what.clone(),
                c.owner.clone(),
                c.due.clone(),
                c.answers.clone().unwrap_or_default(),
                c.met.clone().unwrap_or_else(|| "open".into()),
            ]
        }),
    );
    html_table(
        out,
        "Clarifications",
        &["Question", "Asked", "Answer", "Answered"],
        rec.record.clarification.iter().map(|c| {
            vec![
                c.question.clone(),
                c.asked.clone(),
                c.answer.clone().unwrap_or_else(|| "no answer yet".into()),
                c.answered.clone().unwrap_or_default(),
            ]
        }),
    );
    html_table(
        out,
        "Register look-ups",
        &["Register", "Date", "What it showed"],
        rec.record
            .lookup
            .iter()
            .map(|l| vec![l.register.clone(), l.date.clone(), l.showed.clone()]),
    );
    out.push_str("</section>\n");
}

/// A captioned table whose first column heads each row; nothing when there are no rows.
pub fn html_table(
    out: &mut String,
    caption: &str,
    heads: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) {
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"scroll\">\n<table>\n<caption>{}</caption>\n<thead><tr>",
        e(caption)
    );
    for h in heads {
        let _ = write!(out, "<th scope=\"col\">{}</th>", e(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", e(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", e(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}
