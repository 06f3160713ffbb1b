//! `cargo bench --bench throughput`: how fast assure is, measured against the four targets of the
//! design's performance model, written to `docs/performance.md`.
//!
//! Criterion measures, each on its own: compiling the default rule set; evaluating one
//! submission; the floor (serde_json parse + submission-schema validation of a corpus, nothing
//! else); and the whole batch pipeline (read JSON Lines, parse, validate, evaluate, build
//! reports, render JSONL) on a rayon pool of one and of two threads. Then the release binary is
//! spawned: one `assure check` of one submission, many times (process start to exit, rule
//! compilation included), and batches of 1,000 and 10,000 submissions for their peak memory
//! (max RSS of the child, read with `getrusage(RUSAGE_CHILDREN)` in a re-executed copy of this
//! program so that each figure belongs to one child alone). Under `cargo test` each benchmark
//! runs once and nothing is written.

#[path = "corpus/mod.rs"]
mod corpus;

use assure::batch::{self, Options, Source};
use assure::engine::Explain;
use assure::report::Detail;
use assure::report::stream::StreamFormat;
use assure::rules::{RuleSet, Severity};
use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The allocator the binary uses, so in-process figures are the shipped program's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Submissions per batch iteration: a few chunks, so chunking and ordering are exercised.
const BATCH: usize = 512;
const SEED: u64 = 2026;
/// Set in a re-executed copy of this program: run the command in the arguments, print its max RSS.
const RSS_CHILD: &str = "ASSURE_BENCH_RSS_CHILD";

fn main() {
    if std::env::var_os(RSS_CHILD).is_some() {
        return rss_child();
    }
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let mut c = Criterion::default().configure_from_args();
    // Under `cargo test` every benchmark runs once, on a small corpus.
    let texts = corpus::texts(SEED, if benchmarking { BATCH } else { 16 });
    let load_before = load_average();
    let set =
        assure::load_rules(&[]).unwrap_or_else(|e| panic!("the built-in rules do not load: {e}"));
    bench_compile(&mut c);
    bench_stages(&mut c, &set, &texts);
    bench_floor(&mut c, &texts);
    bench_end_to_end(&mut c, &set, &texts);
    c.final_summary();
    if benchmarking {
        let mut report = Measured::collect(&set, &texts);
        report.load = format!(
            "{load_before} before the benchmarks, {} after",
            load_average()
        );
        report.write(Path::new("docs/performance.md"));
        println!("\nwrote docs/performance.md\n\n{}", report.summary());
    }
}

fn as_of() -> jiff::civil::Date {
    corpus::AS_OF
}

fn bench_compile(c: &mut Criterion) {
    let sources = assure::rules::builtin_sources();
    let mut g = c.benchmark_group("compile");
    g.bench_function("default_rules", |b| {
        b.iter(|| RuleSet::compile(black_box(&sources)).map(|s| s.rules.len()))
    });
    g.finish();
}

