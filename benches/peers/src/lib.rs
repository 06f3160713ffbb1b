//! The peer comparison's engines behind one interface: each gives, for one submission, the
//! sorted ids of the rules that fail. assure (the 30 rules of `rules/assure`), regorus (Rego:
//! interpreter and RVM), cfn-guard and hand-written Rust (`native`).

pub mod engines;
pub mod native;
