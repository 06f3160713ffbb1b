//! Coverage of the standards by the rules: reads clause catalogues (`docs/catalogue/*.toml`, one
//! per standard: every clause with its title, and why it cannot be checked when no rule can) and
//! renders `docs/coverage.md`, a table per standard of which rules cite each clause in their
//! `refs`. A catalogue's clause `ref` must be exactly the string rules cite. Refs that name a
//! catalogued standard but none of its clauses are listed too, since they are usually typos.
//!
//! A catalogue's *prefix* (the words every one of its refs starts with, e.g. `DCB0129` or
//! `DTAC 1.0`) decides which refs belong to it; the longest matching prefix wins, so `DTAC 1.0`
//! and `DTAC 2.0` catalogues live side by side. Output is deterministic: catalogues in file-name
//! order, clauses in catalogue order, rule ids sorted.

use crate::rules::RuleSet;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// A catalogue file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueDef {
    standard: String,
    #[serde(default)]
    clause: Vec<Clause>,
}

/// One clause of a standard.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// Exactly the string rules cite, e.g. `DCB0129 3.3.2`.
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
    /// Why a submission cannot evidence the clause; only on clauses no rule checks.
    #[serde(default)]
    pub uncheckable: Option<String>,
}

/// A parsed, checked catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    /// How the file is named in messages and in the output, e.g. `docs/catalogue/dcb0129.toml`.
    pub file: String,
    pub standard: String,
    pub clauses: Vec<Clause>,
    /// The words every clause ref starts with; refs starting with it belong to this catalogue.
    pub prefix: String,
}

/// A catalogue that cannot be used, naming its file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("{file}: not a valid clause catalogue: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

impl Catalogue {
    /// Parses one catalogue; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Self, CatalogueError> {
        let def: CatalogueDef = toml::from_str(text).map_err(|e| CatalogueError::Parse {
            file: file.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        let invalid = |message: String| CatalogueError::Invalid {
            file: file.to_owned(),
            message,
        };
        check_clauses(&def).map_err(invalid)?;
        let prefix = common_prefix(def.clause.iter().map(|c| c.reference.as_str()));
        Ok(Self {
            file: file.to_owned(),
            standard: def.standard,
            clauses: def.clause,
            prefix,
        })
    }
}

/// Every clause has a ref and a title, no ref twice, and no empty `uncheckable`.
fn check_clauses(def: &CatalogueDef) -> Result<(), String> {
    if def.standard.trim().is_empty() {
        return Err("`standard` is empty; name the standard and its version".into());
    }
    if def.clause.is_empty() {
        return Err("the catalogue lists no `[[clause]]`".into());
    }
    let mut seen = BTreeSet::new();
    for c in &def.clause {
        if c.reference.trim().is_empty() || c.title.trim().is_empty() {
            return Err(format!(
                "clause `{}` needs both `ref` and `title`",
                c.reference
            ));
        }
        if !seen.insert(c.reference.as_str()) {
            return Err(format!("clause `{}` is listed twice", c.reference));
        }
        if c.uncheckable
            .as_deref()
            .is_some_and(|u| u.trim().is_empty())
        {
            return Err(format!(
                "clause `{}` has an empty `uncheckable`; say why it cannot be checked, or remove it",
                c.reference
            ));
        }
    }
    Ok(())
}

/// The words all refs start with, leaving at least the last word of the shortest ref out (so a
/// one-clause catalogue `DCB0160 2.5.1` still gets the prefix `DCB0160`).
fn common_prefix<'a>(refs: impl Iterator<Item = &'a str>) -> String {
    let lists: Vec<Vec<&str>> = refs.map(|r| r.split_whitespace().collect()).collect();
    let shortest = lists.iter().map(Vec::len).min().unwrap_or(0);
    let mut words = Vec::new();
    for i in 0..shortest.saturating_sub(1) {
        let w = lists[0][i];
        if lists.iter().any(|l| l[i] != w) {
            break;
        }
        words.push(w);
    }
    words.join(" ")
}

/// One catalogue clause and the rules whose refs cite it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub clause: Clause,
    pub rules: Vec<String>,
}

/// One standard's clauses with their rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardCoverage {
    pub file: String,
    pub standard: String,
    pub rows: Vec<Row>,
}

impl StandardCoverage {
    /// (clauses, checked by a rule, uncheckable and unchecked, neither).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let checked = self.rows.iter().filter(|r| !r.rules.is_empty()).count();
        let excused = self
            .rows
            .iter()
            .filter(|r| r.rules.is_empty() && r.clause.uncheckable.is_some())
            .count();
        (
            self.rows.len(),
            checked,
            excused,
            self.rows.len() - checked - excused,
        )
    }
}

