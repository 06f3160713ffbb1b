//! `--redact`: no personal value of a submission (fields marked `"x-personal": true` in the
//! submission schema) reaches any output format, while the findings still say what is wrong.

mod common;

use assure::schema::Schema;
use common::{AS_OF, assure, fixture, json_bytes, temp_dir};
use serde_json::{Value, json};
use std::path::Path;

const FORMATS: &[&str] = &["text", "json"];

/// Every string a submission holds at a personal field.
fn personal_values(v: &Value) -> Vec<String> {
    let schema = Schema::submission();
    let mut out = Vec::new();
    collect(schema, schema.root(), v, &mut out);
    out
}

fn collect(schema: &Schema, node: &Value, v: &Value, out: &mut Vec<String>) {
    if schema.is_personal(node) {
        match v {
            Value::String(s) => out.push(s.clone()),
            other => out.push(other.to_string()),
        }
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if let Some(child) = schema.property(node, k) {
                    collect(schema, child, x, out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.items(node) {
                for x in items {
                    collect(schema, item, x, out);
                }
            }
        }
        _ => {}
    }
}

fn check(file: &Path, format: &str, redact: bool) -> String {
    let file = file.display().to_string();
    let mut args = vec!["check", &file, "--as-of", AS_OF, "--format", format];
    if redact {
        args.push("--redact");
    }
    let ran = assure(&args);
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    ran.all()
}

fn bad_registration() -> Value {
    let mut v = fixture("complete-exemplar.json");
    v["clinical_safety"]["cso"]["registration_body"] = json!("gmc");
    v["clinical_safety"]["cso"]["registration_number"] = json!("GMC-99-XYZ");
    v
}

#[test]
fn a_bad_cso_registration_number_is_reported_but_not_shown() {
    let dir = temp_dir("redact-reg");
    let file = dir.join("bad-registration.json");
    std::fs::write(&file, json_bytes(&bad_registration())).expect("write");
    for format in FORMATS {
        let plain = check(&file, format, false);
        assert!(plain.contains("GMC-99-XYZ"), "control: {plain}");
        let redacted = check(&file, format, true);
        assert!(!redacted.contains("GMC-99-XYZ"), "{format}: {redacted}");
        assert!(redacted.contains("DCB0129-CSO-02"), "{redacted}");
        assert!(
            redacted.contains("`clinical_safety.cso.registration_number` is `[redacted]`"),
            "{format}: {redacted}"
        );
    }
}

#[test]
fn no_personal_value_of_any_fixture_reaches_any_output() {
    let dir = temp_dir("redact-all");
    let mut files: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
            .expect("fixtures/")
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
    let extra = dir.join("bad-registration.json");
    std::fs::write(&extra, json_bytes(&bad_registration())).expect("write");
    files.push(extra);
    files.sort();
    for file in &files {
        let value: Value =
            serde_json::from_slice(&std::fs::read(file).expect("read")).expect("JSON");
        let secrets = personal_values(&value);
        for format in FORMATS {
            let out = check(file, format, true);
            for s in secrets.iter().filter(|s| s.len() >= 4) {
                assert!(
                    !out.contains(s.as_str()),
                    "{} ({format}) shows personal value `{s}`",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn a_personal_field_of_the_wrong_type_is_masked_in_the_schema_error() {
    let dir = temp_dir("redact-schema");
    let mut v = fixture("complete-exemplar.json");
    v["clinical_safety"]["cso"]["name"] = json!(["Dr Verity Secret", "GMC 1234567"]);
    let file = dir.join("wrong-type.json");
    std::fs::write(&file, json_bytes(&v)).expect("write");
    for format in FORMATS {
        let plain = check(&file, format, false);
        assert!(plain.contains("Verity Secret"), "control: {plain}");
        let redacted = check(&file, format, true);
        assert!(!redacted.contains("Verity Secret"), "{format}: {redacted}");
        // The bare digits appear in a rule's remedy in the catalogue (an example number).
        assert!(!redacted.contains("GMC 1234567"), "{format}: {redacted}");
        assert!(
            redacted.contains("`clinical_safety.cso.name`: [redacted] is not of type"),
            "{format}: {redacted}"
        );
    }
}

#[test]
fn an_observed_object_keeps_its_shape_with_personal_fields_masked() {
    // A local rule that reports the whole CSO object: its name and registration must be masked,
    // the rest of the object shown.
    let dir = temp_dir("redact-object");
    let rules = dir.join("rules/local/cso.toml");
    std::fs::create_dir_all(rules.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"LOCAL-CSO\"\ntitle = \"No CSO at all\"\narea = \"clinical-safety\"\n\
         severity = \"minor\"\nfeeds = [\"dtac.C1\"]\ncheck = { path = \"clinical_safety.cso\", present = false }\n",
    )
    .expect("write rules");
    let file = dir.join("sub.json");
    std::fs::write(&file, json_bytes(&bad_registration())).expect("write");
    let rules_dir = dir.join("rules").display().to_string();
    let file = file.display().to_string();
    let ran = assure(&[
        "check", &file, "--as-of", AS_OF, "--format", "json", "--redact", "--rules", &rules_dir,
    ]);
    let report: Value = serde_json::from_str(&ran.stdout).expect("JSON report");
    let finding = report["reports"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "LOCAL-CSO")
        .expect("the local rule ran");
    assert_eq!(finding["outcome"], "fail");
    let cso = &finding["observed"];
    assert_eq!(cso["name"], "[redacted]");
    assert_eq!(cso["registration_number"], "[redacted]");
    assert_eq!(cso["registration_body"], "gmc");
    assert!(!ran.stdout.contains("Eilidh"), "{}", ran.stdout);
    assert!(!ran.stdout.contains("GMC-99-XYZ"), "{}", ran.stdout);
}
