//! What a reader sees, in a real browser (headless Chromium) against `rapporteur serve`:
//! navigation between the languages, the look of Chinese text and footnotes, the colour
//! schemes. Skipped with a loud message when Chromium is missing, unless
//! `RAPPORTEUR_REQUIRE_BROWSER=1`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::browser::Browser;
use support::server::{Server, TIMEOUT};

/// A report in Chinese and English long enough to scroll, with notes, and a report in
/// Chinese only.
fn two_reports() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    let mut zh = String::from("---\ntitle: 长报告\nsymbol: A/78/1\n---\n\n## 一. 导言\n\n");
    let mut en = String::from("---\ntitle: Long report\nsymbol: A/78/1\n---\n\n## I. Introduction\n\n");
    for n in 1..=40 {
        zh.push_str(&format!(
            "{n}. 第 {n} 段。{}[^{n}]\n\n",
            "工作组审议了各项提议并商定了后续步骤。".repeat(n % 4 + 3)
        ));
        en.push_str(&format!(
            "{n}. Paragraph {n}. {}[^{n}]\n\n",
            "The Working Group considered the proposals and agreed on next steps. ".repeat(n % 3 + 3)
        ));
    }
    for n in 1..=40 {
        zh.push_str(&format!("[^{n}]: 见 A/77/275，第 {n} 段。\n"));
        en.push_str(&format!("[^{n}]: See A/77/275, para. {n}.\n"));
    }
    let only_zh = "---\ntitle: 只有中文\n---\n\n1. 第一段。\n\n2. 第二段。\n";
    for (path, text) in [
        ("content/reports/long/index.zh.md", zh.as_str()),
        ("content/reports/long/index.en.md", en.as_str()),
        ("content/reports/only/index.zh.md", only_zh),
    ] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (dir, root)
}

#[test]
fn the_root_sends_the_reader_to_the_browsers_language() {
    let Some(browser) = Browser::start_preferring("the_root_sends_the_reader_to_the_browsers_language", "en-GB,en")
    else {
        return;
    };
    let (dir, root) = two_reports();
    let server = Server::start_in(dir, root, &[]);
    browser.goto(&server.url);
    browser.wait_until("the English home page", TIMEOUT, "return location.pathname === '/en/';");
    drop(browser);
    // A language the site does not have: the default one, as without script.
    let Some(browser) = Browser::start_preferring("the_root_sends_the_reader_to_the_browsers_language", "de-DE") else {
        return;
    };
    browser.goto(&server.url);
    browser.wait_until("the default language's home page", TIMEOUT, "return location.pathname === '/zh/';");
}

#[test]
fn navigating_between_languages() {
    let Some(browser) = Browser::start("navigating_between_languages") else { return };
    let (dir, root) = two_reports();
    let server = Server::start_in(dir, root, &[]);
    // A miss under /en/ is answered in English.
    browser.goto(&format!("{}en/reports/no-such-report/", server.url));
    assert_eq!(browser.js("return document.documentElement.lang;"), "en");
    assert_eq!(browser.js("return document.querySelector('h1').textContent.trim();"), "Page not found");
    browser.goto(&format!("{}zh/nothing-here", server.url));
    assert_eq!(browser.js("return document.documentElement.lang;"), "zh-Hans");
    // Listings mark the current language, and their language chips are links.
    browser.goto(&format!("{}en/reports/", server.url));
    assert_eq!(
        browser.js("return document.querySelector('.lang-switcher [aria-current]').textContent.trim();"),
        "English"
    );
    let chips = browser
        .js("return [...document.querySelectorAll('.row-lang')].map(a => [a.tagName, new URL(a.href).pathname]);");
    assert!(chips.as_array().unwrap().iter().any(|c| c[0] == "A" && c[1] == "/zh/reports/long/"), "{chips}");
    browser.js("document.querySelector('.row-lang[hreflang=\"zh-Hans\"]').click(); return true;");
    browser.wait_until("the Chinese report", TIMEOUT, "return location.pathname === '/zh/reports/long/';");
    // The page for a missing translation keeps the fragment when the reader picks a language.
    browser.goto(&format!("{}en/reports/only/#para-2", server.url));
    browser.js("document.querySelector('.lang-homes a[hreflang=\"zh-Hans\"]').click(); return true;");
    browser.wait_until("the Chinese version", TIMEOUT, "return location.pathname === '/zh/reports/only/';");
    assert_eq!(browser.js("return location.hash;"), "#para-2");
}

#[test]
fn landing_on_a_paragraph_from_another_page_is_not_animated() {
    let Some(browser) = Browser::start("landing_on_a_paragraph_from_another_page_is_not_animated") else { return };
    let (dir, root) = two_reports();
    let server = Server::start_in(dir, root, &[]);
    browser.goto(&format!("{}en/", server.url));
    browser.goto(&format!("{}en/reports/long/#para-30", server.url));
    // At once, not after an animation: the paragraph is where the jump puts it.
    let top = browser.js("const h = document.querySelector('.site-header').getBoundingClientRect().bottom; \
         return document.getElementById('para-30').getBoundingClientRect().top - h;");
    let top = top.as_f64().unwrap();
    assert!((0.0..40.0).contains(&top), "para 30 should be just below the header at load, is {top}px below it");
    // Jumps within the page are smooth once the page has settled.
    let behaviour = browser.wait_until(
        "smooth scrolling within the page",
        TIMEOUT,
        "const b = getComputedStyle(document.documentElement).scrollBehavior; return b === 'smooth' && b;",
    );
    assert_eq!(behaviour, "smooth");
}
