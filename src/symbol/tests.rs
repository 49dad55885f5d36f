//! Tests of the recogniser: one table per rule, the seed passages as ground truth, and
//! properties over arbitrary text.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;

fn recogniser() -> Recogniser {
    Recogniser::new(&["ICSC/".to_string(), "UNITAR".to_string(), " EC/ ".to_string(), String::new()])
}

/// What `find` must return for a text, as (linked text, symbol, kind).
type Expected<'a> = &'a [(&'a str, &'a str, Kind)];

/// Every case: the text, then what `find` must return.
fn check(cases: &[(&str, Expected)]) {
    let r = recogniser();
    for (text, expected) in cases {
        let matches = r.find(text);
        let found: Vec<(&str, &str, Kind)> =
            matches.iter().map(|m| (&text[m.range.clone()], m.symbol.as_str(), m.kind)).collect();
        let expected: Vec<(&str, &str, Kind)> = expected.to_vec();
        assert_eq!(found, expected, "in {text:?}");
    }
}

/// Texts that cite nothing.
fn check_none(texts: &[&str]) {
    for text in texts {
        check(&[(text, &[])]);
    }
}

use Kind::{Decision as Dec, Document as Doc, Resolution as Res};

#[test]
fn full_symbols_of_every_shape() {
    check(&[
        ("A/77/275", &[("A/77/275", "A/77/275", Doc)]),
        (
            "见 A/C.1/78/L.11 和 A/AC.292/2022/CRP.1",
            &[("A/C.1/78/L.11", "A/C.1/78/L.11", Doc), ("A/AC.292/2022/CRP.1", "A/AC.292/2022/CRP.1", Doc)],
        ),
        (
            "E/CN.6/2023/L.3 E/CN.4/Sub.2/1998/13",
            &[("E/CN.6/2023/L.3", "E/CN.6/2023/L.3", Doc), ("E/CN.4/Sub.2/1998/13", "E/CN.4/Sub.2/1998/13", Doc)],
        ),
        (
            "A/CONF.232/2019/1; A/HRC/48/L.1",
            &[("A/CONF.232/2019/1", "A/CONF.232/2019/1", Doc), ("A/HRC/48/L.1", "A/HRC/48/L.1", Doc)],
        ),
        (
            "A/AC.292/2022/INF.2 A/AC.292/2021/INF/1",
            &[("A/AC.292/2022/INF.2", "A/AC.292/2022/INF.2", Doc), ("A/AC.292/2021/INF/1", "A/AC.292/2021/INF/1", Doc)],
        ),
        (
            "A/C.3/78/WP.1, A/78/PV.5, A/C.1/78/SR.12",
            &[
                ("A/C.3/78/WP.1", "A/C.3/78/WP.1", Doc),
                ("A/78/PV.5", "A/78/PV.5", Doc),
                ("A/C.1/78/SR.12", "A/C.1/78/SR.12", Doc),
            ],
        ),
        (
            "S/PRST/2021/1 and S/2017/1234",
            &[("S/PRST/2021/1", "S/PRST/2021/1", Doc), ("S/2017/1234", "S/2017/1234", Doc)],
        ),
        ("ST/SGB/2019/8", &[("ST/SGB/2019/8", "ST/SGB/2019/8", Doc)]),
        ("A/ES-11/L.1 A/S-13/2", &[("A/ES-11/L.1", "A/ES-11/L.1", Doc), ("A/S-13/2", "A/S-13/2", Doc)]),
        ("A/RES/75/240", &[("A/RES/75/240", "A/RES/75/240", Res)]),
        (
            "A/RES/ES-11/1 A/HRC/RES/48/1",
            &[("A/RES/ES-11/1", "A/RES/ES-11/1", Res), ("A/HRC/RES/48/1", "A/HRC/RES/48/1", Res)],
        ),
    ]);
}

#[test]
fn final_components_stack() {
    check(&[
        ("A/AC.292/2021/INF/1/Add.1", &[("A/AC.292/2021/INF/1/Add.1", "A/AC.292/2021/INF/1/Add.1", Doc)]),
        ("A/78/L.1/Rev.1/Add.2", &[("A/78/L.1/Rev.1/Add.2", "A/78/L.1/Rev.1/Add.2", Doc)]),
        (
            "A/77/275/Corr.1 and A/77/6/Amend.1",
            &[("A/77/275/Corr.1", "A/77/275/Corr.1", Doc), ("A/77/6/Amend.1", "A/77/6/Amend.1", Doc)],
        ),
    ]);
}

