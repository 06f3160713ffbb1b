//! Compiles a condition written in TOML (already shaped by `rules.schema.json`) into a [`Cond`],
//! resolving every path against the submission schema so a misspelt field is a load error. This
//! file compiles the structure (all, any, not, quantifiers, the risk matrix, other rules'
//! outcomes); `leaf` compiles the tests on one field.

mod leaf;

pub use leaf::{bounds, describe};

use super::condition::{Cond, IfMissing, Op, RiskCheck, RiskExpect, RuleRef, show};
use super::model::Outcome;
use super::toml_json::{Spans, escape};
use crate::path::RulePath;
use crate::schema::Schema;
use serde_json::{Map, Value};

/// A load error found while compiling: byte offset, message, optional fix.
pub type Problem = (usize, String, Option<String>);

/// What compiling a condition needs: where things are, and where to put problems.
pub struct Cx<'a> {
    pub spans: &'a Spans<'a>,
    pub schema: &'static Schema,
    pub problems: &'a mut Vec<Problem>,
    /// The schema nodes of the scopes around the current quantifier, innermost last: what `^`
    /// in a `compare`'s `to` refers to.
    pub outer: Vec<&'static Value>,
    /// What a missing value means in the condition being compiled (the rule's, or the nearest
    /// enclosing condition's `missing` / `look_in`).
    pub missing: IfMissing,
}

/// A condition written as a TOML table: its keys, where it sits, the schema node its paths
/// start from, and the author's wording (`say`).
struct Table<'t> {
    map: &'t Map<String, Value>,
    pointer: &'t str,
    scope: &'static Value,
    say: Option<String>,
}

impl Table<'_> {
    /// The pointer to the value of `key` in this table.
    fn at(&self, key: &str) -> String {
        format!("{}/{}", self.pointer, escape(key))
    }
}

