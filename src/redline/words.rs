//! Words, for comparing paragraphs and marking what changed inside them.
//!
//! A paragraph is cut at the word boundaries of Unicode (UAX #29, through
//! `unicode-segmentation`): English, French, Spanish, Russian and Arabic fall into words,
//! spaces and punctuation; Chinese, which UAX #29 does not segment into words, falls into
//! single characters. A changed character of a Chinese paragraph is therefore marked alone,
//! as Word's track changes marks it, and no dictionary is needed. The inline diff runs over
//! these tokens with `similar` (Myers' algorithm).

use std::hash::{Hash, Hasher};

use similar::{Algorithm, DiffOp, capture_diff_slices};
use unicode_segmentation::UnicodeSegmentation;

/// The tokens of `text`, words, spaces and punctuation alike; they concatenate to `text`.
pub fn tokens(text: &str) -> Vec<&str> {
    text.split_word_bounds().collect()
}

/// Whether a token is a word (or a Chinese character) rather than space or punctuation.
pub fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// The words of `text`, hashed and sorted: what [`similarity`] compares.
pub fn bag(text: &str) -> Vec<u64> {
    let mut words: Vec<u64> = tokens(text).into_iter().filter(|t| is_word(t)).map(hash).collect();
    words.sort_unstable();
    words
}

/// A token's text, hashed.
pub fn hash(token: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    token.hash(&mut h);
    h.finish()
}

/// How alike two paragraphs are, from 0 (no word in common) to 1 (the same words): the Dice
/// coefficient of their bags of words, `2 |A ∩ B| / (|A| + |B|)`. It ignores order, so a
/// sentence moved inside a paragraph still counts as the same words; it is linear in the
/// paragraphs' length, which matters when every paragraph of a gap is tried against every
/// other.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// What happened to a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Equal,
    Insert,
    Delete,
}

/// A run of text and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub change: Change,
    pub text: String,
}

/// Cuts between the paragraphs of a split: no paragraph holds it.
const BREAK: &str = "\u{2029}";

/// The inline changes from the paragraph `from` to the paragraphs `to` (one, or more when
/// `from` was split), one list of runs per paragraph of `to`. The runs of each list without
/// the deletions read as its paragraph; deletions at a cut go with the paragraph before it.
pub fn diff(from: &str, to: &[&str]) -> Vec<Vec<Segment>> {
    let old: Vec<&str> = tokens(from).into_iter().filter(|t| *t != BREAK).collect();
    let mut new: Vec<&str> = Vec::new();
    for (k, paragraph) in to.iter().enumerate() {
        if k > 0 {
            new.push(BREAK);
        }
        new.extend(tokens(paragraph));
    }
    let mut out: Vec<Vec<Segment>> = vec![Vec::new()];
    let push = |out: &mut Vec<Vec<Segment>>, change: Change, tokens: &[&str]| {
        for token in tokens {
            if *token == BREAK && change == Change::Insert {
                out.push(Vec::new());
                continue;
            }
            let Some(runs) = out.last_mut() else { continue };
            match runs.last_mut() {
                Some(last) if last.change == change => last.text.push_str(token),
                _ => runs.push(Segment { change, text: (*token).to_string() }),
            }
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        match op {
            DiffOp::Equal { old_index, len, .. } => push(&mut out, Change::Equal, &old[old_index..old_index + len]),
            DiffOp::Delete { old_index, old_len, .. } => {
                push(&mut out, Change::Delete, &old[old_index..old_index + old_len]);
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                push(&mut out, Change::Insert, &new[new_index..new_index + new_len]);
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                push(&mut out, Change::Delete, &old[old_index..old_index + old_len]);
                push(&mut out, Change::Insert, &new[new_index..new_index + new_len]);
            }
        }
    }
    out.resize_with(to.len().max(1), Vec::new);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(runs: &[Segment]) -> String {
        runs.iter()
            .map(|s| match s.change {
                Change::Equal => s.text.clone(),
                Change::Insert => format!("[+{}]", s.text),
                Change::Delete => format!("[-{}]", s.text),
            })
            .collect()
    }

    #[test]
    fn english_changes_by_word() {
        // A/AC.292/2024/L.1, paragraph 20 (the draft's bracketed "[as orally revised]").
        let runs = diff(
            "contained in document A/AC.292/2024/CRP.X [as orally revised]",
            &["contained in document A/AC.292/2024/CRP.1"],
        );
        assert_eq!(marked(&runs[0]), "contained in document A/AC.292/2024/[-CRP.X [as orally revised]][+CRP.1]");
    }

    #[test]
    fn chinese_changes_by_character() {
        // 第三次年度进展报告草稿 (A/AC.292/2024/L.1), paragraph 6: one character changed.
        let runs = diff(
            "布尔汉·加福尔先生（新加坡）主持了工作组第六、第七和第八届实质性会议。",
            &["布尔汉·加福尔先生（新加坡）主持了工作组第六、第七和第九届实质性会议。"],
        );
        assert_eq!(marked(&runs[0]), "布尔汉·加福尔先生（新加坡）主持了工作组第六、第七和第[-八][+九]届实质性会议。");
        assert!(similarity(&bag("第八届"), &bag("第九届")) > 0.6);
    }

    #[test]
    fn a_split_gives_one_list_per_paragraph() {
        let runs = diff("One two. Three four.", &["One two.", "Three four."]);
        assert_eq!(runs.len(), 2);
        assert_eq!(marked(&runs[0]), "One two.[- ]");
        assert_eq!(marked(&runs[1]), "Three four.");
    }
}
