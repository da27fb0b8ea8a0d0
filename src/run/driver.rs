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
    self, replication_rng, sample_replication_rng, MonthView, MonthlyTotals, Observer, Replication,
    Workspace,
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
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct BatchOutput<R> {
    /// One record per replication index, in replication order.
    pub records: Vec<R>,
    /// Each variant's monthly series, summed over the replications.
    pub monthly: Vec<MonthlyTotals>,
}

impl<R> BatchOutput<R> {
    /// The output of the replications that follow this one's (the next shard's): records
    /// appended in order, monthly series summed (exact integer sums). Monthly series missing
    /// on one side are taken from the other.
    pub fn append(&mut self, next: BatchOutput<R>) {
        self.records.extend(next.records);
        if self.monthly.is_empty() {
            self.monthly = next.monthly;
        } else if !next.monthly.is_empty() {
            let mine = std::mem::take(&mut self.monthly);
            self.monthly = mine
                .into_iter()
                .zip(&next.monthly)
                .map(|(a, b)| a.merge(b))
                .collect();
        }
    }
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

/// Outer samples × inner replications: the two-level Monte Carlo of a probabilistic
/// sensitivity analysis. Sample k has its own model variants (built by the caller from the
/// parameters drawn for k), and inner replication i of sample k draws from stream
/// [`sample_replication_rng`]`(seed, k, i)` in every variant (common random numbers across
/// strategies within a sample; independent streams across samples).
///
/// The unit of parallel work is one (sample, replication) pair, so a few samples with many
/// replications and many samples with few both use every thread. Samples are taken in blocks:
/// only one block's models and records are held at a time, so memory does not grow with the
/// number of samples (only the reduced value per sample is kept).
pub struct SampledBatch<'a> {
    samples: Range<u64>,
    all_samples: u64,
    settings: RunSettings,
    progress: &'a dyn Progress,
}

/// Most outer samples one analysis takes.
pub const MAX_SAMPLES: u64 = 1_000_000;

