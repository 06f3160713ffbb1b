//! SARIF 2.1.0 output, for code-scanning dashboards (GitHub, Azure DevOps, SARIF viewers): one
//! run whose driver lists every rule reported (title, remedy, refs, default level from severity),
//! a result per failed rule, per rule that could not be evaluated and per fired trigger (level
//! `note`), each located at the submission's `file:line:col`. Waived findings are results with an
//! external suppression, so viewers hide them but the record stays. Inputs that could not be read
//! become tool execution notifications. Typed structs keep the shape honest; the tests validate
//! it against the OASIS schema.

use super::{Finding, InputFailure, Location, Report, Run};
use crate::rules::{Outcome, Severity};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun {
    tool: Tool,
    invocations: [Invocation; 1],
    artifacts: Vec<Artifact>,
    results: Vec<SarifResult>,
    /// `file:line:col` counts characters, as an editor shows them.
    column_kind: &'static str,
    properties: RunProperties,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    pack: String,
    area: String,
    severity: &'static str,
    refs: Vec<String>,
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
    hashes: BTreeMap<&'static str, String>,
    properties: ArtifactProperties,
}

#[derive(Serialize)]
struct ArtifactProperties {
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<String>,
    /// Each decision's status in its standard's words, by decision id.
    decisions: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [SarifLocation; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties,
}

#[derive(Serialize)]
struct ResultProperties {
    outcome: &'static str,
    severity: &'static str,
    area: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    observed: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<String>,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties {
    as_of: String,
    rules_hash: String,
    rule_packs: Vec<String>,
    rule_count: usize,
}

/// Pretty SARIF JSON with a trailing newline.
pub fn render(run: &Run) -> String {
    let (rules, index) = descriptors(run);
    let results = run
        .reports
        .iter()
        .enumerate()
        .flat_map(|(i, r)| results(i, r, &index))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [SarifRun {
            tool: Tool {
                driver: Driver {
                    name: "assure",
                    version: run.tool.version,
                    semantic_version: run.tool.version,
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: run.errors.is_empty(),
                tool_execution_notifications: run.errors.iter().map(notification).collect(),
            }],
            artifacts: run.reports.iter().map(artifact).collect(),
            results,
            column_kind: "unicodeCodePoints",
            properties: RunProperties {
                as_of: run.as_of.clone(),
                rules_hash: run.rules.hash.clone(),
                rule_packs: run.rules.packs.clone(),
                rule_count: run.rules.count,
            },
        }],
    };
    let mut s = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the SARIF log: {e}\"}}"));
    s.push('\n');
    s
}

/// Every rule any report has a finding for, in first-seen order, and each id's index.
fn descriptors(run: &Run) -> (Vec<Descriptor>, HashMap<String, usize>) {
    let mut rules = Vec::new();
    let mut index = HashMap::new();
    for f in run.reports.iter().flat_map(|r| &r.findings) {
        if !index.contains_key(f.rule) {
            index.insert(f.rule.to_owned(), rules.len());
            rules.push(descriptor(f));
        }
    }
    (rules, index)
}

fn descriptor(f: &Finding) -> Descriptor {
    let refs = f.refs.join("; ");
    let remedy = f.remedy.trim();
    let text = if refs.is_empty() {
        remedy.to_owned()
    } else {
        format!("{remedy} References: {refs}.")
    };
    let mut markdown = format!("{}\n", super::escape::markdown_rich(remedy));
    if !f.refs.is_empty() {
        markdown.push_str("\n**References**\n\n");
        for r in f.refs {
            markdown.push_str(&format!("- {}\n", super::escape::markdown(r)));
        }
    }
    Descriptor {
        id: f.rule.to_owned(),
        name: pascal(f.title),
        short_description: Text {
            text: f.title.to_owned(),
        },
        full_description: Text {
            text: if text.is_empty() {
                f.title.to_owned()
            } else {
                text.clone()
            },
        },
        help: Help {
            text: if text.is_empty() {
                f.title.to_owned()
            } else {
                text
            },
            markdown,
        },
        default_configuration: Configuration {
            level: level(f.severity),
        },
        properties: RuleProperties {
            pack: f.pack.to_owned(),
            area: f.area.to_owned(),
            severity: f.severity.as_str(),
            refs: f.refs.to_vec(),
            tags: vec![f.pack.to_owned(), f.area.to_owned()],
        },
    }
}

/// blocker and major → error, minor → warning, info → note.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Blocker | Severity::Major => "error",
        Severity::Minor => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF rule name from a title: "ExternalPenetrationTestWithin…".
