//! Tables wrapped in a focusable, labelled region.
//!
//! A wide table scrolls sideways on a phone; a scrolling region must be reachable by
//! keyboard and named for screen readers, so each table is wrapped in
//! `<div class="table-wrap" tabindex="0" role="region" aria-label="…">`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Spanned, escape};

/// Wraps every table of the stream.
pub fn wrap<'a, 'c>(
    events: impl Iterator<Item = Spanned<'a>> + 'c,
    label: &'c str,
) -> impl Iterator<Item = Spanned<'a>> + 'c
where
    'a: 'c,
{
    let open = format!(r#"<div class="table-wrap" tabindex="0" role="region" aria-label="{}">"#, escape(label));
    let mut events = events;
    // The event that follows a wrapper opened or closed just before it.
    let mut next: Option<Spanned<'a>> = None;
    std::iter::from_fn(move || {
        if let Some(event) = next.take() {
            return Some(event);
        }
        let (event, range) = events.next()?;
        match event {
            Event::Start(Tag::Table(_)) => {
                let wrapper = (Event::Html(CowStr::from(open.clone())), range.clone());
                next = Some((event, range));
                Some(wrapper)
            }
            Event::End(TagEnd::Table) => {
                next = Some((Event::Html(CowStr::from("</div>\n")), range.clone()));
                Some((event, range))
            }
            _ => Some((event, range)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::render;

    #[test]
    fn tables_are_wrapped_in_a_labelled_region() {
        let out = render("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(out.contains(r#"<div class="table-wrap" tabindex="0" role="region" aria-label="table">"#), "{out}");
        assert!(out.trim_end().ends_with("</table>\n</div>") || out.trim_end().ends_with("</div>"), "{out}");
    }
}
