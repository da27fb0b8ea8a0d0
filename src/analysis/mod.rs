//! Analyses built on the engine: calibration of transition rates to observed retention,
//! Housing First break-even against hospits, and staffing sweeps.

pub mod break_even;
pub mod calibrate;
pub mod compare;
pub mod plan;
pub mod sweep;
