//! Point 1 and 5 of the hostile world: `--output` writes only a regular file (atomically,
//! keeping its mode and owner) or a new one (with the umask's mode), never a device, FIFO,
//! directory, symlink (without `--follow-symlink`) or an input; `-o -` is standard output; an
//! interrupt removes the temporary file; a closed or full stderr or stdout is no panic.

use super::common::{AS_OF, Ran, assure_in_dir, command, run_with, temp_dir, write_fixture};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

fn check_to(dir: &Path, output: &str, extra: &[&str]) -> Ran {
    let sub = dir.join("sub.json");
    if !sub.exists() {
        write_fixture(&sub, "complete-exemplar.json");
    }
    let mut cmd = command(&[
        "check", "sub.json", "--as-of", AS_OF, "--format", "json", "-o", output,
    ]);
    cmd.args(extra).current_dir(dir);
    run_with(cmd, b"", Duration::from_secs(60))
}

/// Every entry of `dir`, for "nothing was left behind".
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn output_refuses_devices_fifos_directories_and_symlinks() {
    let dir = temp_dir("out-refuse");
    nix::unistd::mkfifo(
        &dir.join("fifo"),
        nix::sys::stat::Mode::from_bits_truncate(0o644),
    )
    .expect("mkfifo");
    std::os::unix::fs::symlink("/dev/null", dir.join("null")).expect("symlink");
    std::os::unix::fs::symlink("nowhere.json", dir.join("dangling")).expect("symlink");
    std::fs::create_dir(dir.join("folder")).expect("mkdir");
    std::fs::write(dir.join("real.json"), "kept\n").expect("write");
    std::os::unix::fs::symlink("real.json", dir.join("link.json")).expect("symlink");
    let mut transcript = String::new();
    for (target, extra) in [
        ("fifo", &[][..]),
        ("null", &[]),
        ("null", &["--follow-symlink"]),
        ("dangling", &[]),
        ("dangling", &["--follow-symlink"]),
        ("folder", &[]),
        ("link.json", &[]),
        ("sub.json", &[]),
    ] {
        let ran = check_to(&dir, target, extra);
        assert_eq!(ran.code, Some(2), "{target}: {}", ran.stderr);
        transcript.push_str(&format!("-o {target} {extra:?}\n{}", ran.stderr));
    }
    insta::assert_snapshot!("output_refusals", transcript);
    // Nothing was replaced, and no temporary file is left.
    let meta = std::fs::symlink_metadata(dir.join("fifo")).expect("fifo");
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
    assert_eq!(
        std::fs::read_to_string(dir.join("real.json"))
            .ok()
            .as_deref(),
        Some("kept\n")
    );
    assert_eq!(
        entries(&dir),
        [
            "dangling",
            "fifo",
            "folder",
            "link.json",
            "null",
            "real.json",
            "sub.json"
        ]
    );
    let sub: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sub.json")).expect("read")).expect("JSON");
    assert!(
        sub.get("schema_version").is_some() && sub.get("format").is_none(),
        "the input was not overwritten with a report"
    );
}

