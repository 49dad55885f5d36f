//! What to render again after a change, and the state that makes the answer cheap.
//!
//! [`Workspace`] holds what a full build would hold at its end (configuration, theme, the
//! loaded [`Site`], each report's pages and [`PageSummary`]s) and keeps it equal to what a
//! clean build of the files on disk would produce, one change at a time:
//!
//! - `site.yaml`, or lost watcher events: load everything, render everything.
//! - A template, static file or UI string: reload the theme, render everything; the content
//!   is not read again.
//! - A content file: reload its [`Unit`] (the files of one report, or one `_index` text),
//!   and plan that report's pages; the engine ([`Renderer::render`]) renders them, and the
//!   pages that depend on many reports only when what the report tells them changed. An
//!   `_index` text plans the site pages. A folder created, renamed or removed reloads the
//!   units of every file under both its old and new paths.
//!
//! Rendered pages go to [`LiveOutput`], which writes only what differs from the disk, and
//! only once the whole state is free of errors: while a file is broken the last good site
//! stays, and the fix publishes everything rendered in between.

use std::collections::BTreeSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::publish::{FullPublish, LiveOutput};
use super::search::Indexer;
use super::watch::Changes;
use crate::config::Config;
use crate::content::units::{self, Unit};
use crate::content::{self, Report, Site};
use crate::error::Diagnostic;
use crate::render::{Output, Page, Plan, RenderRecord, Renderer, empty_site_warning};
use crate::routes::ReportKey;
use crate::symbol::Recogniser;
use crate::theme::Theme;

/// Diagnostics of loading, by stage; each stage replaces its own. Rendering's are in the
/// [`RenderRecord`].
#[derive(Debug, Default)]
struct Diags {
    config: Vec<Diagnostic>,
    theme: Vec<Diagnostic>,
    content: Vec<Diagnostic>,
    output: Vec<Diagnostic>,
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// Output paths whose file changed (written or removed).
    pub changed: Vec<String>,
    /// Every diagnostic of the current state; errors mean nothing was published.
    pub diagnostics: Vec<Diagnostic>,
    /// `full`, `incremental`, or `none` when nothing needed rendering.
    pub kind: &'static str,
    /// Pages rendered.
    pub rendered: usize,
    pub elapsed: Duration,
}

