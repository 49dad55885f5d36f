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
mod tests {
    use std::fmt::Write;

    use proptest::prelude::*;
    use pulldown_cmark::utils::TextMergeWithOffset;
    use pulldown_cmark::{Options, Parser};

    use super::*;

    /// Renders `src` through the adapter; the HTML, then one line per citation.
    fn render_with(src: &str, decision_url: Option<&str>) -> String {
        let recogniser = Recogniser::new(&[]);
        let links = SymbolLinks {
            recogniser: &recogniser,
            undocs_segment: "zh",
            decision_url,
            lang: "zh",
            context: Context::default(),
            near: RefCell::default(),
        };
        let cited = RefCell::new(Vec::new());
        let events = TextMergeWithOffset::new(Parser::new_ext(src, Options::all()).into_offset_iter());
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, link(events, &links, &cited).map(|(e, _)| e));
        for c in cited.borrow().iter() {
            let at: String = src.get(c.offset..).unwrap_or("?").chars().take(8).collect();
            let _ = writeln!(out, "cites {} ({:?}) at {}: {at:?}", c.symbol, c.kind, c.offset);
        }
        out
    }

    fn render(src: &str) -> String {
        render_with(src, None)
    }

    /// The page as pulldown-cmark renders it without the adapter.
    fn plain_render(src: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, Parser::new_ext(src, Options::all()));
        out
    }

    #[test]
    fn symbols_in_chinese_text() {
        insta::assert_snapshot!(render("大会第 75/240 号决议决定，见 A/77/275。"), @r##"
        <p>大会第 <a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a> 号决议决定，见 <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a>。</p>
        cites A/RES/75/240 (Resolution) at 10: "75/240 号"
        cites A/77/275 (Document) at 39: "A/77/275"
        "##);
    }

    #[test]
    fn symbols_in_english_text() {
        insta::assert_snapshot!(render("General Assembly resolutions 70/237 and 76/19; see A/76/187."), @r##"
        <p>General Assembly resolutions <a class="undocs" data-symbol="A/RES/70/237" href="https://undocs.org/zh/A/RES/70/237">70/237</a> and <a class="undocs" data-symbol="A/RES/76/19" href="https://undocs.org/zh/A/RES/76/19">76/19</a>; see <a class="undocs" data-symbol="A/76/187" href="https://undocs.org/zh/A/76/187">A/76/187</a>.</p>
        cites A/RES/70/237 (Resolution) at 29: "70/237 a"
        cites A/RES/76/19 (Resolution) at 40: "76/19; s"
        cites A/76/187 (Document) at 51: "A/76/187"
        "##);
    }

    #[test]
    fn symbols_in_headings() {
        insta::assert_snapshot!(render("## 报告 A/77/275 {#r}"), @r##"
        <h2 id="r">报告 <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a></h2>
        cites A/77/275 (Document) at 10: "A/77/275"
        "##);
    }

    #[test]
    fn symbols_in_tables() {
        insta::assert_snapshot!(render("| 文件 | 决议 |\n|---|---|\n| A/77/275 | 第 75/240 号决议 |"), @r##"
        <table><thead><tr><th>文件</th><th>决议</th></tr></thead><tbody>
        <tr><td><a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a></td><td>第 <a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a> 号决议</td></tr>
        </tbody></table>
        cites A/77/275 (Document) at 32: "A/77/275"
        cites A/RES/75/240 (Resolution) at 47: "75/240 号"
        "##);
    }

    #[test]
    fn symbols_in_footnote_definitions() {
        insta::assert_snapshot!(render("报告。[^1]\n\n[^1]: 大会第 70/237 号和第 76/19 号决议。"), @r##"
        <p>报告。<sup class="footnote-reference"><a href="#1">1</a></sup></p>
        <div class="footnote-definition" id="1"><sup class="footnote-definition-label">1</sup>
        <p>大会第 <a class="undocs" data-symbol="A/RES/70/237" href="https://undocs.org/zh/A/RES/70/237">70/237</a> 号和第 <a class="undocs" data-symbol="A/RES/76/19" href="https://undocs.org/zh/A/RES/76/19">76/19</a> 号决议。</p>
        </div>
        cites A/RES/70/237 (Resolution) at 31: "70/237 号"
        cites A/RES/76/19 (Resolution) at 48: "76/19 号决"
        "##);
    }

    #[test]
    fn symbols_in_quotes_and_list_items() {
        insta::assert_snapshot!(render("> 引文 A/77/275\n\n- 项目 A/75/816\n- [ ] 任务 A/76/135"), @r##"
        <blockquote>
        <p>引文 <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a></p>
        </blockquote>
        <ul>
        <li>项目 <a class="undocs" data-symbol="A/75/816" href="https://undocs.org/zh/A/75/816">A/75/816</a></li>
        <li><input disabled="" type="checkbox"/>
        任务 <a class="undocs" data-symbol="A/76/135" href="https://undocs.org/zh/A/76/135">A/76/135</a></li>
        </ul>
        cites A/77/275 (Document) at 9: "A/77/275"
        cites A/75/816 (Document) at 28: "A/75/816"
        cites A/76/135 (Document) at 50: "A/76/135"
        "##);
    }

    #[test]
    fn nothing_in_code_links_raw_html_or_urls() {
        insta::assert_snapshot!(render("`A/77/275`, [A/77/275](https://example.org), <https://undocs.org/A/77/275>, <a href=\"x\">A/77/275</a>, <code>A/77/275</code>, https://undocs.org/A/77/275 and www.un.org/A/77/275\n\n```\nA/77/275\n```\n\n<div>A/77/275</div>\n"), @r##"
        <p><code>A/77/275</code>, <a href="https://example.org">A/77/275</a>, <a href="https://undocs.org/A/77/275">https://undocs.org/A/77/275</a>, <a href="x">A/77/275</a>, <code>A/77/275</code>, https://undocs.org/A/77/275 and www.un.org/A/77/275</p>
        <pre><code>A/77/275
        </code></pre>
        <div>A/77/275</div>
        "##);
    }

    #[test]
    fn undocs_links() {
        insta::assert_snapshot!(render("[the resolution](undocs:A/RES/75/240) and [*A/77/275* 75/240](undocs:A/77/275)"), @r##"
        <p><a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">the resolution</a> and <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275"><em>A/77/275</em> 75/240</a></p>
        cites A/RES/75/240 (Resolution) at 0: "[the res"
        cites A/77/275 (Document) at 42: "[*A/77/2"
        "##);
    }

    #[test]
    fn placeholders_in_chinese() {
        insta::assert_snapshot!(render("大会第 [75/240](#) 号决议决定。已作为 [A/77/275](#) 号文件印发。见[这里](#)。"), @r##"
        <p>大会第 <a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a> 号决议决定。已作为 <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a> 号文件印发。见<a href="#">这里</a>。</p>
        cites A/RES/75/240 (Resolution) at 11: "75/240]("
        cites A/77/275 (Document) at 51: "A/77/275"
        "##);
    }

    #[test]
    fn placeholders_in_a_chinese_list() {
        insta::assert_snapshot!(render("大会第 [70/237](#) 号和第 [76/19](#) 号决议"), @r##"
        <p>大会第 <a class="undocs" data-symbol="A/RES/70/237" href="https://undocs.org/zh/A/RES/70/237">70/237</a> 号和第 <a class="undocs" data-symbol="A/RES/76/19" href="https://undocs.org/zh/A/RES/76/19">76/19</a> 号决议</p>
        cites A/RES/70/237 (Resolution) at 11: "70/237]("
        cites A/RES/76/19 (Resolution) at 33: "76/19](#"
        "##);
    }

    #[test]
    fn placeholders_in_english() {
        insta::assert_snapshot!(render("in its resolution [75/240](#), decided; and [A/78/265]() and [here](#)."), @r##"
        <p>in its resolution <a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a>, decided; and <a class="undocs" data-symbol="A/78/265" href="https://undocs.org/zh/A/78/265">A/78/265</a> and <a href="#">here</a>.</p>
        cites A/RES/75/240 (Resolution) at 19: "75/240]("
        cites A/78/265 (Document) at 45: "A/78/265"
        "##);
    }

    #[test]
    fn decisions_without_a_url_are_cited_not_linked() {
        insta::assert_snapshot!(render("根据大会第77/512号和第78/541号决定，以及 decision [77/512](#)"), @r##"
        <p>根据大会第77/512号和第78/541号决定，以及 decision <a href="#">77/512</a></p>
        cites 77/512 (Decision) at 15: "77/512号和"
        cites 78/541 (Decision) at 30: "78/541号决"
        cites 77/512 (Decision) at 65: "77/512]("
        "##);
    }

    #[test]
    fn decisions_with_a_url_template() {
        insta::assert_snapshot!(render_with("根据大会第77/512号和第78/541号决定，以及 decision [77/512](#)", Some("https://example.org/{lang}/decisions?n={number}&x")), @r##"
        <p>根据大会第<a class="decision" data-decision="77/512" href="https://example.org/zh/decisions?n=77/512&amp;x">77/512</a>号和第<a class="decision" data-decision="78/541" href="https://example.org/zh/decisions?n=78/541&amp;x">78/541</a>号决定，以及 decision <a class="decision" data-decision="77/512" href="https://example.org/zh/decisions?n=77/512&amp;x">77/512</a></p>
        cites 77/512 (Decision) at 15: "77/512号和"
        cites 78/541 (Decision) at 30: "78/541号决"
        cites 77/512 (Decision) at 65: "77/512]("
        "##);
    }

    #[test]
    fn symbols_across_a_soft_break() {
        insta::assert_snapshot!(render("载于 A/AC.292/2021/INF/1/\nAdd.1 号文件"), @r##"
        <p>载于 <a class="undocs" data-symbol="A/AC.292/2021/INF/1/Add.1" href="https://undocs.org/zh/A/AC.292/2021/INF/1/Add.1">A/AC.292/2021/INF/1/
        Add.1</a> 号文件</p>
        cites A/AC.292/2021/INF/1/Add.1 (Document) at 7: "A/AC.292"
        "##);
    }

    #[test]
    fn attribute_values_are_escaped() {
        insta::assert_snapshot!(render("[x](<undocs:A/1 \"q\"&>)"), @r##"
        <p><a class="undocs" data-symbol="A/1 &quot;q&quot;&amp;" href="https://undocs.org/zh/A/1%20%22q%22%26">x</a></p>
        cites A/1 "q"& (Document) at 0: "[x](<und"
        "##);
    }

    #[test]
    fn text_with_escapes_keeps_whole_source_ranges() {
        insta::assert_snapshot!(render("A\\/77\\/275 and A&#47;77&#47;275"), @r##"
        <p><a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a> and <a class="undocs" data-symbol="A/77/275" href="https://undocs.org/zh/A/77/275">A/77/275</a></p>
        cites A/77/275 (Document) at 0: "A\\/77\\/2"
        cites A/77/275 (Document) at 0: "A\\/77\\/2"
        "##);
    }

    #[test]
    fn inside_emphasis_but_not_across_it() {
        insta::assert_snapshot!(render("大会第 **75/240** 号决议, A/77/*275*"), @r##"
        <p>大会第 <strong><a class="undocs" data-symbol="A/RES/75/240" href="https://undocs.org/zh/A/RES/75/240">75/240</a></strong> 号决议, A/77/<em>275</em></p>
        cites A/RES/75/240 (Resolution) at 12: "75/240**"
        "##);
    }

    /// The adapter's output events with their source ranges.
    fn spanned(src: &str) -> Vec<(String, Range<usize>)> {
        let recogniser = Recogniser::new(&[]);
        let links = SymbolLinks {
            recogniser: &recogniser,
            undocs_segment: "en",
            decision_url: None,
            lang: "en",
            context: Context::default(),
            near: RefCell::default(),
        };
        let cited = RefCell::new(Vec::new());
        let events = TextMergeWithOffset::new(Parser::new_ext(src, Options::all()).into_offset_iter());
        link(events, &links, &cited).map(|(e, r)| (format!("{e:?}"), r)).collect()
    }

    #[test]
    fn pieces_keep_their_source_ranges() {
        let src = "见 A/77/275。";
        let html = r#"InlineHtml(Boxed("<a class=\"undocs\" data-symbol=\"A/77/275\" href=\"https://undocs.org/en/A/77/275\">"))"#;
        let expected = [
            ("Start(Paragraph)".to_string(), 0..15),
            (r#"Text(Borrowed("见 "))"#.to_string(), 0..4),
            (html.to_string(), 4..12),
            (r#"Text(Borrowed("A/77/275"))"#.to_string(), 4..12),
            (r#"InlineHtml(Borrowed("</a>"))"#.to_string(), 4..12),
            (r#"Text(Borrowed("。"))"#.to_string(), 12..15),
            ("End(Paragraph)".to_string(), 0..15),
        ];
        assert_eq!(spanned(src), expected);
        // Text that does not map 1:1 onto its source (an escape) keeps the whole range.
        let escaped = spanned("x\\* A/77/275");
        assert!(escaped.iter().filter(|(e, _)| e.starts_with("Text")).all(|(_, r)| *r == (0..12)), "{escaped:?}");
    }

    #[test]
    fn citation_offsets_point_at_the_symbol_in_the_source() {
        let src =
            "# 报告\n\n1. 见 A/77/275 和大会第 [75/240](#) 号决议\n\n[^1]: resolution 76/19 and [x](undocs:A/76/135)\n";
        let recogniser = Recogniser::new(&[]);
        let links = SymbolLinks {
            recogniser: &recogniser,
            undocs_segment: "zh",
            decision_url: None,
            lang: "zh",
            context: Context::default(),
            near: RefCell::default(),
        };
        let cited = RefCell::new(Vec::new());
        let events = TextMergeWithOffset::new(Parser::new_ext(src, Options::all()).into_offset_iter());
        link(events, &links, &cited).for_each(drop);
        let at: Vec<(String, &str)> =
            cited.into_inner().into_iter().map(|c| (c.symbol, &src[c.offset..c.offset + 3])).collect();
        let expected = [("A/77/275", "A/7"), ("A/RES/75/240", "75/"), ("A/RES/76/19", "76/"), ("A/76/135", "[x]")];
        assert_eq!(at, expected.map(|(s, t)| (s.to_string(), t)));
    }

    #[test]
    fn raw_html_that_opens_and_closes_a_link_in_one_event_does_not_stop_linking() {
        // The headings adapter writes its anchor `<a …>#</a>` as one inline HTML event.
        let events = vec![
            (Event::Start(Tag::Paragraph), 0..20),
            (Event::InlineHtml(r##"<a class="heading-anchor" href="#x">#</a>"##.into()), 0..0),
            (Event::Text("见 A/77/275".into()), 0..12),
            (Event::End(TagEnd::Paragraph), 0..20),
        ];
        let recogniser = Recogniser::new(&[]);
        let links = SymbolLinks {
            recogniser: &recogniser,
            undocs_segment: "zh",
            decision_url: None,
            lang: "zh",
            context: Context::default(),
            near: RefCell::default(),
        };
        let cited = RefCell::new(Vec::new());
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, link(events.into_iter(), &links, &cited).map(|(e, _)| e));
        assert!(html.contains(r#"<a class="undocs" data-symbol="A/77/275""#), "{html}");
    }

    /// Removes every tag, so that only the visible text is compared.
    fn visible(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    proptest! {
        #[test]
        fn visible_text_is_unchanged(text in "[A-Za-z0-9/ .,;()\\-\n第号决议定和、年 RESHCLX#\\[\\]*`<>_]{0,100}") {
            let rendered = render(&text);
            let html = rendered.split("cites ").next().unwrap_or("");
            prop_assert_eq!(visible(html), visible(&plain_render(&text)));
        }

        #[test]
        fn never_panics_on_arbitrary_markdown(text in "\\PC{0,200}") {
            let rendered = render(&text);
            let html = rendered.split("cites ").next().unwrap_or("");
            prop_assert_eq!(visible(html), visible(&plain_render(&text)));
        }

        #[test]
        fn symbols_in_arbitrary_paragraphs_are_linked(before in "[a-z 第号、]{0,20}", after in "[a-z 。，]{0,20}") {
            let text = format!("x{before} A/77/275 {after}");
            let rendered = render(&text);
            prop_assert!(rendered.contains(r#"data-symbol="A/77/275""#), "{}", rendered);
            prop_assert_eq!(visible(rendered.split("cites ").next().unwrap_or("")), visible(&plain_render(&text)));
        }
    }
}
