//! The HTML report in a real browser: renders one fixture and the whole `fixtures/` batch (plus a
//! submission whose product name is a `<script>` and an input that is not JSON), then runs
//! `tests/browser/check.mjs` in Node, which drives Debian's Chromium through playwright-core and
//! checks console errors, the charts and heatmap, that the injected script never runs, and
//! axe-core's WCAG 2.1 A/AA rules; the assessor's views (`--view dtac`, `--view dcb0129`) and
//! the evidence register page are checked the same way. Screenshots land in `target/screenshots/`.
//!
//! This test never skips: without Node, Chromium or the npm packages it fails and names the
//! command that installs them (`./scripts/test` installs all three).

use assure::inputs::{self, Input};
use assure::report;
use jiff::civil::date;
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALL: &str = "run ./scripts/test, which installs them, or by hand: \
    `apt-get update && apt-get install -y chromium nodejs npm` and `npm ci --prefix tests/browser`";

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM_PATH")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Fails, naming the fix, when anything the browser check needs is missing.
fn prerequisites() {
    let node = Command::new("node").arg("--version").output();
    let version = match node {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        _ => panic!("node is not installed; {INSTALL}"),
    };
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    assert!(
        major >= 20,
        "playwright-core needs Node 20 or later, found {version}; install a newer nodejs"
    );
    let browser = chromium();
    assert!(
        browser.exists(),
        "chromium is not installed at {}; {INSTALL}",
        browser.display()
    );
    for package in ["playwright-core", "axe-core"] {
        let dir = Path::new("tests/browser/node_modules").join(package);
        assert!(
            dir.exists(),
            "the npm package {package} is not installed in tests/browser; {INSTALL}"
        );
    }
}

fn render(inputs: &[Input], to: &Path) {
    let set = assure::load_rules(&[]).expect("the built-in rules load");
    let run = assure::check_inputs(&set, inputs, date(2026, 11, 1));
    std::fs::write(to, report::html::render(&run)).expect("write the HTML report");
}

/// A valid submission whose product name would run a script if it were not escaped.
fn pwned(dir: &Path) -> Input {
    let path = dir.join("pwned.json");
    let doc = serde_json::json!({
        "schema_version": "1",
        // Not wholly in angle brackets, which would make it a placeholder rather than a name.
        "product": { "name": "Evil <script>window.__pwned=1</script>", "version": "\"><img src=x onerror=\"window.__pwned=2\">" },
        "company": { "legal_name": "<svg onload=\"window.__pwned=3\"></svg>" }
    });
    std::fs::write(&path, doc.to_string()).expect("write the hostile fixture");
    Input::Path(path)
}

#[test]
fn html_reports_pass_in_chromium_with_axe() {
    prerequisites();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = target.join("browser");
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let shots = target.parent().unwrap_or(target).join("screenshots");

    let single = dir.join("single.html");
    render(
        &[Input::Path(PathBuf::from(
            "fixtures/ai-symptom-checker.json",
        ))],
        &single,
    );
    let batch = dir.join("batch.html");
    let mut all = inputs::expand(&[PathBuf::from("fixtures")]);
    all.push(pwned(&dir));
    all.push(Input::Bytes {
        name: "broken.json".into(),
        bytes: b"{\"schema_version\": ".to_vec(),
    });
    render(&all, &batch);
    // The assessor's views and the evidence register: standalone pages, axe-checked too.
    let set = assure::load_rules(&[]).expect("the built-in rules load");
    let v2 = assure::check_inputs(
        &set,
        &[Input::Path(PathBuf::from("fixtures/v2-saas-clinical.json"))],
        date(2026, 11, 1),
    );
    let dtac_view = dir.join("view-dtac.html");
    std::fs::write(
        &dtac_view,
        report::view::html(report::view::Which::Dtac, &v2),
    )
    .expect("write the DTAC view");
    let every = assure::check_inputs(
        &set,
        &inputs::expand(&[PathBuf::from("fixtures")]),
        date(2026, 11, 1),
    );
    let dcb_view = dir.join("view-dcb0129.html");
    std::fs::write(
        &dcb_view,
        report::view::html(report::view::Which::Dcb0129, &every),
    )
    .expect("write the DCB0129 view");
    let register = dir.join("register.html");
    let reg = assure::record::batch::collect(
        &inputs::expand(&[PathBuf::from("fixtures")]),
        date(2026, 11, 1),
        assure::inputs::DEFAULT_LIMIT,
    );
    std::fs::write(&register, report::register::html(&reg)).expect("write the register");

    let out = Command::new("node")
        .arg("tests/browser/check.mjs")
        .arg("--screenshots")
        .arg(&shots)
        .arg(&single)
        .arg(&batch)
        .arg(&dtac_view)
        .arg(&dcb_view)
        .arg(&register)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}; {INSTALL}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the browser check failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    let batch_line = stdout
        .lines()
        .find(|l| l.contains("batch.html"))
        .unwrap_or_default();
    assert!(
        batch_line.contains("injected text shown true"),
        "the hostile product name should be on the page as text:\n{stdout}"
    );
}

/// `assure serve`, stopped when the test ends however it ends.
struct Served(std::process::Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_served_page_works_in_chromium_with_axe_and_stays_local() {
    use std::io::BufRead;
    prerequisites();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let shots = target.parent().unwrap_or(target).join("screenshots");
    let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args([
            "serve",
            "--port",
            "0",
            "--no-config",
            "--as-of",
            "2026-11-01",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start assure serve");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let served = Served(child);
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read the address");
    let url = line
        .trim()
        .strip_prefix("assure is serving on ")
        .unwrap_or_else(|| panic!("no address printed: {line:?}"))
        .to_owned();
    let out = Command::new("node")
        .arg("tests/browser/serve.mjs")
        .args([
            "--url",
            &url,
            "--fixture",
            "fixtures/ai-symptom-checker.json",
        ])
        .arg("--screenshots")
        .arg(&shots)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}; {INSTALL}"));
    drop(served);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the browser check of assure serve failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(stdout.contains(", 0 elsewhere"), "{stdout}");
}
