//! `assure rules explain | lint | test`: the rule author's commands. `explain` prints what a
//! clinical safety officer or IG lead needs to understand one rule; `lint` reports every problem
//! in rule files at once, with `file:line:col`; `test` runs every rule's examples.

use super::project::{Project, emit, fail};
use super::{EXIT_ERROR, EXIT_FAILED, EXIT_OK, ListFormat, RuleOpts};
use assure::config::{Policy, suggest_rule};
use assure::examples::{self, Mismatch};
use assure::report::terminal::printable_lines;
use assure::rules::model::area_title;
use assure::rules::{Kind, Rule, RuleError, RuleSet, RuleSource};
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// `rules explain ID`.
pub fn explain(id: &str, opts: &RuleOpts, format: ListFormat) -> u8 {
    let project = match super::project::load(opts, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let set = &project.set;
    let found = set
        .index_of(id)
        .or_else(|| set.rules.iter().position(|r| r.id.eq_ignore_ascii_case(id)));
    let Some(i) = found else {
        let hint = suggest_rule(set, id).unwrap_or_default();
        say!("error: unknown rule `{id}`\n  fix: {hint}");
        return EXIT_ERROR;
    };
    let text = match format {
        // A local rule's text reaches the terminal: control characters are shown, not obeyed.
        ListFormat::Text => printable_lines(&explain_text(&project, i)),
        ListFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&explain_json(&project, i)).unwrap_or_default()
        ),
    };
    emit(&text).map_or_else(|code| code, |()| EXIT_OK)
}

fn explain_text(project: &Project, i: usize) -> String {
    let (set, r) = (&project.set, &project.set.rules[i]);
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}\n", r.id, r.title);
    let origin = if r.builtin { "built-in" } else { "local" };
    let _ = writeln!(
        out,
        "  pack      {} ({origin}), defined at {}:{}",
        r.pack, r.file, r.at
    );
    let _ = writeln!(out, "  area      {} ({})", r.area, area_title(&r.area));
    let _ = writeln!(out, "  feeds     {}", feeds_words(r));
    let _ = writeln!(out, "  severity  {}", severity_note(project, i));
    let _ = writeln!(out, "  kind      {}", kind_words(r.kind));
    let _ = writeln!(
        out,
        "  refs      {}",
        if r.refs.is_empty() {
            "(none)".to_owned()
        } else {
            r.refs.join("; ")
        }
    );
    if !set.selected[i] {
        let _ = writeln!(
            out,
            "  reported  no: the project's policy disables it or leaves its pack out"
        );
    }
    let _ = writeln!(
        out,
        "\napplies   {}",
        r.when.as_ref().map_or("always", |w| w.expectation())
    );
    let _ = writeln!(out, "checks    {}", r.check.expectation());
    let _ = writeln!(out, "missing   {}", missing_words(r));
    if !r.requires.is_empty() {
        let ids: Vec<&str> = r.requires.iter().map(|q| q.id.as_str()).collect();
        let _ = writeln!(
            out,
            "requires  {} (not evaluated until they pass)",
            ids.join(", ")
        );
    }
    if let Some(level) = &r.sets {
        let _ = writeln!(
            out,
            "sets      the {} decision to `{level}` when it applies",
            r.feeds[0].decision.id
        );
    }
    let deps = depends_on(set, i);
    if !deps.is_empty() {
        let _ = writeln!(out, "uses      the outcome of {}", deps.join(", "));
    }
    let _ = writeln!(out, "\n{}\n", r.doc.trim());
    let _ = writeln!(out, "fix: {}", r.remedy.trim());
    examples_text(&mut out, r);
    out
}

fn examples_text(out: &mut String, r: &Rule) {
    if r.examples.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nexamples (run by `assure rules test`, as of {}):",
        examples::EXAMPLE_AS_OF
    );
    for e in r.examples.iter() {
        let note = match (&e.note, &e.as_of) {
            (Some(n), Some(d)) => format!("  ({n}; as of {d})"),
            (Some(n), None) => format!("  ({n})"),
            (None, Some(d)) => format!("  (as of {d})"),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "  {:<14} {}{note}",
            e.expect.as_str(),
            serde_json::to_string(&e.input).unwrap_or_default()
        );
    }
}

