//! The cost figures of the source reports, used as defaults (docs/sources.md §4, §5, §7, §8), and the
//! project's documented assumptions where the reports give none.

/// Hospits housing per person-month: 25,000 NOK (docs/sources.md §5, Bergen case examples).
pub const HOSPITS_HOUSING_PER_MONTH_NOK: f64 = 25_000.0;
/// Hospits follow-up per person-month: 2,000 NOK (docs/sources.md §5).
pub const HOSPITS_FOLLOW_UP_PER_MONTH_NOK: f64 = 2_000.0;
/// Repair at an ordinary change of tenant: 55,000 NOK (docs/sources.md §7).
pub const REPAIR_ORDINARY_NOK: f64 = 55_000.0;
/// Repair after an outward-aggressive tenant, lower end: 150,000 NOK (docs/sources.md §7).
pub const REPAIR_AGGRESSIVE_MIN_NOK: f64 = 150_000.0;
/// Repair after an outward-aggressive tenant, upper end: 200,000 NOK (docs/sources.md §7).
pub const REPAIR_AGGRESSIVE_MAX_NOK: f64 = 200_000.0;
/// A long-term place with follow-up bought from a non-profit provider: 320,000 NOK per place
/// per year (docs/sources.md §8, Fredrikstad 2020). In a scenario it is a program's
/// `capital_per_unit_month_nok` of 320,000 ÷ 12 ≈ 26,667 NOK, paid for every place.
pub const NON_PROFIT_PLACE_PER_YEAR_NOK: f64 = 320_000.0;
/// Full annual cost of one FTE: 756,000 NOK. **Assumption**, calibrated so that Bergen's
/// planned 6-FTE Housing First team costs 378,000 NOK a month (docs/sources.md §5).
pub const FTE_COST_PER_YEAR_NOK: f64 = 756_000.0;
/// Annual discount rate: 4 %, an assumption (the usual rate for public projects in Norway).
pub const DISCOUNT_RATE_PER_YEAR: f64 = 0.04;
/// Working hours in one FTE-year, to price staff hours for moves: 1,695. **Assumption**: the
/// usual Norwegian full-time year of 37.5-hour weeks net of holidays.
pub const HOURS_PER_FTE_YEAR: f64 = 1_695.0;
/// The currency of a scenario's amounts unless it says otherwise (`costs.currency`).
pub const CURRENCY: &str = "NOK";
