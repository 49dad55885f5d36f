//! An editor's proofreading of a report across its language versions: what `check` finds
//! beyond links and ids. Each finding has a stable code (`placeholder`, `footnote-count`,
//! `translation-contradiction`, `translation-missing`, `original-mismatch`,
//! `resolution-structure`) for tools reading `check --format json`.

use std::path::Path;

use crate::content::{Report, Translation, Version};
use crate::error::{Diagnostic, Severity};
use crate::render::PageSummary;

/// Every finding of `report`, whose rendered versions are `pages` (the first is compared
/// with each other one).
pub fn report(report: &Report, pages: &[&PageSummary], placeholders: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let texts: Vec<(&Version, String)> =
        report.versions.iter().map(|v| (v, std::fs::read_to_string(&v.path).unwrap_or_default())).collect();
    for (version, text) in &texts {
        out.extend(placeholder_warnings(version, text, placeholders));
    }
    out.extend(translation_warnings(&texts));
    if let [first, others @ ..] = pages {
        for other in others {
            let text_of = |lang: &str| texts.iter().find(|(v, _)| v.lang == lang);
            let (Some(a), Some(b)) = (text_of(&first.lang), text_of(&other.lang)) else { continue };
            out.extend(footnote_count(a, b, first, other));
            if a.0.meta.kind.has_preamble() || b.0.meta.kind.has_preamble() {
                out.extend(resolution_structure(a, b, first, other));
            }
        }
    }
    out
}

/// Each place in the body where a placeholder is left, at its line and column. A placeholder
/// in Latin letters counts only as a word of its own (`TODO`, not `TODOS`).
fn placeholder_warnings(version: &Version, text: &str, placeholders: &[String]) -> Vec<Diagnostic> {
    let body_start = version.body_offset.min(text.len());
    let body = &text[body_start..];
    let mut out = Vec::new();
    for p in placeholders {
        for (at, _) in body.match_indices(p.as_str()) {
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let latin = p.chars().all(|c| c.is_ascii_alphanumeric());
            if latin && (word(body[..at].chars().last()) || word(body[at + p.len()..].chars().next())) {
                continue;
            }
            let start = body_start + at;
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    &version.path,
                    text,
                    start..start + p.len(),
                    format!("placeholder `{p}` left in the text"),
                )
                .with_code("placeholder")
                .with_help("replace it with the text it stands for; the list is `placeholders` in site.yaml"),
            );
        }
    }
    out
}

/// The line of the front matter key `key`, as a diagnostic location in `text`.
fn at_key(severity: Severity, path: &Path, text: &str, key: &str, message: String) -> Diagnostic {
    let line_start = text.match_indices('\n').map(|(i, _)| i + 1).find(|&i| text[i..].starts_with(&format!("{key}:")));
    match line_start {
        Some(at) => Diagnostic::at(severity, path, text, at..at + key.len(), message),
        None => Diagnostic::at(severity, path, text, 0..0, message),
    }
}

/// `original` and `translation` must tell one story across the versions: they agree on the
/// original language, the original does not call itself an unofficial translation, and every
/// other version says whether it is an official or an unofficial translation.
fn translation_warnings(texts: &[(&Version, String)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let declared: Vec<(&Version, &str, &String)> =
        texts.iter().filter_map(|(v, t)| Some((*v, v.meta.original.as_deref()?, t))).collect();
    let Some(&(_, original, _)) = declared.first() else { return out };
    if declared.iter().any(|(_, o, _)| *o != original) {
        let said: Vec<String> = declared.iter().map(|(v, o, _)| format!("{} says `{o}`", v.lang)).collect();
        for (v, _, text) in &declared {
            out.push(
                at_key(
                    Severity::Warning,
                    &v.path,
                    text,
                    "original",
                    format!("the versions disagree on the original language: {}", said.join(", ")),
                )
                .with_code("original-mismatch")
                .with_help("give every version the same `original:` language code"),
            );
        }
        return out;
    }
    if texts.len() < 2 {
        return out;
    }
    for (v, text) in texts {
        match (v.lang == original, v.meta.translation) {
            (true, Some(Translation::Unofficial)) => out.push(
                at_key(
                    Severity::Warning,
                    &v.path,
                    text,
                    "translation",
                    format!(
                        "the `{}` version is the original (`original: {original}`) but says `translation: unofficial`",
                        v.lang
                    ),
                )
                .with_code("translation-contradiction")
                .with_help("remove `translation:` from the original; mark the translations instead"),
            ),
            (false, None) => out.push(
                at_key(
                    Severity::Warning,
                    &v.path,
                    text,
                    "original",
                    format!(
                        "the `{}` version translates the `{original}` original but does not say whether officially",
                        v.lang
                    ),
                )
                .with_code("translation-missing")
                .with_help("add `translation: official` or `translation: unofficial` to its front matter"),
            ),
            _ => {}
        }
    }
    out
}

/// Notes of a page: `fn-3`, `fn-star`, not the references to them.
fn notes(page: &PageSummary) -> usize {
    page.note_ids.iter().filter(|id| id.starts_with("fn-")).count()
}

/// A warning when two versions have different numbers of notes, at the last note of the
/// one with fewer.
fn footnote_count(
    a: &(&Version, String),
    b: &(&Version, String),
    pa: &PageSummary,
    pb: &PageSummary,
) -> Option<Diagnostic> {
    let (na, nb) = (notes(pa), notes(pb));
    if na == nb {
        return None;
    }
    let (fewer, text) = if na < nb { (a.0, &a.1) } else { (b.0, &b.1) };
    let at = text.rfind("\n[^").map_or(0, |i| i + 1);
    let message = format!("{} has {na} notes, {} {nb}", pa.lang, pb.lang);
    Some(
        Diagnostic::at(Severity::Warning, &fewer.path, text, at..at + 1, message)
            .with_code("footnote-count")
            .with_help("language versions of a report have the same notes; look for one missing or added"),
    )
}

/// A resolution's preambular and operative paragraphs, counted.
fn resolution_parts(page: &PageSummary) -> (usize, usize) {
    let operative =
        |id: &str| id.strip_prefix("para-").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let pp = page.ids.iter().filter(|id| crate::markdown::preambular_number(id).is_some()).count();
    let op = page.ids.iter().filter(|id| operative(id)).count();
    (pp, op)
}

/// A warning when the versions of a resolution have different numbers of preambular or
/// operative paragraphs, at the first preambular paragraph of the second.
fn resolution_structure(
    a: &(&Version, String),
    b: &(&Version, String),
    pa: &PageSummary,
    pb: &PageSummary,
) -> Option<Diagnostic> {
    let (ra, rb) = (resolution_parts(pa), resolution_parts(pb));
    if ra == rb {
        return None;
    }
    let message = format!(
        "{} has {} preambular and {} operative paragraphs, {} {} and {} ({})",
        pa.lang,
        ra.0,
        ra.1,
        pb.lang,
        rb.0,
        rb.1,
        a.0.path.display()
    );
    let at = b.0.body_offset.min(b.1.len());
    Some(
        Diagnostic::at(Severity::Warning, &b.0.path, &b.1, at..at, message)
            .with_code("resolution-structure")
            .with_help("the language versions of a resolution have the same paragraphs; the side-by-side view shows which differ"),
    )
}
