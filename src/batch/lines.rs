//! The records of one JSON Lines stream: one per non-blank line, numbered from 1, each at most
//! the input size limit (a longer line is skipped a MiB at a time and reported, never held). A
//! stream that holds no record, one that is a pretty-printed JSON document rather than JSON
//! Lines, and one that turns out to be binary (a NUL byte in an over-long line: `/dev/zero`
//! through a pipe) each end in one error that says so, instead of no entry, hundreds of errors,
//! or a read that never ends.

use super::Record;
use crate::report::InputFailure;
use std::io::{BufRead, Read};

pub struct LineReader {
    name: String,
    reader: Box<dyn BufRead + Send>,
    /// The longest record read.
    limit: usize,
    line: u32,
    /// Records returned so far (blank lines are not records).
    records: usize,
    /// The length of the last line read.
    last_len: usize,
    /// Set once the stream ended or failed.
    done: bool,
}

impl LineReader {
    pub fn new(name: String, reader: Box<dyn BufRead + Send>, limit: usize) -> Self {
        Self {
            name,
            reader,
            limit,
            line: 0,
            records: 0,
            last_len: 0,
            done: false,
        }
    }

    pub fn next_record(&mut self) -> Option<Record> {
        let rec = self.read_record();
        if rec.is_some() {
            self.records += 1;
        }
        rec
    }

    fn read_record(&mut self) -> Option<Record> {
        while !self.done {
            self.line = self.line.saturating_add(1);
            // Records in one file are usually of a size: start where the last one ended (up to a
            // MiB, so one huge line does not make every buffer after it huge).
            let mut bytes = Vec::with_capacity(self.last_len.min(1 << 20) + 64);
            let read = self
                .reader
                .by_ref()
                .take(self.limit as u64 + 1)
                .read_until(b'\n', &mut bytes);
            match read {
                Ok(0) => {
                    self.done = true;
                    return (self.records == 0).then(|| self.empty());
                }
                Ok(_) if bytes.len() > self.limit && bytes.last() != Some(&b'\n') => {
                    let binary = memchr::memchr(0, &bytes).is_some();
                    // Freed before the rest of the line is skipped, not after.
                    drop(bytes);
                    return Some(self.too_long(binary));
                }
                Ok(_) => {
                    if let Some(rec) = self.record(bytes) {
                        return Some(rec);
                    }
                }
                Err(e) => {
                    self.done = true;
                    let message = format!("cannot read `{}` at line {}: {e}", self.name, self.line);
                    return Some(self.failed(message));
                }
            }
        }
        None
    }

    /// The record a line holds, if it is not blank.
    fn record(&mut self, mut bytes: Vec<u8>) -> Option<Record> {
        self.last_len = bytes.len();
        // A byte-order mark starts the stream, not its first record.
        if self.line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        trim_line_end(&mut bytes);
        let text = bytes.trim_ascii();
        if text.is_empty() {
            return None;
        }
        if self.records == 0 && matches!(text, b"{" | b"[") {
            self.done = true;
            return Some(self.pretty_printed());
        }
        Some(Record::Line {
            file: self.name.clone(),
            line: self.line,
            bytes,
        })
    }

    fn failed(&self, message: String) -> Record {
        Record::Failed(InputFailure {
            file: format!("{}:{}", self.name, self.line),
            message,
            problems: Vec::new(),
        })
    }

    fn empty(&self) -> Record {
        Record::Failed(InputFailure {
            file: self.name.clone(),
            message: format!(
                "`{}` holds no submission: it is empty or only blank lines; a JSON Lines file has one submission (a JSON object) per line",
                self.name
            ),
            problems: Vec::new(),
        })
    }

    fn pretty_printed(&self) -> Record {
        Record::Failed(InputFailure {
            file: self.name.clone(),
            message: format!(
                "`{}` looks like one pretty-printed JSON document, not JSON Lines (line {} is `{{` or `[` alone)\n  fix: write each submission on one line (e.g. `jq -c . in.json > out.jsonl`), or give the document a `.json` name",
                self.name, self.line
            ),
            problems: Vec::new(),
        })
    }

    /// Skips the rest of an over-long line and reports it; a binary stream is not read further.
    fn too_long(&mut self, binary: bool) -> Record {
        let file = format!("{}:{}", self.name, self.line);
        if binary {
            self.done = true;
            return self.failed(format!(
                "{file}: binary data (NUL bytes) and no line break within {} MiB: this is not JSON Lines; nothing more is read from it",
                self.limit >> 20
            ));
        }
        self.skip_line();
        self.failed(format!(
            "{file}: the line is longer than {} MiB; each line of a JSON Lines file must be one submission (raise the limit with `--max-input-size`)",
            self.limit >> 20
        ))
    }

    fn skip_line(&mut self) {
        let mut sink = Vec::new();
        loop {
            sink.clear();
            match self
                .reader
                .by_ref()
                .take(1 << 20)
                .read_until(b'\n', &mut sink)
            {
                Ok(0) => break,
                Ok(_) if sink.last() == Some(&b'\n') => break,
                Ok(_) => {}
                Err(_) => {
                    self.done = true;
                    break;
                }
            }
        }
    }
}

fn trim_line_end(bytes: &mut Vec<u8>) {
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(u32, String)> {
        let mut r = LineReader::new(
            "b.jsonl".into(),
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            1 << 20,
        );
        std::iter::from_fn(|| r.next_record())
            .map(|rec| match rec {
                Record::Line { line, bytes, .. } => {
                    (line, String::from_utf8_lossy(&bytes).into_owned())
                }
                Record::Failed(f) => (0, f.message),
                _ => (0, String::new()),
            })
            .collect()
    }

    #[test]
    fn numbers_lines_from_one_and_skips_blank_ones() {
        assert_eq!(
            lines("{\"a\":1}\r\n\n  \n{\"b\":2}"),
            vec![(1, "{\"a\":1}".to_owned()), (4, "{\"b\":2}".to_owned())]
        );
    }

    #[test]
    fn a_stream_without_records_or_of_one_pretty_document_is_one_error() {
        for text in ["", "\n  \r\n"] {
            let got = lines(text);
            assert_eq!(got.len(), 1);
            assert!(got[0].1.contains("holds no submission"), "{got:?}");
        }
        let got = lines("{\n  \"schema_version\": \"1\"\n}\n");
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("pretty-printed"), "{got:?}");
    }

    #[test]
    fn a_byte_order_mark_starts_the_stream_not_a_record() {
        assert_eq!(
            lines("\u{feff}\r\n{\"a\":1}\n"),
            vec![(2, "{\"a\":1}".to_owned())]
        );
        assert_eq!(
            lines("\u{feff}{\"a\":1}\n\u{feff}{\"b\":2}"),
            vec![
                (1, "{\"a\":1}".to_owned()),
                (2, "\u{feff}{\"b\":2}".to_owned())
            ]
        );
    }
}
