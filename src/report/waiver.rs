//! What a report says about waivers: the waiver attached to a finding it covers (or, expired, no
//! longer covers), and the run's account of every waiver in the file — applied, expired or
//! unmatched — so a waiver that quietly stopped matching is noticed at the next audit.

use super::terminal::printable;
use serde::Serialize;
use std::fmt::Write;

/// Whether a waiver covered a finding on this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WaiverStatus {
    /// In force, and it waived at least one failing finding.
    Applied,
    /// Past its expiry date on the as-of date: it waives nothing.
    Expired,
    /// In force, but no failing finding matched it.
    Unmatched,
}

impl WaiverStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Expired => "expired",
            Self::Unmatched => "unmatched",
        }
    }
}

/// The waiver on a finding: why the failure is accepted, who accepted it, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingWaiver {
    /// `applied` (the finding is `waived`) or `expired` (the finding still fails).
    pub status: WaiverStatus,
    pub justification: String,
    pub approver: String,
    /// The last day the waiver applies (YYYY-MM-DD).
    pub expires: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Where the waiver is written: `file:line:col`.
    pub source: String,
}

/// What a waiver is bound to: the company it was granted to, and optionally the exact
/// submission content or input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverBinding {
    pub legal_name: String,
    /// The Companies House or charity number (or a deployer's ODS code).
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// One waiver of the waivers file and what it did on this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverUse {
    pub rule: String,
    pub binding: WaiverBinding,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submission: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub approver: String,
    pub expires: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub source: String,
    pub status: WaiverStatus,
    /// Why a waiver that waived nothing did not apply: the nearest miss (the company, the
    /// content hash or the file did not match), or that no failing finding matched it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The findings it waived (applied) or would have waived (expired): `file` and path.
    pub findings: Vec<WaivedFinding>,
}

/// A finding a waiver matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaivedFinding {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// The waivers of a run, in the order of the waivers file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverSummary {
    /// The waivers file.
    pub file: String,
    pub applied: usize,
    pub expired: usize,
    pub unmatched: usize,
    pub waivers: Vec<WaiverUse>,
}

impl FindingWaiver {
    /// One line for the text report.
    pub fn describe(&self) -> String {
        let reference = self
            .reference
            .as_ref()
            .map_or_else(String::new, |r| format!(" [{r}]"));
        match self.status {
            WaiverStatus::Expired => {
                format!(
                    "waiver by {} expired on {}{reference} ({}): {}",
                    self.approver,
                    self.expires,
                    self.source,
                    self.justification.trim()
                )
            }
            _ => format!(
                "waived by {} until {}{reference} ({}): {}",
                self.approver,
                self.expires,
                self.source,
                self.justification.trim()
            ),
        }
    }
}

/// The closing waivers section of the text report: the tally, then each waiver not applied.
pub fn render_text(out: &mut String, s: &WaiverSummary) {
    let _ = writeln!(
        out,
        "waivers ({}): {} applied, {} expired, {} unmatched",
        printable(&s.file),
        s.applied,
        s.expired,
        s.unmatched
    );
    for w in s
        .waivers
        .iter()
        .filter(|w| w.status != WaiverStatus::Applied)
    {
        let line = format!(
            "  {} {} for {}{} by {}: {} ({})",
            w.status.as_str(),
            w.rule,
            scope(w),
            w.path
                .as_ref()
                .map_or_else(String::new, |p| format!(" at `{p}`")),
            w.approver,
            why(w),
            w.source
        );
        let _ = writeln!(out, "{}", printable(&line));
    }
}

/// "`Symptomatica Health Ltd` (`01234567`), submission `S-1`".
pub fn scope(w: &WaiverUse) -> String {
    let mut s = format!("`{}` (`{}`)", w.binding.legal_name, w.binding.number);
    if let Some(id) = &w.submission {
        s.push_str(&format!(", submission `{id}`"));
    } else if let Some(p) = &w.product {
        s.push_str(&format!(", product `{p}`"));
    }
    s
}

/// Why a waiver did what it did, in words.
pub fn why(w: &WaiverUse) -> String {
    match (w.status, &w.reason) {
        (WaiverStatus::Expired, _) => format!("expired on {}", w.expires),
        (_, Some(r)) => r.clone(),
        (WaiverStatus::Applied, None) => format!("waived {} finding(s)", w.findings.len()),
        (WaiverStatus::Unmatched, None) => "it matched no failing finding".to_owned(),
    }
}

/// A waiver's row in the Markdown and HTML tables: rule, granted to, approver, status, why.
fn cells(w: &WaiverUse) -> [String; 5] {
    [
        w.rule.clone(),
        scope(w).replace('`', ""),
        w.approver.clone(),
        w.status.as_str().to_owned(),
        why(w),
    ]
}

/// The tally line of a waivers section.
fn tally(s: &WaiverSummary, file: &str) -> String {
    format!(
        "{file} — {} applied, {} expired, {} unmatched",
        s.applied, s.expired, s.unmatched
    )
}

/// The waivers section of the Markdown report: the tally and a row per waiver.
pub fn render_markdown(out: &mut String, s: &WaiverSummary) {
    use super::escape::markdown as md;
    let _ = writeln!(
        out,
        "## Waivers\n\n{}\n\n| Rule | Granted to | Approver | Status | Why |\n|---|---|---|---|---|",
        tally(s, &md(&s.file))
    );
    for w in &s.waivers {
        let row: Vec<String> = cells(w).iter().map(|c| md(c)).collect();
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
}

/// The waivers section of the HTML report: the tally and a row per waiver.
pub fn render_html(out: &mut String, s: &WaiverSummary) {
    use super::escape::markup as e;
    let _ = writeln!(
        out,
        "<section aria-labelledby=\"waivers\"><h2 id=\"waivers\">Waivers</h2>\n<p>{}</p>\n<table><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Granted to</th><th scope=\"col\">Approver</th><th scope=\"col\">Status</th><th scope=\"col\">Why</th></tr></thead><tbody>",
        tally(s, &e(&s.file))
    );
    for w in &s.waivers {
        let row: String = cells(w)
            .iter()
            .map(|c| format!("<td>{}</td>", e(c)))
            .collect();
        let _ = writeln!(out, "<tr>{row}</tr>");
    }
    out.push_str("</tbody></table></section>\n");
}
