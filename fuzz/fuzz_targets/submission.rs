//! Bytes as a submission file: parse (BOM, UTF-8, duplicate keys, schema), then evaluate the
//! default rules, build, redact and render the report. Nothing may panic, and what parsed must
//! produce a report whose JSON round-trips.
#![no_main]

#[path = "common.rs"]
mod common;

use assure::submission::Submission;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let set = common::builtin();
    match Submission::parse("fuzz.json", data) {
        Ok(sub) => common::check_and_render(set, std::slice::from_ref(&sub)),
        Err(e) => {
            let _ = assure::failure(&e);
        }
    }
});
