//! The search index as `build` and `serve` write it: one bundle per language with the
//! engine and the index, a search page and a header box per language, with `search: true`;
//! none of it by default or with `search: false`; `serve` rebuilds the index after an edit, and the index then holds the
//! edit's words.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use support::server::{Server, TIMEOUT};
use support::{REPORT_EN, REPORT_ZH, rapporteur, read, site};

/// The bytes of every file of the bundle of `lang`, concatenated (the index is compressed:
/// enough to tell whether it changed, not what it holds).
fn bundle(out: &std::path::Path, lang: &str) -> Vec<(String, Vec<u8>)> {
    support::snapshot_dir(&out.join("pagefind").join(lang))
}

#[test]
fn a_build_writes_an_index_per_language_and_a_search_page() {
    let dir = site(&[
        ("site.yaml", "search: true\n"),
        ("content/reports/r1/index.zh.md", REPORT_ZH),
        ("content/reports/r1/index.en.md", REPORT_EN),
    ]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = dir.path().join("site");
    for (lang, index) in [("zh", "pagefind.zh-hans_"), ("en", "pagefind.en_")] {
        let files = bundle(&out, lang);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"pagefind.js"), "{lang}: {names:?}");
        assert!(names.contains(&"pagefind-entry.json"), "{lang}: {names:?}");
        assert!(names.iter().any(|n| n.starts_with(index) && n.ends_with(".pf_meta")), "{lang}: {names:?}");
        assert!(names.iter().any(|n| n.starts_with("fragment/")), "{lang}: {names:?}");
        assert!(!names.iter().any(|n| n.contains("-ui.")), "the ready-made interfaces are left out: {names:?}");
        let search = read(out.join(format!("{lang}/search/index.html")));
        assert!(search.contains(&format!("data-bundle=\"/pagefind/{lang}/\"")), "{search}");
        let report = read(out.join(format!("{lang}/reports/r1/index.html")));
        assert!(report.contains(&format!("action=\"/{lang}/search/\"")), "the header has the search box");
        assert!(report.contains("data-pagefind-body"));
    }
    // The side-by-side page is not searched (it repeats the reports).
    assert!(!read(out.join("zh/reports/r1/parallel/index.html")).contains("data-pagefind-body"));
}

#[test]
fn search_false_writes_no_index_no_page_and_no_box() {
    for config in [None, Some("search: false\n")] {
        let mut files =
            vec![("content/reports/r1/index.zh.md", REPORT_ZH), ("content/reports/r1/index.en.md", REPORT_EN)];
        files.extend(config.map(|c| ("site.yaml", c)));
        let dir = site(&files);
        no_search(&dir);
    }
}

/// Builds the site in `dir` and checks that nothing of search was written.
fn no_search(dir: &tempfile::TempDir) {
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = dir.path().join("site");
    assert!(!out.join("pagefind").exists());
    for lang in ["zh", "en"] {
        assert!(!out.join(format!("{lang}/search")).exists());
        let home = read(out.join(format!("{lang}/index.html")));
        assert!(!home.contains("site-search"), "no box for a search that is not there");
    }
}

#[test]
fn serve_rebuilds_the_index_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    support::write(&root, "site.yaml", b"search: true\n");
    support::write(&root, "content/reports/r1/index.zh.md", REPORT_ZH.as_bytes());
    support::write(&root, "content/reports/r1/index.en.md", REPORT_EN.as_bytes());
    let server = Server::start_in(dir, root, &[]);
    let entry = server.output.join("pagefind/en/pagefind-entry.json");
    server.wait_for("the first index", TIMEOUT, || entry.is_file());
    let before = bundle(&server.output, "en");
    // A new paragraph: the English index changes, and is served.
    server.write(
        "content/reports/r1/index.en.md",
        &REPORT_EN.replace("2. Second paragraph.", "2. Second paragraph.\n\n3. Quixotic zeppelins."),
    );
    server.wait_for("the index rebuilt", TIMEOUT, || bundle(&server.output, "en") != before);
    server.wait_for("the indexer's line", TIMEOUT, || server.stdout().matches("search index rebuilt").count() >= 2);
    let served = server.get("/pagefind/en/pagefind-entry.json");
    assert_eq!(served.status, 200);
    assert_eq!(served.text(), read(&entry));
    // Stale files of the previous index are removed, not left to pile up.
    std::thread::sleep(Duration::from_millis(300));
    let now = bundle(&server.output, "en");
    let fragments = |files: &[(String, Vec<u8>)]| files.iter().filter(|(n, _)| n.starts_with("fragment/")).count();
    assert_eq!(fragments(&now), fragments(&before), "one fragment per page, before and after");
}