fn pascal(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.replace('\'', ""))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn results(artifact: usize, r: &Report, index: &HashMap<String, usize>) -> Vec<SarifResult> {
    r.findings
        .iter()
        .filter_map(|f| {
            let level = match f.outcome {
                Outcome::Fail | Outcome::Waived if f.advisory => "note",
                Outcome::Fail | Outcome::Waived => level(f.severity),
                Outcome::Error => "error",
                // Evidence outstanding is for a reviewer to verify, not a defect.
                Outcome::Fired | Outcome::Outstanding => "note",
                Outcome::Pass
                | Outcome::NotFired
                | Outcome::NotApplicable
                | Outcome::NotEvaluated => return None,
            };
            Some(SarifResult {
                rule_id: f.rule.to_owned(),
                rule_index: index.get(f.rule).copied().unwrap_or(0),
                level,
                message: Text {
                    text: f.message.to_string(),
                },
                locations: [match f.location.as_ref().filter(|l| imported(&r.file, l)) {
                    // A value read from the hazard-log spreadsheet the submission points at.
                    Some(l) => located(&l.file, None, Some(l)),
                    None => located(&r.file, Some(artifact), f.location.as_ref()),
                }],
                suppressions: if f.outcome == Outcome::Waived {
                    vec![Suppression {
                        kind: "external",
                        justification: f
                            .waiver
                            .as_ref()
                            .map_or_else(|| f.message.to_string(), |w| w.describe()),
                    }]
                } else {
                    Vec::new()
                },
                properties: ResultProperties {
                    outcome: f.outcome.as_str(),
                    severity: f.severity.as_str(),
                    area: f.area.to_owned(),
                    path: f.path.clone(),
                    observed: f.observed.clone(),
                    expected: f.expected.clone(),
                },
            })
        })
        .collect()
}

fn located(file: &str, index: Option<usize>, at: Option<&Location>) -> SarifLocation {
    SarifLocation {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(file),
                index,
            },
            region: at.map(|l| Region {
                start_line: l.line.max(1),
                start_column: l.column.max(1),
            }),
        },
    }
}

fn artifact(r: &Report) -> Artifact {
    let mut hashes = BTreeMap::new();
    if let Some(hex) = r.input_hash.strip_prefix("sha256:") {
        hashes.insert("sha-256", hex.to_owned());
    }
    Artifact {
        location: ArtifactLocation {
            uri: uri(&r.file),
            index: None,
        },
        hashes,
        properties: ArtifactProperties {
            product: r.submission.product.clone(),
            decisions: r
                .decisions
                .iter()
                .map(|d| (d.decision.clone(), d.words.clone()))
                .collect(),
        },
    }
}

fn notification(f: &InputFailure) -> Notification {
    Notification {
        level: "error",
        message: Text {
            text: f.message.to_string(),
        },
        locations: vec![located(&f.file, None, None)],
    }
}

/// A URI reference for a file name: relative paths stay relative, absolute ones become `file:`
/// URIs, and anything outside the unreserved set is percent-encoded (so `<stdin>` is
/// `%3Cstdin%3E`, and `back\slash.json`, one file name on Unix, is `back%5Cslash.json`). Only a
/// Windows drive path (`C:\sub\x.json`) has its backslashes read as separators.
/// Whether a location is in another file than the submission (`report_file`, or its JSON Lines
/// record `file:17`): a value imported from the file the submission points at.
fn imported(report_file: &str, l: &Location) -> bool {
    l.file != report_file && !report_file.starts_with(&format!("{}:", l.file))
}

fn uri(file: &str) -> String {
    let drive = file.as_bytes().get(1) == Some(&b':')
        && file.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && file.as_bytes().get(2) == Some(&b'\\');
    let path = if drive {
        file.replace('\\', "/")
    } else {
        file.to_owned()
    };
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path.as_str())
    } else if path.as_bytes().get(1) == Some(&b':')
        && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
    {
        ("file:///", path.as_str())
    } else {
        ("", path.as_str())
    };
    let mut out = String::from(prefix);
    for (i, b) in rest.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && !prefix.is_empty() && i == 1);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{pascal, uri};

    #[test]
    fn uris_are_references_not_paths() {
        assert_eq!(uri("fixtures/a b.json"), "fixtures/a%20b.json");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("/tmp/x.json"), "file:///tmp/x.json");
        assert_eq!(uri("C:\\sub\\x.json"), "file:///C:/sub/x.json");
        assert_eq!(uri("ab:c.json"), "ab%3Ac.json");
        assert_eq!(uri("back\\slash.json"), "back%5Cslash.json");
    }

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(
            pascal("Every hazard's stated risk matches the matrix"),
            "EveryHazardsStatedRiskMatchesTheMatrix"
        );
    }
}
