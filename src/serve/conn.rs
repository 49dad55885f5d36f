//! Connections of the preview server: how many, and for how long.
//!
//! A browser keeps connections open, and so can anything else on the machine. Without
//! limits each one costs a file handle for ever, and once the process runs out of handles
//! it can neither answer nor rebuild. So:
//!
//! - at most [`Limits::max`] connections at once, derived from the process's file-handle
//!   limit so that handles remain for rebuilding; the others wait in the listen queue;
//! - a request's headers must arrive within [`HEADER_TIMEOUT`] (hyper's own timer, which
//!   also closes a kept-alive connection that sends no next request);
//! - a connection with no traffic for [`IDLE`] is closed, after [`IDLE_UNDER_PRESSURE`]
//!   once three quarters of the slots are taken (an event stream sends a keep-alive every
//!   15 s, so an open page is never idle; under pressure it simply reconnects);
//! - when accepting fails (no handle left), the loop waits a moment and tries again.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
pub const IDLE: Duration = Duration::from_secs(60);
pub const IDLE_UNDER_PRESSURE: Duration = Duration::from_secs(1);
/// File handles kept free for rebuilding (content, templates, output files, the watcher).
const RESERVED_HANDLES: u64 = 64;

/// How many connections to keep at most.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max: usize,
}

impl Limits {
    /// From the process's soft limit on open files, leaving [`RESERVED_HANDLES`] free.
    pub fn from_system() -> Limits {
        Limits {
            max: usize::try_from(open_files_limit().saturating_sub(RESERVED_HANDLES)).unwrap_or(1024).clamp(4, 1024),
        }
    }
}

fn open_files_limit() -> u64 {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes into the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
            return limit.rlim_cur;
        }
    }
    1024 + RESERVED_HANDLES
}

/// Serves `router` on `listener` within `limits`, until the process ends.
pub async fn serve(listener: TcpListener, router: Router, limits: Limits) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max));
    let active = Arc::new(AtomicUsize::new(0));
    let epoch = Instant::now();
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { return Ok(()) };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of handles (or a connection reset before it was taken): the next
                // closing connection or rebuild frees one.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let last = Arc::new(AtomicU64::new(elapsed_ms(epoch)));
        let io = TokioIo::new(Tracked { inner: stream, last: Arc::clone(&last), epoch });
        let service = TowerToHyperService::new(router.clone());
        let active = Arc::clone(&active);
        let pressure = limits.max * 3 / 4;
        tokio::spawn(async move {
            let _slot = slot;
            active.fetch_add(1, Ordering::Relaxed);
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(io, service);
            tokio::pin!(connection);
            let idle = async {
                loop {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    let limit = if active.load(Ordering::Relaxed) >= pressure { IDLE_UNDER_PRESSURE } else { IDLE };
                    let quiet = elapsed_ms(epoch).saturating_sub(last.load(Ordering::Relaxed));
                    if Duration::from_millis(quiet) >= limit {
                        break;
                    }
                }
            };
            tokio::select! {
                _ = connection.as_mut() => {}
                () = idle => {}
            }
            active.fetch_sub(1, Ordering::Relaxed);
        });
    }
}

fn elapsed_ms(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A stream that notes when bytes last went through it.
struct Tracked<S> {
    inner: S,
    last: Arc<AtomicU64>,
    epoch: Instant,
}

impl<S> Tracked<S> {
    fn touch(&self) {
        self.last.store(elapsed_ms(self.epoch), Ordering::Relaxed);
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Tracked<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.touch();
        }
        poll
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Tracked<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        poll
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
