//! Numbered paragraphs and sub-paragraphs, with citable ids.
//!
//! UN documents are cited by paragraph ("para. 15 (a)"), so each numbered paragraph becomes
//! `<div class="para" id="para-15">` with its number as a link to itself, and a paragraph
//! opening with `(a)` or `(i)`/`㈠` becomes `<p class="subpara" id="para-15-a">`. The number
//! shown is the one in the source, so copied text and print stay faithful.
//!
//! Ids are scoped where numbering restarts: a part (an annex heading, marked `part` by the
//! headings adapter) prefixes its id (`annex-para-3`); a list that starts again at a number
//! already used in the part (the "recommended next steps" of an annex) is scoped by the
//! nearest heading (`annex-b-next-steps-para-1`) until the next heading.
//!
//! Streams, with a lookahead of one event to see whether a paragraph opens with a marker.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::numerals::{roman, roman_value};
use super::{Anchor, Collected, Labels, Source, Spanned, escape};

/// Gives numbered paragraphs and sub-paragraphs their ids and number links.
pub fn number<'a, 'c>(
    events: impl Iterator<Item = Spanned<'a>> + 'c,
    source: &'c Source<'c>,
    labels: &'c Labels,
    collected: &'c Collected,
) -> impl Iterator<Item = Spanned<'a>> + 'c
where
    'a: 'c,
{
    let mut state = Numbering::default();
    let mut events = events.peekable();
    // Most events pass as they are; a few become several, queued here.
    let mut queue: VecDeque<Spanned<'a>> = VecDeque::new();
    std::iter::from_fn(move || {
        loop {
            if let Some(event) = queue.pop_front() {
                return Some(event);
            }
            let (event, range) = events.next()?;
            match event {
                Event::Start(Tag::Heading { ref id, ref classes, .. }) => {
                    let id = id.as_deref().unwrap_or_default();
                    state.heading(id, classes.iter().any(|c| c.as_ref() == "part"));
                    return Some((event, range));
                }
                Event::Start(Tag::List(Some(first))) if state.depth == 0 => {
                    state.depth += 1;
                    state.top_list = Some(state.start_list(first));
                    continue;
                }
                Event::End(TagEnd::List(true)) if state.depth == 1 && state.top_list.is_some() => {
                    state.depth -= 1;
                    state.top_list = None;
                    continue;
                }
                Event::Start(Tag::Item) if state.depth == 1 && state.top_list.is_some() => {
                    let (n, skipped) = state.next_item();
                    warn_if_renumbered(n, range.clone(), source, collected);
                    if let Some(previous) = skipped {
                        collected.diagnostics.push(
                            source
                                .diagnostic(
                                    crate::error::Severity::Warning,
                                    range.start..range.start + 1,
                                    format!("paragraph {n} follows paragraph {previous}: the numbering skips"),
                                )
                                .with_help("check the paragraph numbers; UN documents number paragraphs without gaps")
                                .with_code("numbering-gap"),
                        );
                    }
                    let id = state.paragraph_id(n);
                    collected.claim_id(source, &id, range.clone());
                    collected.anchors.borrow_mut().push(Anchor {
                        offset: range.start,
                        id: id.clone(),
                        positional: false,
                    });
                    state.in_item = true;
                    let html = format!(
                        r##"<div class="para" id="{id}"><a class="para-num" href="#{id}" aria-label="{label}">{n}.</a><div class="para-body">"##,
                        id = escape(&id),
                        label = escape(&labels.paragraph_link.replace("{n}", &n.to_string())),
                    );
                    return Some((Event::Html(CowStr::from(html)), range));
                }
                Event::End(TagEnd::Item) if state.depth == 1 && state.in_item => {
                    state.in_item = false;
                    return Some((Event::Html(CowStr::from("</div></div>\n")), range));
                }
                Event::Start(Tag::Paragraph) if state.depth == 0 || (state.depth == 1 && state.in_item) => match events
                    .peek()
                {
                    Some((Event::Text(text), text_range)) => match marker(text) {
                        Some(m) => {
                            let text_range = text_range.clone();
                            let Some((Event::Text(text), _)) = events.next() else { unreachable!() };
                            queue.extend(state.sub_paragraph(m, &text, range, text_range, source, labels, collected));
                            continue;
                        }
                        None => return Some((event, range)),
                    },
                    _ => return Some((event, range)),
                },
                Event::End(TagEnd::Paragraph) if state.open_subparas > 0 && state.depth <= 1 => {
                    state.open_subparas -= 1;
                    return Some((Event::Html(CowStr::from("</p>\n")), range));
                }
                Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::Table(_)) => {
                    state.depth += 1;
                    return Some((event, range));
                }
                Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::Table) => {
                    state.depth = state.depth.saturating_sub(1);
                    return Some((event, range));
                }
                other => return Some((other, range)),
            }
        }
    })
}

