//! Links a report's references to its own paragraphs: "上文第 14(e)段", "附件第 3 段",
//! "paragraph 14 (e) above", "see para. 12", "annex, para. 3".
//!
//! Only references that can mean this document are linked: a paragraph number with
//! 上文/下文/本报告/本文件 or "above"/"below", "see para. N" not followed by "of", and an
//! annex written without a number or a symbol before it. "A/75/816, annex I, para. 7",
//! "第 76/19 号决议执行部分第 3 段" and "Article 2, paragraph 4, of the Charter" are other
//! documents' paragraphs and stay text. Inside an annex, "上文第 14(e)段" is the annex's own
//! paragraph (`annex-para-14-e`) when it has one. The links are written before the page's ids
//! are all known (a reference may point below), so [`resolve`] sets each link's target once
//! they are, and takes out, with a warning, every link whose paragraph the page does not have.

use std::cell::RefCell;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::blocks::Block;
use super::{Source, Spanned, escape};
use crate::error::{Diagnostic, Severity};

/// A reference linked on the page: the paragraph id and where it is in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CrossRef {
    pub id: String,
    pub text: String,
    pub range: Range<usize>,
}

/// A reference found in a text: where the link goes in it, and the id.
struct Found {
    at: Range<usize>,
    id: String,
}

/// References in `text` of a page in `lang`, in order.
fn find(text: &str, lang: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let id = |number: &str, letter: Option<regex::Match>, annex: bool| {
        let part = if annex { "annex-" } else { "" };
        match letter {
            Some(l) => format!("{part}para-{number}-{}", l.as_str()),
            None => format!("{part}para-{number}"),
        }
    };
    if lang.starts_with("zh") {
        let re = static_regex!(r"(?:(上文|下文|本报告|本文件)|(附件))第\s*([0-9]+)\s*(?:[(（]([a-z])[)）])?\s*段");
        for c in re.captures_iter(text) {
            let (Some(all), Some(number)) = (c.get(0), c.get(3)) else { continue };
            if c.get(2).is_some() {
                // "A/75/816，附件一，第 7 段" has a numbered annex; "，附件第 3 段" after a
                // symbol or a number may be another document's.
                let before = text[..all.start()].chars().next_back();
                if before.is_some_and(|b| b.is_ascii_alphanumeric() || "，,/、".contains(b)) {
                    continue;
                }
            }
            found.push(Found { at: all.range(), id: id(number.as_str(), c.get(4), c.get(2).is_some()) });
        }
    } else if lang.starts_with("en") {
        let around = static_regex!(r"\b[Pp]aragraphs? ([0-9]+)(?: ?\(([a-z])\)(?:[–-]\([a-z]\))?)? (?:above|below)\b");
        for c in around.captures_iter(text) {
            let (Some(all), Some(number)) = (c.get(0), c.get(1)) else { continue };
            found.push(Found { at: all.range(), id: id(number.as_str(), c.get(2), false) });
        }
        let see =
            static_regex!(r"\b[Ss]ee (?:(the |this )?(annex), )?((?:para\.|paragraph) ([0-9]+)(?: ?\(([a-z])\))?)");
        let annex = static_regex!(r"\b(?:[Tt]he|[Ii]n|this) (annex, (?:para\.|paragraph) ([0-9]+)(?: ?\(([a-z])\))?)");
        for c in see.captures_iter(text) {
            let (Some(reference), Some(number)) = (c.get(3), c.get(4)) else { continue };
            let after = &text[reference.end()..];
            if after.starts_with(" of") || after.starts_with(", of") || after.starts_with(" in ") {
                continue;
            }
            let start = c.get(2).map_or(reference.start(), |a| a.start());
            found.push(Found { at: start..reference.end(), id: id(number.as_str(), c.get(5), c.get(2).is_some()) });
        }
        for c in annex.captures_iter(text) {
            let (Some(reference), Some(number)) = (c.get(1), c.get(2)) else { continue };
            if found.iter().any(|f| f.at.start <= reference.start() && reference.start() < f.at.end) {
                continue;
            }
            if text[reference.end()..].starts_with(" of") {
                continue;
            }
            found.push(Found { at: reference.range(), id: id(number.as_str(), c.get(3), true) });
        }
        found.sort_by_key(|f| f.at.start);
    }
    found
}

