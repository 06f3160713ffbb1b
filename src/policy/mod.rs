//! Local policy: the project file (`config`: packs, disabled rules, severities) and the waivers
//! an assurance team records (`waivers`), each read with every problem reported at once.

pub mod config;
pub mod waivers;
