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

use super::views::{ParallelCell, ParallelColumn, ParallelRow};
use super::{Page, Renderer, report_url, url_to_path};
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
    /// The side-by-side page in `lang`: that language and the default one (or, on the
    /// default language's page, the next language the report exists in).
    pub(super) fn parallel(&self, report: &Report, lang: &str, sides: &[Side]) -> Result<Page, Diagnostic> {
        let default = &self.config().default_language().code;
        let first = sides.iter().find(|s| s.version.lang == lang);
        let second = sides.iter().find(|s| s.version.lang != lang && (&s.version.lang == default || lang == default));
        let (Some(a), Some(b)) = (first, second.or_else(|| sides.iter().find(|s| s.version.lang != lang))) else {
            return Err(Diagnostic::file(
                crate::error::Severity::Error,
                &report.versions[0].path,
                "side-by-side view needs two versions",
            ));
        };
        let language = self.language(lang);
        let url = format!("{}parallel/", report_url(self.config(), lang, report));
        let columns: Vec<ParallelColumn> = [a, b]
            .iter()
            .map(|side| {
                let l = self.language(&side.version.lang);
                ParallelColumn {
                    lang: l.code.clone(),
                    name: l.name.clone(),
                    html_lang: l.html_lang.clone(),
                    dir: l.dir.clone(),
                    title: side.version.meta.title.clone(),
                    url: report_url(self.config(), &l.code, report),
                    footnotes: side.footnotes.clone(),
                }
            })
            .collect();
        let rows = rows([a, b], |code| {
            let l = self.language(code);
            (l.html_lang.clone(), l.dir.clone(), report_url(self.config(), code, report))
        });
        let mut context = self.base_context(language, &url);
        let alternates =
            self.alternates(report, lang, |code| format!("{}parallel/", report_url(self.config(), code, report)));
        context.insert("alternates", &alternates);
        context.insert("report", &self.report_view(report, &a.version.meta, lang, lang));
        context.insert("columns", &columns);
        let names: Vec<(String, String)> = columns.iter().map(|c| (c.lang.clone(), c.name.clone())).collect();
        let open_label = self.theme.i18n.get(lang, "open_in_page");
        let rows_html = rows_html(&rows, &names, &language.html_lang, &open_label);
        context.insert("has_code", &(a.has_code || b.has_code));
        let bytes = self.theme.render_page("parallel.html", context, &[("rows_html", &rows_html)], &self.site.root)?;
        Ok(Page { path: format!("{}index.html", url_to_path(self.config(), &url)), bytes })
    }
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

/// Rows in the order of the first version, with blocks found only in the second inserted
/// after their predecessor.
fn rows<'s>(sides: [&'s Side<'s>; 2], info: impl Fn(&str) -> (String, String, String)) -> Vec<ParallelRow<'s>> {
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
    let a_map: HashMap<&str, &str> = a.iter().map(|(k, _, h)| (k.as_str(), h.as_str())).collect();
    let b_map: HashMap<&str, &str> = b.iter().map(|(k, _, h)| (k.as_str(), h.as_str())).collect();
    order
        .into_iter()
        .map(|(key, anchored)| {
            let cells = [(sides[0].version, a_map.get(key).copied()), (sides[1].version, b_map.get(key).copied())]
                .into_iter()
                .map(|(v, html)| {
                    let (html_lang, dir, page_url) = info(&v.lang);
                    ParallelCell {
                        lang: v.lang.clone(),
                        html_lang,
                        dir,
                        html: html.unwrap_or_default(),
                        url: (anchored && html.is_some()).then(|| format!("{page_url}#{key}")),
                    }
                })
                .collect();
            let id = if anchored { key.to_string() } else { format!("row-{}", key.replace('~', "-")) };
            ParallelRow { id, anchored, cells }
        })
        .collect()
}

/// The rows as HTML, written here rather than by a template loop: a side-by-side page holds
/// every block of two versions, and looping over them in the template engine cost more than
/// the rest of the page together. The markup is part of the page contract (README).
fn rows_html(rows: &[ParallelRow], names: &[(String, String)], ui_lang: &str, open_label: &str) -> String {
    use std::fmt::Write as _;
    let size: usize = rows.iter().flat_map(|r| r.cells.iter().map(|c| c.html.len() + 200)).sum();
    let mut out = String::with_capacity(size);
    let open_label = escape(open_label);
    for row in rows {
        let anchored = if row.anchored { " is-anchored" } else { "" };
        let _ = write!(out, "<div class=\"parallel-row{anchored}\" id=\"{}\" role=\"row\">", escape(&row.id));
        for cell in &row.cells {
            let empty = if cell.html.is_empty() { " is-empty" } else { "" };
            let name = names.iter().find(|(l, _)| *l == cell.lang).map_or("", |(_, n)| n.as_str());
            let _ = write!(
                out,
                "<div class=\"parallel-cell{empty}\" role=\"cell\" lang=\"{}\" dir=\"{}\"><span class=\"parallel-lang\" aria-hidden=\"true\">{}</span>",
                escape(&cell.html_lang),
                escape(&cell.dir),
                escape(name)
            );
            out.push_str(cell.html);
            if let Some(url) = &cell.url {
                let _ = write!(
                    out,
                    "<a class=\"parallel-open\" href=\"{}\" lang=\"{}\" title=\"{open_label}\" aria-label=\"{open_label}\">↗</a>",
                    escape(url),
                    escape(ui_lang)
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
    let (mut copied, mut from) = (0, 0);
    while let Some(pos) = html[from..].find("=\"") {
        let eq = from + pos;
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
        from = value;
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
