//! The capacity planner's question (`housing-sim plan FILE`): which programs may grow or
//! shrink, what each added unit brings, the targets a mix must meet and what to minimise.

use super::*;

/// A capacity-planning question: the least-cost mix of program sizes meeting every target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSettings {
    /// Programs whose number of units the planner varies (at least one, each program once).
    #[schemars(length(min = 1, max = "bound::MAX_CANDIDATES"))]
    pub candidates: Vec<PlanCandidate>,
    /// What a mix must achieve; a mix meeting all of them is acceptable.
    #[serde(default)]
    pub targets: Vec<PlanTarget>,
    /// What the planner minimises over the acceptable mixes.
    #[serde(default)]
    pub objective: PlanObjective,
}

/// A program whose `units` the planner varies over `min_units`, `min_units + step`, … up to
/// `max_units`. Its other fields price each unit as everywhere else (capital per unit-month,
/// running cost per occupied unit-month, staff); the optional per-unit fields below replace
/// them in every mix tried.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanCandidate {
    /// Id of an existing program with a number of units.
    pub program: String,
    /// Fewest units tried.
    pub min_units: u32,
    /// Most units tried.
    #[schemars(range(max = "bound::MAX_UNITS"))]
    pub max_units: u32,
    /// Units between two sizes tried (at least 1).
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub step: u32,
    /// Staff FTE per unit: the program's `staff_fte` becomes units × this (a fixed team
    /// growing with the program).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_FTE_PER_UNIT"))]
    pub staff_fte_per_unit: Option<f64>,
    /// Security guards FTE per unit: `guards_fte` becomes units × this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_FTE_PER_UNIT"))]
    pub guards_fte_per_unit: Option<f64>,
    /// Caretaker FTE per unit: `caretaker_fte` becomes units × this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_FTE_PER_UNIT"))]
    pub caretaker_fte_per_unit: Option<f64>,
    /// Capital or contract cost per unit-month, replacing the program's
    /// `capital_per_unit_month_nok` (320,000 NOK per non-profit place-year ≈ 26,667 NOK per
    /// unit-month, docs/sources.md §8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub capital_per_unit_month_nok: Option<f64>,
    /// Running cost per occupied unit-month, replacing the program's
    /// `running_per_occupied_unit_month_nok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub running_per_occupied_unit_month_nok: Option<f64>,
}

fn one() -> u32 {
    1
}

/// A bound a mix must keep: a measure at a month (or its mean over a window of months) at
/// least or at most a value, on average or in a given share of the replications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanTarget {
    /// What is measured.
    pub measure: PlanMeasure,
    /// The category whose waiting list is measured (`waiting_list` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// The month measured (0 = the start); give this or `over_months`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// A window of months `[first, last]` (both included): the measure's mean over it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_months: Option<[u32; 2]>,
    /// The lower bound; give this or `at_most`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_TARGET_VALUE"))]
    pub at_least: Option<f64>,
    /// The upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_TARGET_VALUE"))]
    pub at_most: Option<f64>,
    /// The share of replications that must keep the bound (above 0, at most 1); without it,
    /// the mean over replications must.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::scenario::schema::optional_share_above_zero")]
    pub probability: Option<f64>,
}

/// A quantity a planning target bounds, measured in one replication at the end of a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanMeasure {
    /// Share of the population green (permanent and satisfactory housing, docs/sources.md §3).
    GreenShare,
    /// Residents on the waiting list of `category`.
    WaitingList,
    /// Residents in bought temporary housing (hospits) that month: the month's hospits
    /// person-months.
    HospitsPersonMonths,
}

/// What the planner minimises (for the scenario's perspective, `costs.perspective`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanObjective {
    /// Total cost over the horizon, discounted to the start (the default).
    #[default]
    DiscountedTotalCost,
    /// Total cost over the horizon, undiscounted.
    TotalCost,
}

impl PlanTarget {
    /// The months measured, first and last included (a single month: both the same).
    pub fn window(&self) -> (u32, u32) {
        match (self.month, self.over_months) {
            (Some(m), _) => (m, m),
            (None, Some([a, b])) => (a, b),
            (None, None) => (0, 0),
        }
    }

    /// Whether `value` keeps the bound (a target without a bound keeps it).
    pub fn keeps(&self, value: f64) -> bool {
        self.at_least.is_none_or(|lo| value >= lo) && self.at_most.is_none_or(|hi| value <= hi)
    }
}
