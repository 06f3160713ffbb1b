//! Embeds every `rules/<pack>/*.toml` into the binary as the default rule set, in path order.

use std::fs;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    let root = Path::new("rules");
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
    let mut out = String::from(
        "/// Embedded rule files: (path under `rules/`, contents).\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let abs = fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        out.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("embedded_rules.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