impl Rebuilt {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The site being served, kept equal to a clean build of its files.
pub struct Workspace {
    root: PathBuf,
    config: Option<Config>,
    /// The base path of the last configuration that loaded: the site on disk still uses it
    /// while `site.yaml` is broken.
    base_path: String,
    site: Option<Site>,
    theme: Option<Theme>,
    /// Compiled once per configuration and lent to each render: compiling it, or warming a
    /// clone's caches, costs more than rendering a page.
    recogniser: Option<Recogniser>,
    /// What the renders so far produced.
    record: RenderRecord,
    diags: Diags,
    /// Work decided but not done yet: rendering waits while loading has errors.
    plan: Plan,
    out: LiveOutput,
    /// Rebuilds the search index after the renders that changed what it reads.
    indexer: Option<Indexer>,
}

impl Workspace {
    /// A workspace for the site at `root`, publishing into `out`. Nothing is loaded until
    /// the first [`Workspace::rebuild`].
    pub fn new(root: &Path, out: LiveOutput) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            config: None,
            base_path: "/".to_string(),
            site: None,
            theme: None,
            recogniser: None,
            record: RenderRecord::default(),
            diags: Diags::default(),
            plan: Plan::everything(),
            out,
            indexer: None,
        }
    }

    /// Keeps the search index of the output up to date through `indexer`.
    pub fn with_indexer(self, indexer: Indexer) -> Workspace {
        Workspace { indexer: Some(indexer), ..self }
    }

    /// The base path of the site's URLs (`/`, or the path of `base_url`).
    pub fn base_path(&self) -> String {
        self.base_path.clone()
    }

    /// The error overlay's words in each language of the site, by `html_lang` in lower case;
    /// none until a configuration and a theme have loaded.
    pub fn overlay_labels(&self) -> Option<HashMap<String, super::reload::OverlayLabels>> {
        let (config, theme) = (self.config.as_ref()?, self.theme.as_ref()?);
        let words = |lang: &str, key: &str| theme.i18n.lookup(lang, key).or_else(|| theme.i18n.lookup("en", key));
        let labels = config.languages.iter().filter_map(|l| {
            let labels = super::reload::OverlayLabels {
                title: words(&l.code, "serve_error_title")?,
                hide: words(&l.code, "serve_error_hide")?,
            };
            Some((l.html_lang.to_ascii_lowercase(), labels))
        });
        Some(labels.collect())
    }

    /// Brings the workspace and the output up to date with `changes`.
    pub fn rebuild(&mut self, changes: &Changes) -> Rebuilt {
        let start = Instant::now();
        if changes.rescan || changes.config || self.config.is_none() || self.site.is_none() {
            self.load_all();
        } else {
            if changes.theme {
                self.load_theme();
            }
            if !changes.content.is_empty() {
                self.apply_content(&changes.content);
            }
        }
        let mut rebuilt = Rebuilt { kind: "none", ..Rebuilt::default() };
        // Rendering cannot clear an error of loading: wait until the files are fixed.
        let load_errors = [&self.diags.config, &self.diags.theme, &self.diags.content]
            .iter()
            .any(|d| d.iter().any(Diagnostic::is_error));
        if self.out.needs_full() {
            self.plan.everything = true;
        }
        if !load_errors
            && !self.plan.is_empty()
            && let (Some(site), Some(theme), Some(recogniser)) = (&self.site, &self.theme, &self.recogniser)
        {
            let plan = std::mem::take(&mut self.plan);
            let renderer = Renderer::new(site, theme, recogniser);
            let previous = std::mem::take(&mut self.record);
            rebuilt.kind = if plan.everything { "full" } else { "incremental" };
            self.diags.output.clear();
            if plan.everything {
                match self.out.begin_full() {
                    Ok(full) => {
                        self.record = renderer.render(&plan, previous, &full);
                        let has_errors = self.record.diagnostics(site).iter().any(Diagnostic::is_error);
                        if has_errors {
                            // Dropped whole: the next render starts over.
                            self.out.abort_full(full);
                            self.plan.everything = true;
                        } else {
                            match self.out.commit_full(full) {
                                Ok(changed) => rebuilt.changed = changed,
                                Err(d) => {
                                    self.diags.output = vec![d];
                                    self.plan.everything = true;
                                }
                            }
                        }
                    }
                    Err(e) => {
                        self.diags.output =
                            vec![Diagnostic::file(crate::Severity::Error, self.out.target(), e.to_string())];
                        self.record = previous;
                        self.plan.everything = true;
                    }
                }
            } else {
                self.record = renderer.render(&plan, previous, &Staged(Mutex::new(&mut self.out)));
            }
            rebuilt.rendered = self.record.rendered;
        }
        rebuilt.diagnostics = self.diagnostics();
        if !rebuilt.has_errors() {
            match self.out.flush() {
                Ok(mut changed) => {
                    rebuilt.changed.append(&mut changed);
                    self.schedule_index();
                }
                Err(d) => {
                    self.diags.output = vec![d.clone()];
                    self.plan.everything = true;
                    rebuilt.diagnostics.push(d);
                }
            }
        }
        rebuilt.changed.sort();
        rebuilt.changed.dedup();
        rebuilt.elapsed = start.elapsed();
        rebuilt
    }

    /// Hands the search documents to the indexer when the last render changed them (none,
    /// which removes the index, when the site has no search).
    fn schedule_index(&mut self) {
        let (Some(indexer), Some(site)) = (&self.indexer, &self.site) else { return };
        if !std::mem::take(&mut self.record.search_changed) {
            return;
        }
        let config = &site.config;
        indexer.schedule(if config.search { self.record.search_documents(&config.languages) } else { Vec::new() });
    }

    /// Every diagnostic of the current state.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let d = &self.diags;
        let mut all: Vec<Diagnostic> = d.config.iter().chain(&d.theme).chain(&d.content).cloned().collect();
        if let Some(site) = &self.site {
            all.extend(empty_site_warning(site));
            all.extend(self.record.diagnostics(site));
        }
        all.extend(d.output.iter().cloned());
        all
    }

    /// Configuration, theme and content, from scratch.
    fn load_all(&mut self) {
        self.plan = Plan::everything();
        self.diags = Diags::default();
        match Config::load(&self.root) {
            Ok((config, diags)) => {
                self.diags.config = diags;
                self.recogniser = Some(Recogniser::new(&config.symbols.series));
                self.base_path = config.base_path();
                self.config = Some(config);
            }
            Err(diags) => {
                // As `build`: a broken configuration stops everything after it.
                self.diags.config = diags;
                self.config = None;
                self.site = None;
                return;
            }
        }
        self.load_theme();
        self.load_content();
    }

    fn load_theme(&mut self) {
        let Some(config) = &self.config else { return };
        self.plan.everything = true;
        match Theme::load(&self.root, config) {
            Ok(theme) => {
                self.theme = Some(theme);
                self.diags.theme.clear();
            }
            Err(diags) => {
                self.theme = None;
                self.diags.theme = diags;
            }
        }
    }

    fn load_content(&mut self) {
        let Some(config) = &self.config else { return };
        self.plan.everything = true;
        let (site, diags) = content::load(&self.root, config);
        self.site = Some(site);
        self.diags.content = diags;
    }

    /// Reloads the units touched by `paths` and plans their rendering.
    fn apply_content(&mut self, paths: &BTreeSet<PathBuf>) {
        let Some(site) = self.site.as_mut() else { return };
        let content_dir = site.content_dir.clone();
        let mut touched: BTreeSet<Unit> = BTreeSet::new();
        for path in paths {
            if path == &content_dir || !path.starts_with(&content_dir) {
                return self.load_content();
            }
            touched.extend(units::unit_of(&content_dir, path, &site.config));
            if path.is_dir() || (!path.exists() && knows_files_under(site, &self.diags.content, path)) {
                // A folder came, went or moved: every file under it, then and now.
                let Some(now) = files_under(path) else { return self.load_content() };
                let before = known_files_under(site, &self.diags.content, path);
                for file in now.iter().chain(&before) {
                    touched.extend(units::unit_of(&content_dir, file, &site.config));
                }
            }
        }
        for unit in touched {
            let before = report_of(site, &unit).cloned();
            let diags = match units::reload(site, &unit) {
                Ok(d) => d,
                Err(units::NeedsFullLoad) => return self.load_content(),
            };
            self.diags.content.retain(|d| {
                d.location.as_ref().and_then(|l| units::unit_of(&content_dir, &l.file, &site.config)).as_ref()
                    != Some(&unit)
            });
            self.diags.content.extend(diags);
            match &unit {
                Unit::Report { section, slug } => {
                    let key = ReportKey::new(section, slug);
                    let after = report_of(site, &unit);
                    match (&before, after) {
                        (None, None) => {}
                        (Some(_), None) => {
                            self.plan.removed.insert(key);
                            self.plan.site_pages = true;
                        }
                        (before, Some(after)) => {
                            self.plan.removed.remove(&key);
                            self.plan.reports.insert(key);
                            if before.as_ref() != Some(after) {
                                self.plan.site_pages = true;
                            }
                        }
                    }
                    // The reports compared with this one (`compare_with:`) show it in a redline.
                    let named = ReportKey::new(section, slug).to_string();
                    let compares =
                        |r: &&Report| r.versions.iter().any(|v| v.meta.compare_with.as_deref() == Some(&named));
                    self.plan.reports.extend(site.reports.iter().filter(compares).map(Report::key));
                    // Assets are copied beside the pages by `statics`.
                    let assets = |r: Option<&Report>| r.map(|r| r.assets.clone()).unwrap_or_default();
                    let (was, is) = (assets(before.as_ref()), assets(report_of(site, &unit)));
                    if was != is || paths.iter().any(|p| was.contains(p) || is.contains(p)) {
                        self.plan.statics = true;
                    }
                }
                Unit::Home { .. } | Unit::SectionText { .. } => self.plan.site_pages = true,
                Unit::Skipped(_) => {}
            }
        }
    }
}

