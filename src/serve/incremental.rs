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
//!   then render that report's pages ([`Renderer::report_pages`]: every language version,
//!   since each one's language switcher lists the others, its fallback and side-by-side
//!   pages). The pages that depend on many reports ([`Renderer::site_pages`]: home,
//!   sections, indexes, feeds, sitemap) are rendered only when the report's metadata, its
//!   set of versions, or what its summaries tell the listings (ids, citations) changed, or
//!   when an `_index` text changed. A folder created, renamed or removed reloads the units
//!   of every file under both its old and new paths.
//!
//! Rendered pages go to [`LiveOutput`], which writes only what differs from the disk, and
//! only once the whole state is free of errors: while a file is broken the last good site
//! stays, and the fix publishes everything rendered in between.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::publish::LiveOutput;
use super::watch::Changes;
use crate::config::Config;
use crate::content::incremental::{self as units, Unit};
use crate::content::{self, Report, Site};
use crate::error::Diagnostic;
use crate::render::{Page, PageSummary, Renderer, empty_site_warning};
use crate::symbol::Recogniser;
use crate::theme::Theme;

/// The pages one report produced and what rendering it taught.
#[derive(Debug, Default)]
struct ReportOutput {
    pages: BTreeSet<String>,
    summaries: Vec<PageSummary>,
}

/// What the next render must do.
#[derive(Debug, Default)]
struct Plan {
    full: bool,
    /// Keys of reports to render.
    reports: BTreeSet<String>,
    /// Keys of reports that are gone.
    removed: BTreeSet<String>,
    site_pages: bool,
    statics: bool,
}

impl Plan {
    fn is_empty(&self) -> bool {
        !self.full && self.reports.is_empty() && self.removed.is_empty() && !self.site_pages && !self.statics
    }
}

/// Diagnostics by the stage that produced them; each stage replaces its own.
#[derive(Debug, Default)]
struct Diags {
    config: Vec<Diagnostic>,
    theme: Vec<Diagnostic>,
    content: Vec<Diagnostic>,
    site_pages: Vec<Diagnostic>,
    i18n: Vec<Diagnostic>,
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
    /// Compiled once per configuration, and moved (never cloned) into each render: compiling
    /// it, or warming a clone's caches, costs more than rendering a page.
    recogniser: Option<Recogniser>,
    reports: HashMap<String, ReportOutput>,
    site_page_paths: BTreeSet<String>,
    static_paths: BTreeSet<String>,
    diags: Diags,
    /// Work decided but not done yet: rendering waits while loading has errors.
    plan: Plan,
    out: LiveOutput,
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
            reports: HashMap::new(),
            site_page_paths: BTreeSet::new(),
            static_paths: BTreeSet::new(),
            diags: Diags::default(),
            plan: Plan { full: true, ..Plan::default() },
            out,
        }
    }

    /// The base path of the site's URLs (`/`, or the path of `base_url`).
    pub fn base_path(&self) -> String {
        self.base_path.clone()
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
            self.plan.full = true;
        }
        if !load_errors
            && !self.plan.is_empty()
            && let (Some(site), Some(theme)) = (&self.site, &self.theme)
            && let Some(recogniser) = self.recogniser.take()
        {
            let plan = std::mem::take(&mut self.plan);
            let mut r = Render {
                renderer: Renderer::with_recogniser(site, theme, recogniser),
                site,
                theme,
                reports: &mut self.reports,
                site_page_paths: &mut self.site_page_paths,
                static_paths: &mut self.static_paths,
                diags: &mut self.diags,
                out: &mut self.out,
            };
            let outcome = if plan.full { r.full() } else { Ok(r.incremental(plan)) };
            self.recogniser = Some(r.renderer.into_recogniser());
            match outcome {
                Ok(o) => {
                    rebuilt.kind = o.kind;
                    rebuilt.rendered = o.rendered;
                    rebuilt.changed = o.changed;
                    // A full render with errors was dropped whole: the next one starts over.
                    self.plan.full |= !o.complete;
                }
                Err(d) => {
                    self.diags.output = vec![d];
                    self.plan.full = true;
                }
            }
        }
        rebuilt.diagnostics = self.diagnostics();
        if !rebuilt.has_errors() {
            match self.out.flush() {
                Ok(mut changed) => rebuilt.changed.append(&mut changed),
                Err(d) => {
                    self.diags.output = vec![d.clone()];
                    self.plan.full = true;
                    rebuilt.diagnostics.push(d);
                }
            }
        }
        rebuilt.changed.sort();
        rebuilt.changed.dedup();
        rebuilt.elapsed = start.elapsed();
        rebuilt
    }

    /// Every diagnostic of the current state.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let d = &self.diags;
        let mut all: Vec<Diagnostic> = d.config.iter().chain(&d.theme).chain(&d.content).cloned().collect();
        if let Some(site) = &self.site {
            all.extend(empty_site_warning(site));
            // Only reports still in the site: rendering waits while loading has errors.
            for (key, out) in &self.reports {
                let in_site = || {
                    key.split_once('/').is_some_and(|(section, slug)| {
                        report_of(site, &Unit::Report { section: section.into(), slug: slug.into() }).is_some()
                    })
                };
                if out.summaries.iter().any(|s| !s.diagnostics.is_empty()) && in_site() {
                    all.extend(out.summaries.iter().flat_map(|s| s.diagnostics.iter().cloned()));
                }
            }
        }
        all.extend(d.site_pages.iter().chain(&d.i18n).chain(&d.output).cloned());
        all
    }

    /// Configuration, theme and content, from scratch.
    fn load_all(&mut self) {
        self.plan = Plan { full: true, ..Plan::default() };
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
        self.plan.full = true;
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
        self.plan.full = true;
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
                    let key = format!("{section}/{slug}");
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
    let key = (section.as_str(), slug.as_str());
    site.reports.binary_search_by(|r| (r.section.as_str(), r.slug.as_str()).cmp(&key)).ok().map(|i| &site.reports[i])
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

/// The render step, borrowing the parts of the workspace it reads and the parts it updates.
struct Render<'a> {
    renderer: Renderer<'a>,
    site: &'a Site,
    theme: &'a Theme,
    reports: &'a mut HashMap<String, ReportOutput>,
    site_page_paths: &'a mut BTreeSet<String>,
    static_paths: &'a mut BTreeSet<String>,
    diags: &'a mut Diags,
    out: &'a mut LiveOutput,
}

