//! `rapporteur serve` in a real browser (headless Chromium): a save shows up without a manual
//! reload and the reader stays where they were; a broken file shows the overlay, the fix
//! takes it away. Skipped with a loud message when Chromium is missing, unless
//! `RAPPORTEUR_REQUIRE_BROWSER=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::browser::Browser;
use support::server::{Server, TIMEOUT};

const REPORT: &str = "content/reports/progress-2024/index.zh.md";

/// JS: whether `#para-20` is on screen.
const PARA_VISIBLE: &str = "const r = document.getElementById('para-20').getBoundingClientRect(); \
     return r.bottom > 0 && r.top < window.innerHeight;";

#[test]
fn live_reload_keeps_the_place_and_the_overlay_comes_and_goes() {
    let Some(browser) = Browser::start("live_reload_keeps_the_place_and_the_overlay_comes_and_goes") else { return };
    let server = Server::start("serve");
    let url = format!("{}zh/reports/progress-2024/", server.url);
    browser.goto(&url);
    browser.wait_until(
        "the live-reload connection",
        TIMEOUT,
        "return !!document.querySelector('script[src=\"/__rapporteur/live.js\"]');",
    );

    // Read down to paragraph 20.
    // `instant`: the theme may ask for smooth scrolling, which would still be moving.
    browser.js("const r = document.getElementById('para-20').getBoundingClientRect(); \
         window.scrollTo({top: r.top + window.scrollY - window.innerHeight / 3, behavior: 'instant'}); return true;");
    let y = browser.js("return window.scrollY;").as_f64().unwrap();
    assert!(y > 200.0, "the report is long enough to scroll ({y})");
    browser.js("window.__before_reload = true; return true;");

    // Save an edit of that paragraph: the page reloads by itself and stays there.
    let text = server.read(REPORT).replace("第二十段的原文", "第二十段：实时修改");
    server.write(REPORT, &text);
    browser.wait_until(
        "the edited paragraph",
        TIMEOUT,
        "const p = document.getElementById('para-20'); return !!p && p.textContent.includes('实时修改');",
    );
    assert_eq!(browser.js("return window.__before_reload === undefined;"), true, "the page was reloaded");
    assert_eq!(
        browser.js("return performance.getEntriesByType('navigation')[0].type;"),
        "reload",
        "reloaded by the script, not opened anew"
    );
    browser.wait_until("the scroll position is restored", TIMEOUT, PARA_VISIBLE);
    let after = browser.js("return window.scrollY;").as_f64().unwrap();
    assert!((after - y).abs() < 2.0, "scroll position kept: {y} before, {after} after");

    // Break the front matter: the overlay shows the located error; the page stays.
    let good = server.read(REPORT);
    server.write(REPORT, &good.replacen("title: ", "title: [", 1));
    let overlay = browser.wait_until(
        "the error overlay",
        TIMEOUT,
        "const o = document.getElementById('rapporteur-overlay'); return o && getComputedStyle(o).display !== 'none' && o.textContent;",
    );
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("index.zh.md:2:"), "{overlay}");
    assert!(
        browser.js("return document.getElementById('para-20').textContent;").as_str().unwrap().contains("实时修改")
    );

    // Fix it: the overlay goes by itself.
    server.write(REPORT, &good);
    browser.wait_until("the overlay to go", TIMEOUT, "return !document.getElementById('rapporteur-overlay');");
    browser.wait_until("still at paragraph 20", TIMEOUT, PARA_VISIBLE);
}
