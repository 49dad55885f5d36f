//! Site configuration: `site.yaml` at the site root, optional.
//!
//! Without the file a site has Chinese (default) and English, the `un` theme and base URL `/`.
//! A language given by its code alone gets the usual facts for that UN language (its own name,
//! BCP 47 tag, script direction, undocs.org segment); each can be overridden.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, Severity};
use crate::yaml;

/// The whole site configuration, defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub base_url: String,
    pub theme: String,
    /// In order; the first is the default language.
    pub languages: Vec<Language>,
    pub symbols: SymbolConfig,
    /// Whether reports in several languages get side-by-side pages (`side_by_side: false`
    /// turns them off; they are about a quarter of a large build's time).
    pub side_by_side: bool,
    /// Whether the build writes a search index and search pages (`search: true`). Off
    /// unless asked for: the index costs a large site many times the rest of its build.
    pub search: bool,
    /// The largest source file read, in megabytes (`max_source_size_mb`, default 50):
    /// rendering holds a file several times over, so one huge file could exhaust memory.
    pub max_source_size_mb: u64,
    /// Whether raw HTML and every link scheme in Markdown reach the page as written
    /// (`unsafe_html: true`); by default they are sanitised ([`crate::markdown::sanitize`]).
    pub unsafe_html: bool,
    /// Text that marks a page as unfinished (`placeholders`): `check` warns where it appears.
    pub placeholders: Vec<String>,
    /// Whether the HTML pages link each other by relative paths ending in `index.html`
    /// (`relative_urls: true`, or `build --relative-urls`), so that the output works when
    /// opened from disk (`file://`).
    pub relative_urls: bool,
}

/// The default of `placeholders`: what drafters and translators leave for later.
pub const DEFAULT_PLACEHOLDERS: [&str; 5] = ["TODO", "TBD", "[待补]", "（来源文本缺失）", "XXX"];

/// The default of `max_source_size_mb`.
pub const DEFAULT_MAX_SOURCE_SIZE_MB: u64 = 50;

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The code used in file names and URLs: `zh`, `en`, `fr`, `es`, `ru`, `ar`.
    pub code: String,
    /// The language's name in itself, for the language switcher.
    pub name: String,
    /// The `lang` attribute of its pages (`zh-Hans`).
    pub html_lang: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    /// The language segment of undocs.org links (`zh`; the United Nations' PDFs use `ch`).
    pub undocs: String,
    /// Site title in this language; `None` takes the theme's `site_title` string.
    pub title: Option<String>,
}

/// Configuration of the symbol recogniser.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SymbolConfig {
    /// Series recognised in addition to `A/`, `S/`, `E/`, `ST/` (e.g. `CRC/C/`).
    pub series: Vec<String>,
    /// URL template for decisions, with `{number}` (e.g. `77/512`) and `{lang}`; decisions
    /// are not linked without one, as they have no document symbol of their own.
    pub decision_url: Option<String>,
}

impl Config {
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The base URL's path, always ending with `/` (`/` or `/drafts/`).
    pub fn base_path(&self) -> String {
        let path = match self.base_url.find("://") {
            Some(i) => {
                let rest = &self.base_url[i + 3..];
                rest.find('/').map_or("/", |j| &rest[j..])
            }
            None => self.base_url.as_str(),
        };
        let path = path.trim_end_matches('/');
        if path.starts_with('/') { format!("{path}/") } else { format!("/{path}/").replace("//", "/") }
    }

