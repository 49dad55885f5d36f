//! A plain blocking HTTP/1.1 client, enough for tests: one request per connection, the
//! path sent exactly as given (so tests can send `..`, `%2e%2e` or backslashes that a real
//! client would clean up), chunked bodies decoded. Refuses any host but the loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `host:port` of an `http://` URL on the loopback.
pub fn authority(url: &str) -> String {
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let authority = rest.split('/').next().unwrap_or_default().to_string();
    let host = authority.rsplit_once(':').map_or(authority.as_str(), |(h, _)| h);
    assert!(["127.0.0.1", "localhost", "[::1]"].contains(&host), "tests only talk to the loopback, not {authority}");
    authority
}

fn connect(base: &str) -> TcpStream {
    let stream = TcpStream::connect(authority(base)).expect("connect to the server");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    stream.set_write_timeout(Some(Duration::from_secs(30))).expect("timeout");
    stream
}

/// Sends `method path` to the server at `base` (`http://127.0.0.1:PORT`, any path ignored).
pub fn request(base: &str, method: &str, path: &str) -> Response {
    let mut stream = connect(base);
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
        authority(base)
    );
    stream.write_all(head.as_bytes()).expect("send");
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let mut body = Vec::new();
    if method != "HEAD" && status != 304 && status != 204 {
        if chunked {
            while let Some(chunk) = read_chunk(&mut reader) {
                body.extend(chunk);
            }
        } else if let Some(n) = length {
            body.resize(n, 0);
            reader.read_exact(&mut body).expect("body");
        } else {
            reader.read_to_end(&mut body).expect("body");
        }
    }
    Response { status, headers, body }
}

/// GET `path` from `base`.
pub fn get(base: &str, path: &str) -> Response {
    request(base, "GET", path)
}

fn read_head(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    (status, headers)
}

/// One chunk of a chunked body; `None` at the last (empty) chunk.
fn read_chunk(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or_default(), 16).ok()?;
    if size == 0 {
        return None;
    }
    let mut chunk = vec![0; size + 2];
    reader.read_exact(&mut chunk).ok()?;
    chunk.truncate(size);
    Some(chunk)
}

/// One Server-Sent Event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    pub event: String,
    pub data: String,
}

/// A connection to an event stream.
pub struct EventStream {
    reader: BufReader<TcpStream>,
    pending: String,
}

impl EventStream {
    /// Opens `path` on the server at `base`.
    pub fn open(base: &str, path: &str) -> EventStream {
        let mut stream = connect(base);
        stream.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
        let head = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", authority(base));
        stream.write_all(head.as_bytes()).expect("send");
        let mut reader = BufReader::new(stream);
        reader.get_ref().set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        let (status, _) = read_head(&mut reader);
        assert_eq!(status, 200, "event stream status");
        reader.get_ref().set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
        EventStream { reader, pending: String::new() }
    }

    /// The next event that is not a keep-alive comment, within `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Option<SseEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(at) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..at + 2).collect();
                let mut event = SseEvent { event: "message".into(), data: String::new() };
                let mut any = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event.event = v.trim().to_string();
                        any = true;
                    } else if let Some(v) = line.strip_prefix("data:") {
                        if !event.data.is_empty() {
                            event.data.push('\n');
                        }
                        event.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                        any = true;
                    }
                }
                if any {
                    return Some(event);
                }
                continue;
            }
            if Instant::now() > deadline {
                return None;
            }
            // The stream is chunked: take each chunk's payload.
            match read_chunk_timeout(&mut self.reader) {
                Ok(Some(bytes)) => self.pending.push_str(&String::from_utf8_lossy(&bytes).replace("\r\n", "\n")),
                Ok(None) => return None,
                Err(()) => {}
            }
        }
    }

    /// Waits for an event named `name`, skipping others; panics after `timeout`.
    pub fn expect(&mut self, name: &str, timeout: Duration) -> SseEvent {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Some(e) = self.next(deadline.saturating_duration_since(Instant::now())) {
                if e.event == name {
                    return e;
                }
                seen.push(e);
            }
        }
        panic!("no `{name}` event within {timeout:?}; saw {seen:?}");
    }
}

/// One chunk, `Err` on a read timeout (the stream stays usable), `Ok(None)` at the end.
fn read_chunk_timeout(reader: &mut BufReader<TcpStream>) -> Result<Option<Vec<u8>>, ()> {
    let mut line = String::new();
    match reader.read_line(&mut line) {
        Ok(0) => return Ok(None),
        Ok(_) => {}
        Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
            if line.is_empty() {
                return Err(());
            }
            // Part of a size line arrived: finish it with a longer wait.
            reader.get_ref().set_read_timeout(Some(Duration::from_secs(10))).map_err(|_| ())?;
            let mut rest = String::new();
            reader.read_line(&mut rest).map_err(|_| ())?;
            line.push_str(&rest);
        }
        Err(_) => return Ok(None),
    }
    let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or_default(), 16).map_err(|_| ())?;
    if size == 0 {
        return Ok(None);
    }
    reader.get_ref().set_read_timeout(Some(Duration::from_secs(10))).map_err(|_| ())?;
    let mut chunk = vec![0; size + 2];
    let result = reader.read_exact(&mut chunk);
    reader.get_ref().set_read_timeout(Some(Duration::from_millis(200))).map_err(|_| ())?;
    result.map_err(|_| ())?;
    chunk.truncate(size);
    Ok(Some(chunk))
}
