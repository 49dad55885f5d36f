//! The words that make a number a reference, per language: a table to extend, not code.
//!
//! A translator adding a case form, a conjunction or an organ's name adds a string here;
//! the prose grammar ([`super::prose`]) is built from these lists. Words are matched
//! case-insensitively, with any run of spaces between their words.

use super::Organ;

/// The cue words of one language.
pub(super) struct Cues {
    /// "resolution(s)" in every form that stands before a number.
    pub resolution: &'static [&'static str],
    /// "decision(s)", likewise.
    pub decision: &'static [&'static str],
    /// Forms of the noun that already say "its" (Arabic `قراره`, "its resolution").
    pub its_noun: &'static [&'static str],
    /// "its" before the noun ("its resolutions", "ses résolutions", "в своей резолюции").
    pub its: &'static [&'static str],
    /// Words joining the last items of a list ("and", "as well as").
    pub and: &'static [&'static str],
    /// What introduces a date after a number ("of 18 November 2014", "du", "от").
    pub of_date: &'static [&'static str],
    /// What opens a relative clause between two items ("in which", "dans laquelle").
    pub clause: &'static [&'static str],
    /// What may stand between the number and an organ named after it ("of the", "de l'").
    pub of_organ: &'static [&'static str],
    /// Organ names, in every case form, and the organ each names.
    pub organs: &'static [(&'static str, Organ)],
    /// "the Council" on its own: the document's own council (see [`super::Organ`]).
    pub council: &'static [&'static str],
    /// "of the United Nations" after an organ's name.
    pub of_un: &'static [&'static str],
    /// Letters naming the parts of a resolution, where they are words (Arabic `باء`).
    pub part_letters: &'static [&'static str],
}

use Organ::{
    EconomicAndSocialCouncil as Ecosoc, GeneralAssembly as Ga, HumanRightsCouncil as Hrc, SecurityCouncil as Sc,
};

/// English, French, Spanish, Russian and Arabic, whose nouns stand before the numbers.
/// Chinese, whose noun ends the list, is [`CHINESE`].
pub(super) const LANGUAGES: [Cues; 5] = [
    // English
    Cues {
        resolution: &["resolutions", "resolution"],
        decision: &["decisions", "decision"],
        its_noun: &[],
        its: &["its", "their", "in its", "in their", "its own", "by its"],
        and: &["and", "as well as"],
        of_date: &["of", "adopted on", "dated"],
        clause: &["in which", "by which", "whereby", "which", "wherein", "on", "entitled", "concerning"],
        of_organ: &["of the", "by the"],
        organs: &[
            ("General Assembly", Ga),
            ("Assembly", Ga),
            ("Security Council", Sc),
            ("Economic and Social Council", Ecosoc),
            ("Human Rights Council", Hrc),
        ],
        council: &["Council"],
        of_un: &["of the United Nations"],
        part_letters: &[],
    },
    // French
    Cues {
        resolution: &["résolutions", "résolution", "resolutions", "resolution"],
        decision: &["décisions", "décision"],
        its_noun: &[],
        its: &["ses", "sa", "leurs", "leur", "dans sa", "dans ses", "par sa", "par ses", "ses propres", "sa propre"],
        and: &["et", "ainsi que"],
        of_date: &["du", "en date du", "adoptée le"],
        clause: &[
            "dans laquelle",
            "dans lesquelles",
            "par laquelle",
            "par lesquelles",
            "où",
            "sur",
            "intitulée",
            "intitulé",
            "relative",
            "concernant",
        ],
        of_organ: &["de l'", "de l’", "du", "de la", "de"],
        organs: &[
            ("Assemblée générale", Ga),
            ("Assemblée", Ga),
            ("Conseil de sécurité", Sc),
            ("Conseil économique et social", Ecosoc),
            ("Conseil des droits de l'homme", Hrc),
            ("Conseil des droits de l’homme", Hrc),
        ],
        council: &["Conseil"],
        of_un: &["des Nations Unies"],
        part_letters: &[],
    },
    // Spanish
    Cues {
        resolution: &["resoluciones", "resolución", "resolucion"],
        decision: &["decisiones", "decisión"],
        its_noun: &[],
        its: &["sus", "su", "en su", "en sus", "por su", "sus propias", "su propia"],
        and: &["y", "e", "así como"],
        of_date: &["de", "del", "de fecha"],
        clause: &["en la que", "en las que", "por la que", "por las que", "en que", "sobre", "titulada", "relativa"],
        of_organ: &["de la", "del", "de"],
        organs: &[
            ("Asamblea General", Ga),
            ("Asamblea", Ga),
            ("Consejo de Seguridad", Sc),
            ("Consejo Económico y Social", Ecosoc),
            ("Consejo de Derechos Humanos", Hrc),
        ],
        council: &["Consejo"],
        of_un: &["de las Naciones Unidas"],
        part_letters: &[],
    },
    // Russian
    Cues {
        resolution: &[
            "резолюция",
            "резолюции",
            "резолюцию",
            "резолюцией",
            "резолюций",
            "резолюциям",
            "резолюциями",
            "резолюциях",
        ],
        decision: &[
            "решение",
            "решения",
            "решению",
            "решением",
            "решении",
            "решений",
            "решениям",
            "решениями",
            "решениях",
        ],
        its_noun: &[],
        its: &["своей", "своих", "свою", "свои", "своими", "своем", "своём", "в своей", "в своих"],
        and: &["и", "а также"],
        of_date: &["от"],
        clause: &["в которой", "в которых", "которой", "которыми", "о", "озаглавленной", "озаглавленная", "касающейся"],
        of_organ: &[],
        organs: &[
            ("Генеральная Ассамблея", Ga),
            ("Генеральной Ассамблеи", Ga),
            ("Генеральную Ассамблею", Ga),
            ("Ассамблея", Ga),
            ("Ассамблеи", Ga),
            ("Совет Безопасности", Sc),
            ("Совета Безопасности", Sc),
            ("Совету Безопасности", Sc),
            ("Экономический и Социальный Совет", Ecosoc),
            ("Экономического и Социального Совета", Ecosoc),
            ("Совет по правам человека", Hrc),
            ("Совета по правам человека", Hrc),
        ],
        council: &["Совет", "Совета"],
        of_un: &["Организации Объединенных Наций"],
        part_letters: &[],
    },
    // Arabic
    Cues {
        resolution: &["القرارات", "القرارين", "القرار", "قرارات", "قراري", "قرار", "لقرارات", "لقرارين", "لقرار"],
        decision: &["المقررات", "المقررين", "المقرر", "مقررات", "مقرري", "مقرر", "لمقرر"],
        its_noun: &[
            "قراراته",
            "قراراتها",
            "قراريه",
            "قراريها",
            "قراره",
            "قرارها",
            "مقرراته",
            "مقرراتها",
            "مقرره",
            "مقررها",
        ],
        its: &[],
        and: &["و", "وكذلك"],
        of_date: &["المؤرخ", "المؤرخة", "المؤرخين", "المؤرختين", "المؤرخ في", "المؤرخة في", "المؤرخين في"],
        clause: &["الذي", "التي", "اللذين", "اللتين", "المعنون", "المعنونة", "بشأن"],
        of_organ: &["الصادر عن", "الصادرة عن", "الذي اتخذته", "الذي اتخذه"],
        organs: &[
            ("الجمعية العامة", Ga),
            ("الجمعية", Ga),
            ("مجلس الأمن", Sc),
            ("المجلس الاقتصادي والاجتماعي", Ecosoc),
            ("مجلس حقوق الإنسان", Hrc),
        ],
        council: &["المجلس"],
        of_un: &["للأمم المتحدة"],
        part_letters: &[
            "ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام", "ميم", "نون", "سين",
            "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء",
        ],
    },
];

