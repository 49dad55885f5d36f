//! Links UN document symbols in the event stream to undocs.org.
//!
//! Three sources of links, one adapter:
//!
//! * symbols and prose references in running text, found by the [`Recogniser`]; the text
//!   is split around them and the visible text never changes;
//! * explicit links `[text](undocs:A/RES/75/240)`;
//! * placeholders `[75/240](#)` / `[A/77/275](#)` (target `#` or empty), whose link text the
//!   recogniser resolves from the sentence around it; a placeholder that is not a symbol stays.
//!
//! Links are written as [`Event::InlineHtml`] (`<a class="undocs" …>` … `</a>`) around
//! untouched text events, so later stages and the HTML writer escape the text as usual.
//! Nothing is linked inside code, existing links, images or raw `<a>`/`<code>` HTML.
//!
//! The adapter buffers one run of inline events at a time (a paragraph, heading, table cell
//! or tight list item): a placeholder needs the text after it, and a reference can span a
//! soft line break (`A/AC.292/2021/INF/1/⏎Add.1`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape;
use crate::symbol::{Context, Kind, Match, Recogniser};

pub(crate) use super::Spanned;

/// What the adapter needs to know about the page.
pub struct SymbolLinks<'r> {
    pub recogniser: &'r Recogniser,
    /// The language segment of undocs.org URLs (`zh`, `en`, or the PDFs' `ch`).
    pub undocs_segment: &'r str,
    /// URL template for decisions, with `{number}` and `{lang}`; decisions are not linked
    /// without one (they are still cited).
    pub decision_url: Option<&'r str>,
    /// The page's language code, for `{lang}`.
    pub lang: &'r str,
    /// What the recogniser knows about the document (its organ).
    pub context: Context,
    /// Near-symbols left unlinked, for warnings.
    pub near: RefCell<Vec<NearSymbol>>,
}

/// A candidate the recogniser would not link (`A/77/27５`), where it is in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearSymbol {
    /// The candidate as written.
    pub text: String,
    pub reason: &'static str,
    /// Byte range in the Markdown source.
    pub source: Range<usize>,
}

/// A citation found on the page: the symbol and the byte offset in the Markdown source
/// where it is cited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub symbol: String,
    pub kind: Kind,
    pub offset: usize,
}

/// Links the symbols of `events` (text-merged, with source ranges), pushing every symbol
/// linked or recognised onto `cited`.
pub fn link<'a, 'r>(
    events: impl Iterator<Item = Spanned<'a>> + 'r,
    links: &'r SymbolLinks<'r>,
    cited: &'r RefCell<Vec<Citation>>,
) -> impl Iterator<Item = Spanned<'a>> + 'r
where
    'a: 'r,
{
    Linker { events, links, cited, inline: Vec::new(), out: VecDeque::new(), verbatim: false }
}

struct Linker<'a, 'r, I> {
    events: I,
    links: &'r SymbolLinks<'r>,
    cited: &'r RefCell<Vec<Citation>>,
    /// The run of inline events being collected.
    inline: Vec<Spanned<'a>>,
    /// Events ready to hand out.
    out: VecDeque<Spanned<'a>>,
    /// Inside a code, metadata or HTML block, whose text is never linked.
    verbatim: bool,
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Linker<'a, '_, I> {
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        loop {
            if let Some(event) = self.out.pop_front() {
                return Some(event);
            }
            let Some((event, range)) = self.events.next() else {
                if self.inline.is_empty() {
                    return None;
                }
                self.flush();
                continue;
            };
            if self.verbatim {
                self.verbatim =
                    !matches!(event, Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock));
                return Some((event, range));
            } else if is_inline(&event) {
                self.inline.push((event, range));
            } else {
                self.verbatim =
                    matches!(event, Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock));
                if self.inline.is_empty() {
                    // Nothing buffered: a block event goes straight on.
                    return Some((event, range));
                }
                self.flush();
                self.out.push_back((event, range));
            }
        }
    }
}

