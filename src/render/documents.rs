//! The cited-documents index of a language (`/{lang}/documents/`): every symbol cited on the
//! site, in United Nations order, each with the reports and the places that cite it.
//!
//! The index borrows from what rendering the reports taught ([`PageSummary`]) instead of
//! copying titles and URLs per citation, and writes its entries as HTML here rather than
//! through a template loop: at a thousand reports it holds some fifteen thousand entries per
//! language, and looping over them in the template engine cost a fifth of the whole build.
//! The page around the entries is the theme's `documents.html`; the entries' markup is part
//! of the page contract (README).

use std::collections::HashMap;
use std::fmt::Write as _;

use rayon::prelude::*;

use super::views::{DocumentsPage, IndexPage};
use super::{Page, PageSummary, Renderer, Sink};
use crate::config::Language;
use crate::content::FrontMatter;
use crate::error::Diagnostic;
use crate::markdown::{self, escape, escape_into};
use crate::routes::ReportKey;
use crate::symbol::{Kind, sort_key};

/// Entries per page of the index: a site of thousands of reports cites tens of thousands of
/// documents, more than one page should carry.
pub const INDEX_PAGE: usize = 500;

/// A cited document and every place that cites it, in site order.
struct Entry<'s> {
    kind: Kind,
    symbol: &'s str,
    places: Vec<Place<'s>>,
}

/// One place citing a document: the citing page (an index into [`Citing`]) and the anchor
/// of the paragraph, heading or note (none when the citation precedes every anchor).
struct Place<'s> {
    page: usize,
    anchor: Option<&'s markdown::Place>,
}

/// A citing page's part of the index, escaped once: a report cites dozens of documents and
/// is listed under each.
struct Citing {
    /// `<li><a class="doc-report" …>…</a><span class="doc-places">`.
    head: String,
    /// The page's URL, escaped.
    url: String,
}

/// The words of the index in one language, looked up once.
struct Labels {
    decision: String,
    cited_once: String,
    cited_times: String,
    paragraph: String,
    footnote: String,
}

