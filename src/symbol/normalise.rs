//! The compatibility-folded view of a text that recognition runs on.
//!
//! Chinese input methods produce full-width letters and digits (`Ａ/77/２７５`), Arabic text
//! writes its digits as `٧٥/٢٤٠` and old files carry Arabic presentation forms. Recognition
//! reads them as their basic forms, in the manner of NFKC, on a copy of the text; a map from
//! every byte of the copy back to the original puts the links on the original text, which
//! is never changed. Text without any folding character (nearly all of it) is not copied.

use std::borrow::Cow;
use std::ops::Range;

/// A text as recognition sees it, with the way back to the original.
pub(super) struct Folded<'a> {
    /// The folded text (the original itself when nothing folds).
    pub text: Cow<'a, str>,
    /// For every byte of `text` and one past the end: its offset in the original, or, for
    /// the bytes of a folded character, the offset of the character it comes from with
    /// [`FOLDED`] set. Empty when nothing folds.
    map: Vec<u32>,
}

/// The flag of [`Folded::map`] entries whose character was folded.
const FOLDED: u32 = 1 << 31;

/// Arabic presentation forms B (U+FE80…U+FEF4) in code point order: the letter each run of
/// contextual forms stands for, and how many forms it has. The lam-alef ligatures after
/// them (U+FEF5…U+FEFC) are in [`ligature`].
const PRESENTATION_B: [(char, u32); 36] = [
    ('\u{621}', 1),
    ('\u{622}', 2),
    ('\u{623}', 2),
    ('\u{624}', 2),
    ('\u{625}', 2),
    ('\u{626}', 4),
    ('\u{627}', 2),
    ('\u{628}', 4),
    ('\u{629}', 2),
    ('\u{62A}', 4),
    ('\u{62B}', 4),
    ('\u{62C}', 4),
    ('\u{62D}', 4),
    ('\u{62E}', 4),
    ('\u{62F}', 2),
    ('\u{630}', 2),
    ('\u{631}', 2),
    ('\u{632}', 2),
    ('\u{633}', 4),
    ('\u{634}', 4),
    ('\u{635}', 4),
    ('\u{636}', 4),
    ('\u{637}', 4),
    ('\u{638}', 4),
    ('\u{639}', 4),
    ('\u{63A}', 4),
    ('\u{641}', 4),
    ('\u{642}', 4),
    ('\u{643}', 4),
    ('\u{644}', 4),
    ('\u{645}', 4),
    ('\u{646}', 4),
    ('\u{647}', 4),
    ('\u{648}', 2),
    ('\u{649}', 2),
    ('\u{64A}', 4),
];

/// What a character folds to: one character, or the two of a lam-alef ligature.
fn fold(c: char) -> Option<(char, Option<char>)> {
    let one = |c: char| Some((c, None));
    match c {
        // Full-width digits, letters and the punctuation symbols are written with.
        '\u{FF10}'..='\u{FF19}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}'
        | '／'
        | '．'
        | '（'
        | '）'
        | '－' => char::from_u32(c as u32 - 0xFEE0).and_then(one),
        // Arabic-Indic and Eastern Arabic (Persian, Urdu) digits.
        '\u{660}'..='\u{669}' => char::from_u32(c as u32 - 0x660 + '0' as u32).and_then(one),
        '\u{6F0}'..='\u{6F9}' => char::from_u32(c as u32 - 0x6F0 + '0' as u32).and_then(one),
        '\u{FE80}'..='\u{FEF4}' => {
            let mut at = 0xFE80;
            PRESENTATION_B.iter().find_map(|&(letter, forms)| {
                {
                    at += forms;
                    (c as u32) < at
                }
                .then_some((letter, None))
            })
        }
        '\u{FEF5}'..='\u{FEFC}' => ligature(c),
        _ => None,
    }
}

/// The lam-alef ligatures: lam and the alef (with madda, hamza above, hamza below, plain).
fn ligature(c: char) -> Option<(char, Option<char>)> {
    let alef = ['\u{622}', '\u{623}', '\u{625}', '\u{627}'].get(((c as u32 - 0xFEF5) / 2) as usize)?;
    Some(('\u{644}', Some(*alef)))
}

/// The byte offsets of the characters of `text` that fold, with what they fold to. Looks
/// only at the lead bytes folding characters have (0xD9, 0xDB: Arabic digits; 0xEF:
/// full-width and presentation forms); lead bytes are never inside another character.
fn folding(text: &str) -> impl Iterator<Item = (usize, char, (char, Option<char>))> + '_ {
    memchr::memchr3_iter(0xD9, 0xDB, 0xEF, text.as_bytes()).filter_map(|i| {
        let c = text.get(i..)?.chars().next()?;
        fold(c).map(|f| (i, c, f))
    })
}

impl<'a> Folded<'a> {
    /// The folded view of `text`. The text between folding characters is copied as it is,
    /// in runs, so that a paragraph with one full-width bracket costs little more than a copy.
    pub fn new(text: &'a str) -> Folded<'a> {
        let mut folds = folding(text).peekable();
        if text.len() >= FOLDED as usize || folds.peek().is_none() {
            return Folded { text: Cow::Borrowed(text), map: Vec::new() };
        }
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        let mut copied = 0;
        for (at, c, (a, b)) in folds {
            out.push_str(&text[copied..at]);
            map.extend((copied..at).map(|i| i as u32));
            for folded in [Some(a), b].into_iter().flatten() {
                out.push(folded);
                map.extend(std::iter::repeat_n(at as u32 | FOLDED, folded.len_utf8()));
            }
            copied = at + c.len_utf8();
        }
        out.push_str(&text[copied..]);
        map.extend((copied..text.len()).map(|i| i as u32));
        map.push(text.len() as u32);
        Folded { text: Cow::Owned(out), map }
    }

    /// The original range of a range of the folded text.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        if self.map.is_empty() {
            return range;
        }
        let at = |i: usize| (self.map.get(i).copied().unwrap_or(0) & !FOLDED) as usize;
        at(range.start)..at(range.end)
    }

    /// Whether the character at byte `i` of the folded text was folded.
    pub fn is_folded(&self, i: usize) -> bool {
        self.map.get(i).is_some_and(|m| m & FOLDED != 0)
    }

    /// Whether anything was folded at all.
    pub fn any(&self) -> bool {
        !self.map.is_empty()
    }
}
