//! The guided questionnaire, generated from the submission schema: every field whose
//! description cites a DTAC question (`(DTAC 1.0 C3.5, 2.0 C3.6)`) is asked on that form
//! version under that code, with the schema's own options, one form section per page. A field
//! citing no question is asked under its parent's code when the parent cites one (the date of the
//! penetration test is part of C3.3). Skip logic is not copied here: the live check runs the
//! rules, and the skip rules that fired (a trigger with `skips`, as `rules::forms` reads them)
//! say which questions to hide, so the page hides exactly what the assessment does not ask.

use super::App;
use super::page::{self, Nav, Page};
use super::security::Token;
use assure::report::escape::markup as e;
use assure::rules::forms::{self, Question as Cited};
use assure::rules::{Outcome, RuleSet};
use assure::schema::Schema;
use assure::submission::{InputError, Submission};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;

/// The sections of the form, in its order, with their names.
const SECTIONS: &[(&str, &str)] = &[
    ("A", "Company information"),
    ("B", "Value proposition"),
    ("C1", "Clinical safety"),
    ("C2", "Data protection"),
    ("C3", "Technical security"),
    ("C4", "Interoperability"),
    ("D1", "Usability and accessibility"),
];

/// How a field is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    YesNo,
    Choice,
    Many,
    Text,
    LongText,
    Lines,
    Date,
    Integer,
    Number,
    /// A document: its status (from the evidence definition) and its title.
    Document,
}

/// One field of the submission, as a question of one form version.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub code: String,
    /// The dotted path in the submission (`technical_security.cyber_security_charter.signed`).
    pub path: String,
    pub kind: Kind,
    pub options: Vec<String>,
    pub wording: String,
}

