//! The rule author's and the supplier's tools end to end: `rules lint`, `rules explain`,
//! `rules test`, `rules list` filters, `init`, `schema`, `completions` and `man`.

mod common;

use common::{output as assure, text};

const CONFIG: &str = "tests/data/local-pack/assure.toml";

#[test]
fn lint_reports_every_mistake_at_once_with_positions() {
    let out = assure(&["rules", "lint", "tests/data/lint"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("lint_three_mistakes", text(&out.stdout));
}

#[test]
fn lint_of_the_built_in_rules_is_clean() {
    let out = assure(&["rules", "lint"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).starts_with("no problems in "));
}

#[test]
fn lint_json_gives_each_problem_with_its_position() {
    let out = assure(&["rules", "lint", "tests/data/lint", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let at: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| format!("{}:{}", p["line"], p["column"]))
        .collect();
    assert_eq!(at, ["11:18", "30:73", "42:1", "42:1"]);
}

#[test]
fn explain_prints_doc_refs_severity_remedy_and_examples() {
    let out = assure(&["rules", "explain", "ICB-SEC-01", "--config", CONFIG]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    insta::assert_snapshot!("explain_local_rule", text(&out.stdout));
}

#[test]
fn explain_shows_a_severity_override_and_its_source() {
    let out = assure(&[
        "rules",
        "explain",
        "dcb0129-haz-03",
        "--config",
        CONFIG,
        "--format",
        "json",
    ]);
    let rule: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        (
            rule["id"].as_str(),
            rule["severity"].as_str(),
            rule["declared_severity"].as_str()
        ),
        (Some("DCB0129-HAZ-03"), Some("blocker"), Some("major"))
    );
    let out = assure(&["rules", "explain", "DCB0129-HAZ-03", "--config", CONFIG]);
    assert!(text(&out.stdout).contains("severity  blocker (set by tests/data/local-pack/assure.toml:10:1; the rule declares major)"), "{}", text(&out.stdout));
}

#[test]
fn explain_of_an_unknown_rule_exits_2_with_a_suggestion() {
    let out = assure(&["rules", "explain", "DTAC-C3-2"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: unknown rule `DTAC-C3-2`\n  fix: did you mean `DTAC-C3-02`?\n"
    );
}

#[test]
fn rules_test_exits_0_when_examples_hold_1_on_a_mismatch_2_on_load_errors() {
    let ok = assure(&["rules", "test", "tests/data/local-pack/policy"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stdout));
    assert_eq!(
        text(&ok.stdout),
        "3 examples of 1 rule: 3 as expected, 0 not\n"
    );
    let bad = assure(&["rules", "test", "tests/data/rules-test/mismatch"]);
    assert_eq!(bad.status.code(), Some(1));
    insta::assert_snapshot!("rules_test_mismatch", text(&bad.stdout));
    let broken = assure(&["rules", "test", "tests/data/lint"]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        text(&broken.stderr).contains("mistakes.toml:30:73: rule LINT-02: bad regex"),
        "{}",
        text(&broken.stderr)
    );
    assert_eq!(
        assure(&["rules", "test"]).status.code(),
        Some(0),
        "the built-in examples hold"
    );
}

#[test]
fn lint_and_test_without_a_dir_audit_the_project_files_local_packs() {
    let in_project = |args: &[&str]| common::output_in("tests/data/local-pack", args);
    // `assure.toml` in the working directory adds `policy/`: one file, one rule, three examples.
    for out in [
        in_project(&["rules", "lint"]),
        assure(&["rules", "lint", "--config", CONFIG]),
    ] {
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(text(&out.stdout), "no problems in 1 rule file\n");
    }
    for out in [
        in_project(&["rules", "test"]),
        assure(&["rules", "test", "--config", CONFIG]),
    ] {
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            text(&out.stdout),
            "3 examples of 1 rule: 3 as expected, 0 not\n"
        );
    }
    // A project whose local pack has mistakes: they are found without naming the directory.
    let dir = std::env::temp_dir().join(format!("assure-lint-project-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let lint_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lint");
    let config = dir.join("assure.toml");
    std::fs::write(
        &config,
        format!("rules = [{:?}]\n", lint_dir.display().to_string()),
    )
    .expect("write");
    let out = assure(&["rules", "lint", "--config", &config.display().to_string()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("rule LINT-01: unknown path"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_local_rules_control_characters_are_shown_not_obeyed() {
    let dir = std::env::temp_dir().join(format!("assure-evil-pack-{}", std::process::id()));
    let pack = dir.join("evil");
    std::fs::create_dir_all(&pack).expect("mkdir");
    let rule = std::fs::read_to_string("tests/data/local-pack/policy/security.toml")
        .expect("read")
        .replace(
            "title = \"Large-scale",
            "title = \"\\u001B[2J\\u202Eevil\\u202C Large-scale",
        );
    std::fs::write(pack.join("security.toml"), rule).expect("write");
    let d = dir.display().to_string();
    let list = assure(&["rules", "list", "--rules", &d, "--only", "evil"]);
    let explain = assure(&["rules", "explain", "ICB-SEC-01", "--rules", &d]);
    let _ = std::fs::remove_dir_all(&dir);
    for out in [&list, &explain] {
        let shown = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            shown.contains("\\u{1b}[2J\\u{202e}evil\\u{202c} Large-scale"),
            "{shown}"
        );
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
            "{shown}"
        );
    }
}

#[test]
fn rules_list_filters_by_pack_area_and_severity() {
    let list = |extra: &[&str]| {
        let mut args = vec!["rules", "list", "--config", CONFIG, "--format", "json"];
        args.extend_from_slice(extra);
        let out = assure(&args);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["id"].as_str().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    assert_eq!(list(&["--pack", "policy"]), ["ICB-SEC-01"]);
    assert_eq!(
        list(&[
            "--pack",
            "policy",
            "--area",
            "technical-security",
            "--severity",
            "major,blocker"
        ]),
        ["ICB-SEC-01"]
    );
    assert!(list(&["--pack", "policy", "--severity", "info"]).is_empty());
    assert!(list(&["--area", "clinical-safety"]).contains(&"DCB0129-HAZ-03".to_owned()));
    assert!(
        !list(&[]).contains(&"DTAC-D1-12.2".to_owned()),
        "disabled by the project file"
    );
    let out = assure(&["rules", "list", "--area", "clinical-saftey"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `clinical-safety`?"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn init_writes_a_template_of_placeholders_that_reads_as_a_submission() {
    let out = assure(&["init"]);
    assert_eq!(out.status.code(), Some(0));
    let template: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the template is JSON");
    if let Err(e) = assure::submission::Submission::parse("template.json", &out.stdout) {
        panic!("the template does not read: {e}");
    }
    // Every answer is a placeholder, whatever its type: none is a stand-in a rule could pass.
    assert_eq!(
        template["technical_security"]["mfa_privileged_accounts"],
        "<true or false: True when every privileged account uses multi-factor authentication (DTAC 1.0 C3.4).>"
    );
    assert_eq!(template["$schema"], "./submission.schema.json");
    assert!(
        template["company"]["legal_name"]
            .as_str()
            .is_some_and(|s| s.starts_with("<The organisation's registered legal name"))
    );
}

#[test]
fn init_output_is_checked_and_never_overwritten_silently() {
    let dir = std::env::temp_dir().join(format!("assure-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("submission.json");
    let path = file.to_str().unwrap_or_default();
    assert_eq!(assure(&["init", "--output", path]).status.code(), Some(0));
    let again = assure(&["init", "--output", path]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    // The unedited template passes no rule and fails none: everything is to be completed.
    let check = assure(&["check", path, "--as-of", "2026-11-01", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
    let report = &report["reports"][0];
    let passed: Vec<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| matches!(f["outcome"].as_str(), Some("pass" | "fired" | "fail")))
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(passed.is_empty(), "decided on placeholders: {passed:?}");
    assert!(report["to_be_completed"].as_u64().is_some_and(|n| n > 500));
    assert!(
        report["decisions"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|d| d["status"] == "outstanding"),
        "{}",
        report["decisions"]
    );
    let said = assure(&["check", path, "--as-of", "2026-11-01"]);
    assert!(
        text(&said.stdout).contains("answers are still to be completed"),
        "{}",
        text(&said.stdout)
    );
    // A supplier gating CI on the DTAC decision sees the template is not ready.
    let gated = assure(&[
        "check",
        path,
        "--as-of",
        "2026-11-01",
        "--fail-on-decision",
        "dtac=outstanding",
    ]);
    assert_eq!(gated.status.code(), Some(1));
    let guide = assure(&["init", "--format", "markdown"]);
    assert!(
        text(&guide.stdout)
            .contains("| `technical_security.penetration_test.date` | text (date) |")
    );
}

#[test]
fn schema_prints_each_embedded_schema() {
    for (name, embedded) in [
        ("submission", assure::schema::SUBMISSION_SCHEMA),
        ("report", assure::schema::REPORT_SCHEMA),
        ("rules", assure::schema::RULES_SCHEMA),
    ] {
        let out = assure(&["schema", name]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(text(&out.stdout).trim_end(), embedded.trim_end(), "{name}");
    }
}

#[test]
fn completions_and_man_pages_come_from_the_cli_definition() {
    let bash = text(&assure(&["completions", "bash"]).stdout);
    assert!(
        bash.contains("_assure()") && bash.contains("--waivers"),
        "{bash}"
    );
    assert!(text(&assure(&["completions", "zsh"]).stdout).starts_with("#compdef assure"));
    assert!(text(&assure(&["completions", "fish"]).stdout).contains("complete -c assure"));
    let man = text(&assure(&["man"]).stdout);
    assert!(
        man.contains(".TH assure 1") && man.contains("assure\\-diff"),
        "{man}"
    );
    let check = text(&assure(&["man", "check"]).stdout);
    assert!(
        check.contains(".TH assure-check 1") && check.contains("\\-\\-severity"),
        "{check}"
    );
    assert_eq!(assure(&["man", "chek"]).status.code(), Some(2));
}

#[test]
fn lint_reports_schema_and_compile_problems_of_different_rules_in_one_pass() {
    let out = assure(&["rules", "lint", "tests/data/lint-layers"]);
    assert_eq!(out.status.code(), Some(1));
    let shown = text(&out.stdout);
    // The enum error names its rule and the nearest value; the other rule's path is still checked.
    assert!(
        shown.contains("layers.toml:7:12: rule LAYERS-01: `severity` cannot be \"majr\"\n  fix: did you mean `major`?"),
        "{shown}"
    );
    assert!(
        shown.contains("layers.toml:21:18: rule LAYERS-02: unknown path `technical_security.mfa_privileged_acounts`"),
        "{shown}"
    );
}