/// Links the cross-references in the text of `events`, outside links and code, recording
/// each in `refs`.
pub(crate) fn link<'a, 'r>(
    events: impl Iterator<Item = Spanned<'a>> + 'r,
    lang: &'r str,
    refs: &'r RefCell<Vec<CrossRef>>,
) -> impl Iterator<Item = Spanned<'a>> + 'r
where
    'a: 'r,
{
    let mut in_link = 0usize;
    let mut verbatim = false;
    events.flat_map(move |(event, range)| {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => in_link = in_link.saturating_sub(1),
            Event::InlineHtml(h) if h.starts_with("<a ") => in_link += 1,
            Event::InlineHtml(h) if h.starts_with("</a") => in_link = in_link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => verbatim = true,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => verbatim = false,
            _ => {}
        }
        let Event::Text(text) = &event else { return vec![(event, range)] };
        if in_link > 0 || verbatim {
            return vec![(event, range)];
        }
        let found = find(text, lang);
        if found.is_empty() {
            return vec![(event, range)];
        }
        // Offsets map to the source only when the text is the source's own bytes.
        let exact = range.len() == text.len();
        let source = |r: &Range<usize>| if exact { range.start + r.start..range.start + r.end } else { range.clone() };
        let mut out = Vec::with_capacity(found.len() * 4 + 1);
        let mut last = 0;
        for f in found {
            if f.at.start < last {
                continue;
            }
            if f.at.start > last {
                out.push((Event::Text(CowStr::from(text[last..f.at.start].to_string())), source(&(last..f.at.start))));
            }
            let shown = &text[f.at.clone()];
            let mut refs = refs.borrow_mut();
            out.push((Event::InlineHtml(CowStr::from(open_tag(refs.len(), &f.id))), source(&f.at)));
            refs.push(CrossRef { id: f.id, text: shown.to_string(), range: source(&f.at) });
            out.push((Event::Text(CowStr::from(shown.to_string())), source(&f.at)));
            out.push((Event::InlineHtml(CowStr::from("</a>")), source(&f.at)));
            last = f.at.end;
        }
        if last < text.len() {
            out.push((Event::Text(CowStr::from(text[last..].to_string())), source(&(last..text.len()))));
        }
        out
    })
}

/// The link of the `n`th reference of the page, until [`resolve`] sets its target.
fn open_tag(n: usize, id: &str) -> String {
    format!("<a class=\"xref\" data-xref=\"{n}\" href=\"#{}\">", escape(id))
}

/// The part (`annex`, `annex-ii`) the anchor `id` is in, if any.
fn part_of(id: &str) -> Option<&str> {
    let rest = id.strip_prefix("annex")?;
    let roman = rest.strip_prefix('-').map_or(0, |r| r.bytes().take_while(|b| b"ivxl".contains(b)).count());
    let end = if roman > 0 && (rest[1 + roman..].starts_with('-') || rest.len() == 1 + roman) {
        "annex".len() + 1 + roman
    } else {
        "annex".len()
    };
    Some(&id[..end])
}

/// Points every reference of `html` and `notes` at its paragraph: in the part it is written
/// in first (`anchors` tell which), else in the body. A reference to a paragraph the page
/// does not have loses its link (the text stays), with a warning.
pub(crate) fn resolve(
    refs: Vec<CrossRef>,
    ids: &[String],
    anchors: &[super::Anchor],
    source: &Source<'_>,
    body: (&mut String, &mut [Block]),
    notes: &mut String,
) -> Vec<Diagnostic> {
    let (html, blocks) = body;
    let has = |id: &str| ids.binary_search_by(|i| i.as_str().cmp(id)).is_ok();
    let mut diagnostics = Vec::new();
    for (n, r) in refs.into_iter().enumerate() {
        let before = anchors.iter().take_while(|a| a.offset <= r.range.start).last();
        let in_part = before.and_then(|a| part_of(&a.id)).filter(|_| !r.id.starts_with("annex"));
        let target =
            in_part.map(|p| format!("{p}-{}", r.id)).filter(|id| has(id)).or_else(|| has(&r.id).then(|| r.id.clone()));
        let tag = open_tag(n, &r.id);
        let (doc, blocks) = match html.find(&tag) {
            Some(_) => (&mut *html, &mut *blocks),
            None => (&mut *notes, &mut [][..]),
        };
        let Some(start) = doc.find(&tag) else { continue };
        if let Some(target) = target {
            splice(doc, blocks, start..start + tag.len(), &format!("<a class=\"xref\" href=\"#{}\">", escape(&target)));
            continue;
        }
        if let Some(close) = doc[start..].find("</a>").map(|i| start + i) {
            splice(doc, blocks, close..close + 4, "");
            splice(doc, blocks, start..start + tag.len(), "");
        }
        diagnostics.push(
            source
                .diagnostic(
                    Severity::Warning,
                    r.range.clone(),
                    format!("`{}` refers to a paragraph this document does not have (`#{}`)", r.text, r.id),
                )
                .with_help("correct the paragraph number, or number the paragraph it refers to"),
        );
    }
    diagnostics
}

