//! Batch review: every input of a run — JSON files, JSON Lines files (one submission per line),
//! standard input — read as a stream of records and checked in bounded chunks. Each chunk is
//! parsed, validated, evaluated, reported and rendered in parallel (the engine's fan-out over
//! submissions, input order kept), then written before the next chunk is read, so memory depends
//! on the chunk size, never on the number of submissions. A record that cannot be read becomes
//! an error entry naming it (`batch.jsonl:17`) and the others carry on.

use crate::engine;
use crate::inputs::Input;
use crate::report::stream::{self, Entry, Rendered, StreamFormat, Totals, Writer};
use crate::report::{Gate, InputFailure, Report, Run, View};
use crate::rules::{RuleSet, Severity};
use crate::submission::Submission;
use jiff::civil::Date;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// How many records a chunk holds at most; with [`CHUNK_BYTES`] this bounds the memory of a run.
/// Three chunks are alive at once (being read, checked, written), and a rendered report is about
/// five times its submission, so 64 keeps a run near 70 MB; larger chunks bought no speed.
pub const CHUNK_RECORDS: usize = 64;
/// How many bytes of records a chunk holds at most (a chunk always holds at least one record).
pub const CHUNK_BYTES: usize = 32 << 20;
/// The longest JSON Lines record read; a longer line becomes an error entry and is skipped.
pub const MAX_LINE: usize = 64 << 20;

/// Where records come from.
pub enum Source {
    /// One submission per input (a `.json` file, standard input read whole, or a missing path).
    One(Input),
    /// A JSON Lines file, read line by line when its turn comes.
    LinesFile(PathBuf),
    /// A JSON Lines stream such as standard input, named in messages by `name`.
    Lines {
        name: String,
        reader: Box<dyn BufRead + Send>,
    },
}

/// Turns expanded inputs into sources: a `*.jsonl` path is read as JSON Lines.
pub fn sources(inputs: Vec<Input>) -> Vec<Source> {
    inputs
        .into_iter()
        .map(|i| match i {
            Input::Path(p) if is_json_lines(&p) => Source::LinesFile(p),
            other => Source::One(other),
        })
        .collect()
}

