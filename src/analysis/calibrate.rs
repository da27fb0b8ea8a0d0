//! Calibration: monthly transition rates from observed outcomes (docs/sources.md §6), rather than
//! hand-tuning.

use crate::state::State;
use std::collections::BTreeMap;
use thiserror::Error;

/// Why a calibration target cannot be met.
#[derive(Debug, Error, PartialEq)]
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
}
