//! What `check` writes: one target per `--output` (or standard output when there is none), each
//! with its format. A target's format is the one it names (`-o csv:findings.txt`), else — with
//! one output and `--format` given — `--format`, else the one its extension names (`.html`,
//! `.md`, `.json`, `.jsonl`, `.csv`, `.sarif`, `.xml`, `.txt`), else `--format` (text by
//! default). So `-o report.html -o findings.csv` writes both from one run.

use super::Format;
use super::destination::{self, Dest};
use std::path::{Path, PathBuf};

/// One place a report goes.
#[derive(Debug)]
pub struct Target {
    pub format: Format,
    /// `None` is standard output.
    pub dest: Option<Dest>,
    /// How messages name it: the path, or `-`.
    pub shown: String,
}

/// The targets of a run: every `--output`, or standard output.
pub fn resolve(
    outputs: &[PathBuf],
    format: Option<Format>,
    follow: bool,
) -> Result<Vec<Target>, String> {
    if outputs.is_empty() {
        return Ok(vec![Target {
            format: format.unwrap_or(Format::Text),
            dest: None,
            shown: "-".into(),
        }]);
    }
    let mut out: Vec<Target> = Vec::new();
    for given in outputs {
        let (named, path) = split_prefix(given);
        let chosen = named
            .or(format.filter(|_| outputs.len() == 1))
            .or_else(|| from_extension(&path))
            .unwrap_or(format.unwrap_or(Format::Text));
        let dest = destination::resolve(&path, follow)?;
        let shown = assure::inputs::name(&path);
        if out.iter().any(|t| t.shown == shown) {
            return Err(format!(
                "`--output {shown}` is given twice; name each output once"
            ));
        }
        out.push(Target {
            format: chosen,
            dest,
            shown,
        });
    }
    Ok(out)
}

/// `csv:findings.txt` → (csv, `findings.txt`); a path with no known format before a colon is
/// taken whole.
fn split_prefix(given: &Path) -> (Option<Format>, PathBuf) {
    let text = given.to_string_lossy();
    if let Some((name, rest)) = text.split_once(':') {
        if let Some(f) = by_name(name) {
            if !rest.is_empty() {
                return (Some(f), PathBuf::from(rest));
            }
        }
    }
    (None, given.to_owned())
}

fn by_name(name: &str) -> Option<Format> {
    use clap::ValueEnum;
    Format::value_variants()
        .iter()
        .copied()
        .find(|f| f.to_possible_value().is_some_and(|v| v.get_name() == name))
}

/// The format a file's extension names, if any (`junit.xml` is JUnit; `x.sarif.json` SARIF).
pub fn from_extension(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".sarif.json") {
        return Some(Format::Sarif);
    }
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "txt" | "text" => Format::Text,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::Jsonl,
        "csv" => Format::Csv,
        "html" | "htm" => Format::Html,
        "md" | "markdown" => Format::Markdown,
        "sarif" => Format::Sarif,
        "xml" => Format::Junit,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_prefix_the_flag_or_the_extension() {
        let dir = tempfile::tempdir().unwrap();
        let p = |name: &str| dir.path().join(name);
        let two = resolve(&[p("r.html"), p("f.csv")], Some(Format::Json), false).unwrap();
        assert_eq!(
            two.iter().map(|t| t.format).collect::<Vec<_>>(),
            [Format::Html, Format::Csv]
        );
        let one = resolve(&[p("round-3.out")], Some(Format::Csv), false).unwrap();
        assert_eq!(one[0].format, Format::Csv);
        let named = format!("markdown:{}", p("notes.txt").display());
        let prefixed = resolve(&[PathBuf::from(named)], None, false).unwrap();
        assert_eq!(prefixed[0].format, Format::Markdown);
        assert_eq!(
            from_extension(Path::new("results.sarif.json")),
            Some(Format::Sarif)
        );
        assert!(resolve(&[p("a.csv"), p("a.csv")], None, false).is_err());
    }
}
