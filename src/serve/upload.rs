//! Checking uploaded files: every upload goes through [`super::intake`], the one place that
//! turns named files into what the batch reader reads (submissions as they are; DTAC forms,
//! hazard logs and compliance assessments through the importers). The files are checked on a blocking thread, the
//! run is kept in memory (the last few only, nothing on disk) under a random id, and rendered
//! from there as the HTML report or a download in any format.

use super::App;
use super::intake;
use super::page;
use assure::batch::{self, Entries, Options, Source};
use assure::inputs::Size;
use assure::report::stream::{self, StreamFormat};
use assure::report::{self, View};
use assure::rules::Severity;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// How many checked runs are kept for their report and downloads; older ones are forgotten.
const KEPT: usize = 16;

/// Runs checked recently, newest last.
#[derive(Default)]
pub struct Runs(Mutex<VecDeque<(String, Arc<Checked>)>>);

/// One checked upload: its entries, and the importers' notes on how its files were read.
pub struct Checked {
    entries: Entries<'static>,
    notes: Vec<String>,
}

impl Runs {
    fn keep(&self, entries: Checked) -> Result<String, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut runs = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if runs.len() == KEPT {
            runs.pop_front();
        }
        runs.push_back((id.clone(), Arc::new(entries)));
        Ok(id)
    }

    fn get(&self, id: &str) -> Option<Arc<Checked>> {
        let runs = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        runs.iter()
            .find(|(i, _)| i == id)
            .map(|(_, e)| Arc::clone(e))
    }
}

/// `POST /check`: reads every uploaded file, checks them together, and shows the report.
pub async fn check(
    State(app): State<Arc<App>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let files = match multipart {
        Ok(m) => match read_files(m).await {
            Ok(f) => f,
            Err(e) => return upload_error(&e, app.limit),
        },
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                &format!(
                    "The upload could not be read ({e}). Choose the files on the \"Check a file\" page and try again."
                ),
            );
        }
    };
    if files.is_empty() {
        return problem(
            StatusCode::BAD_REQUEST,
            "No file was chosen. Choose or drop one or more submissions (.json), a JSON Lines batch (.jsonl), a DTAC form or a hazard log.",
        );
    }
    let worker = Arc::clone(&app);
    let checked = tokio::task::spawn_blocking(move || {
        intake::intake(&files).map(|intake| Checked {
            entries: check_sources(&worker, intake.sources),
            notes: intake.notes,
        })
    })
    .await;
    let id = match checked {
        Ok(Err(refused)) => {
            return problem(StatusCode::UNPROCESSABLE_ENTITY, &refused.join(" "));
        }
        Ok(Ok(c)) => app.runs.keep(c).ok(),
        Err(_) => None,
    };
    let Some(id) = id else {
        return problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The check could not be completed. Try again; if it keeps failing, run `assure check` on the file in a terminal to see why.",
        );
    };
    Redirect::to(&format!("/report/{id}")).into_response()
}

/// Every file of the form, with its name (a field without a file name is the form's own).
async fn read_files(mut multipart: Multipart) -> Result<Vec<(String, Vec<u8>)>, MultipartError> {
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await? {
        let Some(name) = field.file_name().map(str::to_owned) else {
            continue;
        };
        let bytes = field.bytes().await?;
        if !(name.is_empty() && bytes.is_empty()) {
            files.push((name, bytes.to_vec()));
        }
    }
    Ok(files)
}

fn upload_error(e: &MultipartError, limit: usize) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let limit = Size(limit as u64);
        return problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "The upload is larger than this server accepts ({limit} for all files together). Check fewer files at a time, or start it again with a larger limit, e.g. `assure serve --max-upload-size 256MiB`."
            ),
        );
    }
    problem(
        e.status(),
        &format!(
            "The upload was cut short or malformed ({}). Choose the files again and retry.",
            e.body_text()
        ),
    )
}

fn problem(status: StatusCode, message: &str) -> Response {
    (
        status,
        page::error("The files could not be checked", message),
    )
        .into_response()
}

/// Checks the sources as `assure check` would with the built-in gate.
fn check_sources(app: &App, sources: Vec<Source>) -> Entries<'static> {
    let opts = Options {
        max_input: Size(app.limit as u64),
        ..Options::new(app.as_of(), Severity::Major)
    };
    batch::collect_entries(app.set, sources, &opts, &mut |_| {})
}

/// The download formats: name in the URL, extension, media type.
pub const FORMATS: &[(&str, &str, &str, &str)] = &[
    ("html", "html", "text/html; charset=utf-8", "HTML"),
    ("csv", "csv", "text/csv; charset=utf-8", "CSV"),
    ("json", "json", "application/json", "JSON"),
    ("jsonl", "jsonl", "application/jsonl", "JSON Lines"),
    ("md", "md", "text/markdown; charset=utf-8", "Markdown"),
    ("sarif", "sarif", "application/sarif+json", "SARIF"),
    ("junit", "xml", "application/xml", "JUnit XML"),
    ("text", "txt", "text/plain; charset=utf-8", "Text"),
];

