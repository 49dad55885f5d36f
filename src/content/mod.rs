//! Loading: the `content/` tree becomes a [`Site`] of reports and sections.
//!
//! Only metadata stays in memory (front matter, paths, where each body starts): bodies are
//! read again when a page is rendered, so a site of thousands of reports does not hold its
//! whole text. Files are read and parsed in parallel; every problem becomes a diagnostic and
//! loading goes on, so one run reports all of them.

pub mod front_matter;
mod source;
pub mod units;

pub(crate) use source::is_hidden_name;
pub use source::is_source;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod titles;
pub use front_matter::{DocumentKind, FrontMatter, Status, Translation};

use crate::config::Config;
use crate::error::{Diagnostic, Severity};
use crate::routes::ReportKey;
use units::{Unit, UnitContent, load_unit, unit_of};

/// The loaded site.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub config: Config,
    /// Sorted by section, then slug.
    pub reports: Vec<Report>,
    /// Sorted by slug; every section that has reports or an `_index` file.
    pub sections: Vec<Section>,
    /// Texts of the home page, per language (`content/_index.<lang>.md`).
    pub home: BTreeMap<String, Text>,
    /// Titles of cited documents from `documents.yaml`, by symbol and language.
    pub titles: titles::Titles,
}

impl Site {
    /// The report with `key`.
    pub fn report(&self, key: &ReportKey) -> Option<&Report> {
        let key = (key.section.as_str(), key.slug.as_str());
        let found = self.reports.binary_search_by(|r| (r.section.as_str(), r.slug.as_str()).cmp(&key));
        found.ok().map(|i| &self.reports[i])
    }
}

/// A report: one document in one or more languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub section: String,
    pub slug: String,
    /// In the configuration's language order.
    pub versions: Vec<Version>,
    /// Other files of a report folder (images …), copied beside each language's page.
    pub assets: Vec<PathBuf>,
    /// Earlier texts (`revisions/<name>.<lang>.md`), by date, then name.
    pub revisions: Vec<Revision>,
}

/// An earlier text of a report: its language versions, front matter `revision:` its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// The file name without language and extension (`rev-1`): its address.
    pub name: String,
    /// In the configuration's language order.
    pub versions: Vec<Version>,
}

impl Revision {
    pub fn version(&self, lang: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.lang == lang)
    }

    /// Its label (`Rev.1`), from the first version that gives one, else its name.
    pub fn label(&self) -> &str {
        self.versions.iter().find_map(|v| v.meta.revision.as_deref()).unwrap_or(&self.name)
    }

    /// Its date, from the first version that gives one.
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        self.versions.iter().find_map(|v| v.meta.date)
    }
}

/// Names that a revision cannot have: the redlines' names for the current text and the base.
pub const RESERVED_REVISION_NAMES: &[&str] = &["current", "base"];

/// One language version of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub lang: String,
    pub path: PathBuf,
    pub meta: FrontMatter,
    pub body_offset: usize,
    /// The file as it was loaded, so that the body read at render time is the same text.
    pub stamp: Stamp,
}

/// A file's length and hash when it was loaded. Rendering reads a body again (only
/// metadata stays in memory) and checks it against the stamp: a file saved in between would
/// otherwise give a page with the old front matter and the new body cut at the old offset.
/// Stamps never make two loads differ (`==` holds), so a body's edit does not count as a
/// change of the report's metadata.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stamp {
    len: usize,
    hash: u64,
}

impl Stamp {
    fn of(text: &str) -> Stamp {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        text.hash(&mut h);
        Stamp { len: text.len(), hash: h.finish() }
    }
}

impl PartialEq for Stamp {
    fn eq(&self, _: &Stamp) -> bool {
        true
    }
}

/// A section: a folder of reports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub slug: String,
    /// `_index.<lang>.md` texts.
    pub texts: BTreeMap<String, Text>,
}

/// The text of a section or home page.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub path: PathBuf,
    pub meta: FrontMatter,
    pub body_offset: usize,
    pub stamp: Stamp,
}

