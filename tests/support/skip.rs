//! Tests that need a tool the machine may lack (headless Chromium, the Nu Html Checker,
//! axe-core) skip through here, so that a skip is never mistaken for a pass:
//!
//! - the notice goes straight to the process's stderr, past the test harness's capture, so
//!   plain `cargo test` shows it;
//! - under `RAPPORTEUR_REQUIRE_BROWSER=1` / `RAPPORTEUR_REQUIRE_TOOLS=1` (CI) the test fails
//!   instead;
//! - each skip is recorded under the target directory, and the last test binary of the run
//!   (`tests/zz_skipped.rs`) prints one closing line per missing tool with the command that
//!   installs it. A test that runs with its tool removes its record, so the summary says what
//!   the latest run of each test skipped.

use std::io::Write as _;
use std::path::PathBuf;

/// A tool some tests need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Headless Chromium and chromedriver.
    Browser,
    /// Java and the npm package `vnu-jar` (the Nu Html Checker).
    Validator,
    /// The npm package `axe-core`.
    Axe,
}

impl Tool {
    /// What is missing, for a reader.
    pub fn what(self) -> &'static str {
        match self {
            Tool::Browser => "headless Chromium and chromedriver",
            Tool::Validator => "Java and the Nu Html Checker (node_modules/vnu-jar)",
            Tool::Axe => "axe-core (node_modules/axe-core)",
        }
    }

    /// The command that installs it.
    pub fn install(self) -> &'static str {
        match self {
            Tool::Browser => "apt-get install chromium chromium-driver",
            Tool::Validator => "apt-get install default-jre-headless && npm ci --ignore-scripts",
            Tool::Axe => "npm ci --ignore-scripts",
        }
    }

    /// The variable that makes its absence a failure.
    pub fn required_by(self) -> &'static str {
        match self {
            Tool::Browser => "RAPPORTEUR_REQUIRE_BROWSER",
            Tool::Validator | Tool::Axe => "RAPPORTEUR_REQUIRE_TOOLS",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Tool::Browser => "browser",
            Tool::Validator => "validator",
            Tool::Axe => "axe",
        }
    }

    fn from_key(key: &str) -> Option<Tool> {
        [Tool::Browser, Tool::Validator, Tool::Axe].into_iter().find(|t| t.key() == key)
    }

    /// Whether CI asked for this tool to be present.
    pub fn required(self) -> bool {
        std::env::var(self.required_by()).is_ok_and(|v| v == "1")
    }
}

/// Prints past the test harness's capture, so the line shows in every run.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The folder of skip records, shared by every test binary of the package.
fn records() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("skipped-tests")
}

fn record_path(test: &str) -> PathBuf {
    let name: String = test.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    records().join(format!("{name}.txt"))
}

/// Skips `test` for lack of `tool` (`why` says what was looked for): prints the notice,
/// records it for the closing summary, and fails instead when the tool is required.
pub fn skip(test: &str, tool: Tool, why: &str) {
    let message = format!("SKIPPED: {test}: {why}; needs {}; install with `{}`", tool.what(), tool.install());
    assert!(!tool.required(), "{message} ({}=1)", tool.required_by());
    say(&format!("\n{message}\n"));
    let _ = std::fs::create_dir_all(records());
    let _ = std::fs::write(record_path(test), format!("{}\n{test}\n{why}\n", tool.key()));
}

/// `test` ran with its tools: forgets an earlier skip of it.
pub fn ran(test: &str) {
    let _ = std::fs::remove_file(record_path(test));
}

/// One recorded skip.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub test: String,
    pub why: String,
}

/// Every recorded skip, by tool, in a stable order.
pub fn recorded() -> Vec<(Tool, Vec<Skipped>)> {
    let mut by_tool: Vec<(Tool, Vec<Skipped>)> = Vec::new();
    let Ok(entries) = std::fs::read_dir(records()) else { return by_tool };
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let mut lines = text.lines();
        let (Some(tool), Some(test), why) = (lines.next().and_then(Tool::from_key), lines.next(), lines.next()) else {
            continue;
        };
        let skipped = Skipped { test: test.to_string(), why: why.unwrap_or("").to_string() };
        match by_tool.iter_mut().find(|(t, _)| *t == tool) {
            Some((_, list)) => list.push(skipped),
            None => by_tool.push((tool, vec![skipped])),
        }
    }
    for (_, list) in &mut by_tool {
        list.sort();
    }
    by_tool.sort_by_key(|(t, _)| t.key());
    by_tool
}
