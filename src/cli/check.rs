//! `assure check`: read the arguments, load the rules, gather the inputs, and hand them to the
//! batch run (`cli::batch`), which evaluates, renders and chooses the exit code.

use super::{CheckArgs, EXIT_ERROR};
use assure::batch::{self, Source};
use assure::inputs::{self, Input};
use jiff::civil::Date;
use std::io::Read;

pub fn run(args: &CheckArgs) -> u8 {
    let as_of = match as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let (set, waivers) = match super::project::for_check(&args.rule_opts, &args.policy) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let sources = match read_inputs(args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    super::batch::run(args, &set, sources, as_of, waivers.as_ref())
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
        if arg.as_os_str() == "-" && args.jsonl {
            let reader = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
            out.push(Source::Lines {
                name: "<stdin>".into(),
                reader: Box::new(reader),
            });
        } else if arg.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            out.push(Source::One(Input::Bytes {
                name: "<stdin>".into(),
                bytes,
            }));
        } else {
            out.extend(batch::sources(inputs::expand(std::slice::from_ref(arg))));
        }
    }
    Ok(out)
}
