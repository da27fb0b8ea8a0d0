//! Typed results of a run: every reported quantity as a [`Stat`] over replications, paired
//! differences between strategies, and the check of a scenario's calibration targets.
//!
//! The JSON output of `housing-sim run --format json` is the serialisation of [`RunResult`].

mod monthly;
mod per_replication;
mod per_year;
mod retention;
mod targets;

pub use monthly::{month_means, MonthMeans, MonthSpread, Spread};
pub use per_replication::{program_index, PerReplication, Side};
pub use per_year::{
    cost_per_year, per_year, year_label, year_months, year_total, year_total_discounted, years_of,
    YearSummary, YearTotal,
};
pub use retention::{paired_share_difference, pooled_share};
pub use targets::{check_targets, TargetCheck};

use crate::cost::{CostItem, Payer, Perspective};
use crate::engine::{Event, MonthlyTotals, Replication, RETENTION_MONTHS};
use crate::keyed::{ByKey, Named};
use crate::model::Model;
use crate::run::RunSettings;
use crate::stat::Stat;
use crate::state::{Category, Colour, State};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// The result of running a scenario.
#[derive(Clone, Debug, Serialize)]
pub struct RunResult {
    /// Scenario name.
    pub scenario: String,
    /// Random seed used.
    pub seed: u64,
    /// Number of replications.
    pub replications: u32,
    /// Months simulated.
    pub horizon_months: u32,
    /// Whose costs the totals count.
    pub perspective: Perspective,
    /// The currency of every amount (`costs.currency`; fields ending in `_nok` included).
    pub currency: String,
    /// Resident-months simulated over all replications (residents in the population, summed
    /// over months and replications).
    pub resident_months: u64,
    /// Wall time of the simulation (the only field that differs between identical runs).
    pub elapsed_seconds: f64,
    /// The summary over replications.
    pub summary: Summary,
    /// The scenario's calibration targets against the simulated means.
    pub targets: Vec<TargetCheck>,
    /// Month by month from the start (month 0): means over replications, as always, and
    /// the month's costs and the spread of every figure ([`MonthMeans`]).
    pub monthly: Vec<MonthMeans>,
    /// Every replication's own figures, in replication order (not serialised).
    #[serde(skip)]
    pub records: Vec<Replication>,
}

impl RunResult {
    /// Every replication's own figures, in replication order: pair them with another
    /// strategy's (run with the same seed) to compare any figure replication by replication.
    pub fn records(&self) -> &[Replication] {
        &self.records
    }
}

/// Every reported quantity, summarised over replications. Costs are NOK over the whole horizon
/// for the run's perspective, undiscounted unless the name says otherwise.
///
/// A comparison's differences have the same shape ([`summary_from`] over
/// [`PerReplication::Paired`]): each figure is then the Stat of the per-replication differences.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Total cost.
    pub total_cost_nok: Stat,
    /// Total cost discounted to the start.
    pub discounted_total_cost_nok: Stat,
    /// Total cost per year of the horizon (total × 12 ÷ months): "MNOK a year".
    pub cost_per_year_nok: Stat,
    /// Costs of each horizon year (the last one partial when the horizon is not whole
    /// years): total, discounted total, by item, payer and program.
    pub per_year: Vec<YearSummary>,
    /// Cost per item; the items sum to the total in every replication.
    pub cost_by_item_nok: ByKey<CostItem, Stat>,
    /// Discounted cost per item.
    pub discounted_cost_by_item_nok: ByKey<CostItem, Stat>,
    /// What each payer pays (every payer, whatever the perspective).
    pub cost_by_payer_nok: ByKey<Payer, Stat>,
    /// What each payer pays, discounted.
    pub discounted_cost_by_payer_nok: ByKey<Payer, Stat>,
    /// Cost of the programs of each category.
    pub cost_by_category_nok: ByKey<Category, Stat>,
    /// Cost of each program.
    pub cost_by_program_nok: Named<Stat>,
    /// Total cost per resident-month in the population.
    pub cost_per_resident_month_nok: Stat,
    /// Total cost per stably housed (green) person-month; `null` when there are none.
    pub cost_per_green_person_month_nok: Option<Stat>,
    /// Residents per state at the end (exited: everyone who left during the run).
    pub final_occupancy: ByKey<State, Stat>,
    /// Residents per program at the end.
    pub final_program_occupancy: Named<Stat>,
    /// Waiting-list length per category at the end.
    pub final_waiting_list: ByKey<Category, Stat>,
    /// Mean waiting-list length over the months.
    pub mean_waiting_list: ByKey<Category, Stat>,
    /// Share of the population green, yellow, red at the end.
    pub housing_situation_share_final: ByKey<Colour, Stat>,
    /// Share of resident-months green, yellow, red over the run.
    pub housing_situation_share_mean: ByKey<Colour, Stat>,
    /// Person-months in bought temporary housing (hospits).
    pub hospits_person_months: Stat,
    /// Residents joining each category's waiting list per year (a flow).
    pub waiting_list_joins_per_year: ByKey<Category, Stat>,
    /// Residents moving out of each category per year, to anywhere (a flow).
    pub moves_out_per_year: ByKey<Category, Stat>,
    /// Misplaced residents at the end.
    pub final_misplaced: Stat,
    /// Mean number of misplaced residents over the months.
    pub mean_misplaced: Stat,
    /// Event counts over the run.
    pub events: ByKey<Event, Stat>,
    /// Share of stays begun during the run that lasted 12, 24 and 36 months, per category,
    /// pooled over replications (all stays that lasted ÷ all stays that could be followed; see
    /// [`pooled_share`] for the interval).
    pub retention: ByKey<Category, Retention>,
}

