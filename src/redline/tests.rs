//! The matcher on real text: paragraphs of the draft third annual progress report of the
//! open-ended working group on ICT security (A/AC.292/2024/L.1, English and Chinese, as
//! bundled in `content/reports/oewg-third-apr-draft`), rearranged as revisions rearrange
//! them.

use proptest::prelude::*;

use super::*;

const P3: &str = "The Working Group held its sixth substantive session at United Nations Headquarters from 11 to 15 December 2023, its seventh substantive session from 4 to 8 March 2024 and its eighth substantive session from 8 to 12 July 2024.";
const P4: &str = "The Office for Disarmament Affairs and the United Nations Institute for Disarmament Research provided substantive support to the Working Group. The Department for General Assembly and Conference Management provided secretariat services.";
const P6: &str =
    "Mr. Burhan Gafoor (Singapore) chaired the sixth, seventh and eighth substantive sessions of the Working Group.";
const P11: &str =
    "At its sixth substantive session, the Working Group held 10 plenary meetings to consider agenda items 3, 5 and 6.";
const P13: &str = "At its eighth substantive session, the Working Group held 10 plenary meetings to consider agenda items 3, 5, 6 and 7.";
const P20: &str = "At its eighth substantive session, on 12 July 2024, the Working Group considered agenda item 7, entitled \"Adoption of the annual progress report\", and adopted the draft report of the open-ended working group (A/AC.292/2024/L.1).";

fn paras(texts: &[&str], first: usize) -> Vec<Para> {
    texts
        .iter()
        .enumerate()
        .map(|(k, t)| Para {
            id: format!("para-{}", first + k),
            label: format!("{}.", first + k),
            text: t.to_string(),
            heading: 0,
        })
        .collect()
}

fn kinds(rows: &[Row]) -> Vec<(Kind, Option<usize>, Vec<usize>)> {
    rows.iter().map(|r| (r.kind, r.from, r.to.clone())).collect()
}

#[test]
fn renumbering_only_is_unchanged() {
    let from = paras(&[P3, P4, P6, P11], 3);
    let to = paras(&[P3, P4, P6, P11], 7);
    let rows = compare(&from, &to);
    assert!(rows.iter().all(|r| r.kind == Kind::Unchanged), "{rows:?}");
    assert_eq!(kinds(&rows)[2], (Kind::Unchanged, Some(2), vec![2]));
}

#[test]
fn insertion_at_the_start() {
    let rows = compare(&paras(&[P4, P6, P11], 1), &paras(&[P3, P4, P6, P11], 1));
    assert_eq!(
        kinds(&rows),
        vec![
            (Kind::Inserted, None, vec![0]),
            (Kind::Unchanged, Some(0), vec![1]),
            (Kind::Unchanged, Some(1), vec![2]),
            (Kind::Unchanged, Some(2), vec![3]),
        ]
    );
}

#[test]
fn deletion_in_the_middle() {
    let rows = compare(&paras(&[P3, P4, P6, P11], 1), &paras(&[P3, P4, P11], 1));
    assert_eq!(
        kinds(&rows),
        vec![
            (Kind::Unchanged, Some(0), vec![0]),
            (Kind::Unchanged, Some(1), vec![1]),
            (Kind::Deleted, Some(2), vec![]),
            (Kind::Unchanged, Some(3), vec![2]),
        ]
    );
}

#[test]
fn a_moved_paragraph() {
    let rows = compare(&paras(&[P3, P4, P6, P11, P20], 1), &paras(&[P3, P6, P11, P4, P20], 1));
    assert_eq!(
        kinds(&rows),
        vec![
            (Kind::Unchanged, Some(0), vec![0]),
            (Kind::Unchanged, Some(2), vec![1]),
            (Kind::Unchanged, Some(3), vec![2]),
            (Kind::Moved, Some(1), vec![3]),
            (Kind::Unchanged, Some(4), vec![4]),
        ]
    );
}

#[test]
fn a_changed_paragraph_pairs_with_its_predecessor() {
    // Paragraph 13 became paragraph 11 with one number changed, and a paragraph 20 that
    // shares few words with it was inserted after it.
    let changed = P13.replace("3, 5, 6 and 7", "3, 5 and 6");
    let rows = compare(&paras(&[P3, P13], 1), &paras(&[P3, &changed, P20], 1));
    assert_eq!(
        kinds(&rows),
        vec![(Kind::Unchanged, Some(0), vec![0]), (Kind::Changed, Some(1), vec![1]), (Kind::Inserted, None, vec![2])]
    );
    let side =
        |keep: Change| rows[1].runs[0].iter().filter(|s| s.change != keep).map(|s| s.text.as_str()).collect::<String>();
    assert_eq!(side(Change::Delete), changed);
    assert_eq!(side(Change::Insert), P13);
    assert!(rows[1].runs[0].iter().any(|s| s.change == Change::Delete && s.text.contains('7')));
}

