//! What templates see: the template contract (documented in the README, and checked
//! against it by a test), in one place.
//!
//! Every page gets its language's variables ([`LanguageFrame`], built once per render) and a
//! [`Frame`]; each template then gets one view ([`PageView`]) with its own variables. Large
//! HTML values are not in the views but named as the template's slots, which the theme
//! splices into the page (`content`, `footnotes`, `rows_html`, `entries_html`).

use serde::Serialize;

use crate::config::Language;
use crate::content::{DocumentKind, Status, Translation};
use crate::markdown::TocEntry;

/// A template's variables, besides its language's and the [`Frame`].
pub trait PageView: Serialize {
    /// The template it renders.
    const TEMPLATE: &'static str;
    /// The large HTML values the page also gets, spliced in by the theme.
    const SLOTS: &'static [&'static str] = &[];
}

/// The variables of every page in one language.
#[derive(Serialize)]
pub struct LanguageFrame<'a> {
    pub lang: &'a str,
    pub default_lang: &'a str,
    /// Always ends with `/`.
    pub base_path: &'a str,
    pub site_title: String,
    /// The search page of the language (`/zh/search/`); empty when the site has no search.
    pub search_url: String,
    pub languages: &'a [LanguageView],
    pub language: LanguageView,
    /// `static/emblem.svg`, when the site provides one (the theme ships none): the
    /// masthead shows it.
    pub emblem_url: Option<String>,
}

/// The variables of every page that depend on the page.
#[derive(Serialize, Default)]
pub struct Frame {
    pub page_url: String,
    pub canonical_url: String,
    /// The versions of this page in other languages.
    pub alternates: Vec<Alternate>,
    /// Whether the page holds highlighted code (its style sheet is then linked).
    pub has_code: bool,
}

/// `report.html`; slots `content` and `footnotes`.
#[derive(Serialize, Default)]
pub struct ReportPage<'a> {
    #[serde(flatten)]
    pub frame: Frame,
    pub report: ReportView,
    pub toc: Vec<&'a TocEntry>,
    pub cited: Vec<CitedView>,
    /// On the page of an earlier text: which revision it is (its banner names it).
    pub revision: Option<RevisionView>,
    /// On the current text's page: its earlier texts, oldest first.
    pub revisions: Vec<RevisionView>,
    /// The redline from the latest revision to the current text.
    pub changes_url: Option<String>,
    /// The redline from the report it is compared with (`compare_with:`) to the current text.
    pub base: Option<CompareText>,
}

impl PageView for ReportPage<'_> {
    const TEMPLATE: &'static str = "report.html";
    const SLOTS: &'static [&'static str] = &["content", "footnotes"];
}

/// `fallback.html`: a report in a language it does not exist in.
#[derive(Serialize, Default)]
pub struct FallbackPage {
    #[serde(flatten)]
    pub frame: Frame,
    /// Of the first existing version; `report.lang` is its language.
    pub report: ReportView,
}

impl PageView for FallbackPage {
    const TEMPLATE: &'static str = "fallback.html";
}

/// `root.html`: the site's root and each alias, sending the reader on.
#[derive(Serialize, Default)]
pub struct RedirectPage {
    #[serde(flatten)]
    pub frame: Frame,
    pub redirect_to: String,
    /// True on the site's root: a script sends the reader to the language their browser
    /// prefers, and without script the refresh goes to `redirect_to`.
    pub choose_language: bool,
}

impl PageView for RedirectPage {
    const TEMPLATE: &'static str = "root.html";
}

/// `404.html`.
#[derive(Serialize, Default)]
pub struct NotFoundPage {
    #[serde(flatten)]
    pub frame: Frame,
}

impl PageView for NotFoundPage {
    const TEMPLATE: &'static str = "404.html";
}

/// `home.html`.
#[derive(Serialize, Default)]
pub struct HomePage {
    #[serde(flatten)]
    pub frame: Frame,
    pub home: TextView,
    pub sections: Vec<SectionView>,
}

