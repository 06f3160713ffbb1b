//! `assure import hazard-log FILE|DIR` and `assure import dtac FILE`: read what a supplier
//! keeps and print (or write) a submission; `--into` merges the hazards into an existing
//! submission without touching its other fields. Problems and unmapped columns go to standard
//! error with their cells. The output goes through the same safe path as `check --output`, and
//! never replaces an input unless `--in-place` says so.

use super::project::fail;
use super::{EXIT_OK, destination, document};
use assure::import::{self, Imported, Mapping};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Read a hazard log (.xlsx, .ods, .csv, an issue-tracker .json export, or a folder of
    /// markdown files, one hazard each) into a submission's hazards.
    HazardLog(HazardArgs),
    /// Read a completed DTAC form (v1.0 or v2.0: .docx, .odt, .xlsx, .ods, .csv, .md, .html)
    /// into a submission.
    Dtac(DtacArgs),
    /// Read a DCB0129 compliance assessment (a clause / status / evidence table in a
    /// spreadsheet or document) into `clinical_safety.compliance_assessment`.
    Compliance(ComplianceArgs),
}

#[derive(Debug, clap::Args)]
pub struct ComplianceArgs {
    /// The compliance assessment file.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Merge the assessment into this submission (its other fields are kept as they are).
    #[arg(long, value_name = "SUBMISSION")]
    pub into: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutArgs,
}

#[derive(Debug, clap::Args)]
pub struct HazardArgs {
    /// The hazard log file, or a folder of markdown hazard files.
    #[arg(value_name = "FILE|DIR")]
    pub input: PathBuf,
    /// Merge the hazards into this submission (its other fields are kept as they are).
    #[arg(long, value_name = "SUBMISSION")]
    pub into: Option<PathBuf>,
    /// A mapping file (TOML) naming headers the importer does not know.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutArgs,
}

#[derive(Debug, clap::Args)]
pub struct DtacArgs {
    /// The completed DTAC form.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    #[command(flatten)]
    pub out: OutArgs,
}

#[derive(Debug, clap::Args)]
pub struct OutArgs {
    /// Write the submission to FILE (a new file, or an existing one with `--force`) instead of
    /// standard output.
    #[arg(long, short, value_name = "FILE", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,
    /// Replace the `--into` submission with the merged one.
    #[arg(long)]
    pub in_place: bool,
    /// Let `--output` overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn run(cmd: &ImportCommand) -> u8 {
    match cmd {
        ImportCommand::HazardLog(a) => hazard_log(a),
        ImportCommand::Dtac(a) => dtac(a),
        ImportCommand::Compliance(a) => compliance(a),
    }
}

fn hazard_log(args: &HazardArgs) -> u8 {
    if args.out.in_place && args.into.is_none() {
        return fail("`--in-place` replaces the `--into` submission: give `--into SUBMISSION`");
    }
    let mapping = match &args.mapping {
        Some(p) => match read(p).and_then(|b| {
            let text =
                String::from_utf8(b).map_err(|_| format!("`{}` is not UTF-8 text", shown(p)))?;
            Mapping::parse(&text).map_err(|e| format!("{}: {e}", shown(p)))
        }) {
            Ok(m) => m,
            Err(e) => return fail(e),
        },
        None => Mapping::default(),
    };
    let imported = if args.input.is_dir() {
        import::source::folder(&args.input, &shown(&args.input)).map(|(i, _)| i)
    } else {
        match read(&args.input) {
            Ok(bytes) => import::hazard_log(&shown(&args.input), &bytes, &mapping),
            Err(e) => return fail(e),
        }
    };
    let imported = match imported {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    into_or_alone(imported, &args.input, args.into.as_deref(), &args.out)
}

fn dtac(args: &DtacArgs) -> u8 {
    if args.out.in_place {
        return fail("`--in-place` only applies with `import hazard-log --into`");
    }
    let bytes = match read(&args.input) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let imported = match import::dtac(&shown(&args.input), &bytes) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    report(&imported);
    write_out(
        &imported.submission,
        &args.out,
        None,
        &[args.input.as_path()],
    )
}

fn compliance(args: &ComplianceArgs) -> u8 {
    if args.out.in_place && args.into.is_none() {
        return fail("`--in-place` replaces the `--into` submission: give `--into SUBMISSION`");
    }
    let bytes = match read(&args.input) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let imported = match import::compliance(&shown(&args.input), &bytes) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    into_or_alone(imported, &args.input, args.into.as_deref(), &args.out)
}

/// Lists on standard error what was read, what could not be, and the columns left unmapped.
fn report(imported: &Imported) {
    for p in &imported.problems {
        say!("warning: {p}");
    }
    for u in &imported.unmapped {
        say!(
            "note: {}: column `{}` maps to no field; name it in a mapping file to read it",
            u.at,
            u.header
        );
    }
}

/// Lists what was read, then writes the imported part merged into `into`, or alone.
fn into_or_alone(imported: Imported, input: &Path, into: Option<&Path>, out: &OutArgs) -> u8 {
    report(&imported);
    let value = match into {
        Some(into) => match merge(into, &imported) {
            Ok(v) => v,
            Err(e) => return fail(e),
        },
        None => imported.submission,
    };
    let mut inputs = vec![input];
    inputs.extend(into);
    write_out(&value, out, into, &inputs)
}

/// The submission at `into` with the imported part (its hazards, or its compliance assessment)
/// put in place, every other field kept as written.
fn merge(into: &Path, imported: &Imported) -> Result<Value, String> {
    // Read and checked as `check` reads it, but without attaching a hazard-log source: the
    // file's other fields stay exactly as written.
    let sub = assure::submission::Submission::parse_owned(shown(into), read(into)?)
        .map_err(|e| e.to_string())?;
    let mut value = sub.value;
    import::merge(&mut value, imported).map_err(|e| format!("`{}`: {e}", sub.name))?;
    Ok(value)
}

fn write_out(value: &Value, out: &OutArgs, into: Option<&Path>, inputs: &[&Path]) -> u8 {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    let target = document::Target {
        path: if out.in_place {
            into
        } else {
            out.output.as_deref()
        },
        follow_symlink: false,
        replace: out.force || out.in_place,
        instead: "choose another name, or pass `--force` to overwrite it",
    };
    let guard = |dest: &destination::Dest| {
        if out.in_place {
            return Ok(());
        }
        destination::not_an_input(dest, inputs.iter().copied())
            .map_err(|e| format!("{e}; to replace the `--into` submission, pass `--in-place`"))
    };
    document::put(&text, &target, guard).map_or_else(|code| code, |_| EXIT_OK)
}

fn shown(p: &Path) -> String {
    assure::inputs::name(p)
}

fn read(p: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(p)
        .map_err(|e| format!("`{}`: {}", shown(p), assure::inputs::io_reason(p, &e)))?;
    if meta.len() > import::MAX_FILE_BYTES {
        return Err(format!(
            "`{}` is {} bytes, more than the {} an import reads",
            shown(p),
            meta.len(),
            import::MAX_FILE_BYTES
        ));
    }
    std::fs::read(p).map_err(|e| format!("`{}`: {}", shown(p), assure::inputs::io_reason(p, &e)))
}
