//! The one parallel loop over replications in the crate.
//!
//! A [`Batch`] runs model *variants* × replications with common random numbers: replication i
//! of every variant draws from the same stream ([`replication_rng`]`(seed, i)`), so differences
//! between variants are the variants' effect, not noise. The unit of parallel work is one
//! replication index: a worker runs every variant for it, one after the other, and hands the
//! variants' [`Replication`]s to a `record` function that keeps what the analysis needs (all of
//! them, a paired difference, a few numbers). Records come back in replication order and the
//! variants' monthly series merge exactly (integer sums), so results do not depend on the number
//! of threads.

use super::error::RunError;
use super::settings::RunSettings;
use crate::engine::{
    self, replication_rng, MonthView, MonthlyTotals, Observer, Replication, Workspace,
};
use crate::model::Model;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// Watches a batch's progress (a progress bar, log lines of a batch job). Called from worker
/// threads, at most once per finished replication index.
pub trait Progress: Sync {
    /// `done` of `total` replication indices are finished.
    fn advance(&self, done: u64, total: u64);
}

/// Reports nothing.
impl Progress for () {
    fn advance(&self, _: u64, _: u64) {}
}

/// What a batch returns.
#[derive(Clone, Debug)]
pub struct BatchOutput<R> {
    /// One record per replication index, in replication order.
    pub records: Vec<R>,
    /// Each variant's monthly series, summed over the replications.
    pub monthly: Vec<MonthlyTotals>,
}

/// Variants × replications with common random numbers.
pub struct Batch<'a> {
    variants: Vec<&'a Model>,
    settings: RunSettings,
    range: Range<u64>,
    progress: &'a dyn Progress,
}

impl<'a> Batch<'a> {
    /// Every variant, `settings.replications()` replications each, under `settings.seed()`.
    pub fn new(variants: Vec<&'a Model>, settings: RunSettings) -> Result<Batch<'a>, RunError> {
        if variants.is_empty() {
            return Err(RunError::NoVariants);
        }
        Ok(Batch {
            range: 0..settings.replications() as u64,
            variants,
            settings,
            progress: &(),
        })
    }

    /// Report progress to `progress`.
    pub fn progress(mut self, progress: &'a dyn Progress) -> Batch<'a> {
        self.progress = progress;
        self
    }

    /// Run only the replication indices in `range` (a shard of the whole): replication i still
    /// draws from stream i, so shards together give exactly the records of the whole.
    pub fn replications_in(mut self, range: Range<u64>) -> Result<Batch<'a>, RunError> {
        let all = self.settings.replications() as u64;
        if range.start > range.end || range.end > all {
            return Err(RunError::InvalidOption {
                option: "replications",
                message: format!(
                    "replication range {}..{} is not within 0..{all}",
                    range.start, range.end
                ),
            });
        }
        self.range = range;
        Ok(self)
    }

    /// The variants.
    pub fn variants(&self) -> &[&'a Model] {
        &self.variants
    }

    /// Run the batch; `record(i, replications)` receives replication i of every variant (in
    /// variant order) and returns what to keep of it.
    pub fn run<R: Send>(
        &self,
        record: impl Fn(u64, Vec<Replication>) -> R + Sync,
    ) -> Result<BatchOutput<R>, RunError> {
        self.run_observed(
            |_| (),
            |i, reps| record(i, reps.into_iter().map(|(r, ())| r).collect()),
        )
    }

    /// Run the batch with an observer of every replication's months: `observer(v)` makes a
    /// fresh observer for a replication of variant v, and `record(i, replications)` receives
    /// replication i of every variant with its observer (measures the replication's own
    /// record does not keep, such as a share at a given month).
    pub fn run_observed<O: Observer + Send, R: Send>(
        &self,
        observer: impl Fn(usize) -> O + Sync,
        record: impl Fn(u64, Vec<(Replication, O)>) -> R + Sync,
    ) -> Result<BatchOutput<R>, RunError> {
        let variants = &self.variants;
        let seed = self.settings.seed();
        let total = self.range.end - self.range.start;
        let done = AtomicU64::new(0);
        let progress = self.progress;
        let fresh_monthly = || -> Vec<MonthlyTotals> {
            variants
                .iter()
                .map(|m| MonthlyTotals::new(m.horizon()))
                .collect()
        };
        let work = || {
            self.range
                .clone()
                .into_par_iter()
                .fold(
                    || {
                        let ws: Vec<Workspace> =
                            variants.iter().map(|m| Workspace::new(m)).collect();
                        (ws, Vec::new(), fresh_monthly())
                    },
                    |(mut ws, mut out, mut monthly), i| {
                        let reps = variants
                            .iter()
                            .zip(ws.iter_mut())
                            .zip(monthly.iter_mut())
                            .enumerate()
                            .map(|(v, ((model, ws), monthly))| {
                                let mut rng = replication_rng(seed, i);
                                let mut own = observer(v);
                                let r = engine::simulate(
                                    model,
                                    ws,
                                    &mut rng,
                                    &mut Both(monthly, &mut own),
                                );
                                monthly.finish_replication();
                                (r, own)
                            })
                            .collect();
                        out.push((i, record(i, reps)));
                        progress.advance(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                        (ws, out, monthly)
                    },
                )
                .map(|(_, out, monthly)| (out, monthly))
                .reduce(
                    || (Vec::new(), fresh_monthly()),
                    |(mut a, ma), (b, mb)| {
                        a.extend(b);
                        let merged = ma.into_iter().zip(&mb).map(|(x, y)| x.merge(y)).collect();
                        (a, merged)
                    },
                )
        };
        let (mut out, monthly) = in_pool(self.settings.threads(), work)?;
        out.sort_by_key(|(i, _)| *i);
        Ok(BatchOutput {
            records: out.into_iter().map(|(_, r)| r).collect(),
            monthly,
        })
    }
}

/// Two observers of the same replication: the batch's monthly totals and the caller's own.
struct Both<'a, O>(&'a mut MonthlyTotals, &'a mut O);

impl<O: Observer> Observer for Both<'_, O> {
    #[inline]
    fn month(&mut self, view: &MonthView<'_>) {
        self.0.month(view);
        self.1.month(view);
    }
}

/// Run `f` in a pool of `threads` workers (`None`: one per core). The pool is the batch's own;
/// a pool that cannot be started (no threads allowed) is an error, not a panic (rayon's global
/// pool would panic on first use).
pub(crate) fn in_pool<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, RunError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map(|pool| pool.install(f))
        .map_err(|e| RunError::Threads {
            threads,
            reason: e.to_string(),
        })
}
