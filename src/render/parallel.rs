//! The side-by-side view: two language versions of a report in aligned rows.
//!
//! Rows are aligned on the ids the versions share (`para-15`, `sec-ii-a`), which is why ids
//! come from numbering rather than text. A block without an id is keyed by the nearest id
//! before it and its position after it, so unnumbered paragraphs (the preamble of a
//! resolution) align too when both versions have them; a block present on one side only
//! gets a row with an empty cell.
//!
//! Both versions' HTML carry the same ids, which may appear once per page: each column's
//! ids and same-page links are given a language prefix (`zh-para-15`) by rewriting the
//! ` id="` and ` href="#` attribute openings. This is safe on HTML we wrote ourselves, where
//! text never contains an unescaped `"`; the row itself carries the plain id, so
//! `…/parallel/#para-15` lands on the row.

use std::collections::{HashMap, HashSet};

use super::views::{ParallelColumn, ParallelPage};
use super::{Page, Renderer};
use crate::content::{Report, Version};
use crate::error::Diagnostic;
use crate::markdown::{Rendered, escape};

/// One version of a report, ready for side-by-side pages: its blocks keyed for alignment and
/// with their ids prefixed, and its notes. Prepared once per version and shared by the pages
/// of every language.
pub(super) struct Side<'v> {
    version: &'v Version,
    /// `(key, anchored, html)` in document order.
    blocks: Vec<(String, bool, String)>,
    footnotes: String,
    has_code: bool,
}

impl<'v> Side<'v> {
    pub(super) fn lang(&self) -> &str {
        &self.version.lang
    }

    pub(super) fn new(version: &'v Version, r: &Rendered) -> Side<'v> {
        let blocks = keyed_blocks(r).into_iter().map(|(k, a, h)| (k, a, prefix_ids(h, &version.lang))).collect();
        Side { version, blocks, footnotes: prefix_ids(&r.footnotes, &version.lang), has_code: r.has_code }
    }
}

impl Renderer<'_> {
    /// The side-by-side pages of a report, one per language it exists in: that language and
    /// the default one (or, on the default language's page, the next language the report
    /// exists in). Columns follow the site's language order on every page, as the rows do
    /// when they stack on a phone, so pages that show the same two versions share their rows.
    pub(super) fn parallel_pages(&self, report: &Report, sides: &[Side]) -> Vec<Result<Page, Diagnostic>> {
        let default = &self.config().default_language().code;
        let mut shared: Vec<((usize, usize), String)> = Vec::new();
        let mut pages = Vec::with_capacity(sides.len());
        for (i, side) in sides.iter().enumerate() {
            let lang = side.lang();
            let partner = sides
                .iter()
                .position(|s| lang != default && &s.version.lang == default)
                .or_else(|| sides.iter().position(|s| s.lang() != lang));
            let Some(j) = partner else {
                pages.push(Err(Diagnostic::file(
                    crate::error::Severity::Error,
                    &side.version.path,
                    "side-by-side view needs two versions",
                )));
                continue;
            };
            // `sides` are in the site's language order.
            let pair = (i.min(j), i.max(j));
            let columns = [self.column(report, &sides[pair.0]), self.column(report, &sides[pair.1])];
            let rows = match shared.iter().position(|(p, _)| *p == pair) {
                Some(k) => k,
                None => {
                    shared.push((pair, rows_html([&sides[pair.0], &sides[pair.1]], &columns)));
                    shared.len() - 1
                }
            };
            pages.push(self.parallel(report, lang, side, columns, &shared[rows].1));
        }
        pages
    }

    /// A column of the side-by-side view.
    fn column(&self, report: &Report, side: &Side) -> Column {
        let l = self.language(side.lang());
        Column {
            view: ParallelColumn {
                lang: l.code.clone(),
                name: l.name.clone(),
                html_lang: l.html_lang.clone(),
                dir: l.dir.clone(),
                title: side.version.meta.title.clone(),
                url: self.routes.report(&l.code, &report.key()),
                footnotes: side.footnotes.clone(),
                status: side.version.meta.status,
                kind: side.version.meta.kind,
                translation: side.version.meta.translation,
            },
            open_label: self.theme.i18n.get(&l.code, "open_in_page"),
            has_code: side.has_code,
        }
    }