/// Each stage of the pipeline on its own, over the whole corpus (so the figures are corpus
/// averages, comparable with the floor), one thread.
fn bench_stages(c: &mut Criterion, set: &RuleSet, texts: &[String]) {
    let read = |i: usize, t: &String| {
        assure::submission::Submission::parse_line(
            "corpus.jsonl",
            i as u32 + 1,
            t.as_bytes().to_vec(),
        )
    };
    let subs: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| read(i, t).unwrap_or_else(|e| panic!("corpus submission invalid: {e}")))
        .collect();
    // As a batch writing JSON Lines runs them: brief findings neither explained nor located.
    let evaluate = |s: &assure::submission::Submission| {
        assure::engine::run_explaining(set, &s.value, as_of(), false, Explain::Needed)
    };
    let build = |s, r: &[_]| assure::report::build_report_with(set, s, r, Detail::Brief);
    let results: Vec<_> = subs.iter().map(evaluate).collect();
    let reports: Vec<_> = subs
        .iter()
        .zip(&results)
        .map(|(s, r)| build(s, r))
        .collect();
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.sample_size(20);
    g.bench_function("read", |b| {
        b.iter(|| {
            texts
                .iter()
                .enumerate()
                .filter(|(i, t)| read(*i, t).is_ok())
                .count()
        })
    });
    g.bench_function("evaluate", |b| {
        b.iter(|| {
            subs.iter()
                .map(|s| evaluate(black_box(s)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("report", |b| {
        b.iter(|| {
            subs.iter()
                .zip(&results)
                .map(|(s, r)| build(black_box(s), r).findings.len())
                .sum::<usize>()
        })
    });
    g.bench_function("render", |b| {
        b.iter(|| {
            reports
                .iter()
                .map(|r| assure::report::jsonl::report(black_box(r)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

/// The floor: what any checker must do to accept a submission at all.
fn parse_and_validate(text: &str) -> usize {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    assure::schema::Schema::submission()
        .validator
        .iter_errors(&value)
        .count()
}

fn bench_floor(c: &mut Criterion, texts: &[String]) {
    let mut g = c.benchmark_group("floor");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.sample_size(20);
    g.bench_function("parse_validate", |b| {
        b.iter(|| texts.iter().map(|t| parse_and_validate(t)).sum::<usize>())
    });
    g.finish();
}

/// The whole pipeline over an in-memory JSON Lines batch, rendered as JSONL into a sink.
fn end_to_end(set: &RuleSet, jsonl: &[u8]) -> usize {
    let reader = BufReader::new(Cursor::new(jsonl.to_vec()));
    let sources = vec![Source::Lines {
        name: "corpus.jsonl".into(),
        reader: Box::new(reader),
    }];
    let opts = Options {
        detail: Detail::Brief,
        ..Options::new(as_of(), Severity::Major)
    };
    let totals = batch::stream(
        set,
        sources,
        &opts,
        StreamFormat::Jsonl,
        &mut std::io::sink(),
        &mut |_| {},
    );
    totals.map_or(0, |t| t.checked)
}

fn bench_end_to_end(c: &mut Criterion, set: &RuleSet, texts: &[String]) {
    let jsonl = (texts.join("\n") + "\n").into_bytes();
    let mut g = c.benchmark_group("end_to_end");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.sample_size(15);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap_or_else(|e| panic!("thread pool: {e}"));
        g.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, _| {
            b.iter(|| pool.install(|| end_to_end(set, &jsonl)))
        });
    }
    g.finish();
}

/// Reads the median (ns per iteration) criterion recorded for a benchmark in this run.
fn median_ns(id: &str) -> Option<f64> {
    let dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let text = std::fs::read_to_string(
        dir.join("criterion")
            .join(id)
            .join("new")
            .join("estimates.json"),
    )
    .ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}

/// Everything docs/performance.md reports.
struct Measured {
    rules: usize,
    corpus_bytes: usize,
    /// The average JSON-line report, in bytes.
    report_bytes: usize,
    compile_ns: Option<f64>,
    read_ns: Option<f64>,
    evaluate_ns: Option<f64>,
    report_ns: Option<f64>,
    render_ns: Option<f64>,
    floor_ns: Option<f64>,
    e2e1_ns: Option<f64>,
    e2e2_ns: Option<f64>,
    process_ms: Option<(f64, usize)>,
    rss_kb: Option<(u64, u64)>,
    /// The binary at 2 threads: wall speedup over 1 thread, and CPU time over 1 thread's.
    scaling: Option<(f64, f64)>,
    /// The peer comparison's results (`benches/peers`, run first by `scripts/bench`).
    peers: Option<serde_json::Value>,
    /// The figures before this round of work (`benches/baseline.toml`).
    baseline: Option<toml::Table>,
    load: String,
    note: Vec<String>,
}

impl Measured {
    fn collect(set: &RuleSet, texts: &[String]) -> Self {
        let mut note = Vec::new();
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_assure"));
        let (process_ms, rss_kb, scaling) = if bin.exists() {
            (
                process_times(&bin, &texts[0], &mut note),
                peak_memory(&bin, &mut note),
                process_scaling(&bin, &mut note),
            )
        } else {
            note.push(format!(
                "`{}` is missing: build it with `cargo build --release`",
                bin.display()
            ));
            (None, None, None)
        };
        Self {
            rules: set.rules.len(),
            corpus_bytes: texts.iter().map(String::len).sum::<usize>() / texts.len().max(1),
            report_bytes: report_bytes(set, texts),
            compile_ns: median_ns("compile/default_rules"),
            read_ns: median_ns("stages/read"),
            evaluate_ns: median_ns("stages/evaluate"),
            report_ns: median_ns("stages/report"),
            render_ns: median_ns("stages/render"),
            floor_ns: median_ns("floor/parse_validate"),
            e2e1_ns: median_ns("end_to_end/threads/1"),
            e2e2_ns: median_ns("end_to_end/threads/2"),
            process_ms,
            rss_kb,
            scaling,
            peers: read_peers(&mut note),
            baseline: std::fs::read_to_string("benches/baseline.toml")
                .ok()
                .and_then(|t| t.parse().ok()),
            load: String::new(),
            note,
        }
    }

    /// Submissions per second from a batch median.
    fn rate(ns: Option<f64>) -> Option<f64> {
        ns.map(|ns| BATCH as f64 / (ns / 1e9))
    }

    fn targets(&self) -> Vec<(String, String, Option<bool>)> {
        let ratio = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| a / b);
        let (floor, e1, e2) = (
            Self::rate(self.floor_ns),
            Self::rate(self.e2e1_ns),
            Self::rate(self.e2e2_ns),
        );
        let r1 = ratio(e1, floor);
        let r2 = ratio(e2, e1);
        let r4 = self.rss_kb.map(|(a, b)| b as f64 / a as f64);
        let show = |r: Option<f64>| r.map_or("not measured".to_owned(), |r| format!("{r:.2}×"));
        let peer = |key: &str| self.peers.as_ref().and_then(|p| p["ratios"][key].as_f64());
        let peer_target = |what: &str, key: &str, at_least: f64| {
            let r = peer(key);
            (
                format!("30-rule comparison: {what} ≥ {at_least} ×"),
                r.map_or("not measured (run `scripts/bench`)".to_owned(), |r| {
                    format!("{r:.1}×")
                }),
                r.map(|r| r >= at_least),
            )
        };
        vec![
            (
                "end-to-end, full built-in rules, 1 thread ≥ 0.75 × parse+validate".into(),
                show(r1),
                r1.map(|r| r >= 0.75),
            ),
            peer_target("evaluation vs regorus RVM", "eval_vs_regorus_rvm", 10.0),
            peer_target("end to end vs regorus RVM", "e2e_vs_regorus_rvm", 4.0),
            peer_target("end to end vs cfn-guard", "e2e_vs_cfn_guard", 80.0),
            (
                "2 threads ≥ 1.9 × 1 thread (end-to-end, in process)".into(),
                show(r2),
                r2.map(|r| r >= 1.9),
            ),
            (
                "the binary on 2,000 submissions: 2 threads ≥ 1.9 × 1 thread".into(),
                self.scaling
                    .map_or("not measured".into(), |(speedup, cpu)| {
                        format!("{speedup:.2}× (CPU time {cpu:.2}× that of 1 thread)")
                    }),
                self.scaling.map(|(speedup, _)| speedup >= 1.9),
            ),
            (
                "one `assure check` of one submission, process start to exit, < 10 ms".into(),
                self.process_ms.map_or("not measured".into(), |(ms, n)| {
                    format!("{ms:.1} ms (median of {n})")
                }),
                self.process_ms.map(|(ms, _)| ms < 10.0),
            ),
            (
                "peak RSS, 10,000 vs 1,000 submissions ≤ 1.2 ×".into(),
                show(r4),
                r4.map(|r| r <= 1.2),
            ),
        ]
    }

    fn summary(&self) -> String {
        self.targets()
            .iter()
            .map(|(t, v, ok)| {
                format!(
                    "{:<8} {t}: {v}",
                    ok.map_or("?", |ok| if ok { "met" } else { "MISSED" })
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn write(&self, path: &Path) {
        let text = self.markdown();
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("cannot write {}: {e}", path.display());
        }
    }

    fn markdown(&self) -> String {
        let us = |ns: Option<f64>| ns.map_or("–".to_owned(), |ns| format!("{:.1} µs", ns / 1e3));
        let per = |ns: Option<f64>| {
            ns.map_or("–".to_owned(), |ns| {
                format!("{:.1} µs", ns / 1e3 / BATCH as f64)
            })
        };
        let rate =
            |ns: Option<f64>| Self::rate(ns).map_or("–".to_owned(), |r| format!("{r:.0}/s"));
        let mut md = String::new();
        md.push_str("# Performance\n\n");
        md.push_str("Written by `cargo bench --bench throughput` (see `benches/throughput.rs`); every figure is a\n");
        md.push_str("median from one run on the machine below. Compare the ratios, not the absolute times: the\n");
        md.push_str("machine is shared, so absolute times move from run to run.\n\n");
        md.push_str(&format!(
            "- machine: {}, {} logical CPUs\n",
            cpu_model(),
            std::thread::available_parallelism().map_or(0, |n| n.get())
        ));
        md.push_str(&format!(
            "- load average (1 min, from /proc/loadavg): {}\n",
            self.load
        ));
        md.push_str(&format!("- rules: the {} built-in rules\n", self.rules));
        md.push_str(&format!("- corpus: {BATCH} generated submissions (seed {SEED}, `benches/corpus`), {:.1} KB each on average as one JSON line, 20–28 hazards each\n\n", self.corpus_bytes as f64 / 1024.0));
        md.push_str("## Targets\n\n| target | measured | |\n|---|---|---|\n");
        for (t, v, ok) in self.targets() {
            md.push_str(&format!(
                "| {t} | {v} | {} |\n",
                ok.map_or("not measured", |ok| if ok { "met" } else { "**missed**" })
            ));
        }
        md.push_str("\n## Medians\n\n| benchmark | median | per submission | submissions/s |\n|---|---|---|---|\n");
        md.push_str(&format!(
            "| compile the default rule set | {} | | |\n",
            us(self.compile_ns)
        ));
        for (what, ns) in [
            (
                "stage: read (hash, strict parse, schema validation), 1 thread",
                self.read_ns,
            ),
            ("stage: evaluate the rules, 1 thread", self.evaluate_ns),
            (
                "stage: build the reports (messages, positions), 1 thread",
                self.report_ns,
            ),
            (
                "stage: render the reports as JSON lines, 1 thread",
                self.render_ns,
            ),
        ] {
            md.push_str(&format!(
                "| {what} | {} | {} | {} |\n",
                us(ns),
                per(ns),
                rate(ns)
            ));
        }
        md.push_str(&format!(
            "| floor: parse + schema validation, 1 thread | {} | {} | {} |\n",
            us(self.floor_ns),
            per(self.floor_ns),
            rate(self.floor_ns)
        ));
        md.push_str(&format!(
            "| end-to-end batch, 1 thread | {} | {} | {} |\n",
            us(self.e2e1_ns),
            per(self.e2e1_ns),
            rate(self.e2e1_ns)
        ));
        md.push_str(&format!(
            "| end-to-end batch, 2 threads | {} | {} | {} |\n",
            us(self.e2e2_ns),
            per(self.e2e2_ns),
            rate(self.e2e2_ns)
        ));
        if let Some((a, b)) = self.rss_kb {
            md.push_str(&format!("\nPeak memory (max RSS of `assure check batch.jsonl --format jsonl`): 1,000 submissions {:.1} MB, 10,000 submissions {:.1} MB.\n", a as f64 / 1024.0, b as f64 / 1024.0));
        }
        md.push_str(&self.breakdown());
        md.push_str(SCALING_NOTE);
        for n in &self.note {
            md.push_str(&format!("\nNote: {n}\n"));
        }
        md
    }
}

/// The average size of a rendered JSON-line report over (the start of) the corpus.
fn report_bytes(set: &RuleSet, texts: &[String]) -> usize {
    let sample = &texts[..texts.len().min(64)];
    let total: usize = sample
        .iter()
        .filter_map(|t| assure::submission::Submission::parse("corpus", t.as_bytes()).ok())
        .map(|sub| {
            let results =
                assure::engine::run_explaining(set, &sub.value, as_of(), false, Explain::Needed);
            let report = assure::report::build_report_with(set, &sub, &results, Detail::Brief);
            assure::report::jsonl::report(&report).len()
        })
        .sum();
    total / sample.len().max(1)
}

impl Measured {
    /// Where one submission's time goes, stage by stage against the floor, before this round of
    /// work (`benches/baseline.toml`) and now.
    fn breakdown(&self) -> String {
        let each = |ns: Option<f64>| ns.map(|ns| ns / BATCH as f64 / 1e3);
        let base = |key: &str| {
            self.baseline
                .as_ref()
                .and_then(|b| b.get(key))
                .and_then(|v| v.as_float())
        };
        let rows = [
            (
                "read (hash, strict parse, schema validation)",
                "read",
                each(self.read_ns),
            ),
            ("evaluate the rules", "evaluate", each(self.evaluate_ns)),
            ("build the report", "report", each(self.report_ns)),
            ("render it as JSON Lines", "render", each(self.render_ns)),
            ("end to end, 1 thread", "end_to_end_1", each(self.e2e1_ns)),
            (
                "the floor (parse + validation)",
                "floor",
                each(self.floor_ns),
            ),
        ];
        let (Some(floor), before_floor) = (each(self.floor_ns), base("floor")) else {
            return String::new();
        };
        let commit = self
            .baseline
            .as_ref()
            .and_then(|b| b.get("commit"))
            .and_then(|v| v.as_str())
            .unwrap_or("?");
        let mut md = format!(
            "\n## Hot spots, before and after\n\nPer submission, 1 thread, each stage timed alone over the corpus; \"before\" is commit `{commit}` \
             (`benches/baseline.toml`, the same benchmark then). The ratios to each run's own floor are what compare.\n\n\
             | stage | before µs | before × floor | now µs | now × floor |\n|---|---|---|---|---|\n"
        );
        let cell = |v: Option<f64>, f: Option<f64>| match (v, f) {
            (Some(v), Some(f)) => (format!("{v:.1}"), format!("{:.2}", v / f)),
            _ => ("–".into(), "–".into()),
        };
        for (what, key, now) in rows {
            let (bv, bf) = cell(base(key), before_floor);
            let (nv, nf) = cell(now, Some(floor));
            md.push_str(&format!("| {what} | {bv} | {bf} | {nv} | {nf} |\n"));
        }
        md.push_str(&format!(
            "| one JSON-line report, KB | {} | | {:.1} | |\n",
            base("report_kb").map_or("–".into(), |v| format!("{v:.1}")),
            self.report_bytes as f64 / 1024.0
        ));
        md.push_str(&format!(
            "| compile the built-in rules, µs | {} | | {} | |\n",
            base("compile_us").map_or("–".into(), |v| format!("{v:.0}")),
            self.compile_ns
                .map_or("–".into(), |ns| format!("{:.0}", ns / 1e3))
        ));
        md.push_str(&format!(
            "| one `assure check`, ms | {} | | {} | |\n",
            base("process_ms").map_or("–".into(), |v| format!("{v:.1}")),
            self.process_ms
                .map_or("–".into(), |(ms, _)| format!("{ms:.1}"))
        ));
        md.push_str(&format!(
            "\nEach JSON-line report is {:.1} KB, {:.1}× its submission: a finding per rule, brief (rule id and \
             outcome) unless it needs action; the rules' words are on the run line once.\n",
            self.report_bytes as f64 / 1024.0,
            self.report_bytes as f64 / self.corpus_bytes.max(1) as f64,
        ));
        md.push_str(&self.peer_table());
        if let Ok(text) = std::fs::read_to_string("benches/hotspots.md") {
            md.push('\n');
            md.push_str(&text);
        }
        md
    }

    /// The 30-rule comparison's medians per submission, engine by engine.
    fn peer_table(&self) -> String {
        let Some(p) = &self.peers else {
            return String::new();
        };
        let mut md = String::from(
            "\n## The 30-rule comparison (`benches/peers`)\n\nThe same 30 rules for assure, regorus (interpreter and RVM), cfn-guard and hand-written Rust, \
             every engine giving the same failing rules on every submission (checked before timing).\n\n",
        );
        md.push_str(&format!(
            "```json\n{}\n```\n",
            serde_json::to_string_pretty(p).unwrap_or_default()
        ));
        md
    }
}

const SCALING_NOTE: &str = "
Two-thread figures need two idle cores: when another process holds one (see the load average),
the wall-time speedup falls towards 1× while the CPU time of the two-thread run stays close to
that of the one-thread run, which is what shows the work itself divides.
";

/// The peer comparison's results, written by `cargo bench --manifest-path benches/peers/Cargo.toml`.
fn read_peers(note: &mut Vec<String>) -> Option<serde_json::Value> {
    let dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let file = dir.join("peers").join("results.json");
    match std::fs::read_to_string(&file) {
        Ok(text) => serde_json::from_str(&text).ok(),
        Err(_) => {
            note.push(format!(
                "`{}` is missing: the peer comparison has not been run (`scripts/bench` runs it first)",
                file.display()
            ));
            None
        }
    }
}

/// The 1-minute load average: how busy the shared machine was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned())
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("assure-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Median wall time of `assure check one.json`, process start to exit.
fn process_times(bin: &Path, text: &str, note: &mut Vec<String>) -> Option<(f64, usize)> {
    const RUNS: usize = 41;
    let file = scratch().join("one.json");
    std::fs::write(&file, text).ok()?;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = Command::new(bin)
            .args(["check", "--as-of", "2026-11-01"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let elapsed = start.elapsed();
        if status
            .map(|s| s.code().is_none_or(|c| c > 1))
            .unwrap_or(true)
        {
            note.push("`assure check` of one submission did not exit 0 or 1".into());
            return None;
        }
        times.push(elapsed);
    }
    times.sort();
    Some((times[RUNS / 2].as_secs_f64() * 1e3, RUNS))
}

/// What one measured child process used.
#[derive(Debug, Clone, Copy)]
struct Usage {
    max_rss_kb: u64,
    wall_s: f64,
    /// User plus system CPU time, over all its threads.
    cpu_s: f64,
}

/// Writes `n` corpus submissions as JSON Lines into the scratch directory.
fn corpus_file(n: usize) -> Option<PathBuf> {
    let file = scratch().join(format!("batch-{n}.jsonl"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file).ok()?);
    corpus::write_jsonl(&mut out, SEED, n).ok()?;
    out.into_inner().ok()?;
    Some(file)
}

/// Runs `assure check FILE --format jsonl` in a re-executed copy of this program, which reports
/// that one child's usage.
fn measure(bin: &Path, file: &Path, threads: Option<usize>) -> Result<Usage, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(me);
    cmd.env(RSS_CHILD, "1")
        .arg(bin)
        .args(["check", "--as-of", "2026-11-01", "--format", "jsonl"])
        .arg(file);
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t.to_string());
    }
    let out = cmd.output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<f64> = text
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    match fields[..] {
        [rss, wall, cpu] => Ok(Usage {
            max_rss_kb: rss as u64,
            wall_s: wall,
            cpu_s: cpu,
        }),
        _ => Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
    }
}

/// Max RSS (KB) of `assure check` over 1,000 and 10,000 submissions as JSON Lines.
fn peak_memory(bin: &Path, note: &mut Vec<String>) -> Option<(u64, u64)> {
    let mut peak = |n: usize| -> Option<u64> {
        let file = corpus_file(n)?;
        let usage = measure(bin, &file, None);
        let _ = std::fs::remove_file(&file);
        match usage {
            Ok(u) => {
                println!(
                    "{n} submissions: {:.1} s, max RSS {} KB",
                    u.wall_s, u.max_rss_kb
                );
                Some(u.max_rss_kb)
            }
            Err(e) => {
                note.push(format!("peak memory for {n} submissions not measured: {e}"));
                None
            }
        }
    };
    let small = peak(1_000)?;
    let large = peak(10_000)?;
    Some((small, large))
}

/// The binary on 2,000 submissions at one and at two threads, three runs each: the median wall
/// time of each, and the CPU time of the two-thread run over the one-thread run (how much extra
/// work running in parallel costs, whatever else the machine is doing).
fn process_scaling(bin: &Path, note: &mut Vec<String>) -> Option<(f64, f64)> {
    let file = corpus_file(2_000)?;
    let mut runs = |threads: usize| -> Option<(f64, f64)> {
        let mut u: Vec<Usage> = Vec::new();
        for _ in 0..3 {
            match measure(bin, &file, Some(threads)) {
                Ok(x) => u.push(x),
                Err(e) => {
                    note.push(format!("process scaling not measured: {e}"));
                    return None;
                }
            }
        }
        u.sort_by(|a, b| a.wall_s.total_cmp(&b.wall_s));
        Some((u[1].wall_s, u[1].cpu_s))
    };
    let one = runs(1);
    let two = runs(2);
    let _ = std::fs::remove_file(&file);
    let ((w1, c1), (w2, c2)) = (one?, two?);
    println!(
        "2,000 submissions: 1 thread {w1:.2} s ({c1:.2} s CPU), 2 threads {w2:.2} s ({c2:.2} s CPU)"
    );
    Some((w1 / w2, c2 / c1))
}

/// In the re-executed copy: runs the command given as arguments with output discarded, then
/// prints that one child's max RSS (KB), wall time and CPU time (s).
fn rss_child() {
    use nix::sys::resource::{UsageWho, getrusage};
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((bin, rest)) = args.split_first() else {
        return;
    };
    let started = Instant::now();
    let status = Command::new(bin)
        .args(rest)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let wall = started.elapsed().as_secs_f64();
    match status {
        Ok(s) if s.code().is_some_and(|c| c <= 2) => {}
        other => {
            eprintln!("the child failed: {other:?}");
            std::process::exit(1);
        }
    }
    let seconds = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    match getrusage(UsageWho::RUSAGE_CHILDREN) {
        // Linux reports ru_maxrss in KB.
        Ok(u) => println!(
            "{} {wall} {}",
            u.max_rss(),
            seconds(u.user_time()) + seconds(u.system_time())
        ),
        Err(e) => {
            eprintln!("getrusage: {e}");
            std::process::exit(1);
        }
    }
}
