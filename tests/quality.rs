//! Quality gates on the built output of two sites: the bundled reports (`content/` at the
//! repository root) and a fixture that uses every feature (`tests/fixtures/sites/rich/`).
//!
//! - Validity: the Nu Html Checker (`vnu.jar` from the npm package `vnu-jar`, run with Java)
//!   on every page, errors only: there must be none. Missing tools skip loudly, or fail with
//!   `RAPPORTEUR_REQUIRE_TOOLS=1`.
//! - Links: an independent crawl with `scraper`: every internal `href`/`src` names a file of
//!   the output, every `#fragment` an `id` on its target page; undocs.org links have the form
//!   `https://undocs.org/{lang}/SYMBOL` with the page's language. Nothing is fetched.
//! - Accessibility: axe-core in headless Chromium (through `support::browser`) on the home,
//!   section, report, side-by-side and documents pages in both languages, the output served
//!   by a small static server on 127.0.0.1: no serious or critical violation. Skips loudly
//!   without Chromium, or fails with `RAPPORTEUR_REQUIRE_BROWSER=1`.
//!
//! The numbers (pages validated, links checked, axe results) are printed past the test
//! harness's capture, so they show in every run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use scraper::{Html, Selector};
use support::skip::{Tool, ran, say, skip};

use support::statics::StaticServer;
use support::{BIN, repo};

// ---------------------------------------------------------------------------------------------
// The two sites, built once per test run by the real binary

struct Built {
    name: &'static str,
    out: PathBuf,
}

fn build(name: &'static str, root: &Path, extra: &[&str]) -> Built {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("quality-{name}"));
    let result = Command::new(BIN)
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "building the {name} site failed:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    Built { name, out }
}

fn bundled() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build("bundled", &repo(), &[]))
}

fn rich() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build("rich", &repo().join("tests/fixtures/sites/rich"), &[]))
}

/// Every file of `dir` with the given extension, sorted.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// Validity

/// The Nu Html Checker's errors on `pages` as `file:line: message`; `None` without the tools.
fn vnu(pages: &[PathBuf], also_css: bool) -> Option<Vec<String>> {
    let jar = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let java_ok = Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success());
    if !jar.is_file() || !java_ok {
        return None;
    }
    let mut cmd = Command::new("java");
    cmd.arg("-jar").arg(&jar).args(["--errors-only", "--format", "json"]);
    if also_css {
        cmd.arg("--also-check-css");
    }
    let out = cmd.args(pages).output().expect("java runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("vnu printed no JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
    let mut errors = Vec::new();
    for m in report["messages"].as_array().into_iter().flatten() {
        errors.push(format!(
            "{}:{}: {} [{}]",
            m["url"].as_str().unwrap_or("?"),
            m["lastLine"].as_u64().unwrap_or(0),
            m["message"].as_str().unwrap_or("?"),
            m["extract"].as_str().unwrap_or("").trim()
        ));
    }
    Some(errors)
}

#[test]
fn every_page_is_valid_html() {
    let sites = [bundled(), rich()];
    let mut pages = Vec::new();
    for site in sites {
        pages.extend(files(&site.out, "html"));
    }
    let n_html = pages.len();
    assert!(n_html > 20, "the two sites have pages: found {n_html}");
    let Some(errors) = vnu(&pages, false) else {
        skip("quality::every_page_is_valid_html", Tool::Validator, "java or node_modules/vnu-jar not found");
        return;
    };
    ran("quality::every_page_is_valid_html");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).to_string_lossy().into_owned();
    let errors: Vec<String> = errors.into_iter().map(|e| e.replace(&target, "")).collect();
    say(&format!("html validation: {n_html} pages validated by the Nu Html Checker, {} errors", errors.len()));
    assert!(errors.is_empty(), "{} validation errors:\n{}", errors.len(), errors.join("\n"));
}

