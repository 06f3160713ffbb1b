//! Local policy: the project file `assure.toml` (found in the working directory or above it, see
//! [`super::discover`], or named with `--config`) and the matching command-line flags. A policy adds local rule directories, narrows
//! the packs reported, disables rules and overrides severities, and names a waivers file. Every
//! rule id it mentions is checked against the loaded rules (with a "did you mean"), and every
//! problem carries the file and `line:col` it came from, or the flag that said it.

use crate::rules::{RuleSet, Severity};
use crate::schema::closest;
use crate::source::{LineCol, line_col};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The name the project file is looked for under, in the working directory and above it.
pub const FILE_NAME: &str = "assure.toml";

/// Where a setting came from: a position in a file, or a command-line flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File { file: String, at: LineCol },
    Flag(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File { file, at } => write!(f, "{file}:{at}"),
            Self::Flag(flag) => write!(f, "`{flag}`"),
        }
    }
}

/// One problem in the project file, a waivers file or a policy flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub origin: Origin,
    pub message: String,
    pub hint: Option<String>,
}

impl PolicyError {
    pub fn at(
        file: &str,
        text: &str,
        offset: usize,
        message: String,
        hint: Option<String>,
    ) -> Self {
        let origin = Origin::File {
            file: file.to_owned(),
            at: line_col(text, offset),
        };
        Self {
            origin,
            message,
            hint,
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  fix: {h}")?;
        }
        Ok(())
    }
}

/// Every problem found in a policy, in file order.
#[derive(Debug, thiserror::Error)]
#[error("{} in the local policy:\n{}", plural(.0.len()), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct PolicyErrors(pub Vec<PolicyError>);

fn plural(n: usize) -> String {
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

/// A value and where it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

/// The project's policy, from the project file and flags together.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// The project file read, if any.
    pub file: Option<PathBuf>,
    /// Local rule directories to add to the built-in packs.
    pub rules: Vec<PathBuf>,
    /// Packs to report (all when empty).
    pub only: Vec<String>,
    /// Where `only` was set, for errors.
    pub only_origin: Option<Origin>,
    /// Rules not to report (still evaluated when other rules depend on them).
    pub disable: Vec<Setting<String>>,
    /// Severity overrides, applied in order (a later one wins).
    pub severity: Vec<Setting<(String, Severity)>>,
    /// The waivers file to apply.
    pub waivers: Option<PathBuf>,
}

/// `assure.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    #[serde(default)]
    rules: Vec<String>,
    only: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    waivers: Option<String>,
}

impl Policy {
    /// Reads a project file; relative paths in it are taken from the file's directory.
    pub fn read(path: &Path) -> Result<Self, PolicyErrors> {
        let name = crate::inputs::name(path);
        let text = read_policy_file(path, "project file")?;
        let base = path.parent().unwrap_or(Path::new(""));
        let mut policy = Self::parse(&name, &text, base)?;
        policy.file = Some(path.to_owned());
        Ok(policy)
    }

