//! The rendered body as a sequence of top-level blocks.
//!
//! The side-by-side view aligns the language versions of a report row by row on their shared
//! paragraph and heading ids, so it needs the body cut into top-level blocks. Rather than
//! parse the generated HTML again, the HTML is written one block at a time and each block's
//! byte range in it is recorded: the cut costs nothing when nobody uses it.

use std::ops::Range;

use pulldown_cmark::Event;

use super::Spanned;

/// One top-level block: where it starts in the Markdown body and where its HTML is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub source_offset: usize,
    pub html: Range<usize>,
}

/// Writes `events` as HTML to `out`, returning the blocks.
///
/// A block ends when the stream is back at the top level and the next event starts past the
/// source extent of the block's first event: adapters that replace a container by raw HTML
/// (numbered paragraphs) keep their events within that extent.
pub fn write_html<'a>(events: impl Iterator<Item = Spanned<'a>>, out: &mut String) -> Vec<Block> {
    let mut events = events.peekable();
    let mut blocks = Vec::new();
    while let Some((_, first)) = events.peek() {
        let (source_offset, end) = (first.start, first.end);
        let start = out.len();
        let mut depth = 0usize;
        let mut taken = false;
        let block = std::iter::from_fn(|| {
            let (_, range) = events.peek()?;
            if taken && depth == 0 && range.start >= end {
                return None;
            }
            taken = true;
            let (event, _) = events.next()?;
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            Some(event)
        });
        pulldown_cmark::html::push_html(out, block);
        blocks.push(Block { source_offset, html: start..out.len() });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(md: &str) -> Vec<String> {
        let mut html = String::new();
        let blocks = write_html(crate::markdown::parse(md), &mut html);
        blocks.iter().map(|b| html[b.html.clone()].trim().to_string()).collect()
    }

    #[test]
    fn one_block_per_top_level_element() {
        let blocks = cut("# T\n\nPara *one*.\n\n- a\n- b\n\n> q\n\n| x |\n|---|\n| 1 |\n");
        assert_eq!(blocks.len(), 5, "{blocks:#?}");
        assert!(blocks[1].starts_with("<p>Para"));
        assert!(blocks[4].starts_with("<table>"));
    }
}
