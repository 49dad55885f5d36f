//! Ids for the blocks that carry no number: every top-level block a reader may cite.
//!
//! Numbered paragraphs, sub-paragraphs and headings get their ids from earlier adapters. What
//! is left (the preamble of a resolution, the replies of governments, a note by the
//! Secretary-General, a bulleted list) is cited by place, and the place has to be the same
//! in every language version:
//!
//! - in a resolution (`kind: resolution`), the paragraphs that follow its first heading up to
//!   the first operative paragraph are preambular paragraphs, `pp-1`, `pp-2` …, shown with
//!   a reference in the page's language ("preambular paragraph 5"); the line naming the body
//!   (`The General Assembly,`) is not one of them;
//! - any other block is scoped by the heading before it and numbered by position under it,
//!   `australia-p-2` (`p-1` before the first heading);
//! - `{#id}` at the end of a paragraph sets its id.
//!
//! A block already anchored (a numbered paragraph) is recognised by the anchor the earlier
//! adapter recorded at its offset: everything inside its source range is left alone.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Anchor, Collected, Labels, Source, Spanned, escape};
use crate::content::DocumentKind;

/// Where a resolution's preamble stands while the page streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Preamble {
    /// Not a resolution, or before its first heading.
    Before,
    /// After the first heading, before the first operative paragraph; `named` once the line
    /// naming the body (or a first preambular paragraph) has been seen.
    Open {
        named: bool,
    },
    Closed,
}

struct Anchoring {
    enabled: bool,
    resolution: bool,
    preamble: Preamble,
    preambular: u32,
    /// The last heading's id, and the blocks counted under it.
    scope: Option<String>,
    position: u32,
    /// Containers open around the current event.
    depth: usize,
    /// The end of the last block an earlier adapter anchored: events before it are inside it.
    covered_until: usize,
    /// Whether the open top-level container was wrapped in a `<div>` carrying its id.
    wrapped: bool,
}

/// Gives every unanchored top-level block its id.
pub fn anchor<'a, 'c>(
    events: impl Iterator<Item = Spanned<'a>> + 'c,
    source: &'c Source<'c>,
    labels: &'c Labels,
    kind: Option<DocumentKind>,
    collected: &'c Collected,
) -> impl Iterator<Item = Spanned<'a>> + 'c
where
    'a: 'c,
{
    let mut state = Anchoring {
        enabled: kind.is_some(),
        resolution: kind.is_some_and(DocumentKind::has_preamble),
        preamble: Preamble::Before,
        preambular: 0,
        scope: None,
        position: 0,
        depth: 0,
        covered_until: 0,
        wrapped: false,
    };
    let mut events = events;
    let mut queue: std::collections::VecDeque<Spanned<'a>> = std::collections::VecDeque::new();
    std::iter::from_fn(move || {
        if let Some(event) = queue.pop_front() {
            return Some(event);
        }
        let (event, range) = events.next()?;
        if !state.enabled || range.start < state.covered_until {
            return Some((event, range));
        }
        let anchored_here = collected.anchors.borrow().last().is_some_and(|a| a.offset == range.start);
        match event {
            Event::Html(_) if state.depth == 0 && anchored_here => {
                // A numbered paragraph or sub-paragraph: it ends the preamble.
                state.covered_until = range.end;
                if matches!(state.preamble, Preamble::Open { .. }) {
                    state.preamble = Preamble::Closed;
                }
                Some((event, range))
            }
            Event::Start(Tag::Heading { ref id, .. }) if state.depth == 0 => {
                state.scope = id.as_ref().map(|i| i.to_string());
                state.position = 0;
                state.preamble = match state.preamble {
                    Preamble::Before if state.resolution => Preamble::Open { named: false },
                    Preamble::Before => Preamble::Before,
                    _ => Preamble::Closed,
                };
                state.depth += 1;
                Some((event, range))
            }
            Event::Start(Tag::Paragraph) if state.depth == 0 => {
                let mut inner = Vec::new();
                let mut depth = 0usize;
                let mut end = range.clone();
                for (e, r) in events.by_ref() {
                    match &e {
                        Event::End(TagEnd::Paragraph) if depth == 0 => {
                            end = r;
                            break;
                        }
                        Event::Start(_) => depth += 1,
                        Event::End(_) => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    inner.push((e, r));
                }
                let explicit = take_explicit_id(&mut inner);
                let (id, class, reference) = state.paragraph(explicit, &plain_text(&inner), labels);
                claim(collected, source, &id, range.clone());
                let mut head = String::from("<p");
                if let Some(class) = class {
                    head.push_str(&format!(" class=\"{class}\""));
                }
                let id = id.id;
                head.push_str(&format!(" id=\"{}\">", escape(&id)));
                // A preambular paragraph's reference is its link; another paragraph gets a
                // small one at its end, as a heading does.
                let link = match reference {
                    Some(reference) => {
                        head.push_str(&format!(
                            "<a class=\"para-ref\" href=\"#{}\">{}</a> ",
                            escape(&id),
                            escape(&reference)
                        ));
                        String::from("</p>\n")
                    }
                    None => format!(
                        "<a class=\"para-anchor\" href=\"#{}\" aria-label=\"{}\">¶</a></p>\n",
                        escape(&id),
                        escape(&labels.block_link)
                    ),
                };
                queue.push_back((Event::Html(CowStr::from(head)), range.clone()));
                queue.extend(inner);
                queue.push_back((Event::Html(CowStr::from(link)), end));
                queue.pop_front()
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::CodeBlock(_)) if state.depth == 0 => {
                let id = Placed { id: state.next_scoped(), positional: true };
                claim(collected, source, &id, range.clone());
                state.depth += 1;
                state.wrapped = true;
                let open = format!("<div class=\"block\" id=\"{}\">", escape(&id.id));
                queue.push_back((event, range.clone()));
                Some((Event::Html(CowStr::from(open)), range))
            }
            Event::Start(_) => {
                state.depth += 1;
                Some((event, range))
            }
            Event::End(_) => {
                state.depth = state.depth.saturating_sub(1);
                if state.depth == 0 && state.wrapped {
                    state.wrapped = false;
                    queue.push_back((Event::Html(CowStr::from("</div>\n")), range.clone()));
                }
                Some((event, range))
            }
            other => Some((other, range)),
        }
    })
}

impl Anchoring {
    /// The id, class and visible reference of an unanchored paragraph.
    fn paragraph(
        &mut self,
        explicit: Option<String>,
        text: &str,
        labels: &Labels,
    ) -> (Placed, Option<&'static str>, Option<String>) {
        let or_place = |explicit: Option<String>, place: String| match explicit {
            Some(id) => Placed { id, positional: false },
            None => Placed { id: place, positional: true },
        };
        if let Preamble::Open { named } = self.preamble {
            self.preamble = Preamble::Open { named: true };
            if !named && names_the_body(text) {
                return (or_place(explicit, self.next_scoped()), Some("organ-line"), None);
            }
            self.preambular += 1;
            let n = self.preambular;
            let reference = labels.preambular.replace("{n}", &n.to_string());
            return (or_place(explicit, preambular_id(n)), Some("preamble"), Some(reference));
        }
        let place = self.next_scoped();
        (or_place(explicit, place), None, None)
    }

    /// The next positional id under the current heading.
    fn next_scoped(&mut self) -> String {
        self.position += 1;
        match &self.scope {
            Some(scope) => format!("{scope}-p-{}", self.position),
            None => format!("p-{}", self.position),
        }
    }
}

fn claim(collected: &Collected, source: &Source<'_>, id: &Placed, range: Range<usize>) {
    collected.claim_id(source, &id.id, range.clone());
    collected.anchors.borrow_mut().push(Anchor { offset: range.start, id: id.id.clone(), positional: id.positional });
}

/// An id given here, and whether it comes from the block's place rather than the author.
struct Placed {
    id: String,
    positional: bool,
}

/// The line that opens a resolution by naming the body (`The General Assembly,`, `大会，`):
/// short and ending with a comma.
fn names_the_body(text: &str) -> bool {
    let text = text.trim();
    text.chars().count() <= 80 && text.ends_with([',', '，', '،', ':', '：'])
}

/// Takes a trailing `{#id}` off the paragraph's last text, returning the id.
fn take_explicit_id(inner: &mut Vec<Spanned<'_>>) -> Option<String> {
    let (Event::Text(text), range) = inner.last()? else { return None };
    let trimmed = text.trim_end();
    let open = trimmed.strip_suffix('}')?.rfind("{#")?;
    let id = &trimmed[open + 2..trimmed.len() - 1];
    if id.is_empty() || !id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')) {
        return None;
    }
    let id = id.to_string();
    let rest = trimmed[..open].trim_end().to_string();
    let range = range.start..range.start + rest.len();
    inner.pop();
    if !rest.is_empty() {
        inner.push((Event::Text(CowStr::from(rest)), range));
    }
    Some(id)
}

