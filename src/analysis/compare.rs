//! Scenarios side by side (e.g. a municipality and a policy variant), with common random
//! numbers: replication i of every scenario uses the same random stream, so the paired
//! differences against the first scenario are far less noisy than the difference of two
//! independent runs.

use crate::engine::Replication;
use crate::model::Model;
use crate::run::{Batch, RunError, RunSettings};
use crate::stat::Stat;
use crate::summary::{green_share_final, paired, summary_of, Summary};
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

/// Most replications one comparison runs (scenarios × replications): every scenario's
/// per-replication results stay in memory until the paired differences are taken (about 1.5
/// to 3 KB each).
pub const MAX_COMPARE_RUNS: f64 = 2e6;

/// Run every model with the same replications and seed and compare them with the first.
pub fn compare(models: &[Model], settings: &RunSettings) -> Result<Comparison, RunError> {
    if models.len() as f64 * settings.replications() as f64 > MAX_COMPARE_RUNS {
        return Err(RunError::TooLarge {
            option: "replications",
            message: format!(
                "{} scenarios × {} replications is more than the {MAX_COMPARE_RUNS} \
                 replications one comparison runs (each keeps its results in memory); give \
                 fewer scenarios or replications",
                models.len(),
                settings.replications()
            ),
        });
    }
    settings.check_memory(
        models
            .iter()
            .map(|m| Replication::estimated_bytes(m.programs().len()))
            .sum(),
    )?;
    let start = std::time::Instant::now();
    let out = Batch::new(models.iter().collect(), *settings)?.run(|_, reps| reps)?;
    let runs = transpose(out.records, models.len());
    let columns = models
        .iter()
        .zip(&runs)
        .map(|(m, reps)| Column {
            scenario: m.name().to_owned(),
            horizon_months: m.horizon(),
            summary: summary_of(m, reps),
        })
        .collect();
    let base = &runs[0];
    let differences = models
        .iter()
        .zip(&runs)
        .skip(1)
        .map(|(m, reps)| {
            let diff = |f: &dyn Fn(&Replication) -> f64| paired(reps, base, f);
            Difference {
                scenario: m.name().to_owned(),
                against: models[0].name().to_owned(),
                total_cost_nok: diff(&|r| r.ledger.total()),
                discounted_total_cost_nok: diff(&|r| r.ledger.total_discounted()),
                hospits_person_months: diff(&|r| r.hospits_person_months as f64),
                green_share_final: diff(&green_share_final),
                breakdowns: diff(&|r| r.events.breakdowns as f64),
            }
        })
        .collect();
    Ok(Comparison {
        replications: settings.replications(),
        seed: settings.seed(),
        columns,
        differences,
        elapsed_seconds: start.elapsed().as_secs_f64(),
    })
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
