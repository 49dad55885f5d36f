//! Footnotes numbered in order of first reference, with one backlink per reference.
//!
//! The United Nations numbers notes by where they are first cited, whatever labels the
//! drafter used, and a reader must be able to jump to a note and back from every place that
//! cites it. A definition may come before or after its references, so this adapter has to
//! buffer: definitions are taken out of the stream, rendered to HTML on the spot (with a
//! placeholder where the backlinks go) and kept until the end of the page, when the number
//! of references to each note is known.
//!
//! Labels made only of `*`, `†`, `‡` are shown as written and not numbered, as the UN marks
//! notes on titles (`附件*`). Undefined references and double definitions are errors; a note
//! never referenced is a warning.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Collected, Labels, Source, Spanned, escape};
use crate::error::Severity;

const BACKREFS: &str = "<!--rapporteur:backrefs-->";

/// The notes of one page.
#[derive(Debug, Default)]
pub struct Notes {
    /// Normalised labels in order of first reference.
    order: Vec<String>,
    notes: HashMap<String, Note>,
}

#[derive(Debug, Default)]
struct Note {
    /// The label as written at its first appearance.
    label: String,
    /// `1`, `2` … or the symbol for `*` notes.
    mark: String,
    id: String,
    /// Byte ranges of the references, in order, with the note each sits in (`None`: body).
    refs: Vec<(Range<usize>, Option<String>)>,
    /// Rendered definition, with the [`BACKREFS`] placeholder.
    html: Option<String>,
    def_range: Range<usize>,
}

impl Notes {
    /// The source range of each defined note and its id, so that what a note cites can be
    /// attributed to the note (`fn-3`) rather than to the paragraph before it.
    pub fn ranges(&self) -> Vec<NoteRange> {
        self.notes
            .values()
            .filter(|n| n.html.is_some() && !n.id.is_empty())
            .map(|n| NoteRange { range: n.def_range.clone(), id: n.id.clone(), mark: n.mark.clone() })
            .collect()
    }
}

/// Where a note's definition is in the source, its id and its mark (`3`, `*`).
#[derive(Debug, Clone, Default)]
pub(crate) struct NoteRange {
    pub range: Range<usize>,
    pub id: String,
    pub mark: String,
}

/// Numbers references and takes definitions out of the stream.
pub fn collect<'a, 'c>(
    events: impl Iterator<Item = Spanned<'a>> + 'c,
    source: &'c Source<'c>,
    collected: &'c Collected,
) -> impl Iterator<Item = Spanned<'a>> + 'c
where
    'a: 'c,
{
    let mut events = events;
    let mut numbered = 0u32;
    let mut in_code = false;
    std::iter::from_fn(move || {
        loop {
            let (event, range) = events.next()?;
            match event {
                Event::FootnoteReference(label) => {
                    let html =
                        reference(&mut collected.footnotes.borrow_mut(), &label, range.clone(), None, &mut numbered);
                    return Some((Event::InlineHtml(CowStr::from(html)), range));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let mut body = Vec::new();
                    let mut depth = 0usize;
                    for (e, r) in events.by_ref() {
                        match &e {
                            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                            Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                            Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                            Event::FootnoteReference(inner) => {
                                let from = Some(normalise(&label));
                                let html = reference(
                                    &mut collected.footnotes.borrow_mut(),
                                    inner,
                                    r.clone(),
                                    from,
                                    &mut numbered,
                                );
                                body.push(Event::InlineHtml(CowStr::from(html)));
                                continue;
                            }
                            Event::Text(text) if may_cite(text) => {
                                undefined_in_text(text, r.clone(), source, collected)
                            }
                            _ => {}
                        }
                        body.push(e);
                    }
                    define(collected, source, &label, range, body);
                }
                Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) => {
                    in_code = matches!(event, Event::Start(_));
                    return Some((event, range));
                }
                Event::Text(ref text) if !in_code && may_cite(text) => {
                    undefined_in_text(text, range.clone(), source, collected);
                    return Some((event, range));
                }
                other => return Some((other, range)),
            }
        }
    })
}