/// CommonMark numbers the items of one list by position: `1.` written under `15.` without
/// enough indentation becomes 16. Say so, since the drafter meant something else.
fn warn_if_renumbered(n: u32, range: std::ops::Range<usize>, source: &Source<'_>, collected: &Collected) {
    let body = source.text.get(source.body_offset..).unwrap_or_default();
    let item = body.get(range.start..).unwrap_or_default();
    let indent = item.len() - item.trim_start_matches([' ', '\t']).len();
    let written: String = item[indent..].chars().take_while(char::is_ascii_digit).collect();
    if written.parse::<u32>().is_ok_and(|w| w != n) {
        let at = range.start + indent..range.start + indent + written.len();
        collected.diagnostics.push(
            source
                .diagnostic(crate::error::Severity::Warning, at, format!("paragraph written `{written}.` is numbered {n}: it continues the list above"))
                .with_help("to nest a list inside a paragraph, indent it as far as the paragraph's text; to restart numbering, put a heading or a paragraph between"),
        );
    }
}

/// A sub-paragraph marker at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Marker {
    /// The marker as written: `(a)`, `（b）`, `㈠`.
    text_len: usize,
    /// `a`, `b` … or `i`, `ii` … (`㈠` → `i`).
    label: String,
    /// Candidate levels: a letter is level 1; a Roman numeral level 2; `(i)` may be either.
    letter: bool,
    roman: bool,
}

fn marker(text: &str) -> Option<Marker> {
    let paren = static_regex!(r"^[(（]([a-z]{1,2}|[ivxl]{1,6})[)）]");
    if let Some(c) = text.chars().next()
        && ('㈠'..='㈩').contains(&c)
    {
        let n = c as u32 - '㈠' as u32 + 1;
        return Some(Marker { text_len: c.len_utf8(), label: roman(n), letter: false, roman: true });
    }
    let caps = paren.captures(text)?;
    let label = caps.get(1)?.as_str().to_string();
    let is_roman = roman_value(&label).is_some();
    let is_letter = label.len() == 1 || label.chars().all(|c| c == label.chars().next().unwrap_or(' '));
    Some(Marker { text_len: caps.get(0)?.end(), label, letter: is_letter, roman: is_roman })
}

#[derive(Default)]
struct Numbering {
    /// Containers open around the current event (lists, quotes, notes, tables).
    depth: usize,
    /// The numbered list at top level, if inside one: its next number.
    top_list: Option<u32>,
    in_item: bool,
    /// The id prefix of the current part (`""` or `annex`) and the highest number used in it.
    part: String,
    part_max: u32,
    /// A scope for restarted numbering, active until the next heading, and its highest number.
    restart: Option<String>,
    restart_max: u32,
    last_heading: Option<String>,
    /// The id of the last numbered paragraph since the last heading, and its last sub-paragraph.
    paragraph: Option<String>,
    letter: Option<String>,
    /// Runs of sub-paragraphs hanging from the current heading (1 for the first run).
    hanging_run: u32,
    open_subparas: usize,
}

