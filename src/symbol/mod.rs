//! Recognising United Nations document symbols in text.
//!
//! Two kinds of reference are found, each by its own regex, in one pass over the text:
//!
//! * **full symbols** under a known series — `A/77/275`, `A/AC.292/2021/INF/1/Add.1`,
//!   `S/RES/2334 (2016)` — recognised by their grammar (this module);
//! * **prose references** to resolutions and decisions — `resolution 75/240`,
//!   `第 70/237 号和第 76/19 号决议`, `decision 77/512` — where only the number is written
//!   and the words around it say what it is ([`prose`]).
//!
//! Chinese text runs directly against symbols (`A/AC.292/2021/1号文件`), so a symbol ends
//! where its grammar ends, and the characters around a candidate decide whether it is one:
//! nothing glued to it on the left (which rules out URLs and paths), nothing that continues
//! it on the right (which rules out `A/77/275.html` and half-parsed symbols).
//!
//! The recogniser is pure: text in, [`Match`]es out. Linking them is the job of
//! `crate::markdown::symbols`.

mod body;
mod cues;
mod normalise;
mod prose;
mod scan;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_languages;

use std::ops::Range;

use regex::Regex;

pub use cues::organ_named;
use normalise::Folded;
use scan::Scan;

/// What a recognised symbol refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Any document with a symbol of its own (`A/77/275`, `A/AC.292/2022/L.1`).
    Document,
    /// A resolution; its symbol is the full normalised one (`A/RES/75/240`).
    Resolution,
    /// A decision; decisions have no document symbol, so `symbol` is the number (`77/512`).
    Decision,
}

/// A principal organ whose resolutions prose cites by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Organ {
    /// `A/RES/…`.
    GeneralAssembly,
    /// `S/RES/…(year)`.
    SecurityCouncil,
    /// `E/RES/…`.
    EconomicAndSocialCouncil,
    /// `A/HRC/RES/…`.
    HumanRightsCouncil,
}

/// What the recogniser knows about the document a text comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// The document's own organ (front matter `organ:`), which "its resolutions" and "the
    /// Council" refer to.
    pub organ: Option<Organ>,
}

/// One symbol reference found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Byte range of the text to turn into a link (`A/77/275`, or just `75/240` in
    /// `第 75/240 号决议`). The visible text is never changed.
    pub range: Range<usize>,
    /// The normalised symbol: ASCII, no spaces or line breaks (`S/RES/2334(2016)`).
    pub symbol: String,
    /// What it refers to.
    pub kind: Kind,
}

/// Something that looks like a symbol but was not linked, because a character in or next
/// to it cannot be placed (`A/77/27５`: a full-width digit in an ASCII number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    /// Byte range of the candidate in the text.
    pub range: Range<usize>,
    /// Why it was not linked (`mixed full-width digit`).
    pub reason: &'static str,
}

/// What a scan found: the references to link and the near-symbols to warn about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The references to link, in order.
    pub matches: Vec<Match>,
    /// The near-symbols, in order.
    pub suspects: Vec<Suspect>,
}

/// Finds symbol references in text; build it once per site, it compiles its grammar.
///
/// Full symbols and prose references are two regexes rather than alternatives of one: each
/// starts with literals the regex engine can search for quickly (`A/`, `ST/`; `resolution`,
/// `第`), which an alternation of both would lose, and a full symbol needs no capture groups,
/// whose extraction is the slow part of a regex search. The scan takes whichever matches
/// first, as an alternation would.
#[derive(Debug, Clone)]
pub struct Recogniser {
    full: Regex,
    prose: Regex,
}

/// The series every site recognises; others come from the configuration. Besides the
/// principal organs' (`A/`, `S/`, `E/`, `ST/`): the treaty bodies, the programmes and
/// funds, conventions' conferences and the subsidiary bodies whose documents undocs.org
/// serves under their own series.
pub const BUILTIN_SERIES: [&str; 31] = [
    "ST", "A", "S", "E", "SC", "GA", "SG", "UNCTAD", "CRC", "CEDAW", "HRI", "CCPR", "CERD", "CAT", "CMW", "CRPD",
    "CED", "UNEP", "TD", "DP", "ICCD", "FCCC", "UNW", "ECE", "JIU", "ISBA", "SPLOS", "CTOC", "NPT", "BWC", "CCW",
];

/// A component between slashes: a body or document kind with an optional number
/// (`AC.292`, `C.1`, `RES`, `INF`, `L.11`, `C.I`), a final component (`Add.1`, `Rev.1`,
/// `Corr.1`, `Amend.1`, `Sub.2`), a special or emergency session (`S-13`, `ES-11`), a
/// conference of the parties with its session (`COP(15)`), or a number (session, year,
/// serial).
const COMPONENT: &str = r"(?:[A-Z]{1,8}(?:\.(?:[0-9]{1,4}[A-Z]?|[IVX]{1,4}|[A-Z])|\([0-9]{1,3}\)|-[A-Z]{2,4})?|[A-Z][a-z]{1,7}\.\x20?[0-9]{1,4}|E?S-[0-9]{1,3}|[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,5})";

