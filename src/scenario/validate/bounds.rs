//! The numeric bounds of the format, each defined once: the validator checks them and the
//! JSON Schema states them (`#[schemars(range(..))]` on the types, or the helpers of
//! `scenario::schema` for exclusive bounds and map values), so an editor flags what
//! `housing-sim validate` would refuse.

/// Most units one program may have (larger counts are almost certainly typing errors).
pub const MAX_UNITS: u32 = 1_000_000;
/// Longest horizon in months (100 years).
pub const MAX_HORIZON_MONTHS: u32 = 1200;
/// Most replications in one run.
pub const MAX_REPLICATIONS: u32 = 1_000_000;
/// Largest amount of money in any field, NOK (a thousand billion: beyond any municipal
/// budget, so a larger figure is a typing error).
pub const MAX_NOK: f64 = 1e12;
/// Most FTE of staff, guards or caretakers in one program.
pub const MAX_FTE: f64 = 100_000.0;
/// Most staff FTE per resident (a program's ratio, or a profile's required staffing).
pub const MAX_STAFF_PER_RESIDENT: f64 = 100.0;
/// Most staff, guard or caretaker FTE per unit of a planning candidate.
pub const MAX_FTE_PER_UNIT: f64 = 100.0;
/// Largest elasticity of breakdowns to staffing.
pub const MAX_ELASTICITY: f64 = 100.0;
/// Most expected arrivals per month of one profile.
pub const MAX_ARRIVALS_PER_MONTH: f64 = 100_000.0;
/// Most staff hours per move-out.
pub const MAX_MOVING_STAFF_HOURS: f64 = 10_000.0;
/// Fewest working hours in an FTE-year (a positive number: hours are divided by it).
pub const MIN_HOURS_PER_FTE_YEAR: f64 = 1.0;
/// Most working hours in an FTE-year: every hour of a leap year (366 × 24).
pub const MAX_HOURS_PER_FTE_YEAR: f64 = 8_784.0;
/// Largest observed value, tolerance or planning bound of a target.
pub const MAX_TARGET_VALUE: f64 = 1e9;
/// Most participants on the break-even curve.
pub const MAX_BREAK_EVEN_PARTICIPANTS: u32 = 10_000;
/// Largest shape parameter a gamma, beta or dirichlet may imply. Larger ones mean an sd so
/// small against the mean that the value is as good as fixed (and the quantile functions
/// would slow down).
pub const MAX_SHAPE: f64 = 1e6;
/// Most profiles and most programs in a scenario.
pub const MAX_PROFILES_OR_PROGRAMS: usize = 10_000;
/// Most candidate programs in one plan (the search's neighbourhood grows with their square).
pub const MAX_CANDIDATES: usize = 12;
