//! The redline's markup: a rendered text cut into the paragraphs the matcher compares, and
//! the rows written from what it found.
//!
//! Rows are written here rather than by a template loop, as the side-by-side rows are, and
//! their markup is part of the page contract (README): one `div.rev-row` per paragraph with
//! `rev-unchanged`, `rev-changed`, `rev-inserted`, `rev-deleted` or `rev-moved`, carrying
//! `data-from` and `data-to` (the paragraph's ids in the two texts, space-separated for a
//! split), the changes inline as `<ins>` and `<del>`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::views::CountView;
use crate::markdown::{Rendered, escape, escape_into};
use crate::redline::{self, Change, Kind, Para, Row};

/// One text in one language, cut into paragraphs: its body and its notes.
#[derive(Debug, Default)]
pub(super) struct Texts {
    pub body: Vec<Para>,
    pub notes: Vec<Para>,
}

impl Texts {
    pub(super) fn of(r: &Rendered) -> Texts {
        let ids: BTreeMap<usize, &str> = r.anchors.iter().map(|a| (a.offset, a.id.as_str())).collect();
        let body = r
            .blocks
            .iter()
            .filter_map(|b| {
                let html = r.html.get(b.html.clone())?;
                let text = plain_text(html);
                (!text.is_empty()).then(|| Para {
                    id: ids.get(&b.source_offset).map(|s| s.to_string()).unwrap_or_default(),
                    label: para_number(html),
                    text,
                    heading: heading_level(html),
                })
            })
            .collect();
        let notes = r
            .footnotes
            .split("<li id=\"")
            .skip(1)
            .filter_map(|item| {
                let id = item.split('"').next()?.to_string();
                let text = plain_text(item.get(id.len() + 2..)?);
                let label = id.strip_prefix("fn-").unwrap_or(&id).replace("star", "*");
                Some(Para { id, label, text, heading: 0 })
            })
            .collect();
        Texts { body, notes }
    }
}

/// `15` from a numbered paragraph's `<a class="para-num" …>15.</a>`, `(a)` from a
/// sub-paragraph's; empty for other blocks.
fn para_number(html: &str) -> String {
    let Some(at) = html.find("class=\"para-num\"") else { return String::new() };
    let head = &html[..at];
    if head.contains("</") {
        return String::new();
    }
    let rest = &html[at..];
    let start = rest.find('>').map_or(0, |i| i + 1);
    let end = rest.find("</a>").unwrap_or(start);
    rest.get(start..end).unwrap_or_default().trim_end_matches('.').to_string()
}

/// 2 for `<h2 …>`, 0 for anything but a heading.
fn heading_level(html: &str) -> u8 {
    match html.as_bytes() {
        [b'<', b'h', d @ b'1'..=b'6', ..] => d - b'0',
        _ => 0,
    }
}