#[test]
fn unrelated_paragraphs_are_a_deletion_and_an_insertion() {
    let rows = compare(&paras(&[P3, P6, P11], 1), &paras(&[P3, P20, P11], 1));
    assert_eq!(
        kinds(&rows),
        vec![
            (Kind::Unchanged, Some(0), vec![0]),
            (Kind::Deleted, Some(1), vec![]),
            (Kind::Inserted, None, vec![1]),
            (Kind::Unchanged, Some(2), vec![2]),
        ]
    );
}

#[test]
fn a_paragraph_split_in_two() {
    let (first, second) = P4.split_at(P4.find(" The Department").unwrap_or(0));
    let rows = compare(&paras(&[P3, P4, P6], 1), &paras(&[P3, first, second.trim_start(), P6], 1));
    assert_eq!(
        kinds(&rows),
        vec![
            (Kind::Unchanged, Some(0), vec![0]),
            (Kind::Changed, Some(1), vec![1, 2]),
            (Kind::Unchanged, Some(2), vec![3])
        ]
    );
    assert_eq!(rows[1].runs.len(), 2);
    let text = |runs: &[Segment]| {
        runs.iter().filter(|s| s.change != Change::Delete).map(|s| s.text.clone()).collect::<String>()
    };
    assert_eq!(text(&rows[1].runs[0]), first);
    assert_eq!(text(&rows[1].runs[1]), second.trim_start());
}

#[test]
fn chinese_edit_of_one_character() {
    // 第三次年度进展报告草稿, paragraphs 3, 6 and 11 of the Chinese version.
    let z3 = "工作组于 2023 年 12 月 11 日至 15 日在联合国总部举行第六届实质性会议，于 2024 年 3 月 4 日至 8 日举行第七届实质性会议，于 2024 年 7 月 8 日至 12 日举行第八届实质性会议。";
    let z6 = "布尔汉·加福尔先生（新加坡）主持了工作组第六、第七和第八届实质性会议。";
    let z11 = "工作组在第六届实质性会议期间举行了 10 次全体会议，审议议程项目 3、5 和 6。";
    let edited = z6.replace("第八届", "第九届");
    let rows = compare(&paras(&[z3, z6, z11], 3), &paras(&[z3, &edited, z11], 3));
    assert_eq!(rows[1].kind, Kind::Changed);
    let changes: Vec<(Change, &str)> =
        rows[1].runs[0].iter().filter(|s| s.change != Change::Equal).map(|s| (s.change, s.text.as_str())).collect();
    assert_eq!(changes, vec![(Change::Delete, "八"), (Change::Insert, "九")]);
}

/// Paragraphs drawn from the real ones above, repeated and reordered at will.
fn texts() -> impl Strategy<Value = Vec<String>> {
    let pool = [P3, P4, P6, P11, P13, P20, "[To be completed]", "第八届实质性会议。"];
    prop::collection::vec((0..pool.len(), 0..40usize), 0..14).prop_map(move |picks| {
        picks
            .into_iter()
            .map(|(k, cut)| pool[k].chars().take(pool[k].chars().count().saturating_sub(cut)).collect())
            .collect()
    })
}

fn to_side(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.kind != Kind::Deleted)
        .flat_map(|r| {
            r.runs.iter().map(|runs| {
                runs.iter().filter(|s| s.change != Change::Delete).map(|s| s.text.as_str()).collect::<String>()
            })
        })
        .collect()
}

proptest! {
    #[test]
    fn a_text_against_itself_is_unchanged(t in texts()) {
        let p = paras(&t.iter().map(String::as_str).collect::<Vec<_>>(), 1);
        let rows = compare(&p, &p);
        prop_assert_eq!(rows.len(), p.len());
        prop_assert!(rows.iter().all(|r| r.kind == Kind::Unchanged));
    }

    #[test]
    fn the_to_side_without_deletions_reads_as_the_to_text(a in texts(), b in texts()) {
        let from = paras(&a.iter().map(String::as_str).collect::<Vec<_>>(), 1);
        let to = paras(&b.iter().map(String::as_str).collect::<Vec<_>>(), 1);
        let rows = compare(&from, &to);
        prop_assert_eq!(to_side(&rows), b);
        // Every old paragraph appears once: matched, moved or deleted.
        let mut seen: Vec<usize> = rows.iter().filter_map(|r| r.from).collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..a.len()).collect::<Vec<_>>());
    }
}
