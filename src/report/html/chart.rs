//! The inline SVG chart of one submission's results by decision part: a stacked bar per part
//! (failed, errors, outstanding, waived, fired, passed, not applicable), each labelled with its
//! numbers in words, so
//! the colours are never the only signal. The chart is an image with a title and a description;
//! the table after it carries the same numbers for anyone who cannot see it.

use super::super::escape::markup as e;
use super::super::{Counts, Report, present};
use std::fmt::Write;

// Wide enough for the longest count label ("1 failed · 10 fired · 14 passed · 16 not applicable").
const WIDTH: u32 = 960;
const LABEL_W: u32 = 230;
const BAR_W: u32 = 320;
const ROW_H: u32 = 30;
const TOP: u32 = 8;
const INK: &str = "#1d1d1f";

/// One stacked part of a bar: how many, what it is called, its fill.
struct Part {
    n: usize,
    word: &'static str,
    fill: &'static str,
}

fn parts(c: &Counts) -> [Part; 7] {
    [
        Part {
            n: c.fail,
            word: "failed",
            fill: "#c62828",
        },
        Part {
            n: c.error,
            word: "errors",
            fill: "#6a1b9a",
        },
        Part {
            n: c.outstanding,
            word: "outstanding",
            fill: "#8a6d00",
        },
        Part {
            n: c.waived,
            word: "waived",
            fill: "#1565c0",
        },
        Part {
            n: c.fired,
            word: "fired",
            fill: "#a15c00",
        },
        Part {
            n: c.pass,
            word: "passed",
            fill: "#2e7d32",
        },
        Part {
            n: c.not_applicable + c.not_fired + c.not_evaluated,
            word: "not applicable",
            fill: "#8c8c8c",
        },
    ]
}

/// "1 failed · 7 passed", naming only what is there (always failed and passed).
fn words(c: &Counts) -> String {
    parts(c)
        .iter()
        .filter(|p| p.n > 0 || matches!(p.word, "failed" | "passed"))
        .map(|p| format!("{} {}", p.n, p.word))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The bars: each part of each decision that has findings, labelled "DTAC C1", "DPIA duty".
fn rows<'a>(r: &'a Report<'a>) -> Vec<(String, &'a Counts)> {
    r.decisions
        .iter()
        .flat_map(|d| {
            let name = present::decision_name(d);
            d.parts.iter().map(move |p| {
                (
                    format!("{name} {}", short_part(&p.part, &p.title)),
                    &p.counts,
                )
            })
        })
        .collect()
}

/// A part's short label: its code for DTAC and DCB0129 clause groups, else its title's start.
fn short_part(id: &str, title: &str) -> String {
    if id
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        id.to_owned()
    } else {
        title
            .split([':', '('])
            .next()
            .unwrap_or(title)
            .trim()
            .to_owned()
    }
}

/// Writes the chart figure for report `r`, whose section anchor is `id`.
pub fn decisions(out: &mut String, id: &str, r: &Report) {
    let rows = rows(r);
    if rows.is_empty() {
        return;
    }
    let height = TOP + ROW_H * u32::try_from(rows.len()).unwrap_or(0) + 34;
    let max = rows
        .iter()
        .map(|(_, c)| parts(c).iter().map(|p| p.n).sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    let desc: Vec<String> = rows
        .iter()
        .map(|(label, c)| format!("{label}: {}", words(c)))
        .collect();
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n<svg class=\"area-chart\" data-chart=\"decisions\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         aria-labelledby=\"{id}-chart-t {id}-chart-d\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" font-size=\"13\">\n\
         <title id=\"{id}-chart-t\">Results by decision part for {}</title>\n<desc id=\"{id}-chart-d\">{}.</desc>",
        e(&present::title(r)),
        e(&desc.join(". "))
    );
    for (row, (label, c)) in rows.iter().enumerate() {
        let y = TOP + ROW_H * u32::try_from(row).unwrap_or(0);
        bar(out, y, label, c, max);
    }
    legend(out, height - 18);
    out.push_str("</svg>\n<figcaption>Results by decision part: each bar counts the part's rules by outcome. The decisions table gives each part's status.</figcaption>\n</figure>\n");
}

fn bar(out: &mut String, y: u32, label: &str, c: &Counts, max: usize) {
    let _ = writeln!(
        out,
        "<text x=\"0\" y=\"{}\" fill=\"{INK}\">{}</text>",
        y + 17,
        e(label)
    );
    let mut x = f64::from(LABEL_W);
    let unit = f64::from(BAR_W) / max as f64;
    for p in parts(c).iter().filter(|p| p.n > 0) {
        let w = unit * p.n as f64;
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"18\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"1\"/>",
            y + 4,
            p.fill
        );
        x += w;
    }
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
        LABEL_W + BAR_W + 10,
        y + 17,
        e(&words(c))
    );
}

fn legend(out: &mut String, y: u32) {
    let mut x = 0;
    for p in parts(&Counts::default()) {
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
            p.fill,
            x + 16,
            y + 11,
            p.word
        );
        x += 36 + 7 * u32::try_from(p.word.len()).unwrap_or(0);
    }
}
