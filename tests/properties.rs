//! Properties over submissions generated from `schemas/submission.schema.json` itself: objects
//! with random subsets of their properties, enum values, booleans, numbers within their bounds,
//! valid dates, lists of 0–5 items, and free text full of Unicode, HTML and control characters.
//! For every such submission: it validates, checking never panics and always gives a report;
//! results are the same at 1 and at 4 threads; every reported path resolves in the submission
//! (or, when the value is missing, does not, and its position is the deepest existing
//! ancestor's); and the JSON report round-trips byte for byte and follows the report schema.

use assure::inputs::Input;
use assure::report::{self, Run};
use assure::rules::RuleSet;
use assure::schema::Schema;
use assure::submission::Submission;
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{Map, Value};
use std::sync::OnceLock;

const AS_OF: Date = jiff::civil::date(2026, 11, 1);

/// Kept small: every case evaluates every rule, in a debug build.
const CASES: u32 = 48;

/// `PROPTEST_CASES` raises the count for a long run; the default keeps the suite fast.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES)
}

fn rules() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| assure::load_rules(&[]).expect("the built-in rules compile"))
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

// ---------------------------------------------------------------------------------------------
// Generating submissions from the schema

/// A strategy for values that the schema node accepts.
fn from_schema(schema: &'static Schema, node: &'static Value) -> BoxedStrategy<Value> {
    let node = schema.resolve(node);
    if let Some(c) = node.get("const") {
        return Just(c.clone()).boxed();
    }
    if let Some(options) = node.get("enum").and_then(Value::as_array) {
        return proptest::sample::select(options.clone()).boxed();
    }
    match schema.type_of(node) {
        Some("object") => object(schema, node),
        Some("array") => array(schema, node),
        Some("boolean") => any::<bool>().prop_map(Value::Bool).boxed(),
        Some("integer") => integer(node),
        Some("number") => number(node),
        _ => string(node),
    }
}

fn object(schema: &'static Schema, node: &'static Value) -> BoxedStrategy<Value> {
    let required: Vec<&str> = node
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = schema
        .property_names(node)
        .into_iter()
        .filter(|k| !k.starts_with('$'))
        .filter_map(|k| {
            let child = schema.property(node, k)?;
            let name = k.to_owned();
            let value = from_schema(schema, child).prop_map(move |v| (name.clone(), v));
            Some(if required.contains(&k) {
                value.prop_map(Some).boxed()
            } else {
                proptest::option::weighted(0.5, value).boxed()
            })
        })
        .collect();
    fields
        .prop_map(|fields| Value::Object(fields.into_iter().flatten().collect::<Map<_, _>>()))
        .boxed()
}

fn array(schema: &'static Schema, node: &'static Value) -> BoxedStrategy<Value> {
    let min = node.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = node.get("maxItems").and_then(Value::as_u64).unwrap_or(5) as usize;
    let Some(items) = schema.items(node) else {
        return Just(Value::Array(Vec::new())).boxed();
    };
    proptest::collection::vec(from_schema(schema, items), min..=max.max(min))
        .prop_map(Value::Array)
        .boxed()
}

fn integer(node: &Value) -> BoxedStrategy<Value> {
    let min = node
        .get("minimum")
        .and_then(Value::as_i64)
        .unwrap_or(-1_000);
    let max = node
        .get("maximum")
        .and_then(Value::as_i64)
        .unwrap_or(i64::MAX / 2);
    prop_oneof![Just(min), Just(max), min..=max]
        .prop_map(Value::from)
        .boxed()
}

fn number(node: &Value) -> BoxedStrategy<Value> {
    let min = node.get("minimum").and_then(Value::as_f64).unwrap_or(-1e9);
    let max = node.get("maximum").and_then(Value::as_f64).unwrap_or(1e9);
    prop_oneof![Just(min), Just(max), min..=max]
        .prop_map(Value::from)
        .boxed()
}

