//! The project around a command: the project file (`--config`, or the nearest `assure.toml` at or
//! above the working directory, unless `--no-config`), the policy flags, the rules they load and the waivers they name. Every problem is
//! printed once, and the command exits 2.

use super::{EXIT_ERROR, RuleOpts};
use assure::config::{Policy, PolicyErrors};
use assure::report::Run;
use assure::rules::{RuleSet, Severity};
use assure::waivers::Waivers;
use jiff::civil::Date;
use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Flags that change how findings are graded and accepted (`check`, `diff`).
#[derive(Debug, Default, clap::Args)]
pub struct PolicyOpts {
    /// Override a rule's severity, e.g. `--severity DTAC-C3-04=major`. Repeatable.
    #[arg(long, value_name = "ID=LEVEL")]
    pub severity: Vec<String>,
    /// Apply the waivers in FILE (default: the project file's `waivers`, if it names one).
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
}

/// The loaded rules and the policy applied to them.
pub struct Project {
    pub set: RuleSet,
    pub policy: Policy,
    /// Each rule's severity as its file declares it, before any override.
    pub declared: Vec<Severity>,
}

/// Reads the policy, loads the rules it names and applies it.
pub fn load(opts: &RuleOpts, severity: &[String]) -> Result<Project, u8> {
    let policy = policy(opts, severity)?;
    let mut set = assure::load_rules(&policy.rules).map_err(fail)?;
    let declared = set.rules.iter().map(|r| r.severity).collect();
    policy.apply(&mut set).map_err(fail)?;
    Ok(Project {
        set,
        policy,
        declared,
    })
}

/// The project file a command reads: `--config FILE`, else none with `--no-config`, else the
/// nearest `assure.toml` at or above the working directory (see [`assure::policy::discover`]).
pub fn config_file(config: Option<&Path>, no_config: bool) -> Option<PathBuf> {
    match config {
        Some(f) => Some(f.to_owned()),
        None if no_config => None,
        None => assure::policy::discover::discover_here(),
    }
}

/// How reports name the project file a run used: its path, or `None`.
pub fn config_name(policy: &Policy) -> Option<String> {
    policy.file.as_deref().map(assure::inputs::name)
}

/// The project file's policy with the command-line flags added (flags win).
pub fn policy(opts: &RuleOpts, severity: &[String]) -> Result<Policy, u8> {
    let file = config_file(opts.config.as_deref(), opts.no_config);
    let mut policy = match &file {
        Some(f) => Policy::read(f).map_err(fail)?,
        None => Policy::default(),
    };
    policy.rules.extend(opts.rules.iter().cloned());
    if !opts.only.is_empty() {
        policy.set_only_flag(&opts.only);
    }
    for id in &opts.disable {
        policy.add_disable_flag(id);
    }
    let errors: Vec<_> = severity
        .iter()
        .filter_map(|s| policy.add_severity_flag(s).err())
        .collect();
    if errors.is_empty() {
        Ok(policy)
    } else {
        Err(fail(PolicyErrors(errors)))
    }
}

/// The waivers named by `--waivers` or the project file, checked against the rules.
pub fn waivers(project: &Project, flag: Option<&Path>) -> Result<Option<Waivers>, u8> {
    let Some(path) = flag
        .map(Path::to_owned)
        .or_else(|| project.policy.waivers.clone())
    else {
        return Ok(None);
    };
    Waivers::read(&path, &project.set).map(Some).map_err(fail)
}

/// What `check` and `diff` run with: the rules, the waivers and the project file named in the
/// report's header.
pub struct ForCheck {
    pub set: RuleSet,
    pub waivers: Option<Waivers>,
    pub config: Option<String>,
}

/// The rules and waivers for `check` and `diff`.
pub fn for_check(opts: &RuleOpts, flags: &PolicyOpts) -> Result<ForCheck, u8> {
    let project = load(opts, &flags.severity)?;
    let waivers = waivers(&project, flags.waivers.as_deref())?;
    Ok(ForCheck {
        config: config_name(&project.policy),
        set: project.set,
        waivers,
    })
}

/// Applies the waivers, if any, to a run (after evaluation, before the exit code is chosen).
pub fn apply_waivers(run: &mut Run, waivers: Option<&Waivers>, as_of: Date) {
    if let Some(w) = waivers {
        assure::waivers::apply(run, w, as_of);
    }
}

/// Prints an error and gives the usage/input exit code.
pub fn fail(e: impl Display) -> u8 {
    say!("error: {e}");
    EXIT_ERROR
}

/// Writes a command's output; a closed pipe (`assure man | head`) is not an error.
pub fn emit(text: &str) -> Result<(), u8> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(fail(format!("cannot write the output: {e}"))),
    }
}
