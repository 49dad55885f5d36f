//! The bad-input suite: malformed sites through the real binary.
//!
//! Every case is a small site. The committed ones are folders under `tests/fixtures/bad/`
//! (`content/`, and optionally `site.yaml`, `templates/`, `themes/`) with a file `expect`:
//!
//! ```text
//! exit 1                                      the exit status the build must end with
//! at content/reports/r/index.en.md:3:7        a location stderr must name (prefix match)
//! message drafty                              a text stderr must contain
//! xss                                         the output must carry no injected script
//! errors 1                                    the number of error diagnostics
//! ```
//!
//! The others (too big, too deep, or impossible to commit: permissions, symbolic links, file
//! names git or other systems refuse) are generated in [`generated_cases`].
//!
//! For each case: a good site is built into the output folder first, then the bad one; the
//! test checks the exit status, that the binary did not panic or hang, that every diagnostic
//! names `file:line:column`, that a failed build left the output byte-for-byte as it was and
//! no staging folder behind, and compares stderr (temp paths replaced by `[SITE]`, `[OUT]`)
//! with its insta snapshot in `tests/snapshots/`. Pages of the builds that succeed are
//! validated with the Nu Html Checker at the end, when it is installed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use regex::Regex;
use support::server::copy_dir;
use support::skip::{Tool, ran, say, skip};

use support::{BIN, write};
/// A build that takes longer than this is a hang.
const TIMEOUT: Duration = Duration::from_secs(180);

// ---------------------------------------------------------------------------------------------
// Running the binary

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    timed_out: bool,
}

/// Runs the binary with `args` in `cwd`, `HOME` set to `home`, killing it after [`TIMEOUT`].
fn run(args: &[&str], cwd: &Path, home: &Path) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Read both pipes on threads so that a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait after kill");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned(),
        timed_out,
    }
}

/// Every file under `dir` with its bytes (symbolic links as their targets' text).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk the output");
        let rel = entry.path().strip_prefix(dir).expect("inside").to_path_buf();
        if entry.path_is_symlink() {
            let target = std::fs::read_link(entry.path()).expect("readlink");
            files.insert(rel, target.to_string_lossy().into_owned().into_bytes());
        } else if entry.file_type().is_file() {
            files.insert(rel, std::fs::read(entry.path()).expect("read the output"));
        } else if entry.file_type().is_dir() {
            files.insert(rel.join(""), Vec::new());
        }
    }
    files
}

/// A small good site: what a user had before the bad edit.
fn good_site(root: &Path) {
    write(
        root,
        "content/reports/good/index.zh.md",
        "---\ntitle: 良好的报告\nsymbol: A/77/275\ndate: 2022-08-08\n---\n\n## 一. 导言\n\n1. 第一段。[^1]\n\n[^1]: 注释。\n"
            .as_bytes(),
    );
    write(
        root,
        "content/reports/good/index.en.md",
        b"---\ntitle: A good report\nsymbol: A/77/275\ndate: 2022-08-08\n---\n\n## I. Introduction\n\n1. The first paragraph.[^1]\n\n[^1]: A note.\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Cases

#[derive(Debug, Default)]
struct Expect {
    exit: i32,
    at: Vec<String>,
    messages: Vec<String>,
    xss: bool,
    /// The number of error diagnostics, when given.
    errors: Option<usize>,
}

impl Expect {
    fn parse(text: &str) -> Expect {
        let mut e = Expect { exit: -1, ..Expect::default() };
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "exit" => e.exit = value.parse().expect("exit status in `expect`"),
                "at" => e.at.push(value.to_string()),
                "message" => e.messages.push(value.to_string()),
                "xss" => e.xss = true,
                "errors" => e.errors = Some(value.parse().expect("a count after `errors`")),
                other => panic!("unknown line `{other}` in an `expect` file"),
            }
        }
        assert!(e.exit >= 0, "an `expect` file must say `exit N`");
        e
    }
}

