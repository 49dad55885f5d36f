//! Rendering: reports, listings and the fixed pages, through the theme's templates.
//!
//! Each function takes the loaded [`Site`] and the [`Theme`] by reference and returns
//! [`Page`]s, values that the caller writes: `build` to a fresh directory, `serve` to its
//! live one, `check` nowhere. Reports render in parallel; a report's body is read from disk
//! here, rendered, and its HTML handed on, so only metadata accumulates in memory.

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Language};
use crate::content::{FrontMatter, Report, Site, Status, Translation, Version};
use crate::error::{Diagnostic, Severity};
use crate::markdown::{self, Labels, PageContext, Source, TocEntry};
use crate::symbol::Recogniser;
use crate::theme::Theme;

/// A rendered output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path inside the output directory, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What rendering one report version taught us, kept for `check`, listings and indexes.
#[derive(Debug, Clone, Default)]
pub struct PageSummary {
    pub report: String,
    pub lang: String,
    pub url: String,
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
    pub kind: crate::symbol::Kind,
    pub anchor: Option<String>,
}

/// Shared, read-only inputs of every render function.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub recogniser: Recogniser,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Self {
        Renderer { site, theme, recogniser: Recogniser::new(&site.config.symbols.series) }
    }

    fn config(&self) -> &Config {
        &self.site.config
    }

    /// Renders every report version in parallel, handing each page to `sink` as soon as it
    /// is ready; returns what was learnt about each.
    pub fn reports<F>(&self, sink: &F) -> Vec<PageSummary>
    where
        F: Fn(Page) -> Result<(), Diagnostic> + Sync,
    {
        let jobs: Vec<(&Report, &Version)> =
            self.site.reports.iter().flat_map(|r| r.versions.iter().map(move |v| (r, v))).collect();
        jobs.par_iter()
            .map(|(report, version)| {
                let (page, mut summary) = self.report(report, version);
                if let Some(page) = page
                    && let Err(d) = sink(page)
                {
                    summary.diagnostics.push(d);
                }
                summary
            })
            .collect()
    }

    /// Renders one version of a report.
    pub fn report(&self, report: &Report, version: &Version) -> (Option<Page>, PageSummary) {
        let lang = self.language(&version.lang);
        let url = report_url(self.config(), &lang.code, report);
        let mut summary =
            PageSummary { report: report.key(), lang: lang.code.clone(), url: url.clone(), ..PageSummary::default() };
        let text = match crate::content::read_text(&version.path) {
            Ok(t) => t,
            Err(d) => {
                summary.diagnostics.push(d);
                return (None, summary);
            }
        };
        let body = text.get(version.body_offset..).unwrap_or_default();
        let labels = self.labels(&lang.code);
        let ctx = PageContext {
            source: Source { path: &version.path, text: &text, body_offset: version.body_offset },
            lang: &lang.code,
            undocs_segment: &lang.undocs,
            decision_url: self.config().symbols.decision_url.as_deref(),
            recogniser: &self.recogniser,
            labels: &labels,
        };
        let rendered = markdown::render(body, &ctx);
        summary.ids = rendered.ids.clone();
        summary.links = rendered.links.iter().map(|(d, o)| (d.clone(), o + version.body_offset)).collect();
        summary.citations = rendered
            .citations
            .iter()
            .map(|c| Cited {
                symbol: c.symbol.clone(),
                kind: c.kind,
                anchor: rendered.anchors.iter().take_while(|a| a.offset <= c.offset).last().map(|a| a.id.clone()),
            })
            .collect();
        summary.diagnostics = rendered.diagnostics;

        let mut context = self.base_context(lang, &url);
        context.insert("alternates", &self.alternates(report, &lang.code));
        context.insert("report", &self.report_view(report, &version.meta, &lang.code));
        context.insert_value("content", tera::Value::safe_string(&rendered.html));
        context.insert_value("footnotes", tera::Value::safe_string(&rendered.footnotes));
        context.insert("toc", &rendered.toc.iter().filter(|t| t.level <= 4).collect::<Vec<&TocEntry>>());
        context.insert("has_code", &rendered.has_code);
        match self.theme.render("report.html", &context, &self.site.root) {
            Ok(html) => (
                Some(Page {
                    path: format!("{}index.html", url_to_path(self.config(), &url)),
                    bytes: html.into_bytes(),
                }),
                summary,
            ),
            Err(d) => {
                summary.diagnostics.push(d);
                (None, summary)
            }
        }
    }

    /// Every page that depends on more than one report (home, sections, 404, the root
    /// redirect), for every language. `summaries` are what rendering the reports taught,
    /// for the pages that list what reports contain.
    pub fn site_pages(&self, _summaries: &[PageSummary]) -> (Vec<Page>, Vec<Diagnostic>) {
        let mut pages = Vec::new();
        let mut diags = Vec::new();
        let mut push = |path: String, result: Result<String, Diagnostic>, diags: &mut Vec<Diagnostic>| match result {
            Ok(html) => pages.push(Page { path, bytes: html.into_bytes() }),
            Err(d) => diags.push(d),
        };
        for lang in &self.config().languages {
            let home_url = format!("{}{}/", self.config().base_path(), lang.code);
            let mut context = self.base_context(lang, &home_url);
            context.insert(
                "alternates",
                &self.language_alternates(|code| format!("{}{code}/", self.config().base_path())),
            );
            let sections: Vec<SectionView> =
                self.site.sections.iter().map(|s| self.section_view(&s.slug, lang)).collect();
            let (title, content) = self.text_of(self.site.home.get(&lang.code), &lang.code, "site_title", &mut diags);
            context.insert("home", &TextView { title, content });
            context.insert("sections", &sections);
            context.insert("has_code", &false);
            push(
                format!("{}index.html", url_to_path(self.config(), &home_url)),
                self.theme.render("home.html", &context, &self.site.root),
                &mut diags,
            );
            for section in &self.site.sections {
                let view = self.section_view(&section.slug, lang);
                let mut context = self.base_context(lang, &view.url);
                let slug = section.slug.clone();
                context.insert(
                    "alternates",
                    &self.language_alternates(|code| format!("{}{code}/{slug}/", self.config().base_path())),
                );
                let (title, content) = self.text_of(section.texts.get(&lang.code), &lang.code, "", &mut diags);
                let title = if title.is_empty() { section.slug.clone() } else { title };
                let path = format!("{}index.html", url_to_path(self.config(), &view.url));
                context.insert("section", &SectionView { title, content, ..view });
                context.insert("has_code", &false);
                push(path, self.theme.render("section.html", &context, &self.site.root), &mut diags);
            }
        }
        let default = self.config().default_language();
        let root_url = self.config().base_path();
        let mut context = self.base_context(default, &root_url);
        context.insert("alternates", &Vec::<Alternate>::new());
        context.insert("has_code", &false);
        push("404.html".to_string(), self.theme.render("404.html", &context, &self.site.root), &mut diags);
        push("index.html".to_string(), self.theme.render("root.html", &context, &self.site.root), &mut diags);
        (pages, diags)
    }

    /// The theme's static files, under `static/`.
    pub fn statics(&self) -> Vec<Page> {
        self.theme
            .statics
            .iter()
            .map(|(path, (_, bytes))| Page { path: format!("static/{path}"), bytes: bytes.clone() })
            .collect()
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
        }
    }

    /// Variables every template gets.
    fn base_context(&self, lang: &Language, url: &str) -> tera::Context {
        let config = self.config();
        let mut c = tera::Context::new();
        c.insert("lang", &lang.code);
        c.insert("default_lang", &config.default_language().code);
        c.insert("base_path", &config.base_path());
        c.insert("site_title", &lang.title.clone().unwrap_or_else(|| self.theme.i18n.get(&lang.code, "site_title")));
        c.insert("languages", &config.languages.iter().map(LanguageView::from).collect::<Vec<_>>());
        c.insert("language", &LanguageView::from(lang));
        c.insert("page_url", url);
        c.insert("canonical_url", &canonical(config, url));
        c
    }

    fn alternates(&self, report: &Report, current: &str) -> Vec<Alternate> {
        report
            .versions
            .iter()
            .map(|v| {
                let l = self.language(&v.lang);
                Alternate {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    html_lang: l.html_lang.clone(),
                    url: report_url(self.config(), &l.code, report),
                    current: l.code == current,
                }
            })
            .collect()
    }

    fn language_alternates(&self, url: impl Fn(&str) -> String) -> Vec<Alternate> {
        self.config()
            .languages
            .iter()
            .map(|l| Alternate {
                code: l.code.clone(),
                name: l.name.clone(),
                html_lang: l.html_lang.clone(),
                url: url(&l.code),
                current: false,
            })
            .collect()
    }

    fn report_view(&self, report: &Report, meta: &FrontMatter, lang: &str) -> ReportView {
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
        }
    }

    /// Rows of a section's listing in `lang`, newest first.
    fn section_view(&self, slug: &str, lang: &Language) -> SectionView {
        let mut rows: Vec<(Option<chrono::NaiveDate>, i64, Row)> = self
            .site
            .reports
            .iter()
            .filter(|r| r.section == slug)
            .filter_map(|r| {
                let version = r.version(&lang.code)?;
                let meta = &version.meta;
                let row = Row {
                    title: meta.title.clone(),
                    symbol: meta.symbol.clone(),
                    date: meta.date.map(|d| d.to_string()),
                    date_display: meta.date.map(|d| self.format_date(d, &lang.code)),
                    status: meta.status,
                    url: report_url(self.config(), &lang.code, r),
                    translation: meta.translation,
                    available: true,
                    languages: r.versions.iter().map(|v| v.lang.clone()).collect(),
                };
                Some((meta.date, meta.weight, row))
            })
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then_with(|| a.2.title.cmp(&b.2.title)));
        SectionView {
            slug: slug.to_string(),
            title: self
                .site
                .sections
                .iter()
                .find(|s| s.slug == slug)
                .and_then(|s| s.texts.get(&lang.code))
                .map_or_else(|| slug.to_string(), |t| t.meta.title.clone()),
            url: format!("{}{}/{slug}/", self.config().base_path(), lang.code),
            content: String::new(),
            reports: rows.into_iter().map(|(_, _, r)| r).collect(),
        }
    }

    /// Title and rendered body of a home or section text; empty when there is none.
    fn text_of(
        &self,
        text: Option<&crate::content::Text>,
        lang: &str,
        title_key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> (String, String) {
        let fallback_title = if title_key.is_empty() { String::new() } else { self.theme.i18n.get(lang, title_key) };
        let Some(text) = text else { return (fallback_title, String::new()) };
        let source = match crate::content::read_text(&text.path) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                return (fallback_title, String::new());
            }
        };
        let labels = self.labels(lang);
        let language = self.language(lang);
        let ctx = PageContext {
            source: Source { path: &text.path, text: &source, body_offset: text.body_offset },
            lang,
            undocs_segment: &language.undocs,
            decision_url: self.config().symbols.decision_url.as_deref(),
            recogniser: &self.recogniser,
            labels: &labels,
        };
        let r = markdown::render(source.get(text.body_offset..).unwrap_or_default(), &ctx);
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
    format!("{}{lang}/{}/{}/", config.base_path(), report.section, report.slug)
}

