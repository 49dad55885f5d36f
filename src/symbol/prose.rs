//! Prose references to resolutions and decisions, in the six UN languages.
//!
//! Only the number is written (`resolution 75/240`, `第 75/240 号决议`, `القرار 75/240`);
//! the words around it say that it is a resolution or decision, and of which body. A bare
//! `10/11` is never a reference. Lists are read whole — `resolutions 53/70, 54/49 and
//! 56/19`, `résolutions 69/16 du 18 novembre 2014, dans laquelle …, et 71/178`,
//! `第 36/103号、1988年 12月 7日第 43/78 H号、…和第 77/36 号决议` — and every number in them
//! is linked: the scan finds a list as one region, then its items are read one by one from
//! its start, so that dates and clauses between them are skipped, not taken for numbers.
//! In Chinese the noun that decides (`决议`, `决定`) closes the list.
//!
//! The words come from [`super::cues`]; which body a number belongs to is decided in
//! [`super::body`].

use std::sync::LazyLock;

use regex::Regex;

use super::body::{Cue, symbol_for};
use super::cues::{ANNEX, ARABIC_PROCLITICS, CHINESE, LANGUAGES};
use super::{Kind, Match, Organ, Scan, compile};

/// A resolution or decision number as cited: a special or emergency session `S-13/2`,
/// `ES-11/1`; `75/240` with an optional lettered part `43/78 H` (Arabic writes `40 / 152`);
/// a number with its Security Council year or pre-1976 Roman session, possibly with a
/// lettered part, `2334 (2016)`, `2200 A (XXI)`, `3201 (S-VI)`; or a bare Security Council
/// number `1325` (kept only when the Council is meant).
const NUM: &str = r"(?:E?S-[0-9]{1,2}/[0-9]{1,3}|[0-9]{1,4}\x20?/\x20?[0-9]{1,4}(?:[\x20\u{A0}]?[A-ZА-Я])?|[0-9]{1,4}(?:[\x20\u{A0}][A-ZА-Я])?[\x20\u{A0}]?\((?:[0-9]{4}|(?:E?S-)?[IVXLC]{1,7})\)|[0-9]{3,4})";

/// A number with its year or session in parentheses: distinctive enough to be an item even
/// after a clause that no cue word opens (`1267 (1999) créant le Comité …, 1373 (2001)`).
const YEAR_NUM: &str = r"(?:[0-9]{1,4}(?:[\x20\u{A0}][A-ZА-Я])?[\x20\u{A0}]?\((?:[0-9]{4}|(?:E?S-)?[IVXLC]{1,7})\))";

/// A number with a slash: what an item may be when the comma before it is missing.
const SLASH_NUM: &str = r"(?:E?S-[0-9]{1,2}/[0-9]{1,3}|[0-9]{1,4}/[0-9]{1,4}(?:[\x20\u{A0}]?[A-Z])?)";

/// A Chinese date before an item: `2016年 12月 23日`, `一九七三年十月二十二日`, `十月二十五日`.
const DATE_ZH: &str = r"(?:(?:[0-9〇零一二三四五六七八九]{4}\s*年\s*)?[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日\s*(?:通过的\s*)?)";

/// Any words between an item and a [`YEAR_NUM`] item (`1267 (1999) créant le Comité …,`).
const ANY_CLAUSE: &str = r"(?:\s*,?\s+[^.;!?/\n]+?)";

/// A footnote mark between items (`15/12 of 30 September 2010, 1 15/26 …`).
const MARK: &str = r"(?:[0-9]{1,2}\s+)";

/// `words` as one alternation, longest first, spaces matching any run of white space.
fn alt<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.into_iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    let escaped: Vec<String> = words.iter().map(|w| regex::escape(w).replace(' ', r"\s+")).collect();
    format!("(?:{})", escaped.join("|"))
}

/// `words` as one alternation whose first letters match in either case (`[Rr]esolution`):
/// the cue table writes them in lower case, and a fully case-insensitive pattern would be
/// several times larger for the automaton.
fn alt_capital<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.into_iter().collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    let cased: Vec<String> = words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| {
                let (lower, upper): (String, String) = (c.to_lowercase().collect(), c.to_uppercase().collect());
                if lower == upper {
                    regex::escape(&lower)
                } else {
                    format!("(?:{}|{})", regex::escape(&lower), regex::escape(&upper))
                }
            });
            format!("{}{}", first.unwrap_or_default(), regex::escape(chars.as_str()).replace(' ', r"\s+"))
        })
        .collect();
    format!("(?:{})", cased.join("|"))
}

