//! `--redact`: masks personal data in a finished [`Run`] before any renderer sees it, so every
//! output format is covered by one pass. A field is personal when the submission schema marks it
//! `"x-personal": true` (officers' names, registration numbers, e-mail addresses, telephone
//! numbers); findings only carry paths and values, so masking works from the path: an observed
//! value at a personal path becomes `[redacted]`, an observed object or list that contains
//! personal fields keeps its shape with those fields masked, and the message, which quotes the
//! same value, is rewritten to match. Where a message quotes a personal value the pass cannot
//! see (a not-applicable finding lists facts it does not keep), the message is cut before it:
//! redaction errs towards saying less. Free text is also searched for e-mail addresses and
//! telephone numbers (`scrub`), wherever a report quotes it; a waiver's approver is masked and
//! its justification searched the same way.

use super::stream::Entry;
use super::{EvidenceItem, Finding, InputFailure, Report, Run, WaiverSummary, scrub};
use crate::rules::Outcome;
use crate::rules::condition::show;
use crate::schema::Schema;
use serde_json::Value;

/// What a personal value is replaced with.
pub const MASK: &str = "[redacted]";

/// Masks personal data in every report and input failure of `run`.
pub fn redact(run: &mut Run) {
    let schema = Schema::submission();
    for report in &mut run.reports {
        redact_report(schema, report);
    }
    for failure in &mut run.errors {
        redact_failure(schema, failure);
    }
    run.waivers.iter_mut().for_each(redact_waivers);
}

/// Masks personal data in one input's result, as [`redact`] does in a whole run: a streamed
/// batch redacts each entry on its worker before it is rendered.
pub fn redact_entry(entry: &mut Entry) {
    let schema = Schema::submission();
    match entry {
        Ok(report) => redact_report(schema, report),
        Err(failure) => redact_failure(schema, failure),
    }
}

fn redact_report(schema: &Schema, report: &mut Report) {
    for finding in &mut report.findings {
        redact_finding(schema, finding);
    }
    let h = &mut report.submission;
    for field in [&mut h.id, &mut h.product, &mut h.version, &mut h.supplier] {
        field.iter_mut().for_each(scrub::string);
    }
    if let Some(rec) = &mut report.record {
        redact_record(rec);
    }
}

/// Masks the people an assessment record names: reviewers, who took each decision, and the
/// owners of conditions (and those names wherever a flag repeats them).
fn redact_record(rec: &mut crate::record::RecordReview) {
    let mut names: Vec<String> = Vec::new();
    for p in &mut rec.record.person {
        names.push(std::mem::replace(&mut p.name, MASK.to_owned()));
    }
    for d in &mut rec.record.decision {
        if let Some(by) = &mut d.by {
            names.push(std::mem::replace(by, MASK.to_owned()));
        }
    }
    for c in &mut rec.record.condition {
        names.push(std::mem::replace(&mut c.owner, MASK.to_owned()));
    }
    names.retain(|n| !n.is_empty() && n != MASK);
    for f in &mut rec.flags {
        for n in &names {
            f.message = f.message.replace(n.as_str(), MASK);
        }
    }
}

/// Masks the approvers of a run's waiver summary, and personal data in its free text.
pub fn redact_waivers(summary: &mut WaiverSummary) {
    for w in &mut summary.waivers {
        w.approver = MASK.to_owned();
        for field in [
            &mut w.reason,
            &mut w.submission,
            &mut w.product,
            &mut w.reference,
        ] {
            field.iter_mut().for_each(scrub::string);
        }
        scrub::string(&mut w.binding.legal_name);
        scrub::string(&mut w.binding.number);
    }
}

/// Masks a finding's waiver: the approver, and personal data in the justification; the
/// finding's message names the approver of an expired waiver.
fn redact_waiver(f: &mut Finding) {
    let Some(w) = &mut f.waiver else { return };
    let approver = std::mem::replace(&mut w.approver, MASK.to_owned());
    if !approver.is_empty() {
        f.message = f.message.replace(&approver, MASK).into();
    }
    scrub::string(&mut w.justification);
    w.reference.iter_mut().for_each(scrub::string);
}

