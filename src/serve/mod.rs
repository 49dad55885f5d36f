//! `rapporteur serve`: live preview while drafting.
//!
//! 1. [`watch`]: file events → [`watch::Changes`], a burst of them at a time.
//! 2. [`incremental`]: the changes → the least rendering that keeps the output equal to a
//!    clean build, published only when the site has no error.
//! 3. [`publish`]: the output directory, written file by file, only where bytes changed.
//! 4. [`reload`]: the open pages are told which paths changed, or what the errors are.
//! 5. [`http`]: the output served over HTTP, safely, with the live-reload script injected.
//! 6. [`search`]: the search index, rebuilt on a thread of its own after a burst of edits.
//!
//! Rebuilds run on one thread of their own, one after another, so there is never more than
//! one rebuild and no lock around the site; the server only reads files and the reload
//! state.

pub mod conn;
pub mod hosts;
pub mod http;
pub mod incremental;
pub mod memory;
pub mod publish;
pub mod redact;
pub mod reload;
pub mod search;
pub mod watch;

use std::collections::HashSet;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Diagnostic, Error, Result};
use incremental::{Rebuilt, Workspace};
use publish::LiveOutput;
use reload::LiveReload;
use watch::{Changes, Watcher};

/// Options of `rapporteur serve`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on; `None` is 127.0.0.1.
    pub bind: Option<String>,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Defaults to `<root>/site`, as for `build`.
    pub output: Option<PathBuf>,
    /// Host names answered besides the loopback's ([`hosts`]).
    pub allow_hosts: Vec<String>,
}

/// The address to listen on. Only a loopback address unless the user names another one:
/// a draft is not for the whole network by accident.
pub fn bind_address(bind: Option<&str>) -> Result<IpAddr> {
    match bind {
        None | Some("localhost") => Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        Some(text) => text.parse::<IpAddr>().map_err(|_| {
            Error::Usage(format!("--bind `{text}` is not an IP address: give one such as 127.0.0.1 or ::1"))
        }),
    }
}

/// Builds, serves and rebuilds until the process is stopped.
pub fn run(options: &Options) -> Result<()> {
    let root = options.root.clone();
    if !root.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "there is nothing to serve: {} has no content/ folder; run serve in a site's folder, pass --root, or create a report with `rapporteur new reports/my-report`",
            root.display()
        )));
    }
    let address = bind_address(options.bind.as_deref())?;
    if !address.is_loopback() {
        crate::errln!("warning: serving on {address}: other machines on the network can read the draft");
    }
    let target = options.output.clone().unwrap_or_else(|| root.join("site"));
    let output = LiveOutput::new(&target, &root)?;
    let listener = std::net::TcpListener::bind(SocketAddr::new(address, options.port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| {
            Error::Internal(format!(
                "cannot listen on {address}:{}: {e}; choose another --port (0 picks a free one)",
                options.port
            ))
        })?;
    let local = listener.local_addr().map_err(|e| Error::Internal(format!("the listening socket: {e}")))?;

    // Watch before the first build: an edit saved while it runs is not lost.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = Watcher::start(&root, tx)
        .map_err(|e| Error::Internal(format!("cannot watch {} for changes: {e}", root.display())))?;

    let live = Arc::new(LiveReload::default());
    let indexer = search::Indexer::start(target.clone())
        .map_err(|e| Error::Internal(format!("cannot start the search indexer: {e}")))?;
    let mut workspace = Workspace::new(&root, output).with_indexer(indexer);
    let mut terminal = Terminal::default();
    let first = workspace.rebuild(&Changes::default());
    live.set_base_path(workspace.base_path());
    if let Some(labels) = workspace.overlay_labels() {
        live.set_labels(labels);
    }
    terminal.report(&first, "built", None);
    let redact = redact::Redact::new(&root, &target);
    live.set_error(first.has_errors().then(|| redact.errors(&first.diagnostics)));

    let url = format!("http://{local}{}", workspace.base_path());
    crate::outln!("serving {url}");
    let _ = std::io::stdout().flush();
    if options.open {
        open_in_browser(&url);
    }

    let rebuild_live = Arc::clone(&live);
    let rebuild_root = root.clone();
    let rebuild_target = target.clone();
    std::thread::Builder::new()
        .name("rapporteur rebuild".into())
        .spawn(move || {
            let watched = watcher.root().to_path_buf();
            // After a rebuild failed for want of file handles, memory or disk, try again
            // by itself, waiting longer each time: the edit that failed may be the last.
            let mut retry = lacks_resources(&first.diagnostics).then_some(RETRY_FIRST);
            // Once a site was published, its output folder vanishing (deleted by hand, by a
            // clean script) is noticed within a second and the site written again.
            let mut published = !first.has_errors();
            let marker = rebuild_target.join(crate::write::MARKER);
            loop {
                let wait = retry.unwrap_or(OUTPUT_CHECK);
                let burst = match watch::next_burst_within(&rx, &watched, &rebuild_root, watch::MAX_BURST, wait) {
                    watch::Waited::Burst(b) => b,
                    watch::Waited::Quiet if retry.is_some() || (published && !marker.is_file()) => watch::Burst {
                        changes: Changes { rescan: true, ..Changes::default() },
                        ..watch::Burst::default()
                    },
                    watch::Waited::Quiet => continue,
                    watch::Waited::Gone => break,
                };
                for e in &burst.errors {
                    crate::errln!("warning: file watcher: {e}; reloading everything");
                }
                watcher.refresh();
                if burst.changes.is_empty() {
                    continue;
                }
                let rebuilt = workspace.rebuild(&burst.changes);
                rebuild_live.set_base_path(workspace.base_path());
                if let Some(labels) = workspace.overlay_labels() {
                    rebuild_live.set_labels(labels);
                }
                rebuild_live.publish(&rebuilt.changed);
                rebuild_live.set_error(rebuilt.has_errors().then(|| redact.errors(&rebuilt.diagnostics)));
                terminal.report(&rebuilt, "rebuilt", burst.first);
                memory::collect();
                published |= !rebuilt.has_errors();
                retry = lacks_resources(&rebuilt.diagnostics)
                    .then(|| retry.map_or(RETRY_FIRST, |w| (w * 2).min(RETRY_MAX)));
            }
        })
        .map_err(|e| Error::Internal(format!("cannot start the rebuild thread: {e}")))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // File reads run on blocking threads, each with its own allocator heap that keeps
        // what it freed: a few threads, not tokio's default of 512, bound that memory.
        .max_blocking_threads(4)
        .thread_keep_alive(std::time::Duration::from_secs(2))
        .on_thread_park(memory::collect_when_idle)
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("cannot start the HTTP server's threads: {e}")))?;
    let app = Arc::new(http::App { dir: target, live, hosts: hosts::Hosts::new(address, &options.allow_hosts) });
    runtime
        .block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            tokio::spawn(memory::wake_workers());
            tokio::select! {
                served = http::serve(listener, app) => served,
                _ = shutdown() => Ok(()),
            }
        })
        .map_err(|e| Error::Internal(format!("serving {url}: {e}")))
}

