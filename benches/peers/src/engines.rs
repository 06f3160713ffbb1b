//! Each engine compiled once from its rules, then run on one submission at a time.

use assure::rules::{Outcome, RuleSet};
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::vm::RegoVM;
use std::path::Path;
use std::sync::Arc;

/// The rules' directory.
pub fn rules_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

fn read(name: &str) -> String {
    let path = rules_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The 30 rules in assure's language, compiled.
pub fn assure_rules() -> RuleSet {
    let sources = assure::rules::read_dir(&rules_dir().join("assure"))
        .unwrap_or_else(|e| panic!("the assure rules: {e}"));
    RuleSet::compile(&sources).unwrap_or_else(|e| panic!("the assure rules: {e}"))
}

/// assure's failing rules for one parsed submission.
pub fn assure_failing(
    set: &RuleSet,
    v: &serde_json::Value,
    as_of: jiff::civil::Date,
) -> Vec<String> {
    let mut out: Vec<String> = assure::engine::run(set, v, as_of, false)
        .iter()
        .zip(&set.rules)
        .filter(|(r, _)| r.as_ref().is_some_and(|r| r.outcome == Outcome::Fail))
        .map(|(_, rule)| rule.id.clone())
        .collect();
    out.sort_unstable();
    out
}

/// The Rego policy loaded in regorus's interpreter.
pub fn regorus_engine() -> regorus::Engine {
    let mut engine = regorus::Engine::new();
    engine
        .add_policy("peers.rego".into(), read("peers.rego"))
        .unwrap_or_else(|e| panic!("peers.rego: {e}"));
    engine
}

/// The Rego policy compiled for regorus's virtual machine.
pub fn regorus_vm() -> RegoVM {
    let mut engine = regorus_engine();
    let entry = regorus::Rc::from("data.peers.fail");
    let compiled = engine
        .compile_with_entrypoint(&entry)
        .unwrap_or_else(|e| panic!("compiling peers.rego: {e}"));
    let program: Arc<regorus::rvm::program::Program> =
        Compiler::compile_from_policy(&compiled, &["data.peers.fail"])
            .unwrap_or_else(|e| panic!("compiling peers.rego for the RVM: {e}"));
    let mut vm = RegoVM::new();
    vm.load_program(program);
    vm
}

fn ids(set: &regorus::Value) -> Vec<String> {
    let mut out: Vec<String> = match set.as_set() {
        Ok(s) => s
            .iter()
            .filter_map(|v| v.as_string().ok().map(|s| s.to_string()))
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort_unstable();
    out
}

/// regorus's interpreter on one input.
pub fn regorus_failing(engine: &mut regorus::Engine, input: regorus::Value) -> Vec<String> {
    engine.set_input(input);
    let v = engine
        .eval_rule("data.peers.fail".into())
        .unwrap_or_else(|e| panic!("regorus: {e}"));
    ids(&v)
}

/// regorus's RVM on one input.
pub fn rvm_failing(vm: &mut RegoVM, input: regorus::Value) -> Vec<String> {
    vm.set_input(input);
    let v = vm
        .execute_entry_point_by_name("data.peers.fail")
        .unwrap_or_else(|e| panic!("regorus RVM: {e}"));
    ids(&v)
}

/// The Guard rules' text.
pub fn guard_rules() -> String {
    read("peers.guard")
}

/// cfn-guard on one submission's JSON text: its report, read for the rules that failed.
pub fn guard_failing(rules: &str, text: &str) -> Vec<String> {
    let report = cfn_guard::run_checks(
        cfn_guard::ValidateInput {
            content: text,
            file_name: "submission.json",
        },
        cfn_guard::ValidateInput {
            content: rules,
            file_name: "peers.guard",
        },
        false,
    )
    .unwrap_or_else(|e| panic!("cfn-guard: {e}"));
    let v: serde_json::Value = serde_json::from_str(&report)
        .unwrap_or_else(|e| panic!("cfn-guard's report: {e}\n{report}"));
    let mut out: Vec<String> = v["not_compliant"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            r.get("Rule")
                .and_then(|r| r.get("name"))
                .or_else(|| r.get("name"))
                .and_then(serde_json::Value::as_str)
                // Guard's rule names are identifiers: PEER_01 is PEER-01.
                .map(|n| n.replace('_', "-"))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
