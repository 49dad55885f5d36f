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
use crate::render::{Page, PageSummary, Renderer, empty_site_warning};
use crate::theme::Theme;
use crate::write::Output;

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/site`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
}

/// What a successful run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Pages written per language code, in the configuration's order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Every warning.
    pub diagnostics: Vec<Diagnostic>,
    pub summaries: Vec<PageSummary>,
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

/// Renders the site, handing every page to `sink`.
pub fn render_all<F>(site: &Site, theme: &Theme, sink: &F) -> (Vec<PageSummary>, Vec<Diagnostic>)
where
    F: Fn(Page) -> std::result::Result<(), Diagnostic> + Sync,
{
    let renderer = Renderer::new(site, theme);
    let (summaries, listing_diags) = rayon::join(|| renderer.reports(sink), || renderer.listing_pages_to(sink));
    let mut diags: Vec<Diagnostic> = summaries.iter().flat_map(|s| s.diagnostics.iter().cloned()).collect();
    diags.extend(listing_diags);
    diags.extend(renderer.documents_to(&summaries, sink));
    for page in renderer.statics() {
        if let Err(d) = sink(page) {
            diags.push(d);
        }
    }
    diags.extend(theme.i18n.take_missing());
    (summaries, diags)
}

/// `rapporteur build`.
pub fn build(options: &BuildOptions) -> Result<Outcome> {
    let start = Instant::now();
    let target = options.output.clone().unwrap_or_else(|| options.root.join("site"));
    let _lock = crate::write::lock(&target, &options.root)?;
    crate::write::recover(&target)?;
    let (site, theme, mut diags) = load(&options.root, options.base_url.as_deref())?;
    let output = Output::prepare(&target, &options.root)?;
    let failure = Mutex::new(None::<Error>);
    let sink = |page: Page| {
        output.write(&page.path, &page.bytes).map_err(|e| {
            let d = Diagnostic::file(Severity::Error, &target.join(&page.path), e.to_string());
            if let Ok(mut f) = failure.lock() {
                f.get_or_insert(e);
            }
            d
        })
    };
    let (summaries, mut render_diags) = render_all(&site, &theme, &sink);
    diags.append(&mut render_diags);
    if diags.iter().any(Diagnostic::is_error) {
        output.abort();
        return Err(Error::Content(diags));
    }
    if let Some(e) = failure.into_inner().ok().flatten() {
        output.abort();
        return Err(e);
    }
    output.commit()?;
    Ok(finish(&site, diags, summaries, start))
}

/// `rapporteur check`: everything `build` does except writing, plus the site-wide checks.
pub fn check(root: &Path) -> Result<Outcome> {
    let start = Instant::now();
    let (site, theme, mut diags) = load(root, None)?;
    let (summaries, mut render_diags) = render_all(&site, &theme, &|_| Ok(()));
    diags.append(&mut render_diags);
    diags.extend(crate::check::site(&site, &summaries));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diags));
    }
    Ok(finish(&site, diags, summaries, start))
}

fn finish(site: &Site, diags: Vec<Diagnostic>, summaries: Vec<PageSummary>, start: Instant) -> Outcome {
    let pages_per_language = site
        .config
        .languages
        .iter()
        .map(|l| (l.code.clone(), summaries.iter().filter(|s| s.lang == l.code).count()))
        .collect();
    Outcome { pages_per_language, diagnostics: diags, summaries, elapsed: start.elapsed() }
}
