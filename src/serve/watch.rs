//! Watching the site's sources: which file events matter, and when a burst of them is over.
//!
//! notify-debouncer-full delivers events in batches, each event held back [`DEBOUNCE`] and
//! paired across renames. Two rules sit on top of it, both plain functions:
//!
//! - [`reduce`] turns a batch into [`Changes`]: what kind of rebuild it asks for and which
//!   content files it touched. It keeps deletions and both ends of a rename (a file whose
//!   path is gone is the change, not noise), ignores reads, and drops the files editors
//!   write beside the real one ([`crate::content::is_source`]).
//! - [`next_burst`] waits for a batch, then keeps taking batches until none has come for
//!   [`QUIET`], or [`QUIET_BULK`] once several files changed ([`quiet_after`]): the
//!   debouncer holds back each path on its own, so a search-and-replace over 200 files
//!   arrives as a stream of small batches, which must become one rebuild.
//!
//! A save therefore waits `DEBOUNCE + QUIET` plus up to one [`TICK`] (about 3 ms) before its
//! rebuild starts: short enough that the page is back before a reader looks up from the
//! editor, long enough to span the gaps between the writes of one editor save or one
//! scripted replace (microseconds apart) and between the debouncer's batches (one tick).
//! The cost is the debouncer's thread waking every tick while `serve` runs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::EventKind;
use notify_debouncer_full::notify::{self, Event, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

/// How long the debouncer holds an event back, to pair renames and merge duplicates.
pub const DEBOUNCE: Duration = Duration::from_millis(1);
/// How often the debouncer looks for events that are due.
pub const TICK: Duration = Duration::from_micros(500);
/// A burst is over when no batch has come for this long: three ticks of the debouncer, so
/// the batches of one burst, a tick apart, stay together.
pub const QUIET: Duration = Duration::from_micros(1500);
/// Once a burst touches several files it is a replace, a checkout or a copy, not a save:
/// nobody waits on it key by key, and a writer paused by a busy machine must not split it.
pub const QUIET_BULK: Duration = Duration::from_millis(50);
/// A burst that never pauses is cut after this long, so the preview does not freeze.
pub const MAX_BURST: Duration = Duration::from_secs(2);

/// The folders of a site whose files are sources, besides `content/`.
pub const THEME_DIRS: [&str; 3] = ["themes", "templates", "static"];

/// What a burst of file events asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// `site.yaml` changed: load everything again.
    pub config: bool,
    /// A template, static file or UI string changed: reload the theme, render everything.
    pub theme: bool,
    /// The watcher lost events (or reported an error): trust nothing, load everything.
    pub rescan: bool,
    /// Paths under `content/` that were created, written, removed, or renamed (both ends).
    pub content: BTreeSet<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.config && !self.theme && !self.rescan && self.content.is_empty()
    }

    pub fn merge(&mut self, other: Changes) {
        self.config |= other.config;
        self.theme |= other.theme;
        self.rescan |= other.rescan;
        self.content.extend(other.content);
    }
}

/// Where a path sits in a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Config,
    Theme,
    Content,
}

/// Reduces a batch of events of the site at `root` to the changes that matter.
pub fn reduce<'a>(root: &Path, events: impl IntoIterator<Item = &'a Event>) -> Changes {
    let mut changes = Changes::default();
    for event in events {
        if event.need_rescan() {
            changes.rescan = true;
            continue;
        }
        // Opening, reading and closing a file change nothing; rendering reads every content
        // file, so counting reads would rebuild forever. Everything else counts, a change of
        // metadata too (`touch` is how people ask for a rebuild).
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        // A rename of one path carries both ends; every other kind carries the paths it
        // touched. Each end counts: the old path's page must go, the new one's must come.
        for path in &event.paths {
            match source(root, path) {
                Some(Source::Config) => changes.config = true,
                Some(Source::Theme) => changes.theme = true,
                Some(Source::Content) => {
                    changes.content.insert(path.clone());
                }
                None => {}
            }
        }
    }
    changes
}

