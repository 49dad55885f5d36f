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
            "{n}. 第 {n} 段。{}工作组审议了附件[^{n}]所列提议。\n\n",
            "工作组审议了各项提议并商定了后续步骤。".repeat(n % 4 + 3)
        ));
        en.push_str(&format!(
            "{n}. Paragraph {n}. {}[^{n}]\n\n",
            "The Working Group considered the proposals and agreed on next steps. ".repeat(n % 3 + 3)
        ));
    }
    for n in 1..=40 {
        zh.push_str(&format!(
            "[^{n}]: 见 A/77/275，第 {n} 段。{}\n",
            "该报告载有工作组商定的结论和建议。".repeat(n % 5)
        ));
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

/// JS: the horizontal gaps between the first footnote reference of `doc` and the characters
/// on either side of it.
const REF_GAPS: &str = "const sup = doc.querySelector('.para-body sup.footnote-ref'); \
     const before = sup.previousSibling, after = sup.nextSibling, digit = sup.querySelector('a').firstChild; \
     const box = (node, from, to) => { const r = doc.createRange(); r.setStart(node, from); r.setEnd(node, to); return r.getBoundingClientRect(); }; \
     const mark = box(digit, 0, digit.length); \
     return {before: mark.left - box(before, before.length - 1, before.length).right, after: box(after, 0, 1).left - mark.right};";

#[test]
fn chinese_typography_and_footnotes() {
    let Some(browser) = Browser::start("chinese_typography_and_footnotes") else { return };
    let (dir, root) = two_reports();
    let server = Server::start_in(dir, root, &[]);
    // The body face follows the English one: a serif, so Songti-like faces for Chinese.
    browser.goto(&format!("{}en/reports/long/", server.url));
    let en = browser.js("return getComputedStyle(document.querySelector('.para-body')).fontFamily;");
    assert!(en.as_str().unwrap().starts_with("\"Noto Serif\""), "{en}");
    let url = format!("{}zh/reports/long/", server.url);
    browser.goto(&url);
    let zh = browser.js("return getComputedStyle(document.querySelector('.para-body')).fontFamily;");
    assert!(zh.as_str().unwrap().starts_with("\"Noto Serif CJK SC\", \"Source Han Serif SC\""), "{zh}");
    // A note's mark sits against the ideographs around it: no autospace gap.
    let gaps = browser.js(&format!("const doc = document; {REF_GAPS}"));
    for side in ["before", "after"] {
        let gap = gaps[side].as_f64().unwrap();
        assert!(gap.abs() < 0.5, "gap {side} the note reference: {gap}px ({gaps})");
    }
    // The backlink never goes alone onto a line: at every width of the note.
    let alone = browser.js(
        "const li = document.querySelector('.footnotes li:nth-child(4)'); const back = li.querySelector('.footnote-backref'); \
         const text = [...li.querySelectorAll('p, li')].pop() || li; const bad = []; \
         for (let w = 120; w <= 520; w += 3) { li.style.width = w + 'px'; \
           const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT); let last = null, n; \
           while ((n = walker.nextNode())) { if (back.contains(n)) break; if (n.data.trim()) last = n; } \
           const r = document.createRange(); const end = last.data.trimEnd().length; r.setStart(last, end - 1); r.setEnd(last, end); \
           const t = r.getBoundingClientRect().top, b = back.getBoundingClientRect().top; \
           if (Math.abs(t - b) > 6) bad.push([w, t, b]); } \
         li.style.width = ''; return bad;",
    );
    assert_eq!(alone.as_array().unwrap().len(), 0, "widths at which ↩ wraps alone: {alone}");
    // On a phone: a tap 11px from the centre of a note mark still hits it, and the tap
    // area does not change the line.
    browser.js(&format!(
        "document.body.innerHTML = '<iframe id=\"phone\" src=\"{url}\" style=\"width:390px;height:800px;border:0\"></iframe>'; return true;"
    ));
    browser.wait_until(
        "the page in the phone frame",
        TIMEOUT,
        "const f = document.getElementById('phone'); return !!(f && f.contentDocument && f.contentDocument.querySelector('.footnote-ref a'));",
    );
    let tap = browser.js(
        "const doc = document.getElementById('phone').contentDocument; \
         const a = doc.querySelector('#para-3 .footnote-ref a'); a.scrollIntoView({block: 'center', behavior: 'instant'}); \
         const r = a.getBoundingClientRect(); const cx = r.left + r.width / 2, cy = r.top + r.height / 2; \
         const hits = [[-11, 0], [11, 0], [0, -11], [0, 11]].map(([dx, dy]) => { const e = doc.elementFromPoint(cx + dx, cy + dy); return e === a || String(e && e.outerHTML).slice(0, 60); }); \
         const body = doc.querySelector('#para-3 .para-body'); const with_area = body.getBoundingClientRect().height; \
         const style = doc.createElement('style'); style.textContent = '.footnote-ref a::after { display: none; }'; doc.head.append(style); \
         const without = body.getBoundingClientRect().height; style.remove(); \
         return {hits, with_area, without, link: [r.width, r.height]};",
    );
    assert!(tap["hits"].as_array().unwrap().iter().all(|h| h == true), "{tap}");
    assert_eq!(tap["with_area"], tap["without"], "the tap area changes the paragraph: {tap}");
}

/// JS: the relative luminance of a computed colour `c` (`rgb(…)`).
const LUMINANCE: &str = "const lum = (c) => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255) \
     .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };";

#[test]
fn the_dark_scheme_follows_the_system() {
    let Some(browser) = Browser::start_dark("the_dark_scheme_follows_the_system") else { return };
    let (dir, root) = two_reports();
    let server = Server::start_in(dir, root, &[]);
    browser.goto(&format!("{}zh/reports/long/", server.url));
    let colours = browser.js(&format!(
        "{LUMINANCE} const doc = getComputedStyle(document.querySelector('.doc')); \
         const text = getComputedStyle(document.querySelector('.para-body')); \
         const link = getComputedStyle(document.querySelector('a.undocs')); \
         return {{paper: lum(doc.backgroundColor), text: lum(text.color), link: lum(link.color), \
                 scheme: getComputedStyle(document.documentElement).colorScheme}};"
    ));
    let (paper, text, link) =
        (colours["paper"].as_f64().unwrap(), colours["text"].as_f64().unwrap(), colours["link"].as_f64().unwrap());
    assert!(paper < 0.05, "a dark page: {colours}");
    let contrast = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
    assert!(contrast(text, paper) >= 7.0, "body text contrast {}: {colours}", contrast(text, paper));
    assert!(contrast(link, paper) >= 4.5, "link contrast {}: {colours}", contrast(link, paper));
    assert_eq!(colours["scheme"], "dark", "form controls and scroll bars follow: {colours}");
}

/// JS: the theme's print rules applied to the screen (a copy of every `@media print` block
/// as `@media all`), so that their computed styles can be read.
const AS_PRINTED: &str = "const css = []; \
     for (const sheet of document.styleSheets) for (const rule of sheet.cssRules) \
       if (rule instanceof CSSMediaRule && rule.media.mediaText === 'print') css.push(rule.cssText.replace(/^@media print/, '@media all')); \
     const style = document.createElement('style'); style.textContent = css.join('\\n'); document.head.append(style);";

/// JS: the `content` of the margin box `name` of the `@page` rules without a selector, and
/// of those for `:first`.
const MARGIN_BOX: &str = "const boxes = (selector, name) => { const found = []; \
     for (const sheet of document.styleSheets) for (const rule of sheet.cssRules) \
       if (rule instanceof CSSPageRule && rule.selectorText === selector) \
         for (const m of rule.cssRules || []) if (m.name === name && m.style.content) found.push(m.style.content); \
     return found; };";

#[test]
fn printed_reports_have_a_running_header_and_no_page_of_symbols() {
    let Some(browser) = Browser::start("printed_reports_have_a_running_header_and_no_page_of_symbols") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    support::server::copy_dir(&support::repo().join("content"), &root.join("content"));
    let server = Server::start_in(dir, root, &[]);
    browser.goto(&format!("{}zh/reports/a-77-275/", server.url));
    let header = browser.js(&format!(
        "{MARGIN_BOX} return {{symbol: boxes('', 'top-left'), page: boxes('', 'top-right'), first: boxes(':first', 'top-left')}};"
    ));
    assert!(header["symbol"].as_array().unwrap().iter().any(|c| c == "\"A/77/275\""), "{header}");
    assert!(
        header["page"].as_array().unwrap().iter().any(|c| c.as_str().unwrap().contains("counter(page)")),
        "{header}"
    );
    assert!(
        header["first"].as_array().unwrap().iter().any(|c| c == "none"),
        "the first page has the masthead: {header}"
    );
    let printed = browser.js(&format!(
        "{AS_PRINTED} return {{cited: getComputedStyle(document.querySelector('.cited')).display, \
         watermark: getComputedStyle(document.querySelector('article.doc'), '::before').content}};"
    ));
    assert_eq!(printed["cited"], "none", "the documents-cited list is not printed: {printed}");
    assert_eq!(printed["watermark"], "none", "a final report has no draft watermark: {printed}");
    // The watermark is for real drafts only: the draft report has one, the issued draft
    // resolution does not.
    browser.goto(&format!("{}zh/reports/oewg-third-apr-draft/", server.url));
    let draft = browser.js(&format!(
        "{AS_PRINTED} return getComputedStyle(document.querySelector('article.doc'), '::before').content;"
    ));
    assert_eq!(draft, "\"草稿\"");
    browser.goto(&format!("{}zh/resolutions/a-c-1-78-l-11/", server.url));
    let l11 = browser.js(&format!(
        "{AS_PRINTED} return getComputedStyle(document.querySelector('article.doc'), '::before').content;"
    ));
    assert_eq!(l11, "none");
}

#[test]
fn a_site_built_with_relative_urls_works_from_disk() {
    let Some(browser) = Browser::start("a_site_built_with_relative_urls_works_from_disk") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = support::rapporteur(&support::repo(), &["build", "--relative-urls", "--output", out.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    browser.goto_file(&out.join("index.html"));
    // The root sends the reader on (here to English, the browser's language) over file://.
    browser.wait_until("the English home page", TIMEOUT, "return location.href.endsWith('/en/index.html');");
    let styled = browser.js("return getComputedStyle(document.body).backgroundColor;");
    assert_eq!(styled, "rgb(242, 245, 248)", "the style sheet loads from disk");
    // A report from the listing, then the other language, then back home.
    browser.js("document.querySelector('a.row-title[href*=\"a-77-275\"]').click(); return true;");
    browser.wait_until(
        "the report",
        TIMEOUT,
        "return location.href.endsWith('/en/reports/a-77-275/index.html') && !!document.getElementById('para-1');",
    );
    browser.js("document.querySelector('a.lang-switch[hreflang=\"zh-Hans\"]').click(); return true;");
    browser.wait_until(
        "the Chinese report",
        TIMEOUT,
        "return location.pathname.endsWith('/zh/reports/a-77-275/index.html') && document.documentElement.lang === 'zh-Hans';",
    );
    assert_eq!(browser.js("return getComputedStyle(document.body).backgroundColor;"), "rgb(242, 245, 248)");
    browser.js("document.querySelector('.site-title').click(); return true;");
    browser.wait_until("the Chinese home page", TIMEOUT, "return location.href.endsWith('/zh/index.html');");
}

#[test]
fn the_serve_error_overlay_speaks_the_pages_language() {
    let Some(browser) = Browser::start("the_serve_error_overlay_speaks_the_pages_language") else { return };
    let (dir, root) = two_reports();
    let server = Server::start_in(dir, root, &[]);
    let file = "content/reports/only/index.zh.md";
    let good = server.read(file);
    let overlay = "const o = document.getElementById('rapporteur-overlay'); \
                   return o && getComputedStyle(o).display !== 'none' && [o.children[1].textContent, o.querySelector('button').getAttribute('aria-label')];";
    browser.goto(&format!("{}zh/reports/long/", server.url));
    server.write(file, &good.replacen("title: ", "title: [", 1));
    let zh = browser.wait_until("the overlay on the Chinese page", TIMEOUT, overlay);
    assert_eq!(zh[0], "rapporteur：网站有错误。显示的是上一个正确的版本；改正文件后，本页会自动更新。", "{zh}");
    assert_eq!(zh[1], "隐藏");
    browser.goto(&format!("{}en/reports/long/", server.url));
    let en = browser.wait_until("the overlay on the English page", TIMEOUT, overlay);
    assert!(en[0].as_str().unwrap().starts_with("rapporteur: the site has errors."), "{en}");
    assert_eq!(en[1], "Hide");
    server.write(file, &good);
    browser.wait_until("the overlay to go", TIMEOUT, "return !document.getElementById('rapporteur-overlay');");
}
