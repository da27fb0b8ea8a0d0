//! Monthly series: the mean of every figure at the end of each month (as before), and its
//! spread over replications ([`Spread`]: mean, sd, ci95) — costs by item, occupancy by state,
//! waiting lists by category and colours.
//!
//! The spread comes from integer sums and sums of squares ([`MonthlyTotals`]), so it is exact
//! and the same for any number of threads or shards, and memory does not grow with the
//! number of replications. Percentiles would need every replication's month kept, so the
//! monthly series give `sd` and `ci95` instead.

use super::share;
use crate::cost::CostItem;
use crate::engine::{Moments, MonthMoments, MonthlyTotals, COST_UNITS_PER_NOK, SHARE_UNITS};
use crate::keyed::ByKey;
use crate::state::{Category, Colour, State};
use serde::Serialize;

/// A figure of one month over replications: mean, sample standard deviation (n − 1) and the
/// normal-approximation 95 % confidence interval of the mean (mean ± 1.96 · sd / √n), the
/// same definitions as [`crate::stat::Stat`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Spread {
    /// Mean over replications.
    pub mean: f64,
    /// Sample standard deviation over replications.
    pub sd: f64,
    /// 95 % confidence interval of the mean.
    pub ci95: [f64; 2],
}

impl Spread {
    /// The spread of `n` replications' values summed in `m`, each value `unit` times the
    /// figure (100 for øre, 10⁹ for billionths of a share, 1 for counts).
    pub fn of(m: &Moments, n: u64, unit: f64) -> Spread {
        let (mean, variance) = m.mean_variance(n);
        let (mean, sd) = (mean / unit, variance.sqrt() / unit);
        let half = if n > 0 {
            1.96 * sd / (n as f64).sqrt()
        } else {
            0.0
        };
        Spread {
            mean,
            sd,
            ci95: [mean - half, mean + half],
        }
    }
}

/// The spread of the population figures of one month.
#[derive(Clone, Debug, Serialize)]
pub struct MonthSpread {
    /// Residents per state.
    pub occupancy: ByKey<State, Spread>,
    /// Waiting-list length per category.
    pub waiting_list: ByKey<Category, Spread>,
    /// Residents per colour.
    pub housing_situation: ByKey<Colour, Spread>,
    /// Share of the population per colour, replication by replication (its mean can differ
    /// slightly from `housing_situation_share`, the share of all replications pooled).
    pub housing_situation_share: ByKey<Colour, Spread>,
}

/// One month (month 0: the start): means over replications, the month's costs and the
/// spread of every figure.
#[derive(Clone, Debug, Serialize)]
pub struct MonthMeans {
    /// Month (0 = the start).
    pub month: u32,
    /// Mean residents per state.
    pub occupancy: ByKey<State, f64>,
    /// Mean waiting-list length per category.
    pub waiting_list: ByKey<Category, f64>,
    /// Share of the population per colour, all replications pooled.
    pub housing_situation_share: ByKey<Colour, f64>,
    /// The month's total cost (undiscounted, the run's perspective; 0 at month 0).
    pub total_cost_nok: Spread,
    /// The month's cost per item.
    pub cost_by_item_nok: ByKey<CostItem, Spread>,
    /// The spread of the population figures.
    pub spread: MonthSpread,
}

/// Every month of `m`, from the start.
pub fn month_means(m: &MonthlyTotals) -> Vec<MonthMeans> {
    m.months
        .iter()
        .enumerate()
        .map(|(i, mm)| month(i as u32, mm, m.replications))
        .collect()
}

fn month(month: u32, m: &MonthMoments, n: u64) -> MonthMeans {
    let reps = n.max(1) as f64;
    let count = |x: &Moments| Spread::of(x, n, 1.0);
    let population: i128 = m.colours.iter().map(|c| c.sum).sum();
    MonthMeans {
        month,
        occupancy: ByKey::from_fn(|s: State| m.occupancy[s.index()].sum as f64 / reps),
        waiting_list: ByKey::from_fn(|c: Category| m.waiting[c.index()].sum as f64 / reps),
        housing_situation_share: ByKey::from_fn(|c: Colour| {
            share(m.colours[c as usize].sum as f64, population as f64)
        }),
        total_cost_nok: Spread::of(&m.total_cost, n, COST_UNITS_PER_NOK),
        cost_by_item_nok: ByKey::from_fn(|i: CostItem| {
            Spread::of(&m.cost_by_item[i.index()], n, COST_UNITS_PER_NOK)
        }),
        spread: MonthSpread {
            occupancy: ByKey::from_fn(|s: State| count(&m.occupancy[s.index()])),
            waiting_list: ByKey::from_fn(|c: Category| count(&m.waiting[c.index()])),
            housing_situation: ByKey::from_fn(|c: Colour| count(&m.colours[c as usize])),
            housing_situation_share: ByKey::from_fn(|c: Colour| {
                Spread::of(&m.colour_shares[c as usize], n, SHARE_UNITS)
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stat::Stat;

    #[test]
    fn spread_matches_stat_of_the_same_values() {
        let values = [120_000i64, 95_050, 130_025, 88_000];
        let mut m = Moments::default();
        values.iter().for_each(|v| m.add(*v));
        let s = Spread::of(&m, 4, 100.0);
        let nok: Vec<f64> = values.iter().map(|v| *v as f64 / 100.0).collect();
        let stat = Stat::of(&nok);
        assert!((s.mean - stat.mean).abs() < 1e-9);
        assert!((s.sd - stat.sd).abs() < 1e-9);
        assert!((s.ci95[0] - stat.ci95[0]).abs() < 1e-9);
    }
}
