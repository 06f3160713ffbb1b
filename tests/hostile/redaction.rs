//! Point 4: `--redact` leaves no personal value in any format: the test walks the submission
//! schema, writes a distinct marker into every personal field and an e-mail address and a
//! telephone number into every free-text field, adds a waiver whose approver and justification
//! carry them too, makes rules quote those fields (each field fails a local rule), and searches
//! every format's output.

use super::common::{AS_OF, command, fixture, json_bytes, run_with, temp_dir};
use assure::schema::Schema;
use serde_json::{Value, json};
use std::time::Duration;

const FORMATS: [&str; 8] = [
    "text", "json", "jsonl", "csv", "html", "markdown", "sarif", "junit",
];

/// Fills every string field reachable in `v` (following the schema): a personal one with a
/// marker, a free-text one with contact details; returns the values that must not survive.
fn fill(schema: &Schema, node: &Value, v: &mut Value, n: &mut usize, secrets: &mut Vec<String>) {
    let node = schema.resolve(node);
    match v {
        Value::String(s) => {
            *n += 1;
            if schema.is_personal(node) {
                *s = format!("Person{n:04}X");
                secrets.push(s.clone());
            } else if super::free_text(node) {
                let (mail, phone) = (format!("p{n}@example.org"), format!("07700 9{n:05}"));
                *s = format!("contact {mail} or {phone} today");
                secrets.extend([mail, phone]);
            }
        }
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                if let Some(child) = schema.property(node, k) {
                    fill(schema, child, x, n, secrets);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.items(node) {
                items
                    .iter_mut()
                    .for_each(|x| fill(schema, item, x, n, secrets));
            }
        }
        _ => {}
    }
}

/// A local rule per string field outside lists that fails and quotes it (`matches =
/// '^never$'`); fields inside lists are quoted by the built-in rules and `tests/redact.rs`.
fn quoting_rules(v: &Value, path: &str, out: &mut String, n: &mut usize) {
    match v {
        Value::String(_) if !path.contains('[') => {
            *n += 1;
            out.push_str(&format!(
                "[[rule]]\nid = \"RED-{n}\"\ntitle = \"t\"\narea = \"company\"\nseverity = \"minor\"\nfeeds = [\"dtac.A\"]\ncheck = {{ path = \"{path}\", matches = '^never$' }}\n\n"
            ));
        }
        Value::Object(map) => {
            for (k, x) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                quoting_rules(x, &p, out, n);
            }
        }
        _ => {}
    }
}

#[test]
fn no_personal_or_contact_value_survives_redaction_in_any_format() {
    let dir = temp_dir("redact-walk");
    let schema = Schema::submission();
    let mut v = fixture("complete-exemplar.json");
    let (mut n, mut secrets) = (0, Vec::new());
    fill(schema, schema.root(), &mut v, &mut n, &mut secrets);
    v["schema_version"] = json!("1");
    std::fs::write(dir.join("s.json"), json_bytes(&v)).expect("write");
    let mut rules = String::new();
    quoting_rules(&v, "", &mut rules, &mut 0);
    std::fs::create_dir_all(dir.join("rules/red")).expect("mkdir");
    std::fs::write(dir.join("rules/red/r.toml"), rules).expect("write");
    let company = v["company"]["legal_name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let number = v["company"]["companies_house_number"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    std::fs::write(
        dir.join("w.toml"),
        format!(
            "[[waiver]]\nrule = \"RED-1\"\ncompany = {{ legal_name = \"{company}\", number = \"{number}\" }}\nproduct = \"nothing\"\njustification = \"ask waiver.lead@example.org or +44 20 7946 0000\"\napprover = \"Dr Waiver Approver\"\nexpires = 2027-01-01\n\n[[waiver]]\nrule = \"RED-2\"\ncompany = {{ legal_name = \"{company}\", number = \"{number}\" }}\nsubmission = \"{}\"\njustification = \"ask waiver.lead@example.org or +44 20 7946 0000\"\napprover = \"Dr Waiver Approver\"\nexpires = 2027-01-01\n",
            v["submission"]["id"].as_str().unwrap_or_default()
        ),
    )
    .expect("write");
    secrets.extend([
        "Dr Waiver Approver".into(),
        "waiver.lead@example.org".into(),
        "7946 0000".into(),
    ]);
    for format in FORMATS {
        let args = [
            "check",
            "s.json",
            "--as-of",
            AS_OF,
            "--rules",
            "rules",
            "--waivers",
            "w.toml",
            "--format",
            format,
        ];
        let mut cmd = command(&args);
        cmd.current_dir(&*dir);
        let plain = run_with(cmd, b"", Duration::from_secs(120));
        assert!(
            secrets.iter().any(|s| plain.all().contains(s.as_str())),
            "{format}: the control run should show something: {}",
            plain.stderr
        );
        let mut cmd = command(&args);
        cmd.arg("--redact").current_dir(&*dir);
        let ran = run_with(cmd, b"", Duration::from_secs(120));
        for s in &secrets {
            let all = ran.all();
            let line = all.lines().find(|l| l.contains(s.as_str()));
            assert!(line.is_none(), "{format} shows `{s}`: {line:?}");
        }
    }
}
