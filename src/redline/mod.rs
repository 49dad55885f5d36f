//! Redlines: what changed between two texts of a report, paragraph by paragraph and word by
//! word. Pure: paragraphs' text in, rows out; the pages are written in `render`.
//!
//! [`matcher`] decides which paragraph became which, by content; [`words`] marks the changes
//! inside a paragraph. A [`Row`] carries both.

pub mod matcher;
pub mod words;

pub use matcher::Kind;
pub use words::{Change, Segment};

/// A paragraph of a text, as the redline compares it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Para {
    /// Its anchor on its own page (`para-15`), empty when it has none. Shown, never trusted.
    pub id: String,
    /// Its number as written (`15.`, `(a)`), empty for headings and unnumbered blocks.
    pub label: String,
    /// Its text, without its number.
    pub text: String,
    /// Its level when it is a heading (2 for `##`), else 0.
    pub heading: u8,
}

/// One row of a redline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: Kind,
    /// The paragraph of the old text, if any.
    pub from: Option<usize>,
    /// The paragraphs of the new text: none for a deletion, two or more for a split.
    pub to: Vec<usize>,
    /// The inline changes, one list of runs per paragraph of `to` (one list for a deletion).
    pub runs: Vec<Vec<Segment>>,
}

/// The redline from `from` to `to`.
pub fn compare(from: &[Para], to: &[Para]) -> Vec<Row> {
    let old: Vec<&str> = from.iter().map(|p| p.text.as_str()).collect();
    let new: Vec<&str> = to.iter().map(|p| p.text.as_str()).collect();
    matcher::align(&old, &new)
        .into_iter()
        .map(|pair| {
            let whole = |change: Change, text: &str| vec![Segment { change, text: text.to_string() }];
            let runs = match (pair.kind, pair.from) {
                (Kind::Inserted, _) => pair.to.iter().map(|&j| whole(Change::Insert, new[j])).collect(),
                (Kind::Deleted, Some(i)) => vec![whole(Change::Delete, old[i])],
                (Kind::Unchanged, _) => pair.to.iter().map(|&j| whole(Change::Equal, new[j])).collect(),
                (_, Some(i)) => {
                    let parts: Vec<&str> = pair.to.iter().map(|&j| new[j]).collect();
                    words::diff(old[i], &parts)
                }
                (_, None) => Vec::new(),
            };
            Row { kind: pair.kind, from: pair.from, to: pair.to, runs }
        })
        .collect()
}

#[cfg(test)]
mod tests;
