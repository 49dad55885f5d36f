//! Raw HTML and link schemes that could run script, filtered out of the page.
//!
//! Report drafts are pasted from other people's documents, and a `<script>`, an `onclick`
//! attribute, an `<iframe>` or a `javascript:` link in them would run in every reader's
//! browser. Unless the site sets `unsafe_html: true`, this first adapter of the chain
//!
//! - passes raw HTML through ammonia (a whitelist sanitiser built on html5ever): a whole
//!   HTML block at once, an inline tag one by one (an allowed opening tag keeps its allowed
//!   attributes, a closing tag stays if its element is allowed, the rest goes);
//! - drops links and images whose URL is `javascript:`, `vbscript:` or `data:` (their text
//!   stays as plain text);
//!
//! and warns, at the file and line, about every script it removed.

use std::collections::{HashSet, VecDeque};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Source, Spanned};
use crate::error::{Diagnostics, Severity};

/// The sanitiser: ammonia's defaults, plus `class` and `dir` on every element.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["class", "dir"]);
    b
});

static ALLOWED_TAGS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| CLEANER.clone_tags());

/// What is worth a warning in raw HTML: script, embedded documents, event handlers,
/// dangerous URL schemes.
fn dangerous() -> &'static regex::Regex {
    static_regex!(
        r"(?i)<\s*(script|iframe|frame|frameset|object|embed|applet|style|form|meta|link|base)\b|\son[a-z]+\s*=|(javascript|vbscript|data)\s*:"
    )
}

/// The URL schemes dropped from Markdown links and images.
const DANGEROUS_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];

/// Filters `events` unless `unsafe_html` is set.
pub fn filter<'a, 'c>(
    events: impl Iterator<Item = Spanned<'a>> + 'c,
    source: &'c Source<'c>,
    diagnostics: &'c Diagnostics,
    unsafe_html: bool,
) -> impl Iterator<Item = Spanned<'a>> + 'c
where
    'a: 'c,
{
    let mut events = events;
    let mut queue: VecDeque<Spanned<'a>> = VecDeque::new();
    let (mut skip_link_end, mut skip_image_end) = (0usize, 0usize);
    let warn = move |range: std::ops::Range<usize>, message: String| {
        diagnostics.push(source.diagnostic(Severity::Warning, range, message).with_help(
            "drafts may carry script from the documents they were pasted from; set `unsafe_html: true` in site.yaml only if every author is trusted",
        ));
    };
    std::iter::from_fn(move || {
        loop {
            if let Some(e) = queue.pop_front() {
                return Some(e);
            }
            let (event, range) = events.next()?;
            if unsafe_html {
                return Some((event, range));
            }
            match event {
                Event::Start(Tag::HtmlBlock) => {
                    let mut raw = String::new();
                    let mut end = None;
                    for (e, r) in events.by_ref() {
                        match e {
                            Event::End(TagEnd::HtmlBlock) => {
                                end = Some(r);
                                break;
                            }
                            Event::Html(s) | Event::InlineHtml(s) | Event::Text(s) => raw.push_str(&s),
                            _ => {}
                        }
                    }
                    if let Some(m) = dangerous().find(&raw) {
                        warn(range.clone(), format!("raw HTML `{}` removed", m.as_str().trim()));
                    }
                    let mut clean = CLEANER.clean(&raw).to_string();
                    if !clean.ends_with('\n') {
                        clean.push('\n');
                    }
                    queue.push_back((Event::Html(CowStr::from(clean)), range.clone()));
                    queue.push_back((Event::End(TagEnd::HtmlBlock), end.unwrap_or(range.clone())));
                    return Some((Event::Start(Tag::HtmlBlock), range));
                }
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    if let Some(m) = dangerous().find(&raw) {
                        warn(range.clone(), format!("raw HTML `{}` removed", m.as_str().trim()));
                    }
                    let clean = clean_inline(&raw);
                    if clean.is_empty() {
                        continue;
                    }
                    return Some((Event::InlineHtml(CowStr::from(clean)), range));
                }
                Event::Start(Tag::Link { ref dest_url, .. }) if dangerous_scheme(dest_url).is_some() => {
                    let scheme = dangerous_scheme(dest_url).unwrap_or_default();
                    warn(range, format!("link to a `{scheme}` URL removed (its text is kept)"));
                    skip_link_end += 1;
                }
                Event::Start(Tag::Image { ref dest_url, .. }) if dangerous_scheme(dest_url).is_some() => {
                    let scheme = dangerous_scheme(dest_url).unwrap_or_default();
                    warn(range, format!("image with a `{scheme}` URL removed (its description is kept)"));
                    skip_image_end += 1;
                }
                Event::End(TagEnd::Link) if skip_link_end > 0 => skip_link_end -= 1,
                Event::End(TagEnd::Image) if skip_image_end > 0 => skip_image_end -= 1,
                other => return Some((other, range)),
            }
        }
    })
}

/// The dangerous scheme `url` uses, as a browser reads it (case, spaces and control
/// characters before it and tabs or line breaks inside it do not matter).
fn dangerous_scheme(url: &str) -> Option<&'static str> {
    let normal: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    DANGEROUS_SCHEMES.into_iter().find(|s| normal.starts_with(s))
}

/// One inline tag (or comment), sanitised on its own.
fn clean_inline(raw: &str) -> String {
    let tag = raw.trim();
    if let Some(rest) = tag.strip_prefix("</") {
        let name = rest.trim_end_matches('>').trim().to_ascii_lowercase();
        return if ALLOWED_TAGS.contains(name.as_str()) { format!("</{name}>") } else { String::new() };
    }
    let name: String = tag
        .strip_prefix('<')
        .unwrap_or_default()
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        // A comment, a declaration or a processing instruction.
        return String::new();
    }
    let clean = CLEANER.clean(tag).to_string();
    clean.strip_suffix(&format!("</{name}>")).map_or(clean.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        for url in ["javascript:alert(1)", " JavaScript:x", "\u{1}java\tscript:x", "VBSCRIPT:x", "data:text/html,x"] {
            assert!(dangerous_scheme(url).is_some(), "{url:?}");
        }
        for url in ["https://example.org/", "/zh/", "#para-1", "undocs:A/77/275", "mailto:a@b.org", "javascript.html"] {
            assert!(dangerous_scheme(url).is_none(), "{url:?}");
        }
    }

    #[test]
    fn inline_tags_keep_what_is_safe() {
        assert_eq!(clean_inline("<sup>"), "<sup>");
        assert_eq!(clean_inline("</sup>"), "</sup>");
        assert_eq!(clean_inline("<br>"), "<br>");
        assert_eq!(clean_inline(r#"<span onclick="alert(1)" class="x">"#), r#"<span class="x">"#);
        assert_eq!(clean_inline("<script>"), "");
        assert_eq!(clean_inline("</script>"), "");
        assert_eq!(clean_inline("<!-- a comment -->"), "");
        assert!(!clean_inline(r#"<a href="javascript:alert(1)">"#).contains("javascript"));
    }
}
