//! One scan of a folded text: full-symbol candidates checked against what surrounds them,
//! elliptical suffixes (`A/61/5 and Corr.1`), and the near-symbols that are not linked.
//!
//! Matches are collected in the folded text's coordinates and mapped back to the original
//! text at the end ([`Scan::finish`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::normalise::Folded;
use super::{Found, GLUE_BEFORE, Kind, Match, Suspect, compile, is_cjk};

/// The state of one scan.
pub(super) struct Scan<'t> {
    /// The folded text the grammar runs on.
    pub text: &'t str,
    folded: &'t Folded<'t>,
    found: Vec<Match>,
    suspects: Vec<Suspect>,
}

/// A final component or a number continuing the symbol before it: `and Corr.1`,
/// `和 2002` (after `CRC/C/SR.2001`), `et 964`.
static ELLIPSIS: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\A\s*(?:,|、|，|and|和|及|et|y|и|و|‑|–)\s*(?:(?P<fin>Corr|Add|Rev|Amend)\.\x20?(?P<n>[0-9]{1,4})|(?P<lettered>[A-Z]{1,4}\.[0-9]{1,5})|(?P<bare>[0-9]{1,5}))",
    )
});

impl<'t> Scan<'t> {
    pub fn new(folded: &'t Folded<'t>) -> Scan<'t> {
        Scan { text: &folded.text, folded, found: Vec::new(), suspects: Vec::new() }
    }

    /// Keeps a match, unless a character in or right after it cannot be placed: then it is
    /// a suspect, not a link. Returns whether it was kept.
    pub fn push(&mut self, m: Match) -> bool {
        if let Some(reason) = self.suspicious(&m.range) {
            self.suspects.push(Suspect { range: m.range, reason });
            return false;
        }
        self.found.push(m);
        true
    }

    /// The matches and suspects, in the original text's coordinates.
    pub fn finish(self) -> Found {
        let folded = self.folded;
        let matches = self
            .found
            .into_iter()
            .map(|m| Match { range: folded.original(m.range), ..m })
            .filter(|m| !m.range.is_empty())
            .collect();
        let suspects = self.suspects.into_iter().map(|s| Suspect { range: folded.original(s.range), ..s }).collect();
        Found { matches, suspects }
    }

    /// Why a candidate must not be linked, if it must not: a run of letters and digits in it
    /// mixes full-width or Arabic-Indic characters with ASCII ones (`27５`), or such a
    /// character follows it where the grammar would have continued (`2334 ７(2016)`).
    fn suspicious(&self, range: &Range<usize>) -> Option<&'static str> {
        if !self.folded.any() {
            return None;
        }
        let bytes = self.text.as_bytes();
        let alnum = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
        let mut start = range.start;
        while start > 0 && alnum(start - 1) {
            start -= 1;
        }
        let mut end = range.end;
        while alnum(end) {
            end += 1;
        }
        let mut i = start;
        while i < end {
            let run = i;
            while i < end && alnum(i) {
                i += 1;
            }
            if let Some(reason) = self.mixed(run..i) {
                return Some(reason);
            }
            i += 1;
        }
        // A folded character just after an ASCII symbol, across a space, slash or bracket.
        if range.end == 0 || self.folded.is_folded(range.end - 1) {
            return None;
        }
        // Separators of both widths in one symbol (`A/AC.292/2／021`, `GB．R/CO`).
        let separators = || (range.start..range.end).filter(|&i| b"/.-()".contains(&bytes[i]));
        if separators().any(|i| self.folded.is_folded(i)) && separators().any(|i| !self.folded.is_folded(i)) {
            return Some("mixed full-width punctuation");
        }
        // A folded character glued on the left (`S/RE（S/2334`): an opening bracket may stand
        // before a symbol, unless it is itself glued to a word.
        let mut at = range.start;
        while at > 0 && range.start - at < 12 && bytes[at - 1] < 0x80 && !bytes[at - 1].is_ascii_whitespace() {
            at -= 1;
            if self.folded.is_folded(at) {
                let glued = at > 0 && bytes[at - 1].is_ascii_alphanumeric();
                if bytes[at] != b'(' || glued {
                    return Some("full-width character before it");
                }
                break;
            }
        }
        // A folded character in what follows it, up to the next word, could have continued
        // it (`…/INF/1／Add.1`, `2334 ７(2016)`, `2334(2／016)`); only a closing bracket, or
        // an opening one before other text (`A/77/275（第 5 段）`), cannot.
        let mut at = range.end;
        let mut seen = false;
        while at < bytes.len() && at - range.end < 12 && bytes[at] < 0x80 {
            let b = bytes[at];
            if b.is_ascii_whitespace() {
                if seen {
                    break;
                }
            } else if b != b'/' {
                seen = true;
            }
            if self.folded.is_folded(at) {
                let next = bytes.get(at + 1).copied().unwrap_or(b' ');
                let opens_text = b == b'(' && (next >= 0x80 || next.is_ascii_whitespace());
                if b == b')' || opens_text {
                    break;
                }
                return Some(if b.is_ascii_alphanumeric() {
                    reason(self.text, at)
                } else {
                    "full-width character after it"
                });
            }
            at += 1;
        }
        let mut i = range.end;
        while i < at {
            let run = i;
            while i < at && alnum(i) {
                i += 1;
            }
            if let Some(reason) = self.mixed(run..i) {
                return Some(reason);
            }
            i += 1;
        }
        None
    }

    /// Whether a run of ASCII letters and digits mixes folded and unfolded characters.
    fn mixed(&self, run: Range<usize>) -> Option<&'static str> {
        let folded = run.clone().filter(|&i| self.folded.is_folded(i)).count();
        (folded > 0 && folded < run.len()).then(|| {
            run.clone().find(|&i| self.folded.is_folded(i)).map_or("mixed full-width digit", |i| reason(self.text, i))
        })
    }

    /// Checks a full-symbol candidate's surroundings, normalises it and keeps it, with the
    /// symbols an elliptical suffix after it stands for. Returns where the last one ends.
    pub fn full_symbol(&mut self, candidate: Range<usize>) -> Option<usize> {
        let m = self.full_match(candidate.clone())?;
        let mut end = m.range.end;
        let base = m.symbol.clone();
        if !self.push(m) {
            return Some(end);
        }
        let mut symbol = base;
        while may_continue(&self.text[end..])
            && let Some(c) = ELLIPSIS.captures(&self.text[end..])
        {
            let Some(whole) = c.get(0) else { break };
            let next = if let (Some(fin), Some(n)) = (c.name("fin"), c.name("n")) {
                let kind = fin.as_str();
                match symbol.rsplit_once('/') {
                    Some((head, last)) if last.starts_with(kind) && last[kind.len()..].starts_with('.') => {
                        format!("{head}/{kind}.{}", n.as_str())
                    }
                    _ => format!("{symbol}/{kind}.{}", n.as_str()),
                }
            } else if let Some(bare) = c.name("bare") {
                match numbered_tail(&symbol, bare.as_str()) {
                    Some(s) => s,
                    None => break,
                }
            } else if let Some(lettered) = c.name("lettered") {
                // `CCPR/C/SR.2887 et SR.2888`: the same kind of component, numbered on.
                let (letters, number) = lettered.as_str().split_once('.').unwrap_or_default();
                match numbered_tail(&symbol, number).filter(|s| s.ends_with(&format!("/{letters}.{number}"))) {
                    Some(s) => s,
                    None => break,
                }
            } else {
                break;
            };
            let Some(suffix) = c.name("fin").or(c.name("bare")).or(c.name("lettered")) else { break };
            let range = end + suffix.start()..end + whole.end();
            if !free_after(self.text, range.end) {
                break;
            }
            end = range.end;
            symbol = next.clone();
            if !self.push(Match { range, symbol: next, kind: Kind::Document }) {
                break;
            }
        }
        Some(end)
    }

    /// The match a full-symbol candidate makes, if its surroundings allow one.
    fn full_match(&mut self, candidate: Range<usize>) -> Option<Match> {
        let text = self.text;
        if !free_before(text, candidate.start) {
            return None;
        }
        let matched = &text[candidate.clone()];
        let (body, suffix) = match matched.strip_suffix(')').and_then(|m| m.rfind('(')) {
            Some(open) => {
                let body = matched[..open].trim_end_matches([' ', '\u{A0}']);
                (body, Some(&matched[open..]))
            }
            None => (matched, None),
        };
        let mut symbol: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let mut end = candidate.start + body.len();
        if let Some(suffix) = suffix.filter(|_| takes_suffix(&symbol)) {
            symbol.push_str(suffix);
            end = candidate.end;
        }
        if !free_after(text, end) {
            // `Ａ/77/2Ｘ75`: a folded character the grammar cannot place is worth a warning.
            if self.folded.is_folded(end) {
                let mut to = end;
                while text.as_bytes().get(to).is_some_and(u8::is_ascii_alphanumeric) {
                    to += 1;
                }
                self.suspects.push(Suspect { range: candidate.start..to.max(end + 1), reason: reason(text, end) });
            }
            return None;
        }
        if !plausible_range(&symbol) {
            return None;
        }
        let kind = if symbol.split('/').any(|c| c == "RES") { Kind::Resolution } else { Kind::Document };
        Some(Match { range: candidate.start..end, symbol, kind })
    }

    /// The range of one cited number, checked against what follows it: a number glued to more
    /// letters or digits (`75/2401…`) is no reference; a lettered part glued to more
    /// (`75/240 A/77/275`) is dropped, and the list ends there (`false`).
    pub fn item(&self, range: Range<usize>) -> Option<(Range<usize>, bool)> {
        let text = self.text;
        let glued = |at: usize| {
            let mut rest = text[at..].chars();
            match rest.next() {
                Some(c) if (c.is_alphanumeric() && !is_cjk(c)) || c == '/' || c == '_' => true,
                Some('.') => rest.next().is_some_and(|d| d.is_ascii_alphanumeric()),
                _ => false,
            }
        };
        let cited = &text[range.clone()];
        if let Some(letter) = cited.chars().next_back().filter(|c| c.is_uppercase())
            && glued(range.end)
        {
            let number = cited[..cited.len() - letter.len_utf8()].trim_end_matches([' ', '\u{A0}']);
            return Some((range.start..range.start + number.len(), false));
        }
        if glued(range.end) { None } else { Some((range, true)) }
    }
}

