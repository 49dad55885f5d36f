//! rapporteur's benchmark: full builds of the release binary, the edit-to-page latency of
//! `rapporteur serve`, bare pulldown-cmark as the physical limit, and Hugo and Zola on the
//! same corpus (Hugo when it is on PATH or given, Zola when given).
//!
//! ```sh
//! cargo run --release --example bench -- --reports 1000 [--runs 7] [--out /dev/shm/rapporteur-bench]
//! cargo run --release --example bench -- --reports 1000 --hugo /path/to/hugo --zola /path/to/zola
//! cargo run --release --example bench -- --chart docs/bench.svg      # 100 … 5,000 reports
//! ```
//!
//! Every build is a separate process (`rapporteur build --root … --output …`), its output
//! directory removed beforehand (not timed). Tools run interleaved, A B A B …, after one
//! warm-up round; for each: wall time (monotonic clock around spawn … reap), CPU time (user +
//! system, from `wait4`'s rusage) and peak RSS (`ru_maxrss`); min / median / max printed,
//! quote the median. The bare pulldown-cmark reference runs in this process, on all cores
//! (rayon), over every report body read into memory first.
//!
//! See BENCHMARKS.md for the figures and how to read them.

mod chart;
mod corpus;
mod load;
mod measure;
mod serve;

use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Parser;

use measure::{Sample, Summary};

pub type Res<T> = Result<T, Box<dyn Error>>;

/// Benchmarks rapporteur (and Hugo, if installed) on a generated corpus.
#[derive(Parser, Debug, Clone)]
#[command(about)]
pub struct Args {
    /// Number of reports (each in zh and en).
    #[arg(long, default_value_t = 1000)]
    reports: usize,
    /// Measured rounds (after the warm-up).
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// Warm-up rounds, not counted.
    #[arg(long, default_value_t = 1)]
    warmup: usize,
    /// Base directory for build outputs (use a tmpfs: /dev/shm). Only its `rapporteur/`,
    /// `rapporteur-revisions/`, `hugo/`, `serve/` and `serve-revisions/` subfolders are ever
    /// removed.
    #[arg(long, default_value = "/dev/shm/rapporteur-bench")]
    out: PathBuf,
    /// Where generated corpora are kept and reused (`<dir>/n<N>-s<seed>-k<size>`).
    #[arg(long, default_value = "/tmp/rapporteur-bench")]
    corpus_dir: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Mean size of one report in one language, KiB.
    #[arg(long, default_value_t = 16.0)]
    size: f64,
    /// The rapporteur binary; default: target/release/rapporteur, built first with cargo.
    #[arg(long)]
    bin: Option<PathBuf>,
    /// Do not run Hugo even if it is on PATH.
    #[arg(long)]
    no_hugo: bool,
    /// The Hugo binary to compare with (default: `hugo` on PATH, if there is one).
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// The Zola binary to compare with, on the same corpus written as a Zola site.
    #[arg(long)]
    zola: Option<PathBuf>,
    /// Skip the `serve` edit-latency measurement.
    #[arg(long)]
    no_serve: bool,
    /// Edits for the serve latency measurement.
    #[arg(long, default_value_t = 20)]
    edits: usize,
    /// Pause before each edit, milliseconds (lets the watcher settle).
    #[arg(long, default_value_t = 700)]
    settle_ms: u64,
    /// Run every size of --sizes and draw build time (and peak RSS) against site size.
    #[arg(long)]
    chart: Option<PathBuf>,
    /// Only the load test of `serve` (20 clients, 30 s, loopback) on the corpus of --reports.
    #[arg(long)]
    load: bool,
    /// Clients of the load test.
    #[arg(long, default_value_t = 20)]
    clients: usize,
    /// Seconds of the load test.
    #[arg(long, default_value_t = 30)]
    load_secs: u64,
    /// Sizes for --chart.
    #[arg(long, value_delimiter = ',', default_value = "100,500,1000,2000,5000")]
    sizes: Vec<usize>,
    /// Write every sample and summary as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Measure only the symbol recogniser, in this process, on the corpus of --reports.
    #[arg(long)]
    recogniser: bool,
    /// Also build the corpus with two revisions per report (`gen_corpus --revisions`),
    /// interleaved with the plain one, to measure what revision pages and redlines add.
    #[arg(long)]
    revisions: bool,
    /// With --chart: draw from the results a previous run wrote with --json; measure nothing.
    #[arg(long, requires = "chart")]
    from_json: Option<PathBuf>,
}

