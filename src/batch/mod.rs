//! Batch review: every input of a run — JSON files, JSON Lines files (one submission per line),
//! standard input — read as a stream of records and checked in bounded chunks. Each chunk is
//! parsed, validated, evaluated, reported and rendered in parallel (the engine's fan-out over
//! submissions, input order kept), then written before the next chunk is read, so memory depends
//! on the chunk size, never on the number of submissions. A record that cannot be read becomes
//! an error entry naming it (`batch.jsonl:17`) and the others carry on; a file found in a
//! directory that is clearly not a submission is skipped and said so. Waivers are applied to each
//! report on its worker too, and what each waiver did is gathered in input order for the end.

mod lines;

use crate::engine;
use crate::inputs::{Input, Size, name};
use crate::report::stream::{self, Entry, Rendered, StreamFormat, Totals, Writer};
use crate::report::{Gate, InputFailure, Run, View};
use crate::rules::{RuleSet, Severity};
use crate::submission::{InputError, Submission};
use crate::waivers::{Applied, Tally, Waivers};
use jiff::civil::Date;
use lines::LineReader;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// How many records a chunk holds at most; with [`CHUNK_BYTES`] this bounds the memory of a run.
/// Three chunks are alive at once (being read, checked, written), and a rendered report is about
/// five times its submission, so 64 keeps a run near 70 MB; larger chunks bought no speed.
pub const CHUNK_RECORDS: usize = 64;
/// How many bytes of records a chunk holds at most (a chunk always holds at least one record).
pub const CHUNK_BYTES: usize = 32 << 20;

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

/// Turns expanded inputs into sources: a `*.jsonl` or `*.ndjson` path is read as JSON Lines.
pub fn sources(inputs: Vec<Input>) -> Vec<Source> {
    inputs
        .into_iter()
        .map(|i| match i {
            Input::Path(p) | Input::Found(p) if is_json_lines(&p) => Source::LinesFile(p),
            other => Source::One(other),
        })
        .collect()
}

/// Whether a path names a JSON Lines file (`.jsonl` or `.ndjson`, in any letter case).
pub fn is_json_lines(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// What a run needs besides the rules and the inputs.
#[derive(Debug, Clone)]
pub struct Options<'w> {
    pub as_of: Date,
    /// What makes a report count as failing.
    pub gate: Gate,
    /// How text reports are laid out.
    pub view: View,
    pub chunk_records: usize,
    /// Mask personal data in every entry before it is rendered (`--redact`).
    pub redact: bool,
    /// The largest submission read: a file, standard input read whole, or one JSON Lines record.
    pub max_input: Size,
    /// Waivers to apply to every report.
    pub waivers: Option<&'w Waivers>,
    /// The project file the policy came from, named in the report's provenance.
    pub config: Option<String>,
    /// `--expiring-within`: warn about evidence lapsing inside this window.
    pub expiring_within: Option<crate::record::Window>,
    /// The assessment record to check each report against.
    pub record: RecordChoice<'w>,
    /// How much of each finding reports are built with (brief for the machine-readable
    /// formats unless `--findings full`).
    pub detail: crate::report::Detail,
}

/// Which assessment record a report is checked against.
#[derive(Debug, Clone, Copy, Default)]
pub enum RecordChoice<'w> {
    /// None.
    #[default]
    None,
    /// This one (`--record FILE`, with a single submission).
    Given(&'w crate::record::Loaded),
    /// `<submission>.record.toml` beside each submission file, when there is one.
    Beside,
}

impl Options<'_> {
    pub fn new(as_of: Date, fail_on: Severity) -> Self {
        Self {
            as_of,
            gate: Gate::new(fail_on),
            view: View::default(),
            chunk_records: CHUNK_RECORDS,
            redact: false,
            max_input: crate::inputs::DEFAULT_LIMIT,
            waivers: None,
            config: None,
            expiring_within: None,
            record: RecordChoice::None,
            detail: crate::report::Detail::Explained,
        }
    }
}

/// Something the caller may want to show while a batch runs.
pub enum Event<'a> {
    /// An input could not be checked.
    NotChecked(&'a InputFailure),
    /// A file found in a directory is not a submission, and was left out.
    Skipped { file: &'a str, reason: &'a str },
    /// A chunk was written; `done` inputs so far.
    Progress { done: usize },
}

