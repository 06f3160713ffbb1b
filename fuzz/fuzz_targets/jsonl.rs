//! Bytes as a JSON Lines batch, read by the real batch reader (`assure::batch`): streamed as
//! JSON Lines, every non-blank line must come out as exactly one entry (a report or an error
//! naming that line), in order; a file with no non-blank line, or whose first non-blank line is
//! a lone `{` or `[` (a pretty-printed document), is one error naming the file; then the same batch as a whole run is redacted and rendered.
//! Nothing may panic.
#![no_main]

#[path = "common.rs"]
mod common;

use assure::batch::{self, Options, Source};
use assure::report::stream::StreamFormat;
use assure::rules::Severity;
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

/// The entries the reader must report: one per non-blank line (a leading byte-order mark
/// ignored), or one error naming the file when it has no such line or starts as a
/// pretty-printed document.
fn expected_lines(data: &[u8]) -> Vec<String> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let lines: Vec<(usize, &[u8])> = data
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_ascii()))
        .filter(|(_, line)| !line.is_empty())
        .collect();
    match lines.first() {
        None | Some((_, b"{" | b"[")) => vec!["fuzz.jsonl".to_owned()],
        Some(_) => lines.iter().map(|(n, _)| format!("fuzz.jsonl:{n}")).collect(),
    }
}

fn source(data: &[u8]) -> Vec<Source> {
    vec![Source::Lines {
        name: "fuzz.jsonl".into(),
        reader: Box::new(Cursor::new(data.to_vec())),
    }]
}

fuzz_target!(|data: &[u8]| {
    let set = common::builtin();
    let opts = Options::new(common::AS_OF, Severity::Major);
    let mut out = Vec::new();
    batch::stream(set, source(data), &opts, StreamFormat::Jsonl, &mut out, &mut |_| {})
        .expect("writing to memory cannot fail");
    let text = std::str::from_utf8(&out).expect("JSON Lines output is UTF-8");
    let entries: Vec<String> = text
        .lines()
        .skip(1)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("each output line is JSON");
            v["file"].as_str().expect("each entry names its record").to_owned()
        })
        .collect();
    assert_eq!(entries, expected_lines(data), "one entry per non-blank line, in order");

    let mut run = batch::collect(set, source(data), common::AS_OF);
    common::render_redacted(&mut run);
});
