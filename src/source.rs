//! Which files of a site are read: the walk over `content/`, `themes/<name>/`, `templates/`
//! and `static/`.
//!
//! Whatever the site folder holds may end up published, so the walk follows a symbolic link
//! only when its target stays inside the site root (or the folder walked, itself perhaps a
//! link): a link to `/etc/passwd` dropped into `content/` or `static/` is skipped and
//! reported. Only regular files are read: a named pipe would block the build for ever, a
//! device would never end. And a file above the size limit is refused before it is read:
//! rendering holds a file's text several times over, so a 1 GB file needs ten.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Diagnostic, Severity};

/// What the walk admits.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The site root, links resolved.
    root: PathBuf,
    /// The largest source file read, in bytes.
    max_bytes: u64,
    max_mb: u64,
}

/// One problem with an entry of the walk.
pub enum Refused {
    /// Skipped with a warning (a link out of the site, a special file).
    Skipped(Diagnostic),
    /// An error (a file too large).
    Error(Diagnostic),
}

impl Refused {
    pub fn into_diagnostic(self) -> Diagnostic {
        match self {
            Refused::Skipped(d) | Refused::Error(d) => d,
        }
    }
}

impl Policy {
    pub fn new(root: &Path, config: &Config) -> Policy {
        Policy {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            max_bytes: config.max_source_size_mb.saturating_mul(1024 * 1024),
            max_mb: config.max_source_size_mb,
        }
    }

    /// Whether `path` (found under `dir`) may be read; `Ok(false)` for a folder.
    pub fn admit(&self, path: &Path, dir: &Path) -> Result<bool, Refused> {
        let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if link {
            let target = path.canonicalize().unwrap_or_default();
            let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            if target.as_os_str().is_empty() || !(target.starts_with(&self.root) || target.starts_with(&dir)) {
                let to = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
                return Err(Refused::Skipped(
                    Diagnostic::file(
                        Severity::Warning,
                        path,
                        format!("symbolic link to `{to}`, outside the site folder: skipped"),
                    )
                    .with_help("copy the file into the site folder, or link to a place inside it"),
                ));
            }
        }
        let meta = std::fs::metadata(path)
            .map_err(|e| Refused::Error(Diagnostic::file(Severity::Error, path, format!("cannot read: {e}"))))?;
        if meta.is_dir() {
            return Ok(false);
        }
        if !meta.is_file() {
            return Err(Refused::Skipped(
                Diagnostic::file(
                    Severity::Warning,
                    path,
                    format!("{}, not a regular file: skipped", crate::write::special_kind(&meta)),
                )
                .with_help("only regular files are read; remove it or move it out of the site folder"),
            ));
        }
        if meta.len() > self.max_bytes {
            return Err(Refused::Error(
                Diagnostic::file(
                    Severity::Error,
                    path,
                    format!(
                        "the file is {:.1} MB, more than the limit of {} MB for a source file",
                        meta.len() as f64 / (1024.0 * 1024.0),
                        self.max_mb
                    ),
                )
                .with_help("split it into several files, or raise `max_source_size_mb` in site.yaml"),
            ));
        }
        Ok(true)
    }

    /// The regular files under `dir` that may be read, in file-name order, and what was
    /// refused. `on_error` gets the walk's own errors (unreadable folders, link loops).
    pub fn walk(&self, dir: &Path, mut on_error: impl FnMut(walkdir::Error)) -> (Vec<PathBuf>, Vec<Refused>) {
        let mut refused = Vec::new();
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
        let mut skipped = Vec::new();
        let walk = walk.filter_entry(|e| {
            // The folder walked may itself be a link: that is the user's choice of folder.
            if e.depth() == 0 {
                return true;
            }
            // Hidden and editor files are never sources (an emacs lock is a dangling link).
            if crate::content::is_hidden_name(&e.file_name().to_string_lossy()) {
                return false;
            }
            if !e.path_is_symlink() {
                return true;
            }
            match self.admit(e.path(), dir) {
                Err(r @ Refused::Skipped(_)) => {
                    skipped.push(r);
                    false
                }
                _ => true,
            }
        });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => match self.admit(e.path(), dir) {
                    Ok(true) => files.push(e.into_path()),
                    Ok(false) => {}
                    Err(r) => refused.push(r),
                },
                Err(e) => on_error(e),
            }
        }
        refused.append(&mut skipped);
        (files, refused)
    }
}

/// Why `dir` is not a folder one can read, when it exists in some form: a link loop, a
/// link to nothing, a file. `None` when nothing is there.
pub fn not_a_folder(dir: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(dir).ok()?;
    if meta.file_type().is_symlink() {
        let to = std::fs::read_link(dir).map(|t| t.display().to_string()).unwrap_or_default();
        return Some(match std::fs::metadata(dir) {
            Err(e) if e.raw_os_error() == loop_errno() => {
                format!("`{}` is a symbolic link loop (to `{to}`, which leads back to itself)", name(dir))
            }
            Err(_) => format!("`{}` is a symbolic link to `{to}`, which does not exist", name(dir)),
            Ok(m) if m.is_dir() => return None,
            Ok(m) => format!("`{}` links to {}, not a folder", name(dir), crate::write::special_kind(&m)),
        });
    }
    (!meta.is_dir()).then(|| format!("`{}` is {}, not a folder", name(dir), crate::write::special_kind(&meta)))
}

fn name(dir: &Path) -> String {
    dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn loop_errno() -> Option<i32> {
    #[cfg(unix)]
    {
        Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        None
    }
}
