//! Calibration: monthly transition rates from observed outcomes (docs/sources.md §6), rather than
//! hand-tuning.

use crate::state::State;
use std::collections::BTreeMap;
use thiserror::Error;

/// Why a calibration target cannot be met.
#[derive(Clone, Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum CalibrationError {
    /// The retention share is not in (0, 1].
    #[error("retention must be a share above 0 and at most 1, found {0}")]
    Retention(f64),
    /// The horizon is under two months.
    #[error("retention must be observed after at least two months")]
    Months,
    /// Nowhere to go: the row has no outgoing probability to scale.
    #[error("the row has no outgoing probability to scale")]
    EmptyRow,
    /// A share of time or of people housed is not strictly between 0 and 1.
    #[error("a share housed must be above 0 and below 1, found {0}")]
    Share(f64),
    /// The month of the point share is not within the months averaged.
    #[error("the share housed must be observed at a month from 1 to {months}, found {month}")]
    Month {
        /// The month given.
        month: u32,
        /// The months averaged.
        months: u32,
    },
    /// No two-state chain starting with nobody housed gives both shares at the pace asked.
    #[error(
        "no two-state chain starting with nobody housed gives a mean share of {mean} over \
         {months} months and {share} at month {month} ({pace:?} pace)"
    )]
    NoTwoStateFit {
        /// Mean share housed over the months.
        mean: f64,
        /// Months averaged.
        months: u32,
        /// Share housed at `month`.
        share: f64,
        /// Month of `share`.
        month: u32,
        /// The root asked for.
        pace: Pace,
    },
}

/// The constant monthly leaving probability q that leaves a share `retained` of new stays still
/// there after `months` months, as the engine measures retention (`summary.retention`).
///
/// In the engine the month of moving in counts as the first month (months are month-ends), and
/// a resident first draws a move in the month after moving in, so a stay lasts k months or more
/// when it survives k − 1 draws: (1 − q)^(k − 1) = retained, q = 1 − retained^(1/(k − 1)).
///
/// Trondheim Housing First, 80 % still in their flat after 2 years (docs/sources.md §6):
/// ```
/// let q = housing_sim::analysis::calibrate::monthly_leaving_probability(0.80, 24).unwrap();
/// assert!((q - 0.009655).abs() < 1e-6);
/// assert!(((1.0 - q).powi(23) - 0.80).abs() < 1e-12);
/// ```
pub fn monthly_leaving_probability(retained: f64, months: u32) -> Result<f64, CalibrationError> {
    if months < 2 {
        return Err(CalibrationError::Months);
    }
    if !(retained > 0.0 && retained <= 1.0) {
        return Err(CalibrationError::Retention(retained));
    }
    Ok(1.0 - retained.powf(1.0 / (months - 1) as f64))
}

/// Scale the outgoing probabilities of a transition row (keeping where people go in the same
/// proportions) so that residents leave at the constant monthly rate that gives `retained`
/// after `months` months, with `other_monthly_risk` (e.g. a breakdown probability at the
/// required staffing) leaving on top of the row.
pub fn fit_row(
    row: &BTreeMap<State, f64>,
    retained: f64,
    months: u32,
    other_monthly_risk: f64,
) -> Result<BTreeMap<State, f64>, CalibrationError> {
    let q = monthly_leaving_probability(retained, months)?;
    let total: f64 = row.values().sum();
    if total <= 0.0 {
        return Err(CalibrationError::EmptyRow);
    }
    // Survive both the breakdown draw and the row: (1 − b)(1 − r) = 1 − q.
    let b = other_monthly_risk.clamp(0.0, 1.0);
    let r = if b >= 1.0 {
        0.0
    } else {
        (1.0 - (1.0 - q) / (1.0 - b)).max(0.0)
    };
    Ok(row.iter().map(|(s, p)| (*s, p / total * r)).collect())
}

pub use crate::summary::{check_targets, TargetCheck};

/// Monthly rates of a two-state chain, housed ⇄ not housed: each month-end everyone not
/// housed is housed with probability `enter`, everyone housed loses the housing with
/// probability `leave` (a profile whose `homeless` row sends `enter` to a green state and
/// whose green row sends `leave` back, as the engine draws them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TwoStateRates {
    /// Monthly probability of being housed, for someone not housed.
    pub enter: f64,
    /// Monthly probability of losing the housing, for someone housed.
    pub leave: f64,
}

