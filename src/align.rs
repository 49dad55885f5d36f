//! Which block of one language version is which block of another.
//!
//! Blocks with an id from the document's numbering (`para-15`, `sec-ii-a`) or written by the
//! author are the same block in every version: they are paired by id, in order. The blocks
//! between two such pairs are cited by place (`pp-4`, `australia-p-2`), and a place is only
//! as good as the two versions' agreement on it: a paragraph deleted from one version shifts
//! every place after it. So they are aligned by content, with the dynamic programming of
//! Gale and Church (1993): each pair costs what its lengths disagree, less what the signals
//! both languages share agree (document symbols, footnote references, numbers and dates),
//! and a block left alone costs a fixed amount. A pair whose shared signals contradict each
//! other is never formed, and a pair that costs more than [`WEAK`] is not kept: both blocks
//! get a row of their own, and the caller warns.
//!
//! Nothing here knows about HTML: the caller turns each block into a [`Unit`].

use std::collections::{BTreeSet, HashMap};

/// One block of a version, as the aligner sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unit {
    /// The block's id, if it has one.
    pub id: Option<String>,
    /// Whether the id names the block in every version (from numbering or the author), as
    /// opposed to its place (`pp-4`), which content has to confirm.
    pub fixed: bool,
    pub signals: Signals,
}

/// What a block's text shares with its translation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    /// Document symbols cited, canonical (`A/RES/75/240`).
    pub symbols: BTreeSet<String>,
    /// Footnote references (`fn-3`).
    pub notes: BTreeSet<String>,
    /// Numbers written in digits, and months named in words (as 1 to 12).
    pub numbers: BTreeSet<u64>,
    /// Characters of text, for the length ratio.
    pub length: usize,
    /// What the opening word of a preambular paragraph may mean (`Recalling`, `回顾`), when
    /// it is one of [`OPENERS`].
    pub opener: Option<&'static [&'static str]>,
}

impl Signals {
    /// The signals of `text`, with the symbols and notes found in it.
    pub fn of(text: &str, symbols: BTreeSet<String>, notes: BTreeSet<String>) -> Signals {
        Signals { symbols, notes, numbers: numbers(text), length: length(text), opener: opener(text) }
    }
}

/// How the two blocks of a row are paired.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Link {
    /// By an id both versions give it.
    Fixed,
    /// By content, at this cost (lower is surer; at most [`WEAK`]).
    Content(f64),
    /// One side only: no counterpart, or none sure enough.
    Alone,
}

/// One row of the alignment: indexes into the two versions' units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    pub a: Option<usize>,
    pub b: Option<usize>,
    pub link: Link,
}

/// A block left without a counterpart costs this much.
const SKIP: f64 = 2.0;
/// A pair by content is kept only at this cost or below.
pub const WEAK: f64 = 1.5;
/// Standard deviation of the log of the length ratio of a paragraph and its translation,
/// around the ratio of the whole documents.
const SIGMA: f64 = 0.2;
/// How much more the log ratio varies for a text of one character, falling with length.
const SHORT: f64 = 3.0;
/// Segments larger than this many cells are not aligned by content: each block stays alone.
const MAX_CELLS: usize = 4_000_000;

/// Aligns the units of two versions into rows, in the order of both.
pub fn align(a: &[Unit], b: &[Unit]) -> Vec<Row> {
    let ratio = {
        let (la, lb) = (total(a), total(b));
        if la == 0 || lb == 0 { 1.0 } else { lb as f64 / la as f64 }
    };
    let mut rows = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    for (fa, fb) in fixed_pairs(a, b) {
        content_rows(a, b, i..fa, j..fb, ratio, &mut rows);
        rows.push(Row { a: Some(fa), b: Some(fb), link: Link::Fixed });
        (i, j) = (fa + 1, fb + 1);
    }
    content_rows(a, b, i..a.len(), j..b.len(), ratio, &mut rows);
    rows
}

fn total(units: &[Unit]) -> usize {
    units.iter().map(|u| u.signals.length).sum()
}

