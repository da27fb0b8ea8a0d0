//! The one driver: model variants × replications with common random numbers, threads and
//! progress ([`Batch`]), and the economist's builder for one model ([`Simulation`]).
//!
//! Every analysis in [`crate::analysis`] is a recipe that builds model variants and hands them
//! to a [`Batch`]; none has a loop over replications of its own.
//!
//! A [`Shard`] names a contiguous share of the replication indices (or outer samples):
//! [`Batch::replications_in`] and [`SampledBatch::samples_in`] run only that share, with the
//! same streams as the whole, so N shards' records, concatenated in order, are exactly the
//! whole run's (the command line's `--shard K/N` and `merge`, docs/parts.md).

mod driver;
mod error;
mod settings;
mod shard;

pub use driver::{Batch, BatchOutput, Progress, SampledBatch, MAX_SAMPLES};
pub use error::RunError;
pub use settings::{RunSettings, DEFAULT_MEMORY_BUDGET_BYTES, MAX_REPLICATIONS, MAX_THREADS};
pub use shard::{Shard, MAX_SHARDS};

use crate::engine::Replication;
use crate::model::Model;
use crate::summary::{summarise, RunResult};
use std::ops::Range;
use std::time::Instant;

/// Run one model: `Simulation::new(&model).seed(42).replications(200).threads(2).run()`.
///
/// Without `seed` and `replications` the scenario's own are used; without `threads`, one per
/// core. Results do not depend on the number of threads. Options are checked by `run`, which
/// returns an error (never panics) for 0 replications, more than 1,000,000, or 0 threads.
pub struct Simulation<'a> {
    model: &'a Model,
    seed: u64,
    replications: u32,
    threads: Option<usize>,
    memory_budget: Option<u64>,
    progress: &'a dyn Progress,
}

impl<'a> Simulation<'a> {
    /// A simulation of `model` with the scenario's seed and replications.
    pub fn new(model: &'a Model) -> Simulation<'a> {
        Simulation {
            model,
            seed: model.scenario().seed,
            replications: model.scenario().replications,
            threads: None,
            memory_budget: None,
            progress: &(),
        }
    }

    /// The random seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The number of replications (1 to 1,000,000).
    pub fn replications(mut self, replications: u32) -> Self {
        self.replications = replications;
        self
    }

    /// The number of worker threads (at least 1).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// Report progress (replications done) to `progress`.
    pub fn progress(mut self, progress: &'a dyn Progress) -> Self {
        self.progress = progress;
        self
    }

    /// A memory budget for the results kept until they are summarised (default 4 GiB).
    pub fn memory_budget(mut self, bytes: u64) -> Self {
        self.memory_budget = Some(bytes);
        self
    }

    /// The validated settings.
    pub fn settings(&self) -> Result<RunSettings, RunError> {
        let mut s = RunSettings::new(self.replications, self.seed)?;
        if let Some(bytes) = self.memory_budget {
            s = s.with_memory_budget(bytes);
        }
        match self.threads {
            Some(t) => s.with_threads(t),
            None => Ok(s),
        }
    }

    /// Run the replications and summarise them: [`Simulation::records_in`] for every
    /// replication, then [`Simulation::summarise`].
    pub fn run(&self) -> Result<RunResult, RunError> {
        let settings = self.settings()?;
        let start = Instant::now();
        let out = self.records_in(0..settings.replications() as u64)?;
        self.summarise(out, start.elapsed().as_secs_f64())
    }

    /// The records of the replications in `range` only (a shard of the whole run; see
    /// [`Shard::range`]): replication i draws from stream i whatever the range, so the
    /// shards' records, concatenated in order, are the whole run's.
    pub fn records_in(&self, range: Range<u64>) -> Result<BatchOutput<Replication>, RunError> {
        let settings = self.settings()?;
        settings.check_memory_for(
            Replication::estimated_bytes(self.model.programs().len(), self.model.horizon()),
            range.end.saturating_sub(range.start),
        )?;
        let out = Batch::new(vec![self.model], settings)?
            .replications_in(range)?
            .progress(self.progress)
            .run(|_, mut reps| reps.pop())?;
        let records = out.records.into_iter().flatten().collect();
        Ok(BatchOutput {
            records,
            monthly: out.monthly,
        })
    }

    /// Summarise the records of every replication (in replication order, the monthly series
    /// summed) into the run's result; `elapsed_seconds` is reported as the wall time.
    pub fn summarise(
        &self,
        out: BatchOutput<Replication>,
        elapsed_seconds: f64,
    ) -> Result<RunResult, RunError> {
        let settings = self.settings()?;
        let monthly = out.monthly.first().ok_or(RunError::NoVariants)?;
        Ok(summarise(
            self.model,
            &settings,
            out.records,
            monthly,
            elapsed_seconds,
        ))
    }
}
