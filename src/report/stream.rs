//! Writing a run as a stream, one input at a time in input order, in any of the formats a batch
//! can stream: text, JSON (the same bytes as rendering the whole [`Run`]), JSON Lines and CSV.
//! Each input's result is rendered on a worker thread ([`render`]); the [`Writer`] then appends
//! the bytes in order and keeps only what its tail needs: the batch matrix for text, the inputs
//! that could not be checked for text and JSON (which list them after the reports), and counts.

use super::matrix::{Matrix, Summary};
use super::{Gate, InputFailure, Report, Run, View, csv, json, jsonl, text};

/// A format that can be written one input at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    Text,
    Json,
    Jsonl,
    Csv,
}

/// An input's result: its report, or why it could not be checked.
pub type Entry<'r> = Result<Report<'r>, InputFailure>;

/// An entry rendered on a worker thread, with what the writer keeps of it.
#[derive(Debug)]
pub struct Rendered {
    bytes: Vec<u8>,
    kept: Kept,
}

#[derive(Debug)]
enum Kept {
    Report {
        summary: Option<Summary>,
        fails: bool,
    },
    Failure(InputFailure),
}

impl Rendered {
    /// How many bytes the entry renders to.
    pub fn bytes_len(&self) -> usize {
        self.bytes.len()
    }

    /// The input that could not be checked, if this is one.
    pub fn failure(&self) -> Option<&InputFailure> {
        match &self.kept {
            Kept::Failure(f) => Some(f),
            Kept::Report { .. } => None,
        }
    }
}

/// Renders one entry; `gate` decides whether a report counts as failing.
pub fn render(format: StreamFormat, entry: Entry, gate: &Gate, view: &View) -> Rendered {
    match entry {
        Ok(r) => {
            let bytes = match format {
                StreamFormat::Text => text::report_block(&r, view).into_bytes(),
                StreamFormat::Json => json::item(&r).into_bytes(),
                StreamFormat::Jsonl => jsonl::report(&r),
                StreamFormat::Csv => csv::report(&r),
            };
            let summary = (format == StreamFormat::Text).then(|| Summary::of(&r));
            Rendered {
                bytes,
                kept: Kept::Report {
                    summary,
                    fails: gate.fails(&r),
                },
            }
        }
        Err(f) => {
            // Text and JSON list failures after every report, so they are rendered at the end.
            let bytes = match format {
                StreamFormat::Text | StreamFormat::Json => Vec::new(),
                StreamFormat::Jsonl => jsonl::failure(&f),
                StreamFormat::Csv => csv::failure(&f),
            };
            Rendered {
                bytes,
                kept: Kept::Failure(f),
            }
        }
    }
}

/// How a batch went, for the exit code and the closing line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Submissions checked (each has a report).
    pub checked: usize,
    /// Checked submissions with a failure at or above the threshold.
    pub failing: usize,
    /// Inputs that could not be read or validated.
    pub not_checked: usize,
    /// Files found in a directory that are not submissions, left out.
    pub skipped: usize,
}

/// Appends rendered entries in input order and writes the head and tail of the format.
#[derive(Debug)]
pub struct Writer<'r> {
    format: StreamFormat,
    head: Run<'r>,
    envelope: Option<json::Envelope>,
    matrix: Matrix,
    failures: Vec<InputFailure>,
    totals: Totals,
}

impl<'r> Writer<'r> {
    /// `head` is the run's provenance, with no reports or errors.
    pub fn new(format: StreamFormat, head: Run<'r>) -> Self {
        let envelope = (format == StreamFormat::Json).then(|| json::Envelope::new(&head));
        Self {
            format,
            head,
            envelope,
            matrix: Matrix::default(),
            failures: Vec::new(),
            totals: Totals::default(),
        }
    }

    /// The bytes before the first entry.
    pub fn start(&self) -> Vec<u8> {
        match (self.format, &self.envelope) {
            (StreamFormat::Text, _) => text::head(&self.head).into_bytes(),
            (StreamFormat::Json, Some(env)) => env.start.clone().into_bytes(),
            (StreamFormat::Json, None) => Vec::new(),
            (StreamFormat::Jsonl, _) => jsonl::head(&self.head),
            (StreamFormat::Csv, _) => csv::header(),
        }
    }

    /// Appends the next entry (in input order) to `out`.
    pub fn push(&mut self, r: Rendered, out: &mut Vec<u8>) {
        match r.kept {
            Kept::Report { summary, fails } => {
                if self.format == StreamFormat::Json {
                    out.extend_from_slice(
                        json::Envelope::separator(self.totals.checked).as_bytes(),
                    );
                }
                out.extend_from_slice(&r.bytes);
                self.totals.checked += 1;
                self.totals.failing += usize::from(fails);
                if let Some(s) = summary {
                    self.matrix.add(s);
                }
            }
            Kept::Failure(f) => {
                out.extend_from_slice(&r.bytes);
                self.totals.not_checked += 1;
                if matches!(self.format, StreamFormat::Text | StreamFormat::Json) {
                    self.failures.push(f);
                }
            }
        }
    }

    /// Counts a file that was skipped (it renders to nothing).
    pub fn skipped(&mut self) {
        self.totals.skipped += 1;
    }

    /// The bytes after the last entry.
    pub fn finish(&mut self) -> Vec<u8> {
        match (self.format, &self.envelope) {
            (StreamFormat::Text, _) => {
                let mut out = String::new();
                for f in &self.failures {
                    out.push_str(&text::failure_block(f));
                    self.matrix.add_failure(f);
                }
                if let Some(w) = &self.head.waivers {
                    out.push('\n');
                    super::waiver::render_text(&mut out, w);
                }
                out.push_str(&text::tail(&self.matrix));
                out.into_bytes()
            }
            (StreamFormat::Json, Some(env)) => {
                // Cut again: run-level fields settled during the batch (via `head_mut`) follow
                // the errors.
                let end = json::Envelope::new(&self.head).end;
                let mut out = String::from(json::Envelope::close_list(self.totals.checked));
                out.push_str(&env.middle);
                for (i, f) in self.failures.iter().enumerate() {
                    out.push_str(json::Envelope::separator(i));
                    out.push_str(&json::item(f));
                }
                out.push_str(json::Envelope::close_list(self.failures.len()));
                out.push_str(&end);
                out.into_bytes()
            }
            (StreamFormat::Jsonl, _) => self
                .head
                .waivers
                .as_ref()
                .map_or_else(Vec::new, jsonl::waivers),
            (StreamFormat::Csv, _) => self
                .head
                .waivers
                .as_ref()
                .map_or_else(Vec::new, csv::waivers),
            (StreamFormat::Json, None) => Vec::new(),
        }
    }

    /// The run's provenance, for run-level facts settled while the batch ran; they are written
    /// by [`Writer::finish`] when the format has a tail that shows them.
    pub fn head_mut(&mut self) -> &mut Run<'r> {
        &mut self.head
    }

    pub fn totals(&self) -> Totals {
        self.totals
    }
}

/// A whole run's entries in one format, with the bytes streaming them would give: for a run
/// written to several outputs at once.
pub fn render_entries(
    format: StreamFormat,
    head: &Run,
    entries: &[Entry],
    gate: &Gate,
    view: &View,
) -> Vec<u8> {
    let mut writer = Writer::new(format, head.clone());
    let mut out = writer.start();
    for entry in entries {
        writer.push(render(format, entry.clone(), gate, view), &mut out);
    }
    out.extend(writer.finish());
    out
}
