//! The search index in `serve`: rebuilt off the rebuild thread, once a burst of edits is
//! over, so that saving a report shows its page at once and its words in search a moment
//! later.
//!
//! The rebuild thread hands over the search documents of the site after every render that
//! changed them (a cheap copy: the documents are shared). The indexer waits until none has
//! come for [`QUIET`], indexes the newest (only the languages whose documents changed: an
//! edit of one language version leaves the other indexes alone), and writes the files of `pagefind/` that changed
//! straight into the output, each by a rename, removing the files of the previous index
//! that the new one no longer has. It alone writes there: the pages' publishing leaves
//! files it did not write alone. A failed index is reported in the terminal and the last
//! good one stays.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use super::publish::{Fingerprint, fingerprint, remove_file, replace_file};
use crate::routes::SEARCH_BUNDLE;
use crate::search::Document;

/// How long after the last edit of a burst the index is rebuilt.
pub const QUIET: Duration = Duration::from_millis(50);

/// The search documents of every language, as the index reads them.
pub type Documents = Vec<(String, Vec<Document>)>;

/// The indexer thread of one output.
pub struct Indexer {
    tx: Sender<Documents>,
}

impl Indexer {
    /// Starts the indexer writing into the output `target`.
    pub fn start(target: PathBuf) -> std::io::Result<Indexer> {
        let (tx, rx) = channel();
        std::thread::Builder::new().name("rapporteur search index".into()).spawn(move || run(&rx, &target))?;
        Ok(Indexer { tx })
    }

    /// Asks for the index of `documents`, replacing any request not yet started.
    pub fn schedule(&self, documents: Documents) {
        let _ = self.tx.send(documents);
    }
}

fn run(rx: &Receiver<Documents>, target: &std::path::Path) {
    let mut written: HashMap<String, Fingerprint> = HashMap::new();
    // The documents of the index of each language as written.
    let mut indexed: HashMap<String, Vec<Document>> = HashMap::new();
    while let Ok(mut documents) = rx.recv() {
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(newer) => documents = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let start = Instant::now();
        // A language whose files are gone (the output folder was replaced) counts as changed.
        let present = |lang: &str| target.join(SEARCH_BUNDLE).join(lang).join("pagefind-entry.json").is_file();
        let changed: Documents = documents
            .iter()
            .filter(|(lang, docs)| indexed.get(lang) != Some(docs) || !present(lang))
            .cloned()
            .collect();
        let kept: Vec<String> = documents
            .iter()
            .filter(|(lang, _)| !changed.iter().any(|(l, _)| l == lang))
            .map(|(lang, _)| format!("{SEARCH_BUNDLE}/{lang}/"))
            .collect();
        if changed.is_empty() && documents.len() == indexed.len() {
            continue;
        }
        match crate::render::index_pages(&changed) {
            Ok(pages) => {
                let mut now: HashMap<String, Fingerprint> = written
                    .iter()
                    .filter(|(p, _)| kept.iter().any(|k| p.starts_with(k)))
                    .map(|(p, f)| (p.clone(), *f))
                    .collect();
                let mut failed = None;
                for page in pages {
                    // Never create the output folder: a folder made of the index alone would
                    // not be rapporteur's, and the site could not be written there again.
                    if !target.join(crate::write::MARKER).is_file() {
                        failed = Some("the output folder is gone".to_string());
                        break;
                    }
                    let fp = fingerprint(&page.bytes);
                    let same = written.get(&page.path) == Some(&fp) && target.join(&page.path).is_file();
                    if !same && let Err(e) = replace_file(target, &page.path, &page.bytes) {
                        failed = Some(format!("{}: {e}", page.path));
                    }
                    now.insert(page.path, fp);
                }
                for gone in written.keys().filter(|p| !now.contains_key(*p)) {
                    let _ = remove_file(target, gone);
                }
                written = now;
                match failed {
                    Some(e) => {
                        // Written in part: the next request indexes every language again.
                        indexed.clear();
                        crate::errln!(
                            "warning: the search index could not be written ({e}); it is written again after the next save"
                        );
                    }
                    None => {
                        indexed = documents.into_iter().collect();
                        crate::outln!("search index rebuilt in {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
                    }
                }
            }
            Err(d) => crate::errln!("warning: {}; the last search index is kept", d.message),
        }
    }
}