/// Writes a bad site into the folder it is given; `Err` skips the case (with the reason).
type Make = Box<dyn Fn(&Path) -> Result<(), String> + Send + Sync>;

/// One case: a function that writes the bad site into a folder, and what must happen.
struct Case {
    name: String,
    make: Make,
    expect: Expect,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

fn committed_cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/bad exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir.file_name().expect("name").to_string_lossy().into_owned();
            let expect = Expect::parse(&std::fs::read_to_string(dir.join("expect")).expect("an `expect` file"));
            let make = Box::new(move |site: &Path| {
                copy_dir(&dir, site);
                std::fs::remove_file(site.join("expect")).map_err(|e| e.to_string())
            });
            Case { name, make, expect }
        })
        .collect()
}

fn front(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n")
}

fn generated(name: &str, expect: &str, make: impl Fn(&Path) -> Result<(), String> + Send + Sync + 'static) -> Case {
    Case { name: format!("gen-{name}"), make: Box::new(make), expect: Expect::parse(expect) }
}

/// True when this process can read files whose permissions say it may not (root can).
fn permissions_are_enforced(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").expect("probe");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let readable = std::fs::read(&probe).is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::remove_file(&probe).expect("rm probe");
    !readable
}

fn generated_cases() -> Vec<Case> {
    use std::os::unix::fs::{PermissionsExt as _, symlink};
    let report = |site: &Path, body: &str| {
        write(site, "content/reports/r/index.en.md", format!("{}{body}", front("Generated")).as_bytes());
        Ok(())
    };
    vec![
        generated("50-mb-file", "exit 0", |site| {
            let para = "The Working Group recalled resolution 75/240 and document A/77/275, and noted with concern the growing number of incidents.[^1] ";
            let mut text = front("Fifty megabytes");
            let mut n = 1;
            // As large as the default limit on a source file allows.
            let note = "[^1]: A note referenced from every paragraph.\n";
            loop {
                let line = format!("{n}. {para}{para}{para}\n\n");
                if text.len() + line.len() + note.len() > 50 * 1024 * 1024 {
                    break;
                }
                text.push_str(&line);
                n += 1;
            }
            text.push_str("[^1]: A note referenced from every paragraph.\n");
            write(site, "content/reports/big/index.en.md", text.as_bytes());
            Ok(())
        }),
        generated("10000-nested-bullet-lists", "exit 0", move |site| {
            report(site, &format!("{}deep\n", "- ".repeat(10_000)))
        }),
        generated("10000-nested-ordered-lists", "exit 0", move |site| {
            report(site, &format!("{}deep\n", "1. ".repeat(10_000)))
        }),
        generated("10000-nested-quotes", "exit 0", move |site| report(site, &format!("{}deep\n", "> ".repeat(10_000)))),
        generated("10000-nested-quotes-and-lists", "exit 0", move |site| {
            report(site, &format!("1. {}deep[^1]\n\n[^1]: {}note\n", "> - ".repeat(5_000), "> ".repeat(5_000)))
        }),
        generated("10000-nested-yaml", "exit 1\nat content/reports/r/index.en.md:4:", |site| {
            let text =
                format!("---\ntitle: Deep\nextra:\n  k: {}{}\n---\n\nText.\n", "[".repeat(10_000), "]".repeat(10_000));
            write(site, "content/reports/r/index.en.md", text.as_bytes());
            Ok(())
        }),
        generated("10000-footnotes", "exit 0", |site| {
            let mut text = front("Many notes");
            for i in 1..=10_000 {
                text.push_str(&format!("{i}. Paragraph.[^n{i}]\n\n"));
            }
            for i in (1..=10_000).rev() {
                text.push_str(&format!("[^n{i}]: Note {i}.\n"));
            }
            write(site, "content/reports/r/index.en.md", text.as_bytes());
            Ok(())
        }),
        generated("one-line-of-a-million-characters", "exit 0", move |site| {
            report(site, &format!("1. {}\n", "A/77/275 第 75/240 号决议 ".repeat(40_000)))
        }),
        generated(
            "unreadable-file",
            "exit 1\nat content/reports/locked/index.en.md:1:1\nmessage cannot read",
            |site| {
                write(site, "content/reports/open/index.en.md", format!("{}Text.\n", front("Open")).as_bytes());
                let locked = site.join("content/reports/locked/index.en.md");
                write(site, "content/reports/locked/index.en.md", format!("{}Text.\n", front("Locked")).as_bytes());
                std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).map_err(|e| e.to_string())?;
                if !permissions_are_enforced(site) {
                    return Err("running as root, where chmod 000 does not stop reads".into());
                }
                Ok(())
            },
        ),
        generated("unreadable-folder", "exit 1\nat content/reports/locked:1:1\nmessage cannot read", |site| {
            write(site, "content/reports/open/index.en.md", format!("{}Text.\n", front("Open")).as_bytes());
            write(site, "content/reports/locked/index.en.md", format!("{}Text.\n", front("Locked")).as_bytes());
            let dir = site.join("content/reports/locked");
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).map_err(|e| e.to_string())?;
            if !permissions_are_enforced(site) {
                return Err("running as root, where chmod 000 does not stop reads".into());
            }
            Ok(())
        }),
        generated("symlink-loop", "exit 1\nat content/reports/loop:1:1\nmessage loop", |site| {
            write(site, "content/reports/r/index.en.md", format!("{}Text.\n", front("R")).as_bytes());
            symlink("..", site.join("content/reports/loop")).map_err(|e| e.to_string())
        }),
        generated("symlink-to-itself", "exit 1\nat content/reports/self.en.md:1:1", |site| {
            write(site, "content/reports/r/index.en.md", format!("{}Text.\n", front("R")).as_bytes());
            symlink("self.en.md", site.join("content/reports/self.en.md")).map_err(|e| e.to_string())
        }),
        generated("dangling-symlink", "exit 1\nat content/reports/gone.en.md:1:1", |site| {
            write(site, "content/reports/r/index.en.md", format!("{}Text.\n", front("R")).as_bytes());
            symlink("nowhere.md", site.join("content/reports/gone.en.md")).map_err(|e| e.to_string())
        }),
        generated("script-and-quotes-in-file-names", "exit 0\nxss", |site| {
            let name = "\"><img src=x onerror=alert('XSS-file')>";
            write(
                site,
                &format!("content/reports/{name}.en.md"),
                format!("{}1. Text.\n", front("File name")).as_bytes(),
            );
            write(
                site,
                "content/<script>alert('XSS-section')<\\script>/r.en.md",
                format!("{}1. Text.\n", front("Section name")).as_bytes(),
            );
            write(
                site,
                "content/javascript:alert('XSS-js')/index.en.md",
                format!("{}1. Text.\n", front("Scheme-like section")).as_bytes(),
            );
            Ok(())
        }),
        generated("file-name-not-utf8", "exit 0\nat content/reports/\nmessage not valid UTF-8", |site| {
            use std::os::unix::ffi::OsStrExt as _;
            write(site, "content/reports/r/index.en.md", format!("{}Text.\n", front("R")).as_bytes());
            let name = std::ffi::OsStr::from_bytes(b"caf\xe9.en.md");
            std::fs::write(site.join("content/reports").join(name), front("Latin-1 name")).map_err(|e| e.to_string())
        }),
        generated("content-is-a-file", "exit 1\nat content:1:1\nmessage content", |site| {
            std::fs::write(site.join("content"), "not a folder").map_err(|e| e.to_string())
        }),
    ]
}