/// Retention of one category after 12, 24 and 36 months (`None` where no stay qualifies).
///
/// Each Stat's `mean` is the pooled share over all replications and `ci95` its interval
/// (replications as clusters, [`pooled_share`]); `sd` and the percentiles are the spread of
/// the share in single replications.
#[derive(Clone, Debug, PartialEq)]
pub struct Retention {
    /// Indexed like [`RETENTION_MONTHS`].
    pub after: [Option<Stat>; 3],
}

impl Retention {
    /// The share of stays that lasted `months` months (one of [`RETENTION_MONTHS`]); `None`
    /// for other months or where no stay qualifies.
    pub fn after_months(&self, months: u32) -> Option<&Stat> {
        let i = RETENTION_MONTHS.iter().position(|k| *k == months)?;
        self.after[i].as_ref()
    }
}

impl Serialize for Retention {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        for (k, v) in RETENTION_MONTHS.iter().zip(&self.after) {
            map.serialize_entry(&k.to_string(), v)?;
        }
        map.end()
    }
}

/// The Stat of `f` over one run's replications (what [`PerReplication::stat`] does for
/// [`PerReplication::One`]).
pub(crate) fn stat_by<T>(reps: &[Replication], f: impl Fn(&Replication) -> T) -> Stat
where
    T: Into<f64>,
{
    let v: Vec<f64> = reps.iter().map(|r| f(r).into()).collect();
    Stat::of(&v)
}

pub(crate) fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// A count over the run as a rate per year (12 months).
fn rate_per_year(count: u64, model: &Model) -> f64 {
    count as f64 * 12.0 / model.horizon() as f64
}

/// The paired difference `f(a) − f(b)` replication by replication (both runs with the same
/// seed, so replication i of each used the same random stream).
pub fn paired(a: &[Replication], b: &[Replication], f: impl Fn(&Replication) -> f64) -> Stat {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| f(x) - f(y)).collect();
    Stat::of(&d)
}

/// Share of the population green at the end of a replication.
pub fn green_share_final(r: &Replication) -> f64 {
    let population: u32 = r.final_colours.iter().sum();
    share(
        r.final_colours[Colour::Green as usize] as f64,
        population as f64,
    )
}

/// Summarise replications (in replication order) into a [`RunResult`].
pub fn summarise(
    model: &Model,
    settings: &RunSettings,
    reps: Vec<Replication>,
    monthly: &MonthlyTotals,
    elapsed_seconds: f64,
) -> RunResult {
    let summary = summary_of(model, &reps);
    let monthly = month_means(monthly);
    RunResult {
        targets: check_targets(&model.scenario().targets, &summary, &monthly),
        scenario: model.name().to_owned(),
        seed: settings.seed(),
        replications: reps.len() as u32,
        horizon_months: model.horizon(),
        perspective: model.prices().perspective(),
        currency: model.currency().to_owned(),
        resident_months: reps.iter().map(|r| r.resident_months).sum(),
        elapsed_seconds,
        summary,
        monthly,
        records: reps,
    }
}

