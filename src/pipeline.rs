//! The stages in order: configuration → theme → content → render → write.
//!
//! `build` and `check` run the same stages; `check` hands pages to a sink that drops them
//! and adds the site-wide checks ([`crate::check`]). Each stage collects every diagnostic
//! before the run stops, so one run reports all the problems it can see.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::{self, Site};
use crate::error::{Diagnostic, Error, Result, Severity};
use crate::render::{Page, Plan, RenderRecord, Renderer, empty_site_warning};
use crate::symbol::Recogniser;
use crate::theme::Theme;
use crate::write::Output;

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `content/` and optionally `site.yaml`).
    pub root: PathBuf,
    /// Defaults to `<root>/site`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Links between pages as relative paths, for `file://` (also `relative_urls: true`).
    pub relative_urls: bool,
}

/// What a successful run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Pages written per language code, in the configuration's order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Every warning.
    pub diagnostics: Vec<Diagnostic>,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Outcome {
    /// The one line printed after a build.
    pub fn summary_line(&self, verb: &str) -> String {
        let pages: Vec<String> = self.pages_per_language.iter().map(|(l, n)| format!("{n} {l}")).collect();
        let warnings = self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
        format!(
            "{verb} {} report pages ({}), {warnings} warning{}, in {:.0} ms",
            self.pages_per_language.iter().map(|(_, n)| n).sum::<usize>(),
            pages.join(", "),
            if warnings == 1 { "" } else { "s" },
            self.elapsed.as_secs_f64() * 1000.0
        )
    }
}

/// Loads configuration, theme and content; stops with every error found.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<(Site, Theme, Vec<Diagnostic>)> {
    let (mut config, mut diags) = Config::load(root).map_err(Error::Content)?;
    if let Some(url) = base_url {
        config.base_url = url.to_string();
    }
    let theme = Theme::load(root, &config);
    let (site, mut content_diags) = content::load(root, &config);
    diags.append(&mut content_diags);
    let theme = match theme {
        Ok(t) => t,
        Err(mut errs) => {
            diags.append(&mut errs);
            return Err(Error::Content(diags));
        }
    };
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diags));
    }
    diags.extend(empty_site_warning(&site));
    Ok((site, theme, diags))
}

/// Renders every page of the site into `out`.
fn render_all(site: &Site, theme: &Theme, out: &impl crate::render::Output) -> RenderRecord {
    let recogniser = Recogniser::new(&site.config.symbols.series);
    Renderer::new(site, theme, &recogniser).render(&Plan::everything(), RenderRecord::default(), out)
}

/// `rapporteur build`.
pub fn build(options: &BuildOptions) -> Result<Outcome> {
    let start = Instant::now();
    let target = options.output.clone().unwrap_or_else(|| options.root.join("site"));
    let _lock = crate::write::lock(&target, &options.root)?;
    crate::write::recover(&target)?;
    let (site, theme, mut diags) = load(&options.root, options.base_url.as_deref())?;
    if !site.config.base_url.contains("://") {
        diags.push(
            Diagnostic::file(
                Severity::Warning,
                &options.root.join("site.yaml"),
                "no absolute `base_url`: the sitemap and the Atom feeds will have relative URLs, which search engines and feed readers do not follow",
            )
            .with_help("set `base_url: https://example.org/reports/` in site.yaml (or pass --base-url) to the address the site is published at"),
        );
    }
    pause_after_load();
    let output = Output::prepare(&target, &options.root)?;
    let failure = Mutex::new(None::<Error>);
    let relative = options.relative_urls || site.config.relative_urls;
    let base_path = site.config.base_path();
    let sink = |page: Page| {
        let bytes = match relative {
            true => crate::relative::relativise(&page.path, &page.bytes, &base_path),
            false => page.bytes,
        };
        output.write(&page.path, &bytes).map_err(|e| {
            let d = Diagnostic::file(Severity::Error, &target.join(&page.path), e.to_string());
            if let Ok(mut f) = failure.lock() {
                f.get_or_insert(e);
            }
            d
        })
    };
    let record = render_all(&site, &theme, &sink);
    diags.extend(record.diagnostics(&site));
    if !diags.iter().any(Diagnostic::is_error) && site.config.search {
        match crate::render::index_pages(&record.search_documents(&site.config.languages)) {
            Ok(pages) => diags.extend(pages.into_iter().filter_map(|page| sink(page).err())),
            Err(d) => diags.push(d),
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        output.abort();
        return Err(Error::Content(diags));
    }
    if let Some(e) = failure.into_inner().ok().flatten() {
        output.abort();
        return Err(e);
    }
    output.commit()?;
    Ok(finish(&site, diags, &record, start))
}

/// `rapporteur check`: everything `build` does except writing, plus the site-wide checks.
pub fn check(root: &Path) -> Result<Outcome> {
    let start = Instant::now();
    let (site, theme, mut diags) = load(root, None)?;
    let record = render_all(&site, &theme, &|_| Ok(()));
    diags.extend(record.diagnostics(&site));
    diags.extend(crate::check::site(&site, &record));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diags));
    }
    Ok(finish(&site, diags, &record, start))
}

/// A test hook: with `RAPPORTEUR_TEST_PAUSE_AFTER_LOAD=<file>`, a build creates `<file>`
/// once the content is loaded and waits, for at most 30 s, until the file is removed, so
/// that a test can save a source between loading and rendering.
fn pause_after_load() {
    let Some(flag) = std::env::var_os("RAPPORTEUR_TEST_PAUSE_AFTER_LOAD") else { return };
    let flag = PathBuf::from(flag);
    if std::fs::write(&flag, b"loaded").is_err() {
        return;
    }
    let until = Instant::now() + Duration::from_secs(30);
    while flag.exists() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn finish(site: &Site, diags: Vec<Diagnostic>, record: &RenderRecord, start: Instant) -> Outcome {
    let pages_per_language = site
        .config
        .languages
        .iter()
        .map(|l| (l.code.clone(), record.summaries().filter(|s| s.lang == l.code).count()))
        .collect();
    Outcome { pages_per_language, diagnostics: diags, elapsed: start.elapsed() }
}
