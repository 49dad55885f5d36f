//! Headless Chromium for tests, through chromedriver and fantoccini, behind a blocking API.
//!
//! ```ignore
//! mod support;
//! let Some(browser) = support::browser::Browser::start("my_test") else { return };
//! browser.goto("http://127.0.0.1:1234/zh/");
//! let title = browser.js("return document.title");
//! browser.wait_until("the overlay shows", TIMEOUT, "return !!document.getElementById('x')");
//! ```
//!
//! When Chromium or chromedriver is missing, [`Browser::start`] skips the test through
//! [`super::skip`] (a loud `SKIPPED` line and a record for the run's closing summary) and
//! returns `None`; with `RAPPORTEUR_REQUIRE_BROWSER=1` (CI sets it) it fails instead. The binaries are
//! `$CHROMIUM` / `$CHROMEDRIVER` if set, else the first found on the usual paths.
//!
//! The browser reaches nothing beyond 127.0.0.1: every host name but the loopback resolves
//! to nothing, background networking and component updates are off, and the profile is a
//! fresh temporary folder.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::skip::{Tool, ran, skip};

/// A headless Chromium session; closed, and its chromedriver stopped, on drop.
pub struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<fantoccini::Client>,
    driver: Child,
    _profile: tempfile::TempDir,
}

/// The first of `candidates` that exists, or the value of the variable `env`.
fn find(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl Browser {
    /// Starts a browser for the test `test`, or skips (see the module documentation).
    pub fn start(test: &str) -> Option<Browser> {
        Browser::start_with(test, "en-US,en", false)
    }

    /// Like [`Browser::start`], with the reader's languages (`navigator.languages`), best first.
    pub fn start_preferring(test: &str, accept_languages: &str) -> Option<Browser> {
        Browser::start_with(test, accept_languages, false)
    }

    /// Like [`Browser::start`], in the dark colour scheme (`prefers-color-scheme: dark`).
    pub fn start_dark(test: &str) -> Option<Browser> {
        Browser::start_with(test, "en-US,en", true)
    }

    fn start_with(test: &str, accept_languages: &str, dark: bool) -> Option<Browser> {
        let chromium = find("CHROMIUM", &["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]);
        let driver = find("CHROMEDRIVER", &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            skip(
                test,
                Tool::Browser,
                "chromium or chromedriver not found (set CHROMIUM and CHROMEDRIVER to use others)",
            );
            return None;
        };
        match Browser::launch(&chromium, &driver, accept_languages, dark) {
            Ok(b) => {
                ran(test);
                Some(b)
            }
            Err(e) => {
                skip(test, Tool::Browser, &format!("chromium could not be started: {e}"));
                None
            }
        }
    }

    fn launch(chromium: &Path, driver_bin: &Path, accept_languages: &str, dark: bool) -> Result<Browser, String> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut last_error = String::new();
        // A port can be taken between choosing it and chromedriver binding it: try again.
        for _ in 0..3 {
            let port = free_port();
            let mut driver = Command::new(driver_bin)
                .arg(format!("--port={port}"))
                .arg("--allowed-ips=127.0.0.1")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot run {}: {e}", driver_bin.display()))?;
            let url = format!("http://127.0.0.1:{port}");
            let mut args = vec![
                "--headless".to_string(),
                "--no-sandbox".to_string(),
                "--disable-gpu".to_string(),
                "--disable-background-networking".to_string(),
                "--disable-component-update".to_string(),
                "--no-first-run".to_string(),
                "--disable-sync".to_string(),
                "--disable-dev-shm-usage".to_string(),
                "--window-size=1280,900".to_string(),
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost".to_string(),
                format!("--user-data-dir={}", profile.path().display()),
            ];
            if dark {
                args.push("--force-dark-mode".to_string());
            }
            let caps = json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "prefs": { "intl.accept_languages": accept_languages },
                    "args": args,
                },
            });
            let Value::Object(caps) = caps else { unreachable!() };
            let deadline = Instant::now() + Duration::from_secs(60);
            let client = runtime.block_on(async {
                loop {
                    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
                    match fantoccini::ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
                        Ok(c) => return Ok(c),
                        Err(e) if Instant::now() < deadline => {
                            last_error = e.to_string();
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                        Err(e) => return Err(e.to_string()),
                    }
                }
            });
            match client {
                Ok(client) => {
                    let browser = Browser { runtime, client: Some(client), driver, _profile: profile };
                    browser.set_script_timeout();
                    return Ok(browser);
                }
                Err(e) => {
                    last_error = e;
                    let _ = driver.kill();
                    let _ = driver.wait();
                }
            }
        }
        Err(last_error)
    }

    fn client(&self) -> &fantoccini::Client {
        self.client.as_ref().expect("the session is open")
    }

    fn set_script_timeout(&self) {
        let timeouts = fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(30)),
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(0)),
        );
        let _ = self.runtime.block_on(self.client().update_timeouts(timeouts));
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        super::http::authority(url);
        self.runtime.block_on(self.client().goto(url)).unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Opens the file `path` (`file://`) and waits for it to load.
    pub fn goto_file(&self, path: &Path) {
        let url = format!("file://{}", path.display());
        self.runtime.block_on(self.client().goto(&url)).unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Runs `script` (a function body: use `return`) in the page.
    pub fn try_js(&self, script: &str) -> Result<Value, String> {
        self.runtime.block_on(self.client().execute(script, Vec::new())).map_err(|e| e.to_string())
    }

    /// Runs `script`; panics on a script error.
    pub fn js(&self, script: &str) -> Value {
        self.try_js(script).unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `script` until it returns a truthy value (errors, as during a reload, count as
    /// not yet); returns that value, or panics after `timeout` saying `what` was awaited.
    pub fn wait_until(&self, what: &str, timeout: Duration, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let last = match self.try_js(script) {
                Ok(v) if truthy(&v) => return v,
                Ok(v) => v,
                Err(e) => Value::String(format!("error: {e}")),
            };
            if start.elapsed() > timeout {
                panic!("waited {timeout:?} for {what}; last result: {last}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A PNG of the viewport, for looking at a failure.
    pub fn screenshot(&self, path: &Path) {
        if let Ok(png) = self.runtime.block_on(self.client().screenshot()) {
            let _ = std::fs::write(path, png);
        }
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // Closing the session makes chromedriver stop Chromium; bounded, like every wait.
            let _ =
                self.runtime.block_on(async { tokio::time::timeout(Duration::from_secs(10), client.close()).await });
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