/// The figures of one corpus size.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SizeResult {
    pub reports: usize,
    pub pages: usize,
    pub input_mb: f64,
    pub tools: Vec<Summary>,
    pub serve: Option<serve::Latency>,
}

impl SizeResult {
    pub fn tool(&self, name: &str) -> Option<&Summary> {
        self.tools.iter().find(|t| t.name == name)
    }
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Res<()> {
    if let (Some(svg), Some(json)) = (&args.chart, &args.from_json) {
        let results: Vec<SizeResult> = serde_json::from_str(&std::fs::read_to_string(json)?)?;
        print_overview(&results);
        chart::draw(svg, &results, measure::version(args.hugo.as_deref().unwrap_or(Path::new("hugo"))).as_deref())?;
        println!("\nchart written to {}", svg.display());
        return Ok(());
    }
    print_machine();
    if args.recogniser {
        return recogniser_only(args);
    }
    let built = match &args.bin {
        Some(b) => b.clone(),
        None => build_release_binary()?,
    };
    // Other builds may replace target/release/rapporteur while we measure: run a snapshot.
    std::fs::create_dir_all(&args.corpus_dir)?;
    remove_stale_snapshots(&args.corpus_dir);
    let bin = args.corpus_dir.join(format!("rapporteur-{}", std::process::id()));
    std::fs::copy(&built, &bin)?;
    let _snapshot = RemoveOnDrop(bin.clone());
    println!("rapporteur: {} (snapshot of {}; {})", bin.display(), built.display(), git_state());
    let hugo_bin = args.hugo.clone().unwrap_or_else(|| PathBuf::from("hugo"));
    let hugo = if args.no_hugo { None } else { measure::version(&hugo_bin) };
    match &hugo {
        Some(v) => println!("hugo:       {v}"),
        None => println!("hugo:       not used ({})", if args.no_hugo { "--no-hugo" } else { "not found" }),
    }
    let zola = args.zola.as_deref().and_then(measure::version);
    match (&zola, &args.zola) {
        (Some(v), _) => println!("zola:       {v}"),
        (None, Some(z)) => return Err(format!("--zola {}: does not run", z.display()).into()),
        (None, None) => println!("zola:       not used (no --zola)"),
    }
    let peers = Peers { hugo: hugo.as_ref().map(|_| hugo_bin.clone()), zola: zola.as_ref().and(args.zola.clone()) };
    println!("rayon threads for the pulldown-cmark reference: {}", rayon::current_num_threads());
    std::fs::create_dir_all(&args.out)?;

    if args.load {
        let dir = args.corpus_dir.join(format!("n{}-s{}-k{}", args.reports, args.seed, args.size));
        let stats = match corpus::cached(&dir, args.reports, args.seed, args.size, corpus::Peers::default()) {
            Some(s) => s,
            None => corpus::generate(&dir, args.reports, args.seed, args.size, corpus::Peers::default())?,
        };
        let layout = corpus::Layout::under(&dir, corpus::Peers::default());
        let out = args.out.join("load");
        let load = load::run(&bin, &layout.neutral, &out, &stats.first_slug, args.clients, args.load_secs)?;
        if let Some(path) = &args.json {
            std::fs::write(path, serde_json::to_string_pretty(&load)?)?;
        }
        return Ok(());
    }
    let mut results = Vec::new();
    if let Some(svg) = &args.chart {
        for &n in &args.sizes {
            let r = bench_size(args, &bin, &peers, n, false)?;
            results.push(r);
        }
        print_overview(&results);
        chart::draw(svg, &results, hugo.as_deref())?;
        println!("\nchart written to {}", svg.display());
    } else {
        let r = bench_size(args, &bin, &peers, args.reports, !args.no_serve)?;
        results.push(r);
    }
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&results)?)?;
        println!("results written to {}", path.display());
    }
    Ok(())
}

