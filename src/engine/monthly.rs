//! Monthly series summed over replications: for every month, the sum and the sum of squares
//! of each figure (occupancy, waiting lists, colours, costs), all as integers, so the mean and
//! the spread over replications are exact and do not depend on the order in which
//! replications (threads, shards) are merged.
//!
//! Only these sums are kept, never a replication's own month: memory does not grow with the
//! number of replications. Costs are counted in øre (1/100 NOK) and shares in billionths.

use super::outcome::{MonthView, Observer};
use crate::cost::{CostItem, N_ITEMS};
use crate::state::{N_CATEGORIES, N_STATES};
use serde::{Deserialize, Serialize};

/// Øre per krone: monthly costs are summed as whole øre.
pub const COST_UNITS_PER_NOK: f64 = 100.0;

/// Units per whole share: colour shares are summed as billionths.
pub const SHARE_UNITS: f64 = 1e9;

/// The sum and the sum of squares of one integer figure over replications. Sums saturate
/// instead of overflowing (far beyond any real run: 10⁶ replications of 10¹⁰ NOK a month).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moments {
    /// Σ x.
    pub sum: i128,
    /// Σ x².
    pub squares: u128,
}

impl Moments {
    /// Add one replication's value.
    #[inline]
    pub fn add(&mut self, x: i64) {
        let x = i128::from(x);
        self.sum = self.sum.saturating_add(x);
        self.squares = self.squares.saturating_add((x * x) as u128);
    }

    /// Add another set of sums.
    pub fn merge(&mut self, other: &Moments) {
        self.sum = self.sum.saturating_add(other.sum);
        self.squares = self.squares.saturating_add(other.squares);
    }

    /// Mean and sample variance (n − 1) of `n` values, in the figure's own units. The
    /// variance is exact (integer arithmetic) where it fits in 128 bits.
    pub fn mean_variance(&self, n: u64) -> (f64, f64) {
        if n == 0 {
            return (0.0, 0.0);
        }
        let mean = self.sum as f64 / n as f64;
        if n == 1 {
            return (mean, 0.0);
        }
        // n Σx² − (Σx)² = n (n − 1) · variance, an integer ≥ 0.
        let exact = (self.sum.unsigned_abs())
            .checked_mul(self.sum.unsigned_abs())
            .and_then(|s2| self.squares.checked_mul(u128::from(n))?.checked_sub(s2));
        let variance = match exact {
            Some(num) => num as f64 / (n as f64 * (n - 1) as f64),
            None => (self.squares as f64 - self.sum as f64 * mean).max(0.0) / (n - 1) as f64,
        };
        (mean, variance)
    }
}

/// The moments of every figure at the end of one month (month 0: the start).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthMoments {
    /// Residents per state.
    pub occupancy: [Moments; N_STATES],
    /// Waiting-list length per category.
    pub waiting: [Moments; N_CATEGORIES],
    /// Residents per colour.
    pub colours: [Moments; 3],
    /// Share of the population per colour, in billionths ([`SHARE_UNITS`]).
    pub colour_shares: [Moments; 3],
    /// The month's cost per item counted by the perspective, undiscounted, in øre
    /// ([`COST_UNITS_PER_NOK`]; zero at month 0).
    pub cost_by_item: [Moments; N_ITEMS],
    /// The month's total cost, in øre.
    pub total_cost: Moments,
}

impl MonthMoments {
    fn merge(&mut self, o: &MonthMoments) {
        merge_all(&mut self.occupancy, &o.occupancy);
        merge_all(&mut self.waiting, &o.waiting);
        merge_all(&mut self.colours, &o.colours);
        merge_all(&mut self.colour_shares, &o.colour_shares);
        merge_all(&mut self.cost_by_item, &o.cost_by_item);
        self.total_cost.merge(&o.total_cost);
    }
}

fn merge_all(a: &mut [Moments], b: &[Moments]) {
    a.iter_mut().zip(b).for_each(|(x, y)| x.merge(y));
}

