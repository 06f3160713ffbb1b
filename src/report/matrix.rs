//! The batch summary at the foot of the text output when several inputs were checked: a matrix of
//! submissions against decisions (DTAC overall and by section, DCB0129, DCB0160, DPIA, ATRS) with
//! a status word in every cell, the inputs that could not be checked, and the worst findings
//! across the batch (the failed rules, most severe and most common first). It keeps one short row
//! per submission and one counter per failed rule, never the reports themselves, so a streamed
//! batch can build it as it goes.

use super::columns;
use super::terminal::printable;
use super::{InputFailure, Report, Status};
use crate::rules::{Outcome, Severity};
use anstyle::{AnsiColor, Style};
use std::collections::HashMap;
use std::fmt::Write;

/// How many failed rules the "worst findings" list shows, and how many submissions each names.
const WORST_RULES: usize = 10;
const WORST_NAMES: usize = 3;
/// The widest the submission column gets; longer names keep their end (the file name).
const NAME_WIDTH: usize = 48;

/// The matrix's columns: a decision, or one assessed DTAC section (`dtac.C1`), with its heading.
pub const COLUMNS: &[(&str, &str)] = &[
    ("dtac", "DTAC"),
    ("dtac.C1", "C1"),
    ("dtac.C2", "C2"),
    ("dtac.C3", "C3"),
    ("dtac.C4", "C4"),
    ("dcb0129", "DCB0129"),
    ("dcb0160", "DCB0160"),
    ("dpia", "DPIA"),
    ("atrs", "ATRS"),
];

/// The status of column `id` in a report: a decision's, or a DTAC section's; `None` when none
/// of its rules were run.
pub fn column_status(r: &Report, id: &str) -> Option<Status> {
    match id.split_once('.') {
        Some((d, p)) => r
            .decision(d)?
            .parts
            .iter()
            .find(|x| x.part == p)
            .map(|x| x.status),
        None => r.decision(id).map(|d| d.status),
    }
}

/// What the matrix needs of one report, extracted where the report is built.
#[derive(Debug, Clone)]
pub struct Summary {
    pub file: String,
    /// The status in each of [`COLUMNS`].
    pub cells: Vec<Option<Status>>,
    /// The DTAC decision's words, for the closing tally ("meets", "does not meet" …).
    pub dtac: Option<String>,
    /// The rules that failed (not advisory): id, title, severity.
    pub failed: Vec<(String, String, Severity)>,
}

impl Summary {
    pub fn of(r: &Report) -> Self {
        let failed = r
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Fail && !f.advisory)
            .map(|f| (f.rule.to_owned(), f.title.to_owned(), f.severity))
            .collect();
        Self {
            file: r.file.clone(),
            cells: COLUMNS.iter().map(|(id, _)| column_status(r, id)).collect(),
            dtac: r.decision("dtac").map(|d| d.words.clone()),
            failed,
        }
    }
}

/// One row of the matrix: a checked submission.
#[derive(Debug, Clone)]
struct Row {
    file: String,
    cells: Vec<Option<Status>>,
    dtac: Option<String>,
}

#[derive(Debug, Clone)]
struct Worst {
    title: String,
    severity: Severity,
    failed: usize,
    names: Vec<String>,
}

/// The batch summary, built one input at a time in input order.
#[derive(Debug, Clone, Default)]
pub struct Matrix {
    rows: Vec<Row>,
    not_checked: Vec<String>,
    worst: HashMap<String, Worst>,
}

impl Matrix {
    /// Adds a checked submission.
    pub fn add(&mut self, s: Summary) {
        for (rule, title, severity) in s.failed {
            let w = self.worst.entry(rule).or_insert_with(|| Worst {
                title,
                severity,
                failed: 0,
                names: Vec::new(),
            });
            w.failed += 1;
            if w.names.len() < WORST_NAMES {
                w.names.push(s.file.clone());
            }
        }
        self.rows.push(Row {
            file: s.file,
            cells: s.cells,
            dtac: s.dtac,
        });
    }

    /// Adds an input that could not be checked.
    pub fn add_failure(&mut self, f: &InputFailure) {
        self.not_checked.push(f.file.clone());
    }

    /// How many inputs were added, checked or not.
    pub fn inputs(&self) -> usize {
        self.rows.len() + self.not_checked.len()
    }

