//! `documents.yaml` at the site root, optional: the titles of documents the site cites but
//! does not hold, for the documents index.
//!
//! ```yaml
//! A/75/816:
//!   zh: 2019-2021 年信息和通信技术安全和使用问题不限成员名额工作组的报告
//!   en: Report of the Open-ended working group …
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Diagnostic, Severity};

/// Symbol → language code → title.
pub type Titles = BTreeMap<String, BTreeMap<String, String>>;

/// Reads `documents.yaml` in `root` if there is one; a problem is an error at its line.
pub fn load(root: &Path) -> (Titles, Vec<Diagnostic>) {
    let path = root.join("documents.yaml");
    if !path.is_file() {
        return (Titles::new(), Vec::new());
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let d = Diagnostic::file(Severity::Error, &path, format!("cannot read: {e}"));
            return (Titles::new(), vec![d]);
        }
    };
    if text.trim().is_empty() {
        return (Titles::new(), Vec::new());
    }
    match crate::yaml::parse::<Titles>(&text) {
        Ok(titles) => (titles, Vec::new()),
        Err(e) => {
            let d = Diagnostic::at_line_column(Severity::Error, &path, &text, e.line, e.column, e.message)
                .with_help("write each symbol as a key, with a title per language code under it (`A/75/816:` then `  en: Report of …`)");
            (Titles::new(), vec![d])
        }
    }
}
