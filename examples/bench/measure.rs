//! Timing whole processes (wall, CPU, peak RSS through `wait4`) and the in-process bare
//! pulldown-cmark reference.

use std::ffi::OsString;
use std::io::Read as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

use crate::Res;

/// One run of one tool.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Sample {
    pub wall: f64,
    /// User + system seconds.
    pub cpu: f64,
    /// `ru_maxrss` of the child; none for in-process measurements.
    pub peak_mib: Option<f64>,
    pub ok: bool,
}

/// min / median / max of a tool's runs.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub name: String,
    pub wall: [f64; 3],
    pub cpu: [f64; 3],
    pub peak_mib: Option<[f64; 3]>,
    /// This tool's wall time over the first tool's, paired round by round.
    pub ratio_to_first: Option<[f64; 3]>,
    pub failures: usize,
    pub samples: Vec<Sample>,
}

fn min_med_max(mut xs: Vec<f64>) -> [f64; 3] {
    if xs.is_empty() {
        return [f64::NAN; 3];
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    let med = if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 };
    [xs[0], med, xs[n - 1]]
}

impl Summary {
    pub fn of(name: &str, samples: &[Sample], first: &[Sample]) -> Summary {
        let peaks: Vec<f64> = samples.iter().filter_map(|s| s.peak_mib).collect();
        let ratio = (!std::ptr::eq(samples, first))
            .then(|| min_med_max(samples.iter().zip(first).map(|(a, b)| a.wall / b.wall).collect()));
        Summary {
            name: name.to_string(),
            wall: min_med_max(samples.iter().map(|s| s.wall).collect()),
            cpu: min_med_max(samples.iter().map(|s| s.cpu).collect()),
            peak_mib: (!peaks.is_empty()).then(|| min_med_max(peaks)),
            ratio_to_first: ratio,
            failures: samples.iter().filter(|s| !s.ok).count(),
            samples: samples.to_vec(),
        }
    }
}

/// A build command whose output directory is removed before every run.
pub struct Tool {
    pub name: String,
    argv: Vec<OsString>,
    output: PathBuf,
    log: PathBuf,
}

impl Tool {
    pub fn rapporteur(bin: &Path, root: &Path, output: &Path) -> Tool {
        Tool {
            name: "rapporteur".into(),
            argv: vec![bin.into(), "build".into(), "--root".into(), root.into(), "--output".into(), output.into()],
            output: output.to_path_buf(),
            log: output.with_extension("log"),
        }
    }

    /// The same tool under another name in the tables.
    pub fn named(self, name: &str) -> Tool {
        Tool { name: name.to_string(), ..self }
    }

    pub fn hugo(bin: &Path, site: &Path, output: &Path) -> Tool {
        Tool {
            name: "hugo".into(),
            argv: vec![bin.into(), "--quiet".into(), "-s".into(), site.into(), "-d".into(), output.into()],
            output: output.to_path_buf(),
            log: output.with_extension("log"),
        }
    }

    pub fn zola(bin: &Path, site: &Path, output: &Path) -> Tool {
        Tool {
            name: "zola".into(),
            argv: vec![
                bin.into(),
                "--root".into(),
                site.into(),
                "build".into(),
                "--output-dir".into(),
                output.into(),
                "--force".into(),
            ],
            output: output.to_path_buf(),
            log: output.with_extension("log"),
        }
    }

    /// One timed run, from a removed output directory.
    pub fn run(&self) -> Res<Sample> {
        if self.output.exists() {
            std::fs::remove_dir_all(&self.output)?;
        }
        let log = std::fs::File::create(&self.log)?;
        let sample = run_process(&self.argv, log)?;
        if !sample.ok {
            let mut text = String::new();
            std::fs::File::open(&self.log)?.read_to_string(&mut text)?;
            let tail: Vec<&str> = text.lines().rev().take(15).collect();
            eprintln!("   {} failed; last lines of {}:", self.name, self.log.display());
            for l in tail.into_iter().rev() {
                eprintln!("     {l}");
            }
        }
        Ok(sample)
    }
}