impl PageView for HomePage {
    const TEMPLATE: &'static str = "home.html";
}

/// `section.html`.
#[derive(Serialize, Default)]
pub struct SectionPage {
    #[serde(flatten)]
    pub frame: Frame,
    pub section: SectionView,
}

impl PageView for SectionPage {
    const TEMPLATE: &'static str = "section.html";
}

/// `parallel.html`; slot `rows_html`.
#[derive(Serialize, Default)]
pub struct ParallelPage {
    #[serde(flatten)]
    pub frame: Frame,
    pub report: ReportView,
    pub columns: Vec<ParallelColumn>,
}

impl PageView for ParallelPage {
    const TEMPLATE: &'static str = "parallel.html";
    const SLOTS: &'static [&'static str] = &["rows_html"];
}

/// `compare.html`: the redline between two texts of a report; slots `rows_html` and
/// `notes_html`.
#[derive(Serialize, Default)]
pub struct ComparePage {
    #[serde(flatten)]
    pub frame: Frame,
    pub report: ReportView,
    pub from: CompareText,
    pub to: CompareText,
    /// The counts at the top, each linking to its first row.
    pub summary: Vec<CountView>,
    /// The name of the page's language when one of the texts lacks it: the page says so.
    pub missing: Option<String>,
    /// The report's other redlines in this language.
    pub others: Vec<CompareLink>,
}

impl PageView for ComparePage {
    const TEMPLATE: &'static str = "compare.html";
    const SLOTS: &'static [&'static str] = &["rows_html", "notes_html"];
}

/// `documents.html`; slot `entries_html`.
#[derive(Serialize, Default)]
pub struct DocumentsPage {
    #[serde(flatten)]
    pub frame: Frame,
    /// Entries on this page.
    pub count: usize,
    pub pages: Vec<IndexPage>,
}

impl PageView for DocumentsPage {
    const TEMPLATE: &'static str = "documents.html";
    const SLOTS: &'static [&'static str] = &["entries_html"];
}

/// `search.html`: results for the query in the address bar (`?q=`).
#[derive(Serialize, Default)]
pub struct SearchPage {
    #[serde(flatten)]
    pub frame: Frame,
    /// The folder of the language's search engine and index (`/pagefind/zh/`).
    pub bundle_url: String,
}

impl PageView for SearchPage {
    const TEMPLATE: &'static str = "search.html";
}

/// `atom.xml`.
#[derive(Serialize, Default)]
pub struct FeedPage {
    #[serde(flatten)]
    pub frame: Frame,
    pub entries: Vec<FeedEntry>,
    pub updated: String,
    pub feed_url: String,
    pub home_url: String,
}

impl PageView for FeedPage {
    const TEMPLATE: &'static str = "atom.xml";
}

/// `sitemap.xml`.
#[derive(Serialize, Default)]
pub struct SitemapPage {
    #[serde(flatten)]
    pub frame: Frame,
    pub entries: Vec<FeedEntry>,
}

impl PageView for SitemapPage {
    const TEMPLATE: &'static str = "sitemap.xml";
}

#[derive(Serialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub html_lang: String,
    pub dir: String,
}

impl From<&Language> for LanguageView {
    fn from(l: &Language) -> Self {
        LanguageView { code: l.code.clone(), name: l.name.clone(), html_lang: l.html_lang.clone(), dir: l.dir.clone() }
    }
}

/// A language version of the current page.
#[derive(Serialize, Clone)]
pub struct Alternate {
    pub code: String,
    pub name: String,
    pub html_lang: String,
    pub url: String,
    pub current: bool,
}

impl Alternate {
    pub fn new(l: &Language, url: String, current: bool) -> Self {
        Alternate { code: l.code.clone(), name: l.name.clone(), html_lang: l.html_lang.clone(), url, current }
    }
}

