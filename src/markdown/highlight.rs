//! Fenced code blocks highlighted with syntect, as CSS classes.
//!
//! Classes rather than inline colours, so the theme's `syntax.css` decides the palette and the
//! HTML stays small. syntect's syntax definitions take tens of milliseconds to load, so they
//! are loaded on the first code block of the whole run and never for a site without code.

use std::cell::Cell;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::{Spanned, escape};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Replaces each code block by its highlighted HTML; notes on `has_code` that there was one.
pub fn code_blocks<'a, 'c>(
    events: impl Iterator<Item = Spanned<'a>> + 'c,
    has_code: &'c Cell<bool>,
) -> impl Iterator<Item = Spanned<'a>> + 'c
where
    'a: 'c,
{
    let mut events = events;
    std::iter::from_fn(move || {
        let (event, range) = events.next()?;
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            return Some((event, range));
        };
        let mut code = String::new();
        for (e, _) in events.by_ref() {
            match e {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        let lang = match &kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or_default().to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        has_code.set(true);
        Some((Event::Html(CowStr::from(highlight(&code, &lang))), range))
    })
}

/// `<pre class="code"><code class="language-x">…</code></pre>`, highlighted when syntect
/// knows the language.
pub fn highlight(code: &str, lang: &str) -> String {
    let class = if lang.is_empty() { String::new() } else { format!(r#" class="language-{}""#, escape(lang)) };
    let body = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten()
        .and_then(|syntax| {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, ClassStyle::Spaced);
            for line in LinesWithEndings::from(code) {
                generator.parse_html_for_line_which_includes_newline(line).ok()?;
            }
            Some(generator.finalize())
        })
        .unwrap_or_else(|| escape(code));
    format!("<pre class=\"code\"><code{class}>{body}</code></pre>\n")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::render;

    #[test]
    fn known_languages_get_classes_and_unknown_ones_are_escaped() {
        // Cases: Rust highlighted; an unknown language escaped; no language at all.
        let md =
            "```rust\nfn main() { let x = \"<b>\"; }\n```\n\n```klingon\n<tlhIngan>\n```\n\n    indented & plain\n";
        insta::assert_snapshot!(render(md));
    }
}