/// Renders the run in one format, with the bytes `assure check --format` would write.
fn render(entries: &Entries, format: &str) -> Option<Vec<u8>> {
    let gate = report::Gate::new(Severity::Major);
    let streamed = |f: StreamFormat| {
        stream::render_entries(f, &entries.head, &entries.entries, &gate, &View::default())
    };
    Some(match format {
        "json" => streamed(StreamFormat::Json),
        "jsonl" => streamed(StreamFormat::Jsonl),
        "csv" => streamed(StreamFormat::Csv),
        "text" => streamed(StreamFormat::Text),
        "html" => report::html::render(&entries.whole_run()).into_bytes(),
        "md" => report::markdown::render(&entries.whole_run()).into_bytes(),
        "sarif" => report::sarif::render(&entries.whole_run()).into_bytes(),
        "junit" => report::junit::render(&entries.whole_run()).into_bytes(),
        _ => return None,
    })
}

/// `GET /report/{id}/download/{format}`: the report as a file.
pub async fn download(
    State(app): State<Arc<App>>,
    Path((id, format)): Path<(String, String)>,
) -> Response {
    let Some(entries) = app.runs.get(&id) else {
        return gone();
    };
    let Some(&(_, ext, media, _)) = FORMATS.iter().find(|f| f.0 == format) else {
        return (
            StatusCode::NOT_FOUND,
            page::error(
                "No such format",
                "Choose one of the download links on the report page.",
            ),
        )
            .into_response();
    };
    let Ok(Some(bytes)) =
        tokio::task::spawn_blocking(move || render(&entries.entries, &format)).await
    else {
        return gone();
    };
    let disposition = format!("attachment; filename=\"assure-report.{ext}\"");
    (
        [
            (header::CONTENT_TYPE, media.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /report/{id}`: the HTML report, with the page's own links and the downloads above it.
pub async fn show(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let Some(checked) = app.runs.get(&id) else {
        return gone();
    };
    let run = Arc::clone(&checked);
    let Ok(html) =
        tokio::task::spawn_blocking(move || report::html::render(&run.entries.whole_run())).await
    else {
        return gone();
    };
    let policy = format!("{}; frame-ancestors 'none'", report_policy(&html));
    let page = with_actions(&html, &id, &checked.notes);
    (
        [(header::CONTENT_SECURITY_POLICY, policy)],
        axum::response::Html(page),
    )
        .into_response()
}

fn gone() -> Response {
    (
        StatusCode::NOT_FOUND,
        page::error(
            "This report is no longer here",
            "Reports are kept in memory only, for the last few checks, until the server stops. Check the file again.",
        ),
    )
        .into_response()
}

/// The report's own Content-Security-Policy (its `<meta>` one), sent as a header too.
fn report_policy(html: &str) -> String {
    const MARK: &str = "http-equiv=\"Content-Security-Policy\" content=\"";
    html.split_once(MARK)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or_else(
            || "default-src 'none'".to_owned(),
            |(policy, _)| policy.replace("&#39;", "'").replace("&amp;", "&"),
        )
}

/// The report with a navigation block after its header: back to the pages, and downloads;
/// then, for imported files, how they were read.
fn with_actions(html: &str, id: &str, notes: &[String]) -> String {
    let mut links = String::new();
    for (name, _, _, label) in FORMATS {
        links.push_str(&format!(
            "<li style=\"display:inline;margin-right:1em\"><a href=\"/report/{id}/download/{name}\" download>{label}</a></li>"
        ));
    }
    let actions = format!(
        "<nav aria-label=\"Report actions\" style=\"margin:1rem 0;padding:0.5rem 1rem;border:1px solid #505a5f\">\n\
         <p style=\"margin:0.25rem 0\"><a href=\"/check\">Check other files</a> · <a href=\"/fill\">Fill in a submission</a></p>\n\
         <p style=\"margin:0.25rem 0\" id=\"downloads-label\">Download this report:</p>\n\
         <ul aria-labelledby=\"downloads-label\" style=\"margin:0.25rem 0;padding:0\">{links}</ul>\n</nav>\n"
    );
    let actions = actions + &read_notes(notes);
    match html.split_once("</header>\n") {
        Some((head, rest)) => format!("{head}</header>\n{actions}{rest}"),
        None => html.to_owned(),
    }
}

/// The importers' notes as a list, if there are any.
fn read_notes(notes: &[String]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let items: String = notes
        .iter()
        .map(|n| format!("<li>{}</li>", assure::report::escape::markup(n)))
        .collect();
    format!(
        "<section aria-labelledby=\"read-notes\" style=\"margin:1rem 0;padding:0.5rem 1rem;border:1px solid #505a5f\">\n<h2 id=\"read-notes\" style=\"margin:0.25rem 0;font-size:1.1rem\">How your files were read</h2>\n<ul>{items}</ul>\n</section>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reports_policy_is_read_back_from_its_meta() {
        let html = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-x&#39;\">";
        assert_eq!(
            report_policy(html),
            "default-src 'none'; script-src 'sha256-x'"
        );
    }
}
