//! The DCB0129 risk-matrix condition: the risk level a hazard's likelihood and severity give in
//! the submission's own matrix (its CRM plan) or the default one, checked against the risk the
//! hazard log states or against a ceiling.

use super::eval::{EvalError, Evidence, Here, Observed, Sink, observed};
use super::matrix::{self, Matrix};
use super::truth::Truth;
use crate::path::RulePath;
use crate::rules::condition::{Cond, RiskCheck, RiskExpect, show};

pub(super) fn risk(
    cond: &Cond,
    r: &RiskCheck,
    here: Here<'_, '_>,
    out: Sink<'_>,
) -> Result<Truth, EvalError> {
    // A likelihood, severity or stated risk still to be told (a placeholder, or a detail of a
    // supplied hazard log) leaves the lookup outstanding.
    let stated = match &r.expect {
        RiskExpect::StatedRisk(p) => Some(p),
        RiskExpect::AtMost { .. } => None,
    };
    for p in [&r.likelihood, &r.severity].into_iter().chain(stated) {
        if let Some(pending) = here.untold(cond, p) {
            if let Some(out) = out {
                out.push(Evidence {
                    pending: Some(pending),
                    ..Evidence::at(
                        here.concrete(p),
                        observed(here.lookup(p)),
                        "a level from 1 to 5".into(),
                    )
                });
            }
            return Ok(Truth::Unknown);
        }
    }
    let level_at = |p: &RulePath| -> Result<Option<u8>, EvalError> {
        match here.lookup(p) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .filter(|n| (1..=5).contains(n))
                .map(|n| Some(n as u8))
                .ok_or_else(|| EvalError {
                    path: Some(here.concrete(p)),
                    message: format!("{} is not a level from 1 to 5", show(v)),
                }),
        }
    };
    let (Some(l), Some(s)) = (level_at(&r.likelihood)?, level_at(&r.severity)?) else {
        if let Some(out) = out {
            let missing = if here.lookup(&r.likelihood).is_none() {
                &r.likelihood
            } else {
                &r.severity
            };
            out.push(Evidence::at(
                here.concrete(missing),
                Observed::Missing,
                "a level from 1 to 5".into(),
            ));
        }
        return Ok(Truth::No);
    };
    let own = r
        .own_matrix
        .as_ref()
        .and_then(|p| here.lookup(p).map(|v| (p, v)));
    let m = match own {
        Some((p, v)) => Matrix::from_value(v).map_err(|message| EvalError {
            path: Some(here.concrete(p)),
            message,
        })?,
        None => matrix::DEFAULT,
    };
    let level = m.level(l, s).unwrap_or(5);
    // Only an explanation needs the wording; the fast path (no evidence sink) skips it.
    let source = || match own {
        Some((p, _)) => format!("the submission's own matrix at `{p}`"),
        None => "the default DCB0129 matrix".to_owned(),
    };
    let how = || {
        format!(
            "likelihood {l} and severity {s} give risk {level} in {}",
            source()
        )
    };
    let risk_note = || {
        format!(
            "risk {level} (likelihood {l}, severity {s} in {})",
            source()
        )
    };
    match &r.expect {
        RiskExpect::StatedRisk(p) => {
            let stated = level_at(p)?;
            if let Some(out) = out {
                let expected = cond
                    .say
                    .clone()
                    .unwrap_or_else(|| format!("`{level}` ({})", how()));
                out.push(Evidence::at(
                    here.concrete(p),
                    observed(here.lookup(p)),
                    expected,
                ));
            }
            Ok(Truth::from_bool(stated == Some(level)))
        }
        RiskExpect::AtMost { max, from } => {
            let max = match from {
                Some(p) => level_at(p)?.unwrap_or(*max),
                None => *max,
            };
            if let Some(out) = out {
                let mut parent = r.likelihood.clone();
                parent.keys.pop();
                let expected = cond
                    .say
                    .clone()
                    .unwrap_or_else(|| format!("a risk of at most {max}"));
                out.push(Evidence::at(
                    here.concrete(&parent),
                    Observed::Note(risk_note()),
                    expected,
                ));
            }
            Ok(Truth::from_bool(level <= max))
        }
    }
}
