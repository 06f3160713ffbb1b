//! What a condition comes to on one submission: it holds, it does not, it cannot be told yet
//! (the fact is in a supplied document, in progress or a placeholder), or it is vacuous (a list
//! with no entries to judge). `all` and `any` combine these the way an assessor reasons: one
//! failure fails the whole, an untold fact keeps it open, and nothing to judge is not a pass.

/// The value of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// The condition does not hold.
    No,
    /// It cannot be told from the submission yet: evidence outstanding.
    Unknown,
    /// It holds.
    Yes,
    /// There was nothing to judge: a quantifier over a list with no entries.
    Vacuous,
}

impl Truth {
    pub fn from_bool(b: bool) -> Self {
        if b { Self::Yes } else { Self::No }
    }

    /// Both: no beats unknown beats yes beats vacuous (vacuous is the identity).
    #[must_use]
    pub fn and(self, other: Self) -> Self {
        use Truth::*;
        match (self, other) {
            (No, _) | (_, No) => No,
            (Unknown, _) | (_, Unknown) => Unknown,
            (Yes, _) | (_, Yes) => Yes,
            (Vacuous, Vacuous) => Vacuous,
        }
    }

    /// Either: yes beats unknown beats no beats vacuous.
    #[must_use]
    pub fn or(self, other: Self) -> Self {
        use Truth::*;
        match (self, other) {
            (Yes, _) | (_, Yes) => Yes,
            (Unknown, _) | (_, Unknown) => Unknown,
            (No, _) | (_, No) => No,
            (Vacuous, Vacuous) => Vacuous,
        }
    }

    /// Whether the condition was decided either way (yes or no).
    pub fn decided(self) -> bool {
        matches!(self, Self::Yes | Self::No)
    }
}

/// The negation: yes and no swap; an untold or vacuous condition stays so.
impl std::ops::Not for Truth {
    type Output = Self;

    fn not(self) -> Self {
        match self {
            Self::Yes => Self::No,
            Self::No => Self::Yes,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, *};

    const ALL: [Truth; 4] = [No, Unknown, Yes, Vacuous];

    #[test]
    fn and_or_are_commutative_with_vacuous_as_identity() {
        for a in ALL {
            assert_eq!(a.and(Vacuous), a);
            assert_eq!(a.or(Vacuous), a);
            for b in ALL {
                assert_eq!(a.and(b), b.and(a));
                assert_eq!(a.or(b), b.or(a));
            }
        }
    }

    #[test]
    fn a_failure_decides_all_and_an_untold_fact_keeps_it_open() {
        assert_eq!(Yes.and(Unknown), Unknown);
        assert_eq!(Unknown.and(No), No);
        assert_eq!(No.or(Unknown), Unknown);
        assert_eq!(Unknown.or(Yes), Yes);
        assert_eq!(!Unknown, Unknown);
        assert_eq!(!Vacuous, Vacuous);
    }
}
