//! The redline in a real browser (headless Chromium), on the bundled draft and its
//! revision: the summary's links land on their rows, and insertions and deletions are told
//! apart without colour. Skipped with a loud message when Chromium is missing, unless
//! `RAPPORTEUR_REQUIRE_BROWSER=1`. Its accessibility is checked with the other pages by
//! axe-core in `tests/quality.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::browser::Browser;
use support::server::{Server, TIMEOUT, copy_dir};

/// `serve` on a copy of the bundled content.
fn bundled() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    copy_dir(&support::repo().join("content"), &root.join("content"));
    Server::start_in(dir, root, &[])
}

const REDLINE: &str = "en/reports/oewg-third-apr-draft/compare/illustrative-vs-current/";

#[test]
fn the_summary_links_land_on_their_rows() {
    let Some(browser) = Browser::start("the_summary_links_land_on_their_rows") else { return };
    let server = bundled();
    for lang in ["en", "zh"] {
        let url = format!("{}{}", server.url, REDLINE.replacen("en/", &format!("{lang}/"), 1));
        browser.goto(&url);
        let hrefs =
            browser.js("return [...document.querySelectorAll('.rev-summary a')].map(a => a.getAttribute('href'));");
        let hrefs: Vec<String> = hrefs.as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect();
        assert!(
            hrefs.len() >= 4,
            "{lang}: the summary links to changed, inserted, moved and renumbered rows: {hrefs:?}"
        );
        for href in hrefs {
            browser.goto(&url);
            browser.js(&format!("document.querySelector('.rev-summary a[href=\"{href}\"]').click(); return true;"));
            browser.wait_until(
                &format!("{lang}: {href} on screen"),
                TIMEOUT,
                &format!(
                    "const row = document.getElementById('{}'); if (!row || location.hash !== '{href}') return false; \
                     const r = row.getBoundingClientRect(); \
                     return row.classList.contains('rev-row') && r.top >= 0 && r.top < window.innerHeight;",
                    href.trim_start_matches('#')
                ),
            );
        }
    }
}

#[test]
fn insertions_and_deletions_differ_without_colour() {
    let Some(browser) = Browser::start("insertions_and_deletions_differ_without_colour") else { return };
    let server = bundled();
    browser.goto(&format!("{}{REDLINE}", server.url));
    let styles =
        browser.js("const s = sel => { const e = document.querySelector(sel); const c = getComputedStyle(e); \
           return { line: c.textDecorationLine, visible: e.getBoundingClientRect().width > 0 }; }; \
         return { ins: s('.redline ins'), del: s('.rev-key del') };");
    assert_eq!(styles["ins"]["line"], "underline", "{styles}");
    assert_eq!(styles["del"]["line"], "line-through", "{styles}");
    assert_eq!(styles["ins"]["visible"], true);
    assert_eq!(styles["del"]["visible"], true);
    // Rows say what happened in words, not only by the colour of their border.
    let tags = browser.js("return [...document.querySelectorAll('.rev-changed .rev-tag, .rev-inserted .rev-tag, .rev-moved .rev-tag')].map(t => t.textContent);");
    assert_eq!(tags, serde_json::json!(["Changed", "Added", "Moved"]));
}
