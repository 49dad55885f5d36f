//! Front matter: the YAML block between two `---` lines at the top of a content file.
//!
//! Parsed into typed structs so that a wrong type, an impossible date or an unknown status
//! is reported once, here, at its line, instead of surfacing as a template error later.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Severity};
use crate::yaml;

/// Where a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    /// An advance copy; the UN's "advance unedited version" is the same stage.
    #[serde(alias = "advance-unedited")]
    Advance,
    /// A draft resolution or decision that has been adopted.
    Adopted,
    #[default]
    Final,
}

/// What the document is: it words the status banner and the listings' badges, so that an
/// issued L. document is shown as holding a draft resolution, not as a draft document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all(deserialize = "kebab-case", serialize = "snake_case"))]
pub enum DocumentKind {
    /// A report (the default).
    #[default]
    Report,
    /// An issued draft resolution (an L. document).
    #[serde(alias = "draft_resolution")]
    DraftResolution,
    /// An issued draft decision.
    #[serde(alias = "draft_decision")]
    DraftDecision,
    /// An adopted resolution.
    Resolution,
    /// An adopted decision.
    Decision,
    /// A note (by the Secretary-General, by the Secretariat).
    Note,
    /// A letter.
    Letter,
}

impl DocumentKind {
    /// Whether the text is a resolution or decision (draft or adopted), whose unnumbered
    /// paragraphs before the first operative one are preambular (`pp-1`, `pp-2` …); in the
    /// others they are cited by heading and position.
    pub fn has_preamble(self) -> bool {
        matches!(self, Self::DraftResolution | Self::DraftDecision | Self::Resolution | Self::Decision)
    }
}

/// Whether a language version is the United Nations' own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Translation {
    Official,
    Unofficial,
}

/// The front matter of a report, checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FrontMatter {
    pub title: String,
    pub symbol: Option<String>,
    pub kind: DocumentKind,
    pub date: Option<NaiveDate>,
    pub status: Status,
    pub original: Option<String>,
    pub translation: Option<Translation>,
    pub distribution: Option<String>,
    pub session: Option<String>,
    pub agenda_item: Option<String>,
    pub organ: Option<String>,
    pub weight: i64,
    pub publish: bool,
    pub aliases: Vec<String>,
    /// The label of an earlier revision (`Zero draft`, `Rev.1`); a revision file only.
    pub revision: Option<String>,
    /// Another report of the site this one is compared with (`resolutions/a-c-1-78-l-11`).
    pub compare_with: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The keys a front matter may have; anything else is reported.
const KEYS: &[&str] = &[
    "title",
    "symbol",
    "kind",
    "date",
    "status",
    "original",
    "translation",
    "distribution",
    "session",
    "agenda_item",
    "organ",
    "weight",
    "publish",
    "aliases",
    "revision",
    "compare_with",
    "extra",
];