#[test]
fn follow_symlink_replaces_the_file_the_link_names_and_keeps_the_link() {
    let dir = temp_dir("out-follow");
    std::fs::write(dir.join("real.json"), "old\n").expect("write");
    std::os::unix::fs::symlink("real.json", dir.join("link.json")).expect("symlink");
    let ran = check_to(&dir, "link.json", &["--follow-symlink"]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(
        std::fs::symlink_metadata(dir.join("link.json"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
    let report = std::fs::read_to_string(dir.join("real.json")).expect("read");
    assert!(report.contains("\"assure-report\""), "{report}");
}

#[test]
fn a_replaced_report_keeps_its_mode_and_a_new_one_takes_the_umask() {
    let dir = temp_dir("out-mode");
    // New: created as 0666 less the umask the test process runs with (0022 here).
    let ran = check_to(&dir, "new.json", &[]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let mode = |p: &str| {
        std::fs::metadata(dir.join(p))
            .expect("stat")
            .permissions()
            .mode()
            & 0o777
    };
    let umask = nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o022));
    nix::sys::stat::umask(umask);
    assert_eq!(mode("new.json"), 0o666 & !umask.bits(), "new file mode");
    // Existing: its mode survives the replacement.
    std::fs::set_permissions(dir.join("new.json"), std::fs::Permissions::from_mode(0o640))
        .expect("chmod");
    let ran = check_to(&dir, "new.json", &[]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(mode("new.json"), 0o640, "existing file mode kept");
}

#[test]
fn dash_output_is_standard_output() {
    let dir = temp_dir("out-dash");
    let ran = check_to(&dir, "-", &[]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(ran.stdout.contains("\"assure-report\""));
    assert!(!dir.join("-").exists(), "no file named `-`");
}

#[test]
fn init_output_never_writes_through_a_dangling_symlink() {
    let dir = temp_dir("init-link");
    std::os::unix::fs::symlink("elsewhere.json", dir.join("t.json")).expect("symlink");
    let ran = assure_in_dir(&dir, &["init", "-o", "t.json"]);
    assert_eq!(ran.code, Some(2));
    assert!(ran.stderr.contains("is a symbolic link"), "{}", ran.stderr);
    assert!(!dir.join("elsewhere.json").exists());
}

#[test]
fn an_interrupt_removes_the_temporary_report() {
    for signal in [
        nix::sys::signal::Signal::SIGINT,
        nix::sys::signal::Signal::SIGTERM,
    ] {
        let dir = temp_dir("interrupt");
        let mut child = command(&[
            "check", "-", "--jsonl", "--as-of", AS_OF, "--format", "json", "-o", "r.json",
        ])
        .current_dir(&*dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
        // Standard input stays open: the run waits for records with its temporary file open.
        let started = std::time::Instant::now();
        while !entries(&dir).iter().any(|e| e.ends_with(".tmp")) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        // Held open until the child has exited: waiting would otherwise close it, and the run
        // could read the end of its input and finish before it handles the signal.
        let stdin = child.stdin.take();
        nix::sys::signal::kill(pid, signal).expect("signal");
        let out = child.wait_with_output().expect("wait");
        drop(stdin);
        assert_eq!(
            out.status.code(),
            Some(130),
            "{signal:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            entries(&dir).is_empty(),
            "{signal:?} left {:?}",
            entries(&dir)
        );
    }
}

#[test]
fn a_closed_stderr_or_stdout_is_no_panic() {
    let dir = temp_dir("closed");
    std::fs::write(dir.join("a.json"), b"{").expect("write");
    write_fixture(&dir.join("b.json"), "complete-exemplar.json");
    // Standard error's reader gone (`2>&1 | head -1`): the report is still written and the
    // exit code is the run's own.
    let mut child = command(&[
        "check", "a.json", "b.json", "--as-of", AS_OF, "--format", "json", "-o", "r.json",
    ])
    .current_dir(&*dir)
    .stderr(Stdio::piped())
    .stdout(Stdio::null())
    .spawn()
    .expect("starts");
    drop(child.stderr.take());
    assert_eq!(child.wait().expect("runs").code(), Some(2));
    assert!(
        std::fs::read_to_string(dir.join("r.json"))
            .expect("report")
            .contains("assure-report")
    );
    // A full standard error (/dev/full): no panic, same code, report written.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = command(&[
        "check", "a.json", "b.json", "--as-of", AS_OF, "--format", "json", "-o", "r2.json",
    ])
    .current_dir(&*dir)
    .stderr(Stdio::from(full))
    .output()
    .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        std::fs::read_to_string(dir.join("r2.json"))
            .expect("report")
            .contains("assure-report")
    );
    // Standard output read by `head -c 10`: a broken pipe exits 0, quietly.
    let mut child = command(&["check", "b.json", "--as-of", AS_OF, "--format", "json"])
        .current_dir(&*dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