/// The fixed ids both versions have, as index pairs increasing on both sides: a longest
/// common subsequence would be exact, but ids are unique and in the same order in all but
/// broken versions, so taking each id of `a` that comes after the last pair in `b` is enough.
fn fixed_pairs(a: &[Unit], b: &[Unit]) -> Vec<(usize, usize)> {
    let in_b: HashMap<&str, usize> =
        b.iter().enumerate().filter(|(_, u)| u.fixed).filter_map(|(j, u)| Some((u.id.as_deref()?, j))).collect();
    let mut pairs = Vec::new();
    let mut next = 0;
    for (i, u) in a.iter().enumerate().filter(|(_, u)| u.fixed) {
        if let Some(&j) = u.id.as_deref().and_then(|id| in_b.get(id))
            && j >= next
        {
            pairs.push((i, j));
            next = j + 1;
        }
    }
    pairs
}

/// Aligns the units `ra` of `a` and `rb` of `b` by content, appending the rows.
fn content_rows(
    a: &[Unit],
    b: &[Unit],
    ra: std::ops::Range<usize>,
    rb: std::ops::Range<usize>,
    ratio: f64,
    rows: &mut Vec<Row>,
) {
    let (n, m) = (ra.len(), rb.len());
    if n == 0 || m == 0 || (n + 1) * (m + 1) > MAX_CELLS {
        rows.extend(ra.map(|i| Row { a: Some(i), b: None, link: Link::Alone }));
        rows.extend(rb.map(|j| Row { a: None, b: Some(j), link: Link::Alone }));
        return;
    }
    // cost[i][j]: the best alignment of the first i units of ra and j of rb; step: how.
    let w = m + 1;
    let mut cost = vec![f64::INFINITY; (n + 1) * w];
    let mut step = vec![0u8; (n + 1) * w];
    cost[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = cost[i * w + j];
            if !here.is_finite() {
                continue;
            }
            let mut relax = |ii: usize, jj: usize, c: f64, s: u8| {
                let k = ii * w + jj;
                if here + c < cost[k] {
                    cost[k] = here + c;
                    step[k] = s;
                }
            };
            if i < n {
                relax(i + 1, j, SKIP, 1);
            }
            if j < m {
                relax(i, j + 1, SKIP, 2);
            }
            if i < n && j < m {
                let (ua, ub) = (&a[ra.start + i], &b[rb.start + j]);
                if let Some(c) = pair_cost(ua, ub, ratio) {
                    relax(i + 1, j + 1, c, 3);
                }
            }
        }
    }
    let mut path = Vec::with_capacity(n + m);
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let s = step[i * w + j];
        path.push((s, i, j));
        match s {
            1 => i -= 1,
            2 => j -= 1,
            _ => (i, j) = (i - 1, j - 1),
        }
    }
    // Each step of the path ends at (i, j): it took unit i - 1 of `ra`, j - 1 of `rb`, or both.
    for (s, i, j) in path.into_iter().rev() {
        match s {
            1 => rows.push(Row { a: Some(ra.start + i - 1), b: None, link: Link::Alone }),
            2 => rows.push(Row { a: None, b: Some(rb.start + j - 1), link: Link::Alone }),
            _ => {
                let (ia, ib) = (ra.start + i - 1, rb.start + j - 1);
                let c = pair_cost(&a[ia], &b[ib], ratio).unwrap_or(f64::INFINITY);
                if c <= WEAK {
                    rows.push(Row { a: Some(ia), b: Some(ib), link: Link::Content(c) });
                } else {
                    rows.push(Row { a: Some(ia), b: None, link: Link::Alone });
                    rows.push(Row { a: None, b: Some(ib), link: Link::Alone });
                }
            }
        }
    }
}

