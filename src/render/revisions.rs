//! A report's earlier texts: the page of each revision, and the redlines between its texts.
//!
//! A report renders its revisions with itself (they are files of its unit), so saving the
//! current text or a revision re-renders the redlines that show it. The redlines made are
//! those of each pair of consecutive revisions, of each revision against the current text,
//! and of the base (`compare_with:`) against the current text, in every configured language;
//! a text missing in a language gives a page that says so. Texts are compared within their
//! language: the Chinese redline compares the Chinese texts.

use std::collections::BTreeMap;
use std::path::Path;

use super::redline::{RowLabels, Tally, Texts, rows_html};
use super::views::{CompareLink, ComparePage, CompareText, FallbackPage, RevisionView};
use super::{Page, Renderer};
use crate::config::Language;
use crate::content::{Report, Revision};
use crate::error::{Diagnostic, Severity};
use crate::routes::ReportKey;

/// One text's paragraphs in each language it exists in.
type ByLang = BTreeMap<String, Texts>;

/// What a text's page says of the report's history.
#[derive(Default)]
pub(super) struct History {
    pub revision: Option<RevisionView>,
    pub revisions: Vec<RevisionView>,
    pub changes_url: Option<String>,
    pub base: Option<CompareText>,
}

/// A text a redline compares.
#[derive(Clone, Copy)]
enum Side<'r> {
    Revision(&'r Revision),
    Current,
    Base(&'r Report),
}

impl Side<'_> {
    fn name(&self) -> &str {
        match self {
            Side::Revision(r) => &r.name,
            Side::Current => "current",
            Side::Base(_) => "base",
        }
    }
}

