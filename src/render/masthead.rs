//! The masthead's distribution block as the United Nations prints each language version:
//! in one language throughout (English on the Chinese, Russian and Arabic versions, the
//! version's own language on the others, as the theme's `masthead_language` string says),
//! with the version's language line (`Chinese` above `Original: English`) on a translation.

use super::Renderer;
use super::views::MastheadView;
use crate::content::FrontMatter;

impl Renderer<'_> {
    /// The block of the version in `text_lang` described by `meta`.
    pub(super) fn masthead(&self, meta: &FrontMatter, text_lang: &str) -> MastheadView {
        let i18n = &self.theme.i18n;
        let block = i18n.lookup(text_lang, "masthead_language").unwrap_or_else(|| text_lang.to_string());
        // A block language the theme has no strings for would mix languages again.
        let block = if i18n.lookup(&block, "distribution").is_some() { block } else { text_lang.to_string() };
        let t = |key: &str| i18n.get(&block, key);
        let html_lang = self
            .config()
            .language(&block)
            .map(|l| l.html_lang.clone())
            .or_else(|| crate::config::known_language(&block).map(|(_, tag, _)| tag.to_string()))
            .unwrap_or_else(|| block.clone());
        let original = meta.original.as_deref();
        MastheadView {
            distribution: meta.distribution.as_ref().map(|d| format!("{}{d}", t("distribution"))),
            date: meta.date.map(|d| self.format_date(d, &block)),
            language: original
                .filter(|o| *o != text_lang)
                .map(|_| capitalised(&t(&format!("language_name_{text_lang}")))),
            original: original.map(|o| format!("{}{}", t("original_language"), t(&format!("language_name_{o}")))),
            lang: html_lang,
        }
    }
}

/// `français` → `Français`: the language line starts with a capital in every version.
fn capitalised(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
