//! The HTTP side of `serve`: the output directory as a web site, and the live-reload URLs.
//!
//! Safety first, because a preview server is easy to point at the wrong thing: a request
//! path is decoded one segment at a time and refused if any segment could climb out of the
//! output (`..`, encoded or not, backslashes, encoded slashes, NUL) or names a hidden file;
//! the file found is resolved through its links and served only if it still lies inside the
//! output. Only GET and HEAD are answered. A miss gets the site's own `404.html` with status
//! 404. Every HTML response gets the live-reload script ([`super::reload::inject`]); nothing
//! on disk does.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use tower_http::set_header::SetResponseHeaderLayer;

use super::reload::{self, LiveReload, Message};

/// What the handlers share.
#[derive(Debug)]
pub struct App {
    /// The output directory.
    pub dir: PathBuf,
    pub live: Arc<LiveReload>,
    /// The `Host` names answered ([`super::hosts`]).
    pub hosts: super::hosts::Hosts,
}

/// The server's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(reload::EVENTS_URL, get(events))
        .route(reload::SCRIPT_URL, get(script))
        .route("/__rapporteur/status", get(status))
        .fallback(file)
        .with_state(Arc::clone(&app))
        // A preview must never be cached: the next request may see a new build.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(axum::middleware::from_fn_with_state(app, check_host))
}

/// Answers only requests whose `Host` the preview accepts; others get 421 before any
/// handler reads a file.
async fn check_host(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    match host {
        Some(h) if app.hosts.allows(&h) => next.run(request).await,
        _ => (
            StatusCode::MISDIRECTED_REQUEST,
            "this preview answers to localhost and the loopback address only; \
             start `rapporteur serve` with --allow-host NAME to use another name\n",
        )
            .into_response(),
    }
}

/// `path` with runs of `/` made one: `//zh/` would be a link to the host `zh`.
fn same_site(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// An attempt to leave the output directory.
    Forbidden,
    /// A path that cannot name a file of the site (hidden files, bad encoding).
    NotFound,
}

/// The segments of a request path inside the site, decoded; `rel` is the path after the
/// site's base path.
pub fn segments(rel: &str) -> Result<Vec<String>, Refusal> {
    let mut out = Vec::new();
    for raw in rel.split('/') {
        if raw.is_empty() {
            continue;
        }
        let part = percent_encoding::percent_decode_str(raw).decode_utf8().map_err(|_| Refusal::NotFound)?;
        if part == ".." || part.contains(['/', '\\', '\0']) {
            return Err(Refusal::Forbidden);
        }
        // `.` and dot-files: never pages (the output's marker, files being written).
        if part.starts_with('.') {
            return Err(Refusal::NotFound);
        }
        out.push(part.into_owned());
    }
    Ok(out)
}

/// Where a request leads.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    Refused(Refusal),
}

/// Finds the file for `path` (the request's path) in `dir`, following links only when they
/// lead to a file inside `dir`.
async fn find(dir: &Path, base: &str, path: &str) -> Found {
    let Some(rel) = path.strip_prefix(base) else {
        // `/drafts` for base `/drafts/`.
        if format!("{path}/") == base {
            return Found::Redirect(base.to_string());
        }
        return Found::Refused(Refusal::NotFound);
    };
    let parts = match segments(rel) {
        Ok(p) => p,
        Err(r) => return Found::Refused(r),
    };
    let Ok(dir) = tokio::fs::canonicalize(dir).await else { return Found::Refused(Refusal::NotFound) };
    let candidate = parts.iter().fold(dir.clone(), |p, s| p.join(s));
    let resolve = |p: PathBuf| {
        let dir = dir.clone();
        async move {
            match tokio::fs::canonicalize(&p).await {
                Ok(real) if real.starts_with(&dir) => Ok(real),
                Ok(_) => Err(Refusal::Forbidden),
                Err(_) => Err(Refusal::NotFound),
            }
        }
    };
    let real = match resolve(candidate).await {
        Ok(r) => r,
        Err(r) => return Found::Refused(r),
    };
    if tokio::fs::metadata(&real).await.is_ok_and(|m| m.is_dir()) {
        if !path.ends_with('/') {
            return Found::Redirect(format!("{path}/"));
        }
        return match resolve(real.join("index.html")).await {
            Ok(f) => Found::File(f),
            Err(r) => Found::Refused(r),
        };
    }
    Found::File(real)
}

/// Serves a file of the output.
async fn file(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "only GET and HEAD\n").into_response();
    }
    // Read the generation before the file: a page is never newer than the generation it
    // reports, so it may reload once too often but never miss a change.
    let generation = app.live.generation();
    let base = app.live.base_path();
    match find(&app.dir, &base, uri.path()).await {
        Found::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => {
                let labels = app.live.labels_for(&bytes);
                respond(StatusCode::OK, &path, bytes, generation, labels.as_ref())
            }
            Err(_) => not_found(&app, &base, uri.path(), generation).await,
        },
        Found::Redirect(to) => {
            let to = same_site(&to);
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
        }
        Found::Refused(Refusal::Forbidden) => (StatusCode::FORBIDDEN, "forbidden\n").into_response(),
        Found::Refused(Refusal::NotFound) => not_found(&app, &base, uri.path(), generation).await,
    }
}

