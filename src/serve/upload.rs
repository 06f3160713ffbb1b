//! Checking uploaded files: every uploaded file goes through [`inputs_from_upload`], the one
//! place that turns a named file into what the batch reader reads (the importers of DTAC forms
//! and hazard-log spreadsheets plug in there). The files are checked on a blocking thread, the
//! run is kept in memory (the last few only, nothing on disk) under a random id, and rendered
//! from there as the HTML report or a download in any format.

use super::App;
use super::page;
use assure::batch::{self, Entries, Options, Source};
use assure::inputs::{Input, Size};
use assure::report::stream::{self, StreamFormat};
use assure::report::{self, Run, View};
use assure::rules::Severity;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// How many checked runs are kept for their report and downloads; older ones are forgotten.
const KEPT: usize = 16;

/// Turns one uploaded file into the sources a check reads, by its name: `.json` is one
/// submission, `.jsonl` / `.ndjson` one per line. Other kinds are refused with a message saying
/// what can be read today.
pub fn inputs_from_upload(name: &str, bytes: &[u8]) -> Result<Vec<Source>, String> {
    let extension = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("json") => Ok(vec![Source::One(Input::Bytes {
            name: name.to_owned(),
            bytes: bytes.to_vec(),
        })]),
        Some("jsonl" | "ndjson") => Ok(vec![Source::Lines {
            name: name.to_owned(),
            reader: Box::new(std::io::Cursor::new(bytes.to_vec())),
        }]),
        Some(other @ ("docx" | "xlsx" | "csv" | "md" | "ods" | "odt")) => Err(format!(
            "`{name}`: a .{other} file is not yet readable here; the importers of DTAC forms and hazard logs are coming. For now, save the answers as a submission (.json): the \"Fill in a submission\" page writes one."
        )),
        _ => Err(format!(
            "`{name}` is not yet readable: give a submission (.json) or a JSON Lines batch (.jsonl or .ndjson, one submission per line)."
        )),
    }
}

/// Runs checked recently, newest last.
#[derive(Default)]
pub struct Runs(Mutex<VecDeque<(String, Arc<Entries>)>>);

impl Runs {
    fn keep(&self, entries: Entries) -> Result<String, getrandom::Error> {
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

    fn get(&self, id: &str) -> Option<Arc<Entries>> {
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
            "No file was chosen. Choose or drop one or more submissions (.json) or a JSON Lines batch (.jsonl).",
        );
    }
    let mut sources = Vec::new();
    let mut refused = Vec::new();
    for (name, bytes) in &files {
        match inputs_from_upload(name, bytes) {
            Ok(mut s) => sources.append(&mut s),
            Err(message) => refused.push(message),
        }
    }
    if !refused.is_empty() {
        return problem(StatusCode::UNPROCESSABLE_ENTITY, &refused.join(" "));
    }
    let worker = Arc::clone(&app);
    let checked = tokio::task::spawn_blocking(move || check_sources(&worker, sources)).await;
    let id = match checked.map(|entries| app.runs.keep(entries)) {
        Ok(Ok(id)) => id,
        _ => {
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The check could not be completed. Try again; if it keeps failing, run `assure check` on the file in a terminal to see why.",
            );
        }
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
fn check_sources(app: &App, sources: Vec<Source>) -> Entries {
    let opts = Options {
        max_input: Size(app.limit as u64),
        ..Options::new(app.as_of(), Severity::Major)
    };
    batch::collect_entries(&app.set, sources, &opts, &mut |_| {})
}

/// The whole run, reports then inputs not checked.
fn whole_run(entries: &Entries) -> Run {
    let mut run = entries.head.clone();
    for e in &entries.entries {
        match e {
            Ok(r) => run.reports.push(r.clone()),
            Err(f) => run.errors.push(f.clone()),
        }
    }
    run
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
        "html" => report::html::render(&whole_run(entries)).into_bytes(),
        "md" => report::markdown::render(&whole_run(entries)).into_bytes(),
        "sarif" => report::sarif::render(&whole_run(entries)).into_bytes(),
        "junit" => report::junit::render(&whole_run(entries)).into_bytes(),
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
    let Ok(Some(bytes)) = tokio::task::spawn_blocking(move || render(&entries, &format)).await
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
    let Some(entries) = app.runs.get(&id) else {
        return gone();
    };
    let Ok(html) =
        tokio::task::spawn_blocking(move || report::html::render(&whole_run(&entries))).await
    else {
        return gone();
    };
    let policy = format!("{}; frame-ancestors 'none'", report_policy(&html));
    let page = with_actions(&html, &id);
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

/// The report with a navigation block after its header: back to the pages, and downloads.
fn with_actions(html: &str, id: &str) -> String {
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
    match html.split_once("</header>\n") {
        Some((head, rest)) => format!("{head}</header>\n{actions}{rest}"),
        None => html.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_read_by_their_kind() {
        assert!(matches!(
            inputs_from_upload("a.JSON", b"{}").as_deref(),
            Ok([Source::One(_)])
        ));
        assert!(matches!(
            inputs_from_upload("batch.ndjson", b"{}\n").as_deref(),
            Ok([Source::Lines { .. }])
        ));
        let docx = inputs_from_upload("form.docx", b"PK")
            .err()
            .unwrap_or_default();
        assert!(docx.contains("not yet readable"), "{docx}");
        let other = inputs_from_upload("notes", b"").err().unwrap_or_default();
        assert!(other.contains(".jsonl"), "{other}");
    }

    #[test]
    fn the_reports_policy_is_read_back_from_its_meta() {
        let html = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-x&#39;\">";
        assert_eq!(
            report_policy(html),
            "default-src 'none'; script-src 'sha256-x'"
        );
    }
}
