//! `assure check`: read the arguments, load the rules, gather the inputs, and hand them to the
//! batch run (`cli::batch`), which evaluates, renders and chooses the exit code.

use super::project::fail;
use super::{CheckArgs, EXIT_ERROR};
use super::{destination, targets};
use assure::batch::{self, Source};
use assure::inputs::read::{self, Bounded, read_bounded};
use assure::inputs::{self, Input};
use jiff::civil::Date;

pub fn run(args: &CheckArgs) -> u8 {
    let as_of = match as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            say!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let loaded = match super::project::for_check(&args.rule_opts, &args.policy) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let targets = match targets::resolve(&args.output, args.format, args.follow_symlink) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let sources = match read_inputs(args) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    for d in targets.iter().filter_map(|t| t.dest.as_ref()) {
        if let Err(e) = destination::not_an_input(d, sources.iter().filter_map(source_path)) {
            return fail(e);
        }
    }
    let code = super::batch::run(args, &loaded, sources, as_of, &targets);
    // The process ends here: the rule set's thousands of allocations are left to the operating
    // system rather than freed one by one (a tenth of a one-submission check's time).
    std::mem::forget(loaded);
    code
}

/// The file a source reads, if it reads one.
fn source_path(s: &Source) -> Option<&std::path::Path> {
    match s {
        Source::One(Input::Path(p)) | Source::LinesFile(p) => Some(p),
        _ => None,
    }
}

/// The as-of date: the one given, or today in the local time zone.
pub(super) fn as_of(given: Option<&str>) -> Result<Date, String> {
    match given {
        Some(s) => s.parse::<Date>().map_err(|_| {
            format!(
                "`--as-of {s}` is not a date; write it as YYYY-MM-DD, e.g. `--as-of 2026-11-01`"
            )
        }),
        None => Ok(jiff::Zoned::now().date()),
    }
}

fn read_inputs(args: &CheckArgs) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for arg in &args.inputs {
        if arg.as_os_str() == "-" {
            out.push(stdin_source(args)?);
        } else {
            let found = inputs::expand_excluding(std::slice::from_ref(arg), &args.exclude);
            out.extend(batch::sources(found));
        }
    }
    Ok(out)
}

/// Standard input as a source: streamed as JSON Lines with `--jsonl`, else read whole up to the
/// input size limit. A device (`< /dev/zero`) is refused: it may never end.
fn stdin_source(args: &CheckArgs) -> Result<Source, String> {
    refuse_device_stdin()?;
    let stdin = std::io::stdin();
    if args.jsonl {
        let reader = std::io::BufReader::with_capacity(1 << 16, stdin);
        return Ok(Source::Lines {
            name: "<stdin>".into(),
            reader: Box::new(reader),
        });
    }
    let limit = args.max_input_size;
    let bytes = read_bounded(stdin.lock(), limit, 1 << 16).map_err(|e| match e {
        Bounded::Io(e) => format!("cannot read standard input: {e}"),
        Bounded::TooLarge => read::too_large("standard input", None, limit),
    })?;
    Ok(Source::One(Input::Bytes {
        name: "<stdin>".into(),
        bytes,
    }))
}

/// Refuses standard input that is a device other than a terminal.
fn refuse_device_stdin() -> Result<(), String> {
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(());
    }
    let Ok(fd) = stdin.as_fd().try_clone_to_owned() else {
        return Ok(());
    };
    let device = std::fs::File::from(fd)
        .metadata()
        .is_ok_and(|m| m.file_type().is_char_device() || m.file_type().is_block_device());
    if device {
        return Err("standard input is a device (such as `/dev/zero`), which may never end; redirect a file or a pipe into `assure check -`".into());
    }
    Ok(())
}