#[test]
fn security_council_year_and_roman_session() {
    check(&[
        ("S/RES/2334 (2016)", &[("S/RES/2334 (2016)", "S/RES/2334(2016)", Res)]),
        ("S/RES/2334(2016)。", &[("S/RES/2334(2016)", "S/RES/2334(2016)", Res)]),
        ("S/RES/2334\u{A0}(2016)", &[("S/RES/2334\u{A0}(2016)", "S/RES/2334(2016)", Res)]),
        ("A/RES/2758(XXVI)", &[("A/RES/2758(XXVI)", "A/RES/2758(XXVI)", Res)]),
        ("A/RES/2758 (XXVI).", &[("A/RES/2758 (XXVI)", "A/RES/2758(XXVI)", Res)]),
        // Only resolution numbers take a year: after any other symbol it is prose.
        ("A/77/275 (2022)", &[("A/77/275", "A/77/275", Doc)]),
        ("A/77/275(2022)", &[("A/77/275", "A/77/275", Doc)]),
    ]);
}

#[test]
fn trailing_punctuation_of_both_scripts_ends_a_symbol() {
    for punct in [".", ",", ";", ":", ")", "。", "，", "、", "；", "：", "）", "”", "\"", "!", "?"] {
        let text = format!("(见 A/76/187{punct}");
        check(&[(&text, &[("A/76/187", "A/76/187", Doc)])]);
    }
}

#[test]
fn chinese_runs_directly_against_symbols() {
    check(&[
        ("(见 A/76/187)。", &[("A/76/187", "A/76/187", Doc)]),
        ("A/AC.292/2021/1号文件", &[("A/AC.292/2021/1", "A/AC.292/2021/1", Doc)]),
        ("主席根据A/78/265号文件和", &[("A/78/265", "A/78/265", Doc)]),
        (
            "A/65/201、A/68/98、A/70/174 和 A/76/135。",
            &[
                ("A/65/201", "A/65/201", Doc),
                ("A/68/98", "A/68/98", Doc),
                ("A/70/174", "A/70/174", Doc),
                ("A/76/135", "A/76/135", Doc),
            ],
        ),
        ("工作组议程(A/AC.292/2021/1)中", &[("A/AC.292/2021/1", "A/AC.292/2021/1", Doc)]),
    ]);
}

#[test]
fn symbols_wrapped_after_a_slash_are_whole() {
    check(&[(
        "A/AC.292/2021/INF/1/\n\nAdd.1、",
        &[("A/AC.292/2021/INF/1/\n\nAdd.1", "A/AC.292/2021/INF/1/Add.1", Doc)],
    )]);
}

#[test]
fn joint_symbols_are_two_links() {
    check(&[("A/72/565-S/2017/921", &[("A/72/565", "A/72/565", Doc), ("S/2017/921", "S/2017/921", Doc)])]);
}

#[test]
fn configured_series() {
    check(&[
        (
            "ICSC/79/R.2 and UNITAR/EB.5/1",
            &[("ICSC/79/R.2", "ICSC/79/R.2", Doc), ("UNITAR/EB.5/1", "UNITAR/EB.5/1", Doc)],
        ),
        ("EC/73/SC/CRP.1", &[("EC/73/SC/CRP.1", "EC/73/SC/CRP.1", Doc)]),
    ]);
    // Without the configuration they are not symbols.
    assert!(Recogniser::new(&[]).find("ICSC/79/R.2 and UNITAR/EB.5/1").is_empty());
}

#[test]
fn treaty_bodies_and_programmes_are_built_in() {
    let r = Recogniser::new(&[]);
    let symbols = |text: &str| r.find(text).into_iter().map(|m| m.symbol).collect::<Vec<_>>();
    for symbol in [
        "CRC/C/GBR/CO/5",
        "CRC/C/SR.2001",
        "CEDAW/C/CHN/CO/9",
        "HRI/CORE/1/Add.21",
        "CCPR/C/GBR/CO/7",
        "CERD/C/GBR/CO/21-23",
        "CAT/C/GBR/CO/6",
        "E/C.12/GBR/CO/6",
        "UNEP/EA.5/Res.14",
        "TD/B/C.I/MEM.2/3",
        "DP/FPA/2023/1",
        "ICCD/COP(15)/21",
        "FCCC/CP/2015/10/Add.1",
        "CRC/C/GBR/5-6",
        "CEDAW/C/KEN/8-9",
        "CRC/C/CZE/Q/3-4/Add.1",
    ] {
        assert_eq!(symbols(&format!("(见 {symbol})。")), [symbol], "{symbol}");
    }
    // A range runs forward, by a few reports, after a country code.
    for text in ["A/77/275-276", "CRC/C/GBR/6-5", "CRC/C/GBR/5-16"] {
        assert!(symbols(text).is_empty(), "{text}: {:?}", symbols(text));
    }
}

