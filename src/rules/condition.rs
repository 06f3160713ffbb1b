//! The compiled form of a rule's `when` and `check`: a tree of typed conditions whose paths,
//! regexes, periods and rule references were all checked when the rules loaded.

use crate::path::RulePath;
use crate::rules::dates::{AsOfOffset, Period};
use crate::rules::model::Outcome;
use serde_json::Value;

/// One condition plus the plain-English statement of what it expects.
#[derive(Debug, Clone)]
pub struct Cond {
    pub op: Op,
    /// What the condition asks for, with its paths, e.g. "`dpia.completed` is `true`".
    pub summary: String,
    /// The rule author's wording for what is expected (`say = "…"`), if any.
    pub say: Option<String>,
    /// What a missing value means here (inherited from the enclosing condition or the rule).
    pub missing: IfMissing,
}

/// What a value a condition needs means when the submission leaves it out.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum IfMissing {
    /// The form asks for it: the condition does not hold.
    #[default]
    Fail,
    /// It lives in the document at `look_in` (an evidence object, from the root): while that
    /// document is supplied or in progress, the condition is outstanding; when it is not, the
    /// condition does not hold.
    Outstanding { look_in: RulePath },
}

#[derive(Debug, Clone)]
pub enum Op {
    Leaf {
        path: RulePath,
        test: Test,
    },
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// Every item (of those `filter` does not rule out, if given) satisfies `item`.
    Every {
        array: RulePath,
        filter: Option<Box<Cond>>,
        item: Box<Cond>,
    },
    Some {
        array: RulePath,
        item: Box<Cond>,
    },
    Count {
        array: RulePath,
        filter: Option<Box<Cond>>,
        min: Option<u64>,
        max: Option<u64>,
    },
    Risk(RiskCheck),
    Rule {
        rule: RuleRef,
        outcomes: Vec<Outcome>,
    },
    Rules {
        rules: Vec<RuleRef>,
        outcomes: Vec<Outcome>,
        min: Option<u64>,
        max: Option<u64>,
    },
    /// A judgement the rules cannot make and the assessor must (`confirm = "…"`): always
    /// outstanding, "assessor to confirm" what the text says. It sits in an `any` after the
    /// alternatives the rule can decide, so it only shows when none of them held. `path`, when
    /// given, is the value the assessor judges (shown as observed).
    Confirm {
        text: String,
        path: Option<RulePath>,
    },
    /// `as_of_not_after = "2028-06-30"`: the as-of date itself is on or before a standard's
    /// fixed deadline (a transition period that ends on a calendar date).
    AsOfNotAfter(jiff::civil::Date),
}

/// A `matches` pattern: its text, where it is written (a byte offset in its rule file), and,
/// once the rule set is linked, the compiled regex (`rules::regexes` compiles every pattern of a
/// set in load order, within one memory budget).
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    pub offset: usize,
    pub regex: Option<regex_automata::meta::Regex>,
}

impl Pattern {
    /// Whether `text` matches (never, for a pattern that was not compiled).
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.as_ref().is_some_and(|r| r.is_match(text))
    }
}

