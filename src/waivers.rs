//! Waivers: a recorded, time-limited acceptance of one rule's failure for one submission (or
//! every submission of one product), written as `[[waiver]]` tables in a TOML file. Loading
//! rejects a waiver without a justification or an approver, a date that is not a date, an
//! unknown rule or path; every problem with `file:line:col`. Applying runs after evaluation and
//! before the verdict: a failing finding a waiver covers becomes `waived` and carries the
//! waiver; an expired waiver no longer applies and the finding says so; the run lists what each
//! waiver did, so one that matched nothing is seen.

use crate::config::{Origin, PolicyError, PolicyErrors, rule_index};
use crate::report::{
    Finding, FindingWaiver, Header, Run, WaivedFinding, WaiverStatus, WaiverSummary, WaiverUse,
    summarise,
};
use crate::rules::{Outcome, RuleSet};
use crate::schema::Schema;
use crate::source::line_col;
use jiff::civil::Date;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// A waivers file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    #[serde(default)]
    waiver: Vec<Spanned<WaiverDef>>,
}

/// One `[[waiver]]` table as written; every key is optional here so that a missing one is
/// reported in the house style, at the waiver's position.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiverDef {
    rule: Option<Spanned<String>>,
    submission: Option<Spanned<String>>,
    product: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
    justification: Option<Spanned<String>>,
    approver: Option<Spanned<String>>,
    expires: Option<Spanned<toml::Value>>,
    reference: Option<Spanned<String>>,
}

/// One checked waiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub rule: String,
    /// The `submission.id` it covers.
    pub submission: Option<String>,
    /// The `product.name` it covers (every submission of that product).
    pub product: Option<String>,
    /// Only findings whose path is this path or lies below it.
    pub path: Option<String>,
    pub justification: String,
    pub approver: String,
    /// The last day it applies.
    pub expires: Date,
    pub reference: Option<String>,
    /// Where it is written: `file:line:col`.
    pub source: String,
}

/// The waivers of one file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waivers {
    pub file: String,
    pub list: Vec<Waiver>,
}

/// What checking one file needs: its name and text, and the rules ids must exist in.
struct Cx<'a> {
    file: &'a str,
    text: &'a str,
    set: &'a RuleSet,
}

impl Cx<'_> {
    fn error(&self, offset: usize, message: String, hint: Option<String>) -> PolicyError {
        PolicyError::at(self.file, self.text, offset, message, hint)
    }
}

impl Waivers {
    /// Reads and checks a waivers file against the loaded rules.
    pub fn read(path: &Path, set: &RuleSet) -> Result<Self, PolicyErrors> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            PolicyErrors(vec![PolicyError::at(
                &name,
                "",
                0,
                format!("cannot read the waivers file: {e}"),
                None,
            )])
        })?;
        Self::parse(&name, &text, set)
    }

    /// Checks the text of a waivers file named `file`; returns every problem at once.
    pub fn parse(file: &str, text: &str, set: &RuleSet) -> Result<Self, PolicyErrors> {
        let cx = Cx { file, text, set };
        let def: FileDef = toml::from_str(text).map_err(|e| {
            let (message, hint) = crate::config::explain_toml_error(e.message());
            PolicyErrors(vec![cx.error(
                e.span().map_or(0, |s| s.start),
                message,
                hint,
            )])
        })?;
        let mut errors = Vec::new();
        let list: Vec<Waiver> = def
            .waiver
            .into_iter()
            .filter_map(|w| check(&cx, w, &mut errors))
            .collect();
        if errors.is_empty() {
            Ok(Self {
                file: file.to_owned(),
                list,
            })
        } else {
            Err(PolicyErrors::sorted(errors))
        }
    }
}

