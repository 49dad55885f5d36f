//! Site-wide checks that need every page rendered first: links between pages and their
//! `#fragments`, and whether translations share their structure.

use std::collections::{BTreeSet, HashMap};

use crate::content::Site;
use crate::error::{Diagnostic, Severity};
use crate::render::{PageSummary, RenderRecord};
use crate::routes::{ReportKey, Routes, encode_segment};

/// Every site-wide problem of the pages in `record`, as diagnostics.
pub fn site(site: &Site, record: &RenderRecord) -> Vec<Diagnostic> {
    let mut diags = links(site, record);
    let mut by_report: HashMap<&ReportKey, Vec<&PageSummary>> = HashMap::new();
    for s in record.summaries() {
        by_report.entry(&s.report).or_default().push(s);
    }
    for report in &site.reports {
        let pages = by_report.get(&report.key()).map(Vec::as_slice).unwrap_or_default();
        diags.extend(crate::proofread::report(report, pages, &site.config.placeholders));
        let [first, others @ ..] = pages else { continue };
        for other in others {
            diags.extend(structure_mismatch(report, first, other));
            diags.extend(citation_mismatch(report, first, other));
            diags.extend(citation_mismatch(report, other, first));
        }
    }
    diags
}

/// Internal links must reach a page of the site, and their fragment an id on it. The site's
/// pages are the record's output files, each at the URL it is served at (a folder's
/// `index.html` also at the folder).
fn links(site: &Site, record: &RenderRecord) -> Vec<Diagnostic> {
    let base = site.config.base_path();
    let mut pages: HashMap<String, Option<&[String]>> = HashMap::new();
    for path in record.paths() {
        let path: Vec<String> = path.split('/').map(encode_segment).collect();
        let path = path.join("/");
        pages.insert(Routes::url_of_output(&base, &path), None);
        pages.insert(format!("{base}{path}"), None);
    }
    let summaries: Vec<&PageSummary> = record.summaries().collect();
    for s in &summaries {
        pages.insert(s.url.clone(), Some(s.ids.as_slice()));
    }
    let reports: HashMap<ReportKey, &crate::content::Report> = site.reports.iter().map(|r| (r.key(), r)).collect();
    let mut diags = Vec::new();
    for summary in summaries {
        let Some(version) = reports.get(&summary.report).and_then(|r| r.version(&summary.lang)) else {
            continue;
        };
        // Read once per file, and only when it has a broken link.
        let mut text: Option<String> = None;
        for (dest, offset) in &summary.links {
            let (path, fragment) = dest.split_once('#').map_or((dest.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap_or_default();
            let target = if path.is_empty() { summary.url.clone() } else { resolve(&summary.url, path) };
            let problem = match pages.get(&target).or_else(|| pages.get(&format!("{target}/"))) {
                None => Some(format!("link to `{dest}` leads nowhere: no page at {target}")),
                Some(Some(ids)) => fragment
                    .filter(|f| !f.is_empty() && ids.binary_search(&f.to_string()).is_err())
                    .map(|f| format!("link to `{dest}`: the page has no `#{f}`")),
                Some(None) => None,
            };
            if let Some(message) = problem {
                let text = text.get_or_insert_with(|| std::fs::read_to_string(&version.path).unwrap_or_default());
                diags.push(
                    Diagnostic::at(Severity::Error, &version.path, text, *offset..offset + 1, message)
                        .with_help("links inside the site use page URLs such as `/en/reports/a-77-275/#para-15`")
                        .with_code("broken-link"),
                );
            }
        }
    }
    diags
}

/// `href` resolved against the URL of the page it is on.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        page.trim_end_matches('/').split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let trailing = if href.ends_with('/') || href.ends_with("..") { "/" } else { "" };
    format!("/{}{trailing}", parts.join("/"))
}

/// A warning naming the first id present in one language version and not the other.
fn structure_mismatch(report: &crate::content::Report, a: &PageSummary, b: &PageSummary) -> Option<Diagnostic> {
    let structural = |s: &PageSummary| -> BTreeSet<String> {
        s.ids
            .iter()
            .filter(|id| s.note_ids.binary_search(id).is_err() && s.place_ids.binary_search(id).is_err())
            .cloned()
            .collect()
    };
    let (ia, ib) = (structural(a), structural(b));
    let (id, has, lacks) = match (ia.difference(&ib).next(), ib.difference(&ia).next()) {
        (Some(id), _) => (id.clone(), &a.lang, &b.lang),
        (None, Some(id)) => (id.clone(), &b.lang, &a.lang),
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
        .with_help("language versions of a report share paragraph and heading ids; check the numbering of both")
        .with_code("structure-mismatch"),
    )
}

/// A warning per symbol that version `a` of a report cites and version `b` does not, at
/// its first citation in `a`, naming both files.
fn citation_mismatch(report: &crate::content::Report, a: &PageSummary, b: &PageSummary) -> Vec<Diagnostic> {
    let (Some(va), Some(vb)) = (report.version(&a.lang), report.version(&b.lang)) else { return Vec::new() };
    let only = crate::symbol::cited_only_in(&cited_symbols(a), &cited_symbols(b));
    if only.is_empty() {
        return Vec::new();
    }
    let text = std::fs::read_to_string(&va.path).unwrap_or_default();
    only.into_iter()
        .map(|(i, symbol)| {
            let at = a.citations[i].offset;
            let message = format!(
                "`{symbol}` is cited in the `{}` version but not in the `{}` version ({})",
                a.lang,
                b.lang,
                vb.path.display()
            );
            Diagnostic::at(Severity::Warning, &va.path, &text, at..at + 1, message)
                .with_help("language versions of a report cite the same documents; check the symbol in both files")
                .with_code("citation-mismatch")
        })
        .collect()
}

fn cited_symbols(s: &PageSummary) -> Vec<&str> {
    s.citations.iter().map(|c| c.symbol.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn resolves_relative_links() {
        assert_eq!(resolve("/zh/reports/a/", "../b/"), "/zh/reports/b/");
        assert_eq!(resolve("/zh/reports/a/", "/en/reports/a/"), "/en/reports/a/");
        assert_eq!(resolve("/zh/reports/a/", "chart.png"), "/zh/reports/a/chart.png");
        assert_eq!(resolve("/zh/reports/a/", "../../../en/"), "/en/");
    }
}
