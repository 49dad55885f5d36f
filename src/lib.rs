//! rapporteur: a static site generator for United Nations progress reports.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`content`] (load) → [`markdown`] (adapters over pulldown-cmark events) →
//! [`render`] (Tera templates from [`theme`]) → [`write`]. [`pipeline`] runs the stages for
//! `build` and `check`; [`check`] adds the site-wide checks; [`scaffold`] creates reports.

// Diagnostics are returned by value on the error path only, where their size costs nothing.
#![allow(clippy::result_large_err)]

/// A regex compiled once from a pattern written in the source, as `&'static Regex`. The lint
/// policy forbids `expect`, but a fixed pattern that does not compile is a bug that every
/// test reaching it finds, not a user's error: this is the one place that says so.
macro_rules! static_regex {
    ($pattern:expr) => {{
        static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            #[allow(clippy::expect_used)]
            regex::Regex::new($pattern).expect("a pattern written in the source compiles")
        });
        &*RE
    }};
}

pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod markdown;
pub mod pipeline;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod symbol;
pub mod theme;
pub mod write;
pub mod yaml;

pub use error::{Diagnostic, Error, Result, Severity};
