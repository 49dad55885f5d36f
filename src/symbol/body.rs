//! Which body adopted a cited resolution or decision, and so its symbol.
//!
//! In order: the body named before (or after) the list, for every number in it; "the
//! Council" in a document of a council; "its resolutions" in a document whose organ is
//! known; a year in parentheses (the Security Council); a year as first part (the Economic
//! and Social Council); otherwise the General Assembly. When the words say a body whose
//! symbols the number cannot have, or a council that is not the document's, nothing is
//! linked: a wrong link is worse than none.

use super::{Kind, Organ};

/// What the words around a list say about its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    /// Nothing.
    None,
    /// An organ by name (`Human Rights Council resolutions`, `du Conseil de sécurité`).
    Named(Organ),
    /// "the Council", "理事会".
    Council,
    /// A council of some other body (`Governing Council resolution 26/8`).
    Other,
    /// "its resolutions", "其…号决议".
    Its,
}

/// The symbol and kind a cited number stands for, or `None` when unsure.
/// `year`: the year of the date written after the number, which gives a bare Security
/// Council number its year (`resolution 1493 of 28 July 2003` → `S/RES/1493(2003)`).
pub(super) fn symbol_for(
    cited: &str,
    cue: Cue,
    doc: Option<Organ>,
    kind: Kind,
    year: Option<&str>,
) -> Option<(String, Kind)> {
    let mut compact: String = cited.chars().filter(|c| !c.is_whitespace()).collect();
    // A lettered part links to the whole resolution (`2200 A (XXI)` → `2200(XXI)`).
    if let Some(open) = compact.find('(')
        && let Some(letter) = compact[..open].chars().next_back().filter(|c| c.is_uppercase())
    {
        compact.remove(open - letter.len_utf8());
    }
    if let Some(year) = year.filter(|_| compact.bytes().all(|b| b.is_ascii_digit())) {
        // Since 1976 only the Security Council numbers its resolutions without a session;
        // before, the General Assembly did too, and only the Council named can tell.
        let council = matches!(cue, Cue::Named(Organ::SecurityCouncil))
            || (matches!(cue, Cue::Its | Cue::Council) && doc == Some(Organ::SecurityCouncil));
        if !council && year < "1976" {
            return None;
        }
        compact = format!("{compact}({year})");
    }
    let found = symbol_of(Form::of(&compact), cue, doc, kind);
    // "its resolution 72/228" in a document of a body whose numbers look otherwise: the
    // number's form decides, as if nothing were said.
    if found.is_none() && cue == Cue::Its {
        return symbol_of(Form::of(&compact), Cue::None, doc, kind);
    }
    found
}

/// The symbol for a number of this form, cue and document.
fn symbol_of(form: Form, cue: Cue, doc: Option<Organ>, kind: Kind) -> Option<(String, Kind)> {
    let organ = match cue {
        Cue::Named(o) => Some(o),
        Cue::Council => doc.filter(|o| *o != Organ::GeneralAssembly),
        Cue::Its => doc,
        Cue::None => None,
        Cue::Other => return None,
    };
    let organ = match (organ, cue) {
        (Some(o), _) => o,
        // "the Council" in a document that is no council's: only the form can tell.
        (None, Cue::Council) => match form {
            Form::Year(_) | Form::Bare(_) => Organ::SecurityCouncil,
            Form::Slash { year_first: true, .. } => Organ::EconomicAndSocialCouncil,
            _ => return None,
        },
        (None, _) => match form {
            Form::Year(_) | Form::Bare(_) => Organ::SecurityCouncil,
            Form::Slash { year_first: true, .. } => Organ::EconomicAndSocialCouncil,
            _ => Organ::GeneralAssembly,
        },
    };
    // A bare number is a Security Council resolution only when the Council is meant.
    if matches!(form, Form::Bare(_)) && (cue == Cue::None || kind == Kind::Decision) {
        return None;
    }
    let resolution = kind == Kind::Resolution;
    let symbol = match (organ, form, resolution) {
        (Organ::GeneralAssembly, Form::Slash { number, .. } | Form::Session(number), true) => format!("A/RES/{number}"),
        (Organ::GeneralAssembly, Form::Roman(number), true) => format!("A/RES/{number}"),
        (Organ::GeneralAssembly, Form::Slash { number, .. }, false) => {
            return Some((number.to_string(), Kind::Decision));
        }
        (Organ::SecurityCouncil, Form::Year(number) | Form::Bare(number), true) => format!("S/RES/{number}"),
        (Organ::EconomicAndSocialCouncil, Form::Slash { number, year_first: true } | Form::Roman(number), true) => {
            format!("E/RES/{number}")
        }
        (Organ::HumanRightsCouncil, Form::Slash { number, .. } | Form::Session(number), true) => {
            format!("A/HRC/RES/{number}")
        }
        (Organ::HumanRightsCouncil, Form::Slash { number, .. } | Form::Session(number), false) => {
            return Some((format!("A/HRC/DEC/{number}"), Kind::Document));
        }
        _ => return None,
    };
    Some((symbol, Kind::Resolution))
}

/// The shape of a cited number, normalised (no spaces, no lettered part).
#[derive(Debug, Clone, Copy)]
enum Form<'a> {
    /// `75/240`, `1996/31`.
    Slash { number: &'a str, year_first: bool },
    /// `ES-11/1`, `S-33/1`.
    Session(&'a str),
    /// `2334(2016)`.
    Year(&'a str),
    /// `2758(XXVI)`.
    Roman(&'a str),
    /// `1325`.
    Bare(&'a str),
}

impl Form<'_> {
    fn of(compact: &str) -> Form<'_> {
        if let Some(open) = compact.find('(') {
            let year = compact[open + 1..].starts_with(|c: char| c.is_ascii_digit());
            return if year { Form::Year(compact) } else { Form::Roman(compact) };
        }
        if compact.contains("S-") {
            return Form::Session(compact);
        }
        let Some((first, _)) = compact.split_once('/') else { return Form::Bare(compact) };
        let year_first = first.len() == 4;
        Form::Slash { number: compact.trim_end_matches(|c: char| c.is_uppercase()), year_first }
    }
}
