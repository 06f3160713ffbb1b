//! `assure check` over any number of inputs: streams the formats that can be streamed (text,
//! JSON, JSON Lines, CSV) chunk by chunk, renders the others from the whole run, writes to
//! standard output or atomically to `--output`, shows progress on a terminal, and chooses the
//! exit code: 2 when any input could not be read or the report could not be written, else 1
//! when a submission failed at the `--fail-on` threshold, else 0 (also when the reader of
//! standard output closed it: `| head`). A closing line on standard error gives both counts
//! whenever more than one input was given or any could not be read.

use super::output::Output;
use super::progress::Progress;
use super::project::ForCheck;
use super::targets::Target;
use super::{CheckArgs, ColorWhen, EXIT_ERROR, EXIT_FAILED, EXIT_OK, Format, View};
use assure::batch::{self, Event, Options, Source};
use assure::report::stream::{self, StreamFormat, Totals};
use assure::report::{Detail, Gate, Run};
use assure::rules::RuleSet;
use jiff::civil::Date;
use std::io::{self, IsTerminal, Write};

/// How a format is produced.
enum Render {
    /// Written one input at a time; memory stays flat however many inputs there are (waivers
    /// and `--redact` are applied on the way).
    Stream(StreamFormat),
    /// Rendered from the whole run, held in memory: for formats that need every report at once.
    Whole(Box<dyn Fn(&Run) -> String>),
}

fn render_for(format: Format, view: Option<View>) -> Render {
    use assure::report as r;
    if let Some(v) = view {
        return Render::Whole(Box::new(move |run: &Run| view_render(v, format, run)));
    }
    match format {
        Format::Text => Render::Stream(StreamFormat::Text),
        Format::Json => Render::Stream(StreamFormat::Json),
        Format::Jsonl => Render::Stream(StreamFormat::Jsonl),
        Format::Csv => Render::Stream(StreamFormat::Csv),
        Format::Html => Render::Whole(Box::new(r::html::render)),
        Format::Markdown => Render::Whole(Box::new(r::markdown::render)),
        Format::Sarif => Render::Whole(Box::new(r::sarif::render)),
        Format::Junit => Render::Whole(Box::new(r::junit::render)),
    }
}

/// `--view`: the assessor's view in text, Markdown, HTML or CSV (other formats are refused
/// before the run starts).
fn view_render(view: View, format: Format, run: &Run) -> String {
    use assure::report::view;
    let which = match view {
        View::Dtac => view::Which::Dtac,
        View::Dcb0129 => view::Which::Dcb0129,
        View::Dcb0160 => view::Which::Dcb0160,
    };
    match format {
        Format::Markdown => view::markdown(which, run),
        Format::Html => view::html(which, run),
        Format::Csv => view::csv(which, run),
        _ => view::text(which, run),
    }
}

