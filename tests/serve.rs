//! `rapporteur serve`, end to end: the real binary on a temporary copy of
//! `tests/fixtures/sites/serve`, files edited the way editors save them, the result checked
//! over HTTP and against a clean `rapporteur build`.
//!
//! No test measures time: every wait polls with a generous timeout, so a busy machine makes
//! them slower, never red.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use support::http::{self, EventStream};
use support::server::{self, Server, TIMEOUT, clean_build, differences, snapshot};

const REPORT_ZH: &str = "content/reports/progress-2024/index.zh.md";
const REPORT_EN: &str = "content/reports/progress-2024/index.en.md";
const NOTE_ZH: &str = "content/reports/note.zh.md";

/// How editors save a file.
mod editors {
    use std::path::Path;

    fn name(path: &Path) -> String {
        path.file_name().unwrap().to_string_lossy().into_owned()
    }

    /// Most editors: truncate and write.
    pub fn in_place(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Write a hidden temporary file beside it, rename it over the original.
    pub fn atomic(path: &Path, text: &str) {
        let tmp = path.with_file_name(format!(".{}.tmp1234", name(path)));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, path).unwrap();
    }

    /// vim with `backupcopy=no`: probe the folder with `4913`, move the original to a `~`
    /// backup, write a new file, delete the backup; a swap file comes and goes.
    pub fn vim(path: &Path, text: &str) {
        let dir = path.parent().unwrap();
        let swap = dir.join(format!(".{}.swp", name(path)));
        std::fs::write(&swap, b"swap").unwrap();
        std::fs::write(dir.join("4913"), b"").unwrap();
        std::fs::remove_file(dir.join("4913")).unwrap();
        let backup = path.with_file_name(format!("{}~", name(path)));
        std::fs::rename(path, &backup).unwrap();
        std::fs::write(path, text).unwrap();
        std::fs::remove_file(&backup).unwrap();
        std::fs::remove_file(&swap).unwrap();
    }

    /// JetBrains "safe write".
    pub fn jetbrains(path: &Path, text: &str) {
        let tmp = path.with_file_name(format!("{}___jb_tmp___", name(path)));
        let old = path.with_file_name(format!("{}___jb_old___", name(path)));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(path, &old).unwrap();
        std::fs::rename(&tmp, path).unwrap();
        std::fs::remove_file(&old).unwrap();
    }

    /// emacs: an auto-save file and a lock link while editing, then an in-place save.
    pub fn emacs(path: &Path, text: &str) {
        let autosave = path.with_file_name(format!("#{}#", name(path)));
        let lock = path.with_file_name(format!(".#{}", name(path)));
        std::fs::write(&autosave, text).unwrap();
        let _ = std::os::unix::fs::symlink("drafter@host.4242:1700000000", &lock);
        std::fs::write(path, text).unwrap();
        std::fs::remove_file(&autosave).unwrap();
        let _ = std::fs::remove_file(&lock);
    }
}

