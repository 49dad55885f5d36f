//! Printing to the terminal without panicking.
//!
//! `println!` panics when its stream is closed (`rapporteur build | head -1`), which would
//! turn a site that was written fine into exit status 101. A closed pipe only means nobody
//! reads any more: like `grep` or `ripgrep`, rapporteur then stops printing and carries on,
//! and its exit status still says whether the build succeeded.

use std::fmt::Arguments;
use std::io::Write as _;

/// Writes one line to standard output; a closed or failing stream is ignored.
pub fn out(args: Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(args).and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush());
}

/// Writes one line to standard error; a closed or failing stream is ignored.
pub fn err(args: Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// `println!` that never panics (see [`out`]).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => { $crate::console::out(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics (see [`err`]).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::console::err(format_args!($($arg)*)) };
}