// ---------------------------------------------------------------------------------------------
// Checks

static LOCATED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*--> \S.*:\d+:\d+$").expect("regex"));

/// Every diagnostic (a line `error: …` or `warning: …` other than the closing count) must be
/// followed by a `--> file:line:column` line.
fn unlocated(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut bad = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let is_diag = line.starts_with("error") || line.starts_with("warning");
        let is_summary = line.starts_with("error: ") && line.ends_with("nothing was written");
        if is_diag && !is_summary && !lines.get(i + 1).is_some_and(|next| LOCATED.is_match(next)) {
            bad.push((*line).to_string());
        }
    }
    bad
}

/// Injected markup that escaped: scripts without `src`, event-handler attributes,
/// `javascript:` URLs, anywhere in the output.
fn injections(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, bytes) in tree(out) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let doc = scraper::Html::parse_document(&text);
        let all = scraper::Selector::parse("*").expect("selector");
        for el in doc.select(&all) {
            let v = el.value();
            if v.name() == "script" && v.attr("src").is_none() && el.text().any(|t| t.contains("XSS")) {
                found.push(format!("{}: inline script `{}`", rel.display(), el.html()));
            }
            for (name, value) in v.attrs() {
                if name.starts_with("on") {
                    found.push(format!("{}: event handler attribute `{name}=\"{value}\"`", rel.display()));
                }
                let lower = value.trim().to_ascii_lowercase();
                if matches!(name, "href" | "src" | "action" | "formaction") && lower.starts_with("javascript:") {
                    found.push(format!("{}: javascript: URL in `{name}`", rel.display()));
                }
            }
        }
    }
    found
}

