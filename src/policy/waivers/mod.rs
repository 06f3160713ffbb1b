//! Waivers: a recorded, time-limited acceptance of one rule's failure, written as `[[waiver]]`
//! tables in a TOML file (`schemas/waivers.schema.json`). A waiver is bound to what a supplier
//! cannot change without it being seen: the company it was granted to (legal name and
//! registration number) and, optionally, the exact submission (its content hash) or input file;
//! it is narrowed to a submission id or product name. Loading reports every problem in the file
//! at once, each with `file:line:col`: keys unknown or missing, no justification or approver, a
//! date that is not a date, an unknown rule or path. Applying (`apply`) runs after evaluation and
//! before the verdict.

mod apply;

pub use apply::{Applied, Tally, apply, apply_report};

use crate::config::{Origin, PolicyError, PolicyErrors, rule_index};
use crate::rules::RuleSet;
use crate::rules::toml_json::{self, Spans};
use crate::schema::Schema;
use crate::source::LineIndex;
use jiff::civil::Date;
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;

/// One `[[waiver]]` table as written (its shape already checked against the schema).
#[derive(Debug, Deserialize)]
struct WaiverDef {
    rule: Option<String>,
    company: Option<CompanyDef>,
    submission: Option<String>,
    product: Option<String>,
    input_hash: Option<String>,
    file: Option<String>,
    path: Option<String>,
    justification: Option<String>,
    approver: Option<String>,
    expires: Option<Value>,
    reference: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct CompanyDef {
    legal_name: Option<String>,
    number: Option<String>,
}

/// The company a waiver was granted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub legal_name: String,
    pub number: String,
}

/// One checked waiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub rule: String,
    pub company: Company,
    /// The `submission.id` it covers.
    pub submission: Option<String>,
    /// The `product.name` it covers (every submission of that product, of that company).
    pub product: Option<String>,
    /// Only the submission with this content hash.
    pub input_hash: Option<String>,
    /// Only the input with this name (or path ending).
    pub file: Option<String>,
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

/// What checking one file needs: its name, lines and spans, and the rules ids must exist in.
struct Cx<'a> {
    file: &'a str,
    lines: LineIndex<'a>,
    spans: &'a Spans<'a>,
    set: &'a RuleSet,
}

impl Cx<'_> {
    fn error(&self, pointer: &str, message: String, hint: Option<String>) -> PolicyError {
        self.error_at(self.spans.value(pointer), message, hint)
    }

    fn error_at(&self, offset: usize, message: String, hint: Option<String>) -> PolicyError {
        PolicyError {
            origin: self.origin(offset),
            message,
            hint,
        }
    }

    fn origin(&self, offset: usize) -> Origin {
        Origin::File {
            file: self.file.to_owned(),
            at: self.lines.line_col(offset),
        }
    }
}

impl Waivers {
    /// Reads and checks a waivers file against the loaded rules.
    pub fn read(path: &Path, set: &RuleSet) -> Result<Self, PolicyErrors> {
        let name = crate::inputs::name(path);
        let text = crate::config::read_policy_file(path, "waivers file")?;
        Self::parse(&name, &text, set)
    }

    /// Checks the text of a waivers file named `file`; returns every problem at once.
    pub fn parse(file: &str, text: &str, set: &RuleSet) -> Result<Self, PolicyErrors> {
        let (value, spans) = toml_json::parse(text).map_err(|e| {
            PolicyErrors(vec![PolicyError::at(
                file,
                text,
                e.offset,
                format!("not valid TOML: {}", e.message),
                None,
            )])
        })?;
        let cx = Cx {
            file,
            lines: LineIndex::new(text),
            spans: &spans,
            set,
        };
        // Shape problems (unknown keys, wrong types) and each waiver's own are reported together.
        let mut errors: Vec<PolicyError> =
            toml_json::schema_problems(Schema::waivers(), &value, &spans)
                .into_iter()
                .map(|(o, m, h)| cx.error_at(o, m, h))
                .collect();
        let shaped = errors.is_empty();
        let tables = value.get("waiver").and_then(Value::as_array);
        let list: Vec<Waiver> = tables
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, w)| check(&cx, i, w, shaped, &mut errors))
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
fn check(
    cx: &Cx<'_>,
    i: usize,
    table: &Value,
    shaped: bool,
    errors: &mut Vec<PolicyError>,
) -> Option<Waiver> {
    let ptr = format!("/waiver/{i}");
    let def: WaiverDef = match serde_json::from_value(table.clone()) {
        Ok(d) => d,
        // A value of the wrong type, already reported by the shape check.
        Err(_) if !shaped => return None,
        Err(e) => {
            errors.push(cx.error(&ptr, format!("cannot read the waiver: {e}"), None));
            return None;
        }
    };
    let before = errors.len();
    let at = |key: &str| format!("{ptr}/{key}");
    let rule = required(cx, def.rule.as_deref(), &at("rule"), errors);
    if let Some(r) = &def.rule {
        let _ = rule_index(cx.set, r, &cx.origin(cx.spans.value(&at("rule"))), errors);
    }
    let justification = required(
        cx,
        def.justification.as_deref(),
        &at("justification"),
        errors,
    );
    let approver = required(cx, def.approver.as_deref(), &at("approver"), errors);
    let expires = expiry(cx, def.expires.as_ref(), &at("expires"), errors);
    let company = company(cx, def.company.as_ref(), &at("company"), errors);
    if def.submission.is_none() && def.product.is_none() {
        let hint =
            "add `submission = \"<its submission.id>\"` or `product = \"<its product.name>\"`"
                .to_owned();
        errors.push(cx.error(
            &ptr,
            "a waiver must name the `submission` or the `product` it covers".into(),
            Some(hint),
        ));
    }
    if let Some(p) = &def.path {
        check_path(cx, p, &at("path"), errors);
    }
    if errors.len() > before {
        return None;
    }
    Some(Waiver {
        rule: rule?,
        company: company?,
        submission: def.submission,
        product: def.product,
        input_hash: def.input_hash,
        file: def.file,
        path: def.path,
        justification: justification?,
        approver: approver?,
        expires: expires?,
        reference: def.reference,
        source: format!("{}:{}", cx.file, cx.lines.line_col(cx.spans.value(&ptr))),
    })
}

