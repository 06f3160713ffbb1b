//! `assure serve` over real HTTP: the binary is started on a free port of 127.0.0.1 and spoken to
//! with plain requests. A request addressed to another host name (DNS rebinding), a POST without
//! the page's token or from another origin, and an upload over the limit are each refused with a
//! page saying why, and the server goes on answering after each. It refuses to listen on a
//! non-loopback address unless allowed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// The running server, stopped when the test ends however it ends.
struct Server {
    child: Child,
    port: u16,
    /// Kept open, so that the server's later lines have somewhere to go.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(["serve", "--port", "0", "--no-config"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start assure serve");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    stdout.read_line(&mut line).expect("read the address");
    let port = line
        .trim()
        .strip_prefix("assure is serving on http://127.0.0.1:")
        .and_then(|rest| rest.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address printed: {line:?}"));
    Server {
        child,
        port,
        _stdout: stdout,
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// Sends one request (`head` without the Host line when `host` is given) and reads the reply.
fn send(port: u16, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.write_all(request).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the reply");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

fn get(port: u16, path: &str, host: &str) -> Reply {
    send(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn post(port: u16, path: &str, headers: &str, body: &[u8]) -> Reply {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n{headers}\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    send(port, &request)
}

/// The token the "Check a file" page puts in its form's action.
fn token(port: u16) -> String {
    let page = get(port, "/check", &format!("127.0.0.1:{port}"));
    assert_eq!(page.status, 200, "{}", page.body);
    let at = page.body.find("token=").expect("a token in the form") + 6;
    page.body[at..at + 64].to_owned()
}

fn still_serving(port: u16) {
    let home = get(port, "/", &format!("localhost:{port}"));
    assert_eq!(home.status, 200, "the server stopped answering");
    assert!(home.body.contains("Check a file"));
}

const SUBMISSION: &str = r#"{"schema_version":"2","submission":{"dtac_version":"2.0"},"technical_security":{"cyber_security_charter":{"signed":true}}}"#;

#[test]
fn a_request_for_another_host_is_refused() {
    let s = start(&[]);
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{}", s.port),
        format!("127.0.0.1:{}", s.port + 1),
    ] {
        let r = get(s.port, "/", &host);
        assert_eq!(r.status, 421, "Host {host}: {}", r.head);
        assert!(
            r.body.contains("answers only requests addressed to it"),
            "{}",
            r.body
        );
        assert!(
            !r.body.contains("Check a file</a>:"),
            "the page itself was served"
        );
    }
    // A POST with the right token is still refused for another host.
    let t = token(s.port);
    let r = send(
        s.port,
        format!("POST /api/check HTTP/1.1\r\nHost: evil.example:{}\r\nx-assure-token: {t}\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{{}}", s.port).as_bytes(),
    );
    assert_eq!(r.status, 421);
    still_serving(s.port);
    for host in [format!("127.0.0.1:{}", s.port), format!("[::1]:{}", s.port)] {
        assert_eq!(get(s.port, "/", &host).status, 200, "Host {host}");
    }
}

#[test]
fn a_post_without_the_token_or_from_another_origin_is_refused() {
    let s = start(&[]);
    let json = "Content-Type: application/json\r\n";
    let r = post(s.port, "/api/check", json, SUBMISSION.as_bytes());
    assert_eq!(r.status, 403, "{}", r.head);
    assert!(r.body.contains("did not carry this server"), "{}", r.body);
    let wrong = format!("{json}x-assure-token: {}\r\n", "0".repeat(64));
    assert_eq!(
        post(s.port, "/api/check", &wrong, SUBMISSION.as_bytes()).status,
        403
    );
    let t = token(s.port);
    let foreign = format!("{json}x-assure-token: {t}\r\nOrigin: http://evil.example\r\n");
    assert_eq!(
        post(s.port, "/api/check", &foreign, SUBMISSION.as_bytes()).status,
        403
    );
    // The upload form without its token.
    let r = post(
        s.port,
        "/check",
        "Content-Type: multipart/form-data; boundary=x\r\n",
        b"--x--\r\n",
    );
    assert_eq!(r.status, 403);
    still_serving(s.port);

    let good = format!(
        "{json}x-assure-token: {t}\r\nOrigin: http://127.0.0.1:{}\r\n",
        s.port
    );
    let r = post(s.port, "/api/check", &good, SUBMISSION.as_bytes());
    assert_eq!(r.status, 200, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("JSON");
    let skips = v["skips"].as_array().expect("skips");
    assert!(
        skips
            .iter()
            .any(|s| s["codes"] == serde_json::json!(["C3.3", "C3.4", "C3.5", "C3.6"])),
        "C3.2 Yes should skip C3.3 to C3.6: {skips:?}"
    );
}

#[test]
fn answers_the_schema_refuses_still_get_findings_and_skips() {
    let s = start(&[]);
    let t = token(s.port);
    // An unknown key: the schema refuses it, yet the page must still hide what C3.2 skips.
    let body = r#"{"schema_version":"2","submission":{"dtac_version":"2.0"},"technical_security":{"cyber_security_charter":{"signed":true},"typo_field":1}}"#;
    let headers = format!("Content-Type: application/json\r\nx-assure-token: {t}\r\n");
    let r = post(s.port, "/api/check", &headers, body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("JSON");
    let problems = v["problems"].as_array().expect("problems");
    assert!(
        problems.iter().any(|p| p["path"]
            .as_str()
            .is_some_and(|p| p.contains("technical_security"))),
        "{problems:?}"
    );
    assert!(
        !v["skips"].as_array().expect("skips").is_empty(),
        "{}",
        r.body
    );
    let cited: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "DTAC-C3.2")
        .flat_map(|f| f["codes"].as_array().into_iter().flatten())
        .filter_map(|c| c.as_str())
        .collect();
    assert_eq!(cited, ["C3.2"], "the C3.2 finding cites its question");
    // Not JSON at all: a problem, not a crash.
    let r = post(s.port, "/api/check", &headers, b"{not json");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("problems"), "{}", r.body);
    still_serving(s.port);
}

fn multipart(name: &str, content: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/json\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(b"\r\n--b0undary--\r\n");
    body
}

const FORM: &str = "Content-Type: multipart/form-data; boundary=b0undary\r\n";

#[test]
fn an_upload_over_the_limit_gets_a_clear_page_and_the_server_carries_on() {
    let s = start(&["--max-upload-size", "4KiB"]);
    let t = token(s.port);
    let big = format!(
        "{{\"schema_version\":\"2\",\"product\":{{\"name\":\"{}\"}}}}",
        "x".repeat(6000)
    );
    let r = post(
        s.port,
        &format!("/check?token={t}"),
        FORM,
        &multipart("big.json", big.as_bytes()),
    );
    assert_eq!(r.status, 413, "{}", r.head);
    assert!(r.head.contains("text/html"), "{}", r.head);
    assert!(
        r.body.contains("larger than this server accepts (4 KiB"),
        "{}",
        r.body
    );
    assert!(r.body.contains("--max-upload-size"), "{}", r.body);
    still_serving(s.port);

    // A file within the limit is checked and its report shown.
    let r = post(
        s.port,
        &format!("/check?token={t}"),
        FORM,
        &multipart("small.json", SUBMISSION.as_bytes()),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r
        .head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .expect("a redirect to the report")
        .to_owned();
    let report = get(s.port, &location, &format!("127.0.0.1:{}", s.port));
    assert_eq!(report.status, 200);
    assert!(
        report.body.contains("Decisions"),
        "the report leads with its decisions"
    );
    let csv = get(
        s.port,
        &format!("{location}/download/csv"),
        &format!("127.0.0.1:{}", s.port),
    );
    assert!(
        csv.head
            .contains("attachment; filename=\"assure-report.csv\""),
        "{}",
        csv.head
    );
    assert!(
        csv.body.starts_with("submission_id,file,"),
        "{}",
        &csv.body[..csv.body.len().min(200)]
    );
}

#[test]
fn a_corrupt_document_or_an_unknown_kind_is_refused_by_name() {
    let s = start(&[]);
    let t = token(s.port);
    let r = post(
        s.port,
        &format!("/check?token={t}"),
        FORM,
        &multipart("form.docx", b"PK\x03\x04"),
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("form.docx"), "{}", r.body);
    let r = post(
        s.port,
        &format!("/check?token={t}"),
        FORM,
        &multipart("notes.txt", b"hello"),
    );
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("not a kind of file assure reads"),
        "{}",
        r.body
    );
    still_serving(s.port);
}

#[test]
fn a_dtac_form_and_its_hazard_log_are_checked_as_one_with_cells_named() {
    let s = start(&[]);
    let t = token(s.port);
    let form = "| Code | Question | Answer |\n|---|---|---|\n| A1 | Company name | Acme Health Ltd |\n| A2 | Product name | Triage Helper |\n";
    // H-002's stated risk (1) is not what the DCB0129 matrix gives for major / high.
    let log = "Hazard ID,Hazard name,Initial severity,Initial likelihood,Initial risk,Status\nH-001,Wrong triage,Major,Medium,3,Open\nH-002,Missed alert,Major,High,1,Open\n";
    let mut body = Vec::new();
    for (name, content) in [("form.md", form), ("hazards.csv", log)] {
        body.extend_from_slice(
            format!("--b0undary\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n{content}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(b"--b0undary--\r\n");
    let r = post(s.port, &format!("/check?token={t}"), FORM, &body);
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r
        .head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default();
    let report = get(s.port, &location, &format!("127.0.0.1:{}", s.port));
    assert_eq!(report.status, 200);
    assert!(
        report.body.contains("How your files were read"),
        "{}",
        report.body
    );
    assert!(
        report
            .body
            .contains("checked as part of <code>form.md</code>")
            || report.body.contains("checked as part of `form.md`"),
        "the hazard log joins the form"
    );
    assert!(
        report.body.contains("Triage Helper"),
        "the form's product is the report's"
    );
    assert!(
        report.body.contains("hazards.csv:"),
        "a finding on a hazard names its place in the CSV"
    );
    still_serving(s.port);
}

#[test]
fn a_non_loopback_bind_needs_allow_remote() {
    let out = Command::new(env!("CARGO_BIN_EXE_assure"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .output()
        .expect("run assure serve");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--allow-remote"), "{stderr}");
}
