//! Builds the immutable [`RuleSet`] from rule sources: parse, schema-check, compile each rule,
//! then link rule references, reject unknown ids and dependency cycles, and order evaluation.

use super::compile_cond::{Cx, Problem};
use super::condition::{IfMissing, RuleRef};
use super::decisions::Feed;
use super::model::{Examples, RuleDef};
use super::toml_json::{self, Spans};
use super::{Rule, RuleError, RuleErrors, RuleSource};
use crate::schema::{Schema, closest};
use crate::source::{LineCol, LineIndex};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// Compiled rules, ready to evaluate against any number of submissions (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// For each rule, the rules its conditions refer to.
    pub deps: Vec<Vec<usize>>,
    /// Rule indexes grouped so that each group depends only on earlier groups.
    pub levels: Vec<Vec<usize>>,
    /// `sha256:` over every source file (name and text), in load order.
    pub hash: String,
    /// Which rules are reported (all, unless `--only` narrowed the packs).
    pub selected: Vec<bool>,
    /// Which rules must be evaluated: the selected ones and everything they depend on.
    pub needed: Vec<bool>,
    /// The decisions reports show: all, unless `--only` named packs (then the decisions of
    /// those names).
    pub decisions: Option<Vec<String>>,
}

impl RuleSet {
    /// Compiles `sources` into a rule set, or returns every problem found.
    pub fn compile(sources: &[RuleSource]) -> Result<Self, RuleErrors> {
        // Files compile independently, so they compile in parallel; the order is kept.
        let (compiled, hash) = rayon::join(
            || {
                sources
                    .par_iter()
                    .map(|src| {
                        let (mut rules, mut errors) = (Vec::new(), Vec::new());
                        compile_file(src, &mut rules, &mut errors);
                        (rules, errors)
                    })
                    .collect::<Vec<_>>()
            },
            || hash_sources(sources),
        );
        let mut errors = Vec::new();
        let mut rules = Vec::new();
        for (r, e) in compiled {
            rules.extend(r);
            errors.extend(e);
        }
        let deps = link(&mut rules, sources, &mut errors);
        super::regexes::compile(&mut rules, sources, &mut errors);
        if !errors.is_empty() {
            return Err(RuleErrors(errors));
        }
        let levels = levels(&deps);
        let n = rules.len();
        Ok(Self {
            rules,
            deps,
            levels,
            hash,
            selected: vec![true; n],
            needed: vec![true; n],
            decisions: None,
        })
    }

    /// Reports only the rules of `packs`, and the rules of other packs that count towards a
    /// decision of the same name (`--only dtac` keeps the DCB0129 rules that answer DTAC C1),
    /// evaluating whatever they depend on. Unknown pack names are returned as an error naming
    /// the packs that exist.
    pub fn select_packs(&mut self, packs: &[String]) -> Result<(), String> {
        let known = self.packs();
        for p in packs {
            if !known.contains(p) {
                let names: Vec<&str> = known.iter().map(String::as_str).collect();
                let hint = closest(p, &names)
                    .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                return Err(format!(
                    "unknown pack `{p}`{hint} (packs: {})",
                    known.join(", ")
                ));
            }
        }
        self.selected = self
            .rules
            .iter()
            .map(|r| {
                packs.contains(&r.pack)
                    || r.feeds
                        .iter()
                        .any(|f| packs.iter().any(|p| p == f.decision.id))
            })
            .collect();
        self.needed = self.selected.clone();
        self.decisions = Some(packs.to_vec());
        let mut stack: Vec<usize> = (0..self.rules.len())
            .filter(|&i| self.selected[i])
            .collect();
        while let Some(i) = stack.pop() {
            for &d in &self.deps[i] {
                if !self.needed[d] {
                    self.needed[d] = true;
                    stack.push(d);
                }
            }
        }
        Ok(())
    }

    /// Pack names in load order.
    pub fn packs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rules {
            if !out.contains(&r.pack) {
                out.push(r.pack.clone());
            }
        }
        out
    }

    /// Whether reports show the decision `id`.
    pub fn shows(&self, id: &str) -> bool {
        self.decisions
            .as_ref()
            .is_none_or(|d| d.iter().any(|p| p == id))
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }
}