/// Every word of one field of the cue table, all languages together.
fn all(field: impl Fn(&super::cues::Cues) -> &'static [&'static str]) -> String {
    alt(LANGUAGES.iter().flat_map(|l| field(l).iter().copied()))
}

fn organ_names() -> String {
    alt(LANGUAGES.iter().flat_map(|l| l.organs.iter().map(|(n, _)| *n)))
}

/// A date after an item: `of 18 November 2014`, `du 1er décembre 2004`, `de 18 de
/// noviembre de 2014`, `от 18 ноября 2014 года`, `المؤرخ 18 كانون الأول/ديسمبر 2014`, the
/// year left out when the next item's date gives it (`of 22 October, 340 (1973) …`), a
/// second date after "and", and a footnote mark after the year.
fn date() -> String {
    let of = all(|l| l.of_date);
    let and = all(|l| l.and);
    let day = r"[0-9]{1,2}(?:er|º)?\s*(?:de\s+)?\p{L}{3,}(?:\s+\p{Arabic}+)?(?:\s*/\s*\p{L}+)?(?:\s+de)?(?:\s+[0-9]{4}(?:\s*(?:года|г\.))?)?";
    format!(r"(?:\s*,?\s*\(?{of}\s+{day}(?:\s*(?:{and}|,)\s*{day})?\)?(?:\s+[0-9]{{1,2}}(?-u:\b))?)")
}

/// What stands between two items: a comma or semicolon and perhaps "and", or "and".
fn separator() -> String {
    let and = all(|l| l.and);
    format!(r"(?:\s*[,;،]\s*(?:{and}\s+|و\s*)?|\s+{and}\s+|\s+و\s*)")
}

/// A relative clause or title between two items (`, in which it …`), never across a
/// sentence end or a slash (another number).
fn clause() -> String {
    let words = all(|l| l.clause);
    format!(r"(?:\s*,?\s*{words}\s[^.;!?/\n]*?)")
}

/// More parts of a lettered resolution (`49/222 A and B`). No word boundary here: a
/// Unicode one would keep the scan off the fast automaton; the steps through the list
/// ([`MORE_W`]) check it.
fn more_parts() -> String {
    let and = all(|l| l.and);
    format!(r"(?:\s*(?:,|{and})\s*[A-ZА-Я])")
}

/// An Arabic part letter after a number (`40 / 152 سين`); [`PART_W`] checks its end.
fn arabic_part() -> String {
    format!(r"(?:\s+{})", all(|l| l.part_letters))
}

/// The list after the noun, with `num` as the pattern of its first item.
fn list(num: &str) -> String {
    let (date, sep, clause, more, part) = (date(), separator(), clause(), more_parts(), arabic_part());
    let any = ANY_CLAUSE;
    let item = format!(r"{part}?{more}*{date}?");
    format!(r"{num}{item}(?:(?:{clause}?{sep}{MARK}?{NUM}|{any}{sep}{YEAR_NUM}|\s+{SLASH_NUM}){item})*")
}

/// The grammar of prose references: a list after a noun (five languages), or a Chinese list
/// closed by its noun.
pub(super) fn pattern() -> String {
    let organs = organ_names();
    let council = all(|l| l.council);
    let nouns =
        alt_capital(LANGUAGES.iter().flat_map(|l| l.resolution.iter().chain(l.decision).chain(l.its_noun).copied()));
    let proclitics = alt(ARABIC_PROCLITICS.iter().copied());
    let numero = r"(?:(?:No\.|n°|№)\s*)?";
    // The list starts at its noun: the organ and "its" before it are read afterwards
    // ([`BEFORE_W`]), so that the scan's automaton starts only on nouns.
    let western = format!(r"(?:(?:{proclitics}?{nouns})(?:\s+(?:{organs}|{council}))?\s*{numero}{})", list(NUM));
    format!("{western}|{}", chinese())
}

