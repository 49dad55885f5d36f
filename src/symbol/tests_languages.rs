//! Tests of the six languages' prose references, the body rules, folding and near-symbols.

use std::sync::LazyLock;

use proptest::prelude::*;

use super::*;

/// Compiled once: the property tests call it thousands of times.
static RECOGNISER: LazyLock<Recogniser> = LazyLock::new(|| Recogniser::new(&[]));

fn symbols(text: &str, organ: Option<Organ>) -> Vec<String> {
    RECOGNISER.scan(text, &Context { organ }).matches.into_iter().map(|m| m.symbol).collect()
}

/// Every case: the text, the document's organ, the symbols it cites.
fn check(cases: &[(&str, Option<Organ>, &[&str])]) {
    for (text, organ, expected) in cases {
        assert_eq!(symbols(text, *organ), *expected, "in {text:?} ({organ:?})");
    }
}

use Organ::{
    EconomicAndSocialCouncil as Ecosoc, GeneralAssembly as Ga, HumanRightsCouncil as Hrc, SecurityCouncil as Sc,
};

#[test]
fn resolutions_in_six_languages() {
    check(&[
        ("大会第 75/240 号决议", None, &["A/RES/75/240"]),
        ("resolution 75/240", None, &["A/RES/75/240"]),
        ("la résolution 75/240", None, &["A/RES/75/240"]),
        ("la resolución 75/240", None, &["A/RES/75/240"]),
        ("резолюция 75/240", None, &["A/RES/75/240"]),
        ("в резолюции 75/240", None, &["A/RES/75/240"]),
        ("резолюцией 75/240", None, &["A/RES/75/240"]),
        ("القرار 75/240", None, &["A/RES/75/240"]),
        ("القرار ٧٥/٢٤٠", None, &["A/RES/75/240"]),
        ("وبالقرار 75/240", None, &["A/RES/75/240"]),
        ("les résolutions 70/237 et 76/19", None, &["A/RES/70/237", "A/RES/76/19"]),
        ("las resoluciones 70/237 y 76/19", None, &["A/RES/70/237", "A/RES/76/19"]),
        ("резолюции 70/237 и 76/19", None, &["A/RES/70/237", "A/RES/76/19"]),
        ("القرارين 70/237 و76/19", None, &["A/RES/70/237", "A/RES/76/19"]),
        ("décision 77/512", None, &["77/512"]),
        ("решение 77/512", None, &["77/512"]),
        ("المقرر 77/512", None, &["77/512"]),
        ("Human Rights Council decision 36/115", None, &["A/HRC/DEC/36/115"]),
    ]);
}