impl<'a> SampledBatch<'a> {
    /// `samples` outer samples (1 to [`MAX_SAMPLES`]), each with `settings.replications()`
    /// inner replications under `settings.seed()`.
    pub fn new(samples: u64, settings: RunSettings) -> Result<SampledBatch<'a>, RunError> {
        if samples == 0 || samples > MAX_SAMPLES {
            return Err(RunError::InvalidOption {
                option: "samples",
                message: format!("must be from 1 to {MAX_SAMPLES}, found {samples}"),
            });
        }
        Ok(SampledBatch {
            samples: 0..samples,
            all_samples: samples,
            settings,
            progress: &(),
        })
    }

    /// Report progress ((sample, replication) pairs done) to `progress`.
    pub fn progress(mut self, progress: &'a dyn Progress) -> SampledBatch<'a> {
        self.progress = progress;
        self
    }

    /// Run only the samples in `range` (a shard of the whole); sample k still uses its own
    /// streams, so shards together give exactly the samples of the whole.
    pub fn samples_in(mut self, range: Range<u64>) -> Result<SampledBatch<'a>, RunError> {
        if range.start > range.end || range.end > self.all_samples {
            return Err(RunError::InvalidOption {
                option: "samples",
                message: format!(
                    "sample range {}..{} is not within 0..{}",
                    range.start, range.end, self.all_samples
                ),
            });
        }
        self.samples = range;
        Ok(self)
    }

    /// Run the batch. `variants(k)` builds sample k's models (the same number, in the same
    /// order, for every k); `record(k, i, replications)` keeps what the analysis needs of
    /// replication i of sample k (one [`Replication`] per variant, in variant order);
    /// `reduce(k, records)` turns sample k's records (in replication order) into its result.
    /// Results come back in sample order and do not depend on the number of threads.
    pub fn run<R, K, E>(
        &self,
        variants: impl Fn(u64) -> Result<Vec<Model>, E> + Sync,
        record: impl Fn(u64, u64, Vec<Replication>) -> R + Sync,
        reduce: impl Fn(u64, Vec<R>) -> K + Sync,
    ) -> Result<Vec<K>, E>
    where
        R: Send,
        K: Send,
        E: From<RunError> + Send,
    {
        let reps = self.settings.replications() as u64;
        let total = (self.samples.end - self.samples.start).saturating_mul(reps);
        let done = AtomicU64::new(0);
        let block = self.block_size();
        let work = || -> Result<Vec<K>, E> {
            let mut out = Vec::with_capacity((self.samples.end - self.samples.start) as usize);
            let mut start = self.samples.start;
            while start < self.samples.end {
                let end = (start + block).min(self.samples.end);
                let models: Vec<Vec<Model>> = (start..end)
                    .into_par_iter()
                    .map(&variants)
                    .collect::<Result<_, E>>()?;
                let records = self.run_block(start, &models, &record, &done, total);
                out.extend(
                    records
                        .into_par_iter()
                        .enumerate()
                        .map(|(j, r)| reduce(start + j as u64, r))
                        .collect::<Vec<K>>(),
                );
                start = end;
            }
            Ok(out)
        };
        in_pool(self.settings.threads(), work)?
    }

    /// Samples per block: enough (sample, replication) pairs to keep every thread busy, few
    /// enough that a block's models and records stay small.
    fn block_size(&self) -> u64 {
        let threads = self
            .settings
            .threads()
            .unwrap_or_else(rayon::current_num_threads) as u64;
        let reps = self.settings.replications() as u64;
        // At least 64 pairs per thread, at least 4 samples per thread, at most 4096 samples.
        (threads * 64)
            .div_ceil(reps)
            .max(threads * 4)
            .clamp(1, 4096)
    }

    /// Every (sample, replication) pair of one block; records grouped by sample, each in
    /// replication order.
    fn run_block<R: Send>(
        &self,
        first: u64,
        models: &[Vec<Model>],
        record: &(impl Fn(u64, u64, Vec<Replication>) -> R + Sync),
        done: &AtomicU64,
        total: u64,
    ) -> Vec<Vec<R>> {
        let reps = self.settings.replications() as u64;
        let seed = self.settings.seed();
        let pairs = models.len() as u64 * reps;
        let mut flat: Vec<(u64, R)> = (0..pairs)
            .into_par_iter()
            .fold(
                || (Vec::<Workspace>::new(), Vec::new()),
                |(mut ws, mut out), n| {
                    let (j, i) = (n / reps, n % reps);
                    let k = first + j;
                    let variants = &models[j as usize];
                    if ws.len() != variants.len() {
                        ws = variants.iter().map(Workspace::new).collect();
                    }
                    let results = variants
                        .iter()
                        .zip(ws.iter_mut())
                        .map(|(model, ws)| {
                            let mut rng = sample_replication_rng(seed, k, i);
                            engine::simulate(model, ws, &mut rng, &mut ())
                        })
                        .collect();
                    out.push((n, record(k, i, results)));
                    self.progress
                        .advance(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    (ws, out)
                },
            )
            .map(|(_, out)| out)
            .reduce(Vec::new, |mut a, b| {
                a.extend(b);
                a
            });
        flat.sort_by_key(|(n, _)| *n);
        let mut grouped: Vec<Vec<R>> = (0..models.len())
            .map(|_| Vec::with_capacity(reps as usize))
            .collect();
        for (n, r) in flat {
            grouped[(n / reps) as usize].push(r);
        }
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Profile, Scenario, Severity};
    use crate::state::{Category, State};

    /// Residents moving between ordinary housing and homelessness; `p` sets how often.
    fn model(p: f64) -> Model {
        let mut s = Scenario::new("two-state", 12);
        s.profiles = vec![Profile::new("p", Severity::Mild, Category::HousingFirst)
            .with_initial(State::Ordinary, 40)
            .with_transitions(State::Ordinary, [(State::Homeless, p)])
            .with_transitions(State::Homeless, [(State::Ordinary, 0.3)])];
        Model::new(&s).unwrap()
    }

    fn run(threads: usize, range: Range<u64>) -> Vec<(u64, Vec<u64>)> {
        let settings = RunSettings::new(7, 11)
            .unwrap()
            .with_threads(threads)
            .unwrap();
        SampledBatch::new(10, settings)
            .unwrap()
            .samples_in(range)
            .unwrap()
            .run(
                |k| -> Result<Vec<Model>, RunError> {
                    Ok(vec![model(0.01 * (k + 1) as f64), model(0.2)])
                },
                |_, _, reps| reps.iter().map(|r| r.colour_months[2]).collect::<Vec<_>>(),
                |k, records: Vec<Vec<u64>>| (k, records.concat()),
            )
            .unwrap()
    }

    #[test]
    fn samples_do_not_depend_on_threads_and_shards_add_up() {
        let whole = run(1, 0..10);
        assert_eq!(whole, run(2, 0..10));
        let mut parts = run(2, 0..3);
        parts.extend(run(1, 3..10));
        assert_eq!(whole, parts);
        assert_eq!(whole.len(), 10);
        assert!(whole
            .iter()
            .enumerate()
            .all(|(k, (j, r))| *j == k as u64 && r.len() == 14));
    }

    #[test]
    fn a_sample_replication_is_its_own_stream_and_common_across_variants() {
        let m = model(0.2);
        let direct = |k: u64, i: u64| {
            let mut ws = Workspace::new(&m);
            let mut rng = sample_replication_rng(11, k, i);
            engine::simulate(&m, &mut ws, &mut rng, &mut ()).colour_months[2]
        };
        let whole = run(2, 0..10);
        for (k, records) in &whole {
            for i in 0..7u64 {
                // Variant 1 (p = 0.2) of replication i of sample k is that stream.
                assert_eq!(records[2 * i as usize + 1], direct(*k, i));
            }
        }
        // Different samples, and plain runs, use different streams.
        use rand::RngCore;
        let first = |mut r: rand_xoshiro::Xoshiro256PlusPlus| r.next_u64();
        let a = first(sample_replication_rng(11, 0, 0));
        assert_ne!(a, first(sample_replication_rng(11, 1, 0)));
        assert_ne!(a, first(sample_replication_rng(11, 0, 1)));
        assert_ne!(a, first(replication_rng(11, 0)));
    }

    #[test]
    fn bad_sample_counts_and_ranges_are_errors() {
        let settings = RunSettings::new(1, 1).unwrap();
        assert!(SampledBatch::new(0, settings).is_err());
        assert!(SampledBatch::new(MAX_SAMPLES + 1, settings).is_err());
        assert!(SampledBatch::new(5, settings)
            .unwrap()
            .samples_in(3..6)
            .is_err());
    }
}
