//! The binary under hostile conditions: closed pipes, odd output paths, links, special
//! files, leftovers of killed builds, builds racing each other.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use support::{REPORT_EN, REPORT_ZH, rapporteur, site};

fn small_site() -> tempfile::TempDir {
    site(&[("content/reports/a/index.zh.md", REPORT_ZH), ("content/reports/a/index.en.md", REPORT_EN)])
}

/// Runs `rapporteur args` in `dir` with the reading end of stdout (or stderr) closed.
fn run_with_closed(dir: &Path, args: &[&str], close_stdout: bool) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1").stdin(Stdio::null());
    if close_stdout {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    } else {
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().unwrap();
    let kept = if close_stdout {
        drop(child.stdout.take());
        child.stderr.take()
    } else {
        drop(child.stderr.take());
        None
    };
    let status = child.wait().unwrap();
    let mut text = String::new();
    if let Some(mut e) = kept {
        std::io::Read::read_to_string(&mut e, &mut text).unwrap();
    }
    (status.code().unwrap_or(-1), text)
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    let dir = small_site();
    let (status, stderr) = run_with_closed(dir.path(), &["build"], true);
    assert_eq!(status, 0, "stdout closed: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(dir.path().join("site/zh/reports/a/index.html").is_file());

    support::write(dir.path(), "content/reports/b/index.zh.md", b"---\ntitle: [\n---\n");
    let (status, _) = run_with_closed(dir.path(), &["build"], false);
    assert_eq!(status, 1, "stderr closed, a failed build still says so");
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn an_output_that_is_a_link_is_refused_and_its_target_kept() {
    let dir = small_site();
    let real = dir.path().join("real");
    assert_eq!(rapporteur(dir.path(), &["build", "--output", "real"]).status, 0);
    let before = support::snapshot_dir(&real);
    std::os::unix::fs::symlink(&real, dir.path().join("out")).unwrap();
    let run = rapporteur(dir.path(), &["build", "--output", "out"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(dir.path().join("out")).unwrap().file_type().is_symlink());
    assert_eq!(support::snapshot_dir(&real), before, "the link's target is untouched");
}

#[test]
fn an_output_that_is_a_file_of_the_site_or_special_is_refused() {
    let dir = small_site();
    mkfifo(&dir.path().join("pipe"));
    let run = rapporteur(dir.path(), &["build", "--output", "pipe"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("named pipe"), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(dir.path().join("pipe")).is_ok(), "the pipe is still there");

    for target in ["site.yaml", "site.yml"] {
        let run = rapporteur(dir.path(), &["build", "--output", target]);
        assert_eq!(run.status, 1, "{target}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("the site's `{target}`")), "{}", run.stderr);
        assert!(!dir.path().join(target).exists(), "{target} was not created");
    }
    let run = rapporteur(dir.path(), &["build", "--output", "content/reports/a/index.zh.md"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(support::read(dir.path().join("content/reports/a/index.zh.md")), REPORT_ZH);
}

#[test]
fn the_names_github_pages_needs_survive_every_build() {
    let dir = small_site();
    let out = dir.path().join("pages");
    support::write(&out, ".git/HEAD", b"ref: refs/heads/gh-pages\n");
    support::write(&out, "CNAME", b"reports.example.org\n");
    let run = rapporteur(dir.path(), &["build", "--output", "pages"]);
    assert_eq!(run.status, 0, "a checkout with only kept names is accepted: {}", run.stderr);
    support::write(&out, ".nojekyll", b"");
    for _ in 0..2 {
        assert_eq!(rapporteur(dir.path(), &["build", "--output", "pages"]).status, 0);
        assert_eq!(support::read(out.join(".git/HEAD")), "ref: refs/heads/gh-pages\n");
        assert_eq!(support::read(out.join("CNAME")), "reports.example.org\n");
        assert!(out.join(".nojekyll").is_file());
        assert!(out.join("zh/reports/a/index.html").is_file());
    }
}

/// The id of a process that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn staging_folder(dir: &Path, name: &str, marked: bool) {
    support::write(dir, &format!("{name}/zh/index.html"), b"left behind");
    if marked {
        support::write(dir, &format!("{name}/.rapporteur-output"), b"");
    }
}

#[test]
fn folders_left_by_killed_builds_are_removed_only_when_ours_and_abandoned() {
    let dir = small_site();
    let dead = dead_pid();
    let alive = std::process::id();
    staging_folder(dir.path(), &format!("site.tmp-{dead}"), true);
    staging_folder(dir.path(), &format!("site.old-{dead}"), true);
    staging_folder(dir.path(), &format!("site.tmp-{}", dead + 1_000_000), false);
    staging_folder(dir.path(), &format!("site.tmp-{alive}"), true);
    staging_folder(dir.path(), &format!("other.tmp-{dead}"), true);
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let exists = |name: String| dir.path().join(name).exists();
    assert!(!exists(format!("site.tmp-{dead}")), "abandoned staging folder removed");
    assert!(!exists(format!("site.old-{dead}")), "abandoned old site removed");
    assert!(exists(format!("site.tmp-{}", dead + 1_000_000)), "no marker: not ours");
    assert!(exists(format!("site.tmp-{alive}")), "a running process's folder");
    assert!(exists(format!("other.tmp-{dead}")), "another output's folder");
    assert!(dir.path().join("site/zh/reports/a/index.html").is_file());
}

#[test]
fn a_build_killed_between_the_renames_gets_its_previous_site_back() {
    let dir = small_site();
    assert_eq!(rapporteur(dir.path(), &["build"]).status, 0);
    let before = support::snapshot_dir(&dir.path().join("site"));
    // What two renames leave when killed between them: no site, the old one set aside.
    let old = dir.path().join(format!("site.old-{}", dead_pid()));
    std::fs::rename(dir.path().join("site"), &old).unwrap();
    // And the next build fails: the previous site must still be there afterwards.
    support::write(dir.path(), "content/reports/b/index.zh.md", b"---\ntitle: [\n---\n");
    assert_eq!(rapporteur(dir.path(), &["build"]).status, 1);
    assert_eq!(support::snapshot_dir(&dir.path().join("site")), before);
    assert!(!old.exists());
}

#[test]
fn the_output_path_always_holds_a_whole_site_during_a_swap() {
    let dir = small_site();
    assert_eq!(rapporteur(dir.path(), &["build"]).status, 0);
    let marker = dir.path().join("site/.rapporteur-output");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let (mut looks, mut misses) = (0u64, 0u64);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                looks += 1;
                if std::fs::symlink_metadata(&marker).is_err() {
                    misses += 1;
                }
            }
            (looks, misses)
        })
    };
    for _ in 0..40 {
        assert_eq!(rapporteur(dir.path(), &["build"]).status, 0);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (looks, misses) = watcher.join().unwrap();
    assert_eq!(misses, 0, "the output was missing {misses} times in {looks} looks");
}

#[test]
fn concurrent_builds_of_one_output_wait_their_turn_or_refuse_clearly() {
    let dir = small_site();
    for round in 0..12 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_rapporteur"))
                .arg("build")
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for out in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() || stderr.contains("another rapporteur build or serve"),
                "round {round}: {stderr}"
            );
        }
        assert!(dir.path().join("site/zh/reports/a/index.html").is_file(), "round {round}");
    }
}

