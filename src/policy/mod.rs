//! Local policy: the project file (`config`: packs, disabled rules, severities; `discover` finds it) and the waivers
//! an assurance team records (`waivers`), each read with every problem reported at once.

pub mod config;
pub mod discover;
pub mod waivers;
