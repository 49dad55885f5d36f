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
    events.flat_map(move |(event, range)| {
        let (before, after) = match &event {
            Event::Start(Tag::Table(_)) => (Some(open.clone()), None),
            Event::End(TagEnd::Table) => (None, Some("</div>\n".to_string())),
            _ => (None, None),
        };
        let wrapper = |html: String| (Event::Html(CowStr::from(html)), range.clone());
        before.map(wrapper).into_iter().chain(std::iter::once((event, range.clone()))).chain(after.map(wrapper))
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::render;

    #[test]
    fn tables_are_wrapped_in_a_labelled_region() {
        let out = render("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(out.starts_with(r#"<div class="table-wrap" tabindex="0" role="region" aria-label="table">"#), "{out}");
        assert!(out.trim_end().ends_with("</table>\n</div>") || out.trim_end().ends_with("</div>"), "{out}");
    }
}