/// Coverage of every catalogued standard by a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub standards: Vec<StandardCoverage>,
    /// Refs that name a catalogued standard but no clause of it, with the rules citing them.
    pub stray: BTreeMap<String, Vec<String>>,
    /// Refs (and the rules citing them) of standards that have no catalogue.
    pub uncatalogued: BTreeMap<String, Vec<String>>,
}

/// Parses every catalogue (reporting the first bad one) and measures the rules against them.
pub fn analyse(
    set: &RuleSet,
    catalogue_texts: &[(String, String)],
) -> Result<Coverage, CatalogueError> {
    let mut catalogues = catalogue_texts
        .iter()
        .map(|(f, t)| Catalogue::parse(f, t))
        .collect::<Result<Vec<_>, _>>()?;
    catalogues.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(Coverage::of(set, &catalogues))
}

/// The Markdown of `docs/coverage.md` for these rules and catalogues (file name, text).
pub fn render(
    set: &RuleSet,
    catalogue_texts: &[(String, String)],
) -> Result<String, CatalogueError> {
    Ok(analyse(set, catalogue_texts)?.to_markdown())
}

/// Every ref cited by any rule, with the ids of the rules citing it (sorted, no repeats).
fn citations(set: &RuleSet) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_ref: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rule in &set.rules {
        for r in &rule.refs {
            by_ref.entry(r.clone()).or_default().insert(rule.id.clone());
        }
    }
    by_ref
}

/// The catalogue a ref belongs to: the one with the longest prefix the ref starts with.
fn owner<'c>(catalogues: &'c [Catalogue], reference: &str) -> Option<&'c Catalogue> {
    catalogues
        .iter()
        .filter(|c| {
            !c.prefix.is_empty()
                && reference
                    .strip_prefix(&c.prefix)
                    .is_some_and(|rest| rest.starts_with(' '))
        })
        .max_by_key(|c| c.prefix.len())
}

impl Coverage {
    /// Measures `set` against already parsed catalogues, in the order given.
    pub fn of(set: &RuleSet, catalogues: &[Catalogue]) -> Self {
        let cited = citations(set);
        let standards = catalogues
            .iter()
            .map(|c| standard_rows(c, &cited))
            .collect();
        let (mut stray, mut uncatalogued) = (BTreeMap::new(), BTreeMap::new());
        for (reference, rules) in cited {
            let rules: Vec<String> = rules.into_iter().collect();
            match owner(catalogues, &reference) {
                Some(c) if c.clauses.iter().any(|k| k.reference == reference) => {}
                Some(_) => {
                    stray.insert(reference, rules);
                }
                None => {
                    uncatalogued.insert(reference, rules);
                }
            }
        }
        Self {
            standards,
            stray,
            uncatalogued,
        }
    }

    /// One line per catalogue clause that has neither a rule nor an `uncheckable` reason.
    pub fn gaps(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.standards {
            for row in s
                .rows
                .iter()
                .filter(|r| r.rules.is_empty() && r.clause.uncheckable.is_none())
            {
                out.push(format!(
                    "{}: `{}` ({}) has no rule and no `uncheckable` reason",
                    s.file, row.clause.reference, row.clause.title
                ));
            }
        }
        out
    }

    /// The whole `docs/coverage.md`.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        md.push_str(HEADER);
        self.write_summary(&mut md);
        for s in &self.standards {
            write_standard(&mut md, s);
        }
        self.write_outside(&mut md);
        md
    }

    fn write_summary(&self, md: &mut String) {
        md.push_str("## Summary\n\n");
        md.push_str("| standard | catalogue | clauses | checked by a rule | cannot be checked | not covered |\n");
        md.push_str("|---|---|--:|--:|--:|--:|\n");
        let mut total = (0, 0, 0, 0);
        for s in &self.standards {
            let (n, c, u, g) = s.counts();
            total = (total.0 + n, total.1 + c, total.2 + u, total.3 + g);
            let _ = writeln!(
                md,
                "| [{}](#{}) | `{}` | {n} | {c} | {u} | {g} |",
                cell(&s.standard),
                anchor(&s.standard),
                s.file
            );
        }
        let (n, c, u, g) = total;
        let _ = writeln!(md, "| **all** | | {n} | {c} | {u} | {g} |\n");
        md.push_str("*Checked* means at least one rule cites the clause in its `refs`; *cannot be checked* means the catalogue explains why a submission cannot evidence it; *not covered* clauses have neither and fail `cargo test --test coverage`.\n\n");
    }

    fn write_outside(&self, md: &mut String) {
        md.push_str("## Rule refs outside the catalogues\n\n");
        if self.stray.is_empty() {
            md.push_str(
                "Every ref that names a catalogued standard names a clause of its catalogue.\n",
            );
        } else {
            md.push_str("These refs name a catalogued standard but none of its clauses: a typo in the rule, or a clause missing from the catalogue.\n\n| ref | cited by |\n|---|---|\n");
            for (reference, rules) in &self.stray {
                let _ = writeln!(md, "| {} | {} |", cell(reference), rules.join(", "));
            }
        }
        let rules: BTreeSet<&String> = self.uncatalogued.values().flatten().collect();
        if !self.uncatalogued.is_empty() {
            let _ = writeln!(
                md,
                "\n{} further refs, cited by {} rules, belong to standards with no catalogue yet.",
                self.uncatalogued.len(),
                rules.len()
            );
        }
    }
}

