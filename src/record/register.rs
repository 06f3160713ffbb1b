//! The evidence register of one submission: every dated evidence item it holds, the day each
//! lapses or falls due (where the standard fixes it), and the days left at the as-of date. The
//! dated fields are found by walking the submission schema once, so a field added to the schema
//! appears here without being listed; [`super::fields`] says how each one lapses.

use super::fields::{self, EXCLUDED, Lapse};
use crate::report::Report;
use crate::schema::Schema;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;
use std::sync::OnceLock;

/// What an item's `due` date means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A dated record: nothing falls due by the standard.
    Dated,
    /// The evidence lapses on `due` (an expiry, a 12-month validity, a review).
    Lapses,
    /// A document in progress, expected on `due`.
    Expected,
}

/// One dated evidence item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Where it is in the submission (`waivers:RULE` for a waiver).
    pub path: String,
    pub item: String,
    pub kind: Kind,
    /// The date the submission gives.
    pub date: String,
    /// The day it lapses or is expected, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Days from the as-of date to `due` (negative: already past).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// Why `due` is that day.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub basis: String,
}

impl Item {
    /// The day it lapses, for an item that lapses.
    pub fn lapse(&self) -> Option<Date> {
        match self.kind {
            Kind::Lapses => self.due.as_deref().and_then(|d| d.parse().ok()),
            _ => None,
        }
    }

    /// The date the register is sorted by: when it falls due, else when it is dated.
    pub fn sort_date(&self) -> &str {
        self.due.as_deref().unwrap_or(&self.date)
    }
}

/// How the schema classes a dated field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Named(&'static fields::Field),
    /// A field of the evidence-document shape: `date` (issued) or `expected_date`.
    Document {
        expected: bool,
    },
    Excluded,
    /// Neither named, nor a document date, nor excluded (a test keeps this list empty).
    Unclassified,
}

/// A `format: date` field of the submission schema.
#[derive(Debug, Clone)]
pub struct DateField {
    /// With `[]` for array items, e.g. `product.third_party_components[].crm_documentation.date`.
    pub path: String,
    /// The path's keys, each marked when it names an array: split once, walked per submission.
    segments: Vec<(String, bool)>,
    pub class: Class,
    /// The schema's description of the document holding it (document dates only).
    pub document: Option<String>,
}

/// Every dated field of the submission schema, in schema order.
pub fn date_fields() -> &'static [DateField] {
    static F: OnceLock<Vec<DateField>> = OnceLock::new();
    F.get_or_init(|| {
        let schema = Schema::submission();
        let mut out = Vec::new();
        walk(schema, schema.root(), "", None, 0, &mut out);
        let mut seen = std::collections::HashSet::new();
        out.retain(|f: &DateField| seen.insert(f.path.clone()));
        out
    })
}

/// Collects the date fields under `node`; `doc` is the description of the evidence document
/// `node` is, if it is one.
fn walk(
    schema: &Schema,
    raw: &Value,
    path: &str,
    doc: Option<&str>,
    depth: usize,
    out: &mut Vec<DateField>,
) {
    if depth > 24 {
        return;
    }
    let node = schema.resolve(raw);
    if node.get("format").and_then(Value::as_str) == Some("date") {
        out.push(classify(path, doc));
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        let here_doc = schema.is_evidence(node).then(|| description(raw));
        for (key, child) in props {
            let p = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            walk(schema, child, &p, here_doc.flatten(), depth + 1, out);
        }
    }
    if let Some(items) = node.get("items") {
        walk(schema, items, &format!("{path}[]"), None, depth + 1, out);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for sub in node
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(schema, sub, path, doc, depth + 1, out);
        }
    }
    for key in ["then", "else"] {
        if let Some(sub) = node.get(key) {
            walk(schema, sub, path, doc, depth + 1, out);
        }
    }
}

/// The first clause of a node's description: "The Clinical Risk Management System document".
fn description(raw: &Value) -> Option<&str> {
    let d = raw.get("description").and_then(Value::as_str)?;
    Some(d.split(" (").next().unwrap_or(d).trim_end_matches('.'))
}

fn classify(path: &str, doc: Option<&str>) -> DateField {
    let class = if let Some(f) = fields::field(path) {
        Class::Named(f)
    } else if EXCLUDED.contains(&path) {
        Class::Excluded
    } else if doc.is_some() && (path.ends_with(".date") || path.ends_with(".expected_date")) {
        Class::Document {
            expected: path.ends_with(".expected_date"),
        }
    } else {
        Class::Unclassified
    };
    let segments = path
        .split('.')
        .map(|k| match k.strip_suffix("[]") {
            Some(k) => (k.to_owned(), true),
            None => (k.to_owned(), false),
        })
        .collect();
    DateField {
        path: path.to_owned(),
        segments,
        class,
        document: doc.map(str::to_owned),
    }
}

/// The register of one submission at `as_of`, with the waivers its report applied, sorted by
/// date.
pub fn register(value: &Value, report: Option<&Report>, as_of: Date) -> Vec<Item> {
    collect(value, report, as_of, false)
}

/// Only the items that can lapse (what the re-assessment date and `--expiring-within` need):
/// a handful of fields instead of every dated one, since every report asks for it.
pub fn lapsing(value: &Value, report: Option<&Report>, as_of: Date) -> Vec<Item> {
    collect(value, report, as_of, true)
}

