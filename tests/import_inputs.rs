//! Importing the awkward inputs real files hold (formulas without saved values, dates in scale
//! columns, a 100,000-row sheet), other form formats (.odt, .html), compliance assessments, and
//! merging into a submission without touching its other fields or overwriting an input.

use assure::import::{self, Mapping};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::{Value, json};
use std::io::Write;
use std::process::Command;

fn assure(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn formulas_and_dates_in_scale_columns_are_reported_at_their_cells() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Log").unwrap();
    for (c, h) in [
        "ID",
        "Title",
        "Initial severity",
        "Initial likelihood",
        "Initial risk",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "H-1").unwrap();
    ws.write_string(1, 1, "Formula risk").unwrap();
    ws.write_string(1, 2, "Major").unwrap();
    ws.write_string(1, 3, "Low").unwrap();
    // A formula saved without its value (as some generators write them) reads as 0.
    ws.write_formula(1, 4, "=VLOOKUP(C2,Matrix!A1:F6,2)")
        .unwrap();
    ws.write_string(2, 0, "H-2").unwrap();
    ws.write_string(2, 1, "A date typed as the likelihood")
        .unwrap();
    let date = ExcelDateTime::from_ymd(2025, 1, 1).unwrap();
    ws.write_datetime_with_format(2, 3, &date, &Format::new().set_num_format("yyyy-mm-dd"))
        .unwrap();
    let imported = import::hazard_log(
        "log.xlsx",
        &wb.save_to_buffer().unwrap(),
        &Mapping::default(),
    )
    .unwrap();
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        imported.submission["clinical_safety"]["hazard_log"]["hazards"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert!(
        problems
            .iter()
            .any(|p| p
                .starts_with("log.xlsx:Log!E2: initial risk `0` is not on the DCB0129 risk scale")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("log.xlsx:Log!D3: initial likelihood `2025-01-01`")),
        "{problems:#?}"
    );
}

#[test]
fn a_100000_row_sheet_is_refused_with_a_clear_error() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "ID").unwrap();
    ws.write_string(0, 1, "Title").unwrap();
    for r in 1..=100_000u32 {
        ws.write_number(r, 0, f64::from(r)).unwrap();
    }
    let err = import::hazard_log(
        "big.xlsx",
        &wb.save_to_buffer().unwrap(),
        &Mapping::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("sheet `Sheet1` has more than 20000 rows"),
        "{err}"
    );
}