#[derive(Serialize, Default)]
pub struct ReportView {
    pub title: String,
    pub symbol: Option<String>,
    /// `report`, `draft_resolution`, `draft_decision`, `resolution`, `decision`, `note`, `letter`.
    pub kind: DocumentKind,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub status: Status,
    pub original: Option<String>,
    pub original_name: Option<String>,
    pub translation: Option<Translation>,
    pub distribution: Option<String>,
    pub session: Option<String>,
    pub agenda_item: Option<String>,
    pub organ: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The distribution block, in the language the UN prints it in for this version.
    pub masthead: MastheadView,
    pub section: String,
    pub slug: String,
    pub url: String,
    /// The side-by-side page, when the report exists in two languages or more.
    pub parallel_url: Option<String>,
    /// The language of the text (differs from the page's on a fallback page).
    pub lang: String,
}

/// The distribution block of a report version's masthead.
#[derive(Serialize, Default)]
pub struct MastheadView {
    /// The `lang` attribute of the block (`en` on a Chinese page).
    pub lang: String,
    /// `Distr.: General`.
    pub distribution: Option<String>,
    /// The date, written in the block's language.
    pub date: Option<String>,
    /// The version's language (`Chinese`), on a version that is not the original.
    pub language: Option<String>,
    /// `Original: English`.
    pub original: Option<String>,
}

/// A report in a listing.
#[derive(Serialize, Clone)]
pub struct Row {
    pub title: String,
    pub symbol: Option<String>,
    pub kind: DocumentKind,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub status: Status,
    pub url: String,
    pub translation: Option<Translation>,
    /// False when the report does not exist in the listing's language: `url` is then the
    /// page saying so, and `title` is in the language of the first version.
    pub available: bool,
    pub languages: Vec<String>,
    /// The report's pages in each of its languages, in the site's order of languages.
    pub versions: Vec<Alternate>,
}

#[derive(Serialize, Clone, Default)]
pub struct SectionView {
    pub slug: String,
    pub title: String,
    pub url: String,
    /// HTML of the section's `_index` text.
    pub content: String,
    pub reports: Vec<Row>,
}

#[derive(Serialize, Default)]
pub struct TextView {
    pub title: String,
    /// HTML of the home page's `_index` text.
    pub content: String,
}

/// A document cited by a report, for its "documents cited" list and the index.
#[derive(Serialize, Clone)]
pub struct CitedView {
    pub symbol: String,
    /// `document`, `resolution` or `decision`.
    pub kind: &'static str,
    /// undocs.org (or the configured decision URL); none for unlinked decisions.
    pub url: Option<String>,
}

/// An earlier text of a report.
#[derive(Serialize, Clone, Default)]
pub struct RevisionView {
    pub name: String,
    /// `revision:` (`Rev.1`), else its name.
    pub label: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub url: String,
    /// The redline from it to the current text.
    pub compare_url: String,
}

/// One side of a redline.
#[derive(Serialize, Clone, Default)]
pub struct CompareText {
    /// `rev-1`, `current` or `base`.
    pub name: String,
    pub label: String,
    pub date_display: Option<String>,
    /// Its page; none when it lacks the page's language.
    pub url: Option<String>,
    /// Whether it exists in the page's language.
    pub available: bool,
}

/// A count of a redline's summary: `kind` is `inserted`, `deleted`, `changed`, `moved`,
/// `renumbered`, `words_added`, `words_deleted`, `brackets_from`, `brackets_to`, `bis_from`
/// or `bis_to`; `href` the first row it counts.
#[derive(Serialize, Clone)]
pub struct CountView {
    pub kind: &'static str,
    pub count: usize,
    pub href: Option<String>,
}

/// A redline of the report.
#[derive(Serialize, Clone)]
pub struct CompareLink {
    pub from: String,
    pub to: String,
    pub url: String,
    pub current: bool,
}

/// A column of the side-by-side view.
#[derive(Serialize)]
pub struct ParallelColumn {
    pub lang: String,
    pub name: String,
    pub html_lang: String,
    pub dir: String,
    pub title: String,
    pub url: String,
    pub footnotes: String,
    /// The version's own status and translation: a side-by-side page shows each column's.
    pub status: Status,
    pub kind: DocumentKind,
    pub translation: Option<Translation>,
}

