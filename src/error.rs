//! Errors and diagnostics.
//!
//! Everything a user can get wrong is a [`Diagnostic`]: a message tied to a file, a line and a
//! column, with the offending source line kept beside it so it can be printed rustc-style long
//! after the file was read (by `build`, by `check`, or as the browser overlay of `serve`).
//! Stages collect diagnostics and keep going, so one run reports every problem; only the
//! caller decides whether errors stop the build. [`Error`] is what stops it.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail `build` and `check`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails the run.
    Error,
    /// Reported; the run goes on.
    Warning,
}

/// A position in a source file: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// The source line a diagnostic points into, and the byte range of the culprit within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The whole line.
    pub line_text: String,
    /// The culprit's bytes within it.
    pub span: Range<usize>,
}

/// One located problem, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub location: Option<Location>,
    /// The source line, when the problem is inside the file.
    pub excerpt: Option<Excerpt>,
    /// What to do about it.
    pub help: Option<String>,
    /// A stable name of the kind of problem (`unaligned-block`), for tools and CI; shown as
    /// `warning[unaligned-block]`.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    /// A diagnostic pointing at `range` (byte offsets) of `text`, the contents of `file`.
    /// Inside [`with_line_index`] for `text` this costs the length of one line; elsewhere
    /// it scans the text up to `range`.
    pub fn at(severity: Severity, file: &Path, text: &str, range: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(text, range.start.min(text.len()));
        let (line, line_start) = line_of(text, start);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, range.end.clamp(start, line_end));
        // A lone carriage return inside a line (old Mac line ends) would be taken for a line
        // break by the renderer: show it as a space, which keeps byte offsets.
        let line_text = text[line_start..line_end].trim_end_matches('\r').replace('\r', " ");
        let span_start = (start - line_start).min(line_text.len());
        let span_end = (end - line_start).clamp(span_start, line_text.len());
        Diagnostic {
            severity,
            message: message.into(),
            location: Some(Location { file: file.to_path_buf(), line, column }),
            excerpt: Some(Excerpt { line_text, span: span_start..span_end }),
            help: None,
            code: None,
        }
    }

    /// A diagnostic about a whole file (unreadable, misnamed …), without an excerpt.
    pub fn file(severity: Severity, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            location: Some(Location { file: file.to_path_buf(), line: 1, column: 1 }),
            excerpt: None,
            help: None,
            code: None,
        }
    }

    /// A diagnostic at a known line and column of `text` (as YAML parsers report them).
    pub fn at_line_column(
        severity: Severity,
        file: &Path,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let offset = offset_of(text, line, column);
        let len = text[offset..].chars().next().map_or(0, char::len_utf8);
        Diagnostic::at(severity, file, text, offset..offset + len, message)
    }

    /// Names the kind of problem.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Adds what to do about it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic as a JSON object, for `check --format json`: `severity`, `code`,
    /// `message`, `file`, `line`, `column`, `source` (the line) and `help`, null when absent.
    pub fn to_json(&self) -> serde_json::Value {
        let severity = if self.is_error() { "error" } else { "warning" };
        serde_json::json!({
            "severity": severity,
            "code": self.code,
            "message": self.message,
            "file": self.location.as_ref().map(|l| l.file.display().to_string()),
            "line": self.location.as_ref().map(|l| l.line),
            "column": self.location.as_ref().map(|l| l.column),
            "source": self.excerpt.as_ref().map(|e| e.line_text.clone()),
            "help": self.help,
        })
    }

    /// Whether it fails the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic the way rustc does, without colours.
    pub fn render(&self) -> String {
        self.render_with(annotate_snippets::Renderer::plain())
    }

    /// Renders with ANSI colours, for a terminal.
    pub fn render_styled(&self) -> String {
        self.render_with(annotate_snippets::Renderer::styled())
    }

    fn render_with(&self, renderer: annotate_snippets::Renderer) -> String {
        // A diagnostic must never be the thing that crashes: should the renderer reject an
        // excerpt, print the plain form instead.
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.render_snippet(renderer)));
        rendered.unwrap_or_else(|_| self.render_fallback())
    }

    fn render_fallback(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let code = self.code.map(|c| format!("[{c}]")).unwrap_or_default();
        let mut out = format!("{level}{code}: {}", self.message);
        if let Some(loc) = &self.location {
            out.push_str(&format!("\n --> {loc}"));
        }
        if let Some(ex) = &self.excerpt {
            out.push_str(&format!("\n  | {}", ex.line_text));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\nhelp: {help}"));
        }
        out
    }

    fn render_snippet(&self, renderer: annotate_snippets::Renderer) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.location.as_ref().map(|l| l.file.display().to_string());
        let title = level.primary_title(self.message.as_str());
        let title = match self.code {
            Some(code) => title.id(code),
            None => title,
        };
        let group = match (&self.location, &self.excerpt, &path) {
            (Some(loc), Some(ex), Some(path)) => title.element(
                Snippet::source(ex.line_text.as_str())
                    .line_start(loc.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(ex.span.clone())),
            ),
            (Some(_), None, Some(path)) => title.element(annotate_snippets::Origin::path(path.as_str())),
            _ => Group::with_title(title),
        };
        let mut report = vec![group];
        if let Some(help) = &self.help {
            report.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        let mut out = renderer.render(&report).to_string();
        // annotate-snippets prints `file:line:col` only with an excerpt; keep the location
        // explicit in both cases so every message can be found by grep.
        if self.excerpt.is_none()
            && let Some(loc) = &self.location
        {
            out = out.replacen(&format!("--> {}", loc.file.display()), &format!("--> {loc}"), 1);
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// A collector shared by reference between the adapters of one page, which run on one thread.
#[derive(Debug, Default)]
pub struct Diagnostics {
    inner: RefCell<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn push(&self, d: Diagnostic) {
        self.inner.borrow_mut().push(d);
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.inner.into_inner()
    }
}

/// What stops a run.
#[derive(Debug)]
pub enum Error {
    /// The content, configuration or theme has errors (warnings may be among them).
    Content(Vec<Diagnostic>),
    /// The output directory is not one rapporteur may replace.
    RefusedOutput {
        /// The output asked for.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// The command line asks for what cannot be done (`--bind` that is no address, `new`
    /// with a name that is no report); the message says what to type instead.
    Usage(String),
    /// The machine refused something the program needs that is not a file of the site or
    /// of the output (a port, a thread, a file watcher).
    Internal(String),
    /// Reading or writing a file failed outside the content (output, theme directory …).
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(diags) => {
                let n = diags.iter().filter(|d| d.is_error()).count();
                write!(f, "{n} error{} in the content", if n == 1 { "" } else { "s" })
            }
            Error::RefusedOutput { path, reason } => {
                write!(f, "refusing to write the site into {}: {reason}", path.display())
            }
            Error::Usage(message) | Error::Internal(message) => f.write_str(message),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// A result whose error stops the run.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where each line of a text starts, for the text being rendered on this thread.
struct LineIndex {
    /// The text's address and length: it is borrowed for as long as the index is set, so
    /// a text with both is this text.
    text: (usize, usize),
    starts: Vec<usize>,
}

thread_local! {
    static LINE_INDEX: RefCell<Option<LineIndex>> = const { RefCell::new(None) };
}

/// Runs `f` with the line starts of `text` known, so that each diagnostic [`Diagnostic::at`]
/// makes in it costs a binary search instead of a scan from the top: a file with a hundred
/// thousand diagnostics would otherwise take minutes.
pub fn with_line_index<R>(text: &str, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<LineIndex>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            LINE_INDEX.with(|i| *i.borrow_mut() = previous);
        }
    }
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
    let index = LineIndex { text: (text.as_ptr() as usize, text.len()), starts };
    let _restore = Restore(LINE_INDEX.with(|i| i.borrow_mut().replace(index)));
    f()
}

/// The 1-based line of byte `start` of `text`, and the offset where that line starts.
fn line_of(text: &str, start: usize) -> (usize, usize) {
    let key = (text.as_ptr() as usize, text.len());
    let indexed = LINE_INDEX.with(|i| {
        let i = i.borrow();
        let index = i.as_ref().filter(|i| i.text == key)?;
        let line = index.starts.partition_point(|&s| s <= start);
        Some((line, index.starts[line.saturating_sub(1)]))
    });
    indexed.unwrap_or_else(|| {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        (memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count() + 1, line_start)
    })
}

/// At most this many diagnostics of one file are printed; the rest are counted.
pub const SHOWN_PER_FILE: usize = 50;

/// What to print of `diags`: per file, errors first, at most [`SHOWN_PER_FILE`], then a
/// line counting the rest. Totals elsewhere still count every diagnostic.
pub fn shown(diags: &[Diagnostic]) -> Vec<Shown<'_>> {
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    let file = |d: &Diagnostic| d.location.as_ref().map(|l| l.file.clone());
    sorted.sort_by(|a, b| file(a).cmp(&file(b)).then(a.severity.cmp(&b.severity)).then(a.location.cmp(&b.location)));
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let f = file(sorted[i]);
        let end = i + sorted[i..].iter().take_while(|d| file(d) == f).count();
        let group = &sorted[i..end];
        out.extend(group.iter().take(SHOWN_PER_FILE).map(|d| Shown::Diagnostic(d)));
        if group.len() > SHOWN_PER_FILE {
            let rest = &group[SHOWN_PER_FILE..];
            let errors = rest.iter().filter(|d| d.is_error()).count();
            let where_ = f.map_or_else(String::new, |f| format!(" in {}", f.display()));
            out.push(Shown::More(format!(
                "… and {} more{where_} ({errors} error{}, {} warning{}), not shown",
                thousands(rest.len()),
                if errors == 1 { "" } else { "s" },
                rest.len() - errors,
                if rest.len() - errors == 1 { "" } else { "s" },
            )));
        }
        i = end;
    }
    out
}