/// The recogniser's throughput on the corpus: it must stay above 150 MB/s.
fn recogniser_only(args: &Args) -> Res<()> {
    let dir = args.corpus_dir.join(format!("n{}-s{}-k{}", args.reports, args.seed, args.size));
    let stats = match corpus::cached(&dir, args.reports, args.seed, args.size, corpus::Peers::default()) {
        Some(s) => s,
        None => corpus::generate(&dir, args.reports, args.seed, args.size, corpus::Peers::default())?,
    };
    let layout = corpus::Layout::under(&dir, corpus::Peers::default());
    let bodies = measure::MarkdownReference::load(&layout.neutral)?;
    let (mb_s, found, near) = bodies.recogniser(args.runs);
    println!(
        "symbol recogniser, one thread, {:.1} MB of Markdown ({} reports): {mb_s:.0} MB/s (best of {}), {found} references, {near} near-symbols; target > 150 MB/s: {}",
        stats.input_mb(),
        args.reports,
        args.runs,
        if mb_s > 150.0 { "met" } else { "missed" }
    );
    Ok(())
}

/// Snapshots left by benchmark processes that were killed.
fn remove_stale_snapshots(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("rapporteur-").and_then(|p| p.parse::<u32>().ok())
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Removes a file when dropped.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The commit the measured code is at, and whether the work tree differs from it.
fn git_state() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let Some(head) = git(&["rev-parse", "--short", "HEAD"]) else { return "not a git checkout".into() };
    let dirty = git(&["status", "--porcelain", "--untracked-files=no", "--", "src", "themes", "Cargo.toml"])
        .is_some_and(|s| !s.is_empty());
    format!("commit {head}{}", if dirty { " + uncommitted changes in src/themes" } else { "" })
}

/// `cargo build --release --bin rapporteur`, so the figures are always of the current code.
fn build_release_binary() -> Res<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("bench: cargo build --release --bin rapporteur");
    let status = std::process::Command::new(cargo)
        .args(["build", "--release", "--bin", "rapporteur", "--manifest-path"])
        .arg(manifest.join("Cargo.toml"))
        .status()?;
    if !status.success() {
        return Err(format!("cargo build --release failed ({status})").into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| manifest.join("target"), PathBuf::from);
    let bin = target.join("release/rapporteur");
    if !bin.is_file() {
        return Err(format!("{} not found after cargo build", bin.display()).into());
    }
    Ok(bin)
}

fn print_machine() {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|r| r.trim_start_matches([' ', '\t', ':']).to_string()))
        .unwrap_or_else(|| "unknown".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("machine:    {cores} cores, {model}, {:.1} GiB", mem_kib as f64 / 1024.0 / 1024.0);
    print_load("load at start");
}

/// The 1-, 5- and 15-minute load averages: other work on the machine skews every figure.
fn print_load(when: &str) {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let three: Vec<&str> = load.split_whitespace().take(3).collect();
    println!("{when}: {} (1, 5, 15 min)", three.join(" "));
    let cores = std::thread::available_parallelism().map_or(1, usize::from) as f64;
    if three.first().and_then(|l| l.parse::<f64>().ok()).is_some_and(|l| l > cores / 2.0) {
        println!(
            "   note: the machine is busy (load ≥ half its {cores} cores): wall times are inflated and noisy; \
             CPU times and the paired ratios are the figures to compare"
        );
    }
}

/// The peers' binaries that run beside rapporteur.
struct Peers {
    hugo: Option<PathBuf>,
    zola: Option<PathBuf>,
}