/// Whether what follows a symbol may start an [`ELLIPSIS`]: its first character after white
/// space is one the pattern's words start with. Most symbols are followed by none, and the
/// test is far cheaper than the pattern's capture groups.
fn may_continue(rest: &str) -> bool {
    rest.trim_start()
        .chars()
        .next()
        .is_some_and(|c| matches!(c, ',' | '、' | '，' | 'a' | '和' | '及' | 'e' | 'y' | 'и' | 'و' | '‑' | '–'))
}

/// `CRC/C/SR.2001` followed by `2002`: `CRC/C/SR.2002`; `S/PRST/2006/39` followed by
/// `45`: `S/PRST/2006/45`; only when the new number follows the old one closely.
fn numbered_tail(symbol: &str, bare: &str) -> Option<String> {
    let (head, last) = symbol.rsplit_once('/')?;
    let (letters, number) = last.split_once('.').unwrap_or(("", last));
    let (old, new) = (number.parse::<u32>().ok()?, bare.parse::<u32>().ok()?);
    let lettered = letters.bytes().all(|b| b.is_ascii_alphabetic());
    let close = new > old && new - old <= if letters.is_empty() { 50 } else { 20 };
    let deep = !letters.is_empty() || head.matches('/').count() >= 2;
    (lettered && close && deep).then(|| match letters {
        "" => format!("{head}/{new}"),
        _ => format!("{head}/{letters}.{new}"),
    })
}