/// The Chinese list: `第 n 号、[date]第 m 号和 … 号决议`.
fn chinese() -> String {
    let and = alt(CHINESE.and.iter().copied());
    let nouns = alt(CHINESE.resolution.iter().chain(CHINESE.decision).copied());
    let sign = alt(CHINESE.number_sign.iter().copied());
    let item = format!(r"(?:第\s*{NUM}|E?S-[0-9]{{1,2}}/[0-9]{{1,3}})(?:\s*{sign})?");
    let next = format!(r"\s*{and}\s*{DATE_ZH}?(?:第\s*)?{NUM}(?:\s*{sign})?");
    // The list starts at its first item; the organ, "其", dates and titles before it are
    // read afterwards ([`BEFORE_ZH`]).
    format!(r"(?:{item}(?:{next})*\s*(?:等\s*)?(?:各项\s*)?(?:{nouns}))")
}

/// Steps through a western list: the first item, then each next one.
///
/// None of the steps uses capture groups: on patterns this large (six languages' words,
/// Unicode letter classes) extracting groups costs more than the search itself, so each
/// alternative is its own pattern, tried in the order of the alternation, and the number is
/// found again at the end of what it matched ([`NUM_END`]).
static NUM_START: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"\A(?:{NUM})")));
static NUM_END: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"(?:{NUM})\z")));
static YEAR_END: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"(?:{YEAR_NUM})\z")));
static NEXT_NUM_W: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\A(?:{}?{}{MARK}?{NUM})", clause(), separator())));
static NEXT_YEAR_W: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\A(?:{ANY_CLAUSE}{}{YEAR_NUM})", separator())));
static NEXT_SLASH_W: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"\A\s+{SLASH_NUM}")));
static DATE_W: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"\A{}", date())));
static PART_W: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"\A{}\b", arabic_part())));
static MORE_W: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\A\s*(?:,|{}|和|、)\s*(?P<l>[A-ZА-Я])\b", all(|l| l.and))));
static STOP_W: LazyLock<Regex> = LazyLock::new(|| {
    let nouns = alt(LANGUAGES.iter().flat_map(|l| l.resolution.iter().chain(l.decision).chain(l.its_noun).copied()));
    compile(&format!(r"(?i:{nouns}|{}|{})", organ_names(), all(|l| l.council)))
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| compile(r"[0-9]{4}"));
/// What places a reference inside another document's annex.
static IN_ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(r"(?i:{})\s*[IVXLCA-Z一二三四五六七八九十]{{0,5}}\s*[,，、]\s*\z", alt(ANNEX.iter().copied())))
});
/// Steps through a Chinese list: the first item, and what stands before each next one's
/// number (its number is then [`NUM_START`]).
static FIRST_ZH: LazyLock<Regex> = LazyLock::new(|| compile(r"第|E?S-[0-9]{1,2}/[0-9]{1,3}"));
static NEXT_ZH: LazyLock<Regex> = LazyLock::new(|| {
    let and = alt(CHINESE.and.iter().copied());
    compile(&format!(r"\A\s*{and}\s*{DATE_ZH}?(?:第\s*)?"))
});
/// The number sign after a Chinese item (`号`).
static SIGN_ZH: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\A\s*{}", alt(CHINESE.number_sign.iter().copied()))));
/// An organ named after a western list: `de l'Assemblée générale`, `Совета Безопасности`.
static AFTER_W: LazyLock<Regex> = LazyLock::new(|| {
    let of = all(|l| l.of_organ);
    compile(&format!(r"\A\s*(?:{of}\s*(?P<o>{}|{})|(?P<g>{}))", organ_names(), all(|l| l.council), genitives()))
});

/// Organ names that name the organ after the number without a preposition (Russian
/// genitives: `резолюция 75/240 Генеральной Ассамблеи`).
fn genitives() -> String {
    alt([
        "Генеральной Ассамблеи",
        "Совета Безопасности",
        "Экономического и Социального Совета",
        "Совета по правам человека",
        "Совета",
    ])
}

/// The noun opening a western list, and an organ right after it (Arabic `قرار مجلس الأمن`),
/// read again on the region the scan found: the scan itself runs without capture groups,
/// whose extraction over the whole grammar is the slow part of a regex search.
static NOUN_W: LazyLock<Regex> = LazyLock::new(|| {
    let nouns =
        alt_capital(LANGUAGES.iter().flat_map(|l| l.resolution.iter().chain(l.decision).chain(l.its_noun).copied()));
    let proclitics = alt(ARABIC_PROCLITICS.iter().copied());
    compile(&format!(r"\A{proclitics}?{nouns}"))
});
static ORGAN_AFTER_NOUN_W: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\A\s+(?:{}|{})", organ_names(), all(|l| l.council))));

