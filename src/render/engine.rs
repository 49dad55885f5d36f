//! The render engine: what to render ([`Plan`]), rendering it ([`Renderer::render`]), and
//! what that produced ([`RenderRecord`]).
//!
//! A build is the plan of everything. `serve` plans from the files that changed and hands
//! the previous record back, so a preview runs the same code as a build and its output
//! equals a build by construction. A render goes in four steps:
//!
//! 1. **Reports.** Each report the plan names renders in full (every language version, the
//!    pages for the languages it lacks, its side-by-side and alias pages), one report per
//!    job in parallel; a single report on the calling thread, where handing it to the pool
//!    would cost more than it saves. Its pages and summaries replace its previous record,
//!    and its pages that are no longer produced are removed. Reports that are gone have
//!    their pages removed.
//! 2. **Site pages**, which depend on many reports: home, sections, feeds, sitemap, 404, the
//!    root redirect, and the cited-documents index. They render when the plan asks, or when
//!    a report's summaries tell the listings something new (its ids, citations, URL). For
//!    everything, the listings render alongside the reports (they need only metadata) and
//!    the index after them (it needs what the reports cite).
//! 3. **Static files** (the theme's, and the files of report folders) when the plan asks.
//! 4. **Claims.** Every output path has exactly one producer; a second claim is an error
//!    naming both, whatever the order the threads ran in.
//!
//! UI strings found missing while rendering become warnings of the record.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::{Page, PageSummary, Renderer};
use crate::content::{Report, Site};
use crate::error::{Diagnostic, Severity};
use crate::routes::ReportKey;
use crate::search::Document;

/// What a render must do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Every page; the previous record is dropped.
    pub everything: bool,
    /// Reports to render.
    pub reports: BTreeSet<ReportKey>,
    /// Reports that are gone.
    pub removed: BTreeSet<ReportKey>,
    /// The pages that depend on many reports.
    pub site_pages: bool,
    /// Static files and report folders' files.
    pub statics: bool,
}

impl Plan {
    /// A build: every page.
    pub fn everything() -> Plan {
        Plan { everything: true, ..Plan::default() }
    }

    pub fn is_empty(&self) -> bool {
        !self.everything && self.reports.is_empty() && self.removed.is_empty() && !self.site_pages && !self.statics
    }
}

/// Where rendered pages go: `build` writes them, `check` drops them, `serve` stages them.
pub trait Output: Sync {
    /// Takes one page; called from many threads at once.
    fn put(&self, page: Page) -> Result<(), Diagnostic>;
    /// A page the previous record had and this render no longer produces.
    fn remove(&self, _path: &str) {}
}

impl<F: Fn(Page) -> Result<(), Diagnostic> + Sync> Output for F {
    fn put(&self, page: Page) -> Result<(), Diagnostic> {
        self(page)
    }
}

/// What one report produced.
#[derive(Debug, Default, Clone)]
pub struct ReportRecord {
    /// Its output paths.
    pub paths: BTreeSet<String>,
    /// One per language version, in the configuration's language order.
    pub summaries: Vec<PageSummary>,
    /// What the search index reads of its pages, with their language (none when the site
    /// has no search).
    pub search: Vec<(String, Document)>,
}

/// Who writes an output path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Producer {
    Report(ReportKey),
    SitePages,
    Statics,
}

/// Everything renders produced so far: what `check` checks, what `serve` updates.
#[derive(Debug, Default)]
pub struct RenderRecord {
    /// By report, in site order.
    pub reports: BTreeMap<ReportKey, ReportRecord>,
    /// Paths of the pages that depend on many reports.
    pub site_paths: BTreeSet<String>,
    /// Paths of the static files and the report folders' files.
    pub static_paths: BTreeSet<String>,
    site_diagnostics: Vec<Diagnostic>,
    static_diagnostics: Vec<Diagnostic>,
    /// Output paths claimed twice.
    collisions: Vec<Diagnostic>,
    /// UI strings asked for and missing.
    i18n: BTreeMap<String, Diagnostic>,
    /// Pages the last render produced.
    pub rendered: usize,
    /// Whether a render changed what the search index reads since whoever keeps the index
    /// last took the flag (a render whose pages were not published leaves it set).
    pub search_changed: bool,
    /// Who produces each output path, kept from render to render (an edit re-claims only
    /// the pages it renders).
    owners: HashMap<String, Producer>,
}

impl RenderRecord {
    /// Every summary, in site order.
    pub fn summaries(&self) -> impl Iterator<Item = &PageSummary> {
        self.reports.values().flat_map(|r| &r.summaries)
    }

    /// Every diagnostic of the pages of `site` (a report the record knows but the site no
    /// longer has is left out: `serve` renders only once loading is free of errors).
    pub fn diagnostics(&self, site: &Site) -> Vec<Diagnostic> {
        let in_site = |key: &ReportKey| site.report(key).is_some();
        let reports = self.reports.iter().filter(|(k, _)| in_site(k)).flat_map(|(_, r)| &r.summaries);
        let mut all: Vec<Diagnostic> = reports.flat_map(|s| s.diagnostics.iter().cloned()).collect();
        all.extend(self.site_diagnostics.iter().chain(&self.static_diagnostics).chain(&self.collisions).cloned());
        all.extend(self.i18n.values().cloned());
        all
    }

