//! Markdown to HTML, as a chain of adapters over pulldown-cmark's event stream.
//!
//! 1. [`parse`] turns the body into `(Event, Range)` pairs: offsets on, text merged, so a
//!    marker such as `(a)` or a symbol never arrives split over two events.
//! 2. [`headings::anchor`] gives headings ids from their numbering (`sec-ii-a`).
//! 3. [`paragraphs::number`] gives numbered paragraphs and sub-paragraphs their ids.
//! 4. [`anchors::anchor`] gives every other top-level block an id (`pp-5`, `australia-p-2`).
//! 5. [`symbols::link`] links UN document symbols to undocs.org, [`xrefs::link`] references
//!    to the report's own paragraphs ("上文第 14(e)段"); then [`headings::self_links`]
//!    gives each heading its anchor link.
//! 6. [`highlight::code_blocks`] highlights fenced code with syntect.
//! 7. [`tables::wrap`] puts each table in a scrollable, labelled region.
//! 8. [`footnotes::collect`] numbers notes by first reference and takes their text out of
//!    the stream, to be written after the body with backlinks. It comes last so that a
//!    note's text has been through every other adapter: a table or code in a note is
//!    wrapped and highlighted like one in the body.
//!
//! Each adapter owns one feature and one file; what an adapter learns about the page
//! (ids, outline, citations) it records in [`Collected`].

mod anchors;
mod blocks;
mod footnotes;
mod headings;
mod highlight;
mod numerals;
mod paragraphs;
mod sanitize;
mod symbols;
mod tables;
mod xrefs;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, utils::TextMergeWithOffset};

pub use crate::content::DocumentKind;
use crate::error::{Diagnostic, Diagnostics, Severity};
use crate::symbol::{Context, Organ, Recogniser};
pub(crate) use anchors::preambular_number;

/// An event with the byte range of the Markdown body it came from.
pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

/// The only place that sets parser options.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Events of `body` with offsets, consecutive text merged.
pub(crate) fn parse(body: &str) -> impl Iterator<Item = Spanned<'_>> {
    TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter())
}

/// The source a page is rendered from, for located diagnostics.
pub struct Source<'a> {
    /// The file, for diagnostics.
    pub path: &'a Path,
    /// The whole file, front matter included.
    pub text: &'a str,
    /// Where the Markdown body starts in `text`.
    pub body_offset: usize,
}

impl Source<'_> {
    /// A diagnostic at `range` of the body.
    pub(crate) fn diagnostic(&self, severity: Severity, range: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let r = range.start + self.body_offset..range.end + self.body_offset;
        Diagnostic::at(severity, self.path, self.text, r, message)
    }
}

/// UI strings the adapters put into the HTML, from the theme's i18n files.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// `aria-label` of a heading's anchor link.
    pub heading_link: String,
    /// `aria-label` of a paragraph number link; `{n}` is replaced by the number.
    pub paragraph_link: String,
    /// `aria-label` of a footnote backlink; `{n}` is replaced by the note's number.
    pub footnote_backref: String,
    /// `aria-label` of the scrolling region around a table.
    pub table: String,
    /// The visible reference of a preambular paragraph; `{n}` is replaced by its number.
    pub preambular: String,
    /// `aria-label` of an unnumbered paragraph's link to itself.
    pub block_link: String,
}

/// Everything the chain needs to know about the page.
pub struct PageContext<'a> {
    /// The file the body comes from.
    pub source: Source<'a>,
    /// The page's language code.
    pub lang: &'a str,
    /// The language segment of undocs.org links (`zh`, `en`, or the PDFs' `ch`).
    pub undocs_segment: &'a str,
    /// The configured page of a decision (`symbols.decision_url`), if any.
    pub decision_url: Option<&'a str>,
    /// The site's symbol recogniser.
    pub recogniser: &'a Recogniser,
    /// The document's organ (front matter `organ:`), for "its resolutions".
    pub organ: Option<Organ>,
    /// The kind of report the body is (a resolution's preamble is numbered `pp-1` …); none
    /// for a home or section text, whose blocks are not cited and get no ids.
    pub kind: Option<DocumentKind>,
    /// UI strings put into the HTML.
    pub labels: &'a Labels,
    /// The site's base path (`/`, `/drafts/`), for root-relative links.
    pub base_path: &'a str,
    /// Raw HTML and every link scheme as written (`unsafe_html: true`); else [`sanitize`].
    pub unsafe_html: bool,
}

/// An entry of the page's outline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct TocEntry {
    pub id: String,
    pub level: u8,
    pub text: String,
}

/// An anchor id and where its block starts in the body, to place citations and links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub offset: usize,
    pub id: String,
    /// The id says where the block is (`pp-4`, `australia-p-2`), not which it is: another
    /// version's block of the same id is its counterpart only if their content agrees.
    pub positional: bool,
}

