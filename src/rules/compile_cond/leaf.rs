//! Compiles the tests on one field (present, equals, matches, ranges, dates, compare,
//! checksum): exactly one test per condition, of a kind the field's schema type allows, with
//! literal values checked against the field's enum.

use super::{Cx, Table};
use crate::rules::condition::{
    Checksum, CmpOp, Cond, IfMissing, Op, Pattern, Test, show, show_list,
};
use crate::rules::dates::{AsOfOffset, Period};
use serde_json::{Map, Value};

const LEAF_TESTS: &[&str] = &[
    "present",
    "empty",
    "equals",
    "one_of",
    "contains",
    "matches",
    "min",
    "max",
    "min_items",
    "max_items",
    "within",
    "not_before",
    "not_after",
    "compare",
    "checksum",
    "supplied",
    "unique_by",
];

impl Cx<'_> {
    pub(super) fn leaf(&mut self, t: Table<'_>) -> Option<Cond> {
        let text = t.map.get("path")?.as_str()?;
        let (path, node) = self.path(text, &t.at("path"), t.scope)?;
        let tests: Vec<&str> = LEAF_TESTS
            .iter()
            .copied()
            .filter(|k| t.map.contains_key(*k))
            .collect();
        let ranged = |a: &str, b: &str| tests.iter().all(|k| *k == a || *k == b);
        let single_ok = tests.len() == 1
            || (tests.len() == 2 && (ranged("min", "max") || ranged("min_items", "max_items")));
        if tests.is_empty() || !single_ok {
            self.problem(
                t.pointer,
                format!(
                    "a condition on `{text}` needs exactly one test, found {}",
                    if tests.is_empty() {
                        "none".into()
                    } else {
                        tests.join(", ")
                    }
                ),
                Some("split several tests into `all = [ … ]`".into()),
            );
            return None;
        }
        let ty = self.schema.type_of(node).unwrap_or("any");
        let test = self.test(tests[0], &t, node, ty)?;
        let summary = format!("`{text}` is {}", describe(&test));
        Some(Cond {
            op: Op::Leaf { path, test },
            summary,
            say: t.say,
            missing: IfMissing::default(),
        })
    }

    /// The test `key` of the table `t`, on a field whose schema node is `node`, of type `ty`.
    fn test(&mut self, key: &str, t: &Table<'_>, node: &'static Value, ty: &str) -> Option<Test> {
        let (map, pointer, scope) = (t.map, t.pointer, t.scope);
        let at = format!("{pointer}/{key}");
        let v = map.get(key)?;
        let need = |cx: &mut Self, ok: bool, what: &str| {
            if !ok {
                cx.problem(
                    &at,
                    format!(
                        "`{key}` needs a field of type {what}, but `{}` is of type {ty}",
                        map.get("path").and_then(Value::as_str).unwrap_or("")
                    ),
                    None,
                );
            }
            ok
        };
        let is_num = matches!(ty, "number" | "integer");
        Some(match key {
            "present" => Test::Present(v.as_bool()?),
            "empty" => Test::Empty(v.as_bool()?),
            "equals" => {
                self.allowed_values(std::slice::from_ref(v), node, &at)?;
                Test::Equals(v.clone())
            }
            "one_of" => {
                let values = v.as_array()?.clone();
                self.allowed_values(&values, node, &at)?;
                Test::OneOf(values)
            }
            "contains" => {
                if !need(self, ty == "array", "array") {
                    return None;
                }
                if let Some(items) = self.schema.items(node) {
                    self.allowed_values(std::slice::from_ref(v), items, &at)?;
                }
                Test::Contains(v.clone())
            }
            "matches" => {
                if !need(self, ty == "string", "string") {
                    return None;
                }
                // Compiled once the whole rule set is known, within its regex budget.
                Test::Matches(Pattern {
                    source: v.as_str()?.to_owned(),
                    offset: self.spans.value(&at),
                    regex: None,
                })
            }
            "min" | "max" => {
                if !need(self, is_num, "number") {
                    return None;
                }
                Test::Range {
                    min: map.get("min").and_then(Value::as_f64),
                    max: map.get("max").and_then(Value::as_f64),
                }
            }
            "min_items" | "max_items" => {
                if !need(self, ty == "array", "array") {
                    return None;
                }
                Test::Items {
                    min: map.get("min_items").and_then(Value::as_u64),
                    max: map.get("max_items").and_then(Value::as_u64),
                }
            }
            "within" => {
                if !need(self, ty == "string", "string (a date)") {
                    return None;
                }
                let period = match Period::parse(v.as_str()?) {
                    Ok(p) => p,
                    Err(e) => return self.fail(&at, e),
                };
                match map.get("months_from").and_then(Value::as_str) {
                    None => Test::Within(period),
                    Some(from) => {
                        let months = self.months_field(from, &format!("{pointer}/months_from"))?;
                        Test::WithinInterval {
                            default: period,
                            months,
                        }
                    }
                }
            }
            "not_before" | "not_after" => {
                if !need(self, ty == "string", "string (a date)") {
                    return None;
                }
                match AsOfOffset::parse(v.as_str()?) {
                    Ok(b) if key == "not_before" => Test::NotBefore(b),
                    Ok(b) => Test::NotAfter(b),
                    Err(e) => return self.fail(&at, e),
                }
            }
            "compare" => self.compare(map, v, pointer, scope)?,
            "unique_by" => {
                if !need(self, ty == "array", "array") {
                    return None;
                }
                let items = self.schema.items(node)?;
                let (key, _) = self.path(v.as_str()?, &at, items)?;
                Test::UniqueBy(key)
            }
            "supplied" => {
                if !self.schema.is_evidence(node) {
                    return self.fail(
                        &at,
                        format!(
                            "`supplied` needs a document (an evidence object with `status` or `provided`), and `{}` is not one",
                            map.get("path").and_then(Value::as_str).unwrap_or("")
                        ),
                    );
                }
                match v {
                    Value::Bool(true) => Test::Supplied { allow_na: false },
                    Value::String(s) if s == "unless-not-applicable" => {
                        Test::Supplied { allow_na: true }
                    }
                    _ => {
                        return self.fail(
                            &at,
                            format!(
                                "`supplied` is `true` or `\"unless-not-applicable\"`, not {}",
                                show(v)
                            ),
                        );
                    }
                }
            }
            "checksum" => match v.as_str()? {
                "nhs-number" => Test::Checksum(Checksum::NhsNumber),
                other => {
                    return self.fail(
                        &at,
                        format!("unknown checksum `{other}`; the one known is `nhs-number`"),
                    );
                }
            },
            _ => return None,
        })
    }

    /// `compare = OP, to = PATH`: the other field is resolved in this scope, or for `^…` in the
    /// scope of the enclosing quantifier.
    fn compare(
        &mut self,
        map: &Map<String, Value>,
        v: &Value,
        pointer: &str,
        scope: &'static Value,
    ) -> Option<Test> {
        let at = format!("{pointer}/compare");
        let Some(op) = CmpOp::parse(v.as_str()?) else {
            return self.fail(
                &at,
                format!(
                    "`compare` must be one of `==`, `!=`, `<`, `<=`, `>`, `>=`, not {}",
                    show(v)
                ),
            );
        };
        let Some(to) = map.get("to").and_then(Value::as_str) else {
            return self.fail(
                pointer,
                "`compare` needs `to`, the path of the other field".into(),
            );
        };
        let outer = to == "^" || to.starts_with("^.");
        let (other, base) = match (outer, self.outer.last().copied()) {
            (false, _) => (to, scope),
            (true, Some(up)) => (to.strip_prefix("^.").unwrap_or("."), up),
            (true, None) => {
                return self.fail(&format!("{pointer}/to"), format!("`{to}` refers to the item of an enclosing `every`, `some` or `count`, and there is none here"));
            }
        };
        let (mut other, _) = self.path(other, &format!("{pointer}/to"), base)?;
        other.text = to.into();
        Some(Test::Compare { op, other, outer })
    }

    /// The integer field (a number of months) a `within` reads its period from, from the root.
    fn months_field(&mut self, text: &str, pointer: &str) -> Option<crate::path::RulePath> {
        let (path, node) = self.path(text, pointer, self.schema.root())?;
        if self.schema.type_of(node) != Some("integer") || !path.absolute {
            return self.fail(
                pointer,
                format!("`months_from` needs the absolute path (`$.…`) of a whole number of months, and `{text}` is not one"),
            );
        }
        Some(path)
    }

    /// Checks literal values against the field's enum (catching `standard_met` for `standards_met`).
    fn allowed_values(
        &mut self,
        values: &[Value],
        node: &'static Value,
        pointer: &str,
    ) -> Option<()> {
        let node = self.schema.resolve(node);
        let allowed = node.get("enum").and_then(Value::as_array);
        let ty = self.schema.type_of(node);
        for v in values {
            if let Some(allowed) = allowed {
                if !allowed.contains(v) {
                    let names: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
                    let hint = v
                        .as_str()
                        .and_then(|s| crate::schema::closest(s, &names))
                        .map(|s| format!("did you mean `{s}`?"));
                    self.problem(
                        pointer,
                        format!(
                            "{} is not a value this field can take; it takes {}",
                            show(v),
                            show_list(allowed)
                        ),
                        hint,
                    );
                    return None;
                }
            }
            let fits = match (ty, v) {
                (Some("boolean"), Value::Bool(_)) | (Some("string"), Value::String(_)) => true,
                (Some("number" | "integer"), Value::Number(_)) => true,
                (Some("boolean" | "string" | "number" | "integer"), _) => false,
                _ => true,
            };
            if !fits {
                self.problem(
                    pointer,
                    format!(
                        "{} cannot equal a field of type {}",
                        show(v),
                        ty.unwrap_or("")
                    ),
                    None,
                );
                return None;
            }
        }
        Some(())
    }
}