/// The summary of one model's replications.
pub fn summary_of(model: &Model, reps: &[Replication]) -> Summary {
    summary_from(&PerReplication::one(model, reps))
}

/// The summary of per-replication values: of one scenario's replications, or over pairs of
/// two scenarios' replications the paired difference of every figure (see
/// [`PerReplication`]). Over pairs, programs are matched by id (a program of only one side is
/// left out), ratios (cost per resident-month, per stably housed person-month) are the
/// differences of the per-replication ratios, and retention is the difference of the pooled
/// shares.
pub fn summary_from(src: &PerReplication) -> Summary {
    let programs = src.programs();
    let by_program = |f: &dyn Fn(&Replication, usize) -> f64| {
        Named(
            programs
                .iter()
                .map(|id| {
                    let stat = src.stat(|m, r| program_index(m, id).map_or(0.0, |g| f(r, g)));
                    (id.clone(), stat)
                })
                .collect(),
        )
    };
    let population = |r: &Replication| r.final_colours.iter().sum::<u32>() as f64;
    let summary = Summary {
        total_cost_nok: src.stat(|_, r| r.ledger.total()),
        discounted_total_cost_nok: src.stat(|_, r| r.ledger.total_discounted()),
        cost_per_year_nok: cost_per_year(src),
        per_year: per_year(src),
        cost_by_item_nok: ByKey::from_fn(|i| src.stat(|_, r| r.ledger.item(i))),
        discounted_cost_by_item_nok: ByKey::from_fn(|i| {
            src.stat(|_, r| r.ledger.item_discounted(i))
        }),
        cost_by_payer_nok: ByKey::from_fn(|p| src.stat(|_, r| r.ledger.payer(p))),
        discounted_cost_by_payer_nok: ByKey::from_fn(|p| {
            src.stat(|_, r| r.ledger.payer_discounted(p))
        }),
        cost_by_category_nok: ByKey::from_fn(|c| {
            src.stat(|m, r| {
                m.programs()
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.category == c)
                    .map(|(g, _)| r.ledger.by_program[g])
                    .sum::<f64>()
            })
        }),
        cost_by_program_nok: by_program(&|r, g| r.ledger.by_program[g]),
        cost_per_resident_month_nok: src
            .stat(|_, r| share(r.ledger.total(), r.resident_months as f64)),
        cost_per_green_person_month_nok: src.stat_defined(|_, r| {
            let green = r.colour_months[Colour::Green as usize] as f64;
            (green > 0.0).then(|| r.ledger.total() / green)
        }),
        final_occupancy: ByKey::from_fn(|s: State| {
            src.stat(|_, r| r.final_occupancy[s.index()].into())
        }),
        final_program_occupancy: by_program(&|r, g| r.final_program_occupancy[g] as f64),
        final_waiting_list: ByKey::from_fn(|c: Category| {
            src.stat(|_, r| r.final_waiting[c.index()].into())
        }),
        mean_waiting_list: ByKey::from_fn(|c: Category| {
            src.stat(|m, r| r.waiting_months[c.index()] as f64 / m.horizon() as f64)
        }),
        housing_situation_share_final: ByKey::from_fn(|c: Colour| {
            src.stat(|_, r| share(r.final_colours[c as usize] as f64, population(r)))
        }),
        housing_situation_share_mean: ByKey::from_fn(|c: Colour| {
            src.stat(|_, r| share(r.colour_months[c as usize] as f64, r.resident_months as f64))
        }),
        hospits_person_months: src.stat(|_, r| r.hospits_person_months as f64),
        waiting_list_joins_per_year: ByKey::from_fn(|c: Category| {
            src.stat(|m, r| rate_per_year(r.waiting_list_joins[c.index()], m))
        }),
        moves_out_per_year: ByKey::from_fn(|c: Category| {
            src.stat(|m, r| rate_per_year(r.moves_out[c.index()], m))
        }),
        final_misplaced: src.stat(|_, r| r.final_misplaced.into()),
        mean_misplaced: src.stat(|m, r| r.misplaced_months as f64 / m.horizon() as f64),
        events: ByKey::from_fn(|e: Event| src.stat(|_, r| r.events.get(e) as f64)),
        retention: ByKey::from_fn(|c: Category| Retention {
            after: [0, 1, 2].map(|k| src.retention(c, k)),
        }),
    };
    summary
}