/// Renders the notes as `<li>` items with their backlinks, and reports label problems.
pub fn render_notes(collected: &Collected, source: &Source<'_>, labels: &Labels) -> String {
    let notes = collected.footnotes.borrow();
    let shown = shown_notes(&notes);
    let mut out = String::new();
    for key in notes.order.iter().filter(|k| shown.contains(k.as_str())) {
        let Some(note) = notes.notes.get(key) else { continue };
        let Some(html) = &note.html else {
            let range = note.refs.first().map_or(0..0, |(r, _)| r.clone());
            collected.diagnostics.push(
                source
                    .diagnostic(
                        Severity::Error,
                        range,
                        format!("footnote `[^{}]` is referenced but never defined", note.label),
                    )
                    .with_help(format!("add a definition line `[^{}]: …` or remove the reference", note.label)),
            );
            continue;
        };
        collected.claim_note_id(source, &note.id, note.def_range.clone());
        let mut backrefs = String::new();
        for (k, (range, from)) in note.refs.iter().enumerate() {
            if from.as_ref().is_some_and(|f| !shown.contains(f.as_str())) {
                continue;
            }
            let ref_id = ref_id(&note.id, k + 1);
            // After a no-break space: a backlink never starts a line of its own.
            backrefs.push_str(&format!(
                r##" <a class="footnote-backref" href="#{ref_id}" aria-label="{label}">↩</a>"##,
                label = escape(&labels.footnote_backref.replace("{n}", &note.mark)),
            ));
            collected.claim_note_id(source, &ref_id, range.clone());
        }
        let symbolic = note.mark.parse::<u32>().is_err();
        if symbolic {
            out.push_str(&format!(
                r#"<li id="{}" class="footnote-symbol"><span class="footnote-mark">{}</span>"#,
                note.id,
                escape(&note.mark)
            ));
        } else {
            out.push_str(&format!(r#"<li id="{}" value="{}">"#, note.id, note.mark));
        }
        out.push_str(&html.replacen(BACKREFS, &backrefs, 1));
        out.push_str("</li>\n");
    }
    let mut unused: Vec<&Note> = notes
        .notes
        .iter()
        .filter(|(key, n)| n.html.is_some() && !shown.contains(key.as_str()))
        .map(|(_, n)| n)
        .collect();
    unused.sort_by_key(|n| n.def_range.start);
    for note in unused {
        collected.diagnostics.push(
            source
                .diagnostic(
                    Severity::Warning,
                    note.def_range.clone(),
                    format!("footnote `[^{}]` is defined but never referenced", note.label),
                )
                .with_help("reference it with `[^label]` where it applies (a note cited only from unused notes is unused too), or delete the definition"),
        );
    }
    out
}

/// The notes that appear on the page: those cited from the body, and those cited from a note
/// that appears. A note cited only by itself or by unused notes does not.
fn shown_notes(notes: &Notes) -> std::collections::HashSet<&str> {
    let mut shown: std::collections::HashSet<&str> = notes
        .notes
        .iter()
        .filter(|(_, n)| n.refs.iter().any(|(_, from)| from.is_none()))
        .map(|(k, _)| k.as_str())
        .collect();
    loop {
        let more: Vec<&str> = notes
            .notes
            .iter()
            .filter(|(k, n)| {
                !shown.contains(k.as_str())
                    && n.refs.iter().any(|(_, f)| f.as_deref().is_some_and(|f| shown.contains(f)))
            })
            .map(|(k, _)| k.as_str())
            .collect();
        if more.is_empty() {
            return shown;
        }
        shown.extend(more);
    }
}

/// Whether text may hold a reference pulldown-cmark left as text (`[^label]`); asked of
/// every text event, so a `memchr` search rather than `str::contains`.
fn may_cite(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"[^").is_some()
}

/// pulldown-cmark leaves a reference to an undefined note as text: report each one.
fn undefined_in_text(text: &str, range: Range<usize>, source: &Source<'_>, collected: &Collected) {
    let reference = static_regex!(r"\[\^([^\]\s]+)\]");
    let maps_one_to_one = range.len() == text.len();
    for m in reference.find_iter(text) {
        let label = &m.as_str()[2..m.as_str().len() - 1];
        let at = if maps_one_to_one { range.start + m.start()..range.start + m.end() } else { range.clone() };
        collected.diagnostics.push(
            source
                .diagnostic(Severity::Error, at, format!("footnote `[^{label}]` is referenced but never defined"))
                .with_help(format!("add a definition line `[^{label}]: …` or remove the reference")),
        );
    }
}

/// Registers a reference and returns its HTML.
fn reference(notes: &mut Notes, label: &str, range: Range<usize>, from: Option<String>, numbered: &mut u32) -> String {
    let key = normalise(label);
    let note = notes.notes.entry(key.clone()).or_insert_with(|| Note { label: label.to_string(), ..Note::default() });
    if note.refs.is_empty() {
        if let Some(id) = symbolic_id(&key) {
            note.mark = label.trim().to_string();
            note.id = id;
        } else {
            *numbered += 1;
            note.mark = numbered.to_string();
            note.id = format!("fn-{numbered}");
        }
        notes.order.push(key);
    }
    note.refs.push((range, from));
    let ref_id = ref_id(&note.id, note.refs.len());
    format!(
        r##"<sup class="footnote-ref"><a id="{ref_id}" href="#{id}">{mark}</a></sup>"##,
        id = note.id,
        mark = escape(&note.mark)
    )
}

fn define(collected: &Collected, source: &Source<'_>, label: &str, range: Range<usize>, mut body: Vec<Event<'_>>) {
    let key = normalise(label);
    let mut notes = collected.footnotes.borrow_mut();
    let note = notes.notes.entry(key).or_insert_with(|| Note { label: label.to_string(), ..Note::default() });
    if note.html.is_some() {
        collected.diagnostics.push(
            source
                .diagnostic(Severity::Error, range, format!("footnote `[^{label}]` is defined twice"))
                .with_help("keep one definition, or give the second note its own label"),
        );
        return;
    }
    let at = body.iter().rposition(|e| matches!(e, Event::End(TagEnd::Paragraph))).unwrap_or(body.len());
    body.insert(at, Event::Html(CowStr::Borrowed(BACKREFS)));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, body.into_iter());
    note.html = Some(html);
    note.def_range = range;
}

