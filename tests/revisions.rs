//! Revisions and redlines through the real binary: the pages `build` writes for a report's
//! earlier texts, the matching of renumbered paragraphs on them, the warnings of `check`,
//! and `serve` updating a redline when the current text is saved.
//!
//! The texts are the bundled draft third annual progress report of the open-ended working
//! group on ICT security (A/AC.292/2024/L.1, `content/reports/oewg-third-apr-draft`) and the
//! bundled draft resolution A/C.1/78/L.11, rearranged as revisions rearrange them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use scraper::{Html, Selector};
use support::server::Server;
use support::{rapporteur, read, repo, write};

/// The bundled text of `rel` under `content/`.
fn bundled(rel: &str) -> String {
    read(repo().join("content").join(rel))
}

/// `text` without its numbered paragraph `n`, the later ones renumbered.
fn without_paragraph(text: &str, n: usize) -> String {
    let mut out = Vec::new();
    let mut skip_blank = false;
    for line in text.lines() {
        let number = line.split_once(". ").and_then(|(num, _)| num.parse::<usize>().ok());
        match number {
            Some(k) if k == n => {
                skip_blank = true;
                continue;
            }
            Some(k) if k > n => out.push(format!("{}. {}", k - 1, line.split_once(". ").unwrap().1)),
            _ if skip_blank && line.is_empty() => skip_blank = false,
            _ => out.push(line.to_string()),
        }
    }
    out.join("\n") + "\n"
}

/// Adds front matter lines after the opening `---`.
fn with_front_matter(text: &str, lines: &str) -> String {
    format!("---\n{lines}\n{}", text.strip_prefix("---\n").unwrap())
}

const REPORT: &str = "content/reports/oewg/";

/// A site with one report and its revisions, a resolution compared with another, and a
/// report whose `compare_with` names nothing.
fn revised_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let (en, zh) =
        (bundled("reports/oewg-third-apr-draft/index.en.md"), bundled("reports/oewg-third-apr-draft/index.zh.md"));
    write(root, &format!("{REPORT}index.en.md"), en.as_bytes());
    write(root, &format!("{REPORT}index.zh.md"), zh.as_bytes());
    // Rev.1 lacks paragraph 3 of the current text: its paragraphs 3 … are the current 4 ….
    for (lang, text) in [("en", &en), ("zh", &zh)] {
        let rev = with_front_matter(&without_paragraph(text, 3), "revision: Rev.1\ndate: 2024-05-01");
        write(root, &format!("{REPORT}revisions/rev-1.{lang}.md"), rev.as_bytes());
    }
    // A zero draft in Chinese only, with neither label nor date, and one character changed.
    let zero = zh.replace("第七和第八届实质性会议。", "第七和第九届实质性会议。");
    write(root, &format!("{REPORT}revisions/zero.zh.md"), zero.as_bytes());
    let resolution = bundled("resolutions/a-c-1-78-l-11/index.en.md");
    write(root, "content/resolutions/l-11/index.en.md", resolution.as_bytes());
    let rollover = with_front_matter(&without_paragraph(&resolution, 2), "compare_with: resolutions/l-11")
        .replace("symbol: A/C.1/78/L.11", "symbol: A/C.1/78/L.11/Rollover");
    write(root, "content/resolutions/rollover/index.en.md", rollover.as_bytes());
    let stray = with_front_matter(support::REPORT_EN, "compare_with: reports/missing");
    write(root, "content/reports/stray/index.en.md", stray.as_bytes());
    dir
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&read(out.join(rel).join("index.html")))
}

