//! Heading ids from the document's own numbering.
//!
//! A Chinese and an English version of a report share paragraph numbers and heading numbers,
//! not heading text: so ids come from the numbering (`一.`/`I.` → `sec-i`, then `A.` →
//! `sec-i-a`), and a link copied from one language works in the other. An annex heading
//! starts a new part (`annex`, `annex-ii`), marked with the class `part` so that paragraph
//! numbering can restart inside it. `{#id}` overrides; unnumbered headings get `h-1`, `h-2` …
//!
//! The adapter buffers one heading at a time (its id depends on its whole text) and records it
//! in the page outline. [`self_links`], later in the chain (after the symbols are linked, so
//! that no adapter has to read it), appends a small anchor link for copying the heading's
//! address.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::numerals::{chinese_number, roman};
use super::{Anchor, Collected, Labels, Source, Spanned, TocEntry, escape};

/// Gives headings their ids and records them in the outline.
pub fn anchor<'a, 'c>(
    events: impl Iterator<Item = Spanned<'a>> + 'c,
    source: &'c Source<'c>,
    collected: &'c Collected,
) -> impl Iterator<Item = Spanned<'a>> + 'c
where
    'a: 'c,
{
    let mut outline = Outline::default();
    let mut events = events;
    // A heading's events, queued once it has been read whole.
    let mut queue: VecDeque<Spanned<'a>> = VecDeque::new();
    std::iter::from_fn(move || {
        if let Some(event) = queue.pop_front() {
            return Some(event);
        }
        let (event, range) = events.next()?;
        let Event::Start(Tag::Heading { level, id, classes, attrs }) = event else {
            return Some((event, range));
        };
        let mut inner = Vec::new();
        for (e, r) in events.by_ref() {
            if matches!(e, Event::End(TagEnd::Heading(_))) {
                break;
            }
            inner.push((e, r));
        }
        let text = plain_text(&inner);
        let (id, is_part) = outline.id_for(level, id.as_deref(), &text);
        collected.claim_id(source, &id, range.clone());
        collected.anchors.borrow_mut().push(Anchor { offset: range.start, id: id.clone(), positional: false });
        collected.toc.borrow_mut().push(TocEntry { id: id.clone(), level: level as u8, text: text.trim().to_string() });
        let mut classes = classes;
        if is_part {
            classes.push(CowStr::from("part"));
        }
        queue.extend(inner);
        queue.push_back((Event::End(TagEnd::Heading(level)), range.end..range.end));
        Some((Event::Start(Tag::Heading { level, id: Some(CowStr::from(id)), classes, attrs }), range))
    })
}

/// Appends to each heading with an id its anchor link (`<a class="heading-anchor">`).
pub fn self_links<'a, 'c>(
    events: impl Iterator<Item = Spanned<'a>> + 'c,
    labels: &'c Labels,
) -> impl Iterator<Item = Spanned<'a>> + 'c
where
    'a: 'c,
{
    let mut id: Option<String> = None;
    let mut pending: Option<Spanned<'a>> = None;
    let mut events = events;
    std::iter::from_fn(move || {
        if let Some(end) = pending.take() {
            return Some(end);
        }
        let (event, range) = events.next()?;
        match &event {
            Event::Start(Tag::Heading { id: heading_id, .. }) => id = heading_id.as_ref().map(|i| i.to_string()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(id) = id.take() {
                    let link = format!(
                        r##"<a class="heading-anchor" href="#{id}" aria-label="{label}">#</a>"##,
                        id = escape(&id),
                        label = escape(&labels.heading_link),
                    );
                    let at = range.clone();
                    pending = Some((event, range));
                    return Some((Event::InlineHtml(CowStr::from(link)), at.end..at.end));
                }
            }
            _ => {}
        }
        Some((event, range))
    })
}

/// The headings seen so far, to derive a numbered heading's id from its parent's.
#[derive(Default)]
struct Outline {
    /// Open headings: level and id.
    stack: Vec<(HeadingLevel, String)>,
    unnumbered: usize,
}

