//! Giving memory back while `serve` idles.
//!
//! mimalloc keeps what a thread freed in that thread's heap and returns it to the system
//! only when the same thread allocates again. A preview server's threads work in bursts
//! (a rebuild, a browser loading pages) and then sleep, so after a burst its memory stayed
//! at its peak. Each worker therefore collects its heap when it goes idle (tokio's
//! `on_thread_park`), at most once a second, woken every second by [`wake_workers`] so that
//! the last burst's garbage goes too; the rebuild thread collects after each rebuild; and
//! file reads use at most four blocking threads, each with its heap, instead of tokio's 512.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// The least time between two collections on one thread.
const EVERY: Duration = Duration::from_secs(1);

thread_local! {
    static LAST: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Returns this thread's free memory to the system now.
pub fn collect() {
    // SAFETY: mi_collect only walks the calling thread's heap and mimalloc's own lists.
    unsafe { libmimalloc_sys::mi_collect(true) };
    LAST.with(|l| l.set(Some(Instant::now())));
}

/// [`collect`], unless this thread collected less than a second ago: for tokio's
/// `on_thread_park`, which runs whenever a worker runs out of work.
pub fn collect_when_idle() {
    if LAST.with(Cell::get).is_none_or(|t| t.elapsed() >= EVERY) {
        collect();
    }
}

/// Wakes a worker every second, so that it parks again and [`collect_when_idle`] runs
/// after the last request of a burst, not only at the next one.
pub async fn wake_workers() {
    let mut tick = tokio::time::interval(Duration::from_millis(1100));
    loop {
        tick.tick().await;
    }
}