impl Cx<'_> {
    fn problem(&mut self, pointer: &str, message: String, hint: Option<String>) {
        self.problems
            .push((self.spans.value(pointer), message, hint));
    }

    /// Compiles the condition at `pointer`; `scope` is the schema node paths are relative to.
    pub fn condition(&mut self, v: &Value, pointer: &str, scope: &'static Value) -> Option<Cond> {
        match v {
            Value::Array(items) => {
                let conds = self.list(items, pointer, scope)?;
                Some(all_of(conds, None))
            }
            Value::Object(map) => self.table(map, pointer, scope),
            _ => {
                self.problem(
                    pointer,
                    "a condition must be a table or a list of tables".into(),
                    None,
                );
                None
            }
        }
    }

    fn list(&mut self, items: &[Value], pointer: &str, scope: &'static Value) -> Option<Vec<Cond>> {
        let conds: Vec<Option<Cond>> = items
            .iter()
            .enumerate()
            .map(|(i, c)| self.condition(c, &format!("{pointer}/{i}"), scope))
            .collect();
        conds.into_iter().collect()
    }

    /// Compiles one condition table, under its own `missing` / `look_in` when it has them.
    fn table(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        scope: &'static Value,
    ) -> Option<Cond> {
        let here = self.missing_here(map, pointer)?;
        let outside = std::mem::replace(&mut self.missing, here.clone());
        let cond = self.table_inner(map, pointer, scope);
        self.missing = outside;
        cond.map(|c| Cond { missing: here, ..c })
    }

    /// What a missing value means in the table `map` (at `pointer`): its own `missing` and
    /// `look_in`, else what it inherits. `look_in` must name an evidence object (a document);
    /// `missing = "outstanding"` needs one, given here or inherited.
    pub fn missing_here(&mut self, map: &Map<String, Value>, pointer: &str) -> Option<IfMissing> {
        let look_in = match map.get("look_in").and_then(Value::as_str) {
            Some(text) => Some(self.document(text, &format!("{pointer}/look_in"))?),
            None => None,
        };
        match (map.get("missing").and_then(Value::as_str), look_in) {
            (Some("fail"), _) => Some(IfMissing::Fail),
            (Some("outstanding") | None, Some(look_in)) => Some(IfMissing::Outstanding { look_in }),
            (Some("outstanding"), None) => match &self.missing {
                IfMissing::Outstanding { .. } => Some(self.missing.clone()),
                IfMissing::Fail => self.fail(
                    &format!("{pointer}/missing"),
                    "`missing = \"outstanding\"` needs `look_in`, the document the detail lives in (e.g. `look_in = \"clinical_safety.safety_case_report.document\"`)".into(),
                ),
            },
            (Some(other), _) => self.fail(
                &format!("{pointer}/missing"),
                format!("`missing` is `fail` or `outstanding`, not `{other}`"),
            ),
            (None, None) => Some(self.missing.clone()),
        }
    }

    /// The path of a document: an evidence object of the submission, from its root.
    fn document(&mut self, text: &str, pointer: &str) -> Option<crate::path::RulePath> {
        let (mut path, node) = self.path(text, pointer, self.schema.root())?;
        if !self.schema.is_evidence(node) {
            return self.fail(
                pointer,
                format!(
                    "`{text}` is not a document (an evidence object with `status` or `provided`)"
                ),
            );
        }
        path.absolute = true;
        Some(path)
    }

    fn table_inner(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        scope: &'static Value,
    ) -> Option<Cond> {
        let say = map.get("say").and_then(Value::as_str).map(str::to_owned);
        let at = |k: &str| format!("{pointer}/{}", escape(k));
        let cond = if let Some(v) = map.get("all") {
            all_of(self.list(v.as_array()?, &at("all"), scope)?, say)
        } else if let Some(v) = map.get("any") {
            let conds = self.list(v.as_array()?, &at("any"), scope)?;
            let summary = conds
                .iter()
                .map(|c| c.expectation().to_owned())
                .collect::<Vec<_>>()
                .join(", or ");
            Cond {
                op: Op::Any(conds),
                summary: format!("either {summary}"),
                say,
                missing: IfMissing::default(),
            }
        } else if let Some(v) = map.get("not") {
            let inner = self.condition(v, &at("not"), scope)?;
            let summary = format!("not ({})", inner.expectation());
            Cond {
                op: Op::Not(Box::new(inner)),
                summary,
                say,
                missing: IfMissing::default(),
            }
        } else if map.contains_key("every") || map.contains_key("some") || map.contains_key("count")
        {
            self.quantifier(Table {
                map,
                pointer,
                scope,
                say,
            })?
        } else if let Some(v) = map.get("risk_matrix") {
            self.risk(v, &at("risk_matrix"), scope, say)?
        } else if let Some(v) = map.get("as_of_not_after") {
            let text = v.as_str()?;
            let Some(date) = crate::rules::dates::parse_date(text) else {
                return self.fail(
                    &at("as_of_not_after"),
                    format!("`{text}` is not a date in the form YYYY-MM-DD"),
                );
            };
            Cond {
                op: Op::AsOfNotAfter(date),
                summary: format!("the as-of date on or before {date}"),
                say,
                missing: IfMissing::default(),
            }
        } else if let Some(v) = map.get("confirm") {
            let text = v.as_str()?.to_owned();
            let path = match map.get("path").and_then(Value::as_str) {
                Some(p) => Some(self.path(p, &at("path"), scope)?.0),
                None => None,
            };
            Cond {
                op: Op::Confirm {
                    text: text.clone(),
                    path,
                },
                summary: format!("the assessor confirms {text}"),
                say,
                missing: IfMissing::default(),
            }
        } else if map.contains_key("rule") || map.contains_key("rules") {
            self.rule_ref(map, pointer, say)?
        } else if map.contains_key("path") {
            self.leaf(Table {
                map,
                pointer,
                scope,
                say,
            })?
        } else {
            self.problem(
                pointer,
                "this condition tests nothing".into(),
                Some("give `path` and a test (`present`, `equals`, `within` …), or `all`/`any`/`not`/`every`/`some`/`count`/`risk_matrix`/`rule`/`confirm`".into()),
            );
            return None;
        };
        Some(cond)
    }

    /// Resolves a path against the schema; reports unknown fields with a suggestion.
    fn path(
        &mut self,
        text: &str,
        pointer: &str,
        scope: &'static Value,
    ) -> Option<(RulePath, &'static Value)> {
        let path = match RulePath::parse(text) {
            Ok(p) => p,
            Err(e) => {
                self.problem(pointer, e, None);
                return None;
            }
        };
        let base = if path.absolute {
            self.schema.root()
        } else {
            scope
        };
        match self.schema.walk(base, &path.keys) {
            Ok(node) => Some((path, node)),
            Err(miss) => {
                let known: Vec<&str> = path.keys[..miss.resolved].iter().map(|k| &**k).collect();
                let bad = &path.keys[miss.resolved];
                let place = if known.is_empty() {
                    "the submission".to_owned()
                } else {
                    format!("`{}`", known.join("."))
                };
                let (message, hint) = if miss.not_an_object {
                    (
                        format!(
                            "unknown path `{text}`: {place} is a {} and has no field `{bad}`",
                            miss.type_found.as_deref().unwrap_or("value")
                        ),
                        None,
                    )
                } else {
                    let hint = miss.suggestion.map(|s| {
                        let mut fixed: Vec<&str> = known.clone();
                        fixed.push(&s);
                        format!("did you mean `{}`?", fixed.join("."))
                    });
                    (
                        format!("unknown path `{text}`: {place} has no field `{bad}`"),
                        hint,
                    )
                };
                self.problem(pointer, message, hint);
                None
            }
        }
    }

    fn fail<T>(&mut self, pointer: &str, message: String) -> Option<T> {
        self.problem(pointer, message, None);
        None
    }

    fn quantifier(&mut self, t: Table<'_>) -> Option<Cond> {
        let Table {
            map,
            pointer,
            scope,
            say,
        } = t;
        let key = ["every", "some", "count"]
            .into_iter()
            .find(|k| map.contains_key(*k))?;
        let text = map.get(key)?.as_str()?;
        let (array, node) = self.path(text, &format!("{pointer}/{key}"), scope)?;
        let Some(items) = (self.schema.type_of(node) == Some("array"))
            .then(|| self.schema.items(node))
            .flatten()
        else {
            return self.fail(
                &format!("{pointer}/{key}"),
                format!("`{key}` needs a list, but `{text}` is not one"),
            );
        };
        let inner = |cx: &mut Self, k: &str| -> Option<Option<Box<Cond>>> {
            match map.get(k) {
                Some(v) => {
                    cx.outer.push(scope);
                    let c = cx.condition(v, &format!("{pointer}/{k}"), items);
                    cx.outer.pop();
                    c.map(|c| Some(Box::new(c)))
                }
                None => Some(None),
            }
        };
        Some(match key {
            "count" => {
                let filter = inner(self, "where")?;
                let (min, max) = (
                    map.get("min").and_then(Value::as_u64),
                    map.get("max").and_then(Value::as_u64),
                );
                let what = filter
                    .as_ref()
                    .map_or(String::new(), |f| format!(" where {}", f.expectation()));
                let summary = format!(
                    "the number of items in `{text}`{what} is {}",
                    bounds(min.map(|n| n as f64), max.map(|n| n as f64))
                );
                Cond {
                    op: Op::Count {
                        array,
                        filter,
                        min,
                        max,
                    },
                    summary,
                    say,
                    missing: IfMissing::default(),
                }
            }
            _ => {
                let Some(item) = inner(self, "check")? else {
                    return self.fail(
                        pointer,
                        format!("`{key}` needs `check`, the condition each item is tested with"),
                    );
                };
                if key == "every" {
                    let filter = inner(self, "where")?;
                    let which = filter
                        .as_ref()
                        .map_or(String::new(), |f| format!(" where {}", f.expectation()));
                    let summary =
                        format!("every item of `{text}`{which} has {}", item.expectation());
                    Cond {
                        op: Op::Every {
                            array,
                            filter,
                            item,
                        },
                        summary,
                        say,
                        missing: IfMissing::default(),
                    }
                } else {
                    let summary =
                        format!("at least one item of `{text}` has {}", item.expectation());
                    Cond {
                        op: Op::Some { array, item },
                        summary,
                        say,
                        missing: IfMissing::default(),
                    }
                }
            }
        })
    }

    fn risk(
        &mut self,
        v: &Value,
        pointer: &str,
        scope: &'static Value,
        say: Option<String>,
    ) -> Option<Cond> {
        let at = |k: &str| format!("{pointer}/{k}");
        let l = self
            .path(v.get("likelihood")?.as_str()?, &at("likelihood"), scope)?
            .0;
        let s = self
            .path(v.get("severity")?.as_str()?, &at("severity"), scope)?
            .0;
        let own = match v.get("own_matrix").and_then(Value::as_str) {
            Some(p) => Some(self.path(p, &at("own_matrix"), scope)?.0),
            None => None,
        };
        let from = match v.get("at_most_from").and_then(Value::as_str) {
            Some(p) => Some(self.level_field(p, &at("at_most_from"))?),
            None => None,
        };
        let expect = match (v.get("risk").and_then(Value::as_str), v.get("at_most").and_then(Value::as_u64)) {
            (Some(r), None) if from.is_none() => RiskExpect::StatedRisk(self.path(r, &at("risk"), scope)?.0),
            (None, Some(n)) => RiskExpect::AtMost { max: u8::try_from(n).unwrap_or(u8::MAX), from },
            _ => return self.fail(pointer, "`risk_matrix` needs exactly one of `risk` (the stated risk to compare) or `at_most` (with `at_most_from` optional)".into()),
        };
        let summary = match &expect {
            RiskExpect::StatedRisk(r) => {
                format!("`{r}` equal to the risk matrix's level for `{l}` and `{s}`")
            }
            RiskExpect::AtMost { max, from: None } => {
                format!("the risk matrix's level for `{l}` and `{s}` at most {max}")
            }
            RiskExpect::AtMost { max, from: Some(f) } => format!(
                "the risk matrix's level for `{l}` and `{s}` at most `{f}` (by default {max})"
            ),
        };
        Some(Cond {
            op: Op::Risk(RiskCheck {
                likelihood: l,
                severity: s,
                own_matrix: own,
                expect,
            }),
            summary,
            say,
            missing: IfMissing::default(),
        })
    }

    /// The absolute path of an integer risk level (1–5) a ceiling is read from.
    fn level_field(&mut self, text: &str, pointer: &str) -> Option<RulePath> {
        let (path, node) = self.path(text, pointer, self.schema.root())?;
        if self.schema.type_of(node) != Some("integer") || !path.absolute {
            return self.fail(
                pointer,
                format!("`at_most_from` needs the absolute path (`$.…`) of a risk level (an integer), and `{text}` is not one"),
            );
        }
        Some(path)
    }

    fn rule_ref(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        say: Option<String>,
    ) -> Option<Cond> {
        let outcomes = self.outcomes(map.get("outcome"), &format!("{pointer}/outcome"))?;
        let names = outcomes
            .iter()
            .map(|o| format!("`{}`", o.as_str()))
            .collect::<Vec<_>>()
            .join(" or ");
        let mk = |id: &str, ptr: String, spans: &Spans| RuleRef {
            id: id.to_owned(),
            index: usize::MAX,
            offset: spans.value(&ptr),
        };
        if let Some(id) = map.get("rule").and_then(Value::as_str) {
            let rule = mk(id, format!("{pointer}/rule"), self.spans);
            let summary = format!("rule {id} is {names}");
            return Some(Cond {
                op: Op::Rule { rule, outcomes },
                summary,
                say,
                missing: IfMissing::default(),
            });
        }
        let ids = map.get("rules")?.as_array()?;
        let rules: Vec<RuleRef> = ids
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some(mk(v.as_str()?, format!("{pointer}/rules/{i}"), self.spans)))
            .collect();
        let (min, max) = (
            map.get("min").and_then(Value::as_u64),
            map.get("max").and_then(Value::as_u64),
        );
        let (min, max) = if min.is_none() && max.is_none() {
            (Some(1), None)
        } else {
            (min, max)
        };
        let summary = format!(
            "the number of rules among {} that are {names} is {}",
            rules.len(),
            bounds(min.map(|n| n as f64), max.map(|n| n as f64))
        );
        Some(Cond {
            op: Op::Rules {
                rules,
                outcomes,
                min,
                max,
            },
            summary,
            say,
            missing: IfMissing::default(),
        })
    }

    fn outcomes(&mut self, v: Option<&Value>, pointer: &str) -> Option<Vec<Outcome>> {
        let list: Vec<&Value> = match v {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(one) => vec![one],
            None => {
                return self.fail(
                    pointer,
                    "a rule reference needs `outcome` (`pass`, `fail`, `fired`, …)".into(),
                );
            }
        };
        list.into_iter()
            .map(|o| match o.as_str().and_then(Outcome::parse) {
                Some(x) => Some(x),
                None => self.fail(pointer, format!("{} is not an outcome", show(o))),
            })
            .collect()
    }
}

fn all_of(conds: Vec<Cond>, say: Option<String>) -> Cond {
    let summary = conds
        .iter()
        .map(|c| c.expectation().to_owned())
        .collect::<Vec<_>>()
        .join("; and ");
    Cond {
        op: Op::All(conds),
        summary,
        say,
        missing: IfMissing::default(),
    }
}