/// Arabic proclitics written onto the noun (`والقرار`, `بقرار`, `وبالقرار`).
pub(super) const ARABIC_PROCLITICS: &[&str] = &["وب", "ول", "فب", "فل", "و", "ف", "ب", "ل"];

/// The Chinese cues: the list is `第 … 号` items closed by the noun.
pub(super) struct ChineseCues {
    /// `号` after a number, simplified and traditional.
    pub number_sign: &'static [&'static str],
    pub resolution: &'static [&'static str],
    pub decision: &'static [&'static str],
    pub its: &'static [&'static str],
    pub and: &'static [&'static str],
    pub organs: &'static [(&'static str, Organ)],
    pub council: &'static [&'static str],
}

pub(super) const CHINESE: ChineseCues = ChineseCues {
    number_sign: &["号", "號"],
    resolution: &["决议", "決議"],
    decision: &["决定", "決定"],
    its: &["其"],
    and: &["、", "，", ",", "和", "以及", "及", "与", "與"],
    organs: &[
        ("联合国大会", Ga),
        ("聯合國大會", Ga),
        ("大会", Ga),
        ("大會", Ga),
        ("安全理事会", Sc),
        ("安全理事會", Sc),
        ("安理会", Sc),
        ("安理會", Sc),
        ("经济及社会理事会", Ecosoc),
        ("經濟及社會理事會", Ecosoc),
        ("经社理事会", Ecosoc),
        ("經社理事會", Ecosoc),
        ("人权理事会", Hrc),
        ("人權理事會", Hrc),
    ],
    council: &["理事会", "理事會"],
};

/// Words before a reference that place it inside another document's annex
/// (`A/56/1026, annex II, resolution 14/221`: a resolution of another organization).
pub(super) const ANNEX: &[&str] = &["annex", "annexe", "anexo", "приложение", "المرفق", "附件"];

/// The organ a name stands for in any language (`大会`, `Human Rights Council`,
/// `Conseil des droits de l'homme`), as front matter's `organ:` writes it.
pub fn organ_named(name: &str) -> Option<Organ> {
    static NAMES: std::sync::LazyLock<std::collections::HashMap<String, Organ>> = std::sync::LazyLock::new(|| {
        let chinese = CHINESE.organs.iter();
        LANGUAGES.iter().flat_map(|l| l.organs.iter()).chain(chinese).map(|(n, o)| (squeeze(n), *o)).collect()
    });
    NAMES.get(&squeeze(name)).copied()
}

/// Lower case, one space between words, no leading "the"/article.
fn squeeze(s: &str) -> String {
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = match words.first() {
        Some(&("the" | "la" | "le" | "el" | "l'")) => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}
