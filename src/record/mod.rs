//! The assessor's side: the evidence register (every dated item of a submission, when it
//! lapses, the re-assessment due date, what lapses inside a window) and the assessment record
//! (who assessed, their decisions, conditions, clarifications, register look-ups), checked
//! against the report it was made on.

pub mod batch;
pub mod changes;
pub mod expiring;
pub mod fields;
pub mod file;
pub mod register;
pub mod review;

pub use expiring::{Expiring, Reassessment, Window};
pub use file::Loaded;
pub use register::{Item, Kind};
pub use review::RecordReview;

use crate::report::Report;
use crate::rules::RuleSet;
use jiff::civil::Date;
use serde_json::Value;

/// Adds the evidence side to a report: the re-assessment due date, and with a window the
/// evidence lapsing inside it.
pub fn annotate(
    set: &RuleSet,
    value: &Value,
    report: &mut Report,
    as_of: Date,
    window: Option<Window>,
) {
    let items = register::lapsing(value, Some(report), as_of);
    report.reassessment_due = expiring::reassessment(&items);
    report.expiring = match window {
        Some(w) => expiring::expiring(set, value, report, &items, as_of, w),
        None => Vec::new(),
    };
}