/// What checking one record gave.
enum Checked<'r> {
    Entry(Box<Entry<'r>>, Option<Applied>),
    Skipped { file: String, reason: String },
}

/// A record checked and rendered on a worker.
enum Done {
    Rendered(Rendered, Option<Applied>),
    Skipped { file: String, reason: String },
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
    let mut writer = Writer::new(format, head(set, opts));
    let mut tally = opts.waivers.map(|w| Tally::new(w, opts.as_of));
    out.write_all(&writer.start())?;
    let mut done = 0;
    let mut records = Records::new(sources, opts.max_input);
    let mut chunk = records.next_chunk(opts.chunk_records);
    let mut pending: Vec<Done> = Vec::new();
    while !chunk.is_empty() || !pending.is_empty() {
        let parallel_rules = chunk.len() == 1;
        let previous = std::mem::take(&mut pending);
        let (rendered, (next, written)) = engine::fan_out_alongside(
            chunk,
            |rec| match check(set, rec, opts, parallel_rules) {
                Checked::Entry(entry, applied) => Done::Rendered(
                    stream::render(format, *entry, &opts.gate, &opts.view),
                    applied,
                ),
                Checked::Skipped { file, reason } => Done::Skipped { file, reason },
            },
            || {
                let mut sink = Sink {
                    writer: &mut writer,
                    tally: tally.as_mut(),
                    done: &mut done,
                };
                let written = sink.emit(previous, out, on);
                (records.next_chunk(opts.chunk_records), written)
            },
        );
        written?;
        pending = rendered;
        chunk = next;
    }
    if let Some(t) = tally {
        let mut summary = t.summary();
        if opts.redact {
            crate::report::redact::redact_waivers(&mut summary);
        }
        writer.head_mut().waivers = Some(summary);
    }
    out.write_all(&writer.finish())?;
    out.flush()?;
    Ok(writer.totals())
}

/// Where checked chunks go, in input order.
struct Sink<'a, 'r> {
    writer: &'a mut Writer<'r>,
    tally: Option<&'a mut Tally>,
    done: &'a mut usize,
}

impl Sink<'_, '_> {
    /// Writes a checked chunk in input order and reports it.
    fn emit(
        &mut self,
        chunk: Vec<Done>,
        out: &mut (dyn Write + Send),
        on: &mut (dyn FnMut(Event<'_>) + Send),
    ) -> std::io::Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        let size = chunk.iter().map(|d| match d {
            Done::Rendered(r, _) => r.bytes_len(),
            Done::Skipped { .. } => 0,
        });
        let mut buf = Vec::with_capacity(size.sum());
        *self.done += chunk.len();
        for d in chunk {
            match d {
                Done::Rendered(r, applied) => {
                    if let Some(f) = r.failure() {
                        on(Event::NotChecked(f));
                    }
                    if let (Some(t), Some(a)) = (self.tally.as_deref_mut(), applied) {
                        t.add(a);
                    }
                    self.writer.push(r, &mut buf);
                }
                Done::Skipped { file, reason } => {
                    on(Event::Skipped {
                        file: &file,
                        reason: &reason,
                    });
                    self.writer.skipped();
                }
            }
        }
        out.write_all(&buf)?;
        on(Event::Progress { done: *self.done });
        Ok(())
    }
}

/// Checks every record and keeps everything: the whole [`Run`], for formats that need it.
pub fn collect(set: &RuleSet, sources: Vec<Source>, as_of: Date) -> Run<'_> {
    let opts = Options::new(as_of, Severity::Major);
    collect_with(set, sources, &opts, &mut |_| {})
}

/// [`collect`] with the run's options (the input limit, waivers and `--redact`), telling `on`
/// about each input skipped or not checked, in input order.
pub fn collect_with<'r>(
    set: &'r RuleSet,
    sources: Vec<Source>,
    opts: &Options,
    on: &mut dyn FnMut(Event<'_>),
) -> Run<'r> {
    let mut run = collect_entries(set, sources, opts, on);
    let (reports, errors) = std::mem::take(&mut run.entries)
        .into_iter()
        .partition::<Vec<_>, _>(Result::is_ok);
    run.head.reports = reports.into_iter().filter_map(Result::ok).collect();
    run.head.errors = errors.into_iter().filter_map(Result::err).collect();
    run.head
}

/// A whole run kept in input order: each input's report or failure as it came, and the run's
/// provenance (with the waiver summary), so that every format, streamed or not, can be rendered
/// from it with the bytes it would have had on its own.
pub struct Entries<'r> {
    pub head: Run<'r>,
    pub entries: Vec<Entry<'r>>,
}