/// The company binding, which every waiver needs.
fn company(
    cx: &Cx<'_>,
    def: Option<&CompanyDef>,
    pointer: &str,
    errors: &mut Vec<PolicyError>,
) -> Option<Company> {
    let Some(c) = def else {
        errors.push(cx.error(
            pointer.rsplit_once('/').map_or(pointer, |(p, _)| p),
            "the waiver has no `company`: a waiver is granted to one company".into(),
            Some("add `company = { legal_name = \"<company.legal_name>\", number = \"<its Companies House or charity number>\" }`".into()),
        ));
        return None;
    };
    let name = required(
        cx,
        c.legal_name.as_deref(),
        &format!("{pointer}/legal_name"),
        errors,
    );
    let number = required(
        cx,
        c.number.as_deref(),
        &format!("{pointer}/number"),
        errors,
    );
    Some(Company {
        legal_name: name?,
        number: number?,
    })
}

/// A key that must be present and not blank.
fn required(
    cx: &Cx<'_>,
    value: Option<&str>,
    pointer: &str,
    errors: &mut Vec<PolicyError>,
) -> Option<String> {
    let (table, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let why = match key {
        "justification" => "say why the failure is accepted and what mitigates it",
        "approver" => "name the person who accepted the risk, with their role",
        "legal_name" => "give the company's registered legal name",
        "number" => "give the company's Companies House or charity number",
        _ => "name the rule id the waiver covers",
    };
    match value {
        None => errors.push(cx.error(
            table,
            format!("the waiver has no `{key}`"),
            Some(format!("add `{key} = \"…\"`: {why}")),
        )),
        Some(v) if v.trim().is_empty() => {
            errors.push(cx.error(pointer, format!("`{key}` is empty"), Some(why.to_owned())));
        }
        Some(v) => return Some(v.trim().to_owned()),
    }
    None
}

/// The expiry date, written as a TOML date (`2026-12-31`) or a string.
fn expiry(
    cx: &Cx<'_>,
    value: Option<&Value>,
    pointer: &str,
    errors: &mut Vec<PolicyError>,
) -> Option<Date> {
    let Some(v) = value else {
        let hint = "add `expires = 2026-12-31`: a waiver is always time-limited".to_owned();
        let table = pointer.rsplit_once('/').map_or(pointer, |(t, _)| t);
        errors.push(cx.error(table, "the waiver has no `expires` date".into(), Some(hint)));
        return None;
    };
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match text.parse::<Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(cx.error(
                pointer,
                format!("`expires` is `{text}`, not a date"),
                Some("write it as YYYY-MM-DD, e.g. `expires = 2026-12-31`".into()),
            ));
            None
        }
    }
}

/// Rejects a path the submission schema does not define (array indexes are allowed).
fn check_path(cx: &Cx<'_>, path: &str, pointer: &str, errors: &mut Vec<PolicyError>) {
    let keys: Vec<Box<str>> = path
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
        errors.push(cx.error(pointer, format!("unknown path `{path}`"), hint));
    }
}

impl Waiver {
    /// Whether the waiver has expired on `as_of` (it still applies on its expiry day).
    pub fn expired(&self, as_of: Date) -> bool {
        self.expires < as_of
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> RuleSet {
        RuleSet::compile(&crate::rules::builtin_sources()).unwrap()
    }

    const CO: &str = "company = { legal_name = \"A Ltd\", number = \"01234567\" }\n";

    #[test]
    fn reports_every_problem_with_positions() {
        let text = format!(
            "[[waiver]]\nrule = \"DTAC-C3-2\"\nsubmission = \"S-1\"\njustification = \" \"\nexpires = \"soon\"\n{CO}\n[[waiver]]\nrule = \"DTAC-C3-02\"\napprover = \"A\"\njustification = \"J\"\nexpires = \"2026-12-31\"\npath = \"technical_security.penetraton_test\"\n"
        );
        let err = Waivers::parse("w.toml", &text, &set());
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
        assert!(all.contains("the waiver has no `company`"), "{all}");
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
    fn every_unknown_key_is_reported_at_once() {
        let text = format!("[[waiver]]\nrul = \"X\"\n{CO}\n[[waiver]]\naprover = \"Y\"\n{CO}");
        let e = Waivers::parse("w.toml", &text, &set()).unwrap_err();
        let all: Vec<String> = e.0.iter().map(ToString::to_string).collect();
        let unknown: Vec<&String> = all.iter().filter(|m| m.contains("unknown key")).collect();
        assert_eq!(unknown.len(), 2, "{all:?}");
        assert!(
            unknown[0].starts_with("w.toml:2:1: unknown key `rul`"),
            "{all:?}"
        );
        assert!(
            unknown[1].starts_with("w.toml:6:1: unknown key `aprover`"),
            "{all:?}"
        );
        // The other problems of both waivers are reported in the same pass.
        assert!(
            all.iter()
                .any(|m| m.starts_with("w.toml:5:1: the waiver has no `expires`"))
        );
    }
}
