//! The content cut into [`Unit`]s, the smallest sets of files that loading combines: the
//! files of one report (its language versions and its assets), the `_index` texts of one
//! home or section page in one language, or one file the loader skips with a warning.
//!
//! Both ways of loading go by unit and load a unit with the same function
//! ([`load_unit`]): a full load ([`super::load`]) walks `content/` and groups the files it
//! finds by unit; [`reload`], for `serve`, lists the files of one unit again and patches the
//! [`Site`]. So a patched site equals the site a full load would give by construction (the
//! tests below still compare the two). Changes of folders (a report folder created, renamed
//! or removed) are not units: the caller loads everything again for them.

use std::path::{Path, PathBuf};

use super::{Loaded, Report, Revision, Role, Section, Site, Text, Version, is_source, load_file, role};
use crate::config::Config;
use crate::error::{Diagnostic, Severity};

/// The smallest set of content files that loading combines.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// `content/<section>/<slug>/…` and `content/<section>/<slug>[.<lang>].md`.
    Report { section: String, slug: String },
    /// `content/_index[.<lang>].md`.
    Home { lang: String },
    /// `content/<section>/_index[.<lang>].md`.
    SectionText { section: String, lang: String },
    /// A file the loader skips with a warning (wrong place, unknown language …).
    Skipped(PathBuf),
}

/// Reloading a unit met something only a full load reports the same way (an unreadable
/// folder, a link loop): the caller must load the whole content again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedsFullLoad;

/// The unit a path under `content_dir` belongs to; `None` for paths the loader never reads
/// (hidden files, editor leftovers, paths outside `content_dir`, `content_dir` itself).
pub fn unit_of(content_dir: &Path, path: &Path, config: &Config) -> Option<Unit> {
    let rel = path.strip_prefix(content_dir).ok()?;
    if rel.as_os_str().is_empty() || !is_source(rel) {
        return None;
    }
    Some(match role(rel, config) {
        Ok(
            Role::Report { section, slug, .. } | Role::Revision { section, slug, .. } | Role::Asset { section, slug },
        ) => Unit::Report { section, slug },
        Ok(Role::Home { lang }) => Unit::Home { lang },
        Ok(Role::SectionText { section, lang }) => Unit::SectionText { section, lang },
        Err(_) => Unit::Skipped(path.to_path_buf()),
    })
}

/// Reads `unit` from disk again and puts the result into `site`; returns the unit's
/// diagnostics, which replace those of the files [`unit_of`] maps to the same unit.
pub fn reload(site: &mut Site, unit: &Unit) -> Result<Vec<Diagnostic>, NeedsFullLoad> {
    let mut diags = Vec::new();
    let files = match unit {
        Unit::Report { section, slug } => report_files(site, section, slug, &mut diags)?,
        Unit::Home { lang } => text_files(site, &site.content_dir, lang),
        Unit::SectionText { section, lang } => text_files(site, &site.content_dir.join(section), lang),
        Unit::Skipped(path) => [path.clone()].into_iter().filter(|p| p.is_file()).collect(),
    };
    match load_unit(&site.content_dir, &site.config, unit, &files, &mut diags) {
        UnitContent::Report(report) => {
            let Unit::Report { section, slug } = unit else { return Ok(diags) };
            let key = (section.as_str(), slug.as_str());
            let found = site.reports.binary_search_by(|r| (r.section.as_str(), r.slug.as_str()).cmp(&key));
            match (found, report) {
                (Ok(i), Some(r)) => site.reports[i] = r,
                (Ok(i), None) => {
                    site.reports.remove(i);
                }
                (Err(i), Some(r)) => site.reports.insert(i, r),
                (Err(_), None) => {}
            }
            sync_section(site, section);
        }
        UnitContent::Home(lang, text) => match text {
            Some(t) => {
                site.home.insert(lang, t);
            }
            None => {
                site.home.remove(&lang);
            }
        },
        UnitContent::SectionText(section, lang, text) => {
            let i = match site.sections.binary_search_by(|s| s.slug.as_str().cmp(&section)) {
                Ok(i) => i,
                Err(i) => {
                    site.sections.insert(i, Section { slug: section.clone(), ..Section::default() });
                    i
                }
            };
            match text {
                Some(t) => {
                    site.sections[i].texts.insert(lang, t);
                }
                None => {
                    site.sections[i].texts.remove(&lang);
                }
            }
            sync_section(site, &section);
        }
        UnitContent::Skipped => {}
    }
    Ok(diags)
}