#[test]
fn no_false_positives_in_ordinary_text() {
    check_none(&[
        "and/or",
        "24/7 support",
        "A/B testing",
        "a 1/2 share",
        "the 2021/2022 biennium",
        "10/11",
        "12/31/2020",
        "3/4 of members",
        "A/4",
        "S/2",
        "USA/77/275",
        "A/AC.292/2024/CRP.X号文件",
        "A/77/275.html",
        "A/77/275abc",
        "A/77/275_1",
        "23-18952 2/4",
        "22-12352 (C)",
        "第 175(2018)号法和第 151(2020)号法",
        "《欧盟理事会关于网络外交问题的第 6122/15 号结论》",
        "第 7371/22 号，“安全与防务战略指南”",
        "第 1 和 2 次会议",
        "第 400 号总统令",
        "resolution",
        "resolution 10",
        "decision 2334 (2016)",
        "irresolution 75/240",
    ]);
}

#[test]
fn nothing_inside_urls_or_email_addresses() {
    check_none(&[
        "https://undocs.org/A/77/275",
        "https://undocs.org/ch/A/RES/75/240",
        "www.un.org/disarmament/ict-security",
        "(www.un.org/disarmament/ict-security)",
        "http://www.un.org/A/77/275",
        "https://example.org/?symbol=A/77/275",
        "https://example.org/#A/77/275",
        "https://example.org/x-A/77/275",
        "mailto:someone@un.org",
        "someone-A/77/275@un.org",
        "files/A/77/275",
    ]);
    // The symbol beside a URL still counts.
    check(&[("https://undocs.org/A/77/275 A/77/275", &[("A/77/275", "A/77/275", Doc)])]);
}

#[test]
fn english_prose_references() {
    check(&[
        ("resolution 75/240", &[("75/240", "A/RES/75/240", Res)]),
        ("Resolution 75/240 decided", &[("75/240", "A/RES/75/240", Res)]),
        ("General Assembly resolution 75/240;", &[("75/240", "A/RES/75/240", Res)]),
        ("resolutions 70/237 and 76/19", &[("70/237", "A/RES/70/237", Res), ("76/19", "A/RES/76/19", Res)]),
        (
            "resolutions 53/70, 54/49, 55/28 and 56/19.",
            &[
                ("53/70", "A/RES/53/70", Res),
                ("54/49", "A/RES/54/49", Res),
                ("55/28", "A/RES/55/28", Res),
                ("56/19", "A/RES/56/19", Res),
            ],
        ),
        (
            "resolutions 53/70, 54/49, and 56/19",
            &[("53/70", "A/RES/53/70", Res), ("54/49", "A/RES/54/49", Res), ("56/19", "A/RES/56/19", Res)],
        ),
        (
            "its resolutions 36/103 of 9 December 1981, 43/78 H of 7 December 1988 and 77/36 of 7 December 2022,",
            &[("36/103", "A/RES/36/103", Res), ("43/78 H", "A/RES/43/78", Res), ("77/36", "A/RES/77/36", Res)],
        ),
        ("resolution 75/240, paragraph 1", &[("75/240", "A/RES/75/240", Res)]),
        ("resolution 75/240 and the report", &[("75/240", "A/RES/75/240", Res)]),
        ("resolution 75/240 All States", &[("75/240", "A/RES/75/240", Res)]),
        ("resolution 75/240 A/77/275", &[("75/240", "A/RES/75/240", Res), ("A/77/275", "A/77/275", Doc)]),
    ]);
}