/// The text a reader sees in one block of our own HTML, without what the page adds to it
/// (paragraph numbers, heading anchors, note marks and backlinks), spaces collapsed.
fn plain_text(html: &str) -> String {
    const SKIPPED: &[(&str, &str)] = &[
        ("<a class=\"para-num\"", "</a>"),
        ("<a class=\"heading-anchor\"", "</a>"),
        ("<a class=\"footnote-backref\"", "</a>"),
        ("<sup class=\"footnote-ref\"", "</sup>"),
    ];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        decode_into(&mut text, &rest[..lt]);
        rest = &rest[lt..];
        if let Some((_, close)) = SKIPPED.iter().find(|(open, _)| rest.starts_with(open)) {
            rest = rest.find(close).map_or("", |end| &rest[end + close.len()..]);
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..end];
        let name = tag.trim_start_matches(['<', '/']).split([' ', '>', '/']).next().unwrap_or_default();
        if matches!(
            name,
            "p" | "li" | "div" | "br" | "td" | "th" | "tr" | "blockquote" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) {
            text.push(' ');
        }
        rest = &rest[end..];
    }
    decode_into(&mut text, rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends `s` with the entities our HTML writer produces decoded.
fn decode_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
            ("&nbsp;", '\u{a0}'),
        ]
        .into_iter()
        .find(|(e, _)| rest.starts_with(e));
        match entity {
            Some((e, c)) => {
                out.push(c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The words a row shows, in the page's language.
pub(super) struct RowLabels {
    /// The labels of the two texts (`Rev.1`, `Current text`).
    pub from: String,
    pub to: String,
    /// The visible tag of each kind of row but unchanged ones.
    pub changed: String,
    pub inserted: String,
    pub deleted: String,
    pub moved: String,
}

/// The counts of a redline and the first row of each, gathered while its rows are written.
#[derive(Default)]
pub(super) struct Tally {
    counts: BTreeMap<&'static str, usize>,
    first: BTreeMap<&'static str, String>,
}

impl Tally {
    fn add(&mut self, what: &'static str, n: usize, row: &str) {
        if n == 0 {
            return;
        }
        *self.counts.entry(what).or_default() += n;
        self.first.entry(what).or_insert_with(|| row.to_string());
    }

    /// The summary, in the order the page shows it.
    pub(super) fn summary(&self) -> Vec<CountView> {
        [
            "inserted",
            "deleted",
            "changed",
            "moved",
            "renumbered",
            "words_added",
            "words_deleted",
            "brackets_from",
            "brackets_to",
            "bis_from",
            "bis_to",
        ]
        .into_iter()
        .map(|kind| CountView {
            kind,
            count: self.counts.get(kind).copied().unwrap_or(0),
            href: self.first.get(kind).map(|id| format!("#{id}")),
        })
        .collect()
    }
}

/// The rows of the redline from `from` to `to` as HTML, their ids `{prefix}-1`, `{prefix}-2` …
pub(super) fn rows_html(from: &[Para], to: &[Para], prefix: &str, labels: &RowLabels, tally: &mut Tally) -> String {
    let rows = redline::compare(from, to);
    let mut out = String::with_capacity(rows.len() * 400);
    for (n, row) in rows.iter().enumerate() {
        let id = format!("{prefix}-{}", n + 1);
        write_row(&mut out, row, &id, from, to, labels, tally);
    }
    out
}

fn write_row(out: &mut String, row: &Row, id: &str, from: &[Para], to: &[Para], labels: &RowLabels, tally: &mut Tally) {
    let old = row.from.and_then(|i| from.get(i));
    let new: Vec<&Para> = row.to.iter().filter_map(|&j| to.get(j)).collect();
    let (class, tag) = match row.kind {
        Kind::Unchanged => ("rev-unchanged", None),
        Kind::Changed => ("rev-changed", Some(&labels.changed)),
        Kind::Inserted => ("rev-inserted", Some(&labels.inserted)),
        Kind::Deleted => ("rev-deleted", Some(&labels.deleted)),
        Kind::Moved => ("rev-moved", Some(&labels.moved)),
    };
    let counted = match row.kind {
        Kind::Unchanged => None,
        Kind::Changed => Some("changed"),
        Kind::Inserted => Some("inserted"),
        Kind::Deleted => Some("deleted"),
        Kind::Moved => Some("moved"),
    };
    if let Some(what) = counted {
        tally.add(what, 1, id);
    }
    let old_number = old.map(|p| p.label.as_str()).unwrap_or_default();
    let new_number = new.first().map(|p| p.label.as_str()).unwrap_or_default();
    let renumbered = old.is_some() && !new.is_empty() && old_number != new_number;
    if renumbered {
        tally.add("renumbered", 1, id);
    }
    let words = |change: Change| -> usize {
        row.runs
            .iter()
            .flatten()
            .filter(|s| s.change == change)
            .map(|s| redline::words::tokens(&s.text).into_iter().filter(|t| redline::words::is_word(t)).count())
            .sum()
    };
    tally.add("words_added", words(Change::Insert), id);
    tally.add("words_deleted", words(Change::Delete), id);
    if let Some(p) = old {
        tally.add("brackets_from", brackets(&p.text), id);
        tally.add("bis_from", usize::from(is_bis(p)), id);
    }
    for p in &new {
        tally.add("brackets_to", brackets(&p.text), id);
        tally.add("bis_to", usize::from(is_bis(p)), id);
    }
    let heading = new.first().copied().or(old).map_or(0, |p| p.heading);
    let _ = write!(
        out,
        "<div class=\"rev-row {class}{}\" id=\"{id}\" data-from=\"",
        if heading > 0 { " rev-heading" } else { "" }
    );
    escape_into(out, old.map(|p| p.id.as_str()).unwrap_or_default());
    out.push_str("\" data-to=\"");
    escape_into(out, &new.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(" "));
    out.push_str("\">");
    let place =
        |label: &str, number: &str| if number.is_empty() { String::new() } else { format!("{label} ¶\u{a0}{number}") };
    let from_place = place(&labels.from, old_number);
    let to_place = place(&labels.to, new_number);
    let place = match (from_place.is_empty(), to_place.is_empty(), renumbered || row.kind == Kind::Moved) {
        (false, false, true) => format!("{from_place} → {to_place}"),
        (false, false, false) => format!("¶\u{a0}{new_number}"),
        (true, false, _) => to_place,
        (false, true, _) => from_place,
        (true, true, _) => String::new(),
    };
    if tag.is_some() || !place.is_empty() {
        out.push_str("<p class=\"rev-where\">");
        if let Some(tag) = tag {
            let _ = write!(out, "<span class=\"rev-tag\">{}</span> ", escape(tag));
        }
        escape_into(out, &place);
        out.push_str("</p>");
    }
    out.push_str("<div class=\"rev-text\">");
    for runs in &row.runs {
        out.push_str(if heading > 0 { "<p class=\"rev-h\">" } else { "<p>" });
        for s in runs {
            let (open, close) = match s.change {
                Change::Equal => ("", ""),
                Change::Insert => ("<ins>", "</ins>"),
                Change::Delete => ("<del>", "</del>"),
            };
            out.push_str(open);
            escape_into(out, &s.text);
            out.push_str(close);
        }
        out.push_str("</p>");
    }
    out.push_str("</div></div>\n");
}

/// `[bracketed]` alternatives in a paragraph: its opening brackets.
fn brackets(text: &str) -> usize {
    text.matches('[').count()
}

/// A `bis`, `ter` … paragraph (`15 bis.`), inserted between two without renumbering.
fn is_bis(p: &Para) -> bool {
    let start = if p.label.is_empty() { p.text.as_str() } else { p.label.as_str() };
    let rest = start.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < start.len() && ["bis", "ter", "quater", "quinquies"].iter().any(|w| rest.trim_start().starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_a_block_leaves_out_what_the_page_adds() {
        let html = r##"<div class="para" id="para-20"><a class="para-num" href="#para-20" aria-label="Link to paragraph 20">20.</a><div class="para-body"><p>Adopted the draft (<a class="undocs" data-symbol="A/AC.292/2024/L.1" href="https://undocs.org/en/A/AC.292/2024/L.1">A/AC.292/2024/L.1</a>) &amp; decided to include it<sup class="footnote-ref"><a id="fnref-1" href="#fn-1">1</a></sup>.</p></div></div>"##;
        assert_eq!(plain_text(html), "Adopted the draft (A/AC.292/2024/L.1) & decided to include it.");
        assert_eq!(para_number(html), "20");
        assert_eq!(heading_level(html), 0);
        let heading =
            r##"<h3 id="sec-ii-a">A. Opening<a class="heading-anchor" href="#sec-ii-a" aria-label="Link">#</a></h3>"##;
        assert_eq!(
            (plain_text(heading).as_str(), heading_level(heading), para_number(heading).as_str()),
            ("A. Opening", 3, "")
        );
    }

    #[test]
    fn bis_paragraphs_and_brackets() {
        let p = |text: &str| Para { text: text.into(), ..Para::default() };
        assert!(is_bis(&p("15 bis. The Working Group")));
        assert!(!is_bis(&p("15. The Working Group")));
        assert!(!is_bis(&p("bis")));
        assert_eq!(brackets("[as orally revised] and [To be completed]"), 2);
    }
}