impl Report {
    /// Adds a language version; a second file for the same language is an error.
    pub fn add_version(&mut self, version: Version) -> Result<(), Diagnostic> {
        if let Some(other) = self.versions.iter().find(|v| v.lang == version.lang) {
            return Err(Diagnostic::file(
                Severity::Error,
                &version.path,
                format!("two files claim the same page: this one and {}", other.path.display()),
            )
            .with_help(
                "a report is either a folder with index.<lang>.md or a single <slug>.<lang>.md file, not both",
            ));
        }
        self.versions.push(version);
        Ok(())
    }

    pub fn version(&self, lang: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.lang == lang)
    }

    /// The report's key, stable across languages (`reports/a-77-275` when printed).
    pub fn key(&self) -> ReportKey {
        ReportKey::new(&self.section, &self.slug)
    }
}

/// What a content file is, from its place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    Home {
        lang: String,
    },
    SectionText {
        section: String,
        lang: String,
    },
    Report {
        section: String,
        slug: String,
        lang: String,
    },
    /// `<section>/<slug>/revisions/<name>.<lang>.md`.
    Revision {
        section: String,
        slug: String,
        name: String,
        lang: String,
    },
    Asset {
        section: String,
        slug: String,
    },
}

/// Loads the content of the site at `root` with `config`.
pub fn load(root: &Path, config: &Config) -> (Site, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let mut diags = Vec::new();
    let mut site =
        Site { root: root.to_path_buf(), content_dir: content_dir.clone(), config: config.clone(), ..Site::default() };
    if let Some(why) = crate::source::not_a_folder(&content_dir) {
        diags.push(Diagnostic::file(Severity::Error, &content_dir, why).with_help("make `content` a folder"));
        return (site, diags);
    }
    if !content_dir.is_dir() {
        diags.push(Diagnostic::file(Severity::Error, &content_dir, "there is no `content` folder here")
            .with_help("run rapporteur in a site folder (one with `content/`), or pass `--root DIR`; `rapporteur new reports/my-report` creates one"));
        return (site, diags);
    }
    let policy = crate::source::Policy::new(root, config);
    let (files, refused) = policy.walk(&content_dir, |e| {
        let path = e.path().map_or_else(|| content_dir.clone(), Path::to_path_buf);
        let msg = if e.loop_ancestor().is_some() {
            "symbolic link loop: this folder links back to one of its parents".to_string()
        } else {
            format!("cannot read: {}", e.io_error().map_or_else(|| e.to_string(), ToString::to_string))
        };
        diags.push(Diagnostic::file(Severity::Error, &path, msg).with_help("remove the link or fix the permissions"));
    });
    diags.extend(refused.into_iter().map(crate::source::Refused::into_diagnostic));
    // Group the files by unit, in walk order, and load each unit as `serve` reloads one.
    let mut by_unit: BTreeMap<Unit, Vec<PathBuf>> = BTreeMap::new();
    for path in files {
        if let Some(unit) = unit_of(&content_dir, &path, config) {
            by_unit.entry(unit).or_default().push(path);
        }
    }
    let loaded: Vec<(UnitContent, Vec<Diagnostic>)> = by_unit
        .par_iter()
        .map(|(unit, files)| {
            let mut unit_diags = Vec::new();
            (load_unit(&content_dir, config, unit, files, &mut unit_diags), unit_diags)
        })
        .collect();
    // A section exists while it has a report or an `_index` text.
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    fn section<'s>(sections: &'s mut BTreeMap<String, Section>, slug: &str) -> &'s mut Section {
        sections.entry(slug.to_string()).or_insert_with(|| Section { slug: slug.to_string(), ..Section::default() })
    }
    for (content, mut unit_diags) in loaded {
        diags.append(&mut unit_diags);
        match content {
            UnitContent::Report(Some(report)) => {
                section(&mut sections, &report.section);
                site.reports.push(report);
            }
            UnitContent::Home(lang, Some(text)) => {
                site.home.insert(lang, text);
            }
            UnitContent::SectionText(slug, lang, Some(text)) => {
                section(&mut sections, &slug).texts.insert(lang, text);
            }
            _ => {}
        }
    }
    site.sections = sections.into_values().collect();
    let (titles, title_diags) = titles::load(root);
    site.titles = titles;
    diags.extend(title_diags);
    (site, diags)
}