/// What the files of one unit give.
pub(super) enum UnitContent {
    Report(Option<Report>),
    Home(String, Option<Text>),
    SectionText(String, String, Option<Text>),
    Skipped,
}

/// Loads `unit` from its `files`, in walk order; the one function both a full load and a
/// reload use.
pub(super) fn load_unit(
    content_dir: &Path,
    config: &Config,
    unit: &Unit,
    files: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
) -> UnitContent {
    match unit {
        Unit::Report { section, slug } => {
            UnitContent::Report(load_report(content_dir, config, section, slug, files, diags))
        }
        Unit::Home { lang } => {
            UnitContent::Home(lang.clone(), load_text(files, |lang| Role::Home { lang }, lang, diags))
        }
        Unit::SectionText { section, lang } => {
            let role = |lang| Role::SectionText { section: section.clone(), lang };
            UnitContent::SectionText(section.clone(), lang.clone(), load_text(files, role, lang, diags))
        }
        Unit::Skipped(path) => {
            if !files.is_empty() {
                diags.extend(skipped(content_dir, config, path));
            }
            UnitContent::Skipped
        }
    }
}

/// The warning for a file the loader skips.
fn skipped(content_dir: &Path, config: &Config, path: &Path) -> Option<Diagnostic> {
    let rel = path.strip_prefix(content_dir).ok()?;
    role(rel, config).err().map(|message| Diagnostic::file(Severity::Warning, path, message))
}

