//! Edit-to-page latency of `rapporteur serve`: append a marker paragraph to a report file,
//! poll the page's URL until the served HTML contains the marker.
//!
//! The server is started on port 0 in its own process group; its address is read from
//! what it prints. The edited file is restored byte for byte and the server stopped (its
//! process group, by id) whatever happens, by [`Session`]'s `Drop`.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::Res;

/// Medians and spread of the edit latency.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Latency {
    /// Seconds from launch until the page first answered 200 (includes the initial build).
    pub startup: f64,
    pub edits: Vec<f64>,
    pub min_med_max: [f64; 3],
    pub failures: usize,
}

/// Whether the binary has a `serve` command, and whether that takes `--output`.
fn serve_help(bin: &Path) -> Option<bool> {
    let out = Command::new(bin).args(["serve", "--help"]).stdin(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).contains("--output"))
}

/// A running server and the file being edited; both put back on drop.
struct Session {
    child: Child,
    file: PathBuf,
    original: Vec<u8>,
    /// A copy of the file, kept until it is restored: a run killed before it could restore
    /// the file is repaired by the next one.
    backup: PathBuf,
}

impl Drop for Session {
    fn drop(&mut self) {
        match std::fs::write(&self.file, &self.original) {
            Ok(()) => drop(std::fs::remove_file(&self.backup)),
            Err(e) => eprintln!("bench: could not restore {}: {e}", self.file.display()),
        }
        let pgid = self.child.id() as libc::pid_t;
        // SAFETY: signalling the process group we created for our own child.
        unsafe { libc::kill(-pgid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() > deadline => {
                    // SAFETY: as above.
                    unsafe { libc::kill(-pgid, libc::SIGKILL) };
                    let _ = self.child.wait();
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }
}

/// Measures `edits` edits of report `slug`'s Chinese file; `None` when serve is missing.
pub fn measure(
    bin: &Path,
    root: &Path,
    output: &Path,
    slug: &str,
    page: &str,
    edits: usize,
    settle_ms: u64,
) -> Res<Option<Latency>> {
    println!("\n   serve: edit → page latency ({})", if page.is_empty() { "the report page" } else { page });
    let Some(takes_output) = serve_help(bin) else {
        println!("   serve: `rapporteur serve` is not available in this build; skipped");
        return Ok(None);
    };
    let file = root.join(format!("content/reports/{slug}/index.zh.md"));
    let backup = root.with_file_name(format!("serve-edit-backup-{slug}.md"));
    if backup.is_file() {
        // An earlier run was killed while editing: put the corpus back first.
        std::fs::copy(&backup, &file)?;
    }
    let original = std::fs::read(&file)?;
    std::fs::write(&backup, &original)?;
    let launched = Instant::now();
    let mut cmd = Command::new(bin);
    cmd.args(["serve", "--root"]).arg(root).args(["--bind", "127.0.0.1", "--port", "0"]);
    if takes_output {
        if output.exists() {
            std::fs::remove_dir_all(output)?;
        }
        cmd.arg("--output").arg(output);
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0);
    // SAFETY: prctl is async-signal-safe; the server gets SIGTERM if this process dies
    // (Ctrl-C reaches only the foreground group, which the server is not in).
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            Ok(())
        })
    };
    let mut child = cmd.spawn()?;
    // Read both streams on threads; lines go to a channel so we can look for the port.
    let (tx, rx) = mpsc::channel::<String>();
    if let Some(out) = child.stdout.take() {
        let tx = tx.clone();
        std::thread::spawn(move || BufReader::new(out).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
    }
    if let Some(err) = child.stderr.take() {
        std::thread::spawn(move || BufReader::new(err).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
    }
    let mut session = Session { child, file: file.clone(), original, backup };

    let port_re = regex::Regex::new(r"(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\]):(\d{1,5})")?;
    let deadline = Instant::now() + Duration::from_secs(900);
    let port: u16 = loop {
        if let Ok(Some(status)) = session.child.try_wait() {
            return Err(format!("rapporteur serve exited early ({status})").into());
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(line) => {
                if let Some(p) = port_re.captures(&line).and_then(|c| c[1].parse().ok()).filter(|&p| p != 0) {
                    break p;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < deadline => {}
            Err(_) => return Err("rapporteur serve printed no 127.0.0.1:<port> address".into()),
        }
    };
    let path = format!("/zh/reports/{slug}/{page}");
    let url = format!("http://127.0.0.1:{port}{path}");
    loop {
        if matches!(get(port, &path), Ok((200, _))) {
            break;
        }
        if let Ok(Some(status)) = session.child.try_wait() {
            return Err(format!("rapporteur serve exited early ({status})").into());
        }
        if Instant::now() > deadline {
            return Err(format!("{url} did not answer 200").into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let startup = launched.elapsed().as_secs_f64();
    println!("   serve: {url} first answered 200 after {startup:.3} s");

    let mut latencies = Vec::new();
    let mut failures = 0;
    let nonce = std::process::id();
    for i in 0..edits {
        std::thread::sleep(Duration::from_millis(settle_ms));
        // Drain what the server printed meanwhile.
        while rx.try_recv().is_ok() {}
        let marker = format!("WATCHMARK{i:02}x{nonce:x}");
        let t0 = Instant::now();
        {
            let mut f = std::fs::OpenOptions::new().append(true).open(&file)?;
            f.write_all(format!("\n\n{marker}\n").as_bytes())?;
        }
        let seen = loop {
            if let Ok((200, body)) = get(port, &path)
                && body.contains(&marker)
            {
                break true;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        if seen {
            let dt = t0.elapsed().as_secs_f64();
            eprintln!("   serve: edit {:>2}: {:.3} s", i + 1, dt);
            latencies.push(dt);
        } else {
            failures += 1;
            eprintln!("   serve: edit {:>2}: marker not seen within 60 s", i + 1);
        }
    }
    drop(session);
    let mut sorted = latencies.clone();
    sorted.sort_by(f64::total_cmp);
    let mmm = if sorted.is_empty() {
        [f64::NAN; 3]
    } else {
        let n = sorted.len();
        let med = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
        [sorted[0], med, sorted[n - 1]]
    };
    println!(
        "   serve: edit → page, {} edits: min {:.3} s  median {:.3} s  max {:.3} s  failures {failures}",
        latencies.len(),
        mmm[0],
        mmm[1],
        mmm[2]
    );
    Ok(Some(Latency { startup, edits: latencies, min_med_max: mmm, failures }))
}

/// A plain HTTP/1.1 GET on 127.0.0.1: (status, body).
fn get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCache-Control: no-cache\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else { return Ok((0, String::new())) };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let chunked = head.lines().any(|l| l.starts_with("transfer-encoding:") && l.contains("chunked"));
    let body = if chunked { dechunk(body) } else { body.to_vec() };
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

/// The payload of a chunked transfer encoding.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&body[..eol]);
        let Ok(n) = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16) else { break };
        let rest = &body[eol + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        body = rest.get(n + 2..).unwrap_or_default();
    }
    out
}