#[test]
fn chinese_prose_references() {
    check(&[
        ("大会第 75/240 号决议决定", &[("75/240", "A/RES/75/240", Res)]),
        ("大会第75/240号决议", &[("75/240", "A/RES/75/240", Res)]),
        ("大会第 70/237 号和第 76/19 号决议。", &[("70/237", "A/RES/70/237", Res), ("76/19", "A/RES/76/19", Res)]),
        (
            "第 65/41、第 68/243 和第 75/32 号决议。",
            &[("65/41", "A/RES/65/41", Res), ("68/243", "A/RES/68/243", Res), ("75/32", "A/RES/75/32", Res)],
        ),
        (
            "回顾其 1981年 12月 9日第 36/103号、1988年 12月 7日第 43/78 H号、1998年 12 月 4 日第 53/70 号和 2022年 12 月 7 日第 77/36 号决议，",
            &[
                ("36/103", "A/RES/36/103", Res),
                ("43/78 H", "A/RES/43/78", Res),
                ("53/70", "A/RES/53/70", Res),
                ("77/36", "A/RES/77/36", Res),
            ],
        ),
        ("大会随后在第 76/19\n\n号决议中", &[("76/19", "A/RES/76/19", Res)]),
        ("第 75/240 号决议和第 76/19 号决议", &[("75/240", "A/RES/75/240", Res), ("76/19", "A/RES/76/19", Res)]),
    ]);
}

#[test]
fn the_organ_decides_the_series() {
    check(&[
        ("Security Council resolution 2334 (2016)", &[("2334 (2016)", "S/RES/2334(2016)", Res)]),
        (
            "resolutions 1325 (2000) and 2242 (2015)",
            &[("1325 (2000)", "S/RES/1325(2000)", Res), ("2242 (2015)", "S/RES/2242(2015)", Res)],
        ),
        ("安全理事会第 2334(2016)号决议", &[("2334(2016)", "S/RES/2334(2016)", Res)]),
        ("安理会第 1325 号决议", &[("1325", "S/RES/1325", Res)]),
        ("Security Council resolution 1325", &[("1325", "S/RES/1325", Res)]),
        ("第 1325 号决议", &[]),
        ("Economic and Social Council resolution 1996/31", &[("1996/31", "E/RES/1996/31", Res)]),
        ("根据第 1996/31 号决议，", &[("1996/31", "E/RES/1996/31", Res)]),
        (
            "resolution ES-11/1 and resolution S-13/2",
            &[("ES-11/1", "A/RES/ES-11/1", Res), ("S-13/2", "A/RES/S-13/2", Res)],
        ),
        ("第 ES-11/1 号决议", &[("ES-11/1", "A/RES/ES-11/1", Res)]),
        ("resolution 2758 (XXVI)", &[("2758 (XXVI)", "A/RES/2758(XXVI)", Res)]),
        ("Human Rights Council resolution 48/1", &[("48/1", "A/HRC/RES/48/1", Res)]),
        ("见人权理事会第48/1号决议。", &[("48/1", "A/HRC/RES/48/1", Res)]),
        ("人权理事会第 S-33/1 号决议", &[("S-33/1", "A/HRC/RES/S-33/1", Res)]),
    ]);
}

#[test]
fn decisions() {
    check(&[
        ("decision 77/512", &[("77/512", "77/512", Dec)]),
        ("General Assembly decisions 76/552 and 77/512", &[("76/552", "76/552", Dec), ("77/512", "77/512", Dec)]),
        ("第77/512号决定", &[("77/512", "77/512", Dec)]),
        ("主席根据大会第77/512号和第78/541号决定，召开", &[("77/512", "77/512", Dec), ("78/541", "78/541", Dec)]),
        ("第 77/512 号决定", &[("77/512", "77/512", Dec)]),
    ]);
}

#[test]
fn references_and_symbols_mixed() {
    check(&[(
        "第 14 段：大会第 75/240 号决议规定的工作组任务和工作组议程(A/AC.292/2021/1)，见 resolution 76/19 和 decision 77/512。",
        &[
            ("75/240", "A/RES/75/240", Res),
            ("A/AC.292/2021/1", "A/AC.292/2021/1", Doc),
            ("76/19", "A/RES/76/19", Res),
            ("77/512", "77/512", Dec),
        ],
    )]);
}