/// The rule-set hash: every file's name and text, in load order (for the built-in files alone,
/// as the build computed it).
fn hash_sources(sources: &[RuleSource]) -> String {
    let files = super::embedded::FILES;
    let builtin = sources.len() == files.len()
        && sources
            .iter()
            .zip(files)
            .all(|(s, f)| s.file.strip_prefix("rules/") == Some(f.path) && s.text == f.text);
    if builtin {
        return super::embedded::HASH.to_owned();
    }
    let mut input = Vec::new();
    for s in sources {
        input.extend_from_slice(s.file.as_bytes());
        input.push(0);
        input.extend_from_slice(s.text.as_bytes());
        input.push(0);
    }
    crate::submission::sha256_hex(&input)
}

/// The file's rules as JSON, where they sit, and where each rule starts: a built-in file
/// unchanged comes as the build converted it (it is known to follow the rule schema, which a
/// test checks); any other file is parsed here.
struct Parsed<'t> {
    value: Value,
    spans: Spans<'t>,
    prepared: Option<super::embedded::Prepared>,
}

fn parse_file<'t>(src: &'t RuleSource) -> Result<Parsed<'t>, toml_json::SyntaxError> {
    if let Some(p) = super::embedded::prepared(&src.file, &src.text) {
        if let Ok(value) = serde_json::from_str(p.json) {
            return Ok(Parsed {
                value,
                spans: Spans::none(),
                prepared: Some(p),
            });
        }
    }
    let (value, spans) = toml_json::parse(&src.text)?;
    Ok(Parsed {
        value,
        spans,
        prepared: None,
    })
}

fn compile_file(src: &RuleSource, rules: &mut Vec<Rule>, errors: &mut Vec<RuleError>) {
    let index = std::cell::OnceCell::new();
    let at = |offset: usize| {
        index
            .get_or_init(|| LineIndex::new(&src.text))
            .line_col(offset)
    };
    let err = |offset: usize, message: String, hint: Option<String>| RuleError {
        file: src.file.clone(),
        at: at(offset),
        message,
        hint,
    };
    let Parsed {
        value,
        spans,
        prepared,
    } = match parse_file(src) {
        Ok(x) => x,
        Err(e) => {
            return errors.push(err(
                e.offset,
                format!("not valid TOML: {}", e.message),
                None,
            ));
        }
    };
    // A rule the schema refuses is reported and left out; the file's other rules still compile,
    // so one pass reports every problem of every kind.
    let mut refused = std::collections::BTreeSet::new();
    let problems = match prepared {
        Some(_) => Vec::new(),
        None => toml_json::schema_problems_at(Schema::rules(), &value, &spans),
    };
    for p in problems {
        let rule = rule_of(&p.pointer);
        let message = match rule.and_then(|i| rule_id(&value, i)) {
            Some(id) => format!("rule {id}: {}", p.message),
            None => p.message,
        };
        match rule {
            Some(i) => refused.insert(i),
            None => refused.insert(usize::MAX),
        };
        errors.push(err(p.offset, message, p.hint));
    }
    if refused.contains(&usize::MAX) {
        return;
    }
    let mut value = value;
    // Each rule's value is moved into its definition, never copied (its examples' inputs are
    // most of a file).
    let Some(Value::Array(list)) = value.get_mut("rule").map(Value::take) else {
        return;
    };
    for (i, raw) in list.into_iter().enumerate() {
        if refused.contains(&i) {
            continue;
        }
        let ptr = format!("/rule/{i}");
        let mut problems: Vec<Problem> = Vec::new();
        let mut cx = Cx {
            spans: &spans,
            schema: Schema::submission(),
            problems: &mut problems,
            outer: Vec::new(),
            missing: Default::default(),
        };
        let missing = raw.as_object().and_then(|m| cx.missing_here(m, &ptr));
        let def = match RuleDef::deserialize(raw) {
            Ok(d) => d,
            Err(e) => {
                errors.push(err(0, format!("cannot read the rule file: {e}"), None));
                continue;
            }
        };
        let root = Schema::submission().root();
        let when = def
            .when
            .as_ref()
            .and_then(|w| cx.condition(w, &format!("{ptr}/when"), root));
        let look_in = match &missing {
            Some(IfMissing::Outstanding { look_in }) => Some(look_in.clone()),
            _ => None,
        };
        cx.missing = missing.clone().unwrap_or_default();
        let check = cx.condition(&def.check, &format!("{ptr}/check"), root);
        let feeds = feeds(&def, &ptr, &spans, &mut problems);
        let skips = skips(&def, &ptr, &spans, &mut problems);
        let requires: Vec<RuleRef> = def
            .requires
            .iter()
            .enumerate()
            .map(|(n, id)| RuleRef {
                id: id.clone(),
                index: usize::MAX,
                offset: spans.value(&format!("{ptr}/requires/{n}")),
            })
            .collect();
        let bad_when = def.when.is_some() && when.is_none();
        errors.extend(
            problems
                .into_iter()
                .map(|(o, m, h)| err(o, format!("rule {}: {m}", def.id), h)),
        );
        let (Some(check), Some(feeds), Some(_), Some(skips)) = (check, feeds, missing, skips)
        else {
            continue;
        };
        if bad_when {
            continue;
        }
        let refs = def.refs;
        rules.push(Rule {
            id: def.id,
            title: def.title,
            pack: src.pack.clone(),
            area: def.area,
            severity: def.severity,
            refs: refs.clone(),
            kind: def.kind,
            when,
            check,
            remedy: def.remedy,
            doc: def.doc,
            score: def.score,
            weight: def.weight,
            feeds,
            requires,
            sets: def.sets,
            look_in,
            questions: super::forms::questions(&refs),
            skips,
            skippers: Vec::new(),
            examples: match &prepared {
                Some(p) => Examples::deferred(p.examples.get(i).copied().unwrap_or_default()),
                None => Examples::read(def.example),
            },
            file: src.file.clone(),
            at: match prepared.as_ref().and_then(|p| p.starts.get(i)) {
                Some(&(line, column)) => LineCol { line, column },
                None => at(spans.value(&ptr)),
            },
            builtin: src.builtin,
        });
    }
}