/// A range of combined reports (`5-6`) follows a country code or `CO`/`Q` and runs forward
/// by at most three.
fn plausible_range(symbol: &str) -> bool {
    let parts: Vec<&str> = symbol.split('/').collect();
    parts.iter().enumerate().skip(1).all(|(i, part)| {
        let Some((a, b)) = part.split_once('-').filter(|(a, _)| a.bytes().all(|c| c.is_ascii_digit())) else {
            return true;
        };
        let before = parts[i - 1];
        let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else { return false };
        (1..=3).contains(&before.len()) && before.bytes().all(|c| c.is_ascii_uppercase()) && b > a && b - a <= 3
    })
}

/// The reason a folded character at `i` of `text` makes a candidate suspect.
fn reason(text: &str, i: usize) -> &'static str {
    match text.as_bytes().get(i) {
        Some(b) if b.is_ascii_digit() => "mixed full-width digit",
        _ => "mixed full-width letter",
    }
}

/// `(2016)`/`(XXVI)` belongs to General Assembly and Security Council resolution numbers
/// (`S/RES/2334 (2016)`, `A/RES/2758(XXVI)`); after any other symbol it is prose
/// (`A/77/275 (2022)`).
fn takes_suffix(symbol: &str) -> bool {
    let mut parts = symbol.rsplit('/');
    let number = parts.next().is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    number && parts.next() == Some("RES") && matches!(parts.next(), Some("A" | "S" | "E")) && parts.next().is_none()
}

