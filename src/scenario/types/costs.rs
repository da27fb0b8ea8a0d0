//! Cost settings that are not a program's: staff, discounting, repair, person-month prices.

use super::*;

/// Scenario-wide cost settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostSettings {
    /// Full annual cost of one FTE (default 756,000 NOK: an assumption, calibrated so Bergen's
    /// 6-FTE Housing First team costs 378,000 NOK a month, docs/sources.md §5).
    #[serde(default = "default_fte_cost")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub fte_cost_per_year_nok: f64,
    /// Annual discount rate, applied monthly (default 0.04).
    #[serde(default = "default_discount_rate")]
    #[schemars(range(min = 0, max = 1))]
    pub discount_rate_per_year: f64,
    /// Whose costs the totals count unless the CLI says otherwise.
    #[serde(default)]
    pub perspective: Perspective,
    /// Repair at move-out.
    #[serde(default)]
    pub repair: RepairCosts,
    /// Staff hours spent per move-out from a unit (default 0).
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_MOVING_STAFF_HOURS"))]
    pub moving_staff_hours_per_move: f64,
    /// Working hours in one FTE-year, to price moving hours (default 1,695: an assumption, the
    /// usual Norwegian full-time year net of holidays).
    #[serde(default = "default_hours_per_fte")]
    #[schemars(range(
        min = "bound::MIN_HOURS_PER_FTE_YEAR",
        max = "bound::MAX_HOURS_PER_FTE_YEAR"
    ))]
    pub hours_per_fte_year: f64,
    /// Optional costs per person-month in states without programs.
    #[serde(default)]
    pub person_month_nok: PersonMonthCosts,
    /// Who pays an item, where it differs from the default (institution: specialist_health;
    /// everything else: municipality).
    #[serde(default)]
    pub payers: UniqueMap<CostItem, Payer>,
    /// The currency every amount of the scenario is in, as a short code (default `"NOK"`;
    /// 1–8 letters or digits, e.g. `"CAD"`). Field names ending in `_nok` keep their names
    /// whatever the currency; results carry this label, and strategies compared or analysed
    /// together must share it.
    #[serde(default = "default_currency")]
    #[schemars(regex(pattern = r"^[A-Za-z0-9]{1,8}$"))]
    pub currency: String,
}

fn default_fte_cost() -> f64 {
    d::FTE_COST_PER_YEAR_NOK
}
fn default_discount_rate() -> f64 {
    d::DISCOUNT_RATE_PER_YEAR
}
fn default_hours_per_fte() -> f64 {
    d::HOURS_PER_FTE_YEAR
}
fn default_currency() -> String {
    d::CURRENCY.to_owned()
}

impl Default for CostSettings {
    fn default() -> Self {
        CostSettings {
            fte_cost_per_year_nok: default_fte_cost(),
            discount_rate_per_year: default_discount_rate(),
            perspective: Perspective::default(),
            repair: RepairCosts::default(),
            moving_staff_hours_per_move: 0.0,
            hours_per_fte_year: default_hours_per_fte(),
            person_month_nok: PersonMonthCosts::default(),
            payers: UniqueMap::default(),
            currency: default_currency(),
        }
    }
}

/// Repair at move-out (docs/sources.md §7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepairCosts {
    /// At an ordinary change of tenant (default 55,000 NOK).
    #[serde(default = "default_repair_ordinary")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub ordinary_nok: f64,
    /// Lower end for an outward-aggressive or misplaced resident (default 150,000 NOK).
    #[serde(default = "default_repair_aggressive_min")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub aggressive_min_nok: f64,
    /// Upper end (default 200,000 NOK); the cost is drawn uniformly between the two.
    #[serde(default = "default_repair_aggressive_max")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub aggressive_max_nok: f64,
}

fn default_repair_ordinary() -> f64 {
    d::REPAIR_ORDINARY_NOK
}
fn default_repair_aggressive_min() -> f64 {
    d::REPAIR_AGGRESSIVE_MIN_NOK
}
fn default_repair_aggressive_max() -> f64 {
    d::REPAIR_AGGRESSIVE_MAX_NOK
}

impl Default for RepairCosts {
    fn default() -> Self {
        RepairCosts {
            ordinary_nok: default_repair_ordinary(),
            aggressive_min_nok: default_repair_aggressive_min(),
            aggressive_max_nok: default_repair_aggressive_max(),
        }
    }
}

/// Optional costs per person-month in states without programs (default 0).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonMonthCosts {
    /// Per homeless person-month.
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub homeless: f64,
    /// Per person-month in an institution.
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub institution: f64,
    /// Per person-month of follow-up in ordinary housing.
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub ordinary_follow_up: f64,
}