/// Generates (or reuses) the corpus of `n` reports and runs every measurement on it.
fn bench_size(args: &Args, bin: &Path, peers: &Peers, n: usize, with_serve: bool) -> Res<SizeResult> {
    let sites = corpus::Peers { hugo: peers.hugo.is_some(), zola: peers.zola.is_some() };
    let dir = args.corpus_dir.join(format!("n{n}-s{}-k{}", args.seed, args.size));
    let stats = match corpus::cached(&dir, n, args.seed, args.size, sites) {
        Some(s) => {
            println!("\n== {n} reports: corpus {} (reused)", dir.display());
            s
        }
        None => {
            let t = Instant::now();
            let s = corpus::generate(&dir, n, args.seed, args.size, sites)?;
            println!("\n== {n} reports: corpus {} (generated in {:.1} s)", dir.display(), t.elapsed().as_secs_f64());
            s
        }
    };
    println!(
        "   {} pages, {:.1} MB of Markdown (zh {:.1} KiB, en {:.1} KiB per report), {} footnote definitions",
        stats.pages(),
        stats.input_mb(),
        stats.bytes_zh as f64 / 1024.0 / n.max(1) as f64,
        stats.bytes_en as f64 / 1024.0 / n.max(1) as f64,
        stats.footnotes
    );
    let layout = corpus::Layout::under(&dir, sites);

    let mut tools: Vec<measure::Tool> =
        vec![measure::Tool::rapporteur(bin, &layout.neutral, &args.out.join("rapporteur"))];
    if args.revisions {
        let revised = args.corpus_dir.join(format!("n{n}-s{}-k{}-r2", args.seed, args.size));
        let none = corpus::Peers::default();
        let root = corpus::Layout::under(&revised, none).neutral;
        if corpus::cached(&revised, n, args.seed, args.size, none).is_none() || !corpus::has_revisions(&root) {
            corpus::generate(&revised, n, args.seed, args.size, none)?;
            corpus::add_revisions(&root, args.seed)?;
        }
        let out = args.out.join("rapporteur-revisions");
        tools.push(measure::Tool::rapporteur(bin, &root, &out).named("rapporteur+revisions"));
    }
    if let (Some(site), Some(hugo)) = (&layout.hugo, &peers.hugo) {
        tools.push(measure::Tool::hugo(hugo, site, &args.out.join("hugo")));
    }
    if let (Some(site), Some(zola)) = (&layout.zola, &peers.zola) {
        tools.push(measure::Tool::zola(zola, site, &args.out.join("zola")));
    }
    let markdown = measure::MarkdownReference::load(&layout.neutral)?;

    let names: Vec<String> = tools
        .iter()
        .map(|t| t.name.clone())
        .chain(["pulldown-cmark".to_string(), "pulldown-cmark-1t".to_string()])
        .collect();
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); names.len()];
    for round in 0..args.warmup + args.runs {
        let tag = if round < args.warmup { "warm-up".to_string() } else { format!("run {}", round - args.warmup + 1) };
        let mut round_samples = Vec::new();
        for tool in &tools {
            round_samples.push(tool.run()?);
        }
        round_samples.push(markdown.run(true));
        round_samples.push(markdown.run(false));
        for (i, s) in round_samples.into_iter().enumerate() {
            eprintln!(
                "   {tag:<8} {:<18} wall {:.3} s  cpu {:.3} s  peak {}",
                names[i],
                s.wall,
                s.cpu,
                s.peak_mib.map_or("—".to_string(), |p| format!("{p:.1} MiB"))
            );
            if round >= args.warmup {
                samples[i].push(s);
            }
        }
    }
    let summaries: Vec<Summary> =
        names.iter().zip(&samples).map(|(name, s)| Summary::of(name, s, &samples[0])).collect();
    print_table(&summaries, &stats);
    if let Some(r) = summaries.iter().find(|s| s.name == "rapporteur+revisions")
        && let Some(ratio) = r.ratio_to_first
    {
        println!(
            "   two revisions per report (revision pages and redlines) add {:+.1} % to the build (median of paired rounds; min {:+.1} %, max {:+.1} %)",
            (ratio[1] - 1.0) * 100.0,
            (ratio[0] - 1.0) * 100.0,
            (ratio[2] - 1.0) * 100.0
        );
    }
    print_load("   load after the runs");
    print_targets(n, &summaries);

    let serve = if with_serve {
        serve::measure(
            bin,
            &layout.neutral,
            &args.out.join("serve"),
            &stats.first_slug,
            "",
            args.edits,
            args.settle_ms,
        )?
    } else {
        None
    };
    if with_serve && args.revisions {
        // The same edits on the corpus with revisions, seen on the redline of the current
        // text (a marker paragraph appended: an inserted row) and on the report page.
        let root = corpus::Layout::under(
            &args.corpus_dir.join(format!("n{n}-s{}-k{}-r2", args.seed, args.size)),
            corpus::Peers::default(),
        )
        .neutral;
        let out = args.out.join("serve-revisions");
        for page in ["", "compare/rev-2-vs-current/"] {
            serve::measure(bin, &root, &out, &stats.first_slug, page, args.edits, args.settle_ms)?;
        }
    }
    Ok(SizeResult { reports: n, pages: stats.pages(), input_mb: stats.input_mb(), tools: summaries, serve })
}