fn report_of<'a>(site: &'a Site, unit: &Unit) -> Option<&'a Report> {
    let Unit::Report { section, slug } = unit else { return None };
    site.report(&ReportKey::new(section, slug))
}

/// Every file the site or its diagnostics know under `dir`.
fn known_files_under(site: &Site, diags: &[Diagnostic], dir: &Path) -> Vec<PathBuf> {
    let reports = site.reports.iter().flat_map(|r| r.versions.iter().map(|v| &v.path).chain(&r.assets));
    let texts = site.home.values().chain(site.sections.iter().flat_map(|s| s.texts.values())).map(|t| &t.path);
    let diag_files = diags.iter().filter_map(|d| d.location.as_ref().map(|l| &l.file));
    reports.chain(texts).chain(diag_files).filter(|p| p.starts_with(dir) && *p != dir).cloned().collect()
}

fn knows_files_under(site: &Site, diags: &[Diagnostic], dir: &Path) -> bool {
    !known_files_under(site, diags, dir).is_empty()
}

/// Every file under `dir` as the loader walks it; `None` when the walk fails.
fn files_under(dir: &Path) -> Option<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Some(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Some(files)
}

/// An incremental render's pages, staged to be written once the state is clean.
struct Staged<'o>(Mutex<&'o mut LiveOutput>);

impl Output for Staged<'_> {
    fn put(&self, page: Page) -> Result<(), Diagnostic> {
        if let Ok(mut out) = self.0.lock() {
            out.stage(page);
        }
        Ok(())
    }

    fn remove(&self, path: &str) {
        if let Ok(mut out) = self.0.lock() {
            out.remove(path);
        }
    }
}

/// A full render's pages, written beside the served ones and published together.
impl Output for FullPublish {
    fn put(&self, page: Page) -> Result<(), Diagnostic> {
        FullPublish::put(self, page)
    }
}