/// The theme's style sheets through the checker's CSS validator.
#[test]
fn the_style_sheets_are_valid_css() {
    let sheets = files(&bundled().out, "css");
    assert!(!sheets.is_empty(), "the site has style sheets");
    let Some(errors) = vnu(&sheets, true) else {
        skip("quality::the_style_sheets_are_valid_css", Tool::Validator, "java or node_modules/vnu-jar not found");
        return;
    };
    ran("quality::the_style_sheets_are_valid_css");
    say(&format!("css validation: {} style sheets, {} errors", sheets.len(), errors.len()));
    assert!(errors.is_empty(), "{} CSS errors:\n{}", errors.len(), errors.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Links and anchors

/// What the crawl found.
#[derive(Default)]
struct Crawl {
    pages: usize,
    internal: usize,
    fragments: usize,
    undocs: usize,
    external: usize,
    problems: Vec<String>,
}

/// A page of the output: its path inside the output, ids and links.
struct PageLinks {
    rel: String,
    ids: BTreeSet<String>,
    links: Vec<Link>,
}

/// One URL in a page: `<element attribute="value">`, with the language of the text around it
/// (the nearest `lang`) and the `data-symbol` of a symbol link.
struct Link {
    element: String,
    attr: String,
    value: String,
    lang: String,
    symbol: Option<String>,
}

/// The language of an element: its own `lang`, or its nearest ancestor's.
fn lang_of(el: &scraper::ElementRef<'_>) -> String {
    el.value()
        .attr("lang")
        .or_else(|| el.ancestors().find_map(|n| n.value().as_element().and_then(|e| e.attr("lang"))))
        .unwrap_or_default()
        .to_string()
}

static SCHEME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9+.\-]*:").expect("regex"));
static UNDOCS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^https://undocs\.org/(zh|ch|en|fr|es|ru|ar)/([A-Z][A-Za-z0-9.()/\-]*[A-Za-z0-9.)])$").expect("regex")
});

