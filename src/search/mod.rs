//! Search: what of a report page the index reads ([`Document`]), and the index Pagefind
//! builds from those documents ([`index`]).
//!
//! The theme marks the part of a report page worth searching with `data-pagefind-body`
//! (and the report's facts as `data-pagefind-filter` / `data-pagefind-meta`); the engine
//! keeps a [`Document`] of every such page it renders, so the index is built from the HTML
//! in memory, in the same process, after rendering.
//!
//! A document is the page as rendered with three additions the reader never sees:
//!
//! - every numbered paragraph, sub-paragraph and note gets `data-pagefind-title`, which
//!   makes it a result of its own ("A/77/275 ¶ 15 (a)", "A/77/275 第 15 (a) 段") opening at
//!   its id;
//! - every symbol link and the report's own symbol carry the symbol as one word without its
//!   separators (`ares75240`, and `75240` for the number alone), which the search page's
//!   query turns `A/RES/75/240` and `75/240` into: Chinese text is cut into words at every
//!   `/`, so the symbol as written would otherwise be four words anywhere in the page;
//! - the page's `<head>` is left out (the index reads the body and `<html lang>`).

pub mod index;

use std::sync::Arc;

/// One page for the index: its URL and the HTML Pagefind reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub url: String,
    pub html: Arc<str>,
}

/// How a page's paragraphs are named in results, from the theme's UI strings of its
/// language: `{symbol}` and `{number}` are filled in.
#[derive(Debug, Clone)]
pub struct Labels {
    /// The report's symbol, or its title when it has none.
    pub symbol: String,
    /// `search_paragraph`: `{symbol} ¶ {number}`.
    pub paragraph: String,
    /// `search_note`: `{symbol}, note {number}`.
    pub note: String,
    /// `search_preambular`: `{symbol} PP {number}`, for a resolution's `pp-5`.
    pub preambular: String,
}

impl Labels {
    /// The result title of the element with `id`, if it is a paragraph or a note; `marker`
    /// is the number the paragraph shows (`15.`, `(a)`), which names a sub-paragraph that
    /// hangs from a heading (`armenia-a`).
    fn title(&self, id: &str, marker: Option<&str>) -> Option<String> {
        let (template, number) = if let Some(note) = id.strip_prefix("fn-") {
            (&self.note, if note == "star" { "*".to_string() } else { note.to_string() })
        } else if let Some(n) = crate::markdown::preambular_number(id) {
            (&self.preambular, n.to_string())
        } else {
            let shown = marker.map(|m| m.trim().trim_end_matches('.').to_string()).filter(|m| !m.is_empty());
            (&self.paragraph, paragraph_number(id).or(shown)?)
        };
        Some(template.replace("{symbol}", &self.symbol).replace("{number}", &number))
    }
}

/// `para-15-a-i` → `15 (a) (i)`; a scoped id (`annex-para-3`) the same, its scope left to
/// the heading the result is listed under.
fn paragraph_number(id: &str) -> Option<String> {
    let rest = match id.find("para-") {
        Some(0) => &id[5..],
        Some(i) if id[..i].ends_with('-') => &id[i + 5..],
        _ => return None,
    };
    let mut parts = rest.split('-');
    let number = parts.next().filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))?;
    let mut label = number.to_string();
    for part in parts {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        label.push_str(&format!(" ({part})"));
    }
    Some(label)
}

/// A symbol as one search word: its letters and digits, lower-cased (`A/RES/75/240` →
/// `ares75240`), and for a symbol of three parts or more its last two (`75240`), which is
/// how prose cites a resolution by number.
pub fn symbol_words(symbol: &str) -> String {
    let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let mut words = squash(symbol);
    let parts: Vec<&str> = symbol.split('/').collect();
    if parts.len() >= 3 {
        let tail = squash(&parts[parts.len() - 2..].join("/"));
        if !tail.is_empty() && tail != words {
            words.push(' ');
            words.push_str(&tail);
        }
    }
    words
}

/// Whether a rendered page is one the theme wants searched.
pub fn is_searchable(html: &[u8]) -> bool {
    memchr::memmem::find(html, b"data-pagefind-body").is_some()
}

