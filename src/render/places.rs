//! How a reader cites a place on a page, in the reader's language: `第 15 (a) 段`,
//! `序言部分第 5 段`, `脚注 3`, `附件，第 7 段`; `para. 15 (a)`, `PP 5`, `note 3`,
//! `annex, para. 7`. Built from the place's id and the page's headings, never showing the id.

use crate::markdown::Place;

/// The words of place labels in one language, from the theme's i18n files.
pub(super) struct PlaceLabels {
    /// `第 {n} 段` / `para. {n}`.
    pub paragraph: String,
    /// `脚注 {n}` / `note {n}`.
    pub footnote: String,
    /// `序言部分第 {n} 段` / `PP {n}`.
    pub preambular: String,
    /// `未编号第 {n} 段` / `unnumbered para. {n}`.
    pub block: String,
    /// `附件，{label}` / `annex, {label}`.
    pub annex: String,
    /// `{scope}，{label}` / `{scope}, {label}`: under a heading.
    pub scoped: String,
    /// A place with an id of the author's own, which says nothing to a reader.
    pub passage: String,
}

impl PlaceLabels {
    pub(super) fn new(t: impl Fn(&str) -> String) -> PlaceLabels {
        PlaceLabels {
            paragraph: t("paragraph_label"),
            footnote: t("footnote_label"),
            preambular: t("preambular_short"),
            block: t("block_label"),
            annex: t("annex_label"),
            scoped: t("scoped_label"),
            passage: t("passage_label"),
        }
    }

    /// The label of `place` on a page with `headings` (`(id, text)` of each heading).
    pub(super) fn label(&self, place: &Place, headings: &[(String, String)]) -> String {
        if let Some(mark) = &place.note {
            return self.footnote.replace("{n}", mark);
        }
        let id = place.id.as_str();
        let heading = |h: &str| headings.iter().find(|(i, _)| i == h).map(|(_, t)| short(t));
        if let Some(n) = crate::markdown::preambular_number(id) {
            return self.preambular.replace("{n}", n);
        }
        if let Some(text) = heading(id) {
            return text;
        }
        let positional = id.rsplit_once("-p-").or_else(|| id.strip_prefix("p-").map(|n| ("", n)));
        if let Some((scope, n)) = positional.filter(|(_, n)| is_number(n)) {
            return self.scoped(scope, self.block.replace("{n}", n), headings);
        }
        if let Some((scope, para)) = id.split_once("para-").filter(|(s, _)| s.is_empty() || s.ends_with('-')) {
            let mut parts = para.split('-');
            let mut n = parts.next().unwrap_or_default().to_string();
            for sub in parts {
                n.push_str(&format!(" ({sub})"));
            }
            return self.scoped(scope.trim_end_matches('-'), self.paragraph.replace("{n}", &n), headings);
        }
        // A sub-paragraph hanging from a heading: `armenia-a`, `armenia-2-a-i`.
        let parent = headings
            .iter()
            .filter(|(h, _)| id.len() > h.len() + 1 && id.starts_with(h.as_str()) && id.as_bytes()[h.len()] == b'-')
            .max_by_key(|(h, _)| h.len());
        if let Some((h, _)) = parent {
            let subs: Vec<String> =
                id[h.len() + 1..].split('-').filter(|s| !is_number(s)).map(|s| format!("({s})")).collect();
            return self.scoped(h, self.paragraph.replace("{n}", &subs.join(" ")), headings);
        }
        self.passage.clone()
    }

    fn scoped(&self, scope: &str, label: String, headings: &[(String, String)]) -> String {
        if scope.is_empty() {
            return label;
        }
        if scope == "annex" {
            return self.annex.replace("{label}", &label);
        }
        match headings.iter().find(|(i, _)| i == scope) {
            Some((_, text)) => self.scoped.replace("{scope}", &short(text)).replace("{label}", &label),
            None => label,
        }
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A heading's text, cut at 40 characters.
fn short(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(39).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(zh: bool) -> PlaceLabels {
        let s = |a: &str, b: &str| String::from(if zh { a } else { b });
        PlaceLabels {
            paragraph: s("第 {n} 段", "para. {n}"),
            footnote: s("脚注 {n}", "note {n}"),
            preambular: s("序言部分第 {n} 段", "PP {n}"),
            block: s("未编号第 {n} 段", "unnumbered para. {n}"),
            annex: s("附件，{label}", "annex, {label}"),
            scoped: s("{scope}，{label}", "{scope}, {label}"),
            passage: s("段落", "passage"),
        }
    }

    #[test]
    fn every_kind_of_place() {
        let headings = vec![
            ("annex".to_string(), "Annex".to_string()),
            ("australia".to_string(), "澳大利亚".to_string()),
            ("sec-ii".to_string(), "II. Organizational matters".to_string()),
        ];
        let place = |id: &str| Place { id: id.to_string(), note: None };
        let (zh, en) = (labels(true), labels(false));
        assert_eq!(zh.label(&place("para-15-a"), &headings), "第 15 (a) 段");
        assert_eq!(en.label(&place("para-15-a"), &headings), "para. 15 (a)");
        assert_eq!(zh.label(&place("pp-5"), &headings), "序言部分第 5 段");
        assert_eq!(en.label(&place("pp-5"), &headings), "PP 5");
        assert_eq!(zh.label(&Place { id: "fn-3".into(), note: Some("3".into()) }, &headings), "脚注 3");
        assert_eq!(zh.label(&place("annex-para-7"), &headings), "附件，第 7 段");
        assert_eq!(en.label(&place("annex-para-7"), &headings), "annex, para. 7");
        assert_eq!(zh.label(&place("australia-p-2"), &headings), "澳大利亚，未编号第 2 段");
        assert_eq!(zh.label(&place("australia-a"), &headings), "澳大利亚，第 (a) 段");
        assert_eq!(en.label(&place("sec-ii"), &headings), "II. Organizational matters");
        assert_eq!(en.label(&place("my-own-id"), &headings), "passage");
        assert_eq!(en.label(&place("p-1"), &headings), "unnumbered para. 1");
    }
}