    /// Reads `site.yaml` in `root` if it exists; every problem is a located diagnostic.
    pub fn load(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = root.join("site.yaml");
        // A named pipe would block the read for ever.
        if let Ok(meta) = std::fs::metadata(&path)
            && !meta.is_file()
        {
            let kind = crate::write::special_kind(&meta);
            return Err(vec![
                Diagnostic::file(Severity::Error, &path, format!("site.yaml is {kind}, not a regular file"))
                    .with_help("replace it with a regular file, or remove it to use the defaults"),
            ]);
        }
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&path, &text),
                Err(_) => Err(vec![Diagnostic::file(Severity::Error, &path, "site.yaml is not valid UTF-8")]),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Config::default(), Vec::new())),
            Err(e) => Err(vec![Diagnostic::file(Severity::Error, &path, format!("cannot read site.yaml: {e}"))]),
        }
    }

    /// Parses the text of `site.yaml` (named `path` in diagnostics).
    pub fn parse(path: &Path, text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text_no_bom.trim().is_empty() {
            return Ok((Config::default(), Vec::new()));
        }
        if let Some((key, line)) = yaml::duplicate_key(text_no_bom) {
            return Err(vec![
                Diagnostic::at_line_column(
                    Severity::Error,
                    path,
                    text_no_bom,
                    line,
                    1,
                    format!("`{key}` is given twice"),
                )
                .with_help("keep one line for each key"),
            ]);
        }
        let raw: RawConfig = yaml::parse(text_no_bom).map_err(|e| {
            vec![
                Diagnostic::at_line_column(Severity::Error, path, text_no_bom, e.line, e.column, e.message)
                    .with_help("see the README's section on site.yaml for the keys and their types"),
            ]
        })?;
        let mut errors = Vec::new();
        let mut languages = Vec::new();
        for raw_lang in raw.languages.unwrap_or_else(default_language_list) {
            let RawLanguage { code, name, html_lang, dir, undocs, title } = raw_lang;
            let known = known_language(&code);
            if known.is_none() && (name.is_none() || html_lang.is_none()) {
                errors.push(config_error(
                    path,
                    text_no_bom,
                    "code",
                    &code,
                    0,
                    format!("language `{code}` is not one of the six UN languages, so it needs `name` and `html_lang`"),
                ));
                continue;
            }
            let (k_name, k_tag, k_dir) = known.unwrap_or(("", "", "ltr"));
            let dir = dir.unwrap_or_else(|| k_dir.to_string());
            if dir != "ltr" && dir != "rtl" {
                errors.push(config_error(
                    path,
                    text_no_bom,
                    "dir",
                    &dir,
                    0,
                    format!("`dir` must be `ltr` or `rtl`, not `{dir}`"),
                ));
            }
            if languages.iter().any(|l: &Language| l.code == code) {
                errors.push(config_error(
                    path,
                    text_no_bom,
                    "code",
                    &code,
                    1,
                    format!("language `{code}` is listed twice"),
                ));
            }
            languages.push(Language {
                name: name.unwrap_or_else(|| k_name.to_string()),
                html_lang: html_lang.unwrap_or_else(|| k_tag.to_string()),
                dir,
                undocs: undocs.unwrap_or_else(|| code.clone()),
                title,
                code,
            });
        }
        if languages.is_empty() && errors.is_empty() {
            errors.push(Diagnostic::file(
                Severity::Error,
                path,
                "`languages` is empty: a site needs at least one language",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let symbols = raw.symbols.unwrap_or_default();
        if let Some(url) = &symbols.decision_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(vec![
                config_error(
                    path,
                    text_no_bom,
                    "decision_url",
                    url,
                    0,
                    format!("`decision_url` must be an http or https URL, not `{url}`"),
                )
                .with_help("e.g. `decision_url: https://example.org/decisions/{number}?lang={lang}`"),
            ]);
        }
        Ok((
            Config {
                base_url: raw.base_url.unwrap_or_else(|| "/".to_string()),
                theme: raw.theme.unwrap_or_else(|| "un".to_string()),
                languages,
                symbols: SymbolConfig { series: symbols.series, decision_url: symbols.decision_url },
                side_by_side: raw.side_by_side.unwrap_or(true),
                search: raw.search.unwrap_or(false),
                max_source_size_mb: raw.max_source_size_mb.unwrap_or(DEFAULT_MAX_SOURCE_SIZE_MB),
                unsafe_html: raw.unsafe_html.unwrap_or(false),
                placeholders: raw
                    .placeholders
                    .unwrap_or_else(|| DEFAULT_PLACEHOLDERS.map(String::from).to_vec())
                    .into_iter()
                    .filter(|p| !p.trim().is_empty())
                    .collect(),
                relative_urls: raw.relative_urls.unwrap_or(false),
            },
            Vec::new(),
        ))
    }
}

impl Default for Config {
    fn default() -> Self {
        let languages = default_language_list()
            .into_iter()
            .filter_map(|l| {
                let (name, tag, dir) = known_language(&l.code)?;
                Some(Language {
                    undocs: l.code.clone(),
                    code: l.code,
                    name: name.to_string(),
                    html_lang: tag.to_string(),
                    dir: dir.to_string(),
                    title: None,
                })
            })
            .collect();
        Config {
            base_url: "/".into(),
            theme: "un".into(),
            languages,
            symbols: SymbolConfig::default(),
            side_by_side: true,
            search: false,
            max_source_size_mb: DEFAULT_MAX_SOURCE_SIZE_MB,
            unsafe_html: false,
            placeholders: DEFAULT_PLACEHOLDERS.map(String::from).to_vec(),
            relative_urls: false,
        }
    }
}

/// Facts about the six official languages: own name, BCP 47 tag, direction.
pub fn known_language(code: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match code {
        "zh" => ("中文", "zh-Hans", "ltr"),
        "en" => ("English", "en", "ltr"),
        "fr" => ("Français", "fr", "ltr"),
        "es" => ("Español", "es", "ltr"),
        "ru" => ("Русский", "ru", "ltr"),
        "ar" => ("العربية", "ar", "rtl"),
        _ => return None,
    })
}

