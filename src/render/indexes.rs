//! Pages built from every report at once: the cited-documents index, the Atom feed per
//! language and the sitemap. Each is a template of the theme (`documents.html`,
//! `atom.xml`, `sitemap.xml`), given plain data.

use std::collections::{BTreeMap, HashMap};

use super::views::{Alternate, FeedEntry, IndexCitation, IndexEntry};
use super::{PageSummary, Renderer, canonical, report_url, url_to_path};
use crate::config::Language;
use crate::symbol::{Kind, sort_key};

impl Renderer<'_> {
    /// The cited-documents index and the feed of `lang`, as (output path, template, context).
    pub(super) fn indexes(
        &self,
        lang: &Language,
        summaries: &[PageSummary],
    ) -> Vec<(String, &'static str, tera::Context)> {
        let base = self.config().base_path();
        let url = format!("{base}{}/documents/", lang.code);
        let mut context = self.base_context(lang, &url);
        context.insert("alternates", &self.language_alternates(|code| format!("{base}{code}/documents/")));
        context.insert("entries", &self.index_entries(lang, summaries));
        context.insert("has_code", &false);
        let documents = (format!("{}index.html", url_to_path(self.config(), &url)), "documents.html", context);

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
        let feed = (url_to_path(self.config(), &feed_url), "atom.xml", context);
        vec![documents, feed]
    }

    /// Every symbol cited on the site, in UN order, with the places that cite it in `lang`.
    fn index_entries(&self, lang: &Language, summaries: &[PageSummary]) -> Vec<IndexEntry> {
        let mut by_symbol: BTreeMap<(Kind, String), Vec<IndexCitation>> = BTreeMap::new();
        let reports: HashMap<String, &crate::content::Report> =
            self.site.reports.iter().map(|r| (r.key(), r)).collect();
        for s in summaries.iter().filter(|s| s.lang == lang.code) {
            let Some(report) = reports.get(&s.report) else { continue };
            let Some(version) = report.version(&lang.code) else { continue };
            for c in &s.citations {
                let url = match &c.anchor {
                    Some(a) => format!("{}#{a}", s.url),
                    None => s.url.clone(),
                };
                let list = by_symbol.entry((c.kind, c.symbol.clone())).or_default();
                // Citations come in reading order, so a repeat of the same place is the last one.
                if list.last().is_none_or(|e| e.url != url) {
                    list.push(IndexCitation {
                        report_title: version.meta.title.clone(),
                        report_symbol: version.meta.symbol.clone(),
                        url,
                        anchor: c.anchor.clone(),
                    });
                }
            }
        }
        let mut entries: Vec<IndexEntry> = by_symbol
            .into_iter()
            .map(|((kind, symbol), citations)| {
                let view = self.cited_view(&symbol, kind, lang);
                IndexEntry { symbol, kind: view.kind, url: view.url, count: citations.len(), citations }
            })
            .collect();
        entries.sort_by_cached_key(|e| (e.kind == "decision", sort_key(&e.symbol)));
        entries
    }

    /// `sitemap.xml`: every report page with its translations as alternates.
    pub(super) fn sitemap(&self) -> (String, &'static str, tera::Context) {
        let config = self.config();
        let default = config.default_language();
        let mut entries = Vec::new();
        for r in &self.site.reports {
            let alternates: Vec<Alternate> = r
                .versions
                .iter()
                .map(|v| {
                    let l = self.language(&v.lang);
                    Alternate {
                        code: l.code.clone(),
                        name: l.name.clone(),
                        html_lang: l.html_lang.clone(),
                        url: canonical(config, &report_url(config, &l.code, r)),
                        current: false,
                    }
                })
                .collect();
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
