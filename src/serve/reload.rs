//! Live reload: what the browser is told after each rebuild, and the script that listens.
//!
//! Each rebuild that changes the output is a new generation. The server tells every open
//! page which output paths changed; a page reloads only when its own path is among them (or
//! a style sheet, script or image changed, which any page may use). A page also learns the
//! generation it was served at, and asks for what it missed when it connects, so an edit
//! saved while a page loads is not lost. Errors are a state, not an event: a page that
//! connects while the site is broken gets the overlay at once, and `ok` when it is fixed.
//!
//! The script is injected into HTML responses only ([`inject`]); the files on disk, and
//! `build`'s output, never carry it.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use tokio::sync::broadcast;

/// The URL of the client script, outside any site's paths.
pub const SCRIPT_URL: &str = "/__rapporteur/live.js";
/// The URL of the event stream.
pub const EVENTS_URL: &str = "/__rapporteur/events";
/// The client script.
pub const SCRIPT: &str = include_str!("live.js");

/// The error overlay's own words in one language (the theme's `serve_error_title` and
/// `serve_error_hide`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayLabels {
    pub title: String,
    pub hide: String,
}

/// One message to the open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// These URL paths changed; `all` when a file any page may use changed (CSS, scripts,
    /// images).
    Reload { generation: u64, paths: Vec<String>, all: bool },
    /// The site has errors: the text to overlay.
    Diagnostics(String),
    /// The errors are fixed.
    Ok,
}

impl Message {
    /// The SSE event name and its JSON data.
    pub fn event(&self) -> (&'static str, String) {
        #[derive(Serialize)]
        struct Reload<'a> {
            generation: u64,
            paths: &'a [String],
            all: bool,
        }
        #[derive(Serialize)]
        struct Text<'a> {
            text: &'a str,
        }
        let json = |r: Result<String, serde_json::Error>| r.unwrap_or_else(|_| "{}".to_string());
        match self {
            Message::Reload { generation, paths, all } => {
                ("reload", json(serde_json::to_string(&Reload { generation: *generation, paths, all: *all })))
            }
            Message::Diagnostics(text) => ("diagnostics", json(serde_json::to_string(&Text { text }))),
            Message::Ok => ("ok", "{}".to_string()),
        }
    }
}

#[derive(Debug, Default)]
struct State {
    generation: u64,
    base_path: String,
    /// The error overlay's words in each language, by `html_lang` in lower case.
    labels: HashMap<String, OverlayLabels>,
    error: Option<String>,
    /// The generation at which each URL path last changed.
    changed_at: HashMap<String, u64>,
    /// The last generation that changed a file every page may use.
    all_at: u64,
}

/// The channel between the rebuilds and the open pages.
#[derive(Debug)]
pub struct LiveReload {
    sender: broadcast::Sender<Message>,
    state: Mutex<State>,
}

impl Default for LiveReload {
    fn default() -> Self {
        LiveReload {
            sender: broadcast::channel(256).0,
            state: Mutex::new(State { base_path: "/".into(), ..State::default() }),
        }
    }
}

impl LiveReload {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The generation pages served now belong to.
    pub fn generation(&self) -> u64 {
        self.state().generation
    }

    /// The site's base path (`/`, or the path of `base_url`).
    pub fn base_path(&self) -> String {
        self.state().base_path.clone()
    }

    pub fn set_base_path(&self, base: String) {
        self.state().base_path = base;
    }

    /// The error overlay's words in each language of the site, from the theme.
    pub fn set_labels(&self, labels: HashMap<String, OverlayLabels>) {
        self.state().labels = labels;
    }