fn collect(value: &Value, report: Option<&Report>, as_of: Date, only_lapsing: bool) -> Vec<Item> {
    let mut items = Vec::new();
    let can_lapse =
        |f: &DateField| matches!(f.class, Class::Named(n) if n.lapse != fields::Lapse::None);
    for field in date_fields()
        .iter()
        .filter(|f| !only_lapsing || can_lapse(f))
    {
        for (path, parent, date) in found(value, &field.segments) {
            if let Some(item) = item(field, path, parent, date, as_of) {
                items.push(item);
            }
        }
    }
    if let Some(r) = report {
        items.extend(waiver_items(r, as_of));
    }
    items.sort_by(|a, b| (a.sort_date(), &a.path).cmp(&(b.sort_date(), &b.path)));
    items
}

/// One register item for a date found at `path` (whose parent object is `parent`).
fn item(field: &DateField, path: String, parent: &Value, text: &str, as_of: Date) -> Option<Item> {
    let date: Date = text.parse().ok()?;
    let (label, kind, due, basis) = match field.class {
        Class::Excluded => return None,
        Class::Named(f) => {
            let due = lapse(f.lapse, date, parent);
            let kind = if due.is_some() {
                Kind::Lapses
            } else {
                Kind::Dated
            };
            (f.label.to_owned(), kind, due, f.basis.to_owned())
        }
        Class::Document { expected } => {
            let title = parent.get("title").and_then(Value::as_str);
            let name = title.or(field.document.as_deref()).unwrap_or("Document");
            if expected {
                (
                    format!("{name} (expected)"),
                    Kind::Expected,
                    Some(date),
                    "the date the submission expects it".to_owned(),
                )
            } else {
                (name.to_owned(), Kind::Dated, None, String::new())
            }
        }
        Class::Unclassified => (field.path.clone(), Kind::Dated, None, String::new()),
    };
    Some(Item {
        path,
        item: label,
        kind,
        date: text.to_owned(),
        days_left: due.and_then(|d| days_between(as_of, d)),
        due: due.map(|d| d.to_string()),
        basis,
    })
}

/// The day a dated item lapses, by its rule; `None` when nothing lapses.
fn lapse(rule: Lapse, date: Date, parent: &Value) -> Option<Date> {
    match rule {
        Lapse::None => None,
        Lapse::Itself => Some(date),
        Lapse::TwelveMonths => date.checked_add(12.months()).ok(),
        Lapse::TwelveMonthsUnlessExpiry if parent.get("expiry_date").is_some() => None,
        Lapse::TwelveMonthsUnlessExpiry => date.checked_add(12.months()).ok(),
        Lapse::DsptYear => Date::new(date.year().checked_add(1)?, 6, 30).ok(),
        Lapse::ReviewInterval => {
            let months = parent.get("review_interval_months")?.as_i64()?;
            date.checked_add(jiff::Span::new().try_months(months).ok()?)
                .ok()
        }
    }
}

/// Whole days from `from` to `to`.
pub fn days_between(from: Date, to: Date) -> Option<i64> {
    from.until((jiff::Unit::Day, to))
        .ok()
        .map(|s| i64::from(s.get_days()))
}

/// Each waiver the report applied (or found expired), as an item lapsing on its expiry.
fn waiver_items(r: &Report, as_of: Date) -> Vec<Item> {
    r.findings
        .iter()
        .filter_map(|f| {
            let w = f.waiver.as_ref()?;
            let due: Date = w.expires.parse().ok()?;
            Some(Item {
                path: format!("waivers:{}", f.rule),
                item: format!("Waiver of {} ({})", f.rule, w.source),
                kind: Kind::Lapses,
                date: w.expires.clone(),
                due: Some(w.expires.clone()),
                days_left: days_between(as_of, due),
                basis: "the waiver's expiry".to_owned(),
            })
        })
        .collect()
}

/// Every value at a schema path (`a.b[].c`, split into keys) in `value`: its concrete path
/// (`a.b[1].c`), the object holding it, and its text. Nothing is allocated for a path the
/// submission does not have, which is most of them.
fn found<'v>(value: &'v Value, segs: &[(String, bool)]) -> Vec<(String, &'v Value, &'v str)> {
    let mut out = Vec::new();
    let mut indexes = Vec::new();
    descend(value, segs, 0, &mut indexes, &mut out);
    out
}

fn descend<'v>(
    here: &'v Value,
    segs: &[(String, bool)],
    depth: usize,
    indexes: &mut Vec<usize>,
    out: &mut Vec<(String, &'v Value, &'v str)>,
) {
    let Some((key, array)) = segs.get(depth) else {
        return;
    };
    let Some(next) = here.get(key.as_str()) else {
        return;
    };
    if *array {
        for (i, item) in next.as_array().into_iter().flatten().enumerate() {
            indexes.push(i);
            descend(item, segs, depth + 1, indexes, out);
            indexes.pop();
        }
    } else if depth + 1 == segs.len() {
        if let Some(s) = next.as_str() {
            out.push((concrete(segs, indexes), here, s));
        }
    } else {
        descend(next, segs, depth + 1, indexes, out);
    }
}

/// `a.b[1].c` from the keys and the array indexes taken on the way.
fn concrete(segs: &[(String, bool)], indexes: &[usize]) -> String {
    let mut path = String::new();
    let mut at = indexes.iter();
    for (key, array) in segs {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        if *array {
            if let Some(i) = at.next() {
                path.push_str(&format!("[{i}]"));
            }
        }
    }
    path
}

/// The re-assessment due date: the earliest lapse of the register.
pub fn reassessment(items: &[Item]) -> Option<&Item> {
    items
        .iter()
        .filter(|i| i.lapse().is_some())
        .min_by(|a, b| (a.lapse(), &a.path).cmp(&(b.lapse(), &b.path)))
}
