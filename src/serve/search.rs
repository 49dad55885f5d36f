//! The search index in `serve`: rebuilt off the rebuild thread, once a burst of edits is
//! over, so that saving a report shows its page at once and its words in search a moment
//! later.
//!
//! The rebuild thread hands over the search documents of the site after every render that
//! changed them (a cheap copy: the documents are shared). The indexer waits until none has
//! come for [`QUIET`], indexes the newest, and writes the files of `pagefind/` that changed
//! straight into the output, each by a rename, removing the files of the previous index
//! that the new one no longer has. It alone writes there: the pages' publishing leaves
//! files it did not write alone. A failed index is reported in the terminal and the last
//! good one stays.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use super::publish::{Fingerprint, fingerprint, remove_file, replace_file};
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
    while let Ok(mut documents) = rx.recv() {
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(newer) => documents = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let start = Instant::now();
        match crate::render::index_pages(&documents) {
            Ok(pages) => {
                let mut now = HashMap::with_capacity(pages.len());
                let mut failed = None;
                for page in pages {
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
                    Some(e) => crate::errln!(
                        "warning: the search index could not be written ({e}); search again after the next save"
                    ),
                    None => crate::outln!("search index rebuilt in {:.0} ms", start.elapsed().as_secs_f64() * 1000.0),
                }
            }
            Err(d) => crate::errln!("warning: {}; the last search index is kept", d.message),
        }
    }
}