    /// The DTAC decision of every checked submission that has one, in input order.
    pub fn dtac_words(&self) -> impl Iterator<Item = &str> + '_ {
        self.rows.iter().filter_map(|r| r.dtac.as_deref())
    }

    pub fn not_checked(&self) -> usize {
        self.not_checked.len()
    }

    /// The matrix and the worst findings, as styled text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_grid(&mut out);
        self.render_worst(&mut out);
        out
    }

    fn render_grid(&self, out: &mut String) {
        let columns: Vec<usize> = (0..COLUMNS.len())
            .filter(|&i| self.rows.iter().any(|r| r.cells[i].is_some()))
            .collect();
        let names: Vec<String> = self
            .rows
            .iter()
            .map(|r| &r.file)
            .chain(&self.not_checked)
            .map(|n| clip(&printable(n)))
            .collect();
        let width = names
            .iter()
            .map(|n| columns::width(n))
            .max()
            .unwrap_or(0)
            .max("submission".len());
        let checked = self.rows.len();
        let _ = write!(
            out,
            "{}",
            paint(
                BOLD,
                &format!(
                    "Batch summary: {checked} submission{} checked",
                    plural(checked)
                )
            )
        );
        if !self.not_checked.is_empty() {
            let _ = write!(
                out,
                "{}",
                paint(BOLD, &format!(", {} not checked", self.not_checked.len()))
            );
        }
        out.push('\n');
        let mut head = format!("  {}", columns::pad("submission", width));
        for &c in &columns {
            let _ = write!(head, "  {:<7}", COLUMNS[c].1);
        }
        let _ = writeln!(out, "{}", paint(BOLD, head.trim_end()));
        for (row, name) in self.rows.iter().zip(&names) {
            let last = columns.len().saturating_sub(1);
            let line: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let s = row.cells[c];
                    cell(s, s.map_or("–", word), if i == last { 0 } else { 7 })
                })
                .collect();
            let _ = writeln!(out, "  {}  {}", columns::pad(name, width), line.join("  "));
        }
        for name in &names[checked..] {
            let name = columns::pad(name, width);
            let _ = writeln!(out, "  {name}  {}", paint(RED, "not checked"));
        }
        let _ = writeln!(
            out,
            "{}",
            paint(
                DIM,
                "  cells: met · NOT MET · outst = evidence outstanding · incompl = incomplete · n/a = not applicable · – = no rules run"
            )
        );
    }

    fn render_worst(&self, out: &mut String) {
        let mut worst: Vec<(&String, &Worst)> = self.worst.iter().collect();
        worst.sort_by(|a, b| {
            (
                std::cmp::Reverse(a.1.severity),
                std::cmp::Reverse(a.1.failed),
                a.0,
            )
                .cmp(&(
                    std::cmp::Reverse(b.1.severity),
                    std::cmp::Reverse(b.1.failed),
                    b.0,
                ))
        });
        out.push('\n');
        if worst.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                paint(BOLD, "Worst findings across the batch: none failed")
            );
            return;
        }
        let _ = writeln!(out, "{}", paint(BOLD, "Worst findings across the batch"));
        let total = self.rows.len();
        for (rule, w) in worst.iter().take(WORST_RULES) {
            let more = w.failed.saturating_sub(w.names.len());
            let tail = if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {} {:<7} {}  {}",
                paint(RED, "✗"),
                w.severity.as_str(),
                paint(BOLD, &printable(rule)),
                printable(&w.title)
            );
            let _ = writeln!(
                out,
                "      failed in {} of {total}: {}{tail}",
                w.failed,
                printable(&w.names.join(", "))
            );
        }
        if worst.len() > WORST_RULES {
            let _ = writeln!(
                out,
                "  … and {} more failed rule{}",
                worst.len() - WORST_RULES,
                plural(worst.len() - WORST_RULES)
            );
        }
    }
}

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const MAGENTA: Style = AnsiColor::Magenta.on_default().bold();

fn paint(style: Style, text: &str) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

/// A cell padded to `width` before it is painted, so escape codes never upset the alignment.
fn cell(status: Option<Status>, text: &str, width: usize) -> String {
    let padded = format!("{text:<width$}");
    match status {
        Some(Status::Met) => paint(GREEN, &padded),
        Some(Status::Outstanding) => paint(YELLOW, &padded),
        Some(Status::Incomplete) => paint(MAGENTA, &padded),
        Some(Status::NotMet) => paint(RED, &padded),
        Some(Status::NotApplicable) | None => paint(DIM, &padded),
    }
}

/// The short word a matrix cell shows.
fn word(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Outstanding => "outst",
        Status::Incomplete => "incompl",
        Status::NotMet => "NOT MET",
        Status::NotApplicable => "n/a",
    }
}

fn clip(name: &str) -> String {
    columns::clip_start(name, NAME_WIDTH)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_keep_their_end() {
        let long = format!("{}/supplier.json", "d".repeat(80));
        let clipped = clip(&long);
        assert_eq!(columns::width(&clipped), NAME_WIDTH);
        assert!(clipped.starts_with('…') && clipped.ends_with("/supplier.json"));
        assert_eq!(clip("a.json"), "a.json");
    }
}
