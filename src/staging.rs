//! The folders a build keeps beside its output: `<name>.tmp-<pid>` (the site being written)
//! and `<name>.old-<pid>` (the previous site on its way out).
//!
//! A build that is killed leaves them behind, and each holds a whole site. The next build
//! removes those that are provably ours and abandoned: they carry the output marker and the
//! process named in them is gone. A folder of a running build, or one without the marker,
//! is never touched.
//!
//! Replacing the output is one atomic exchange where the system offers it (Linux's
//! `renameat2(RENAME_EXCHANGE)`), so the output path holds the old site or the new one at
//! every instant. Elsewhere it takes two renames; a build killed between them leaves no
//! output but an `.old-<pid>` folder, which the next build renames back before anything
//! else ([`recover`]).

use std::path::{Path, PathBuf};

use crate::write::MARKER;

/// What a staging folder is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The site being written.
    Tmp,
    /// The previous site being removed.
    Old,
}

impl Kind {
    fn tag(self) -> &'static str {
        match self {
            Kind::Tmp => "tmp",
            Kind::Old => "old",
        }
    }
}

/// The file name of the output `target`.
pub fn output_name(target: &Path) -> String {
    target.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned())
}

/// The staging folder of `kind` for `target`, owned by this process.
pub fn path(target: &Path, kind: Kind) -> PathBuf {
    target.with_file_name(format!("{}.{}-{}", output_name(target), kind.tag(), std::process::id()))
}

/// The staging folders of `target` left by processes that no longer run, with their kind.
fn abandoned(target: &Path) -> Vec<(Kind, PathBuf)> {
    let name = output_name(target);
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&name) else { continue };
        let (kind, pid) = if let Some(pid) = rest.strip_prefix(".tmp-") {
            (Kind::Tmp, pid)
        } else if let Some(pid) = rest.strip_prefix(".old-") {
            (Kind::Old, pid)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        let path = entry.path();
        // Ours: a real folder (not a link) holding the marker, of a process that is gone.
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir && path.join(MARKER).is_file() && pid != std::process::id() && !process_alive(pid) {
            found.push((kind, path));
        }
    }
    found.sort();
    found
}

/// Puts back the previous site when a build was killed between the two renames of a swap
/// (no output, an abandoned `.old-` folder). Returns the folder restored, if any.
pub fn recover(target: &Path) -> std::io::Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Ok(None);
    }
    let Some((_, old)) = abandoned(target).into_iter().find(|(k, _)| *k == Kind::Old) else { return Ok(None) };
    std::fs::rename(&old, target)?;
    Ok(Some(old))
}

/// Removes the abandoned staging folders of `target`; returns those removed.
pub fn clean_abandoned(target: &Path, remove: impl Fn(&Path) -> std::io::Result<()>) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for (_, dir) in abandoned(target) {
        if remove(&dir).is_ok() {
            removed.push(dir);
        }
    }
    removed
}

/// Whether process `pid` still runs; when in doubt, yes.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
        // SAFETY: signal 0 checks for the process without sending anything.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Exchanges the folders `a` and `b` atomically. `Ok(false)` when the system or the file
/// system cannot; the caller then falls back to two renames.
pub fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
        let (ca, cb) = (c(a)?, c(b)?);
        // The raw system call, so that it works whatever the C library (glibc before 2.28
        // and musl have no wrapper).
        // SAFETY: both paths are NUL-terminated strings that outlive the call.
        let r = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
            _ => Err(e),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Takes an exclusive advisory lock on `file` without waiting; `Ok(false)` when another
/// process holds it. The lock goes with the file's descriptor, so also with a killed
/// process. (`File::try_lock` needs a newer Rust than the crate supports.)
pub fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd as _;
        // SAFETY: the descriptor is open for as long as `file` lives.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        if e.kind() == std::io::ErrorKind::WouldBlock { Ok(false) } else { Err(e) }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(true)
    }
}
