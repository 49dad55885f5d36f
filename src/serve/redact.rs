//! What the browser is told about errors, without the machine's folders.
//!
//! The terminal shows diagnostics as `build` prints them. The overlay and
//! `/__rapporteur/status` show the same text, but anything served can be read by a page
//! that should not know where the drafts live, so paths are shown relative to the site
//! root (the output's as `<output>/…`) and any other mention of the root, the output, the
//! working directory or the home directory is cut out.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The folders to keep out of served text, longest first, with what replaces each.
#[derive(Debug, Clone, Default)]
pub struct Redact {
    prefixes: Vec<(PathBuf, &'static str)>,
}

impl Redact {
    pub fn new(root: &Path, output: &Path) -> Redact {
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut prefixes = Vec::new();
        let mut add = |p: &Path, with: &'static str| {
            for p in [cwd.join(p), p.canonicalize().unwrap_or_else(|_| cwd.join(p))] {
                if p.is_absolute() && p.parent().is_some() {
                    prefixes.push((p, with));
                }
            }
        };
        add(output, "<output>");
        add(root, "");
        add(&cwd, "");
        if let Some(home) = std::env::var_os("HOME") {
            add(Path::new(&home), "~");
        }
        prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.as_os_str().len()));
        Redact { prefixes }
    }

    /// The errors of `diags`, rendered as in the terminal, with the folders cut out.
    pub fn errors(&self, diags: &[Diagnostic]) -> String {
        let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
        let shown: Vec<String> = crate::error::shown(&errors)
            .into_iter()
            .map(|item| match item {
                crate::error::Shown::Diagnostic(d) => {
                    let mut d = d.clone();
                    if let Some(loc) = &mut d.location {
                        loc.file = self.path(&loc.file);
                    }
                    d.render()
                }
                crate::error::Shown::More(line) => line,
            })
            .collect();
        self.text(&shown.join("\n\n"))
    }

    fn path(&self, file: &Path) -> PathBuf {
        for (prefix, with) in &self.prefixes {
            if let Ok(rel) = file.strip_prefix(prefix) {
                return if with.is_empty() { rel.to_path_buf() } else { Path::new(with).join(rel) };
            }
        }
        file.to_path_buf()
    }

    fn text(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (prefix, with) in &self.prefixes {
            let p = prefix.to_string_lossy();
            text = text.replace(&format!("{p}/"), &if with.is_empty() { String::new() } else { format!("{with}/") });
            text = text.replace(p.as_ref(), if with.is_empty() { "." } else { with });
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Severity;

    #[test]
    fn served_errors_carry_no_absolute_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("drafts");
        let out = dir.path().join("out");
        let r = Redact::new(&root, &out);
        let diags = [
            Diagnostic::file(Severity::Error, &root.join("content/a.md"), "bad"),
            Diagnostic::file(
                Severity::Error,
                &out.join("zh/index.html"),
                format!("{}: Too many open files", out.join("zh").display()),
            ),
            Diagnostic::file(Severity::Warning, &root.join("w.md"), "only a warning"),
        ];
        let text = r.errors(&diags);
        assert!(text.contains("content/a.md:1:1"), "{text}");
        assert!(text.contains("<output>/zh/index.html"), "{text}");
        assert!(!text.contains(&dir.path().display().to_string()), "{text}");
        assert!(!text.contains("only a warning"), "{text}");
    }
}
