//! DTAC forms read from their tables: the same v2.0 answers as a .docx (written here with the
//! zip crate and a minimal document.xml) and as a markdown table import to the same submission,
//! which validates and checks; what cannot be read is listed with its cell. Corrupt inputs are
//! exit 2 with a clear message.

use assure::import;
use serde_json::json;
use std::io::Write;
use std::process::Command;

const ANSWERS: &[(&str, &str, &str)] = &[
    ("A1", "Company name", "Example Health Ltd"),
    ("A2", "Product name", "ObsFlow"),
    ("A3", "Version", "2.1"),
    ("A4", "Product type", "Software as a Service (SaaS)"),
    ("A10", "Companies House number", "09876543"),
    ("C1.1.1", "Software as a medical device?", "No"),
    ("C1.2", "Real-time direct care?", "Yes"),
    ("C1.2.2", "DCB0129 clinical risk management?", "Yes"),
    (
        "C1.2.4",
        "Clinical Safety Case Report and Hazard Log",
        "Provided (https://docs.example.co.uk/cscr-v3.pdf)",
    ),
    ("C1.2.5", "CSO", "TBC"),
    ("C2.1", "DSPT status", "Confirmed"),
    (
        "C2.2.4",
        "Terms and conditions",
        "Not applicable as the product collects no user data",
    ),
    ("C3.2", "Cyber Security Charter signed?", "Yes"),
    (
        "C3.4",
        "Software Security Code of Practice",
        "Unable to confirm",
    ),
    ("C3.5.1", "Supplier privileged MFA", "Maybe later"),
    ("D1.2", "Tested with users?", "Working towards"),
    ("D1.5", "Availability", "99.95%"),
    ("E9", "Not a question", "ignored"),
];

fn markdown() -> String {
    let mut s =
        String::from("# DTAC form (version 2.0)\n\n| Code | Question | Answer |\n|---|---|---|\n");
    for (c, q, a) in ANSWERS {
        s.push_str(&format!("| {c} | {q} | {a} |\n"));
    }
    s
}

