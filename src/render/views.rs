//! What templates see: plain serialisable views of the site's data.
//!
//! Kept apart from the rendering code so that the template contract (documented in the
//! README) can be read in one place.

use serde::Serialize;

use crate::config::Language;
use crate::content::{Status, Translation};

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

#[derive(Serialize)]
pub struct ReportView {
    pub title: String,
    pub symbol: Option<String>,
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
    pub section: String,
    pub slug: String,
    pub url: String,
    /// The side-by-side page, when the report exists in two languages or more.
    pub parallel_url: Option<String>,
    /// The language of the text (differs from the page's on a fallback page).
    pub lang: String,
}

/// A report in a listing.
#[derive(Serialize, Clone)]
pub struct Row {
    pub title: String,
    pub symbol: Option<String>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub status: Status,
    pub url: String,
    pub translation: Option<Translation>,
    /// False when the report does not exist in the listing's language: `url` is then the
    /// page saying so, and `title` is in the language of the first version.
    pub available: bool,
    pub languages: Vec<String>,
}

#[derive(Serialize, Clone)]
pub struct SectionView {
    pub slug: String,
    pub title: String,
    pub url: String,
    /// HTML of the section's `_index` text.
    pub content: String,
    pub reports: Vec<Row>,
}

#[derive(Serialize)]
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