    /// The side-by-side page in `side`'s language.
    fn parallel(
        &self,
        report: &Report,
        lang: &str,
        side: &Side,
        columns: [Column; 2],
        rows_html: &str,
    ) -> Result<Page, Diagnostic> {
        let language = self.language(lang);
        let url = self.routes.parallel(lang, &report.key());
        let alternates = self.alternates(report, lang, |code| self.routes.parallel(code, &report.key()));
        let has_code = columns.iter().any(|c| c.has_code);
        let view = ParallelPage {
            frame: self.frame(&url, alternates, has_code),
            report: self.report_view(report, &side.version.meta, lang, lang),
            columns: columns.into_iter().map(|c| c.view).collect(),
        };
        let bytes = self.page(language, &view, &[rows_html])?;
        Ok(Page { path: self.routes.page_path(&url), bytes })
    }
}

/// A column of the side-by-side view: what the template gets, and what its cells need.
struct Column {
    view: ParallelColumn,
    /// The title of each cell's link to the single-language page, in the column's language.
    open_label: String,
    has_code: bool,
}

/// The keyed blocks of one rendered version.
fn keyed_blocks(r: &Rendered) -> Vec<(String, bool, &str)> {
    let by_offset: HashMap<usize, &str> = r.anchors.iter().map(|a| (a.offset, a.id.as_str())).collect();
    let mut last = String::from("start");
    let mut position = 0;
    r.blocks
        .iter()
        .map(|b| {
            let html = r.html.get(b.html.clone()).unwrap_or_default();
            match by_offset.get(&b.source_offset) {
                Some(id) => {
                    last = (*id).to_string();
                    position = 0;
                    (last.clone(), true, html)
                }
                None => {
                    position += 1;
                    (format!("{last}~{position}"), false, html)
                }
            }
        })
        .collect()
}

/// The keys of the rows, in the order of the first version, with blocks found only in the
/// second inserted after their predecessor; and whether each is an id.
fn row_order<'s>(sides: [&'s Side<'s>; 2]) -> Vec<(&'s str, bool)> {
    let (a, b) = (&sides[0].blocks, &sides[1].blocks);
    let in_a: HashSet<&str> = a.iter().map(|(k, _, _)| k.as_str()).collect();
    let b_pos: HashMap<&str, usize> = b.iter().enumerate().map(|(i, (k, _, _))| (k.as_str(), i)).collect();
    let mut order: Vec<(&str, bool)> = Vec::with_capacity(a.len() + 4);
    let mut j = 0;
    for (key, anchored, _) in a {
        if let Some(&pos) = b_pos.get(key.as_str()).filter(|&&p| p >= j) {
            order.extend(
                b[j..pos].iter().filter(|(k, _, _)| !in_a.contains(k.as_str())).map(|(k, an, _)| (k.as_str(), *an)),
            );
            j = pos + 1;
        }
        order.push((key.as_str(), *anchored));
    }
    order.extend(b[j..].iter().filter(|(k, _, _)| !in_a.contains(k.as_str())).map(|(k, an, _)| (k.as_str(), *an)));
    order
}