/// What pairing two units costs; none when their shared signals contradict each other or
/// one of them is named by the document in every version (and so has its own row).
fn pair_cost(ua: &Unit, ub: &Unit, ratio: f64) -> Option<f64> {
    if ua.fixed || ub.fixed {
        return None;
    }
    let (sa, sb) = (&ua.signals, &ub.signals);
    let disjoint = |x: &BTreeSet<String>, y: &BTreeSet<String>| !x.is_empty() && !y.is_empty() && x.is_disjoint(y);
    let openers_differ = match (sa.opener, sb.opener) {
        (Some(x), Some(y)) => !x.iter().any(|m| y.contains(m)),
        _ => false,
    };
    if openers_differ
        || disjoint(&sa.symbols, &sb.symbols)
        || disjoint(&sa.notes, &sb.notes)
        || (sa.numbers.len() >= 2 && sb.numbers.len() >= 2 && sa.numbers.is_disjoint(&sb.numbers))
    {
        return None;
    }
    let length = {
        let (la, lb) = (sa.length.max(1) as f64, sb.length.max(1) as f64);
        let d = (lb / (la * ratio)).ln();
        // As in Gale and Church, a short text's length says less than a long one's.
        let variance = SIGMA * SIGMA + SHORT / ((la * ratio + lb) / 2.0);
        d * d / (2.0 * variance)
    };
    // Symbols and notes are copied into every translation: one side having them and the
    // other not counts against; numbers may be spelt out in one language, so only count
    // when both have some.
    let agreement = |common: usize, union: usize, weight: f64| {
        if union == 0 { 0.0 } else { weight * (1.0 - 2.0 * common as f64 / union as f64) }
    };
    let shared = agreement(sa.symbols.intersection(&sb.symbols).count(), sa.symbols.union(&sb.symbols).count(), 1.5)
        + agreement(sa.notes.intersection(&sb.notes).count(), sa.notes.union(&sb.notes).count(), 2.0)
        + if sa.numbers.is_empty() || sb.numbers.is_empty() {
            0.0
        } else {
            let common = sa.numbers.intersection(&sb.numbers).count();
            agreement(common, sa.numbers.union(&sb.numbers).count(), 1.0)
        };
    Some((length + shared).max(0.0))
}

/// Numbers written in digits (ASCII or full-width), and month names of the Latin-script UN
/// languages as their number, so that `7 December 2022` and `2022年12月7日` share three.
fn numbers(text: &str) -> BTreeSet<u64> {
    const MONTHS: [&[&str]; 12] = [
        &["january", "janvier", "enero"],
        &["february", "février", "febrero"],
        &["march", "mars", "marzo"],
        &["april", "avril", "abril"],
        &["may", "mai", "mayo"],
        &["june", "juin", "junio"],
        &["july", "juillet", "julio"],
        &["august", "août", "agosto"],
        &["september", "septembre", "septiembre"],
        &["october", "octobre", "octubre"],
        &["november", "novembre", "noviembre"],
        &["december", "décembre", "diciembre"],
    ];
    let mut out = BTreeSet::new();
    let mut digits: Option<u64> = None;
    let mut word = String::new();
    let flush_word = |word: &mut String, out: &mut BTreeSet<u64>| {
        if !word.is_empty() {
            let lower = word.to_lowercase();
            if let Some(m) = MONTHS.iter().position(|names| names.contains(&lower.as_str())) {
                out.insert(m as u64 + 1);
            }
            word.clear();
        }
    };
    for c in text.chars().chain(std::iter::once(' ')) {
        let d = match c {
            '0'..='9' => Some(u64::from(c as u32 - '0' as u32)),
            '０'..='９' => Some(u64::from(c as u32 - '０' as u32)),
            _ => None,
        };
        match d {
            Some(d) => {
                flush_word(&mut word, &mut out);
                digits = Some(digits.unwrap_or(0).saturating_mul(10).saturating_add(d));
            }
            None => {
                if let Some(n) = digits.take() {
                    out.insert(n);
                }
                if c.is_alphabetic() && !is_ideograph(c) {
                    word.push(c);
                } else {
                    flush_word(&mut word, &mut out);
                }
            }
        }
    }
    out
}

/// The opening words of preambular paragraphs and what each may mean, per language: a
/// translator renders `Recalling` as `回顾` throughout a resolution, so two paragraphs whose
/// openers share no meaning are not each other's translation. A word with several possible
/// renderings lists them all (`确认` is `Acknowledging` or `Recognizing`); extend as needed.
const OPENERS: &[(&str, &[&str])] = &[
    ("recalling", &["recall"]),
    ("reaffirming", &["reaffirm"]),
    ("recognizing", &["recognize"]),
    ("recognising", &["recognize"]),
    ("acknowledging", &["acknowledge"]),
    ("expressing", &["concern"]),
    ("concerned", &["concern"]),
    ("noting", &["note"]),
    ("welcoming", &["welcome"]),
    ("stressing", &["stress"]),
    ("underlining", &["stress"]),
    ("emphasizing", &["stress"]),
    ("considering", &["consider"]),
    ("commemorating", &["commemorate"]),
    ("convinced", &["convinced"]),
    ("mindful", &["mindful"]),
    ("bearing", &["mindful"]),
    ("determined", &["determined"]),
    ("affirming", &["affirm"]),
    ("回顾", &["recall"]),
    ("重申", &["reaffirm"]),
    ("认识到", &["recognize"]),
    ("确认", &["acknowledge", "recognize", "affirm"]),
    ("表示关切", &["concern"]),
    ("关切", &["concern"]),
    ("注意到", &["note"]),
    ("欢迎", &["welcome"]),
    ("着重指出", &["stress"]),
    ("强调", &["stress"]),
    ("考虑到", &["consider"]),
    ("纪念", &["commemorate"]),
    ("深信", &["convinced"]),
    ("铭记", &["mindful"]),
    ("决心", &["determined"]),
    ("申明", &["affirm"]),
];

