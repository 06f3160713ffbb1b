//! assure makes no outbound network connections and sends no telemetry (the README promises it;
//! the submissions it reads hold personal data). This fails if an HTTP client, TLS or telemetry
//! crate enters `Cargo.lock` (jsonschema's default features, for instance, would pull in an HTTP
//! client to resolve remote `$ref`s), or if the source starts using sockets. The one exception is
//! `assure serve` (`src/serve/`): it listens (on 127.0.0.1 unless told otherwise) through axum on
//! tokio, so the server crates are allowed, and only there may a listener be opened; nothing,
//! there or anywhere, opens a connection.

use std::path::Path;

/// Crates that open connections or report home.
const FORBIDDEN: &[&str] = &[
    "reqwest",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "attohttpc",
    "surf",
    "h2",
    "h3",
    "quinn",
    "async-std",
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

/// Crates `assure serve` listens through; they may appear in `Cargo.lock` only because axum
/// needs them (checked below: nothing else of assure's depends on them).
const SERVER: &[&str] = &[
    "axum",
    "hyper",
    "hyper-util",
    "tokio",
    "mio",
    "socket2",
    "tower",
];

#[test]
fn only_axum_brings_the_server_crates() {
    let lock = std::fs::read_to_string(manifest_dir().join("Cargo.lock")).expect("Cargo.lock");
    for package in lock.split("[[package]]") {
        let Some(name) = package
            .lines()
            .find_map(|l| l.strip_prefix("name = \""))
            .and_then(|l| l.strip_suffix('"'))
        else {
            continue;
        };
        let deps: Vec<&str> = package
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"'))
            .filter_map(|l| l.split([' ', '"']).next())
            .collect();
        let server_deps: Vec<&&str> = deps.iter().filter(|d| SERVER.contains(d)).collect();
        let allowed = SERVER.contains(&name)
            || name.starts_with("tokio")
            || name.starts_with("tower")
            || name.starts_with("axum")
            || name == "assure";
        assert!(
            server_deps.is_empty() || allowed,
            "`{name}` depends on server crates {server_deps:?}; only `assure serve` (through axum) may"
        );
    }
}

#[test]
fn the_source_opens_no_sockets() {
    let mut files = Vec::new();
    collect(&manifest_dir().join("src"), &mut files);
    assert!(!files.is_empty());
    let serve = manifest_dir().join("src").join("serve");
    let mut listens = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        let in_serve = file.starts_with(&serve);
        for needle in ["TcpStream", "UdpSocket", "ToSocketAddrs", "connect("] {
            assert!(!text.contains(needle), "{} uses `{needle}`", file.display());
        }
        if in_serve {
            listens += text.matches("TcpListener::bind").count();
            continue;
        }
        for needle in ["std::net", "TcpListener", "tokio", "axum"] {
            assert!(!text.contains(needle), "{} uses `{needle}`", file.display());
        }
    }
    assert_eq!(listens, 1, "`assure serve` opens one listener");
    let serve_mod = std::fs::read_to_string(serve.join("mod.rs")).expect("src/serve/mod.rs");
    assert!(
        serve_mod.contains("is_loopback() && !args.allow_remote"),
        "`assure serve` must refuse a non-loopback address unless allowed"
    );
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
