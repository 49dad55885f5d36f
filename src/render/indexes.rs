//! Pages built from every report at once: the cited-documents index, the Atom feed per
//! language and the sitemap. Each is a template of the theme (`documents.html`,
//! `atom.xml`, `sitemap.xml`), given plain data.

use std::collections::{BTreeMap, HashMap};

use super::views::{FeedEntry, IndexEntry, IndexPage, IndexPlace, IndexReport};
use super::{Page, PageSummary, Renderer, Sink, canonical, report_url, url_to_path};
use crate::config::Language;
use crate::error::Diagnostic;
use crate::symbol::{Kind, sort_key};

/// Entries per page of the cited-documents index: a site of thousands of reports cites
/// tens of thousands of documents, more than one page should carry.
pub const INDEX_PAGE: usize = 500;

impl Renderer<'_> {
    /// The cited-documents index of `lang`, in pages of [`INDEX_PAGE`] entries, each
    /// rendered and handed to `sink` before the next is built.
    pub(super) fn documents(&self, lang: &Language, summaries: &[PageSummary], sink: &impl Sink) -> Vec<Diagnostic> {
        let base = self.config().base_path();
        let first_url = format!("{base}{}/documents/", lang.code);
        let page_url = |n: usize| if n == 1 { first_url.clone() } else { format!("{first_url}{n}/") };
        let entries = self.index_entries(lang, summaries);
        let chunks: Vec<&[IndexEntry]> =
            if entries.is_empty() { vec![&[]] } else { entries.chunks(INDEX_PAGE).collect() };
        let pages: Vec<IndexPage> = chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| IndexPage {
                number: i + 1,
                url: page_url(i + 1),
                first: chunk.first().map(|e| e.symbol.clone()),
                last: chunk.last().map(|e| e.symbol.clone()),
                current: false,
            })
            .collect();
        let mut diags = Vec::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let url = page_url(i + 1);
            let mut context = self.base_context(lang, &url);
            context.insert("alternates", &self.language_alternates(|code| format!("{base}{code}/documents/")));
            context.insert("entries", chunk);
            let here: Vec<IndexPage> =
                pages.iter().map(|p| IndexPage { current: p.number == i + 1, ..p.clone() }).collect();
            context.insert("pages", &here);
            context.insert("has_code", &false);
            let result = self.theme.render("documents.html", &context, &self.site.root).and_then(|html| {
                sink(Page { path: format!("{}index.html", url_to_path(self.config(), &url)), bytes: html.into_bytes() })
            });
            diags.extend(result.err());
        }
        diags
    }

    /// The Atom feed of `lang`, as (output path, template, context).
    pub(super) fn feed(&self, lang: &Language) -> (String, &'static str, tera::Context) {
        let base = self.config().base_path();
        let feed_url = format!("{base}{}/atom.xml", lang.code);
        let mut context = self.base_context(lang, &feed_url);
        let mut entries: Vec<FeedEntry> = self
            .site
            .reports
            .iter()
            .filter_map(|r| {
                let v = r.version(&lang.code)?;
                Some(FeedEntry {
                    title: v.meta.title.clone(),
                    url: canonical(self.config(), &report_url(self.config(), &lang.code, r)),
                    date: v.meta.date.map(|d| d.to_string()),
                    symbol: v.meta.symbol.clone(),
                    status: v.meta.status,
                    alternates: Vec::new(),
                })
            })
            .collect();
        entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
        let updated = entries.iter().filter_map(|e| e.date.clone()).max().unwrap_or_else(|| "1970-01-01".into());
        context.insert("entries", &entries);
        context.insert("updated", &updated);
        context.insert("feed_url", &canonical(self.config(), &feed_url));
        context.insert("home_url", &canonical(self.config(), &format!("{base}{}/", lang.code)));
        (url_to_path(self.config(), &feed_url), "atom.xml", context)
    }

    /// Every symbol cited on the site, in UN order, with the places that cite it in `lang`.
    fn index_entries(&self, lang: &Language, summaries: &[PageSummary]) -> Vec<IndexEntry> {
        let mut by_symbol: BTreeMap<(Kind, String), Vec<IndexReport>> = BTreeMap::new();
        let reports: HashMap<String, &crate::content::Report> =
            self.site.reports.iter().map(|r| (r.key(), r)).collect();
        for s in summaries.iter().filter(|s| s.lang == lang.code) {
            let Some(version) = reports.get(&s.report).and_then(|r| r.version(&lang.code)) else { continue };
            for c in &s.citations {
                let url = match &c.anchor {
                    Some(a) => format!("{}#{a}", s.url),
                    None => s.url.clone(),
                };
                let list = by_symbol.entry((c.kind, c.symbol.clone())).or_default();
                if list.last().is_none_or(|r| r.url != s.url) {
                    list.push(IndexReport {
                        title: version.meta.title.clone(),
                        symbol: version.meta.symbol.clone(),
                        url: s.url.clone(),
                        places: Vec::new(),
                    });
                }
                let Some(report) = list.last_mut() else { continue };
                // Citations come in reading order, so a repeat of the same place is the last one.
                if report.places.last().is_none_or(|p| p.url != url) {
                    let label = c.anchor.as_deref().map(|a| self.anchor_label(a, &lang.code));
                    report.places.push(IndexPlace { url, anchor: c.anchor.clone(), label });
                }
            }
        }
        let mut entries: Vec<IndexEntry> = by_symbol
            .into_iter()
            .map(|((kind, symbol), reports)| {
                let view = self.cited_view(&symbol, kind, lang);
                let count = reports.iter().map(|r| r.places.len()).sum();
                IndexEntry { symbol, kind: view.kind, url: view.url, count, reports }
            })
            .collect();
        entries.sort_by_cached_key(|e| (e.kind == "decision", sort_key(&e.symbol)));
        entries
    }

    /// How a reader cites the place an anchor names: `第 15 (a) 段`, `para. 15 (a)`, `note 3`;
    /// a scoped paragraph keeps its scope (`annex · para. 3`), a heading its id.
    fn anchor_label(&self, anchor: &str, lang: &str) -> String {
        let t = |key: &str, n: &str| self.theme.i18n.get(lang, key).replace("{n}", n);
        if let Some(n) = anchor.strip_prefix("fn-") {
            return t("footnote_label", n);
        }
        let (scope, para) = match anchor.split_once("para-") {
            Some((scope, para)) if scope.is_empty() || scope.ends_with('-') => (scope.trim_end_matches('-'), para),
            _ => return anchor.to_string(),
        };
        let mut parts = para.split('-');
        let mut n = parts.next().unwrap_or_default().to_string();
        for sub in parts {
            n.push_str(&format!(" ({sub})"));
        }
        let label = t("paragraph_label", &n);
        if scope.is_empty() { label } else { format!("{scope} · {label}") }
    }

    /// `sitemap.xml`: every report page with its translations as alternates.
    pub(super) fn sitemap(&self) -> (String, &'static str, tera::Context) {
        let config = self.config();
        let default = config.default_language();
        let mut entries = Vec::new();
        for r in &self.site.reports {
            let alternates = self.alternates(r, "", |code| canonical(config, &report_url(config, code, r)));
            for v in &r.versions {
                entries.push(FeedEntry {
                    title: v.meta.title.clone(),
                    url: canonical(config, &report_url(config, &v.lang, r)),
                    date: v.meta.date.map(|d| d.to_string()),
                    symbol: v.meta.symbol.clone(),
                    status: v.meta.status,
                    alternates: alternates.clone(),
                });
            }
        }
        let mut context = self.base_context(default, &config.base_path());
        context.insert("entries", &entries);
        ("sitemap.xml".to_string(), "sitemap.xml", context)
    }
}