/// Events that live inside a block's text: everything a run of inline events is made of.
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
        Event::Html(_) | Event::Rule => false,
    }
}

/// How one event of a run shows in the run's plain text.
#[derive(Debug, Clone)]
struct Piece {
    /// Its bytes in the plain text (empty for tags).
    plain: Range<usize>,
    /// Text or a line break outside links and code, which may be linked.
    linkable: bool,
}

impl<'a, I> Linker<'a, '_, I> {
    /// Links the buffered run of inline events and queues the result.
    fn flush(&mut self) {
        let events = std::mem::take(&mut self.inline);
        // Most runs cite nothing: pass them through without building the plain text.
        let quiet = events.iter().all(|(e, _)| match e {
            Event::Text(t) => !crate::symbol::may_hold_reference(t),
            Event::Start(Tag::Link { .. }) => false,
            _ => true,
        });
        if quiet {
            self.out.extend(events);
            return;
        }
        let (plain, pieces) = plain_text(&events);
        // Per event: the `<a>` replacing a link's `Start`, and whether it is an `End` to close.
        let mut opens: Vec<Option<String>> = vec![None; events.len()];
        let mut closes = vec![false; events.len()];
        // Citations by position in the plain text, so that they come out in reading order.
        let mut citations: Vec<(usize, Citation)> = Vec::new();
        for (i, (event, range)) in events.iter().enumerate() {
            let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
            let end = matching_end(&events, i);
            let text = pieces[i].plain.start..pieces[end].plain.start;
            let Some(m) = self.link_target(dest_url, &plain, text) else { continue };
            let offset = match dest_url.starts_with("undocs:") {
                true => range.start,
                false => source_offset(&events, &pieces, m.range.start).unwrap_or(range.start),
            };
            citations.push((m.range.start, citation(&m, offset)));
            if let Some(open) = self.open_tag(&m) {
                opens[i] = Some(open);
                closes[end] = true;
            }
        }
        let mut spans: Vec<(Range<usize>, String)> = Vec::new();
        let found = self.links.recogniser.scan(&plain, &self.links.context);
        for s in found.suspects {
            if linkable_run(&pieces, &s.range).is_none() {
                continue;
            }
            let start = source_offset(&events, &pieces, s.range.start).unwrap_or(0);
            let end = source_offset(&events, &pieces, s.range.end).filter(|&e| e > start).unwrap_or(start + 1);
            let text = plain[s.range.clone()].to_string();
            self.links.near.borrow_mut().push(NearSymbol { text, reason: s.reason, source: start..end });
        }
        for m in found.matches {
            let Some(first) = linkable_run(&pieces, &m.range) else { continue };
            let offset = source_offset(&events, &pieces, m.range.start).unwrap_or(events[first].1.start);
            citations.push((m.range.start, citation(&m, offset)));
            if let Some(open) = self.open_tag(&m) {
                spans.push((m.range, open));
            }
        }
        citations.sort_by_key(|(at, _)| *at);
        self.cited.borrow_mut().extend(citations.into_iter().map(|(_, c)| c));
        self.emit(events, &pieces, opens, &closes, &spans);
    }

    /// The symbol a link stands for, its range in plain-text coordinates: the target of an
    /// `undocs:` link, or what the recogniser makes of a placeholder's text in its sentence.
    fn link_target(&self, dest: &str, plain: &str, text: Range<usize>) -> Option<Match> {
        if let Some(symbol) = dest.strip_prefix("undocs:") {
            let symbol = symbol.trim();
            let kind = if symbol.split('/').any(|c| c == "RES") { Kind::Resolution } else { Kind::Document };
            return (!symbol.is_empty()).then(|| Match { range: text, symbol: symbol.to_string(), kind });
        }
        if !dest.is_empty() && dest != "#" {
            return None;
        }
        let m = self.links.recogniser.resolve_placeholder(
            &plain[text.clone()],
            &plain[..text.start],
            &plain[text.end..],
            &self.links.context,
        )?;
        Some(Match { range: text.start + m.range.start..text.start + m.range.end, ..m })
    }

    /// The opening tag of the link for `m`, or `None` for a decision without a URL template.
    fn open_tag(&self, m: &Match) -> Option<String> {
        let symbol = escape(&m.symbol);
        if m.kind == Kind::Decision {
            let url = crate::routes::decision_url(self.links.decision_url?, &m.symbol, self.links.lang);
            return Some(format!(r#"<a class="decision" data-decision="{symbol}" href="{}">"#, escape(&url)));
        }
        let href = crate::routes::undocs_url(self.links.undocs_segment, &m.symbol);
        Some(format!(r#"<a class="undocs" data-symbol="{symbol}" href="{}">"#, escape(&href)))
    }

    /// Queues the run's events with the planned links in place.
    fn emit(
        &mut self,
        events: Vec<Spanned<'a>>,
        pieces: &[Piece],
        mut opens: Vec<Option<String>>,
        closes: &[bool],
        spans: &[(Range<usize>, String)],
    ) {
        for (i, (event, range)) in events.into_iter().enumerate() {
            if let Some(open) = opens[i].take() {
                self.out.push_back((Event::InlineHtml(open.into()), range));
            } else if closes[i] {
                self.out.push_back((Event::InlineHtml("</a>".into()), range));
            } else if let Event::Text(text) = event {
                let here = overlapping(spans, &pieces[i].plain);
                if pieces[i].linkable && !here.is_empty() {
                    self.split_text(text, range, &pieces[i].plain, here);
                } else {
                    self.out.push_back((Event::Text(text), range));
                }
            } else {
                self.out.push_back((event, range));
            }
        }
    }

    /// Queues a text event cut around the links (`spans`) that start, end or pass in it.
    /// Pieces keep exact source ranges when the text maps 1:1 onto its source, else the
    /// event's range.
    fn split_text(
        &mut self,
        text: CowStr<'a>,
        range: Range<usize>,
        plain: &Range<usize>,
        spans: &[(Range<usize>, String)],
    ) {
        let exact = range.len() == text.len();
        let source = |a: usize, b: usize| if exact { range.start + a..range.start + b } else { range.clone() };
        let mut cursor = 0;
        let mut take_to = |out: &mut VecDeque<Spanned<'a>>, to: usize| {
            if to > cursor {
                let piece = match &text {
                    CowStr::Borrowed(s) => CowStr::Borrowed(&s[cursor..to]),
                    owned => CowStr::from(owned[cursor..to].to_string()),
                };
                out.push_back((Event::Text(piece), source(cursor, to)));
                cursor = to;
            }
        };
        for (span, open) in spans {
            let start = span.start.max(plain.start) - plain.start;
            let end = span.end.min(plain.end) - plain.start;
            take_to(&mut self.out, start);
            if span.start >= plain.start {
                self.out.push_back((Event::InlineHtml(open.clone().into()), source(start, end)));
            }
            take_to(&mut self.out, end);
            if span.end <= plain.end {
                self.out.push_back((Event::InlineHtml("</a>".into()), source(start, end)));
            }
        }
        take_to(&mut self.out, text.len());
    }
}

/// The warning for a near-symbol: where it is and why it was not linked.
pub fn near_symbol_warning(source: &super::Source<'_>, near: &NearSymbol) -> crate::error::Diagnostic {
    source
        .diagnostic(crate::error::Severity::Warning, near.source.clone(), format!("possible symbol `{}`: {}", near.text, near.reason))
        .with_help("not linked: write the symbol in one width (ASCII `A/77/275` or full-width `Ａ/７７/２７５`), or link it with `[text](undocs:SYMBOL)`")
}

fn citation(m: &Match, offset: usize) -> Citation {
    Citation { symbol: m.symbol.clone(), kind: m.kind, offset }
}

/// The plain text of a run (text as shown, line breaks as `\n`, code as an object
/// character so nothing joins across it) and where each event is in it.
fn plain_text(events: &[Spanned]) -> (String, Vec<Piece>) {
    let mut plain = String::new();
    let mut pieces = Vec::with_capacity(events.len());
    let mut opaque: isize = 0;
    for (event, _) in events {
        let start = plain.len();
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => opaque += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => opaque = (opaque - 1).max(0),
            Event::InlineHtml(html) => opaque = (opaque + raw_depth_change(html)).max(0),
            Event::Text(text) => plain.push_str(text),
            Event::SoftBreak | Event::HardBreak => plain.push('\n'),
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => plain.push('\u{FFFC}'),
            _ => {}
        }
        let linkable = opaque == 0 && matches!(event, Event::Text(_) | Event::SoftBreak | Event::HardBreak);
        pieces.push(Piece { plain: start..plain.len(), linkable });
    }
    (plain, pieces)
}

/// How raw inline HTML changes the depth of elements whose text must not be linked: `<a …>`
/// (a link already) and `<code>`, as an author writes them. One event may open and close
/// (`<a …>x</a>`), so every tag in it counts.
fn raw_depth_change(html: &str) -> isize {
    let lower = html.to_ascii_lowercase();
    let mut change = 0;
    for tag in lower.split('<').skip(1) {
        let (closing, rest) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let name = &rest[..rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len())];
        let self_closing = rest.split('>').next().is_some_and(|t| t.ends_with('/'));
        if matches!(name, "a" | "code") && !self_closing {
            change += if closing { -1 } else { 1 };
        }
    }
    change
}