    /// Parses the text of a project file named `file`, resolving paths against `base`. Every
    /// problem of its shape (unknown keys, values of the wrong type) is reported at once.
    pub fn parse(file: &str, text: &str, base: &Path) -> Result<Self, PolicyErrors> {
        shape(file, text)?;
        let def: FileDef = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let (message, hint) = explain_toml_error(e.message());
            PolicyErrors(vec![PolicyError::at(file, text, offset, message, hint)])
        })?;
        let here = |offset: usize| Origin::File {
            file: file.to_owned(),
            at: line_col(text, offset),
        };
        let mut errors = Vec::new();
        let mut severity = Vec::new();
        for (id, level) in &def.severity {
            match parse_severity(level.get_ref()) {
                Ok(s) => severity.push(Setting {
                    value: (id.get_ref().clone(), s),
                    origin: here(id.span().start),
                }),
                Err((message, hint)) => errors.push(PolicyError {
                    origin: here(level.span().start),
                    message,
                    hint,
                }),
            }
        }
        if !errors.is_empty() {
            return Err(PolicyErrors::sorted(errors));
        }
        severity.sort_by_key(|s| position(&s.origin));
        Ok(Self {
            file: None,
            rules: def.rules.iter().map(|r| base.join(r)).collect(),
            only_origin: def.only.as_ref().map(|o| here(o.span().start)),
            only: def.only.map(Spanned::into_inner).unwrap_or_default(),
            disable: def
                .disable
                .iter()
                .map(|d| Setting {
                    value: d.get_ref().clone(),
                    origin: here(d.span().start),
                })
                .collect(),
            severity,
            waivers: def.waivers.map(|w| base.join(w)),
        })
    }

    /// Adds a `--severity ID=LEVEL` flag.
    pub fn add_severity_flag(&mut self, flag: &str) -> Result<(), PolicyError> {
        let origin = Origin::Flag(format!("--severity {flag}"));
        let Some((id, level)) = flag.split_once('=') else {
            let hint = Some(
                "write it as `--severity RULE-ID=LEVEL`, e.g. `--severity DTAC-C3-04=major`".into(),
            );
            return Err(PolicyError {
                origin,
                message: "expected `RULE-ID=LEVEL`".into(),
                hint,
            });
        };
        match parse_severity(level.trim()) {
            Ok(s) => {
                self.severity.push(Setting {
                    value: (id.trim().to_owned(), s),
                    origin,
                });
                Ok(())
            }
            Err((message, hint)) => Err(PolicyError {
                origin,
                message,
                hint,
            }),
        }
    }

    /// Replaces the packs to report with those of an `--only` flag.
    pub fn set_only_flag(&mut self, packs: &[String]) {
        self.only = packs.to_vec();
        self.only_origin = Some(Origin::Flag(format!("--only {}", packs.join(","))));
    }

    /// Adds a `--disable ID` flag.
    pub fn add_disable_flag(&mut self, id: &str) {
        self.disable.push(Setting {
            value: id.to_owned(),
            origin: Origin::Flag(format!("--disable {id}")),
        });
    }

    /// Whether the policy changes which rules are reported or how severe they are.
    pub fn changes_rules(&self) -> bool {
        !self.disable.is_empty() || !self.severity.is_empty()
    }

    /// Narrows, disables and re-grades the rules of `set`. Unknown packs and rule ids are
    /// errors, all reported at once.
    pub fn apply(&self, set: &mut RuleSet) -> Result<(), PolicyErrors> {
        let mut errors = Vec::new();
        self.select(set, &mut errors);
        let disabled: Vec<usize> = self
            .disable
            .iter()
            .filter_map(|d| rule_index(set, &d.value, &d.origin, &mut errors))
            .collect();
        let graded: Vec<(usize, Severity)> = self
            .severity
            .iter()
            .filter_map(|s| {
                Some((
                    rule_index(set, &s.value.0, &s.origin, &mut errors)?,
                    s.value.1,
                ))
            })
            .collect();
        if !errors.is_empty() {
            return Err(PolicyErrors::sorted(errors));
        }
        for (i, level) in graded {
            set.rules[i].severity = level;
        }
        for i in disabled {
            set.selected[i] = false;
        }
        recompute_needed(set);
        if self.changes_rules() {
            set.hash = crate::submission::sha256_hex(self.fingerprint(&set.hash).as_bytes());
        }
        Ok(())
    }

    /// Narrows the reported packs to `only`, if given.
    fn select(&self, set: &mut RuleSet, errors: &mut Vec<PolicyError>) {
        if self.only.is_empty() {
            return;
        }
        if let Err(message) = set.select_packs(&self.only) {
            let origin = self
                .only_origin
                .clone()
                .unwrap_or_else(|| Origin::Flag(format!("--only {}", self.only.join(","))));
            errors.push(PolicyError {
                origin,
                message,
                hint: None,
            });
        }
    }

    /// The text the rule-set hash is re-derived from when the policy changes the rules, so the
    /// report's hash identifies the rules *and* the policy applied to them.
    fn fingerprint(&self, rules_hash: &str) -> String {
        let mut lines: Vec<String> = self
            .disable
            .iter()
            .map(|d| format!("disable {}", d.value))
            .collect();
        lines.extend(
            self.severity
                .iter()
                .map(|s| format!("severity {} {}", s.value.0, s.value.1.as_str())),
        );
        format!("{rules_hash}\npolicy\n{}", lines.join("\n"))
    }
}