/// Labels compare case-insensitively with runs of white space collapsed, as in CommonMark.
fn normalise(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// `fn-star` for `*`, `fn-dagger` for `†` … `None` for ordinary labels.
fn symbolic_id(label: &str) -> Option<String> {
    let mut id = String::from("fn-");
    for c in label.chars() {
        id.push_str(match c {
            '*' => "star",
            '†' => "dagger",
            '‡' => "ddagger",
            _ => return None,
        });
    }
    (!label.is_empty()).then_some(id)
}

fn ref_id(note_id: &str, k: usize) -> String {
    let base = note_id.replacen("fn-", "fnref-", 1);
    if k == 1 { base } else { format!("{base}-{k}") }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::render;

    #[test]
    fn numbered_by_first_reference_with_one_backlink_per_reference() {
        // Cases: labels out of order are renumbered by first use; a second reference gets
        // fnref-N-2 and a second backlink; a note referenced inside another note; a `*` note.
        let md = "## 附件[^*]\n\nFirst[^b], second[^a], again[^b].\n\n[^a]: Note A[^c].\n[^b]: Note B.\n[^c]: Nested.\n[^*]: 未经正式编辑。\n";
        insta::assert_snapshot!(render(md));
    }

    #[test]
    fn label_problems_are_located() {
        let md = "Text[^missing] and[^x].\n\n[^x]: One.\n[^x]: Two.\n[^unused]: Never.\n";
        let out = render(md);
        assert!(out.contains("footnote `[^missing]` is referenced but never defined"), "{out}");
        let code = render("```\n[^not-a-note]\n```\n\n`[^x]`\n");
        assert!(!code.contains("never defined"), "{code}");
        assert!(out.contains("footnote `[^x]` is defined twice"), "{out}");
        assert!(out.contains("footnote `[^unused]` is defined but never referenced"), "{out}");
        assert!(out.contains("test.md:1:5"), "{out}");
        assert!(out.contains("test.md:4:1"), "{out}");
    }

    #[test]
    fn notes_cited_only_by_unused_notes_or_themselves_are_unused() {
        // Cases: [^a] is never cited, so [^b], cited only from [^a], is not shown either;
        // [^c] cites itself only; [^d] is cited from the body and cites [^e].
        let md = "Body[^d].\n\n[^a]: A cites[^b].\n[^b]: B.\n[^c]: C cites itself[^c].\n[^d]: D cites[^e].\n[^e]: E.\n";
        let out = render(md);
        for unused in ["a", "b", "c"] {
            assert!(
                out.contains(&format!("footnote `[^{unused}]` is defined but never referenced")),
                "{unused}: {out}"
            );
        }
        assert!(!out.contains("`[^d]` is defined but never") && !out.contains("`[^e]` is defined but never"), "{out}");
        let listed = out.matches("<li id=").count();
        assert_eq!(listed, 2, "{out}");
    }

    #[test]
    fn an_undefined_reference_inside_a_note_is_an_error() {
        let out = render("Body[^1].\n\n[^1]: Cites [^2] which does not exist.\n");
        assert!(out.contains("footnote `[^2]` is referenced but never defined"), "{out}");
        assert!(out.contains("test.md:3:13"), "{out}");
    }

    #[test]
    fn labels_are_normalised() {
        let out = render("A[^Note One] b[^note  one].\n\n[^note one]: N.\n");
        assert!(out.contains(r#"id="fnref-1-2""#), "{out}");
    }

    #[test]
    fn note_ids_are_claimed_like_any_other() {
        let out = render("## Notes {#fn-1}\n\nBody[^1].\n\n[^1]: A note.\n");
        assert!(out.contains("duplicate id `fn-1` on this page"), "{out}");
        let out = render("## Refs {#fnref-1}\n\nBody[^1].\n\n[^1]: A note.\n");
        assert!(out.contains("duplicate id `fnref-1` on this page"), "{out}");
    }

    #[test]
    fn a_note_goes_through_the_other_adapters() {
        let out = render(
            "Body[^1].\n\n[^1]: A note with a table:\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n\n    ```rust\n    fn main() {}\n    ```\n",
        );
        let notes = out.split("<!-- notes -->").nth(1).unwrap_or_default();
        assert!(notes.contains(r#"<div class="table-wrap""#), "the table is wrapped: {notes}");
        assert!(notes.contains("<span"), "the code is highlighted: {notes}");
    }
}