/// The part of the site `path` belongs to, or `None` for anything rapporteur never reads
/// (the output folder, editor leftovers, hidden files, other files at the root).
fn source(root: &Path, path: &Path) -> Option<Source> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.iter();
    let first = parts.next()?.to_str()?;
    let rest: Vec<&std::ffi::OsStr> = parts.collect();
    if !crate::content::is_source(rel) {
        return None;
    }
    match first {
        "site.yaml" | "documents.yaml" if rest.is_empty() => Some(Source::Config),
        "content" => Some(Source::Content),
        d if THEME_DIRS.contains(&d) => Some(Source::Theme),
        _ => None,
    }
}

/// A batch as the debouncer hands it over.
pub type Batch = DebounceEventResult;

/// How long to wait for more once `changes` came: a single file's save is waited on.
pub fn quiet_after(changes: &Changes) -> Duration {
    if changes.content.len() > 1 { QUIET_BULK } else { QUIET }
}

/// A burst, reduced.
#[derive(Debug, Default)]
pub struct Burst {
    pub changes: Changes,
    /// Watcher errors, to print.
    pub errors: Vec<String>,
    /// When the first event that is not a read happened: what "after the save" counts from.
    pub first: Option<Instant>,
}

impl Burst {
    /// Adds a batch. Events name absolute paths under `watched` (the root as watched);
    /// content paths are kept under `root` (the root as the user named it, which
    /// diagnostics show). Watcher errors (a lost inotify queue, a vanished folder) ask for
    /// a full reload.
    pub fn add(&mut self, watched: &Path, root: &Path, batch: &Batch) {
        match batch {
            Ok(events) => {
                let mut changes = reduce(watched, events.iter().map(|e| &e.event));
                changes.content = changes
                    .content
                    .into_iter()
                    .map(|p| p.strip_prefix(watched).map_or_else(|_| p.clone(), |rel| root.join(rel)))
                    .collect();
                self.changes.merge(changes);
                let writes = events.iter().filter(|e| !matches!(e.kind, EventKind::Access(_)));
                self.first = writes.map(|e| e.time).chain(self.first).min();
            }
            Err(errs) => {
                self.changes.rescan = true;
                self.errors.extend(errs.iter().map(ToString::to_string));
            }
        }
    }
}

/// Waits for the next batch, then takes every batch that follows within
/// [`quiet_after`]`(changes so far)` of the previous one, for at most `max`; each batch is
/// reduced as it comes. `None` once the watcher is gone. (`serve` waits with a limit,
/// [`next_burst_within`], to notice a deleted output; the tests wait for good.)
#[cfg(test)]
pub fn next_burst(rx: &Receiver<Batch>, watched: &Path, root: &Path, max: Duration) -> Option<Burst> {
    let first = rx.recv().ok()?;
    Some(burst_from(first, rx, watched, root, max))
}

/// What came while waiting at most a given time.
#[derive(Debug)]
pub enum Waited {
    Burst(Burst),
    /// Nothing within the time.
    Quiet,
    /// The watcher is gone.
    Gone,
}

/// [`next_burst`], but waiting at most `wait` for the first batch.
pub fn next_burst_within(rx: &Receiver<Batch>, watched: &Path, root: &Path, max: Duration, wait: Duration) -> Waited {
    match rx.recv_timeout(wait) {
        Ok(first) => Waited::Burst(burst_from(first, rx, watched, root, max)),
        Err(RecvTimeoutError::Timeout) => Waited::Quiet,
        Err(RecvTimeoutError::Disconnected) => Waited::Gone,
    }
}

fn burst_from(first: Batch, rx: &Receiver<Batch>, watched: &Path, root: &Path, max: Duration) -> Burst {
    let mut burst = Burst::default();
    burst.add(watched, root, &first);
    let start = Instant::now();
    loop {
        let left = max.saturating_sub(start.elapsed());
        if left.is_zero() {
            return burst;
        }
        match rx.recv_timeout(quiet_after(&burst.changes).min(left)) {
            Ok(b) => burst.add(watched, root, &b),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return burst,
        }
    }
}

/// notify's recommended watcher with reads dropped at the source. inotify reports every
/// open of a watched file, and rendering opens every content file: left in, a full build of
/// thousands of reports would queue as many events in the debouncer, which scans its whole
/// queue on every tick.
pub struct IgnoreReads(notify::RecommendedWatcher);

