//! The evidence register and expiry: every dated field of the submission schema is classified
//! (so a new one cannot be forgotten), the must-show fixture's pen test and Cyber Essentials
//! are both warned about under `--expiring-within 90d` with the re-assessment due on the earlier
//! lapse, and `assure evidence fixtures/ --format csv` lists every dated item of every fixture.

use assure::record::register::{self, Class};
use jiff::civil::date;
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

#[test]
fn every_dated_schema_field_is_in_the_register_or_deliberately_excluded() {
    let fields = register::date_fields();
    // 90 when this test was written; fewer would mean the walk lost some.
    assert!(
        fields.len() >= 90,
        "only {} dated fields found",
        fields.len()
    );
    let unclassified: Vec<&str> = fields
        .iter()
        .filter(|f| f.class == Class::Unclassified)
        .map(|f| f.path.as_str())
        .collect();
    assert!(
        unclassified.is_empty(),
        "dated fields neither in src/record/fields.rs FIELDS, nor evidence-document dates, nor EXCLUDED: {unclassified:?}"
    );
    // And every field named in the table exists in the schema (a typo would silently drop it).
    for f in assure::record::fields::FIELDS {
        assert!(
            fields.iter().any(|d| d.path == f.path),
            "{} is not a dated field of the schema",
            f.path
        );
    }
    for x in assure::record::fields::EXCLUDED {
        assert!(
            fields.iter().any(|d| d.path == *x),
            "{x} is not a dated field"
        );
    }
}

#[test]
fn lapses_follow_the_standards() {
    let value = serde_json::json!({
        "technical_security": {
            "penetration_test": { "date": "2025-12-01" },
            "cyber_essentials": { "issue_date": "2025-12-11", "expiry_date": "2026-12-11" }
        },
        "data_protection": { "dspt": { "published_date": "2026-06-15" } },
        "clinical_safety": { "crm_system": { "last_review_date": "2026-01-27", "review_interval_months": 6 } }
    });
    let items = register::register(&value, None, date(2026, 11, 1));
    let due = |path: &str| {
        items
            .iter()
            .find(|i| i.path == path)
            .and_then(|i| i.due.clone())
    };
    assert_eq!(
        due("technical_security.penetration_test.date").as_deref(),
        Some("2026-12-01")
    );
    assert_eq!(
        due("technical_security.cyber_essentials.expiry_date").as_deref(),
        Some("2026-12-11")
    );
    // With an expiry date given, the issue date is only a dated record.
    assert_eq!(due("technical_security.cyber_essentials.issue_date"), None);
    assert_eq!(
        due("data_protection.dspt.published_date").as_deref(),
        Some("2027-06-30")
    );
    assert_eq!(
        due("clinical_safety.crm_system.last_review_date").as_deref(),
        Some("2026-07-27")
    );
    let first = register::reassessment(&items).expect("something lapses");
    assert_eq!(first.path, "clinical_safety.crm_system.last_review_date");
    assert_eq!(first.days_left, Some(-97));
}

#[test]
fn expiring_within_90_days_warns_about_the_pen_test_and_cyber_essentials() {
    let (out, _, code) = assure(&[
        "check",
        "fixtures/evidence-lapsing.json",
        "--as-of",
        "2026-11-01",
        "--expiring-within",
        "90d",
        "--no-config",
        "--color",
        "never",
    ]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("evidence_lapsing_expiring_within_90d", out);
    let (json, _, _) = assure(&[
        "check",
        "fixtures/evidence-lapsing.json",
        "--as-of",
        "2026-11-01",
        "--expiring-within",
        "90d",
        "--no-config",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let r = &v["reports"][0];
    assert_eq!(r["reassessment_due"]["date"], "2026-12-01");
    assert_eq!(
        r["reassessment_due"]["path"],
        "technical_security.penetration_test.date"
    );
    let expiring = r["expiring"].as_array().expect("expiring");
    let find = |p: &str| expiring.iter().find(|x| x["path"] == p).expect(p);
    let pen = find("technical_security.penetration_test.date");
    assert_eq!(
        (pen["lapses"].as_str(), pen["days_left"].as_i64()),
        (Some("2026-12-01"), Some(30))
    );
    assert_eq!(pen["then_fails"][0]["rule"], "DTAC-C3-02");
    let ce = find("technical_security.cyber_essentials.expiry_date");
    assert_eq!(
        (ce["lapses"].as_str(), ce["days_left"].as_i64()),
        (Some("2026-12-11"), Some(40))
    );
    assert_eq!(ce["then_fails"][0]["rule"], "DTAC-C3-01");
    // A narrower window leaves Cyber Essentials out.
    let (narrow, _, _) = assure(&[
        "check",
        "fixtures/evidence-lapsing.json",
        "--as-of",
        "2026-11-01",
        "--expiring-within",
        "35d",
        "--no-config",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&narrow).expect("json");
    assert_eq!(
        v["reports"][0]["expiring"].as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn a_bad_window_is_a_usage_error() {
    let (_, err, code) = assure(&[
        "check",
        "fixtures/evidence-lapsing.json",
        "--expiring-within",
        "soon",
        "--no-config",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`--expiring-within soon` is not a window"),
        "{err}"
    );
}

#[test]
fn evidence_csv_lists_every_dated_item_of_every_fixture() {
    let (csv, err, code) = assure(&[
        "evidence",
        "fixtures/",
        "--as-of",
        "2026-11-01",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    // Every dated value of every fixture (less the excluded fields) is a row.
    let mut expected = 0;
    for entry in std::fs::read_dir("fixtures").expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        let n = register::register(&value, None, date(2026, 11, 1)).len();
        assert!(n > 0, "{} has no dated items", path.display());
        let name = path.display().to_string();
        assert_eq!(
            rows.iter().filter(|r| &r[0] == name.as_str()).count(),
            n,
            "{name}"
        );
        expected += n;
    }
    assert_eq!(rows.len(), expected);
    // Sorted by the day each is due (or dated).
    let keys: Vec<String> = rows
        .iter()
        .map(|r| {
            if r[7].is_empty() {
                r[6].to_owned()
            } else {
                r[7].to_owned()
            }
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "not sorted by date");
    let (html, _, _) = assure(&[
        "evidence",
        "fixtures/",
        "--as-of",
        "2026-11-01",
        "--format",
        "html",
    ]);
    assert!(html.contains("<h2 id=\"timeline-h\">The coming twelve months</h2>"));
    assert!(html.contains("<h3>December 2026</h3>"));
}

#[test]
fn the_lapsing_subset_is_the_register_s_lapsing_items() {
    for name in [
        "fixtures/evidence-lapsing.json",
        "fixtures/ai-symptom-checker.json",
        "fixtures/trust-deployment.json",
    ] {
        let value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(name).expect("read")).expect("json");
        let all = register::register(&value, None, date(2026, 11, 1));
        let lapsing = register::lapsing(&value, None, date(2026, 11, 1));
        let from_all: Vec<_> = all.into_iter().filter(|i| i.lapse().is_some()).collect();
        assert_eq!(
            lapsing
                .iter()
                .filter(|i| i.lapse().is_some())
                .cloned()
                .collect::<Vec<_>>(),
            from_all,
            "{name}"
        );
    }
}
