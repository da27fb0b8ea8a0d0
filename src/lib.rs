//! housing-sim (crate docs are completed below).

pub mod cost;
pub mod engine;
pub mod keyed;
pub mod model;
pub mod montecarlo;
pub mod scenario;
pub mod stat;
pub mod state;
pub mod report;
pub mod summary;

pub use model::Model;
pub use montecarlo::{run, RunOptions};
pub use scenario::Scenario;
pub use stat::Stat;
pub use state::{Category, Colour, State};
pub use summary::RunResult;
