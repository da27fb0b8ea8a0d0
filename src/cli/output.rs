//! Writing output: standard output, or a file replaced atomically (temporary file in the same
//! folder, then rename), so a failed run never leaves a half-written file or destroys an
//! earlier one.

use super::CliError;
use std::io::Write;
use std::path::Path;

/// Check before running that `path` can be written to (its folder exists), so a long run does
/// not end in a refusal.
pub fn check_target(path: &Path) -> Result<(), CliError> {
    if path.is_dir() {
        return Err(CliError::input(format!(
            "--out {}: is a directory, expected a file path",
            path.display()
        )));
    }
    let dir = folder(path);
    if !dir.is_dir() {
        return Err(CliError::input(format!(
            "--out {}: the folder {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    Ok(())
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Write `text` to `path` atomically, or to standard output when `path` is `None`.
pub fn emit(text: &str, path: Option<&Path>) -> Result<(), CliError> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(text.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| CliError::failure(format!("cannot write to standard output: {e}")));
    };
    let fail = |e: std::io::Error| {
        CliError::failure(format!("--out {}: cannot write: {e}", path.display()))
    };
    let mut tmp = tempfile::NamedTempFile::new_in(folder(path)).map_err(fail)?;
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
