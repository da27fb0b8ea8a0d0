//! Scenarios side by side (e.g. a municipality and a policy variant), with common random
//! numbers: replication i of every scenario uses the same random stream, so the paired
//! differences against the first scenario are far less noisy than the difference of two
//! independent runs.
//!
//! The differences are a [`Summary`] computed by the same code as each scenario's own, over
//! the pairs of replications instead of the replications ([`PerReplication::paired`]): every
//! figure a run reports has its paired difference. A comparison is a policy comparison only
//! when the scenarios describe the same people ([`Population`]); it warns when they do not.

mod population;

pub use population::{population_differences, Population};

use crate::cost::Perspective;
use crate::engine::{Event, Replication};
use crate::model::Model;
use crate::run::{Batch, RunError, RunSettings};
use crate::scenario::validate::unpriced_warning;
use crate::scenario::{common_currency, Issue, Scenario, ScenarioError};
use crate::stat::Stat;
use crate::state::Colour;
use crate::summary::{summary_from, summary_of, PerReplication, Side, Summary};
use serde::Serialize;
use std::ops::Range;

/// One scenario's summary in a comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Column {
    /// Scenario name.
    pub scenario: String,
    /// Months simulated.
    pub horizon_months: u32,
    /// Whose costs the totals count.
    pub perspective: Perspective,
    /// The full summary.
    pub summary: Summary,
}

/// Paired differences (this scenario minus the first), replication by replication.
///
/// `summary` holds every figure; the five figures before it are the same values under the
/// names earlier versions gave them.
#[derive(Clone, Debug, Serialize)]
pub struct Difference {
    /// This scenario.
    pub scenario: String,
    /// The scenario it is compared with (the first).
    pub against: String,
    /// Difference in total cost (as `summary.total_cost_nok`).
    pub total_cost_nok: Stat,
    /// Difference in discounted total cost.
    pub discounted_total_cost_nok: Stat,
    /// Difference in hospits person-months.
    pub hospits_person_months: Stat,
    /// Difference in the green share at the end (share points as a fraction).
    pub green_share_final: Stat,
    /// Difference in breakdowns.
    pub breakdowns: Stat,
    /// Every figure of a run's summary as the paired difference `this − first`, with the
    /// Stat of the per-replication differences (its `ci95` is the interval of the mean
    /// difference). Programs are matched by id; ratios are differences of per-replication
    /// ratios (pairs where both are defined); retention is the difference of pooled shares.
    pub summary: Summary,
    /// Programs of only one of the two scenarios: they have no difference in `summary`.
    pub unmatched_programs: Vec<String>,
}

/// The comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// Replications per scenario.
    pub replications: u32,
    /// Random seed shared by all scenarios.
    pub seed: u64,
    /// The currency of every amount, shared by all scenarios (`costs.currency`; fields ending
    /// in `_nok` included).
    pub currency: String,
    /// One column per scenario, in the order given.
    pub columns: Vec<Column>,
    /// Every scenario after the first against the first.
    pub differences: Vec<Difference>,
    /// Why the differences may not measure a policy's effect (different populations,
    /// horizons or perspectives), and scenarios whose limited programs have no price for their
    /// places ([`unpriced_warning`]); empty when there is no such reason.
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
    check_currencies(models)?;
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
            .map(|m| Replication::estimated_bytes(m.programs().len(), m.horizon()))
            .sum(),
        share,
    )?;
    let out = Batch::new(models.iter().collect(), *settings)?
        .replications_in(range)?
        .run(|_, reps| reps)?;
    Ok(out.records)
}

/// Costs in two currencies cannot be subtracted: every model must count in the first's.
fn check_currencies(models: &[Model]) -> Result<(), RunError> {
    let scenarios: Vec<&Scenario> = models.iter().map(Model::scenario).collect();
    common_currency(&scenarios).map(|_| ()).map_err(|e| {
        let file = match &e {
            ScenarioError::Invalid { file, .. } => file.clone(),
            _ => String::new(),
        };
        let issue = e.issues().into_iter().next();
        RunError::Incomparable {
            file,
            issue: issue.unwrap_or_else(|| Issue::new("costs.currency", e.to_string())),
        }
    })
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
            perspective: m.prices().perspective(),
            summary: summary_of(m, reps),
        })
        .collect();
    let differences = differences(models, &runs);
    Comparison {
        replications: settings.replications(),
        seed: settings.seed(),
        currency: models.first().map_or("", |m| m.currency()).to_owned(),
        columns,
        differences,
        warnings: warnings(models),
        elapsed_seconds,
    }
}

/// Why comparing `models` with the first may not measure a policy's effect, then every
/// scenario whose places have no price ([`unpriced_warning`]).
pub fn warnings(models: &[Model]) -> Vec<String> {
    let Some(first) = models.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in &models[1..] {
        let found = population_differences(
            &Population::of(first.scenario()),
            &Population::of(m.scenario()),
        );
        if !found.is_empty() {
            out.push(format!(
                "{} against {}: not a policy comparison: the populations differ ({}); the \
                 differences mix the people with the policy",
                m.name(),
                first.name(),
                found.join("; ")
            ));
        }
        if m.horizon() != first.horizon() {
            out.push(format!(
                "{} against {}: the horizons differ ({} against {} months): totals over the \
                 horizon are not comparable; simulate the same number of months",
                m.name(),
                first.name(),
                m.horizon(),
                first.horizon()
            ));
        }
        let (p, q) = (m.prices().perspective(), first.prices().perspective());
        if p != q {
            out.push(format!(
                "{} against {}: the costs are for different perspectives ({} against {}): \
                 totals are not comparable; count both for the same perspective",
                m.name(),
                first.name(),
                p.name(),
                q.name()
            ));
        }
    }
    out.extend(models.iter().filter_map(|m| unpriced_warning(m.scenario())));
    out
}

/// Every model after the first against the first, replication by replication.
fn differences(models: &[Model], runs: &[Vec<Replication>]) -> Vec<Difference> {
    let (Some(first), Some(base)) = (models.first(), runs.first()) else {
        return Vec::new();
    };
    let base = Side {
        model: first,
        reps: base,
    };
    models
        .iter()
        .zip(runs)
        .skip(1)
        .map(|(model, reps)| difference(base, Side { model, reps }))
        .collect()
}

/// The paired differences `this − base`.
pub fn difference(base: Side, this: Side) -> Difference {
    let s = summary_from(&PerReplication::paired(base, this));
    let ids = |m: &Model| -> Vec<String> { m.programs().iter().map(|p| p.id.clone()).collect() };
    let matched = |id: &String| s.cost_by_program_nok.get(id).is_some();
    let mut unmatched: Vec<String> = ids(base.model)
        .into_iter()
        .filter(|id| !matched(id))
        .collect();
    unmatched.extend(ids(this.model).into_iter().filter(|id| !matched(id)));
    Difference {
        scenario: this.model.name().to_owned(),
        against: base.model.name().to_owned(),
        total_cost_nok: s.total_cost_nok,
        discounted_total_cost_nok: s.discounted_total_cost_nok,
        hospits_person_months: s.hospits_person_months,
        green_share_final: s.housing_situation_share_final[Colour::Green],
        breakdowns: s.events[Event::Breakdowns],
        summary: s,
        unmatched_programs: unmatched,
    }
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
