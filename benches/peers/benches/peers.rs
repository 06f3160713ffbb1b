//! `cargo bench --manifest-path benches/peers/Cargo.toml`: the same 30 rules in assure,
//! regorus (interpreter and RVM), cfn-guard and hand-written Rust, on the corpus of
//! `benches/corpus` (seed 2026). First the equivalence check: every engine gives the same
//! failing rules for every submission, or the bench stops naming the first difference. Then
//! criterion times, over the whole corpus at one thread, evaluation alone (each engine's input
//! already parsed into its own value type) and end to end (from the JSON text: for assure the
//! real batch pipeline, reading, validating, evaluating, reporting and rendering JSON Lines).
//! The medians and ratios are written to `<target>/peers/results.json`, which
//! `cargo bench --bench throughput` puts into docs/performance.md. Under `cargo test` each runs
//! once on 16 submissions and nothing is written.

#[path = "../../corpus/mod.rs"]
mod corpus;

use assure_peers::{engines, native};
use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::io::{BufReader, Cursor};
use std::path::PathBuf;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 2026;
const CORPUS: usize = 256;

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let texts = corpus::texts(SEED, if benchmarking { CORPUS } else { 16 });
    let values: Vec<serde_json::Value> = texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap_or_else(|e| panic!("corpus: {e}")))
        .collect();
    let rego_values: Vec<regorus::Value> = texts
        .iter()
        .map(|t| regorus::Value::from_json_str(t).unwrap_or_else(|e| panic!("corpus: {e}")))
        .collect();
    let set = engines::assure_rules();
    let guard = engines::guard_rules();
    let mut engine = engines::regorus_engine();
    let mut vm = engines::regorus_vm();
    let failures = equivalent(
        &set,
        &guard,
        &mut engine,
        &mut vm,
        &texts,
        &values,
        &rego_values,
    );
    let load = load_average();
    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("peers_eval");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.sample_size(10);
    g.bench_function("assure", |b| {
        b.iter(|| {
            values
                .iter()
                .map(|v| engines::assure_failing(&set, black_box(v), corpus::AS_OF).len())
                .sum::<usize>()
        })
    });
    g.bench_function("regorus", |b| {
        b.iter(|| {
            rego_values
                .iter()
                .map(|v| engines::regorus_failing(&mut engine, black_box(v.clone())).len())
                .sum::<usize>()
        })
    });
    g.bench_function("regorus_rvm", |b| {
        b.iter(|| {
            rego_values
                .iter()
                .map(|v| engines::rvm_failing(&mut vm, black_box(v.clone())).len())
                .sum::<usize>()
        })
    });
    g.bench_function("native", |b| {
        b.iter(|| {
            values
                .iter()
                .map(|v| native::failing(black_box(v)).len())
                .sum::<usize>()
        })
    });
    g.finish();
    let jsonl = (texts.join("\n") + "\n").into_bytes();
    let mut g = c.benchmark_group("peers_e2e");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.sample_size(10);
    let one = rayon_one();
    g.bench_function("assure", |b| {
        b.iter(|| one.install(|| assure_pipeline(&set, &jsonl)))
    });
    g.bench_function("regorus", |b| {
        b.iter(|| from_text(&texts, |v| engines::regorus_failing(&mut engine, v)))
    });
    g.bench_function("regorus_rvm", |b| {
        b.iter(|| from_text(&texts, |v| engines::rvm_failing(&mut vm, v)))
    });
    g.bench_function("cfn_guard", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| engines::guard_failing(&guard, black_box(t)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("native", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    let v: serde_json::Value =
                        serde_json::from_str(black_box(t)).unwrap_or_default();
                    native::failing(&v).len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
    c.final_summary();
    if benchmarking {
        write_results(texts.len(), set.rules.len(), &failures, &load);
    }
}

/// A regorus engine end to end: each submission's text parsed into regorus's value, then run.
fn from_text(texts: &[String], mut run: impl FnMut(regorus::Value) -> Vec<String>) -> usize {
    texts
        .iter()
        .map(|t| {
            let v = regorus::Value::from_json_str(black_box(t)).unwrap_or(regorus::Value::Null);
            run(v).len()
        })
        .sum()
}

/// A rayon pool of one thread: the end-to-end figures are for one core, like the others.
fn rayon_one() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap_or_else(|e| panic!("thread pool: {e}"))
}

/// assure's batch pipeline over the corpus as JSON Lines, rendered as JSON Lines into a sink.
fn assure_pipeline(set: &assure::rules::RuleSet, jsonl: &[u8]) -> usize {
    let sources = vec![assure::batch::Source::Lines {
        name: "corpus.jsonl".into(),
        reader: Box::new(BufReader::new(Cursor::new(jsonl.to_vec()))),
    }];
    let opts = assure::batch::Options {
        detail: assure::report::Detail::Brief,
        ..assure::batch::Options::new(corpus::AS_OF, assure::rules::Severity::Major)
    };
    assure::batch::stream(
        set,
        sources,
        &opts,
        assure::report::stream::StreamFormat::Jsonl,
        &mut std::io::sink(),
        &mut |_| {},
    )
    .map_or(0, |t| t.checked)
}

/// Every engine's failing rules for every submission, which must all be the same; returns how
/// many submissions each rule failed in.
fn equivalent(
    set: &assure::rules::RuleSet,
    guard: &str,
    engine: &mut regorus::Engine,
    vm: &mut regorus::rvm::vm::RegoVM,
    texts: &[String],
    values: &[serde_json::Value],
    rego: &[regorus::Value],
) -> std::collections::BTreeMap<String, usize> {
    let mut failures = std::collections::BTreeMap::new();
    for (i, ((t, v), r)) in texts.iter().zip(values).zip(rego).enumerate() {
        let a = engines::assure_failing(set, v, corpus::AS_OF);
        let others = [
            ("regorus", engines::regorus_failing(engine, r.clone())),
            ("regorus RVM", engines::rvm_failing(vm, r.clone())),
            ("cfn-guard", engines::guard_failing(guard, t)),
            (
                "native",
                native::failing(v).into_iter().map(str::to_owned).collect(),
            ),
        ];
        for (name, theirs) in &others {
            assert_eq!(
                &a, theirs,
                "submission {i}: assure fails {a:?}, {name} fails {theirs:?}"
            );
        }
        for id in a {
            *failures.entry(id).or_insert(0) += 1;
        }
    }
    assert!(
        !failures.is_empty(),
        "no rule failed anywhere: the comparison would be vacuous"
    );
    println!(
        "equivalent on {} submissions; failures per rule: {failures:?}",
        texts.len()
    );
    failures
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    )
}