/// The questions a skip rule takes out, checked: only a trigger skips, and each names a DTAC
/// form question (`DTAC 2.0 C3.3`) or a whole form (`DTAC 1.0`).
fn skips(
    def: &RuleDef,
    ptr: &str,
    spans: &Spans,
    problems: &mut Vec<Problem>,
) -> Option<Vec<super::forms::Question>> {
    if def.skips.is_empty() {
        return Some(Vec::new());
    }
    if def.kind != super::Kind::Trigger {
        problems.push((
            spans.value(&format!("{ptr}/skips")),
            "only a trigger skips questions".into(),
            Some("add `kind = \"trigger\"`: the questions are skipped when it fires".into()),
        ));
        return None;
    }
    let mut out = Vec::new();
    for (n, text) in def.skips.iter().enumerate() {
        match super::forms::Question::parse(text) {
            Some(q) => out.push(q),
            None => problems.push((
                spans.value(&format!("{ptr}/skips/{n}")),
                format!("`{text}` names no DTAC form question"),
                Some("write the question as rules cite it, e.g. `DTAC 2.0 C3.3`, or `DTAC 1.0` for the whole form".into()),
            )),
        }
    }
    (out.len() == def.skips.len()).then_some(out)
}

/// The rule a schema problem at `pointer` belongs to (`/rule/3/check` → 3), if any.
fn rule_of(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/rule/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// The id the `i`th rule of a file gives itself, if it gives one.
fn rule_id(value: &Value, i: usize) -> Option<&str> {
    value.pointer(&format!("/rule/{i}/id"))?.as_str()
}

/// The decisions a rule feeds, checked against the catalogue: at least one, each known, and a
/// `sets` level that its first decision has.
fn feeds(
    def: &RuleDef,
    ptr: &str,
    spans: &Spans,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Feed>> {
    if def.feeds.is_empty() {
        problems.push((
            spans.value(ptr),
            "feeds no decision".into(),
            Some("add `feeds = [\"DECISION.PART\"]`, e.g. `feeds = [\"dtac.C1\"]` or `feeds = [\"dcb0129.3\"]`: every rule counts towards a decision".into()),
        ));
        return None;
    }
    let mut out = Vec::new();
    for (n, text) in def.feeds.iter().enumerate() {
        match Feed::parse(text) {
            Ok(f) => out.push(f),
            Err((m, h)) => problems.push((spans.value(&format!("{ptr}/feeds/{n}")), m, h)),
        }
    }
    if out.len() != def.feeds.len() {
        return None;
    }
    if let Some(level) = &def.sets {
        let d = out[0].decision;
        if !d.levels.contains(&level.as_str()) {
            let hint = if d.levels.is_empty() {
                format!("the {} decision has no levels to set; remove `sets`", d.id)
            } else {
                format!("the {} decision's levels are {}", d.id, d.levels.join(", "))
            };
            problems.push((
                spans.value(&format!("{ptr}/sets")),
                format!("`{level}` is not a level of the {} decision", d.id),
                Some(hint),
            ));
            return None;
        }
    }
    Some(out)
}

/// Resolves rule references and rejects duplicates, unknown ids and cycles.
fn link(
    rules: &mut [Rule],
    sources: &[RuleSource],
    errors: &mut Vec<RuleError>,
) -> Vec<Vec<usize>> {
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, r) in rules.iter().enumerate() {
        if let Some(&first) = index.get(&r.id) {
            let prior = &rules[first];
            let hint = if prior.builtin && !r.builtin {
                "a local rule cannot replace a built-in one; give it its own id, or disable the built-in rule".to_owned()
            } else {
                "give each rule a unique id".to_owned()
            };
            errors.push(RuleError {
                file: r.file.clone(),
                at: r.at,
                message: format!(
                    "duplicate rule id `{}` (first defined at {}:{})",
                    r.id, prior.file, prior.at
                ),
                hint: Some(hint),
            });
        } else {
            index.insert(r.id.clone(), i);
        }
    }
    let ids: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    let names: Vec<&str> = ids.iter().map(String::as_str).collect();
    let lines: HashMap<&str, LineIndex> = sources
        .iter()
        .map(|s| (s.file.as_str(), LineIndex::new(&s.text)))
        .collect();
    let mut deps = vec![Vec::new(); rules.len()];
    for (i, rule) in rules.iter_mut().enumerate() {
        let file = rule.file.clone();
        let at = |offset: usize| {
            lines
                .get(file.as_str())
                .map_or(LineCol { line: 1, column: 1 }, |l| l.line_col(offset))
        };
        let mut visit = |r: &mut super::condition::RuleRef| match index.get(&r.id) {
            Some(&j) => {
                r.index = j;
                deps[i].push(j);
            }
            None => {
                errors.push(RuleError {
                    file: file.clone(),
                    at: at(r.offset),
                    message: format!("rule {} refers to unknown rule `{}`", ids[i], r.id),
                    hint: closest(&r.id, &names).map(|s| format!("did you mean `{s}`?")),
                });
            }
        };
        if let Some(w) = rule.when.as_mut() {
            w.rule_refs_mut(&mut visit);
        }
        rule.check.rule_refs_mut(&mut visit);
        rule.requires.iter_mut().for_each(&mut visit);
    }
    skippers(rules, &mut deps);
    for cycle in cycles(&deps) {
        let first = &rules[cycle[0]];
        let names: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&cycle[0]))
            .map(|&i| rules[i].id.as_str())
            .collect();
        errors.push(RuleError {
            file: first.file.clone(),
            at: first.at,
            message: format!("dependency cycle: {}", names.join(" → ")),
            hint: Some(
                "a rule cannot depend, directly or through others, on its own outcome".into(),
            ),
        });
    }
    deps
}

