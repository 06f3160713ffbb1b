//! `assure check` over any number of inputs: streams the formats that can be streamed (text,
//! JSON, JSON Lines, CSV) chunk by chunk, renders the others from the whole run, writes to
//! standard output or atomically to `--output`, shows progress on a terminal, and chooses the
//! exit code: 2 when any input could not be read or the report could not be written, else 1
//! when a submission failed at the `--fail-on` threshold, else 0. A closing line on standard
//! error gives both counts whenever more than one input was given.

use super::output::Output;
use super::progress::Progress;
use super::{CheckArgs, ColorWhen, EXIT_ERROR, EXIT_FAILED, EXIT_OK, Format};
use assure::batch::{self, Event, Options, Source};
use assure::report::stream::{StreamFormat, Totals};
use assure::report::terminal::printable_lines;
use assure::report::{Gate, Run, View};
use assure::rules::RuleSet;
use assure::waivers::Waivers;
use jiff::civil::Date;
use std::io::{self, Write};

/// How a format is produced.
enum Render {
    /// Written one input at a time; memory stays flat however many inputs there are.
    Stream(StreamFormat),
    /// Rendered from the whole run, held in memory: for formats that need every report at once,
    /// and whenever waivers apply (a waiver summary covers the whole run).
    Whole(fn(&Run) -> String),
}

fn render_for(format: Format, whole_run: bool) -> Render {
    use assure::report as r;
    match (format, whole_run) {
        (Format::Text, false) => Render::Stream(StreamFormat::Text),
        (Format::Json, false) => Render::Stream(StreamFormat::Json),
        (Format::Jsonl, false) => Render::Stream(StreamFormat::Jsonl),
        (Format::Csv, false) => Render::Stream(StreamFormat::Csv),
        (Format::Text, true) => Render::Whole(r::text::render),
        (Format::Json, true) => Render::Whole(r::json::render),
        (Format::Jsonl, true) => Render::Whole(jsonl_whole),
        (Format::Csv, true) => Render::Whole(csv_whole),
        (Format::Html, _) => Render::Whole(r::html::render),
        (Format::Markdown, _) => Render::Whole(r::markdown::render),
        (Format::Sarif, _) => Render::Whole(r::sarif::render),
        (Format::Junit, _) => Render::Whole(r::junit::render),
    }
}