/// The last component: symbols end with a number (`A/77/275`, `…/INF.2`, `…/Add.1`), or a
/// treaty body's range of combined reports (`CRC/C/GBR/5-6`).
const LAST: &str =
    r"(?:[A-Z]{1,8}\.\x20?[0-9]{1,4}|[A-Z][a-z]{1,7}\.\x20?[0-9]{1,4}|E?S-[0-9]{1,3}|[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,5})";

/// A slash, possibly followed by a line break: text extracted from PDFs wraps long symbols
/// after a slash (`A/AC.292/2021/INF/1/⏎Add.1`), and a symbol never ends with one.
const SLASH: &str = r"/(?:[\x20\t]*\r?\n\s*)?";

/// The Security Council year `(2016)` or pre-1976 Roman session `(XXVI)` of a resolution,
/// with or without a space before it. Kept only after `RES/<number>` (see [`takes_suffix`]).
const SUFFIX: &str = r"(?:[\x20\u{A0}]?\((?:[0-9]{4}|(?:E?S-)?[IVXLC]{1,7})\))?";

/// Characters that glue a candidate to what precedes it: words, paths, URLs, e-mail.
const GLUE_BEFORE: &str = "/\\._@:=?&#%+~$";

impl Recogniser {
    /// `extra_series`: configured series prefixes besides the built-in ones (e.g.
    /// `"ICCD/COP"`, `"UNHCR/"`); the trailing slash is optional, blanks are ignored.
    pub fn new(extra_series: &[String]) -> Recogniser {
        let extras: Vec<String> =
            extra_series.iter().map(|s| s.trim().trim_end_matches('/').to_string()).filter(|s| !s.is_empty()).collect();
        // A configuration that would not compile (it cannot: every series is escaped) or
        // exceed the regex size limit (thousands of series) falls back to the built-in ones.
        let full = Regex::new(&full_pattern(&extras)).unwrap_or_else(|_| compile(&full_pattern(&[])));
        Recogniser { full, prose: compile(&prose::pattern()) }
    }

    /// All symbol references in `text`, in order, non-overlapping, for a document of
    /// unknown organ. `range` is the byte range of the text to turn into a link.
    pub fn find(&self, text: &str) -> Vec<Match> {
        self.scan(text, &Context::default()).matches
    }

    /// All symbol references in `text` of a document with context `ctx`, and the
    /// near-symbols left unlinked.
    pub fn scan(&self, text: &str, ctx: &Context) -> Found {
        if !may_hold_reference(text) {
            return Found::default();
        }
        let folded = Folded::new(text);
        let mut scan = Scan::new(&folded);
        let text: &str = &folded.text;
        let mut pos = 0;
        let (mut full, mut prose) = (self.full.find_at(text, 0), self.prose.find_at(text, 0));
        loop {
            // A candidate found before `pos` was passed over: look again from `pos`.
            if full.is_some_and(|m| m.start() < pos) {
                full = self.full.find_at(text, pos);
            }
            if prose.is_some_and(|m| m.start() < pos) {
                prose = self.prose.find_at(text, pos);
            }
            // At the same place, a full symbol wins, as the first alternative would.
            let full_first = full.filter(|f| prose.is_none_or(|p| f.start() <= p.start()));
            let (start, end) = if let Some(f) = full_first {
                (f.start(), scan.full_symbol(f.range()))
            } else if let Some(p) = prose {
                let end = prose::references(&mut scan, p.range(), ctx.organ);
                (p.start(), end)
            } else {
                break;
            };
            // A rejected candidate may still hide a reference that starts inside it.
            pos = end.unwrap_or_else(|| next_char(text, start));
        }
        scan.finish()
    }

    /// For a link whose visible text is `text` and whose target is a placeholder (`#`): the
    /// symbol it stands for, using `before`/`after` (the text around the link, same
    /// paragraph) to know e.g. that `75/240` in `第 [75/240](#) 号决议` is a resolution.
    /// The range of the result is relative to `text`.
    pub fn resolve_placeholder(&self, text: &str, before: &str, after: &str, ctx: &Context) -> Option<Match> {
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        // A symbol written out in full needs no context.
        if let Some(m) = self.scan(trimmed, ctx).matches.into_iter().find(|m| m.range == (0..trimmed.len())) {
            return Some(Match { range: m.range.start + lead..m.range.end + lead, ..m });
        }
        // Otherwise read the link text in its sentence; long lists (seed A/C.1/78/L.11 cites
        // 27 resolutions in one) are why the context is generous.
        let before = tail(before, CONTEXT);
        let after = head(after, CONTEXT);
        let sentence = format!("{before}{text}{after}");
        let span = before.len()..before.len() + text.len();
        self.scan(&sentence, ctx)
            .matches
            .into_iter()
            .find(|m| span.start <= m.range.start && m.range.end <= span.end)
            .map(|m| Match { range: m.range.start - span.start..m.range.end - span.start, ..m })
    }
}