/// "blocker", or "major (set by assure.toml:6:1; the rule declares blocker)".
fn severity_note(project: &Project, i: usize) -> String {
    let r = &project.set.rules[i];
    let declared = project.declared.get(i).copied().unwrap_or(r.severity);
    match project
        .policy
        .severity
        .iter()
        .rev()
        .find(|s| s.value.0 == r.id)
    {
        Some(s) => format!(
            "{} (set by {}; the rule declares {})",
            r.severity.as_str(),
            s.origin,
            declared.as_str()
        ),
        None => r.severity.as_str().to_owned(),
    }
}

/// "DCB0129 3 The CRM file, … (listed here); DTAC C1 Clinical safety".
fn feeds_words(r: &Rule) -> String {
    r.feeds
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let name = f
                .decision
                .title
                .split(" (")
                .next()
                .unwrap_or(f.decision.title);
            let note = match (n, f.part.counts) {
                (0, true) => " (listed here)",
                (0, false) => " (listed here; moves no decision)",
                (_, true) => "",
                (_, false) => " (moves no decision)",
            };
            format!("{name} {}: {}{note}", f.part.id, f.part.title)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a value the check needs but the submission leaves out means for this rule.
fn missing_words(r: &Rule) -> String {
    match &r.look_in {
        Some(doc) => format!(
            "evidence outstanding: verify in the document at `{doc}` (a failure when that document is not supplied)"
        ),
        None => "a failure: the form asks for it".into(),
    }
}

fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Check => "check (passes or fails)",
        Kind::Trigger => "trigger (fires or does not fire)",
    }
}

fn depends_on(set: &RuleSet, i: usize) -> Vec<String> {
    set.deps[i]
        .iter()
        .map(|&d| set.rules[d].id.clone())
        .collect()
}

fn explain_json(project: &Project, i: usize) -> Value {
    let (set, r) = (&project.set, &project.set.rules[i]);
    json!({
        "id": r.id, "title": r.title, "pack": r.pack, "builtin": r.builtin,
        "area": r.area, "area_title": area_title(&r.area),
        "severity": r.severity, "declared_severity": project.declared.get(i).copied().unwrap_or(r.severity),
        "kind": r.kind, "refs": r.refs, "reported": set.selected[i],
        "applies_when": r.when.as_ref().map(|w| w.expectation()),
        "checks": r.check.expectation(), "depends_on": depends_on(set, i),
        "feeds": r.feeds.iter().map(|f| f.id()).collect::<Vec<_>>(),
        "look_in": r.look_in.as_ref().map(ToString::to_string),
        "requires": r.requires.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(),
        "sets": r.sets,
        "doc": r.doc.trim(), "remedy": r.remedy.trim(),
        "file": r.file, "line": r.at.line, "column": r.at.column,
        "examples": r.examples,
    })
}

/// The rule files to load, and whether the built-in ones are those under audit: the local packs
/// of `dir`; else those the project file (`config`, or the nearest `assure.toml`) adds; else the
/// built-in packs themselves. Local packs load beside the built-ins they may refer to.
fn sources(dir: Option<&Path>, config: Option<&Path>) -> Result<(Vec<RuleSource>, bool), u8> {
    let dirs: Vec<PathBuf> = match (dir, config) {
        (Some(d), _) => vec![d.to_path_buf()],
        (None, config) => match super::project::config_file(config, false) {
            Some(file) => Policy::read(&file).map_err(fail)?.rules,
            None => Vec::new(),
        },
    };
    let mut sources = assure::rules::builtin_sources();
    for d in &dirs {
        sources.extend(assure::rules::read_dir(d).map_err(fail)?);
    }
    Ok((sources, dirs.is_empty()))
}

