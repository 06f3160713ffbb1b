//! Personal data inside free text, for `--redact`: an e-mail address or a telephone number can
//! be written into any text field (a hazard's description, a waiver's justification), where no
//! schema mark can find it. Each is replaced by `[redacted]` wherever a report quotes text.

use super::redact::MASK;
use regex::Regex;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::OnceLock;

/// An e-mail address: `local@domain.tld`.
fn email() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
            .unwrap_or_else(|_| never())
    })
}

/// A run of digits, spaces, dots, dashes and brackets that may be a telephone number; it is one
/// when it holds 10 to 15 digits (UK numbers have 10 or 11, E.164 at most 15; a date has 8).
fn phone_like() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\+?\(?[0-9][0-9 ().-]{7,}[0-9]").unwrap_or_else(|_| never()))
}

/// A literal pattern that fails to compile is a defect of this file, caught by its tests.
fn never() -> Regex {
    Regex::new("$^").unwrap_or_else(|_| unreachable!("an empty pattern compiles"))
}

/// `text` with every e-mail address and telephone number masked.
pub fn text(text: &str) -> Cow<'_, str> {
    let once = email().replace_all(text, MASK);
    let phones = phone_like().replace_all(&once, |c: &regex::Captures<'_>| {
        let digits = c[0].bytes().filter(u8::is_ascii_digit).count();
        if (10..=15).contains(&digits) {
            MASK.to_owned()
        } else {
            c[0].to_owned()
        }
    });
    match phones {
        Cow::Borrowed(_) => once,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

/// Masks in place.
pub fn string(s: &mut String) {
    if let Cow::Owned(t) = text(s) {
        *s = t;
    }
}

/// Masks every string inside a JSON value.
pub fn value(v: &mut Value) {
    match v {
        Value::String(s) => string(s),
        Value::Array(items) => items.iter_mut().for_each(value),
        Value::Object(map) => map.values_mut().for_each(value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_addresses_and_numbers_but_not_dates_or_versions() {
        assert_eq!(
            text("mail ada.l@example.nhs.uk or call +44 20 7946 0000 / 07700 900123"),
            "mail [redacted] or call [redacted] / [redacted]"
        );
        assert_eq!(text("(020) 7946-0000"), "[redacted]");
        assert_eq!(
            text("tested 2026-03-31, v3.4.0, H-001"),
            "tested 2026-03-31, v3.4.0, H-001"
        );
        assert!(matches!(text("nothing here"), Cow::Borrowed(_)));
    }
}
