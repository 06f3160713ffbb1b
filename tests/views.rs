//! The assessor's views: `--view dtac` lists every question of the submission's form version in
//! form order (checked against the catalogue), `--view dcb0129` every DCB0129 clause of the
//! catalogue, each in text, Markdown, HTML and CSV; the record's columns appear beside them.

use std::process::Command;

fn assure(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(args)
        .output()
        .expect("run assure");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn view(file: &str, which: &str, format: &str) -> String {
    let (out, err, code) = assure(&[
        "check",
        file,
        "--as-of",
        "2026-11-01",
        "--no-config",
        "--color",
        "never",
        "--view",
        which,
        "--format",
        format,
    ]);
    assert!(code == 0 || code == 1, "{err}");
    out
}

/// The codes of a catalogue, in its order, without the standard's prefix.
fn codes(catalogue: &str, prefix: &str) -> Vec<String> {
    let text = std::fs::read_to_string(catalogue).expect("read the catalogue");
    text.lines()
        .filter_map(|l| l.strip_prefix("ref = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .map(|r| r.strip_prefix(prefix).unwrap_or(r).trim().to_owned())
        .collect()
}

/// The codes the CSV view lists for one file, in order.
fn csv_codes(csv: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.expect("row")[2].to_owned())
        .collect()
}

#[test]
fn the_dtac_view_lists_every_v2_question_in_form_order() {
    let csv = view("fixtures/v2-saas-clinical.json", "dtac", "csv");
    let expected = codes("docs/catalogue/dtac-2.0.toml", "DTAC 2.0");
    assert_eq!(expected.len(), 58);
    assert_eq!(csv_codes(&csv), expected);
    insta::assert_snapshot!(
        "view_dtac_v2_saas_clinical_text",
        view("fixtures/v2-saas-clinical.json", "dtac", "text")
    );
    insta::assert_snapshot!(
        "view_dtac_v2_saas_clinical_html",
        view("fixtures/v2-saas-clinical.json", "dtac", "html")
    );
    // A 1.0 submission gets the 1.0 form.
    let v1 = view("fixtures/ai-symptom-checker.json", "dtac", "csv");
    assert_eq!(
        csv_codes(&v1),
        codes("docs/catalogue/dtac.toml", "DTAC 1.0")
    );
    insta::assert_snapshot!(
        "view_dtac_ai_symptom_checker_markdown",
        view("fixtures/ai-symptom-checker.json", "dtac", "markdown")
    );
}

#[test]
fn the_dcb0129_view_lists_every_clause_of_the_catalogue() {
    let csv = view("fixtures/ai-symptom-checker.json", "dcb0129", "csv");
    assert_eq!(
        csv_codes(&csv),
        codes("docs/catalogue/dcb0129.toml", "DCB0129")
    );
    insta::assert_snapshot!("view_dcb0129_ai_symptom_checker_csv", csv);
    let text = view("fixtures/ai-symptom-checker.json", "dcb0129", "text");
    insta::assert_snapshot!("view_dcb0129_ai_symptom_checker_text", text);
    // The deploying organisation's view lists every DCB0160 entry of its catalogue.
    let dcb0160 = view("fixtures/trust-deployment.json", "dcb0160", "csv");
    assert_eq!(
        csv_codes(&dcb0160),
        codes("docs/catalogue/dcb0160.toml", "DCB0160")
    );
    insta::assert_snapshot!("view_dcb0160_trust_deployment_csv", dcb0160);
}

#[test]
fn a_view_is_only_text_markdown_html_or_csv() {
    let (_, err, code) = assure(&[
        "check",
        "fixtures/v2-saas-clinical.json",
        "--no-config",
        "--view",
        "dtac",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`--view` is written as text, markdown, html or csv"),
        "{err}"
    );
}