#[test]
fn placeholders_are_resolved_from_their_sentence() {
    let r = recogniser();
    let resolve = |text: &str, before: &str, after: &str| {
        r.resolve_placeholder(text, before, after, &Context::default())
            .map(|m| (text[m.range.clone()].to_string(), m.symbol, m.kind))
    };
    let res = |t: &str, s: &str| Some((t.to_string(), s.to_string(), Res));
    assert_eq!(resolve("75/240", "大会第 ", " 号决议决定，"), res("75/240", "A/RES/75/240"));
    assert_eq!(resolve("76/19", "大会第 70/237 号和第 ", " 号决议"), res("76/19", "A/RES/76/19"));
    assert_eq!(resolve("70/237", "大会第 ", " 号和第 76/19 号决议"), res("70/237", "A/RES/70/237"));
    assert_eq!(resolve("75/240", "General Assembly resolution ", "; and"), res("75/240", "A/RES/75/240"));
    assert_eq!(resolve("A/77/275", "已作为 ", " 号文件印发"), Some(("A/77/275".into(), "A/77/275".into(), Doc)));
    assert_eq!(resolve(" A/77/275 ", "USA", ""), Some(("A/77/275".into(), "A/77/275".into(), Doc)));
    assert_eq!(resolve("77/512", "大会第", "号决定"), Some(("77/512".into(), "77/512".into(), Dec)));
    assert_eq!(resolve("第 75/240 号决议", "见", "。"), res("75/240", "A/RES/75/240"));
    assert_eq!(resolve("75/240", "", ""), None);
    assert_eq!(resolve("10/11", "see ", " above"), None);
    assert_eq!(resolve("here", "see ", ""), None);
    // The context is cut at a character boundary, however long it is.
    let long = "第".repeat(3000);
    assert_eq!(resolve("75/240", &format!("{long}大会第 "), &format!(" 号决议{long}")), res("75/240", "A/RES/75/240"));
}

#[test]
fn sort_key_orders_like_the_un() {
    let mut symbols = vec![
        "A/RES/76/19",
        "S/RES/2334(2016)",
        "A/RES/75/240",
        "A/77/275",
        "A/RES/70/237",
        "E/RES/1996/31",
        "A/AC.292/2022/INF/1",
        "A/AC.292/2021/INF/1",
        "A/C.1/78/L.11",
        "A/AC.292/2021/INF/1/Add.1",
        "A/RES/9/1",
    ];
    symbols.sort_by_key(|s| sort_key(s));
    assert_eq!(
        symbols,
        [
            "A/77/275",
            "A/AC.292/2021/INF/1",
            "A/AC.292/2021/INF/1/Add.1",
            "A/AC.292/2022/INF/1",
            "A/C.1/78/L.11",
            "A/RES/9/1",
            "A/RES/70/237",
            "A/RES/75/240",
            "A/RES/76/19",
            "E/RES/1996/31",
            "S/RES/2334(2016)"
        ]
    );
    let mut decisions = vec!["77/512", "76/552", "8/1"];
    decisions.sort_by_key(|s| sort_key(s));
    assert_eq!(decisions, ["8/1", "76/552", "77/512"]);
    assert!(sort_key("A/99999999999999999999999/1") > sort_key("A/1/1"));
}

/// One excerpt of tests/fixtures/symbol-passages.txt.
struct Passage<'a> {
    fixture: &'a str,
    cites: Vec<&'a str>,
    text: &'a str,
}

const PASSAGES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/symbol-passages.txt"));

fn passages() -> Vec<Passage<'static>> {
    PASSAGES
        .split("\n=== ")
        .skip(1)
        .map(|block| {
            let (header, rest) = block.split_once('\n').unwrap();
            let (cites, text) = rest.split_once('\n').unwrap();
            let cites = cites.strip_prefix("cites:").unwrap().split_whitespace().collect();
            Passage { fixture: header.split_whitespace().next().unwrap(), cites, text }
        })
        .collect()
}

/// The UN's own link lists (tests/fixtures/undocs/), without comments.
fn undocs_list(fixture: &str) -> BTreeSet<&'static str> {
    let text = match fixture {
        "A-77-275" => include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/undocs/A-77-275.txt")),
        "A-C.1-78-L.11" => {
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/undocs/A-C.1-78-L.11.txt"))
        }
        "sg-report-ict-2022" => {
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/undocs/sg-report-ict-2022.txt"))
        }
        other => panic!("no fixture {other}"),
    };
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// Links the UN printed that the text does not support: page 2 of A/C.1/78/L.11 links last
/// year's documents while its footnotes cite this year's (`见 A/78/265。`,
/// `A/AC.292/2023/INF/5。`). The recogniser follows the text.
const STALE_UN_LINKS: [(&str, &str, &str); 2] =
    [("A-C.1-78-L.11", "A/77/275", "A/78/265"), ("A-C.1-78-L.11", "A/AC.292/2022/INF/4", "A/AC.292/2023/INF/5")];

#[test]
fn seed_passages_cite_exactly_what_they_say() {
    let r = Recogniser::new(&[]);
    for p in passages() {
        let found: Vec<String> = r.find(p.text).into_iter().map(|m| m.symbol).collect();
        assert_eq!(found, p.cites, "in passage {:?}", p.text);
    }
}

