//! `assure rules list`: the loaded rules (after the project's policy), narrowed by pack, area
//! and severity, as a table or JSON.

use super::{EXIT_ERROR, EXIT_OK, ListFormat, RuleOpts};
use assure::report::columns::pad;
use assure::report::terminal::printable_lines;
use assure::rules::model::AREAS;
use assure::rules::{Rule, Severity};
use assure::schema::closest;
use clap::ValueEnum;
use serde_json::json;

/// Narrows the listing (packs are narrowed with `--only`/`--pack`).
#[derive(Debug, clap::Args)]
pub struct ListFilter {
    /// Only rules of these areas (comma-separated), e.g. `clinical-safety,data-protection`.
    #[arg(long, value_name = "AREA,...", value_delimiter = ',')]
    pub area: Vec<String>,
    /// Only rules of these severities (comma-separated), e.g. `blocker,major`.
    #[arg(long, value_enum, value_name = "LEVEL,...", value_delimiter = ',')]
    pub severity: Vec<Level>,
}

/// A severity as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Blocker,
    Major,
    Minor,
    Info,
}

impl Level {
    fn severity(self) -> Severity {
        match self {
            Self::Blocker => Severity::Blocker,
            Self::Major => Severity::Major,
            Self::Minor => Severity::Minor,
            Self::Info => Severity::Info,
        }
    }
}

pub fn list(opts: &RuleOpts, format: ListFormat, filter: &ListFilter) -> u8 {
    if let Err(e) = check_areas(&filter.area) {
        say!("error: {e}");
        return EXIT_ERROR;
    }
    let set = match super::load(opts) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let levels: Vec<Severity> = filter.severity.iter().map(|l| l.severity()).collect();
    let rules = set
        .rules
        .iter()
        .zip(&set.selected)
        .filter(|(_, s)| **s)
        .map(|(r, _)| r)
        .filter(|r| {
            (filter.area.is_empty() || filter.area.contains(&r.area))
                && (levels.is_empty() || levels.contains(&r.severity))
        });
    let text = match format {
        ListFormat::Json => {
            let list: Vec<_> = rules.map(entry).collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            )
        }
        // A local pack's text reaches the terminal: control characters are shown, not obeyed.
        ListFormat::Text => printable_lines(
            &rules
                .map(|r| {
                    format!(
                        "{} {:<8} {} {}  [{}]\n",
                        pad(&r.id, 20),
                        r.severity.as_str(),
                        pad(&r.area, 24),
                        r.title,
                        r.refs.join("; ")
                    )
                })
                .collect::<String>(),
        ),
    };
    match super::project::emit(&text) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}

fn entry(r: &Rule) -> serde_json::Value {
    json!({
        "id": r.id, "title": r.title, "pack": r.pack, "area": r.area,
        "feeds": r.feeds.iter().map(|f| f.id()).collect::<Vec<_>>(),
        "severity": r.severity, "kind": r.kind, "refs": r.refs,
        "doc": r.doc.trim(), "remedy": r.remedy.trim(),
        "file": r.file, "line": r.at.line, "examples": r.examples.len(),
    })
}

/// Rejects an area that does not exist, naming the nearest one.
fn check_areas(areas: &[String]) -> Result<(), String> {
    let known: Vec<&str> = AREAS.iter().map(|(id, _)| *id).collect();
    let Some(a) = areas.iter().find(|a| !known.contains(&a.as_str())) else {
        return Ok(());
    };
    let hint = closest(a, &known).map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
    Err(format!(
        "unknown area `{a}`{hint} (areas: {})",
        known.join(", ")
    ))
}