/// The meanings of the opener of `text`, if it is a known one (after `also`, `further`,
/// `又`, `还`).
fn opener(text: &str) -> Option<&'static [&'static str]> {
    let text = text.trim_start();
    let text = text.trim_start_matches(['又', '还', '并']);
    let mut words = text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase);
    let word = match words.next().unwrap_or_default() {
        w if w == "also" || w == "further" => words.next().unwrap_or_default(),
        w => w,
    };
    OPENERS.iter().find(|(w, _)| if w.is_ascii() { word == *w } else { text.starts_with(w) }).map(|(_, m)| *m)
}

/// Characters other than spaces, an ideograph counting as three: a Chinese text is about a
/// third as long as its English in characters, but digits and symbols are as long in both,
/// so a paragraph of resolution numbers would otherwise look nothing like its translation.
fn length(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).map(|c| if is_ideograph(c) { 3 } else { 1 }).sum()
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, fixed: bool, text: &str, symbols: &[&str]) -> Unit {
        Unit {
            id: Some(id.to_string()),
            fixed,
            signals: Signals::of(text, symbols.iter().map(|s| s.to_string()).collect(), BTreeSet::new()),
        }
    }

    #[test]
    fn openers() {
        assert_eq!(opener("Recalling its resolutions"), Some(&["recall"][..]));
        assert_eq!(opener("Recognizing also that"), Some(&["recognize"][..]));
        assert_eq!(opener("又认识到信息"), Some(&["recognize"][..]));
        assert_eq!(opener("确认信息"), Some(&["acknowledge", "recognize", "affirm"][..]));
        assert_eq!(opener("The General Assembly,"), None);
    }

    #[test]
    fn numbers_and_months() {
        let zh = numbers("2022年 12 月 7 日第 77/36 号决议");
        let en = numbers("77/36 of 7 December 2022");
        assert_eq!(zh, en);
        assert_eq!(numbers("第２０２２号"), BTreeSet::from([2022]));
    }

    #[test]
    fn fixed_ids_pair_and_content_fills_between() {
        let a = [unit("para-1", true, "aaaa", &[]), unit("pp-1", false, "bbbbbbbbbbbbbbbbbbbb", &["A/1"])];
        let b = [unit("para-1", true, "aaaa", &[]), unit("pp-1", false, "cccccccccccccccccccc", &["A/1"])];
        let rows = align(&a, &b);
        assert_eq!(rows[0].link, Link::Fixed);
        assert!(matches!(rows[1].link, Link::Content(_)), "{rows:?}");
    }

    #[test]
    fn contradicting_signals_never_pair() {
        let a = [unit("pp-1", false, "x".repeat(50).as_str(), &["A/RES/75/240"])];
        let b = [unit("pp-1", false, "y".repeat(50).as_str(), &["A/RES/76/19"])];
        let rows = align(&a, &b);
        assert!(rows.iter().all(|r| r.link == Link::Alone), "{rows:?}");
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn a_deleted_block_leaves_an_empty_cell() {
        let texts = [30, 300, 80, 500, 120];
        let a: Vec<Unit> =
            texts.iter().enumerate().map(|(i, n)| unit(&format!("pp-{i}"), false, &"x".repeat(*n), &[])).collect();
        let b: Vec<Unit> = a.iter().enumerate().filter(|(i, _)| *i != 2).map(|(_, u)| u.clone()).collect();
        let rows = align(&a, &b);
        let paired: Vec<(usize, usize)> = rows.iter().filter_map(|r| Some((r.a?, r.b?))).collect();
        assert_eq!(paired, vec![(0, 0), (1, 1), (3, 2), (4, 3)]);
    }
}
