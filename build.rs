//! Embeds every `rules/<pack>/*.toml` into the binary as the default rule set, in path order,
//! each with its contents converted to JSON once, here (with where each rule starts), and the
//! rule-set hash computed here too: so a run that uses only the built-in rules neither parses
//! TOML nor hashes the rule files when it starts.

#[path = "src/source.rs"]
#[allow(dead_code)]
mod source;
#[path = "src/rules/toml_value.rs"]
mod toml_value;

use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules/toml_value.rs");
    let root = Path::new("rules");
    let files = rule_files(root);
    let mut out = String::from(
        "/// The embedded rule files, in path order.\npub const FILES: &[File] = &[\n",
    );
    let mut hash = Sha256::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let abs = fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        let text = fs::read_to_string(f).unwrap_or_default();
        // The same bytes `hash_sources` would hash at run time: name, NUL, text, NUL.
        hash.update(format!("rules/{rel}").as_bytes());
        hash.update([0]);
        hash.update(text.as_bytes());
        hash.update([0]);
        let (json, starts, examples) = prepared(&text);
        out.push_str(&format!(
            "    File {{ path: {rel:?}, text: include_str!({:?}), json: {json:?}, starts: &{starts:?}, examples: &{examples:?} }},\n",
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    out.push_str(&format!(
        "/// `sha256:` over the embedded files, as `RuleSet::compile` hashes its sources.\npub const HASH: &str = \"sha256:{digest}\";\n"
    ));
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("embedded_rules.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

fn rule_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Ok(packs) = fs::read_dir(root) {
        for pack in packs.flatten() {
            println!("cargo:rerun-if-changed={}", pack.path().display());
            if let Ok(entries) = fs::read_dir(pack.path()) {
                for e in entries.flatten() {
                    let p = e.path();
                    if p.extension().is_some_and(|x| x == "toml") {
                        files.push(p);
                    }
                }
            }
        }
    }
    files.sort();
    files
}

/// The file as JSON, each rule's start, and each rule's examples taken out of it (a check never
/// runs them), or nothing when it is not valid TOML (it is then parsed at run time, which
/// reports the problem with its position).
fn prepared(text: &str) -> (String, Vec<(u32, u32)>, Vec<String>) {
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return (String::new(), Vec::new(), Vec::new());
    };
    let mut value = toml_value::convert_table(root.get_ref());
    let examples = match value.get_mut("rule") {
        Some(serde_json::Value::Array(rules)) => rules
            .iter_mut()
            .map(
                |r| match r.as_object_mut().and_then(|m| m.remove("example")) {
                    Some(list) => serde_json::to_string(&list).unwrap_or_default(),
                    None => String::new(),
                },
            )
            .collect(),
        _ => Vec::new(),
    };
    let starts = match root.get_ref().get("rule").map(|v| v.get_ref()) {
        Some(toml::de::DeValue::Array(rules)) => rules
            .iter()
            .map(|r| {
                let at = source::line_col(text, r.span().start);
                (at.line, at.column)
            })
            .collect(),
        _ => Vec::new(),
    };
    (
        serde_json::to_string(&value).unwrap_or_default(),
        starts,
        examples,
    )
}