impl TwoStateRates {
    /// Share housed at the end of `month` when nobody is housed at the start (month 0):
    /// π(1 − λ^t) with π = enter / (enter + leave) and λ = 1 − enter − leave.
    pub fn share_at(self, month: u32) -> f64 {
        let (pi, lambda) = self.long_run_and_decay();
        pi * (1.0 - lambda.powi(month as i32))
    }

    /// Mean share housed over the ends of months 1..=`months`, as the engine counts
    /// person-months (`summary.housing_situation_share_mean`).
    pub fn mean_share(self, months: u32) -> f64 {
        (1..=months).map(|t| self.share_at(t)).sum::<f64>() / months.max(1) as f64
    }

    /// π and λ; a chain that never moves stays unhoused.
    fn long_run_and_decay(self) -> (f64, f64) {
        let moving = self.enter + self.leave;
        let pi = if moving > 0.0 {
            self.enter / moving
        } else {
            0.0
        };
        (pi, 1.0 - moving)
    }
}

/// Which chain [`fit_two_state`] returns where two fit the same pair of shares: one that
/// settles within a few months with much coming and going, or one that climbs slowly
/// towards a higher long-run share with little turnover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// The smaller λ = 1 − enter − leave: fast to settle, more turnover.
    Fast,
    /// The larger λ: slow to settle, less turnover.
    Slow,
}

/// Steps of the scan for roots in λ; the shares' ratio is smooth and has one peak, so
/// each root is bracketed long before this resolution matters.
const SCAN_STEPS: u32 = 4_000;

