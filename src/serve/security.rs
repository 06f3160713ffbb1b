//! The page's defences, applied to every request by one middleware: the `Host` header must name
//! this server (127.0.0.1, localhost or [::1] at its port), so a web page that rebinds its own
//! domain name to 127.0.0.1 gets nothing; every POST must carry this process's random token (in
//! the `x-assure-token` header, or the `token` query parameter of a form's action) and, when the
//! browser says where it comes from, an `Origin` of this server; and every response gets a strict
//! Content-Security-Policy (nothing loaded from elsewhere), no referrer sent elsewhere, no framing,
//! no caching.

use super::App;
use super::page;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// The header a script sends the token in.
pub const TOKEN_HEADER: &str = "x-assure-token";

/// The policy of the server's own pages: scripts, styles and images only from the server, fetches
/// only back to it, forms only to it.
pub const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A random token made when the process starts; a page from this server embeds it, a page from
/// anywhere else cannot read it.
pub struct Token(String);

impl Token {
    pub fn new() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(Self(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Compares in time independent of where the first difference lies.
    fn matches(&self, given: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), given.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// The `Host` values this server answers to.
pub struct Hosts(Vec<String>);

impl Hosts {
    pub fn for_addr(bound: SocketAddr) -> Self {
        let port = bound.port();
        let mut names = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        let ip = bound.ip();
        if !ip.is_loopback() && !ip.is_unspecified() {
            names.push(match ip {
                std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
                std::net::IpAddr::V4(v4) => format!("{v4}:{port}"),
            });
        }
        Self(names)
    }

    fn allows(&self, host: &str) -> bool {
        self.0.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    fn allows_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|host| self.allows(host))
    }
}

/// Refuses what is not addressed to this server or lacks the token, then secures the response.
pub async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let mut response = match refusal(&app, &req) {
        Some(r) => r,
        None => next.run(req).await,
    };
    harden(response.headers_mut());
    response
}

fn refusal(app: &App, req: &Request) -> Option<Response> {
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| app.hosts.allows(h)) {
        return Some(refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "Wrong address",
            "This server answers only requests addressed to it (127.0.0.1, localhost or [::1] and its port). Open the address `assure serve` printed.",
        ));
    }
    if req.method() == Method::GET || req.method() == Method::HEAD {
        return None;
    }
    let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
    if origin.is_some_and(|o| !app.hosts.allows_origin(o)) {
        return Some(refuse(
            StatusCode::FORBIDDEN,
            "Refused",
            "This request came from another web site. Use the page `assure serve` printed the address of.",
        ));
    }
    if !token_given(req).is_some_and(|t| app.token.matches(t)) {
        return Some(refuse(
            StatusCode::FORBIDDEN,
            "Refused: the page is out of date",
            "The request did not carry this server's token (it changes each time `assure serve` starts). Go back to the start page, reload it, and try again.",
        ));
    }
    None
}

/// The token from the header, or else from the `token` query parameter.
fn token_given(req: &Request) -> Option<&str> {
    if let Some(t) = req.headers().get(TOKEN_HEADER) {
        return t.to_str().ok();
    }
    req.uri()
        .query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

fn refuse(status: StatusCode, title: &str, message: &str) -> Response {
    (status, page::error(title, message)).into_response()
}

/// Headers every response carries; a page that sets its own policy (the report) keeps it.
fn harden(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert_with(|| HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, PAGE_POLICY);
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Not `no-referrer`: under it a browser sends `Origin: null` with the page's own forms.
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::CACHE_CONTROL, "no-store");
    set(
        headers,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        header::HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_servers_names_are_allowed() {
        let hosts = Hosts::for_addr("127.0.0.1:8484".parse().unwrap());
        assert!(hosts.allows("127.0.0.1:8484"));
        assert!(hosts.allows("LOCALHOST:8484"));
        assert!(hosts.allows("[::1]:8484"));
        assert!(!hosts.allows("127.0.0.1:8485"));
        assert!(!hosts.allows("evil.example:8484"));
        assert!(!hosts.allows("localhost"));
        assert!(hosts.allows_origin("http://localhost:8484"));
        assert!(!hosts.allows_origin("https://localhost:8484"));
        assert!(!hosts.allows_origin("null"));
    }

    #[test]
    fn the_token_is_random_and_compared_whole() {
        let a = Token::new().unwrap();
        let b = Token::new().unwrap();
        assert_eq!(a.as_str().len(), 64);
        assert_ne!(a.as_str(), b.as_str());
        assert!(a.matches(a.as_str()));
        assert!(!a.matches(b.as_str()));
        assert!(!a.matches(&a.as_str()[..63]));
    }
}