/// What the adapters learn while the page streams through them.
#[derive(Default)]
pub(crate) struct Collected {
    pub diagnostics: Diagnostics,
    /// Every id given on the page, to report duplicates (and for `check`'s link resolution).
    pub ids: RefCell<HashMap<String, usize>>,
    pub anchors: RefCell<Vec<Anchor>>,
    /// Which of `ids` belong to notes.
    pub note_ids: RefCell<Vec<String>>,
    pub toc: RefCell<Vec<TocEntry>>,
    pub citations: RefCell<Vec<symbols::Citation>>,
    pub footnotes: RefCell<footnotes::Notes>,
    pub has_code: Cell<bool>,
    /// Destinations of links and images that stay on the site, with their offsets, for `check`.
    pub links: RefCell<Vec<(String, usize)>>,
    pub blocks: RefCell<Vec<blocks::Block>>,
    pub cross_refs: RefCell<Vec<xrefs::CrossRef>>,
}

impl Collected {
    /// Registers the id of a note or of a reference to one, as [`Collected::claim_id`].
    pub(crate) fn claim_note_id(&self, source: &Source<'_>, id: &str, range: Range<usize>) {
        self.note_ids.borrow_mut().push(id.to_string());
        self.claim_id(source, id, range);
    }

    /// Registers an id at `offset` of the body; a second use is an error.
    pub(crate) fn claim_id(&self, source: &Source<'_>, id: &str, range: Range<usize>) {
        let mut ids = self.ids.borrow_mut();
        // Point at the start of the block, not at the whole paragraph.
        let range = range.start..range.end.min(range.start + 1);
        if ids.contains_key(id) {
            self.diagnostics.push(
                source.diagnostic(Severity::Error, range, format!("duplicate id `{id}` on this page")).with_help(
                    "ids must be unique per page: give one of the blocks an explicit `{#id}` or fix the numbering",
                ),
            );
        } else {
            ids.insert(id.to_string(), range.start);
        }
    }
}

/// The rendered page body and what was learnt about it.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// `<li id="fn-N">` items, empty when the page has no notes.
    pub footnotes: String,
    pub(crate) toc: Vec<TocEntry>,
    /// Every id on the page, sorted.
    pub ids: Vec<String>,
    pub(crate) anchors: Vec<Anchor>,
    pub(crate) citations: Vec<symbols::Citation>,
    pub(crate) has_code: bool,
    pub(crate) links: Vec<(String, usize)>,
    /// The top-level blocks of `html`, for the side-by-side view.
    pub(crate) blocks: Vec<blocks::Block>,
    /// Source ranges of the footnote definitions and their ids.
    pub(crate) note_ranges: Vec<footnotes::NoteRange>,
    /// The ids of notes and of references to them (`fn-3`, `fnref-3`), among `ids`.
    pub(crate) note_ids: Vec<String>,
    /// Every problem found, located in the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Rendered {
    /// The id of the block that contains `offset`: the footnote it is in, or else the last
    /// paragraph or heading that starts before it.
    pub(crate) fn anchor_at(&self, offset: usize) -> Option<Place> {
        if let Some(note) = self.note_ranges.iter().find(|n| n.range.contains(&offset)) {
            return Some(Place { id: note.id.clone(), note: Some(note.mark.clone()) });
        }
        let i = self.anchors.partition_point(|a| a.offset <= offset);
        i.checked_sub(1).map(|i| Place { id: self.anchors[i].id.clone(), note: None })
    }
}

/// A place on a page that can be linked to and cited: its id, and what kind of place it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub id: String,
    /// The note's mark (`3`, `*`) when the place is a footnote; none for a paragraph or heading.
    pub note: Option<String>,
}

/// Renders one Markdown body through the whole chain.
pub fn render(body: &str, ctx: &PageContext<'_>) -> Rendered {
    crate::error::with_line_index(ctx.source.text, || render_indexed(body, ctx))
}

