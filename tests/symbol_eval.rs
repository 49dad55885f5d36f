//! The recogniser on real passages from across the UN system, in the six languages
//! (tests/fixtures/symbol-eval/{lang}.txt): recall and precision per language, printed.
//!
//! A block is `=== <source>`, an optional `organ: <the document's organ>`, `cites: <the
//! canonical symbols in order, with repeats; decision:77/512 for a decision>`, then the
//! verbatim text up to the next `===`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use rapporteur::symbol::{Context, Kind, Recogniser, organ_named};

const LANGUAGES: [&str; 6] = ["zh", "en", "fr", "es", "ru", "ar"];

/// One passage of the evaluation set.
struct Passage {
    source: String,
    organ: Option<String>,
    cites: Vec<String>,
    text: String,
}

fn passages(file: &str) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    let mut body = false;
    for line in file.lines() {
        if let Some(source) = line.strip_prefix("=== ") {
            out.push(Passage { source: source.to_string(), organ: None, cites: Vec::new(), text: String::new() });
            body = false;
            continue;
        }
        let Some(p) = out.last_mut() else { continue };
        if !body && let Some(organ) = line.strip_prefix("organ:") {
            p.organ = Some(organ.trim().to_string()).filter(|o| !o.is_empty());
        } else if !body && let Some(cites) = line.strip_prefix("cites:") {
            p.cites = cites.split_whitespace().map(str::to_string).collect();
            body = true;
        } else if body {
            if !p.text.is_empty() {
                p.text.push('\n');
            }
            p.text.push_str(line);
        }
    }
    for p in &mut out {
        p.text = p.text.trim_end().to_string();
    }
    out
}

/// Figures of one language.
#[derive(Default)]
struct Score {
    sentences: usize,
    expected: usize,
    found: usize,
    correct: usize,
}

impl Score {
    fn recall(&self) -> f64 {
        if self.expected == 0 { 1.0 } else { self.correct as f64 / self.expected as f64 }
    }
    fn precision(&self) -> f64 {
        if self.found == 0 { 1.0 } else { self.correct as f64 / self.found as f64 }
    }
}

/// Symbols in common between two lists, counting repeats.
fn common(expected: &[String], found: &[String]) -> usize {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for e in expected {
        *left.entry(e).or_default() += 1;
    }
    found
        .iter()
        .filter(|f| match left.get_mut(f.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

#[test]
fn recall_and_precision_on_real_passages_in_six_languages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/symbol-eval");
    let recogniser = Recogniser::new(&[]);
    let mut failures = Vec::new();
    let mut report = String::from("\nlang  sentences  expected  found  correct  recall   precision\n");
    for lang in LANGUAGES {
        let Ok(file) = std::fs::read_to_string(dir.join(format!("{lang}.txt"))) else {
            failures.push(format!("{lang}: tests/fixtures/symbol-eval/{lang}.txt is missing"));
            continue;
        };
        let mut score = Score::default();
        for p in passages(&file) {
            let organ = p.organ.as_deref().and_then(organ_named);
            let found: Vec<String> = recogniser
                .scan(&p.text, &Context { organ })
                .matches
                .into_iter()
                .map(|m| if m.kind == Kind::Decision { format!("decision:{}", m.symbol) } else { m.symbol })
                .collect();
            let correct = common(&p.cites, &found);
            if correct != p.cites.len() || correct != found.len() {
                eprintln!(
                    "[{lang}] {}\n  organ:    {:?}\n  expected: {}\n  found:    {}\n  text:     {}\n",
                    p.source,
                    p.organ,
                    p.cites.join(" "),
                    found.join(" "),
                    p.text
                );
            }
            score.sentences += 1;
            score.expected += p.cites.len();
            score.found += found.len();
            score.correct += correct;
        }
        report.push_str(&format!(
            "{lang:<4}  {:>9}  {:>8}  {:>5}  {:>7}  {:>6.2}%  {:>8.2}%\n",
            score.sentences,
            score.expected,
            score.found,
            score.correct,
            100.0 * score.recall(),
            100.0 * score.precision()
        ));
        if score.precision() < 1.0 {
            failures.push(format!("{lang}: precision {:.2}% < 100%", 100.0 * score.precision()));
        }
        if score.recall() < 0.98 {
            failures.push(format!("{lang}: recall {:.2}% < 98%", 100.0 * score.recall()));
        }
    }
    // Straight to the process's stderr, past the test harness's capture, so that a plain
    // `cargo test` shows the figures.
    let _ = std::io::stderr().write_all(report.as_bytes());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