fn read_page(out: &Path, path: &Path) -> PageLinks {
    let rel = path.strip_prefix(out).expect("inside").to_string_lossy().replace('\\', "/");
    let html = std::fs::read_to_string(path).expect("read page");
    let doc = Html::parse_document(&html);
    let any = Selector::parse("*").expect("selector");
    let mut ids = BTreeSet::new();
    let mut links = Vec::new();
    let mut duplicates = Vec::new();
    for el in doc.select(&any) {
        let v = el.value();
        if let Some(id) = v.attr("id")
            && !ids.insert(id.to_string())
        {
            duplicates.push(id.to_string());
        }
        let link = |attr: &str, value: &str| Link {
            element: v.name().to_string(),
            attr: attr.to_string(),
            value: value.to_string(),
            lang: lang_of(&el),
            symbol: v.attr("data-symbol").map(String::from),
        };
        for attr in ["href", "src", "action", "poster", "data"] {
            if let Some(value) = v.attr(attr) {
                links.push(link(attr, value));
            }
        }
        if v.name() == "meta"
            && v.attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
            && let Some(url) = v.attr("content").and_then(|c| c.split_once("url=")).map(|(_, u)| u.trim())
        {
            links.push(link("content", url));
        }
    }
    for id in duplicates {
        links.push(Link {
            element: "duplicate-id".into(),
            attr: "id".into(),
            value: id,
            lang: String::new(),
            symbol: None,
        });
    }
    PageLinks { rel, ids, links }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The output file a URL path names, relative to the output (`a/b/` → `a/b/index.html`),
/// for a site served under `base_path` (`/` or `/drafts/`); `None` when it leaves the site.
fn resolve(page_rel: &str, path: &str, base_path: &str) -> Option<String> {
    let (dir, path) = match path.strip_prefix('/') {
        Some(_) => (String::new(), path.strip_prefix(base_path.trim_end_matches('/'))?.to_string()),
        None => (page_rel.rsplit_once('/').map_or("", |(d, _)| d).to_string(), path.to_string()),
    };
    let joined = format!("{dir}/{}", path.trim_start_matches('/'));
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(&percent_decode(&joined)).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    let mut rel = parts.join("/");
    if path.ends_with('/') || path.is_empty() {
        rel = if rel.is_empty() { "index.html".into() } else { format!("{rel}/index.html") };
    }
    Some(rel)
}

/// The language code a page's `lang` stands for (`zh-Hans` → `zh`).
fn lang_code(html_lang: &str) -> String {
    html_lang.split('-').next().unwrap_or_default().to_ascii_lowercase()
}

/// Crawls the output `out` of a site whose `base_url` is `base_url` (`/`, `/drafts/` or
/// `https://example.org/drafts/`).
fn crawl(out: &Path, base_url: &str) -> Crawl {
    let base_path = match base_url.find("://") {
        Some(i) => base_url[i + 3..].find('/').map_or("/".to_string(), |j| base_url[i + 3 + j..].to_string()),
        None => base_url.to_string(),
    };
    let origin = base_url.strip_suffix(base_path.as_str()).filter(|o| o.contains("://"));
    let pages: BTreeMap<String, PageLinks> = files(out, "html")
        .iter()
        .map(|p| {
            let page = read_page(out, p);
            (page.rel.clone(), page)
        })
        .collect();
    let mut c = Crawl { pages: pages.len(), ..Crawl::default() };
    for page in pages.values() {
        let at = |what: String| format!("{}: {what}", page.rel);
        for Link { element, attr, value, lang: link_lang, symbol } in &page.links {
            if element == "duplicate-id" {
                c.problems.push(at(format!("id `{value}` is used twice")));
                continue;
            }
            let value = value.trim();
            // The site's own absolute URLs (canonical links …) are internal.
            let own;
            let value = match origin.and_then(|o| value.strip_prefix(o)) {
                Some(path) if path.starts_with('/') => {
                    own = path.to_string();
                    own.as_str()
                }
                _ => value,
            };
            if value.starts_with("https://undocs.org/") || value.starts_with("http://undocs.org/") {
                c.undocs += 1;
                let Some(caps) = UNDOCS.captures(value) else {
                    c.problems.push(at(format!(
                        "<{element} {attr}=\"{value}\">: not of the form https://undocs.org/{{lang}}/SYMBOL"
                    )));
                    continue;
                };
                let (lang, sym) = (&caps[1], &caps[2]);
                let text_lang = lang_code(link_lang);
                let expected_lang = if text_lang == "zh" { ["zh", "ch"].contains(&lang) } else { lang == text_lang };
                if !expected_lang {
                    c.problems.push(at(format!("{value}: language segment `{lang}` in `{link_lang}` text")));
                }
                if let Some(s) = symbol
                    && s != sym
                    && percent_decode(sym) != *s
                {
                    c.problems.push(at(format!("{value}: data-symbol=\"{s}\" differs from the link's symbol")));
                }
                continue;
            }
            if value.starts_with("//") || value.starts_with("http://") || value.starts_with("https://") {
                c.external += 1;
                continue;
            }
            if value.starts_with("mailto:") || value.starts_with("data:") {
                c.external += 1;
                continue;
            }
            if SCHEME.is_match(value) {
                c.problems.push(at(format!("<{element} {attr}=\"{value}\">: a link with an unexpected scheme")));
                continue;
            }
            let (before_fragment, fragment) = match value.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (value, None),
            };
            let path = before_fragment.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                page.rel.clone()
            } else {
                c.internal += 1;
                match resolve(&page.rel, path, &base_path) {
                    Some(t) => t,
                    None => {
                        c.problems.push(at(format!(
                            "<{element} {attr}=\"{value}\">: leaves the site (climbs out of it, or is outside {base_path})"
                        )));
                        continue;
                    }
                }
            };
            let target = if !target.ends_with(".html") && out.join(&target).is_dir() {
                format!("{target}/index.html")
            } else {
                target
            };
            if !out.join(&target).is_file() {
                c.problems.push(at(format!("<{element} {attr}=\"{value}\">: {target} does not exist")));
                continue;
            }
            let Some(fragment) = fragment else { continue };
            if fragment.is_empty() || fragment == "top" {
                continue;
            }
            c.fragments += 1;
            let fragment = percent_decode(fragment);
            match pages.get(&target) {
                Some(t) if t.ids.contains(&fragment) => {}
                Some(_) => {
                    c.problems.push(at(format!("<{element} {attr}=\"{value}\">: no id `{fragment}` on {target}")))
                }
                None => c
                    .problems
                    .push(at(format!("<{element} {attr}=\"{value}\">: a fragment into a file that is not a page"))),
            }
        }
    }
    // Feeds and the sitemap point into the site too.
    static LOC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"<loc>([^<]*)</loc>|<link[^>]*href="([^"]*)""#).expect("regex"));
    for xml in files(out, "xml") {
        let rel = xml.strip_prefix(out).expect("inside").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&xml).expect("read xml");
        for caps in LOC.captures_iter(&text) {
            let url = caps.get(1).or(caps.get(2)).map_or("", |m| m.as_str()).replace("&amp;", "&");
            // Absolute URLs need base_url to be meaningful; only the path is checked.
            let path = match url.find("://") {
                Some(i) => url[i + 3..].find('/').map_or("/".to_string(), |j| url[i + 3 + j..].to_string()),
                None => url.clone(),
            };
            let path = path.split('#').next().unwrap_or_default();
            c.internal += 1;
            match resolve(&rel, path, &base_path) {
                Some(t) if out.join(&t).is_file() || out.join(&t).join("index.html").is_file() => {}
                _ => c.problems.push(format!("{rel}: `{url}` does not exist")),
            }
        }
    }
    c
}

