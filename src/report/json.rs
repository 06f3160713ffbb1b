//! The machine-readable report: the [`Run`] serialised as `schemas/report.schema.json` describes.

use super::Run;

/// Pretty JSON with a trailing newline; field order is fixed by the model, so output is stable.
pub fn render(run: &Run) -> String {
    let mut s = serde_json::to_string_pretty(run)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
    s.push('\n');
    s
}
