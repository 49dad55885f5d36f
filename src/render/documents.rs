//! The cited-documents index of a language (`/{lang}/documents/`): every symbol cited on the
//! site, in United Nations order, each with the reports and the places that cite it.
//!
//! The index borrows from what rendering the reports taught ([`PageSummary`]) instead of
//! copying titles and URLs per citation, and writes its entries as HTML here rather than
//! through a template loop: at a thousand reports it holds some fifteen thousand entries per
//! language, and looping over them in the template engine cost a fifth of the whole build.
//! The page around the entries is the theme's `documents.html`; the entries' markup is part
//! of the page contract (README).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use rayon::prelude::*;

use super::places::PlaceLabels;
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

/// A cited document and every report that cites it, in site order.
struct Entry<'s> {
    kind: Kind,
    symbol: &'s str,
    reports: Vec<Citing<'s>>,
    /// Places citing it, counted once however many language versions cite them: the same in
    /// every language's index.
    count: usize,
}

/// One report citing a document: the places of each of its language versions.
struct Citing<'s> {
    report: &'s ReportKey,
    /// `(summary, places)` per language version, in the site's language order.
    versions: Vec<(&'s PageSummary, Vec<Option<&'s markdown::Place>>)>,
}

/// The words of the index in one language, looked up once.
struct Labels {
    decision: String,
    cited_once: String,
    cited_times: String,
    places: PlaceLabels,
}

