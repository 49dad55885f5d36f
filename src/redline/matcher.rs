//! Which paragraph of one text became which paragraph of another, by content alone.
//!
//! Paragraph numbers are not trusted: renumbering between revisions is normal ("the 63
//! paragraphs of Rev.1 became 82 in Rev.2"), so two paragraphs are the same when their words
//! are. The matching goes in three passes:
//!
//! 1. **Unchanged paragraphs**, equal word for word (however spaced), are matched in order by
//!    a diff over the sequence of paragraphs (`similar`'s patience diff, which anchors on
//!    paragraphs that occur once and so resists repeated ones such as "[To be completed]").
//! 2. **Changed paragraphs.** Between two runs of unchanged ones, a dynamic programme keeps
//!    the order and pairs paragraphs so as to maximise the sum of their [`similarity`]; two
//!    paragraphs pair only when it is at least [`THRESHOLD`], otherwise the old one is a
//!    deletion and the new one an insertion. A paragraph split in two pairs with both halves
//!    when its similarity to the two together beats its similarity to either.
//! 3. **Moves.** A deleted paragraph and an inserted one elsewhere whose similarity is at
//!    least [`MOVE_THRESHOLD`] are the same paragraph, moved.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::words::{bag, similarity};

/// The least similarity for a changed paragraph to be paired with its predecessor: half of
/// their words in common. Below it the reader is better served by a deletion and an
/// insertion than by a redline that marks nearly every word.
pub const THRESHOLD: f64 = 0.5;

/// The least similarity for a deleted and an inserted paragraph to count as one moved. It is
/// higher than [`THRESHOLD`] because a move is sought across the whole text, where two short
/// headings ("C. Officers", "C. Attendance") share half their words by chance.
pub const MOVE_THRESHOLD: f64 = 0.8;

/// Above this many pairs of paragraphs in one gap between unchanged ones (a text rewritten
/// throughout), the gap is shown as deletions and insertions without pairing: the programme
/// is quadratic.
const MAX_PAIRS: usize = 250_000;

/// What became of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Unchanged,
    Changed,
    Inserted,
    Deleted,
    Moved,
}

/// One row of a redline: a paragraph of the old text (`from`), its paragraphs in the new
/// (`to`: none when deleted, two or more when it was split), and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub kind: Kind,
    pub from: Option<usize>,
    pub to: Vec<usize>,
}

impl Pair {
    fn new(kind: Kind, from: Option<usize>, to: Vec<usize>) -> Pair {
        Pair { kind, from, to }
    }
}

/// The rows from `from` to `to`, in the order of `to`, each deletion after the rows of the
/// paragraphs before it in `from`.
pub fn align(from: &[&str], to: &[&str]) -> Vec<Pair> {
    let (old_keys, new_keys): (Vec<u64>, Vec<u64>) =
        (from.iter().map(|t| key(t)).collect(), to.iter().map(|t| key(t)).collect());
    let ops = capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);
    // Words are cut only for the paragraphs that are not unchanged, where similarity is
    // asked for: cutting every paragraph was most of the time of a redline.
    let (mut old_bags, mut new_bags) = (vec![Vec::new(); from.len()], vec![Vec::new(); to.len()]);
    for op in &ops {
        if !matches!(op, DiffOp::Equal { .. }) {
            let (old, new) = (op.old_range(), op.new_range());
            old.for_each(|i| old_bags[i] = bag(from[i]));
            new.for_each(|j| new_bags[j] = bag(to[j]));
        }
    }
    let mut pairs = Vec::with_capacity(to.len() + from.len() / 8);
    for op in ops {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                pairs.extend((0..len).map(|k| Pair::new(Kind::Unchanged, Some(old_index + k), vec![new_index + k])));
            }
            op => pairs.extend(pair_gap(&old_bags, op.old_range(), &new_bags, op.new_range())),
        }
    }
    find_moves(pairs, &old_bags, &new_bags)
}