/// A quoted value the message may contain, and what it becomes.
struct Swap {
    path: String,
    from: Value,
    to: Value,
}

fn redact_finding(schema: &Schema, f: &mut Finding) {
    let mut swaps: Vec<Swap> = Vec::new();
    if let (Some(path), Some(v)) = (&f.path, &mut f.observed) {
        mask_in_place(schema, path, v, &mut swaps);
    }
    for e in &mut f.evidence {
        redact_item(schema, e, &mut swaps);
    }
    let mut message = std::mem::take(&mut f.message).into_owned();
    for s in &swaps {
        message = message.replace(&fact(&s.path, &s.from), &fact(&s.path, &s.to));
    }
    if f.outcome == Outcome::Error && f.path.as_deref().is_some_and(|p| sensitive(schema, p)) {
        let path = f.path.as_deref().unwrap_or_default();
        message = format!("could not be evaluated at `{path}`: {MASK}");
    }
    f.message = cut_unknown_facts(schema, message, &swaps).into();
    redact_waiver(f);
    scrub::string(f.message.to_mut());
    f.observed.iter_mut().for_each(scrub::value);
    f.expected.iter_mut().for_each(scrub::string);
    for e in &mut f.evidence {
        e.observed.iter_mut().for_each(scrub::value);
        scrub::string(&mut e.expected);
    }
}

fn redact_item(schema: &Schema, e: &mut EvidenceItem, swaps: &mut Vec<Swap>) {
    if let (Some(path), Some(v)) = (&e.path, &mut e.observed) {
        mask_in_place(schema, path, v, swaps);
    }
}

/// Masks `v`, observed at `path`, and records the swap for the message.
fn mask_in_place(schema: &Schema, path: &str, v: &mut Value, swaps: &mut Vec<Swap>) {
    let Some(node) = node_at(schema, path) else {
        return;
    };
    if !schema.holds_personal(node) {
        return;
    }
    let to = masked(schema, node, v);
    swaps.push(Swap {
        path: path.to_owned(),
        from: std::mem::replace(v, to.clone()),
        to,
    });
}

/// `v` with every personal field below `node` replaced by [`MASK`].
fn masked(schema: &Schema, node: &Value, v: &Value) -> Value {
    if schema.is_personal(node) {
        return Value::String(MASK.to_owned());
    }
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, x)| {
                    let x = match schema.property(node, k) {
                        Some(child) => masked(schema, child, x),
                        None => x.clone(),
                    };
                    (k.clone(), x)
                })
                .collect(),
        ),
        Value::Array(items) => match schema.items(node) {
            Some(item) => Value::Array(items.iter().map(|x| masked(schema, item, x)).collect()),
            None => v.clone(),
        },
        other => other.clone(),
    }
}

/// How a message states a fact (see `report::fact`).
fn fact(path: &str, v: &Value) -> String {
    format!("`{path}` is {}", show(v))
}

/// Cuts `message` before the first fact about a personal path whose quoted value is not one the
/// swaps produced: a value this pass never saw cannot be masked, only left out.
fn cut_unknown_facts(schema: &Schema, message: String, swaps: &[Swap]) -> String {
    let mut from = 0;
    while let Some(open) = message[from..].find('`').map(|i| i + from) {
        let Some(close) = message[open + 1..].find('`').map(|i| i + open + 1) else {
            break;
        };
        let path = &message[open + 1..close];
        let rest = &message[close + 1..];
        if let Some(value) = rest.strip_prefix(" is ") {
            let known = value.starts_with("missing")
                || swaps
                    .iter()
                    .any(|s| s.path == path && value.starts_with(&show(&s.to)));
            if !known && sensitive(schema, path) {
                let mut cut = message[..close + 1].to_owned();
                cut.push_str(" is ");
                cut.push_str(MASK);
                return cut;
            }
        }
        from = close + 1;
    }
    message
}

