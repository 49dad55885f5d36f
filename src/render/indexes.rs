//! Pages that list every report: the Atom feed per language and the sitemap. Each is a
//! template of the theme (`atom.xml`, `sitemap.xml`), given plain data.

use super::views::FeedEntry;
use super::{Renderer, canonical, report_url, url_to_path};
use crate::config::Language;

impl Renderer<'_> {
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
