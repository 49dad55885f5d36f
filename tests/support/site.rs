//! The real binary on small sites: run it, make a site, snapshot a folder.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The result of one run of the binary.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_rapporteur");

/// Runs `rapporteur` with `args` in `dir`.
pub fn rapporteur(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN).args(args).current_dir(dir).env("NO_COLOR", "1").output().expect("the binary runs");
    let run = Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "rapporteur panicked:\n{}", run.stderr);
    run
}

/// A temporary site made of `(path, contents)` pairs.
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        write(dir.path(), path, text.as_bytes());
    }
    dir
}

pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// The repository root (where the bundled `content/` lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, relative, sorted, with contents.
pub use super::server::snapshot as snapshot_dir;

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

pub const REPORT_ZH: &str = "---\ntitle: 测试报告\nsymbol: A/78/1\ndate: 2023-09-01\n---\n\n## 一. 导言\n\n1. 第一段，见 A/77/275。[^1]\n\n(a) 分段。\n\n2. 第二段。\n\n[^1]: 脚注。\n";
pub const REPORT_EN: &str = "---\ntitle: Test report\nsymbol: A/78/1\ndate: 2023-09-01\ntranslation: unofficial\n---\n\n## I. Introduction\n\n1. First paragraph, see A/77/275.[^1]\n\n(a) Sub-paragraph.\n\n2. Second paragraph.\n\n[^1]: A note.\n";
