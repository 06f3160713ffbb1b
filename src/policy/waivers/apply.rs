//! Applying waivers to reports. A waiver covers a failing finding when the rule, the company
//! (legal name and registration number), and each narrowing it gives (submission id, product
//! name, content hash, input file, path) match; the finding becomes `waived` and carries the
//! waiver, or, past its expiry, still fails and says so. Each report is done on its own (so a
//! streamed batch applies waivers on its workers); a [`Tally`] gathers, in input order, what each
//! waiver did, and for one that matched nothing, the nearest miss: which binding did not match.

use super::{Company, Waiver, Waivers};
use crate::report::{
    Finding, FindingWaiver, Header, Report, Run, WaivedFinding, WaiverBinding, WaiverStatus,
    WaiverSummary, WaiverUse, summarise,
};
use crate::rules::Outcome;
use jiff::civil::Date;

/// What the waivers did to one report: the findings each matched, and near misses.
#[derive(Debug, Default)]
pub struct Applied {
    matched: Vec<(usize, WaivedFinding)>,
    /// A waiver whose rule failed here within its scope, but one of its bindings did not match.
    misses: Vec<(usize, Miss)>,
}

/// Which binding kept a waiver from a failing finding it otherwise names; worst first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Miss {
    Company(String),
    Hash(String),
    File(String),
}

impl Miss {
    fn reason(&self) -> &str {
        match self {
            Self::Company(s) | Self::Hash(s) | Self::File(s) => s,
        }
    }
}

/// Applies the waivers to one report and recounts it when an outcome changed.
pub fn apply_report(waivers: &Waivers, report: &mut Report, as_of: Date) -> Applied {
    let mut applied = Applied::default();
    let mut changed = false;
    for f in report
        .findings
        .iter_mut()
        .filter(|f| f.outcome == Outcome::Fail)
    {
        let mut matching = Vec::new();
        for (i, w) in waivers.list.iter().enumerate() {
            if !w.names(&report.submission, f) {
                continue;
            }
            match w.binding_miss(&report.submission, &report.file, &report.input_hash) {
                Some(miss) => applied.misses.push((i, miss)),
                None => matching.push(i),
            }
        }
        for &i in &matching {
            let path = f.path.clone();
            applied.matched.push((
                i,
                WaivedFinding {
                    file: report.file.clone(),
                    path,
                },
            ));
        }
        changed |= waive(f, &waivers.list, &matching, as_of);
    }
    if changed {
        summarise(report);
    }
    applied
}

/// Puts the live waiver (or, none live, the first expired one) on the finding; whether the
/// finding became `waived`.
fn waive(f: &mut Finding, list: &[Waiver], matching: &[usize], as_of: Date) -> bool {
    let live = matching.iter().copied().find(|&i| !list[i].expired(as_of));
    let Some(w) = live.or(matching.first().copied()).map(|i| &list[i]) else {
        return false;
    };
    f.waiver = Some(w.on_finding(as_of));
    if live.is_some() {
        f.outcome = Outcome::Waived;
        return true;
    }
    f.message.to_mut().push_str(&format!(
        "; waiver by {} expired on {}",
        w.approver, w.expires
    ));
    false
}

/// What each waiver of a file did over a run, gathered report by report in input order.
#[derive(Debug, Clone)]
pub struct Tally {
    file: String,
    uses: Vec<WaiverUse>,
    misses: Vec<Option<Miss>>,
}

impl Tally {
    pub fn new(waivers: &Waivers, as_of: Date) -> Self {
        Self {
            file: waivers.file.clone(),
            uses: waivers.list.iter().map(|w| w.to_use(as_of)).collect(),
            misses: vec![None; waivers.list.len()],
        }
    }

    /// Adds what the waivers did to the next report.
    pub fn add(&mut self, applied: Applied) {
        for (i, found) in applied.matched {
            self.uses[i].findings.push(found);
        }
        for (i, miss) in applied.misses {
            // The worst kind of miss, first met, is the one reported.
            if self.misses[i].as_ref().is_none_or(|m| miss < *m) {
                self.misses[i] = Some(miss);
            }
        }
    }

    /// The run's account of the waivers file.
    pub fn summary(mut self) -> WaiverSummary {
        for (u, miss) in self.uses.iter_mut().zip(&self.misses) {
            if u.status == WaiverStatus::Unmatched && !u.findings.is_empty() {
                u.status = WaiverStatus::Applied;
            }
            if u.findings.is_empty() {
                u.reason = Some(miss.as_ref().map_or_else(
                    || "it matched no failing finding".to_owned(),
                    |m| m.reason().to_owned(),
                ));
            }
        }
        let tally = |s: WaiverStatus| self.uses.iter().filter(|u| u.status == s).count();
        WaiverSummary {
            file: self.file,
            applied: tally(WaiverStatus::Applied),
            expired: tally(WaiverStatus::Expired),
            unmatched: tally(WaiverStatus::Unmatched),
            waivers: self.uses,
        }
    }
}