/// Checks `sources` (the run's inputs, in order) and reports them to every target; returns the
/// exit code.
pub fn run(
    args: &CheckArgs,
    loaded: &ForCheck,
    sources: Vec<Source>,
    as_of: Date,
    targets: &[Target],
) -> u8 {
    let set = &loaded.set;
    let total = sources
        .iter()
        .all(|s| matches!(s, Source::One(_)))
        .then_some(sources.len());
    let progress = Progress::new(total);
    // Text on a terminal already shows them in place; anywhere else they would go unseen.
    let failures_to_stderr = targets
        .iter()
        .any(|t| t.format != Format::Text || t.dest.is_some() || !io::stdout().is_terminal());
    let mut on = |e: Event<'_>| match e {
        // The message quotes the input, which may hold terminal escape sequences: `say` escapes.
        Event::NotChecked(f) if failures_to_stderr => {
            progress.suspend(|| say!("error: {}", f.message))
        }
        Event::NotChecked(_) => {}
        Event::Skipped { file, reason } => {
            progress.suspend(|| say!("skipped `{file}`: not a submission ({reason})"))
        }
        Event::Progress { done } => progress.update(done),
    };
    if args.view.is_some() {
        if let Some(t) = targets.iter().find(|t| {
            !matches!(
                t.format,
                Format::Text | Format::Markdown | Format::Html | Format::Csv
            )
        }) {
            say!(
                "error: `--view` is written as text, markdown, html or csv, not `{}`",
                t.shown
            );
            return EXIT_ERROR;
        }
    }
    let gate = match gate(args) {
        Ok(g) => g,
        Err(message) => {
            say!("error: {message}");
            return EXIT_ERROR;
        }
    };
    let expiring_within = match args
        .expiring_within
        .as_deref()
        .map(assure::record::Window::parse)
    {
        Some(Err(message)) => {
            say!("error: {message}");
            return EXIT_ERROR;
        }
        other => other.and_then(Result::ok),
    };
    let given = match &args.record {
        Some(path) if sources.len() != 1 => {
            say!(
                "error: `--record {}` names one submission's record; give exactly one submission (or keep each record beside its submission as `<name>.record.toml`)",
                path.display()
            );
            return EXIT_ERROR;
        }
        Some(path) => match assure::record::Loaded::read(path) {
            Ok(l) => Some(l),
            Err(e) => {
                for p in &e.0 {
                    say!("error: {p}");
                }
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let record = match &given {
        Some(l) => batch::RecordChoice::Given(l),
        None => batch::RecordChoice::Beside,
    };
    let opts = Options {
        record,
        expiring_within,
        redact: args.redact,
        max_input: args.max_input_size,
        waivers: loaded.waivers.as_ref(),
        config: loaded.config.clone(),
        gate,
        view: assure::report::View {
            passing: args.passing,
            quiet: args.quiet,
        },
        detail: detail(args.findings, targets, args.view.is_some()),
        ..Options::new(as_of, args.fail_on.severity())
    };
    let written = match targets {
        [one] => single(args, set, sources, &opts, one, &progress, &mut on),
        _ => several(args, set, sources, &opts, targets, &progress, &mut on),
    };
    progress.finish();
    match written {
        Ok(totals) => {
            close(&totals, args);
            exit_code(&totals)
        }
        // The reader stopped reading (`assure check … | head`): it has what it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            say!("error: cannot write the report: {e}");
            EXIT_ERROR
        }
    }
}

/// One target: streamed where the format allows, so memory stays flat.
fn single(
    args: &CheckArgs,
    set: &RuleSet,
    sources: Vec<Source>,
    opts: &Options,
    target: &Target,
    progress: &Progress,
    on: &mut (dyn FnMut(Event<'_>) + Send),
) -> io::Result<Totals> {
    let mut out = open(args, target, progress).map_err(|e| cannot_create(target, e))?;
    let totals = match render_for(target.format, args.view) {
        Render::Stream(format) => batch::stream(set, sources, opts, format, &mut out, on),
        Render::Whole(render) => whole(set, sources, opts, render, &mut out, on),
    }?;
    out.commit()?;
    Ok(totals)
}

/// Several targets: the run is checked once and kept whole, then each target gets the bytes
/// its format would have had on its own. Every target is attempted; the first error is returned.
fn several(
    args: &CheckArgs,
    set: &RuleSet,
    sources: Vec<Source>,
    opts: &Options,
    targets: &[Target],
    progress: &Progress,
    on: &mut (dyn FnMut(Event<'_>) + Send),
) -> io::Result<Totals> {
    let (entries, skipped) = collect(set, sources, opts, on);
    let mut run: Option<Run> = None;
    let mut first_error = None;
    for target in targets {
        let bytes = match render_for(target.format, args.view) {
            Render::Stream(format) => stream::render_entries(
                format,
                &entries.head,
                &entries.entries,
                &opts.gate,
                &opts.view,
            ),
            Render::Whole(render) => {
                render(run.get_or_insert_with(|| entries.whole_run())).into_bytes()
            }
        };
        let written = open(args, target, progress)
            .map_err(|e| cannot_create(target, e))
            .and_then(|mut out| out.write_all(&bytes).and_then(|()| out.commit()));
        if let Err(e) = written {
            if e.kind() != io::ErrorKind::BrokenPipe {
                say!("error: cannot write `{}`: {e}", target.shown);
            }
            first_error.get_or_insert(e);
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    Ok(totals(&entries, opts, skipped))
}

/// Checks every input, keeping each entry in input order, and counts the files skipped.
fn collect<'r>(
    set: &'r RuleSet,
    sources: Vec<Source>,
    opts: &Options,
    on: &mut (dyn FnMut(Event<'_>) + Send),
) -> (batch::Entries<'r>, usize) {
    let mut skipped = 0;
    let mut count = |e: Event<'_>| {
        skipped += usize::from(matches!(e, Event::Skipped { .. }));
        on(e);
    };
    let entries = batch::collect_entries(set, sources, opts, &mut count);
    (entries, skipped)
}

fn totals(entries: &batch::Entries, opts: &Options, skipped: usize) -> Totals {
    let reports = entries.entries.iter().filter_map(|e| e.as_ref().ok());
    Totals {
        checked: reports.clone().count(),
        failing: reports.filter(|r| opts.gate.fails(r)).count(),
        not_checked: entries.entries.iter().filter(|e| e.is_err()).count(),
        skipped,
    }
}

/// How much each finding is built with: written in full when asked; explained whenever a
/// people-facing format is written (they read every finding); otherwise, with only JSON,
/// JSON Lines or CSV report written, brief findings are neither explained nor located.
fn detail(findings: super::Findings, targets: &[Target], view: bool) -> Detail {
    let machine = |f: Format| !view && matches!(f, Format::Json | Format::Jsonl | Format::Csv);
    match findings {
        super::Findings::Full => Detail::Full,
        super::Findings::Brief if targets.iter().all(|t| machine(t.format)) => Detail::Brief,
        super::Findings::Brief => Detail::Explained,
    }
}

fn cannot_create(target: &Target, e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        format!("cannot create the report file `{}`: {e}", target.shown),
    )
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

/// 2 when any input could not be checked (whatever else failed) or nothing was checked at all,
/// else 1 on failures, else 0.
fn exit_code(t: &Totals) -> u8 {
    if t.not_checked > 0 || t.checked == 0 {
        EXIT_ERROR
    } else if t.failing > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

fn open<'p>(args: &CheckArgs, target: &Target, progress: &'p Progress) -> io::Result<Output<'p>> {
    let text = target.format == Format::Text;
    if let Some(dest) = &target.dest {
        let strip = text && args.color != ColorWhen::Always;
        return Output::file(dest, strip, progress);
    }
    let choice = match (text, args.color) {
        (true, ColorWhen::Auto) => anstream::AutoStream::choice(&io::stdout()),
        (true, ColorWhen::Always) => anstream::ColorChoice::Always,
        (true, ColorWhen::Never) => anstream::ColorChoice::Never,
        _ => return Ok(Output::plain(progress)),
    };
    Ok(Output::styled(choice, progress))
}

/// Checks everything, keeping every report, then renders the run in one piece.
fn whole(
    set: &RuleSet,
    sources: Vec<Source>,
    opts: &Options,
    render: Box<dyn Fn(&Run) -> String>,
    out: &mut (dyn Write + Send),
    on: &mut (dyn FnMut(Event<'_>) + Send),
) -> io::Result<Totals> {
    let (entries, skipped) = collect(set, sources, opts, on);
    out.write_all(render(&entries.whole_run()).as_bytes())?;
    out.flush()?;
    Ok(totals(&entries, opts, skipped))
}

/// The closing line on standard error, with the counts.
fn close(t: &Totals, args: &CheckArgs) {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let skipped = if t.skipped > 0 {
        format!(
            "; {} file{} skipped (not submissions)",
            t.skipped,
            s(t.skipped)
        )
    } else {
        String::new()
    };
    if t.checked == 0 && t.not_checked == 0 {
        say!(
            "error: no submission was checked{skipped}; name submission files (`*.json`, `*.jsonl`) or directories that hold them"
        );
        return;
    }
    // After a single report, the report says everything; an input not checked is counted.
    if t.checked + t.not_checked <= 1 && t.not_checked == 0 && t.skipped == 0 {
        return;
    }
    let threshold = args.fail_on.severity().as_str();
    say!(
        "{} submission{} checked, {} failing at {threshold} or worse; {} input{} could not be read{skipped}",
        t.checked,
        s(t.checked),
        t.failing,
        t.not_checked,
        s(t.not_checked)
    );
}
