//! The side-by-side view: two language versions of a report in aligned rows.
//!
//! Which block of one version is which of the other is [`crate::align`]'s business: blocks
//! numbered by the document (`para-15`, `sec-ii-a`) pair by id, the blocks between them by
//! content. This module turns rendered blocks into the aligner's units, writes the rows, and
//! says, with `file:line`, which blocks have no counterpart: their row is marked unmatched.
//!
//! Both versions' HTML carry the same ids, which may appear once per page: each column's
//! ids and same-page links are given a language prefix (`zh-para-15`) by rewriting the
//! ` id="` and ` href="#` attribute openings. This is safe on HTML we wrote ourselves, where
//! text never contains an unescaped `"`; the row itself carries the plain id, so
//! `…/parallel/#para-15` lands on the row.

use std::collections::{BTreeSet, HashSet};

use super::views::{ParallelColumn, ParallelPage};
use super::{Page, Renderer};
use crate::align::{self, Link, Row, Signals, Unit};
use crate::content::{Report, Version};
use crate::error::{Diagnostic, Severity};
use crate::markdown::{Rendered, escape};

/// One version of a report, ready for alignment and side-by-side pages: its blocks as the
/// aligner sees them and, for the pages, with their ids prefixed. Prepared once per version
/// and shared by the pages of every language.
pub(super) struct Side<'v> {
    version: &'v Version,
    units: Vec<Unit>,
    /// Where each block starts in the Markdown body, for warnings.
    offsets: Vec<usize>,
    /// Each block's HTML with its ids prefixed; empty when no page is made.
    html: Vec<String>,
    footnotes: String,
    has_code: bool,
}

impl<'v> Side<'v> {
    pub(super) fn lang(&self) -> &str {
        &self.version.lang
    }

