//! Scenarios side by side (e.g. a municipality and a policy variant), with common random
//! numbers: replication i of every scenario uses the same random stream, so the paired
//! differences against the first scenario are far less noisy than the difference of two
//! independent runs.

use crate::engine::Replication;
use crate::model::Model;
use crate::run::{Batch, RunError, RunSettings};
use crate::scenario::validate::unpriced_warning;
use crate::stat::Stat;
use crate::summary::{green_share_final, paired, summary_of, Summary};
use serde::Serialize;
use std::ops::Range;

/// One scenario's summary in a comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Column {
    /// Scenario name.
    pub scenario: String,
    /// Months simulated.
    pub horizon_months: u32,
    /// The full summary.
    pub summary: Summary,
}

/// Paired differences (this scenario minus the first), replication by replication.
#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    /// This scenario.
    pub scenario: String,
    /// The scenario it is compared with (the first).
    pub against: String,
    /// Difference in total cost.
    pub total_cost_nok: Stat,
    /// Difference in discounted total cost.
    pub discounted_total_cost_nok: Stat,
    /// Difference in hospits person-months.
    pub hospits_person_months: Stat,
    /// Difference in the green share at the end (share points as a fraction).
    pub green_share_final: Stat,
    /// Difference in breakdowns.
    pub breakdowns: Stat,
}

/// The comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// Replications per scenario.
    pub replications: u32,
    /// Random seed shared by all scenarios.
    pub seed: u64,
    /// One column per scenario, in the order given.
    pub columns: Vec<Column>,
    /// Every scenario after the first against the first.
    pub differences: Vec<Difference>,
    /// What to keep in mind reading the results: scenarios whose limited programs have no
    /// price for their places ([`unpriced_warning`]).
    pub warnings: Vec<String>,
    /// Wall time (the only field that differs between identical runs).
    pub elapsed_seconds: f64,
}

/// Most replications one comparison keeps in memory at once (scenarios × replications, or ×
/// a shard's share of them): every scenario's per-replication results stay in memory until
/// the paired differences are taken (about 1.5 to 3 KB each). A sharded comparison
/// ([`crate::run::Shard`]) checks each shard's share, so N shards run N times as many.
pub const MAX_COMPARE_RUNS: f64 = 2e6;

/// Run every model with the same replications and seed and compare them with the first:
/// [`compare_records`] for every replication, then [`compare_summary`].
pub fn compare(models: &[Model], settings: &RunSettings) -> Result<Comparison, RunError> {
    let start = std::time::Instant::now();
    let records = compare_records(models, settings, 0..settings.replications() as u64)?;
    Ok(compare_summary(
        models,
        settings,
        records,
        start.elapsed().as_secs_f64(),
    ))
}

/// Every model's records of the replications in `range` (a shard's share), `[i][model]`.
pub fn compare_records(
    models: &[Model],
    settings: &RunSettings,
    range: Range<u64>,
) -> Result<Vec<Vec<Replication>>, RunError> {
    let share = range.end.saturating_sub(range.start);
    if models.len() as f64 * share as f64 > MAX_COMPARE_RUNS {
        return Err(RunError::TooLarge {
            option: "replications",
            message: format!(
                "{} scenarios × {share} replications is more than the {MAX_COMPARE_RUNS} \
                 replications one comparison runs (each keeps its results in memory); give \
                 fewer scenarios or replications, or run it in shards (--shard)",
                models.len(),
            ),
        });
    }
    settings.check_memory_for(
        models
            .iter()
            .map(|m| Replication::estimated_bytes(m.programs().len()))
            .sum(),
        share,
    )?;
    let out = Batch::new(models.iter().collect(), *settings)?
        .replications_in(range)?
        .run(|_, reps| reps)?;
    Ok(out.records)
}

/// The comparison of every replication's records (`[i][model]`, in replication order).
pub fn compare_summary(
    models: &[Model],
    settings: &RunSettings,
    records: Vec<Vec<Replication>>,
    elapsed_seconds: f64,
) -> Comparison {
    let runs = transpose(records, models.len());
    let columns = models
        .iter()
        .zip(&runs)
        .map(|(m, reps)| Column {
            scenario: m.name().to_owned(),
            horizon_months: m.horizon(),
            summary: summary_of(m, reps),
        })
        .collect();
    let differences = differences(models, &runs);
    Comparison {
        replications: settings.replications(),
        seed: settings.seed(),
        columns,
        differences,
        warnings: models
            .iter()
            .filter_map(|m| unpriced_warning(m.scenario()))
            .collect(),
        elapsed_seconds,
    }
}

/// Every model after the first against the first, replication by replication.
fn differences(models: &[Model], runs: &[Vec<Replication>]) -> Vec<Difference> {
    let (Some(first), Some(base)) = (models.first(), runs.first()) else {
        return Vec::new();
    };
    models
        .iter()
        .zip(runs)
        .skip(1)
        .map(|(m, reps)| {
            let diff = |f: &dyn Fn(&Replication) -> f64| paired(reps, base, f);
            Difference {
                scenario: m.name().to_owned(),
                against: first.name().to_owned(),
                total_cost_nok: diff(&|r| r.ledger.total()),
                discounted_total_cost_nok: diff(&|r| r.ledger.total_discounted()),
                hospits_person_months: diff(&|r| r.hospits_person_months as f64),
                green_share_final: diff(&green_share_final),
                breakdowns: diff(&|r| r.events.breakdowns as f64),
            }
        })
        .collect()
}

/// Per-replication records of every variant (`records[i][v]`) as one run per variant
/// (`runs[v][i]`).
pub(crate) fn transpose(records: Vec<Vec<Replication>>, variants: usize) -> Vec<Vec<Replication>> {
    let mut runs: Vec<Vec<Replication>> = (0..variants)
        .map(|_| Vec::with_capacity(records.len()))
        .collect();
    for reps in records {
        for (run, r) in runs.iter_mut().zip(reps) {
            run.push(r);
        }
    }
    runs
}
