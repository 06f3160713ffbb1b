//! The command line as a new user meets it, written as data: each case in `tests/cmd/` is a
//! command, its input files (`*.in/`), its standard input (`*.stdin`) and the standard output,
//! standard error and exit code it must give (`*.stdout`, `*.stderr`, `status`), run by trycmd.
//! One case per point of the first-hour review (issue 18); `TRYCMD=overwrite cargo test --test
//! cli_cases` rewrites the expected output, to be read before it is committed.
//! `ASSURE_BIN=/path/to/an/older/assure` runs the cases against another build, to see which
//! fail before a fix.

#[test]
fn cli_cases() {
    let bin = std::env::var_os("ASSURE_BIN").map_or_else(
        || std::path::PathBuf::from(env!("CARGO_BIN_EXE_assure")),
        std::path::PathBuf::from,
    );
    trycmd::TestCases::new()
        .register_bin("assure", bin)
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}