    /// `pages`: whether side-by-side pages will be made (else only the alignment is checked).
    pub(super) fn new(version: &'v Version, r: &Rendered, pages: bool) -> Side<'v> {
        let mut units = Vec::with_capacity(r.blocks.len());
        let mut offsets = Vec::with_capacity(r.blocks.len());
        let mut html = Vec::with_capacity(if pages { r.blocks.len() } else { 0 });
        let mut anchors = r.anchors.iter().peekable();
        for block in &r.blocks {
            let text = r.html.get(block.html.clone()).unwrap_or_default();
            while anchors.next_if(|a| a.offset < block.source_offset).is_some() {}
            let anchor = anchors.peek().filter(|a| a.offset == block.source_offset);
            units.push(Unit {
                id: anchor.map(|a| a.id.clone()),
                fixed: anchor.is_some_and(|a| !a.positional),
                signals: signals_of(text),
            });
            offsets.push(block.source_offset);
            if pages {
                html.push(prefix_ids(text, &version.lang));
            }
        }
        let footnotes = if pages { prefix_ids(&r.footnotes, &version.lang) } else { String::new() };
        Side { version, units, offsets, html, footnotes, has_code: r.has_code }
    }
}

/// The pairs of versions shown side by side: each version with the default language's (the
/// default one with the next language the report exists in), in the site's language order.
fn pairs(sides: &[Side], default: &str) -> Vec<(usize, Option<(usize, usize)>)> {
    sides
        .iter()
        .enumerate()
        .map(|(i, side)| {
            let lang = side.lang();
            let partner = sides
                .iter()
                .position(|s| lang != default && s.version.lang == default)
                .or_else(|| sides.iter().position(|s| s.lang() != lang));
            (i, partner.map(|j| (i.min(j), i.max(j))))
        })
        .collect()
}

impl Renderer<'_> {
    /// The alignment of a report's language versions: the side-by-side pages (when `pages`),
    /// one per language it exists in, and a warning per block without a counterpart. A page
    /// shows that language and the default one (or, on the default language's page, the next
    /// language the report exists in). Columns follow the site's language order on every
    /// page, as the rows do when they stack on a phone, so pages that show the same two
    /// versions share their rows.
    pub(super) fn side_by_side(
        &self,
        report: &Report,
        sides: &[Side],
        pages: bool,
    ) -> (Vec<Result<Page, Diagnostic>>, Vec<Diagnostic>) {
        let default = &self.config().default_language().code;
        let mut aligned: Vec<((usize, usize), Vec<Row>, String)> = Vec::new();
        let mut out = Vec::with_capacity(sides.len());
        let mut warnings = Vec::new();
        for (i, pair) in pairs(sides, default) {
            let side = &sides[i];
            let Some(pair) = pair else {
                out.push(Err(Diagnostic::file(
                    Severity::Error,
                    &side.version.path,
                    "side-by-side view needs two versions",
                )));
                continue;
            };
            let k = match aligned.iter().position(|(p, _, _)| *p == pair) {
                Some(k) => k,
                None => {
                    let (a, b) = (&sides[pair.0], &sides[pair.1]);
                    let rows = align::align(&a.units, &b.units);
                    warnings.extend(unmatched_warnings([a, b], &rows));
                    let html = if pages {
                        let columns = [self.column(report, a), self.column(report, b)];
                        rows_html([a, b], &columns, &rows)
                    } else {
                        String::new()
                    };
                    aligned.push((pair, rows, html));
                    aligned.len() - 1
                }
            };
            if pages {
                let columns = [self.column(report, &sides[pair.0]), self.column(report, &sides[pair.1])];
                out.push(self.parallel(report, side.lang(), side, columns, &aligned[k].2));
            }
        }
        (out, warnings)
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
            unmatched_label: self.theme.i18n.get(&l.code, "unmatched_label"),
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
        let alternates = self.alternates(&report.versions, lang, |code| self.routes.parallel(code, &report.key()));
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
    /// What an empty cell says, in the column's language.
    unmatched_label: String,
    has_code: bool,
}

/// A warning per block that has no counterpart in the other version and is cited by its
/// place (a block numbered by the document is the structure check's), at its line, naming
/// the other file; with the counts of preambular paragraphs when they differ.
fn unmatched_warnings(sides: [&Side; 2], rows: &[Row]) -> Vec<Diagnostic> {
    let preambular =
        |s: &Side| s.units.iter().filter(|u| u.id.as_deref().is_some_and(|id| id.starts_with("pp-"))).count();
    let counts = [preambular(sides[0]), preambular(sides[1])];
    let mut texts: [Option<String>; 2] = [None, None];
    let mut out = Vec::new();
    for row in rows.iter().filter(|r| r.link == Link::Alone) {
        let (k, i) = match (row.a, row.b) {
            (Some(i), None) => (0, i),
            (None, Some(j)) => (1, j),
            _ => continue,
        };
        let (side, other) = (sides[k], sides[1 - k]);
        let unit = &side.units[i];
        if unit.fixed {
            continue;
        }
        let version = side.version;
        let text = texts[k].get_or_insert_with(|| std::fs::read_to_string(&version.path).unwrap_or_default());
        let at = version.body_offset + side.offsets[i];
        let name = unit.id.as_deref().map_or_else(|| String::from("a block"), |id| format!("`{id}`"));
        let mut message = String::new();
        if counts[0] != counts[1] && unit.id.as_deref().is_some_and(|id| id.starts_with("pp-")) {
            message = format!(
                "{} has {} preambular paragraphs, {} {}; ",
                sides[0].lang(),
                counts[0],
                sides[1].lang(),
                counts[1]
            );
        }
        message.push_str(&format!(
            "{} {name} has no counterpart in the {} version ({})",
            side.lang(),
            other.lang(),
            other.version.path.display()
        ));
        out.push(
            Diagnostic::at(Severity::Warning, &version.path, text, at..at + 1, message)
                .with_code("unaligned-block")
                .with_help(
                    "a paragraph was added, deleted or moved in one version, or the two differ too much \
                     (symbols, numbers, notes, length) to be paired; the side-by-side row is marked unmatched",
                ),
        );
    }
    out
}

/// What the aligner reads in a block's HTML: its text without the numbers and links we
/// added (paragraph references, note marks), the symbols it links and the notes it cites.
fn signals_of(html: &str) -> Signals {
    let mut text = String::new();
    let mut symbols = BTreeSet::new();
    let mut notes = BTreeSet::new();
    let mut skip_until: Option<&str> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip_until.is_none() {
            text.push_str(&rest[..lt]);
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = &rest[lt..gt];
        if let Some(symbol) = attribute(tag, "data-symbol") {
            symbols.insert(symbol.to_string());
        }
        if let Some(note) = attribute(tag, "href").and_then(|h| h.strip_prefix("#fn-")) {
            notes.insert(note.to_string());
        }
        match skip_until {
            Some(end) if tag.starts_with(end) => skip_until = None,
            None if tag.starts_with("<a class=\"para-") || tag.starts_with("<a class=\"heading-anchor") => {
                skip_until = Some("</a")
            }
            None if tag.starts_with("<sup class=\"footnote-ref") => skip_until = Some("</sup"),
            _ => {}
        }
        rest = &rest[gt..];
    }
    if skip_until.is_none() {
        text.push_str(rest);
    }
    Signals::of(&text, symbols, notes)
}

/// The value of `name="…"` in a tag we wrote.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// The rows as HTML, written here rather than by a template loop: a side-by-side page holds
/// every block of two versions, and looping over them in the template engine cost more than
/// the rest of the page together. The markup is part of the page contract (README).
fn rows_html(sides: [&Side; 2], columns: &[Column; 2], rows: &[Row]) -> String {
    use std::fmt::Write as _;
    let size: usize = sides.iter().flat_map(|s| s.html.iter().map(|h| h.len() + 200)).sum();
    let mut out = String::with_capacity(size);
    let heads: Vec<String> = columns
        .iter()
        .map(|c| format!("<span class=\"parallel-lang\" aria-hidden=\"true\">{}</span>", escape(&c.view.name)))
        .collect();
    // A row carries the first column's id, or the second's when that is not taken.
    let first_ids: HashSet<&str> = sides[0].units.iter().filter_map(|u| u.id.as_deref()).collect();
    for (n, row) in rows.iter().enumerate() {
        let id_a = row.a.and_then(|i| sides[0].units[i].id.as_deref());
        let id_b = row.b.and_then(|j| sides[1].units[j].id.as_deref());
        let id = match (id_a, id_b) {
            (Some(a), _) => escape(a),
            (None, Some(b)) if !first_ids.contains(b) => escape(b),
            (None, Some(b)) => format!("row-{}-{}", escape(sides[1].lang()), escape(b)),
            (None, None) => format!("row-{}", n + 1),
        };
        let class = match row.link {
            Link::Fixed => "parallel-row is-anchored",
            Link::Content(_) => "parallel-row",
            Link::Alone => "parallel-row is-unmatched",
        };
        let _ = write!(out, "<div class=\"{class}\" id=\"{id}\" role=\"row\">");
        for (k, ((column, side), head)) in columns.iter().zip(sides).zip(&heads).enumerate() {
            let index = if k == 0 { row.a } else { row.b };
            let html = index.and_then(|i| side.html.get(i)).map(String::as_str);
            let empty = if html.is_none_or(str::is_empty) { " is-empty" } else { "" };
            let _ = write!(
                out,
                "<div class=\"parallel-cell{empty}\" role=\"cell\" lang=\"{}\" dir=\"{}\">{head}",
                escape(&column.view.html_lang),
                escape(&column.view.dir),
            );
            match (html, index.and_then(|i| side.units[i].id.as_deref())) {
                (Some(html), Some(own)) => {
                    out.push_str(html);
                    let label = escape(&column.open_label);
                    let _ = write!(
                        out,
                        "<a class=\"parallel-open\" href=\"{}#{}\" title=\"{label}\" aria-label=\"{label}\">↗</a>",
                        escape(&column.view.url),
                        escape(own)
                    );
                }
                (Some(html), None) => out.push_str(html),
                (None, _) => {
                    let _ = write!(out, "<p class=\"parallel-unmatched\">{}</p>", escape(&column.unmatched_label));
                }
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