/// The rows as HTML, written here rather than by a template loop: a side-by-side page holds
/// every block of two versions, and looping over them in the template engine cost more than
/// the rest of the page together. The markup is part of the page contract (README).
fn rows_html(sides: [&Side; 2], columns: &[Column; 2]) -> String {
    use std::fmt::Write as _;
    let cells: [HashMap<&str, &str>; 2] =
        sides.map(|s| s.blocks.iter().map(|(k, _, h)| (k.as_str(), h.as_str())).collect());
    let size: usize = sides.iter().flat_map(|s| s.blocks.iter().map(|(_, _, h)| h.len() + 200)).sum();
    let mut out = String::with_capacity(size);
    let heads: Vec<String> = columns
        .iter()
        .map(|c| format!("<span class=\"parallel-lang\" aria-hidden=\"true\">{}</span>", escape(&c.view.name)))
        .collect();
    for (key, anchored) in row_order(sides) {
        let id = if anchored { escape(key) } else { format!("row-{}", escape(&key.replace('~', "-"))) };
        let class = if anchored { "parallel-row is-anchored" } else { "parallel-row" };
        let _ = write!(out, "<div class=\"{class}\" id=\"{id}\" role=\"row\">");
        for ((column, cell), head) in columns.iter().zip(&cells).zip(&heads) {
            let html = cell.get(key).copied();
            let empty = if html.is_none_or(str::is_empty) { " is-empty" } else { "" };
            let _ = write!(
                out,
                "<div class=\"parallel-cell{empty}\" role=\"cell\" lang=\"{}\" dir=\"{}\">{head}",
                escape(&column.view.html_lang),
                escape(&column.view.dir),
            );
            out.push_str(html.unwrap_or_default());
            if anchored && html.is_some() {
                let label = escape(&column.open_label);
                let _ = write!(
                    out,
                    "<a class=\"parallel-open\" href=\"{}#{}\" title=\"{label}\" aria-label=\"{label}\">↗</a>",
                    escape(&column.view.url),
                    escape(key)
                );
            }
            out.push_str("</div>");
        }
        out.push_str("</div>\n");
    }
    out
}

/// Gives every id and same-page link of `html` the prefix `lang-`, and points relative links
/// and images one level up (the view lives in `parallel/` under the report), in one pass.
fn prefix_ids(html: &str, lang: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    for eq in memchr::memmem::find_iter(html.as_bytes(), b"=\"") {
        let value = eq + 2;
        let rest = &html[value..];
        let insert = if html[..eq].ends_with(" id") {
            Some((value, true))
        } else if html[..eq].ends_with(" href") || html[..eq].ends_with(" src") {
            match rest.as_bytes().first() {
                Some(b'#') if html[..eq].ends_with(" href") => Some((value + 1, true)),
                Some(b'/' | b'#' | b'"') | None => None,
                _ if is_relative(rest) => Some((value, false)),
                _ => None,
            }
        } else {
            None
        };
        if let Some((at, id)) = insert {
            out.push_str(&html[copied..at]);
            if id {
                out.push_str(lang);
                out.push('-');
            } else {
                out.push_str("../");
            }
            copied = at;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// A URL without a scheme (`chart.svg`, `../x/`), as opposed to `https:`, `mailto:` ….
fn is_relative(url: &str) -> bool {
    let end = url.find('"').unwrap_or(url.len());
    let url = &url[..end];
    match url.find(':') {
        Some(colon) => url[..colon].contains(['/', '?', '#']),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::prefix_ids;

    #[test]
    fn relative_links_and_images_point_one_level_up() {
        let html = r#"<img src="chart.svg" alt=""> <a href="../b/">b</a> <a href="https://undocs.org/zh/A/1">A/1</a> <a href="/zh/">h</a>"#;
        assert_eq!(
            prefix_ids(html, "zh"),
            r#"<img src="../chart.svg" alt=""> <a href="../../b/">b</a> <a href="https://undocs.org/zh/A/1">A/1</a> <a href="/zh/">h</a>"#
        );
    }

    #[test]
    fn prefixes_ids_and_fragment_links_only() {
        let html = r##"<div class="para" id="para-1"><a class="para-num" href="#para-1">1.</a> see <a href="/en/x/#para-2">x</a> &quot; id=&quot;</div>"##;
        assert_eq!(
            prefix_ids(html, "zh"),
            r##"<div class="para" id="zh-para-1"><a class="para-num" href="#zh-para-1">1.</a> see <a href="/en/x/#para-2">x</a> &quot; id=&quot;</div>"##
        );
    }
}