impl Renderer<'_> {
    /// The index of `lang`, in pages of [`INDEX_PAGE`] entries, rendered in parallel and each
    /// handed to `sink` as soon as it is ready.
    pub(super) fn documents(&self, lang: &Language, summaries: &[&PageSummary], sink: &impl Sink) -> Vec<Diagnostic> {
        let page_url = |n: usize| self.routes.documents(&lang.code, n);
        let (entries, citing) = self.index_entries(lang, summaries);
        let chunks: Vec<&[Entry]> = if entries.is_empty() { vec![&[]] } else { entries.chunks(INDEX_PAGE).collect() };
        let pages: Vec<IndexPage> = chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| IndexPage {
                number: i + 1,
                url: page_url(i + 1),
                first: chunk.first().map(|e| e.symbol.to_string()),
                last: chunk.last().map(|e| e.symbol.to_string()),
                current: false,
            })
            .collect();
        let t = |key: &str| self.theme.i18n.get(&lang.code, key);
        let labels = Labels {
            decision: t("decision"),
            cited_once: t("cited_once"),
            cited_times: t("cited_times"),
            paragraph: t("paragraph_label"),
            footnote: t("footnote_label"),
        };
        let alternates = self.language_alternates(&lang.code, |code| self.routes.documents(code, 1));
        chunks
            .par_iter()
            .enumerate()
            .filter_map(|(i, chunk)| {
                let url = page_url(i + 1);
                let view = DocumentsPage {
                    frame: self.frame(&url, alternates.clone(), false),
                    count: chunk.len(),
                    pages: pages.iter().map(|p| IndexPage { current: p.number == i + 1, ..p.clone() }).collect(),
                };
                let path = self.routes.page_path(&url);
                let html = self.entries_html(chunk, &citing, lang, &labels);
                let result = self.page(lang, &view, &[&html]);
                result.and_then(|bytes| sink(Page { path, bytes })).err()
            })
            .collect()
    }

    /// Every symbol cited on the site, in UN order, with the places that cite it in `lang`;
    /// and the citing pages the places point into.
    fn index_entries<'s>(&'s self, lang: &Language, summaries: &[&'s PageSummary]) -> (Vec<Entry<'s>>, Vec<Citing>) {
        let metas: HashMap<ReportKey, &FrontMatter> =
            self.site.reports.iter().filter_map(|r| Some((r.key(), &r.version(&lang.code)?.meta))).collect();
        let mut entries: Vec<Entry> = Vec::new();
        let mut citing = Vec::new();
        let mut by_symbol: HashMap<(Kind, &str), usize> = HashMap::new();
        for page in summaries.iter().filter(|s| s.lang == lang.code) {
            let Some(&meta) = metas.get(&page.report) else { continue };
            if page.citations.is_empty() {
                continue;
            }
            let page_index = citing.len();
            citing.push(Citing { head: citing_head(page, meta), url: escape(&page.url) });
            for c in &page.citations {
                let index = *by_symbol.entry((c.kind, c.symbol.as_str())).or_insert_with(|| {
                    entries.push(Entry { kind: c.kind, symbol: &c.symbol, places: Vec::new() });
                    entries.len() - 1
                });
                let places = &mut entries[index].places;
                let anchor = c.anchor.as_ref();
                // Citations come in reading order, so a repeat of the same place is the last one.
                if places.last().is_none_or(|p| p.page != page_index || p.anchor != anchor) {
                    places.push(Place { page: page_index, anchor });
                }
            }
        }
        entries.sort_by_cached_key(|e| (e.kind == Kind::Decision, sort_key(e.symbol)));
        (entries, citing)
    }

    /// The entries of one page as HTML.
    fn entries_html(&self, entries: &[Entry], citing: &[Citing], lang: &Language, labels: &Labels) -> String {
        let mut out = String::with_capacity(entries.len() * 1024);
        for (i, entry) in entries.iter().enumerate() {
            let view = self.cited_view(entry.symbol, entry.kind, lang);
            let _ = write!(
                out,
                "<li class=\"doc-entry doc-{}\" id=\"doc-{}\">\n<p class=\"doc-symbol\">",
                view.kind,
                i + 1
            );
            match &view.url {
                Some(url) => {
                    out.push_str("<a class=\"undocs\" data-symbol=\"");
                    escape_into(&mut out, entry.symbol);
                    out.push_str("\" href=\"");
                    escape_into(&mut out, url);
                    out.push_str("\"><bdi>");
                    escape_into(&mut out, entry.symbol);
                    out.push_str("</bdi></a>");
                }
                None => {
                    out.push_str("<bdi>");
                    escape_into(&mut out, entry.symbol);
                    out.push_str("</bdi>");
                }
            }
            if entry.kind == Kind::Decision {
                out.push_str(" <span class=\"tag\">");
                escape_into(&mut out, &labels.decision);
                out.push_str("</span>");
            }
            out.push_str(" <span class=\"doc-count\">");
            match entry.places.len() {
                1 => escape_into(&mut out, &labels.cited_once),
                n => escape_into(&mut out, &labels.cited_times.replace("{n}", &n.to_string())),
            }
            out.push_str("</span></p>\n<ul class=\"doc-citations\">\n");
            for report in entry.places.chunk_by(|a, b| a.page == b.page) {
                let Some(page) = report.first().and_then(|p| citing.get(p.page)) else { continue };
                out.push_str(&page.head);
                for anchor in report.iter().filter_map(|p| p.anchor) {
                    out.push_str(" <a class=\"doc-anchor\" href=\"");
                    out.push_str(&page.url);
                    out.push('#');
                    escape_into(&mut out, &anchor.id);
                    out.push_str("\">");
                    escape_into(&mut out, &anchor_label(anchor, labels));
                    out.push_str("</a>");
                }
                out.push_str("</span></li>\n");
            }
            out.push_str("</ul>\n</li>\n");
        }
        out
    }
}

/// The start of a citing report's line under a document, up to its places.
fn citing_head(page: &PageSummary, meta: &FrontMatter) -> String {
    let mut head = String::from("<li><a class=\"doc-report\" href=\"");
    escape_into(&mut head, &page.url);
    head.push_str("\">");
    if let Some(symbol) = &meta.symbol {
        head.push_str("<bdi class=\"doc-report-symbol\">");
        escape_into(&mut head, symbol);
        head.push_str("</bdi> ");
    }
    head.push_str("<span class=\"doc-report-title\">");
    escape_into(&mut head, &meta.title);
    head.push_str("</span></a><span class=\"doc-places\">");
    head
}

/// How a reader cites a place: `第 15 (a) 段`, `para. 15 (a)`, `note 3`; a scoped paragraph
/// keeps its scope (`annex · para. 3`), a heading its id.
fn anchor_label(place: &markdown::Place, labels: &Labels) -> String {
    if let Some(mark) = &place.note {
        return labels.footnote.replace("{n}", mark);
    }
    let anchor = place.id.as_str();
    let (scope, para) = match anchor.split_once("para-") {
        Some((scope, para)) if scope.is_empty() || scope.ends_with('-') => (scope.trim_end_matches('-'), para),
        _ => return anchor.to_string(),
    };
    let mut parts = para.split('-');
    let mut n = parts.next().unwrap_or_default().to_string();
    for sub in parts {
        let _ = write!(n, " ({sub})");
    }
    let label = labels.paragraph.replace("{n}", &n);
    if scope.is_empty() { label } else { format!("{scope} · {label}") }
}
