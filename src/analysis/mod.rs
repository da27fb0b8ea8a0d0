//! Analyses built on the engine: calibration of transition rates to observed retention,
//! Housing First break-even against hospits, staffing sweeps, and cost-effectiveness under
//! uncertainty (probabilistic and one-way sensitivity analysis).

pub mod break_even;
pub mod calibrate;
pub mod cea;
pub mod compare;
pub mod dsa;
pub mod plan;
pub mod psa;
pub mod sweep;