    /// The overlay's words for the page `html`, in the language of its `<html lang>`.
    pub fn labels_for(&self, html: &[u8]) -> Option<OverlayLabels> {
        let head = &html[..html.len().min(2048)];
        let text = String::from_utf8_lossy(head);
        let lang =
            static_regex!(r#"<html[^>]*\slang="([^"]+)""#).captures(&text)?.get(1)?.as_str().to_ascii_lowercase();
        self.state().labels.get(&lang).cloned()
    }

    /// Tells the pages that the output files `changed` (paths inside the output) were
    /// written or removed.
    pub fn publish(&self, changed: &[String]) {
        if changed.is_empty() {
            return;
        }
        let mut state = self.state();
        state.generation += 1;
        let generation = state.generation;
        let base = state.base_path.clone();
        let all = changed.iter().any(|p| !p.ends_with(".html") && !p.ends_with(".xml"));
        let paths: Vec<String> = changed.iter().map(|p| url_of(&base, p)).collect();
        for p in &paths {
            state.changed_at.insert(p.clone(), generation);
        }
        if all {
            state.all_at = generation;
        }
        let _ = self.sender.send(Message::Reload { generation, paths, all });
    }

    /// Sets the error text (`None`: no errors); pages hear of it only when it changes.
    pub fn set_error(&self, error: Option<String>) {
        let mut state = self.state();
        if state.error == error {
            return;
        }
        state.error = error.clone();
        let _ = self.sender.send(error.map_or(Message::Ok, Message::Diagnostics));
    }

    /// The current error text, if any.
    pub fn error(&self) -> Option<String> {
        self.state().error.clone()
    }

    /// Connects a page at URL `path`, served at generation `since`: the messages it missed,
    /// and the stream of the next ones.
    pub fn subscribe(&self, path: &str, since: u64) -> (Vec<Message>, broadcast::Receiver<Message>) {
        let state = self.state();
        let receiver = self.sender.subscribe();
        let mut first = vec![state.error.clone().map_or(Message::Ok, Message::Diagnostics)];
        let mine = state.changed_at.get(path).is_some_and(|g| *g > since);
        if mine || state.all_at > since {
            first.push(Message::Reload { generation: state.generation, paths: vec![path.to_string()], all: true });
        }
        (first, receiver)
    }
}

/// The URL path of an output file: `zh/a/index.html` → `/base/zh/a/`.
pub fn url_of(base: &str, path: &str) -> String {
    crate::routes::Routes::url_of_output(base, path)
}

/// `html` with the client script added before its last `</body>` (or at its end).
pub fn inject(html: &[u8], generation: u64, status: u16, labels: Option<&OverlayLabels>) -> Vec<u8> {
    let words = labels.map_or(String::new(), |l| {
        format!(
            r#" data-error-title="{}" data-error-hide="{}""#,
            crate::markdown::escape(&l.title),
            crate::markdown::escape(&l.hide)
        )
    });
    let tag =
        format!(r#"<script src="{SCRIPT_URL}" data-generation="{generation}" data-status="{status}"{words}></script>"#);
    let at = rfind_ascii_case_insensitive(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</body></html>", 7, 200, None)).unwrap();
        assert_eq!(
            out,
            r#"<html><body><p>x<script src="/__rapporteur/live.js" data-generation="7" data-status="200"></script></body></html>"#
        );
        let out = String::from_utf8(inject(b"<p>no body</p>", 0, 404, None)).unwrap();
        assert!(out.starts_with("<p>no body</p><script"), "{out}");
        let out = String::from_utf8(inject(b"<BODY>a</BODY>", 1, 200, None)).unwrap();
        assert!(out.ends_with("</script></BODY>"), "{out}");
    }

    #[test]
    fn urls_of_output_paths() {
        assert_eq!(url_of("/", "zh/reports/a/index.html"), "/zh/reports/a/");
        assert_eq!(url_of("/", "index.html"), "/");
        assert_eq!(url_of("/drafts/", "404.html"), "/drafts/404.html");
        assert_eq!(url_of("/", "static/style.css"), "/static/style.css");
        assert_eq!(url_of("/", "zh/myindex.html"), "/zh/myindex.html");
    }

    #[test]
    fn pages_hear_of_their_own_changes_and_of_the_error_state() {
        let hub = LiveReload::default();
        let (first, mut rx) = hub.subscribe("/zh/a/", 0);
        assert_eq!(first, [Message::Ok]);
        hub.publish(&["zh/a/index.html".into(), "zh/atom.xml".into()]);
        assert_eq!(
            rx.try_recv().unwrap(),
            Message::Reload { generation: 1, paths: vec!["/zh/a/".into(), "/zh/atom.xml".into()], all: false }
        );
        // A page served before generation 1 that connects late is told to reload; one served
        // after is not.
        assert_eq!(hub.subscribe("/zh/a/", 0).0.len(), 2);
        assert_eq!(hub.subscribe("/zh/a/", 1).0.len(), 1);
        assert_eq!(hub.subscribe("/en/a/", 0).0.len(), 1);
        hub.set_error(Some("error: bad".into()));
        hub.set_error(Some("error: bad".into()));
        assert_eq!(rx.try_recv().unwrap(), Message::Diagnostics("error: bad".into()));
        assert!(rx.try_recv().is_err());
        assert_eq!(hub.subscribe("/en/a/", 1).0, [Message::Diagnostics("error: bad".into())]);
        hub.set_error(None);
        assert_eq!(rx.try_recv().unwrap(), Message::Ok);
        // A changed style sheet reloads every page.
        hub.publish(&["static/style.css".into()]);
        assert!(matches!(rx.try_recv().unwrap(), Message::Reload { all: true, .. }));
    }
}
