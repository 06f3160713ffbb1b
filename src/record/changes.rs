//! What changed between two versions of a submission for a re-assessment: the evidence register
//! (items added, removed, re-dated) and the hazard logs (hazards new, removed, re-rated; a
//! hazard removed without being closed is a finding), and a warning when the two checks were
//! made at different as-of dates. Built from the submissions themselves; a saved JSON report
//! carries neither register nor hazard log, so with one the comparison says so.

use super::register::{self, Item};
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

/// One evidence item that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceChange {
    pub path: String,
    pub item: String,
    /// `added`, `removed` or `redated`.
    pub change: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Dated>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Dated>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dated {
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

/// One hazard that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HazardChange {
    /// `clinical_safety.hazard_log` or `deployment.local_hazard_log`.
    pub log: &'static str,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `new`, `removed`, `removed_unclosed` (a finding), `rerated` or `status`.
    pub change: &'static str,
    pub detail: String,
}

/// The re-assessment side of a diff.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub evidence: Vec<EvidenceChange>,
    pub hazards: Vec<HazardChange>,
    /// Hazards removed without being closed: each is a finding of the diff.
    pub findings: Vec<String>,
    pub warnings: Vec<String>,
}

/// Compares two submissions' registers and hazard logs (each at its own as-of date).
pub fn compare(old: &Value, new: &Value, old_as_of: Date, new_as_of: Date) -> Changes {
    let mut c = Changes {
        evidence: evidence(
            &register::register(old, None, old_as_of),
            &register::register(new, None, new_as_of),
        ),
        ..Changes::default()
    };
    for log in ["clinical_safety.hazard_log", "deployment.local_hazard_log"] {
        hazards(log, old, new, &mut c);
    }
    c
}

/// The warning when the two sides were checked as of different days (`None` when the same or
/// unknown).
pub fn as_of_warning(old: Option<&str>, new: Option<&str>) -> Option<String> {
    match (old, new) {
        (Some(o), Some(n)) if o != n => Some(format!(
            "the two were checked as of different dates ({o} and {n}): a finding can change with the date alone (evidence lapses); re-check both with the same `--as-of`"
        )),
        _ => None,
    }
}

fn evidence(old: &[Item], new: &[Item]) -> Vec<EvidenceChange> {
    let dated = |i: &Item| Dated {
        date: i.date.clone(),
        due: i.due.clone(),
    };
    let mut out = Vec::new();
    for n in new {
        match old.iter().find(|o| o.path == n.path) {
            None => out.push(EvidenceChange {
                path: n.path.clone(),
                item: n.item.clone(),
                change: "added",
                old: None,
                new: Some(dated(n)),
            }),
            Some(o) if o.date != n.date || o.due != n.due => out.push(EvidenceChange {
                path: n.path.clone(),
                item: n.item.clone(),
                change: "redated",
                old: Some(dated(o)),
                new: Some(dated(n)),
            }),
            Some(_) => {}
        }
    }
    for o in old.iter().filter(|o| !new.iter().any(|n| n.path == o.path)) {
        out.push(EvidenceChange {
            path: o.path.clone(),
            item: o.item.clone(),
            change: "removed",
            old: Some(dated(o)),
            new: None,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn hazard_list<'v>(v: &'v Value, log: &str) -> Vec<&'v Value> {
    let pointer = format!("/{}/hazards", log.replace('.', "/"));
    v.pointer(&pointer)
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn text<'v>(h: &'v Value, key: &str) -> Option<&'v str> {
    h.get(key).and_then(Value::as_str)
}

/// "risk 3 (likelihood 2, severity 4)" for a hazard's `initial` or `residual`.
fn rating(h: &Value, key: &str) -> String {
    let Some(r) = h.get(key) else {
        return "not rated".to_owned();
    };
    let n = |k: &str| r.get(k).map_or_else(|| "?".to_owned(), |v| v.to_string());
    format!(
        "risk {} (likelihood {}, severity {})",
        n("risk"),
        n("likelihood"),
        n("severity")
    )
}

fn hazards(log: &'static str, old: &Value, new: &Value, c: &mut Changes) {
    let (olds, news) = (hazard_list(old, log), hazard_list(new, log));
    let id = |h: &Value| text(h, "id").unwrap_or("").to_owned();
    let title = |h: &Value| text(h, "title").map(str::to_owned);
    for n in &news {
        let Some(o) = olds.iter().find(|o| id(o) == id(n) && !id(n).is_empty()) else {
            c.hazards.push(HazardChange {
                log,
                id: id(n),
                title: title(n),
                change: "new",
                detail: format!(
                    "initial {}, residual {}",
                    rating(n, "initial"),
                    rating(n, "residual")
                ),
            });
            continue;
        };
        for key in ["initial", "residual"] {
            if o.get(key) != n.get(key) {
                c.hazards.push(HazardChange {
                    log,
                    id: id(n),
                    title: title(n),
                    change: "rerated",
                    detail: format!("{key} {} → {}", rating(o, key), rating(n, key)),
                });
            }
        }
        if text(o, "status") != text(n, "status") {
            c.hazards.push(HazardChange {
                log,
                id: id(n),
                title: title(n),
                change: "status",
                detail: format!(
                    "status {} → {}",
                    text(o, "status").unwrap_or("not given"),
                    text(n, "status").unwrap_or("not given")
                ),
            });
        }
    }
    for o in olds.iter().filter(|o| !news.iter().any(|n| id(n) == id(o))) {
        let status = text(o, "status");
        let closed = matches!(status, Some("closed" | "deprecated"));
        let change = if closed {
            "removed"
        } else {
            "removed_unclosed"
        };
        let detail = format!(
            "removed while {}",
            status.unwrap_or("its status was not given")
        );
        if !closed {
            c.findings.push(format!(
                "hazard `{}` was removed from `{log}` without being closed ({detail}): DCB0129 3.3 keeps every identified hazard in the log; close it (with its rationale) rather than delete it",
                id(o)
            ));
        }
        c.hazards.push(HazardChange {
            log,
            id: id(o),
            title: title(o),
            change,
            detail,
        });
    }
}