/// Applies the waivers to every report of `run`, and records what each waiver did in
/// `run.waivers`.
pub fn apply(run: &mut Run, waivers: &Waivers, as_of: Date) {
    let mut tally = Tally::new(waivers, as_of);
    for report in &mut run.reports {
        tally.add(apply_report(waivers, report, as_of));
    }
    run.waivers = Some(tally.summary());
}

/// Text compared as people write names: case, surrounding and repeated spaces ignored.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Registration numbers compared ignoring case and spaces (`SC 123456` is `sc123456`).
fn same_number(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase()
    };
    norm(a) == norm(b)
}

impl Waiver {
    /// Whether the waiver names this finding of this submission: rule, submission id, product
    /// and path (the scope); the bindings are checked apart, so a miss can be explained.
    fn names(&self, header: &Header, f: &Finding) -> bool {
        let same = |want: &Option<String>, have: &Option<String>| want.is_none() || want == have;
        self.rule == f.rule
            && same(&self.submission, &header.id)
            && same(&self.product, &header.product)
            && self
                .path
                .as_deref()
                .is_none_or(|p| f.path.as_deref().is_some_and(|fp| under(fp, p)))
    }

    /// Which binding does not match this submission, if any.
    fn binding_miss(&self, header: &Header, file: &str, hash: &str) -> Option<Miss> {
        let c = &self.company;
        let name = header.supplier.as_deref().unwrap_or("");
        let number = header.registration.as_deref().unwrap_or("");
        if !same_name(&c.legal_name, name) || !same_number(&c.number, number) {
            return Some(Miss::Company(format!(
                "the company does not match: `{file}` is from `{}` (`{}`), the waiver is for `{}` (`{}`)",
                if name.is_empty() {
                    "(no legal name)"
                } else {
                    name
                },
                if number.is_empty() {
                    "no number"
                } else {
                    number
                },
                c.legal_name,
                c.number
            )));
        }
        if let Some(want) = self.input_hash.as_deref().filter(|w| *w != hash) {
            return Some(Miss::Hash(format!(
                "the content hash does not match: `{file}` is `{}`, the waiver is for `{}` (the submission changed since the waiver was granted)",
                short_hash(hash),
                short_hash(want)
            )));
        }
        if let Some(want) = self
            .file
            .as_deref()
            .filter(|w| !std::path::Path::new(file).ends_with(w))
        {
            return Some(Miss::File(format!(
                "the file does not match: the finding is in `{file}`, the waiver is for `{want}`"
            )));
        }
        None
    }

    fn on_finding(&self, as_of: Date) -> FindingWaiver {
        FindingWaiver {
            status: if self.expired(as_of) {
                WaiverStatus::Expired
            } else {
                WaiverStatus::Applied
            },
            justification: self.justification.clone(),
            approver: self.approver.clone(),
            expires: self.expires.to_string(),
            reference: self.reference.clone(),
            source: self.source.clone(),
        }
    }

    fn to_use(&self, as_of: Date) -> WaiverUse {
        let Company { legal_name, number } = &self.company;
        WaiverUse {
            rule: self.rule.clone(),
            binding: WaiverBinding {
                legal_name: legal_name.clone(),
                number: number.clone(),
                input_hash: self.input_hash.clone(),
                file: self.file.clone(),
            },
            submission: self.submission.clone(),
            product: self.product.clone(),
            path: self.path.clone(),
            approver: self.approver.clone(),
            expires: self.expires.to_string(),
            reference: self.reference.clone(),
            source: self.source.clone(),
            status: if self.expired(as_of) {
                WaiverStatus::Expired
            } else {
                WaiverStatus::Unmatched
            },
            reason: None,
            findings: Vec::new(),
        }
    }
}

/// `sha256:0123456789ab…`: enough to tell two hashes apart in a message.
fn short_hash(h: &str) -> &str {
    h.get(..19).unwrap_or(h)
}

/// Whether `path` is `prefix` or lies below it (`a.b` is under `a`, `a.bc` is not).
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_by_segment() {
        assert!(under("a.b", "a"));
        assert!(under("a.b[2].c", "a.b"));
        assert!(under("a.b", "a.b"));
        assert!(!under("a.bc", "a.b"));
    }

    #[test]
    fn names_and_numbers_compare_as_written_by_people() {
        assert!(same_name(
            "Symptomatica  Health Ltd",
            " symptomatica health LTD"
        ));
        assert!(!same_name(
            "Symptomatica Health Ltd",
            "Symptomatica Health Limited"
        ));
        assert!(same_number("SC 123456", "sc123456"));
        assert!(!same_number("01234567", "1234567"));
    }
}