struct Checked {
    /// What went wrong, empty when the case passed.
    failures: Vec<String>,
    /// The snapshot text.
    snapshot: String,
    /// HTML pages of a successful build, kept for the validator.
    pages: Vec<PathBuf>,
}

fn check(case: &Case, tmp: &Path) -> Result<Checked, String> {
    let site = tmp.join("site");
    let good = tmp.join("good");
    let out = tmp.join("out");
    let home = tmp.join("home");
    std::fs::create_dir_all(&site).expect("mkdir site");
    std::fs::create_dir_all(&home).expect("mkdir home");
    good_site(&good);
    let out_s = out.to_string_lossy().into_owned();
    let first = run(&["build", "--root", &good.to_string_lossy(), "--output", &out_s], tmp, &home);
    assert_eq!(first.code, Some(0), "the good site builds:\n{}", first.stderr);
    let before = tree(&out);

    (case.make)(&site)?;
    let started = Instant::now();
    let r = run(&["build", "--root", &site.to_string_lossy(), "--output", &out_s], tmp, &home);
    let elapsed = started.elapsed();
    let mut failures = Vec::new();
    let mut fail = |m: String| failures.push(m);

    let clean = |s: &str| {
        let mut s = s.to_string();
        for (from, to) in [(&site, "[SITE]"), (&out, "[OUT]"), (&home, "[HOME]"), (&tmp.to_path_buf(), "[TMP]")] {
            s = s.replace(&from.to_string_lossy().into_owned(), to);
            if let Ok(canon) = from.canonicalize() {
                s = s.replace(&canon.to_string_lossy().into_owned(), to);
            }
        }
        s
    };
    let stderr = clean(&r.stderr);
    if r.timed_out {
        fail(format!("hung: killed after {TIMEOUT:?}"));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        fail("panicked".into());
    }
    match r.code {
        Some(code) if code == case.expect.exit => {}
        Some(code) => fail(format!("exit status {code}, expected {}", case.expect.exit)),
        None => fail("killed by a signal".into()),
    }
    for bad in unlocated(&stderr) {
        fail(format!("diagnostic without file:line:column: `{bad}`"));
    }
    for at in &case.expect.at {
        let wanted = if at.starts_with('/') { at.clone() } else { format!("[SITE]/{at}") };
        if !stderr.contains(&wanted) {
            fail(format!("stderr does not name `{wanted}`"));
        }
    }
    for m in &case.expect.messages {
        if !stderr.contains(m.as_str()) {
            fail(format!("stderr does not say `{m}`"));
        }
    }
    let n_errors = stderr.lines().filter(|l| l.starts_with("error") && !l.ends_with("nothing was written")).count();
    if let Some(n) = case.expect.errors
        && n != n_errors
    {
        fail(format!("{n_errors} error diagnostics, expected {n}"));
    }
    if r.code == Some(0) && n_errors > 0 {
        fail(format!("exit 0 with {n_errors} error diagnostics"));
    }
    if r.code == Some(1) && !stderr.lines().any(|l| l.starts_with("error")) {
        fail("failed without an error message".into());
    }
    let after = tree(&out);
    let mut pages = Vec::new();
    if r.code == Some(0) {
        if !out.join(".rapporteur-output").is_file() {
            fail("a successful build left no marker file in the output".into());
        }
        pages = after.keys().filter(|p| p.extension().is_some_and(|e| e == "html")).map(|p| out.join(p)).collect();
    } else if after != before {
        let changed: Vec<String> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .map(|k| k.display().to_string())
            .collect();
        fail(format!("a failed build changed the output: {}", changed.join(", ")));
    }
    for entry in std::fs::read_dir(tmp).expect("list tmp").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".tmp-") || name.contains(".old-") {
            fail(format!("left `{name}` behind"));
        }
    }
    if case.expect.xss && r.code == Some(0) {
        for i in injections(&out) {
            fail(format!("not escaped: {i}"));
        }
    }
    eprintln!("bad input {}: exit {:?} in {:.2} s", case.name, r.code, elapsed.as_secs_f64());
    let mut snapshot = format!("exit: {}\n", r.code.map_or_else(|| "signal".to_string(), |c| c.to_string()));
    // The summary line without its timing and warning count (the count includes the theme's
    // own warnings, which are not about the input).
    static SUMMARY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r", \d+ warnings?, in \d+ ms").expect("regex"));
    snapshot.push_str("--- stdout\n");
    snapshot.push_str(&SUMMARY.replace_all(&clean(&r.stdout), ""));
    snapshot.push_str("--- stderr\n");
    // Tera lists the template's variables, which grow with every feature: not the point.
    static VARIABLES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"Available variables: [a-z_, ]*").expect("regex"));
    let stderr = VARIABLES.replace_all(&stderr, "Available variables: [...]");
    snapshot.push_str(&without_theme_string_warnings(&stderr));
    Ok(Checked { failures, snapshot, pages })
}

