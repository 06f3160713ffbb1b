//! The decisions an assessor takes, each by its own standard, and the parts they are made of: the
//! fixed catalogue that every rule's `feeds` is checked against when rules load, and that reports
//! lead with. A decision is derived from the outcomes of the rules that feed its parts, never
//! from the worst severity across the whole run.

/// One part of a decision: a DTAC section, a DCB0129 clause group, a DPIA question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartDef {
    pub id: &'static str,
    pub title: &'static str,
    /// Whether the part moves the decision. DTAC A and B are context and D1 is scored for
    /// comparison only (DTAC v2.0 form, "how the form is assessed"); a DPIA trigger only
    /// decides the duty.
    pub counts: bool,
}

/// One decision and its parts, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionDef {
    pub id: &'static str,
    pub title: &'static str,
    pub parts: &'static [PartDef],
    /// The headline levels a rule may `set` (its `sets`), strongest first, and the level when no
    /// rule sets one. Empty for decisions without a headline level.
    pub levels: &'static [&'static str],
    pub default_level: Option<&'static str>,
    /// Levels that settle the decision as not met whatever its parts say, with the words to
    /// say it in (DTAC on the retired v1.0 form after 6 April 2026: not assessed further).
    pub settles: &'static [(&'static str, &'static str)],
    /// The words for met / not met (a DTAC section "meets"; DCB0129 "compliant").
    pub met: &'static str,
    pub not_met: &'static str,
}

const fn part(id: &'static str, title: &'static str) -> PartDef {
    PartDef {
        id,
        title,
        counts: true,
    }
}

const fn context(id: &'static str, title: &'static str) -> PartDef {
    PartDef {
        id,
        title,
        counts: false,
    }
}

/// Every decision, in the order reports show them.
pub const DECISIONS: &[DecisionDef] = &[
    DecisionDef {
        id: "dtac",
        title: "DTAC",
        parts: &[
            context("A", "Company information (context, not assessed)"),
            context("B", "Value proposition (context, not assessed)"),
            part("C1", "Clinical safety"),
            part("C2", "Data protection"),
            part("C3", "Technical security"),
            part("C4", "Interoperability"),
            context("D1", "Usability and accessibility (scored, not pass/fail)"),
        ],
        levels: &["wrong_form"],
        default_level: None,
        settles: &[("wrong_form", "wrong form: resubmit on v2.0")],
        met: "meets",
        not_met: "does not meet",
    },
    DecisionDef {
        id: "dcb0129",
        title: "DCB0129 (manufacturer clinical risk management)",
        parts: &[
            // Whether DCB0129 applies is scope, not compliance: a product justified out of scope
            // is "not applicable", and the justification itself counts for DTAC (2.0 C1.2.1).
            context("1", "1 Scope: whether DCB0129 applies"),
            part(
                "2",
                "2 Top management, the CSO, personnel and third-party products",
            ),
            part(
                "3",
                "3 The CRM file, plan, hazard log, safety case and incident log",
            ),
            part("4", "4 Clinical risk analysis"),
            part("5", "5 Clinical risk evaluation"),
            part("6", "6 Clinical risk control"),
            part("7", "7 Delivery, monitoring and modification"),
        ],
        levels: &[],
        default_level: None,
        settles: &[],
        met: "compliant",
        not_met: "not compliant",
    },
    DecisionDef {
        id: "dcb0160",
        title: "DCB0160 (deploying organisation clinical risk management)",
        parts: &[
            part(
                "procurement",
                "Procurement: the manufacturer's DCB0129 evidence (2.5.1)",
            ),
            part("governance", "Top management, the CSO and personnel"),
            part(
                "documents",
                "The CRM file, plan, local hazard log and safety case",
            ),
            part(
                "risk",
                "Local clinical risk analysis, evaluation and control",
            ),
            part(
                "operation",
                "Deployment, in-service monitoring, modification and decommissioning",
            ),
        ],
        levels: &[],
        default_level: None,
        settles: &[],
        met: "compliant",
        not_met: "not compliant",
    },
    DecisionDef {
        id: "dpia",
        title: "DPIA (UK GDPR Art 35–36)",
        parts: &[
            context("triggers", "The criteria that make a DPIA required"),
            part("duty", "A DPIA where one is required or advised"),
            part("contents", "The DPIA's contents (Art 35(7))"),
            part("consultation", "Prior consultation with the ICO (Art 36)"),
        ],
        levels: &["required", "advised"],
        default_level: Some("not_required"),
        settles: &[],
        met: "met",
        not_met: "not met",
    },
    DecisionDef {
        id: "atrs",
        title: "ATRS (Algorithmic Transparency Recording Standard)",
        parts: &[
            context("scope", "Whether a record is expected"),
            part("metadata", "Record metadata"),
            part("tier1", "Tier 1: the overview for the public"),
            part("tier2", "Tier 2: the detail for specialists"),
        ],
        levels: &["mandatory", "advisory"],
        default_level: Some("not_in_scope"),
        settles: &[],
        met: "record complete",
        not_met: "record incomplete",
    },
];

