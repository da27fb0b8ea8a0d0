//! Where a command's records come from: computed here (all of them, or one shard's share,
//! written to a part file), or read from the part files of a merge. Every simulating command
//! goes through [`Source::records`], so an unsharded run and a merge call the same two stages
//! (records, then their summary) and cannot drift apart.

use super::parts::{self, Header, Input, Invocation, Part, ShardId, Share};
use super::{output, CliError};
use clap::ValueEnum;
use housing_sim::analysis::psa::SampleMeans;
use housing_sim::engine::{MonthlyTotals, Replication};
use housing_sim::run::{BatchOutput, Shard};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::time::Instant;

/// Where the records come from.
pub(crate) enum Source {
    /// Computed here, every index.
    Whole,
    /// Computed here, one shard's share, written as a part file.
    Shard(Shard),
    /// Read from part files, in shard order (checked by `merge`).
    Parts(Vec<Part>),
}

/// Records that parts carry and a merge joins, in index order.
pub(crate) trait Records: Serialize + DeserializeOwned {
    /// Indices covered (replications, or samples).
    fn count(&self) -> u64;
    /// Append the next shard's records.
    fn append(&mut self, next: Self);
    /// Every record has the shape `expected` (see [`Shaped`]), so a part edited into other
    /// records is refused rather than summarised.
    fn fits(&self, expected: &[usize]) -> bool;
}

impl<T: Shaped + Serialize + DeserializeOwned> Records for Vec<T> {
    fn count(&self) -> u64 {
        self.len() as u64
    }
    fn append(&mut self, next: Self) {
        self.extend(next);
    }
    fn fits(&self, expected: &[usize]) -> bool {
        self.iter().all(|r| r.shape() == expected)
    }
}

impl Records for BatchOutput<Replication> {
    fn count(&self) -> u64 {
        self.records.len() as u64
    }
    fn append(&mut self, next: Self) {
        BatchOutput::append(self, next);
    }
    /// `expected`: a replication's shape, then the monthly totals'.
    fn fits(&self, expected: &[usize]) -> bool {
        let (one, monthly) = expected.split_at(expected.len().min(REPLICATION_SHAPE_LEN));
        self.records.iter().all(|r| r.shape() == one) && self.monthly.shape() == monthly
    }
}

/// The lengths of a record's variable-length parts, in order.
pub(crate) trait Shaped {
    /// Push the lengths onto `out`.
    fn push_shape(&self, out: &mut Vec<usize>);
    /// The lengths.
    fn shape(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.push_shape(&mut out);
        out
    }
}

impl Shaped for f64 {
    fn push_shape(&self, _: &mut Vec<usize>) {}
}

impl<A: Shaped, B: Shaped> Shaped for (A, B) {
    fn push_shape(&self, out: &mut Vec<usize>) {
        self.0.push_shape(out);
        self.1.push_shape(out);
    }
}

impl<T: Shaped> Shaped for Vec<T> {
    fn push_shape(&self, out: &mut Vec<usize>) {
        out.push(self.len());
        self.iter().for_each(|x| x.push_shape(out));
    }
}

impl Shaped for Replication {
    fn push_shape(&self, out: &mut Vec<usize>) {
        let years = &self.ledger.years;
        out.extend([
            self.ledger.by_program.len(),
            self.final_program_occupancy.len(),
            self.program_person_months.len(),
            years.len(),
            years.iter().map(|y| y.by_program.len()).sum(),
        ]);
    }
}

impl Shaped for MonthlyTotals {
    fn push_shape(&self, out: &mut Vec<usize>) {
        out.push(self.months.len());
    }
}

impl Shaped for SampleMeans {
    fn push_shape(&self, out: &mut Vec<usize>) {
        out.extend([self.cost.len(), self.effect.len(), self.within.len()]);
    }
}

/// How many lengths a replication's shape has.
const REPLICATION_SHAPE_LEN: usize = 5;

/// The shape of a replication of a model with `programs` programs and `months` months: the
/// per-program vectors, the horizon years and their per-program costs.
pub(crate) fn replication_shape(programs: usize, months: u32) -> [usize; REPLICATION_SHAPE_LEN] {
    let years = housing_sim::summary::years_of(months) as usize;
    [programs, programs, programs, years, years * programs]
}

/// The shape of one replication of each of several models, given as (programs, months).
pub(crate) fn variants_shape(models: impl ExactSizeIterator<Item = (usize, u32)>) -> Vec<usize> {
    let mut out = vec![models.len()];
    models.for_each(|(p, m)| out.extend(replication_shape(p, m)));
    out
}

/// The shape of one set of monthly totals over `months` months.
pub(crate) fn monthly_shape(months: u32) -> [usize; 2] {
    [1, months as usize + 1]
}

/// A command as a part records it: the invocation and its input files.
pub(crate) struct Job<'a> {
    /// Command, files, options.
    pub invocation: Invocation,
    /// The files it reads.
    pub inputs: Vec<&'a Path>,
    /// Where a shard writes its part (`--out`).
    pub out: Option<&'a Path>,
}