#[derive(Deserialize)]
struct Raw {
    title: Option<String>,
    symbol: Option<String>,
    #[serde(default)]
    kind: DocumentKind,
    date: Option<String>,
    #[serde(default)]
    status: Status,
    original: Option<String>,
    translation: Option<Translation>,
    distribution: Option<String>,
    session: Option<String>,
    agenda_item: Option<String>,
    organ: Option<String>,
    #[serde(default)]
    weight: i64,
    publish: Option<bool>,
    #[serde(default)]
    aliases: Vec<String>,
    revision: Option<String>,
    compare_with: Option<String>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// A content file split into front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub meta: FrontMatter,
    /// Byte offset of the Markdown body in the file's text.
    pub body_offset: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Splits `text` (the contents of `path`) and parses its front matter. `title_required` is
/// false for section and home texts.
pub fn parse(path: &Path, text: &str, title_required: bool) -> Result<Parsed, Vec<Diagnostic>> {
    let (yaml_range, body_offset) = split(path, text)?;
    let yaml_text = &text[yaml_range.clone()];
    let at = |line: usize, column: usize, msg: String| {
        // Lines inside the block are offset by the opening `---` line.
        let offset = crate::error::offset_of(yaml_text, line, column) + yaml_range.start;
        let len = text[offset..].chars().next().map_or(0, char::len_utf8);
        Diagnostic::at(Severity::Error, path, text, offset..offset + len, msg)
    };
    if yaml_text.contains('\t')
        && yaml_text.lines().any(|l| l.starts_with('\t') || l.trim_start_matches(' ').starts_with('\t'))
    {
        let line = yaml_text.lines().position(|l| l.trim_start_matches(' ').starts_with('\t')).unwrap_or(0) + 1;
        return Err(vec![
            at(line, 1, "front matter is indented with a tab".into())
                .with_help("YAML allows only spaces for indentation: replace the tab with spaces"),
        ]);
    }
    if let Some(d) =
        typing_slips(yaml_text).map(|(line, column, message, help)| at(line, column, message).with_help(help))
    {
        return Err(vec![d]);
    }
    if let Some((key, line)) = yaml::duplicate_key(yaml_text) {
        return Err(vec![
            at(line, 1, format!("front matter: `{key}` is given twice")).with_help("keep one line for each key"),
        ]);
    }
    let raw: Raw = if yaml_text.trim().is_empty() {
        Raw::empty()
    } else {
        yaml::parse(yaml_text).map_err(|e| {
            vec![at(e.line, e.column, format!("front matter: {}", e.message))
                .with_help("front matter is YAML: `key: value` per line; quote values that contain `: ` or start with a special character")]
        })?
    };
    let key_line =
        |key: &str| yaml::top_level_keys(yaml_text).into_iter().find(|(k, _)| k == key).map_or(1, |(_, l)| l);
    let mut errors = Vec::new();
    let title = raw.title.unwrap_or_default();
    if title_required && title.trim().is_empty() {
        let start = usize::from(text.starts_with('\u{feff}')) * 3;
        let d = match yaml::top_level_keys(yaml_text).into_iter().find(|(k, _)| k == "title") {
            Some((_, line)) => at(line, 1, "front matter has an empty `title`".into()),
            None => Diagnostic::at(Severity::Error, path, text, start..start + 3, "front matter has no `title`"),
        };
        errors.push(d.with_help("add a line `title: …` to the front matter; every report needs a title"));
    }
    let date = match raw.date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(e) => {
                let line = key_line("date");
                let column = yaml_text.lines().nth(line - 1).and_then(|l| l.find(d)).map_or(1, |c| c + 1);
                errors.push(
                    at(line, column, format!("`{d}` is not a valid date ({e})"))
                        .with_help("write dates as YYYY-MM-DD, e.g. `date: 2022-08-08`"),
                );
                None
            }
        },
    };
    if let Some(code) = raw.original.as_deref().filter(|c| !is_language_code(c)) {
        let line = key_line("original");
        let column = yaml_text.lines().nth(line - 1).and_then(|l| l.rfind(code)).map_or(1, |c| c + 1);
        errors.push(at(line, column, format!("`original: {code}` is not a language code")).with_help(
            "write the code of the language the text was written in: zh, en, fr, es, ru or ar (e.g. `original: en`)",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let warnings = yaml::top_level_keys(yaml_text)
        .into_iter()
        .filter(|(k, _)| !KEYS.contains(&k.as_str()))
        .map(|(k, line)| {
            let mut d = at(line, 1, format!("unknown front matter key `{k}`"));
            d.severity = Severity::Warning;
            if let Some(ex) = d.excerpt.as_mut()
                && let Some(at) = ex.line_text.find(k.as_str())
            {
                ex.span = at..at + k.len();
            }
            d.with_help("known keys: title, symbol, kind, date, status, original, translation, distribution, session, agenda_item, organ, weight, publish, aliases, revision, compare_with; put your own under `extra:`")
        })
        .collect();
    Ok(Parsed {
        meta: FrontMatter {
            title: title.trim().to_string(),
            symbol: raw.symbol.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
            kind: raw.kind,
            date,
            status: raw.status,
            original: raw.original,
            translation: raw.translation,
            distribution: raw.distribution,
            session: raw.session,
            agenda_item: raw.agenda_item,
            organ: raw.organ,
            weight: raw.weight,
            publish: raw.publish.unwrap_or(true),
            aliases: raw.aliases,
            revision: raw.revision.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
            compare_with: raw.compare_with.map(|s| s.trim().trim_matches('/').to_string()).filter(|s| !s.is_empty()),
            extra: raw.extra,
        },
        body_offset,
        warnings,
    })
}

/// A language code as `original` takes it: one of the six UN languages, or another code of
/// two or three lower-case letters that a site may configure.
fn is_language_code(code: &str) -> bool {
    crate::config::known_language(code).is_some()
        || ((2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Slips of a Chinese keyboard or an unfinished edit that YAML would misread or report
/// obscurely: a full-width colon after a key (`title：…`), and a `[` or `{` starting a value
/// that is never closed. The line, column, message and help for the first one.
fn typing_slips(yaml: &str) -> Option<(usize, usize, String, String)> {
    for (i, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let wide = line.find('：');
        let ascii = line.find(':');
        if let Some(w) = wide
            && ascii.is_none_or(|a| w < a)
        {
            let key = line[..w].trim();
            if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                let value = line[w + '：'.len_utf8()..].trim();
                return Some((
                    i + 1,
                    line[..w].chars().count() + 1,
                    format!("front matter: full-width colon `：` after `{key}`; keys need an ASCII colon `:`"),
                    format!("write `{key}: {value}` (an ASCII colon followed by a space)"),
                ));
            }
        }
        let Some(colon) = ascii else { continue };
        let value = line[colon + 1..].trim_start();
        let Some(open) = value.chars().next().filter(|c| matches!(c, '[' | '{')) else { continue };
        let close = if open == '[' { ']' } else { '}' };
        // The rest of the block from the bracket on, outside quotes.
        let start = yaml.lines().take(i).map(|l| l.len() + 1).sum::<usize>() + line.len() - value.len();
        let (mut depth, mut quote) = (0i32, None::<char>);
        for c in yaml[start.min(yaml.len())..].chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 {
            let key = line[..colon].trim();
            let what = if open == '[' { "a list" } else { "a map" };
            return Some((
                i + 1,
                line[..line.len() - value.len()].chars().count() + 1,
                format!("front matter: `{open}` opens {what} for `{key}` that is never closed"),
                format!(
                    "close it with `{close}`, or quote the value if the bracket is part of the text: `{key}: \"{}\"`",
                    value.replace('"', "\\\"")
                ),
            ));
        }
    }
    None
}

impl Raw {
    fn empty() -> Raw {
        Raw {
            title: None,
            symbol: None,
            kind: DocumentKind::Report,
            date: None,
            status: Status::Final,
            original: None,
            translation: None,
            distribution: None,
            session: None,
            agenda_item: None,
            organ: None,
            weight: 0,
            publish: None,
            aliases: Vec::new(),
            revision: None,
            compare_with: None,
            extra: serde_json::Map::new(),
        }
    }
}

/// The byte range of the YAML between the fences, and where the body starts.
fn split(path: &Path, text: &str) -> Result<(std::ops::Range<usize>, usize), Vec<Diagnostic>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    if text[start..first_line_end].trim_end() != "---" {
        return Err(vec![
            Diagnostic::at(
                Severity::Error,
                path,
                text,
                start..first_line_end.min(start + 3).max(start),
                "the file does not start with front matter",
            )
            .with_help("begin the file with a `---` line, then `title: …`, then a closing `---` line"),
        ]);
    }
    let mut offset = first_line_end;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..end].trim_end();
        if line == "---" || line == "..." {
            return Ok((first_line_end..offset, end));
        }
        offset = end;
    }
    Err(vec![
        Diagnostic::at(Severity::Error, path, text, start..start + 3, "front matter is never closed")
            .with_help("add a line `---` after the last front matter key"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> String {
        match parse(Path::new("r.md"), text, true) {
            Ok(p) => p.warnings.iter().map(|d| d.render()).collect(),
            Err(ds) => ds.iter().map(|d| d.render()).collect(),
        }
    }

    #[test]
    fn parses_the_keys() {
        let p = parse(
            Path::new("r.md"),
            "---\ntitle: T\nsymbol: A/77/275\ndate: 2022-08-08\nstatus: draft\nextra:\n  a: 1\n---\nBody",
            true,
        )
        .unwrap();
        assert_eq!(p.meta.symbol.as_deref(), Some("A/77/275"));
        assert_eq!(p.meta.status, Status::Draft);
        assert_eq!(p.meta.date.map(|d| d.to_string()), Some("2022-08-08".into()));
        assert_eq!(
            &"---\ntitle: T\nsymbol: A/77/275\ndate: 2022-08-08\nstatus: draft\nextra:\n  a: 1\n---\nBody"
                [p.body_offset..],
            "Body"
        );
    }

    #[test]
    fn problems_are_located() {
        // Cases, each with the line it must name.
        for (text, wanted) in [
            ("---\nsymbol: A/1\n---\n", "r.md:1:1"),
            ("---\ntitle: T\ndate: 2022-13-45\n---\n", "r.md:3:7"),
            ("---\ntitle: T\nstatus: drafty\n---\n", "r.md:3:9"),
            ("---\ntitle: T\nstatus: 3\n---\n", "r.md:3:9"),
            ("---\ntitle: [unclosed\n---\n", "r.md:2:8"),
            ("---\ntitle：报告\n---\n", "r.md:2:6"),
            ("---\ntitle: T\noriginal: english\n---\n", "r.md:3:11"),
            ("---\ntitle: \"open\n---\n", "r.md:3:1"),
            ("---\ntitle: T\n", "r.md:1:1"),
            ("no front matter", "r.md:1:1"),
            ("---\ntitle: T\n\tsymbol: x\n---\n", "r.md:3:1"),
            ("---\ntitle: T\nweight: heavy\n---\n", "r.md:3:9"),
            ("---\n- a\n- b\n---\n", "r.md:2:1"),
            ("---\ntitle: T\ntitle: U\n---\n", "r.md:3:1"),
        ] {
            let out = errors(text);
            assert!(out.contains(wanted), "{text:?} → {out}");
        }
    }

    #[test]
    fn unknown_keys_are_warnings_with_their_line() {
        let out = errors("---\ntitle: T\ntitel: U\n---\n");
        assert!(out.contains("warning: unknown front matter key `titel`"), "{out}");
        assert!(out.contains("r.md:3:1"), "{out}");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let p = parse(Path::new("r.md"), "\u{feff}---\r\ntitle: T\r\n---\r\nBody", true).unwrap();
        assert_eq!(p.meta.title, "T");
    }
}