/// The English version of A/C.1/78/L.11's preamble (content/resolutions/a-c-1-78-l-11)
/// cites the same 26 resolutions as the Chinese seed, dated the English way.
#[test]
fn the_english_list_of_l11_cites_what_the_chinese_one_does() {
    let english = "*Recalling* its resolutions 36/103 of 9 December 1981, 43/78 H of 7 December 1988, 53/70 of 4 December 1998, 54/49 of 1 December 1999, 55/28 of 20 November 2000, 56/19 of 29 November 2001, 57/53 of 22 November 2002, 58/32 of 8 December 2003, 59/61 of 3 December 2004, 60/45 of 8 December 2005, 61/54 of 6 December 2006, 62/17 of 5 December 2007, 63/37 of 2 December 2008, 64/25 of 2 December 2009, 65/41 of 8 December 2010, 66/24 of 2 December 2011, 67/27 of 3 December 2012, 68/243 of 27 December 2013, 69/28 of 2 December 2014, 70/237 of 23 December 2015, 71/28 of 5 December 2016, 73/27 of 5 December 2018, 74/29 of 12 December 2019, 75/240 of 31 December 2020, 76/19 of 6 December 2021 and 77/36 of 7 December 2022,";
    let found: Vec<String> = Recogniser::new(&[]).find(english).into_iter().map(|m| m.symbol).collect();
    let all = passages();
    let chinese = all.iter().find(|p| p.fixture == "A-C.1-78-L.11" && p.cites.len() > 20).unwrap();
    assert_eq!(found, chinese.cites);
}

#[test]
fn every_un_link_is_found_in_the_seed_passages() {
    let r = Recogniser::new(&[]);
    let all = passages();
    for fixture in ["A-77-275", "A-C.1-78-L.11", "sg-report-ict-2022"] {
        let found: BTreeSet<String> =
            all.iter().filter(|p| p.fixture == fixture).flat_map(|p| r.find(p.text)).map(|m| m.symbol).collect();
        for symbol in undocs_list(fixture) {
            let expected = STALE_UN_LINKS
                .iter()
                .find(|(f, stale, _)| *f == fixture && *stale == symbol)
                .map_or(symbol, |(_, _, cited)| *cited);
            assert!(found.contains(expected), "{fixture}: {expected} not found");
        }
    }
}

proptest! {
    #[test]
    fn find_never_panics_and_ranges_are_sane(text in "\\PC{0,200}") {
        assert_ranges(&text);
    }

    #[test]
    fn sort_key_orders_by_components_of_numbers_and_text(a in "[A-Z0-9./a-z(]{0,14}", b in "[A-Z0-9./a-z(]{0,14}") {
        prop_assert_eq!(sort_key(&a).cmp(&sort_key(&b)), by_components(&a).cmp(&by_components(&b)), "{} {}", a, b);
    }

    #[test]
    fn find_is_sane_on_symbol_like_text(text in "[A-Za-z0-9/ .,;()\\-\n第号决议定和、年月日 HRESACLIVX\u{A0}\u{3000}]{0,120}") {
        assert_ranges(&text);
        let r = recogniser();
        let _ = r.resolve_placeholder(&text, &text, &text, &Context::default());
    }
}

fn assert_ranges(text: &str) {
    let mut last = 0;
    for m in recogniser().find(text) {
        assert!(m.range.start >= last && m.range.start < m.range.end, "{m:?}");
        assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end), "{m:?}");
        assert!(!m.symbol.is_empty() && !m.symbol.contains(char::is_whitespace), "{m:?}");
        last = m.range.end;
    }
}

/// A run of digits `(0, number, "")` or of text `(1, 0, text)`.
type Run = (u8, u64, String);

/// The order [`sort_key`] encodes, spelt out: components, each a list of digit runs (as
/// numbers, first) and text runs, then the symbol itself.
fn by_components(symbol: &str) -> (Vec<Vec<Run>>, String) {
    let components = symbol
        .split('/')
        .map(|c| {
            let mut runs = Vec::new();
            let mut rest = c;
            while let Some(first) = rest.chars().next() {
                let digits = first.is_ascii_digit();
                let len = rest.find(|d: char| d.is_ascii_digit() != digits).unwrap_or(rest.len());
                let (run, tail) = rest.split_at(len);
                runs.push(match digits {
                    true => (0, run.parse().unwrap_or(u64::MAX), String::new()),
                    false => (1, 0, run.to_string()),
                });
                rest = tail;
            }
            runs
        })
        .collect();
    (components, symbol.to_string())
}