impl Document {
    /// The document of a rendered page at `url`, with the additions described above.
    pub fn new(url: String, html: &str, labels: &Labels) -> Document {
        let html = match (html.find("<head"), html.find("</head>")) {
            (Some(a), Some(b)) if a < b => format!("{}{}", &html[..a], &html[b + "</head>".len()..]),
            _ => html.to_string(),
        };
        // An element with an id, and the number it shows when it is a paragraph.
        let element = static_regex!(
            r#"(<(?:div|p|li)\b[^>]*?\bid="([^"]+)")([^>]*>(?:<a class="para-num" href="[^"]*"[^>]*>([^<]*)</a>)?)"#
        );
        let titled = element.replace_all(&html, |c: &regex::Captures| {
            let marker = c.get(4).map(|m| m.as_str());
            match labels.title(&c[2], marker) {
                Some(title) => format!("{} data-pagefind-title=\"{}\"{}", &c[1], escape(&title), &c[3]),
                None => c[0].to_string(),
            }
        });
        let symbols =
            static_regex!(r#"<a class="undocs" data-symbol="([^"]+)""#).replace_all(&titled, |c: &regex::Captures| {
                format!(
                    "{} data-search=\"{}\" data-pagefind-index-attrs=\"data-search\"",
                    &c[0],
                    symbol_words(&unescape(&c[1]))
                )
            });
        let own =
            static_regex!(r"<[a-z]+\b[^>]*\bdata-pagefind-body\b[^>]*>").replace(&symbols, |c: &regex::Captures| {
                format!(
                    "{}<span data-search=\"{}\" data-pagefind-index-attrs=\"data-search\"></span>",
                    &c[0],
                    escape(&symbol_words(&labels.symbol))
                )
            });
        Document { url, html: Arc::from(own.into_owned()) }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#x27;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels {
            symbol: "A/77/275".into(),
            paragraph: "{symbol} 第 {number} 段".into(),
            note: "{symbol} 脚注 {number}".into(),
            preambular: "{symbol} 序言部分第 {number} 段".into(),
        }
    }

    #[test]
    fn paragraphs_and_notes_are_titled() {
        let l = labels();
        assert_eq!(l.title("para-15", Some("15.")).as_deref(), Some("A/77/275 第 15 段"));
        assert_eq!(l.title("para-15-a-i", Some("㈠")).as_deref(), Some("A/77/275 第 15 (a) (i) 段"));
        assert_eq!(l.title("annex-b-next-steps-para-1", None).as_deref(), Some("A/77/275 第 1 段"));
        assert_eq!(l.title("armenia-a", Some("(a)")).as_deref(), Some("A/77/275 第 (a) 段"));
        assert_eq!(l.title("fn-3", None).as_deref(), Some("A/77/275 脚注 3"));
        assert_eq!(l.title("pp-5", None).as_deref(), Some("A/77/275 序言部分第 5 段"));
        assert_eq!(l.title("pp-x", None), None);
        assert_eq!(l.title("fn-star", None).as_deref(), Some("A/77/275 脚注 *"));
        assert_eq!(l.title("sec-ii", None), None);
        assert_eq!(l.title("separa-3", None), None);
        assert_eq!(l.title("para-x", None), None);
    }

    #[test]
    fn symbols_become_one_word() {
        assert_eq!(symbol_words("A/RES/75/240"), "ares75240 75240");
        assert_eq!(symbol_words("A/77/275"), "a77275 77275");
        assert_eq!(symbol_words("S/RES/2334(2016)"), "sres23342016 res23342016");
        assert_eq!(symbol_words("S/96"), "s96");
    }

    #[test]
    fn a_document_carries_titles_and_symbol_words_without_its_head() {
        let html = r##"<html lang="zh-Hans"><head><title>x</title></head><body><article data-pagefind-body><div class="para" id="para-1"><a class="para-num" href="#para-1" aria-label="第 1 段">1.</a><div class="para-body">见<a class="undocs" data-symbol="A/RES/75/240" href="u">第 75/240 号决议</a></div></div><li id="fn-1">注</li><p class="preamble" id="pp-5">回顾</p><p class="subpara" id="cuba-a"><a class="para-num" href="#cuba-a">(a)</a> 分段</p></article></body></html>"##;
        let doc = Document::new("/zh/r/".into(), html, &labels());
        assert!(!doc.html.contains("<title>"));
        assert!(doc.html.contains(r#"id="para-1" data-pagefind-title="A/77/275 第 1 段""#), "{}", doc.html);
        assert!(doc.html.contains(r#"id="fn-1" data-pagefind-title="A/77/275 脚注 1""#));
        assert!(doc.html.contains(r#"id="pp-5" data-pagefind-title="A/77/275 序言部分第 5 段""#), "{}", doc.html);
        assert!(
            doc.html.contains(r#"id="cuba-a" data-pagefind-title="A/77/275 第 (a) 段"><a class="para-num""#),
            "{}",
            doc.html
        );
        assert!(doc.html.contains(r#"data-search="ares75240 75240""#));
        assert!(doc.html.contains(r#"<article data-pagefind-body><span data-search="a77275 77275""#), "{}", doc.html);
    }
}
