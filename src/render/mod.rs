//! Rendering: reports, listings and the fixed pages, through the theme's templates.
//!
//! Each function takes the loaded [`Site`] and the [`Theme`] by reference and produces
//! [`Page`]s, values that the caller writes: `build` to a fresh directory, `serve` to its
//! live one, `check` nowhere. Reports render in parallel, one report (all its languages)
//! per job, since its translations' pages, its fallback pages and its side-by-side pages
//! depend on it alone. A report's body is read from disk here and its HTML handed on at
//! once, so only metadata ([`PageSummary`]) accumulates in memory.

mod documents;
mod engine;
mod indexes;
mod masthead;
mod parallel;
mod places;
mod redline;
mod revisions;
mod search;
pub mod views;

pub use engine::{Output, Plan, RenderRecord};
pub use search::index_pages;

use std::path::Path;

use rayon::prelude::*;

use crate::config::{Config, Language};
use crate::content::{FrontMatter, Report, Site, Stamp, Version};
use crate::error::{Diagnostic, Severity};
use crate::markdown::{self, Labels, PageContext, Place, Rendered, Source};
use crate::routes::{ReportKey, Routes, decision_url, undocs_url};
use crate::symbol::{Kind, Recogniser};
use crate::theme::Theme;
use views::{
    Alternate, CitedView, FallbackPage, Frame, HomePage, LanguageFrame, LanguageView, NotFoundPage, PageView,
    RedirectPage, ReportPage, ReportView, Row, SectionPage, SectionView, TextView,
};

/// A rendered output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path inside the output directory, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What rendering one report version taught us, kept for `check`, listings and indexes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSummary {
    pub report: ReportKey,
    pub lang: String,
    pub url: String,
    /// Every id on the page, sorted.
    pub ids: Vec<String>,
    /// The ids of its notes and note references, sorted: not part of its structure.
    pub note_ids: Vec<String>,
    /// `(id, text)` of every heading, to label the places of the documents index.
    pub headings: Vec<(String, String)>,
    /// The ids given by place (`pp-4`, `australia-p-2`), sorted: their versions are compared
    /// by alignment, not by id.
    pub place_ids: Vec<String>,
    pub citations: Vec<Cited>,
    /// Links inside the site, with their byte offset in the file, for `check`.
    pub links: Vec<(String, usize)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A symbol cited on a page, with the anchor of the paragraph or heading that cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub symbol: String,
    pub kind: Kind,
    /// The paragraph, heading or note that cites it; none before the first of them.
    pub anchor: Option<Place>,
    /// Byte offset of the citation in the source file, for `check`'s warnings.
    pub offset: usize,
}

/// A page sink: `build` writes, `check` drops.
pub trait Sink: Fn(Page) -> Result<(), Diagnostic> + Sync {}
impl<F: Fn(Page) -> Result<(), Diagnostic> + Sync> Sink for F {}