/// The decision with this id.
pub fn decision(id: &str) -> Option<&'static DecisionDef> {
    DECISIONS.iter().find(|d| d.id == id)
}

impl DecisionDef {
    /// The part with this id.
    pub fn part(&self, id: &str) -> Option<&'static PartDef> {
        self.parts.iter().find(|p| p.id == id)
    }

    /// Whether a finding listed under `part`, also counting towards `also` (`decision.part`),
    /// moves any decision: a failure only in context or scored parts, or in an advisory
    /// decision, is an observation.
    pub fn moves(&self, part: &str, also: &[String]) -> bool {
        self.part(part).is_some_and(|p| p.counts)
            || also.iter().any(|a| {
                a.split_once('.')
                    .and_then(|(d, p)| decision(d)?.part(p))
                    .is_some_and(|p| p.counts)
            })
    }

    /// Where this decision sits in [`DECISIONS`], for ordering.
    pub fn index(&self) -> usize {
        DECISIONS
            .iter()
            .position(|d| d.id == self.id)
            .unwrap_or(usize::MAX)
    }

    /// Whether findings of this decision are advisory at `level` (ATRS outside the mandatory
    /// scope): shown, but never counted by `--fail-on`.
    pub fn advisory_at(&self, level: Option<&str>) -> bool {
        self.id == "atrs" && level != Some("mandatory")
    }
}

/// A resolved `feeds` entry: which decision and part a rule counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feed {
    pub decision: &'static DecisionDef,
    pub part: &'static PartDef,
}

impl Feed {
    /// Parses `"dcb0129.3"` or `"dtac.C1"`, or says what is wrong and what would be right.
    pub fn parse(text: &str) -> Result<Self, (String, Option<String>)> {
        let (d, p) = text.split_once('.').unwrap_or((text, ""));
        let ids: Vec<&str> = DECISIONS.iter().map(|d| d.id).collect();
        let Some(decision) = decision(d) else {
            return Err((
                format!("`{text}` names no decision"),
                Some(format!(
                    "write `DECISION.PART`, where DECISION is one of {}",
                    ids.join(", ")
                )),
            ));
        };
        let Some(part) = decision.part(p) else {
            let parts: Vec<String> = decision
                .parts
                .iter()
                .map(|p| format!("`{}.{}`", decision.id, p.id))
                .collect();
            return Err((
                format!("`{text}` names no part of the {} decision", decision.id),
                Some(format!("the parts are {}", parts.join(", "))),
            ));
        };
        Ok(Self { decision, part })
    }

    /// `dtac.C1`.
    pub fn id(&self) -> String {
        format!("{}.{}", self.decision.id, self.part.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_parse_and_explain_mistakes() {
        let f = Feed::parse("dtac.C1").unwrap();
        assert_eq!(f.id(), "dtac.C1");
        assert!(f.part.counts);
        assert!(!Feed::parse("dtac.D1").unwrap().part.counts);
        let (msg, hint) = Feed::parse("dtac.C9").unwrap_err();
        assert!(msg.contains("no part"), "{msg}");
        assert!(hint.unwrap().contains("`dtac.C1`"));
        let (msg, _) = Feed::parse("gdpr.x").unwrap_err();
        assert!(msg.contains("no decision"), "{msg}");
    }
}
