//! Compiling every `matches` pattern of a rule set, once the set is linked: in load order, one
//! compiled regex per distinct pattern (the same pattern in 10,000 rules is compiled once), each
//! within 1 MiB and all of them within [`BUDGET`], so a rule set cannot make loading take
//! gigabytes or minutes. Going through the patterns in load order, not file by file in parallel,
//! keeps the rule blamed for passing the budget the same on every run.

use super::condition::Pattern;
use super::{Rule, RuleError, RuleSource};
use crate::source::LineIndex;
use regex_automata::meta::{BuildError, Config, Regex};
use std::collections::HashMap;

/// The most one pattern may compile to.
const PER_PATTERN: usize = 1 << 20;
/// The most all the patterns of a rule set may compile to together (the built-in packs use
/// well under 1 MiB).
pub const BUDGET: usize = 32 << 20;

/// Compiles the patterns of `rules`, pushing an error (at the pattern) for each that is not a
/// valid regex or does not fit.
pub fn compile(rules: &mut [Rule], sources: &[RuleSource], errors: &mut Vec<RuleError>) {
    let mut done: HashMap<String, Regex> = HashMap::new();
    let mut used = 0usize;
    // Once the budget is spent, the error is said once and later patterns are only counted.
    let mut spent: Option<(usize, usize)> = None;
    for rule in rules.iter_mut() {
        let (file, id) = (rule.file.clone(), rule.id.clone());
        let mut one = |p: &mut Pattern| {
            if let Some(re) = done.get(&p.source) {
                p.regex = Some(re.clone());
                return;
            }
            if let Some((_, later)) = spent.as_mut() {
                *later += 1;
                return;
            }
            let left = BUDGET.saturating_sub(used);
            match build(&p.source, PER_PATTERN.min(left)) {
                Ok(re) => {
                    used += re.memory_usage();
                    done.insert(p.source.clone(), re.clone());
                    p.regex = Some(re);
                }
                Err(e) => {
                    let budget = left < PER_PATTERN && e.size_limit().is_some();
                    let mut err = problem(&e, p, budget, (&file, sources));
                    err.message = format!("rule {id}: {}", err.message);
                    if budget {
                        spent = Some((errors.len(), 0));
                    }
                    errors.push(err);
                }
            }
        };
        if let Some(w) = rule.when.as_mut() {
            w.patterns_mut(&mut one);
        }
        rule.check.patterns_mut(&mut one);
    }
    if let Some((i, later)) = spent.filter(|(_, later)| *later > 0) {
        errors[i]
            .message
            .push_str(&format!(", nor do the {later} patterns after it"));
    }
}

fn build(pattern: &str, limit: usize) -> Result<Regex, Box<BuildError>> {
    let config = Config::new()
        .nfa_size_limit(Some(limit))
        .onepass_size_limit(Some(limit));
    Regex::builder()
        .configure(config)
        .build(pattern)
        .map_err(Box::new)
}

/// "bad regex: unclosed group", then the pattern with the regex crate's caret under the place,
/// indented under the message.
fn syntax_message(syntax: &regex_syntax::Error) -> String {
    let shown = syntax.to_string();
    let lines: Vec<&str> = shown.lines().collect();
    let what = lines.last().map_or("", |l| l.trim_start_matches("error: "));
    let mut out = format!("bad regex: {what}");
    // Between the heading ("regex parse error:") and the last line: the pattern and carets.
    for l in lines.iter().skip(1).take(lines.len().saturating_sub(2)) {
        if !l.trim().is_empty() {
            out.push_str(&format!("\n  {l}"));
        }
    }
    out
}

/// How far into the file's text the error sits past the pattern's opening quote: the place the
/// caret marks, when the pattern is written as a literal (`'…'`) string whose characters are the
/// pattern's own; else the opening quote.
fn inside(text: &str, p: &Pattern, e: &BuildError) -> usize {
    let Some(regex_syntax::Error::Parse(ast)) = e.syntax_error() else {
        return 0;
    };
    let literal = text
        .get(p.offset..)
        .is_some_and(|t| t.starts_with('\'') && !t.starts_with("'''"));
    let start = ast.span().start.offset;
    if literal && p.source.is_char_boundary(start) {
        1 + start
    } else {
        0
    }
}

/// The error for a pattern that did not compile, at the pattern.
fn problem(
    e: &BuildError,
    p: &Pattern,
    budget_spent: bool,
    (file, sources): (&str, &[RuleSource]),
) -> RuleError {
    let shown = super::condition::show(&serde_json::Value::String(p.source.clone()));
    let (message, hint) = match (e.size_limit(), e.syntax_error()) {
        (Some(_), _) if budget_spent => (
            format!(
                "the regexes of this rule set compile to more than {} MiB in all; this one does not fit",
                BUDGET >> 20
            ),
            format!(
                "use fewer distinct patterns (a pattern repeated in many rules is compiled once), or simpler ones than {shown}"
            ),
        ),
        (Some(limit), _) => (
            format!("the regex compiles to more than {} KiB", limit / 1024),
            format!(
                "simplify the pattern {shown}: counted repetitions such as `{{1000}}` multiply its size"
            ),
        ),
        (None, Some(syntax)) => (syntax_message(syntax), format!("check the pattern {shown}")),
        (None, None) => (
            format!("bad regex: {e}"),
            format!("check the pattern {shown}"),
        ),
    };
    let at = sources
        .iter()
        .find(|s| s.file == file)
        .map_or(crate::source::LineCol { line: 1, column: 1 }, |s| {
            LineIndex::new(&s.text).line_col(p.offset + inside(&s.text, p, e))
        });
    RuleError {
        file: file.to_owned(),
        at,
        message,
        hint: Some(hint),
    }
}
