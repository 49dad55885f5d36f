//! The output directory `serve` keeps up to date, and what it holds.
//!
//! Two promises shape this file. A reader is never shown a half-built site: rendered pages
//! wait, as [`LiveOutput::stage`]d differences or in a shadow directory, until the rebuild
//! that made them has no error, and each file then replaces its predecessor by a rename,
//! so a request sees the old bytes or the new ones. And a file whose bytes did not change
//! is not written at all: the directory keeps a hash of every file it holds, so the reader's
//! other pages, and the tools that watch the output, are left alone.
//!
//! The first publish, and any after the directory's state became unknown, goes through
//! [`Output`] exactly like `build`: a fresh directory swapped in whole, behind the same
//! guard ([`crate::write::check_target`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Diagnostic, Error, Result, Severity};
use crate::render::Page;
use crate::write::Output;

/// A page's fingerprint: its length and a 64-bit hash of its bytes.
pub type Fingerprint = (usize, u64);

pub fn fingerprint(bytes: &[u8]) -> Fingerprint {
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    (bytes.len(), h.finish())
}

/// The live output directory.
#[derive(Debug)]
pub struct LiveOutput {
    /// Held while `serve` runs: no build may swap the folder under it.
    _lock: crate::write::OutputLock,
    root: PathBuf,
    target: PathBuf,
    /// The fingerprint of every file in `target`, by path inside it; `None` until the first
    /// publish, or when a failed write left the directory in a state we do not know.
    published: Option<HashMap<String, Fingerprint>>,
    /// What the rebuilds since the last publish changed: new bytes, or `None` to delete.
    pending: BTreeMap<String, Option<Vec<u8>>>,
}

