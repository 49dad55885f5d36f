//! Rendering: reports, listings and the fixed pages, through the theme's templates.
//!
//! Each function takes the loaded [`Site`] and the [`Theme`] by reference and produces
//! [`Page`]s, values that the caller writes: `build` to a fresh directory, `serve` to its
//! live one, `check` nowhere. Reports render in parallel, one report (all its languages)
//! per job, since its translations' pages, its fallback pages and its side-by-side pages
//! depend on it alone. A report's body is read from disk here and its HTML handed on at
//! once, so only metadata ([`PageSummary`]) accumulates in memory.

mod documents;
mod indexes;
mod parallel;
pub mod views;

use std::path::Path;

use rayon::prelude::*;

use crate::config::{Config, Language};
use crate::content::{FrontMatter, Report, Site, Version};
use crate::error::{Diagnostic, Severity};
use crate::markdown::{self, Labels, PageContext, Rendered, Source, TocEntry};
use crate::symbol::{Kind, Recogniser};
use crate::theme::Theme;
use views::{Alternate, CitedView, LanguageView, ReportView, Row, SectionView, TextView};

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
    pub report: String,
    pub lang: String,
    pub url: String,
    /// Every id on the page, sorted.
    pub ids: Vec<String>,
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
    pub anchor: Option<String>,
    /// Byte offset of the citation in the source file, for `check`'s warnings.
    pub offset: usize,
}