/// The longest project or waivers file read: far more than any real one.
const POLICY_LIMIT: crate::inputs::Size = crate::inputs::Size(16 << 20);

/// The text of a project or waivers file (`what` names it in messages), read within bounds: a
/// FIFO or device is refused rather than waited on.
pub fn read_policy_file(path: &Path, what: &str) -> Result<String, PolicyErrors> {
    let name = crate::inputs::name(path);
    let fail = |message: String| {
        PolicyErrors(vec![PolicyError {
            origin: Origin::File {
                file: name.clone(),
                at: LineCol { line: 1, column: 1 },
            },
            message,
            hint: None,
        }])
    };
    let bytes = crate::inputs::read::read_file(path, POLICY_LIMIT)
        .map_err(|m| fail(format!("cannot read the {what}: {m}")))?;
    String::from_utf8(bytes)
        .map_err(|_| fail(format!("the {what} is not UTF-8 text; save it as UTF-8")))
}

/// Every problem of a project file's shape, checked against `schemas/config.schema.json`.
fn shape(file: &str, text: &str) -> Result<(), PolicyErrors> {
    let at = |offset: usize, message: String, hint: Option<String>| {
        PolicyError::at(file, text, offset, message, hint)
    };
    let (value, spans) = crate::rules::toml_json::parse(text).map_err(|e| {
        PolicyErrors(vec![at(
            e.offset,
            format!("not valid TOML: {}", e.message),
            None,
        )])
    })?;
    let problems =
        crate::rules::toml_json::schema_problems(crate::schema::Schema::config(), &value, &spans);
    if problems.is_empty() {
        return Ok(());
    }
    Err(PolicyErrors::sorted(
        problems.into_iter().map(|(o, m, h)| at(o, m, h)).collect(),
    ))
}

/// Marks as needed every selected rule and everything it depends on, transitively.
fn recompute_needed(set: &mut RuleSet) {
    set.needed.clone_from(&set.selected);
    let mut stack: Vec<usize> = (0..set.rules.len()).filter(|&i| set.selected[i]).collect();
    while let Some(i) = stack.pop() {
        for &d in &set.deps[i] {
            if !set.needed[d] {
                set.needed[d] = true;
                stack.push(d);
            }
        }
    }
}

/// The index of the rule a setting names, or an error with the nearest id.
pub fn rule_index(
    set: &RuleSet,
    id: &str,
    origin: &Origin,
    errors: &mut Vec<PolicyError>,
) -> Option<usize> {
    if let Some(i) = set.index_of(id) {
        return Some(i);
    }
    errors.push(PolicyError {
        origin: origin.clone(),
        message: format!("unknown rule `{id}`"),
        hint: suggest_rule(set, id),
    });
    None
}

/// "did you mean `X`?" for a rule id that does not exist, if one is close.
pub fn suggest_rule(set: &RuleSet, id: &str) -> Option<String> {
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
    let upper = id.to_uppercase();
    let near = ids
        .iter()
        .find(|known| **known == upper)
        .map(|s| (*s).to_owned())
        .or_else(|| closest(&upper, &ids));
    Some(near.map_or_else(
        || "run `assure rules list` to see the rule ids".to_owned(),
        |s| format!("did you mean `{s}`?"),
    ))
}

/// Parses a severity level, suggesting the nearest one.
fn parse_severity(s: &str) -> Result<Severity, (String, Option<String>)> {
    const LEVELS: [&str; 4] = ["blocker", "major", "minor", "info"];
    match s {
        "blocker" => Ok(Severity::Blocker),
        "major" => Ok(Severity::Major),
        "minor" => Ok(Severity::Minor),
        "info" => Ok(Severity::Info),
        _ => Err((
            format!("unknown severity `{s}`"),
            Some(closest(&s.to_lowercase(), &LEVELS).map_or_else(
                || "use one of `blocker`, `major`, `minor`, `info`".to_owned(),
                |l| format!("did you mean `{l}`?"),
            )),
        )),
    }
}

