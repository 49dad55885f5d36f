//! The theme: Tera templates, static files and UI strings.
//!
//! The default theme `un` is compiled into the binary, so a folder holding only `content/`
//! builds. A site overrides it file by file: `templates/<name>` and `static/<name>` at the
//! site root win over `themes/<theme>/…`, which win over the built-in files. UI strings come
//! from `i18n/<lang>.yaml` through the template function `t(key=…)`; a key missing in a
//! language falls back to the default language and is reported once as a warning.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::error::{Diagnostic, Severity};

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// Where a theme file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

/// A loaded theme, ready to render.
pub struct Theme {
    pub tera: tera::Tera,
    pub i18n: Arc<I18n>,
    /// Files under `static/`, by path inside it.
    pub statics: BTreeMap<String, (Origin, Vec<u8>)>,
    /// Where each template came from and its text, for error messages.
    pub template_origins: HashMap<String, Origin>,
    template_sources: HashMap<String, String>,
    /// Makes the slot markers of [`Theme::render_page`] unguessable by content.
    nonce: u64,
    /// The [`SLOTS`] that every template only prints or tests, and so can be spliced.
    spliceable: Vec<&'static str>,
}

/// The large HTML values of the context that [`Theme::render_page`] may splice.
pub const SLOTS: [&str; 4] = ["content", "footnotes", "rows_html", "entries_html"];

/// UI strings per language.
#[derive(Debug, Default)]
pub struct I18n {
    strings: HashMap<String, HashMap<String, String>>,
    default_lang: String,
    missing: Mutex<BTreeSet<(String, String)>>,
}

impl I18n {
    /// The string `key` in `lang`, falling back to the default language, then to the key.
    pub fn get(&self, lang: &str, key: &str) -> String {
        if let Some(s) = self.strings.get(lang).and_then(|m| m.get(key)) {
            return s.clone();
        }
        if let Ok(mut missing) = self.missing.lock() {
            missing.insert((lang.to_string(), key.to_string()));
        }
        self.strings.get(&self.default_lang).and_then(|m| m.get(key)).cloned().unwrap_or_else(|| key.to_string())
    }

    /// The string `key` in `lang` if the theme has it, without fallback or warning.
    pub fn lookup(&self, lang: &str, key: &str) -> Option<String> {
        self.strings.get(lang).and_then(|m| m.get(key)).cloned()
    }

    /// Warnings for every key that was asked for and missing, once each.
    pub fn take_missing(&self) -> Vec<Diagnostic> {
        let missing = self.missing.lock().map(|mut m| std::mem::take(&mut *m)).unwrap_or_default();
        missing
            .into_iter()
            .map(|(lang, key)| {
                Diagnostic::file(
                    Severity::Warning,
                    Path::new(&format!("i18n/{lang}.yaml")),
                    format!("UI string `{key}` is missing in `{lang}`; the default language's text is used"),
                )
                .with_help(format!("add `{key}: …` to the theme's i18n/{lang}.yaml"))
            })
            .collect()
    }
}

/// `value` as a quoted CSS string (the `css_string` filter, for `content:` in a `<style>`):
/// every character but ASCII letters, digits and spaces is a hex escape, so nothing in it
/// can end the string, the rule or the `<style>` element.
pub fn css_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// The templates a theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "home.html",
    "section.html",
    "report.html",
    "fallback.html",
    "parallel.html",
    "compare.html",
    "documents.html",
    "search.html",
    "404.html",
    "root.html",
    "sitemap.xml",
    "atom.xml",
];

