//! The index of one language: Pagefind, used as a library, over that language's documents.
//!
//! Each language gets a bundle of its own (`pagefind/{lang}/`: the engine's script and
//! WebAssembly, and the index), so the languages are indexed in parallel and a reader's
//! query loads only the index of the page's language. Pagefind cuts Chinese text into words
//! with ICU's dictionary and also indexes every pair of characters, which the search page's
//! query uses (see `static/search.js`).

use rayon::prelude::*;

use super::Document;

/// The files of a bundle: each path inside the bundle's folder, and its bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// The files of one language's bundle, or why it failed.
pub fn build_language(docs: &[&Document]) -> Result<Files, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder().build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for doc in docs {
            index
                .add_html_file(None, Some(doc.url.clone()), doc.html.to_string())
                .await
                .map_err(|e| format!("cannot index {}: {e}", doc.url))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_str()?.replace('\\', "/");
                Some((name, f.contents))
            })
            .filter(|(name, _)| !is_prebuilt_ui(name))
            .collect())
    })
}

/// The bundles of every language: `(language code, files)`, built in parallel.
pub fn build(by_language: &[(String, Vec<&Document>)]) -> Vec<(String, Result<Files, String>)> {
    by_language.par_iter().map(|(lang, docs)| (lang.clone(), build_language(docs))).collect()
}

/// Pagefind's ready-made interfaces (and their highlighter), which the theme's search page
/// does not use: left out of the output.
fn is_prebuilt_ui(name: &str) -> bool {
    name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name.starts_with("pagefind-highlight.")
}