#[test]
fn the_body_from_the_words_and_the_document() {
    check(&[
        // 1. The body named before a list carries across the whole list.
        (
            "Human Rights Council resolutions 33/2 of 29 September 2016, 36/19 and 39/6",
            Some(Ga),
            &["A/HRC/RES/33/2", "A/HRC/RES/36/19", "A/HRC/RES/39/6"],
        ),
        ("回顾人权理事会2016年9月29日第 33/2 号和第 39/6 号决议", None, &["A/HRC/RES/33/2", "A/HRC/RES/39/6"]),
        ("la résolution 33/2 du Conseil des droits de l'homme", None, &["A/HRC/RES/33/2"]),
        ("резолюция 33/2 Совета по правам человека", None, &["A/HRC/RES/33/2"]),
        ("قرار مجلس حقوق الإنسان 33/2", None, &["A/HRC/RES/33/2"]),
        ("la Asamblea General en su resolución 60/251", Some(Hrc), &["A/RES/60/251"]),
        // 2. "the Council" in a council's document.
        ("la résolution 39/6 du Conseil", Some(Hrc), &["A/HRC/RES/39/6"]),
        ("la resolución 39/6 del Consejo", Some(Hrc), &["A/HRC/RES/39/6"]),
        ("резолюция 39/6 Совета", Some(Hrc), &["A/HRC/RES/39/6"]),
        ("قرار المجلس 39/6", Some(Hrc), &["A/HRC/RES/39/6"]),
        ("Council resolution 39/6", Some(Hrc), &["A/HRC/RES/39/6"]),
        ("理事会第 39/6 号决议", Some(Hrc), &["A/HRC/RES/39/6"]),
        ("Council resolution 39/6", Some(Ga), &[]),
        ("the Governing Council resolution 26/8", Some(Hrc), &[]),
        ("of its Governing Council resolution 26/8", Some(Hrc), &[]),
        ("See Council resolution 39/6.", Some(Hrc), &["A/HRC/RES/39/6"]),
        // 3. "its resolutions" in a document of known organ.
        ("Recalling its resolutions 2240 (2015), 2312 (2016)", Some(Sc), &["S/RES/2240(2015)", "S/RES/2312(2016)"]),
        ("Recalling its resolution 33/2", Some(Hrc), &["A/HRC/RES/33/2"]),
        ("回顾其第 2240(2015)号决议", Some(Sc), &["S/RES/2240(2015)"]),
        ("ссылаясь на свои резолюции 1493 от 28 июля 2003 года", Some(Sc), &["S/RES/1493(2003)"]),
        ("وإذ تشير إلى قراراتها 40 / 152 سين المؤرخ 16 كانون الأول/ ديسمبر 1985", Some(Ga), &["A/RES/40/152"]),
        (
            "sus propias resoluciones 5/1, de 18 de junio de 2007, y 16/21",
            Some(Hrc),
            &["A/HRC/RES/5/1", "A/HRC/RES/16/21"],
        ),
        ("in its resolution 72/228 of 20 December 2017, the General Assembly", Some(Ecosoc), &["A/RES/72/228"]),
        (
            "Rappelant ses résolutions 1267 (1999) du 15 octobre 1999 et 1373 (2001)",
            Some(Sc),
            &["S/RES/1267(1999)", "S/RES/1373(2001)"],
        ),
        // 4. A year in parentheses: the Security Council.
        (
            "安全理事会第2240(2015)、2312(2016)和2380(2017)号决议",
            None,
            &["S/RES/2240(2015)", "S/RES/2312(2016)", "S/RES/2380(2017)"],
        ),
        (
            "包括第242(1967)、338(1973)和2334(2016)号决议",
            None,
            &["S/RES/242(1967)", "S/RES/338(1973)", "S/RES/2334(2016)"],
        ),
        ("резолюции 1493 от 28 июля 2003 года", Some(Sc), &["S/RES/1493(2003)"]),
        // 5. A four-digit first part: the Economic and Social Council.
        ("resolution 2003/14", Some(Ecosoc), &["E/RES/2003/14"]),
        ("第 1996/31 号决议", None, &["E/RES/1996/31"]),
        ("la résolution 1996/31", None, &["E/RES/1996/31"]),
        ("резолюция 1996/31", None, &["E/RES/1996/31"]),
        ("القرار 1996/31", None, &["E/RES/1996/31"]),
        // 6. Otherwise the General Assembly.
        ("resolution 70/1", Some(Ecosoc), &["A/RES/70/1"]),
        ("resolution 2200 A (XXI)", None, &["A/RES/2200(XXI)"]),
        ("resolution ES-11/1 and resolution 2758 (XXVI)", None, &["A/RES/ES-11/1", "A/RES/2758(XXVI)"]),
        ("la résolution 1368 (2001)", None, &["S/RES/1368(2001)"]),
        ("la resolución 2334 (2016)", None, &["S/RES/2334(2016)"]),
        ("резолюция 2334 (2016)", None, &["S/RES/2334(2016)"]),
        ("القرار 2334 (2016)", None, &["S/RES/2334(2016)"]),
        ("resolution 1325", None, &[]),
        ("Security Council resolution 1325 of 31 October 2000", None, &["S/RES/1325(2000)"]),
        ("resolution 1514 of 14 December 1960", None, &[]),
        ("resolutions 3201 (S-VI) and 3202 (S-VI)", None, &["A/RES/3201(S-VI)", "A/RES/3202(S-VI)"]),
    ]);
}

#[test]
fn long_lists_with_dates_clauses_and_parts() {
    check(&[
        (
            "resolutions 69/16 of 18 November 2014, in which it decided to hold a meeting, and 71/178 of 19 December 2016",
            None,
            &["A/RES/69/16", "A/RES/71/178"],
        ),
        (
            "resolutions 53/70, 54/49 55/28 and 56/19",
            None,
            &["A/RES/53/70", "A/RES/54/49", "A/RES/55/28", "A/RES/56/19"],
        ),
        ("resolutions 62/243 A and B", None, &["A/RES/62/243", "A/RES/62/243"]),
        (
            "les résolutions 1267 (1999) créant le Comité des sanctions, 1373(2001) créant le Comité, et 1540 (2004)",
            None,
            &["S/RES/1267(1999)", "S/RES/1373(2001)", "S/RES/1540(2004)"],
        ),
        (
            "resolutions 72/194 and 75/291 and Security Council resolutions 2133 (2014) and 2178 (2014)",
            None,
            &["A/RES/72/194", "A/RES/75/291", "S/RES/2133(2014)", "S/RES/2178(2014)"],
        ),
        ("A/56/1026-S/2002/932, annex II, resolution 14/221.", None, &["A/56/1026", "S/2002/932"]),
    ]);
}