/// stderr without the blocks warning about UI strings missing from the theme's i18n files:
/// they are about the theme, which changes on its own schedule, not about the input.
fn without_theme_string_warnings(stderr: &str) -> String {
    stderr
        .split_inclusive("\n\n")
        .filter(|block| !(block.starts_with("warning: UI string `") && block.contains("is missing in")))
        .collect()
}

/// Runs the Nu Html Checker on `pages`; `None` when java or the jar is missing.
fn vnu(pages: &[PathBuf]) -> Option<Vec<String>> {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/build/dist/vnu.jar");
    let java_ok = Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success());
    if !jar.is_file() || !java_ok {
        return None;
    }
    let mut errors = Vec::new();
    // The page rendered from the 50 MB input is far larger than any page the checker is
    // meant for (its JVM runs out of memory): validity of such pages is covered by the
    // smaller ones, which come from the same code.
    let pages: Vec<&PathBuf> = pages.iter().filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() < 8 << 20)).collect();
    for chunk in pages.chunks(500) {
        let out = Command::new("java")
            .arg("-Xss16m")
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--format", "json"])
            .args(chunk)
            .output()
            .expect("java runs");
        let report: serde_json::Value = serde_json::from_slice(&out.stderr)
            .unwrap_or_else(|e| panic!("vnu printed no JSON ({e}):\n{}", String::from_utf8_lossy(&out.stderr)));
        for m in report["messages"].as_array().into_iter().flatten() {
            errors.push(format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"].as_u64().unwrap_or(0),
                m["message"].as_str().unwrap_or("?")
            ));
        }
    }
    Some(errors)
}