impl<'r> Entries<'r> {
    /// The whole run, reports then inputs not checked, for the formats rendered in one piece.
    pub fn whole_run(&self) -> Run<'r> {
        let mut run = self.head.clone();
        for e in &self.entries {
            match e {
                Ok(r) => run.reports.push(r.clone()),
                Err(f) => run.errors.push(f.clone()),
            }
        }
        run
    }
}

/// Checks every record and keeps each entry in input order (see [`Entries`]).
pub fn collect_entries<'r>(
    set: &'r RuleSet,
    sources: Vec<Source>,
    opts: &Options,
    on: &mut dyn FnMut(Event<'_>),
) -> Entries<'r> {
    let mut entries = Vec::new();
    let mut tally = opts.waivers.map(|w| Tally::new(w, opts.as_of));
    let mut records = Records::new(sources, opts.max_input);
    loop {
        let chunk = records.next_chunk(CHUNK_RECORDS);
        if chunk.is_empty() {
            break;
        }
        let parallel_rules = chunk.len() == 1;
        let checked: Vec<Checked> =
            engine::fan_out(chunk, |rec| check(set, rec, opts, parallel_rules));
        for c in checked {
            match c {
                Checked::Entry(entry, applied) => {
                    match (&*entry, tally.as_mut(), applied) {
                        (Ok(_), Some(t), Some(a)) => t.add(a),
                        (Err(f), _, _) => on(Event::NotChecked(f)),
                        _ => {}
                    }
                    entries.push(*entry);
                }
                Checked::Skipped { file, reason } => on(Event::Skipped {
                    file: &file,
                    reason: &reason,
                }),
            }
        }
    }
    let mut head = self::head(set, opts);
    if let Some(t) = tally {
        let mut summary = t.summary();
        if opts.redact {
            crate::report::redact::redact_waivers(&mut summary);
        }
        head.waivers = Some(summary);
    }
    Entries { head, entries }
}

/// The run's provenance, without reports or errors.
pub fn head<'r>(set: &'r RuleSet, opts: &Options) -> Run<'r> {
    let mut run = crate::report::build_run(set, opts.as_of, Vec::new(), Vec::new());
    run.config.clone_from(&opts.config);
    run
}

/// One submission to check, as read from its source.
enum Record {
    File {
        path: PathBuf,
        /// Found in a directory: skipped when clearly not a submission.
        found: bool,
    },
    Bytes {
        name: String,
        bytes: Vec<u8>,
        /// Where an imported submission's values came from (empty for plain JSON).
        origins: crate::import::Origins,
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
            Self::File { .. } | Self::Failed(_) => 0,
        }
    }
}

/// Reads, parses, validates, evaluates and reports one record, then applies the waivers and
/// masks personal data, as the options say.
fn check<'r>(set: &'r RuleSet, rec: Record, opts: &Options, parallel_rules: bool) -> Checked<'r> {
    let file = match &rec {
        Record::File { path, .. } => Some(path.clone()),
        _ => None,
    };
    let parsed = match rec {
        // Reading (and refusing FIFOs, devices and files over the limit) is the input's job.
        Record::File { path, found } => {
            let input = if found {
                Input::Found(path)
            } else {
                Input::Path(path)
            };
            match input.load(opts.max_input) {
                Err(InputError::NotSubmission { file, reason }) => {
                    return Checked::Skipped { file, reason };
                }
                other => other.map_err(|e| crate::failure(&e)),
            }
        }
        Record::Bytes {
            name,
            bytes,
            origins,
        } => Submission::parse_owned(name, bytes)
            .map(|mut s| {
                s.origins = origins;
                s
            })
            .map_err(|e| crate::failure(&e)),
        Record::Line { file, line, bytes } => Submission::parse_line(&file, line, bytes)
            .and_then(Submission::with_sources)
            .map_err(|e| InputFailure {
                file: format!("{file}:{line}"),
                ..crate::failure(&e)
            }),
        Record::Failed(f) => Err(f),
    };
    let (mut entry, applied): (Entry, _) = match parsed {
        Ok(sub) => {
            let (report, applied) = check_one(set, &sub, opts, parallel_rules);
            match with_record(report, set, file.as_deref(), opts) {
                Ok(report) => (Ok(report), applied),
                Err(f) => (Err(f), None),
            }
        }
        Err(f) => (Err(f), None),
    };
    if opts.redact {
        crate::report::redact::redact_entry(&mut entry);
    }
    Checked::Entry(Box::new(entry), applied)
}

