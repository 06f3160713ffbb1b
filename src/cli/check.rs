//! `assure check`: read the inputs, evaluate, render, and choose the exit code.

use super::{CheckArgs, ColorWhen, EXIT_ERROR, EXIT_FAILED, EXIT_OK, Format};
use assure::inputs::{self, Input};
use assure::report;
use jiff::civil::Date;
use std::io::{Read, Write};

pub fn run(args: &CheckArgs) -> u8 {
    let as_of = match as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let set = match super::load(&args.rule_opts) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let inputs = match read_inputs(args) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let run = assure::check_inputs(&set, &inputs, as_of);
    let text = match args.format {
        Format::Text => report::text::render(&run),
        Format::Json => report::json::render(&run),
    };
    if let Err(e) = emit(&text, args.color, args.format) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
        }
        return EXIT_ERROR;
    }
    if !run.errors.is_empty() {
        if args.format != Format::Text {
            for f in &run.errors {
                eprintln!("error: {}", f.message);
            }
        }
        return EXIT_ERROR;
    }
    if run
        .reports
        .iter()
        .any(|r| r.fails_at(args.fail_on.severity()))
    {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

/// The as-of date: the one given, or today in the local time zone.
fn as_of(given: Option<&str>) -> Result<Date, String> {
    match given {
        Some(s) => s.parse::<Date>().map_err(|_| {
            format!(
                "`--as-of {s}` is not a date; write it as YYYY-MM-DD, e.g. `--as-of 2026-11-01`"
            )
        }),
        None => Ok(jiff::Zoned::now().date()),
    }
}

fn read_inputs(args: &CheckArgs) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in &args.inputs {
        if arg.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            out.push(Input::Bytes {
                name: "<stdin>".into(),
                bytes,
            });
        } else {
            out.extend(inputs::expand(std::slice::from_ref(arg)));
        }
    }
    Ok(out)
}

fn emit(text: &str, color: ColorWhen, format: Format) -> std::io::Result<()> {
    let choice = match (format, color) {
        (Format::Text, ColorWhen::Auto) => anstream::AutoStream::choice(&std::io::stdout()),
        (Format::Text, ColorWhen::Always) => anstream::ColorChoice::Always,
        _ => anstream::ColorChoice::Never,
    };
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    out.write_all(text.as_bytes())?;
    out.flush()
}
