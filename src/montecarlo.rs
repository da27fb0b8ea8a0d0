//! Monte Carlo: replications in parallel with rayon, each with its own random stream derived
//! from (seed, replication index), so results are identical for any number of threads.
//!
//! Per-replication scalars are collected in replication order and summarised once; monthly
//! series are sums of integer counts, which merge exactly in any order. No per-replication
//! monthly history is kept.

use crate::engine::{self, MonthlyTotals, Replication, Workspace};
use crate::model::Model;
use crate::summary::{summarise, RunResult};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use thiserror::Error;

/// How to run a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// Number of replications (≥ 1).
    pub replications: u32,
    /// Random seed.
    pub seed: u64,
    /// Worker threads; `None` uses rayon's global pool (all cores).
    pub threads: Option<usize>,
}

impl RunOptions {
    /// The scenario's own defaults: its replications and seed, all cores.
    pub fn from_model(model: &Model) -> RunOptions {
        RunOptions {
            replications: model.scenario.replications,
            seed: model.scenario.seed,
            threads: None,
        }
    }
}

/// Failures that are not the input's fault.
#[derive(Debug, Error)]
pub enum RunError {
    /// The thread pool could not be started.
    #[error("cannot start {threads} worker threads: {reason}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// Why.
        reason: String,
    },
    /// The options are out of range.
    #[error("{0}")]
    Options(String),
}

/// Run `f` inside a pool of `threads` workers (or the global pool).
pub fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, RunError> {
    match threads {
        None => Ok(f()),
        Some(0) => Err(RunError::Options("threads must be at least 1".into())),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| RunError::Threads {
                threads: n,
                reason: e.to_string(),
            }),
    }
}

/// Run `n` replications of `model` in parallel and return them in replication order together
/// with the merged monthly totals. `progress` is called with the number of replications done.
pub fn replicate(
    model: &Model,
    n: u32,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> (Vec<Replication>, MonthlyTotals) {
    let done = AtomicU64::new(0);
    let months = model.horizon;
    let (mut reps, monthly) = (0..n as u64)
        .into_par_iter()
        .fold(
            || {
                (
                    Workspace::new(model),
                    Vec::new(),
                    MonthlyTotals::new(months),
                )
            },
            |(mut ws, mut reps, mut monthly), i| {
                let mut rng = engine::replication_rng(seed, i);
                reps.push((i, engine::simulate(model, &mut ws, &mut rng, &mut monthly)));
                monthly.finish_replication();
                progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                (ws, reps, monthly)
            },
        )
        .map(|(_, reps, monthly)| (reps, monthly))
        .reduce(
            || (Vec::new(), MonthlyTotals::new(months)),
            |(mut a, ma), (b, mb)| {
                a.extend(b);
                (a, ma.merge(&mb))
            },
        );
    reps.sort_by_key(|(i, _)| *i);
    (reps.into_iter().map(|(_, r)| r).collect(), monthly)
}

/// Run `model` as `opts` says and summarise the replications.
pub fn run(
    model: &Model,
    opts: &RunOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunResult, RunError> {
    if opts.replications == 0 {
        return Err(RunError::Options("replications must be at least 1".into()));
    }
    let start = Instant::now();
    let (reps, monthly) = with_threads(opts.threads, || {
        replicate(model, opts.replications, opts.seed, progress)
    })?;
    Ok(summarise(
        model,
        opts,
        &reps,
        &monthly,
        start.elapsed().as_secs_f64(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_between_replications_and_seeds() {
        use rand::RngCore;
        let a = engine::replication_rng(1, 0).next_u64();
        let b = engine::replication_rng(1, 1).next_u64();
        let c = engine::replication_rng(2, 0).next_u64();
        assert!(a != b && a != c && b != c);
        assert_eq!(a, engine::replication_rng(1, 0).next_u64());
    }
}