/// Links every rule that counts towards DTAC to the skip rules that could take its questions
/// out, so they are evaluated first. A skip rule is never skipped by another.
fn skippers(rules: &mut [Rule], deps: &mut [Vec<usize>]) {
    let skip_rules: Vec<usize> = (0..rules.len())
        .filter(|&j| !rules[j].skips.is_empty())
        .collect();
    for i in 0..rules.len() {
        if !rules[i].skips.is_empty() || !rules[i].feeds.iter().any(|f| f.decision.id == "dtac") {
            continue;
        }
        let found: Vec<usize> = skip_rules
            .iter()
            .copied()
            .filter(|&j| {
                rules[i]
                    .questions
                    .iter()
                    .any(|q| rules[j].skips.iter().any(|c| q.skipped_by(c)))
            })
            .collect();
        for &j in &found {
            if !deps[i].contains(&j) {
                deps[i].push(j);
            }
        }
        rules[i].skippers = found;
    }
}

/// Each dependency cycle once, as the list of rules around it.
fn cycles(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; deps.len()];
    let mut found = Vec::new();
    for start in 0..deps.len() {
        let mut path: Vec<(usize, usize)> = Vec::new();
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        path.push((start, 0));
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&d) = deps[node].get(*next) {
                *next += 1;
                match state[d] {
                    0 => {
                        state[d] = 1;
                        path.push((d, 0));
                    }
                    1 => {
                        let from = path.iter().position(|&(n, _)| n == d).unwrap_or(0);
                        found.push(path[from..].iter().map(|&(n, _)| n).collect());
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                path.pop();
            }
        }
    }
    found
}