/// The files of a report in the loader's walk order (a report folder sorts before the
/// single files `<slug>.<lang>.md` beside it); links out of the site are refused, as the
/// full load refuses them.
fn report_files(
    site: &Site,
    section: &str,
    slug: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, NeedsFullLoad> {
    let section_dir = site.content_dir.join(section);
    let folder = section_dir.join(slug);
    let policy = crate::source::Policy::new(&site.root, &site.config);
    let mut files = Vec::new();
    if folder.is_dir() {
        let mut failed = false;
        let (found, refused) = policy.walk(&folder, |_| failed = true);
        if failed {
            return Err(NeedsFullLoad);
        }
        files = found;
        diags.extend(refused.into_iter().map(crate::source::Refused::into_diagnostic));
    }
    let mut singles: Vec<String> = site.config.languages.iter().map(|l| format!("{slug}.{}.md", l.code)).collect();
    singles.push(format!("{slug}.md"));
    singles.sort();
    for single in singles.into_iter().map(|n| section_dir.join(n)) {
        if std::fs::symlink_metadata(&single).is_err() {
            continue;
        }
        match policy.admit(&single, &site.content_dir) {
            Ok(true) => files.push(single),
            Ok(false) => {}
            Err(r) => diags.push(r.into_diagnostic()),
        }
    }
    Ok(files)
}

/// A report from its files: its published language versions in the configuration's order,
/// and its assets; `None` when no version is published.
fn load_report(
    content_dir: &Path,
    config: &Config,
    section: &str,
    slug: &str,
    files: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
) -> Option<Report> {
    let mut report = Report {
        section: section.to_string(),
        slug: slug.to_string(),
        versions: Vec::new(),
        assets: Vec::new(),
        revisions: Vec::new(),
    };
    for path in files {
        let Ok(rel) = path.strip_prefix(content_dir) else { continue };
        if !is_source(rel) {
            continue;
        }
        match role(rel, config) {
            Ok(Role::Asset { section: s, slug: r }) if s == section && r == slug => report.assets.push(path.clone()),
            Ok(role @ Role::Report { .. }) => match load_file(path, role) {
                Loaded::Report { section: s, slug: r, version, warnings } if s == section && r == slug => {
                    diags.extend(warnings);
                    if !version.meta.publish {
                        continue;
                    }
                    diags.extend(report.add_version(version).err());
                }
                Loaded::Problem(mut ds) => diags.append(&mut ds),
                _ => {}
            },
            Ok(role @ Role::Revision { .. }) => match load_file(path, role) {
                Loaded::Revision { name, version, warnings } => {
                    diags.extend(warnings);
                    if version.meta.publish {
                        diags.extend(add_revision(&mut report.revisions, name, version).err());
                    }
                }
                Loaded::Problem(mut ds) => diags.append(&mut ds),
                _ => {}
            },
            // Files of the folder that the loader skips are units of their own.
            _ => {}
        }
    }
    if report.versions.is_empty() {
        return None;
    }
    let order = |lang: &str| config.languages.iter().position(|l| l.code == lang).unwrap_or(usize::MAX);
    report.versions.sort_by_key(|v| order(&v.lang));
    for revision in &mut report.revisions {
        revision.versions.sort_by_key(|v| order(&v.lang));
    }
    report.revisions.sort_by(|a, b| (a.date(), &a.name).cmp(&(b.date(), &b.name)));
    Some(report)
}

/// Adds a revision's language version; a second file for the same language is an error.
fn add_revision(revisions: &mut Vec<Revision>, name: String, version: Version) -> Result<(), Diagnostic> {
    let Some(revision) = revisions.iter_mut().find(|r| r.name == name) else {
        revisions.push(Revision { name, versions: vec![version] });
        return Ok(());
    };
    if let Some(other) = revision.version(&version.lang) {
        return Err(Diagnostic::file(
            Severity::Error,
            &version.path,
            format!("two files claim the same revision: this one and {}", other.path.display()),
        )
        .with_help("keep one file per revision and language: revisions/<name>.<lang>.md"));
    }
    revision.versions.push(version);
    Ok(())
}

/// The `_index` files of a page in `lang` in `dir`, in walk order: `_index.<lang>.md`, and
/// `_index.md` for the default language.
fn text_files(site: &Site, dir: &Path, lang: &str) -> Vec<PathBuf> {
    let mut names = vec![format!("_index.{lang}.md")];
    if site.config.default_language().code == lang {
        names.push("_index.md".to_string());
    }
    names.sort();
    names.into_iter().map(|n| dir.join(n)).filter(|p| p.is_file()).collect()
}

/// The `_index` text of a page from its files; when two exist the later in walk order wins.
fn load_text(
    files: &[PathBuf],
    role_for: impl Fn(String) -> Role,
    lang: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Text> {
    let mut text = None;
    for path in files {
        match load_file(path, role_for(lang.to_string())) {
            Loaded::Text { text: t, warnings } => {
                diags.extend(warnings);
                text = Some(t);
            }
            Loaded::Problem(mut ds) => diags.append(&mut ds),
            _ => {}
        }
    }
    text
}

/// A section exists while it has a report or an `_index` text.
fn sync_section(site: &mut Site, section: &str) {
    let has_reports = site.reports.iter().any(|r| r.section == section);
    match site.sections.binary_search_by(|s| s.slug.as_str().cmp(section)) {
        Ok(i) if !has_reports && site.sections[i].texts.is_empty() => {
            site.sections.remove(i);
        }
        Ok(_) => {}
        Err(i) if has_reports => site.sections.insert(i, Section { slug: section.to_string(), ..Section::default() }),
        Err(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn report(title: &str) -> String {
        format!("---\ntitle: {title}\n---\n\n1. Text.\n")
    }

    /// Sorted diagnostics, for comparing a full load with a patched one.
    fn sorted(mut d: Vec<Diagnostic>) -> Vec<String> {
        let mut out: Vec<String> = d.drain(..).map(|d| d.render()).collect();
        out.sort();
        out
    }

    /// Applies `edit` to a small site, reloads the units of `touched`, and checks that the
    /// patched site and its diagnostics equal a fresh full load.
    fn check(edit: impl Fn(&Path), touched: &[&str]) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/_index.zh.md", "---\ntitle: 首页\n---\n");
        write(root, "content/reports/_index.en.md", "---\ntitle: Reports\n---\n");
        write(root, "content/reports/a/index.zh.md", &report("甲"));
        write(root, "content/reports/a/index.en.md", &report("A"));
        write(root, "content/reports/a/chart.png", "png");
        write(root, "content/reports/b.en.md", &report("B"));
        write(root, "content/notes/c/index.zh.md", &report("丙"));
        let config = Config::default();
        let (mut site, mut diags) = super::super::load(root, &config);
        edit(root);
        for rel in touched {
            let path = site.content_dir.join(rel);
            let unit = unit_of(&site.content_dir, &path, &config).unwrap();
            let fresh = reload(&mut site, &unit).unwrap();
            // The unit's old diagnostics go, its new ones come.
            diags.retain(|d| {
                let file = &d.location.as_ref().unwrap().file;
                unit_of(&site.content_dir, file, &config).as_ref() != Some(&unit)
            });
            diags.extend(fresh);
        }
        let (expected, expected_diags) = super::super::load(root, &config);
        assert_eq!(site.reports, expected.reports);
        assert_eq!(site.sections, expected.sections);
        assert_eq!(site.home, expected.home);
        assert_eq!(sorted(diags), sorted(expected_diags));
    }

    #[test]
    fn a_patched_site_equals_a_full_load() {
        // Body and front matter edits.
        check(|r| write(r, "content/reports/a/index.zh.md", &report("甲乙")), &["reports/a/index.zh.md"]);
        // A version deleted; the last version deleted (the section goes too).
        check(|r| std::fs::remove_file(r.join("content/reports/a/index.en.md")).unwrap(), &["reports/a/index.en.md"]);
        check(|r| std::fs::remove_file(r.join("content/notes/c/index.zh.md")).unwrap(), &["notes/c/index.zh.md"]);
        // A new version, a new single-file report in a new section.
        check(|r| write(r, "content/reports/b.zh.md", &report("乙")), &["reports/b.zh.md"]);
        check(|r| write(r, "content/new/d.zh.md", &report("丁")), &["new/d.zh.md"]);
        // Two files claim the same page; then one of them goes.
        check(|r| write(r, "content/reports/a.zh.md", &report("重")), &["reports/a.zh.md"]);
        // A broken front matter, an unpublished version, an unknown key.
        check(|r| write(r, "content/reports/a/index.en.md", "---\ntitle: [\n---\n"), &["reports/a/index.en.md"]);
        check(
            |r| write(r, "content/reports/a/index.en.md", "---\ntitle: A\npublish: false\n---\n"),
            &["reports/a/index.en.md"],
        );
        check(|r| write(r, "content/reports/b.en.md", "---\ntitle: B\ncolour: red\n---\n"), &["reports/b.en.md"]);
        // Assets; home and section texts, with and without a language suffix.
        check(|r| write(r, "content/reports/a/map.svg", "<svg/>"), &["reports/a/map.svg"]);
        check(|r| write(r, "content/_index.md", "---\ntitle: 主页\n---\n"), &["_index.md"]);
        check(|r| std::fs::remove_file(r.join("content/reports/_index.en.md")).unwrap(), &["reports/_index.en.md"]);
        check(|r| write(r, "content/notes/_index.zh.md", "---\ntitle: 说明\n---\n"), &["notes/_index.zh.md"]);
        // Files the loader skips.
        check(|r| write(r, "content/stray.md", &report("x")), &["stray.md"]);
        check(|r| write(r, "content/reports/a/index.de.md", &report("x")), &["reports/a/index.de.md"]);
    }

    #[test]
    fn units_from_paths() {
        let c = Config::default();
        let dir = Path::new("/s/content");
        let u = |p: &str| unit_of(dir, &dir.join(p), &c);
        let report = Some(Unit::Report { section: "reports".into(), slug: "a".into() });
        assert_eq!(u("reports/a/index.zh.md"), report);
        assert_eq!(u("reports/a.en.md"), report);
        assert_eq!(u("reports/a/chart.png"), report);
        assert_eq!(u("_index.md"), Some(Unit::Home { lang: "zh".into() }));
        assert_eq!(u("reports/_index.en.md"), Some(Unit::SectionText { section: "reports".into(), lang: "en".into() }));
        assert_eq!(u("reports/a/.index.zh.md.swp"), None);
        assert_eq!(u("reports/a/index.zh.md~"), None);
        assert_eq!(u("stray.md"), Some(Unit::Skipped(dir.join("stray.md"))));
        assert_eq!(unit_of(dir, dir, &c), None);
        assert_eq!(unit_of(dir, Path::new("/s/site.yaml"), &c), None);
    }
}
