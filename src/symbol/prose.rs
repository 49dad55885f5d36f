//! Prose references to resolutions and decisions, in English and Chinese.
//!
//! Only the number is written (`resolution 75/240`, `第 75/240 号决议`); the words around it
//! say that it is a resolution or decision, and of which organ. A bare `10/11` is never a
//! reference. Lists are read whole — `resolutions 53/70, 54/49 and 56/19`,
//! `第 36/103号、1988年 12月 7日第 43/78 H号、…和第 77/36 号决议` — and every number in
//! them is linked; in Chinese the word that decides (`决议` resolution, `决定` decision) comes
//! after the whole list, which is why a list is matched as one region first and its numbers
//! picked out second.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{Kind, Match, compile};

/// A resolution or decision number as cited: `75/240`, a lettered part `43/78 H`, a
/// special or emergency session `S-13/2`, `ES-11/1`, a Security Council number with its
/// year `2334 (2016)`, a pre-1976 number with its Roman session `2758 (XXVI)`, or a bare
/// Security Council number `1325` (kept only when the Council is named).
const NUM: &str = r"(?:E?S-[0-9]{1,2}/[0-9]{1,3}|[0-9]{1,4}/[0-9]{1,4}(?:[\x20\u{A0}]?[A-Z])?|[0-9]{1,4}[\x20\u{A0}]?\((?:[0-9]{4}|[IVXLC]{1,7})\)|[0-9]{3,4})";

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December";

const ORGAN_EN: &str =
    r"General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council";

const ORGAN_ZH: &str = "联合国大会|大会|安全理事会|安理会|经济及社会理事会|经社理事会|人权理事会";

/// English item: a number, optionally dated (`36/103 of 9 December 1981`). `num` is the
/// number's pattern, plain in the scan and captured when picking numbers out of a list.
fn item_en(num: &str) -> String {
    format!(r"{num}(?:\s+of\s+[0-9]{{1,2}}\s+(?:{MONTHS})\s+[0-9]{{4}})?")
}

/// Chinese item: `第 75/240 号`, the `号` often only after the last item of a list.
fn item_zh(num: &str) -> String {
    format!(r"第\s*{num}(?:\s*号)?")
}

/// The grammar of prose references: an English or a Chinese list.
pub(super) fn pattern() -> String {
    let (en, zh) = (item_en(NUM), item_zh(NUM));
    let sep_en = r"(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+)";
    let date_zh = r"[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s*";
    let sep_zh = format!(r"\s*(?:、|，|,|和|以及|及|与)\s*(?:{date_zh})?");
    format!(
        r"(?P<en>(?:(?P<en_organ>{ORGAN_EN})(?:'s)?\s+)?(?P<en_kw>(?i:(?:resolution|decision)s?))\s+{en}(?:{sep_en}{en})*)|(?P<zh>(?:(?P<zh_organ>{ORGAN_ZH})\s*)?{zh}(?:{sep_zh}{zh})*\s*(?P<zh_kw>决议|决定))"
    )
}

/// Picks the numbers out of an English list (a date is consumed with its item, so that its
/// year is not taken for a number).
static ITEM_EN: LazyLock<Regex> = LazyLock::new(|| compile(&item_en(&format!("(?P<num>{NUM})"))));

/// Picks the numbers out of a Chinese list (the dates between items have no `第`).
static ITEM_ZH: LazyLock<Regex> = LazyLock::new(|| compile(&item_zh(&format!("(?P<num>{NUM})"))));

/// Which body adopted a resolution, when the text names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Organ {
    GeneralAssembly,
    SecurityCouncil,
    EconomicAndSocialCouncil,
    HumanRightsCouncil,
}

impl Organ {
    fn named(name: &str) -> Organ {
        let words: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
        match words.as_str() {
            "Security Council" | "安全理事会" | "安理会" => Organ::SecurityCouncil,
            "Economic and Social Council" | "经济及社会理事会" | "经社理事会" => {
                Organ::EconomicAndSocialCouncil
            }
            "Human Rights Council" | "人权理事会" => Organ::HumanRightsCouncil,
            _ => Organ::GeneralAssembly,
        }
    }
}

