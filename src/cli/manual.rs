//! `assure man [COMMAND]`: the manual pages, generated from the command-line definition (clap)
//! with the sections clap has no field for — EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES — so
//! the pages never drift from the flags. Every page a page lists is printable: `assure man
//! rules-list` (or `rules list`, or `assure-rules-list`) prints `assure-rules-list(1)`.

use super::project::{emit, fail};
use super::{Cli, EXIT_OK};
use clap::CommandFactory;
use clap_mangen::Man;
use roff::{Roff, bold, roman};

/// The exit codes, for `--help` and the EXIT STATUS section.
pub const EXIT_CODES: &[(&str, &str)] = &[
    (
        "0",
        "Success: every input was checked and nothing failed at or above `--fail-on` (or the command did what it was asked).",
    ),
    (
        "1",
        "Findings failed (`check`), something newly fails (`diff`), rule files have problems (`rules lint`) or an example gives another outcome (`rules test`).",
    ),
    (
        "2",
        "Usage, rule, policy or input errors: a flag or file could not be read, an input could not be read or validated (even when findings also failed), nothing was checked, or the report could not be written.",
    ),
    (
        "130",
        "Interrupted (Ctrl-C, SIGTERM or SIGHUP): a report being written with `--output` is removed.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "NO_COLOR",
        "When set (to anything), text output is not coloured (with `--color auto`).",
    ),
    (
        "CLICOLOR_FORCE",
        "When set to anything but `0`, text output is coloured even when it is not a terminal.",
    ),
    (
        "RAYON_NUM_THREADS",
        "How many threads evaluate a batch (default: one per core). Output is byte-identical at any count.",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "assure.toml",
        "The project file: local rule packs, packs reported, disabled rules, severity overrides and the waivers file. The nearest one in the working directory or above it is read, stopping at the repository root (a directory holding `.git`); `--config FILE` names another, `--no-config` reads none. `assure config` prints what it sets.",
    ),
    (
        "waivers.toml",
        "Recorded waivers, named by `waivers` in assure.toml or `--waivers FILE`.",
    ),
    (
        ".gitignore, .ignore, .git/info/exclude",
        "Honoured when `check` walks a directory, with hidden files and folders left out.",
    ),
];

const EXAMPLES: &[(&str, &str)] = &[
    (
        "assure init -o mysub.json",
        "Write a submission template; replace every placeholder (text in <angle brackets>).",
    ),
    (
        "assure check mysub.json",
        "Check it on the built-in rules: decisions first, then what is not met and what is outstanding.",
    ),
    (
        "assure check mysub.json --quiet",
        "Only the decisions and what is not met.",
    ),
    (
        "assure check mysub.json -o report.html -o findings.csv",
        "Write an HTML report and a CSV of the findings from one run (format from the extension).",
    ),
    (
        "assure check suppliers/ --as-of 2026-11-01",
        "Check every submission below a folder, ending with the batch summary.",
    ),
    (
        "assure rules explain DTAC-C3-02",
        "What a rule checks, why, and how to meet it.",
    ),
    (
        "assure rules lint policy/",
        "Every problem in local rule files at once, with file:line:col and a fix.",
    ),
];

/// The exit codes as `--help` shows them.
pub fn exit_codes_help() -> String {
    let mut out = String::from("Exit status:\n");
    for (code, text) in EXIT_CODES {
        out.push_str(&format!("  {code:<4} {text}\n"));
    }
    out.trim_end().to_owned()
}

/// Prints the main page, or the page of the command named by `words` (`rules list`,
/// `rules-list` or `assure-rules-list`).
pub fn man(words: &[String]) -> u8 {
    // A page lists only pages there are: the `help` sub-commands have none.
    let mut root = Cli::command()
        .disable_help_subcommand(true)
        .mut_subcommand("rules", |c| c.disable_help_subcommand(true));
    // Building names each sub-command `assure-<name>` (display) and `assure <name>` (usage).
    root.build();
    let wanted = words.join("-");
    let wanted = wanted.strip_prefix("assure-").unwrap_or(&wanted);
    let page = if wanted.is_empty() || wanted == "assure" {
        root.clone()
    } else {
        match find(&root, wanted, "") {
            Some(c) => c.clone(),
            None => {
                return fail(format!(
                    "no manual page `{wanted}` (pages: {})",
                    page_names(&root).join(", ")
                ));
            }
        }
    };
    let main = page.get_name() == root.get_name();
    match render(page, main) {
        Ok(text) => emit(&text).map_or_else(|code| code, |()| EXIT_OK),
        Err(e) => fail(format!("cannot render the manual page: {e}")),
    }
}

/// The page of `name` (`check`, `rules-list`) among the commands below `cmd`, whose pages are
/// named `prefix-…`.
fn find<'c>(cmd: &'c clap::Command, name: &str, prefix: &str) -> Option<&'c clap::Command> {
    cmd.get_subcommands().find_map(|sub| {
        let full = join(prefix, sub.get_name());
        if full == name {
            Some(sub)
        } else if name.starts_with(&format!("{full}-")) {
            find(sub, name, &full)
        } else {
            None
        }
    })
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}-{name}")
    }
}

/// Every page's name below `root`, as `assure man` takes it.
fn page_names(root: &clap::Command) -> Vec<String> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands() {
            let name = join(prefix, sub.get_name());
            out.push(name.clone());
            walk(sub, &name, out);
        }
    }
    let mut out = Vec::new();
    walk(root, "", &mut out);
    out
}

/// One page: clap's sections, then ours, then the version.
fn render(page: clap::Command, main: bool) -> std::io::Result<String> {
    let has_args = page.get_arguments().any(|a| !a.is_hide_set());
    let has_subs = page.has_subcommands();
    let has_version = page.get_version().is_some();
    let man = Man::new(page);
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if has_args {
        man.render_options_section(&mut out)?;
    }
    if has_subs {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::new();
    section(&mut roff, "EXIT STATUS", EXIT_CODES);
    section(&mut roff, "ENVIRONMENT", ENVIRONMENT);
    section(&mut roff, "FILES", FILES);
    if main {
        section(&mut roff, "EXAMPLES", EXAMPLES);
    }
    roff.to_writer(&mut out)?;
    if has_version {
        man.render_version_section(&mut out)?;
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A section of tagged paragraphs: the term in bold, its text below.
fn section(roff: &mut Roff, title: &str, items: &[(&str, &str)]) {
    roff.control("SH", [title]);
    for (term, text) in items {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(*text)]);
    }
}