// ---------------------------------------------------------------------------------------------
// Tests

/// Cases that fail because of a bug not fixed yet: the table skips them, and each has an
/// `#[ignore]`d test of its own below (`cargo test --test bad_inputs -- --ignored`).
const KNOWN_BUGS: &[&str] = &[];

/// Slow cases that the table leaves to their own test below, so that the two run side by
/// side on the two cores instead of one after the other.
const OWN_TEST: &[&str] = &["gen-50-mb-file"];

fn all_cases() -> (Vec<Case>, usize) {
    let committed = committed_cases();
    let n = committed.len();
    (committed.into_iter().chain(generated_cases()).collect(), n)
}

/// What one case gave.
struct CaseOutcome {
    failures: Vec<String>,
    /// `Some(reason)` when the case could not run here.
    skipped: Option<String>,
    /// HTML pages of a successful build, copied into `keep` for one run of the validator.
    pages: Vec<PathBuf>,
}

/// Runs one case in its own temp dir; pages of a successful build are copied under `keep`.
fn run_case(case: &Case, keep: &Path) -> CaseOutcome {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut outcome = CaseOutcome { failures: Vec::new(), skipped: None, pages: Vec::new() };
    match check(case, tmp.path()) {
        Err(why) => outcome.skipped = Some(why),
        Ok(checked) => {
            outcome.failures.extend(checked.failures.iter().map(|f| format!("{}: {f}", case.name)));
            let (name, snap) = (case.name.clone(), checked.snapshot.clone());
            let matched = std::panic::catch_unwind(move || {
                insta::with_settings!({ prepend_module_to_snapshot => true, omit_expression => true }, {
                    insta::assert_snapshot!(name, snap);
                });
            });
            if matched.is_err() {
                outcome
                    .failures
                    .push(format!("{}: stderr differs from its snapshot (`cargo insta review`)", case.name));
            }
            // The deeply nested pages are invalid by construction: browsers flatten trees
            // deeper than 513 elements, and the validator says so. The 50 MB page is made of
            // the same elements as any other, only more of them: validating it costs minutes.
            if !case.name.starts_with("gen-10000-nested") && case.name != "gen-50-mb-file" {
                for page in &checked.pages {
                    let rel = page.strip_prefix(tmp.path()).expect("inside");
                    let dest = keep.join(&case.name).join(rel);
                    std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
                    std::fs::copy(page, &dest).expect("keep page");
                    outcome.pages.push(dest);
                }
            }
        }
    }
    // chmod 000 leftovers would stop the temp dir's removal.
    restore_permissions(tmp.path());
    outcome
}

/// The part of the bad-input test that needs the Nu Html Checker.
const VALIDATION: &str = "bad_inputs::validation of the successful builds' pages";

/// Validates `pages` (copied under `keep`), adding every distinct error to `failures`.
fn validate(pages: &[PathBuf], keep: &Path, failures: &mut Vec<String>) {
    if pages.is_empty() {
        return;
    }
    match vnu(pages) {
        Some(errors) => {
            ran(VALIDATION);
            say(&format!("bad inputs: {} pages of successful builds validated, {} errors", pages.len(), errors.len()));
            let mut seen = std::collections::BTreeSet::new();
            for e in errors {
                let e = e.replace(&keep.to_string_lossy().into_owned(), "");
                if seen.insert(e.clone()) {
                    failures.push(format!("invalid HTML: {e}"));
                }
            }
        }
        None => skip(
            VALIDATION,
            Tool::Validator,
            "the pages of successful builds were not validated: java or node_modules/vnu-jar not found",
        ),
    }
}