/// `rules lint [DIR]`.
pub fn lint(dir: Option<&Path>, config: Option<&Path>, format: ListFormat) -> u8 {
    let (sources, builtin) = match sources(dir, config) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let audited = |s: &RuleSource| s.builtin == builtin;
    let problems = assure::rules::lint::lint(&sources, audited);
    let files = sources.iter().filter(|s| audited(s)).count();
    let text = match format {
        ListFormat::Text => lint_text(&problems, files),
        ListFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&problems.iter().map(lint_json).collect::<Vec<_>>())
                .unwrap_or_default()
        ),
    };
    if let Err(code) = emit(&text) {
        return code;
    }
    if problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}

fn lint_text(problems: &[RuleError], files: usize) -> String {
    let mut out = String::new();
    for p in problems {
        let _ = writeln!(out, "{p}");
    }
    let s = |n: usize| if n == 1 { "" } else { "s" };
    if problems.is_empty() {
        let _ = writeln!(out, "no problems in {files} rule file{}", s(files));
    } else {
        let in_files = problems
            .iter()
            .map(|p| p.file.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let _ = writeln!(
            out,
            "\n{} problem{} in {in_files} file{} ({files} checked)",
            problems.len(),
            s(problems.len()),
            s(in_files)
        );
    }
    out
}

fn lint_json(p: &RuleError) -> Value {
    json!({ "file": p.file, "line": p.at.line, "column": p.at.column, "message": p.message, "hint": p.hint })
}

/// `rules test [DIR]`: the examples of the local packs (see [`sources`]), or of the built-in rules.
pub fn test(dir: Option<&Path>, config: Option<&Path>) -> u8 {
    let (sources, builtin) = match sources(dir, config) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut set = match RuleSet::compile(&sources) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    set.selected = set.rules.iter().map(|r| r.builtin == builtin).collect();
    let (ran, mismatches) = examples::run(&set);
    let rules = set.selected.iter().filter(|s| **s).count();
    let mut out = String::new();
    for m in &mismatches {
        let at = example_at(&sources, &set, m);
        mismatch_text(&mut out, at, m);
    }
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "{ran} example{} of {rules} rule{}: {} as expected, {} not",
        s(ran),
        s(rules),
        ran - mismatches.len(),
        mismatches.len()
    );
    if let Err(code) = emit(&out) {
        return code;
    }
    if mismatches.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}

/// Where the mismatching example is written: `file:line:col` of its `[[rule.example]]` (its
/// `expect`, the first thing a reader looks at), or the rule's position when it cannot be found.
fn example_at(sources: &[RuleSource], set: &RuleSet, m: &Mismatch) -> String {
    let Some(rule) = set.index_of(&m.rule).map(|i| &set.rules[i]) else {
        return m.file.clone();
    };
    let found = sources
        .iter()
        .find(|s| s.file == rule.file)
        .and_then(|src| {
            let (value, spans) = assure::rules::toml_json::parse(&src.text).ok()?;
            let list = value.get("rule")?.as_array()?;
            let i = list
                .iter()
                .position(|r| r.get("id").and_then(Value::as_str) == Some(rule.id.as_str()))?;
            let offset = spans.value(&format!("/rule/{i}/example/{}/expect", m.example));
            Some(assure::source::line_col(&src.text, offset))
        });
    format!("{}:{}", rule.file, found.unwrap_or(rule.at))
}

fn mismatch_text(out: &mut String, at: String, m: &Mismatch) {
    let got = m.got.map_or("an invalid input", |o| o.as_str());
    let _ = writeln!(out, "✗ {at}: {} example {}", m.rule, m.example + 1);
    let _ = writeln!(out, "    expected  {}", m.expected.as_str());
    let _ = writeln!(out, "    got       {got}");
    if !m.detail.is_empty() {
        let _ = writeln!(
            out,
            "    because   {}",
            m.detail
                .lines()
                .collect::<Vec<_>>()
                .join("\n              ")
        );
    }
}