/// The organ and "its" just before a western list's noun (`Human Rights Council
/// resolutions`, `the Council, in its resolution`).
static BEFORE_W: LazyLock<Regex> = LazyLock::new(|| {
    let its = alt_capital(LANGUAGES.iter().flat_map(|l| l.its.iter().copied()));
    compile(&format!(r"{}?(?:{its}\s+)?\z", organ_before()))
});
/// The organ part of [`BEFORE_W`], and the organ's name in it.
static ORGAN_BEFORE_W: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"\A{}", organ_before())));
static ORGAN_W: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"\A(?:{}|{})", organ_names(), all(|l| l.council))));

fn organ_before() -> String {
    let (organs, council, of_un) = (organ_names(), all(|l| l.council), all(|l| l.of_un));
    format!(r"(?:(?:{organs}|{council})(?:\s+{of_un})?(?:'s|’s)?,?\s+)")
}

/// The organ, "其", dates and a title before a Chinese list's first item.
static BEFORE_ZH: LazyLock<Regex> = LazyLock::new(|| {
    let organs = alt(CHINESE.organs.iter().map(|(n, _)| *n));
    let council = alt(CHINESE.council.iter().copied());
    let its = alt(CHINESE.its.iter().copied());
    let about = r"(?:(?:题为“[^”]+”|关于[^，。；第]+?)的\s*)";
    compile(&format!(
        r"(?:(?P<pre>{organs}|{council})\s*(?:(?:在|于)\s*)?(?:(?P<its>{its})\s*)?|(?P<its2>{its})\s*){DATE_ZH}?{about}?{DATE_ZH}?\z"
    ))
});

/// Reads the list the prose grammar matched at `region`, pushing one [`Match`] per number.
/// Returns the end of the last number read, or `None` if the candidate is not a reference.
pub(super) fn references(scan: &mut Scan, region: std::ops::Range<usize>, doc: Option<Organ>) -> Option<usize> {
    let text: &str = scan.text;
    // `A/56/1026, annex II, resolution 14/221`: another organization's resolution.
    if IN_ANNEX.is_match(super::tail(&text[..region.start], 40)) {
        return None;
    }
    let found = &text[region.clone()];
    let at = |m: regex::Match| region.start + m.start()..region.start + m.end();
    if let Some(noun) = CHINESE.resolution.iter().chain(CHINESE.decision).find(|n| found.ends_with(*n)) {
        let kind = if CHINESE.decision.contains(noun) { Kind::Decision } else { Kind::Resolution };
        let before = super::tail(&text[..region.start], 400);
        let head = BEFORE_ZH.captures(before);
        let head = head.as_ref();
        let its = head.is_some_and(|c| c.name("its").or(c.name("its2")).is_some());
        let cue = match head.and_then(|c| c.name("pre")).map(|p| p.as_str()) {
            Some(p) if CHINESE.council.contains(&p) => Cue::Council,
            Some(p) => CHINESE.organs.iter().find(|(n, _)| *n == p).map_or(Cue::None, |(_, o)| Cue::Named(*o)),
            None if its => Cue::Its,
            None => Cue::None,
        };
        let list = List { cue, doc, kind, end: region.end, next: next_chinese, dated: false };
        let first = first_chinese(found);
        return list.read(scan, region.start, first).map(|l| l.max(region.end));
    }
    // `irresolution 1/2` is not `resolution 1/2`; a noun glued to a word is not a cue.
    if text[..region.start].ends_with(|c: char| c.is_alphanumeric() && !super::is_cjk(c)) {
        return None;
    }
    let noun = NOUN_W.find(found)?;
    let keyword = at(noun);
    let mid = ORGAN_AFTER_NOUN_W.find(&found[noun.end()..]).map(|m| {
        let organ = m.as_str().trim_start();
        let end = region.start + noun.end() + m.end();
        (organ, end - organ.len()..end)
    });
    let kind = noun_kind(&text[keyword.clone()]);
    let before = super::tail(&text[..region.start], 160);
    let words = BEFORE_W.find(before).map_or("", |m| m.as_str());
    let organ_part = ORGAN_BEFORE_W.find(words).map_or(0, |m| m.end());
    let pre = ORGAN_W.find(&words[..organ_part]).map(|o| (o.as_str(), region.start - words.len() + o.start()));
    let its = organ_part < words.len() || is_its_noun(&text[keyword.clone()]);
    let rest = &text[unglued_end(text, region.end)..];
    let named_after = rest.trim_start_matches([' ', ',', '\u{A0}', '(']).starts_with(char::is_alphabetic);
    let after = if named_after { AFTER_W.captures(rest) } else { None };
    let after = after.as_ref().and_then(|c| c.name("o").or(c.name("g"))).map(|m| m.as_str());
    let named = mid.as_ref().map(|(organ, _)| *organ).or(after);
    let cue = cue(pre, named, its, text);
    let list = List { cue, doc, kind, end: region.end, next: next_western, dated: true };
    let start = mid.map_or(keyword.end, |(_, organ)| organ.end);
    let first = first_western(&text[start..region.end]);
    list.read(scan, start, first)
}

