//! The machine-readable report: the [`Run`] serialised as `schemas/report.schema.json` describes,
//! either whole ([`render`]) or as a stream ([`Envelope`]) that writes the same bytes one report
//! at a time, so a batch never holds every report at once.

use super::Run;
use serde::Serialize;

/// Pretty JSON with a trailing newline; field order is fixed by the model, so output is stable.
pub fn render(run: &Run) -> String {
    let mut s = serde_json::to_string_pretty(run)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
    s.push('\n');
    s
}

/// The run's JSON around its two lists, cut from the pretty rendering of the run without reports
/// or errors, so that any field the model gains is streamed too.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Everything up to and including `"reports": [`.
    pub start: String,
    /// From the end of the reports to `"errors": [` inclusive.
    pub middle: String,
    /// From the end of the errors to the end, with the trailing newline.
    pub end: String,
}

const REPORTS: &str = "\"reports\": [";
const ERRORS: &str = "\"errors\": [";

impl Envelope {
    /// `head` is the run with empty `reports` and `errors`.
    pub fn new(head: &Run) -> Self {
        let whole = render(head);
        let cut = |s: &str, marker: &str| s.find(marker).map(|i| i + marker.len());
        match (cut(&whole, REPORTS), cut(&whole, ERRORS)) {
            // Each list is empty here, so its closing `]` follows its opening `[` directly.
            (Some(r), Some(e))
                if r < e && whole.get(r..=r) == Some("]") && whole.get(e..=e) == Some("]") =>
            {
                Self {
                    start: whole[..r].to_owned(),
                    middle: whole[r + 1..e].to_owned(),
                    end: whole[e + 1..].to_owned(),
                }
            }
            _ => Self {
                start: format!("{{\n  {REPORTS}"),
                middle: format!(",\n  {ERRORS}"),
                end: "\n}\n".to_owned(),
            },
        }
    }

    /// Closes a list of `n` items: serde_json puts `]` on its own line unless the list is empty.
    pub fn close_list(n: usize) -> &'static str {
        if n == 0 { "]" } else { "\n  ]" }
    }

    /// What goes before item `index` of a list.
    pub fn separator(index: usize) -> &'static str {
        if index == 0 { "\n" } else { ",\n" }
    }
}

/// One list item as it appears inside the run: pretty, indented two levels, no separator.
pub fn item<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{InputFailure, RulesInfo, Tool};

    fn run(errors: Vec<InputFailure>) -> Run<'static> {
        Run {
            format: "assure-report",
            schema_version: "1",
            tool: Tool {
                name: "assure",
                version: "0",
            },
            as_of: "2026-11-01".into(),
            rules: RulesInfo {
                hash: "sha256:0".into(),
                packs: vec!["dtac".into()],
                count: 1,
                catalogue: Vec::new(),
            },
            config: None,
            reports: Vec::new(),
            view: Default::default(),
            errors,
            waivers: None,
        }
    }

    fn streamed(head: &Run, errors: &[InputFailure]) -> String {
        let env = Envelope::new(head);
        let mut out = env.start.clone();
        out.push_str(Envelope::close_list(0));
        out.push_str(&env.middle);
        for (i, e) in errors.iter().enumerate() {
            out.push_str(Envelope::separator(i));
            out.push_str(&item(e));
        }
        out.push_str(Envelope::close_list(errors.len()));
        out.push_str(&env.end);
        out
    }

    #[test]
    fn streaming_gives_the_bytes_of_the_whole_rendering() {
        let fail = |n: u32| InputFailure {
            file: format!("b.jsonl:{n}"),
            message: "not valid JSON:\n  fix: x".into(),
            problems: Vec::new(),
        };
        for errors in [vec![], vec![fail(1)], vec![fail(1), fail(2), fail(3)]] {
            assert_eq!(
                streamed(&run(Vec::new()), &errors),
                render(&run(errors.clone()))
            );
        }
    }
}
