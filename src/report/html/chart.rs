//! The inline SVG chart of one submission's results by area: a stacked bar per area (failed,
//! errors, waived, fired, passed, not applicable), each labelled with its numbers in words, so
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

fn parts(c: &Counts) -> [Part; 6] {
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
            n: c.not_applicable + c.not_fired,
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

/// Writes the chart figure for report `r`, whose section anchor is `id`.
pub fn areas(out: &mut String, id: &str, r: &Report) {
    if r.areas.is_empty() {
        return;
    }
    let height = TOP + ROW_H * u32::try_from(r.areas.len()).unwrap_or(0) + 34;
    let max = r
        .areas
        .iter()
        .map(|a| parts(&a.counts).iter().map(|p| p.n).sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    let desc: Vec<String> = r
        .areas
        .iter()
        .map(|a| format!("{}: {}", present::short_area(&a.title), words(&a.counts)))
        .collect();
    let _ = writeln!(
        out,
        "<figure class=\"chart\">\n<svg class=\"area-chart\" data-chart=\"areas\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
         aria-labelledby=\"{id}-chart-t {id}-chart-d\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" font-size=\"13\">\n\
         <title id=\"{id}-chart-t\">Pass and fail by area for {}</title>\n<desc id=\"{id}-chart-d\">{}.</desc>",
        e(&present::title(r)),
        e(&desc.join(". "))
    );
    for (row, a) in r.areas.iter().enumerate() {
        let y = TOP + ROW_H * u32::try_from(row).unwrap_or(0);
        bar(out, y, present::short_area(&a.title), &a.counts, max);
    }
    legend(out, height - 18);
    out.push_str("</svg>\n<figcaption>Results by area: each bar counts the area's rules by outcome. The table below gives the same numbers.</figcaption>\n</figure>\n");
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
        x += 40 + 7 * u32::try_from(p.word.len()).unwrap_or(0);
    }
}
