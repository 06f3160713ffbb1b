//! Bytes as a local rule file, compiled (with the built-in packs when it refers to other rules'
//! outcomes): schema check, path and type checks, regexes, rule references, cycles. A rule set that compiles is evaluated on
//! a realistic submission and its report rendered. Nothing may panic.
#![no_main]

#[path = "common.rs"]
mod common;

use assure::rules::{RuleSet, RuleSource};
use assure::submission::Submission;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const FIXTURE: &str = include_str!("../../fixtures/ai-symptom-checker.json");

fn fixture() -> &'static Submission {
    static SUB: OnceLock<Submission> = OnceLock::new();
    SUB.get_or_init(|| {
        Submission::parse("fixture.json", FIXTURE.as_bytes()).expect("the fixture is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Compiling the built-in packs dominates each run; they are only needed when the fuzzed
    // file refers to other rules' outcomes (and so may refer to built-in ones).
    let mut sources = if text.contains("outcome") {
        assure::rules::builtin_sources()
    } else {
        Vec::new()
    };
    sources.push(RuleSource {
        pack: "fuzz".into(),
        file: "fuzz.toml".into(),
        text: text.to_owned(),
        builtin: false,
    });
    match RuleSet::compile(&sources) {
        Ok(set) => common::check_and_render(&set, std::slice::from_ref(fixture())),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
