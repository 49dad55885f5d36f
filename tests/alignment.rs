//! The side-by-side alignment of language versions that disagree: a real draft resolution whose
//! Chinese preamble lost a paragraph, gained one and had two swapped
//! (`tests/fixtures/misaligned/README.md`). Every filled row must pair true counterparts, and
//! `check` must name each difference with its file and line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;
use std::path::Path;

use scraper::{ElementRef, Html, Selector};
use support::{rapporteur, read, site};

const L11: &str = "content/resolutions/a-c-1-78-l-11";

/// The text of a cell's block, without what rapporteur adds (references, links, the column's name).
fn block_text(cell: ElementRef) -> String {
    let added = Selector::parse(".para-ref, .para-anchor, .para-num, .parallel-lang, .parallel-open").unwrap();
    let mut html = cell.inner_html();
    for e in cell.select(&added) {
        html = html.replacen(&e.html(), "", 1);
    }
    let text: String = Html::parse_fragment(&html).root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(zh, en)` texts of every row of a side-by-side page, `None` for an empty cell, and the
/// row's classes.
fn rows(page: &Path) -> Vec<(Option<String>, Option<String>, String)> {
    let doc = Html::parse_document(&read(page));
    let row_sel = Selector::parse(".parallel > .parallel-row:not(.parallel-head)").unwrap();
    let cell_sel = Selector::parse(":scope > .parallel-cell").unwrap();
    doc.select(&row_sel)
        .map(|row| {
            let cells: Vec<Option<String>> = row
                .select(&cell_sel)
                .map(|c| (!c.value().classes().any(|k| k == "is-empty")).then(|| block_text(c)))
                .collect();
            assert_eq!(cells.len(), 2, "{}", row.html());
            (cells[0].clone(), cells[1].clone(), row.value().attr("class").unwrap_or_default().to_string())
        })
        .collect()
}

fn build(root: &Path) -> std::path::PathBuf {
    let out = root.join("site");
    let run = rapporteur(root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    out.join("zh/resolutions/a-c-1-78-l-11/parallel/index.html")
}

fn copy_of(files: &[(&str, String)]) -> tempfile::TempDir {
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    site(&files)
}

#[test]
fn every_filled_row_pairs_true_counterparts() {
    let repo = support::repo();
    let zh = read(repo.join(L11).join("index.zh.md"));
    let en = read(repo.join(L11).join("index.en.md"));
    // The truth: the unchanged versions, whose rows all pair.
    let truth_site = copy_of(&[(&format!("{L11}/index.zh.md"), zh), (&format!("{L11}/index.en.md"), en.clone())]);
    let truth_rows = rows(&build(truth_site.path()));
    assert!(truth_rows.iter().all(|(z, e, _)| z.is_some() && e.is_some()), "{truth_rows:#?}");
    let truth: HashMap<String, String> = truth_rows.into_iter().map(|(z, e, _)| (z.unwrap(), e.unwrap())).collect();

    let changed = read(repo.join("tests/fixtures/misaligned").join(L11).join("index.zh.md"));
    let broken_site = copy_of(&[(&format!("{L11}/index.zh.md"), changed), (&format!("{L11}/index.en.md"), en)]);
    let broken_rows = rows(&build(broken_site.path()));
    let (mut pairs, mut wrong, mut alone) = (0, Vec::new(), 0);
    for (z, e, class) in &broken_rows {
        match (z, e) {
            (Some(z), Some(e)) => {
                pairs += 1;
                if truth.get(z) != Some(e) {
                    wrong.push((z.chars().take(30).collect::<String>(), e.chars().take(40).collect::<String>()));
                }
                assert!(!class.contains("is-unmatched"), "{class}");
            }
            _ => {
                alone += 1;
                assert!(class.contains("is-unmatched"), "a row with an empty cell is marked: {class}");
            }
        }
    }
    assert!(wrong.is_empty(), "{} wrong pairs: {wrong:#?}", wrong.len());
    // Deleted (1 English alone), inserted (1 Chinese alone), swapped (one of the two kept,
    // the other alone on both sides): nothing else is left unpaired.
    assert_eq!(alone, 4, "{broken_rows:#?}");
    assert!(pairs >= 25, "{pairs}");
    // An empty cell says so, in its column's language.
    let html = read(broken_site.path().join("site/zh/resolutions/a-c-1-78-l-11/parallel/index.html"));
    assert!(html.contains(r#"<p class="parallel-unmatched">No counterpart in the other version</p>"#));
    assert!(html.contains(r#"<p class="parallel-unmatched">另一语文本中没有对应的段落</p>"#));
}

#[test]
fn check_names_each_difference_with_both_files_and_lines() {
    let fixture = support::repo().join("tests/fixtures/misaligned");
    let run = rapporteur(&fixture, &["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let zh = format!("{L11}/index.zh.md");
    let en = format!("{L11}/index.en.md");
    for (lang, id, file, line, other) in [
        ("en", "pp-4", &en, 24, &zh),  // deleted from the Chinese
        ("zh", "pp-15", &zh, 46, &en), // inserted into the Chinese
        ("zh", "pp-11", &zh, 38, &en), // moved after the next one
        ("en", "pp-11", &en, 38, &zh),
    ] {
        let message = format!(
            "warning[unaligned-block]: {lang} `{id}` has no counterpart in the {} version (",
            if lang == "en" { "zh" } else { "en" }
        );
        let at = run.stderr.find(&message).unwrap_or_else(|| panic!("{message}\n{}", run.stderr));
        let rest = &run.stderr[at..];
        assert!(rest.lines().next().unwrap().contains(other.as_str()), "names the other file: {rest}");
        assert!(rest.lines().nth(1).unwrap().contains(&format!("{file}:{line}:1")), "at its line: {rest}");
    }
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains(", 4 warnings"), "{all}");
}

#[test]
fn a_missing_preambular_paragraph_is_counted() {
    let repo = support::repo();
    let zh = read(repo.join(L11).join("index.zh.md"));
    let deleted = zh.replacen("确认信息和通信技术是双重用途技术，既可用于正当目的，也可用于恶意目的，\n\n", "", 1);
    assert_ne!(deleted, zh);
    let dir = copy_of(&[
        (&format!("{L11}/index.zh.md"), deleted),
        (&format!("{L11}/index.en.md"), read(repo.join(L11).join("index.en.md"))),
    ]);
    let run = rapporteur(dir.path(), &["check"]);
    assert!(
        run.stderr.contains("zh has 17 preambular paragraphs, en 18; en `pp-4` has no counterpart in the zh version"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&format!("{L11}/index.en.md:24:1")), "{}", run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    // And the resolution's structure, counted by `check`'s proofreading.
    assert!(
        all.contains("warning[resolution-structure]: zh has 17 preambular and 9 operative paragraphs, en 18 and 9"),
        "{all}"
    );
    assert!(all.contains(", 2 warnings,"), "{all}");
}

#[test]
fn the_bundled_versions_align_row_for_row() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = rapporteur(&support::repo(), &["build", "--output", site.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for report in ["resolutions/a-c-1-78-l-11", "reports/a-77-275", "reports/oewg-third-apr-draft"] {
        let rows = rows(&site.join(format!("zh/{report}/parallel/index.html")));
        let unmatched: Vec<_> = rows.iter().filter(|(z, e, _)| z.is_none() || e.is_none()).collect();
        assert!(unmatched.is_empty(), "{report}: {unmatched:#?}");
    }
}
