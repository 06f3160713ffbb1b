//! The routes: the start page, "Check a file" (the upload form and the reports it gives), the
//! questionnaire's pages and its live check, and the embedded assets; every one behind the
//! security middleware and the upload size limit.

use super::page::{Nav, Page};
use super::{App, assets, questionnaire, security, upload};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;

pub fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/check", get(check_page).post(upload::check))
        .route("/report/{id}", get(upload::show))
        .route("/report/{id}/download/{format}", get(upload::download))
        .route("/fill", get(questionnaire::start))
        .route("/fill/{version}/{section}", get(questionnaire::section))
        .route("/api/check", post(questionnaire::check))
        .route("/assets/{name}", get(assets::serve))
        // Browsers ask for one; there is none, and a 404 would be logged as an error.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(app.limit))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            security::guard,
        ))
        .with_state(app)
}

async fn home() -> Response {
    let body = "<p>assure checks a digital health product's evidence against what the NHS asks for: the DTAC form, DCB0129 and DCB0160 clinical safety, the UK GDPR triggers for a DPIA, and the Algorithmic Transparency Recording Standard. It runs on this computer: nothing you check or type here is sent anywhere.</p>\n\
        <h2>What would you like to do?</h2>\n<ul class=\"choices\">\n\
        <li><a href=\"/check\">Check a file</a>: a submission (JSON) you or a supplier wrote, several of them, or a batch (JSON Lines). You see the decisions and every finding, and can download the report.</li>\n\
        <li><a href=\"/fill\">Fill in a submission</a>: answer the DTAC questions one section at a time, with findings beside each answer, and save the result as a submission file.</li>\n</ul>\n";
    Page {
        title: "Check NHS assurance evidence",
        nav: Nav::Start,
        body,
        scripts: &[],
        token: None,
    }
    .render()
    .into_response()
}

async fn check_page(State(app): State<Arc<App>>) -> Response {
    let limit = assure::inputs::Size(app.limit as u64);
    let body = format!(
        "<p>Choose one or more files, then press Check: submissions (<code>.json</code>), a JSON Lines batch (<code>.jsonl</code>, one submission per line), completed DTAC forms (<code>.docx</code>, <code>.odt</code>, or a table in <code>.md</code> or <code>.html</code>), hazard logs (<code>.xlsx</code>, <code>.ods</code>, <code>.csv</code>) or DCB0129 compliance assessments. A DTAC form chosen with its hazard log is checked as one product, and findings name the cell they came from. Several submissions give a dashboard of them all. Up to {limit} at a time.</p>\n\
         <form method=\"post\" action=\"/check?token={}\" enctype=\"multipart/form-data\" class=\"upload\">\n\
         <div class=\"drop\" id=\"drop\">\n<label for=\"files\">Your files (submissions, DTAC forms, hazard logs)</label>\n\
         <p class=\"hint\" id=\"files-hint\">You can also drag the files onto this box.</p>\n\
         <input type=\"file\" id=\"files\" name=\"files\" multiple accept=\".json,.jsonl,.ndjson,.docx,.odt,.md,.html,.htm,.xlsx,.ods,.csv,application/json\" aria-describedby=\"files-hint\" required>\n\
         <p id=\"chosen\" aria-live=\"polite\"></p>\n</div>\n\
         <p><button type=\"submit\">Check</button></p>\n</form>\n\
         <p>No form yet? <a href=\"/fill\">Fill in a submission</a> question by question instead.</p>\n",
        app.token.as_str()
    );
    Page {
        title: "Check a file",
        nav: Nav::Check,
        body: &body,
        scripts: &["check.js"],
        token: None,
    }
    .render()
    .into_response()
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        super::page::error(
            "Page not found",
            "There is nothing at this address. Start again from the start page.",
        ),
    )
        .into_response()
}