/// Groups rules so each depends only on rules of earlier groups (assumes no cycles). Iterative,
/// so a long chain of dependent rules cannot overflow the stack.
fn levels(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSET: usize = usize::MAX;
    let mut level = vec![UNSET; deps.len()];
    for start in 0..deps.len() {
        let mut stack = vec![(start, false)];
        while let Some((i, expanded)) = stack.pop() {
            if level[i] != UNSET {
                continue;
            }
            if expanded {
                level[i] = deps[i]
                    .iter()
                    .filter(|&&j| level[j] != UNSET)
                    .map(|&j| level[j] + 1)
                    .max()
                    .unwrap_or(0);
            } else {
                stack.push((i, true));
                stack.extend(
                    deps[i]
                        .iter()
                        .filter(|&&j| level[j] == UNSET)
                        .map(|&j| (j, false)),
                );
            }
        }
    }
    let max = level.iter().copied().max().unwrap_or(0);
    let mut out = vec![Vec::new(); if deps.is_empty() { 0 } else { max + 1 }];
    for (i, &l) in level.iter().enumerate() {
        out[l].push(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in files as the build prepared them (JSON, rule starts, hash) compile to the
    /// same rules as the same files read as any other rule file: parsed as TOML and checked
    /// against the rule schema, which the prepared path skips.
    #[test]
    fn prepared_built_in_rules_are_the_rules_checked_from_their_toml() {
        let sources = super::super::builtin_sources();
        let prepared = RuleSet::compile(&sources).expect("the built-in rules compile");
        let as_read: Vec<RuleSource> = sources
            .iter()
            .map(|s| RuleSource {
                file: format!("./{}", s.file),
                ..s.clone()
            })
            .collect();
        assert!(
            as_read
                .iter()
                .all(|s| super::super::embedded::prepared(&s.file, &s.text).is_none()),
            "the renamed copies take the TOML path"
        );
        let checked = RuleSet::compile(&as_read).expect("and pass the rule schema");
        assert_eq!(prepared.rules.len(), checked.rules.len());
        // Offsets inside a file only name where an error is; the prepared files have none.
        let offsets = regex::Regex::new(r"offset: \d+").expect("a regex");
        let shown = |r: &Rule| {
            let text = format!("{:?} {:?} {:?}", r.when, r.check, r.requires);
            offsets.replace_all(&text, "offset: _").into_owned()
        };
        for (p, c) in prepared.rules.iter().zip(&checked.rules) {
            assert_eq!(
                (&p.id, p.at, &p.title, &p.refs),
                (&c.id, c.at, &c.title, &c.refs)
            );
            assert_eq!(shown(p), shown(c), "{}", p.id);
            let examples = |r: &Rule| format!("{:?}", &*r.examples);
            assert_eq!(examples(p), examples(c), "{}: the examples set aside", p.id);
        }
        let mut input = Vec::new();
        for s in &sources {
            input.extend_from_slice(s.file.as_bytes());
            input.push(0);
            input.extend_from_slice(s.text.as_bytes());
            input.push(0);
        }
        assert_eq!(prepared.hash, crate::submission::sha256_hex(&input));
        // One byte changed: the file is parsed at run time and the hash computed anew.
        let mut edited = sources.clone();
        edited[0].text.push('\n');
        assert!(super::super::embedded::prepared(&edited[0].file, &edited[0].text).is_none());
        assert_ne!(hash_sources(&edited), prepared.hash);
    }
}
