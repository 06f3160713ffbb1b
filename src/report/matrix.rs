//! The batch summary at the foot of the text output when several inputs were checked: a matrix of
//! submissions against areas with a verdict word in every cell, the inputs that could not be
//! checked, and the worst findings across the batch (the failed rules, most severe and most
//! common first). It keeps one short row per submission and one counter per failed rule, never
//! the reports themselves, so a streamed batch can build it as it goes.

use super::terminal::printable;
use super::{InputFailure, Report, Verdict};
use crate::rules::model::AREAS;
use crate::rules::{Outcome, Severity};
use anstyle::{AnsiColor, Style};
use std::collections::HashMap;
use std::fmt::Write;

/// How many failed rules the "worst findings" list shows, and how many submissions each names.
const WORST_RULES: usize = 10;
const WORST_NAMES: usize = 3;
/// The widest the submission column gets; longer names keep their end (the file name).
const NAME_WIDTH: usize = 48;

/// What the matrix needs of one report, extracted where the report is built.
#[derive(Debug, Clone)]
pub struct Summary {
    pub file: String,
    pub verdict: Verdict,
    /// The verdict of each area of [`AREAS`], `None` when no rule of that area was reported.
    pub areas: Vec<Option<Verdict>>,
    /// The rules that failed: id, title, severity.
    pub failed: Vec<(String, String, Severity)>,
}

impl Summary {
    pub fn of(r: &Report) -> Self {
        let areas = AREAS
            .iter()
            .map(|(id, _)| r.areas.iter().find(|a| a.area == *id).map(|a| a.verdict))
            .collect();
        let failed = r
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Fail)
            .map(|f| (f.rule.clone(), f.title.clone(), f.severity))
            .collect();
        Self {
            file: r.file.clone(),
            verdict: r.verdict,
            areas,
            failed,
        }
    }
}

/// One row of the matrix: a checked submission.
#[derive(Debug, Clone)]
struct Row {
    file: String,
    verdict: Verdict,
    areas: Vec<Option<Verdict>>,
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
            verdict: s.verdict,
            areas: s.areas,
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

    /// The verdict of every checked submission, in input order.
    pub fn verdicts(&self) -> impl Iterator<Item = Verdict> + '_ {
        self.rows.iter().map(|r| r.verdict)
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
        let columns: Vec<usize> = (0..AREAS.len())
            .filter(|&i| self.rows.iter().any(|r| r.areas[i].is_some()))
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
            .map(|n| n.chars().count())
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
        let mut head = format!("  {:<width$}  {:<13}", "submission", "overall");
        for &c in &columns {
            let _ = write!(head, "  {:<7}", code(AREAS[c].0));
        }
        let _ = writeln!(out, "{}", paint(BOLD, head.trim_end()));
        for (row, name) in self.rows.iter().zip(&names) {
            let mut cells = vec![(Some(row.verdict), row.verdict.as_str(), 13)];
            cells.extend(
                columns
                    .iter()
                    .map(|&c| (row.areas[c], row.areas[c].map_or("–", word), 7)),
            );
            let last = cells.len() - 1;
            let line: Vec<String> = cells
                .into_iter()
                .enumerate()
                .map(|(i, (v, text, w))| cell(v, text, if i == last { 0 } else { w }))
                .collect();
            let _ = writeln!(out, "  {name:<width$}  {}", line.join("  "));
        }
        for name in &names[checked..] {
            let _ = writeln!(out, "  {name:<width$}  {}", paint(RED, "not checked"));
        }
        let key: Vec<String> = columns
            .iter()
            .map(|&c| {
                format!(
                    "{} {}",
                    code(AREAS[c].0),
                    AREAS[c]
                        .1
                        .split(" (")
                        .next()
                        .unwrap_or_default()
                        .to_lowercase()
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{}",
            paint(DIM, &format!("  areas: {}", key.join(" · ")))
        );
        let _ = writeln!(
            out,
            "{}",
            paint(
                DIM,
                "  cells: meets · cond = conditional · incompl = incomplete · NOT MET = does not meet · – = no rules"
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
fn cell(verdict: Option<Verdict>, text: &str, width: usize) -> String {
    let padded = format!("{text:<width$}");
    match verdict {
        Some(Verdict::Meets) => paint(GREEN, &padded),
        Some(Verdict::Conditional) => paint(YELLOW, &padded),
        Some(Verdict::Incomplete) => paint(MAGENTA, &padded),
        Some(Verdict::DoesNotMeet) => paint(RED, &padded),
        None => paint(DIM, &padded),
    }
}

/// The short word a matrix cell shows.
fn word(v: Verdict) -> &'static str {
    match v {
        Verdict::Meets => "meets",
        Verdict::Conditional => "cond",
        Verdict::Incomplete => "incompl",
        Verdict::DoesNotMeet => "NOT MET",
    }
}

/// The column heading of an area: its clause in DTAC, or the standard.
fn code(area: &str) -> &str {
    match area {
        "company" => "A",
        "product" => "B",
        "clinical-safety" => "C1",
        "data-protection" => "C2",
        "technical-security" => "C3",
        "interoperability" => "C4",
        "usability-accessibility" => "D1",
        "transparency" => "ATRS",
        other => other,
    }
}

fn clip(name: &str) -> String {
    let n = name.chars().count();
    if n <= NAME_WIDTH {
        return name.to_owned();
    }
    let tail: String = name.chars().skip(n - (NAME_WIDTH - 1)).collect();
    format!("…{tail}")
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
        assert_eq!(clipped.chars().count(), NAME_WIDTH);
        assert!(clipped.starts_with('…') && clipped.ends_with("/supplier.json"));
        assert_eq!(clip("a.json"), "a.json");
    }
}
