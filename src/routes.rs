//! Where every page lives: its URL, its canonical URL and its path in the output.
//!
//! [`Routes`] is built once from the configuration and is the only place that spells the
//! site's URL scheme (`{base}{lang}/{section}/{slug}/`, `…/parallel/`, `…/documents/2/`), so
//! rendering, `check` and `serve` cannot disagree about it. The links to official documents
//! are built here too ([`undocs_url`], [`decision_url`]), for the body, the "documents cited"
//! list and the index alike.

use std::fmt;

use crate::config::Config;

/// A report's identity, stable across languages: its section and slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ReportKey {
    pub section: String,
    pub slug: String,
}

impl ReportKey {
    pub fn new(section: &str, slug: &str) -> ReportKey {
        ReportKey { section: section.to_string(), slug: slug.to_string() }
    }
}

impl fmt::Display for ReportKey {
    /// `reports/a-77-275`, as a reader finds the report under `content/`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.section, self.slug)
    }
}

/// The site's URL scheme.
#[derive(Debug, Clone)]
pub struct Routes {
    /// The base URL's path, always ending with `/` (`/` or `/drafts/`).
    base: String,
    /// `https://example.org` when the base URL is absolute: canonical URLs start with it.
    origin: Option<String>,
}

/// The folder of the search engine's files at the top of the output.
pub const SEARCH_BUNDLE: &str = "pagefind";

impl Routes {
    pub fn new(config: &Config) -> Routes {
        let origin = config.base_url.find("://").map(|i| {
            let end = config.base_url[i + 3..].find('/').map_or(config.base_url.len(), |j| i + 3 + j);
            config.base_url[..end].to_string()
        });
        Routes { base: config.base_path(), origin }
    }

    /// `/`: the site's root, which sends the reader on to the default language.
    pub fn root(&self) -> &str {
        &self.base
    }

    /// `/zh/`.
    pub fn home(&self, lang: &str) -> String {
        format!("{}{lang}/", self.base)
    }

    /// `/zh/reports/`.
    pub fn section(&self, lang: &str, section: &str) -> String {
        format!("{}{lang}/{}/", self.base, encode_segment(section))
    }

    /// `/zh/reports/a-77-275/`.
    pub fn report(&self, lang: &str, key: &ReportKey) -> String {
        format!("{}{lang}/{}/{}/", self.base, encode_segment(&key.section), encode_segment(&key.slug))
    }

    /// `/zh/reports/a-77-275/parallel/`: the side-by-side page.
    pub fn parallel(&self, lang: &str, key: &ReportKey) -> String {
        format!("{}parallel/", self.report(lang, key))
    }

    /// `/zh/reports/a-77-275/revisions/rev-1/`: an earlier text of the report.
    pub fn revision(&self, lang: &str, key: &ReportKey, name: &str) -> String {
        format!("{}revisions/{}/", self.report(lang, key), encode_segment(name))
    }

    /// `/zh/reports/a-77-275/compare/rev-1-vs-current/`: the redline from one text to
    /// another (`current`: the report's own text; `base`: the report it is compared with).
    pub fn compare(&self, lang: &str, key: &ReportKey, from: &str, to: &str) -> String {
        format!("{}compare/{}-vs-{}/", self.report(lang, key), encode_segment(from), encode_segment(to))
    }

    /// `/zh/documents/`, then `/zh/documents/2/` …: page `number` of the cited-documents index.
    pub fn documents(&self, lang: &str, number: usize) -> String {
        match number {
            0 | 1 => format!("{}{lang}/documents/", self.base),
            n => format!("{}{lang}/documents/{n}/", self.base),
        }
    }

    /// `/zh/search/`: the search page, which reads its query from `?q=`.
    pub fn search(&self, lang: &str) -> String {
        format!("{}{lang}/search/", self.base)
    }

    /// `/pagefind/zh/`: the search engine's script and the index of one language.
    pub fn search_bundle(&self, lang: &str) -> String {
        format!("{}{SEARCH_BUNDLE}/{lang}/", self.base)
    }

    /// `/zh/atom.xml`.
    pub fn feed(&self, lang: &str) -> String {
        format!("{}{lang}/atom.xml", self.base)
    }

    /// `/404.html`: the page for a missing address.
    pub fn not_found(&self) -> String {
        format!("{}404.html", self.base)
    }

    /// `/en/404.html`: the page for a missing address under a language's folder.
    pub fn not_found_in(&self, lang: &str) -> String {
        format!("{}{lang}/404.html", self.base)
    }

    /// `/sitemap.xml`.
    pub fn sitemap(&self) -> String {
        format!("{}sitemap.xml", self.base)
    }

    /// The output path of an alias (`aliases:` in the front matter): `/reports/old/` →
    /// `reports/old/index.html`, `/old.html` → `old.html`; `None` when it is not a path
    /// inside the site.
    pub fn alias_path(alias: &str) -> Option<String> {
        let rel = alias.trim_start_matches('/');
        if rel.is_empty() || rel.split('/').any(|p| p == ".." || p == ".") {
            return None;
        }
        Some(if rel.ends_with(".html") { rel.to_string() } else { format!("{}/index.html", rel.trim_end_matches('/')) })
    }