impl notify::Watcher for IgnoreReads {
    fn new<F: notify::EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let inner = notify::RecommendedWatcher::new(
            move |event: notify::Result<Event>| {
                if !matches!(&event, Ok(e) if matches!(e.kind, EventKind::Access(_))) {
                    handler.handle_event(event);
                }
            },
            config,
        )?;
        Ok(IgnoreReads(inner))
    }

    fn watch(&mut self, path: &Path, recursive_mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, recursive_mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.0.configure(option)
    }

    fn kind() -> notify::WatcherKind {
        notify::RecommendedWatcher::kind()
    }
}

/// The file watcher of a site: `site.yaml` (through the root, watched alone, which also
/// sees folders come and go), `content/` and the theme folders, each recursively.
pub struct Watcher {
    /// The site's root, absolute and with links resolved: the paths events carry.
    root: PathBuf,
    debouncer: Debouncer<IgnoreReads, RecommendedCache>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching `root`; batches go to `tx`.
    pub fn start(root: &Path, tx: std::sync::mpsc::Sender<Batch>) -> notify::Result<Watcher> {
        let root = root.canonicalize().map_err(notify::Error::io)?;
        let debouncer = notify_debouncer_full::new_debouncer_opt::<_, IgnoreReads, _>(
            DEBOUNCE,
            Some(TICK),
            tx,
            RecommendedCache::new(),
            notify::Config::default(),
        )?;
        let mut watcher = Watcher { root, debouncer, watched: BTreeSet::new() };
        let root = watcher.root.clone();
        watcher.debouncer.watch(&root, RecursiveMode::NonRecursive)?;
        watcher.refresh();
        Ok(watcher)
    }