/// Nothing glued on the left: not inside a word (`USA/…`), a path or URL
/// (`https://undocs.org/A/77/275`), an e-mail address or a query string. Arabic letters may
/// touch a symbol (a conjunction written onto it); other letters and digits may not.
fn free_before(text: &str, start: usize) -> bool {
    let Some(prev) = text[..start].chars().next_back() else { return true };
    let arabic = matches!(prev, '\u{600}'..='\u{6FF}');
    if (prev.is_alphanumeric() && !is_cjk(prev) && !arabic) || GLUE_BEFORE.contains(prev) {
        return false;
    }
    !in_url(text, start)
}

/// Whether `start` is inside a URL or e-mail address that reached it through characters
/// [`free_before`] lets pass (`-`, `,` …): looks back over the ASCII token, at most 2 KB.
fn in_url(text: &str, start: usize) -> bool {
    let mut from = start;
    for (i, c) in text[..start].char_indices().rev() {
        if !c.is_ascii_graphic() || "([<\"'".contains(c) || start - i > 2048 {
            break;
        }
        from = i;
    }
    let token = &text[from..start];
    token.contains("://") || token.contains("www.") || token.contains('@')
}

/// Nothing that continues the symbol on the right: a letter or digit of any script but the
/// ideographic ones (`A/77/275abc`), an e-mail `@`, or a separator followed by more
/// (`A/77/275.html`, `…/2024/CRP.X`). A joint symbol's dash (`A/72/565-S/2017/921`) and
/// sentence punctuation of either script end it.
pub(super) fn free_after(text: &str, end: usize) -> bool {
    let mut rest = text[end..].chars();
    match rest.next() {
        None => true,
        Some(c) if (c.is_alphanumeric() && !is_cjk(c)) || c == '_' || c == '@' => false,
        Some('/' | '.' | ':' | '\\') => !rest.next().is_some_and(|d| d.is_ascii_alphanumeric()),
        Some('-') => !rest.next().is_some_and(|d| d.is_ascii_digit() || d.is_ascii_lowercase()),
        Some(_) => true,
    }
}