impl Renderer<'_> {
    /// The index of `lang`, in pages of [`INDEX_PAGE`] entries, rendered in parallel and each
    /// handed to `sink` as soon as it is ready.
    pub(super) fn documents(&self, lang: &Language, summaries: &[&PageSummary], sink: &impl Sink) -> Vec<Diagnostic> {
        let page_url = |n: usize| self.routes.documents(&lang.code, n);
        let entries = self.index_entries(summaries);
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
            places: PlaceLabels::new(t),
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
                let html = self.entries_html(chunk, lang, &labels);
                let result = self.page(lang, &view, &[&html]);
                result.and_then(|bytes| sink(Page { path, bytes })).err()
            })
            .collect()
    }

    /// Every symbol cited by any language version of any report, in UN order, with the places
    /// that cite it in each version: the same entries in every language's index.
    fn index_entries<'s>(&'s self, summaries: &[&'s PageSummary]) -> Vec<Entry<'s>> {
        let order = |code: &str| self.config().languages.iter().position(|l| l.code == code).unwrap_or(usize::MAX);
        let mut pages: Vec<&PageSummary> = summaries.iter().copied().filter(|s| !s.citations.is_empty()).collect();
        // Reports in site order (stable), their versions in the site's language order.
        let report_order: HashMap<ReportKey, usize> =
            self.site.reports.iter().enumerate().map(|(i, r)| (r.key(), i)).collect();
        pages.sort_by_key(|s| (report_order.get(&s.report).copied().unwrap_or(usize::MAX), order(&s.lang)));
        let mut entries: Vec<Entry> = Vec::new();
        let mut by_symbol: HashMap<(Kind, &str), usize> = HashMap::new();
        for page in pages {
            for c in &page.citations {
                let index = *by_symbol.entry((c.kind, c.symbol.as_str())).or_insert_with(|| {
                    entries.push(Entry { kind: c.kind, symbol: &c.symbol, reports: Vec::new(), count: 0 });
                    entries.len() - 1
                });
                let reports = &mut entries[index].reports;
                if reports.last().is_none_or(|r| r.report != &page.report) {
                    reports.push(Citing { report: &page.report, versions: Vec::new() });
                }
                let Some(citing) = reports.last_mut() else { continue };
                if citing.versions.last().is_none_or(|(s, _)| !std::ptr::eq(*s, page)) {
                    citing.versions.push((page, Vec::new()));
                }
                let Some((_, places)) = citing.versions.last_mut() else { continue };
                let anchor = c.anchor.as_ref();
                // Citations come in reading order, so a repeat of the same place is the last one.
                if places.last().is_none_or(|p| *p != anchor) {
                    places.push(anchor);
                }
            }
        }
        for entry in &mut entries {
            entry.count = entry
                .reports
                .iter()
                .map(|r| {
                    let ids: HashSet<Option<&str>> =
                        r.versions.iter().flat_map(|(_, p)| p.iter().map(|a| a.map(|a| a.id.as_str()))).collect();
                    ids.len()
                })
                .sum();
        }
        entries.sort_by_cached_key(|e| (e.kind == Kind::Decision, sort_key(e.symbol)));
        entries
    }

    /// The title of a cited document in `lang`: a report of the site with that symbol, or
    /// the site's `documents.yaml`, in `lang` or else in any language.
    fn cited_title(&self, symbol: &str, lang: &str) -> Option<(String, String)> {
        let held =
            self.site.reports.iter().find(|r| r.versions.iter().any(|v| v.meta.symbol.as_deref() == Some(symbol)));
        if let Some(report) = held {
            let v = report.version(lang).or_else(|| report.versions.first())?;
            return Some((v.meta.title.clone(), v.lang.clone()));
        }
        let titles = self.site.titles.get(symbol)?;
        titles
            .get(lang)
            .map(|t| (t.clone(), lang.to_string()))
            .or_else(|| titles.iter().next().map(|(l, t)| (t.clone(), l.clone())))
    }

    /// The entries of one page as HTML.
    fn entries_html(&self, entries: &[Entry], lang: &Language, labels: &Labels) -> String {
        let mut out = String::with_capacity(entries.len() * 1024);
        for (i, entry) in entries.iter().enumerate() {
            let view = self.cited_view(entry.symbol, entry.kind, lang);
            let title = self.cited_title(entry.symbol, &lang.code);
            // What the filter box matches: the symbol, its title and the citing reports.
            let mut filter = entry.symbol.to_lowercase();
            if let Some((t, _)) = &title {
                filter.push(' ');
                filter.push_str(&t.to_lowercase());
            }
            let citing: Vec<(String, Option<String>, String, String)> =
                entry.reports.iter().map(|r| self.citing_report(r.report, &lang.code)).collect();
            for (title, symbol, _, _) in &citing {
                filter.push(' ');
                filter.push_str(&title.to_lowercase());
                if let Some(s) = symbol {
                    filter.push(' ');
                    filter.push_str(&s.to_lowercase());
                }
            }
            let _ = write!(out, "<li class=\"doc-entry doc-{}\" id=\"doc-{}\" data-filter=\"", view.kind, i + 1);
            escape_into(&mut out, &filter);
            out.push_str("\">\n<p class=\"doc-symbol\">");
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
            if let Some((title, title_lang)) = &title {
                let _ = write!(
                    out,
                    " <span class=\"doc-title\" lang=\"{}\">",
                    escape(&self.language(title_lang).html_lang)
                );
                escape_into(&mut out, title);
                out.push_str("</span>");
            }
            out.push_str(" <span class=\"doc-count\">");
            match entry.count {
                1 => escape_into(&mut out, &labels.cited_once),
                n => escape_into(&mut out, &labels.cited_times.replace("{n}", &n.to_string())),
            }
            out.push_str("</span></p>\n<ul class=\"doc-citations\">\n");
            for (report, (title, symbol, url, title_lang)) in entry.reports.iter().zip(&citing) {
                out.push_str("<li><a class=\"doc-report\" href=\"");
                escape_into(&mut out, url);
                out.push_str("\">");
                if let Some(symbol) = symbol {
                    out.push_str("<bdi class=\"doc-report-symbol\">");
                    escape_into(&mut out, symbol);
                    out.push_str("</bdi> ");
                }
                let _ = write!(out, "<span class=\"doc-report-title\" lang=\"{}\">", escape(title_lang));
                escape_into(&mut out, title);
                out.push_str("</span></a>");
                for (page, places) in &report.versions {
                    let language = self.language(&page.lang);
                    let _ = write!(
                        out,
                        " <span class=\"doc-places\" data-lang=\"{}\"><span class=\"doc-lang\">",
                        escape(&language.code)
                    );
                    escape_into(
                        &mut out,
                        &self.theme.i18n.get(&lang.code, &format!("language_name_{}", language.code)),
                    );
                    out.push_str("</span>");
                    for anchor in places.iter().filter_map(|p| *p) {
                        out.push_str(" <a class=\"doc-anchor\" href=\"");
                        escape_into(&mut out, &page.url);
                        out.push('#');
                        escape_into(&mut out, &anchor.id);
                        out.push_str("\">");
                        escape_into(&mut out, &labels.places.label(anchor, &page.headings));
                        out.push_str("</a>");
                    }
                    out.push_str("</span>");
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n</li>\n");
        }
        out
    }

    /// Title, symbol and URL of a citing report in `lang` (its page in `lang` always exists:
    /// the report, or the page saying it is not available in that language).
    fn citing_report(&self, key: &ReportKey, lang: &str) -> (String, Option<String>, String, String) {
        let url = self.routes.report(lang, key);
        let version = self.site.report(key).and_then(|r| r.version(lang).or_else(|| r.versions.first()));
        match version {
            Some(v) => {
                let meta: &FrontMatter = &v.meta;
                (meta.title.clone(), meta.symbol.clone(), url, self.language(&v.lang).html_lang.clone())
            }
            None => (String::new(), None, url, String::new()),
        }
    }
}
