//! What every cost-effectiveness recipe shares: the strategies (scenario files, the first the
//! reference), checked to be comparable, and the effect each replication yields.

use super::PsaError;
use crate::engine::Replication;
use crate::scenario::{common_currency, Issue, Scenario, ScenarioError};
use crate::state::Colour;
use serde::Serialize;

/// Days per month in the stable-housing-days effect (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// The effect a cost-effectiveness analysis counts, discounted at the scenario's rate like
/// the costs (each month's resident count times that month's discount factor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Green (permanent, satisfactory housing) person-days: green person-months × 365.25/12.
    /// The headline of Housing First trials (cost per additional day of stable housing).
    StableHousingDays,
    /// Green person-months.
    GreenPersonMonths,
    /// Red (homeless, incl. hospits) person-months below the reference strategy's, replication
    /// by replication (0 for the reference).
    HomelessMonthsAvoided,
}

impl Effect {
    /// Every effect, in documentation order.
    pub const ALL: [Effect; 3] = [
        Effect::StableHousingDays,
        Effect::GreenPersonMonths,
        Effect::HomelessMonthsAvoided,
    ];

    /// The name used in files and flags.
    pub const fn name(self) -> &'static str {
        match self {
            Effect::StableHousingDays => "stable_housing_days",
            Effect::GreenPersonMonths => "green_person_months",
            Effect::HomelessMonthsAvoided => "homeless_months_avoided",
        }
    }

    /// One unit of the effect in words ("stable-housing day").
    pub const fn unit(self) -> &'static str {
        match self {
            Effect::StableHousingDays => "stable-housing day",
            Effect::GreenPersonMonths => "green person-month",
            Effect::HomelessMonthsAvoided => "homeless month avoided",
        }
    }

    /// Units of the effect in words ("stable-housing days").
    pub const fn units(self) -> &'static str {
        match self {
            Effect::StableHousingDays => "stable-housing days",
            Effect::GreenPersonMonths => "green person-months",
            Effect::HomelessMonthsAvoided => "homeless months avoided",
        }
    }

    /// The effect by its name.
    pub fn from_name(name: &str) -> Option<Effect> {
        Effect::ALL.into_iter().find(|e| e.name() == name)
    }

    /// A default top of the willingness-to-pay range, NOK per unit: about twice what a month
    /// (or day) of hospits costs (docs/sources.md §5: 27,000 NOK a month), so the curves
    /// cross where the decisions are made.
    pub const fn default_wtp_max(self) -> f64 {
        match self {
            Effect::StableHousingDays => 2_000.0,
            Effect::GreenPersonMonths | Effect::HomelessMonthsAvoided => 60_000.0,
        }
    }

    /// Effect of each strategy in one replication (the strategies' replications in order,
    /// the first the reference).
    pub fn of(self, reps: &[Replication]) -> Vec<f64> {
        let colour = |r: &Replication, c: Colour| r.colour_months_discounted[c as usize];
        match self {
            Effect::StableHousingDays => reps
                .iter()
                .map(|r| colour(r, Colour::Green) * DAYS_PER_MONTH)
                .collect(),
            Effect::GreenPersonMonths => reps.iter().map(|r| colour(r, Colour::Green)).collect(),
            Effect::HomelessMonthsAvoided => {
                let reference = reps.first().map_or(0.0, |r| colour(r, Colour::Red));
                reps.iter()
                    .map(|r| reference - colour(r, Colour::Red))
                    .collect()
            }
        }
    }
}

/// Discounted total cost (the scenario's perspective) of each strategy in one replication.
pub fn costs(reps: &[Replication]) -> Vec<f64> {
    reps.iter().map(|r| r.ledger.total_discounted()).collect()
}

/// The strategies' names: the scenarios' names, made unique with the file when two share
/// one.
pub fn names(scenarios: &[Scenario]) -> Vec<String> {
    scenarios
        .iter()
        .map(|s| {
            let shared = scenarios.iter().filter(|o| o.name == s.name).count() > 1;
            if shared {
                format!("{} ({})", s.name, s.origin())
            } else {
                s.name.clone()
            }
        })
        .collect()
}

/// The currency of the strategies' amounts (the reference's `costs.currency`; see
/// [`check_comparable`]).
pub fn currency(scenarios: &[Scenario]) -> String {
    scenarios
        .first()
        .map_or(crate::cost::defaults::CURRENCY, |s| &s.costs.currency)
        .to_owned()
}

/// Strategies are comparable only with the same currency, horizon, discount rate and
/// perspective: otherwise their costs and effects are not counted alike.
pub fn check_comparable(scenarios: &[Scenario]) -> Result<(), PsaError> {
    let Some(first) = scenarios.first() else {
        return Err(PsaError::NoStrategies);
    };
    common_currency(&scenarios.iter().collect::<Vec<_>>())?;
    for s in &scenarios[1..] {
        let mut issues = Vec::new();
        if s.horizon_months != first.horizon_months {
            issues.push(Issue::new(
                "horizon_months",
                format!(
                    "is {} but the reference {} has {}; strategies must cover the same months",
                    s.horizon_months,
                    first.origin(),
                    first.horizon_months
                ),
            ));
        }
        if s.costs.discount_rate_per_year != first.costs.discount_rate_per_year {
            issues.push(Issue::new(
                "costs.discount_rate_per_year",
                format!(
                    "is {} but the reference {} has {}; strategies must be discounted alike",
                    s.costs.discount_rate_per_year,
                    first.origin(),
                    first.costs.discount_rate_per_year
                ),
            ));
        }
        if s.costs.perspective != first.costs.perspective {
            issues.push(Issue::new(
                "costs.perspective",
                format!(
                    "differs from the reference {}'s; strategies must be costed from the same \
                     perspective",
                    first.origin()
                ),
            ));
        }
        if !issues.is_empty() {
            return Err(PsaError::Scenario(ScenarioError::Invalid {
                file: s.origin().to_owned(),
                issues,
            }));
        }
    }
    Ok(())
}