/// Where the text after a list starts, when the list's last "lettered part" was the first
/// letter of the next word (`33/2 Совета по правам человека`).
fn unglued_end(text: &str, end: usize) -> usize {
    let before = text[..end].chars().next_back();
    let next = text[end..].chars().next();
    match (before, next) {
        (Some(letter), Some(n)) if letter.is_uppercase() && n.is_alphabetic() && !super::is_cjk(n) => {
            text[..end - letter.len_utf8()].trim_end_matches([' ', '\u{A0}']).len()
        }
        _ => end,
    }
}

/// One item of a list: where its number is and where the step to it ends, relative to the
/// text the step was read from, and whether it was found by its year alone ([`YEAR_NUM`]).
struct Step {
    num: std::ops::Range<usize>,
    end: usize,
    year: bool,
}

/// The white space at the start of `s`, in bytes (`\s*`).
fn blank(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// The first item of a western list: `No. 1325`, `75/240`.
fn first_western(s: &str) -> Option<Step> {
    let mut at = blank(s);
    if let Some(sign) = ["No.", "n°", "№"].iter().find(|sign| s[at..].starts_with(*sign)) {
        at += sign.len();
        at += blank(&s[at..]);
    }
    let num = NUM_START.find(&s[at..])?;
    Some(Step { num: at..at + num.end(), end: at + num.end(), year: false })
}

/// The next item of a western list: after a separator (and perhaps a clause), after any
/// words when it carries its year, or after a missing comma when it has a slash; tried in
/// that order, as one alternation would.
fn next_western(s: &str) -> Option<Step> {
    if let Some(m) = NEXT_NUM_W.find(s) {
        let num = NUM_END.find(m.as_str())?;
        return Some(Step { num: num.range(), end: m.end(), year: false });
    }
    if let Some(m) = NEXT_YEAR_W.find(s) {
        let num = YEAR_END.find(m.as_str())?;
        return Some(Step { num: num.range(), end: m.end(), year: true });
    }
    let m = NEXT_SLASH_W.find(s)?;
    Some(Step { num: blank(s)..m.end(), end: m.end(), year: false })
}

/// The first item of a Chinese list: `第 75/240 号`, `ES-11/1`.
fn first_chinese(s: &str) -> Option<Step> {
    let m = FIRST_ZH.find(s)?;
    let mut at = m.start();
    if let Some(rest) = s[at..].strip_prefix('第') {
        at = s.len() - rest.len();
        at += blank(&s[at..]);
    }
    chinese_item(s, at)
}

/// The next item of a Chinese list: `、第 77/36 号`, `和 1988年 12月 7日第 43/78 H号`.
fn next_chinese(s: &str) -> Option<Step> {
    let m = NEXT_ZH.find(s)?;
    chinese_item(s, m.end())
}

/// A Chinese item whose number starts at `at`, with its number sign.
fn chinese_item(s: &str, at: usize) -> Option<Step> {
    let num = at..at + NUM_START.find(&s[at..])?.end();
    let end = num.end + SIGN_ZH.find(&s[num.end..]).map_or(0, |m| m.end());
    Some(Step { num, end, year: false })
}

/// One list being read: what its words say, and how to step from item to item.
struct List {
    cue: Cue,
    doc: Option<Organ>,
    kind: Kind,
    /// Where the region the scan matched ends.
    end: usize,
    next: fn(&str) -> Option<Step>,
    /// Whether dates follow the items (western lists) rather than precede them.
    dated: bool,
}

impl List {
    /// Reads the items from `pos`, the first found by `first`; returns the end of the last
    /// number read, linked or not.
    fn read(&self, scan: &mut Scan, mut pos: usize, first: Option<Step>) -> Option<usize> {
        let text: &str = scan.text;
        let end = self.end;
        let mut step = first;
        let mut last = None;
        while let Some(step_to) = step {
            let num = step_to.num;
            // Words between two items that name another body or noun start another list.
            if step_to.year && STOP_W.is_match(&text[pos..pos + num.start]) {
                break;
            }
            let range = pos + num.start..pos + num.end;
            pos += step_to.end;
            let Some((range, complete)) = scan.item(range) else { break };
            pos = pos.max(range.end);
            // The word boundaries these check need the text after the region too; each runs
            // only where its first character can be.
            let arabic_next = text[pos..].trim_start().starts_with(|c: char| matches!(c, '\u{600}'..='\u{6FF}'));
            if arabic_next {
                pos += PART_W.find(&text[pos..]).filter(|m| pos + m.end() <= end).map_or(0, |m| m.end());
            }
            // `49/222 A and B`: each part cites the resolution again.
            let mut parts = Vec::new();
            let lettered = text[..range.end].ends_with(char::is_uppercase);
            while lettered && let Some(more) = MORE_W.captures(&text[pos..]) {
                let (Some(l), Some(m)) = (more.name("l"), more.get(0)) else { break };
                if pos + m.end() > end {
                    break;
                }
                parts.push(pos + l.start()..pos + l.end());
                pos += m.end();
            }
            let mut year = None;
            if self.dated
                && let Some(date) = DATE_W.find(&text[pos..end])
            {
                year = YEAR.find(date.as_str()).map(|y| y.as_str());
                pos += date.end();
            }
            // An item the words make unsure is still read: nothing inside it is linked.
            last = Some(parts.last().map_or(range.end, |p| p.end));
            if let Some((symbol, kind)) = symbol_for(&text[range.clone()], self.cue, self.doc, self.kind, year) {
                scan.push(Match { range, symbol: symbol.clone(), kind });
                for part in parts {
                    scan.push(Match { range: part, symbol: symbol.clone(), kind });
                }
            }
            if !complete {
                break;
            }
            step = (self.next)(&text[pos..end]);
        }
        last
    }
}

/// The decision nouns of every language, in lower case.
static DECISIONS: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| LANGUAGES.iter().flat_map(|l| l.decision.iter()).map(|d| d.to_lowercase()).collect());

