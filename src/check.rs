//! Site-wide checks that need every page rendered first: paragraph numbering and the
//! structure of translations.

use std::collections::BTreeSet;

use crate::content::Site;
use crate::error::{Diagnostic, Severity};
use crate::render::PageSummary;

/// Every site-wide problem, as diagnostics.
pub fn site(site: &Site, summaries: &[PageSummary]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for report in &site.reports {
        let pages: Vec<&PageSummary> = summaries.iter().filter(|s| s.report == report.key()).collect();
        let Some(first) = pages.first() else { continue };
        for other in pages.iter().skip(1) {
            if let Some(d) = structure_mismatch(report, first, other) {
                diags.push(d);
            }
        }
    }
    diags
}

/// A warning naming the first id present in one language version and not the other.
fn structure_mismatch(report: &crate::content::Report, a: &PageSummary, b: &PageSummary) -> Option<Diagnostic> {
    let structural =
        |s: &PageSummary| -> BTreeSet<String> { s.ids.iter().filter(|id| !id.starts_with("fn")).cloned().collect() };
    let (ia, ib) = (structural(a), structural(b));
    let only_a = ia.difference(&ib).next();
    let only_b = ib.difference(&ia).next();
    let (id, has, lacks) = match (only_a, only_b) {
        (Some(id), _) => (id, &a.lang, &b.lang),
        (None, Some(id)) => (id, &b.lang, &a.lang),
        (None, None) => return None,
    };
    let path = report.version(lacks).map(|v| v.path.clone()).unwrap_or_default();
    Some(
        Diagnostic::file(
            Severity::Warning,
            &path,
            format!(
                "the `{lacks}` version's structure differs from the `{has}` version: `#{id}` exists only in `{has}`"
            ),
        )
        .with_help("language versions of a report share paragraph and heading ids; check the numbering of both"),
    )
}
