//! The bundled seed reports against the United Nations' own link lists, and their footnotes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use scraper::{Html, Selector};
use support::{rapporteur, read};

/// One build of the bundled site for all tests of this file.
fn site() -> &'static std::path::Path {
    static SITE: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let target = out.path().join("site");
            let run = rapporteur(&support::repo(), &["build", "--output", target.to_str().unwrap()]);
            assert_eq!(run.status, 0, "{}", run.stderr);
            (out, target)
        })
        .1
}

/// The fixture's symbols (the undocs.org links printed at the end of each PDF page).
fn un_links(name: &str) -> BTreeSet<String> {
    read(support::repo().join("tests/fixtures/undocs").join(format!("{name}.txt")))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

/// `(data-symbol, visible text)` of every symbol link on a page.
fn linked(page: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(&read(site().join(page)));
    let sel = Selector::parse("main a.undocs").unwrap();
    doc.select(&sel)
        .map(|a| (a.value().attr("data-symbol").unwrap_or_default().to_string(), a.text().collect::<String>()))
        .collect()
}

const SEEDS: [(&str, &str); 3] = [
    ("A-77-275", "zh/reports/a-77-275/index.html"),
    ("A-C.1-78-L.11", "zh/resolutions/a-c-1-78-l-11/index.html"),
    ("sg-report-ict-2022", "zh/reports/sg-replies-2022/index.html"),
];

/// Links the UN printed that the text does not support: on page 2 of A/C.1/78/L.11 the notes
/// read "见 A/78/265。" and "A/AC.292/2023/INF/5。", but the page's links are last year's
/// A/77/275 and A/AC.292/2022/INF/4. rapporteur links what the text says.
const STALE: [(&str, &str); 2] = [("A-C.1-78-L.11", "A/77/275"), ("A-C.1-78-L.11", "A/AC.292/2022/INF/4")];

#[test]
fn every_symbol_the_un_linked_is_linked() {
    for (fixture, page) in SEEDS {
        let ours: BTreeSet<String> = linked(page).into_iter().map(|(s, _)| s).collect();
        let missing: Vec<_> = un_links(fixture)
            .into_iter()
            .filter(|s| !ours.contains(s) && !STALE.contains(&(fixture, s.as_str())))
            .collect();
        assert!(missing.is_empty(), "{page}: not linked: {missing:?}");
    }
}

#[test]
fn every_link_is_a_symbol_the_text_cites() {
    for (fixture, page) in SEEDS {
        let un = un_links(fixture);
        for (symbol, text) in linked(page) {
            let text = text.replace(' ', "");
            // Either the text is the symbol itself, or a resolution number whose full symbol
            // the UN linked, or a resolution reference the text spells out.
            let number_of = |s: &str| {
                let s = ["A/HRC/RES/", "A/RES/", "S/RES/", "E/RES/"].iter().fold(s, |s, p| s.trim_start_matches(p));
                s.replace(' ', "")
            };
            let cites = text == symbol.replace(' ', "")
                || text.trim_end_matches(|c: char| c.is_ascii_uppercase()) == number_of(&symbol)
                || un.contains(&symbol);
            assert!(cites, "{page}: `{text}` linked as {symbol}");
            assert!(symbol.contains('/'), "{page}: {symbol}");
        }
    }
}

#[test]
fn links_use_the_page_language() {
    let doc = Html::parse_document(&read(site().join("en/reports/a-77-275/index.html")));
    let sel = Selector::parse("main a.undocs").unwrap();
    let hrefs: Vec<_> = doc.select(&sel).filter_map(|a| a.value().attr("href")).collect();
    assert!(!hrefs.is_empty());
    assert!(hrefs.iter().all(|h| h.starts_with("https://undocs.org/en/")), "{hrefs:?}");
    let zh = linked("zh/reports/a-77-275/index.html");
    assert!(!zh.is_empty());
}

#[test]
fn placeholders_of_the_draft_report_resolve() {
    for lang in ["zh", "en"] {
        let symbols: BTreeSet<String> =
            linked(&format!("{lang}/reports/oewg-third-apr-draft/index.html")).into_iter().map(|(s, _)| s).collect();
        for wanted in ["A/RES/75/240", "A/77/275"] {
            assert!(symbols.contains(wanted), "{lang}: {symbols:?}");
        }
        let html = read(site().join(format!("{lang}/reports/oewg-third-apr-draft/index.html")));
        assert!(!html.contains(r##"<a href="#">75/240</a>"##), "an unresolved placeholder is left in {lang}");
    }
}

#[test]
fn footnote_sections_of_the_seeds() {
    for (name, page) in [
        ("a_77_275_zh", "zh/reports/a-77-275/index.html"),
        ("a_77_275_en", "en/reports/a-77-275/index.html"),
        ("l11_zh", "zh/resolutions/a-c-1-78-l-11/index.html"),
        ("sg_replies_zh", "zh/reports/sg-replies-2022/index.html"),
    ] {
        let doc = Html::parse_document(&read(site().join(page)));
        let sel = Selector::parse("section.footnotes").unwrap();
        let notes: String = doc.select(&sel).map(|s| s.html()).collect();
        insta::assert_snapshot!(name, notes);
    }
}

#[test]
fn every_footnote_reference_round_trips() {
    for (_, page) in SEEDS {
        let doc = Html::parse_document(&read(site().join(page)));
        let ids: BTreeSet<String> = doc
            .select(&Selector::parse("[id]").unwrap())
            .filter_map(|e| e.value().attr("id").map(String::from))
            .collect();
        for a in doc.select(&Selector::parse("sup.footnote-ref a, a.footnote-backref").unwrap()) {
            let href = a.value().attr("href").unwrap();
            assert!(ids.contains(&href[1..]), "{page}: dangling {href}");
        }
    }
}

#[test]
fn the_stale_links_are_what_the_text_replaced() {
    let symbols: BTreeSet<String> =
        linked("zh/resolutions/a-c-1-78-l-11/index.html").into_iter().map(|(s, _)| s).collect();
    assert!(symbols.contains("A/78/265") && symbols.contains("A/AC.292/2023/INF/5"), "{symbols:?}");
}

/// The ids of every top-level block of a report page's body, and the blocks without one.
fn block_ids(page: &str) -> (BTreeSet<String>, Vec<String>) {
    let doc = Html::parse_document(&read(site().join(page)));
    let sel = Selector::parse(".doc-body > *").unwrap();
    let mut ids = BTreeSet::new();
    let mut bare = Vec::new();
    for block in doc.select(&sel) {
        match block.value().attr("id") {
            Some(id) => {
                ids.insert(id.to_string());
            }
            None => bare.push(block.html().chars().take(80).collect()),
        }
    }
    (ids, bare)
}

#[test]
fn every_paragraph_level_block_has_an_id() {
    for page in [
        "zh/reports/a-77-275/index.html",
        "en/reports/a-77-275/index.html",
        "zh/resolutions/a-c-1-78-l-11/index.html",
        "en/resolutions/a-c-1-78-l-11/index.html",
        "zh/reports/oewg-third-apr-draft/index.html",
        "en/reports/oewg-third-apr-draft/index.html",
        "zh/reports/sg-replies-2022/index.html",
    ] {
        let (ids, bare) = block_ids(page);
        assert!(bare.is_empty(), "{page}: blocks without an id: {bare:#?}");
        assert!(ids.len() > 20, "{page}: {ids:?}");
    }
}

#[test]
fn the_bilingual_seeds_have_the_same_ids_in_both_languages() {
    for report in ["reports/a-77-275", "resolutions/a-c-1-78-l-11", "reports/oewg-third-apr-draft"] {
        let (zh, _) = block_ids(&format!("zh/{report}/index.html"));
        let (en, _) = block_ids(&format!("en/{report}/index.html"));
        assert_eq!(zh, en, "{report}");
    }
    // The preamble of the draft resolution is numbered, and its reference is in the page's language.
    let (ids, _) = block_ids("en/resolutions/a-c-1-78-l-11/index.html");
    let preambular = ids.iter().filter(|id| id.starts_with("pp-")).count();
    assert_eq!(preambular, 18, "{ids:?}");
    let zh = read(site().join("zh/resolutions/a-c-1-78-l-11/index.html"));
    assert!(zh.contains(r##"<a class="para-ref" href="#pp-5">序言部分第 5 段</a> 表示关切"##), "zh pp-5");
    let en = read(site().join("en/resolutions/a-c-1-78-l-11/index.html"));
    assert!(
        en.contains(r##"<a class="para-ref" href="#pp-5">preambular paragraph 5</a> <em>Expressing concern</em>"##)
    );
}

/// `(symbol, count)` of every entry of a language's documents index, and every place label.
fn index(lang: &str) -> (Vec<(String, String)>, Vec<String>) {
    let doc = Html::parse_document(&read(site().join(format!("{lang}/documents/index.html"))));
    let entry = Selector::parse(".doc-entry").unwrap();
    let symbol = Selector::parse(".doc-symbol bdi").unwrap();
    let count = Selector::parse(".doc-count").unwrap();
    let anchor = Selector::parse(".doc-anchor").unwrap();
    let digits = |s: String| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let entries = doc
        .select(&entry)
        .map(|e| {
            let s = e.select(&symbol).next().unwrap().text().collect::<String>();
            let n = digits(e.select(&count).next().unwrap().text().collect());
            (s, if n.is_empty() { "1".to_string() } else { n })
        })
        .collect();
    let labels = doc.select(&anchor).map(|a| a.text().collect()).collect();
    (entries, labels)
}

#[test]
fn the_documents_index_is_the_same_in_both_languages_and_readable() {
    let (zh, zh_labels) = index("zh");
    let (en, en_labels) = index("en");
    assert_eq!(zh, en, "the same documents, in the same order, with the same counts");
    assert!(zh.len() > 50, "{}", zh.len());
    let raw = static_raw_id();
    for label in zh_labels.iter().chain(&en_labels) {
        assert!(!raw.is_match(label), "a raw id shown as a label: {label}");
    }
    for wanted in ["序言部分第 1 段", "脚注 3", "附件，第 7 段", "第 15 段"] {
        assert!(zh_labels.iter().any(|l| l == wanted), "{wanted}: {zh_labels:?}");
    }
    for wanted in ["PP 1", "note 3", "annex, para. 7", "para. 15"] {
        assert!(en_labels.iter().any(|l| l == wanted), "{wanted}: {en_labels:?}");
    }
    // A document the site holds has its title.
    let html = read(site().join("en/documents/index.html"));
    assert!(html.contains(r#"<span class="doc-title" lang="en">First annual progress report"#));
}

/// What an id looks like: `#h-2`, `australia`, `annex-para-3`, `pp-5`.
fn static_raw_id() -> regex::Regex {
    regex::Regex::new(r"^#|^[a-z0-9]+(-[a-z0-9]+)+$|^[a-z]+$").unwrap()
}

#[test]
fn documents_index_snapshots() {
    for lang in ["zh", "en"] {
        let doc = Html::parse_document(&read(site().join(format!("{lang}/documents/index.html"))));
        let sel = Selector::parse("main").unwrap();
        let html = doc.select(&sel).next().unwrap().html();
        insta::assert_snapshot!(format!("documents_index_{lang}"), html);
    }
}