fn select<'h>(html: &'h Html, css: &str) -> Vec<scraper::ElementRef<'h>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn attr<'h>(e: &scraper::ElementRef<'h>, name: &str) -> &'h str {
    e.value().attr(name).unwrap_or_default()
}

#[test]
fn build_writes_revision_pages_and_redlines_in_every_language() {
    let dir = revised_site();
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = dir.path().join("site");
    let base = "reports/oewg";
    for lang in ["zh", "en"] {
        for p in [
            "revisions/rev-1",
            "revisions/zero",
            "compare/zero-vs-rev-1",
            "compare/rev-1-vs-current",
            "compare/zero-vs-current",
        ] {
            assert!(out.join(lang).join(base).join(p).join("index.html").is_file(), "{lang}/{base}/{p}");
        }
    }
    // The revision's own page: its text, its anchors, a banner naming it.
    let rev = page(&out, "en/reports/oewg/revisions/rev-1");
    assert_eq!(select(&rev, ".banner-revision .banner-label")[0].text().collect::<String>(), "Rev.1");
    assert!(
        select(&rev, "#para-3").iter().any(|p| p.text().collect::<String>().contains("Office for Disarmament Affairs"))
    );
    // The zero draft has no English text: its English pages say so, never a 404.
    let zero = page(&out, "en/reports/oewg/revisions/zero");
    assert!(!select(&zero, ".notice-fallback").is_empty());
    let missing = page(&out, "en/reports/oewg/compare/zero-vs-current");
    assert!(!select(&missing, ".notice-fallback").is_empty());
    assert!(select(&missing, ".rev-row").is_empty());

    // Rev.1 → current: paragraph 3 inserted, Rev.1's paragraphs 3 … matched to 4 … by their
    // text, unchanged but renumbered.
    let redline = page(&out, "en/reports/oewg/compare/rev-1-vs-current");
    let rows = select(&redline, ".rev-row");
    let inserted: Vec<_> =
        rows.iter().filter(|r| r.value().has_class("rev-inserted", scraper::CaseSensitivity::CaseSensitive)).collect();
    assert_eq!(inserted.len(), 1);
    assert_eq!((attr(inserted[0], "data-from"), attr(inserted[0], "data-to")), ("", "para-3"));
    let renumbered = rows.iter().find(|r| attr(r, "data-from") == "para-3").unwrap();
    assert_eq!(attr(renumbered, "class"), "rev-row rev-unchanged");
    assert_eq!(attr(renumbered, "data-to"), "para-4");
    assert!(renumbered.text().collect::<String>().contains("Rev.1 ¶\u{a0}3 → Current text ¶\u{a0}4"));
    for k in 4..=19 {
        let row = rows.iter().find(|r| attr(r, "data-from") == format!("para-{k}")).unwrap();
        assert_eq!(attr(row, "data-to"), format!("para-{}", k + 1), "Rev.1 paragraph {k}");
        assert!(attr(row, "class").contains("rev-unchanged"));
    }
    // The summary counts them and links to their rows.
    let count = |kind: &str| select(&redline, &format!(".rev-count-{kind}"))[0];
    assert!(count("inserted").text().collect::<String>().starts_with("1 "));
    assert_eq!(attr(&select(&redline, ".rev-count-inserted a")[0], "href"), format!("#{}", attr(inserted[0], "id")));
    assert!(count("renumbered").text().collect::<String>().starts_with("17 "));
    assert!(select(&redline, ".rev-count-deleted a").is_empty(), "nothing deleted, nothing to link");

    // Chinese, zero draft → Rev.1: the one character changed is marked alone.
    let zh = page(&out, "zh/reports/oewg/compare/zero-vs-rev-1");
    let changed: Vec<_> =
        select(&zh, ".rev-changed").into_iter().filter(|r| attr(r, "data-from") == "para-6").collect();
    assert_eq!(changed.len(), 1, "paragraph 6 changed");
    let del: Vec<String> = select(&zh, ".rev-changed del").iter().map(|d| d.text().collect()).collect();
    let ins: Vec<String> = select(&zh, ".rev-changed ins").iter().map(|d| d.text().collect()).collect();
    assert_eq!((del, ins), (vec!["九".to_string()], vec!["八".to_string()]));

    // The report page lists its revisions, oldest first, and links to the latest redline.
    let report = page(&out, "en/reports/oewg");
    let links: Vec<String> =
        select(&report, ".revisions-list li > a:first-child").iter().map(|a| a.text().collect()).collect();
    assert_eq!(links, ["zero", "Rev.1"]);
    assert_eq!(attr(&select(&report, ".revisions-changes a")[0], "href"), "/en/reports/oewg/compare/rev-1-vs-current/");

    // compare_with: the base against the current text, the base's paragraph 2 deleted.
    let rollover = page(&out, "en/resolutions/rollover/compare/base-vs-current");
    let deleted = select(&rollover, ".rev-deleted");
    assert_eq!(deleted.len(), 1);
    assert_eq!(attr(&deleted[0], "data-from"), "para-2");
    assert!(deleted[0].text().collect::<String>().contains("Calls upon"));
    assert!(
        !select(&page(&out, "en/resolutions/rollover"), ".revisions-list a[href$=\"/compare/base-vs-current/\"]")
            .is_empty()
    );
}

#[test]
fn check_warns_about_unlabelled_undated_revisions_and_unknown_bases() {
    let dir = revised_site();
    let run = rapporteur(dir.path(), &["check"]);
    assert_eq!(run.status, 0, "warnings only:\n{}", run.stderr);
    let zero = "content/reports/oewg/revisions/zero.zh.md:1:1";
    assert!(run.stderr.contains("this revision has no `revision:`"), "{}", run.stderr);
    assert!(run.stderr.contains("this revision has no `date:`"), "{}", run.stderr);
    assert!(run.stderr.matches(zero).count() >= 2, "both located at {zero}:\n{}", run.stderr);
    assert!(run.stderr.contains("`compare_with: reports/missing` names no report of this site"), "{}", run.stderr);
    assert!(run.stderr.contains("content/reports/stray/index.en.md:2:1"), "{}", run.stderr);
}

#[test]
fn serve_updates_the_redline_when_the_current_text_is_saved() {
    let dir = revised_site();
    let root = dir.path().to_path_buf();
    let server = Server::start_in(dir, root, &[]);
    let redline = "/en/reports/oewg/compare/rev-1-vs-current/";
    server.wait_for_text(redline, "rev-unchanged");
    let current = format!("{REPORT}index.en.md");
    let text = server
        .read(&current)
        .replace("Mr. Burhan Gafoor (Singapore) chaired", "Mr. Burhan Gafoor (Singapore) presided over");
    server.write(&current, &text);
    server.wait_for_text(redline, "<ins>presided over</ins>");
    let page = server.get(redline).text();
    assert!(page.contains("<del>chaired</del>"), "the old word struck through");
    // The Chinese redline compares Chinese texts and is untouched.
    let zh = server.get("/zh/reports/oewg/compare/rev-1-vs-current/").text();
    assert!(zh.contains("rev-row") && !zh.contains("presided"));
    // Saving the base of a report (its `compare_with`) updates that report's redline.
    let base = "content/resolutions/l-11/index.en.md";
    server.write(base, &server.read(base).replace("*Supports* the work", "*Supports* the continued work"));
    server.wait_for_text("/en/resolutions/rollover/compare/base-vs-current/", "<del>continued </del>");
}