/// One Markdown file, read and parsed in its role.
pub(crate) enum Loaded {
    /// A home or section text.
    Text {
        text: Text,
        warnings: Vec<Diagnostic>,
    },
    Report {
        section: String,
        slug: String,
        version: Version,
        warnings: Vec<Diagnostic>,
    },
    Revision {
        name: String,
        version: Version,
        warnings: Vec<Diagnostic>,
    },
    Problem(Vec<Diagnostic>),
}

/// Reads and parses one Markdown file in its role.
pub(crate) fn load_file(path: &Path, role: Role) -> Loaded {
    let (text, nul_warning) = match read_checked(path) {
        Ok(t) => t,
        Err(d) => return Loaded::Problem(vec![d]),
    };
    let title_required = matches!(role, Role::Report { .. } | Role::Revision { .. });
    let mut parsed = match front_matter::parse(path, &text, title_required) {
        Ok(p) => p,
        Err(mut ds) => {
            ds.extend(nul_warning);
            return Loaded::Problem(ds);
        }
    };
    parsed.warnings.extend(nul_warning);
    let stamp = Stamp::of(&text);
    let text_of =
        |p: front_matter::Parsed| Text { path: path.to_path_buf(), meta: p.meta, body_offset: p.body_offset, stamp };
    let version_of = |lang: String, p: front_matter::Parsed| Version {
        lang,
        path: path.to_path_buf(),
        meta: p.meta,
        body_offset: p.body_offset,
        stamp,
    };
    match role {
        Role::Home { .. } | Role::SectionText { .. } => {
            let warnings = parsed.warnings.clone();
            Loaded::Text { text: text_of(parsed), warnings }
        }
        Role::Report { section, slug, lang } => {
            let warnings = std::mem::take(&mut parsed.warnings);
            Loaded::Report { section, slug, version: version_of(lang, parsed), warnings }
        }
        Role::Revision { name, lang, .. } => {
            let mut warnings = std::mem::take(&mut parsed.warnings);
            let start = usize::from(text.starts_with('\u{feff}')) * 3;
            let missing = |what: &str, help: &str| {
                Diagnostic::at(
                    Severity::Warning,
                    path,
                    &text,
                    start..start + 3,
                    format!("this revision has no `{what}`"),
                )
                .with_help(help.to_string())
            };
            if parsed.meta.revision.is_none() {
                warnings.push(missing("revision:", "add `revision: Rev.1` (the label readers know it by) to the front matter; its file name is shown instead"));
            }
            if parsed.meta.date.is_none() {
                warnings.push(missing(
                    "date:",
                    "add `date: YYYY-MM-DD`: revisions are put in order by date, and one without a date comes first",
                ));
            }
            Loaded::Revision { name, version: version_of(lang, parsed), warnings }
        }
        Role::Asset { .. } => Loaded::Problem(Vec::new()),
    }
}

/// Reads a content file again to render it: the text loaded with `stamp`, or an error when
/// the file changed since (its front matter, already used by other pages, may be stale).
pub fn read_again(path: &Path, stamp: Stamp) -> Result<String, Diagnostic> {
    let (text, _) = read_checked(path)?;
    let now = Stamp::of(&text);
    if (now.len, now.hash) != (stamp.len, stamp.hash) {
        return Err(Diagnostic::file(Severity::Error, path, "the file changed while the site was being built")
            .with_help("build again; nothing was written, so the previous site is unchanged"));
    }
    Ok(text)
}

/// Like [`read_text`], with a warning when the file held NUL bytes: U+0000 is not allowed in
/// HTML, so, as CommonMark says, it becomes U+FFFD before anything reads the text (so that
/// every stage agrees on offsets).
fn read_checked(path: &Path) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::file(Severity::Error, path, format!("cannot read the file: {e}"))
            .with_help("check that the file exists and is readable")
    })?;
    let text = utf8(path, bytes)?;
    let Some(first) = text.find('\0') else { return Ok((text, None)) };
    let text = text.replace('\0', "\u{FFFD}");
    let warning = Diagnostic::at(
        Severity::Warning,
        path,
        &text,
        first..first + 3,
        "the file contains NUL bytes; each is shown as U+FFFD (\u{FFFD})",
    )
    .with_help("remove the NUL bytes: they are usually the remains of a bad copy or a binary file");
    Ok((text, Some(warning)))
}

fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        Diagnostic::at(
            Severity::Error,
            path,
            &text,
            prefix.len()..prefix.len() + 3,
            format!("the file is not valid UTF-8 (byte {valid})"),
        )
        .with_help("save the file as UTF-8")
    })
}

/// The role of a file from its path relative to `content/`.
pub(crate) fn role(rel: &Path, config: &Config) -> Result<Role, String> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    if parts.len() != rel.iter().count() {
        return Err("the file name is not valid UTF-8; it was skipped".into());
    }
    let file = parts.last().copied().unwrap_or_default();
    let Some(stem) = file.strip_suffix(".md") else {
        return match parts.as_slice() {
            [section, slug, _] => Ok(Role::Asset { section: section.to_string(), slug: slug.to_string() }),
            _ => Err("only Markdown files and the files of a report folder are used; this file was skipped".into()),
        };
    };
    let (name, lang) = match stem.rsplit_once('.') {
        Some((name, lang)) => {
            if config.language(lang).is_none() {
                return Err(format!(
                    "`{lang}` is not a language of this site (configured: {}); the file was skipped",
                    config.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            (name, lang.to_string())
        }
        None => (stem, config.default_language().code.clone()),
    };
    if parts.len() > 1 && RESERVED_SECTIONS.contains(&parts[0]) {
        return Err(format!(
            "`{}` is a page of every site (/<lang>/{}/), so it cannot be a section; rename the folder; the file was skipped",
            parts[0], parts[0]
        ));
    }
    match (parts.as_slice(), name) {
        ([_], "_index") => Ok(Role::Home { lang }),
        ([section, _], "_index") => Ok(Role::SectionText { section: section.to_string(), lang }),
        ([section, _], slug) => Ok(Role::Report { section: section.to_string(), slug: slug.to_string(), lang }),
        ([section, slug, _], "index") => Ok(Role::Report { section: section.to_string(), slug: slug.to_string(), lang }),
        ([_, _, "revisions", _], name) if RESERVED_REVISION_NAMES.contains(&name) => Err(format!(
            "`{name}` is the name the redlines give the current text or the base, so it cannot name a revision; rename the file; it was skipped"
        )),
        ([section, slug, "revisions", _], name) => Ok(Role::Revision {
            section: section.to_string(),
            slug: slug.to_string(),
            name: name.to_string(),
            lang,
        }),
        ([_], _) => Err("a report must be inside a section folder (content/<section>/…); the file was skipped".into()),
        _ => Err("reports are `content/<section>/<slug>/index.<lang>.md` or `content/<section>/<slug>.<lang>.md`; this file was skipped".into()),
    }
}

/// Section names that would take the URL of a page every site has.
const RESERVED_SECTIONS: &[&str] = &["documents", "atom.xml", "static"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_paths() {
        let c = Config::default();
        let r = |p: &str| role(Path::new(p), &c);
        assert_eq!(r("_index.en.md"), Ok(Role::Home { lang: "en".into() }));
        assert_eq!(r("reports/_index.md"), Ok(Role::SectionText { section: "reports".into(), lang: "zh".into() }));
        assert_eq!(
            r("reports/a-77-275/index.en.md"),
            Ok(Role::Report { section: "reports".into(), slug: "a-77-275".into(), lang: "en".into() })
        );
        assert_eq!(
            r("reports/note.zh.md"),
            Ok(Role::Report { section: "reports".into(), slug: "note".into(), lang: "zh".into() })
        );
        assert_eq!(r("reports/a/chart.png"), Ok(Role::Asset { section: "reports".into(), slug: "a".into() }));
        assert!(r("reports/a/index.de.md").unwrap_err().contains("`de` is not a language"));
        assert!(r("stray.md").is_err());
        assert!(r("documents/x/index.zh.md").unwrap_err().contains("cannot be a section"));
    }
}
