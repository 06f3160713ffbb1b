//! The DTAC form versions and their questions. A rule that counts towards DTAC answers the form
//! questions it cites in its `refs` (`DTAC 1.0 C3.2`, `DTAC 2.0 C3.3`): on a submission made on
//! one form version it is asked only if it cites a question of that version, and a skip rule
//! (a trigger with `skips`, encoding the form's "if Yes, go to …") that fired takes its questions
//! out. A rule that cites no DTAC question at all is the same on every version.

/// The form versions, as `submission.dtac_version` names them.
pub const VERSIONS: &[&str] = &["1.0", "2.0"];

/// A DTAC question a rule cites: its form version and code (`"2.0"`, `"C3.3"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub version: &'static str,
    pub code: String,
}

impl Question {
    /// `DTAC 2.0 C3.3` as a question; `None` for a ref to anything else.
    pub fn parse(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix("DTAC ")?;
        let (version, code) = rest.split_once(' ').unwrap_or((rest, ""));
        let version = VERSIONS.iter().copied().find(|v| *v == version)?;
        Some(Self {
            version,
            code: code.trim().to_owned(),
        })
    }

    /// Whether the skip `covers` (`DTAC 2.0 C3.3`, or `DTAC 1.0` for the whole form) takes this
    /// question out: the same version, and the same code or one below it (`C3.5` covers
    /// `C3.5.1`; `C3.5` does not cover `C3.50`).
    pub fn skipped_by(&self, covers: &Question) -> bool {
        self.version == covers.version
            && (covers.code.is_empty()
                || self.code == covers.code
                || self
                    .code
                    .strip_prefix(&covers.code)
                    .is_some_and(|rest| rest.starts_with('.')))
    }
}

/// The DTAC questions among `refs`.
pub fn questions(refs: &[String]) -> Vec<Question> {
    refs.iter().filter_map(|r| Question::parse(r)).collect()
}

/// Whether a rule whose DTAC questions are `asked` is asked on form `version` (when the
/// submission says which) once the questions that `skips` cover are taken out; the first skip
/// that takes the last of them out is named.
pub fn asked(asked: &[Question], version: Option<&str>, skips: &[(usize, &[Question])]) -> Asked {
    if asked.is_empty() {
        return Asked::Yes;
    }
    let on_form: Vec<&Question> = asked
        .iter()
        .filter(|q| version.is_none_or(|v| q.version == v))
        .collect();
    if on_form.is_empty() {
        return Asked::NotOnForm;
    }
    for (rule, covers) in skips {
        if on_form
            .iter()
            .all(|q| covers.iter().any(|c| q.skipped_by(c)))
        {
            return Asked::Skipped(*rule);
        }
    }
    Asked::Yes
}

/// Whether a form asks a rule's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    Yes,
    /// The submission's form version asks none of them.
    NotOnForm,
    /// The skip rule at this index took them out.
    Skipped(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Question {
        Question::parse(s).unwrap()
    }

    #[test]
    fn questions_and_their_skips() {
        assert_eq!(q("DTAC 2.0 C3.3").code, "C3.3");
        assert!(Question::parse("DCB0129 3.3.1").is_none());
        assert!(Question::parse("DTAC 3.0 C1").is_none());
        assert!(q("DTAC 2.0 C3.5.1").skipped_by(&q("DTAC 2.0 C3.5")));
        assert!(!q("DTAC 2.0 C3.50").skipped_by(&q("DTAC 2.0 C3.5")));
        assert!(!q("DTAC 1.0 C3.5").skipped_by(&q("DTAC 2.0 C3.5")));
        assert!(q("DTAC 1.0 D1.4").skipped_by(&q("DTAC 1.0")));
    }

    #[test]
    fn a_rule_is_asked_on_the_forms_it_cites_unless_skipped() {
        let both = [q("DTAC 1.0 C3.2"), q("DTAC 2.0 C3.3")];
        assert_eq!(asked(&both, Some("2.0"), &[]), Asked::Yes);
        assert_eq!(
            asked(&[q("DTAC 1.0 C3.4")], Some("2.0"), &[]),
            Asked::NotOnForm
        );
        assert_eq!(asked(&[], Some("2.0"), &[]), Asked::Yes);
        let charter = [q("DTAC 2.0 C3.3"), q("DTAC 2.0 C3.4")];
        assert_eq!(
            asked(&both, Some("2.0"), &[(7, &charter)]),
            Asked::Skipped(7)
        );
        assert_eq!(asked(&both, Some("1.0"), &[(7, &charter)]), Asked::Yes);
        // Without a version, a rule is skipped only when every question it cites is.
        assert_eq!(asked(&both, None, &[(7, &charter)]), Asked::Yes);
    }
}