fn median_ns(id: &str) -> Option<f64> {
    let file = target_dir()
        .join("criterion")
        .join(id)
        .join("new")
        .join("estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn write_results(
    corpus: usize,
    rules: usize,
    failures: &std::collections::BTreeMap<String, usize>,
    load: &str,
) {
    let engines = ["assure", "regorus", "regorus_rvm", "cfn_guard", "native"];
    let per = |group: &str| -> serde_json::Map<String, serde_json::Value> {
        engines
            .iter()
            .filter_map(|e| {
                let ns = median_ns(&format!("{group}/{e}"))?;
                Some((
                    (*e).to_owned(),
                    serde_json::json!((ns / corpus as f64 / 1e3 * 100.0).round() / 100.0),
                ))
            })
            .collect()
    };
    let (eval, e2e) = (per("peers_eval"), per("peers_e2e"));
    let ratio = |m: &serde_json::Map<String, serde_json::Value>, them: &str| {
        let a = m.get("assure")?.as_f64()?;
        let b = m.get(them)?.as_f64()?;
        Some((b / a * 100.0).round() / 100.0)
    };
    let results = serde_json::json!({
        "corpus": corpus,
        "rules": rules,
        "load_average": load,
        "failures_per_rule": failures,
        "eval_us_per_submission": eval,
        "end_to_end_us_per_submission": e2e,
        "ratios": {
            "eval_vs_regorus_rvm": ratio(&eval, "regorus_rvm"),
            "eval_vs_regorus": ratio(&eval, "regorus"),
            "eval_vs_native": ratio(&eval, "native"),
            "e2e_vs_regorus_rvm": ratio(&e2e, "regorus_rvm"),
            "e2e_vs_regorus": ratio(&e2e, "regorus"),
            "e2e_vs_cfn_guard": ratio(&e2e, "cfn_guard"),
            "e2e_vs_native": ratio(&e2e, "native"),
        },
    });
    // Beside the main crate's own results, where its throughput bench reads them.
    let main_target = std::env::var_os("ASSURE_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    let file = main_target.join("peers").join("results.json");
    let _ = std::fs::create_dir_all(file.parent().unwrap_or(&main_target));
    let text = serde_json::to_string_pretty(&results).unwrap_or_default();
    match std::fs::write(&file, &text) {
        Ok(()) => println!("wrote {}\n{text}", file.display()),
        Err(e) => eprintln!("cannot write {}: {e}", file.display()),
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}