impl Renderer<'_> {
    /// Whether a report has pages of this module.
    pub(super) fn has_history(report: &Report) -> bool {
        !report.revisions.is_empty() || report.versions.iter().any(|v| v.meta.compare_with.is_some())
    }

    /// The base of a report (`compare_with:`), if it names a report of the site.
    fn base_of(&self, report: &Report) -> Option<&Report> {
        let named = report.versions.iter().find_map(|v| v.meta.compare_with.as_deref())?;
        let (section, slug) = named.split_once('/')?;
        self.site.report(&ReportKey::new(section, slug)).filter(|b| b.key() != report.key())
    }

    /// The history the current text's page in `lang` lists.
    pub(super) fn history(&self, report: &Report, lang: &str) -> History {
        let revisions: Vec<RevisionView> =
            report.revisions.iter().map(|r| self.revision_view(report, r, lang)).collect();
        let changes_url = revisions.last().map(|r| r.compare_url.clone());
        let base = self.base_of(report).map(|b| CompareText {
            url: Some(self.routes.compare(lang, &report.key(), "base", "current")),
            ..self.compare_text(report, Side::Base(b), lang)
        });
        History { revision: None, revisions, changes_url, base }
    }

    fn revision_view(&self, report: &Report, revision: &Revision, lang: &str) -> RevisionView {
        let key = report.key();
        RevisionView {
            name: revision.name.clone(),
            label: revision
                .version(lang)
                .and_then(|v| v.meta.revision.clone())
                .unwrap_or_else(|| revision.label().to_string()),
            date: revision.date().map(|d| d.to_string()),
            date_display: revision.date().map(|d| self.format_date(d, lang)),
            url: self.routes.revision(lang, &key, &revision.name),
            compare_url: self.routes.compare(lang, &key, &revision.name, "current"),
        }
    }

    /// The revision pages and redlines of `report`; `current` holds the current text of each
    /// language it exists in. Problems found on the way are returned as errors.
    pub(super) fn revision_pages(
        &self,
        report: &Report,
        current: &BTreeMap<String, Texts>,
    ) -> Vec<Result<Page, Diagnostic>> {
        let mut out = Vec::new();
        let mut texts: Vec<ByLang> = Vec::with_capacity(report.revisions.len());
        for revision in &report.revisions {
            let mut by_lang = BTreeMap::new();
            for lang in &self.config().languages {
                match revision.version(&lang.code) {
                    Some(version) => {
                        let url = self.routes.revision(&lang.code, &report.key(), &revision.name);
                        let alternates = self.alternates(&revision.versions, &lang.code, |code| {
                            self.routes.revision(code, &report.key(), &revision.name)
                        });
                        let history = History {
                            revision: Some(self.revision_view(report, revision, &lang.code)),
                            ..History::default()
                        };
                        let (page, summary, rendered) = self.text_page(report, version, &url, alternates, history);
                        out.extend(page.map(Ok));
                        out.extend(summary.diagnostics.into_iter().map(Err));
                        if let Some(r) = rendered {
                            by_lang.insert(lang.code.clone(), Texts::of(&r));
                        }
                    }
                    None => out.push(self.revision_fallback(report, revision, lang)),
                }
            }
            texts.push(by_lang);
        }
        let base = self.base_of(report);
        out.extend(self.compare_with_warning(report, base));
        let base_texts: ByLang = match base {
            Some(b) => b
                .versions
                .iter()
                .filter_map(|v| {
                    let lang = self.language(&v.lang);
                    let mut diags = Vec::new();
                    let r = self.body(&v.path, v.body_offset, v.stamp, lang, Some(&v.meta), &mut diags)?;
                    Some((v.lang.clone(), Texts::of(&r)))
                })
                .collect(),
            None => BTreeMap::new(),
        };
        // The pairs, each with the texts of both sides by language.
        let mut pairs: Vec<(Side, &ByLang, Side, &ByLang)> = Vec::new();
        for (k, revision) in report.revisions.iter().enumerate().skip(1) {
            pairs.push((Side::Revision(&report.revisions[k - 1]), &texts[k - 1], Side::Revision(revision), &texts[k]));
        }
        for (k, revision) in report.revisions.iter().enumerate() {
            pairs.push((Side::Revision(revision), &texts[k], Side::Current, current));
        }
        if let Some(b) = base {
            pairs.push((Side::Base(b), &base_texts, Side::Current, current));
        }
        for lang in &self.config().languages {
            let others: Vec<CompareLink> = pairs
                .iter()
                .map(|(from, _, to, _)| CompareLink {
                    from: self.compare_text(report, *from, &lang.code).label,
                    to: self.compare_text(report, *to, &lang.code).label,
                    url: self.routes.compare(&lang.code, &report.key(), from.name(), to.name()),
                    current: false,
                })
                .collect();
            for (from, from_texts, to, to_texts) in &pairs {
                let sides = [(*from, from_texts.get(&lang.code)), (*to, to_texts.get(&lang.code))];
                out.push(self.compare_page(report, lang, sides, &others));
            }
        }
        out
    }

    /// One side of a redline, as its page names it in `lang`.
    fn compare_text(&self, report: &Report, side: Side, lang: &str) -> CompareText {
        let key = report.key();
        match side {
            Side::Revision(r) => {
                let view = self.revision_view(report, r, lang);
                let available = r.version(lang).is_some();
                CompareText {
                    name: view.name,
                    label: view.label,
                    date_display: view.date_display,
                    url: available.then_some(view.url),
                    available,
                }
            }
            Side::Current => {
                let version = report.version(lang);
                CompareText {
                    name: "current".into(),
                    label: self.theme.i18n.get(lang, "revision_current"),
                    date_display: version.and_then(|v| v.meta.date).map(|d| self.format_date(d, lang)),
                    url: version.map(|_| self.routes.report(lang, &key)),
                    available: version.is_some(),
                }
            }
            Side::Base(b) => {
                let version = b.version(lang).or_else(|| b.versions.first());
                let label =
                    version.map(|v| v.meta.symbol.clone().unwrap_or_else(|| v.meta.title.clone())).unwrap_or_default();
                CompareText {
                    name: "base".into(),
                    label,
                    date_display: version.and_then(|v| v.meta.date).map(|d| self.format_date(d, lang)),
                    url: b.version(lang).map(|_| self.routes.report(lang, &b.key())),
                    available: b.version(lang).is_some(),
                }
            }
        }
    }

    /// The redline page in `lang` between two sides.
    fn compare_page(
        &self,
        report: &Report,
        lang: &Language,
        sides: [(Side, Option<&Texts>); 2],
        others: &[CompareLink],
    ) -> Result<Page, Diagnostic> {
        let [(from, from_texts), (to, to_texts)] = sides;
        let key = report.key();
        let url = self.routes.compare(&lang.code, &key, from.name(), to.name());
        let (from_view, to_view) =
            (self.compare_text(report, from, &lang.code), self.compare_text(report, to, &lang.code));
        let t = |k: &str| self.theme.i18n.get(&lang.code, k);
        let labels = RowLabels {
            from: from_view.label.clone(),
            to: to_view.label.clone(),
            changed: t("rev_tag_changed"),
            inserted: t("rev_tag_inserted"),
            deleted: t("rev_tag_deleted"),
            moved: t("rev_tag_moved"),
        };
        let mut tally = Tally::default();
        let (rows, notes, missing) = match (from_texts, to_texts) {
            (Some(a), Some(b)) => {
                let rows = rows_html(&a.body, &b.body, "rev", &labels, &mut tally);
                let notes = rows_html(&a.notes, &b.notes, "rev-note", &labels, &mut tally);
                (rows, notes, None)
            }
            _ => (String::new(), String::new(), Some(lang.name.clone())),
        };
        let meta = report.version(&lang.code).or_else(|| report.versions.first()).map(|v| &v.meta);
        let alternates =
            self.language_alternates(&lang.code, |code| self.routes.compare(code, &key, from.name(), to.name()));
        let view = ComparePage {
            frame: self.frame(&url, alternates, false),
            report: meta.map(|m| self.report_view(report, m, &lang.code, &lang.code)).unwrap_or_default(),
            from: from_view,
            to: to_view,
            summary: if missing.is_some() { Vec::new() } else { tally.summary() },
            missing,
            others: others.iter().map(|o| CompareLink { current: o.url == url, ..o.clone() }).collect(),
        };
        let bytes = self.page(lang, &view, &[&rows, &notes])?;
        Ok(Page { path: self.routes.page_path(&url), bytes })
    }

    /// The page of a revision in a language it lacks: never a 404.
    fn revision_fallback(&self, report: &Report, revision: &Revision, lang: &Language) -> Result<Page, Diagnostic> {
        let first = revision.versions.first().ok_or_else(|| {
            Diagnostic::file(Severity::Error, Path::new(&report.key().to_string()), "revision without versions")
        })?;
        let url = self.routes.revision(&lang.code, &report.key(), &revision.name);
        let alternates = self.alternates(&revision.versions, &lang.code, |code| {
            self.routes.revision(code, &report.key(), &revision.name)
        });
        let view = FallbackPage {
            frame: self.frame(&url, alternates, false),
            report: self.report_view(report, &first.meta, &lang.code, &first.lang),
        };
        Ok(Page { path: self.routes.page_path(&url), bytes: self.page(lang, &view, &[])? })
    }

    /// The warning for a `compare_with:` that names no report of the site, at its line.
    fn compare_with_warning(&self, report: &Report, base: Option<&Report>) -> Option<Result<Page, Diagnostic>> {
        if base.is_some() {
            return None;
        }
        let version = report.versions.iter().find(|v| v.meta.compare_with.is_some())?;
        let named = version.meta.compare_with.as_deref().unwrap_or_default();
        let message = format!("`compare_with: {named}` names no report of this site");
        let help = "write the report to compare with as <section>/<slug>, as its folder is named under content/ (e.g. `resolutions/a-c-1-78-l-11`)";
        let text = std::fs::read_to_string(&version.path).unwrap_or_default();
        let d = match text.find("compare_with") {
            Some(at) => Diagnostic::at(Severity::Warning, &version.path, &text, at..at + "compare_with".len(), message),
            None => Diagnostic::file(Severity::Warning, &version.path, message),
        };
        Some(Err(d.with_help(help)))
    }
}
