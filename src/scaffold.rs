//! `rapporteur new <section>/<slug>`: a report folder with one file per configured language.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};

/// Creates `content/<section>/<slug>/index.<lang>.md` for `langs` (all configured languages
/// when empty). Never overwrites: an existing file is an error.
pub fn new_report(root: &Path, name: &str, langs: &[String]) -> Result<Vec<PathBuf>> {
    let config = Config::load(root).map(|(c, _)| c).map_err(Error::Content)?;
    let bad = Error::Usage;
    let parts: Vec<&str> = name.trim_matches('/').split('/').collect();
    let [section, slug] = parts.as_slice() else {
        return Err(bad(format!("`{name}` is not `<section>/<slug>`, e.g. `reports/a-78-123`")));
    };
    let valid = |s: &str| !s.is_empty() && !s.starts_with(['.', '_']) && !s.contains(['\\', ':']);
    if !valid(section) || !valid(slug) {
        return Err(bad(format!("`{name}`: section and slug must be plain folder names")));
    }
    let langs: Vec<String> =
        if langs.is_empty() { config.languages.iter().map(|l| l.code.clone()).collect() } else { langs.to_vec() };
    if let Some(l) = langs.iter().find(|l| config.language(l).is_none()) {
        return Err(bad(format!("`{l}` is not a language of this site")));
    }
    let dir = root.join("content").join(section).join(slug);
    let files: Vec<PathBuf> = langs.iter().map(|l| dir.join(format!("index.{l}.md"))).collect();
    if let Some(existing) = files.iter().find(|f| f.exists()) {
        return Err(bad(format!("{} already exists; nothing was created", existing.display())));
    }
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
    let today = chrono::Utc::now().date_naive();
    for (lang, file) in langs.iter().zip(&files) {
        let text = format!(
            "---\ntitle: {slug}\nsymbol: \ndate: {today}\nstatus: draft\noriginal: {}\n---\n\n## I. Introduction\n\n1. First paragraph.\n",
            config.default_language().code
        );
        let text = if lang == &config.default_language().code {
            text
        } else {
            text.replace("status: draft", "status: draft\ntranslation: unofficial")
        };
        std::fs::write(file, text).map_err(|source| Error::Io { path: file.clone(), source })?;
    }
    Ok(files)
}
