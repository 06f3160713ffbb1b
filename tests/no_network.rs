//! assure makes no network connections and sends no telemetry (the README promises it; the
//! submissions it reads hold personal data). This fails if a network or telemetry crate enters
//! `Cargo.lock` (jsonschema's default features, for instance, would pull in an HTTP client to
//! resolve remote `$ref`s) or if the source starts using sockets.

use std::path::Path;

/// Crates that open connections or report home.
const FORBIDDEN: &[&str] = &[
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "attohttpc",
    "surf",
    "h2",
    "h3",
    "quinn",
    "tokio",
    "async-std",
    "mio",
    "socket2",
    "rustls",
    "native-tls",
    "openssl",
    "openssl-sys",
    "sentry",
    "opentelemetry",
    "tracing-opentelemetry",
    "posthog-rs",
    "segment",
];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_network_or_telemetry_crate_is_a_dependency() {
    let lock = std::fs::read_to_string(manifest_dir().join("Cargo.lock")).expect("Cargo.lock");
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(names.contains(&"serde_json"), "Cargo.lock was not parsed");
    let found: Vec<&&str> = names.iter().filter(|n| FORBIDDEN.contains(n)).collect();
    assert!(
        found.is_empty(),
        "network or telemetry crates in Cargo.lock: {found:?}; assure must work offline"
    );
}

#[test]
fn the_source_opens_no_sockets() {
    let mut files = Vec::new();
    collect(&manifest_dir().join("src"), &mut files);
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        for needle in [
            "std::net",
            "TcpStream",
            "UdpSocket",
            "TcpListener",
            "ToSocketAddrs",
        ] {
            assert!(!text.contains(needle), "{} uses `{needle}`", file.display());
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}
