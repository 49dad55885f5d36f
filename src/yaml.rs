//! The one place that touches the YAML library.
//!
//! `serde_yaml` is deprecated upstream; keeping every call behind this module means a
//! maintained fork can replace it by editing this file alone. Callers get plain values and
//! [`YamlError`]s with 1-based line and column, never the library's own types.

use serde::de::DeserializeOwned;

/// A YAML problem at a 1-based line and column of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses `text` into `T`, reporting where it went wrong.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        YamlError { line, column, message: clean_message(&e.to_string()) }
    })
}

/// Top-level keys of a block mapping with the line each starts on (1-based), in order.
///
/// YAML parsers do not keep positions in their values, so unknown keys are found here, by the
/// simple fact that a top-level key of a block mapping starts in column 1.
pub fn top_level_keys(text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let first = line.chars().next();
        if matches!(first, None | Some(' ' | '\t' | '#' | '-' | '{' | '[')) || line.starts_with("---") {
            continue;
        }
        let Some(colon) = line.find(':') else { continue };
        let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
        let after = &line[colon + 1..];
        if !key.is_empty() && (after.is_empty() || after.starts_with([' ', '\t'])) {
            keys.push((key.to_string(), i + 1));
        }
    }
    keys
}

/// The first top-level key that appears a second time, with the line of the second one:
/// YAML forbids it, and the parser reports it where the mapping starts, not where it is.
pub fn duplicate_key(text: &str) -> Option<(String, usize)> {
    let keys = top_level_keys(text);
    keys.iter()
        .enumerate()
        .find(|(i, (k, _))| keys[..*i].iter().any(|(p, _)| p == k))
        .map(|(_, (k, l))| (k.clone(), *l))
}

/// serde_yaml appends " at line L column C" to its messages; we print the location ourselves.
/// It also names the Rust type it wanted (`expected struct Raw`), which means nothing to the
/// person who wrote the file: that becomes what the file should hold.
fn clean_message(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let internal = static_regex!(r"expected struct [A-Za-z_]+");
    internal.replace_all(message, "expected `key: value` lines").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct T {
        title: String,
        n: u32,
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = parse::<T>("title: a\nn: many\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("invalid type"), "{}", err.message);
        assert!(!err.message.contains("at line"), "{}", err.message);
    }

    #[test]
    fn messages_name_no_rust_type() {
        let err = parse::<T>("just a line\n").unwrap_err();
        assert!(!err.message.contains("struct"), "{}", err.message);
        assert!(err.message.contains("expected `key: value` lines"), "{}", err.message);
    }

    #[test]
    fn finds_top_level_keys_with_lines() {
        let keys = top_level_keys("title: x\n# c\nextra:\n  inner: 1\n\"date\": 2\nurl: http://a\n");
        let names: Vec<_> = keys.iter().map(|(k, l)| format!("{k}@{l}")).collect();
        assert_eq!(names, ["title@1", "extra@3", "date@5", "url@6"]);
    }
}
