//! What a reader of the built site sees, read from the real binary's output with a real
//! HTML parser: the masthead of each language version, kinds of document, navigation pages.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use scraper::{Html, Selector};
use support::{rapporteur, read, site};

/// The text of every element matching `css`, whitespace collapsed.
fn texts(html: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

fn attr(html: &Html, css: &str, name: &str) -> Option<String> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel).next().and_then(|e| e.value().attr(name)).map(str::to_string)
}

/// Builds the site in `dir` into `dir/site`, asserting success.
fn build(dir: &std::path::Path) -> std::path::PathBuf {
    let run = rapporteur(dir, &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    dir.join("site")
}

const MASTHEAD_ZH: &str = "---\ntitle: 进展报告\nsymbol: A/77/275\ndate: 2022-08-08\noriginal: en\ndistribution: General\nsession: 第七十七届会议\norgan: 大会\nextra:\n  meeting: 第 12 次会议\n---\n\n1. 正文。\n";
const MASTHEAD_EN: &str = "---\ntitle: Progress report\nsymbol: A/77/275\ndate: 2022-08-08\noriginal: en\ndistribution: General\nsession: Seventy-seventh session\norgan: General Assembly\n---\n\n1. Text.\n";
const MASTHEAD_FR: &str = "---\ntitle: Rapport\nsymbol: A/77/275\ndate: 2022-08-08\noriginal: en\ndistribution: générale\norgan: Assemblée générale\n---\n\n1. Texte.\n";

#[test]
fn the_masthead_is_printed_as_the_un_prints_each_language_version() {
    let dir = site(&[
        ("site.yaml", "languages:\n  - code: zh\n  - code: en\n  - code: fr\n"),
        ("content/reports/r/index.zh.md", MASTHEAD_ZH),
        ("content/reports/r/index.en.md", MASTHEAD_EN),
        ("content/reports/r/index.fr.md", MASTHEAD_FR),
    ]);
    let out = build(dir.path());
    // Chinese: the distribution block is English throughout, with the language line.
    let zh = Html::parse_document(&read(out.join("zh/reports/r/index.html")));
    assert_eq!(texts(&zh, ".mh-distr p"), ["Distr.: General", "8 August 2022", "Chinese", "Original: English"]);
    assert_eq!(attr(&zh, ".mh-distr", "lang").as_deref(), Some("en"));
    assert_eq!(texts(&zh, ".mh-organ"), ["大会"], "the organ stays in the version's language");
    assert_eq!(texts(&zh, ".mh-meeting"), ["第 12 次会议"], "the theme shows extra.meeting");
    // English, the original: no language line.
    let en = Html::parse_document(&read(out.join("en/reports/r/index.html")));
    assert_eq!(texts(&en, ".mh-distr p"), ["Distr.: General", "8 August 2022", "Original: English"]);
    // French: the block in French.
    let fr = Html::parse_document(&read(out.join("fr/reports/r/index.html")));
    assert_eq!(texts(&fr, ".mh-distr p"), ["Distr. générale", "8 août 2022", "Français", "Original : anglais"]);
    assert_eq!(attr(&fr, ".mh-distr", "lang").as_deref(), Some("fr"));
    // No emblem unless the site provides one.
    assert!(texts(&zh, "img.mh-emblem").is_empty());
}

#[test]
fn the_emblem_slot_shows_the_sites_own_svg() {
    let svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>";
    let dir = site(&[("content/reports/r/index.zh.md", MASTHEAD_ZH), ("static/emblem.svg", svg)]);
    let out = build(dir.path());
    let zh = Html::parse_document(&read(out.join("zh/reports/r/index.html")));
    assert_eq!(attr(&zh, ".masthead img.mh-emblem", "src").as_deref(), Some("/static/emblem.svg"));
    assert_eq!(read(out.join("static/emblem.svg")), svg);
}

#[test]
fn the_kind_of_document_words_the_banner_and_the_badges() {
    let dir = site(&[
        (
            "content/resolutions/l1/index.zh.md",
            "---\ntitle: 决议草案\nsymbol: A/C.1/78/L.11\nkind: draft-resolution\n---\n\n大会，\n",
        ),
        (
            "content/resolutions/l1/index.en.md",
            "---\ntitle: Draft\nsymbol: A/C.1/78/L.11\nkind: draft-resolution\n---\n\n*The General Assembly*,\n",
        ),
        ("content/reports/d/index.en.md", "---\ntitle: A draft report\nstatus: draft\n---\n\n1. Text.\n"),
        ("content/reports/n/index.en.md", "---\ntitle: A note\nkind: note\n---\n\n1. Text.\n"),
    ]);
    let out = build(dir.path());
    let zh = Html::parse_document(&read(out.join("zh/resolutions/l1/index.html")));
    assert!(texts(&zh, ".banner-draft").is_empty(), "an issued draft resolution is not a draft document");
    assert_eq!(texts(&zh, ".banner-proposal .banner-label"), ["决议草案"]);
    assert!(attr(&zh, "article.doc", "data-watermark").is_none(), "no draft watermark");
    let en = Html::parse_document(&read(out.join("en/resolutions/l1/index.html")));
    assert_eq!(texts(&en, ".banner-proposal .banner-label"), ["Draft resolution"]);
    let draft = Html::parse_document(&read(out.join("en/reports/d/index.html")));
    assert_eq!(texts(&draft, ".banner-draft .banner-label"), ["Draft"]);
    assert!(attr(&draft, "article.doc", "data-watermark").is_some());
    // The listings' badges, per language.
    let home_zh = Html::parse_document(&read(out.join("zh/index.html")));
    assert!(texts(&home_zh, ".tag-kind").contains(&"决议草案".to_string()), "{:?}", texts(&home_zh, ".tag-kind"));
    let home_en = Html::parse_document(&read(out.join("en/index.html")));
    let tags = texts(&home_en, ".tag-kind");
    assert!(tags.contains(&"Draft resolution".to_string()) && tags.contains(&"Note".to_string()), "{tags:?}");
    assert_eq!(texts(&home_en, ".tag-draft"), ["Draft"], "only the real draft is marked a draft");
}

#[test]
fn an_unknown_kind_is_an_error_naming_the_kinds() {
    let dir = site(&[("content/reports/r/index.en.md", "---\ntitle: T\nkind: memo\n---\n\n1. Text.\n")]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("content/reports/r/index.en.md:3:7"), "{}", run.stderr);
    assert!(run.stderr.contains("draft-resolution"), "{}", run.stderr);
}

#[test]
fn cross_references_link_to_their_paragraph_in_the_bundled_report() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = rapporteur(&support::repo(), &["build", "--output", target.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for (lang, text) in [("zh", "上文第 14(e)段"), ("en", "paragraph 14 (e) above")] {
        let html = Html::parse_document(&read(target.join(format!("{lang}/reports/a-77-275/index.html"))));
        let sel = Selector::parse("a.xref").unwrap();
        let links: Vec<(String, String)> = html
            .select(&sel)
            .map(|a| (a.text().collect::<String>(), a.value().attr("href").unwrap_or_default().to_string()))
            .collect();
        // Written in the annex, "above" is the annex's own paragraph 14 (e).
        assert!(links.contains(&(text.to_string(), "#annex-para-14-e".to_string())), "{lang}: {links:?}");
        // Every cross-reference lands on a paragraph of the page.
        for (_, href) in &links {
            let id = Selector::parse(&format!("[id=\"{}\"]", &href[1..])).unwrap();
            assert_eq!(html.select(&id).count(), 1, "{lang}: {href}");
        }
    }
}

#[test]
fn a_reference_to_a_missing_paragraph_is_a_warning_and_no_link() {
    let dir = site(&[(
        "content/reports/r/index.en.md",
        "---\ntitle: T\n---\n\n1. First.\n\n2. As said in paragraph 1 above, and in paragraph 9 above.\n",
    )]);
    let run = rapporteur(dir.path(), &["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: `paragraph 9 above` refers to a paragraph this document does not have (`#para-9`)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/reports/r/index.en.md:7:"), "{}", run.stderr);
    let out = build(dir.path());
    let html = read(out.join("en/reports/r/index.html"));
    assert!(html.contains(r##"<a class="xref" href="#para-1">paragraph 1 above</a>"##), "{html}");
    assert!(!html.contains("#para-9"), "no link to a paragraph that is not there");
    assert!(html.contains("and in paragraph 9 above."));
}

#[test]
fn new_writes_a_skeleton_in_each_files_language_with_the_masthead_from_flags() {
    let dir = site(&[]);
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let run = rapporteur(
        dir.path(),
        &[
            "new",
            "reports/a-78-123",
            "--symbol",
            "A/78/123",
            "--title",
            "Progress: second report",
            "--date",
            "2024-03-01",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let zh = read(dir.path().join("content/reports/a-78-123/index.zh.md"));
    let en = read(dir.path().join("content/reports/a-78-123/index.en.md"));
    assert!(zh.contains("\n## 一. 导言\n\n1. 第一段。\n"), "{zh}");
    assert!(en.contains("\n## I. Introduction\n\n1. First paragraph.\n"), "{en}");
    for text in [&zh, &en] {
        assert!(
            text.contains("title: \"Progress: second report\"\nsymbol: \"A/78/123\"\ndate: 2024-03-01\n"),
            "{text}"
        );
    }
    assert!(en.contains("translation: unofficial") && !zh.contains("translation:"), "{en}");
    // The skeleton builds without a warning, its chapters sharing their ids.
    let run = rapporteur(dir.path(), &["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = read(dir.path().join("content/reports/a-78-123/index.zh.md"));
    assert!(page.contains("original: zh"));
}

#[test]
fn new_says_what_is_wrong_with_its_arguments_without_a_file_location() {
    let dir = site(&[]);
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    for (args, says) in [
        (
            &["new", "reports/A-78-1"][..],
            "`A-78-1` in `reports/A-78-1` is not a valid folder name: use lower-case letters, digits and `-` (e.g. `a-78-1`)",
        ),
        (&["new", "reports/a_78"][..], "(e.g. `a-78`)"),
        (
            &["new", "reports/a-78-1", "--date", "1 March 2024"][..],
            "--date `1 March 2024` is not a date: write it as YYYY-MM-DD",
        ),
        (&["new", "reports/a-78-1", "--lang", "de"][..], "--lang `de` is not a language of this site (it has zh, en)"),
    ] {
        let run = rapporteur(dir.path(), args);
        assert_eq!(run.status, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("-->") && !run.stderr.contains(":1:1"), "{args:?}: {}", run.stderr);
    }
    assert!(!dir.path().join("content/reports/a-78-1").exists(), "nothing was created");
}

#[test]
fn front_matter_messages_a_chinese_typist_can_act_on() {
    for (front, location, says, help) in [
        (
            "title：进展报告\n",
            ":2:6",
            "front matter: full-width colon `：` after `title`; keys need an ASCII colon `:`",
            "write `title: 进展报告`",
        ),
        ("title: [未完\n", ":2:8", "`[` opens a list for `title` that is never closed", "close it with `]`"),
        (
            "title: T\nextra: {meeting: 第 12 次会议\n",
            ":3:8",
            "`{` opens a map for `extra` that is never closed",
            "close it with `}`",
        ),
        (
            "title: T\noriginal: english\n",
            ":3:11",
            "`original: english` is not a language code",
            "zh, en, fr, es, ru or ar",
        ),
        ("- 标题\n- 文号\n", ":2:1", "expected `key: value` lines", "`key: value` per line"),
    ] {
        let dir = site(&[("content/reports/r/index.zh.md", &format!("---\n{front}---\n\n1. 正文。\n"))]);
        let run = rapporteur(dir.path(), &["build"]);
        assert_eq!(run.status, 1, "{front}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("content/reports/r/index.zh.md{location}")), "{front}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{front}: {}", run.stderr);
        assert!(run.stderr.contains(help), "{front}: {}", run.stderr);
        for internal in ["struct", "Raw", "language_name_"] {
            assert!(!run.stderr.contains(internal), "{front}: `{internal}` in {}", run.stderr);
        }
    }
}

#[test]
fn site_level_warnings_and_undated_reports_in_the_feed() {
    let dated = "---\ntitle: 有日期\ndate: 2024-03-01\n---\n\n1. 正文。\n";
    let undated = "---\ntitle: 无日期\n---\n\n1. 正文。\n";
    let dir = site(&[("content/reports/dated/index.zh.md", dated), ("content/reports/undated/index.zh.md", undated)]);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: no absolute `base_url`: the sitemap and the Atom feeds will have relative URLs"),
        "{}",
        run.stderr
    );
    let feed = read(dir.path().join("site/zh/atom.xml"));
    assert!(feed.contains("有日期") && feed.contains("<updated>2024-03-01T00:00:00Z</updated>"), "{feed}");
    assert!(!feed.contains("无日期"), "an undated report is not given a date in the feed: {feed}");
    let run = rapporteur(dir.path(), &["build", "--base-url", "https://reports.example.org/"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("base_url"), "{}", run.stderr);
}

#[test]
fn serve_in_a_folder_without_content_says_there_is_nothing_to_serve() {
    let dir = site(&[("notes.txt", "not a site")]);
    let run = rapporteur(dir.path(), &["serve", "--port", "0"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("there is nothing to serve"), "{}", run.stderr);
    assert!(run.stderr.contains("has no content/ folder"), "{}", run.stderr);
    assert!(!dir.path().join("site").exists(), "nothing was written");
}