fn docx(rows: &[(&str, &str, &str)]) -> Vec<u8> {
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let body: String = rows
        .iter()
        .map(|(c, q, a)| format!("<w:tr>{}{}{}</w:tr>", cell(c), cell(q), cell(a)))
        .collect();
    let table = if rows.is_empty() {
        String::new()
    } else {
        format!(
            "<w:tbl>{}{body}</w:tbl>",
            format_args!(
                "<w:tr>{}{}{}</w:tr>",
                cell("Code"),
                cell("Question"),
                cell("Answer")
            )
        )
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>DTAC form version 2.0</w:t></w:r></w:p>{table}</w:body></w:document>"
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn a_v2_form_as_docx_and_as_markdown_imports_to_the_same_submission() {
    let md = import::dtac("form.md", markdown().as_bytes()).unwrap();
    let dx = import::dtac("form.docx", &docx(ANSWERS)).unwrap();
    assert_eq!(md.submission, dx.submission);
    let s = &md.submission;
    assert_eq!(s["submission"]["dtac_version"], "2.0");
    assert_eq!(s["product"]["product_type"], "saas");
    assert_eq!(s["company"]["companies_house_number"], "09876543");
    assert_eq!(
        s["clinical_safety"]["safety_case_report"]["document"],
        json!({"status": "provided", "url": "https://docs.example.co.uk/cscr-v3.pdf"})
    );
    assert_eq!(s["clinical_safety"]["cso"]["name"], "To be completed");
    assert_eq!(
        s["data_protection"]["terms_and_conditions"]["status"],
        "not_applicable"
    );
    assert_eq!(
        s["technical_security"]["software_security_code_of_practice"],
        "unable_to_confirm"
    );
    assert_eq!(
        s["usability_accessibility"]["user_acceptance_testing"],
        "working_towards"
    );
    assert_eq!(
        s["usability_accessibility"]["availability_percent"],
        json!(99.95)
    );
    assert!(
        s["technical_security"]
            .get("supplier_privileged_mfa")
            .is_none()
    );

    let listed = |i: &import::Imported| {
        i.problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    let mdp = listed(&md);
    assert!(mdp.contains(&"form.md:19:3: question C3.5.1: `Maybe later` is none of the form's options (not applicable, n a, yes, no)".to_owned()), "{mdp:#?}");
    assert!(
        mdp.iter().any(|p| p.contains("of the DTAC 2.0 form w")
            && p.contains("not found")
            && p.contains("C4.1")),
        "{mdp:#?}"
    );
    let dxp = listed(&dx);
    assert!(dxp.contains(&"form.docx:table 1, row 16, cell 3: question C3.5.1: `Maybe later` is none of the form's options (not applicable, n a, yes, no)".to_owned()), "{dxp:#?}");

    // The result is a valid submission that check runs on at once.
    let text = serde_json::to_string(&md.submission).unwrap();
    assure::submission::Submission::parse("form.json", text.as_bytes()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("form.docx"), docx(ANSWERS)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir(dir.path())
        .args(["import", "dtac", "form.docx", "-o", "form.json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("warning: form.docx:table 1, row 16, cell 3")
    );
    let check = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir(dir.path())
        .args(["check", "form.json", "--no-config", "--as-of", "2026-06-01"])
        .output()
        .unwrap();
    assert!(
        matches!(check.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

fn import_exit(args: &[&str], file: &str, bytes: &[u8]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir(dir.path())
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_corrupt_workbook_and_a_document_without_tables_are_exit_2() {
    let (code, err) = import_exit(
        &["import", "hazard-log"],
        "log.xlsx",
        b"PK\x03\x04 this is not a workbook",
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("log.xlsx: not a readable .xlsx workbook") && !err.contains("panicked"),
        "{err}"
    );
    let (code, err) = import_exit(
        &["import", "hazard-log"],
        "log.xlsx",
        &[0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("password-protected"), "{err}");
    let (code, err) = import_exit(&["import", "dtac"], "form.docx", &docx(&[]));
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("form.docx: the file has no tables"), "{err}");
    let (code, err) = import_exit(
        &["import", "hazard-log"],
        "log.csv",
        b"just,some\nwords,here\n",
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("no header row found"), "{err}");
}

#[test]
fn a_docx_hyperlink_keeps_its_address_as_the_documents_url() {
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let xml = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"{w}\" xmlns:r=\"{r}\"><w:body><w:p><w:r><w:t>Digital Technology Assessment Criteria (DTAC) version 2.0</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>C3.3</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Pen test summary</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space=\"preserve\">Provided: </w:t></w:r><w:hyperlink r:id=\"rId7\"><w:r><w:t>summary v2</w:t></w:r></w:hyperlink></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    );
    let rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://docs.example.co.uk/pentest-2026.pdf\" TargetMode=\"External\"/></Relationships>";
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.start_file(
        "word/_rels/document.xml.rels",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(rels.as_bytes()).unwrap();
    zip.finish().unwrap();
    let imported = import::dtac("form.docx", &buf.into_inner()).unwrap();
    assert_eq!(
        imported.submission["technical_security"]["penetration_test"]["summary_report"],
        json!({"status": "provided", "url": "https://docs.example.co.uk/pentest-2026.pdf"})
    );
}

#[test]
fn a_v1_form_reads_by_its_own_question_list() {
    let md = "# DTAC (version 1.0)\n\n| ID | Question | Answer |\n|---|---|---|\n| A9 | Companies House number | 09876543 |\n| C1.2 | CSO | Dr A. Example, GMC 1234567 |\n| C2.2 | DPO? | We do not need one |\n| C2.5 | Where is data stored? | In EU |\n| C3.3 | Custom code reviewed? | Yes – external review |\n| C3.6 | Load tested? | No |\n| D1.12.2 | Availability | 99.9 |\n";
    let imported = import::dtac("v1.md", md.as_bytes()).unwrap();
    let s = &imported.submission;
    assert_eq!(s["submission"]["dtac_version"], "1.0");
    assert_eq!(s["data_protection"]["dpo"]["status"], "not_required");
    assert_eq!(s["data_protection"]["storage"]["location"], "eu");
    assert_eq!(s["technical_security"]["code_review"]["status"], "external");
    assert_eq!(s["technical_security"]["load_testing"]["performed"], false);
    let text = serde_json::to_string(s).unwrap();
    assure::submission::Submission::parse("v1.json", text.as_bytes()).unwrap();
    assert!(
        imported
            .problems
            .iter()
            .all(|p| p.message.contains("not found in the file")),
        "{:?}",
        imported.problems
    );
}