    /// The output path of the page at `url`: `index.html` in its folder when the URL ends
    /// with `/`, else the file itself (`zh/atom.xml`).
    pub fn page_path(&self, url: &str) -> String {
        let path = self.path_of(url);
        if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path }
    }

    /// The output path of a report's file (an image beside the report's page) in `lang`.
    pub fn asset_path(&self, lang: &str, key: &ReportKey, name: &str) -> String {
        format!("{}{name}", self.path_of(&self.report(lang, key)))
    }

    /// The output path of a URL: the base path removed, percent-escapes decoded (a folder
    /// named `my reports` is written as such and linked as `my%20reports`).
    fn path_of(&self, url: &str) -> String {
        decode(url.strip_prefix(&self.base).unwrap_or(url))
    }

    /// The URL an output file is served at: `zh/a/index.html` → `/base/zh/a/`.
    pub fn url_of_output(base: &str, path: &str) -> String {
        let path = path.strip_suffix("index.html").filter(|p| p.is_empty() || p.ends_with('/')).unwrap_or(path);
        format!("{base}{path}")
    }

    /// The absolute URL of `url` when the base URL is absolute; else `url` itself.
    pub fn canonical(&self, url: &str) -> String {
        match &self.origin {
            Some(origin) => format!("{origin}{url}"),
            None => url.to_string(),
        }
    }
}

/// `https://undocs.org/{segment}/{symbol}`, the official text of a document; an empty
/// language segment leaves undocs.org to choose.
pub fn undocs_url(segment: &str, symbol: &str) -> String {
    let segment = if segment.is_empty() { String::new() } else { format!("{segment}/") };
    format!("https://undocs.org/{segment}{}", percent_encode(symbol))
}

/// The configured page of a decision (`symbols.decision_url`), in `lang`.
pub fn decision_url(template: &str, number: &str, lang: &str) -> String {
    template.replace("{number}", number).replace("{lang}", lang)
}

/// A symbol as a URL path: the characters of symbols stay, anything else is escaped.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/.-_~()*".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A file or folder name as a URL path segment: ASCII letters, digits and `-._~` stay, and
/// so do non-ASCII characters (an IRI carries them); everything else is percent-escaped.
pub fn encode_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || "-._~".contains(c) || !c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Undoes [`encode_segment`].
fn decode(url: &str) -> String {
    if !url.contains('%') {
        return url.to_string();
    }
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes(base_url: &str) -> Routes {
        Routes::new(&Config { base_url: base_url.to_string(), ..Config::default() })
    }

    #[test]
    fn urls_and_paths() {
        let r = routes("https://example.org/drafts/");
        let key = ReportKey::new("my reports", "a-77-275");
        assert_eq!(r.report("zh", &key), "/drafts/zh/my%20reports/a-77-275/");
        assert_eq!(r.page_path(&r.report("zh", &key)), "zh/my reports/a-77-275/index.html");
        assert_eq!(r.parallel("en", &key), "/drafts/en/my%20reports/a-77-275/parallel/");
        assert_eq!(r.revision("zh", &key, "rev-1"), "/drafts/zh/my%20reports/a-77-275/revisions/rev-1/");
        assert_eq!(
            r.compare("en", &key, "rev-1", "current"),
            "/drafts/en/my%20reports/a-77-275/compare/rev-1-vs-current/"
        );
        assert_eq!(r.documents("zh", 1), "/drafts/zh/documents/");
        assert_eq!(r.documents("zh", 3), "/drafts/zh/documents/3/");
        assert_eq!(r.page_path(&r.feed("en")), "en/atom.xml");
        assert_eq!(r.page_path(r.root()), "index.html");
        assert_eq!(r.canonical("/drafts/zh/"), "https://example.org/drafts/zh/");
        assert_eq!(routes("/").canonical("/zh/"), "/zh/");
        assert_eq!(Routes::url_of_output("/drafts/", "zh/a/index.html"), "/drafts/zh/a/");
        assert_eq!(Routes::url_of_output("/", "index.html"), "/");
        assert_eq!(Routes::url_of_output("/", "static/style.css"), "/static/style.css");
        assert_eq!(r.page_path(&r.not_found()), "404.html");
        assert_eq!(r.page_path(&r.sitemap()), "sitemap.xml");
        assert_eq!(Routes::alias_path("/reports/old/").as_deref(), Some("reports/old/index.html"));
        assert_eq!(Routes::alias_path("/old.html").as_deref(), Some("old.html"));
        assert_eq!(Routes::alias_path("/../x/"), None);
        assert_eq!(Routes::alias_path("/"), None);
    }

    #[test]
    fn document_links() {
        assert_eq!(undocs_url("zh", "S/RES/2334(2016)"), "https://undocs.org/zh/S/RES/2334(2016)");
        assert_eq!(undocs_url("", "A/77/275"), "https://undocs.org/A/77/275");
        assert_eq!(undocs_url("en", "A/77/2 75"), "https://undocs.org/en/A/77/2%2075");
        assert_eq!(decision_url("https://x.org/{number}?l={lang}", "77/512", "fr"), "https://x.org/77/512?l=fr");
    }
}
