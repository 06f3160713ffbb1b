//! `assure config`: the settings a command in this directory would run with — the project file
//! found (or named, or none), the local rule packs, the packs reported, disabled rules, severity
//! overrides and waivers — each with where it was set, after loading the rules so that every
//! problem in the policy is reported too.

use super::project::{self, PolicyOpts, emit};
use super::{EXIT_OK, ListFormat, RuleOpts};
use assure::config::{Origin, Policy};
use assure::inputs::name;
use assure::report::terminal::printable_lines;
use serde_json::{Value, json};
use std::fmt::Write;

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    #[command(flatten)]
    pub rule_opts: RuleOpts,
    #[command(flatten)]
    pub policy: PolicyOpts,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

pub fn run(args: &ConfigArgs) -> u8 {
    let loaded = match project::load(&args.rule_opts, &args.policy.severity) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = project::waivers(&loaded, args.policy.waivers.as_deref()) {
        return code;
    }
    let waivers = args
        .policy
        .waivers
        .clone()
        .or_else(|| loaded.policy.waivers.clone());
    let settings = Settings {
        policy: &loaded.policy,
        how: how_found(&args.rule_opts, loaded.policy.file.is_some()),
        waivers: waivers.as_deref().map(name),
        packs: loaded.set.packs(),
        reported: loaded.set.selected.iter().filter(|s| **s).count(),
    };
    let text = match args.format {
        ListFormat::Text => printable_lines(&settings.text()),
        ListFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&settings.json()).unwrap_or_default()
        ),
    };
    emit(&text).map_or_else(|code| code, |()| EXIT_OK)
}

/// How the project file was chosen.
fn how_found(opts: &RuleOpts, found: bool) -> &'static str {
    match (opts.config.is_some(), opts.no_config, found) {
        (true, _, _) => "named with --config",
        (_, true, _) => "--no-config: none read",
        (_, _, true) => "found at or above the working directory",
        _ => "no assure.toml in the working directory or above it, up to the repository root",
    }
}

struct Settings<'p> {
    policy: &'p Policy,
    how: &'static str,
    waivers: Option<String>,
    packs: Vec<String>,
    reported: usize,
}

impl Settings<'_> {
    fn config(&self) -> Option<String> {
        project::config_name(self.policy)
    }

    fn text(&self) -> String {
        let mut out = String::new();
        let p = self.policy;
        let _ = writeln!(
            out,
            "project file  {} ({})",
            self.config().unwrap_or_else(|| "none".into()),
            self.how
        );
        let dirs: Vec<String> = p.rules.iter().map(|d| name(d)).collect();
        let _ = writeln!(out, "rules         built-in{}", with_list(&dirs));
        let _ = writeln!(
            out,
            "packs         {} loaded ({}); {} rules reported",
            self.packs.len(),
            self.packs.join(", "),
            self.reported
        );
        let only = match &p.only_origin {
            Some(o) => format!("{} ({o})", p.only.join(", ")),
            None => "every pack".into(),
        };
        let _ = writeln!(out, "only          {only}");
        let disabled: Vec<String> = p
            .disable
            .iter()
            .map(|d| format!("{} ({})", d.value, d.origin))
            .collect();
        let _ = writeln!(out, "disable       {}", or_none(&disabled));
        let graded: Vec<String> = p
            .severity
            .iter()
            .map(|s| format!("{} = {} ({})", s.value.0, s.value.1.as_str(), s.origin))
            .collect();
        let _ = writeln!(out, "severity      {}", or_none(&graded));
        let _ = writeln!(
            out,
            "waivers       {}",
            self.waivers.as_deref().unwrap_or("none")
        );
        out
    }

    fn json(&self) -> Value {
        let p = self.policy;
        let origin = |o: &Origin| o.to_string();
        json!({
            "config": self.config(),
            "found_by": self.how,
            "rules": p.rules.iter().map(|d| name(d)).collect::<Vec<_>>(),
            "packs": self.packs,
            "reported": self.reported,
            "only": p.only,
            "only_set_by": p.only_origin.as_ref().map(origin),
            "disable": p.disable.iter().map(|d| json!({"rule": d.value, "set_by": origin(&d.origin)})).collect::<Vec<_>>(),
            "severity": p.severity.iter().map(|s| json!({"rule": s.value.0, "severity": s.value.1, "set_by": origin(&s.origin)})).collect::<Vec<_>>(),
            "waivers": self.waivers,
        })
    }
}

fn with_list(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!(" + {}", items.join(", "))
    }
}

fn or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join("; ")
    }
}
