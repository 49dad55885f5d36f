//! Which files are sources: the one rule the loader, the theme and the watcher share, so
//! that `build` and `serve` never disagree about a file.

use std::path::Path;

/// Whether rapporteur reads the file at `rel` (a path inside `content/`, a theme, or the
/// site's `templates/` and `static/`): not when a part of the path is hidden (`.git/`,
/// `.DS_Store`) or an editor's leftover (`#…#`, `…~`), nor when the file is one an editor
/// writes beside the one being edited ([`is_editor_temp`]).
pub fn is_source(rel: &Path) -> bool {
    if rel.iter().any(|p| p.to_str().is_some_and(is_hidden_name)) {
        return false;
    }
    !rel.file_name().and_then(|n| n.to_str()).is_some_and(is_editor_temp)
}

/// A name no part of a source's path may have: hidden (`.git`, `.DS_Store`) or an editor's
/// leftover (`#…#`, `…~`). The walk of a folder skips such entries without going into them.
pub(crate) fn is_hidden_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

/// Files that editors write beside the one being edited, never content or theme.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    // vim: swap files (.swp, .swo … .swx), and the `4913` (then 5036, 5159 …) file it
    // creates and deletes to probe whether a folder is writable.
    let vim_swap = name.rsplit_once('.').is_some_and(|(_, ext)| ext.len() == 3 && ext.starts_with("sw"));
    let vim_probe = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
    // vim, emacs, gedit and others: backup copies end with `~`.
    let backup = name.ends_with('~');
    // emacs: `#file#` while auto-saving, `.#file` as a lock (also hidden, caught earlier).
    let emacs = (name.starts_with('#') && name.ends_with('#')) || name.starts_with(".#");
    // JetBrains "safe write": `file___jb_tmp___` is written and renamed over `file`, the old
    // copy kept as `file___jb_old___` until then.
    let jetbrains = name.ends_with("___jb_tmp___") || name.ends_with("___jb_old___") || name.ends_with("___jb_bak___");
    // Generic temporary and backup suffixes (helix writes `.bck`, many tools `.tmp`), and
    // kate's swap file.
    let suffix = [".tmp", ".bck", ".bak", ".kate-swp", ".crswap"].iter().any(|s| name.ends_with(s));
    vim_swap || vim_probe || backup || emacs || jetbrains || suffix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_leftovers() {
        for rel in ["reports/a/index.zh.md", "reports/2023/index.zh.md", "reports/a/chart.svg", "style.css"] {
            assert!(is_source(Path::new(rel)), "{rel}");
        }
        for rel in [
            ".git/config",
            "reports/.hidden/index.zh.md",
            "reports/a/index.zh.md~",
            "reports/a/#index.zh.md#",
            "reports/a/index.zh.md.bak",
            "reports/a/.index.zh.md.swp",
            "reports/a/4913",
            "reports/a/index.zh.md___jb_tmp___",
        ] {
            assert!(!is_source(Path::new(rel)), "{rel}");
        }
    }

    #[test]
    fn editor_temp_names() {
        for name in [
            ".index.zh.md.swp",
            "index.zh.md.swx",
            "4913",
            "5036",
            "index.zh.md~",
            "#index.zh.md#",
            ".#index.zh.md",
            "index.zh.md___jb_tmp___",
            "index.zh.md___jb_old___",
            "index.zh.md.bck",
            "x.tmp",
            "index.md.kate-swp",
        ] {
            assert!(is_editor_temp(name), "{name}");
        }
        for name in ["index.zh.md", "_index.md", "chart.png", "2024.md", "swap.md", "report.html"] {
            assert!(!is_editor_temp(name), "{name}");
        }
    }
}