fn check_links(site: &Built, base_url: &str) -> Crawl {
    let c = crawl(&site.out, base_url);
    say(&format!(
        "links ({} site): {} pages crawled, {} internal links and {} #fragments resolved, {} undocs.org links \
         checked for form, {} other external links not fetched, {} problems",
        site.name,
        c.pages,
        c.internal,
        c.fragments,
        c.undocs,
        c.external,
        c.problems.len()
    ));
    c
}

#[test]
fn every_link_and_anchor_of_the_bundled_site_resolves() {
    let c = check_links(bundled(), "/");
    assert!(c.pages > 10 && c.internal > 100 && c.fragments > 100 && c.undocs > 50, "the crawl saw too little");
    assert!(c.problems.is_empty(), "{} broken links:\n{}", c.problems.len(), c.problems.join("\n"));
}

#[test]
fn every_link_and_anchor_of_the_rich_site_resolves() {
    let c = check_links(rich(), "/");
    assert!(c.pages > 10 && c.fragments > 20 && c.undocs > 10, "the crawl saw too little");
    assert!(c.problems.is_empty(), "{} broken links:\n{}", c.problems.len(), c.problems.join("\n"));
}

/// Deployed under a sub-path (`base_url: https://example.org/drafts/`), every link stays
/// inside it and still resolves.
#[test]
fn every_link_resolves_under_a_base_path() {
    const BASE: &str = "https://example.org/drafts/";
    let site = build("rich-drafts", &repo().join("tests/fixtures/sites/rich"), &["--base-url", BASE]);
    let c = check_links(&site, BASE);
    assert!(c.pages > 10 && c.fragments > 20, "the crawl saw too little");
    assert!(c.problems.is_empty(), "{} broken links:\n{}", c.problems.len(), c.problems.join("\n"));
}