    /// The root as watched: the prefix of every path in the events.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Watches the source folders that exist now and were not watched yet (a `templates/`
    /// created after `serve` started), and forgets those that are gone.
    pub fn refresh(&mut self) {
        for dir in std::iter::once("content").chain(THEME_DIRS) {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            let watched = self.watched.contains(&path);
            if exists && !watched {
                if self.debouncer.watch(&path, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(path);
                }
            } else if !exists && watched {
                let _ = self.debouncer.unwatch(&path);
                self.watched.remove(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, Flag, MetadataKind, ModifyKind, RemoveKind, RenameMode};

    fn ev(kind: EventKind, paths: &[&str]) -> Event {
        paths.iter().fold(Event::new(kind), |e, p| e.add_path(Path::new("/site").join(p)))
    }
    fn create(p: &str) -> Event {
        ev(EventKind::Create(CreateKind::File), &[p])
    }
    fn write(p: &str) -> Event {
        ev(EventKind::Modify(ModifyKind::Data(DataChange::Content)), &[p])
    }
    fn remove(p: &str) -> Event {
        ev(EventKind::Remove(RemoveKind::File), &[p])
    }
    fn rename(from: &str, to: &str) -> Event {
        ev(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &[from, to])
    }
    fn open(p: &str) -> Event {
        ev(EventKind::Access(notify::event::AccessKind::Open(notify::event::AccessMode::Any)), &[p])
    }

    /// The content paths of `changes`, relative to the root, and its flags.
    fn summary(changes: &Changes) -> (Vec<String>, bool, bool, bool) {
        let paths =
            changes.content.iter().map(|p| p.strip_prefix("/site").unwrap_or(p).display().to_string()).collect();
        (paths, changes.config, changes.theme, changes.rescan)
    }

    /// (case, events, content paths expected, config, theme, rescan)
    type Case = (&'static str, Vec<Event>, Vec<&'static str>, bool, bool, bool);

    #[test]
    fn events_reduce_to_changes() {
        let md = "content/reports/a/index.zh.md";
        #[rustfmt::skip]
        let cases: Vec<Case> = vec![
            ("write in place", vec![open(md), write(md)], vec![md], false, false, false),
            ("reads are not changes: rendering reads every file", vec![open(md)], vec![], false, false, false),
            ("delete: the page must go, though the path is gone",
                vec![remove(md)], vec![md], false, false, false),
            ("atomic save: temp file written, renamed over the original",
                vec![create("content/reports/a/index.zh.md.tmp"), write("content/reports/a/index.zh.md.tmp"),
                     rename("content/reports/a/index.zh.md.tmp", md)], vec![md], false, false, false),
            ("atomic save with an unknown temp name keeps both ends (the temp one is no page)",
                vec![rename("content/reports/a/.x9Ab", md)], vec![md], false, false, false),
            ("rename of a report: both ends",
                vec![rename("content/reports/a", "content/reports/b")],
                vec!["content/reports/a", "content/reports/b"], false, false, false),
            ("moved out of the site: only the old end is ours",
                vec![rename(md, "../elsewhere.md")], vec![md], false, false, false),
            ("new folder, then its file",
                vec![ev(EventKind::Create(CreateKind::Folder), &["content/notes"]), create("content/notes/n.zh.md")],
                vec!["content/notes", "content/notes/n.zh.md"], false, false, false),
            ("vim: 4913 probe, backup~, swap files",
                vec![create("content/reports/a/4913"), remove("content/reports/a/4913"),
                     rename(md, "content/reports/a/index.zh.md~"), create(md), write(md),
                     write("content/reports/a/.index.zh.md.swp"), write("content/reports/a/index.zh.md.swx"),
                     remove("content/reports/a/index.zh.md~")], vec![md], false, false, false),
            ("emacs: autosave and lock files",
                vec![write("content/reports/a/#index.zh.md#"), create("content/reports/a/.#index.zh.md")],
                vec![], false, false, false),
            ("JetBrains safe write",
                vec![create("content/reports/a/index.zh.md___jb_tmp___"),
                     rename(md, "content/reports/a/index.zh.md___jb_old___"),
                     rename("content/reports/a/index.zh.md___jb_tmp___", md),
                     remove("content/reports/a/index.zh.md___jb_old___")], vec![md, md], false, false, false),
            ("helix .bck and generic .tmp",
                vec![write("content/a.bck"), write("content/b.tmp")], vec![], false, false, false),
            ("site.yaml saved atomically",
                vec![create("site.yaml.tmp"), rename("site.yaml.tmp", "site.yaml")], vec![], true, false, false),
            ("templates, static files, themes",
                vec![write("templates/report.html")], vec![], false, true, false),
            ("theme i18n", vec![write("themes/un/i18n/zh.yaml")], vec![], false, true, false),
            ("static, touched only", vec![ev(EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)), &["static/x.css"])],
                vec![], false, true, false),
            ("the output folder and other root files are not sources",
                vec![write("site/index.html"), write("README.md"), write("site.yaml.bak")], vec![], false, false, false),
            ("hidden folders (.git) are not sources",
                vec![write("content/.git/index"), write(".git/HEAD")], vec![], false, false, false),
            ("lost events: rescan", vec![Event::new(EventKind::Other).set_flag(Flag::Rescan)], vec![], false, false, true),
        ];
        for (case, events, paths, config, theme, rescan) in cases {
            let mut expected: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
            expected.dedup();
            let got = reduce(Path::new("/site"), &events);
            assert_eq!(summary(&got), (expected, config, theme, rescan), "{case}");
        }
    }

    #[test]
    fn a_burst_is_taken_whole_and_reduced() {
        use notify_debouncer_full::DebouncedEvent;
        let (tx, rx) = std::sync::mpsc::channel::<Batch>();
        let batch =
            |events: Vec<Event>| Ok(events.into_iter().map(|e| DebouncedEvent::new(e, Instant::now())).collect());
        tx.send(batch(vec![write("content/a.zh.md")])).unwrap();
        tx.send(batch(vec![open("content/b.zh.md"), write("content/b.zh.md")])).unwrap();
        tx.send(batch(vec![write("templates/x.html")])).unwrap();
        tx.send(Err(vec![notify::Error::generic("queue overflow")])).unwrap();
        drop(tx);
        let burst = next_burst(&rx, Path::new("/site"), Path::new("."), MAX_BURST).unwrap();
        let content: Vec<&Path> = burst.changes.content.iter().map(PathBuf::as_path).collect();
        assert_eq!(content, [Path::new("./content/a.zh.md"), Path::new("./content/b.zh.md")]);
        assert!(burst.changes.theme && burst.changes.rescan && !burst.changes.config);
        assert_eq!(burst.errors.len(), 1);
        assert!(burst.first.is_some());
        assert!(next_burst(&rx, Path::new("/site"), Path::new("."), MAX_BURST).is_none());
        assert_eq!(quiet_after(&burst.changes), QUIET_BULK);
        assert_eq!(quiet_after(&Changes::default()), QUIET);
    }
}
