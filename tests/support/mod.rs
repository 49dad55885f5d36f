//! Helpers shared by integration tests: `mod support;` in a test file brings them in.
//!
//! - [`site`]: the real binary run on small sites made for the test (re-exported here).
//! - [`http`]: a plain blocking HTTP/1.1 client over `TcpStream`, loopback only, and a
//!   reader of Server-Sent Events.
//! - [`server`]: `rapporteur serve` started on a temporary copy of a fixture site.
//! - [`browser`]: headless Chromium through chromedriver, skipped (loudly) when absent.
//! - [`statics`]: a static file server for a built site.
//! - [`skip`]: how a test skips for lack of a tool, and the record of what was skipped.
//!
//! Every wait has a timeout; nothing here reaches beyond 127.0.0.1.
#![allow(dead_code, unused_imports, clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod http;
pub mod server;
pub mod site;
pub mod skip;
pub mod statics;

pub use site::*;