fn fmt3(v: [f64; 3], prec: usize) -> String {
    format!("{:.p$} / {:.p$} / {:.p$}", v[0], v[1], v[2], p = prec)
}

fn print_table(summaries: &[Summary], stats: &corpus::Stats) {
    println!(
        "\n   {:<18} {:<24} {:<24} {:<26} {:>9} {:>8}",
        "", "wall s (min/med/max)", "cpu s (min/med/max)", "peak MiB (min/med/max)", "pages/s", "MB/s"
    );
    for s in summaries {
        println!(
            "   {:<18} {:<24} {:<24} {:<26} {:>9.0} {:>8.1}",
            s.name,
            fmt3(s.wall, 3),
            fmt3(s.cpu, 3),
            s.peak_mib.map_or("—".to_string(), |p| fmt3(p, 1)),
            stats.pages() as f64 / s.wall[1],
            stats.input_mb() / s.wall[1]
        );
        if s.failures > 0 {
            println!("   !! {} of the runs of {} exited non-zero", s.failures, s.name);
        }
    }
    for s in summaries.iter().skip(1) {
        if let Some(r) = s.ratio_to_first {
            let first = &summaries[0].name;
            println!("   ratio {}/{first} wall (paired, min/med/max): {}", s.name, fmt3(r, 2));
        }
    }
    if let (Some(ours), Some(md)) =
        (summaries.iter().find(|s| s.name == "rapporteur"), summaries.iter().find(|s| s.name == "pulldown-cmark"))
    {
        println!("   rapporteur / bare pulldown-cmark (all cores), medians: {:.2}×", ours.wall[1] / md.wall[1]);
    }
}

/// The team's targets, where this size has one.
fn print_targets(n: usize, summaries: &[Summary]) {
    let Some(ours) = summaries.iter().find(|s| s.name == "rapporteur") else { return };
    let md = summaries.iter().find(|s| s.name == "pulldown-cmark");
    let wall = match n {
        100 => Some(0.10),
        1000 => Some(0.70),
        5000 => Some(3.2),
        _ => None,
    };
    let rss = match n {
        1000 => Some(150.0),
        5000 => Some(570.0),
        _ => None,
    };
    let mark = |ok: bool| if ok { "ok" } else { "MISSED" };
    if let Some(w) = wall {
        println!("   target: median wall ≤ {w:.2} s: {:.3} s  {}", ours.wall[1], mark(ours.wall[1] <= w));
    }
    if let (Some(r), Some(p)) = (rss, ours.peak_mib) {
        println!("   target: peak RSS ≤ {r:.0} MiB: {:.1} MiB  {}", p[1], mark(p[1] <= r));
    }
    if let Some(md) = md {
        let ratio = ours.wall[1] / md.wall[1];
        println!("   target: ≤ 1.5× bare pulldown-cmark: {ratio:.2}×  {}", mark(ratio <= 1.5));
    }
}

/// The paired median ratio of the faster peer's wall time to rapporteur's.
fn faster_peer_ratio(r: &SizeResult) -> Option<f64> {
    ["hugo", "zola"].iter().filter_map(|p| r.tool(p).and_then(|t| t.ratio_to_first).map(|x| x[1])).reduce(f64::min)
}

fn print_overview(results: &[SizeResult]) {
    println!("\n== medians by size");
    println!(
        "   {:>7}  {:>22}  {:>22}  {:>22}  {:>14}  {:>16}",
        "reports", "rapporteur s / MiB", "hugo s / MiB", "zola s / MiB", "pulldown s", "faster peer/ours"
    );
    for r in results {
        let cell = |name: &str| {
            r.tool(name).map_or("—".to_string(), |t| {
                format!("{:.3} / {}", t.wall[1], t.peak_mib.map_or("—".to_string(), |p| format!("{:.0}", p[1])))
            })
        };
        let md = r.tool("pulldown-cmark").map_or("—".to_string(), |t| format!("{:.3}", t.wall[1]));
        let ratio = faster_peer_ratio(r).map_or("—".to_string(), |x| format!("{x:.2}"));
        println!(
            "   {:>7}  {:>22}  {:>22}  {:>22}  {:>14}  {:>16}",
            r.reports,
            cell("rapporteur"),
            cell("hugo"),
            cell("zola"),
            md,
            ratio
        );
    }
}
