//! The evidence register of a batch: every dated item of every submission, one row each,
//! sorted by the day it falls due (or is dated), for `assure evidence`.

use super::register::{self, Item};
use crate::inputs::{Input, Size};
use crate::report::InputFailure;
use crate::submission::InputError;
use jiff::civil::Date;
use serde::Serialize;

/// One item of one submission.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    #[serde(flatten)]
    pub item: Item,
}

/// The register of a batch.
#[derive(Debug, Clone, Serialize)]
pub struct Register {
    pub format: &'static str,
    pub as_of: String,
    pub rows: Vec<Row>,
    pub errors: Vec<InputFailure>,
}

/// Reads every input and lists its dated evidence; an input that cannot be read is an error
/// entry, a file found in a directory that is not a submission is left out.
pub fn collect(inputs: &[Input], as_of: Date, limit: Size) -> Register {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match input.load(limit) {
            Ok(sub) => {
                let product = text(&sub.value, "/product/name");
                let supplier = text(&sub.value, "/company/legal_name");
                for item in register::register(&sub.value, None, as_of) {
                    rows.push(Row {
                        file: sub.name.clone(),
                        product: product.clone(),
                        supplier: supplier.clone(),
                        item,
                    });
                }
            }
            Err(InputError::NotSubmission { .. }) => {}
            Err(e) => errors.push(crate::failure(&e)),
        }
    }
    rows.sort_by(|a, b| {
        (a.item.sort_date(), &a.file, &a.item.path).cmp(&(
            b.item.sort_date(),
            &b.file,
            &b.item.path,
        ))
    });
    Register {
        format: "assure-evidence",
        as_of: as_of.to_string(),
        rows,
        errors,
    }
}

fn text(value: &serde_json::Value, pointer: &str) -> Option<String> {
    value.pointer(pointer)?.as_str().map(str::to_owned)
}