impl Source {
    /// The records of every index `0..total` with the seconds they took: computed by
    /// `compute`, or joined from the parts. A shard computes its share, writes its part
    /// and returns `None`: the command is then done.
    pub(crate) fn records<R: Records>(
        &self,
        job: &Job<'_>,
        total: u64,
        shape: &[usize],
        compute: impl FnOnce(Range<u64>) -> Result<R, CliError>,
    ) -> Result<Option<(R, f64)>, CliError> {
        match self {
            Source::Whole => {
                let start = Instant::now();
                let records = compute(0..total)?;
                Ok(Some((records, start.elapsed().as_secs_f64())))
            }
            Source::Shard(shard) => {
                let range = shard.range(total);
                let start = Instant::now();
                let records = compute(range.clone())?;
                let header = header(job, *shard, total, range, start.elapsed().as_secs_f64())?;
                output::emit(&parts::to_text(&header, &records)?, job.out)?;
                Ok(None)
            }
            Source::Parts(list) => join(list, total, shape).map(Some),
        }
    }

    /// The share of `0..total` computed here (for a progress bar).
    pub(crate) fn share(&self, total: u64) -> u64 {
        match self {
            Source::Whole => total,
            Source::Shard(s) => {
                let r = s.range(total);
                r.end - r.start
            }
            Source::Parts(_) => 0,
        }
    }
}

fn header(
    job: &Job<'_>,
    shard: Shard,
    total: u64,
    range: Range<u64>,
    elapsed_seconds: f64,
) -> Result<Header, CliError> {
    let inv = &job.invocation;
    Ok(Header {
        format: parts::FORMAT.to_owned(),
        version: parts::VERSION,
        producer: parts::producer(),
        command: inv.command.clone(),
        files: inv.files.clone(),
        options: inv.options.clone(),
        inputs: job
            .inputs
            .iter()
            .map(|f| Input::of(f))
            .collect::<Result<_, _>>()?,
        shard: ShardId {
            k: shard.k(),
            n: shard.n(),
        },
        range: Share {
            total,
            start: range.start,
            end: range.end,
        },
        elapsed_seconds,
    })
}

/// The parts' records in shard order, each checked to cover its share; the elapsed time is
/// the sum of the shards'.
fn join<R: Records>(list: &[Part], total: u64, shape: &[usize]) -> Result<(R, f64), CliError> {
    let mut joined: Option<R> = None;
    let mut elapsed = 0.0;
    for part in list {
        let r = part.header.range;
        if r.total != total {
            return Err(CliError::input(format!(
                "{}: the part covers {} indices, but its command has {total}; the part is corrupt",
                part.path.display(),
                r.total
            )));
        }
        let records: R = parts::read_records(&part.path)?;
        if records.count() != r.end - r.start {
            return Err(CliError::input(format!(
                "{}: the part holds {} records for indices {}..{}; the part is corrupt",
                part.path.display(),
                records.count(),
                r.start,
                r.end
            )));
        }
        if !records.fits(shape) {
            return Err(CliError::input(format!(
                "{}: its records do not have the layout its command's scenarios give (programs, \
                 strategies or points per record); the part is corrupt",
                part.path.display()
            )));
        }
        elapsed += part.header.elapsed_seconds;
        match &mut joined {
            Some(j) => j.append(records),
            None => joined = Some(records),
        }
    }
    joined
        .map(|j| (j, elapsed))
        .ok_or_else(|| CliError::input("merge: no part files given"))
}

/// Options of an invocation, each rendered canonically.
#[derive(Default)]
pub(crate) struct Options(BTreeMap<String, String>);

impl Options {
    /// A number or text option, if given.
    pub(crate) fn put<T: std::fmt::Display>(&mut self, flag: &str, value: Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.0.insert(flag.to_owned(), v.to_string());
        }
        self
    }

    /// A comma-separated list, if given.
    pub(crate) fn list(&mut self, flag: &str, values: Option<&Vec<f64>>) -> &mut Self {
        if let Some(v) = values {
            let text: Vec<String> = v.iter().map(f64::to_string).collect();
            self.0.insert(flag.to_owned(), text.join(","));
        }
        self
    }

    /// A choice among named values, if given.
    pub(crate) fn choice<E: ValueEnum>(&mut self, flag: &str, value: Option<E>) -> &mut Self {
        if let Some(name) = value.and_then(|v| v.to_possible_value()) {
            self.0.insert(flag.to_owned(), name.get_name().to_owned());
        }
        self
    }

    /// The invocation of `command` on `files` with these options.
    pub(crate) fn invocation(&self, command: &str, files: &[&Path]) -> Invocation {
        Invocation {
            command: command.to_owned(),
            files: files
                .iter()
                .map(|f| f.to_string_lossy().into_owned())
                .collect(),
            options: self.0.clone(),
        }
    }
}