/// The crawler itself: it must catch what it is there to catch.
#[test]
fn the_crawler_finds_broken_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = |rel: &str, body: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, format!("<!DOCTYPE html><html lang=\"en\"><title>t</title><body>{body}</body></html>"))
            .expect("write");
    };
    page("index.html", r##"<a href="en/">ok</a><a href="/en/#here">ok</a><a id="x" href="#x">self</a>"##);
    page(
        "en/index.html",
        r##"<p id="here">
        <a href="../missing/">missing page</a>
        <a href="#nowhere">missing id</a>
        <a href="/index.html#gone">missing id elsewhere</a>
        <a href="undocs:A/1">unresolved scheme</a>
        <a href="https://undocs.org/zh/A/77/275">wrong language</a>
        <a href="https://undocs.org/en/a b">bad symbol</a>
        <a class="undocs" data-symbol="A/77/276" href="https://undocs.org/en/A/77/275">mismatch</a>
        <a href="https://undocs.org/en/A/RES/75/240">fine</a>
        <img src="../../../etc/passwd" alt="">
        <span id="here"></span></p>"##,
    );
    let c = crawl(dir.path(), "/");
    let text = c.problems.join("\n");
    for wanted in [
        "missing/index.html does not exist",
        "no id `nowhere`",
        "no id `gone` on index.html",
        "unexpected scheme",
        "language segment `zh` in `en` text",
        "not of the form",
        "data-symbol=\"A/77/276\"",
        "leaves the site",
        "id `here` is used twice",
    ] {
        assert!(text.contains(wanted), "the crawler missed `{wanted}`:\n{text}");
    }
    assert_eq!(c.problems.len(), 9, "{text}");
}

// ---------------------------------------------------------------------------------------------
// Accessibility

/// The pages axe looks at, those that exist in the output.
fn axe_pages(out: &Path, reports: &[&str]) -> Vec<String> {
    let mut pages = Vec::new();
    for lang in ["zh", "en"] {
        let mut candidates = vec![
            format!("/{lang}/"),
            format!("/{lang}/reports/"),
            format!("/{lang}/documents/"),
            format!("/{lang}/search/"),
        ];
        for r in reports {
            candidates.push(format!("/{lang}/{r}/"));
            candidates.push(format!("/{lang}/{r}/parallel/"));
            // Every revision and redline of the report.
            for kind in ["revisions", "compare"] {
                let dir = out.join(lang).join(r).join(kind);
                let mut names: Vec<String> = std::fs::read_dir(&dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                names.sort();
                candidates.extend(names.into_iter().map(|n| format!("/{lang}/{r}/{kind}/{n}/")));
            }
        }
        for c in candidates {
            if out.join(c.trim_start_matches('/')).join("index.html").is_file() {
                pages.push(c);
            }
        }
    }
    pages
}

#[derive(Debug, Default)]
struct AxeResult {
    counts: BTreeMap<String, usize>,
    passes: usize,
    /// `impact rule: help (N nodes, e.g. target)` of serious and critical violations.
    blocking: Vec<String>,
    others: Vec<String>,
}

fn run_axe(browser: &support::browser::Browser, url: &str, axe_source: &str) -> AxeResult {
    browser.goto(url);
    browser.js(&format!("{axe_source}\nreturn true;"));
    let script = r#"
        return axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
            return {
                passes: r.passes.length,
                violations: r.violations.map(function (v) {
                    return {
                        id: v.id, impact: v.impact || 'none', help: v.help,
                        nodes: v.nodes.length,
                        target: v.nodes.length ? String(v.nodes[0].target) : '',
                        html: v.nodes.length ? v.nodes[0].html.slice(0, 160) : ''
                    };
                })
            };
        });
    "#;
    let v = browser.js(script);
    let mut result = AxeResult { passes: v["passes"].as_u64().unwrap_or(0) as usize, ..AxeResult::default() };
    for violation in v["violations"].as_array().into_iter().flatten() {
        let impact = violation["impact"].as_str().unwrap_or("none").to_string();
        *result.counts.entry(impact.clone()).or_default() += 1;
        let line = format!(
            "{impact} {}: {} ({} nodes, e.g. `{}`: {})",
            violation["id"].as_str().unwrap_or("?"),
            violation["help"].as_str().unwrap_or("?"),
            violation["nodes"],
            violation["target"].as_str().unwrap_or(""),
            violation["html"].as_str().unwrap_or("")
        );
        if impact == "serious" || impact == "critical" {
            result.blocking.push(line);
        } else {
            result.others.push(line);
        }
    }
    result
}