/// A test on the single value at a path.
#[derive(Debug, Clone)]
pub enum Test {
    Present(bool),
    Empty(bool),
    Equals(Value),
    OneOf(Vec<Value>),
    Contains(Value),
    Matches(Pattern),
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
    Items {
        min: Option<u64>,
        max: Option<u64>,
    },
    Within(Period),
    /// `within = "12 months", months_from = "…"`: within the number of months held at
    /// `months` (a plan's own review interval), or the default period when that is not given.
    WithinInterval {
        default: Period,
        months: RulePath,
    },
    /// `unique_by = "id"`: no two items of the list share a value at this path (items without
    /// one are not compared).
    UniqueBy(RulePath),
    NotBefore(AsOfOffset),
    NotAfter(AsOfOffset),
    /// `other` is relative to the current scope, or, when `outer` (written `to = "^.a.b"` or
    /// `"^"`), to the item of the enclosing every/some/count: that is how a check on one list
    /// item refers to the item of the list around it (a measure's `risk_id` equal to the risk's
    /// `id`).
    Compare {
        op: CmpOp,
        other: RulePath,
        outer: bool,
    },
    Checksum(Checksum),
    /// The evidence object at the path is supplied (`status = "provided"` or `provided = true`);
    /// in progress is outstanding until its expected date; with `allow_na`, a document stated
    /// not applicable (with a reason) makes the condition not applicable.
    Supplied {
        allow_na: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "==" => Self::Eq,
            "!=" => Self::Ne,
            "<" => Self::Lt,
            "<=" => Self::Le,
            ">" => Self::Gt,
            ">=" => Self::Ge,
            _ => return None,
        })
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::Eq => "equal to",
            Self::Ne => "different from",
            Self::Lt => "less than",
            Self::Le => "at most",
            Self::Gt => "greater than",
            Self::Ge => "at least",
        }
    }

    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Self::Eq => ord == Equal,
            Self::Ne => ord != Equal,
            Self::Lt => ord == Less,
            Self::Le => ord != Greater,
            Self::Gt => ord == Greater,
            Self::Ge => ord != Less,
        }
    }
}

/// Check-digit algorithms a rule can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checksum {
    /// The NHS number's modulus-11 check digit.
    NhsNumber,
}

/// The DCB0129 risk-matrix lookup for one hazard assessment.
#[derive(Debug, Clone)]
pub struct RiskCheck {
    pub likelihood: RulePath,
    pub severity: RulePath,
    /// Where the submission may give its own matrix (absolute), overriding the default.
    pub own_matrix: Option<RulePath>,
    pub expect: RiskExpect,
}

#[derive(Debug, Clone)]
pub enum RiskExpect {
    /// The stated risk at this path equals the matrix's.
    StatedRisk(RulePath),
    /// The matrix's risk is at most `max`, or at most the level held at `from` (a CRM plan's
    /// own acceptability criterion, an absolute path) when the submission gives one.
    AtMost { max: u8, from: Option<RulePath> },
}

/// A reference to another rule, resolved to its index once every rule is known.
#[derive(Debug, Clone)]
pub struct RuleRef {
    pub id: String,
    pub index: usize,
    /// Byte offset of the reference in its rule file, for load errors.
    pub offset: usize,
}

impl Cond {
    /// Calls `f` on this condition's operation and on every condition inside it, outermost first.
    fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Op)) {
        f(&mut self.op);
        match &mut self.op {
            Op::All(cs) | Op::Any(cs) => cs.iter_mut().for_each(|c| c.visit_mut(f)),
            Op::Every { filter, item, .. } => {
                if let Some(c) = filter {
                    c.visit_mut(f);
                }
                item.visit_mut(f);
            }
            Op::Not(c) | Op::Some { item: c, .. } => c.visit_mut(f),
            Op::Count {
                filter: Some(c), ..
            } => c.visit_mut(f),
            _ => {}
        }
    }

    /// Calls `f` on every reference to another rule's outcome.
    pub fn rule_refs_mut(&mut self, f: &mut dyn FnMut(&mut RuleRef)) {
        self.visit_mut(&mut |op| match op {
            Op::Rule { rule, .. } => f(rule),
            Op::Rules { rules, .. } => rules.iter_mut().for_each(&mut *f),
            _ => {}
        });
    }

    /// Calls `f` on every `matches` pattern, in the order they are written.
    pub fn patterns_mut(&mut self, f: &mut dyn FnMut(&mut Pattern)) {
        self.visit_mut(&mut |op| {
            if let Op::Leaf {
                test: Test::Matches(p),
                ..
            } = op
            {
                f(p);
            }
        });
    }

    /// The text to show as "expected": the author's wording, or the generated summary.
    pub fn expectation(&self) -> &str {
        self.say.as_deref().unwrap_or(&self.summary)
    }
}

/// Human wording of a value as it appears in messages: strings and scalars in backticks.
pub fn show(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut short: String = s.chars().take(80).collect();
    if short.len() < s.len() {
        short.push('…');
    }
    format!("`{short}`")
}

pub fn show_list(values: &[Value]) -> String {
    values.iter().map(show).collect::<Vec<_>>().join(", ")
}