/// JSON Lines from a whole run: the run line, then each report, then each input not checked.
fn jsonl_whole(run: &Run) -> String {
    use assure::report::jsonl;
    let mut bytes = jsonl::head(run);
    run.reports
        .iter()
        .for_each(|r| bytes.extend(jsonl::report(r)));
    run.errors
        .iter()
        .for_each(|f| bytes.extend(jsonl::failure(f)));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// CSV from a whole run: the header, each report's rows, then each input not checked.
fn csv_whole(run: &Run) -> String {
    use assure::report::csv;
    let mut bytes = csv::header();
    run.reports
        .iter()
        .for_each(|r| bytes.extend(csv::report(r)));
    run.errors
        .iter()
        .for_each(|f| bytes.extend(csv::failure(f)));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Checks `sources` (the run's inputs, in order) and reports them; returns the exit code.
pub fn run(
    args: &CheckArgs,
    set: &RuleSet,
    sources: Vec<Source>,
    as_of: Date,
    waivers: Option<&Waivers>,
) -> u8 {
    let total = sources
        .iter()
        .all(|s| matches!(s, Source::One(_)))
        .then_some(sources.len());
    let progress = Progress::new(total);
    let Some(mut out) = open_or_say(args, &progress) else {
        return EXIT_ERROR;
    };
    let failures_to_stderr = args.format != Format::Text || args.output.is_some();
    let mut on = |e: Event<'_>| match e {
        Event::NotChecked(f) if failures_to_stderr => {
            // The message quotes the input, which may hold terminal escape sequences.
            progress.suspend(|| eprintln!("error: {}", printable_lines(&f.message)))
        }
        Event::NotChecked(_) => {}
        Event::Progress { done } => progress.update(done),
    };
    let gate = match gate(args) {
        Ok(g) => g,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    let opts = Options {
        redact: args.redact,
        gate,
        view: View {
            passing: args.passing,
        },
        ..Options::new(as_of, args.fail_on.severity())
    };
    let prepare = |run: &mut Run| {
        run.view = opts.view;
        super::project::apply_waivers(run, waivers, as_of);
        if args.redact {
            assure::report::redact::redact(run);
        }
    };
    let written = match render_for(args.format, waivers.is_some()) {
        Render::Stream(format) => batch::stream(set, sources, &opts, format, &mut out, &mut on),
        Render::Whole(render) => whole(set, sources, &opts, (&prepare, render), &mut out, &mut on),
    };
    progress.finish();
    match written.and_then(|t| out.commit().map(|()| t)) {
        Ok(totals) => {
            close(&totals, args);
            exit_code(&totals)
        }
        Err(e) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write the report: {e}");
            }
            EXIT_ERROR
        }
    }
}

/// What makes a report fail: `--fail-on` and each `--fail-on-decision DECISION[=outstanding]`,
/// checked against the decisions there are.
fn gate(args: &CheckArgs) -> Result<Gate, String> {
    let mut gate = Gate::new(args.fail_on.severity());
    for item in &args.fail_on_decision {
        let (id, outstanding) = match item.split_once('=') {
            Some((id, "outstanding")) => (id, true),
            Some((_, other)) => {
                return Err(format!(
                    "`--fail-on-decision {item}`: after `=` only `outstanding` is allowed, not `{other}`"
                ));
            }
            None => (item.as_str(), false),
        };
        if assure::rules::decisions::decision(id).is_none() {
            let ids: Vec<&str> = assure::rules::decisions::DECISIONS
                .iter()
                .map(|d| d.id)
                .collect();
            let hint = assure::schema::closest(id, &ids)
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            return Err(format!(
                "`--fail-on-decision`: unknown decision `{id}`{hint} (decisions: {})",
                ids.join(", ")
            ));
        }
        gate.decisions.push((id.to_owned(), outstanding));
    }
    Ok(gate)
}

/// 2 when any input could not be checked (whatever else failed), else 1 on failures, else 0.
fn exit_code(t: &Totals) -> u8 {
    if t.not_checked > 0 {
        EXIT_ERROR
    } else if t.failing > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

fn open_or_say<'p>(args: &CheckArgs, progress: &'p Progress) -> Option<Output<'p>> {
    open(args, progress)
        .map_err(|e| {
            let path = args.output.as_deref().unwrap_or(std::path::Path::new("-"));
            eprintln!(
                "error: cannot create the report file `{}`: {e}",
                path.display()
            );
        })
        .ok()
}

fn open<'p>(args: &CheckArgs, progress: &'p Progress) -> io::Result<Output<'p>> {
    if let Some(path) = &args.output {
        let strip = args.format == Format::Text && args.color != ColorWhen::Always;
        return Output::file(path, strip, progress);
    }
    let choice = match (args.format, args.color) {
        (Format::Text, ColorWhen::Auto) => anstream::AutoStream::choice(&io::stdout()),
        (Format::Text, ColorWhen::Always) => anstream::ColorChoice::Always,
        (Format::Text, ColorWhen::Never) => anstream::ColorChoice::Never,
        _ => return Ok(Output::plain(progress)),
    };
    Ok(Output::styled(choice, progress))
}

/// What the whole-run path does to the run: apply waivers and redaction, then render it.
type Finish<'a> = (&'a dyn Fn(&mut Run), fn(&Run) -> String);

/// Checks everything, keeping every report, then renders the run in one piece.
fn whole(
    set: &RuleSet,
    sources: Vec<Source>,
    opts: &Options,
    (prepare, render): Finish<'_>,
    out: &mut (dyn Write + Send),
    on: &mut (dyn FnMut(Event<'_>) + Send),
) -> io::Result<Totals> {
    let mut run = batch::collect(set, sources, opts.as_of);
    prepare(&mut run);
    for f in &run.errors {
        on(Event::NotChecked(f));
    }
    out.write_all(render(&run).as_bytes())?;
    out.flush()?;
    let failing = run.reports.iter().filter(|r| opts.gate.fails(r)).count();
    Ok(Totals {
        checked: run.reports.len(),
        failing,
        not_checked: run.errors.len(),
    })
}

/// The closing line on standard error, with both counts.
fn close(t: &Totals, args: &CheckArgs) {
    // After a single input its own report or error says everything.
    if t.checked + t.not_checked <= 1 {
        return;
    }
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let threshold = args.fail_on.severity().as_str();
    eprintln!(
        "{} submission{} checked, {} failing at {threshold} or worse; {} input{} could not be read",
        t.checked,
        s(t.checked),
        t.failing,
        t.not_checked,
        s(t.not_checked)
    );
}
