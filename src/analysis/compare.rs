//! Scenarios side by side (e.g. a municipality and a policy variant), with common random
//! numbers: replication i of every scenario uses the same random stream, so the paired
//! differences against the first scenario are far less noisy than the difference of two
//! independent runs.

use crate::engine::Replication;
use crate::model::Model;
use crate::montecarlo::{replicate, with_threads, RunError, RunOptions};
use crate::stat::Stat;
use crate::state::Colour;
use crate::summary::{summarise, Summary};
use serde::Serialize;

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
    /// Wall time (the only field that differs between identical runs).
    pub elapsed_seconds: f64,
}

fn green(r: &Replication) -> f64 {
    let population: u32 = r.final_colours.iter().sum();
    if population == 0 {
        0.0
    } else {
        r.final_colours[Colour::Green as usize] as f64 / population as f64
    }
}

/// Most replications one comparison runs (scenarios × replications): every scenario's
/// per-replication results stay in memory until the paired differences are taken (about 1.5
/// to 3 KB each).
pub const MAX_COMPARE_RUNS: f64 = 2e6;

/// Run every model with the same replications and seed and compare them with the first.
pub fn compare(models: &[Model], opts: &RunOptions) -> Result<Comparison, RunError> {
    if models.is_empty() || opts.replications == 0 {
        return Err(RunError::Options(
            "give at least one scenario and one replication".into(),
        ));
    }
    if models.len() as f64 * opts.replications as f64 > MAX_COMPARE_RUNS {
        return Err(RunError::Options(format!(
            "--replications: {} scenarios × {} replications is more than the \
             {MAX_COMPARE_RUNS} replications one comparison runs (each keeps its results in \
             memory); give fewer scenarios or replications",
            models.len(),
            opts.replications
        )));
    }
    let start = std::time::Instant::now();
    let runs = with_threads(opts.threads, || {
        models
            .iter()
            .map(|m| replicate(m, opts.replications, opts.seed, &|_| {}))
            .collect::<Vec<_>>()
    })?;
    let columns = models
        .iter()
        .zip(&runs)
        .map(|(m, (reps, monthly))| Column {
            scenario: m.scenario.name.clone(),
            horizon_months: m.horizon,
            summary: summarise(m, opts, reps, monthly, 0.0).summary,
        })
        .collect();
    let (base, _) = &runs[0];
    let differences = models
        .iter()
        .zip(&runs)
        .skip(1)
        .map(|(m, (reps, _))| {
            let diff = |f: &dyn Fn(&Replication) -> f64| {
                Stat::of(
                    &reps
                        .iter()
                        .zip(base)
                        .map(|(a, b)| f(a) - f(b))
                        .collect::<Vec<_>>(),
                )
            };
            Difference {
                scenario: m.scenario.name.clone(),
                against: models[0].scenario.name.clone(),
                total_cost_nok: diff(&|r| r.ledger.total()),
                discounted_total_cost_nok: diff(&|r| r.ledger.total_discounted()),
                hospits_person_months: diff(&|r| r.hospits_person_months as f64),
                green_share_final: diff(&green),
                breakdowns: diff(&|r| r.events.breakdowns as f64),
            }
        })
        .collect();
    Ok(Comparison {
        replications: opts.replications,
        seed: opts.seed,
        columns,
        differences,
        elapsed_seconds: start.elapsed().as_secs_f64(),
    })
}
