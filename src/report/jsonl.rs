//! JSON Lines: one compact JSON object per line, so a batch can be streamed, split and queried
//! line by line (`jq`, `grep`). The first line describes the run (`"type": "run"`: tool, as-of
//! date, rule set); then one line per input in input order, either a report (`"type": "report"`,
//! the fields of a report in the JSON output) or an input that could not be checked
//! (`"type": "error"`, the fields of an entry of its `errors`); with waivers, a last line
//! (`"type": "waivers"`) says what each waiver did.

use super::{InputFailure, Report, Run};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct Head<'a> {
    format: &'a str,
    schema_version: &'a str,
    tool: &'a super::Tool,
    as_of: &'a str,
    rules: &'a super::RulesInfo<'a>,
    config: Option<&'a str>,
}

/// The first line: what produced the lines that follow.
pub fn head(run: &Run) -> Vec<u8> {
    let head = Head {
        format: run.format,
        schema_version: run.schema_version,
        tool: &run.tool,
        as_of: &run.as_of,
        rules: &run.rules,
        config: run.config.as_deref(),
    };
    line("run", &head)
}

/// A report's line.
pub fn report(r: &Report) -> Vec<u8> {
    line("report", r)
}

/// The line of an input that could not be checked.
pub fn failure(f: &InputFailure) -> Vec<u8> {
    line("error", f)
}

/// The closing line of a run with waivers: the run's `waivers` summary.
pub fn waivers(w: &super::WaiverSummary) -> Vec<u8> {
    line("waivers", w)
}

fn line<T: Serialize>(kind: &'static str, body: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec(&Line { kind, body }).unwrap_or_else(|e| {
        format!("{{\"type\":\"error\",\"message\":\"cannot serialise: {e}\"}}").into_bytes()
    });
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_line_is_one_tagged_object() {
        let f = InputFailure {
            file: "b.jsonl:3".into(),
            message: "not valid JSON\n  fix: x".into(),
            problems: Vec::new(),
        };
        assert_eq!(
            String::from_utf8(failure(&f)).unwrap_or_default(),
            "{\"type\":\"error\",\"file\":\"b.jsonl:3\",\"message\":\"not valid JSON\\n  fix: x\"}\n"
        );
    }
}
