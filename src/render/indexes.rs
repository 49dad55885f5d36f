//! Pages that list every report: the Atom feed per language and the sitemap. Each is a
//! template of the theme (`atom.xml`, `sitemap.xml`), given plain data.

use super::views::{FeedEntry, FeedPage, SitemapPage};
use super::{Page, Renderer};
use crate::config::Language;
use crate::error::Diagnostic;

impl Renderer<'_> {
    /// The Atom feed of `lang`.
    pub(super) fn feed(&self, lang: &Language) -> Result<Page, Diagnostic> {
        let routes = &self.routes;
        let feed_url = routes.feed(&lang.code);
        let mut entries: Vec<FeedEntry> = self
            .site
            .reports
            .iter()
            .filter_map(|r| {
                let v = r.version(&lang.code)?;
                // An Atom entry needs a date, and an undated report has none to give: it is
                // left out rather than given one it does not have.
                let date = v.meta.date?;
                Some(FeedEntry {
                    title: v.meta.title.clone(),
                    url: routes.canonical(&routes.report(&lang.code, &r.key())),
                    date: Some(date.to_string()),
                    symbol: v.meta.symbol.clone(),
                    status: v.meta.status,
                    alternates: Vec::new(),
                })
            })
            .collect();
        entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
        let updated = entries.iter().filter_map(|e| e.date.clone()).max().unwrap_or_else(|| "1970-01-01".into());
        let view = FeedPage {
            frame: self.frame(&feed_url, Vec::new(), false),
            entries,
            updated,
            feed_url: routes.canonical(&feed_url),
            home_url: routes.canonical(&routes.home(&lang.code)),
        };
        Ok(Page { path: routes.page_path(&feed_url), bytes: self.page(lang, &view, &[])? })
    }

    /// `sitemap.xml`: every report page with its translations as alternates.
    pub(super) fn sitemap(&self) -> Result<Page, Diagnostic> {
        let routes = &self.routes;
        let default = self.config().default_language();
        let mut entries = Vec::new();
        for r in &self.site.reports {
            let alternates = self.alternates(&r.versions, "", |code| routes.canonical(&routes.report(code, &r.key())));
            for v in &r.versions {
                entries.push(FeedEntry {
                    title: v.meta.title.clone(),
                    url: routes.canonical(&routes.report(&v.lang, &r.key())),
                    date: v.meta.date.map(|d| d.to_string()),
                    symbol: v.meta.symbol.clone(),
                    status: v.meta.status,
                    alternates: alternates.clone(),
                });
            }
        }
        let view = SitemapPage { frame: self.frame(routes.root(), Vec::new(), false), entries };
        Ok(Page { path: routes.page_path(&routes.sitemap()), bytes: self.page(default, &view, &[])? })
    }
}
