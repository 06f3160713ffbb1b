//! Schema validation in bounded memory. The validator gathers every error of a document before
//! handing out the first, at about a kilobyte each, so a 4 MB list of two million wrong items
//! would take gigabytes. A small document is validated whole; in a large one, each long list
//! (more than [`HEAD`] items) is validated through its first items in place, and its other
//! items one at a time against the list's item schema, so at no moment are the errors of more
//! than one item (or one short skeleton) held. Errors beyond what the caller keeps are counted.

use crate::path::Segment;
use crate::schema::Schema;
use jsonschema::paths::LocationSegment;
use jsonschema::{ValidationError, Validator};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A list longer than this is validated item by item beyond its first `HEAD` items.
const HEAD: usize = 16;
/// Below this many values a document is validated whole.
const SMALL: usize = 50_000;

/// Gathers errors: `f` turns each into what the caller keeps, until it says it is full; the
/// rest are only counted.
pub trait Collect {
    /// Takes one error found at `base` + its own instance path; false once nothing more is kept.
    fn take(&mut self, base: &[Segment], error: &ValidationError<'_>) -> bool;
    /// Counts one error not kept.
    fn count(&mut self, n: usize);
}

/// Validates `value` against the submission schema, feeding every error to `out`.
pub fn validate(value: &Value, out: &mut dyn Collect) {
    let schema = Schema::submission();
    if schema.validator.is_valid(value) {
        return;
    }
    let root = Unit {
        validator: &schema.validator,
        node: schema.root(),
    };
    if values_over(value, SMALL) {
        in_parts(root, value, &mut Vec::new(), out);
    } else {
        feed(root.validator, value, &[], out);
    }
}

/// A validator and the schema node it checks against (to find the item schemas of lists).
#[derive(Clone, Copy)]
struct Unit<'s> {
    validator: &'s Validator,
    node: &'s Value,
}

/// Validates a skeleton of `value` (its long lists cut to their first items), then the rest of
/// each long list, item by item.
fn in_parts(unit: Unit<'_>, value: &Value, base: &mut Vec<Segment>, out: &mut dyn Collect) {
    let schema = Schema::submission();
    let mut long = Vec::new();
    let skeleton = cut(value, Some(unit.node), &mut Vec::new(), &mut long);
    feed(unit.validator, &skeleton, base, out);
    drop(skeleton);
    for (path, node) in long {
        let Some(list) = follow(value, &path).and_then(Value::as_array) else {
            continue;
        };
        let Some(item_node) = schema.items(node) else {
            continue;
        };
        let validator = item_validator(item_node);
        let item = Unit {
            validator: &validator,
            node: item_node,
        };
        let depth = base.len();
        base.extend(path.iter().cloned());
        for (i, v) in list.iter().enumerate().skip(HEAD) {
            if item.validator.is_valid(v) {
                continue;
            }
            base.push(Segment::Index(i));
            in_parts(item, v, base, out);
            base.pop();
        }
        base.truncate(depth);
    }
}

/// Feeds the errors of validating `v` to `out`, with paths below `base`.
fn feed(validator: &Validator, v: &Value, base: &[Segment], out: &mut dyn Collect) {
    let mut full = false;
    for e in validator.iter_errors(v) {
        if full {
            out.count(1);
        } else {
            full = !out.take(base, &e);
        }
    }
}

/// `v` with every list longer than [`HEAD`] cut to its first items; each cut list's path and
/// schema node go to `long`.
fn cut<'s>(
    v: &Value,
    node: Option<&'s Value>,
    path: &mut Vec<Segment>,
    long: &mut Vec<(Vec<Segment>, &'s Value)>,
) -> Value {
    let schema = Schema::submission();
    match v {
        Value::Array(items) => {
            let item_node = node.and_then(|n| schema.items(n));
            // A list with a maximum length (the risk matrix) is validated whole, so its
            // length is checked too.
            let bounded = node.is_some_and(|n| schema.resolve(n).get("maxItems").is_some());
            let cuttable = item_node.is_some() && !bounded;
            if let (true, true, Some(n)) = (cuttable, items.len() > HEAD, node) {
                long.push((path.clone(), n));
            }
            let keep = if cuttable { HEAD } else { items.len() };
            let mut out = Vec::with_capacity(items.len().min(keep));
            for (i, x) in items.iter().enumerate().take(keep) {
                path.push(Segment::Index(i));
                out.push(cut(x, item_node, path, long));
                path.pop();
            }
            Value::Array(out)
        }
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, x) in map {
                path.push(Segment::Key(k.as_str().into()));
                let child = node.and_then(|n| schema.property(n, k));
                out.insert(k.clone(), cut(x, child, path, long));
                path.pop();
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// The value at `path` below `v`.
fn follow<'v>(v: &'v Value, path: &[Segment]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, s| match s {
        Segment::Key(k) => v.get(k.as_ref()),
        Segment::Index(i) => v.get(*i),
    })
}

/// Whether `v` holds more than `n` values, found without counting past `n`.
fn values_over(v: &Value, n: usize) -> bool {
    fn walk(v: &Value, left: &mut usize) -> bool {
        if *left == 0 {
            return true;
        }
        *left -= 1;
        match v {
            Value::Array(items) => items.iter().any(|x| walk(x, left)),
            Value::Object(map) => map.values().any(|x| walk(x, left)),
            _ => false,
        }
    }
    let mut left = n;
    walk(v, &mut left)
}

/// A validator for one item schema of the submission schema (compiled once per process): the
/// node with the submission schema's `$defs`, which its references point into.
fn item_validator(node: &Value) -> Arc<Validator> {
    static CACHE: OnceLock<Mutex<HashMap<usize, Arc<Validator>>>> = OnceLock::new();
    let key = std::ptr::from_ref(node) as usize;
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return v;
    }
    let schema = Schema::submission();
    let mut doc = node.clone();
    if let (Value::Object(m), Some(defs)) = (&mut doc, schema.root().get("$defs")) {
        m.insert("$defs".into(), defs.clone());
        m.remove("$id");
    }
    let built = jsonschema::options()
        .should_validate_formats(true)
        .build(&doc)
        .map(Arc::new)
        // The embedded schema is part of the binary and covered by tests: a defect, not input.
        .unwrap_or_else(|e| {
            panic!("an item schema of the embedded submission schema does not compile: {e}")
        });
    if let Ok(mut c) = cache.lock() {
        c.insert(key, Arc::clone(&built));
    }
    built
}

/// The segments of an error's instance path.
pub fn segments(e: &ValidationError<'_>) -> Vec<Segment> {
    e.instance_path()
        .segments()
        .map(|s| match s {
            LocationSegment::Property(p) => Segment::Key(p.as_ref().into()),
            LocationSegment::Index(i) => Segment::Index(i),
        })
        .collect()
}