impl Outline {
    /// The id of a heading, and whether it starts a part (an annex).
    fn id_for(&mut self, level: HeadingLevel, explicit: Option<&str>, text: &str) -> (String, bool) {
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        let part = part_number(text);
        let id = match (explicit, &part, numbering(text)) {
            (Some(id), _, _) => id.to_string(),
            (None, Some(n), _) => match n {
                Some(n) => format!("annex-{n}"),
                None => "annex".to_string(),
            },
            (None, None, Some(n)) => {
                let parent = self.stack.last().map_or("sec", |(_, id)| id.as_str());
                format!("{parent}-{n}")
            }
            (None, None, None) => {
                self.unnumbered += 1;
                format!("h-{}", self.unnumbered)
            }
        };
        self.stack.push((level, id.clone()));
        (id, part.is_some())
    }
}

/// `Some(None)` for an unnumbered annex heading, `Some(Some("ii"))` for `Annex II`/`附件二`.
fn part_number(text: &str) -> Option<Option<String>> {
    let annex = static_regex!(
        r"^\s*(?:附件|Annex|Annexe|Anexo|Приложение|المرفق|مرفق|Appendix)\s*([一二三四五六七八九十]+|[IVXLC]+\b|\d+)?"
    );
    let caps = annex.captures(text)?;
    let rest = &text[caps.get(0).map_or(0, |m| m.end())..];
    // "Annex to resolution …" is prose, not the annex heading; a footnote mark or nothing may follow.
    if rest.trim_start().chars().next().is_some_and(char::is_alphanumeric) && !rest.starts_with(['.', ' ', ':', '：'])
    {
        return None;
    }
    Some(caps.get(1).map(|m| number_slug(m.as_str())))
}

/// The slug of a heading's leading number: `一.`/`I.` → `i`, `A.` → `a`, `3.` → `3`.
fn numbering(text: &str) -> Option<String> {
    let number = static_regex!(r"^\s*([一二三四五六七八九十]+|[IVXLC]+|[A-Z]|\d{1,3})\s*[.．、]\s*\S");
    number.captures(text).and_then(|c| c.get(1)).map(|m| number_slug(m.as_str()))
}

fn number_slug(n: &str) -> String {
    // Chinese chapter numbers become the Roman numerals the other languages print; Latin
    // numbers and letters are lower-cased, so `I.` and `一.` both give `i`, `C.` gives `c`.
    match chinese_number(n) {
        Some(v) => roman(v),
        None => n.to_ascii_lowercase(),
    }
}

/// The visible text of a heading's inner events.
fn plain_text(events: &[Spanned<'_>]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::test_support::render;
    use super::*;

    #[test]
    fn chinese_and_roman_numbering_agree() {
        for (zh, en) in [("一", "I"), ("四", "IV"), ("九", "IX"), ("十二", "XII"), ("二十", "XX")] {
            assert_eq!(number_slug(zh), number_slug(en), "{zh} vs {en}");
        }
        assert_eq!(roman(49), "xlix");
    }

    #[test]
    fn ids_from_numbering() {
        // Cases: chapter; lettered subsection nests under it; next chapter; an annex starts a
        // part and its subsections nest under it; an unnumbered heading; an explicit id wins;
        // a numbered heading under a named one nests under that name.
        let md = "## 一. 导言\n\n### A. 会议\n\n## 二. 组织\n\n### B. 出席\n\n## 附件[^*]\n\n### A. 导言\n\n\
                  #### 建议的后续步骤\n\n#### Next {#annex-a-next}\n\n### 埃及 {#egypt}\n\n#### 一. 国家努力\n\n[^*]: 未经正式编辑。\n";
        insta::assert_snapshot!(render(md));
    }

    #[test]
    fn english_headings_get_the_same_ids() {
        let md = "## I. Introduction\n\n### A. Opening\n\n## Annex II\n\n### A. Introduction\n\n## Annex to the report of …\n";
        insta::assert_snapshot!(render(md));
    }

    #[test]
    fn duplicate_explicit_ids_are_errors() {
        let out = render("## One {#x}\n\n## Two {#x}\n");
        assert!(out.contains("duplicate id `x`"), "{out}");
        assert!(out.contains("test.md:3:1"), "{out}");
    }
}