/// Waits until the served output equals a clean build of the site as it is now.
fn wait_equal_to_clean_build(server: &Server, scratch: &Path, step: &str) -> Vec<(String, Vec<u8>)> {
    let clean = clean_build(&server.root, scratch);
    let expected = snapshot(&clean);
    let start = std::time::Instant::now();
    loop {
        let got = snapshot(&server.output);
        if got == expected {
            return expected;
        }
        if start.elapsed() > TIMEOUT {
            let last = differences(&got, &expected);
            panic!(
                "step `{step}`: the served output is not a clean build after {TIMEOUT:?}:\n{last}\nstdout:\n{}\nstderr:\n{}",
                server.stdout(),
                server.stderr()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait_for_error(server: &Server, what: &str) -> String {
    let mut text = String::new();
    server.wait_for(what, TIMEOUT, || {
        text = server.status().1.unwrap_or_default();
        !text.is_empty()
    });
    text
}

#[test]
fn edits_show_up_in_the_served_pages() {
    let server = Server::start("serve");
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);
    let page = "/zh/reports/progress-2024/";
    assert!(server.get(page).text().contains("第二十段的原文"));

    let text = server.read(REPORT_ZH).replace("第二十段的原文", "第二十段的新文本");
    editors::in_place(&server.path(REPORT_ZH), &text);
    server.wait_for_text(page, "第二十段的新文本");

    let text = server.read(REPORT_EN).replace("Paragraph twenty, original text", "Paragraph twenty, saved atomically");
    editors::atomic(&server.path(REPORT_EN), &text);
    server.wait_for_text("/en/reports/progress-2024/", "Paragraph twenty, saved atomically");

    // A new report appears, on its page and in its section's listing.
    editors::in_place(&server.path("content/reports/fresh.en.md"), "---\ntitle: A fresh note\n---\n\n1. Fresh.\n");
    server.wait_for_text("/en/reports/fresh/", "A fresh note");
    server.wait_for_text("/en/reports/", "A fresh note");

    // A deleted report goes: 404, and out of the listing.
    std::fs::remove_file(server.path("content/reports/fresh.en.md")).unwrap();
    server.wait_for("the deleted report's page is gone", TIMEOUT, || server.get("/en/reports/fresh/").status == 404);
    server.wait_for("the listing forgets it", TIMEOUT, || !server.get("/en/reports/").text().contains("A fresh note"));
}

#[test]
fn the_served_site_equals_a_clean_build_after_every_edit() {
    let server = Server::start("serve");
    let scratch = tempfile::tempdir().unwrap();
    let p = |rel: &str| server.path(rel);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/un");
    wait_equal_to_clean_build(&server, scratch.path(), "start");

    #[allow(clippy::type_complexity)]
    let steps: Vec<(&str, Box<dyn Fn()>)> = vec![
        (
            "vim: body edit",
            Box::new(|| editors::vim(&p(REPORT_ZH), &server.read(REPORT_ZH).replace("工作组重申", "工作组再次重申"))),
        ),
        (
            "JetBrains: title changed (listings, feeds, sitemap)",
            Box::new(|| {
                editors::jetbrains(
                    &p(REPORT_EN),
                    &server.read(REPORT_EN).replace("title: Progress report", "title: Second progress report"),
                )
            }),
        ),
        (
            "atomic save: a new citation (documents index)",
            Box::new(|| {
                editors::atomic(
                    &p("content/reports/note.en.md"),
                    &(server.read("content/reports/note.en.md") + "\n2. See also A/78/265.\n"),
                )
            }),
        ),
        (
            "emacs: body edit",
            Box::new(|| {
                let f = "content/resolutions/draft-l-11/index.en.md";
                editors::emacs(&p(f), &server.read(f).replace("eightieth", "eighty-first"))
            }),
        ),
        (
            "new single-file report",
            Box::new(|| {
                editors::in_place(
                    &p("content/reports/extra.zh.md"),
                    "---\ntitle: 补充说明\ndate: 2024-09-01\n---\n\n1. 补充。\n",
                )
            }),
        ),
        (
            "new report folder with two files",
            Box::new(|| {
                std::fs::create_dir_all(p("content/reports/new-one")).unwrap();
                editors::in_place(&p("content/reports/new-one/index.zh.md"), "---\ntitle: 新报告\n---\n\n1. 新。\n");
                editors::in_place(
                    &p("content/reports/new-one/index.en.md"),
                    "---\ntitle: New report\n---\n\n1. New.\n",
                );
            }),
        ),
        (
            "report folder renamed",
            Box::new(|| std::fs::rename(p("content/reports/new-one"), p("content/reports/renamed-one")).unwrap()),
        ),
        ("a version deleted (a fallback page replaces it)", Box::new(|| std::fs::remove_file(p(REPORT_EN)).unwrap())),
        (
            "a report folder deleted (its section goes)",
            Box::new(|| std::fs::remove_dir_all(p("content/resolutions")).unwrap()),
        ),
        (
            "an image added to a report folder",
            Box::new(|| {
                editors::in_place(
                    &p("content/reports/progress-2024/chart.svg"),
                    "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                )
            }),
        ),
        (
            "section text edited",
            Box::new(|| {
                editors::in_place(
                    &p("content/reports/_index.en.md"),
                    "---\ntitle: Reports and notes\n---\n\nAll of them.\n",
                )
            }),
        ),
        ("home text removed", Box::new(|| std::fs::remove_file(p("content/_index.en.md")).unwrap())),
        (
            "template overridden",
            Box::new(|| {
                let t = std::fs::read_to_string(theme.join("templates/404.html")).unwrap();
                let t = t.replacen("{% endblock content %}", "<p>site override</p>{% endblock content %}", 1);
                editors::in_place(&p("templates/404.html"), &t);
            }),
        ),
        (
            "style sheet overridden",
            Box::new(|| {
                let css = std::fs::read_to_string(theme.join("static/style.css")).unwrap();
                editors::atomic(&p("static/style.css"), &format!("{css}\n.site-title {{ letter-spacing: .02em; }}\n"));
            }),
        ),
        (
            "UI strings overridden",
            Box::new(|| {
                let yaml = std::fs::read_to_string(theme.join("i18n/en.yaml")).unwrap();
                editors::in_place(&p("themes/un/i18n/en.yaml"), &format!("{yaml}\nextra_key_for_tests: unused\n"));
            }),
        ),
        (
            "editor leftovers only",
            Box::new(|| {
                editors::in_place(&p("content/reports/.note.zh.md.swp"), "swap");
                editors::in_place(&p("content/reports/note.zh.md~"), "backup");
                editors::in_place(&p("content/reports/#note.zh.md#"), "autosave");
            }),
        ),
        ("template override removed", Box::new(|| std::fs::remove_dir_all(p("templates")).unwrap())),
        (
            "the output folder deleted by hand, then a save",
            Box::new(|| {
                std::fs::remove_dir_all(&server.output).unwrap();
                editors::in_place(&p(NOTE_ZH), &server.read(NOTE_ZH).replace("谨转递", "谨此转递"));
            }),
        ),
        ("section folder renamed", Box::new(|| std::fs::rename(p("content/reports"), p("content/progress")).unwrap())),
        (
            "site.yaml: a base path and a site title",
            Box::new(|| {
                editors::atomic(
                    &p("site.yaml"),
                    "base_url: https://example.org/drafts/\nlanguages:\n  - code: zh\n  - code: en\n    title: Drafts\n",
                )
            }),
        ),
    ];
    for (step, edit) in &steps {
        edit();
        wait_equal_to_clean_build(&server, scratch.path(), step);
    }
    // The base path applies to what is served, too.
    server.wait_for("served under /drafts/", TIMEOUT, || server.get("/drafts/en/documents/").status == 200);
    assert_eq!(server.get("/en/documents/").status, 404);

    // While a file is broken, nothing is published, not even other valid edits; the fix
    // publishes both.
    let good = snapshot(&server.output);
    let note = "content/progress/note.zh.md";
    editors::in_place(&p(note), &server.read(note).replace("title: 秘书处的说明", "title: [秘书处的说明"));
    wait_for_error(&server, "the broken front matter is reported");
    let body = "content/progress/progress-2024/index.zh.md";
    editors::in_place(&p(body), &server.read(body).replace("第15段", "第十五段"));
    std::thread::sleep(Duration::from_millis(500));
    assert!(server.status().1.is_some());
    assert_eq!(differences(&snapshot(&server.output), &good), "", "the last good site stays while broken");
    editors::in_place(&p(note), &server.read(note).replace("title: [秘书处的说明", "title: 秘书处的说明"));
    wait_equal_to_clean_build(&server, scratch.path(), "broken file fixed");
    assert_eq!(server.status().1, None);

    eprintln!("{}", server.stdout());
    // Content edits were incremental; theme and configuration changes rendered everything.
    assert!(server.stdout().contains("(incremental)"), "{}", server.stdout());

    // Over HTTP, every page is its file plus the live-reload script, and nothing else.
    for (rel, bytes) in snapshot(&server.output) {
        if !rel.ends_with(".html") {
            continue;
        }
        let url = format!("/drafts/{}", rel.strip_suffix("index.html").unwrap_or(&rel));
        let served = server.get(&url);
        assert_eq!(served.status, 200, "{url}");
        assert_eq!(strip_live_script(&served.text()), String::from_utf8_lossy(&bytes), "{url}");
    }
}

/// A served page without the script `serve` injects.
fn strip_live_script(html: &str) -> String {
    let start = html.rfind("<script src=\"/__rapporteur/live.js\"").expect("the live-reload script");
    let end = start + html[start..].find("</script>").expect("closed") + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

/// (inode, modification time) of every file of the output.
fn identities(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, (m.ino(), m.modified().unwrap()))
        })
        .collect()
}

#[test]
fn unchanged_output_files_are_not_rewritten() {
    let server = Server::start("serve");
    wait_equal_to_clean_build(&server, tempfile::tempdir().unwrap().path(), "start");
    let before_ids = identities(&server.output);
    let before = snapshot(&server.output);
    let text = server.read(REPORT_ZH).replace("第3段", "第三段");
    editors::in_place(&server.path(REPORT_ZH), &text);
    server.wait_for_text("/zh/reports/progress-2024/", "第三段");
    // The side-by-side pages follow; give the rebuild time to finish writing.
    wait_equal_to_clean_build(&server, tempfile::tempdir().unwrap().path(), "edit");
    let after_ids = identities(&server.output);
    let after: BTreeMap<String, Vec<u8>> = snapshot(&server.output).into_iter().collect();
    let before: BTreeMap<String, Vec<u8>> = before.into_iter().collect();
    let mut rewritten = Vec::new();
    for (path, id) in &after_ids {
        if before_ids.get(path) != Some(id) {
            assert_ne!(before.get(path), after.get(path), "{path} was rewritten with the same bytes");
            rewritten.push(path.clone());
        }
    }
    assert!(rewritten.contains(&"zh/reports/progress-2024/index.html".to_string()), "{rewritten:?}");
    assert!(
        rewritten.iter().all(|p| p.contains("/reports/progress-2024/") || p.starts_with("pagefind/zh/")),
        "only the edited report's pages and its language's search index change: {rewritten:?}"
    );
}

#[test]
fn errors_go_to_the_terminal_and_the_overlay_and_clear_when_fixed() {
    let server = Server::start("serve");
    let (generation, error) = server.status();
    assert_eq!(error, None);
    let mut events =
        EventStream::open(&server.base(), &format!("/__rapporteur/events?since={generation}&path=/zh/reports/note/"));
    assert_eq!(events.next(TIMEOUT).map(|e| e.event).as_deref(), Some("ok"));

    // A broken front matter: located in the terminal and in the overlay, the old page stays.
    let original = server.read(NOTE_ZH);
    editors::in_place(&server.path(NOTE_ZH), &original.replace("title: 秘书处的说明", "title: [秘书处的说明"));
    let event = events.expect("diagnostics", TIMEOUT);
    let text: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    let text = text["text"].as_str().unwrap().to_string();
    assert!(text.contains("note.zh.md:2:"), "{text}");
    // The overlay names the file from the site root; the terminal as `build` does.
    let located = text.lines().find(|l| l.contains("note.zh.md:2:")).unwrap();
    let located = located.split("--> ").last().unwrap().to_string();
    server.wait_for("the terminal shows the same diagnostic", TIMEOUT, || server.stderr().contains(&located));
    assert!(server.get("/zh/reports/note/").text().contains("秘书处的说明"));
    assert_eq!(server.get("/zh/reports/note/").status, 200);

    // Fixed: the overlay is told to go.
    editors::in_place(&server.path(NOTE_ZH), &original);
    events.expect("ok", TIMEOUT);
    server.wait_for("the state is clean", TIMEOUT, || server.status().1.is_none());

    // A broken template: the theme is what fails, the overlay does not depend on it.
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/un/templates/report.html");
    let template = std::fs::read_to_string(theme).unwrap();
    editors::in_place(&server.path("templates/report.html"), &template.replacen("{%", "{% if %}{%", 1));
    let event = events.expect("diagnostics", TIMEOUT);
    assert!(event.data.contains("report.html"), "{}", event.data);
    assert_eq!(server.get("/zh/reports/note/").status, 200);
    std::fs::remove_file(server.path("templates/report.html")).unwrap();
    events.expect("ok", TIMEOUT);
}

#[test]
fn a_page_hears_of_its_own_changes_only() {
    let server = Server::start("serve");
    let (generation, _) = server.status();
    let mut note =
        EventStream::open(&server.base(), &format!("/__rapporteur/events?since={generation}&path=/zh/reports/note/"));
    assert_eq!(note.next(TIMEOUT).map(|e| e.event).as_deref(), Some("ok"));
    let text = server.read(REPORT_ZH).replace("第4段", "第四段");
    editors::in_place(&server.path(REPORT_ZH), &text);
    let event = note.expect("reload", TIMEOUT);
    let message: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    let paths: Vec<&str> = message["paths"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
    assert!(paths.contains(&"/zh/reports/progress-2024/"), "{paths:?}");
    assert!(!paths.contains(&"/zh/reports/note/"), "{paths:?}");
    assert_eq!(message["all"], false);
    // A page that connects late, having been served before that change, is told to reload.
    let mut late = EventStream::open(
        &server.base(),
        &format!("/__rapporteur/events?since={generation}&path=/zh/reports/progress-2024/"),
    );
    late.expect("reload", TIMEOUT);
}

#[test]
fn http_serves_only_the_output() {
    let server = Server::start("serve");
    let secret_dir = server.output.parent().unwrap().to_path_buf();
    std::fs::write(secret_dir.join("secret.txt"), "TOP-SECRET").unwrap();
    std::os::unix::fs::symlink(secret_dir.join("secret.txt"), server.output.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(&secret_dir, server.output.join("leakdir")).unwrap();

    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/zh/../../secret.txt",
        "/zh/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/leak.txt",
        "/leakdir/secret.txt",
        "/.rapporteur-output",
    ] {
        let r = server.get(path);
        assert!([400, 403, 404].contains(&r.status), "{path}: {}", r.status);
        let body = r.text();
        assert!(!body.contains("TOP-SECRET") && !body.contains("root:"), "{path} leaked");
    }
    assert_eq!(server.get("/leak.txt").status, 403, "a link out of the output");
    assert_eq!(server.get("/%2e%2e/secret.txt").status, 403);

    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = server.request(method, "/zh/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }
    let head = server.request("HEAD", "/zh/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-type"), Some("text/html; charset=utf-8"));

    for (path, content_type) in [
        ("/zh/", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/zh/atom.xml", "text/xml; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(content_type), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
    let js = server.get("/static/rapporteur.js");
    assert!(js.header("content-type").unwrap().contains("javascript"), "{:?}", js.header("content-type"));

    // A miss gets the 404 page of the language its address is in, else the site's.
    let miss = server.get("/zh/no-such-page/");
    assert_eq!(miss.status, 404);
    let zh_404 = std::fs::read_to_string(server.output.join("zh/404.html")).unwrap();
    assert_eq!(strip_live_script(&miss.text()), zh_404);
    let miss = server.get("/no-such-page/");
    assert_eq!(miss.status, 404);
    let site_404 = std::fs::read_to_string(server.output.join("404.html")).unwrap();
    assert_eq!(strip_live_script(&miss.text()), site_404);

    let r = server.get("/zh/reports");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/zh/reports/"));
}

#[test]
fn the_live_script_is_only_in_served_html() {
    let server = Server::start("serve");
    assert!(server.get("/zh/").text().contains("/__rapporteur/live.js"));
    assert!(!server.get("/static/style.css").text().contains("__rapporteur"));
    let script = server.get("/__rapporteur/live.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("EventSource"));
    let scratch = tempfile::tempdir().unwrap();
    for dir in [server.output.clone(), clean_build(&server.root, scratch.path())] {
        for (rel, bytes) in snapshot(&dir) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__rapporteur"),
                "{rel} in {} carries the script",
                dir.display()
            );
        }
    }
}

#[test]
fn refuses_an_output_folder_it_does_not_own() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    server::copy_dir(&server::fixture("serve"), &root);
    let theirs = dir.path().join("theirs");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("keep.txt"), "mine").unwrap();
    let mut child = std::process::Command::new(server::BIN)
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&theirs)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("serve did not refuse the folder");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("refusing"), "{stderr}");
    assert_eq!(std::fs::read_to_string(theirs.join("keep.txt")).unwrap(), "mine");
}

