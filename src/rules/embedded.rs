//! The default rule packs, embedded at build time (`build.rs` lists `rules/**/*.toml`).

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