/// What makes two paragraphs the same text: their words, however they are spaced.
fn key(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    for word in text.split_whitespace() {
        h.write(word.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}

/// Pairs the changed paragraphs of one gap in order (pass 2).
fn pair_gap(
    old_bags: &[Vec<u64>],
    old: std::ops::Range<usize>,
    new_bags: &[Vec<u64>],
    new: std::ops::Range<usize>,
) -> Vec<Pair> {
    let (n, m) = (old.len(), new.len());
    if n == 0 || m == 0 || n * m > MAX_PAIRS {
        let mut out: Vec<Pair> = old.map(|i| Pair::new(Kind::Deleted, Some(i), Vec::new())).collect();
        out.extend(new.map(|j| Pair::new(Kind::Inserted, None, vec![j])));
        return out;
    }
    let sim = |i: usize, j: usize| similarity(&old_bags[old.start + i], &new_bags[new.start + j]);
    let split = |i: usize, j: usize| {
        let mut both = new_bags[new.start + j].clone();
        both.extend_from_slice(&new_bags[new.start + j + 1]);
        both.sort_unstable();
        similarity(&old_bags[old.start + i], &both)
    };
    // best[i][j]: the best score pairing old[..i] with new[..j].
    let width = m + 1;
    let mut best = vec![0.0f64; (n + 1) * width];
    let mut step = vec![Step::Insert; (n + 1) * width];
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            let mut choice = (f64::NEG_INFINITY, Step::Insert);
            let mut consider = |score: f64, s: Step| {
                if score > choice.0 {
                    choice = (score, s);
                }
            };
            if i > 0 && j > 0 {
                let s = sim(i - 1, j - 1);
                if s >= THRESHOLD {
                    consider(best[(i - 1) * width + j - 1] + s, Step::Pair);
                }
                if j > 1 {
                    let s2 = split(i - 1, j - 2);
                    if s2 >= THRESHOLD && s2 > s && s2 > sim(i - 1, j - 2) {
                        consider(best[(i - 1) * width + j - 2] + s2, Step::Split);
                    }
                }
            }
            // On a tie, the insertion is taken last: read forwards, deletions come first.
            if j > 0 {
                consider(best[i * width + j - 1], Step::Insert);
            }
            if i > 0 {
                consider(best[(i - 1) * width + j], Step::Delete);
            }
            best[i * width + j] = choice.0;
            step[i * width + j] = choice.1;
        }
    }
    let (mut i, mut j) = (n, m);
    let mut out = Vec::with_capacity(n + m);
    while i > 0 || j > 0 {
        let (oi, nj) = (old.start + i.saturating_sub(1), new.start + j.saturating_sub(1));
        match step[i * width + j] {
            Step::Pair => {
                out.push(Pair::new(Kind::Changed, Some(oi), vec![nj]));
                i -= 1;
                j -= 1;
            }
            Step::Split => {
                out.push(Pair::new(Kind::Changed, Some(oi), vec![nj - 1, nj]));
                i -= 1;
                j -= 2;
            }
            Step::Delete => {
                out.push(Pair::new(Kind::Deleted, Some(oi), Vec::new()));
                i -= 1;
            }
            Step::Insert => {
                out.push(Pair::new(Kind::Inserted, None, vec![nj]));
                j -= 1;
            }
        }
    }
    out.reverse();
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Pair,
    Split,
    Delete,
    Insert,
}

/// Turns a deletion and an insertion of the same paragraph into one move (pass 3): the row
/// stays where the paragraph now is, and the deletion goes.
fn find_moves(mut pairs: Vec<Pair>, old_bags: &[Vec<u64>], new_bags: &[Vec<u64>]) -> Vec<Pair> {
    let deleted: Vec<usize> =
        pairs.iter().enumerate().filter(|(_, p)| p.kind == Kind::Deleted).map(|(k, _)| k).collect();
    let inserted: Vec<usize> =
        pairs.iter().enumerate().filter(|(_, p)| p.kind == Kind::Inserted).map(|(k, _)| k).collect();
    if deleted.is_empty() || inserted.is_empty() || deleted.len() * inserted.len() > MAX_PAIRS {
        return pairs;
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for &d in &deleted {
        let Some(i) = pairs[d].from else { continue };
        for &k in &inserted {
            let Some(&j) = pairs[k].to.first() else { continue };
            let s = similarity(&old_bags[i], &new_bags[j]);
            if s >= MOVE_THRESHOLD && !old_bags[i].is_empty() {
                candidates.push((s, d, k));
            }
        }
    }
    // The most similar first; each paragraph moves once.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gone = vec![false; pairs.len()];
    let mut taken = vec![false; pairs.len()];
    for (_, d, k) in candidates {
        if gone[d] || taken[k] {
            continue;
        }
        gone[d] = true;
        taken[k] = true;
        pairs[k].kind = Kind::Moved;
        pairs[k].from = pairs[d].from;
    }
    let mut k = 0;
    pairs.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
    pairs
}