#[test]
fn a_build_into_the_folder_serve_writes_is_refused() {
    let dir = small_site();
    let mut serve = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = std::io::BufRead::lines(std::io::BufReader::new(serve.stdout.take().unwrap()));
    let serving = lines.map_while(Result::ok).any(|l| l.starts_with("serving "));
    assert!(serving, "serve started");
    let run = rapporteur(dir.path(), &["build"]);
    let _ = serve.kill();
    let _ = serve.wait();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("another rapporteur build or serve (process"), "{}", run.stderr);
}

#[test]
fn links_out_of_the_site_are_skipped_and_special_files_reported() {
    let dir = small_site();
    let outside = tempfile::tempdir().unwrap();
    support::write(outside.path(), "secret.md", b"---\ntitle: SECRET-TITLE\n---\n\n1. TOP-SECRET\n");
    support::write(outside.path(), "secret.css", b"TOP-SECRET");
    let link = |target: &Path, at: &str| {
        let at = dir.path().join(at);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, at).unwrap();
    };
    link(&outside.path().join("secret.md"), "content/reports/leak/index.zh.md");
    link(&outside.path().join("secret.md"), "content/reports/leak2.zh.md");
    link(outside.path(), "content/reports/leakdir");
    link(Path::new("/etc/passwd"), "content/reports/a/passwd.txt");
    // A link that stays inside the site is followed.
    link(&dir.path().join("content/reports/a/index.en.md"), "content/reports/same.en.md");
    mkfifo(&dir.path().join("content/reports/a/pipe.zh.md"));
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for name in ["leak/index.zh.md", "leak2.zh.md", "leakdir", "a/passwd.txt"] {
        let shown = format!("content/reports/{name}:1:1");
        assert!(
            run.stderr.contains(&shown) && run.stderr.contains("outside the site folder"),
            "{name}: {}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("pipe.zh.md:1:1") && run.stderr.contains("named pipe"), "{}", run.stderr);
    let published = support::snapshot_dir(&dir.path().join("site"));
    for (rel, bytes) in &published {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("TOP-SECRET") && !text.contains("SECRET-TITLE") && !text.contains("root:x:"), "{rel}");
    }
    assert!(dir.path().join("site/en/reports/same/index.html").is_file(), "a link inside the site is followed");

    // In a theme's static files a link out of the site is an error, located at the link.
    link(&outside.path().join("secret.css"), "static/leak.css");
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("static/leak.css:1:1"), "{}", run.stderr);
}

