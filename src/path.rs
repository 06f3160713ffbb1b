//! Paths into a submission: the dotted paths rules are written with, and the concrete paths
//! (with array indexes) that findings report.

use std::fmt;

/// One step of a concrete path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(Box<str>),
    Index(usize),
}

/// A concrete location in one submission, e.g. `clinical_safety.hazard_log.hazards[2].harm`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ConcretePath(pub Vec<Segment>);

impl ConcretePath {
    pub fn child_key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Segment::Key(key.into()));
        Self(segs)
    }

    pub fn child_index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Segment::Index(index));
        Self(segs)
    }

    pub fn join_keys(&self, keys: &[Box<str>]) -> Self {
        let mut segs = self.0.clone();
        segs.extend(keys.iter().map(|k| Segment::Key(k.clone())));
        Self(segs)
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for ConcretePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A path as written in a rule: keys only, relative to the current scope (the submission, or
/// the array item a quantifier is visiting), or absolute when it starts with `$.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulePath {
    pub keys: Vec<Box<str>>,
    pub absolute: bool,
    pub text: Box<str>,
}

impl RulePath {
    /// Parses `a.b.c`, `$.a.b` or `.` (the current item itself).
    pub fn parse(text: &str) -> Result<Self, String> {
        let (absolute, rest) = match text.strip_prefix("$.") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if rest == "." || (text == "$") {
            return Ok(Self {
                keys: Vec::new(),
                absolute: text == "$",
                text: text.into(),
            });
        }
        let mut keys = Vec::new();
        for key in rest.split('.') {
            let valid = !key.is_empty()
                && key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !valid {
                return Err(format!(
                    "`{text}` is not a path: write field names in lower snake_case separated by dots, \
                     like `technical_security.penetration_test.date`"
                ));
            }
            keys.push(Box::from(key));
        }
        Ok(Self {
            keys,
            absolute,
            text: text.into(),
        })
    }
}

impl fmt::Display for RulePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_paths() {
        let p = RulePath::parse("clinical_safety.cso.name").unwrap();
        assert_eq!(p.keys.len(), 3);
        assert!(!p.absolute);
        assert!(RulePath::parse("$.product.name").unwrap().absolute);
        assert!(RulePath::parse(".").unwrap().keys.is_empty());
        assert!(RulePath::parse("a..b").is_err());
        assert!(RulePath::parse("Product.Name").is_err());
    }

    #[test]
    fn displays_concrete_paths() {
        let p = ConcretePath::default()
            .child_key("hazards")
            .child_index(2)
            .child_key("harm");
        assert_eq!(p.to_string(), "hazards[2].harm");
        assert_eq!(ConcretePath::default().to_string(), "(top level)");
    }
}