/// How often, with nothing to do, the rebuild thread checks that the output still exists.
const OUTPUT_CHECK: std::time::Duration = std::time::Duration::from_secs(1);
const RETRY_FIRST: std::time::Duration = std::time::Duration::from_millis(250);
const RETRY_MAX: std::time::Duration = std::time::Duration::from_secs(5);

/// Whether a rebuild failed because the system ran out of something (file handles,
/// memory, disk space) rather than because of the site: worth retrying unasked.
fn lacks_resources(diags: &[Diagnostic]) -> bool {
    #[cfg(unix)]
    let codes = [libc::EMFILE, libc::ENFILE, libc::ENOMEM, libc::ENOSPC];
    #[cfg(not(unix))]
    let codes: [i32; 0] = [];
    let texts: Vec<String> = codes.iter().map(|&c| std::io::Error::from_raw_os_error(c).to_string()).collect();
    diags.iter().filter(|d| d.is_error()).any(|d| texts.iter().any(|t| d.message.contains(t.as_str())))
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// What the terminal has been told, so each diagnostic is printed once while it lasts.
#[derive(Default)]
struct Terminal {
    shown: HashSet<String>,
    had_errors: bool,
}

impl Terminal {
    /// Prints what a rebuild found and did; `since` is when the change that caused it
    /// happened, to tell how long the reader waited.
    fn report(&mut self, rebuilt: &Rebuilt, verb: &str, since: Option<std::time::Instant>) {
        let styled = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let mut now = HashSet::new();
        for item in crate::error::shown(&rebuilt.diagnostics) {
            let d = match item {
                crate::error::Shown::Diagnostic(d) => d,
                crate::error::Shown::More(line) => {
                    if !self.shown.contains(&line) {
                        crate::errln!("{line}\n");
                    }
                    now.insert(line);
                    continue;
                }
            };
            let plain = d.render();
            if !self.shown.contains(&plain) {
                crate::errln!("{}\n", if styled { d.render_styled() } else { plain.clone() });
            }
            now.insert(plain);
        }
        self.shown = now;
        let errors = rebuilt.diagnostics.iter().filter(|d| d.is_error()).count();
        let ms = rebuilt.elapsed.as_secs_f64() * 1000.0;
        if errors > 0 {
            crate::errln!(
                "error: {errors} error{} found; the last good site is still served",
                if errors == 1 { "" } else { "s" }
            );
        } else if self.had_errors {
            crate::outln!("fixed: the site has no errors");
        }
        self.had_errors = errors > 0;
        let waited = since
            .map_or_else(String::new, |t| format!(", {:.1} ms after the save", t.elapsed().as_secs_f64() * 1000.0));
        crate::outln!(
            "{verb} in {ms:.1} ms ({}): {} pages rendered, {} files changed{waited}",
            rebuilt.kind,
            rebuilt.rendered,
            rebuilt.changed.len()
        );
        let _ = std::io::stdout().flush();
    }
}

/// Opens `url` with the desktop's default browser; failing is not an error.
fn open_in_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    match command {
        // Reap it when it exits, so it does not linger as a zombie while `serve` runs.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => crate::errln!("warning: could not open a browser ({e}); open {url} yourself"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_loopback_unless_told_otherwise() {
        assert_eq!(bind_address(None).unwrap(), IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert_eq!(bind_address(Some("localhost")).unwrap(), IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert!(bind_address(Some("::1")).unwrap().is_loopback());
        assert!(!bind_address(Some("0.0.0.0")).unwrap().is_loopback());
        assert!(bind_address(Some("example.org")).is_err());
    }

    #[test]
    fn a_rebuild_short_of_file_handles_is_retried_and_a_bad_site_is_not() {
        let path = std::path::Path::new("content/a.md");
        let emfile = std::io::Error::from_raw_os_error(libc::EMFILE);
        let short = Diagnostic::file(crate::Severity::Error, path, format!("cannot read the file: {emfile}"));
        let bad = Diagnostic::file(crate::Severity::Error, path, "front matter: missing `title`");
        assert!(lacks_resources(&[bad.clone(), short]));
        assert!(!lacks_resources(&[bad]));
    }
}
