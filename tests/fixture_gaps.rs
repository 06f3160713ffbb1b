//! Each fixture's deliberate gaps are exactly its failing findings: every gap listed in
//! `fixtures/gaps.toml` fails (rule and path), and nothing else fails or errors; the evidence it
//! leaves outstanding is exactly what is listed; and each decision listed, and each DTAC section
//! (with the form version assessed), comes out so.

use std::collections::{BTreeMap, BTreeSet};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    gaps: Vec<Gap>,
    #[serde(default)]
    outstanding: Vec<Gap>,
    #[serde(default)]
    decisions: BTreeMap<String, String>,
    /// The DTAC form version assessed (`form`) and each assessed section's status (`C1` …).
    #[serde(default)]
    dtac: BTreeMap<String, String>,
}

#[derive(serde::Deserialize, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[serde(deny_unknown_fields)]
struct Gap {
    rule: String,
    path: String,
}

/// Reports, both ways, how the findings `got` differ from those listed (`want`).
fn compare(name: &str, what: &str, got: &BTreeSet<Gap>, want: &[Gap], problems: &mut Vec<String>) {
    let want: BTreeSet<Gap> = want
        .iter()
        .map(|g| Gap {
            rule: g.rule.clone(),
            path: g.path.clone(),
        })
        .collect();
    for g in want.difference(got) {
        problems.push(format!(
            "{name}: {} at `{}` is listed as {what} but is not",
            g.rule, g.path
        ));
    }
    for g in got.difference(&want) {
        problems.push(format!(
            "{name}: {} is {what} at `{}`, which is not listed",
            g.rule, g.path
        ));
    }
}

#[test]
fn each_fixtures_gaps_are_exactly_its_failing_findings() {
    let text = std::fs::read_to_string("fixtures/gaps.toml").expect("fixtures/gaps.toml exists");
    let expected: BTreeMap<String, Entry> = toml::from_str(&text).expect("gaps.toml parses");
    let set = assure::load_rules(&[]).expect("the built-in rules load");
    let as_of = "2026-11-01".parse().expect("date");
    let mut files: Vec<_> = std::fs::read_dir("fixtures")
        .expect("fixtures/")
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(entry) = expected.get(&name) else {
            problems.push(format!("{name}: not listed in fixtures/gaps.toml"));
            continue;
        };
        let run = assure::check_inputs(&set, &[assure::inputs::Input::Path(file.clone())], as_of);
        assert!(
            run.errors.is_empty(),
            "{name} did not load: {:?}",
            run.errors
        );
        let report = &run.reports[0];
        let of = |outcomes: &[assure::rules::Outcome]| -> BTreeSet<Gap> {
            report
                .findings
                .iter()
                .filter(|f| outcomes.contains(&f.outcome))
                .map(|f| Gap {
                    rule: f.rule.to_owned(),
                    path: f.path.clone().unwrap_or_default(),
                })
                .collect()
        };
        use assure::rules::Outcome;
        compare(
            &name,
            "failing",
            &of(&[Outcome::Fail, Outcome::Error]),
            &entry.gaps,
            &mut problems,
        );
        compare(
            &name,
            "outstanding",
            &of(&[Outcome::Outstanding]),
            &entry.outstanding,
            &mut problems,
        );
        let dtac = report.decision("dtac");
        for (key, want) in &entry.dtac {
            let got = match (dtac, key.as_str()) {
                (Some(d), "form") => d.form_version.clone().unwrap_or_default(),
                (Some(d), part) => d
                    .parts
                    .iter()
                    .find(|p| p.part == part)
                    .map_or("(none)".to_owned(), |p| p.status.as_str().to_owned()),
                (None, _) => "(no DTAC decision)".to_owned(),
            };
            if &got != want {
                problems.push(format!("{name}: DTAC {key} is {got}, not {want}"));
            }
        }
        for (decision, want) in &entry.decisions {
            let got = report
                .decision(decision)
                .map_or("(none)", |d| d.status.as_str());
            if got != want {
                problems.push(format!(
                    "{name}: the {decision} decision is {got}, not {want}"
                ));
            }
        }
    }
    assert_eq!(
        expected.len(),
        files.len(),
        "gaps.toml lists fixtures that do not exist"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