/// Whether a noun is "decision(s)" in any language.
fn noun_kind(noun: &str) -> Kind {
    let lower = noun.to_lowercase();
    let bare = strip_proclitic(&lower);
    let decision = DECISIONS.contains(bare) || bare.starts_with("مقرر") || bare.starts_with("المقرر");
    if decision { Kind::Decision } else { Kind::Resolution }
}

fn is_its_noun(noun: &str) -> bool {
    let bare = strip_proclitic(noun);
    LANGUAGES.iter().any(|l| l.its_noun.contains(&bare))
}

/// An Arabic noun without the conjunction or preposition written onto it.
fn strip_proclitic(noun: &str) -> &str {
    let known =
        |n: &str| LANGUAGES.iter().any(|l| l.resolution.iter().chain(l.decision).chain(l.its_noun).any(|w| *w == n));
    if known(noun) {
        return noun;
    }
    ARABIC_PROCLITICS.iter().find_map(|p| noun.strip_prefix(p).filter(|n| known(n))).unwrap_or(noun)
}

/// Which body the words before and after a western list name.
fn cue(pre: Option<(&str, usize)>, named: Option<&str>, its: bool, text: &str) -> Cue {
    if let Some((name, at)) = pre {
        if let Some(o) = super::cues::organ_named(name) {
            return Cue::Named(o);
        }
        // "the Council" on its own, not "the Governing Council" of some other body.
        let before = text[..at].trim_end();
        let word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        // A capitalised word is part of another body's name unless it opens the sentence
        // ("See Council resolution 39/6", "Recalling Council resolution …").
        let earlier = before[..before.len() - word.len()].trim_end();
        let opens_sentence = earlier.is_empty() || earlier.ends_with(|c: char| !c.is_alphanumeric() && c != ',');
        let other = word.chars().next().is_some_and(char::is_uppercase)
            && !opens_sentence
            && !matches!(word, "The" | "Le" | "El" | "La");
        return if other { Cue::Other } else { Cue::Council };
    }
    if let Some(name) = named {
        if let Some(o) = super::cues::organ_named(name) {
            return Cue::Named(o);
        }
        return Cue::Council;
    }
    if its { Cue::Its } else { Cue::None }
}