/// Evaluates one submission, applies the waivers, and adds the evidence side (the waivers'
/// expiry counts towards the re-assessment date; `--expiring-within` adds its warnings).
fn check_one<'r>(
    set: &'r RuleSet,
    sub: &Submission,
    opts: &Options,
    parallel_rules: bool,
) -> (crate::report::Report<'r>, Option<Applied>) {
    let explain = match opts.detail {
        crate::report::Detail::Brief => engine::Explain::Needed,
        _ => engine::Explain::All,
    };
    let results = engine::run_explaining(set, &sub.value, opts.as_of, parallel_rules, explain);
    let mut report = crate::report::build_report_with(set, sub, &results, opts.detail);
    crate::record::annotate(set, &sub.value, &mut report, opts.as_of, None);
    let applied = opts
        .waivers
        .map(|w| crate::waivers::apply_report(w, &mut report, opts.as_of));
    if applied.is_some() || opts.expiring_within.is_some() {
        crate::record::annotate(
            set,
            &sub.value,
            &mut report,
            opts.as_of,
            opts.expiring_within,
        );
    }
    (report, applied)
}

/// Attaches the assessment record (given, or found beside the submission file) to the report;
/// a record found beside it that cannot be read makes the input an error naming each problem.
fn with_record<'r>(
    mut report: crate::report::Report<'r>,
    set: &RuleSet,
    file: Option<&Path>,
    opts: &Options,
) -> Result<crate::report::Report<'r>, InputFailure> {
    let found;
    let loaded = match (opts.record, file) {
        (RecordChoice::Given(l), _) => l,
        (RecordChoice::Beside, Some(path)) => {
            let beside = crate::record::file::beside(path);
            if !beside.is_file() {
                return Ok(report);
            }
            found = crate::record::Loaded::read(&beside).map_err(|e| InputFailure {
                file: report.file.clone(),
                message: format!(
                    "the assessment record `{}` cannot be read:\n{}",
                    name(&beside),
                    e.0.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
                problems: Vec::new(),
            })?;
            &found
        }
        _ => return Ok(report),
    };
    let review = crate::record::review::review(loaded, &report, &set.hash, opts.as_of);
    report.record = Some(Box::new(review));
    Ok(report)
}

/// Reads records from the sources in order, a chunk at a time.
struct Records {
    sources: std::vec::IntoIter<Source>,
    lines: Option<LineReader>,
    limit: Size,
}

impl Records {
    fn new(sources: Vec<Source>, limit: Size) -> Self {
        Self {
            sources: sources.into_iter(),
            lines: None,
            limit,
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
                Source::One(Input::Path(path)) => {
                    return Some(Record::File { path, found: false });
                }
                Source::One(Input::Found(path)) => return Some(Record::File { path, found: true }),
                Source::One(Input::Bytes { name, bytes }) => {
                    let origins = crate::import::Origins::default();
                    return Some(Record::Bytes {
                        name,
                        bytes,
                        origins,
                    });
                }
                Source::One(Input::Imported {
                    name,
                    bytes,
                    origins,
                }) => {
                    return Some(Record::Bytes {
                        name,
                        bytes,
                        origins,
                    });
                }
                Source::One(Input::Missing { name, message }) => {
                    return Some(failed(name, message));
                }
                Source::LinesFile(p) => match crate::inputs::read::open_regular(&p) {
                    Ok((f, _)) => {
                        self.lines =
                            Some(self.line_reader(
                                name(&p),
                                Box::new(BufReader::with_capacity(1 << 16, f)),
                            ))
                    }
                    Err(message) => return Some(failed(name(&p), message)),
                },
                Source::Lines { name, reader } => self.lines = Some(self.line_reader(name, reader)),
            }
        }
    }

    fn line_reader(&self, name: String, reader: Box<dyn BufRead + Send>) -> LineReader {
        let limit = usize::try_from(self.limit.0).unwrap_or(usize::MAX);
        LineReader::new(name, reader, limit)
    }
}

/// The entry of an input that could not be read.
fn failed(name: String, message: String) -> Record {
    Record::Failed(crate::failure(&InputError::Read {
        file: name,
        message,
    }))
}
