//! rapporteur: a static site generator for United Nations progress reports.
//!
//! The pipeline, one module per stage:
//! [`config`] → [`content`] (load) → [`markdown`] (adapters over pulldown-cmark events) →
//! [`render`] (Tera templates from [`theme`]) → [`write`]. [`pipeline`] runs the stages for
//! `build` and `check`; [`check`] adds the site-wide checks; [`scaffold`] creates reports.

// Diagnostics are returned by value on the error path only, where their size costs nothing.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod console;
pub mod content;
pub mod error;
pub mod markdown;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod staging;
pub mod symbol;
pub mod theme;
pub mod write;
pub mod yaml;

pub use error::{Diagnostic, Error, Result, Severity};
