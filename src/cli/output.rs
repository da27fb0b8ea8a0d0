//! Writing output: to standard output (no `--out`, or `--out -`), or to a file.
//!
//! The contract (README, "Output files"):
//! - a regular file (new or existing) is replaced atomically: a hidden temporary file
//!   `.NAME.XXXXXX.tmp` is created next to it before the simulation starts (so an unwritable
//!   folder is refused at once, exit 2) and renamed over it at the end; a failed or interrupted
//!   run removes it and leaves the old file as it was;
//! - a symbolic link is followed: its target is replaced and the link is kept;
//! - an existing file keeps its permissions (and, when run as root, its owner); a new file is
//!   created with mode 0666 less the umask, as the shell's `>` does;
//! - special files (character devices such as `/dev/null`, FIFOs) are opened and written
//!   directly, never replaced;
//! - an existing file without write permission is refused (exit 2), also when run as root:
//!   it is never silently replaced;
//! - an output that is one of the command's input files, or `--out` and `--plot` naming the
//!   same file, is refused (exit 2) before anything is read or written.

use super::CliError;
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Where one output goes, prepared before the simulation.
#[derive(Debug)]
enum Dest {
    /// Standard output (`-`).
    Stdout,
    /// A special file (device, FIFO), opened and written directly at the end.
    Direct(PathBuf),
    /// A regular file replaced by renaming `tmp` (already created, empty) over `target`.
    Replace {
        target: PathBuf,
        tmp: PathBuf,
        file: File,
    },
}

/// Outputs prepared by [`prepare`], by the path given on the command line.
static PREPARED: Mutex<Option<HashMap<PathBuf, Dest>>> = Mutex::new(None);

fn prepared() -> MutexGuard<'static, Option<HashMap<PathBuf, Dest>>> {
    PREPARED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove every temporary file not yet renamed (after a failure, or on a signal). Returns
/// with the lock held, so no rename can start afterwards.
pub fn discard_all() -> impl Sized {
    let mut guard = prepared();
    discard(&mut guard);
    guard
}

/// Like [`discard_all`], but only when no other code holds the lock (for the panic hook,
/// which may run on the thread that holds it).
pub fn discard_all_if_free() {
    if let Ok(mut guard) = PREPARED.try_lock() {
        discard(&mut guard);
    }
}