#[test]
fn no_serious_or_critical_accessibility_violations() {
    let axe_path = repo().join("node_modules/axe-core/axe.min.js");
    let test = "quality::no_serious_or_critical_accessibility_violations";
    let Ok(axe_source) = std::fs::read_to_string(&axe_path) else {
        skip(test, Tool::Axe, "node_modules/axe-core/axe.min.js not found");
        return;
    };
    let Some(browser) = support::browser::Browser::start(test) else { return };
    // First, axe must see what it is there to see: a page with known violations.
    let canary = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        canary.path().join("index.html"),
        "<!DOCTYPE html><html><head><title>x</title></head><body>\
         <img src=\"missing.png\"><a href=\"/\"></a><p style=\"color:#eee;background:#fff\">faint</p></body></html>",
    )
    .expect("write the canary page");
    let server = StaticServer::start(canary.path().to_path_buf());
    let r = run_axe(&browser, &format!("{}/", server.base), &axe_source);
    drop(server);
    let found = r.blocking.join("\n");
    for rule in ["image-alt", "link-name", "color-contrast", "html-has-lang"] {
        assert!(found.contains(rule), "axe did not report `{rule}` on a page made to break it:\n{found}");
    }
    say(&format!("axe canary: {} serious or critical violations found on a page made to have them", r.blocking.len()));

    let sites: [(&Built, &[&str]); 2] = [
        (bundled(), &["reports/a-77-275", "resolutions/a-c-1-78-l-11", "reports/oewg-third-apr-draft"]),
        (rich(), &["reports/full-report", "reports/draft-fourth", "reports/advance-note"]),
    ];
    let mut blocking = Vec::new();
    let mut checked = 0;
    // Both colour schemes: the dark one (prefers-color-scheme) in a second browser.
    drop(browser);
    for scheme in ["light", "dark"] {
        let browser = match scheme {
            "dark" => support::browser::Browser::start_dark(test),
            _ => support::browser::Browser::start(test),
        };
        let Some(browser) = browser else { return };
        for (site, reports) in sites {
            let server = StaticServer::start(site.out.clone());
            for page in axe_pages(&site.out, reports) {
                let url = format!("{}{page}", server.base);
                let r = run_axe(&browser, &url, &axe_source);
                let dark = browser.js("return matchMedia('(prefers-color-scheme: dark)').matches;");
                assert_eq!(dark, (scheme == "dark"), "{page} is not shown in the {scheme} scheme");
                checked += 1;
                let counts: Vec<String> = r.counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
                say(&format!(
                    "axe ({} site, {scheme}) {page}: {} rules passed, violations: {}",
                    site.name,
                    r.passes,
                    if counts.is_empty() { "none".to_string() } else { counts.join(", ") }
                ));
                for o in &r.others {
                    say(&format!("    {o}"));
                }
                for b in r.blocking {
                    say(&format!("    {b}"));
                    blocking.push(format!("{} ({scheme}) {page}: {b}", site.name));
                }
            }
        }
    }
    say(&format!("axe: {checked} pages checked, {} serious or critical violations", blocking.len()));
    assert!(checked >= 16, "axe looked at too few pages in the two schemes: {checked}");
    assert!(blocking.is_empty(), "serious or critical accessibility violations:\n{}", blocking.join("\n"));
}
