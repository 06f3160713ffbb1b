//! Hazard logs read where suppliers keep them: an NHS-template-shaped workbook made here with
//! word scales, checked through a submission that points at it (the mismatched risk is
//! reported at its cell); and the same hazards as CSV, an issue export and markdown files.

use assure::import::{self, Mapping};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::{Value, json};
use std::process::Command;

/// Three hazards; the third states initial risk 2 where the matrix gives 3 (likelihood low,
/// severity major).
fn template_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Hazards").unwrap();
    let plain = Format::new();
    ws.write_string(0, 0, "Hazard Log – ObsFlow v2.1").unwrap();
    ws.write_string(1, 0, "Clinical Safety Officer: Dr A. Example")
        .unwrap();
    ws.merge_range(2, 8, 2, 10, "Initial hazard risk assessment", &plain)
        .unwrap();
    ws.merge_range(2, 13, 2, 15, "Residual hazard risk assessment", &plain)
        .unwrap();
    let headers = [
        "Hazard ID",
        "Hazard name",
        "Description",
        "Cause(s)",
        "Effect",
        "Hazard",
        "Potential clinical impact",
        "Existing controls",
        "Severity",
        "Likelihood",
        "Clinical risk",
        "New/additional controls",
        "Control type",
        "Severity",
        "Likelihood",
        "Clinical risk",
        "Status",
        "Owner",
        "Colour",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let rows = [
        [
            "H-001",
            "Observations not shown",
            "Vitals missing from the chart",
            "Network drop\nSync fault",
            "Stale chart",
            "Missed deterioration",
            "Delayed escalation",
            "Offline banner",
            "Major",
            "Medium",
            "Undesirable",
            "Retry queue; Alert on sync failure",
            "Design",
            "Major",
            "Very low",
            "2",
            "Closed",
            "CSO",
            "amber",
        ],
        [
            "H-002",
            "Wrong patient selected",
            "Two similar names",
            "Search ranking",
            "Wrong record",
            "Wrong treatment",
            "Harm from wrong drug",
            "NHS number shown",
            "Considerable",
            "Low",
            "2",
            "Confirm dialog",
            "Design",
            "Considerable",
            "Very low",
            "2",
            "Open",
            "CSO",
            "green",
        ],
        [
            "H-003",
            "Alert not sent",
            "Escalation alert lost",
            "Queue overflow",
            "No alert",
            "Missed escalation",
            "Deterioration unnoticed",
            "Manual checks",
            "Major",
            "Low",
            "2",
            "Queue monitoring",
            "Test",
            "Major",
            "Very low",
            "2",
            "Open",
            "CSO",
            "red",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(4 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_template_workbook_reads_every_row_and_lists_the_unknown_column() {
    let imported =
        import::hazard_log("hazard-log.xlsx", &template_workbook(), &Mapping::default()).unwrap();
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let hazards = &imported.submission["clinical_safety"]["hazard_log"]["hazards"];
    assert_eq!(hazards.as_array().map(Vec::len), Some(3));
    assert_eq!(
        hazards[0]["initial"],
        json!({"severity": 4, "likelihood": 3, "risk": 3})
    );
    assert_eq!(
        hazards[0]["residual"],
        json!({"severity": 4, "likelihood": 1, "risk": 2})
    );
    assert_eq!(hazards[0]["causes"], json!(["Network drop", "Sync fault"]));
    assert_eq!(
        hazards[2]["controls"],
        json!([{"description": "Queue monitoring", "type": "testing"}])
    );
    let unmapped: Vec<String> = imported
        .unmapped
        .iter()
        .map(|u| format!("{} at {}", u.header, u.at))
        .collect();
    assert_eq!(unmapped, vec!["Colour at hazard-log.xlsx:Hazards!S4"]);
}

#[test]
fn check_reports_a_mismatched_risk_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hazard-log.xlsx"), template_workbook()).unwrap();
    let submission = json!({
        "schema_version": "2",
        "clinical_safety": { "hazard_log": {
            "document": { "status": "provided", "title": "Hazard log v2.1", "transcribed": true },
            "source": { "path": "hazard-log.xlsx" }
        }}
    });
    std::fs::write(dir.path().join("submission.json"), submission.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir(dir.path())
        .args([
            "check",
            "submission.json",
            "--format",
            "json",
            "--only",
            "dcb0129",
            "--as-of",
            "2026-06-01",
            "--no-config",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let findings = report["reports"][0]["findings"]
        .as_array()
        .or_else(|| report["findings"].as_array())
        .cloned()
        .unwrap_or_default();
    let haz = findings
        .iter()
        .find(|f| f["rule"] == "DCB0129-HAZ-03")
        .unwrap_or_else(|| panic!("no HAZ-03 in {report}"));
    assert_eq!(haz["outcome"], "fail", "{haz}");
    assert_eq!(
        haz["evidence"].as_array().map(Vec::len),
        Some(1),
        "only the third row mismatches: {haz}"
    );
    assert_eq!(haz["location"]["file"], "hazard-log.xlsx", "{haz}");
    assert_eq!(haz["location"]["cell"], "Hazards!K7", "{haz}");

    let sarif = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir(dir.path())
        .args([
            "check",
            "submission.json",
            "--format",
            "sarif",
            "--only",
            "dcb0129",
            "--as-of",
            "2026-06-01",
            "--no-config",
        ])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["ruleId"] == "DCB0129-HAZ-03"))
        .cloned()
        .unwrap_or_default();
    let at = &result["locations"][0]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], "hazard-log.xlsx", "{result}");
    assert_eq!(
        at["region"],
        json!({"startLine": 7, "startColumn": 11}),
        "{result}"
    );

    let text = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir(dir.path())
        .args([
            "check",
            "submission.json",
            "--only",
            "dcb0129",
            "--as-of",
            "2026-06-01",
            "--no-config",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("at hazard-log.xlsx:Hazards!K7"), "{text}");
}

#[test]
fn a_missing_source_names_the_submission_and_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let submission = json!({"schema_version": "2", "clinical_safety": {"hazard_log": {"source": {"path": "gone.xlsx"}}}});
    std::fs::write(dir.path().join("s.json"), submission.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .current_dir(dir.path())
        .args(["check", "s.json", "--no-config"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("s.json")
            && stderr.contains("gone.xlsx")
            && stderr.contains("clinical_safety.hazard_log.source"),
        "{stderr}"
    );
}

const CSV: &str = "\
Hazard ID,Title,Causes,Harm,Initial severity,Initial likelihood,Initial risk,New controls,Control type,Residual severity,Residual likelihood,Residual risk,Status
H-1,Observations not shown,Network drop; Sync fault,Delayed escalation,Major,Medium,3,Retry queue; Alert on sync failure,Design,Major,Very low,2,Open
H-2,Wrong patient selected,Search ranking,Harm from wrong drug,Considerable,Low,2,Confirm dialog,Design,Considerable,Very low,2,Closed
";

fn issue(number: u32, title: &str, body: &str, labels: &[&str], state: &str) -> Value {
    json!({"number": number, "title": title, "body": body, "state": state,
           "labels": labels.iter().map(|l| json!({"name": l})).collect::<Vec<_>>()})
}

/// One hazard file; the arguments are the hazard's fields, as a table row would give them.
#[allow(clippy::too_many_arguments)]
fn markdown(
    id: &str,
    title: &str,
    causes: &str,
    harm: &str,
    initial: [&str; 3],
    controls: &str,
    residual: [&str; 3],
    status: &str,
) -> String {
    format!(
        "# {id}: {title}\n\n## Causes\n{causes}\n\n## Harm\n{harm}\n\n## Initial assessment\n- Severity: {}\n- Likelihood: {}\n- Risk: {}\n\n## New controls\n{controls}\n\n## Control type\nDesign\n\n## Residual assessment\n- Severity: {}\n- Likelihood: {}\n- Risk: {}\n\n## Status\n{status}\n",
        initial[0], initial[1], initial[2], residual[0], residual[1], residual[2]
    )
}

#[test]
fn the_same_hazards_from_csv_issues_and_markdown_compare_equal() {
    let hazards =
        |i: &import::Imported| i.submission["clinical_safety"]["hazard_log"]["hazards"].clone();
    let csv = import::hazard_log("log.csv", CSV.as_bytes(), &Mapping::default()).unwrap();
    assert!(csv.problems.is_empty(), "{:?}", csv.problems);

    let body1 = "## Causes\n- Network drop\n- Sync fault\n\n## Harm\nDelayed escalation\n\n## New controls\n- Retry queue\n- Alert on sync failure\n\n## Control type\nDesign\n\n## Residual assessment\n- Severity: Major\n- Likelihood: Very low\n- Risk: 2\n";
    let body2 = "## Causes\nSearch ranking\n\n## Harm\nHarm from wrong drug\n\n## New controls\nConfirm dialog\n\n## Control type\nDesign\n\n## Residual assessment\n- Severity: 3\n- Likelihood: 1\n- Risk: 2\n";
    let export = json!([
        issue(
            1,
            "Observations not shown",
            body1,
            &[
                "hazard",
                "severity-4",
                "likelihood-3",
                "risk-level-3-undesirable"
            ],
            "open"
        ),
        issue(
            2,
            "Wrong patient selected",
            body2,
            &["hazard", "severity-3", "likelihood-2", "risk-level-2"],
            "closed"
        ),
        issue(3, "Update the README", "", &["documentation"], "open"),
    ]);
    let issues = import::hazard_log(
        "issues.json",
        export.to_string().as_bytes(),
        &Mapping::default(),
    )
    .unwrap();
    assert_eq!(issues.problems.len(), 1, "{:?}", issues.problems);
    assert!(issues.problems[0].message.contains("not labelled `hazard`"));

    let files = vec![
        (
            "hazards/H-1.md".to_owned(),
            markdown(
                "H-1",
                "Observations not shown",
                "- Network drop\n- Sync fault",
                "Delayed escalation",
                ["Major", "Medium", "3"],
                "- Retry queue\n- Alert on sync failure",
                ["Major", "Very low", "2"],
                "Open",
            )
            .into_bytes(),
        ),
        (
            "hazards/H-2.md".to_owned(),
            markdown(
                "H-2",
                "Wrong patient selected",
                "Search ranking",
                "Harm from wrong drug",
                ["Considerable", "Low", "2"],
                "- Confirm dialog",
                ["Considerable", "Very low", "2"],
                "Closed",
            )
            .into_bytes(),
        ),
    ];
    let md = import::hazard_folder(&files).unwrap();
    assert!(md.problems.is_empty(), "{:?}", md.problems);

    assert_eq!(hazards(&csv), hazards(&issues));
    assert_eq!(hazards(&csv), hazards(&md));
    let at = md.origins.lookup(&import::position::path(&[
        "clinical_safety",
        "hazard_log",
        "hazards",
        "1",
        "initial",
        "risk",
    ]));
    assert_eq!(
        at.map(ToString::to_string).as_deref(),
        Some("hazards/H-2.md:12:1")
    );
}
