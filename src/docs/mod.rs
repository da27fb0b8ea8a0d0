//! Guides: the [tutorial] walks from a scenario to results.

pub mod tutorial;