/// The questions of each form version, in form order.
pub struct Forms(BTreeMap<&'static str, Vec<Field>>);

impl Forms {
    pub fn from_schema() -> Self {
        let schema = Schema::submission();
        let mut all = Vec::new();
        collect(schema, schema.root(), "", &[], &mut all);
        let mut forms = BTreeMap::new();
        for version in forms::VERSIONS {
            let mut fields: Vec<Field> = all
                .iter()
                .filter_map(|(codes, f)| {
                    let code = codes.iter().find(|q| q.version == *version)?;
                    Some(Field {
                        code: code.code.clone(),
                        ..f.clone()
                    })
                })
                .filter(|f| section_of(&f.code).is_some())
                .collect();
            fields.sort_by_key(|f| order(&f.code));
            forms.insert(*version, fields);
        }
        Self(forms)
    }

    fn get(&self, version: &str) -> Option<(&'static str, &[Field])> {
        self.0
            .iter()
            .find(|(v, _)| **v == version)
            .map(|(v, f)| (*v, f.as_slice()))
    }
}

/// Walks the schema, keeping every answerable field with the questions it cites.
fn collect(
    schema: &Schema,
    node: &Value,
    path: &str,
    inherited: &[Cited],
    out: &mut Vec<(Vec<Cited>, Field)>,
) {
    let description = node
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let own = cited(description);
    let codes: &[Cited] = if own.is_empty() { inherited } else { &own };
    if schema.is_evidence(node) {
        if !codes.is_empty() {
            out.push((
                codes.to_vec(),
                field(path, Kind::Document, evidence_options(schema), description),
            ));
        }
        return;
    }
    let node = schema.resolve(node);
    if node.get("properties").is_some() {
        // An object's own codes reach its direct fields only, not deeper levels.
        let pass: Vec<Cited> = if own.is_empty() {
            Vec::new()
        } else {
            own.clone()
        };
        for key in schema.property_names(node) {
            if path.is_empty() && key == "schema_version" {
                continue;
            }
            // The field's own node, not its resolved `$ref`: its description is its own.
            if let Some(child) = node.get("properties").and_then(|p| p.get(key)) {
                let p = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
                collect(schema, child, &p, &pass, out);
            }
        }
        return;
    }
    if codes.is_empty() || description.is_empty() {
        return;
    }
    if let Some((kind, options)) = kind_of(schema, node, path) {
        out.push((codes.to_vec(), field(path, kind, options, description)));
    }
}

fn field(path: &str, kind: Kind, options: Vec<String>, wording: &str) -> Field {
    Field {
        code: String::new(),
        path: path.to_owned(),
        kind,
        options,
        wording: wording.to_owned(),
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn evidence_options(schema: &Schema) -> Vec<String> {
    let def = schema
        .root()
        .pointer("/$defs/evidence/properties/status/enum");
    strings(def)
}

/// How a leaf is answered; `None` for what the questionnaire does not ask (lists of objects).
fn kind_of(schema: &Schema, node: &Value, path: &str) -> Option<(Kind, Vec<String>)> {
    let options = strings(node.get("enum"));
    let long = [
        "rationale",
        "description",
        "intended_use",
        "justification",
        "methods",
        "matching",
        "authentication",
        "basis",
        "address",
    ];
    Some(match schema.type_of(node)? {
        "boolean" => (Kind::YesNo, Vec::new()),
        "string" if !options.is_empty() => (Kind::Choice, options),
        "string" if node.get("format").and_then(Value::as_str) == Some("date") => {
            (Kind::Date, Vec::new())
        }
        "string"
            if long
                .iter()
                .any(|l| path.rsplit('.').next().is_some_and(|k| k.contains(l))) =>
        {
            (Kind::LongText, Vec::new())
        }
        "string" => (Kind::Text, Vec::new()),
        "integer" => (Kind::Integer, Vec::new()),
        "number" => (Kind::Number, Vec::new()),
        "array" => {
            let items = schema.resolve(schema.items(node)?);
            let item_options = strings(items.get("enum"));
            match schema.type_of(items)? {
                "string" if !item_options.is_empty() => (Kind::Many, item_options),
                "string" => (Kind::Lines, Vec::new()),
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// The DTAC questions a description cites: `DTAC 1.0 C3.5, 2.0 C3.6` gives both.
fn cited(description: &str) -> Vec<Cited> {
    let mut out = Vec::new();
    for (at, _) in description.match_indices("DTAC ") {
        let mut rest = &description[at + 5..];
        while let Some((version, code, tail)) = version_and_code(rest) {
            if let Some(q) = Cited::parse(&format!("DTAC {version} {code}")) {
                if !out.contains(&q) {
                    out.push(q);
                }
            }
            match tail.strip_prefix(", ") {
                Some(next) => rest = next,
                None => break,
            }
        }
    }
    out
}

/// `2.0 C3.6…` as ("2.0", "C3.6", "…"); the code is a section letter, digits and dots.
fn version_and_code(s: &str) -> Option<(&str, &str, &str)> {
    let (version, rest) = s.split_at_checked(3)?;
    if !forms::VERSIONS.contains(&version) {
        return None;
    }
    let rest = rest.strip_prefix(' ')?;
    let first = rest.chars().next()?;
    if !matches!(first, 'A' | 'B' | 'C' | 'D') {
        return None;
    }
    let mut end = 1;
    for (i, c) in rest.char_indices().skip(1) {
        if c.is_ascii_digit()
            || (c == '.' && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        {
            end = i + 1;
        } else {
            break;
        }
    }
    let code = &rest[..end];
    (code.len() > 1).then_some((version, code, &rest[end..]))
}

/// The section a code belongs to: `C3.3` is in C3, `A11` in A.
fn section_of(code: &str) -> Option<&'static str> {
    SECTIONS
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| {
            code.strip_prefix(s)
                .is_some_and(|rest| s.len() == 1 || rest.is_empty() || rest.starts_with('.'))
        })
        .max_by_key(|s| s.len())
}

/// Form order: section, then each number of the code in turn (`C3.10` after `C3.9`).
fn order(code: &str) -> (usize, Vec<u32>) {
    let section = section_of(code).unwrap_or("");
    let index = SECTIONS
        .iter()
        .position(|(s, _)| *s == section)
        .unwrap_or(usize::MAX);
    let numbers = code[section.len()..]
        .split('.')
        .filter_map(|n| n.parse().ok())
        .collect();
    (index, numbers)
}

/// `GET /fill`: choose the form version.
pub async fn start() -> Response {
    let body = "<p>Answer the DTAC questions one section at a time. Your answers are kept in this browser as you type (nothing is sent anywhere but this program on your computer), and the findings beside each question show what an assessor would say about it.</p>\n\
        <noscript><p class=\"problem\">This questionnaire needs JavaScript to keep your answers and show findings. Without it, you can still <a href=\"/check\">check a submission file</a>.</p></noscript>\n\
        <h2>Which DTAC form are you filling in?</h2>\n<ul class=\"choices\">\n\
        <li><a href=\"/fill/2.0/A\">DTAC version 2.0</a>: the current form, in use from 6 April 2026.</li>\n\
        <li><a href=\"/fill/1.0/A\">DTAC version 1.0</a>: the earlier form, for a submission made before then.</li>\n</ul>\n";
    Page {
        title: "Fill in a submission",
        nav: Nav::Fill,
        body,
        scripts: &[],
        token: None,
    }
    .render()
    .into_response()
}

/// `GET /fill/{version}/{section}`: one section's questions (or `outstanding`: what is left).
pub async fn section(
    State(app): State<Arc<App>>,
    Path((version, section)): Path<(String, String)>,
) -> Response {
    let Some((version, fields)) = app.forms.get(&version) else {
        return not_found("There is no DTAC form of that version. Choose 1.0 or 2.0.");
    };
    if section == "outstanding" {
        return outstanding(version, fields, &app.token);
    }
    let Some(&(code, name)) = SECTIONS.iter().find(|(s, _)| *s == section) else {
        return not_found("There is no such section of the form.");
    };
    let mine: Vec<&Field> = fields
        .iter()
        .filter(|f| section_of(&f.code) == Some(code))
        .collect();
    let mut body = String::new();
    intro(&mut body, version);
    sections_nav(&mut body, version, fields, Some(code));
    body.push_str("<div id=\"skips\" class=\"skips\" aria-live=\"polite\"></div>\n");
    let _ = writeln!(
        body,
        "<form class=\"questions\" data-version=\"{}\" data-section=\"{}\" novalidate>",
        e(version),
        e(code)
    );
    if mine.is_empty() {
        body.push_str(
            "<p>This form version asks nothing in this section that a submission records.</p>\n",
        );
    }
    let mut start = 0;
    while start < mine.len() {
        let end = mine[start..]
            .iter()
            .position(|f| f.code != mine[start].code)
            .map_or(mine.len(), |n| start + n);
        question(&mut body, version, &mine[start..end]);
        start = end;
    }
    body.push_str("</form>\n");
    pager(&mut body, version, fields, code);
    let title = format!("DTAC {version} section {code}: {name}");
    Page {
        title: &title,
        nav: Nav::Fill,
        body: &body,
        scripts: &["fill.js"],
        token: Some(app.token.as_str()),
    }
    .render()
    .into_response()
}

fn not_found(message: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        page::error("Page not found", message),
    )
        .into_response()
}

fn intro(out: &mut String, version: &str) {
    let _ = writeln!(
        out,
        "<p class=\"status\" id=\"save-status\" role=\"status\">Your answers are kept in this browser as you type.</p>\n\
         <noscript><p class=\"problem\">This questionnaire needs JavaScript to keep your answers. Without it, <a href=\"/check\">check a submission file</a> instead.</p></noscript>\n\
         <p><a href=\"/fill/{}/outstanding\">What is still outstanding, and save or load the submission</a></p>",
        e(version)
    );
}

/// The list of sections, the current one marked.
fn sections_nav(out: &mut String, version: &str, fields: &[Field], current: Option<&str>) {
    out.push_str("<nav aria-label=\"Form sections\" class=\"sections\">\n<ol>\n");
    for (code, name) in SECTIONS {
        if !fields.iter().any(|f| section_of(&f.code) == Some(code)) {
            continue;
        }
        let here = if current == Some(code) {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<li><a href=\"/fill/{}/{code}\"{here}>{code} {name}</a></li>",
            e(version)
        );
    }
    let here = if current.is_none() {
        " aria-current=\"page\""
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<li><a href=\"/fill/{}/outstanding\"{here}>Outstanding, save and load</a></li>",
        e(version)
    );
    out.push_str("</ol>\n</nav>\n");
}

/// Previous and next section links.
fn pager(out: &mut String, version: &str, fields: &[Field], current: &str) {
    let present: Vec<(&str, &str)> = SECTIONS
        .iter()
        .copied()
        .filter(|(c, _)| fields.iter().any(|f| section_of(&f.code) == Some(c)))
        .collect();
    let at = present.iter().position(|(c, _)| *c == current);
    out.push_str("<nav aria-label=\"Previous and next section\" class=\"pager\">\n");
    if let Some((c, n)) = at
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| present.get(i))
    {
        let _ = writeln!(
            out,
            "<a href=\"/fill/{}/{c}\" rel=\"prev\">Previous: {c} {n}</a>",
            e(version)
        );
    }
    match at.and_then(|i| present.get(i + 1)) {
        Some((c, n)) => {
            let _ = writeln!(
                out,
                "<a href=\"/fill/{}/{c}\" rel=\"next\">Next: {c} {n}</a>",
                e(version)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<a href=\"/fill/{}/outstanding\" rel=\"next\">Next: what is still outstanding</a>",
                e(version)
            );
        }
    }
    out.push_str("</nav>\n");
}

/// One question: its code and the form's wording, its fields and the place its findings are
/// shown.
fn question(out: &mut String, version: &str, fields: &[&Field]) {
    let Some(first) = fields.first() else { return };
    let id = anchor(&first.code);
    let heading = match assure::report::view::form_question(version, &first.code) {
        Some(wording) => format!("{}: {}", e(&first.code), e(&wording)),
        None => e(&first.code),
    };
    let _ = writeln!(
        out,
        "<section class=\"question\" id=\"{id}\" data-code=\"{}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{heading}</h2>",
        e(&first.code),
    );
    for f in fields {
        input(out, f);
    }
    let _ = writeln!(
        out,
        "<div class=\"findings\" data-findings-for=\"{}\" aria-live=\"polite\"></div>\n</section>",
        e(&first.code)
    );
}

fn anchor(code: &str) -> String {
    format!("q-{}", code.replace('.', "-"))
}

fn field_id(path: &str) -> String {
    format!("f-{}", path.replace(['.', '_'], "-"))
}

/// An option as words: `not_applicable_no_access` reads "Not applicable no access", `uk_only`
/// "UK only".
fn words(option: &str) -> String {
    const ACRONYMS: &[&str] = &[
        "uk", "eu", "nhs", "mfa", "ico", "cqc", "dpia", "dspt", "sla", "ehr", "api", "apis", "gp",
    ];
    match option {
        "true" => return "Yes".into(),
        "false" => return "No".into(),
        _ => {}
    }
    let spaced: Vec<String> = option
        .split('_')
        .enumerate()
        .map(|(i, w)| {
            if ACRONYMS.contains(&w) {
                w.to_ascii_uppercase()
            } else if i == 0 {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |c| {
                    c.to_uppercase().collect::<String>() + chars.as_str()
                })
            } else {
                w.to_owned()
            }
        })
        .collect();
    spaced.join(" ")
}

/// The control for one field, labelled by the schema's description.
fn input(out: &mut String, f: &Field) {
    let id = field_id(&f.path);
    let path = e(&f.path);
    let wording = e(&f.wording);
    let shown_path = format!("<span class=\"path\">{path}</span>");
    match f.kind {
        Kind::YesNo | Kind::Choice | Kind::Many => {
            let (kind, options): (&str, Vec<String>) = match f.kind {
                Kind::YesNo => ("radio", vec!["true".into(), "false".into()]),
                Kind::Choice => ("radio", f.options.clone()),
                _ => ("checkbox", f.options.clone()),
            };
            let _ = writeln!(
                out,
                "<fieldset class=\"field\" data-path=\"{path}\" data-kind=\"{}\">\n<legend>{wording} {shown_path}</legend>",
                kind_name(f.kind)
            );
            for (n, o) in options.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "<div class=\"option\"><input type=\"{kind}\" id=\"{id}-{n}\" name=\"{path}\" value=\"{}\"><label for=\"{id}-{n}\">{}</label></div>",
                    e(o),
                    e(&words(o))
                );
            }
            if kind == "radio" {
                let _ = writeln!(
                    out,
                    "<button type=\"button\" class=\"clear\" data-clear=\"{path}\">Clear this answer</button>"
                );
            }
            out.push_str("</fieldset>\n");
        }
        Kind::Document => {
            let _ = writeln!(
                out,
                "<fieldset class=\"field\" data-path=\"{path}\" data-kind=\"document\">\n<legend>{wording} {shown_path}</legend>"
            );
            let _ = writeln!(
                out,
                "<label for=\"{id}-status\">Where the document stands</label>\n<select id=\"{id}-status\" data-path=\"{path}.status\" data-kind=\"choice\">\n<option value=\"\">Not answered</option>"
            );
            for o in &f.options {
                let _ = writeln!(out, "<option value=\"{}\">{}</option>", e(o), e(&words(o)));
            }
            out.push_str("</select>\n");
            let _ = writeln!(
                out,
                "<label for=\"{id}-title\">Its title</label>\n<input type=\"text\" id=\"{id}-title\" data-path=\"{path}.title\" data-kind=\"text\">\n</fieldset>"
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "<div class=\"field\">\n<label for=\"{id}\">{wording} {shown_path}</label>"
            );
            let attrs = format!(
                "id=\"{id}\" data-path=\"{path}\" data-kind=\"{}\"",
                kind_name(f.kind)
            );
            let _ = match f.kind {
                Kind::LongText => writeln!(out, "<textarea {attrs} rows=\"4\"></textarea>"),
                Kind::Lines => writeln!(
                    out,
                    "<textarea {attrs} rows=\"3\" aria-describedby=\"{id}-hint\"></textarea>\n<p class=\"hint\" id=\"{id}-hint\">One per line.</p>"
                ),
                Kind::Date => writeln!(out, "<input type=\"date\" {attrs}>"),
                Kind::Integer => writeln!(
                    out,
                    "<input type=\"number\" step=\"1\" inputmode=\"numeric\" {attrs}>"
                ),
                Kind::Number => writeln!(
                    out,
                    "<input type=\"number\" step=\"any\" inputmode=\"decimal\" {attrs}>"
                ),
                _ => writeln!(out, "<input type=\"text\" {attrs}>"),
            };
            out.push_str("</div>\n");
        }
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::YesNo => "yes_no",
        Kind::Choice => "choice",
        Kind::Many => "many",
        Kind::Text => "text",
        Kind::LongText => "long_text",
        Kind::Lines => "lines",
        Kind::Date => "date",
        Kind::Integer => "integer",
        Kind::Number => "number",
        Kind::Document => "document",
    }
}

/// `GET /fill/{version}/outstanding`: the questions left, the findings not met, save and load.
fn outstanding(version: &str, fields: &[Field], token: &Token) -> Response {
    let mut body = String::new();
    intro(&mut body, version);
    sections_nav(&mut body, version, fields, None);
    let list: Vec<Value> = fields
        .iter()
        .map(|f| json!({"code": f.code, "path": f.path, "kind": f.kind, "section": section_of(&f.code)}))
        .collect();
    // A data block, not a script: the policy lets only the server's own files run.
    let _ = writeln!(
        body,
        "<script type=\"application/json\" id=\"questions\">{}</script>",
        json_in_html(&Value::Array(list))
    );
    let _ = writeln!(
        body,
        "<form class=\"questions\" data-version=\"{}\" data-section=\"outstanding\" novalidate></form>\n\
         <h2>Decisions so far</h2>\n<ul id=\"decisions\" aria-live=\"polite\"><li>Not checked yet.</li></ul>\n\
         <h2>Questions not yet answered</h2>\n<p>Questions the form does not ask because of your answers are left out.</p>\n<ul id=\"unanswered\"><li>Loading…</li></ul>\n\
         <h2>Findings not met or outstanding</h2>\n<ul id=\"not-met\" aria-live=\"polite\"><li>Not checked yet.</li></ul>\n\
         <h2>Save or load the submission</h2>\n\
         <p>Save the answers as a submission file (JSON) to keep them, send them, or check them later with <code>assure check</code>.</p>\n\
         <p><button type=\"button\" id=\"save\">Save the submission (JSON)</button></p>\n\
         <p><label for=\"load\">Load a submission (JSON) to carry on with it</label><br><input type=\"file\" id=\"load\" accept=\".json,application/json\"></p>\n\
         <p><button type=\"button\" id=\"forget\">Start again: forget the answers in this browser</button></p>",
        e(version)
    );
    let title = format!("DTAC {version}: what is still outstanding");
    Page {
        title: &title,
        nav: Nav::Fill,
        body: &body,
        scripts: &["fill.js"],
        token: Some(token.as_str()),
    }
    .render()
    .into_response()
}

/// JSON safe inside a `<script>` element: no `<` can close it.
fn json_in_html(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// `POST /api/check`: the submission typed so far, checked; the findings by the questions they
/// cite, and the questions the form now skips.
pub async fn check(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let worker = Arc::clone(&app);
    match tokio::task::spawn_blocking(move || live(&worker, &body)).await {
        Ok(v) => Json(v).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": "the check failed"})),
        )
            .into_response(),
    }
}

fn live(app: &App, body: &[u8]) -> Value {
    let (sub, problems) = match Submission::parse("questionnaire", body) {
        Ok(s) => (s, Vec::new()),
        Err(InputError::Schema { problems, .. }) => match unchecked(body) {
            Some(s) => (
                s,
                problems
                    .iter()
                    .map(|p| json!({"path": p.path, "message": p.message}))
                    .collect(),
            ),
            None => {
                return json!({"problems": [{"path": "", "message": "the answers are not a JSON object"}]});
            }
        },
        Err(e) => return json!({"problems": [{"path": "", "message": e.to_string()}]}),
    };
    let version = sub
        .value
        .pointer("/submission/dtac_version")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let report = assure::check_submission(app.set, &sub, app.as_of());
    let on_form = |refs: &[String]| -> Vec<String> {
        forms::questions(refs)
            .into_iter()
            .filter(|q| version.as_deref().is_none_or(|v| q.version == v))
            .map(|q| q.code)
            .collect()
    };
    let findings: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| !matches!(f.outcome, Outcome::NotApplicable | Outcome::NotEvaluated | Outcome::NotFired))
        .map(|f| json!({"rule": f.rule, "title": f.title, "outcome": f.outcome, "severity": f.severity, "message": f.message, "remedy": f.remedy, "codes": on_form(f.refs)}))
        .collect();
    let decisions: Vec<Value> = report
        .decisions
        .iter()
        .map(|d| json!({"title": d.title, "words": d.words}))
        .collect();
    json!({"problems": problems, "findings": findings, "skips": skips(app.set, &report, version.as_deref()), "decisions": decisions})
}

/// A submission the schema refused, evaluated anyway so the page can still show findings and
/// skips while the answers are incomplete; the schema's problems are shown beside them.
fn unchecked(body: &[u8]) -> Option<Submission> {
    let text = std::str::from_utf8(body).ok()?.to_owned();
    let value: Value = serde_json::from_str(&text).ok()?;
    value.is_object().then(|| Submission {
        name: "questionnaire".into(),
        file: "questionnaire".into(),
        hash: String::new(),
        line_base: 0,
        value,
        text,
        origins: Default::default(),
    })
}

/// The skip rules that fired: the questions of the submission's form version each takes out.
fn skips(set: &RuleSet, report: &assure::report::Report, version: Option<&str>) -> Vec<Value> {
    report
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::Fired)
        .filter_map(|f| set.rules.iter().find(|r| r.id == f.rule))
        .filter(|r| !r.skips.is_empty())
        .map(|r| {
            let codes: Vec<&str> = r
                .skips
                .iter()
                .filter(|q| version.is_none_or(|v| q.version == v))
                .map(|q| q.code.as_str())
                .collect();
            json!({"rule": r.id, "title": r.title, "codes": codes})
        })
        .filter(|v| v["codes"].as_array().is_some_and(|c| !c.is_empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_cite_questions_per_version() {
        let got = cited("True when logging is defined (DTAC 1.0 C3.5, 2.0 C3.6).");
        let codes: Vec<String> = got
            .iter()
            .map(|q| format!("{} {}", q.version, q.code))
            .collect();
        assert_eq!(codes, ["1.0 C3.5", "2.0 C3.6"]);
        assert!(cited("The product version (DTAC 2.0 section A).").is_empty());
        assert_eq!(cited("(DTAC 1.0 A4–A6)")[0].code, "A4");
        assert_eq!(cited("Plan (DTAC 2.0 C3.5.1). It need").len(), 1);
    }

    #[test]
    fn options_read_as_words() {
        assert_eq!(words("uk_only"), "UK only");
        assert_eq!(
            words("not_applicable_no_access"),
            "Not applicable no access"
        );
        assert_eq!(words("true"), "Yes");
    }

    #[test]
    fn codes_sort_in_form_order() {
        assert_eq!(section_of("C3.3"), Some("C3"));
        assert_eq!(section_of("A11"), Some("A"));
        assert_eq!(section_of("C31"), None);
        assert!(order("C3.10") > order("C3.9"));
        assert!(order("B1") > order("A11"));
    }

    #[test]
    fn the_v2_form_asks_the_charter_question_and_the_ones_it_skips() {
        let forms = Forms::from_schema();
        let (_, v2) = forms.get("2.0").unwrap();
        let find = |path: &str| v2.iter().find(|f| f.path == path);
        let charter = find("technical_security.cyber_security_charter.signed").unwrap();
        assert_eq!((charter.code.as_str(), charter.kind), ("C3.2", Kind::YesNo));
        assert_eq!(
            find("technical_security.penetration_test.date")
                .unwrap()
                .code,
            "C3.3"
        );
        let storage = find("data_protection.storage.location").unwrap();
        assert_eq!(storage.kind, Kind::Choice);
        assert!(storage.options.contains(&"uk_only".to_owned()));
        let (_, v1) = forms.get("1.0").unwrap();
        assert!(
            v1.iter()
                .all(|f| f.path != "technical_security.cyber_security_charter.signed")
        );
    }
}
