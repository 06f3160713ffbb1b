//! The page's stylesheet and scripts, embedded in the binary: nothing is fetched from anywhere.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const ASSETS: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("static/style.css"),
    ),
    (
        "check.js",
        "text/javascript; charset=utf-8",
        include_str!("static/check.js"),
    ),
    (
        "fill.js",
        "text/javascript; charset=utf-8",
        include_str!("static/fill.js"),
    ),
];

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, media, text)) => ([(header::CONTENT_TYPE, *media)], *text).into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}