impl Numbering {
    fn heading(&mut self, id: &str, is_part: bool) {
        if is_part {
            self.part = id.to_string();
            self.part_max = 0;
        }
        self.restart = None;
        self.paragraph = None;
        self.letter = None;
        self.hanging_run = 1;
        self.last_heading = Some(id.to_string());
    }

    /// A numbered list starts at `first`; returns the number of its first item.
    fn start_list(&mut self, first: u64) -> u32 {
        let first = u32::try_from(first).unwrap_or(u32::MAX);
        // Without a heading to scope it, a restart repeats ids, which `claim_id` reports.
        if self.restart.is_none() && first <= self.part_max {
            self.restart = self.last_heading.clone();
            self.restart_max = 0;
        }
        first
    }

    /// The next item's number, and the number the previous one in its scope had when the
    /// numbering skips (`Some(3)` when 5 follows 3).
    fn next_item(&mut self) -> (u32, Option<u32>) {
        let n = self.top_list.unwrap_or(1);
        self.top_list = Some(n.saturating_add(1));
        let last = if self.restart.is_some() { &mut self.restart_max } else { &mut self.part_max };
        // A first paragraph may start anywhere (an excerpt); later ones should follow on.
        let skipped = (*last > 0 && n > last.saturating_add(1)).then_some(*last);
        *last = (*last).max(n);
        (n, skipped)
    }

    fn paragraph_id(&mut self, n: u32) -> String {
        let prefix = self.restart.as_deref().unwrap_or(&self.part);
        let id = if prefix.is_empty() { format!("para-{n}") } else { format!("{prefix}-para-{n}") };
        self.paragraph = Some(id.clone());
        self.letter = None;
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn sub_paragraph<'a>(
        &mut self,
        m: Marker,
        text: &CowStr<'a>,
        range: std::ops::Range<usize>,
        text_range: std::ops::Range<usize>,
        source: &Source<'_>,
        labels: &Labels,
        collected: &Collected,
    ) -> Vec<Spanned<'a>> {
        // `(i)` right after `(h)` is the ninth letter; otherwise a Roman numeral nests.
        let as_letter = m.letter && (!m.roman || self.letter.as_deref().is_some_and(|l| next_letter(l) == m.label));
        // Without a numbered paragraph, sub-paragraphs hang from the heading; a second run of
        // (a), (b) … under the same heading (replies of governments do this) gets `-2`, `-3` ….
        if self.paragraph.is_none() && as_letter && m.label == "a" && self.letter.is_some() {
            self.hanging_run += 1;
        }
        let parent = match (&self.paragraph, &self.last_heading) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(h)) if self.hanging_run > 1 => Some(format!("{h}-{}", self.hanging_run)),
            (None, h) => h.clone(),
        };
        let (id, class) = match (&parent, as_letter) {
            (Some(p), true) => {
                self.letter = Some(m.label.clone());
                (Some(format!("{p}-{}", m.label)), "subpara")
            }
            (Some(p), false) => match &self.letter {
                Some(l) => (Some(format!("{p}-{l}-{}", m.label)), "subpara level-2"),
                None => (Some(format!("{p}-{}", m.label)), "subpara level-2"),
            },
            (None, _) => (None, if as_letter { "subpara" } else { "subpara level-2" }),
        };
        let marker_text = &text[..m.text_len];
        let rest = text[m.text_len..].to_string();
        self.open_subparas += 1;
        let head = match &id {
            Some(id) => {
                collected.claim_id(source, id, range.clone());
                collected.anchors.borrow_mut().push(Anchor { offset: range.start, id: id.clone(), positional: false });
                format!(
                    r##"<p class="{class}" id="{id}"><a class="para-num" href="#{id}" aria-label="{label}">{marker}</a>"##,
                    id = escape(id),
                    label = escape(&labels.paragraph_link.replace("{n}", marker_text)),
                    marker = escape(marker_text),
                )
            }
            None => format!(r#"<p class="{class}">{}"#, escape(marker_text)),
        };
        let rest_range = (text_range.start + m.text_len).min(text_range.end)..text_range.end;
        let mut out = vec![(Event::Html(CowStr::from(head)), range)];
        if !rest.is_empty() {
            out.push((Event::Text(CowStr::from(rest)), rest_range));
        }
        out
    }
}

