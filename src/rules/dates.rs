//! Date spans and as-of-relative bounds written in rules: `"12 months"`, `"as-of"`,
//! `"as-of - 30 days"`. Parsed when rules load, applied to the as-of date when they run.

use jiff::civil::Date;
use jiff::{Span, ToSpan};

/// A length of calendar time, e.g. 12 months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub amount: i64,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

impl Period {
    pub fn parse(text: &str) -> Result<Self, String> {
        let err = || {
            format!(
                "`{text}` is not a period: write a whole number and a unit, like `12 months`, `30 days`, `1 year`"
            )
        };
        let mut parts = text.split_whitespace();
        let amount: i64 = parts.next().and_then(|n| n.parse().ok()).ok_or_else(err)?;
        let unit = match parts.next().ok_or_else(err)? {
            "day" | "days" => Unit::Days,
            "week" | "weeks" => Unit::Weeks,
            "month" | "months" => Unit::Months,
            "year" | "years" => Unit::Years,
            _ => return Err(err()),
        };
        if parts.next().is_some() || !(0..=1000).contains(&amount) {
            return Err(err());
        }
        Ok(Self { amount, unit })
    }

    pub fn span(&self) -> Span {
        match self.unit {
            Unit::Days => self.amount.days(),
            Unit::Weeks => self.amount.weeks(),
            Unit::Months => self.amount.months(),
            Unit::Years => self.amount.years(),
        }
    }

    /// `date` moved back by this period; `None` only at the edge of the calendar.
    pub fn before(&self, date: Date) -> Option<Date> {
        date.checked_sub(self.span()).ok()
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            Unit::Days => "day",
            Unit::Weeks => "week",
            Unit::Months => "month",
            Unit::Years => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

/// A date relative to the as-of date: `as-of`, `as-of + 3 months`, `as-of - 1 year`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsOfOffset {
    pub sign: i8,
    pub period: Option<Period>,
    pub text: String,
}

impl AsOfOffset {
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let rest = trimmed.strip_prefix("as-of").ok_or_else(|| {
            format!("`{text}` is not a date bound: write `as-of`, `as-of + 3 months` or `as-of - 30 days`")
        })?;
        let rest = rest.trim();
        if rest.is_empty() {
            return Ok(Self {
                sign: 0,
                period: None,
                text: trimmed.to_owned(),
            });
        }
        let (sign, period) = match rest.split_at(1) {
            ("+", p) => (1, p),
            ("-", p) => (-1, p),
            _ => return Err(format!("`{text}`: expected `+` or `-` after `as-of`")),
        };
        Ok(Self {
            sign,
            period: Some(Period::parse(period.trim())?),
            text: trimmed.to_owned(),
        })
    }

    pub fn resolve(&self, as_of: Date) -> Option<Date> {
        match (&self.period, self.sign) {
            (None, _) => Some(as_of),
            (Some(p), 1) => as_of.checked_add(p.span()).ok(),
            (Some(p), _) => p.before(as_of),
        }
    }
}

/// Parses a `YYYY-MM-DD` date from a submission.
pub fn parse_date(text: &str) -> Option<Date> {
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_bounds() {
        let as_of: Date = "2026-11-01".parse().unwrap();
        let p = Period::parse("12 months").unwrap();
        assert_eq!(p.before(as_of), Some("2025-11-01".parse().unwrap()));
        assert!(Period::parse("12 fortnights").is_err());
        assert!(Period::parse("twelve months").is_err());
        let b = AsOfOffset::parse("as-of + 1 month").unwrap();
        assert_eq!(b.resolve(as_of), Some("2026-12-01".parse().unwrap()));
        assert_eq!(
            AsOfOffset::parse("as-of").unwrap().resolve(as_of),
            Some(as_of)
        );
        assert!(AsOfOffset::parse("today").is_err());
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