/// The 404 page of the language the missed address is in (`/en/…` → `en/404.html`), else
/// the site's `404.html`, with status 404; or a bare page (which still carries the script,
/// so the error overlay shows when nothing could be built yet).
async fn not_found(app: &App, base: &str, path: &str, generation: u64) -> Response {
    let segment = path.strip_prefix(base).and_then(|rest| rest.split('/').next()).unwrap_or_default();
    let own = (!segment.is_empty() && segment.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| app.dir.join(segment).join("404.html"));
    let page = match own {
        Some(own) if tokio::fs::symlink_metadata(&own).await.is_ok_and(|m| m.is_file()) => own,
        _ => app.dir.join("404.html"),
    };
    let bytes = match tokio::fs::read(&page).await {
        Ok(b) => b,
        Err(_) => b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head><body><h1>404 Not Found</h1></body></html>".to_vec(),
    };
    let labels = app.live.labels_for(&bytes);
    respond(StatusCode::NOT_FOUND, &page, bytes, generation, labels.as_ref())
}

fn respond(
    status: StatusCode,
    path: &Path,
    bytes: Vec<u8>,
    generation: u64,
    labels: Option<&reload::OverlayLabels>,
) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == "text" || ["javascript", "json", "xml"].iter().any(|t| essence.ends_with(t));
    let content_type = if textual { format!("{}; charset=utf-8", mime.essence_str()) } else { mime.to_string() };
    let body = if mime.essence_str() == "text/html" {
        reload::inject(&bytes, generation, status.as_u16(), labels)
    } else {
        bytes
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], reload::SCRIPT).into_response()
}

/// The state of the preview, for tools: `{"generation": N, "error": text or null}`.
async fn status(State(app): State<Arc<App>>) -> Response {
    let body = serde_json::json!({ "generation": app.live.generation(), "error": app.live.error() });
    ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

#[derive(Deserialize)]
struct EventsQuery {
    #[serde(default)]
    since: u64,
    #[serde(default)]
    path: String,
}

/// The event stream of one page.
async fn events(
    State(app): State<Arc<App>>,
    Query(q): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (first, receiver) = app.live.subscribe(&q.path, q.since);
    let next = stream::unfold(receiver, |mut rx| async move {
        match rx.recv().await {
            Ok(m) => Some((m, rx)),
            // Too far behind to know what changed: reload to be safe.
            Err(RecvError::Lagged(_)) => Some((Message::Reload { generation: 0, paths: Vec::new(), all: true }, rx)),
            Err(RecvError::Closed) => None,
        }
    });
    let events = stream::iter(first).chain(next).map(|m| {
        let (name, data) = m.event();
        Ok(Event::default().event(name).data(data))
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}

/// Serves the app on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    super::conn::serve(listener, router(app), super::conn::Limits::from_system()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_cannot_leave_the_output() {
        #[rustfmt::skip]
        let cases: &[(&str, Result<&[&str], Refusal>)] = &[
            // (path after the base path, expected)
            ("zh/reports/a/", Ok(&["zh", "reports", "a"])),
            ("", Ok(&[])),
            ("static//style.css", Ok(&["static", "style.css"])),
            ("zh/%E6%8A%A5%E5%91%8A/", Ok(&["zh", "报告"])),
            ("../etc/passwd", Err(Refusal::Forbidden)),
            ("zh/../../etc/passwd", Err(Refusal::Forbidden)),
            ("%2e%2e/etc/passwd", Err(Refusal::Forbidden)),
            ("%2E%2E%2Fetc%2Fpasswd", Err(Refusal::Forbidden)),
            ("..%5c..%5cetc%5cpasswd", Err(Refusal::Forbidden)),
            ("..\\..\\etc\\passwd", Err(Refusal::Forbidden)),
            ("zh%00.html", Err(Refusal::Forbidden)),
            ("%2Fetc%2Fpasswd", Err(Refusal::Forbidden)),
            ("/etc/passwd", Ok(&["etc", "passwd"])),
            (".rapporteur-output", Err(Refusal::NotFound)),
            ("zh/.index.html.rapporteur-tmp", Err(Refusal::NotFound)),
            ("./index.html", Err(Refusal::NotFound)),
            ("%ff", Err(Refusal::NotFound)),
        ];
        for (path, expected) in cases {
            let got = segments(path);
            let expected = expected.map(|s| s.iter().map(|p| p.to_string()).collect::<Vec<_>>());
            assert_eq!(got, expected, "{path}");
        }
    }
}