fn string(node: &Value) -> BoxedStrategy<Value> {
    let s = match node.get("format").and_then(Value::as_str) {
        Some("date") => date().boxed(),
        Some("uri") => "https://example\\.org/[a-z0-9]{0,8}".boxed(),
        Some("duration") => prop_oneof!["P[1-9]D", "PT[1-9]H", "P[1-9]Y[1-9]M"].boxed(),
        _ => free_text().boxed(),
    };
    s.prop_map(Value::String).boxed()
}

fn date() -> impl Strategy<Value = String> {
    (1990i32..2035, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// Plain words, whitespace, arbitrary Unicode (controls included), HTML, escape sequences,
/// bidi overrides and spreadsheet formulas.
fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z0-9 .,'-]{0,16}",
        2 => proptest::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
        1 => Just(String::new()),
        1 => Just("   ".to_owned()),
        1 => Just("<script>alert(1)</script><b>&amp;</b>".to_owned()),
        1 => Just("\u{1b}[31mred\u{1b}[0m\r\n\u{0}\u{7}\u{202e}txt".to_owned()),
        1 => Just("=HYPERLINK(\"http://x\",\"y\")".to_owned()),
        1 => "[0-9]{7}",
        1 => "Z[0-9]{7}",
    ]
}

fn submission() -> BoxedStrategy<Value> {
    let schema = Schema::submission();
    from_schema(schema, schema.root())
}

/// A submission's JSON text, pretty or compact.
fn to_text(v: &Value, pretty: bool) -> String {
    if pretty {
        serde_json::to_string_pretty(v).expect("serialises")
    } else {
        serde_json::to_string(v).expect("serialises")
    }
}

// ---------------------------------------------------------------------------------------------
// Walking concrete paths and positions independently of the library

#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// `a.b[2].c` → keys and indexes.
fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            out.push(Step::Key(key.to_owned()));
        }
        for index in pieces {
            let n = index
                .strip_suffix(']')
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("`{path}` is not a concrete path"));
            out.push(Step::Index(n));
        }
    }
    out
}

/// How far `steps` resolve in `root`: the deepest value reached and whether all resolved.
fn walk<'a>(root: &'a Value, steps: &[Step]) -> (&'a Value, bool) {
    let mut here = root;
    for step in steps {
        let next = match step {
            Step::Key(k) => here.get(k),
            Step::Index(i) => here.get(i),
        };
        match next {
            Some(v) => here = v,
            None => return (here, false),
        }
    }
    (here, true)
}

/// The JSON value that starts at 1-based `line:column` (column in characters) of `text`.
fn value_at(text: &str, line: u32, column: u32) -> Value {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    let offset = start
        + text[start..]
            .chars()
            .take(column as usize - 1)
            .map(char::len_utf8)
            .sum::<usize>();
    serde_json::Deserializer::from_str(&text[offset..])
        .into_iter::<Value>()
        .next()
        .and_then(Result::ok)
        .unwrap_or_else(|| panic!("no JSON value at {line}:{column}"))
}

/// Checks one reported path against the submission it was reported on.
fn check_path(
    sub: &Submission,
    path: &str,
    missing: bool,
    loc: Option<&report::Location>,
) -> Result<(), TestCaseError> {
    let (reached, whole) = walk(&sub.value, &steps(path));
    if !missing {
        prop_assert!(whole, "`{path}` is reported present but does not resolve");
    }
    if missing {
        prop_assert!(!whole, "`{path}` is reported missing but resolves");
    }
    if let Some(loc) = loc {
        prop_assert_eq!(&loc.file, &sub.name);
        let at = value_at(&sub.text, loc.line, loc.column);
        prop_assert_eq!(
            &at,
            reached,
            "`{}` is located at {}:{}, which holds another value",
            path,
            loc.line,
            loc.column
        );
    }
    Ok(())
}

fn run_one(text: &str) -> (Submission, Run<'static>) {
    let sub = match Submission::parse("generated.json", text.as_bytes()) {
        Ok(s) => s,
        Err(e) => panic!("the generator made an invalid submission: {e}\n{text}"),
    };
    let set = rules();
    let report = assure::check_submission(set, &sub, AS_OF);
    let run = report::build_run(set, AS_OF, vec![report], Vec::new());
    (sub, run)
}

