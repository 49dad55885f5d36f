//! `rapporteur serve` under load while its content changes: 20 clients on keep-alive
//! connections read report pages for 30 s while one report is saved every 50 ms, each save
//! changing its title and its body together.
//!
//! Every response is checked: errors (a failed connection, a status other than 200), torn
//! pages (a body shorter than announced, or without its closing `</html>`) and mixed pages
//! (the edited report's title from one save, its body from another). The server's memory
//! (VmRSS) is read before the load, at its end, and after ten idle seconds. Loopback only.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::Res;

/// What a load run measured.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Load {
    pub clients: usize,
    pub seconds: f64,
    pub requests: u64,
    pub errors: u64,
    pub torn: u64,
    pub mixed: u64,
    pub saves: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub rss_before_mib: f64,
    pub rss_peak_mib: f64,
    pub rss_end_mib: f64,
    pub rss_idle_mib: f64,
}

fn rss_mib(pid: u32, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// Runs the load against a copy-free `serve` of `root` (its report `slug` is edited and put
/// back byte for byte).
pub fn run(bin: &Path, root: &Path, output: &Path, slug: &str, clients: usize, secs: u64) -> Res<Load> {
    println!("\n   serve under load: {clients} clients, {secs} s, one report saved every 50 ms");
    let file = root.join(format!("content/reports/{slug}/index.zh.md"));
    let original = std::fs::read_to_string(&file)?;
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()?;
    let pid = child.id();
    let restore = Restore { file: file.clone(), original: original.clone(), pid };
    let out = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(out).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("serving ").map(str::to_string))
        .ok_or("serve printed no address")?;
    std::thread::spawn(move || lines.for_each(drop));
    let port: u16 = url.rsplit(':').next().and_then(|p| p.trim_end_matches('/').parse().ok()).ok_or("no port")?;
    let reports: Vec<String> = std::fs::read_dir(root.join("content/reports"))?
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .take(200)
        .collect();
    let edited = format!("/zh/reports/{slug}/");
    std::thread::sleep(Duration::from_secs(2));
    let rss_before = rss_mib(pid, "VmRSS:");

    let stop = Arc::new(AtomicBool::new(false));
    let saves = Arc::new(AtomicU64::new(0));
    let editor = {
        let (stop, saves, file) = (Arc::clone(&stop), Arc::clone(&saves), file.clone());
        let original = original.clone();
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let text = with_revision(&original, n);
                if std::fs::write(&file, text).is_ok() {
                    saves.fetch_add(1, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let peak = Arc::new(AtomicU64::new(rss_before.to_bits()));
    let sampler = {
        let (stop, peak) = (Arc::clone(&stop), Arc::clone(&peak));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let now = rss_mib(pid, "VmRSS:");
                if now > f64::from_bits(peak.load(Ordering::Relaxed)) {
                    peak.store(now.to_bits(), Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(secs);
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let reports = reports.clone();
            let edited = edited.clone();
            std::thread::spawn(move || client(port, c, &reports, &edited, deadline))
        })
        .collect();
    let mut total = Tally::default();
    for w in workers {
        let t = w.join().map_err(|_| "a client panicked")?;
        total.add(t);
    }
    stop.store(true, Ordering::Relaxed);
    let _ = editor.join();
    let _ = sampler.join();
    let rss_end = rss_mib(pid, "VmRSS:");
    std::thread::sleep(Duration::from_secs(10));
    let rss_idle = rss_mib(pid, "VmRSS:");
    drop(restore);
    let _ = child.wait();

    total.latencies.sort_unstable();
    let pct = |p: f64| {
        let l = &total.latencies;
        if l.is_empty() { f64::NAN } else { l[((l.len() - 1) as f64 * p) as usize] as f64 / 1000.0 }
    };
    let load = Load {
        clients,
        seconds: secs as f64,
        requests: total.requests,
        errors: total.errors,
        torn: total.torn,
        mixed: total.mixed,
        saves: saves.load(Ordering::Relaxed),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        rss_before_mib: rss_before,
        rss_peak_mib: f64::from_bits(peak.load(Ordering::Relaxed)),
        rss_end_mib: rss_end,
        rss_idle_mib: rss_idle,
    };
    println!(
        "   load: {} requests ({:.0}/s), {} errors, {} torn, {} mixed, {} saves; p50 {:.2} ms, p99 {:.2} ms",
        load.requests,
        load.requests as f64 / load.seconds,
        load.errors,
        load.torn,
        load.mixed,
        load.saves,
        load.p50_ms,
        load.p99_ms
    );
    println!(
        "   serve RSS: {:.0} MiB before, {:.0} MiB peak, {:.0} MiB at the end, {:.0} MiB after 10 s idle",
        load.rss_before_mib, load.rss_peak_mib, load.rss_end_mib, load.rss_idle_mib
    );
    Ok(load)
}

/// The report with revision `n` in its title and at the top of its body.
fn with_revision(original: &str, n: u64) -> String {
    let mut text = String::with_capacity(original.len() + 64);
    let mut in_front = false;
    let mut body_marked = false;
    for (i, line) in original.lines().enumerate() {
        if i == 0 && line == "---" {
            in_front = true;
        } else if in_front && line == "---" {
            in_front = false;
            text.push_str(line);
            text.push_str(&format!("\n\nLOADREV-BODY-{n}-END\n"));
            body_marked = true;
            continue;
        } else if in_front && line.starts_with("title:") {
            text.push_str(&format!("title: LOADREV-TITLE-{n}-END\n"));
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    if !body_marked {
        text.push_str(&format!("\nLOADREV-BODY-{n}-END\n"));
    }
    text
}

fn revision(page: &str, tag: &str) -> Option<u64> {
    let at = page.find(tag)? + tag.len();
    page[at..].split("-END").next()?.parse().ok()
}

#[derive(Default)]
struct Tally {
    requests: u64,
    errors: u64,
    torn: u64,
    mixed: u64,
    /// Microseconds.
    latencies: Vec<u64>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.requests += other.requests;
        self.errors += other.errors;
        self.torn += other.torn;
        self.mixed += other.mixed;
        self.latencies.extend(other.latencies);
    }
}

/// One client: keep-alive requests, every fourth one for the edited report.
fn client(port: u16, id: usize, reports: &[String], edited: &str, deadline: Instant) -> Tally {
    let mut t = Tally::default();
    let mut conn: Option<BufReader<TcpStream>> = None;
    let mut i = id;
    while Instant::now() < deadline {
        i += 1;
        let path = if i.is_multiple_of(4) || reports.is_empty() {
            edited.to_string()
        } else {
            format!("/zh/reports/{}/", reports[i % reports.len()])
        };
        let start = Instant::now();
        let result = conn.take().map_or_else(|| connect(port), Ok).and_then(|c| request(c, port, &path));
        t.requests += 1;
        match result {
            Ok((c, status, body, complete)) => {
                t.latencies.push(start.elapsed().as_micros() as u64);
                if status != 200 {
                    t.errors += 1;
                }
                let page = String::from_utf8_lossy(&body);
                if !complete || !page.trim_end().ends_with("</html>") {
                    t.torn += 1;
                }
                if let (Some(a), Some(b)) = (revision(&page, "LOADREV-TITLE-"), revision(&page, "LOADREV-BODY-"))
                    && a != b
                {
                    t.mixed += 1;
                }
                conn = Some(c);
            }
            Err(_) => t.errors += 1,
        }
    }
    t
}

fn connect(port: u16) -> std::io::Result<BufReader<TcpStream>> {
    let s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.set_nodelay(true)?;
    Ok(BufReader::new(s))
}

/// One GET on a kept-alive connection: the connection, status, body and whether the body
/// was as long as announced.
fn request(
    mut c: BufReader<TcpStream>,
    port: u16,
    path: &str,
) -> std::io::Result<(BufReader<TcpStream>, u16, Vec<u8>, bool)> {
    write!(c.get_mut(), "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")?;
    let mut line = String::new();
    c.read_line(&mut line)?;
    let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = None;
    loop {
        let mut h = String::new();
        if c.read_line(&mut h)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':')
            && n.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let Some(n) = length else { return Err(std::io::Error::other("no content-length")) };
    let mut body = vec![0; n];
    let complete = c.read_exact(&mut body).is_ok();
    Ok((c, status, body, complete))
}

/// Puts the edited file back and stops the server, whatever happened.
struct Restore {
    file: std::path::PathBuf,
    original: String,
    pid: u32,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.file, &self.original);
        // SAFETY: signalling the process group created for our own child.
        unsafe { libc::kill(-(self.pid as libc::pid_t), libc::SIGTERM) };
    }
}