/// Spawns `argv` in its own process group, output to `log`, and reaps it with `wait4`.
fn run_process(argv: &[OsString], log: std::fs::File) -> Res<Sample> {
    let Some((program, rest)) = argv.split_first() else { return Err("empty command".into()) };
    let mut cmd = Command::new(program);
    cmd.args(rest).stdin(Stdio::null()).stdout(log.try_clone()?).stderr(log).process_group(0);
    let start = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        // SAFETY: `pid` is our own child, not yet reaped (the Child handle never waits);
        // `status` and `usage` are valid for writes.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    let wall = start.elapsed().as_secs_f64();
    drop(child);
    if reaped != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()).into());
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Sample {
        wall,
        cpu: secs(usage.ru_utime) + secs(usage.ru_stime),
        // Linux: KiB.
        peak_mib: Some(usage.ru_maxrss as f64 / 1024.0),
        ok: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    })
}

/// The version line a peer's binary prints (`hugo version`, `zola --version`), if it runs.
pub fn version(bin: &Path) -> Option<String> {
    let hugo = bin.file_name().is_some_and(|n| n.to_string_lossy().starts_with("hugo"));
    let arg = if hugo { "version" } else { "--version" };
    let out = Command::new(bin).arg(arg).stdin(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The same parser options as rapporteur (`rapporteur::markdown::options`).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Every report body of a corpus, in memory: the bare parse + HTML reference.
pub struct MarkdownReference {
    bodies: Vec<String>,
}

impl MarkdownReference {
    /// Reads `content/reports/*/index.*.md` under `root`, front matter removed.
    pub fn load(root: &Path) -> Res<MarkdownReference> {
        let mut bodies = Vec::new();
        let reports = root.join("content/reports");
        let mut dirs: Vec<PathBuf> =
            std::fs::read_dir(&reports)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for dir in dirs {
            for lang in crate::corpus::LANGS {
                let text = std::fs::read_to_string(dir.join(format!("index.{lang}.md")))?;
                bodies.push(strip_front_matter(&text).to_string());
            }
        }
        Ok(MarkdownReference { bodies })
    }

    /// The symbol recogniser alone, on one thread, over every paragraph of every body (as
    /// the symbol adapter hands it paragraphs): MB/s of Markdown, best of `runs`, and how
    /// many references and near-symbols it found.
    pub fn recogniser(&self, runs: usize) -> (f64, usize, usize) {
        let recogniser = rapporteur::symbol::Recogniser::new(&[]);
        let context = rapporteur::symbol::Context::default();
        let paragraphs: Vec<&str> = self.bodies.iter().flat_map(|b| b.split("\n\n")).collect();
        let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
        let (mut best, mut found, mut near) = (f64::INFINITY, 0, 0);
        for _ in 0..runs.max(1) {
            let start = Instant::now();
            let (mut f, mut n) = (0, 0);
            for p in &paragraphs {
                let r = recogniser.scan(p, &context);
                f += r.matches.len();
                n += r.suspects.len();
            }
            best = best.min(start.elapsed().as_secs_f64());
            (found, near) = (f, n);
        }
        (bytes as f64 / 1e6 / best, found, near)
    }

    /// Parses and renders every body to HTML, on all cores or on one; the CPU time is this
    /// process's (all its threads) over the run.
    pub fn run(&self, parallel: bool) -> Sample {
        let render = |body: &String| {
            let mut out = String::with_capacity(body.len() * 3 / 2);
            html::push_html(&mut out, Parser::new_ext(body, options()));
            out.len()
        };
        let cpu0 = process_cpu();
        let start = Instant::now();
        let bytes: usize =
            if parallel { self.bodies.par_iter().map(render).sum() } else { self.bodies.iter().map(render).sum() };
        let wall = start.elapsed().as_secs_f64();
        std::hint::black_box(bytes);
        Sample { wall, cpu: process_cpu() - cpu0, peak_mib: None, ok: true }
    }
}

fn strip_front_matter(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---\n")
    {
        return &rest[end + 5..];
    }
    text
}

/// User + system seconds of this process so far.
fn process_cpu() -> f64 {
    // SAFETY: an all-zero rusage is valid; getrusage only writes into it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}