fn default_language_list() -> Vec<RawLanguage> {
    ["zh", "en"].map(|code| RawLanguage { code: code.into(), ..RawLanguage::default() }).into()
}

/// Points at the `nth` (0-based) value `value` of a `key: value` line of the file (how a
/// language code or direction is written), or at the top of the file.
fn config_error(path: &Path, text: &str, key: &str, value: &str, nth: usize, message: String) -> Diagnostic {
    let found = text
        .lines()
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line))
        })
        .filter_map(|(start, line)| {
            let body = line.trim_start().trim_start_matches("- ");
            let rest = body.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let v = rest.trim().trim_matches(|c| c == '"' || c == '\'');
            (v == value).then(|| start + line.len() - rest.trim_start().len())
        })
        .nth(nth);
    match found {
        Some(i) => Diagnostic::at(Severity::Error, path, text, i..i + value.len().max(1), message),
        None => Diagnostic::file(Severity::Error, path, message),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: Option<String>,
    theme: Option<String>,
    languages: Option<Vec<RawLanguage>>,
    symbols: Option<RawSymbols>,
    side_by_side: Option<bool>,
    search: Option<bool>,
    max_source_size_mb: Option<u64>,
    unsafe_html: Option<bool>,
    placeholders: Option<Vec<String>>,
    relative_urls: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: Option<String>,
    html_lang: Option<String>,
    dir: Option<String>,
    undocs: Option<String>,
    title: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSymbols {
    #[serde(default)]
    series: Vec<String>,
    decision_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("site.yaml"), text).map(|(c, _)| c)
    }

    #[test]
    fn defaults_are_chinese_and_english() {
        let c = parse("").unwrap();
        let codes: Vec<_> =
            c.languages.iter().map(|l| (l.code.as_str(), l.html_lang.as_str(), l.undocs.as_str())).collect();
        assert_eq!(codes, [("zh", "zh-Hans", "zh"), ("en", "en", "en")]);
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn arabic_is_right_to_left_and_undocs_segment_is_configurable() {
        let c = parse("languages:\n  - code: zh\n    undocs: ch\n  - code: ar\n").unwrap();
        assert_eq!(c.languages[0].undocs, "ch");
        assert_eq!(c.languages[1].dir, "rtl");
    }

    #[test]
    fn unknown_keys_are_reported_with_their_line() {
        let errs = parse("base_url: /\nlanguges:\n  - code: zh\n").unwrap_err();
        let out = errs[0].render();
        assert!(out.contains("site.yaml:2:1"), "{out}");
        assert!(out.contains("unknown field `languges`"), "{out}");
    }

    #[test]
    fn language_problems_point_at_the_code() {
        let errs = parse("languages:\n  - code: de\n").unwrap_err();
        assert!(errs[0].render().contains("site.yaml:2:11"), "{}", errs[0].render());
        let errs = parse("languages:\n  - code: zh\n  - code: en\n  - code: zh\n").unwrap_err();
        assert!(errs[0].render().contains("site.yaml:4:11"), "{}", errs[0].render());
    }

    #[test]
    fn base_path_comes_from_the_url() {
        let c = Config { base_url: "https://example.org/drafts".into(), ..Config::default() };
        assert_eq!(c.base_path(), "/drafts/");
    }
}