#[test]
fn a_burst_of_saves_becomes_few_rebuilds() {
    // 100 bilingual reports: a search-and-replace over 200 files.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    for i in 0..100 {
        for (lang, text) in [("zh", "第一段：原文。"), ("en", "First paragraph: original.")] {
            editors::in_place(
                &root.join(format!("content/reports/r{i:03}/index.{lang}.md")),
                &format!("---\ntitle: Report {i}\n---\n\n1. {text}\n"),
            );
        }
    }
    let server = Server::start_in(dir, root, &[]);
    let rebuilds = |s: &Server| s.stdout().matches("rebuilt in").count();
    let before = rebuilds(&server);
    let files: Vec<_> = walkdir::WalkDir::new(server.path("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert_eq!(files.len(), 200);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap().replace("原文", "新文").replace("original", "replaced");
        std::fs::write(f, text).unwrap();
    }
    let scratch = tempfile::tempdir().unwrap();
    wait_equal_to_clean_build(&server, scratch.path(), "replace in 200 files");
    std::thread::sleep(Duration::from_millis(300));
    let count = rebuilds(&server) - before;
    eprintln!("a replace over 200 files caused {count} rebuild(s)");
    assert!((1..=5).contains(&count), "{count} rebuilds for one burst:\n{}", server.stdout());
    assert!(http::get(&server.base(), "/en/reports/r042/").text().contains("replaced"));
}