/// A page of the cited-documents index, for the navigation between pages.
#[derive(Serialize, Clone)]
pub struct IndexPage {
    pub number: usize,
    pub url: String,
    /// The first and last symbols on the page.
    pub first: Option<String>,
    pub last: Option<String>,
    pub current: bool,
}

/// An entry of a feed or the sitemap.
#[derive(Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub symbol: Option<String>,
    pub status: Status,
    pub alternates: Vec<Alternate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a README table cell lists at its top level: `report` (`title`, …), `toc`.
    fn top_level_names(cell: &str) -> Vec<String> {
        let (mut depth, mut names, mut name, mut in_name) = (0, Vec::new(), String::new(), false);
        for c in cell.chars() {
            match c {
                '(' if !in_name => depth += 1,
                ')' if !in_name => depth -= 1,
                '`' if depth == 0 && in_name => {
                    names.push(std::mem::take(&mut name));
                    in_name = false;
                }
                '`' if depth == 0 => in_name = true,
                c if in_name => name.push(c),
                _ => {}
            }
        }
        names.sort();
        names
    }

    /// The variables a view gives its template besides the frame's, and its slots.
    fn variables<V: PageView + Default>() -> Vec<String> {
        let value = serde_json::to_value(V::default()).unwrap_or_default();
        let frame = serde_json::to_value(Frame::default()).unwrap_or_default();
        let frame: Vec<&String> = frame.as_object().map(|m| m.keys().collect()).unwrap_or_default();
        let mut names: Vec<String> =
            value.as_object().map(|m| m.keys().filter(|k| !frame.contains(k)).cloned().collect()).unwrap_or_default();
        names.extend(V::SLOTS.iter().map(|s| s.to_string()));
        names.sort();
        names
    }

    #[test]
    fn the_readme_documents_every_template_variable() {
        let readme = include_str!("../../README.md");
        let row = |template: &str| -> Vec<String> {
            let prefix = format!("| `{template}` |");
            let line = readme.lines().find(|l| l.starts_with(&prefix));
            line.map(|l| top_level_names(l[prefix.len()..].trim_end_matches('|'))).unwrap_or_default()
        };
        let views: [(&str, Vec<String>); 11] = [
            (ComparePage::TEMPLATE, variables::<ComparePage>()),
            (ReportPage::TEMPLATE, variables::<ReportPage>()),
            (FallbackPage::TEMPLATE, variables::<FallbackPage>()),
            (RedirectPage::TEMPLATE, variables::<RedirectPage>()),
            (NotFoundPage::TEMPLATE, variables::<NotFoundPage>()),
            (HomePage::TEMPLATE, variables::<HomePage>()),
            (SectionPage::TEMPLATE, variables::<SectionPage>()),
            (ParallelPage::TEMPLATE, variables::<ParallelPage>()),
            (DocumentsPage::TEMPLATE, variables::<DocumentsPage>()),
            (FeedPage::TEMPLATE, variables::<FeedPage>()),
            (SitemapPage::TEMPLATE, variables::<SitemapPage>()),
        ];
        for (template, names) in views {
            assert_eq!(row(template), names, "the README's row for `{template}`");
        }
        // What every template gets.
        let every = readme.split("\n\n").find(|p| p.starts_with("Every template gets")).unwrap_or_default();
        let frame = serde_json::to_value(Frame::default()).unwrap_or_default();
        let language = LanguageFrame {
            lang: "",
            default_lang: "",
            base_path: "",
            site_title: String::new(),
            search_url: String::new(),
            languages: &[],
            language: LanguageView {
                code: String::new(),
                name: String::new(),
                html_lang: String::new(),
                dir: String::new(),
            },
            emblem_url: None,
        };
        let language = serde_json::to_value(language).unwrap_or_default();
        for name in frame.as_object().into_iter().chain(language.as_object()).flat_map(|m| m.keys()) {
            assert!(every.contains(&format!("`{name}`")), "the README says every template gets `{name}`");
        }
    }
}
