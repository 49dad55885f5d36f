//! rapporteur: a static site generator for United Nations progress reports.
//!
//! The pipeline, one module per stage: `config` → `content` (loading by unit) →
//! [`markdown`] (adapters over pulldown-cmark events, with [`symbol`], the recogniser) →
//! `render` (the engine: a plan of pages through the theme's Tera templates) → `write`.
//! [`build`] and [`check`] render the plan of everything, [`serve`] plans from the changes;
//! [`new_report`] creates reports.
//!
//! The library's surface is what the binary, the tests and the benchmarks use: the commands,
//! the diagnostics, and the two stages that are tested and measured on their own (the
//! Markdown chain and the recogniser).

// Diagnostics are returned by value on the error path only, where their size costs nothing.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

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

mod align;
mod check;
mod config;
pub mod console;
mod content;
mod error;
pub mod markdown;
mod pipeline;
mod proofread;
mod redline;
mod relative;
mod render;
mod routes;
mod scaffold;
mod search;
mod serve;
mod source;
mod staging;
pub mod symbol;
mod theme;
mod write;
mod yaml;

pub use content::front_matter::parse as parse_front_matter;
pub use error::{Diagnostic, Error, Excerpt, Location, Result, SHOWN_PER_FILE, Severity, Shown, shown};
pub use pipeline::{BuildOptions, Outcome, build, check};
pub use scaffold::{NewReport, new_report};
pub use serve::{Options as ServeOptions, run as serve};
