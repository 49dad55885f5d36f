//! The binary under hostile conditions: closed pipes, odd output paths, links, special
//! files, leftovers of killed builds, builds racing each other.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{REPORT_EN, REPORT_ZH, site};

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

    common::write(dir.path(), "content/reports/b/index.zh.md", b"---\ntitle: [\n---\n");
    let (status, _) = run_with_closed(dir.path(), &["build"], false);
    assert_eq!(status, 1, "stderr closed, a failed build still says so");
}