#[test]
fn elliptical_suffixes() {
    check(&[
        ("A/61/5 and Corr.1", None, &["A/61/5", "A/61/5/Corr.1"]),
        ("CRC/C/SR.2001 和 2002", None, &["CRC/C/SR.2001", "CRC/C/SR.2002"]),
        ("(S/11670和Corr.1和2)", None, &["S/11670", "S/11670/Corr.1", "S/11670/Corr.2"]),
        ("CCPR/C/SR.2887 et SR.2888", None, &["CCPR/C/SR.2887", "CCPR/C/SR.2888"]),
        ("S/PRST/2006/39, 45 et 57", None, &["S/PRST/2006/39", "S/PRST/2006/45", "S/PRST/2006/57"]),
        ("E/2005/47 и Corr. 1.", None, &["E/2005/47", "E/2005/47/Corr.1"]),
        // Not a continuation: a year, a page, an earlier number.
        ("A/77/275 and 2022", None, &["A/77/275"]),
        ("(A/77/275, 12 May)", None, &["A/77/275"]),
    ]);
}

#[test]
fn full_width_and_arabic_digits_are_read_as_ascii() {
    check(&[
        ("Ａ/77/275", None, &["A/77/275"]),
        ("A／77／275", None, &["A/77/275"]),
        ("Ａ／７７／２７５号文件", None, &["A/77/275"]),
        ("第 ７５/２４０ 号决议", None, &["A/RES/75/240"]),
        ("安全理事会第２３３４（２０１６）号决议", None, &["S/RES/2334(2016)"]),
        ("القرار ٧٥/٢٤٠", None, &["A/RES/75/240"]),
        ("القرار ۷۵/۲۴۰", None, &["A/RES/75/240"]),
    ]);
    // The link covers the text as written.
    let text = "见Ａ/７７/２７５。";
    let found = Recogniser::new(&[]).scan(text, &Context::default());
    assert_eq!(found.matches.iter().map(|m| &text[m.range.clone()]).collect::<Vec<_>>(), ["Ａ/７７/２７５"]);
    // Arabic presentation forms fold to the letters.
    assert_eq!(symbols("\u{FE8D}\u{FEDF}\u{FED8}\u{FEAE}\u{FE8D}\u{FEAD} 75/240", None), ["A/RES/75/240"]);
}

#[test]
fn mixed_widths_are_warned_about_not_linked() {
    let r = Recogniser::new(&[]);
    for (text, candidate, reason) in [
        ("见 A/77/27５。", "A/77/27５", "mixed full-width digit"),
        ("第 75/24０ 号决议", "75/24０", "mixed full-width digit"),
        ("Ａ/77/2Ｘ75", "Ａ/77/2Ｘ75", "mixed full-width letter"),
    ] {
        let found = r.scan(text, &Context::default());
        assert!(found.matches.is_empty(), "{text}: {:?}", found.matches);
        let suspects: Vec<(&str, &str)> = found.suspects.iter().map(|s| (&text[s.range.clone()], s.reason)).collect();
        assert_eq!(suspects, [(candidate, reason)], "{text}");
    }
}

#[test]
fn organ_names_from_front_matter() {
    for (name, organ) in [
        ("大会", Ga),
        ("General Assembly", Ga),
        ("the Security Council", Sc),
        ("Human Rights Council", Hrc),
        ("人权理事会", Hrc),
        ("Conseil des droits de l'homme", Hrc),
        ("Consejo Económico y Social", Ecosoc),
        ("Совет Безопасности", Sc),
        ("مجلس الأمن", Sc),
    ] {
        assert_eq!(organ_named(name), Some(organ), "{name}");
    }
    assert_eq!(organ_named("Committee on the Rights of the Child"), None);
}

/// Symbols as the recogniser links them, each with the visible text it links.
const RECOGNISED: [&str; 8] = [
    "A/77/275",
    "A/AC.292/2021/INF/1/Add.1",
    "S/RES/2334(2016)",
    "CRC/C/GBR/CO/5",
    "E/CN.6/2023/L.3",
    "resolution 75/240",
    "第 2334(2016) 号决议",
    "CEDAW/C/KEN/8-9",
];

proptest! {
    /// A full-width digit or letter slipped in anywhere inside a recognised symbol never
    /// makes it a link to another symbol: the same symbol, or nothing.
    #[test]
    fn a_full_width_character_never_links_another_symbol(
        which in 0..RECOGNISED.len(),
        at in 0usize..40,
        c in prop::sample::select(vec!['０', '５', '９', 'Ａ', 'Ｓ', 'Ｘ', 'ａ', '／', '（', '．']),
    ) {
        let r = &*RECOGNISER;
        let text = format!("见 {} 。", RECOGNISED[which]);
        let original = r.find(&text);
        prop_assert_eq!(original.len(), 1, "{}", text);
        let m = &original[0];
        let inside: Vec<usize> = (m.range.start + 1..m.range.end).filter(|&i| text.is_char_boundary(i)).collect();
        let at = inside[at % inside.len()];
        let changed = format!("{}{c}{}", &text[..at], &text[at..]);
        for found in r.find(&changed) {
            prop_assert_eq!(&found.symbol, &m.symbol, "{} → {}", text, changed);
        }
    }
}