/// "at least 1", "at most 2", "between 1 and 5".
pub fn bounds(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("between {a} and {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "any number".into(),
    }
}

/// What a test asks of its value, as a noun phrase ("a date within 12 months …").
pub fn describe(test: &Test) -> String {
    match test {
        Test::Present(true) => "present".into(),
        Test::Present(false) => "absent".into(),
        Test::Empty(false) => "present and not empty".into(),
        Test::Empty(true) => "missing or empty".into(),
        Test::Equals(v) => show(v),
        Test::OneOf(vs) => format!("one of {}", show_list(vs)),
        Test::Contains(v) => format!("a list including {}", show(v)),
        Test::Matches(p) => format!("text matching `{}`", p.source),
        Test::Range { min, max } => format!("a number {}", bounds(*min, *max)),
        Test::Items { min, max } => format!(
            "a list of {} items",
            bounds(min.map(|n| n as f64), max.map(|n| n as f64))
        ),
        Test::Within(p) => format!("a date within {p} before the as-of date"),
        Test::WithinInterval { default, months } => format!(
            "a date within the interval at `{months}` (by default {default}) before the as-of date"
        ),
        Test::UniqueBy(key) => format!("a list whose items each have a different `{key}`"),
        Test::NotBefore(b) => format!("a date on or after {}", b.text),
        Test::NotAfter(b) => format!("a date on or before {}", b.text),
        Test::Compare { op, other, .. } => format!("{} `{other}`", op.words()),
        Test::Checksum(Checksum::NhsNumber) => {
            "a valid NHS number (10 digits with a correct modulus-11 check digit)".into()
        }
        Test::Supplied { allow_na: false } => "supplied".into(),
        Test::Supplied { allow_na: true } => {
            "supplied, or stated not applicable with a reason".into()
        }
    }
}
