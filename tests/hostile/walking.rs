//! Issue 18's input points, in the same code as point 8: a directory is walked like ripgrep
//! walks it (`.gitignore` honoured, hidden files and folders left out, `--exclude GLOB`),
//! `*.jsonl`/`*.ndjson` inside it are JSON Lines, `.JSON`/`.Json` are read, and JSON that is
//! clearly not a submission (an editor's settings, a JSON Schema) is skipped, not failed.

use super::common::{AS_OF, assure_in_dir, fixture, json_bytes, report_files, temp_dir};
use serde_json::Value;

#[test]
fn a_folder_is_walked_like_a_developer_expects() {
    let dir = temp_dir("walk");
    let root = dir.join("subs");
    let good = json_bytes(&fixture("complete-exemplar.json"));
    let line = String::from_utf8(good.clone())
        .expect("UTF-8")
        .replace('\n', "");
    for name in [
        "a.json",
        "B.JSON",
        "c.Json",
        "drafts/d.json",
        "ignored/e.json",
        ".hidden/f.json",
    ] {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, &good).expect("write");
    }
    std::fs::write(root.join("g.jsonl"), format!("{line}\n{line}\n")).expect("write");
    std::fs::write(root.join("h.ndjson"), format!("{line}\n")).expect("write");
    std::fs::write(root.join(".gitignore"), "ignored/\n").expect("write");
    std::fs::create_dir_all(root.join(".vscode")).expect("mkdir");
    std::fs::write(root.join(".vscode/settings.json"), "{\"json.schemas\": []}").expect("write");
    std::fs::write(
        root.join("submission.schema.json"),
        assure::schema::SUBMISSION_SCHEMA,
    )
    .expect("write");
    std::fs::write(root.join("package.json"), "{\"name\": \"x\"}").expect("write");
    let ran = assure_in_dir(
        &dir,
        &[
            "check",
            "subs",
            "--exclude",
            "drafts/",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let r: Value = serde_json::from_str(&ran.stdout).expect("JSON");
    let files = report_files(&r);
    assert_eq!(
        files,
        [
            "subs/B.JSON",
            "subs/a.json",
            "subs/c.Json",
            "subs/g.jsonl:1",
            "subs/g.jsonl:2",
            "subs/h.ndjson:1"
        ]
    );
    insta::assert_snapshot!("walk_stderr", ran.stderr);
}
