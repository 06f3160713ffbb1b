//! The DCB0129 word scales: likelihood (very low … very high), severity (minor … catastrophic)
//! and the risk level (1–5, or its words), read from what people write in a hazard log: `4`,
//! `S4`, `4 - Major`, `Major (4)`, `very high`.

use super::table::normalise;

/// Which scale a cell is read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Likelihood,
    Severity,
    Risk,
}

const LIKELIHOOD: &[(&str, u8)] = &[
    ("very low", 1),
    ("very high", 5),
    ("low", 2),
    ("medium", 3),
    ("high", 4),
];

const SEVERITY: &[(&str, u8)] = &[
    ("minor", 1),
    ("significant", 2),
    ("considerable", 3),
    ("major", 4),
    ("catastrophic", 5),
];

/// The risk levels' meanings as the NHS CRM training material words them, and the very low …
/// very high words some templates use for the rating.
const RISK: &[(&str, u8)] = &[
    ("acceptable if further reduction", 2),
    ("unacceptable", 5),
    ("acceptable", 1),
    ("undesirable", 3),
    ("mandatory elimination", 4),
    ("very low", 1),
    ("very high", 5),
    ("low", 2),
    ("medium", 3),
    ("high", 4),
];

impl Scale {
    pub fn name(self) -> &'static str {
        match self {
            Self::Likelihood => "likelihood",
            Self::Severity => "severity",
            Self::Risk => "risk",
        }
    }

    fn words(self) -> &'static [(&'static str, u8)] {
        match self {
            Self::Likelihood => LIKELIHOOD,
            Self::Severity => SEVERITY,
            Self::Risk => RISK,
        }
    }

    /// The words this scale accepts, for a message.
    pub fn accepted(self) -> String {
        let mut w: Vec<&str> = self.words().iter().map(|(w, _)| *w).collect();
        w.sort_by_key(|x| self.words().iter().find(|(y, _)| y == x).map(|(_, n)| *n));
        format!("1–5 or {}", w.join(", "))
    }

    /// The level 1–5 a cell states, or `None` when it states none this scale knows. A number
    /// and a word that disagree (`2 - Major`) are not read.
    pub fn read(self, cell: &str) -> Option<u8> {
        let n = normalise(cell);
        let number = number(&n);
        let word = self
            .words()
            .iter()
            .find(|(w, _)| contains_words(&n, w))
            .map(|(_, v)| *v);
        match (number, word) {
            (Some(a), Some(b)) if a != b => None,
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }
}

/// A level 1–5 as the first word, alone or with an `L`/`S`/`R` prefix (`4`, `s4`, `4.0`).
fn number(n: &str) -> Option<u8> {
    let first = n.split(' ').next()?;
    let digits = first.trim_start_matches(['l', 's', 'r']);
    let value: u8 = digits.parse().ok()?;
    (1..=5).contains(&value).then_some(value)
}

fn contains_words(text: &str, words: &str) -> bool {
    let padded = format!(" {text} ");
    padded.contains(&format!(" {words} "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_and_both() {
        assert_eq!(Scale::Likelihood.read("Very low"), Some(1));
        assert_eq!(Scale::Likelihood.read("low"), Some(2));
        assert_eq!(Scale::Likelihood.read("L4 - High"), Some(4));
        assert_eq!(Scale::Severity.read("Major (4)"), Some(4));
        assert_eq!(Scale::Severity.read("4.0"), Some(4));
        assert_eq!(Scale::Severity.read("2 - Major"), None);
        assert_eq!(Scale::Severity.read("bad"), None);
        assert_eq!(Scale::Severity.read("6"), None);
        assert_eq!(Scale::Risk.read("Unacceptable"), Some(5));
        assert_eq!(Scale::Risk.read("3"), Some(3));
    }
}
