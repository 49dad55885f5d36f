//! Relative links for a site opened from disk (`build --relative-urls`, `relative_urls: true`).
//!
//! Over `file://` there is no server to find `index.html` in a folder or to resolve `/zh/`
//! against the site's root, so every link, image, style sheet and script under the site's
//! base path in an HTML page becomes a path relative to that page, ending in `index.html`
//! where it names a folder: `/zh/reports/a/` seen from `en/reports/b/index.html` is
//! `../../../zh/reports/a/index.html`. Fragments and queries are kept; links elsewhere and
//! the feeds and sitemap (which need absolute URLs) are left alone.

/// `bytes`, the page written at `page_path` (relative to the output, `/` separators), with
/// its links under `base_path` made relative; anything but an HTML page is returned as it is.
pub fn relativise(page_path: &str, bytes: &[u8], base_path: &str) -> Vec<u8> {
    let Ok(html) = std::str::from_utf8(bytes) else { return bytes.to_vec() };
    if !page_path.ends_with(".html") {
        return bytes.to_vec();
    }
    let up = "../".repeat(page_path.matches('/').count());
    let attribute = static_regex!(r#"(\s(?:href|src)=")([^"]*)(")|(content="[0-9]+;\s*url=)([^"]*)(")"#);
    let rewritten = attribute.replace_all(html, |c: &regex::Captures| {
        let (open, value, close) = match (c.get(1), c.get(2), c.get(3)) {
            (Some(o), Some(v), Some(e)) => (o, v, e),
            _ => match (c.get(4), c.get(5), c.get(6)) {
                (Some(o), Some(v), Some(e)) => (o, v, e),
                _ => return c[0].to_string(),
            },
        };
        match relative(value.as_str(), base_path, &up) {
            Some(link) => format!("{}{link}{}", open.as_str(), close.as_str()),
            None => c[0].to_string(),
        }
    });
    rewritten.into_owned().into_bytes()
}

/// `link` relative to a page `up` folders below the output's root, if it is under `base_path`.
fn relative(link: &str, base_path: &str, up: &str) -> Option<String> {
    if link.starts_with("//") {
        return None;
    }
    let rest = link.strip_prefix(base_path)?;
    let cut = rest.find(['#', '?']).unwrap_or(rest.len());
    let (path, suffix) = rest.split_at(cut);
    let file = if path.is_empty() || path.ends_with('/') { "index.html" } else { "" };
    Some(format!("{up}{path}{file}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str, base: &str) -> String {
        String::from_utf8(relativise(path, html.as_bytes(), base)).unwrap_or_default()
    }

    #[test]
    fn links_become_relative_to_the_page() {
        let html = r##"<link rel="stylesheet" href="/static/style.css"><a href="/zh/reports/a/#para-3">a</a><a href="#fn-1">1</a><a href="https://undocs.org/zh/A/77/275">s</a><img src="/static/e.svg"><a href="//example.org/">x</a>"##;
        assert_eq!(
            page("en/reports/b/index.html", html, "/"),
            r##"<link rel="stylesheet" href="../../../static/style.css"><a href="../../../zh/reports/a/index.html#para-3">a</a><a href="#fn-1">1</a><a href="https://undocs.org/zh/A/77/275">s</a><img src="../../../static/e.svg"><a href="//example.org/">x</a>"##
        );
        assert_eq!(
            page("index.html", r#"<meta http-equiv="refresh" content="0; url=/zh/">"#, "/"),
            r#"<meta http-equiv="refresh" content="0; url=zh/index.html">"#
        );
        assert_eq!(
            page("zh/index.html", r#"<a href="/drafts/en/">e</a>"#, "/drafts/"),
            r#"<a href="../en/index.html">e</a>"#
        );
        assert_eq!(page("zh/atom.xml", r#"<link href="/zh/"/>"#, "/"), r#"<link href="/zh/"/>"#);
    }
}
