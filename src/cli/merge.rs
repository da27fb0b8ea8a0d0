//! `housing-sim merge PART…`: check that the parts are the N shards of one command (same
//! command, options, input files and program; every shard once; each covering its share),
//! that the input files are still those the parts were computed from, then run the command
//! with its records read from the parts instead of simulated.

use super::args::{Cli, CsvDialectArg, FormatArg, MergeArgs};
use super::parts::{self, Part};
use super::shard::Source;
use super::{dispatch_with, CliError};
use clap::{Parser, ValueEnum};
use housing_sim::run::Shard;
use std::path::Path;

/// `housing-sim merge`.
pub fn merge(args: MergeArgs) -> Result<(), CliError> {
    let mut list = args
        .parts
        .iter()
        .map(|p| {
            Ok(Part {
                path: p.clone(),
                header: parts::read_header(p)?,
            })
        })
        .collect::<Result<Vec<Part>, CliError>>()?;
    same_run(&list)?;
    list.sort_by_key(|p| p.header.shard.k);
    complete(&list)?;
    inputs_unchanged(&list[0])?;
    let cli = command_line(&list[0], &args)?;
    dispatch_with(cli, &Source::Parts(list))
}

/// What two parts must share, in words, and whether they do.
fn differences(a: &parts::Header, b: &parts::Header) -> Option<String> {
    let show = |h: &parts::Header| h.invocation().argv().join(" ");
    if a.command != b.command || a.files != b.files || a.options != b.options {
        return Some(format!("is of `{}`, not `{}`", show(b), show(a)));
    }
    if a.inputs != b.inputs {
        return Some(
            "was computed from input files with other contents (their SHA-256 digests differ)"
                .into(),
        );
    }
    if a.producer != b.producer {
        return Some(format!("was written by {}, not {}", b.producer, a.producer));
    }
    if a.shard.n != b.shard.n {
        return Some(format!(
            "is shard {} of {}, not of {}",
            b.shard.k, b.shard.n, a.shard.n
        ));
    }
    if a.range.total != b.range.total {
        return Some(format!(
            "covers {} indices, not {}",
            b.range.total, a.range.total
        ));
    }
    None
}

/// Every part is of the same run as the first.
fn same_run(list: &[Part]) -> Result<(), CliError> {
    let first = &list[0];
    if first.header.producer != parts::producer() {
        return Err(CliError::input(format!(
            "{}: written by {}; merge it with that program (this is {})",
            first.path.display(),
            first.header.producer,
            parts::producer()
        )));
    }
    for p in &list[1..] {
        if let Some(why) = differences(&first.header, &p.header) {
            return Err(CliError::input(format!(
                "{}: {why} like {}; parts of different runs cannot be merged",
                p.path.display(),
                first.path.display()
            )));
        }
    }
    Ok(())
}

/// Every shard 1..N exactly once, each covering its own share.
fn complete(list: &[Part]) -> Result<(), CliError> {
    let n = list[0].header.shard.n;
    for w in list.windows(2) {
        if w[0].header.shard.k == w[1].header.shard.k {
            return Err(CliError::input(format!(
                "{} and {} are both shard {} of {n}; give each shard once",
                w[0].path.display(),
                w[1].path.display(),
                w[0].header.shard.k
            )));
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|k| !list.iter().any(|p| p.header.shard.k == *k))
        .take(10)
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() || list.len() != n as usize {
        return Err(CliError::input(format!(
            "{}: shard {} of {n}, but {} part(s) were given; missing shard(s): {}",
            list[0].path.display(),
            list[0].header.shard.k,
            list.len(),
            if missing.is_empty() {
                "none (a shard number is out of range)".to_owned()
            } else {
                missing.join(", ")
            }
        )));
    }
    for p in list {
        let h = &p.header;
        let expected = Shard::new(h.shard.k, h.shard.n)
            .map(|s| s.range(h.range.total))
            .map_err(|e| CliError::input(format!("{}: {e}", p.path.display())))?;
        if expected != (h.range.start..h.range.end) {
            return Err(CliError::input(format!(
                "{}: shard {} of {} should cover {}..{} of {}, but covers {}..{}; the part is corrupt",
                p.path.display(),
                h.shard.k,
                h.shard.n,
                expected.start,
                expected.end,
                h.range.total,
                h.range.start,
                h.range.end
            )));
        }
    }
    Ok(())
}

/// The input files still have the contents the parts were computed from.
fn inputs_unchanged(part: &Part) -> Result<(), CliError> {
    for input in &part.header.inputs {
        let now = parts::sha256_of(Path::new(&input.file)).map_err(|e| {
            CliError::input(format!(
                "{}: needs its input file again: {}",
                part.path.display(),
                e.message()
            ))
        })?;
        if now != input.sha256 {
            return Err(CliError::input(format!(
                "{}: the input file {} has changed since the part was computed (SHA-256 {} \
                 then, {} now); run the shards again",
                part.path.display(),
                input.file,
                input.sha256,
                now
            )));
        }
    }
    Ok(())
}

/// The command line of the parts' command with the merge's output flags.
fn command_line(part: &Part, args: &MergeArgs) -> Result<Cli, CliError> {
    let command = part.header.command.as_str();
    let mut argv = vec!["housing-sim".to_owned()];
    argv.extend(part.header.invocation().argv());
    let side: [(&str, Option<&Path>, &[&str]); 4] = [
        (
            "plot",
            args.plot.as_deref(),
            &["sweep-staffing", "break-even", "dsa"],
        ),
        ("samples-out", args.samples_out.as_deref(), &["psa"]),
        ("plot-dir", args.plot_dir.as_deref(), &["psa"]),
        ("monthly-out", args.monthly_out.as_deref(), &["run"]),
    ];
    for (flag, path, commands) in side {
        if let Some(p) = path {
            if !commands.contains(&command) {
                return Err(CliError::input(format!(
                    "--{flag}: the parts are of `{command}`, which writes no such file"
                )));
            }
            argv.push(format!("--{flag}={}", p.to_string_lossy()));
        }
    }
    if let Some(name) = FormatArg::to_possible_value(&args.format) {
        argv.push(format!("--format={}", name.get_name()));
    }
    if let Some(name) = CsvDialectArg::to_possible_value(&args.csv_dialect) {
        argv.push(format!("--csv-dialect={}", name.get_name()));
    }
    if let Some(out) = &args.out {
        argv.push(format!("--out={}", out.to_string_lossy()));
    }
    Cli::try_parse_from(&argv).map_err(|e| {
        CliError::input(format!(
            "{}: its command line does not read ({}); the part is corrupt",
            part.path.display(),
            e.kind()
        ))
    })
}