/// The symbols one language version of a report cites and another does not, each with the
/// index of its first citation in `a`; decisions and resolutions alike. Counts do not
/// matter (a translation may repeat a reference), only which symbols are cited.
pub fn cited_only_in<'s>(a: &[&'s str], b: &[&str]) -> Vec<(usize, &'s str)> {
    let others: std::collections::HashSet<&str> = b.iter().copied().collect();
    let mut seen = std::collections::HashSet::new();
    a.iter().enumerate().filter(|(_, s)| !others.contains(*s) && seen.insert(**s)).map(|(i, s)| (i, *s)).collect()
}

/// Bytes of context either side of a placeholder that [`Recogniser::resolve_placeholder`]
/// reads; bounds the work for paragraphs full of placeholders.
const CONTEXT: usize = 4096;

/// Sort key that orders symbols the way the UN does: series, then body, then session/year
/// numerically (`A/RES/70/237` < `A/RES/75/240` < `A/RES/76/19`). Works on decision numbers
/// (`76/552` < `77/512`) too.
///
/// Each component between slashes is split into runs of digits, compared as numbers, and of
/// anything else, compared as text, numbers first. The key is one byte string whose plain
/// byte order is that order (one allocation per symbol: the documents index sorts tens of
/// thousands): a run of digits is `0x02` and the number in 8 big-endian bytes, a run of text
/// `0x03`, its bytes and `0x00`; a component ends with `0x01` and the symbol with `0x00`,
/// followed by the symbol itself to break ties.
pub fn sort_key(symbol: &str) -> impl Ord + use<> {
    let mut key = Vec::with_capacity(symbol.len() * 3 + 8);
    for component in symbol.split('/') {
        let mut rest = component;
        while let Some(c) = rest.chars().next() {
            let digits = c.is_ascii_digit();
            let len = rest.find(|d: char| d.is_ascii_digit() != digits).unwrap_or(rest.len());
            let (run, tail) = rest.split_at(len);
            if digits {
                key.push(2);
                key.extend_from_slice(&run.parse::<u64>().unwrap_or(u64::MAX).to_be_bytes());
            } else {
                key.push(3);
                key.extend(run.bytes().filter(|&b| b != 0));
                key.push(0);
            }
            rest = tail;
        }
        key.push(1);
    }
    key.push(0);
    key.extend_from_slice(symbol.as_bytes());
    key
}

/// The grammar of full symbols. A symbol has at most 11 components after its series (real
/// ones have up to 7); the bound keeps a rejected candidate short, so that rescanning after
/// it stays linear.
fn full_pattern(extras: &[String]) -> String {
    let mut series: Vec<String> = extras.iter().map(|s| regex::escape(s)).collect();
    series.extend(BUILTIN_SERIES.iter().map(|s| s.to_string()));
    // Longest first, so that `ST` is tried before `S` and `CRC/C` before `C`.
    series.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let series = series.join("|");
    // Early Security Council documents have a number only (`S/96`, `S/11670`), and so do
    // press releases (`SC/6816`, `GA/12345`).
    format!(r"(?:{series})/(?:{COMPONENT}{SLASH}){{1,10}}{LAST}{SUFFIX}|S/[0-9]{{2,5}}|(?:SC|GA)/[0-9]{{4,5}}")
}

/// Compiles one of this module's patterns. They are built from constants and escaped
/// literals, and every test compiles them, so failure is a bug in this file, not in input.
#[allow(clippy::expect_used)]
fn compile(pattern: &str) -> Regex {
    // A larger cache for the lazy automaton: the six languages' grammar is big, and a cache
    // cleared too often makes the engine fall back to a far slower one.
    regex::RegexBuilder::new(pattern).dfa_size_limit(32 << 20).build().expect("the symbol grammar compiles")
}

/// The cheap pre-filter: every reference contains a slash or a parenthesised year or
/// session (ASCII or full-width), or, for bare Security Council numbers, a word for the
/// Council or for resolutions (`resolution 1493 of 28 July 2003`). Most paragraphs have
/// none.
pub fn may_hold_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2(b'/', b'(', bytes).is_some()
        || [
            "Council",
            "理事会",
            "安理会",
            "Conseil",
            "Consejo",
            "Совет",
            "مجلس",
            "／",
            "（",
            "esolu",
            "ésolu",
            "резолюц",
            "قرار",
        ]
        .iter()
        .any(|w| memchr::memmem::find(bytes, w.as_bytes()).is_some())
}

/// Ideographs, kana and hangul: scripts whose words are not separated by spaces, so that a
/// symbol may touch them (`A/AC.292/2021/1号文件`).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// The byte index of the character after the one at `i`.
fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(text.len(), |c| i + c.len_utf8())
}

/// The last `max` bytes of `s` at most, cut at a character boundary.
pub(super) fn tail(s: &str, max: usize) -> &str {
    let mut from = s.len().saturating_sub(max);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    &s[from..]
}

/// The first `max` bytes of `s` at most, cut at a character boundary.
fn head(s: &str, max: usize) -> &str {
    let mut to = max.min(s.len());
    while !s.is_char_boundary(to) {
        to -= 1;
    }
    &s[..to]
}