/// Checks one waiver; pushes each problem and returns the waiver only when it has none.
fn check(cx: &Cx<'_>, def: Spanned<WaiverDef>, errors: &mut Vec<PolicyError>) -> Option<Waiver> {
    let at = def.span().start;
    let def = def.into_inner();
    let before = errors.len();
    let rule = required(cx, def.rule.as_ref(), "rule", at, errors);
    if let Some(r) = &def.rule {
        let origin = Origin::File {
            file: cx.file.to_owned(),
            at: line_col(cx.text, r.span().start),
        };
        let _ = rule_index(cx.set, r.get_ref(), &origin, errors);
    }
    let justification = required(cx, def.justification.as_ref(), "justification", at, errors);
    let approver = required(cx, def.approver.as_ref(), "approver", at, errors);
    let expires = expiry(cx, def.expires.as_ref(), at, errors);
    if def.submission.is_none() && def.product.is_none() {
        let hint =
            "add `submission = \"<its submission.id>\"` or `product = \"<its product.name>\"`"
                .to_owned();
        errors.push(cx.error(
            at,
            "a waiver must name the `submission` or the `product` it covers".into(),
            Some(hint),
        ));
    }
    if let Some(p) = &def.path {
        check_path(cx, p, errors);
    }
    if errors.len() > before {
        return None;
    }
    Some(Waiver {
        rule: rule?,
        submission: def.submission.map(Spanned::into_inner),
        product: def.product.map(Spanned::into_inner),
        path: def.path.map(Spanned::into_inner),
        justification: justification?,
        approver: approver?,
        expires: expires?,
        reference: def.reference.map(Spanned::into_inner),
        source: format!("{}:{}", cx.file, line_col(cx.text, at)),
    })
}

/// A key that must be present and not blank.
fn required(
    cx: &Cx<'_>,
    value: Option<&Spanned<String>>,
    key: &str,
    table: usize,
    errors: &mut Vec<PolicyError>,
) -> Option<String> {
    let why = match key {
        "justification" => "say why the failure is accepted and what mitigates it",
        "approver" => "name the person who accepted the risk, with their role",
        _ => "name the rule id the waiver covers",
    };
    match value {
        None => errors.push(cx.error(
            table,
            format!("the waiver has no `{key}`"),
            Some(format!("add `{key} = \"…\"`: {why}")),
        )),
        Some(v) if v.get_ref().trim().is_empty() => errors.push(cx.error(
            v.span().start,
            format!("`{key}` is empty"),
            Some(why.to_owned()),
        )),
        Some(v) => return Some(v.get_ref().trim().to_owned()),
    }
    None
}

/// The expiry date, written as a TOML date (`2026-12-31`) or a string.
fn expiry(
    cx: &Cx<'_>,
    value: Option<&Spanned<toml::Value>>,
    table: usize,
    errors: &mut Vec<PolicyError>,
) -> Option<Date> {
    let Some(v) = value else {
        let hint = "add `expires = 2026-12-31`: a waiver is always time-limited".to_owned();
        errors.push(cx.error(table, "the waiver has no `expires` date".into(), Some(hint)));
        return None;
    };
    let text = match v.get_ref() {
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match text.parse::<Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(cx.error(
                v.span().start,
                format!("`expires` is `{text}`, not a date"),
                Some("write it as YYYY-MM-DD, e.g. `expires = 2026-12-31`".into()),
            ));
            None
        }
    }
}

/// Rejects a path the submission schema does not define (array indexes are allowed).
fn check_path(cx: &Cx<'_>, path: &Spanned<String>, errors: &mut Vec<PolicyError>) {
    let keys: Vec<Box<str>> = path
        .get_ref()
        .split('.')
        .map(|k| k.split('[').next().unwrap_or(k).into())
        .collect();
    let schema = Schema::submission();
    if let Err(miss) = schema.walk(schema.root(), &keys) {
        let hint = miss.suggestion.map(|s| {
            format!(
                "did you mean `{s}` (after `{}`)?",
                keys[..miss.resolved].join(".")
            )
        });
        errors.push(cx.error(
            path.span().start,
            format!("unknown path `{}`", path.get_ref()),
            hint,
        ));
    }
}

impl Waiver {
    /// Whether the waiver has expired on `as_of` (it still applies on its expiry day).
    pub fn expired(&self, as_of: Date) -> bool {
        self.expires < as_of
    }

    /// Whether it names this finding of this submission.
    fn covers(&self, header: &Header, f: &Finding) -> bool {
        let same = |want: &Option<String>, have: &Option<String>| want.is_none() || want == have;
        self.rule == f.rule
            && same(&self.submission, &header.id)
            && same(&self.product, &header.product)
            && self
                .path
                .as_deref()
                .is_none_or(|p| f.path.as_deref().is_some_and(|fp| under(fp, p)))
    }

    fn on_finding(&self, as_of: Date) -> FindingWaiver {
        FindingWaiver {
            status: if self.expired(as_of) {
                WaiverStatus::Expired
            } else {
                WaiverStatus::Applied
            },
            justification: self.justification.clone(),
            approver: self.approver.clone(),
            expires: self.expires.to_string(),
            reference: self.reference.clone(),
            source: self.source.clone(),
        }
    }