// ---------------------------------------------------------------------------------------------
// The properties

proptest! {
    #![proptest_config(Config { cases: cases(), ..Config::default() })]

    #[test]
    fn every_generated_submission_gets_a_full_report(v in submission(), pretty in any::<bool>()) {
        let text = to_text(&v, pretty);
        let (_, mut run) = run_one(&text);
        let report = &run.reports[0];
        prop_assert_eq!(report.findings.len(), rules().rules.len());
        let _ = report::text::render(&run);
        report::redact::redact(&mut run);
        let _ = report::text::render(&run);
        let _ = report::json::render(&run);
    }

    #[test]
    fn results_are_the_same_at_one_and_four_threads(
        subs in proptest::collection::vec(submission(), 1..=3),
        pretty in any::<bool>(),
    ) {
        let inputs: Vec<Input> = subs
            .iter()
            .enumerate()
            .map(|(i, v)| Input::Bytes { name: format!("s{i}.json"), bytes: to_text(v, pretty).into_bytes() })
            .collect();
        let render = |threads: usize| {
            let run = pool(threads).install(|| assure::check_inputs(rules(), &inputs, AS_OF));
            (report::json::render(&run), report::text::render(&run))
        };
        let (one, four) = (render(1), render(4));
        prop_assert_eq!(one.0, four.0, "JSON differs between 1 and 4 threads");
        prop_assert_eq!(one.1, four.1, "text differs between 1 and 4 threads");
    }

    #[test]
    fn every_reported_path_resolves_where_it_is_located(v in submission(), pretty in any::<bool>()) {
        let text = to_text(&v, pretty);
        let (sub, run) = run_one(&text);
        for f in &run.reports[0].findings {
            for e in &f.evidence {
                if let Some(path) = &e.path {
                    check_path(&sub, path, e.missing, e.location.as_ref())?;
                }
            }
            if let (Some(path), true) = (&f.path, f.evidence.is_empty()) {
                let missing = !walk(&sub.value, &steps(path)).1;
                check_path(&sub, path, missing, f.location.as_ref())?;
            }
        }
    }

    #[test]
    fn the_json_report_round_trips_and_follows_its_schema(v in submission(), pretty in any::<bool>()) {
        let (_, run) = run_one(&to_text(&v, pretty));
        let json = report::json::render(&run);
        let back: Value = serde_json::from_str(&json).expect("the report is JSON");
        let again = serde_json::to_string_pretty(&back).expect("serialises") + "\n";
        prop_assert_eq!(&again, &json);
        let problems: Vec<String> = Schema::report()
            .validator
            .iter_errors(&back)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        prop_assert!(problems.is_empty(), "{:?}", problems);
    }
}

#[test]
fn concrete_paths_parse() {
    assert_eq!(
        steps("a.b[2].c"),
        vec![
            Step::Key("a".into()),
            Step::Key("b".into()),
            Step::Index(2),
            Step::Key("c".into())
        ]
    );
    assert_eq!(steps("m[0][4]").len(), 3);
}

/// The generator is only as good as what it reaches: across a fixed sample, rules must pass,
/// fail, fire and not apply, and evidence must carry positions to check.
#[test]
fn generated_submissions_exercise_every_kind_of_outcome() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut located = 0;
    let mut outcomes = std::collections::BTreeSet::new();
    for _ in 0..CASES {
        let v = submission()
            .new_tree(&mut runner)
            .expect("a value")
            .current();
        let (_, run) = run_one(&to_text(&v, true));
        for f in &run.reports[0].findings {
            outcomes.insert(f.outcome.as_str());
            located += f.evidence.iter().filter(|e| e.location.is_some()).count();
        }
    }
    for o in ["pass", "fail", "not_applicable", "fired", "not_fired"] {
        assert!(outcomes.contains(o), "no `{o}` in {outcomes:?}");
    }
    assert!(located > 100, "only {located} located evidence items");
}