    /// Every search document by language, in `languages`' order.
    pub fn search_documents(&self, languages: &[crate::config::Language]) -> Vec<(String, Vec<Document>)> {
        languages
            .iter()
            .map(|l| {
                let docs = self.reports.values().flat_map(|r| &r.search).filter(|(lang, _)| *lang == l.code);
                (l.code.clone(), docs.map(|(_, d)| d.clone()).collect())
            })
            .collect()
    }

    /// Every output path, as `check` needs the site's pages.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.reports.values().flat_map(|r| &r.paths).chain(&self.site_paths).chain(&self.static_paths)
    }
}

/// The output paths claimed during one render, and the second claims.
struct Claims {
    owners: Mutex<HashMap<String, Producer>>,
    twice: Mutex<BTreeSet<(String, Producer, Producer)>>,
}

impl Claims {
    fn claim(&self, path: &str, by: &Producer) {
        let Ok(mut owners) = self.owners.lock() else { return };
        match owners.get(path) {
            Some(first) if first != by => {
                let (a, b) = if first < by { (first.clone(), by.clone()) } else { (by.clone(), first.clone()) };
                if let Ok(mut twice) = self.twice.lock() {
                    twice.insert((path.to_string(), a, b));
                }
            }
            Some(_) => {}
            None => {
                owners.insert(path.to_string(), by.clone());
            }
        }
    }

    fn release(&self, paths: &BTreeSet<String>) {
        if let Ok(mut owners) = self.owners.lock() {
            for p in paths {
                owners.remove(p);
            }
        }
    }
}

/// Hands pages to the output on behalf of one producer, claiming and recording each path.
struct Recording<'r, O> {
    out: &'r O,
    claims: &'r Claims,
    producer: Producer,
    paths: Mutex<BTreeSet<String>>,
    /// The pages the theme wants searched, kept when the site has search.
    searchable: Option<Mutex<Vec<Page>>>,
}

impl<'r, O: Output> Recording<'r, O> {
    fn new(out: &'r O, claims: &'r Claims, producer: Producer) -> Self {
        Recording { out, claims, producer, paths: Mutex::new(BTreeSet::new()), searchable: None }
    }

    fn searching(self, search: bool) -> Self {
        Recording { searchable: search.then(|| Mutex::new(Vec::new())), ..self }
    }

    fn put(&self, page: Page) -> Result<(), Diagnostic> {
        self.claims.claim(&page.path, &self.producer);
        if let Ok(mut p) = self.paths.lock() {
            p.insert(page.path.clone());
        }
        if let Some(found) = &self.searchable
            && crate::search::is_searchable(&page.bytes)
            && let Ok(mut found) = found.lock()
        {
            found.push(Page { path: page.path.clone(), bytes: page.bytes.clone() });
        }
        self.out.put(page)
    }

    fn take_searchable(&self) -> Vec<Page> {
        self.searchable.as_ref().and_then(|f| f.lock().ok().map(|mut f| std::mem::take(&mut *f))).unwrap_or_default()
    }

    fn into_paths(self) -> BTreeSet<String> {
        self.paths.into_inner().unwrap_or_default()
    }
}

/// Removes from `out` the pages of `old` that `new` no longer has.
fn remove_gone(old: &BTreeSet<String>, new: &BTreeSet<String>, out: &impl Output) {
    for gone in old.difference(new) {
        out.remove(gone);
    }
}