/// Whether a path names a JSON Lines file (`.jsonl`).
pub fn is_json_lines(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// What a run needs besides the rules and the inputs.
#[derive(Debug, Clone)]
pub struct Options {
    pub as_of: Date,
    /// What makes a report count as failing.
    pub gate: Gate,
    /// How text reports are laid out.
    pub view: View,
    pub chunk_records: usize,
    /// Mask personal data in every entry before it is rendered (`--redact`).
    pub redact: bool,
}

impl Options {
    pub fn new(as_of: Date, fail_on: Severity) -> Self {
        Self {
            as_of,
            gate: Gate::new(fail_on),
            view: View::default(),
            chunk_records: CHUNK_RECORDS,
            redact: false,
        }
    }
}

/// Something the caller may want to show while a batch runs.
pub enum Event<'a> {
    /// An input could not be checked.
    NotChecked(&'a InputFailure),
    /// A chunk was written; `done` inputs so far.
    Progress { done: usize },
}

/// Checks every record and writes `format` to `out` as it goes. While a chunk is checked on the
/// pool, the previous chunk's output is written and the next chunk is read alongside it, so
/// reading and writing do not hold up the cores. Returns the totals, or the first error writing
/// `out` (after which nothing more is read).
pub fn stream(
    set: &RuleSet,
    sources: Vec<Source>,
    opts: &Options,
    format: StreamFormat,
    out: &mut (dyn Write + Send),
    on: &mut (dyn FnMut(Event<'_>) + Send),
) -> std::io::Result<Totals> {
    let mut writer = Writer::new(format, head(set, opts.as_of));
    out.write_all(&writer.start())?;
    let mut done = 0;
    let mut records = Records::new(sources);
    let mut chunk = records.next_chunk(opts.chunk_records);
    let mut pending: Vec<Rendered> = Vec::new();
    while !chunk.is_empty() || !pending.is_empty() {
        let parallel_rules = chunk.len() == 1;
        let previous = std::mem::take(&mut pending);
        let (rendered, (next, written)) = engine::fan_out_alongside(
            chunk,
            |rec| {
                let mut entry = check(set, rec, opts.as_of, parallel_rules);
                if opts.redact {
                    crate::report::redact::redact_entry(&mut entry);
                }
                stream::render(format, entry, &opts.gate, &opts.view)
            },
            || {
                let written = emit(&mut writer, previous, &mut done, out, on);
                (records.next_chunk(opts.chunk_records), written)
            },
        );
        written?;
        pending = rendered;
        chunk = next;
    }
    out.write_all(&writer.finish())?;
    out.flush()?;
    Ok(writer.totals())
}

/// Writes a checked chunk in input order and reports it.
fn emit(
    writer: &mut Writer,
    rendered: Vec<Rendered>,
    done: &mut usize,
    out: &mut (dyn Write + Send),
    on: &mut (dyn FnMut(Event<'_>) + Send),
) -> std::io::Result<()> {
    if rendered.is_empty() {
        return Ok(());
    }
    let mut buf = Vec::with_capacity(rendered.iter().map(Rendered::bytes_len).sum());
    *done += rendered.len();
    for r in rendered {
        if let Some(f) = r.failure() {
            on(Event::NotChecked(f));
        }
        writer.push(r, &mut buf);
    }
    out.write_all(&buf)?;
    on(Event::Progress { done: *done });
    Ok(())
}

/// Checks every record and keeps everything: the whole [`Run`], for formats that need it.
pub fn collect(set: &RuleSet, sources: Vec<Source>, as_of: Date) -> Run {
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut records = Records::new(sources);
    loop {
        let chunk = records.next_chunk(CHUNK_RECORDS);
        if chunk.is_empty() {
            break;
        }
        let parallel_rules = chunk.len() == 1;
        let entries: Vec<Entry> =
            engine::fan_out(chunk, |rec| check(set, rec, as_of, parallel_rules));
        for e in entries {
            match e {
                Ok(r) => reports.push(r),
                Err(f) => errors.push(f),
            }
        }
    }
    crate::report::build_run(set, as_of, reports, errors)
}

/// The run's provenance, without reports or errors.
pub fn head(set: &RuleSet, as_of: Date) -> Run {
    crate::report::build_run(set, as_of, Vec::new(), Vec::new())
}

/// One submission to check, as read from its source.
enum Record {
    File(PathBuf),
    Bytes {
        name: String,
        bytes: Vec<u8>,
    },
    Line {
        file: String,
        line: u32,
        bytes: Vec<u8>,
    },
    Failed(InputFailure),
}

impl Record {
    /// Bytes held in memory until the chunk is checked.
    fn size(&self) -> usize {
        match self {
            Self::Bytes { bytes, .. } | Self::Line { bytes, .. } => bytes.len(),
            Self::File(_) | Self::Failed(_) => 0,
        }
    }
}

/// Parses, validates, evaluates and reports one record.
fn check(set: &RuleSet, rec: Record, as_of: Date, parallel_rules: bool) -> Entry {
    let report =
        |sub: Submission| -> Report { crate::check_loaded(set, &sub, as_of, parallel_rules) };
    match rec {
        // Reading (and refusing FIFOs or devices) is the input's job, as for a single file.
        Record::File(path) => crate::inputs::Input::Path(path)
            .load()
            .map(report)
            .map_err(|e| crate::failure(&e)),
        Record::Bytes { name, bytes } => Submission::parse_owned(name, bytes)
            .map(report)
            .map_err(|e| crate::failure(&e)),
        Record::Line { file, line, bytes } => Submission::parse_line(&file, line, bytes)
            .map(report)
            .map_err(|e| InputFailure {
                file: format!("{file}:{line}"),
                ..crate::failure(&e)
            }),
        Record::Failed(f) => Err(f),
    }
}

/// Reads records from the sources in order, a chunk at a time.
struct Records {
    sources: std::vec::IntoIter<Source>,
    lines: Option<LineReader>,
}

impl Records {
    fn new(sources: Vec<Source>) -> Self {
        Self {
            sources: sources.into_iter(),
            lines: None,
        }
    }

    fn next_chunk(&mut self, max: usize) -> Vec<Record> {
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < max.max(1) && (chunk.is_empty() || bytes < CHUNK_BYTES) {
            let Some(rec) = self.next_record() else { break };
            bytes += rec.size();
            chunk.push(rec);
        }
        chunk
    }

    fn next_record(&mut self) -> Option<Record> {
        loop {
            if let Some(lines) = &mut self.lines {
                match lines.next_record() {
                    Some(rec) => return Some(rec),
                    None => self.lines = None,
                }
            }
            match self.sources.next()? {
                Source::One(Input::Path(p)) => return Some(Record::File(p)),
                Source::One(Input::Bytes { name, bytes }) => {
                    return Some(Record::Bytes { name, bytes });
                }
                Source::One(Input::Missing { name, message }) => {
                    return Some(Record::Failed(InputFailure {
                        file: name.clone(),
                        message: format!("cannot read `{name}`: {message}"),
                        problems: Vec::new(),
                    }));
                }
                Source::LinesFile(p) => match std::fs::File::open(&p) {
                    Ok(f) => {
                        self.lines = Some(LineReader::new(
                            p.display().to_string(),
                            Box::new(BufReader::with_capacity(1 << 16, f)),
                        ))
                    }
                    Err(e) => {
                        let name = p.display().to_string();
                        return Some(Record::Failed(InputFailure {
                            message: format!("cannot read `{name}`: {e}"),
                            file: name,
                            problems: Vec::new(),
                        }));
                    }
                },
                Source::Lines { name, reader } => self.lines = Some(LineReader::new(name, reader)),
            }
        }
    }
}

/// The records of one JSON Lines stream: one per non-blank line, numbered from 1.
struct LineReader {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line: u32,
    /// The length of the last line read.
    last_len: usize,
    /// Set once the stream ended or failed.
    done: bool,
}

impl LineReader {
    fn new(name: String, reader: Box<dyn BufRead + Send>) -> Self {
        Self {
            name,
            reader,
            line: 0,
            last_len: 0,
            done: false,
        }
    }

    fn next_record(&mut self) -> Option<Record> {
        while !self.done {
            self.line = self.line.saturating_add(1);
            // Records in one file are usually of a size: start where the last one ended (up to a
            // MiB, so one huge line does not make every buffer after it huge).
            let mut bytes = Vec::with_capacity(self.last_len.min(1 << 20) + 64);
            let read = self
                .reader
                .by_ref()
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut bytes);
            match read {
                Ok(0) => self.done = true,
                Ok(_) if bytes.len() > MAX_LINE && bytes.last() != Some(&b'\n') => {
                    // Freed before the rest of the line is skipped, not after.
                    drop(bytes);
                    return Some(self.too_long());
                }
                Ok(_) => {
                    self.last_len = bytes.len();
                    // A byte-order mark starts the stream, not its first record.
                    if self.line == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                        bytes.drain(..3);
                    }
                    trim_line_end(&mut bytes);
                    if !bytes.iter().all(u8::is_ascii_whitespace) {
                        return Some(Record::Line {
                            file: self.name.clone(),
                            line: self.line,
                            bytes,
                        });
                    }
                }
                Err(e) => {
                    self.done = true;
                    let message = format!("cannot read `{}` at line {}: {e}", self.name, self.line);
                    return Some(Record::Failed(InputFailure {
                        file: format!("{}:{}", self.name, self.line),
                        message,
                        problems: Vec::new(),
                    }));
                }
            }
        }
        None
    }

    /// Skips the rest of an over-long line and reports it.
    fn too_long(&mut self) -> Record {
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
        let file = format!("{}:{}", self.name, self.line);
        let message = format!(
            "{file}: the line is longer than {} MiB; each line of a JSON Lines file must be one submission",
            MAX_LINE >> 20
        );
        Record::Failed(InputFailure {
            file,
            message,
            problems: Vec::new(),
        })
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
        );
        std::iter::from_fn(|| r.next_record())
            .map(|rec| match rec {
                Record::Line { line, bytes, .. } => {
                    (line, String::from_utf8_lossy(&bytes).into_owned())
                }
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
        assert!(lines("").is_empty());
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
