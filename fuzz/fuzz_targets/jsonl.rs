//! Bytes as a JSON Lines batch: split into records, parse each (positions offset to the batch's
//! line), then evaluate and render every record that parsed, in one run. Nothing may panic.
#![no_main]

#[path = "common.rs"]
mod common;

use assure::submission::lines::{parse_record, records};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let set = common::builtin();
    let mut good = Vec::new();
    for (line, bytes) in records(data) {
        match parse_record("fuzz.jsonl", line, bytes) {
            Ok(sub) => good.push(sub),
            Err(e) => {
                let _ = assure::failure(&e);
            }
        }
    }
    common::check_and_render(set, &good);
});