/// The index of the `End` matching the `Start` at `start`.
fn matching_end(events: &[Spanned], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// If the plain-text `range` lies in consecutive linkable pieces (no tag, code or link in
/// between), the index of the first; a reference split by markup is left alone.
fn linkable_run(pieces: &[Piece], range: &Range<usize>) -> Option<usize> {
    let first = piece_at(pieces, range.start)?;
    let mut i = first;
    loop {
        let piece = &pieces[i];
        if !piece.linkable {
            return None;
        }
        if range.end <= piece.plain.end {
            return Some(first);
        }
        i += 1;
        // A tag between two text events has an empty plain range: it breaks the run.
        if pieces.get(i).is_none_or(|p| p.plain.is_empty()) {
            return None;
        }
    }
}

/// The source byte offset of plain-text position `at`, exact where the text event maps
/// 1:1 onto its source, else the event's start.
fn source_offset(events: &[Spanned], pieces: &[Piece], at: usize) -> Option<usize> {
    let i = piece_at(pieces, at)?;
    let (event, range) = &events[i];
    let exact = matches!(event, Event::Text(t) if t.len() == range.len());
    Some(if exact { range.start + (at - pieces[i].plain.start) } else { range.start })
}

/// The links (sorted, disjoint) that overlap the plain-text range `plain`.
fn overlapping<'s>(spans: &'s [(Range<usize>, String)], plain: &Range<usize>) -> &'s [(Range<usize>, String)] {
    let from = spans.partition_point(|(s, _)| s.end <= plain.start);
    let to = from + spans[from..].partition_point(|(s, _)| s.start < plain.end);
    &spans[from..to]
}

/// The index of the piece holding plain-text position `at` (pieces are in order and the
/// non-empty ones tile the plain text).
fn piece_at(pieces: &[Piece], at: usize) -> Option<usize> {
    let i = pieces.partition_point(|p| p.plain.end <= at);
    pieces.get(i).filter(|p| p.plain.start <= at).map(|_| i)
}

#[cfg(test)]
#[path = "symbols_tests.rs"]
mod tests;
