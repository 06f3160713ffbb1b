//! Bytes as a JSON Lines batch, read by the real batch reader (`assure::batch`): streamed as
//! JSON Lines, every non-blank line must come out as exactly one entry (a report or an error
//! naming that line), in order; then the same batch as a whole run is redacted and rendered.
//! Nothing may panic.
#![no_main]

#[path = "common.rs"]
mod common;

use assure::batch::{self, Options, Source};
use assure::report::stream::StreamFormat;
use assure::rules::Severity;
use libfuzzer_sys::fuzz_target;
use std::io::Cursor;

/// The line numbers the reader must report: non-blank lines, a leading byte-order mark ignored.
fn expected_lines(data: &[u8]) -> Vec<String> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    data.split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .map(|(i, _)| format!("fuzz.jsonl:{}", i + 1))
        .collect()
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
