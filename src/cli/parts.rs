//! Part files: what shard K of N writes (`--shard K/N --out PART`) and `merge` reads.
//!
//! One JSON document (docs/parts.md): a header naming the format and its version, the
//! program that wrote it, the command with every option that affects the result, a SHA-256
//! digest of every input file, the shard and its share of the indices, then the records of
//! that share. Floats are written by serde_json in their shortest round-trip form and read
//! back exactly (the `float_roundtrip` feature), so merged records are bit for bit the
//! records of an unsharded run.

use super::CliError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// The `format` field of every part file.
pub const FORMAT: &str = "housing-sim-part";

/// The part format this program writes and reads. Raised whenever a field or a record
/// changes meaning or layout; a merge refuses parts of any other version.
pub const VERSION: u32 = 2;

/// The command a part belongs to, as it would be typed: the positional files and every
/// option that affects the result, by flag name (without `--`), each value in canonical
/// form (numbers as Rust prints them, which reads back to the same value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invocation {
    /// The subcommand (`run`, `compare`, …).
    pub command: String,
    /// The positional file arguments, as given.
    pub files: Vec<String>,
    /// Options by flag name.
    pub options: BTreeMap<String, String>,
}

impl Invocation {
    /// The command line that gives the same result (without the program name).
    pub fn argv(&self) -> Vec<String> {
        let mut argv = vec![self.command.clone()];
        argv.extend(self.files.iter().cloned());
        argv.extend(self.options.iter().map(|(k, v)| format!("--{k}={v}")));
        argv
    }
}

/// One input file and the SHA-256 digest of its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// The path as given on the command line.
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
}

impl Input {
    /// The digest of `file` as it is now.
    pub fn of(file: &Path) -> Result<Input, CliError> {
        Ok(Input {
            file: file.to_string_lossy().into_owned(),
            sha256: sha256_of(file)?,
        })
    }
}

/// Lower-case hex SHA-256 of a file's bytes, read in blocks.
pub fn sha256_of(file: &Path) -> Result<String, CliError> {
    let mut f = std::fs::File::open(file)
        .map_err(|e| CliError::input(format!("{}: cannot read: {e}", file.display())))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut f, &mut hasher)
        .map_err(|e| CliError::input(format!("{}: cannot read: {e}", file.display())))?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Shard K of N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardId {
    /// K, from 1.
    pub k: u32,
    /// N.
    pub n: u32,
}

/// A share of the indices `start..end` of `0..total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// All indices (replications, or outer samples for `psa`).
    pub total: u64,
    /// First index of the share.
    pub start: u64,
    /// One past the last.
    pub end: u64,
}

/// Everything in a part file but its records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// The part format version ([`VERSION`]).
    pub version: u32,
    /// The program that wrote it (`housing-sim 0.1.0`).
    pub producer: String,
    /// The subcommand (`run`, `compare`, …).
    pub command: String,
    /// The positional file arguments, as given.
    pub files: Vec<String>,
    /// Options by flag name.
    pub options: BTreeMap<String, String>,
    /// Every input file with its digest.
    pub inputs: Vec<Input>,
    /// Which shard.
    pub shard: ShardId,
    /// Its share of the indices.
    pub range: Share,
    /// Wall time of the shard's simulation.
    pub elapsed_seconds: f64,
}

impl Header {
    /// The command and options the part belongs to.
    pub fn invocation(&self) -> Invocation {
        Invocation {
            command: self.command.clone(),
            files: self.files.clone(),
            options: self.options.clone(),
        }
    }
}

/// The program name and version written into every part.
pub fn producer() -> String {
    format!("housing-sim {}", env!("CARGO_PKG_VERSION"))
}

/// A part file as written: the header, then the records.
#[derive(Serialize)]
struct Written<'a, R> {
    #[serde(flatten)]
    header: &'a Header,
    records: &'a R,
}

/// The text of a part file.
pub fn to_text<R: Serialize>(header: &Header, records: &R) -> Result<String, CliError> {
    let mut text = serde_json::to_string(&Written { header, records })
        .map_err(|e| CliError::failure(format!("cannot write the part file: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// Just enough to tell a part file, and its version, before reading the rest.
#[derive(Deserialize)]
struct Probe {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// The records of a part file (the header is skipped).
#[derive(Deserialize)]
struct Body<R> {
    records: R,
}

/// Why a part cannot be used, naming it.
fn bad(part: &Path, message: impl std::fmt::Display) -> CliError {
    CliError::input(format!("{}: {message}", part.display()))
}

fn parse<T: DeserializeOwned>(part: &Path, what: &str) -> Result<T, CliError> {
    let f = std::fs::File::open(part).map_err(|e| bad(part, format!("cannot read: {e}")))?;
    serde_json::from_reader(BufReader::new(f)).map_err(|e| {
        let kind = if e.is_eof() { "truncated" } else { "corrupt" };
        bad(
            part,
            format!("{kind} part file ({what}: {e}); write this shard again"),
        )
    })
}

/// A part file's header, checked to be a part of the version this program reads.
pub fn read_header(part: &Path) -> Result<Header, CliError> {
    let probe: Probe = parse(part, "reading its header")?;
    if probe.format.as_ref().and_then(|v| v.as_str()) != Some(FORMAT) {
        return Err(bad(
            part,
            format!("not a housing-sim part file (no \"format\": \"{FORMAT}\")"),
        ));
    }
    match probe.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(bad(
                part,
                format!(
                    "part format version {v}; this housing-sim reads version {VERSION} only: \
                     merge with the housing-sim that wrote the parts"
                ),
            ))
        }
        None => return Err(bad(part, "the part file has no version number")),
    }
    parse(part, "reading its header")
}

/// A part's records, read in full.
pub fn read_records<R: DeserializeOwned>(part: &Path) -> Result<R, CliError> {
    Ok(parse::<Body<R>>(part, "reading its records")?.records)
}

/// A part named by its path with its header.
#[derive(Clone, Debug)]
pub struct Part {
    /// Where it is.
    pub path: PathBuf,
    /// Its header.
    pub header: Header,
}