/// Replaces `range` of `doc` by `with`, keeping the blocks' byte ranges on their HTML.
fn splice(doc: &mut String, blocks: &mut [Block], range: Range<usize>, with: &str) {
    let at = range.start;
    let (removed, added) = (range.len(), with.len());
    doc.replace_range(range, with);
    let shift = |x: &mut usize| {
        if *x > at {
            *x = (*x + added).saturating_sub(removed);
        }
    };
    for block in blocks {
        shift(&mut block.html.start);
        shift(&mut block.html.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, lang: &str) -> Vec<(String, String)> {
        find(text, lang).into_iter().map(|f| (text[f.at].to_string(), f.id)).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    /// Passages from A/77/275 (the bundled seed, content/reports/a-77-275/), paragraph 17
    /// and its notes, and from A/C.1/78/L.11: what must and must not be linked.
    #[test]
    fn real_passages() {
        assert_eq!(
            ids("并在不限成员名额工作组第四和第五届会议上讨论上文第 14(e)段所列非详尽清单", "zh"),
            pairs(&[("上文第 14(e)段", "para-14-e")])
        );
        assert_eq!(
            ids("the non-exhaustive list referred to in paragraph 14 (e) above at the fourth", "en"),
            pairs(&[("paragraph 14 (e) above", "para-14-e")])
        );
        assert_eq!(
            ids("from the non-exhaustive list in paragraph 15 (a)–(b) above, as well as", "en"),
            pairs(&[("paragraph 15 (a)–(b) above", "para-15-a")])
        );
        for other in [
            "《2021 年不限成员名额工作组报告》，A/75/816，附件一，第 7 段。",
            "是否愿意遵守第 76/19 号决议执行部分第 3 和第 6 段的规定。",
            "《2021 年政府专家组报告》，A/76/135，第 57(b)段",
        ] {
            assert!(ids(other, "zh").is_empty(), "{other}");
        }
        for other in [
            "Report of the 2021 OEWG, A/75/816, annex I, para. 7.",
            "in accordance with Article 2, paragraph 4, of the Charter of the United Nations",
            "Report of the 2021 GGE, A/76/135, para. 57 (b); General Assembly resolution",
            "General Assembly resolution 75/240, operative paragraph 1.",
            "the potential threats described in paragraphs 8 to 13.",
        ] {
            assert!(ids(other, "en").is_empty(), "{other}");
        }
    }

    #[test]
    fn see_and_annex_references() {
        assert_eq!(ids("(see para. 12)", "en"), pairs(&[("para. 12", "para-12")]));
        assert_eq!(ids("See paragraph 3 (b).", "en"), pairs(&[("paragraph 3 (b)", "para-3-b")]));
        assert!(ids("see para. 12 of resolution 75/240", "en").is_empty());
        assert_eq!(ids("as set out in the annex, para. 3.", "en"), pairs(&[("annex, para. 3", "annex-para-3")]));
        assert_eq!(ids("see the annex, para. 3", "en"), pairs(&[("annex, para. 3", "annex-para-3")]));
        assert_eq!(ids("见本报告附件第 3 段。", "zh"), pairs(&[("附件第 3 段", "annex-para-3")]));
        assert_eq!(ids("见附件第 3 段。", "zh"), pairs(&[("附件第 3 段", "annex-para-3")]));
        assert_eq!(ids("见下文第 20 段。", "zh"), pairs(&[("下文第 20 段", "para-20")]));
    }

    #[test]
    fn parts_of_anchors() {
        for (id, part) in [
            ("annex-para-14-e", Some("annex")),
            ("annex-c-next-steps-para-1", Some("annex")),
            ("annex-ii-para-3", Some("annex-ii")),
            ("annex-ii", Some("annex-ii")),
            ("annex", Some("annex")),
            ("para-3", None),
            ("sec-i", None),
        ] {
            assert_eq!(part_of(id), part, "{id}");
        }
    }
}