impl LiveOutput {
    /// The output `target` of the site at `root`; checked with the guard `build` uses.
    pub fn new(target: &Path, root: &Path) -> Result<LiveOutput> {
        let lock = crate::write::lock(target, root)?;
        crate::write::recover(target)?;
        crate::write::check_target(target, root)?;
        Ok(LiveOutput {
            _lock: lock,
            root: root.to_path_buf(),
            target: target.to_path_buf(),
            published: None,
            pending: BTreeMap::new(),
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Whether only a full render can bring the directory up to date: nothing was published
    /// yet, or the directory is not what was published (someone removed it).
    pub fn needs_full(&mut self) -> bool {
        if self.published.is_some() && !self.target.join(crate::write::MARKER).is_file() {
            self.published = None;
        }
        self.published.is_none()
    }

    /// Records a rendered page of an incremental rebuild.
    pub fn stage(&mut self, page: Page) {
        let fp = fingerprint(&page.bytes);
        if self.published.as_ref().and_then(|p| p.get(&page.path)) == Some(&fp) {
            self.pending.remove(&page.path);
        } else {
            self.pending.insert(page.path, Some(page.bytes));
        }
    }

    /// Records that a page is no longer part of the site.
    pub fn remove(&mut self, path: &str) {
        if self.published.as_ref().is_some_and(|p| p.contains_key(path)) {
            self.pending.insert(path.to_string(), None);
        } else {
            self.pending.remove(path);
        }
    }

    /// Writes what was staged; returns the paths that changed.
    pub fn flush(&mut self) -> std::result::Result<Vec<String>, Diagnostic> {
        let Some(published) = self.published.as_mut() else { return Ok(Vec::new()) };
        let pending = std::mem::take(&mut self.pending);
        let mut changed = Vec::with_capacity(pending.len());
        for (path, bytes) in pending {
            let result = match &bytes {
                Some(b) => replace_file(&self.target, &path, b),
                None => remove_file(&self.target, &path),
            };
            if let Err(e) = result {
                // The directory is now partly updated: only a full publish can be trusted.
                self.published = None;
                return Err(Diagnostic::file(Severity::Error, &self.target.join(&path), e.to_string()));
            }
            match bytes {
                Some(b) => {
                    published.insert(path.clone(), fingerprint(&b));
                }
                None => {
                    published.remove(&path);
                }
            }
            changed.push(path);
        }
        Ok(changed)
    }

    /// Starts a full render: every page goes through [`FullPublish::put`].
    pub fn begin_full(&mut self) -> Result<FullPublish> {
        self.pending.clear();
        let staging = match &self.published {
            None => Staging::Swap(Output::prepare(&self.target, &self.root)?),
            Some(_) => {
                let dir = shadow_dir(&self.target);
                if dir.exists() {
                    std::fs::remove_dir_all(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
                }
                std::fs::create_dir_all(&dir).map_err(|source| Error::Io { path: dir.clone(), source })?;
                // Marked as ours, so a build after a killed `serve` may remove it.
                crate::write::write_file(&dir, crate::write::MARKER, b"")?;
                Staging::Shadow(dir)
            }
        };
        Ok(FullPublish { staging, published: self.published.clone(), produced: Mutex::new(HashMap::new()) })
    }

    /// Publishes a full render; returns the paths that changed.
    pub fn commit_full(&mut self, full: FullPublish) -> std::result::Result<Vec<String>, Diagnostic> {
        let produced = full.produced.into_inner().unwrap_or_default();
        let io = |path: &Path, e: &dyn std::fmt::Display| Diagnostic::file(Severity::Error, path, e.to_string());
        let changed = match (full.staging, &self.published) {
            (Staging::Swap(output), _) => {
                output.commit().map_err(|e| io(&self.target, &e))?;
                let mut all: Vec<String> = produced.keys().cloned().collect();
                all.sort();
                all
            }
            (Staging::Shadow(dir), Some(published)) => {
                let mut changed = BTreeSet::new();
                let mut failure = None;
                for (path, fp) in &produced {
                    if published.get(path) != Some(fp) {
                        if let Err(e) = move_into(&dir, &self.target, path) {
                            failure = Some(io(&self.target.join(path), &e));
                            break;
                        }
                        changed.insert(path.clone());
                    }
                }
                if failure.is_none() {
                    for path in published.keys().filter(|p| !produced.contains_key(*p)) {
                        if let Err(e) = remove_file(&self.target, path) {
                            failure = Some(io(&self.target.join(path), &e));
                            break;
                        }
                        changed.insert(path.clone());
                    }
                }
                let _ = std::fs::remove_dir_all(&dir);
                if let Some(d) = failure {
                    self.published = None;
                    return Err(d);
                }
                changed.into_iter().collect()
            }
            (Staging::Shadow(dir), None) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(io(&self.target, &"the output directory changed during the rebuild"));
            }
        };
        self.published = Some(produced);
        Ok(changed)
    }

    /// Drops a full render that had errors; the directory keeps serving what it had.
    pub fn abort_full(&mut self, full: FullPublish) {
        match full.staging {
            Staging::Swap(output) => output.abort(),
            Staging::Shadow(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }
}

/// A full render in progress.
#[derive(Debug)]
pub struct FullPublish {
    staging: Staging,
    published: Option<HashMap<String, Fingerprint>>,
    produced: Mutex<HashMap<String, Fingerprint>>,
}

#[derive(Debug)]
enum Staging {
    /// Nothing is known of the target: write every page into a fresh directory, as `build`.
    Swap(Output),
    /// Write only the pages that differ from the target into a directory beside it.
    Shadow(PathBuf),
}

impl FullPublish {
    /// Takes one page of the full render; called from many threads at once.
    pub fn put(&self, page: Page) -> std::result::Result<(), Diagnostic> {
        let fp = fingerprint(&page.bytes);
        let unchanged = self.published.as_ref().and_then(|p| p.get(&page.path)) == Some(&fp);
        let result = match &self.staging {
            Staging::Swap(output) => output.write(&page.path, &page.bytes),
            Staging::Shadow(_) if unchanged => Ok(()),
            Staging::Shadow(dir) => crate::write::write_file(dir, &page.path, &page.bytes),
        };
        result.map_err(|e| Diagnostic::file(Severity::Error, Path::new(&page.path), e.to_string()))?;
        if let Ok(mut p) = self.produced.lock() {
            p.insert(page.path, fp);
        }
        Ok(())
    }
}

fn shadow_dir(target: &Path) -> PathBuf {
    crate::staging::path(target, crate::staging::Kind::Tmp)
}

/// `dir/rel` with `rel`'s `/` separators; `rel` comes from the renderer, never from a request.
fn inside(dir: &Path, rel: &str) -> PathBuf {
    rel.split('/').filter(|p| !p.is_empty()).fold(dir.to_path_buf(), |p, part| p.join(part))
}

/// Replaces `target/rel` by `bytes` through a rename, so readers never see a partial file.
pub(super) fn replace_file(target: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = inside(target, rel);
    let parent = path.parent().unwrap_or(target);
    std::fs::create_dir_all(parent)?;
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    // A dot name: the server never serves it, the loader of a site never reads it.
    let tmp = parent.join(format!(".{name}.rapporteur-tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn move_into(from: &Path, target: &Path, rel: &str) -> std::io::Result<()> {
    let dest = inside(target, rel);
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::rename(inside(from, rel), dest)
}

/// Removes `target/rel` and the folders it leaves empty, up to `target`.
pub(super) fn remove_file(target: &Path, rel: &str) -> std::io::Result<()> {
    let path = inside(target, rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == target || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    fn read(dir: &Path, rel: &str) -> Option<String> {
        std::fs::read_to_string(dir.join(rel)).ok()
    }

    #[test]
    fn publishes_only_differences_and_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        let mut out = LiveOutput::new(&target, dir.path()).unwrap();
        assert!(out.needs_full());

        // First publish: a whole directory, as `build` writes it.
        let full = out.begin_full().unwrap();
        full.put(page("a/index.html", "A")).unwrap();
        full.put(page("b/index.html", "B")).unwrap();
        let mut changed = out.commit_full(full).unwrap();
        changed.sort();
        assert_eq!(changed, ["a/index.html", "b/index.html"]);
        assert!(target.join(crate::write::MARKER).is_file());

        // Staged pages reach the disk at `flush` only; unchanged ones not at all.
        let inode = |rel: &str| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(target.join(rel)).unwrap());
        let b_inode = inode("b/index.html");
        out.stage(page("a/index.html", "A2"));
        out.stage(page("b/index.html", "B"));
        out.remove("c/index.html");
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("A"));
        assert_eq!(out.flush().unwrap(), ["a/index.html"]);
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("A2"));
        assert_eq!(inode("b/index.html"), b_inode);

        // A page staged, then rendered back to what is published, is no change.
        out.stage(page("a/index.html", "A3"));
        out.stage(page("a/index.html", "A2"));
        assert!(out.flush().unwrap().is_empty());

        // A later full render writes what differs and removes what is gone, with its folder.
        let full = out.begin_full().unwrap();
        full.put(page("a/index.html", "A2")).unwrap();
        full.put(page("d/index.html", "D")).unwrap();
        let mut changed = out.commit_full(full).unwrap();
        changed.sort();
        assert_eq!(changed, ["b/index.html", "d/index.html"]);
        assert!(!target.join("b").exists());
        assert_eq!(read(&target, "d/index.html").as_deref(), Some("D"));

        // An aborted full render changes nothing.
        let full = out.begin_full().unwrap();
        full.put(page("a/index.html", "broken")).unwrap();
        out.abort_full(full);
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("A2"));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
        assert!(leftovers.contains(&"site".into()) && leftovers.contains(&".site.rapporteur-lock".into()));
    }

    #[test]
    fn refuses_a_target_that_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("mine")).unwrap();
        std::fs::write(dir.path().join("mine/keep.txt"), "x").unwrap();
        assert!(LiveOutput::new(&dir.path().join("mine"), dir.path()).is_err());
        assert!(LiveOutput::new(&dir.path().join("content"), dir.path()).is_err());
    }
}