impl Theme {
    /// Loads the theme named in `config` for the site at `root`.
    pub fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let theme_dir = root.join("themes").join(&config.theme);
        let mut files: BTreeMap<String, (Origin, Vec<u8>)> = BTreeMap::new();
        if config.theme == "un" {
            for (path, bytes) in EMBEDDED {
                files.insert((*path).to_string(), (Origin::BuiltIn, bytes.to_vec()));
            }
        } else if !theme_dir.is_dir() {
            return Err(vec![
                Diagnostic::file(
                    Severity::Error,
                    &root.join("site.yaml"),
                    format!("theme `{}` not found: there is no folder {}", config.theme, theme_dir.display()),
                )
                .with_help("create the theme folder, or remove `theme:` from site.yaml to use the built-in `un` theme"),
            ]);
        }
        let mut errors = Vec::new();
        let policy = crate::source::Policy::new(root, config);
        overlay(&policy, &theme_dir, "", &mut files, &mut errors);
        overlay(&policy, &root.join("templates"), "templates", &mut files, &mut errors);
        overlay(&policy, &root.join("static"), "static", &mut files, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }

        let mut i18n = I18n { default_lang: config.default_language().code.clone(), ..I18n::default() };
        let mut templates = Vec::new();
        let mut statics = BTreeMap::new();
        let mut template_origins = HashMap::new();
        let mut invalid = Vec::new();
        for (path, (origin, bytes)) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        template_origins.insert(name.to_string(), origin);
                        templates.push((name.to_string(), text));
                    }
                    Err(_) => {
                        // It exists, so it is not also reported as missing below.
                        invalid.push(name.to_string());
                        errors.push(
                            Diagnostic::file(
                                Severity::Error,
                                &origin_path(&origin, &path),
                                "template is not valid UTF-8",
                            )
                            .with_help("save the template as UTF-8"),
                        )
                    }
                }
            } else if let Some(name) = path.strip_prefix("static/") {
                statics.insert(name.to_string(), (origin, bytes));
            } else if let Some(lang) = path.strip_prefix("i18n/").and_then(|p| p.strip_suffix(".yaml")) {
                let file = origin_path(&origin, &path);
                let text = String::from_utf8_lossy(&bytes);
                match crate::yaml::parse::<HashMap<String, String>>(&text) {
                    Ok(map) => {
                        i18n.strings.insert(lang.to_string(), map);
                    }
                    Err(e) => errors.push(
                        Diagnostic::at_line_column(Severity::Error, &file, &text, e.line, e.column, e.message)
                            .with_help("i18n files are flat YAML maps of `key: text`"),
                    ),
                }
            }
        }
        for name in REQUIRED_TEMPLATES {
            if !templates.iter().any(|(n, _)| n == name) && !invalid.iter().any(|n| n == name) {
                errors.push(
                    Diagnostic::file(
                        Severity::Error,
                        &theme_dir.join("templates").join(name),
                        format!("the theme has no template `{name}`"),
                    )
                    .with_help(
                        "every theme needs the templates listed in the README (base, home, section, report, fallback, parallel, compare, documents, search, 404, root, sitemap.xml, atom.xml)",
                    ),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let i18n = Arc::new(i18n);
        let mut tera = tera::Tera::new();
        let strings = Arc::clone(&i18n);
        tera.register_function("t", move |kwargs: tera::Kwargs, state: &tera::State| -> tera::TeraResult<String> {
            let key = kwargs.must_get::<&str>("key")?;
            // `lang=` gives a string in another language than the page's (a column's).
            let lang = match kwargs.get::<String>("lang")? {
                Some(lang) => lang,
                None => state.get::<String>("lang")?.unwrap_or_default(),
            };
            Ok(strings.get(&lang, key))
        });
        tera.register_filter("css_string", |value: &str, _: tera::Kwargs, _: &tera::State| css_string(value));
        let sources: HashMap<String, String> = templates.iter().cloned().collect();
        if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            return Err(vec![template_error(&e, &template_origins, &sources, root)]);
        }
        let nonce = {
            use std::hash::{BuildHasher, Hasher};
            std::collections::hash_map::RandomState::new().build_hasher().finish()
        };
        let spliceable = SLOTS.into_iter().filter(|name| only_printed(name, sources.values())).collect();
        Ok(Theme { tera, i18n, statics, template_origins, template_sources: sources, nonce, spliceable })
    }

    /// Renders `template` with `context`; a failure becomes a located diagnostic.
    pub fn render(&self, template: &str, context: &tera::Context, root: &Path) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(&e, &self.template_origins, &self.template_sources, root))
    }

    /// Renders a page whose `slots` are large HTML values the template prints as they are (a
    /// report's body, the side-by-side rows): the template is rendered with a marker in each
    /// slot and the HTML is spliced in afterwards, so the bulk of a page is copied once
    /// rather than through the template engine's value, buffer and UTF-8 check. A template
    /// that prints a slot other than exactly once, or through a filter, is rendered again
    /// the plain way, so the result is always what Tera would give.
    pub fn render_page(
        &self,
        template: &str,
        mut context: tera::Context,
        slots: &[(&'static str, &str)],
        root: &Path,
    ) -> Result<Vec<u8>, Diagnostic> {
        let error = |e: tera::Error| template_error(&e, &self.template_origins, &self.template_sources, root);
        // An empty slot is given as it is, so that `{% if footnotes %}` still sees it empty.
        let (marked, plain): (Vec<_>, Vec<_>) =
            slots.iter().copied().partition(|(name, html)| !html.is_empty() && self.spliceable.contains(name));
        for (name, html) in &plain {
            context.insert_value(*name, tera::Value::safe_string(html));
        }
        let markers: Vec<String> =
            marked.iter().map(|(name, _)| format!("\u{FDD0}{name}-{:016x}\u{FDD0}", self.nonce)).collect();
        for ((name, _), marker) in marked.iter().zip(&markers) {
            context.insert_value(*name, tera::Value::safe_string(marker));
        }
        let mut shell = Vec::with_capacity(16 * 1024);
        self.tera.render_to(template, &context, &mut shell).map_err(error)?;
        if let Some(page) = splice(&shell, &marked, &markers) {
            return Ok(page);
        }
        for (name, html) in &marked {
            context.insert_value(*name, tera::Value::safe_string(html));
        }
        let mut page = Vec::with_capacity(shell.len() + slots.iter().map(|(_, h)| h.len()).sum::<usize>());
        self.tera.render_to(template, &context, &mut page).map_err(error)?;
        Ok(page)
    }
}

/// Whether every tag of `sources` that uses the variable `name` prints it (`{{ content }}`,
/// `{{ content | safe }}`) or tests it (`{% if footnotes %}`): only then does a marker in
/// its place render as the value would.
fn only_printed<'a>(name: &str, sources: impl Iterator<Item = &'a String>) -> bool {
    // A template tag, and a string literal inside one.
    let tags = static_regex!(r"(?s)\{\{.*?\}\}|\{%.*?%\}");
    let strings = static_regex!(r#""[^"]*"|'[^']*'|`[^`]*`"#);
    // The name is a fixed slot name; a pattern that fails (it cannot) means "not spliceable".
    let Ok(allowed) = regex::Regex::new(&format!(
        r"^(?:\{{\{{-?\s*{name}\s*(?:\|\s*safe\s*)?-?\}}\}}|\{{%-?\s*(?:el)?if\s+(?:not\s+)?{name}\s*-?%\}})$"
    )) else {
        return false;
    };
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let uses = |tag: &str| {
        let tag = strings.replace_all(tag, "\"\"");
        tag.match_indices(name).any(|(at, _)| {
            let before = tag[..at].chars().next_back();
            let after = tag[at + name.len()..].chars().next();
            !before.is_some_and(|c| is_word(c) || c == '.') && !after.is_some_and(is_word)
        })
    };
    let names_a_block = |tag: &str| {
        let inner = tag.trim_start_matches(['{', '%', '-']).trim_start();
        inner.starts_with("block ") || inner.starts_with("endblock")
    };
    sources.into_iter().all(|source| {
        tags.find_iter(source)
            .map(|m| m.as_str())
            .filter(|tag| uses(tag) && !names_a_block(tag))
            .all(|tag| allowed.is_match(tag))
    })
}

/// `shell` with each marker replaced by its slot's HTML, if each marker occurs exactly once.
fn splice(shell: &[u8], slots: &[(&'static str, &str)], markers: &[String]) -> Option<Vec<u8>> {
    let mut places = Vec::with_capacity(slots.len());
    for ((_, html), marker) in slots.iter().zip(markers) {
        let at = memchr::memmem::find(shell, marker.as_bytes())?;
        if memchr::memmem::find(&shell[at + marker.len()..], marker.as_bytes()).is_some() {
            return None;
        }
        places.push((at, marker.len(), *html));
    }
    places.sort_unstable_by_key(|p| p.0);
    let mut page = Vec::with_capacity(shell.len() + places.iter().map(|p| p.2.len()).sum::<usize>());
    let mut copied = 0;
    for (at, len, html) in places {
        page.extend_from_slice(&shell[copied..at]);
        page.extend_from_slice(html.as_bytes());
        copied = at + len;
    }
    page.extend_from_slice(&shell[copied..]);
    Some(page)
}

/// Adds the files under `dir` to `files` as `<prefix>/<relative path>`, replacing built-ins.
/// A theme file that cannot be admitted ([`crate::source`]) is an error: a theme has no
/// place for warnings, and a link out of the site in it is a mistake to fix, not skip.
fn overlay(
    policy: &crate::source::Policy,
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, (Origin, Vec<u8>)>,
    errors: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    let (found, refused) = policy.walk(dir, |e| {
        errors.push(Diagnostic::file(Severity::Error, e.path().unwrap_or(dir), format!("cannot read the theme: {e}")));
    });
    for r in refused {
        let mut d = r.into_diagnostic();
        d.severity = Severity::Error;
        d.message = d.message.replace(": skipped", "");
        errors.push(d);
    }
    for path in found {
        let Ok(rel) = path.strip_prefix(dir) else { continue };
        if !crate::content::is_source(rel) {
            continue;
        }
        let rel = rel.to_string_lossy().replace('\\', "/");
        let key = if prefix.is_empty() { rel } else { format!("{prefix}/{rel}") };
        match std::fs::read(&path) {
            Ok(bytes) => {
                files.insert(key, (Origin::File(path), bytes));
            }
            Err(e) => errors.push(Diagnostic::file(Severity::Error, &path, format!("cannot read the theme file: {e}"))),
        }
    }
}

fn origin_path(origin: &Origin, rel: &str) -> PathBuf {
    match origin {
        Origin::File(p) => p.clone(),
        Origin::BuiltIn => PathBuf::from(format!("<built-in theme un>/{rel}")),
    }
}

/// A Tera error as a diagnostic pointing into the template file.
fn template_error(
    e: &tera::Error,
    origins: &HashMap<String, Origin>,
    sources: &HashMap<String, String>,
    root: &Path,
) -> Diagnostic {
    use std::error::Error as _;
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = match report {
        Some(r) => format!("template error: {}", r.message()),
        None => format!("template error: {}", e.kind()),
    };
    let mut cause = e.source();
    while let Some(c) = cause {
        message.push_str(&format!(": {c}"));
        cause = c.source();
    }
    let help = "fix the template, or delete the site's copy to fall back to the built-in one";
    // Validation errors (unknown filter, function, include) arrive as text that Tera already
    // formatted, `error: …` then `--> name:line:col`: take the first one apart.
    let (name, line, column) = match (report, e.kind()) {
        (Some(r), _) => (r.filename().to_string(), r.span().start_line, r.span().start_col + 1),
        (None, tera::ErrorKind::MissingParent { current, parent }) => {
            message = format!("template error: `{current}` extends `{parent}`, which does not exist");
            let line = sources
                .get(current)
                .and_then(|t| t.lines().position(|l| l.contains("extends") && l.contains(parent.as_str())))
                .map_or(1, |i| i + 1);
            (current.clone(), line, 1)
        }
        // A loop is located at the statement that closes it, in the file that holds it.
        (None, tera::ErrorKind::CircularInclude { tpl, include_chain: chain })
        | (None, tera::ErrorKind::CircularExtend { tpl, inheritance_chain: chain }) => {
            let (word, what) = if matches!(e.kind(), tera::ErrorKind::CircularInclude { .. }) {
                ("include", "an include")
            } else {
                ("extends", "an extends")
            };
            let closing = chain.len().checked_sub(2).and_then(|i| chain.get(i)).unwrap_or(tpl).clone();
            message = format!("template error: {what} loop: {}", chain.join(" → "));
            let (line, column) = sources
                .get(&closing)
                .and_then(|t| {
                    let (i, l) = t.lines().enumerate().find(|(_, l)| l.contains(word) && l.contains(tpl.as_str()))?;
                    Some((i + 1, l[..l.find(word)?].chars().count() + 1))
                })
                .unwrap_or((1, 1));
            (closing, line, column)
        }
        (None, _) => match parse_tera_location(&message) {
            Some((first_message, name, line, column)) => {
                message = format!("template error: {first_message}");
                (name, line, column)
            }
            None => return Diagnostic::file(Severity::Error, &root.join("templates"), message).with_help(help),
        },
    };
    let path =
        origins.get(&name).map_or_else(|| PathBuf::from(&name), |o| origin_path(o, &format!("templates/{name}")));
    let text = sources.get(&name).cloned().or_else(|| std::fs::read_to_string(&path).ok());
    match text {
        Some(text) => Diagnostic::at_line_column(Severity::Error, &path, &text, line, column, message).with_help(help),
        None => {
            let mut d = Diagnostic::file(Severity::Error, &path, message).with_help(help);
            if let Some(loc) = d.location.as_mut() {
                loc.line = line;
                loc.column = column;
            }
            d
        }
    }
}

/// The first `error: message` and its `--> name:line:col` in a report Tera formatted itself.
fn parse_tera_location(text: &str) -> Option<(String, String, usize, usize)> {
    let first = text.lines().find_map(|l| l.trim().rsplit_once("error: ").map(|(_, m)| m.to_string()))?;
    let arrow = text.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = arrow.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.to_string();
    Some((first, name, line, column))
}

#[cfg(test)]
mod tests {
    use super::{EMBEDDED, SLOTS, css_string, only_printed, splice};

    #[test]
    fn css_strings_escape_all_but_letters_digits_and_spaces() {
        assert_eq!(css_string("A/77/275"), r#""A\2f 77\2f 275""#);
        assert_eq!(css_string("x\"</style>"), r#""x\22 \3c \2f style\3e ""#);
    }

    fn sources(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_slot_is_spliced_only_where_templates_print_or_test_it() {
        let plain = sources(&[
            "{{ t(key=\"footnotes\") }}{% block content %}<meta content=\"x\">{{ content | safe }}{%- if footnotes %}{{footnotes}}{% endif %}{% endblock content %}",
            "{{ home.content | safe }}{% if not content -%}",
        ]);
        assert!(only_printed("content", plain.iter()));
        assert!(only_printed("footnotes", plain.iter()));
        for used in
            ["{{ content | length }}", "{% set c = content %}", "{{ m::x(c=content) }}", "{% if content and x %}"]
        {
            assert!(!only_printed("content", sources(&["{{ content }}", used]).iter()), "{used}");
        }
    }

    #[test]
    fn the_built_in_theme_lets_every_slot_be_spliced() {
        let templates: Vec<String> = EMBEDDED
            .iter()
            .filter(|(path, _)| path.starts_with("templates/"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect();
        for slot in SLOTS {
            assert!(only_printed(slot, templates.iter()), "{slot}");
        }
    }

    #[test]
    fn splice_needs_each_marker_exactly_once() {
        let markers = vec!["<M1>".to_string(), "<M2>".to_string()];
        let slots = [("a", "AAA"), ("b", "B")];
        assert_eq!(splice(b"x<M2>y<M1>z", &slots, &markers).unwrap(), b"xByAAAz");
        assert!(splice(b"x<M1>y", &slots, &markers).is_none());
        assert!(splice(b"<M1><M2><M1>", &slots, &markers).is_none());
    }
}