    fn to_use(&self, as_of: Date) -> WaiverUse {
        WaiverUse {
            rule: self.rule.clone(),
            submission: self.submission.clone(),
            product: self.product.clone(),
            path: self.path.clone(),
            approver: self.approver.clone(),
            expires: self.expires.to_string(),
            reference: self.reference.clone(),
            source: self.source.clone(),
            status: if self.expired(as_of) {
                WaiverStatus::Expired
            } else {
                WaiverStatus::Unmatched
            },
            findings: Vec::new(),
        }
    }
}

/// Whether `path` is `prefix` or lies below it (`a.b` is under `a`, `a.bc` is not).
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// Applies the waivers to every report of `run`, recounts the verdicts, and records what each
/// waiver did in `run.waivers`.
pub fn apply(run: &mut Run, waivers: &Waivers, as_of: Date) {
    let mut uses: Vec<WaiverUse> = waivers.list.iter().map(|w| w.to_use(as_of)).collect();
    for report in &mut run.reports {
        let header = report.submission.clone();
        let mut changed = false;
        for f in report
            .findings
            .iter_mut()
            .filter(|f| f.outcome == Outcome::Fail)
        {
            let matching: Vec<usize> = (0..waivers.list.len())
                .filter(|&i| waivers.list[i].covers(&header, f))
                .collect();
            for &i in &matching {
                uses[i].findings.push(WaivedFinding {
                    file: report.file.clone(),
                    path: f.path.clone(),
                });
            }
            let live = matching
                .iter()
                .copied()
                .find(|&i| !waivers.list[i].expired(as_of));
            let Some(w) = live.or(matching.first().copied()).map(|i| &waivers.list[i]) else {
                continue;
            };
            f.waiver = Some(w.on_finding(as_of));
            if live.is_some() {
                f.outcome = Outcome::Waived;
                changed = true;
            } else {
                f.message.push_str(&format!(
                    "; waiver by {} expired on {}",
                    w.approver, w.expires
                ));
            }
        }
        if changed {
            summarise(report);
        }
    }
    for u in uses
        .iter_mut()
        .filter(|u| u.status == WaiverStatus::Unmatched && !u.findings.is_empty())
    {
        u.status = WaiverStatus::Applied;
    }
    let tally = |s: WaiverStatus| uses.iter().filter(|u| u.status == s).count();
    run.waivers = Some(WaiverSummary {
        file: waivers.file.clone(),
        applied: tally(WaiverStatus::Applied),
        expired: tally(WaiverStatus::Expired),
        unmatched: tally(WaiverStatus::Unmatched),
        waivers: uses,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> RuleSet {
        RuleSet::compile(&crate::rules::builtin_sources()).unwrap()
    }

    #[test]
    fn reports_every_problem_with_positions() {
        let text = "[[waiver]]\nrule = \"DTAC-C3-2\"\nsubmission = \"S-1\"\njustification = \" \"\nexpires = \"soon\"\n\n[[waiver]]\nrule = \"DTAC-C3-02\"\napprover = \"A\"\njustification = \"J\"\nexpires = \"2026-12-31\"\npath = \"technical_security.penetraton_test\"\n";
        let err = Waivers::parse("w.toml", text, &set());
        let shown: Vec<String> = match err {
            Err(e) => e.0.iter().map(ToString::to_string).collect(),
            Ok(_) => Vec::new(),
        };
        assert!(!shown.is_empty(), "the file should be rejected");
        let all = shown.join("\n");
        assert!(
            all.contains("w.toml:2:8: unknown rule `DTAC-C3-2`\n  fix: did you mean `DTAC-C3-02`?"),
            "{all}"
        );
        assert!(
            all.contains("w.toml:4:17: `justification` is empty"),
            "{all}"
        );
        assert!(all.contains("the waiver has no `approver`"), "{all}");
        assert!(
            all.contains("a waiver must name the `submission` or the `product`"),
            "{all}"
        );
        assert!(
            all.contains("unknown path `technical_security.penetraton_test`"),
            "{all}"
        );
    }

    #[test]
    fn paths_match_by_segment() {
        assert!(under("a.b", "a"));
        assert!(under("a.b[2].c", "a.b"));
        assert!(under("a.b", "a.b"));
        assert!(!under("a.bc", "a.b"));
    }
}
