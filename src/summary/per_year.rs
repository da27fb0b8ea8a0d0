//! Costs per horizon year: year 1 is months 1–12, year 2 months 13–24, …; a last year with
//! fewer than 12 months is labelled with its months (e.g. "year 6 (months 61–66)") and holds
//! only those months' costs. Every figure is a [`Stat`] over replications of the year's
//! undiscounted cost for the run's perspective, except `discounted_total_cost_nok`; in a
//! comparison's differences, of the paired difference year by year ([`PerReplication`]).

use super::{program_index, PerReplication};
use crate::cost::{CostItem, Payer};
use crate::engine::Replication;
use crate::keyed::{ByKey, Named};
use crate::stat::Stat;
use serde::Serialize;

/// One horizon year's costs, summarised over replications.
#[derive(Clone, Debug, Serialize)]
pub struct YearSummary {
    /// Year of the horizon (1-based).
    pub year: u32,
    /// Its first month (1-based).
    pub first_month: u32,
    /// Its last month (at most the horizon).
    pub last_month: u32,
    /// "year 3", or "year 6 (months 61–66)" for a partial last year.
    pub label: String,
    /// Total cost of the year.
    pub total_cost_nok: Stat,
    /// Total cost of the year, discounted to the start of the run.
    pub discounted_total_cost_nok: Stat,
    /// Cost per item.
    pub cost_by_item_nok: ByKey<CostItem, Stat>,
    /// What each payer pays (every payer, whatever the perspective).
    pub cost_by_payer_nok: ByKey<Payer, Stat>,
    /// Cost of each program.
    pub cost_by_program_nok: Named<Stat>,
}

/// One horizon year's total cost (the per-year figures of a sweep point).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearTotal {
    /// Year of the horizon (1-based).
    pub year: u32,
    /// "year 3", or "year 6 (months 61–66)" for a partial last year.
    pub label: String,
    /// Total cost of the year.
    pub total_cost_nok: Stat,
    /// Total cost of the year, discounted to the start of the run.
    pub discounted_total_cost_nok: Stat,
}

impl YearTotal {
    /// The totals of a year's summary.
    pub fn of(y: &YearSummary) -> YearTotal {
        YearTotal {
            year: y.year,
            label: y.label.clone(),
            total_cost_nok: y.total_cost_nok,
            discounted_total_cost_nok: y.discounted_total_cost_nok,
        }
    }
}

/// Number of horizon years of a run of `horizon_months` months (a partial year counts).
pub fn years_of(horizon_months: u32) -> u32 {
    horizon_months.div_ceil(12).max(1)
}

/// The months of horizon year `year` (1-based) of a run of `horizon_months` months.
pub fn year_months(year: u32, horizon_months: u32) -> (u32, u32) {
    let first = (year - 1) * 12 + 1;
    (first, (year * 12).min(horizon_months.max(first)))
}

/// "year 3", or "year 6 (months 61–66)" when the year is cut short by the horizon.
pub fn year_label(year: u32, horizon_months: u32) -> String {
    let (first, last) = year_months(year, horizon_months);
    if last - first + 1 == 12 {
        format!("year {year}")
    } else {
        format!("year {year} (months {first}–{last})")
    }
}

/// Undiscounted total cost of replication `r` in horizon year `year` (1-based) for its
/// perspective: pair it between strategies with [`super::paired`] for a per-year difference.
pub fn year_total(r: &Replication, year: u32) -> f64 {
    r.ledger.year_total(year as usize - 1)
}

/// Discounted total cost of replication `r` in horizon year `year` (1-based).
pub fn year_total_discounted(r: &Replication, year: u32) -> f64 {
    r.ledger
        .years
        .get(year as usize - 1)
        .map_or(0.0, |y| y.discounted_total)
}

/// The per-year summary of one model's replications, or of the paired differences of two
/// (years up to the shorter horizon; programs matched by id).
pub fn per_year(src: &PerReplication) -> Vec<YearSummary> {
    let horizon = src.horizon();
    let programs = src.programs();
    (1..=years_of(horizon))
        .map(|year| {
            let y = year as usize - 1;
            let (first_month, last_month) = year_months(year, horizon);
            YearSummary {
                year,
                first_month,
                last_month,
                label: year_label(year, horizon),
                total_cost_nok: src.stat(|_, r| year_total(r, year)),
                discounted_total_cost_nok: src.stat(|_, r| year_total_discounted(r, year)),
                cost_by_item_nok: ByKey::from_fn(|i| src.stat(|_, r| r.ledger.year_item(y, i))),
                cost_by_payer_nok: ByKey::from_fn(|p| src.stat(|_, r| r.ledger.year_payer(y, p))),
                cost_by_program_nok: Named(
                    programs
                        .iter()
                        .map(|id| {
                            let stat = src.stat(|m, r| {
                                program_index(m, id).map_or(0.0, |g| year_program(r, y, g))
                            });
                            (id.clone(), stat)
                        })
                        .collect(),
                ),
            }
        })
        .collect()
}

/// Cost of program `g` in horizon year `y` (0-based) of replication `r`.
fn year_program(r: &Replication, y: usize, g: usize) -> f64 {
    r.ledger
        .years
        .get(y)
        .and_then(|c| c.by_program.get(g))
        .map_or(0.0, |x| *x)
}

/// Total cost per year of the horizon (the total × 12 ÷ months), replication by replication
/// (or its paired difference).
pub fn cost_per_year(src: &PerReplication) -> Stat {
    src.stat(|m, r| r.ledger.total() * 12.0 / m.horizon().max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_labels_follow_the_horizon() {
        assert_eq!(years_of(60), 5);
        assert_eq!(years_of(66), 6);
        assert_eq!(years_of(1), 1);
        assert_eq!(year_months(6, 66), (61, 66));
        assert_eq!(year_months(2, 66), (13, 24));
        assert_eq!(year_label(2, 66), "year 2");
        assert_eq!(year_label(6, 66), "year 6 (months 61–66)");
        assert_eq!(year_label(1, 5), "year 1 (months 1–5)");
    }
}