/// What a render did.
struct Outcome {
    kind: &'static str,
    rendered: usize,
    /// Paths a full render published (an incremental one publishes at `flush`).
    changed: Vec<String>,
    /// False when a full render had errors and was dropped.
    complete: bool,
}

impl Render<'_> {
    /// Renders every page, as `build` does, and publishes it if the state has no error.
    fn full(&mut self) -> Result<Outcome, Diagnostic> {
        let renderer = &self.renderer;
        let full = self
            .out
            .begin_full()
            .map_err(|e| Diagnostic::file(crate::Severity::Error, self.out.target(), e.to_string()))?;
        let results: Vec<(String, BTreeSet<String>, Vec<PageSummary>)> = self
            .site
            .reports
            .par_iter()
            .map(|r| {
                let paths = Mutex::new(BTreeSet::new());
                let summaries = renderer.report_pages(r, &|page: Page| {
                    if let Ok(mut p) = paths.lock() {
                        p.insert(page.path.clone());
                    }
                    full.put(page)
                });
                (r.key(), paths.into_inner().unwrap_or_default(), summaries)
            })
            .collect();
        let mut rendered: usize = results.iter().map(|(_, p, _)| p.len()).sum();
        // Listings need the summaries in site order, as one slice: lend them, then take
        // them back without copying.
        let mut all: Vec<PageSummary> = Vec::new();
        let mut counts: Vec<(String, BTreeSet<String>, usize)> = Vec::with_capacity(results.len());
        for (key, paths, summaries) in results {
            counts.push((key, paths, summaries.len()));
            all.extend(summaries);
        }
        let site_paths = Mutex::new(BTreeSet::new());
        self.diags.site_pages = renderer.site_pages_to(&all, &|page: Page| {
            if let Ok(mut p) = site_paths.lock() {
                p.insert(page.path.clone());
            }
            full.put(page)
        });
        *self.site_page_paths = site_paths.into_inner().unwrap_or_default();
        let statics = renderer.statics();
        *self.static_paths = statics.iter().map(|p| p.path.clone()).collect();
        rendered += self.site_page_paths.len() + statics.len();
        self.diags.output.clear();
        for page in statics {
            if let Err(d) = full.put(page) {
                self.diags.output.push(d);
            }
        }
        self.diags.i18n = self.theme.i18n.take_missing();
        let mut all = all.into_iter();
        self.reports.clear();
        for (key, pages, n) in counts {
            self.reports.insert(key, ReportOutput { pages, summaries: all.by_ref().take(n).collect() });
        }
        let has_errors = self
            .reports
            .values()
            .flat_map(|r| &r.summaries)
            .flat_map(|s| &s.diagnostics)
            .chain(&self.diags.site_pages)
            .chain(&self.diags.output)
            .any(Diagnostic::is_error);
        if has_errors {
            self.out.abort_full(full);
            return Ok(Outcome { kind: "full", rendered, changed: Vec::new(), complete: false });
        }
        let changed = self.out.commit_full(full)?;
        Ok(Outcome { kind: "full", rendered, changed, complete: true })
    }

    /// Renders what `plan` names; pages are staged, to be written once the state is clean.
    fn incremental(&mut self, mut plan: Plan) -> Outcome {
        let renderer = &self.renderer;
        let reports: Vec<&Report> = plan
            .reports
            .iter()
            .filter_map(|key| {
                let (section, slug) = key.split_once('/')?;
                report_of(self.site, &Unit::Report { section: section.into(), slug: slug.into() })
            })
            .collect();
        let render = |r: &&Report| {
            let pages = Mutex::new(Vec::new());
            let summaries = renderer.report_pages(r, &|page: Page| {
                if let Ok(mut p) = pages.lock() {
                    p.push(page);
                }
                Ok(())
            });
            (r.key(), pages.into_inner().unwrap_or_default(), summaries)
        };
        // One report, the usual case, renders on this thread: handing it to the pool and
        // waiting costs more than it saves.
        let results: Vec<(String, Vec<Page>, Vec<PageSummary>)> = if reports.len() > 1 {
            reports.par_iter().map(render).collect()
        } else {
            reports.iter().map(render).collect()
        };
        let mut rendered = 0;
        for (key, pages, summaries) in results {
            rendered += pages.len();
            let paths: BTreeSet<String> = pages.iter().map(|p| p.path.clone()).collect();
            let old = self.reports.remove(&key).unwrap_or_default();
            if !same_listing_facts(&old.summaries, &summaries) {
                plan.site_pages = true;
            }
            for gone in old.pages.difference(&paths) {
                self.out.remove(gone);
            }
            for page in pages {
                self.out.stage(page);
            }
            self.reports.insert(key, ReportOutput { pages: paths, summaries });
        }
        for key in &plan.removed {
            if let Some(old) = self.reports.remove(key) {
                for gone in &old.pages {
                    self.out.remove(gone);
                }
                plan.site_pages = true;
            }
        }
        if plan.site_pages {
            let all: Vec<PageSummary> = self
                .site
                .reports
                .iter()
                .filter_map(|r| self.reports.get(&r.key()))
                .flat_map(|o| o.summaries.iter().cloned())
                .collect();
            // Staged as they come: only the pages that changed stay in memory.
            let new_paths = Mutex::new(BTreeSet::new());
            let out = Mutex::new(&mut *self.out);
            self.diags.site_pages = renderer.site_pages_to(&all, &|page: Page| {
                if let Ok(mut p) = new_paths.lock() {
                    p.insert(page.path.clone());
                }
                if let Ok(mut out) = out.lock() {
                    out.stage(page);
                }
                Ok(())
            });
            let new_paths = new_paths.into_inner().unwrap_or_default();
            rendered += new_paths.len();
            for gone in self.site_page_paths.difference(&new_paths) {
                self.out.remove(gone);
            }
            *self.site_page_paths = new_paths;
        }
        if plan.statics {
            let statics = renderer.statics();
            rendered += statics.len();
            replace_set(self.out, self.static_paths, statics);
        }
        self.diags.i18n = self.theme.i18n.take_missing();
        Outcome { kind: "incremental", rendered, changed: Vec::new(), complete: true }
    }
}

/// Stages `pages` as the new content of a group of pages, removing the group's others.
fn replace_set(out: &mut LiveOutput, paths: &mut BTreeSet<String>, pages: Vec<Page>) {
    let new: BTreeSet<String> = pages.iter().map(|p| p.path.clone()).collect();
    for gone in paths.difference(&new) {
        out.remove(gone);
    }
    for page in pages {
        out.stage(page);
    }
    *paths = new;
}

/// Whether two renders of a report tell the site-wide pages the same. Everything a summary
/// holds counts, except what only `check` and the terminal use: `links` carry byte offsets
/// that move with every keystroke, and diagnostics are reported on their own. The pattern
/// names every field, so a field added to [`PageSummary`] must be considered here.
fn same_listing_facts(a: &[PageSummary], b: &[PageSummary]) -> bool {
    let facts = |s: &PageSummary| {
        let PageSummary { report, lang, url, ids, citations, links: _, diagnostics: _ } = s;
        (report.clone(), lang.clone(), url.clone(), ids.clone(), citations.clone())
    };
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| facts(x) == facts(y))
}
