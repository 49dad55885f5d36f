//! Reading in several languages: fallback pages, the side-by-side view, the cited-documents
//! index, hreflang, sitemap and feeds, localised dates, and a site with French and Arabic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use scraper::{Html, Selector};
use support::{REPORT_EN, REPORT_ZH, rapporteur, read, site};

fn html(path: impl AsRef<std::path::Path>) -> Html {
    Html::parse_document(&read(path))
}

fn all<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

const ONLY_ZH: &str = "---\ntitle: 秘书长的报告\ndate: 2022-07-01\n---\n\n1. 见第 76/19 号决议和第 75/240 号决议。\n";

fn bilingual_site() -> tempfile::TempDir {
    let dir = site(&[
        ("content/reports/r1/index.zh.md", REPORT_ZH),
        ("content/reports/r1/index.en.md", REPORT_EN),
        ("content/reports/sg/index.zh.md", ONLY_ZH),
    ]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    dir
}

#[test]
fn a_missing_translation_gets_a_page_in_its_own_ui_language_never_a_404() {
    let dir = bilingual_site();
    let doc = html(dir.path().join("site/en/reports/sg/index.html"));
    assert_eq!(doc.root_element().value().attr("lang"), Some("en"));
    let links: Vec<_> = all(&doc, "main a").iter().filter_map(|a| a.value().attr("href").map(String::from)).collect();
    assert!(links.contains(&"/zh/reports/sg/".to_string()), "{links:?}");
    assert!(read(dir.path().join("site/en/reports/sg/index.html")).contains("not available in English"));
    let listing = html(dir.path().join("site/en/reports/index.html"));
    assert_eq!(all(&listing, ".report-row").len(), 2, "the listing includes the zh-only report");
    assert_eq!(all(&listing, ".report-row.is-fallback").len(), 1, "marked as not available");
}

#[test]
fn side_by_side_rows_align_on_shared_ids_with_unique_ids_and_working_notes() {
    let dir = bilingual_site();
    let doc = html(dir.path().join("site/zh/reports/r1/parallel/index.html"));
    let rows = all(&doc, ".parallel-row.is-anchored");
    let ids: Vec<_> = rows.iter().filter_map(|r| r.value().attr("id")).collect();
    assert_eq!(ids, ["sec-i", "para-1", "para-1-a", "para-2"]);
    for row in &rows {
        let cells = row.select(&Selector::parse(".parallel-cell").unwrap()).count();
        assert_eq!(cells, 2);
    }
    let every_id: Vec<_> = all(&doc, "[id]").iter().filter_map(|e| e.value().attr("id").map(String::from)).collect();
    let unique: std::collections::HashSet<_> = every_id.iter().collect();
    assert_eq!(unique.len(), every_id.len(), "duplicate ids in {every_id:?}");
    for a in all(&doc, "a[href^='#']") {
        let target = &a.value().attr("href").unwrap()[1..];
        assert!(unique.contains(&target.to_string()), "dangling #{target}");
    }
    // Both languages' pages show the columns in the site's order (zh, then en), each cell
    // with its link to the single-language page labelled in the cell's language.
    for lang in ["zh", "en"] {
        let doc = html(dir.path().join(format!("site/{lang}/reports/r1/parallel/index.html")));
        let cells: Vec<_> = all(&doc, "#para-1 > .parallel-cell")
            .iter()
            .filter_map(|c| c.value().attr("lang"))
            .map(String::from)
            .collect();
        assert_eq!(cells, ["zh-Hans", "en"], "{lang}");
        let labels: Vec<_> = all(&doc, "#para-1 .parallel-open")
            .iter()
            .filter_map(|a| a.value().attr("title"))
            .map(String::from)
            .collect();
        assert_eq!(labels, ["在单语页面中打开本段", "Open this paragraph in the single-language page"], "{lang}");
    }
    let single = read(dir.path().join("site/zh/reports/r1/index.html"));
    assert!(single.contains("/zh/reports/r1/parallel/"), "the report page links to its side-by-side view");
    assert!(!dir.path().join("site/zh/reports/sg/parallel").exists(), "no side-by-side view for one language");
}

#[test]
fn documents_index_lists_every_symbol_in_un_order_with_each_citing_paragraph() {
    let dir = bilingual_site();
    let doc = html(dir.path().join("site/zh/documents/index.html"));
    let symbols: Vec<_> = all(&doc, ".doc-symbol a.undocs")
        .iter()
        .filter_map(|a| a.value().attr("data-symbol").map(String::from))
        .collect();
    assert!(symbols.contains(&"A/77/275".to_string()), "{symbols:?}");
    let pos = |s: &str| symbols.iter().position(|x| x == s);
    if let (Some(a), Some(b)) = (pos("A/RES/75/240"), pos("A/RES/76/19")) {
        assert!(a < b, "75/240 before 76/19: {symbols:?}");
    }
    let citing: Vec<_> =
        all(&doc, ".doc-citations a").iter().filter_map(|a| a.value().attr("href").map(String::from)).collect();
    assert!(citing.iter().any(|h| h == "/zh/reports/r1/#para-1"), "{citing:?}");
}

#[test]
fn sitemap_and_feeds_are_well_formed_xml_with_alternates() {
    let dir = site(&[
        ("site.yaml", "base_url: https://reports.example.org/drafts/\n"),
        ("content/reports/r1/index.zh.md", REPORT_ZH),
        ("content/reports/r1/index.en.md", REPORT_EN),
    ]);
    assert_eq!(rapporteur(dir.path(), &["build"]).status, 0);
    let sitemap = read(dir.path().join("site/sitemap.xml"));
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    let urls: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((ns, "loc"))).filter_map(|n| n.text()).collect();
    assert_eq!(
        urls,
        ["https://reports.example.org/drafts/zh/reports/r1/", "https://reports.example.org/drafts/en/reports/r1/"]
    );
    let alternates = doc.descendants().filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link"))).count();
    assert_eq!(alternates, 4);
    for lang in ["zh", "en"] {
        let feed = read(dir.path().join(format!("site/{lang}/atom.xml")));
        let doc = roxmltree::Document::parse(&feed).expect("feed parses");
        let atom = "http://www.w3.org/2005/Atom";
        assert!(doc.root_element().has_tag_name((atom, "feed")));
        for required in ["id", "title", "updated"] {
            assert!(
                doc.root_element().children().any(|n| n.has_tag_name((atom, required))),
                "{lang} feed lacks {required}"
            );
        }
        let entries: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((atom, "entry"))).collect();
        assert_eq!(entries.len(), 1);
        for required in ["id", "title", "updated", "link"] {
            assert!(entries[0].children().any(|n| n.has_tag_name((atom, required))), "{lang} entry lacks {required}");
        }
    }
    let page = read(dir.path().join("site/en/reports/r1/index.html"));
    assert!(
        page.contains(r#"<link rel="canonical" href="https://reports.example.org/drafts/en/reports/r1/">"#),
        "{page}"
    );
    assert!(page.contains(r#"hreflang="x-default""#));
}

#[test]
fn dates_are_written_the_way_each_language_writes_them() {
    let dir = bilingual_site();
    assert!(read(dir.path().join("site/zh/index.html")).contains("2023年9月1日"));
    // The masthead of a Chinese version keeps the UN's English distribution block.
    assert!(read(dir.path().join("site/zh/reports/r1/index.html")).contains("1 September 2023"));
    assert!(read(dir.path().join("site/en/reports/r1/index.html")).contains("1 September 2023"));
}

#[test]
fn french_and_arabic_are_configuration_not_code() {
    let fr = "---\ntitle: Rapport\ndate: 2023-09-01\n---\n\n1. Voir la résolution 75/240.\n";
    let ar = "---\ntitle: تقرير\ndate: 2023-09-01\n---\n\n1. انظر A/77/275.\n";
    let dir = site(&[
        ("site.yaml", "languages:\n  - code: en\n  - code: fr\n  - code: ar\n"),
        ("content/reports/r1/index.en.md", REPORT_EN),
        ("content/reports/r1/index.fr.md", fr),
        ("content/reports/r1/index.ar.md", ar),
    ]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let doc = html(dir.path().join("site/ar/reports/r1/index.html"));
    assert_eq!(doc.root_element().value().attr("lang"), Some("ar"));
    assert_eq!(doc.root_element().value().attr("dir"), Some("rtl"));
    let doc = html(dir.path().join("site/fr/reports/r1/index.html"));
    assert_eq!(doc.root_element().value().attr("dir"), Some("ltr"));
    let hreflangs: Vec<_> = all(&doc, "link[rel=alternate][hreflang]")
        .iter()
        .filter_map(|l| l.value().attr("hreflang").map(String::from))
        .collect();
    assert_eq!(hreflangs, ["en", "fr", "ar", "x-default"]);
    assert!(dir.path().join("site/fr/reports/r1/parallel/index.html").is_file());
    assert!(!dir.path().join("site/zh").exists());
}

#[test]
fn a_large_documents_index_is_split_into_linked_pages_in_un_order() {
    let cites: String = (1..=620).map(|n| format!("A/78/{n} ")).collect();
    let report = format!("---\ntitle: 报告\n---\n\n1. 见 {cites}。\n");
    let dir = site(&[("content/reports/r1/index.zh.md", &report)]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let first = html(dir.path().join("site/zh/documents/index.html"));
    let second = html(dir.path().join("site/zh/documents/2/index.html"));
    let symbols = |doc: &Html| -> Vec<String> {
        all(doc, ".doc-symbol a.undocs")
            .iter()
            .filter_map(|a| a.value().attr("data-symbol").map(String::from))
            .collect()
    };
    let (a, b) = (symbols(&first), symbols(&second));
    assert_eq!((a.len(), b.len()), (500, 120));
    assert_eq!(
        (a[0].as_str(), a[1].as_str(), b[0].as_str()),
        ("A/78/1", "A/78/2", "A/78/501"),
        "numeric, not textual, order"
    );
    let nav: Vec<_> =
        all(&first, ".doc-pages a").iter().filter_map(|a| a.value().attr("href").map(String::from)).collect();
    assert_eq!(nav, ["/zh/documents/2/"]);
}

#[test]
fn side_by_side_pages_can_be_switched_off() {
    let dir = site(&[
        ("site.yaml", "side_by_side: false\n"),
        ("content/reports/r1/index.zh.md", REPORT_ZH),
        ("content/reports/r1/index.en.md", REPORT_EN),
    ]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!dir.path().join("site/zh/reports/r1/parallel").exists());
    assert!(
        !read(dir.path().join("site/zh/reports/r1/index.html")).contains("/parallel/"),
        "no link to a page that is not there"
    );
}

/// A shared side-by-side link still says the text is a draft, and which column is an
/// unofficial translation.
#[test]
fn the_side_by_side_page_carries_the_status_of_its_texts() {
    let draft = |t: &str| t.replace("date: 2023-09-01\n", "date: 2023-09-01\nstatus: draft\n");
    let dir = site(&[
        ("content/reports/a/index.zh.md", draft(REPORT_ZH).as_str()),
        ("content/reports/a/index.en.md", draft(REPORT_EN).as_str()),
    ]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for lang in ["zh", "en"] {
        let html = Html::parse_document(&read(dir.path().join(format!("site/{lang}/reports/a/parallel/index.html"))));
        let count = |css: &str| html.select(&Selector::parse(css).unwrap()).count();
        assert_eq!(count(".banner-draft"), 1, "{lang}: the draft banner");
        assert_eq!(count(".parallel-head [lang=en] .tag-unofficial"), 1, "{lang}: the English column is unofficial");
        assert_eq!(count(".parallel-head [lang=zh-Hans] .tag-unofficial"), 0, "{lang}: the Chinese column is not");
    }
}

/// A document the site does not hold takes its title from `documents.yaml`, in the page's
/// language or else in the one it has; a broken `documents.yaml` is an error at its line.
#[test]
fn cited_documents_take_their_titles_from_documents_yaml() {
    let yaml = "A/77/275:\n  zh: 第一次年度进展报告\n  en: First annual progress report\n";
    let dir = site(&[
        ("content/reports/a/index.zh.md", REPORT_ZH),
        ("content/reports/a/index.en.md", REPORT_EN),
        ("documents.yaml", yaml),
    ]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let zh = read(dir.path().join("site/zh/documents/index.html"));
    assert!(zh.contains(r#"<span class="doc-title" lang="zh-Hans">第一次年度进展报告</span>"#), "{zh}");
    let en = read(dir.path().join("site/en/documents/index.html"));
    assert!(en.contains(r#"<span class="doc-title" lang="en">First annual progress report</span>"#), "{en}");
    // Both language versions cite it in paragraph 1: one place, counted once, listed per language.
    assert!(en.contains(r#"<span class="doc-count">cited once</span>"#), "{en}");
    assert!(en.contains(r##"<a class="doc-anchor" href="/zh/reports/a/#para-1">para. 1</a>"##), "{en}");
    assert!(en.contains(r##"<a class="doc-anchor" href="/en/reports/a/#para-1">para. 1</a>"##), "{en}");

    std::fs::write(dir.path().join("documents.yaml"), "A/77/275:\n  zh: [unclosed\n").unwrap();
    let run = rapporteur(dir.path(), &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("documents.yaml:2:"), "{}", run.stderr);
}