#[test]
fn a_named_pipe_as_site_yaml_is_reported_not_waited_on() {
    let dir = small_site();
    mkfifo(&dir.path().join("site.yaml"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("build")
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("build waits on the pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("site.yaml:1:1") && stderr.contains("named pipe"), "{stderr}");
}

#[test]
fn a_content_link_to_itself_is_named_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("content", dir.path().join("content")).unwrap();
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link loop"), "{}", run.stderr);
    assert!(!run.stderr.contains("no `content` folder"), "{}", run.stderr);
}

#[test]
fn a_source_file_above_the_size_limit_is_refused_before_it_is_read() {
    let dir = small_site();
    support::write(dir.path(), "site.yaml", b"max_source_size_mb: 1\n");
    let mut big = String::from("---\ntitle: Big\n---\n\n");
    while big.len() < 1_100_000 {
        big.push_str("one long paragraph of words ");
    }
    support::write(dir.path(), "content/reports/big/index.en.md", big.as_bytes());
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/reports/big/index.en.md:1:1"), "{}", run.stderr);
    assert!(run.stderr.contains("more than the limit of 1 MB"), "{}", run.stderr);
    assert!(run.stderr.contains("max_source_size_mb"), "{}", run.stderr);
    support::write(dir.path(), "site.yaml", b"max_source_size_mb: 2\n");
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
}

#[test]
fn many_diagnostics_in_one_file_cost_linear_time_and_are_capped() {
    let dir = small_site();
    let n = 40_000;
    let mut text = String::from("---\ntitle: Notes\n---\n\n1. A paragraph.\n\n");
    for i in 0..n {
        text.push_str(&format!("[^n{i}]: An unreferenced note.\n"));
    }
    support::write(dir.path(), "content/reports/notes/index.en.md", text.as_bytes());
    let start = std::time::Instant::now();
    // Published somewhere, so that the only warnings are the file's.
    let run = rapporteur(dir.path(), &["build", "--base-url", "https://reports.example.org/"]);
    let took = start.elapsed();
    assert_eq!(run.status, 0, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    // Quadratic, this took 50 s in a debug build; linear, about one.
    assert!(took < std::time::Duration::from_secs(20), "{n} diagnostics took {took:?}");
    assert!(run.stdout.contains(&format!("{n} warnings")), "the full count is kept: {}", run.stdout);
    let shown = run.stderr.matches("is defined but never referenced").count();
    assert_eq!(shown, 50, "printed per file");
    assert!(run.stderr.contains("… and 39,950 more in "), "{}", &run.stderr[run.stderr.len().saturating_sub(500)..]);
    assert!(run.stderr.contains("index.en.md (0 errors, 39950 warnings), not shown"));
}

const HOSTILE: &str = "---\ntitle: Pasted\n---\n\n1. A [click](javascript:alert('link')) and [vb](VBScript:msgbox) and ![img](data:text/html;base64,PHNjcmlwdD4=) and <JAVASCRIPT:alert('auto')>.\n\n2. Inline <span onclick=\"alert('handler')\" class=\"keep\">kept text</span> and <sup>2</sup>.\n\n<script>alert('block')</script>\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n<div onmouseover=\"alert('div')\"><b>bold stays</b><img src=x onerror=\"alert('img')\"></div>\n\n3. A [normal link](https://example.org/) stays.\n";

#[test]
fn markdown_cannot_run_script_unless_the_site_allows_raw_html() {
    let dir = small_site();
    support::write(dir.path(), "content/reports/pasted/index.en.md", HOSTILE.as_bytes());
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = support::read(dir.path().join("site/en/reports/pasted/index.html"));
    let body = &page[page.find("<main").unwrap_or(0)..];
    let html = scraper::Html::parse_document(&page);
    for element in html.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let name = element.value().name();
        assert!(!["iframe", "object", "embed"].contains(&name), "<{name}> reached the page");
        if name == "script" {
            assert!(!element.inner_html().contains("alert"), "a script from the draft reached the page");
        }
        for (attr, value) in element.value().attrs() {
            assert!(!attr.starts_with("on"), "{attr} on <{name}> reached the page");
            let v = value.trim().to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(!v.starts_with(scheme), "{attr}={value} on <{name}> reached the page");
            }
        }
    }
    for kept in
        ["click", "kept text", "<sup>2</sup>", "<b>bold stays</b>", r#"href="https://example.org/""#, r#"class="keep""#]
    {
        assert!(body.contains(kept), "{kept} was lost");
    }
    for (line, what) in [
        (5, "`javascript:` URL"),
        (5, "`vbscript:` URL"),
        (5, "`data:` URL"),
        (7, "onclick"),
        (9, "<script"),
        (11, "<iframe"),
        (13, "onmouseover"),
    ] {
        let at = format!("content/reports/pasted/index.en.md:{line}:");
        assert!(
            run.stderr.lines().any(|l| l.contains("removed") && l.contains(what)) && run.stderr.contains(&at),
            "no warning for {what} at {at}:\n{}",
            run.stderr
        );
    }

    support::write(dir.path(), "site.yaml", b"unsafe_html: true\n");
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = support::read(dir.path().join("site/en/reports/pasted/index.html"));
    assert!(page.contains("<script>alert('block')</script>") && page.contains(r#"href="javascript:alert("#));
    assert!(!run.stderr.contains("removed"), "{}", run.stderr);
}

#[test]
fn a_template_include_loop_is_located_in_the_file_that_closes_it() {
    let dir = small_site();
    support::write(dir.path(), "templates/partials/a.html", b"<p>a</p>\n{% include \"partials/b.html\" %}\n");
    support::write(dir.path(), "templates/partials/b.html", b"<p>b</p>\n  {% include \"partials/a.html\" %}\n");
    let run = rapporteur(dir.path(), &["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("include loop"), "{}", run.stderr);
    // Either file closes the loop, depending on where the search starts.
    let located = ["templates/partials/b.html:2:6", "templates/partials/a.html:2:1"];
    assert!(located.iter().any(|l| run.stderr.contains(l)), "{}", run.stderr);
}