fn position(origin: &Origin) -> LineCol {
    match origin {
        Origin::File { at, .. } => *at,
        Origin::Flag(_) => LineCol {
            line: u32::MAX,
            column: 0,
        },
    }
}

/// Rewords a `toml` deserialisation message into the house style, with a fix when one is known:
/// the nearest allowed key for a misspelt one, else the keys allowed.
pub fn explain_toml_error(message: &str) -> (String, Option<String>) {
    let message = message
        .trim()
        .trim_end_matches('.')
        .replace("unknown field", "unknown key");
    let first = message
        .split(", expected")
        .next()
        .unwrap_or(&message)
        .to_owned();
    let allowed = message.split("expected one of ").nth(1).map(str::trim);
    let hint = allowed.map(|keys| {
        let names: Vec<&str> = keys.split(", ").map(|k| k.trim_matches('`')).collect();
        let typed = first.split('`').nth(1).unwrap_or_default();
        closest(typed, &names).map_or_else(
            || format!("the keys allowed here are {keys}"),
            |k| format!("did you mean `{k}`?"),
        )
    });
    (first, hint)
}

impl PolicyErrors {
    /// The errors in reading order: by file, then position; flags last.
    pub fn sorted(mut errors: Vec<PolicyError>) -> Self {
        errors.sort_by_key(|e| match &e.origin {
            Origin::File { file, at } => (0, file.clone(), *at),
            Origin::Flag(_) => (1, String::new(), LineCol { line: 0, column: 0 }),
        });
        Self(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_with_positions() {
        let text = "rules = [\"policy/\"]\ndisable = [\"DTAC-D1-12.2\"]\nwaivers = \"w.toml\"\n\n[severity]\n\"DTAC-C3-04\" = \"major\"\n";
        let p = Policy::parse("assure.toml", text, Path::new("proj")).unwrap();
        assert_eq!(p.rules, vec![PathBuf::from("proj/policy/")]);
        assert_eq!(p.waivers, Some(PathBuf::from("proj/w.toml")));
        assert_eq!(p.disable[0].origin.to_string(), "assure.toml:2:12");
        assert_eq!(
            p.severity[0].value,
            ("DTAC-C3-04".to_owned(), Severity::Major)
        );
        assert_eq!(p.severity[0].origin.to_string(), "assure.toml:6:1");
    }

    #[test]
    fn rejects_unknown_keys_and_levels_with_positions() {
        let e = Policy::parse(
            "assure.toml",
            "rules = []\ndisabled = [\"X\"]\n",
            Path::new(""),
        )
        .unwrap_err();
        assert_eq!(e.0[0].origin.to_string(), "assure.toml:2:1");
        assert!(
            e.0[0].message.starts_with("unknown key `disabled`"),
            "{}",
            e.0[0].message
        );
        assert!(
            e.0[0].hint.as_deref().unwrap_or("").contains("`disable`"),
            "{:?}",
            e.0[0].hint
        );
        let e = Policy::parse(
            "assure.toml",
            "[severity]\n\"X-1\" = \"majr\"\n",
            Path::new(""),
        )
        .unwrap_err();
        assert_eq!(
            e.0[0].to_string(),
            "assure.toml:2:9: unknown severity `majr`\n  fix: did you mean `major`?"
        );
    }

    #[test]
    fn severity_flags_need_an_id_and_a_level() {
        let mut p = Policy::default();
        assert!(p.add_severity_flag("DTAC-C3-04=minor").is_ok());
        assert!(p.add_severity_flag("DTAC-C3-04").is_err());
        let e = p.add_severity_flag("DTAC-C3-04=low").unwrap_err();
        assert_eq!(e.origin.to_string(), "`--severity DTAC-C3-04=low`");
    }
}