const HEADER: &str = "# Coverage of the standards by the rules\n\n\
<!-- Generated from docs/catalogue/*.toml and the built-in rules by `UPDATE_COVERAGE=1 cargo test --test coverage`. Do not edit by hand. -->\n\n\
For each standard, every clause of its catalogue (`docs/catalogue/*.toml`) with the rules that cite it in their `refs`, \
or the reason a submission cannot evidence it.\n\n";

fn standard_rows(c: &Catalogue, cited: &BTreeMap<String, BTreeSet<String>>) -> StandardCoverage {
    let rows = c
        .clauses
        .iter()
        .map(|clause| Row {
            clause: clause.clone(),
            rules: cited
                .get(&clause.reference)
                .map(|r| r.iter().cloned().collect())
                .unwrap_or_default(),
        })
        .collect();
    StandardCoverage {
        file: c.file.clone(),
        standard: c.standard.clone(),
        rows,
    }
}

fn write_standard(md: &mut String, s: &StandardCoverage) {
    let (n, c, u, g) = s.counts();
    let _ = writeln!(md, "## {}\n", s.standard);
    let _ = writeln!(
        md,
        "From `{}`: {n} clauses, {c} checked by a rule, {u} cannot be checked, {g} not covered.\n",
        s.file
    );
    md.push_str("| clause | title | checked by |\n|---|---|---|\n");
    for row in &s.rows {
        let _ = writeln!(
            md,
            "| {} | {} | {} |",
            cell(&row.clause.reference),
            cell(&row.clause.title),
            checked_by(row)
        );
    }
    md.push('\n');
}

/// The third column: the rules, or why there are none.
fn checked_by(row: &Row) -> String {
    match (&row.rules[..], &row.clause.uncheckable) {
        ([], Some(why)) => format!("*cannot be checked:* {}", cell(why)),
        ([], None) => "**not covered**".to_owned(),
        (rules, None) => rules.join(", "),
        (rules, Some(_)) => format!(
            "{} (the catalogue also calls it uncheckable: remove that reason)",
            rules.join(", ")
        ),
    }
}