/// Masks schema problems at personal paths, in the list and where the message quotes them.
fn redact_failure(schema: &Schema, failure: &mut InputFailure) {
    for p in &mut failure.problems {
        if sensitive(schema, &p.path) && !p.message.starts_with("unknown field") {
            let quoted = p.to_string();
            p.message = masked_problem(&p.message);
            failure.message = failure.message.replace(&quoted, &p.to_string());
        }
        scrub::string(&mut p.message);
    }
    scrub::string(&mut failure.message);
}

/// A schema message quotes the offending value first (`"…" is not of type "string"`); keep the
/// verdict, drop the value.
fn masked_problem(message: &str) -> String {
    match message.rfind(" is not of type") {
        Some(i) => format!("{MASK}{}", &message[i..]),
        None => format!("{MASK} does not match the schema here"),
    }
}

/// Whether the concrete path (`a.b[2].c`) is personal or holds personal fields.
fn sensitive(schema: &Schema, path: &str) -> bool {
    node_at(schema, path).is_some_and(|n| schema.holds_personal(n))
}

/// The submission schema's node for a concrete path as reports print it.
fn node_at<'a>(schema: &'a Schema, path: &str) -> Option<&'a Value> {
    schema.node_for_pointer(&segments(path)?)
}

/// `a.b[2].c` → `["a", "b", "2", "c"]`; `None` for text that is not a path.
fn segments(path: &str) -> Option<Vec<String>> {
    if path.is_empty() || path.contains(char::is_whitespace) {
        return None;
    }
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, indexes) = part.split_once('[').unwrap_or((part, ""));
        if key.is_empty() {
            return None;
        }
        out.push(key.to_owned());
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let n = index.strip_suffix(']')?;
            n.parse::<usize>().ok()?;
            out.push(n.to_owned());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_concrete_paths() {
        assert_eq!(segments("a.b[2].c").unwrap(), vec!["a", "b", "2", "c"]);
        assert_eq!(segments("m[0][4]").unwrap(), vec!["m", "0", "4"]);
        assert!(segments("(top level)").is_none());
        assert!(segments("a..b").is_none());
    }

    #[test]
    fn finds_personal_fields_and_their_ancestors() {
        let s = Schema::submission();
        assert!(sensitive(s, "clinical_safety.cso.registration_number"));
        assert!(sensitive(s, "clinical_safety.hazard_log.hazards[3].owner"));
        assert!(sensitive(s, "clinical_safety.cso"));
        assert!(!sensitive(s, "clinical_safety.cso.training.completed"));
        assert!(!sensitive(s, "product.name"));
    }

    #[test]
    fn masks_values_and_the_message_that_quotes_them() {
        let mut f = Finding {
            rule: "R",
            title: "t",
            pack: "p",
            area: "a",
            decision: "dcb0129",
            part: "2",
            also: vec![],
            severity: crate::rules::Severity::Major,
            advisory: false,
            refs: &[],
            outcome: Outcome::Fail,
            message: "`clinical_safety.cso.registration_number` is `GMC 99`; expected a GMC number"
                .into(),
            path: Some("clinical_safety.cso.registration_number".into()),
            observed: Some(Value::String("GMC 99".into())),
            expected: Some("a GMC number".into()),
            location: None,
            look_in: None,
            under: None,
            remedy: "",
            evidence: vec![],
            waiver: None,
            brief: false,
        };
        redact_finding(Schema::submission(), &mut f);
        assert_eq!(f.observed, Some(Value::String(MASK.into())));
        assert!(!f.message.contains("GMC 99"), "{}", f.message);
        assert!(f.message.contains("expected a GMC number"), "{}", f.message);
    }
}