/// Builds a site from every case and checks what the binary did.
#[test]
fn every_bad_input_is_reported_located_and_leaves_the_output_alone() {
    let (cases, n_committed) = all_cases();
    assert!(n_committed >= 50, "at least 50 committed bad inputs, found {n_committed}");
    for bug in KNOWN_BUGS {
        assert!(cases.iter().any(|c| c.name == *bug), "KNOWN_BUGS names `{bug}`, which is no case");
    }
    let started = Instant::now();
    let keep = tempfile::tempdir().expect("temp dir");
    let todo: Vec<&Case> = cases
        .iter()
        .filter(|c| !KNOWN_BUGS.contains(&c.name.as_str()) && !OWN_TEST.contains(&c.name.as_str()))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let outcomes = std::sync::Mutex::new(Vec::new());
    // Two workers: the machine has two cores and each build is one process.
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(case) = todo.get(i) else { break };
                    let outcome = run_case(case, keep.path());
                    outcomes.lock().expect("lock").push((case.name.clone(), outcome));
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().expect("lock");
    outcomes.sort_by(|a, b| a.0.cmp(&b.0));
    let mut failures = Vec::new();
    let mut skipped: Vec<String> =
        KNOWN_BUGS.iter().map(|b| format!("{b}: known bug, see its #[ignore]d test")).collect();
    let mut pages = Vec::new();
    for (name, outcome) in outcomes {
        failures.extend(outcome.failures);
        pages.extend(outcome.pages);
        if let Some(why) = outcome.skipped {
            skipped.push(format!("{name}: {why}"));
        }
    }
    validate(&pages, keep.path(), &mut failures);
    say(&format!(
        "bad inputs covered: {} of {} ({n_committed} committed, {} generated; {} skipped; {} in their own tests) in {:.0} s",
        cases.len() - skipped.len(),
        cases.len(),
        cases.len() - n_committed,
        skipped.len(),
        OWN_TEST.join(", "),
        started.elapsed().as_secs_f64()
    ));
    for s in &skipped {
        say(&format!("  skipped {s}"));
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

/// Runs the one case `name` (for the known-bug tests).
fn run_single(name: &str) {
    let (cases, _) = all_cases();
    let case = cases.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no case `{name}`"));
    let keep = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let outcome = run_case(case, keep.path());
    say(&format!("bad input {name}: checked in its own test in {:.0} s", started.elapsed().as_secs_f64()));
    if let Some(why) = outcome.skipped {
        say(&format!("bad input {name}: SKIPPED: {why}"));
        return;
    }
    let mut failures = outcome.failures;
    validate(&outcome.pages, keep.path(), &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Regression tests for bugs this suite found, each on its own case; `$why` was the bug.
macro_rules! known_bug {
    ($test:ident, $case:literal, $why:literal) => {
        #[test]
        #[doc = $why]
        fn $test() {
            run_single($case);
        }
    };
}

known_bug!(
    duplicate_yaml_key_points_at_the_duplicate,
    "08-yaml-duplicate-key",
    "bug: `duplicate field` is located at the first key (2:1), not at the duplicate (3:1)"
);
known_bug!(
    nul_bytes_are_not_copied_into_the_html,
    "41-nul-bytes-in-body",
    "bug: U+0000 from the Markdown body reaches the HTML (invalid; CommonMark says replace with U+FFFD)"
);
known_bug!(
    undefined_footnote_inside_a_definition_is_an_error,
    "48-footnote-undefined-inside-definition",
    "bug: `[^2]` undefined inside a note definition is not reported (src/markdown/footnotes.rs)"
);
known_bug!(
    extends_of_an_unknown_template_names_the_template_file,
    "57-template-extends-unknown",
    "bug: `{% extends \"nope.html\" %}` is located at `<site>/templates:1:1`, a folder, not the file"
);
known_bug!(
    template_not_utf8_is_one_error,
    "61-template-invalid-utf8",
    "bug: a non-UTF-8 site template also yields `theme has no template` at a path that does not exist"
);
known_bug!(
    unknown_language_points_at_its_code,
    "67-site-yaml-unknown-language",
    "bug: `code: de` is located at the `de` inside `code` on line 2 (first substring match)"
);
known_bug!(
    language_listed_twice_points_at_the_second,
    "69-site-yaml-language-twice",
    "bug: the duplicate language is located at its first occurrence, not the second"
);
known_bug!(
    spaces_in_file_names_give_valid_urls_and_ids,
    "80-file-name-with-spaces",
    "bug: URLs are not percent-encoded (`href=\"/en/my reports/\"`) and ids hold spaces (`listing-my reports`)"
);
known_bug!(
    a_carriage_return_before_a_non_ascii_key_does_not_panic,
    "85-carriage-return-before-a-non-ascii-key",
    "bug: PANIC: `\\r¡: ` in front matter: the unknown-key warning's span ends inside `¡` (src/content/front_matter.rs)"
);
known_bug!(
    quotes_and_angle_brackets_in_file_names_give_valid_urls,
    "gen-script-and-quotes-in-file-names",
    "bug: URLs built from file names are not percent-encoded (`\"`, `<` in href): invalid HTML"
);
known_bug!(
    a_50_mb_report_builds,
    "gen-50-mb-file",
    "bug: quadratic citation→anchor lookup (src/render/mod.rs, `take_while(..).last()` per citation): hangs"
);

fn restore_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    for entry in walkdir::WalkDir::new(dir).follow_links(false).into_iter().flatten() {
        if !entry.path_is_symlink() {
            let mode = if entry.file_type().is_dir() { 0o755 } else { 0o644 };
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode));
        }
    }
}
/// The output directory guard, through the binary: folders rapporteur must never replace.
#[test]
fn the_output_guard_refuses_dangerous_folders() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    let home = tmp.path().join("home");
    good_site(&root);
    write(&home, "notes.txt", b"my notes");
    write(&tmp.path().join("mine"), "keep.txt", b"not rapporteur's");
    std::fs::write(tmp.path().join("a-file"), b"").expect("write a file");
    let targets: Vec<(&str, PathBuf)> = vec![
        ("file system root", PathBuf::from("/")),
        ("home", home.clone()),
        ("site root", root.clone()),
        ("content", root.join("content")),
        ("inside content", root.join("content/reports")),
        ("parent of the site", tmp.path().to_path_buf()),
        ("not empty and not ours", tmp.path().join("mine")),
        ("a file", tmp.path().join("a-file")),
    ];
    let mut failures = Vec::new();
    for (what, target) in &targets {
        let before = if *what == "file system root" { BTreeMap::new() } else { tree(tmp.path()) };
        let r = run(
            &["build", "--root", &root.to_string_lossy(), "--output", &target.to_string_lossy()],
            tmp.path(),
            &home,
        );
        let stderr = r.stderr.replace(&tmp.path().to_string_lossy().into_owned(), "[TMP]");
        say(&format!("output guard, {what}: exit {:?}: {}", r.code, stderr.trim()));
        if r.code != Some(1) {
            failures.push(format!("{what}: exit {:?}, expected 1", r.code));
        }
        if !stderr.contains("refusing to write the site into") {
            failures.push(format!("{what}: no refusal message: {stderr}"));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{what}: panicked"));
        }
        if *what != "file system root" && tree(tmp.path()) != before {
            failures.push(format!("{what}: files changed"));
        }
        insta::with_settings!({ prepend_module_to_snapshot => true, omit_expression => true }, {
            insta::assert_snapshot!(format!("output-guard-{}", what.replace(' ', "-")), stderr);
        });
    }
    // `--output` relative to the working directory: `.` in the site root is the site root.
    let r = run(&["build", "--output", "."], &root, &home);
    if r.code != Some(1) || !r.stderr.contains("refusing") {
        failures.push(format!("`--output .` in the site root: exit {:?}: {}", r.code, r.stderr));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(std::fs::read(home.join("notes.txt")).expect("home untouched"), b"my notes");
}
