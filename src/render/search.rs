//! Search in the render: the documents of a report's searchable pages, the search page of
//! each language, and the index's files as pages of the output.

use std::path::Path;

use super::views::SearchPage;
use super::{Page, PageSummary, Renderer};
use crate::config::Language;
use crate::content::Report;
use crate::error::{Diagnostic, Severity};
use crate::routes::SEARCH_BUNDLE;
use crate::search::{Document, Labels, index};

/// The largest page the index reads, in bytes: indexing holds many times a page's size,
/// so one huge page could take the machine's memory.
pub const MAX_INDEXED: usize = 4_000_000;

impl Renderer<'_> {
    /// The search documents of `report`'s `pages` (those the theme marked searchable), each
    /// with its language, found from the summary whose URL the page is at.
    /// A page larger than [`MAX_INDEXED`] is left out of the index with a warning.
    pub(super) fn search_documents(
        &self,
        report: &Report,
        summaries: &mut [PageSummary],
        pages: Vec<Page>,
    ) -> Vec<(String, Document)> {
        let mut docs = Vec::new();
        for page in pages {
            let Some(summary) = summaries.iter_mut().find(|s| self.routes.page_path(&s.url) == page.path) else {
                continue;
            };
            let Some(version) = report.version(&summary.lang) else { continue };
            if page.bytes.len() > MAX_INDEXED {
                summary.diagnostics.push(
                    Diagnostic::file(
                        Severity::Warning,
                        &version.path,
                        format!(
                            "the page of this report is {} MB, more than the search index takes ({} MB): it is not searchable",
                            page.bytes.len() / 1_000_000,
                            MAX_INDEXED / 1_000_000
                        ),
                    )
                    .with_help("split the report, or set `search: false` in site.yaml"),
                );
                continue;
            }
            let symbol = version.meta.symbol.clone().unwrap_or_else(|| version.meta.title.clone());
            let labels = Labels {
                symbol,
                paragraph: self.theme.i18n.get(&summary.lang, "search_paragraph"),
                note: self.theme.i18n.get(&summary.lang, "search_note"),
                preambular: self.theme.i18n.get(&summary.lang, "search_preambular"),
            };
            let html = String::from_utf8_lossy(&page.bytes);
            docs.push((summary.lang.clone(), Document::new(summary.url.clone(), &html, &labels)));
        }
        docs
    }

    /// The search page of `lang`, when the site has search.
    pub(super) fn search_page(&self, lang: &Language) -> Option<Result<Page, Diagnostic>> {
        if !self.config().search {
            return None;
        }
        let url = self.routes.search(&lang.code);
        let alternates = self.language_alternates(&lang.code, |code| self.routes.search(code));
        let view = SearchPage {
            frame: self.frame(&url, alternates, false),
            bundle_url: self.routes.search_bundle(&lang.code),
        };
        let path = self.routes.page_path(&url);
        Some(self.page(lang, &view, &[]).map(|bytes| Page { path, bytes }))
    }
}

/// The index's files of every language, as output pages under `pagefind/{lang}/`; an error
/// names the language whose index failed.
pub fn index_pages(documents: &[(String, Vec<Document>)]) -> Result<Vec<Page>, Diagnostic> {
    let by_language: Vec<(String, Vec<&Document>)> =
        documents.iter().map(|(lang, docs)| (lang.clone(), docs.iter().collect())).collect();
    let mut pages = Vec::new();
    for (lang, files) in index::build(&by_language) {
        let files = files.map_err(|e| {
            Diagnostic::file(
                Severity::Error,
                Path::new(SEARCH_BUNDLE),
                format!("the search index of `{lang}` could not be built: {e}"),
            )
            .with_help("set `search: false` in site.yaml to build without search")
        })?;
        pages.extend(
            files.into_iter().map(|(name, bytes)| Page { path: format!("{SEARCH_BUNDLE}/{lang}/{name}"), bytes }),
        );
    }
    Ok(pages)
}