fn discard(guard: &mut Option<HashMap<PathBuf, Dest>>) {
    if let Some(map) = guard.as_mut() {
        for (_, dest) in map.drain() {
            if let Dest::Replace { tmp, .. } = dest {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

/// The standard output as given (`-`).
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Check and prepare every output of a command before anything runs: `outputs` are
/// (flag, path) pairs, `inputs` the files the command reads. Exit code 2 for a refusal.
pub fn prepare(outputs: &[(&str, &Path)], inputs: &[&Path]) -> Result<(), CliError> {
    let mut seen: Vec<(&str, &Path, Identity)> = Vec::new();
    let mut stdout_flags = Vec::new();
    for &(flag, path) in outputs {
        if is_stdout(path) {
            stdout_flags.push(flag);
            continue;
        }
        let target = resolve(flag, path)?;
        let ident = identity(&target);
        for input in inputs {
            if let (Some(a), Ok(b)) = (&ident, std::fs::metadata(input)) {
                if same_file(a, &b) {
                    return Err(CliError::input(format!(
                        "{flag} {}: this is the input file {}; write the output elsewhere",
                        path.display(),
                        input.display()
                    )));
                }
            }
        }
        let special = std::fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir());
        let key = match ident {
            Some(m) => Identity::Existing(m),
            None => Identity::New(canonical_new(&target)),
        };
        if !special {
            if let Some((other, other_path, _)) = seen.iter().find(|(_, _, k)| *k == key) {
                return Err(CliError::input(format!(
                    "{flag} {} and {other} {} are the same file; give them different paths",
                    path.display(),
                    other_path.display()
                )));
            }
        }
        seen.push((flag, path, key));
    }
    if stdout_flags.len() > 1 {
        return Err(CliError::input(format!(
            "{} all write to standard output; give a file for all but one",
            stdout_flags.join(" and ")
        )));
    }
    for &(flag, path) in outputs {
        prepare_one(flag, path)?;
    }
    Ok(())
}

/// How two output paths are compared: by device and inode when the file exists, else by the
/// canonical folder and the file name.
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    Existing((u64, u64)),
    New(PathBuf),
}

#[cfg(unix)]
fn identity(target: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(target).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(unix)]
fn same_file(a: &(u64, u64), b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    *a == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn identity(target: &Path) -> Option<(u64, u64)> {
    // No inode numbers: compare canonical paths through a hash-free stand-in.
    std::fs::canonicalize(target).ok().map(|p| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        p.hash(&mut h);
        (0, h.finish())
    })
}

#[cfg(not(unix))]
fn same_file(a: &(u64, u64), b: &std::fs::Metadata) -> bool {
    let _ = (a, b);
    false
}

fn canonical_new(target: &Path) -> PathBuf {
    let dir = folder(target);
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match target.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// The path a write to `path` reaches: symbolic links followed (also a link to a file that
/// does not exist yet, which is then created).
fn resolve(flag: &str, path: &Path) -> Result<PathBuf, CliError> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        if is_descriptor(&p) {
            // `/dev/stdout` → `/proc/self/fd/1` → `pipe:[…]`: left to the kernel to follow.
            return Ok(p);
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p).map_err(|e| {
                    CliError::input(format!(
                        "{flag} {}: cannot read the link: {e}",
                        path.display()
                    ))
                })?;
                p = if link.is_absolute() {
                    link
                } else {
                    folder(&p).join(link)
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(p),
            Err(e) => {
                return Err(CliError::input(format!(
                    "{flag} {}: cannot use this path: {e}",
                    path.display()
                )))
            }
        }
    }
    Err(CliError::input(format!(
        "{flag} {}: too many levels of symbolic links",
        path.display()
    )))
}

/// An open descriptor of this process (`/dev/fd/N`, `/proc/self/fd/N`): written directly.
fn is_descriptor(p: &Path) -> bool {
    p.starts_with("/dev/fd")
        || (p.starts_with("/proc") && p.components().any(|c| c.as_os_str() == "fd"))
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn prepare_one(flag: &str, path: &Path) -> Result<(), CliError> {
    if prepared().as_ref().is_some_and(|m| m.contains_key(path)) {
        return Ok(());
    }
    let dest = if is_stdout(path) {
        Dest::Stdout
    } else {
        destination(flag, path)?
    };
    prepared()
        .get_or_insert_with(HashMap::new)
        .insert(path.to_path_buf(), dest);
    Ok(())
}

fn destination(flag: &str, path: &Path) -> Result<Dest, CliError> {
    let shown = path.display();
    let target = resolve(flag, path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => {
            return Err(CliError::input(format!(
                "{flag} {shown}: is a directory, expected a file path"
            )))
        }
        Ok(m) if !m.is_file() || is_descriptor(&target) => return Ok(Dest::Direct(target)),
        Ok(m) => Some(m),
        Err(_) => None,
    };
    let dir = folder(&target);
    if !dir.is_dir() {
        return Err(CliError::input(format!(
            "{flag} {shown}: the folder {} does not exist",
            dir.display()
        )));
    }
    if let Some(m) = &existing {
        let writable =
            !m.permissions().readonly() && OpenOptions::new().write(true).open(&target).is_ok();
        if !writable {
            return Err(CliError::input(format!(
                "{flag} {shown}: the file is read-only; it is not replaced (make it writable or \
                 remove it first)"
            )));
        }
    }
    // At most 100 characters of the name, so the temporary name stays within NAME_MAX.
    let name: String = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
        .chars()
        .take(100)
        .collect();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // New files get 0666 less the umask, like `>`; existing ones get their mode below.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(|e| {
        CliError::input(format!(
            "{flag} {shown}: cannot create a file in the folder {}: {e}",
            dir.display()
        ))
    })?;
    let (file, tmp) = tmp.keep().map_err(|e| {
        CliError::failure(format!("{flag} {shown}: cannot keep a temporary file: {e}"))
    })?;
    if let Some(m) = &existing {
        if let Err(e) = copy_owner_and_mode(&file, m) {
            let _ = std::fs::remove_file(&tmp);
            return Err(CliError::failure(format!(
                "{flag} {shown}: cannot copy the permissions of the existing file: {e}"
            )));
        }
    }
    Ok(Dest::Replace { target, tmp, file })
}

#[cfg(unix)]
fn copy_owner_and_mode(file: &File, m: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) != (m.uid(), m.gid()) {
        // Only root may give a file away; others keep their own ownership, as `cp` does.
        let _ = std::os::unix::fs::fchown(file, Some(m.uid()), Some(m.gid()));
    }
    file.set_permissions(std::fs::Permissions::from_mode(m.mode() & 0o7777))
}