/// One item of [`shown`].
#[derive(Debug)]
pub enum Shown<'a> {
    /// A diagnostic to print.
    Diagnostic(&'a Diagnostic),
    /// How many more were left out.
    More(String),
}

/// `99000` as `99,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Byte offset of a 1-based line and column (in characters) of `text`, clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[offset..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    offset + rest[..line_len].char_indices().nth(column.saturating_sub(1)).map_or(line_len, |(i, _)| i)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let text = "---\ntitle: 第一\ndate: 2022-13-01\n---\n";
        let off = text.find("2022").unwrap_or(0);
        let d = Diagnostic::at(Severity::Error, Path::new("a.md"), text, off..off + 10, "bad date");
        let loc = d.location.clone().unwrap_or_else(|| unreachable!());
        assert_eq!((loc.line, loc.column), (3, 7));
        let out = d.render();
        assert!(out.contains("a.md:3:7"), "{out}");
        assert!(out.contains("date: 2022-13-01"), "{out}");
    }

    #[test]
    fn a_carriage_return_inside_a_line_does_not_break_the_excerpt() {
        let text = "---\rtitle: ¡x\n";
        let off = text.find('¡').unwrap_or(0);
        let d = Diagnostic::at(Severity::Error, Path::new("a.md"), text, off..off + 2, "bad");
        let out = d.render();
        assert!(out.contains("a.md:1:"), "{out}");
    }

    #[test]
    fn the_line_index_agrees_with_the_scan_and_caps_what_is_shown() {
        let text = "a\nbé\n\nlast line";
        let at = |o: usize| Diagnostic::at(Severity::Warning, Path::new("a.md"), text, o..o + 1, "x").location;
        let scanned: Vec<_> = (0..text.len()).filter(|&o| text.is_char_boundary(o)).map(at).collect();
        let indexed: Vec<_> =
            with_line_index(text, || (0..text.len()).filter(|&o| text.is_char_boundary(o)).map(at).collect());
        assert_eq!(scanned, indexed);
        let many: Vec<Diagnostic> =
            (0..120).map(|_| Diagnostic::file(Severity::Warning, Path::new("a.md"), "w")).collect();
        let shown = shown(&many);
        assert_eq!(shown.len(), SHOWN_PER_FILE + 1);
        assert!(
            matches!(&shown[SHOWN_PER_FILE], Shown::More(m) if m.contains("… and 70 more in a.md (0 errors, 70 warnings)"))
        );
        assert_eq!(thousands(99_000), "99,000");
    }

    #[test]
    fn offset_of_round_trips() {
        let text = "ab\n第二行\nx";
        assert_eq!(offset_of(text, 2, 2), text.find("二").unwrap_or(0));
        assert_eq!(offset_of(text, 9, 1), text.len());
    }

    #[test]
    fn file_level_diagnostics_still_name_line_and_column() {
        let d = Diagnostic::file(Severity::Error, Path::new("c/x.md"), "not UTF-8");
        assert!(d.render().contains("c/x.md:1:1"), "{}", d.render());
    }
}
