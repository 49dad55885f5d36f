//! The `rapporteur` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Rendering allocates many short strings on every thread; mimalloc's per-thread heaps make
/// that markedly cheaper than the system allocator (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rapporteur::BuildOptions;
use rapporteur::{Diagnostic, Error, Shown};
use rapporteur::{errln, outln};

/// Static site generator for United Nations progress reports.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render the site into the output directory (default: site/).
    Build {
        /// The site folder (holding content/ and optionally site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; replaced only when the build succeeds.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Overrides base_url from site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Link pages by relative paths ending in index.html, so that the output works when
        /// opened from disk (file://); also `relative_urls: true` in site.yaml.
        #[arg(long)]
        relative_urls: bool,
    },
    /// Everything a build does except writing, plus site-wide checks.
    Check {
        /// The site folder (holding content/ and optionally site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `text` (rustc-style, on stderr) or `json` (one object on stdout, for tools and CI).
        #[arg(long, default_value = "text")]
        format: Format,
    },
    /// Create a report: content/<section>/<slug>/index.<lang>.md for each language.
    New {
        /// `<section>/<slug>`, e.g. `reports/a-78-123`.
        name: String,
        /// Only this language (repeatable); default: every configured language.
        #[arg(long)]
        lang: Vec<String>,
        /// The document symbol for the masthead, e.g. `A/78/123`.
        #[arg(long)]
        symbol: Option<String>,
        /// The title (the same in every file until translated); default: the slug.
        #[arg(long)]
        title: Option<String>,
        /// The date, YYYY-MM-DD; default: today.
        #[arg(long)]
        date: Option<String>,
        /// The site folder (holding content/ and optionally site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build, serve over HTTP, rebuild on every change and reload the open pages.
    Serve {
        /// The site folder to build, watch and serve (holding content/ and optionally
        /// site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on [default: 127.0.0.1]; any other must be named here.
        #[arg(long)]
        bind: Option<String>,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Where to write the site, kept up to date [default: <root>/site].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Also answer requests for this host name (repeatable); by default only localhost
        /// and the loopback or --bind address are answered.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { root, output, base_url, relative_urls } => {
            rapporteur::build(&BuildOptions { root, output, base_url, relative_urls }).map(|o| {
                print_diagnostics(&o.diagnostics);
                outln!("{}", o.summary_line("built"));
            })
        }
        Command::Check { root, format: Format::Json } => {
            let (status, diags) = match rapporteur::check(&root) {
                Ok(o) => (ExitCode::SUCCESS, o.diagnostics),
                Err(Error::Content(diags)) => (ExitCode::FAILURE, diags),
                Err(e) => {
                    (ExitCode::FAILURE, vec![Diagnostic::file(rapporteur::Severity::Error, &root, e.to_string())])
                }
            };
            print_json(&diags);
            return status;
        }
        Command::Check { root, format: Format::Text } => rapporteur::check(&root).map(|o| {
            print_diagnostics(&o.diagnostics);
            outln!("{}", o.summary_line("checked"));
        }),
        Command::Serve { root, bind, port, open, output, allow_host } => {
            rapporteur::serve(&rapporteur::ServeOptions { root, bind, port, open, output, allow_hosts: allow_host })
        }
        Command::New { name, lang, root, symbol, title, date } => {
            let report = rapporteur::NewReport { name, langs: lang, symbol, title, date };
            rapporteur::new_report(&root, &report).map(|files| {
                for f in files {
                    outln!("created {}", f.display());
                }
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Content(diags)) => {
            print_diagnostics(&diags);
            let n = diags.iter().filter(|d| d.is_error()).count();
            errln!("error: {n} error{} found; nothing was written", if n == 1 { "" } else { "s" });
            ExitCode::FAILURE
        }
        Err(e) => {
            errln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How `check` reports.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Prints every diagnostic (none left out) as one JSON object on stdout.
fn print_json(diags: &[Diagnostic]) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let report = serde_json::json!({
        "errors": errors,
        "warnings": diags.len() - errors,
        "diagnostics": diags.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
    });
    outln!("{report}");
}

/// Prints diagnostics grouped by file, errors first within each file, at most
/// [`rapporteur::SHOWN_PER_FILE`] of each file.
fn print_diagnostics(diags: &[Diagnostic]) {
    let styled = std::io::IsTerminal::is_terminal(&std::io::stderr());
    for item in rapporteur::shown(diags) {
        match item {
            Shown::Diagnostic(d) => errln!("{}\n", if styled { d.render_styled() } else { d.render() }),
            Shown::More(line) => errln!("{line}\n"),
        }
    }
}
