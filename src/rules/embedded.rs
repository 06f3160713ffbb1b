//! The default rule packs, embedded at build time (`build.rs` lists `rules/**/*.toml`, converts
//! each to JSON, notes where each rule starts and hashes them all).

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// One embedded rule file.
pub struct File {
    /// Its path under `rules/`.
    pub path: &'static str,
    pub text: &'static str,
    /// Its contents as JSON, converted by the build (empty when they are not valid TOML).
    pub json: &'static str,
    /// Where each `[[rule]]` starts (line, column).
    pub starts: &'static [(u32, u32)],
    /// Each rule's examples as a JSON list, taken out of `json` (empty when it has none).
    pub examples: &'static [&'static str],
}

/// A built-in file as the build prepared it: its JSON and where each of its rules starts.
pub struct Prepared {
    pub json: &'static str,
    pub starts: &'static [(u32, u32)],
    pub examples: &'static [&'static str],
}

/// The prepared form of a rule file, when it is a built-in file unchanged (same name, same
/// text) that the build could convert.
pub fn prepared(file: &str, text: &str) -> Option<Prepared> {
    let path = file.strip_prefix("rules/")?;
    FILES
        .iter()
        .find(|f| f.path == path && f.text == text && !f.json.is_empty())
        .map(|f| Prepared {
            json: f.json,
            starts: f.starts,
            examples: f.examples,
        })
}
