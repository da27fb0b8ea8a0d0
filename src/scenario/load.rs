//! Reading scenario files strictly: unknown fields, wrong types and trailing data are errors
//! that name the field path.

use super::error::{plain_words, Issue, ScenarioError};
use super::schema::root_schema;
use super::types::Scenario;
use std::path::Path;

/// The largest scenario file read (64 MiB); larger files are rejected rather than loaded.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Name used for scenarios that do not come from a file.
pub const IN_MEMORY: &str = "<in-memory>";

/// Parse a scenario from JSON text. `file` names the source in error messages.
///
/// This checks the format only; [`crate::model::Model::new`] checks the rules.
///
/// A leading UTF-8 byte order mark (which some Windows editors write) is refused with a
/// message saying so: JSON does not allow one, and the format is read strictly.
pub fn from_json_str(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
    if text.starts_with('\u{feff}') {
        return Err(ScenarioError::Parse {
            file: file.to_owned(),
            issue: Issue::new(
                "",
                "the file starts with a UTF-8 byte order mark (BOM, bytes EF BB BF), which JSON \
                 does not allow; save it as UTF-8 without BOM",
            ),
        });
    }
    // Shape first, where serde's own messages would be unclear; syntax errors wait for the
    // typed parse below, which reports them the same way.
    let doc = serde_json::from_str::<serde_json::Value>(text).ok();
    if let Some(doc) = &doc {
        if let Some(issue) = super::shape::shape_issues(doc, root_schema())
            .into_iter()
            .next()
        {
            return Err(ScenarioError::Parse {
                file: file.to_owned(),
                issue,
            });
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed: Result<Scenario, _> = serde_path_to_error::deserialize(&mut de);
    let scenario = parsed.map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let message = e.inner().to_string();
        let typed = doc.as_ref().and_then(|doc| {
            super::shape::typed_parse_message(doc, root_schema(), e.path(), &message)
        });
        ScenarioError::Parse {
            file: file.to_owned(),
            issue: Issue::new(path, typed.unwrap_or_else(|| plain_words(&message))),
        }
    })?;
    de.end().map_err(|e| ScenarioError::Parse {
        file: file.to_owned(),
        issue: Issue::new("", plain_words(&e.to_string())),
    })?;
    Ok(scenario.with_origin(file))
}

/// Read and parse a scenario file.
///
/// Only regular files (or symbolic links to them) are read: devices, FIFOs and sockets are
/// refused before they are opened, so `/dev/zero` is not read forever and a FIFO without a
/// writer does not block. At most [`MAX_FILE_BYTES`] are read whatever the file claims.
pub fn from_file(path: &Path) -> Result<Scenario, ScenarioError> {
    use std::io::Read;
    let file = path.display().to_string();
    let read_err = |reason: String| ScenarioError::Read {
        file: file.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| read_err(e.to_string()))?;
    check_kind(&meta).map_err(read_err)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_err(too_large(meta.len())));
    }
    let handle = open_no_block(path).map_err(|e| read_err(e.to_string()))?;
    // The file may have been swapped since the check above: check what was opened.
    let meta = handle.metadata().map_err(|e| read_err(e.to_string()))?;
    check_kind(&meta).map_err(read_err)?;
    let mut bytes = Vec::new();
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_err(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(read_err(too_large(bytes.len() as u64)));
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| read_err(format!("the file is not UTF-8 text: {e}")))?;
    from_json_str(&text, &file)
}

fn too_large(bytes: u64) -> String {
    format!("the file has more than {MAX_FILE_BYTES} bytes ({bytes}); at most {MAX_FILE_BYTES} are read")
}

/// Only regular files are scenario files.
fn check_kind(meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.is_file() {
        return Ok(());
    }
    let kind = if meta.is_dir() {
        "a directory"
    } else {
        special_kind(meta)
    };
    Err(format!("it is {kind}, not a regular file"))
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_meta: &std::fs::Metadata) -> &'static str {
    "a special file"
}

/// Open for reading without blocking on a FIFO (checked and refused after opening).
#[cfg(unix)]
fn open_no_block(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_block(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        from_json_str(text, "x.json").unwrap_err().to_string()
    }

    #[test]
    fn empty_and_non_json_input_are_errors() {
        assert!(err("").contains("EOF"));
        assert!(err("hello").contains("expected"));
        assert!(err("{} {}").contains("x.json"));
    }

    #[test]
    fn errors_name_the_field_path() {
        let text = r#"{"name":"a","horizon_months":12,"profiles":[],"programs":[{"id":"p","category":"congregate","units":-3}]}"#;
        let e = err(text);
        assert!(e.contains("programs[0].units"), "{e}");
        let text = r#"{"name":"a","horizon_months":12,"profiles":[],"programs":[],"colour":"red"}"#;
        assert!(err(text).contains("unknown field `colour`"));
    }

    #[test]
    fn a_byte_order_mark_is_named() {
        let e = err("\u{feff}{}");
        assert!(e.contains("byte order mark (BOM"), "{e}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for text in [
            "[".repeat(100_000),
            format!("{{\"name\": {}", "{\"a\":".repeat(100_000)),
        ] {
            let e = err(&text);
            assert!(e.starts_with("x.json: ") && e.contains("line 1"), "{e}");
        }
    }

    #[test]
    fn positional_arrays_and_repeated_keys_are_errors() {
        let text = r#"[null,"t","",{},12,1,2,[{"id":"a","severity":"mild","needs":"congregate","initial":{"congregate":2}}],[{"id":"c","category":"congregate","units":5}]]"#;
        assert!(err(text).contains("found a list"), "{}", err(text));
        let text = r#"{"name":"a","horizon_months":12,"profiles":[{"id":"a","severity":"mild","needs":"congregate","initial":{"congregate":2,"congregate":3}}],"programs":[]}"#;
        let e = err(text);
        assert!(
            e.contains("profiles[0].initial") && e.contains("appears twice"),
            "{e}"
        );
        let text = r#"{"name":"a","horizon_months":12,"profiles":[{"id":"a","severity":"mild","needs":"congregate","initial":{"homeless":-3}}],"programs":[]}"#;
        assert!(
            err(text).contains("profiles[0].initial.homeless:"),
            "{}",
            err(text)
        );
    }
}