/// The output path of a URL: the base path removed.
pub fn url_to_path(config: &Config, url: &str) -> String {
    url.strip_prefix(&config.base_path()).unwrap_or(url).to_string()
}

fn canonical(config: &Config, url: &str) -> String {
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

#[derive(Serialize)]
struct LanguageView {
    code: String,
    name: String,
    html_lang: String,
    dir: String,
}

impl From<&Language> for LanguageView {
    fn from(l: &Language) -> Self {
        LanguageView { code: l.code.clone(), name: l.name.clone(), html_lang: l.html_lang.clone(), dir: l.dir.clone() }
    }
}

#[derive(Serialize, Clone)]
struct Alternate {
    code: String,
    name: String,
    html_lang: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct ReportView {
    title: String,
    symbol: Option<String>,
    date: Option<String>,
    date_display: Option<String>,
    status: Status,
    original: Option<String>,
    original_name: Option<String>,
    translation: Option<Translation>,
    distribution: Option<String>,
    session: Option<String>,
    agenda_item: Option<String>,
    organ: Option<String>,
    extra: serde_json::Map<String, serde_json::Value>,
    section: String,
    slug: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct Row {
    title: String,
    symbol: Option<String>,
    date: Option<String>,
    date_display: Option<String>,
    status: Status,
    url: String,
    translation: Option<Translation>,
    available: bool,
    languages: Vec<String>,
}

#[derive(Serialize, Clone)]
struct SectionView {
    slug: String,
    title: String,
    url: String,
    /// HTML of the section's `_index` text.
    content: String,
    reports: Vec<Row>,
}

#[derive(Serialize)]
struct TextView {
    title: String,
    /// HTML of the home page's `_index` text.
    content: String,
}

/// Used by tests and `check`: the site root relative display of a path.
pub fn display_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}