/// A page to render: output path, template, context.
type Job = (String, &'static str, tera::Context);

/// A page sink: `build` writes, `check` drops.
pub trait Sink: Fn(Page) -> Result<(), Diagnostic> + Sync {}
impl<F: Fn(Page) -> Result<(), Diagnostic> + Sync> Sink for F {}

/// Shared, read-only inputs of every render function.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub recogniser: Recogniser,
    /// The variables every page of a language gets, by the configuration's language order:
    /// built once rather than for each of thousands of pages.
    bases: Vec<tera::Context>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        Self::with_recogniser(site, theme, Recogniser::new(&site.config.symbols.series))
    }

    /// A renderer using an already compiled recogniser (`serve` keeps one between rebuilds).
    pub fn with_recogniser(site: &'a Site, theme: &'a Theme, recogniser: Recogniser) -> Self {
        let config = &site.config;
        let languages: Vec<LanguageView> = config.languages.iter().map(LanguageView::from).collect();
        let bases = config
            .languages
            .iter()
            .map(|lang| {
                let mut c = tera::Context::new();
                c.insert("lang", &lang.code);
                c.insert("default_lang", &config.default_language().code);
                c.insert("base_path", &config.base_path());
                c.insert("site_title", &lang.title.clone().unwrap_or_else(|| theme.i18n.get(&lang.code, "site_title")));
                c.insert("languages", &languages);
                c.insert("language", &LanguageView::from(lang));
                c
            })
            .collect();
        Renderer { site, theme, recogniser, bases }
    }

    /// Takes the recogniser back.
    pub fn into_recogniser(self) -> Recogniser {
        self.recogniser
    }

    fn config(&self) -> &Config {
        &self.site.config
    }

    /// Renders every report in parallel, handing each page to `sink` as soon as it is ready;
    /// returns what was learnt about each language version.
    pub fn reports(&self, sink: &impl Sink) -> Vec<PageSummary> {
        self.site.reports.par_iter().flat_map_iter(|r| self.report_pages(r, sink)).collect()
    }

    /// Every page of one report: each language version, a page for each configured language
    /// it lacks, and the side-by-side pages. This is the unit the watcher re-renders.
    pub fn report_pages(&self, report: &Report, sink: &impl Sink) -> Vec<PageSummary> {
        let keep_bodies = report.versions.len() > 1 && self.config().side_by_side;
        let mut summaries = Vec::with_capacity(report.versions.len());
        let mut bodies = Vec::new();
        for version in &report.versions {
            let (page, summary, rendered) = self.version(report, version);
            let mut summary = summary;
            if let Some(page) = page
                && let Err(d) = sink(page)
            {
                summary.diagnostics.push(d);
            }
            if keep_bodies && let Some(r) = rendered {
                bodies.push(parallel::Side::new(version, &r));
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
            extra.extend(self.parallel_pages(report, &bodies));
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

    /// Renders one version of a report.
    pub fn report(&self, report: &Report, version: &Version) -> (Option<Page>, PageSummary) {
        let (page, summary, _) = self.version(report, version);
        (page, summary)
    }

    fn version(&self, report: &Report, version: &Version) -> (Option<Page>, PageSummary, Option<Rendered>) {
        let lang = self.language(&version.lang);
        let url = report_url(self.config(), &lang.code, report);
        let mut summary =
            PageSummary { report: report.key(), lang: lang.code.clone(), url: url.clone(), ..PageSummary::default() };
        let organ = version.meta.organ.as_deref().and_then(crate::symbol::organ_named);
        let Some(mut rendered) = self.body(&version.path, version.body_offset, lang, organ, &mut summary.diagnostics)
        else {
            return (None, summary, None);
        };
        summary.ids = std::mem::take(&mut rendered.ids);
        summary.links = rendered.links.iter().map(|(d, o)| (d.clone(), o + version.body_offset)).collect();
        summary.citations = rendered
            .citations
            .iter()
            .map(|c| Cited {
                symbol: c.symbol.clone(),
                kind: c.kind,
                anchor: rendered.anchor_at(c.offset).map(str::to_string),
                offset: c.offset + version.body_offset,
            })
            .collect();
        summary.diagnostics.append(&mut rendered.diagnostics);

        let mut context = self.base_context(lang, &url);
        context
            .insert("alternates", &self.alternates(report, &lang.code, |code| report_url(self.config(), code, report)));
        context.insert("report", &self.report_view(report, &version.meta, &lang.code, &lang.code));
        context.insert("toc", &rendered.toc.iter().filter(|t| t.level <= 4).collect::<Vec<&TocEntry>>());
        context.insert("cited", &self.cited_views(&summary.citations, lang));
        context.insert("has_code", &rendered.has_code);
        let slots = [("content", rendered.html.as_str()), ("footnotes", rendered.footnotes.as_str())];
        match self.theme.render_page("report.html", context, &slots, &self.site.root) {
            Ok(bytes) => {
                let page = Page { path: format!("{}index.html", url_to_path(self.config(), &url)), bytes };
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
        lang: &Language,
        organ: Option<crate::symbol::Organ>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Rendered> {
        let text = match crate::content::read_text(path) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let labels = self.labels(&lang.code);
        let base_path = self.config().base_path();
        let ctx = PageContext {
            source: Source { path, text: &text, body_offset },
            lang: &lang.code,
            undocs_segment: &lang.undocs,
            decision_url: self.config().symbols.decision_url.as_deref(),
            recogniser: &self.recogniser,
            organ,
            labels: &labels,
            base_path: &base_path,
        };
        Some(markdown::render(text.get(body_offset..).unwrap_or_default(), &ctx))
    }

    /// A page at an old address (`aliases:` in the front matter) that sends the reader on to
    /// the report.
    fn alias(&self, report: &Report, version: &Version, alias: &str) -> Result<Page, Diagnostic> {
        let lang = self.language(&version.lang);
        let target = report_url(self.config(), &lang.code, report);
        let rel = alias.trim_start_matches('/');
        if rel.is_empty() || rel.split('/').any(|p| p == ".." || p == ".") {
            return Err(Diagnostic::file(
                Severity::Error,
                &version.path,
                format!("alias `{alias}` is not a path inside the site"),
            )
            .with_help("write aliases as site paths such as `/reports/old-name/`"));
        }
        let path =
            if rel.ends_with(".html") { rel.to_string() } else { format!("{}/index.html", rel.trim_end_matches('/')) };
        let mut context = self.base_context(lang, &target);
        context.insert("alternates", &Vec::<Alternate>::new());
        context.insert("has_code", &false);
        context.insert("redirect_to", &target);
        let html = self.theme.render("root.html", &context, &self.site.root)?;
        Ok(Page { path, bytes: html.into_bytes() })
    }

    /// The page of a report in a language it does not exist in: never a 404.
    fn fallback(&self, report: &Report, lang: &Language) -> Result<Page, Diagnostic> {
        let first = report
            .versions
            .first()
            .ok_or_else(|| Diagnostic::file(Severity::Error, Path::new(&report.key()), "report without versions"))?;
        let url = report_url(self.config(), &lang.code, report);
        let mut context = self.base_context(lang, &url);
        context
            .insert("alternates", &self.alternates(report, &lang.code, |code| report_url(self.config(), code, report)));
        context.insert("report", &self.report_view(report, &first.meta, &lang.code, &first.lang));
        context.insert("has_code", &false);
        let html = self.theme.render("fallback.html", &context, &self.site.root)?;
        Ok(Page { path: format!("{}index.html", url_to_path(self.config(), &url)), bytes: html.into_bytes() })
    }

    /// Every page that depends on more than one report (home, sections, the cited-documents
    /// index, sitemap, feeds, 404, the root redirect). `summaries` are what rendering the
    /// reports taught, for the pages that list what reports contain.
    pub fn site_pages(&self, summaries: &[PageSummary]) -> (Vec<Page>, Vec<Diagnostic>) {
        let pages = std::sync::Mutex::new(Vec::new());
        let diags = self.site_pages_to(summaries, &|page: Page| {
            pages
                .lock()
                .map(|mut p| p.push(page))
                .map_err(|_| Diagnostic::file(Severity::Error, Path::new("site"), "render lock"))
        });
        (pages.into_inner().unwrap_or_default(), diags)
    }

    /// Like [`Renderer::site_pages`], handing each page to `sink` as soon as it is rendered,
    /// so that the large ones (listings of thousands of reports, the documents index) are
    /// never all in memory at once.
    pub fn site_pages_to(&self, summaries: &[PageSummary], sink: &impl Sink) -> Vec<Diagnostic> {
        let (mut diags, documents) = rayon::join(|| self.listing_pages_to(sink), || self.documents_to(summaries, sink));
        diags.extend(documents);
        diags
    }

    /// The pages that depend on reports' metadata alone: home and section pages, feeds,
    /// sitemap, 404 and the root redirect. A build renders them while the reports render.
    pub fn listing_pages_to(&self, sink: &impl Sink) -> Vec<Diagnostic> {
        let languages = &self.config().languages;
        let jobs: Vec<Option<&Language>> = languages.iter().map(Some).chain(std::iter::once(None)).collect();
        jobs.par_iter()
            .flat_map_iter(|job| match job {
                Some(lang) => self.render_jobs(self.language_jobs(lang), sink),
                None => {
                    let base = self.config().base_path();
                    let default = self.config().default_language();
                    let mut context = self.base_context(default, &base);
                    context.insert("alternates", &Vec::<Alternate>::new());
                    context.insert("has_code", &false);
                    context.insert("redirect_to", &format!("{base}{}/", default.code));
                    let fixed = vec![
                        Ok(("404.html".to_string(), "404.html", context.clone())),
                        Ok(("index.html".to_string(), "root.html", context)),
                        Ok(self.sitemap()),
                    ];
                    self.render_jobs(fixed, sink)
                }
            })
            .collect()
    }

    /// The cited-documents index of every language, from what rendering the reports taught.
    pub fn documents_to(&self, summaries: &[PageSummary], sink: &impl Sink) -> Vec<Diagnostic> {
        let languages = &self.config().languages;
        languages.par_iter().flat_map_iter(|lang| self.documents(lang, summaries, sink)).collect()
    }

    /// Renders each job in turn and hands the page to `sink`; returns the problems.
    fn render_jobs(&self, jobs: Vec<Result<Job, Diagnostic>>, sink: &impl Sink) -> Vec<Diagnostic> {
        jobs.into_iter()
            .filter_map(|job| {
                let (path, template, context) = match job {
                    Ok(j) => j,
                    Err(d) => return Some(d),
                };
                let html = self.theme.render(template, &context, &self.site.root);
                html.and_then(|html| sink(Page { path, bytes: html.into_bytes() })).err()
            })
            .collect()
    }

    /// The home page, section pages and feed of one language, ready to render.
    fn language_jobs(&self, lang: &Language) -> Vec<Result<Job, Diagnostic>> {
        let base = self.config().base_path();
        let mut diags = Vec::new();
        let mut jobs = Vec::new();
        let home_url = format!("{base}{}/", lang.code);
        let mut context = self.base_context(lang, &home_url);
        context.insert("alternates", &self.language_alternates(|code| format!("{base}{code}/")));
        let sections: Vec<SectionView> = self.site.sections.iter().map(|s| self.section_view(&s.slug, lang)).collect();
        let (title, content) = self.text_of(self.site.home.get(&lang.code), lang, "site_title", &mut diags);
        context.insert("home", &TextView { title, content });
        context.insert("has_code", &false);
        for section in &self.site.sections {
            let Some(view) = sections.iter().find(|v| v.slug == section.slug).cloned() else { continue };
            let mut section_context = self.base_context(lang, &view.url);
            let slug = encode_segment(&section.slug);
            section_context.insert("alternates", &self.language_alternates(|code| format!("{base}{code}/{slug}/")));
            let (title, content) = self.text_of(section.texts.get(&lang.code), lang, "", &mut diags);
            let title = if title.is_empty() { view.title.clone() } else { title };
            let path = format!("{}index.html", url_to_path(self.config(), &view.url));
            section_context.insert("section", &SectionView { title, content, ..view });
            section_context.insert("has_code", &false);
            jobs.push(Ok((path, "section.html", section_context)));
        }
        context.insert("sections", &sections);
        jobs.push(Ok((format!("{}index.html", url_to_path(self.config(), &home_url)), "home.html", context)));
        jobs.push(Ok(self.feed(lang)));
        jobs.extend(diags.into_iter().map(Err));
        jobs
    }

    /// The theme's static files, under `static/`.
    pub fn statics(&self) -> Vec<Page> {
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
                    path: format!("{}{name}", url_to_path(self.config(), &report_url(self.config(), &l.code, r))),
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
        }
    }

    /// Variables every template gets.
    fn base_context(&self, lang: &Language, url: &str) -> tera::Context {
        let config = self.config();
        let index = config.languages.iter().position(|l| l.code == lang.code);
        let mut c = index.and_then(|i| self.bases.get(i)).cloned().unwrap_or_default();
        c.insert("page_url", url);
        c.insert("canonical_url", &canonical(config, url));
        c
    }

    /// The versions a report exists in, as links from a page in `current`; `url` gives the
    /// address of the page in a language.
    fn alternates(&self, report: &Report, current: &str, url: impl Fn(&str) -> String) -> Vec<Alternate> {
        report
            .versions
            .iter()
            .map(|v| self.language(&v.lang))
            .map(|l| Alternate::new(l, url(&l.code), l.code == current))
            .collect()
    }

    fn language_alternates(&self, url: impl Fn(&str) -> String) -> Vec<Alternate> {
        self.config().languages.iter().map(|l| Alternate::new(l, url(&l.code), false)).collect()
    }

    /// A report's metadata for a page in `lang`; `text_lang` is the language of `meta`.
    fn report_view(&self, report: &Report, meta: &FrontMatter, lang: &str, text_lang: &str) -> ReportView {
        ReportView {
            title: meta.title.clone(),
            symbol: meta.symbol.clone(),
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
            section: report.section.clone(),
            slug: report.slug.clone(),
            url: report_url(self.config(), lang, report),
            parallel_url: (self.config().side_by_side && report.versions.len() > 1 && report.version(lang).is_some())
                .then(|| format!("{}parallel/", report_url(self.config(), lang, report))),
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
            Kind::Decision => self
                .config()
                .symbols
                .decision_url
                .as_ref()
                .map(|t| t.replace("{number}", symbol).replace("{lang}", &lang.code)),
            _ => Some(format!("https://undocs.org/{}/{symbol}", lang.undocs)),
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
                    date: meta.date.map(|d| d.to_string()),
                    date_display: meta.date.map(|d| self.format_date(d, &lang.code)),
                    status: meta.status,
                    url: report_url(self.config(), &lang.code, r),
                    translation: meta.translation,
                    available: version.lang == lang.code,
                    languages: r.versions.iter().map(|v| v.lang.clone()).collect(),
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
            url: section_url(self.config(), &lang.code, slug),
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
        let Some(r) = self.body(&text.path, text.body_offset, lang, None, diags) else {
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

/// `/zh/reports/a-77-275/`.
pub fn report_url(config: &Config, lang: &str, report: &Report) -> String {
    format!("{}{lang}/{}/{}/", config.base_path(), encode_segment(&report.section), encode_segment(&report.slug))
}

/// `/zh/reports/`.
pub fn section_url(config: &Config, lang: &str, section: &str) -> String {
    format!("{}{lang}/{}/", config.base_path(), encode_segment(section))
}

/// The output path of a URL: the base path removed, percent-escapes decoded (a folder named
/// `my reports` is written as such and linked as `my%20reports`).
pub fn url_to_path(config: &Config, url: &str) -> String {
    decode(url.strip_prefix(&config.base_path()).unwrap_or(url))
}

/// A file or folder name as a URL path segment: ASCII letters, digits and `-._~` stay, and
/// so do non-ASCII characters (an IRI carries them); everything else is percent-escaped.
pub fn encode_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || "-._~".contains(c) || !c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Undoes [`encode_segment`].
fn decode(url: &str) -> String {
    if !url.contains('%') {
        return url.to_string();
    }
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The absolute URL of `url` when `base_url` is absolute; else `url` itself.
pub fn canonical(config: &Config, url: &str) -> String {
    match config.base_url.find("://") {
        Some(i) => {
            let origin_end = config.base_url[i + 3..].find('/').map_or(config.base_url.len(), |j| i + 3 + j);
            format!("{}{url}", &config.base_url[..origin_end])
        }
        None => url.to_string(),
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
