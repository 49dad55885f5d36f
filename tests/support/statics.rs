//! A static file server on 127.0.0.1 for one folder, as a reader's web host serves a built
//! site: files only, `index.html` for a folder, the site's `404.html` for misses.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The path inside the folder for a request path: percent-escapes decoded, `..` refused.
fn relative(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    let rel = decoded.trim_start_matches('/');
    if rel.split('/').any(|p| p == "..") {
        return None;
    }
    Some(rel.to_string())
}

/// A static file server on 127.0.0.1 for one folder; stops when dropped.
pub struct StaticServer {
    /// `http://127.0.0.1:PORT`, without a final `/`.
    pub base: String,
    /// Every response so far: the request path and the bytes of its body.
    served: Arc<Mutex<Vec<(String, usize)>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    /// Serves the folder `root`.
    pub fn start(root: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let served = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&served);
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let root = root.clone();
                        let log = Arc::clone(&log);
                        std::thread::spawn(move || serve_one(stream, &root, &log));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
        });
        StaticServer { base, served, stop, thread: Some(thread) }
    }

    /// The responses since the last call: request path and body bytes.
    pub fn take_served(&self) -> Vec<(String, usize)> {
        self.served.lock().map(|mut s| std::mem::take(&mut *s)).unwrap_or_default()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_one(stream: TcpStream, root: &Path, log: &Mutex<Vec<(String, usize)>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, file) = match relative(path) {
        Some(rel) => {
            let p = root.join(&rel);
            let p = if p.is_dir() { p.join("index.html") } else { p };
            if p.is_file() { ("200 OK", p) } else { ("404 Not Found", root.join("404.html")) }
        }
        None => ("404 Not Found", root.join("404.html")),
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let mime = match file.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if stream.write_all(&body).is_ok()
        && let Ok(mut log) = log.lock()
    {
        log.push((path.to_string(), body.len()));
    }
}