/// Text safe inside a Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The GitHub heading anchor for a heading's text.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSource;

    fn rules(refs: &[&[&str]]) -> RuleSet {
        let mut text = String::new();
        for (i, r) in refs.iter().enumerate() {
            let list = r
                .iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            text.push_str(&format!(
                "[[rule]]\nid = \"T-{i:02}\"\ntitle = \"t\"\narea = \"clinical-safety\"\nseverity = \"minor\"\nfeeds = [\"dtac.C1\"]\nrefs = [{list}]\ncheck = {{ path = \"product.name\", present = true }}\nremedy = \"r\"\ndoc = \"d\"\n\n"
            ));
        }
        let src = RuleSource {
            pack: "t".into(),
            file: "t.toml".into(),
            text,
            builtin: false,
        };
        RuleSet::compile(&[src]).unwrap()
    }

    const DCB: &str = "standard = \"DCB0129 v4.2\"\n\
        [[clause]]\nref = \"DCB0129 2.1.1\"\ntitle = \"process\"\n\
        [[clause]]\nref = \"DCB0129 2.3.4\"\ntitle = \"CSO duty\"\nuncheckable = \"conduct | judgement\"\n\
        [[clause]]\nref = \"DCB0129 3.3.2\"\ntitle = \"approve log\"\n";

    fn texts(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(f, t)| ((*f).to_owned(), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn a_malformed_catalogue_names_its_file() {
        let bad = Catalogue::parse(
            "docs/catalogue/x.toml",
            "standard = \"X\"\n[[clause]]\nref = \"X 1\"\ntitel = \"typo\"\n",
        );
        let msg = bad.unwrap_err().to_string();
        assert!(
            msg.starts_with("docs/catalogue/x.toml: not a valid clause catalogue"),
            "{msg}"
        );
        assert!(msg.contains("titel"), "{msg}");
        let dup = Catalogue::parse(
            "d.toml",
            "standard = \"X\"\n[[clause]]\nref = \"X 1\"\ntitle = \"a\"\n[[clause]]\nref = \"X 1\"\ntitle = \"b\"\n",
        );
        assert_eq!(
            dup.unwrap_err().to_string(),
            "d.toml: clause `X 1` is listed twice"
        );
        assert!(
            Catalogue::parse("e.toml", "standard = \"X\"\n")
                .unwrap_err()
                .to_string()
                .contains("no `[[clause]]`")
        );
    }

    #[test]
    fn prefixes_are_the_shared_leading_words() {
        assert_eq!(
            common_prefix(["DCB0129 2.1.1", "DCB0129 7.3.4"].into_iter()),
            "DCB0129"
        );
        assert_eq!(
            common_prefix(["DTAC 1.0 A1", "DTAC 1.0 C1.1"].into_iter()),
            "DTAC 1.0"
        );
        assert_eq!(common_prefix(["DCB0160 2.5.1"].into_iter()), "DCB0160");
        assert_eq!(
            common_prefix(["DCB0160 2.5.1", "DCB0160 (mirrors DCB0129 3.2.2)"].into_iter()),
            "DCB0160"
        );
    }

    #[test]
    fn clauses_get_their_rules_and_gaps_are_listed() {
        let set = rules(&[
            &["DCB0129 2.1.1", "DTAC 1.0 C1.1.1"],
            &["DCB0129 2.1.1"],
            &["DCB0129 9.9.9"],
        ]);
        let cov = analyse(&set, &texts(&[("dcb0129.toml", DCB)])).unwrap();
        let rows = &cov.standards[0].rows;
        assert_eq!(rows[0].rules, ["T-00", "T-01"]);
        assert!(rows[1].rules.is_empty());
        assert_eq!(cov.standards[0].counts(), (3, 1, 1, 1));
        assert_eq!(
            cov.gaps(),
            ["dcb0129.toml: `DCB0129 3.3.2` (approve log) has no rule and no `uncheckable` reason"]
        );
        assert_eq!(cov.stray.keys().collect::<Vec<_>>(), ["DCB0129 9.9.9"]);
        assert_eq!(
            cov.uncatalogued.keys().collect::<Vec<_>>(),
            ["DTAC 1.0 C1.1.1"]
        );
    }

    #[test]
    fn the_longest_prefix_owns_a_ref() {
        let v1 = "standard = \"DTAC 1.0\"\n[[clause]]\nref = \"DTAC 1.0 C1.1\"\ntitle = \"a\"\n[[clause]]\nref = \"DTAC 1.0 C1.2\"\ntitle = \"b\"\n";
        let v2 = "standard = \"DTAC 2.0\"\n[[clause]]\nref = \"DTAC 2.0 C1.2.3\"\ntitle = \"c\"\nuncheckable = \"x\"\n";
        let set = rules(&[&["DTAC 2.0 C1.2.3", "DTAC 1.0 C9"]]);
        let cov = analyse(&set, &texts(&[("v2.toml", v2), ("v1.toml", v1)])).unwrap();
        assert_eq!(
            cov.standards[0].file, "v1.toml",
            "catalogues are in file-name order"
        );
        assert_eq!(cov.standards[1].rows[0].rules, ["T-00"]);
        assert_eq!(cov.stray.keys().collect::<Vec<_>>(), ["DTAC 1.0 C9"]);
    }

    #[test]
    fn markdown_has_a_summary_tables_and_escaped_cells() {
        let set = rules(&[&["DCB0129 2.1.1"], &["DCB0129 3.3.2"]]);
        let md = render(&set, &texts(&[("dcb0129.toml", DCB)])).unwrap();
        assert!(
            md.contains("| [DCB0129 v4.2](#dcb0129-v42) | `dcb0129.toml` | 3 | 2 | 1 | 0 |"),
            "{md}"
        );
        assert!(md.contains("| DCB0129 2.1.1 | process | T-00 |"), "{md}");
        assert!(
            md.contains(
                "| DCB0129 2.3.4 | CSO duty | *cannot be checked:* conduct \\| judgement |"
            ),
            "{md}"
        );
        assert!(
            md.contains(
                "Every ref that names a catalogued standard names a clause of its catalogue."
            ),
            "{md}"
        );
        assert_eq!(md, render(&set, &texts(&[("dcb0129.toml", DCB)])).unwrap());
    }
}