fn odt(rows: &[[&str; 3]]) -> Vec<u8> {
    let cell = |t: &str| format!("<table:table-cell><text:p>{t}</text:p></table:table-cell>");
    let body: String = rows
        .iter()
        .map(|r| {
            format!(
                "<table:table-row>{}{}{}</table:table-row>",
                cell(r[0]),
                cell(r[1]),
                cell(r[2])
            )
        })
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text><table:table>{body}</table:table></office:text></office:body></office:document-content>"
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn odt_and_html_forms_read_like_the_others() {
    let rows = [
        ["A2", "Product name", "ObsFlow"],
        ["C3.2", "Charter signed?", "Yes"],
        ["D1.12", "Reporting", "Yes"],
    ];
    let from_odt = import::dtac("form.odt", &odt(&rows)).unwrap();
    // D1.12 is a v1.0 question: the codes say which form this is.
    assert_eq!(from_odt.submission["submission"]["dtac_version"], "1.0");
    let html = "<h1>DTAC form version 2.0</h1>\n<table>\n<tr><th>Code</th><th>Question</th><th>Answer</th></tr>\n<tr><td>A2</td><td>Product name</td><td>ObsFlow</td></tr>\n<tr><td>C1.2.4</td><td>CSCR</td><td>Provided: <a href=\"https://x.example/cscr.pdf\">CSCR v3</a></td></tr>\n</table>";
    let from_html = import::dtac("form.html", html.as_bytes()).unwrap();
    assert_eq!(from_html.submission["submission"]["dtac_version"], "2.0");
    assert_eq!(from_html.submission["product"]["name"], "ObsFlow");
    assert_eq!(
        from_html.submission["clinical_safety"]["safety_case_report"]["document"],
        json!({"status": "provided", "url": "https://x.example/cscr.pdf"})
    );
    let at = from_html
        .origins
        .lookup(&import::position::path(&["product", "name"]))
        .map(ToString::to_string);
    assert_eq!(at.as_deref(), Some("form.html:4:3"));
}

const COMPLIANCE: &str = "\
DCB0129 compliance assessment,,,
Clause,Requirement,Compliant?,Evidence
2.1.1,Clinical risk management process,Yes,CRMS v2 section 3
2.2.1,Clinical Safety Officer,Partially – deputy not named,CSO appointment letter
3.3.1,Hazard log,Maybe,Hazard log v7
4.1.2,Multidisciplinary hazard analysis,N/A,
";

#[test]
fn a_compliance_assessment_merges_into_a_submission_keeping_its_other_fields() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compliance.csv"), COMPLIANCE).unwrap();
    let original = json!({"schema_version": "2", "product": {"name": "ObsFlow"}, "clinical_safety": {"dcb0129_applies": true}});
    std::fs::write(
        dir.path().join("s.json"),
        serde_json::to_string_pretty(&original).unwrap(),
    )
    .unwrap();
    let (code, out, err) = assure(
        dir.path(),
        &["import", "compliance", "compliance.csv", "--into", "s.json"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: compliance.csv:5:3: clause 3.3.1: status `Maybe`"),
        "{err}"
    );
    let merged: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(merged["product"], original["product"]);
    assert_eq!(merged["clinical_safety"]["dcb0129_applies"], true);
    let clauses = &merged["clinical_safety"]["compliance_assessment"]["clauses"];
    assert_eq!(
        clauses[0],
        json!({"clause": "2.1.1", "requirement": "Clinical risk management process", "status": "yes", "evidence": "CRMS v2 section 3"})
    );
    assert_eq!(clauses[1]["status"], "partial");
    assert_eq!(clauses[3]["status"], "not_applicable");
    assure::submission::Submission::parse("merged.json", out.as_bytes()).unwrap();
}

#[test]
fn hazards_merge_into_a_submission_and_never_overwrite_an_input_by_accident() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("log.csv"),
        "ID,Title,Initial severity\nH-1,Wrong patient,Major\n",
    )
    .unwrap();
    let original = json!({"schema_version": "2", "product": {"name": "ObsFlow"}, "clinical_safety": {"hazard_log": {"version": "7", "hazards": [{"id": "OLD"}]}}});
    let text = serde_json::to_string_pretty(&original).unwrap();
    std::fs::write(dir.path().join("s.json"), &text).unwrap();
    let (code, _, err) = assure(
        dir.path(),
        &[
            "import",
            "hazard-log",
            "log.csv",
            "--into",
            "s.json",
            "-o",
            "s.json",
        ],
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("also an input") && err.contains("--in-place"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.json")).unwrap(),
        text
    );
    let (code, _, err) = assure(
        dir.path(),
        &[
            "import",
            "hazard-log",
            "log.csv",
            "--into",
            "s.json",
            "--in-place",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("s.json")).unwrap()).unwrap();
    assert_eq!(merged["product"], original["product"]);
    assert_eq!(merged["clinical_safety"]["hazard_log"]["version"], "7");
    assert_eq!(
        merged["clinical_safety"]["hazard_log"]["hazards"],
        json!([{"id": "H-1", "title": "Wrong patient", "initial": {"severity": 4}}])
    );
    let (code, _, err) = assure(
        dir.path(),
        &["import", "hazard-log", "log.csv", "-o", "s.json"],
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn an_upload_goes_to_the_importer_its_content_calls_for() {
    let kind = |name: &str, bytes: &[u8]| import::import_bytes(name, bytes).map(|i| i.kind);
    assert_eq!(
        kind("c.csv", COMPLIANCE.as_bytes()),
        Ok(import::Kind::Compliance)
    );
    assert_eq!(
        kind("form.md", b"| A2 | Product name | ObsFlow |\n"),
        Ok(import::Kind::Dtac)
    );
    assert_eq!(
        kind("log.csv", b"ID,Title\nH-1,Wrong patient\n"),
        Ok(import::Kind::HazardLog)
    );
    let err = import::import_bytes("notes.txt", b"hello").unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot tell the file's format from the extension `.txt`"),
        "{err}"
    );
}

#[test]
fn a_markdown_folder_source_and_a_mapping_file_are_read_at_check_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("hazards")).unwrap();
    std::fs::write(
        dir.path().join("hazards/H-004.md"),
        "# H-004: Wrong patient shown\n\n## Harm\nWrong treatment\n\n## Initial assessment\n- Severity: Major\n- Likelihood: Low\n- Risk: 1\n",
    )
    .unwrap();
    let sub = json!({"schema_version": "2", "clinical_safety": {"hazard_log": {"source": {"path": "hazards"}}}});
    std::fs::write(dir.path().join("s.json"), sub.to_string()).unwrap();
    let (_, out, err) = assure(
        dir.path(),
        &[
            "check",
            "s.json",
            "--format",
            "json",
            "--only",
            "dcb0129",
            "--no-config",
            "--as-of",
            "2026-06-01",
        ],
    );
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let findings = report["reports"][0]["findings"]
        .as_array()
        .or_else(|| report["findings"].as_array())
        .cloned()
        .unwrap_or_default();
    let haz = findings
        .iter()
        .find(|f| f["rule"] == "DCB0129-HAZ-03")
        .unwrap();
    assert_eq!(
        haz["location"],
        json!({"file": "hazards/H-004.md", "line": 9, "column": 1}),
        "{haz}"
    );
    // The input hash covers the hazard files: an edited log is a changed input.
    let hash = |r: &Value| {
        r["reports"][0]["input_hash"]
            .as_str()
            .or_else(|| r["input_hash"].as_str())
            .map(str::to_owned)
    };
    let before = hash(&report);
    std::fs::write(
        dir.path().join("hazards/H-004.md"),
        "# H-004: Wrong patient shown\n",
    )
    .unwrap();
    let (_, out, _) = assure(
        dir.path(),
        &[
            "check",
            "s.json",
            "--format",
            "json",
            "--no-config",
            "--as-of",
            "2026-06-01",
        ],
    );
    let after = hash(&serde_json::from_str(&out).unwrap());
    assert!(
        before.is_some() && after.is_some() && before != after,
        "{before:?} {after:?}"
    );

    std::fs::write(dir.path().join("log.csv"), "Ref,Summary,Sev,Like,Risk Score,Residual severity,Residual likelihood,Residual risk,RAG\nH-1,Wrong patient,4,2,3,4,1,2,red\n").unwrap();
    std::fs::write(dir.path().join("map.toml"), "[columns]\nSev = \"initial.severity\"\nLike = \"initial.likelihood\"\n\"Risk Score\" = \"initial.risk\"\nRAG = \"\"\n").unwrap();
    let sub = json!({"schema_version": "2", "clinical_safety": {"hazard_log": {"source": {"path": "log.csv", "mapping": "map.toml"}}}});
    std::fs::write(dir.path().join("s.json"), sub.to_string()).unwrap();
    let (code, out, err) = assure(
        dir.path(),
        &[
            "check",
            "s.json",
            "--format",
            "json",
            "--only",
            "dcb0129",
            "--no-config",
            "--as-of",
            "2026-06-01",
        ],
    );
    assert!(matches!(code, Some(0 | 1)), "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let findings = report["reports"][0]["findings"]
        .as_array()
        .or_else(|| report["findings"].as_array())
        .cloned()
        .unwrap_or_default();
    let haz = findings
        .iter()
        .find(|f| f["rule"] == "DCB0129-HAZ-03")
        .unwrap();
    assert_eq!(
        haz["outcome"], "pass",
        "the mapped columns give L2 S4 = risk 3, and L1 S4 = 2: {haz}"
    );

    // A row that cannot be read stops the check, naming the cell.
    std::fs::write(
        dir.path().join("log.csv"),
        "Ref,Summary,Sev,Like,Risk Score\nH-1,Wrong patient,4,often,3\n",
    )
    .unwrap();
    let (code, _, err) = assure(dir.path(), &["check", "s.json", "--no-config"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains(
            "log.csv:2:4: initial likelihood `often` is not on the DCB0129 likelihood scale"
        ),
        "{err}"
    );
}

/// A minimal OpenDocument spreadsheet: one sheet `Hazards`, a title row, then the header.
fn ods(rows: &[&[&str]]) -> Vec<u8> {
    let cell = |t: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>"
        )
    };
    let body: String = rows
        .iter()
        .map(|r| {
            format!(
                "<table:table-row>{}</table:table-row>",
                r.iter().map(|c| cell(c)).collect::<String>()
            )
        })
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"Hazards\">{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>").unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn an_ods_hazard_log_reads_like_an_xlsx_one() {
    let bytes = ods(&[
        &["Hazard log"],
        &[
            "Hazard ID",
            "Title",
            "Initial severity",
            "Initial likelihood",
            "Initial risk",
        ],
        &["H-1", "Wrong patient", "Major", "Low", "Catastrophic"],
    ]);
    let imported = import::hazard_log("log.ods", &bytes, &Mapping::default()).unwrap();
    assert_eq!(
        imported.submission["clinical_safety"]["hazard_log"]["hazards"][0]["initial"],
        json!({"severity": 4, "likelihood": 2})
    );
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(
            "log.ods:Hazards!E3: initial risk `Catastrophic` is not on the DCB0129 risk scale"
        ),
        "{problems:#?}"
    );
}
