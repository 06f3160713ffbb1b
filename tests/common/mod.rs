//! Helpers shared by the integration tests that drive the `assure` binary: run it on arguments
//! or standard input with a time limit, capture what a user would see (exit code, stdout,
//! stderr) in one printable transcript for snapshots, and make scratch directories.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The as-of date every test report is evaluated at (the fixtures are written for it).
pub const AS_OF: &str = "2026-11-01";

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Ran {
    /// Exit code and stderr, as a snapshot records them; `dir` is replaced by `<tmp>`, and
    /// a path's separators are normalised so snapshots read the same on every machine.
    pub fn transcript(&self, dir: &Path) -> String {
        let scrub = |s: &str| s.replace(&dir.display().to_string(), "<tmp>");
        format!(
            "exit: {}\n--- stderr\n{}",
            self.code
                .map_or_else(|| "signal".to_owned(), |c| c.to_string()),
            scrub(&self.stderr)
        )
    }

    /// Stdout and stderr together, for "never mentions" assertions.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// A `Command` for the binary, with colour off and the working directory at the crate root.
pub fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_assure"));
    c.args(args)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs the binary, feeding `stdin`, and kills it if it takes longer than `limit`.
pub fn run_with(cmd: Command, stdin: &[u8], limit: Duration) -> Ran {
    let bytes = stdin.to_vec();
    run_fed(cmd, move |input| input.write_all(&bytes), limit)
}

/// Runs the binary with `feed` writing its standard input from another thread (so an input
/// larger than memory can be streamed), and kills it if it takes longer than `limit`.
pub fn run_fed(
    mut cmd: Command,
    feed: impl FnOnce(&mut std::process::ChildStdin) -> std::io::Result<()> + Send + 'static,
    limit: Duration,
) -> Ran {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    let feeder = std::thread::spawn(move || {
        // The child may stop reading early (that is its right); a broken pipe is not a failure.
        let _ = feed(&mut input);
    });
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait on the child") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("`assure` took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = feeder.join();
    let stdout = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    Ran {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// Runs `assure ARGS` with nothing on standard input and a 60-second limit.
pub fn assure(args: &[&str]) -> Ran {
    run_with(command(args), b"", Duration::from_secs(60))
}

/// Runs `assure ARGS` with `input` on standard input and a 60-second limit.
pub fn assure_stdin(args: &[&str], input: &[u8]) -> Ran {
    run_with(command(args), input, Duration::from_secs(60))
}

/// Runs `assure ARGS` from the crate root to the end and keeps its raw output, for tests that
/// compare exit statuses and bytes.
pub fn output(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

/// [`output`], with the working directory at `dir` (where a project file is looked for).
pub fn output_in(dir: impl AsRef<Path>, args: &[&str]) -> Output {
    let mut cmd = command(args);
    cmd.current_dir(dir);
    cmd.output().expect("the binary runs")
}

/// [`output`], with `input` on standard input.
pub fn output_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("the binary runs")
}

/// Output bytes as text, for assertions and snapshots.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Writes `content` to `path`, creating its directory.
pub fn write(path: &Path, content: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("mkdir");
    }
    std::fs::write(path, content).expect("write");
}

/// A fresh, empty scratch directory for one test, removed when dropped.
pub struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh scratch directory named after the test, under the system temporary directory.
pub fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("assure-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempDir(dir)
}

/// A fixture as a JSON value, to mutate into a test case.
pub fn fixture(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// Pretty JSON bytes of a value.
pub fn json_bytes(v: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).expect("serialises")
}

/// Runs `assure ARGS` in `dir`, with nothing on standard input and a 120-second limit.
pub fn assure_in_dir(dir: &Path, args: &[&str]) -> Ran {
    let mut cmd = command(args);
    cmd.current_dir(dir);
    run_with(cmd, b"", Duration::from_secs(120))
}

/// Writes the fixture `name` to `path` as pretty JSON.
pub fn write_fixture(path: &Path, name: &str) {
    std::fs::write(path, json_bytes(&fixture(name))).expect("write");
}

/// The `file` of each report of a JSON report, in order.
pub fn report_files(report: &serde_json::Value) -> Vec<&str> {
    report["reports"]
        .as_array()
        .map(|r| r.iter().filter_map(|x| x["file"].as_str()).collect())
        .unwrap_or_default()
}