/// Per-month sums over replications (an [`Observer`] of every replication of a batch).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyTotals {
    /// Replications added.
    pub replications: u64,
    /// `[month]` (month 0 = the start).
    pub months: Vec<MonthMoments>,
    /// The cumulative cost per item of the replication being observed, at the end of the
    /// month before (a month's cost is the difference).
    #[serde(skip)]
    booked: [f64; N_ITEMS],
}

impl MonthlyTotals {
    /// Zero totals for the start and `months` months.
    pub fn new(months: u32) -> Self {
        MonthlyTotals {
            replications: 0,
            months: vec![MonthMoments::default(); months as usize + 1],
            booked: [0.0; N_ITEMS],
        }
    }

    /// Count one more replication (call after its last month).
    pub fn finish_replication(&mut self) {
        self.replications += 1;
    }

    /// Add another set of totals.
    pub fn merge(mut self, other: &MonthlyTotals) -> Self {
        self.replications += other.replications;
        for (a, b) in self.months.iter_mut().zip(&other.months) {
            a.merge(b);
        }
        self
    }
}

/// A count as a moment value.
fn count(c: u32) -> i64 {
    i64::from(c)
}

/// An amount in NOK as whole øre (saturating; NaN is 0).
fn ore(nok: f64) -> i64 {
    (nok * COST_UNITS_PER_NOK).round() as i64
}

impl Observer for MonthlyTotals {
    fn month(&mut self, v: &MonthView<'_>) {
        let Some(m) = self.months.get_mut(v.month as usize) else {
            return;
        };
        for (a, c) in m.occupancy.iter_mut().zip(v.state_count) {
            a.add(count(*c));
        }
        for (a, c) in m.waiting.iter_mut().zip(v.waiting) {
            a.add(count(*c));
        }
        let population: u32 = v.colours.iter().sum();
        for (c, n) in v.colours.iter().enumerate() {
            m.colours[c].add(count(*n));
            let share = if population > 0 {
                (f64::from(*n) / f64::from(population) * SHARE_UNITS).round() as i64
            } else {
                0
            };
            m.colour_shares[c].add(share);
        }
        let mut total = 0i64;
        for item in CostItem::ALL {
            let now = v.ledger.item(item);
            let i = item.index();
            // Month 0 books nothing: it only sets the starting point.
            let cost = if v.month == 0 {
                0
            } else {
                ore(now - self.booked[i])
            };
            self.booked[i] = now;
            m.cost_by_item[i].add(cost);
            total = total.saturating_add(cost);
        }
        m.total_cost.add(total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_give_the_mean_and_sample_variance() {
        let mut m = Moments::default();
        for x in [2, 4, 4, 4, 5, 5, 7, 9] {
            m.add(x);
        }
        // Mean 5, Σ(x − 5)² = 32, sample variance 32 / 7.
        let (mean, var) = m.mean_variance(8);
        assert_eq!(mean, 5.0);
        assert_eq!(var, 32.0 / 7.0);
        assert_eq!(Moments::default().mean_variance(0), (0.0, 0.0));
        let mut one = Moments::default();
        one.add(-3);
        assert_eq!(one.mean_variance(1), (-3.0, 0.0));
    }

    #[test]
    fn merged_moments_equal_moments_of_all_values() {
        let (mut a, mut b, mut all) = (Moments::default(), Moments::default(), Moments::default());
        for x in [1, -2, 30] {
            a.add(x);
            all.add(x);
        }
        for x in [7, 7] {
            b.add(x);
            all.add(x);
        }
        a.merge(&b);
        assert_eq!(a, all);
    }

    #[test]
    fn huge_values_saturate_without_panicking() {
        let mut m = Moments::default();
        for _ in 0..5 {
            m.add(i64::MAX);
        }
        assert_eq!(m.squares, u128::MAX);
        let (mean, var) = m.mean_variance(5);
        assert!(mean > 0.0 && var.is_finite());
    }
}
