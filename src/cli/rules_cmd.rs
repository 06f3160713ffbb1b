//! `assure rules …`: listing the loaded rules.

use super::{EXIT_OK, ListFormat, RuleOpts};
use serde_json::json;

pub fn list(opts: &RuleOpts, format: ListFormat) -> u8 {
    let set = match super::load(opts) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let rules = set
        .rules
        .iter()
        .zip(&set.selected)
        .filter(|(_, s)| **s)
        .map(|(r, _)| r);
    match format {
        ListFormat::Json => {
            let list: Vec<_> = rules
                .map(|r| {
                    json!({
                        "id": r.id, "title": r.title, "pack": r.pack, "area": r.area,
                        "severity": r.severity, "kind": r.kind, "refs": r.refs,
                        "doc": r.doc.trim(), "remedy": r.remedy.trim(),
                        "file": r.file, "line": r.at.line, "examples": r.examples.len(),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        ListFormat::Text => {
            for r in rules {
                println!(
                    "{:<20} {:<8} {:<24} {}  [{}]",
                    r.id,
                    r.severity.as_str(),
                    r.area,
                    r.title,
                    r.refs.join("; ")
                );
            }
        }
    }
    EXIT_OK
}
