//! `rapporteur new <section>/<slug>`: a report folder with one file per configured language,
//! each a skeleton in its own language (`## 一. 导言` / `## I. Introduction`, from the
//! theme's `skeleton_heading` and `skeleton_paragraph` strings) with the masthead fields given
//! on the command line.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};

/// What `new` writes into every language version's front matter.
#[derive(Debug, Clone, Default)]
pub struct NewReport {
    /// `<section>/<slug>`.
    pub name: String,
    /// Only these languages; all configured languages when empty.
    pub langs: Vec<String>,
    /// The document symbol, `A/78/123`.
    pub symbol: Option<String>,
    /// The title of every version (until translated); the slug when absent.
    pub title: Option<String>,
    /// `YYYY-MM-DD`; today when absent.
    pub date: Option<String>,
}

/// Creates `content/<section>/<slug>/index.<lang>.md` for the languages of `report`. Never
/// overwrites: an existing file is an error, and nothing is created.
pub fn new_report(root: &Path, report: &NewReport) -> Result<Vec<PathBuf>> {
    let config = Config::load(root).map(|(c, _)| c).map_err(Error::Content)?;
    let theme = crate::theme::Theme::load(root, &config).map_err(Error::Content)?;
    let bad = Error::Usage;
    let name = &report.name;
    let parts: Vec<&str> = name.trim_matches('/').split('/').collect();
    let [section, slug] = parts.as_slice() else {
        return Err(bad(format!("`{name}` is not `<section>/<slug>`, e.g. `reports/a-78-123`")));
    };
    for part in [section, slug] {
        if !is_slug(part) {
            let suggestion = slugified(part);
            return Err(bad(format!(
                "`{part}` in `{name}` is not a valid folder name: use lower-case letters, digits and `-`{}",
                if is_slug(&suggestion) { format!(" (e.g. `{suggestion}`)") } else { String::new() }
            )));
        }
    }
    let date = match report.date.as_deref() {
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_err(|_| bad(format!("--date `{d}` is not a date: write it as YYYY-MM-DD, e.g. 2024-03-01")))?,
        None => chrono::Utc::now().date_naive(),
    };
    let langs: Vec<String> = if report.langs.is_empty() {
        config.languages.iter().map(|l| l.code.clone()).collect()
    } else {
        report.langs.clone()
    };
    if let Some(l) = langs.iter().find(|l| config.language(l).is_none()) {
        let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(bad(format!("--lang `{l}` is not a language of this site (it has {})", known.join(", "))));
    }
    let dir = root.join("content").join(section).join(slug);
    let files: Vec<PathBuf> = langs.iter().map(|l| dir.join(format!("index.{l}.md"))).collect();
    if let Some(existing) = files.iter().find(|f| f.exists()) {
        return Err(bad(format!("{} already exists; nothing was created", existing.display())));
    }
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
    let original = &config.default_language().code;
    for (lang, file) in langs.iter().zip(&files) {
        let t = |key: &str| theme.i18n.lookup(lang, key).or_else(|| theme.i18n.lookup("en", key)).unwrap_or_default();
        let mut text = format!("---\ntitle: {}\n", quoted(report.title.as_deref().unwrap_or(slug)));
        if let Some(symbol) = &report.symbol {
            text.push_str(&format!("symbol: {}\n", quoted(symbol)));
        }
        text.push_str(&format!("date: {date}\nstatus: draft\noriginal: {original}\n"));
        if lang != original {
            text.push_str("translation: unofficial\n");
        }
        text.push_str(&format!("---\n\n## {}\n\n{}\n", t("skeleton_heading"), t("skeleton_paragraph")));
        std::fs::write(file, text).map_err(|source| Error::Io { path: file.clone(), source })?;
    }
    Ok(files)
}

/// Lower-case ASCII letters, digits and `-`, starting with a letter or digit.
fn is_slug(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `A/78/L.1` → `a-78-l-1`: what the user probably meant.
fn slugified(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// `value` as a double-quoted YAML string, whatever it holds.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}
