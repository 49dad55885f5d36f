//! `rapporteur serve` against hostile clients and a hostile machine: foreign `Host` names,
//! open redirects, idle connections, too few file handles, links out of the site.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use support::http;
use support::server::{Server, TIMEOUT};

const NOTE_ZH: &str = "content/reports/note.zh.md";

/// Sends `GET path` with the given `Host` header; returns the status and the whole answer.
fn get_as(server: &Server, host: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(http::authority(&server.base())).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, answer)
}

fn port(server: &Server) -> String {
    http::authority(&server.base()).rsplit_once(':').unwrap().1.to_string()
}

#[test]
fn only_loopback_names_and_allowed_hosts_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    support::server::copy_dir(&support::server::fixture("serve"), &root);
    let server = Server::start_in(dir, root, &["--allow-host", "preview.example.org"]);
    let port = port(&server);
    for host in [format!("evil.example:{port}"), "evil.example".into(), format!("localhost.evil.example:{port}")] {
        for path in ["/zh/", "/__rapporteur/status", "/__rapporteur/live.js"] {
            let (status, answer) = get_as(&server, &host, path);
            assert_eq!(status, 421, "{host} {path}: {answer}");
            assert!(!answer.contains("generation") && !answer.contains("<html"), "{host} {path}: {answer}");
        }
    }
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("preview.example.org:{port}")] {
        assert_eq!(get_as(&server, &host, "/zh/").0, 200, "{host}");
    }
}

#[test]
fn served_errors_name_no_folder_of_the_machine() {
    let server = Server::start("serve");
    let original = server.read(NOTE_ZH);
    server.write(NOTE_ZH, &original.replace("title: 秘书处的说明", "title: [秘书处的说明"));
    let mut text = String::new();
    server.wait_for("the error shows", TIMEOUT, || {
        text = server.status().1.unwrap_or_default();
        !text.is_empty()
    });
    assert!(text.contains("content/reports/note.zh.md:2:"), "{text}");
    let root = server.root.to_string_lossy().into_owned();
    let scratch = server.root.parent().unwrap().to_string_lossy().into_owned();
    let status = server.get("/__rapporteur/status").text();
    for served in [&text, &status] {
        assert!(!served.contains(&root) && !served.contains(&scratch), "an absolute path is served: {served}");
    }
}

#[test]
fn a_doubled_slash_does_not_redirect_to_another_site() {
    let server = Server::start("serve");
    for path in ["//zh", "///zh", "//zh/reports"] {
        let r = server.get(path);
        if r.status == 301 {
            let to = r.header("location").unwrap();
            assert!(to.starts_with('/') && !to.starts_with("//"), "{path} → {to}");
        }
    }
    let r = server.get("//zh");
    assert_eq!((r.status, r.header("location")), (301, Some("/zh/")));
}

/// `rapporteur serve` of a copy of the `serve` fixture with at most `files` open files.
struct Limited {
    child: std::process::Child,
    base: String,
    root: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Limited {
    fn start(files: u32) -> Limited {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site-src");
        support::server::copy_dir(&support::server::fixture("serve"), &root);
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
            .arg(support::server::BIN)
            .args(["serve", "--port", "0", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(dir.path().join("out"))
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
        let url = lines.map_while(Result::ok).find_map(|l| l.strip_prefix("serving ").map(str::to_string)).unwrap();
        Limited { child, base: format!("http://{}", http::authority(&url)), root, _dir: dir }
    }
}

impl Drop for Limited {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn idle_connections_beyond_the_file_limit_do_not_stall_the_preview() {
    let server = Limited::start(128);
    let start = std::time::Instant::now();
    let idle: Vec<TcpStream> =
        (0..200).filter_map(|_| TcpStream::connect(http::authority(&server.base)).ok()).collect();
    assert!(idle.len() > 150, "{} idle connections", idle.len());
    let page = http::get(&server.base, "/zh/reports/note/");
    assert_eq!(page.status, 200);
    assert!(start.elapsed() < Duration::from_secs(30), "answered after {:?}", start.elapsed());

    // A save while they are held is rendered, and so is the next one.
    let note = server.root.join(NOTE_ZH);
    let original = std::fs::read_to_string(&note).unwrap();
    for (i, word) in ["第一次修改", "第二次修改"].iter().enumerate() {
        let more: Vec<TcpStream> =
            (0..100).filter_map(|_| TcpStream::connect(http::authority(&server.base)).ok()).collect();
        std::fs::write(&note, original.replace("秘书处的说明", word)).unwrap();
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            let r = http::get(&server.base, "/zh/reports/note/");
            if r.text().contains(word) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "save {i} not rendered");
            std::thread::sleep(Duration::from_millis(100));
        }
        drop(more);
    }
    let status = http::get(&server.base, "/__rapporteur/status").text();
    assert!(status.contains("\"error\":null"), "{status}");
    drop(idle);
}

#[test]
fn an_output_deleted_while_serving_is_written_again() {
    let server = Server::start("serve");
    assert_eq!(server.get("/zh/reports/note/").status, 200);
    std::fs::remove_dir_all(&server.output).unwrap();
    server.wait_for("the site is back", TIMEOUT, || server.get("/zh/reports/note/").status == 200);
    assert!(server.output.join("zh/reports/note/index.html").is_file());
}

#[test]
fn a_named_pipe_saved_as_site_yaml_is_an_error_and_serve_goes_on() {
    let server = Server::start("serve");
    let config = server.read("site.yaml");
    std::fs::remove_file(server.path("site.yaml")).unwrap();
    let status = std::process::Command::new("mkfifo").arg(server.path("site.yaml")).status().unwrap();
    assert!(status.success());
    let mut text = String::new();
    server.wait_for("the pipe is reported", TIMEOUT, || {
        text = server.status().1.unwrap_or_default();
        text.contains("named pipe")
    });
    assert!(text.contains("site.yaml:1:1"), "{text}");
    assert_eq!(server.get("/zh/reports/note/").status, 200, "the last good site is still served");
    std::fs::remove_file(server.path("site.yaml")).unwrap();
    server.write("site.yaml", &config);
    server.wait_for("the error clears", TIMEOUT, || server.status().1.is_none());
    let original = server.read(NOTE_ZH);
    server.write(NOTE_ZH, &original.replace("秘书处的说明", "管道之后的修改"));
    server.wait_for_text("/zh/reports/note/", "管道之后的修改");
}