fn plain_text(events: &[Spanned<'_>]) -> String {
    events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

/// The id of the `n`th preambular paragraph: `pp-5`.
fn preambular_id(n: u32) -> String {
    format!("pp-{n}")
}

/// The number of a preambular paragraph's id (`pp-5` → `5`), the one place that reads the
/// scheme [`preambular_id`] writes.
pub(crate) fn preambular_number(id: &str) -> Option<&str> {
    id.strip_prefix("pp-").filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{render, render_resolution};

    #[test]
    fn unnumbered_blocks_are_scoped_by_heading_and_position() {
        let out =
            render("Intro.\n\n### Australia {#australia}\n\nOne.\n\n- a\n- b\n\nTwo.\n\n1. Numbered.\n\nThree.\n");
        insta::assert_snapshot!(out);
    }

    #[test]
    fn a_resolution_has_preambular_paragraphs() {
        let md = "**Sponsors: draft resolution**\n\n## Title {#resolution}\n\n*The General Assembly*,\n\n\
                  *Recalling* its resolution 75/240,\n\n*Noting* the report,\n\n1. *Decides* to act.\n\nAfter.\n";
        insta::assert_snapshot!(render_resolution(md));
    }

    #[test]
    fn an_explicit_id_overrides() {
        let out = render("## H {#h}\n\nText with *em* {#my-id}\n\nNext.\n");
        assert!(out.contains(r##"<p id="my-id">Text with <em>em</em><a class="para-anchor" href="#my-id""##), "{out}");
        assert!(out.contains(r#"<p id="h-p-2">Next."#), "{out}");
        let out = render("## H {#h}\n\nText {#my-id}\n\nAgain {#my-id}\n");
        assert!(out.contains("duplicate id `my-id`"), "{out}");
    }

    #[test]
    fn inside_a_numbered_paragraph_nothing_changes() {
        let out = render("1. One.\n\n   Continued.\n\n   - x\n");
        assert!(!out.contains("-p-"), "{out}");
        assert!(!out.contains(r#"id="p-"#), "{out}");
    }
}
