//! Writes the benchmark corpus: N bilingual synthetic UN progress reports.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --reports 1000 --out /tmp/rapporteur-bench/n1000
//! ```
//!
//! `<out>/neutral/` is a rapporteur site (`content/reports/<slug>/index.{zh,en}.md`),
//! `<out>/hugo/` and `<out>/zola/` the same content as Hugo and Zola sites (unless `--no-hugo`,
//! `--no-zola`), `<out>/corpus.json` the sizes; `--revisions` gives every report two earlier
//! texts. Same seed, same bytes; report i is the same whatever N. The generator itself is
//! `examples/bench/corpus.rs`, shared with the benchmark.

#[path = "bench/corpus.rs"]
#[allow(dead_code, reason = "shared with the bench example, which uses the rest")]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Generates the benchmark corpus.
#[derive(Parser)]
#[command(about)]
struct Args {
    /// Number of reports (each in zh and en).
    #[arg(long, short = 'n', default_value_t = 100)]
    reports: usize,
    /// Output directory (replaced if it exists).
    #[arg(long, short = 'o')]
    out: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Mean size of one report in one language, KiB (each report is drawn in 0.75×–1.25×).
    #[arg(long, default_value_t = 16.0)]
    size: f64,
    /// Do not write the Hugo layout.
    #[arg(long)]
    no_hugo: bool,
    /// Do not write the Zola layout.
    #[arg(long)]
    no_zola: bool,
    /// Give every report of the rapporteur layout two revisions (`revisions/rev-1`, `rev-2`).
    #[arg(long)]
    revisions: bool,
}

fn main() -> ExitCode {
    let a = Args::parse();
    let peers = corpus::Peers { hugo: !a.no_hugo, zola: !a.no_zola };
    let generated = corpus::generate(&a.out, a.reports, a.seed, a.size, peers).and_then(|stats| {
        if a.revisions {
            corpus::add_revisions(&corpus::Layout::under(&a.out, peers).neutral, a.seed)?;
        }
        Ok(stats)
    });
    match generated {
        Ok(stats) => {
            print!("{}", stats.to_json());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", a.out.display());
            ExitCode::FAILURE
        }
    }
}