/// Shared, read-only inputs of every render function.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// Compiled once per configuration: `serve` keeps one between rebuilds.
    recogniser: &'a Recogniser,
    /// Every URL and output path.
    routes: Routes,
    /// The variables every page of a language gets, by the configuration's language order:
    /// built once rather than for each of thousands of pages.
    bases: Vec<tera::Context>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, recogniser: &'a Recogniser) -> Self {
        let config = &site.config;
        let languages: Vec<LanguageView> = config.languages.iter().map(LanguageView::from).collect();
        let routes = Routes::new(config);
        let bases = config
            .languages
            .iter()
            .map(|lang| {
                let frame = LanguageFrame {
                    lang: &lang.code,
                    default_lang: &config.default_language().code,
                    base_path: routes.root(),
                    site_title: lang.title.clone().unwrap_or_else(|| theme.i18n.get(&lang.code, "site_title")),
                    search_url: if config.search { routes.search(&lang.code) } else { String::new() },
                    languages: &languages,
                    language: LanguageView::from(lang),
                    emblem_url: theme
                        .statics
                        .contains_key("emblem.svg")
                        .then(|| format!("{}static/emblem.svg", routes.root())),
                };
                tera::Context::from_serialize(&frame).unwrap_or_default()
            })
            .collect();
        Renderer { site, theme, recogniser, bases, routes }
    }

    fn config(&self) -> &Config {
        &self.site.config
    }

    /// Every page of one report: each language version, a page for each configured language
    /// it lacks, and the side-by-side pages. This is the unit the watcher re-renders.
    fn report_pages(&self, report: &Report, sink: &impl Sink) -> Vec<PageSummary> {
        // Versions are aligned whenever there are two, to warn of blocks without a
        // counterpart; their side-by-side pages are made when the site wants them.
        let keep_bodies = report.versions.len() > 1;
        let pages = self.config().side_by_side;
        let history = Self::has_history(report);
        let mut summaries = Vec::with_capacity(report.versions.len());
        let mut bodies = Vec::new();
        let mut texts = std::collections::BTreeMap::new();
        for version in &report.versions {
            let (page, summary, rendered) = self.version(report, version);
            if history && let Some(r) = &rendered {
                texts.insert(version.lang.clone(), redline::Texts::of(r));
            }
            let mut summary = summary;
            if let Some(page) = page
                && let Err(d) = sink(page)
            {
                summary.diagnostics.push(d);
            }
            if keep_bodies && let Some(r) = rendered {
                bodies.push(parallel::Side::new(version, &r, pages));
            }
            summaries.push(summary);
        }
        let mut extra = Vec::new();
        for lang in &self.config().languages {
            if report.version(&lang.code).is_none() {
                extra.push(self.fallback(report, lang));
            }
        }
        if bodies.len() > 1 {
            let (parallel, warnings) = self.side_by_side(report, &bodies, pages);
            extra.extend(parallel);
            if let Some(first) = summaries.first_mut() {
                first.diagnostics.extend(warnings);
            }
        }
        if history {
            extra.extend(self.revision_pages(report, &texts));
        }
        for version in &report.versions {
            extra.extend(version.meta.aliases.iter().map(|alias| self.alias(report, version, alias)));
        }
        for result in extra {
            match result.and_then(sink) {
                Ok(()) => {}
                Err(d) => summaries.first_mut().map_or((), |s| s.diagnostics.push(d)),
            }
        }
        summaries
    }

    fn version(&self, report: &Report, version: &Version) -> (Option<Page>, PageSummary, Option<Rendered>) {
        let key = report.key();
        let url = self.routes.report(&version.lang, &key);
        let alternates = self.alternates(&report.versions, &version.lang, |code| self.routes.report(code, &key));
        self.text_page(report, version, &url, alternates, self.history(report, &version.lang))
    }

    /// The page at `url` of a text of `report` (its current text or a revision), what it
    /// taught, and its rendering.
    fn text_page(
        &self,
        report: &Report,
        version: &Version,
        url: &str,
        alternates: Vec<Alternate>,
        history: revisions::History,
    ) -> (Option<Page>, PageSummary, Option<Rendered>) {
        let lang = self.language(&version.lang);
        let mut summary = PageSummary {
            report: report.key(),
            lang: lang.code.clone(),
            url: url.to_string(),
            ..PageSummary::default()
        };
        let Some(mut rendered) = self.body(
            &version.path,
            version.body_offset,
            version.stamp,
            lang,
            Some(&version.meta),
            &mut summary.diagnostics,
        ) else {
            return (None, summary, None);
        };
        summary.ids = std::mem::take(&mut rendered.ids);
        summary.note_ids = std::mem::take(&mut rendered.note_ids);
        summary.place_ids = rendered.anchors.iter().filter(|a| a.positional).map(|a| a.id.clone()).collect();
        summary.place_ids.sort();
        summary.headings = rendered.toc.iter().map(|t| (t.id.clone(), t.text.clone())).collect();
        summary.links = rendered.links.iter().map(|(d, o)| (d.clone(), o + version.body_offset)).collect();
        summary.citations = rendered
            .citations
            .iter()
            .map(|c| Cited {
                symbol: c.symbol.clone(),
                kind: c.kind,
                anchor: rendered.anchor_at(c.offset),
                offset: c.offset + version.body_offset,
            })
            .collect();
        summary.diagnostics.append(&mut rendered.diagnostics);

        let view = ReportPage {
            frame: self.frame(url, alternates, rendered.has_code),
            report: self.report_view(report, &version.meta, &lang.code, &lang.code),
            toc: rendered.toc.iter().filter(|t| t.level <= 4).collect(),
            cited: self.cited_views(&summary.citations, lang),
            revision: history.revision,
            revisions: history.revisions,
            changes_url: history.changes_url,
            base: history.base,
        };
        let slots = [rendered.html.as_str(), rendered.footnotes.as_str()];
        match self.page(lang, &view, &slots) {
            Ok(bytes) => {
                let page = Page { path: self.routes.page_path(url), bytes };
                (Some(page), summary, Some(rendered))
            }
            Err(d) => {
                summary.diagnostics.push(d);
                (None, summary, None)
            }
        }
    }

    /// Renders a Markdown body read from `path`.
    fn body(
        &self,
        path: &Path,
        body_offset: usize,
        stamp: Stamp,
        lang: &Language,
        report: Option<&crate::content::FrontMatter>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Rendered> {
        // A report's organ reads "its resolutions"; its kind numbers its preamble.
        let organ = report.and_then(|m| m.organ.as_deref()).and_then(crate::symbol::organ_named);
        let kind = report.map(|m| m.kind);
        let text = match crate::content::read_again(path, stamp) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let labels = self.labels(&lang.code);
        let base_path = self.routes.root();
        let ctx = PageContext {
            source: Source { path, text: &text, body_offset },
            lang: &lang.code,
            undocs_segment: &lang.undocs,
            decision_url: self.config().symbols.decision_url.as_deref(),
            recogniser: self.recogniser,
            organ,
            kind,
            labels: &labels,
            base_path,
            unsafe_html: self.config().unsafe_html,
        };
        Some(markdown::render(text.get(body_offset..).unwrap_or_default(), &ctx))
    }

    /// A page at an old address (`aliases:` in the front matter) that sends the reader on to
    /// the report.
    fn alias(&self, report: &Report, version: &Version, alias: &str) -> Result<Page, Diagnostic> {
        let lang = self.language(&version.lang);
        let target = self.routes.report(&lang.code, &report.key());
        let Some(path) = Routes::alias_path(alias) else {
            return Err(Diagnostic::file(
                Severity::Error,
                &version.path,
                format!("alias `{alias}` is not a path inside the site"),
            )
            .with_help("write aliases as site paths such as `/reports/old-name/`"));
        };
        let view =
            RedirectPage { frame: self.frame(&target, Vec::new(), false), redirect_to: target, choose_language: false };
        Ok(Page { path, bytes: self.page(lang, &view, &[])? })
    }

    /// The page of a report in a language it does not exist in: never a 404.
    fn fallback(&self, report: &Report, lang: &Language) -> Result<Page, Diagnostic> {
        let first = report.versions.first().ok_or_else(|| {
            Diagnostic::file(Severity::Error, Path::new(&report.key().to_string()), "report without versions")
        })?;
        let url = self.routes.report(&lang.code, &report.key());
        let alternates = self.alternates(&report.versions, &lang.code, |code| self.routes.report(code, &report.key()));
        let view = FallbackPage {
            frame: self.frame(&url, alternates, false),
            report: self.report_view(report, &first.meta, &lang.code, &first.lang),
        };
        Ok(Page { path: self.routes.page_path(&url), bytes: self.page(lang, &view, &[])? })
    }

    /// Every page that depends on more than one report (home, sections, the cited-documents
    /// index, sitemap, feeds, 404, the root redirect), each handed to `sink` as soon as it is
    /// rendered, so that the large ones are never all in memory at once. `summaries` are what
    /// rendering the reports taught, for the pages that list what reports contain.
    fn site_pages_to(&self, summaries: &[&PageSummary], sink: &impl Sink) -> Vec<Diagnostic> {
        let (mut diags, documents) = rayon::join(|| self.listing_pages_to(sink), || self.documents_to(summaries, sink));
        diags.extend(documents);
        diags
    }

    /// The pages that depend on reports' metadata alone: home and section pages, feeds,
    /// sitemap, 404 and the root redirect. A build renders them while the reports render.
    fn listing_pages_to(&self, sink: &impl Sink) -> Vec<Diagnostic> {
        let languages = &self.config().languages;
        let jobs: Vec<Option<&Language>> = languages.iter().map(Some).chain(std::iter::once(None)).collect();
        jobs.par_iter()
            .flat_map_iter(|job| {
                let pages = match job {
                    Some(lang) => self.language_pages(lang),
                    None => {
                        let root = self.routes.root();
                        let default = self.config().default_language();
                        let not_found = NotFoundPage { frame: self.frame(root, Vec::new(), false) };
                        let redirect = RedirectPage {
                            frame: self.frame(root, Vec::new(), false),
                            redirect_to: self.routes.home(&default.code),
                            choose_language: true,
                        };
                        vec![
                            self.page(default, &not_found, &[])
                                .map(|bytes| Page { path: self.routes.page_path(&self.routes.not_found()), bytes }),
                            self.page(default, &redirect, &[])
                                .map(|bytes| Page { path: self.routes.page_path(root), bytes }),
                            self.sitemap(),
                        ]
                    }
                };
                pages.into_iter().filter_map(|page| page.and_then(sink).err())
            })
            .collect()
    }

    /// The cited-documents index of every language, from what rendering the reports taught.
    fn documents_to(&self, summaries: &[&PageSummary], sink: &impl Sink) -> Vec<Diagnostic> {
        let languages = &self.config().languages;
        languages.par_iter().flat_map_iter(|lang| self.documents(lang, summaries, sink)).collect()
    }

    /// The home page, section pages and feed of one language.
    fn language_pages(&self, lang: &Language) -> Vec<Result<Page, Diagnostic>> {
        let mut diags = Vec::new();
        let mut pages = Vec::new();
        let sections: Vec<SectionView> = self.site.sections.iter().map(|s| self.section_view(&s.slug, lang)).collect();
        for section in &self.site.sections {
            let Some(view) = sections.iter().find(|v| v.slug == section.slug).cloned() else { continue };
            let (title, content) = self.text_of(section.texts.get(&lang.code), lang, "", &mut diags);
            let title = if title.is_empty() { view.title.clone() } else { title };
            let alternates = self.language_alternates(&lang.code, |code| self.routes.section(code, &section.slug));
            let path = self.routes.page_path(&view.url);
            let page = SectionPage {
                frame: self.frame(&view.url, alternates, false),
                section: SectionView { title, content, ..view },
            };
            pages.push(self.page(lang, &page, &[]).map(|bytes| Page { path, bytes }));
        }
        let not_found_url = self.routes.not_found_in(&lang.code);
        let not_found = NotFoundPage { frame: self.frame(&not_found_url, Vec::new(), false) };
        let path = self.routes.page_path(&not_found_url);
        pages.push(self.page(lang, &not_found, &[]).map(|bytes| Page { path, bytes }));
        let home_url = self.routes.home(&lang.code);
        let (title, content) = self.text_of(self.site.home.get(&lang.code), lang, "site_title", &mut diags);
        let alternates = self.language_alternates(&lang.code, |code| self.routes.home(code));
        let home =
            HomePage { frame: self.frame(&home_url, alternates, false), home: TextView { title, content }, sections };
        let path = self.routes.page_path(&home_url);
        pages.push(self.page(lang, &home, &[]).map(|bytes| Page { path, bytes }));
        pages.push(self.feed(lang));
        pages.extend(self.search_page(lang));
        pages.extend(diags.into_iter().map(Err));
        pages
    }

    /// The theme's static files, under `static/`.
    fn statics(&self) -> Vec<Page> {
        let theme = self
            .theme
            .statics
            .iter()
            .map(|(path, (_, bytes))| Page { path: format!("static/{path}"), bytes: bytes.clone() });
        let assets = self.site.reports.iter().flat_map(|r| {
            r.assets.iter().filter_map(move |a| {
                let bytes = std::fs::read(a).ok()?;
                let name = a.file_name()?.to_string_lossy().into_owned();
                Some(self.config().languages.iter().map(move |l| Page {
                    path: self.routes.asset_path(&l.code, &r.key(), &name),
                    bytes: bytes.clone(),
                }))
            })
        });
        theme.chain(assets.flatten()).collect()
    }

    fn language(&self, code: &str) -> &Language {
        self.config().language(code).unwrap_or_else(|| self.config().default_language())
    }

    fn labels(&self, lang: &str) -> Labels {
        let t = |k: &str| self.theme.i18n.get(lang, k);
        Labels {
            heading_link: t("heading_link_label"),
            paragraph_link: t("paragraph_link_label"),
            footnote_backref: t("footnote_backref_label"),
            table: t("table_label"),
            preambular: t("preambular_label"),
            block_link: t("block_link_label"),
        }
    }

    /// The variables every page gets that depend on the page.
    fn frame(&self, url: &str, alternates: Vec<Alternate>, has_code: bool) -> Frame {
        Frame { page_url: url.to_string(), canonical_url: self.routes.canonical(url), alternates, has_code }
    }

    /// Renders `view` in `lang` with the HTML of its template's slots, in their order.
    fn page<V: PageView>(&self, lang: &Language, view: &V, slots: &[&str]) -> Result<Vec<u8>, Diagnostic> {
        let index = self.config().languages.iter().position(|l| l.code == lang.code);
        let mut context = index.and_then(|i| self.bases.get(i)).cloned().unwrap_or_default();
        let page = tera::Context::from_serialize(view).map_err(|e| {
            Diagnostic::file(Severity::Error, Path::new(V::TEMPLATE), format!("the page's variables: {e}"))
        })?;
        context.extend(page);
        if V::SLOTS.is_empty() {
            return self.theme.render(V::TEMPLATE, &context, &self.site.root).map(String::into_bytes);
        }
        let slots: Vec<(&'static str, &str)> = V::SLOTS.iter().copied().zip(slots.iter().copied()).collect();
        self.theme.render_page(V::TEMPLATE, context, &slots, &self.site.root)
    }

    /// The versions a text exists in, as links from a page in `current`; `url` gives the
    /// address of the page in a language.
    fn alternates(&self, versions: &[Version], current: &str, url: impl Fn(&str) -> String) -> Vec<Alternate> {
        versions
            .iter()
            .map(|v| self.language(&v.lang))
            .map(|l| Alternate::new(l, url(&l.code), l.code == current))
            .collect()
    }

    /// Every language's version of a site page, from a page in `current`.
    fn language_alternates(&self, current: &str, url: impl Fn(&str) -> String) -> Vec<Alternate> {
        self.config().languages.iter().map(|l| Alternate::new(l, url(&l.code), l.code == current)).collect()
    }

    /// A report's metadata for a page in `lang`; `text_lang` is the language of `meta`.
    fn report_view(&self, report: &Report, meta: &FrontMatter, lang: &str, text_lang: &str) -> ReportView {
        ReportView {
            title: meta.title.clone(),
            symbol: meta.symbol.clone(),
            kind: meta.kind,
            date: meta.date.map(|d| d.to_string()),
            date_display: meta.date.map(|d| self.format_date(d, lang)),
            status: meta.status,
            original: meta.original.clone(),
            original_name: meta.original.as_ref().map(|o| self.theme.i18n.get(lang, &format!("language_name_{o}"))),
            translation: meta.translation,
            distribution: meta.distribution.clone(),
            session: meta.session.clone(),
            agenda_item: meta.agenda_item.clone(),
            organ: meta.organ.clone(),
            extra: meta.extra.clone(),
            masthead: self.masthead(meta, text_lang),
            section: report.section.clone(),
            slug: report.slug.clone(),
            url: self.routes.report(lang, &report.key()),
            parallel_url: (self.config().side_by_side && report.versions.len() > 1 && report.version(lang).is_some())
                .then(|| self.routes.parallel(lang, &report.key())),
            lang: text_lang.to_string(),
        }
    }

    /// The documents a page cites, once each, in order of first citation.
    fn cited_views(&self, citations: &[Cited], lang: &Language) -> Vec<CitedView> {
        let mut seen = std::collections::HashSet::new();
        citations
            .iter()
            .filter(|c| seen.insert((c.kind, c.symbol.as_str())))
            .map(|c| self.cited_view(&c.symbol, c.kind, lang))
            .collect()
    }

    fn cited_view(&self, symbol: &str, kind: Kind, lang: &Language) -> CitedView {
        let url = match kind {
            Kind::Decision => self.config().symbols.decision_url.as_ref().map(|t| decision_url(t, symbol, &lang.code)),
            _ => Some(undocs_url(&lang.undocs, symbol)),
        };
        let kind = match kind {
            Kind::Document => "document",
            Kind::Resolution => "resolution",
            Kind::Decision => "decision",
        };
        CitedView { symbol: symbol.to_string(), kind, url }
    }

    /// Rows of a section's listing in `lang`, newest first; reports missing in `lang` are
    /// listed too, marked, with their first version's title.
    fn section_view(&self, slug: &str, lang: &Language) -> SectionView {
        let mut rows: Vec<(Option<chrono::NaiveDate>, i64, Row)> = self
            .site
            .reports
            .iter()
            .filter(|r| r.section == slug)
            .filter_map(|r| {
                let version = r.version(&lang.code).or_else(|| r.versions.first())?;
                let meta = &version.meta;
                let row = Row {
                    title: meta.title.clone(),
                    symbol: meta.symbol.clone(),
                    kind: meta.kind,
                    date: meta.date.map(|d| d.to_string()),
                    date_display: meta.date.map(|d| self.format_date(d, &lang.code)),
                    status: meta.status,
                    url: self.routes.report(&lang.code, &r.key()),
                    translation: meta.translation,
                    available: version.lang == lang.code,
                    languages: r.versions.iter().map(|v| v.lang.clone()).collect(),
                    versions: self.alternates(&r.versions, &lang.code, |code| self.routes.report(code, &r.key())),
                };
                Some((meta.date, meta.weight, row))
            })
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then_with(|| a.2.title.cmp(&b.2.title)));
        let title = self
            .site
            .sections
            .iter()
            .find(|s| s.slug == slug)
            .and_then(|s| s.texts.get(&lang.code))
            .map(|t| t.meta.title.clone())
            .filter(|t| !t.is_empty())
            .or_else(|| self.theme.i18n.lookup(&lang.code, &format!("section_{slug}")))
            .unwrap_or_else(|| slug.to_string());
        SectionView {
            slug: slug.to_string(),
            title,
            url: self.routes.section(&lang.code, slug),
            content: String::new(),
            reports: rows.into_iter().map(|(_, _, r)| r).collect(),
        }
    }

    /// Title and rendered body of a home or section text; empty when there is none.
    fn text_of(
        &self,
        text: Option<&crate::content::Text>,
        lang: &Language,
        title_key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> (String, String) {
        let fallback_title =
            if title_key.is_empty() { String::new() } else { self.theme.i18n.get(&lang.code, title_key) };
        let Some(text) = text else { return (fallback_title, String::new()) };
        let Some(r) = self.body(&text.path, text.body_offset, text.stamp, lang, None, diags) else {
            return (fallback_title, String::new());
        };
        diags.extend(r.diagnostics);
        let title = if text.meta.title.is_empty() { fallback_title } else { text.meta.title.clone() };
        (title, r.html + &r.footnotes)
    }

    /// A date in the page's language, from the theme's `date_format` and month names.
    pub fn format_date(&self, date: chrono::NaiveDate, lang: &str) -> String {
        use chrono::Datelike;
        let t = |k: &str| self.theme.i18n.get(lang, k);
        t("date_format")
            .replace("{year}", &date.year().to_string())
            .replace("{month_name}", &t(&format!("month_{}", date.month())))
            .replace("{month}", &date.month().to_string())
            .replace("{day}", &date.day().to_string())
    }
}

/// Warn when nothing would be built, which is almost always a wrong `--root`.
pub fn empty_site_warning(site: &Site) -> Option<Diagnostic> {
    site.reports.is_empty().then(|| {
        Diagnostic::file(Severity::Warning, &site.content_dir, "the site has no reports").with_help(
            "add content/<section>/<slug>/index.<lang>.md, or create one with `rapporteur new reports/my-report`",
        )
    })
}
