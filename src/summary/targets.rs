//! The scenario's calibration targets against a run's simulated means.

use super::{MonthMeans, Summary};
use crate::engine::RETENTION_MONTHS;
use crate::scenario::{ColourName, Measure, Target};
use crate::state::Colour;
use serde::Serialize;

/// A calibration target next to the simulated mean.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetCheck {
    /// What is measured.
    pub measure: Measure,
    /// The observed value.
    pub value: f64,
    /// The accepted distance.
    pub tolerance: f64,
    /// The simulated mean; `None` when the run cannot measure it (a month beyond the horizon,
    /// no stay long enough for the retention asked).
    pub simulated: Option<f64>,
    /// Whether the simulated mean is within the tolerance (`None` when not measured).
    pub within: Option<bool>,
}

/// Compare each target with the simulated means of a run.
pub fn check_targets(
    targets: &[Target],
    summary: &Summary,
    monthly: &[MonthMeans],
) -> Vec<TargetCheck> {
    targets
        .iter()
        .map(|t| {
            let simulated = match &t.measure {
                Measure::Retention { category, months } => RETENTION_MONTHS
                    .iter()
                    .position(|k| k == months)
                    .and_then(|i| summary.retention[*category].after[i].map(|s| s.mean)),
                Measure::ColourShare { colour, month } => {
                    let colour = match colour {
                        ColourName::Green => Colour::Green,
                        ColourName::Yellow => Colour::Yellow,
                        ColourName::Red => Colour::Red,
                    };
                    monthly
                        .get(*month as usize)
                        .map(|m| m.housing_situation_share[colour])
                }
                Measure::MeanWaitingList { category } => {
                    Some(summary.mean_waiting_list[*category].mean)
                }
                Measure::WaitingListArrivalsPerYear { category } => {
                    Some(summary.waiting_list_joins_per_year[*category].mean)
                }
                Measure::MovesOutPerYear { category } => {
                    Some(summary.moves_out_per_year[*category].mean)
                }
                Measure::MeanMisplaced {} => Some(summary.mean_misplaced.mean),
                Measure::FinalMisplaced {} => Some(summary.final_misplaced.mean),
            };
            TargetCheck {
                measure: t.measure.clone(),
                value: t.value,
                tolerance: t.tolerance,
                simulated,
                within: simulated.map(|x| (x - t.value).abs() <= t.tolerance),
            }
        })
        .collect()
}