fn next_letter(l: &str) -> String {
    match l.chars().last() {
        Some('z') | None => String::new(),
        Some(c) => l.chars().map(|_| char::from(c as u8 + 1)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::render;
    use super::*;

    #[test]
    fn numbered_paragraphs_and_sub_paragraphs() {
        // Cases: a numbered paragraph; its sub-paragraphs (a), (b); a Roman level under (b);
        // the Chinese ㈠ form; (i) right after (h) is a letter; a nested list stays a list.
        let md = "14. 与会国提出：\n\n(a) 第一；\n\n(b) 第二：\n\n㈠ 甲；\n\n(ii) 乙；\n\n(h) 八；\n\n(i) 九。\n\n\
                  15. Agenda:\n    1. Election.\n    2. Adoption.\n";
        insta::assert_snapshot!(render(md));
    }

    #[test]
    fn annex_and_restarted_numbering_are_scoped() {
        // Cases: body para 1; the annex restarts at 1 in its own part; a next-steps list
        // restarts again under its heading; the annex numbering resumes after the next heading.
        let md = "1. Body.\n\n## Annex\n\n### B. Threats\n\n1. Annex one.\n\n2. Annex two.\n\n\
                  #### Recommended next steps {#annex-b-next-steps}\n\n1. Step one.\n\n(a) Detail.\n\n2. Step two.\n\n\
                  ### C. Norms\n\n3. Annex three.\n";
        insta::assert_snapshot!(render(md));
    }

    #[test]
    fn sub_paragraphs_without_a_numbered_paragraph_hang_from_the_heading() {
        let md = "### Armenia {#armenia}\n\n(a) Efforts.\n\n(b) Concepts.\n\nNo marker (a) here.\n";
        insta::assert_snapshot!(render(md));
    }

    #[test]
    fn repeated_numbers_are_duplicate_ids() {
        let out = render("1. One.\n\nText.\n\n1. One again.\n");
        assert!(out.contains("duplicate id `para-1`"), "{out}");
        let out = render("1. P.\n\n(a) y\n\n(a) z\n");
        assert!(out.contains("duplicate id `para-1-a`"), "{out}");
        let out = render("## H {#h}\n\n(a) y\n\n(b) y\n\nText.\n\n(a) z\n");
        assert!(out.contains(r#"id="h-2-a""#), "a second run hangs apart: {out}");
    }

    #[test]
    fn a_list_that_is_not_nested_is_renumbered_with_a_warning() {
        let out = render("15. Agenda:\n   1. Election.\n");
        assert!(out.contains("paragraph written `1.` is numbered 16"), "{out}");
        assert!(out.contains("test.md:2:4"), "{out}");
    }

    #[test]
    fn gaps_in_numbering_are_warnings() {
        let out = render("1. One.\n\nText.\n\n3. Three.\n");
        assert!(out.contains("paragraph 3 follows paragraph 1: the numbering skips"), "{out}");
        assert!(out.contains("test.md:5:1"), "{out}");
        let out = render("1. One.\n\n(a) Sub.\n\n2. Two.\n\n## Annex\n\n1. Again.\n");
        assert!(!out.contains("skips"), "{out}");
    }

    #[test]
    fn markers() {
        assert_eq!(marker("(a) x").map(|m| m.label), Some("a".into()));
        assert_eq!(marker("（b）x").map(|m| m.label), Some("b".into()));
        assert_eq!(marker("㈢ x").map(|m| (m.label, m.roman)), Some(("iii".into(), true)));
        assert_eq!(marker("(iv) x").map(|m| (m.letter, m.roman)), Some((false, true)));
        assert_eq!(marker("(see annex)"), None);
        assert_eq!(marker("a) x"), None);
    }
}