/// The two-state chain ([`TwoStateRates`]), starting with nobody housed, whose mean share
/// housed over months 1..=`months` is `mean` and whose share housed at the end of `month` is
/// `share`, at the `pace` asked where two chains fit.
///
/// With λ = 1 − enter − leave in [0, 1), share(t) = π(1 − λ^t), so share ÷ mean depends on λ
/// alone: λ is that ratio's root (bisection on a bracket found by a scan), then π = mean ÷
/// the mean of (1 − λ^t), enter = π(1 − λ) and leave = (1 − π)(1 − λ).
///
/// The At Home/Chez Soi Housing First arm (docs/sources.md §11): 71 % of the time stably
/// housed over 24 months, 73 % housed at month 12:
/// ```
/// use housing_sim::analysis::calibrate::{fit_two_state, Pace};
/// let r = fit_two_state(0.71, 24, 0.73, 12, Pace::Fast).unwrap();
/// assert!((r.enter - 0.44033).abs() < 1e-5 && (r.leave - 0.16285).abs() < 1e-5);
/// assert!((r.mean_share(24) - 0.71).abs() < 1e-9 && (r.share_at(12) - 0.73).abs() < 1e-9);
/// ```
pub fn fit_two_state(
    mean: f64,
    months: u32,
    share: f64,
    month: u32,
    pace: Pace,
) -> Result<TwoStateRates, CalibrationError> {
    for x in [mean, share] {
        if !(x > 0.0 && x < 1.0) {
            return Err(CalibrationError::Share(x));
        }
    }
    if month == 0 || month > months {
        return Err(CalibrationError::Month { month, months });
    }
    let no_fit = CalibrationError::NoTwoStateFit {
        mean,
        months,
        share,
        month,
        pace,
    };
    // Shares of the long-run share π reached, as functions of λ alone.
    let at = |lambda: f64| 1.0 - lambda.powi(month as i32);
    let averaged = |lambda: f64| {
        (1..=months)
            .map(|t| 1.0 - lambda.powi(t as i32))
            .sum::<f64>()
            / months as f64
    };
    let gap = |lambda: f64| at(lambda) / averaged(lambda) - share / mean;
    let grid = |i: u32| i as f64 / SCAN_STEPS as f64 * (1.0 - 1e-9);
    let mut brackets = (0..SCAN_STEPS)
        .map(|i| (grid(i), grid(i + 1)))
        .filter(|&(lo, hi)| gap(lo) == 0.0 || gap(lo).signum() != gap(hi).signum());
    let bracket = match pace {
        Pace::Fast => brackets.next(),
        Pace::Slow => brackets.next_back(),
    };
    let (mut lo, mut hi) = bracket.ok_or_else(|| no_fit.clone())?;
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if gap(lo).signum() == gap(mid).signum() && gap(lo) != 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let lambda = 0.5 * (lo + hi);
    let pi = mean / averaged(lambda);
    if !(pi > 0.0 && pi <= 1.0) {
        return Err(no_fit);
    }
    Ok(TwoStateRates {
        enter: pi * (1.0 - lambda),
        leave: (1.0 - pi) * (1.0 - lambda),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_scaled_to_the_target() {
        let row: BTreeMap<State, f64> = [(State::Temporary, 0.03), (State::Ordinary, 0.01)].into();
        let fitted = fit_row(&row, 0.70, 24, 0.0).unwrap();
        let q: f64 = fitted.values().sum();
        assert!(((1.0 - q).powi(23) - 0.70).abs() < 1e-12);
        assert!((fitted[&State::Temporary] / fitted[&State::Ordinary] - 3.0).abs() < 1e-12);
        let with_breakdowns = fit_row(&row, 0.70, 24, 0.005).unwrap();
        let r: f64 = with_breakdowns.values().sum();
        assert!((((1.0 - r) * 0.995).powi(23) - 0.70).abs() < 1e-12);
        assert_eq!(
            monthly_leaving_probability(0.0, 24),
            Err(CalibrationError::Retention(0.0))
        );
        assert_eq!(
            monthly_leaving_probability(0.5, 0),
            Err(CalibrationError::Months)
        );
        assert_eq!(
            fit_row(&BTreeMap::new(), 0.5, 12, 0.0),
            Err(CalibrationError::EmptyRow)
        );
    }

    /// The chain month by month, the obviously correct reference for the closed form.
    fn iterated(r: TwoStateRates, months: u32) -> Vec<f64> {
        let mut housed = 0.0;
        (0..months)
            .map(|_| {
                housed = housed * (1.0 - r.leave) + (1.0 - housed) * r.enter;
                housed
            })
            .collect()
    }

    #[test]
    fn two_state_shares_are_the_chain_month_by_month() {
        let r = TwoStateRates {
            enter: 0.04,
            leave: 0.03,
        };
        let shares = iterated(r, 24);
        for (t, s) in shares.iter().enumerate() {
            assert!((r.share_at(t as u32 + 1) - s).abs() < 1e-12);
        }
        let mean = shares.iter().sum::<f64>() / 24.0;
        assert!((r.mean_share(24) - mean).abs() < 1e-12);
    }

    #[test]
    fn a_hand_solved_two_month_chain_is_recovered() {
        // enter 1/2, leave 1/4: housed 1/2 after month 1, 1/2 · 3/4 + 1/2 · 1/2 = 5/8 after
        // month 2, a mean of 9/16. Over two months share ÷ mean = 2(1 + λ)/(2 + λ) rises
        // with λ, so the one chain is the fast one.
        let r = fit_two_state(9.0 / 16.0, 2, 5.0 / 8.0, 2, Pace::Fast).unwrap();
        assert!((r.enter - 0.5).abs() < 1e-12, "{r:?}");
        assert!((r.leave - 0.25).abs() < 1e-12, "{r:?}");
        assert!(matches!(
            fit_two_state(9.0 / 16.0, 2, 5.0 / 8.0, 2, Pace::Slow),
            Ok(s) if (s.enter - 0.5).abs() < 1e-12
        ));
    }

    #[test]
    fn both_paces_recover_the_chain_they_came_from() {
        for (r, pace) in [
            (
                TwoStateRates {
                    enter: 0.04,
                    leave: 0.03,
                },
                Pace::Slow,
            ),
            (
                TwoStateRates {
                    enter: 0.45,
                    leave: 0.15,
                },
                Pace::Fast,
            ),
        ] {
            let shares = iterated(r, 24);
            let mean = shares.iter().sum::<f64>() / 24.0;
            let fit = fit_two_state(mean, 24, shares[11], 12, pace).unwrap();
            assert!((fit.enter - r.enter).abs() < 1e-9, "{fit:?} vs {r:?}");
            assert!((fit.leave - r.leave).abs() < 1e-9, "{fit:?} vs {r:?}");
        }
    }

    #[test]
    fn impossible_two_state_targets_are_errors() {
        assert_eq!(
            fit_two_state(1.0, 24, 0.5, 12, Pace::Fast),
            Err(CalibrationError::Share(1.0))
        );
        assert_eq!(
            fit_two_state(0.5, 24, 0.5, 25, Pace::Fast),
            Err(CalibrationError::Month {
                month: 25,
                months: 24
            })
        );
        // Housed at month 12 more than twice the mean: no chain starting unhoused does it.
        assert!(matches!(
            fit_two_state(0.3, 24, 0.7, 12, Pace::Slow),
            Err(CalibrationError::NoTwoStateFit { .. })
        ));
    }
}
