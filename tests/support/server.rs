//! `rapporteur serve` started for a test: the real binary, on a temporary copy of a fixture
//! site, on a free port of 127.0.0.1, stopped when the value is dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::http;

/// Generous: the machine running the tests may be busy compiling.
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub use super::site::BIN;

/// A running server.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`, as printed by the server.
    pub url: String,
    /// The site's root (a copy of the fixture).
    pub root: PathBuf,
    /// The output directory the server keeps up to date.
    pub output: PathBuf,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

/// `tests/fixtures/sites/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites").join(name)
}

/// Copies the folder `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

impl Server {
    /// Serves a copy of the fixture `name`.
    pub fn start(name: &str) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site-src");
        copy_dir(&fixture(name), &root);
        Server::start_in(dir, root, &[])
    }

    /// Serves `root`, which lives in `dir`; the output goes to `dir/out`.
    pub fn start_in(dir: tempfile::TempDir, root: PathBuf, extra: &[&str]) -> Server {
        let output = dir.path().join("out");
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&output)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start rapporteur serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let log = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("serving ") {
                    let _ = tx.send(url.trim().to_string());
                }
                log.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let err = child.stderr.take().expect("stderr");
        let log = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let url = match rx.recv_timeout(TIMEOUT) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "serve printed no URL within {TIMEOUT:?}\nstdout:\n{}\nstderr:\n{}",
                    stdout.lock().unwrap(),
                    stderr.lock().unwrap()
                );
            }
        };
        http::authority(&url);
        Server { child, url, root, output, stdout, stderr, _dir: dir }
    }

    /// `http://127.0.0.1:PORT` without the path.
    pub fn base(&self) -> String {
        format!("http://{}", http::authority(&self.url))
    }

    pub fn get(&self, path: &str) -> http::Response {
        http::get(&self.base(), path)
    }

    pub fn request(&self, method: &str, path: &str) -> http::Response {
        http::request(&self.base(), method, path)
    }

    /// What the server printed so far.
    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Polls `done` until it holds; panics with the server's output after `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            if start.elapsed() > timeout {
                panic!("{what}: not within {timeout:?}\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `path` serves a page containing `text`.
    pub fn wait_for_text(&self, path: &str, text: &str) {
        self.wait_for(&format!("{path} shows {text:?}"), TIMEOUT, || self.get(path).text().contains(text));
    }

    /// The preview's state: (generation, error text).
    pub fn status(&self) -> (u64, Option<String>) {
        let body = self.get("/__rapporteur/status").text();
        let v: serde_json::Value = serde_json::from_str(&body).expect("status JSON");
        (v["generation"].as_u64().unwrap_or(0), v["error"].as_str().map(str::to_string))
    }

    /// A path of the site's root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file of the site in place, as most editors do.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every file under `dir`, relative with `/`, sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

/// Runs `rapporteur build` of `root` into a fresh folder inside `scratch`.
pub fn clean_build(root: &Path, scratch: &Path) -> PathBuf {
    let out = scratch.join(format!(
        "clean-{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    ));
    let run = Command::new(BIN)
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rapporteur build");
    assert!(
        run.status.success(),
        "clean build failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// A readable account of how two snapshots differ; empty when they are equal.
pub fn differences(got: &[(String, Vec<u8>)], expected: &[(String, Vec<u8>)]) -> String {
    let mut out = String::new();
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<std::collections::BTreeSet<_>>();
    let (g, e) = (names(got), names(expected));
    for n in g.difference(&e) {
        out.push_str(&format!("only in the served output: {n}\n"));
    }
    for n in e.difference(&g) {
        out.push_str(&format!("only in the clean build: {n}\n"));
    }
    for (n, bytes) in got {
        if let Some((_, other)) = expected.iter().find(|(m, _)| m == n)
            && bytes != other
        {
            let (a, b) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(other));
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
            out.push_str(&format!(
                "differs: {n} (line {}):\n  served: {}\n  clean:  {}\n",
                line + 1,
                a.lines().nth(line).unwrap_or_default(),
                b.lines().nth(line).unwrap_or_default()
            ));
        }
    }
    out
}