/// Reads the list the prose grammar matched, pushing one [`Match`] per number.
/// Returns the end of the last number taken, or `None` if the candidate is not a reference.
pub(super) fn references(text: &str, caps: &Captures, found: &mut Vec<Match>) -> Option<usize> {
    let (region, items, organ, kind) = if let Some(region) = caps.name("en") {
        // `irresolution 1/2` is not `resolution 1/2`.
        if text[..region.start()].ends_with(|c: char| c.is_ascii_alphanumeric()) {
            return None;
        }
        let keyword = caps.name("en_kw")?;
        let kind = if keyword.as_str().starts_with(['d', 'D']) { Kind::Decision } else { Kind::Resolution };
        (keyword.end()..region.end(), &*ITEM_EN, caps.name("en_organ"), kind)
    } else {
        let region = caps.name("zh")?;
        let kind = if caps.name("zh_kw")?.as_str() == "决定" { Kind::Decision } else { Kind::Resolution };
        (region.range(), &*ITEM_ZH, caps.name("zh_organ"), kind)
    };
    let organ = organ.map(|o| Organ::named(o.as_str()));
    let mut last_end = None;
    for item in items.captures_iter(&text[region.clone()]) {
        let Some(num) = item.name("num") else { break };
        let range = region.start + num.start()..region.start + num.end();
        let Some((range, complete)) = item_bounds(text, range) else { break };
        if let Some(symbol) = symbol_for(&text[range.clone()], organ, kind) {
            last_end = Some(range.end);
            found.push(Match { range, symbol, kind });
        }
        if !complete {
            break;
        }
    }
    last_end
}

/// The range of one cited number, checked against what follows it: a number glued to more
/// digits or letters (`75/2401…`) is no reference; a lettered part glued to more
/// (`75/240 A/77/275`) is dropped, and the list ends there (`false`).
fn item_bounds(text: &str, range: std::ops::Range<usize>) -> Option<(std::ops::Range<usize>, bool)> {
    let glued = |at: usize| {
        let mut rest = text[at..].chars();
        match rest.next() {
            Some(c) if c.is_ascii_alphanumeric() || c == '/' || c == '_' => true,
            Some('.') => rest.next().is_some_and(|d| d.is_ascii_alphanumeric()),
            _ => false,
        }
    };
    let cited = &text[range.clone()];
    if cited.ends_with(|c: char| c.is_ascii_uppercase()) && glued(range.end) {
        let number = cited[..cited.len() - 1].trim_end_matches([' ', '\u{A0}']);
        return Some((range.start..range.start + number.len(), false));
    }
    if glued(range.end) { None } else { Some((range, true)) }
}

/// The symbol a cited number stands for. Resolutions: the General Assembly's by default
/// (`A/RES/75/240`); a year in parentheses or the Council named → the Security Council's
/// (`S/RES/2334(2016)`); a year as first part → the Economic and Social Council's
/// (`E/RES/1996/31`); the Human Rights Council named → `A/HRC/RES/48/1`; a lettered part
/// links to the whole resolution (`43/78 H` → `A/RES/43/78`), as the UN does. Decisions:
/// the number (`77/512`).
fn symbol_for(cited: &str, organ: Option<Organ>, kind: Kind) -> Option<String> {
    let compact: String = cited.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(open) = compact.find('(') {
        let year = compact[open + 1..].starts_with(|c: char| c.is_ascii_digit());
        return match (kind, year, organ) {
            (Kind::Decision, ..) => None,
            (_, true, _) => Some(format!("S/RES/{compact}")),
            (_, false, Some(Organ::EconomicAndSocialCouncil)) => Some(format!("E/RES/{compact}")),
            (_, false, _) => Some(format!("A/RES/{compact}")),
        };
    }
    let Some((first, _)) = compact.split_once('/') else {
        // A bare number is a Security Council resolution only when the Council is named.
        return (kind == Kind::Resolution && organ == Some(Organ::SecurityCouncil)).then(|| format!("S/RES/{compact}"));
    };
    let number = compact.trim_end_matches(|c: char| c.is_ascii_uppercase());
    let year = first.len() == 4 && first.bytes().all(|b| b.is_ascii_digit());
    Some(match (kind, organ) {
        (Kind::Decision, _) => number.to_string(),
        (_, Some(Organ::HumanRightsCouncil)) => format!("A/HRC/RES/{number}"),
        _ if year => format!("E/RES/{number}"),
        _ => format!("A/RES/{number}"),
    })
}
