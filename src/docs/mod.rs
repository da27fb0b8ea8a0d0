//! Guides: the [tutorial] walks from a scenario to results; the [cookbook] has recipes for
//! paired comparisons, batches of variants, staffing sweeps and the break-even.

pub mod cookbook;
pub mod tutorial;