impl Renderer<'_> {
    /// Renders what `plan` names on top of `previous` (ignored for [`Plan::everything`]),
    /// handing every page to `out`; returns the new record.
    pub fn render(&self, plan: &Plan, previous: RenderRecord, out: &impl Output) -> RenderRecord {
        let mut record = if plan.everything { RenderRecord::default() } else { previous };
        record.rendered = 0;
        record.search_changed |= plan.everything;
        let owners = std::mem::take(&mut record.owners);
        let claims = Claims { owners: Mutex::new(owners), twice: Mutex::new(BTreeSet::new()) };
        let everything = plan.everything;
        let planned: Vec<&Report> = if everything {
            self.site.reports.iter().collect()
        } else {
            plan.reports.iter().filter_map(|k| self.site.report(k)).collect()
        };
        for key in &plan.reports {
            if let Some(old) = record.reports.get(key) {
                claims.release(&old.paths);
            }
        }
        let search = self.site.config.search;
        let render_report = |r: &&Report| {
            let key = r.key();
            let recording = Recording::new(out, &claims, Producer::Report(key.clone())).searching(search);
            let mut summaries = self.report_pages(r, &|page: Page| recording.put(page));
            let search = self.search_documents(r, &mut summaries, recording.take_searchable());
            (key, ReportRecord { paths: recording.into_paths(), summaries, search })
        };
        let site = Recording::new(out, &claims, Producer::SitePages);
        let site_out = |page: Page| site.put(page);

        // 1. Reports (for everything, with the listings alongside).
        let (results, listing_diags): (Vec<(ReportKey, ReportRecord)>, Vec<Diagnostic>) = if everything {
            rayon::join(|| planned.par_iter().map(render_report).collect(), || self.listing_pages_to(&site_out))
        } else if planned.len() > 1 {
            (planned.par_iter().map(render_report).collect(), Vec::new())
        } else {
            (planned.iter().map(render_report).collect(), Vec::new())
        };
        let mut site_pages = plan.site_pages;
        for (key, new) in results {
            record.rendered += new.paths.len();
            match record.reports.insert(key.clone(), new) {
                Some(old) => {
                    let new = &record.reports[&key];
                    record.search_changed |= old.search != new.search;
                    remove_gone(&old.paths, &new.paths, out);
                    site_pages |= !same_listing_facts(&old.summaries, &new.summaries);
                }
                None => {
                    site_pages = true;
                    record.search_changed = true;
                }
            }
        }
        for key in &plan.removed {
            if let Some(old) = record.reports.remove(key) {
                record.search_changed = true;
                claims.release(&old.paths);
                remove_gone(&old.paths, &BTreeSet::new(), out);
                site_pages = true;
            }
        }

        // 2. Site pages.
        if everything {
            let summaries: Vec<&PageSummary> = record.summaries().collect();
            let mut site_diagnostics = listing_diags;
            site_diagnostics.extend(self.documents_to(&summaries, &site_out));
            record.site_diagnostics = site_diagnostics;
        } else if site_pages {
            claims.release(&record.site_paths);
            let summaries: Vec<&PageSummary> = record.summaries().collect();
            let site_diagnostics = self.site_pages_to(&summaries, &site_out);
            record.site_diagnostics = site_diagnostics;
        }
        if everything || site_pages {
            let new_paths = site.into_paths();
            remove_gone(&record.site_paths, &new_paths, out);
            record.rendered += new_paths.len();
            record.site_paths = new_paths;
        }

        // 3. Static files.
        if everything || plan.statics {
            claims.release(&record.static_paths);
            let statics = Recording::new(out, &claims, Producer::Statics);
            record.static_diagnostics = self.statics().into_iter().filter_map(|page| statics.put(page).err()).collect();
            let new_paths = statics.into_paths();
            remove_gone(&record.static_paths, &new_paths, out);
            record.rendered += new_paths.len();
            record.static_paths = new_paths;
        }

        // 4. Claims, and the strings found missing.
        record.owners = claims.owners.into_inner().unwrap_or_default();
        let twice = claims.twice.into_inner().unwrap_or_default();
        record.collisions = twice.into_iter().map(|(path, a, b)| self.collision(&path, &a, &b)).collect();
        if everything {
            record.i18n.clear();
        }
        for d in self.theme.i18n.take_missing() {
            record.i18n.insert(d.message.clone(), d);
        }
        record
    }

    /// The error for an output path two producers claim.
    fn collision(&self, path: &str, a: &Producer, b: &Producer) -> Diagnostic {
        let describe = |p: &Producer| -> (String, Option<PathBuf>) {
            match p {
                Producer::Report(key) => {
                    let file = self.site.report(key).and_then(|r| r.versions.first()).map(|v| v.path.clone());
                    (format!("report `{key}`"), file)
                }
                Producer::SitePages => ("the site's own pages (home, sections, indexes, 404)".to_string(), None),
                Producer::Statics => ("a static file or a file of a report folder".to_string(), None),
            }
        };
        let ((what_a, file_a), (what_b, file_b)) = (describe(a), describe(b));
        let file = file_a.clone().or(file_b.clone()).unwrap_or_else(|| self.site.content_dir.clone());
        let name = |what: &str, file: &Option<PathBuf>| match file {
            Some(f) => format!("{what} ({})", f.display()),
            None => what.to_string(),
        };
        Diagnostic::file(
            Severity::Error,
            Path::new(&file),
            format!(
                "two sources would write the output file `{path}`: {} and {}",
                name(&what_a, &file_a),
                name(&what_b, &file_b)
            ),
        )
        .with_help("rename one of them: an alias, or a report folder's file, must not take the address of another page")
    }
}

/// Whether two renders of a report tell the site-wide pages the same. Everything a summary
/// holds counts, except what only `check` and the terminal use: `links` and citations carry
/// byte offsets that move with every keystroke, and diagnostics are reported on their own. The pattern
/// names every field, so a field added to [`PageSummary`] must be considered here.
fn same_listing_facts(a: &[PageSummary], b: &[PageSummary]) -> bool {
    fn facts(s: &PageSummary) -> impl PartialEq + '_ {
        let PageSummary {
            report,
            lang,
            url,
            ids,
            note_ids: _,
            place_ids: _,
            headings,
            citations,
            links: _,
            diagnostics: _,
        } = s;
        // A citation's offset, like a link's, moves with every keystroke before it.
        let cited: Vec<_> = citations.iter().map(|c| (&c.symbol, c.kind, &c.anchor)).collect();
        (report, lang, url, ids, headings, cited)
    }
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| facts(x) == facts(y))
}