#[cfg(not(unix))]
fn copy_owner_and_mode(file: &File, m: &std::fs::Metadata) -> std::io::Result<()> {
    file.set_permissions(m.permissions())
}

/// Check before running that `path` can be written to, so a long run does not end in a
/// refusal. (Already done for every output by [`prepare`]; kept for callers that did not.)
pub fn check_target(path: &Path) -> Result<(), CliError> {
    prepare_one("--out", path)
}

/// Write `text` (UTF-8 text or the bytes of a binary file) to `path` (prepared by [`prepare`]
/// or [`check_target`]), or to standard output when `path` is `None`.
pub fn emit(text: impl AsRef<[u8]>, path: Option<&Path>) -> Result<(), CliError> {
    let text = text.as_ref();
    let Some(path) = path else {
        return to_stdout(text);
    };
    prepare_one("--out", path)?;
    // The lock is held while a temporary file is written and renamed, so a signal cannot
    // remove it half-way (the signal handler waits, then finds nothing left to remove).
    let mut guard = prepared();
    let dest = guard.as_mut().and_then(|m| m.remove(path));
    let shown = path.display();
    let fail = |e: std::io::Error| {
        let hint = if e.raw_os_error() == Some(27) {
            " (the file size limit, ulimit -f, was reached)"
        } else {
            ""
        };
        CliError::failure(format!("{shown}: cannot write: {e}{hint}"))
    };
    match dest {
        None | Some(Dest::Stdout) => {
            drop(guard);
            to_stdout(text)
        }
        Some(Dest::Direct(target)) => {
            drop(guard);
            // Truncated like `>` (no effect on devices and FIFOs).
            let mut f = OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&target)
                .map_err(fail)?;
            f.write_all(text).and_then(|_| f.flush()).map_err(fail)
        }
        Some(Dest::Replace {
            target,
            tmp,
            mut file,
        }) => {
            let done = file
                .write_all(text)
                .and_then(|_| file.sync_all())
                .and_then(|_| std::fs::rename(&tmp, &target));
            if done.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            drop(guard);
            done.map_err(fail)
        }
    }
}

/// Standard output was closed when the process started (the runtime then points it at
/// /dev/null, so writes would "succeed" and the output be lost).
pub fn stdout_closed_at_start() -> bool {
    STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs before the Rust runtime starts (which reopens closed standard descriptors on
/// /dev/null): notes whether descriptor 1 is closed. No unsafe code: a plain function pointer
/// in the ELF initialisation array, reading /proc.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static NOTE_CLOSED_STDOUT: extern "C" fn() = note_closed_stdout;

#[cfg(target_os = "linux")]
extern "C" fn note_closed_stdout() {
    let proc_ok = std::fs::symlink_metadata("/proc/self/fd").is_ok();
    if proc_ok && std::fs::symlink_metadata("/proc/self/fd/1").is_err() {
        STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

fn to_stdout(text: &[u8]) -> Result<(), CliError> {
    if stdout_closed_at_start() {
        return Err(CliError::failure(
            "cannot write to standard output: it is closed",
        ));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text)
        .and_then(|_| out.flush())
        .map_err(|e| CliError::failure(format!("cannot write to standard output: {e}")))
}

/// Print `error: MESSAGE` on standard error, with control characters other than line breaks
/// and tabs escaped (a scenario's text must not reach the terminal as escape sequences), and
/// ignoring a standard error that cannot be written.
pub fn print_error(message: &str) {
    let _ = writeln!(std::io::stderr(), "error: {}", escape_controls(message));
}

/// Print `warning: MESSAGE` on standard error, escaped like [`print_error`].
pub fn print_warning(message: &str) {
    let _ = writeln!(std::io::stderr(), "warning: {}", escape_controls(message));
}

/// `text` with control characters other than `\n` and `\t` written as `\u{1b}`.
pub fn escape_controls(text: &str) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Print a command-line parsing error (or `--help`, `--version`) and return the exit code: 2
/// for an error, 0 for help and version, 1 when help or version could not be written.
pub fn clap_error(e: &clap::Error) -> i32 {
    let printed = if e.use_stderr() {
        // Escape what the user typed (e.g. an escape sequence in a flag's value).
        let text = escape_controls(&e.render().to_string());
        let _ = write!(std::io::stderr(), "{text}");
        Ok(())
    } else if stdout_closed_at_start() {
        Err(std::io::Error::other("standard output is closed"))
    } else {
        e.print()
    };
    match (e.use_stderr(), printed) {
        (true, _) => 2,
        (false, Ok(())) => 0,
        (false, Err(_)) => 1,
    }
}
