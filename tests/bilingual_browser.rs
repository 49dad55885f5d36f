//! Reading in two languages in a real browser (headless Chromium): the language switch keeps
//! the paragraph, the side-by-side view aligns the languages row by row, and on a phone the
//! rows stack. Skipped with a loud message when Chromium is missing, unless
//! `RAPPORTEUR_REQUIRE_BROWSER=1`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::browser::Browser;
use support::server::{Server, TIMEOUT};

/// A bilingual report long enough to scroll, with sub-paragraphs and notes.
fn long_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    let mut zh = String::from("---\ntitle: 长报告\n---\n\n## 一. 导言\n\n");
    let mut en = String::from("---\ntitle: Long report\n---\n\n## I. Introduction\n\n");
    for n in 1..=40 {
        zh.push_str(&format!("{n}. 第 {n} 段。{}\n\n", "工作组审议了各项提议并商定了后续步骤。".repeat(n % 4 + 1)));
        en.push_str(&format!(
            "{n}. Paragraph {n}. {}\n\n",
            "The Working Group considered the proposals and agreed on next steps, see A/77/275. ".repeat(n % 3 + 2)
        ));
        if n % 10 == 0 {
            zh.push_str("(a) 分段甲；\n\n(b) 分段乙。\n\n");
            en.push_str("(a) First sub-paragraph;\n\n(b) Second sub-paragraph.\n\n");
        }
    }
    for (lang, text) in [("zh", zh), ("en", en)] {
        let path = root.join(format!("content/reports/long/index.{lang}.md"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (dir, root)
}

#[test]
fn the_language_switch_lands_on_the_same_paragraph() {
    let Some(browser) = Browser::start("the_language_switch_lands_on_the_same_paragraph") else { return };
    let (dir, root) = long_site();
    let server = Server::start_in(dir, root, &[]);
    browser.goto(&format!("{}zh/reports/long/", server.url));
    // Read down to paragraph 23 (its first line just below the sticky header), then switch.
    browser.js(
        "const h = document.querySelector('.site-header'); \
         const top = h && ['sticky', 'fixed'].includes(getComputedStyle(h).position) ? h.getBoundingClientRect().bottom : 0; \
         const r = document.getElementById('para-23').getBoundingClientRect(); \
         window.scrollTo({top: r.top + window.scrollY - top - 8, behavior: 'instant'}); return true;",
    );
    browser.js("document.querySelector('a.lang-switch[hreflang=\"en\"]').click(); return true;");
    browser.wait_until("the English page", TIMEOUT, "return document.documentElement.lang === 'en';");
    let hash = browser.wait_until("a fragment", TIMEOUT, "return location.hash;");
    assert_eq!(hash.as_str(), Some("#para-23"), "the switch should land on the paragraph being read");
    browser.wait_until(
        "paragraph 23 on screen",
        TIMEOUT,
        "const r = document.getElementById('para-23').getBoundingClientRect(); return r.top >= -2 && r.top < window.innerHeight / 2;",
    );
    // And back, from a sub-paragraph given in the URL (opened from another page, so that the
    // browser scrolls to it rather than treating it as a same-page jump).
    browser.goto(&format!("{}en/", server.url));
    browser.goto(&format!("{}en/reports/long/#para-30-b", server.url));
    browser.wait_until(
        "sub-paragraph 30 (b) on screen",
        TIMEOUT,
        "const r = document.getElementById('para-30-b').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;",
    );
    browser.js("document.querySelector('a.lang-switch[hreflang=\"zh-Hans\"]').click(); return true;");
    browser.wait_until("the Chinese page", TIMEOUT, "return document.documentElement.lang === 'zh-Hans';");
    let hash = browser.wait_until("a fragment", TIMEOUT, "return location.hash;");
    assert_eq!(hash.as_str(), Some("#para-30-b"));
}

/// JS: for each anchored row, the distance between the tops of its cells (in the document
/// `doc`), the largest of them, and whether every second cell starts below its first.
const MEASURE_ROWS: &str = "const rows = [...doc.querySelectorAll('.parallel-row.is-anchored')]; \
     let skew = 0, stacked = rows.length > 0; \
     for (const row of rows) { \
       const [a, b] = row.querySelectorAll('.parallel-cell'); \
       const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect(); \
       skew = Math.max(skew, Math.abs(ra.top - rb.top)); \
       if (!(rb.top >= ra.bottom - 1)) stacked = false; \
     } \
     return {rows: rows.length, skew, stacked};";

#[test]
fn side_by_side_rows_align_and_stack_on_a_phone() {
    let Some(browser) = Browser::start("side_by_side_rows_align_and_stack_on_a_phone") else { return };
    let (dir, root) = long_site();
    let server = Server::start_in(dir, root, &[]);
    let url = format!("{}zh/reports/long/parallel/", server.url);
    browser.goto(&url);
    let wide = browser.js(&format!("const doc = document; {MEASURE_ROWS}"));
    assert!(wide["rows"].as_u64().unwrap() >= 45, "{wide}");
    assert!(wide["skew"].as_f64().unwrap() < 1.0, "the zh and en cells of a row start at the same height: {wide}");
    assert_eq!(wide["stacked"], false);
    // A phone: the same page in a 390px-wide frame.
    browser.js(&format!(
        "document.body.innerHTML = '<iframe id=\"phone\" src=\"{url}\" style=\"width:390px;height:800px;border:0\"></iframe>'; return true;"
    ));
    browser.wait_until(
        "the page in the phone frame",
        TIMEOUT,
        "const f = document.getElementById('phone'); return !!(f && f.contentDocument && f.contentDocument.querySelector('.parallel-row.is-anchored'));",
    );
    let narrow = browser.js(&format!("const doc = document.getElementById('phone').contentDocument; {MEASURE_ROWS}"));
    assert_eq!(narrow["stacked"], true, "on a phone each row shows zh then en: {narrow}");
}

/// The preamble of the bundled draft resolution: a preambular paragraph's reference is its
/// address, the language switch keeps it, and its side-by-side row holds it in both languages.
#[test]
fn a_preambular_paragraph_is_citable_in_both_languages() {
    let Some(browser) = Browser::start("a_preambular_paragraph_is_citable_in_both_languages") else { return };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    let l11 = "content/resolutions/a-c-1-78-l-11";
    for lang in ["zh", "en"] {
        let to = root.join(l11).join(format!("index.{lang}.md"));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(support::repo().join(l11).join(format!("index.{lang}.md")), to).unwrap();
    }
    let server = Server::start_in(dir, root, &[]);
    browser.goto(&format!("{}zh/resolutions/a-c-1-78-l-11/", server.url));
    let label = browser.js("const a = document.querySelector('#pp-5 > a.para-ref'); a.click(); return a.textContent;");
    assert_eq!(label.as_str(), Some("序言部分第 5 段"));
    let hash = browser.wait_until("the paragraph's address", TIMEOUT, "return location.hash;");
    assert_eq!(hash.as_str(), Some("#pp-5"));
    // The page scrolls to it (smoothly): the switch keeps the place once it is in view.
    browser.wait_until(
        "pp-5 on screen",
        TIMEOUT,
        "const r = document.getElementById('pp-5').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight / 2;",
    );
    browser.js("document.querySelector('a.lang-switch[hreflang=\"en\"]').click(); return true;");
    browser.wait_until("the English page", TIMEOUT, "return document.documentElement.lang === 'en';");
    let hash = browser.wait_until("a fragment", TIMEOUT, "return location.hash;");
    assert_eq!(hash.as_str(), Some("#pp-5"), "the switch keeps the preambular paragraph");
    let text = browser.js("return document.getElementById('pp-5').textContent;");
    assert!(text.as_str().unwrap().contains("Expressing concern that these technologies"), "{text}");

    browser.goto(&format!("{}zh/resolutions/a-c-1-78-l-11/parallel/#pp-5", server.url));
    let cells = browser.wait_until(
        "the row of pp-5",
        TIMEOUT,
        "const row = document.getElementById('pp-5'); if (!row) return null; \
         return [...row.querySelectorAll('.parallel-cell')].map(c => c.getAttribute('lang') + ':' + c.textContent);",
    );
    let cells: Vec<&str> = cells.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert_eq!(cells.len(), 2, "{cells:?}");
    assert!(cells[0].starts_with("zh-Hans:") && cells[0].contains("表示关切这些技术和手段"), "{cells:?}");
    assert!(
        cells[1].starts_with("en:") && cells[1].contains("Expressing concern that these technologies"),
        "{cells:?}"
    );
}