fn render_indexed(body: &str, ctx: &PageContext<'_>) -> Rendered {
    let collected = Collected::default();
    let links = symbols::SymbolLinks {
        recogniser: ctx.recogniser,
        undocs_segment: ctx.undocs_segment,
        decision_url: ctx.decision_url,
        lang: ctx.lang,
        context: Context { organ: ctx.organ },
        near: RefCell::default(),
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    {
        let ev = sanitize::filter(parse(body), &ctx.source, &collected.diagnostics, ctx.unsafe_html)
            .map(|(e, r)| (under_base(e, ctx.base_path), r))
            .inspect(|(e, r)| record_link(e, r.start, &collected.links));
        let ev = headings::anchor(ev, &ctx.source, &collected);
        let ev = paragraphs::number(ev, &ctx.source, ctx.labels, &collected);
        let ev = anchors::anchor(ev, &ctx.source, ctx.labels, ctx.kind, &collected);
        let ev = symbols::link(ev, &links, &collected.citations);
        let ev = xrefs::link(ev, ctx.lang, &collected.cross_refs);
        let ev = headings::self_links(ev, ctx.labels);
        let ev = highlight::code_blocks(ev, &collected.has_code);
        let ev = tables::wrap(ev, &ctx.labels.table);
        let ev = footnotes::collect(ev, &ctx.source, &collected);
        let blocks = blocks::write_html(ev, &mut html);
        *collected.blocks.borrow_mut() = blocks;
    }
    for near in links.near.take() {
        collected.diagnostics.push(symbols::near_symbol_warning(&ctx.source, &near));
    }
    let mut footnotes = footnotes::render_notes(&collected, &ctx.source, ctx.labels);
    let note_ranges = collected.footnotes.borrow().ranges();
    let mut ids: Vec<String> = collected.ids.into_inner().into_keys().collect();
    ids.sort();
    let mut anchors = collected.anchors.take();
    anchors.sort_by_key(|a| a.offset);
    let cross_refs = collected.cross_refs.take();
    let mut blocks = collected.blocks.take();
    let body = (&mut html, &mut blocks[..]);
    for d in xrefs::resolve(cross_refs, &ids, &anchors, &ctx.source, body, &mut footnotes) {
        collected.diagnostics.push(d);
    }
    Rendered {
        html,
        footnotes,
        toc: collected.toc.into_inner(),
        ids,
        anchors,
        citations: collected.citations.into_inner(),
        has_code: collected.has_code.get(),
        links: collected.links.into_inner(),
        blocks,
        note_ranges,
        note_ids: {
            let mut ids = collected.note_ids.into_inner();
            ids.sort();
            ids
        },
        diagnostics: collected.diagnostics.into_vec(),
    }
}

/// A root-relative link (`/en/reports/x/`) points inside the site: when the site lives under
/// a sub-path (`base_url: https://example.org/drafts/`), it is moved under it.
fn under_base<'a>(event: Event<'a>, base_path: &str) -> Event<'a> {
    let rebase = |dest: CowStr<'a>| -> CowStr<'a> {
        if base_path == "/" || !dest.starts_with('/') || dest.starts_with("//") || dest.starts_with(base_path) {
            return dest;
        }
        CowStr::from(format!("{base_path}{}", &dest[1..]))
    };
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: rebase(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: rebase(dest_url), title, id })
        }
        other => other,
    }
}

/// Keeps the destination of a link or image that points inside the site.
fn record_link(event: &Event<'_>, offset: usize, links: &RefCell<Vec<(String, usize)>>) {
    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
        let external = dest_url.contains("://") || dest_url.starts_with("mailto:") || dest_url.starts_with("undocs:");
        if !external && !dest_url.is_empty() && dest_url.as_ref() != "#" {
            links.borrow_mut().push((dest_url.to_string(), offset));
        }
    }
}

/// Escapes text for an HTML attribute or element.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape`] does, without a string of its own.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

#[cfg(test)]
pub(crate) mod test_support {
    //! One `render` helper for every adapter's tests.
    use super::*;
    use std::sync::LazyLock;

    static RECOGNISER: LazyLock<Recogniser> = LazyLock::new(|| Recogniser::new(&[]));

    /// Renders `md` as a zh page; returns body, footnotes and diagnostics as one string.
    pub fn render_lang(md: &str, lang: &str) -> String {
        render_with(md, lang, false)
    }

    /// Renders `md` as the English page of a resolution.
    pub fn render_resolution(md: &str) -> String {
        render_with(md, "en", true)
    }

    fn render_with(md: &str, lang: &str, resolution: bool) -> String {
        let labels = Labels {
            heading_link: "link".into(),
            paragraph_link: "paragraph {n}".into(),
            footnote_backref: "back to {n}".into(),
            table: "table".into(),
            preambular: "preambular paragraph {n}".into(),
            block_link: "link to this paragraph".into(),
        };
        let ctx = PageContext {
            source: Source { path: Path::new("test.md"), text: md, body_offset: 0 },
            lang,
            undocs_segment: lang,
            decision_url: None,
            recogniser: &RECOGNISER,
            organ: None,
            kind: Some(if resolution { DocumentKind::Resolution } else { DocumentKind::Report }),
            labels: &labels,
            base_path: "/",
            unsafe_html: false,
        };
        let r = super::render(md, &ctx);
        let mut out = r.html;
        if !r.footnotes.is_empty() {
            out.push_str("<!-- notes -->\n");
            out.push_str(&r.footnotes);
        }
        for d in r.diagnostics {
            out.push_str(&format!("<!-- {} -->\n", d.render()));
        }
        out
    }

    pub fn render(md: &str) -> String {
        render_lang(md, "zh")
    }
}
