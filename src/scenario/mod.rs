//! What the user states: the scenario file format, strict loading with field paths, validation
//! and the JSON Schema.
//!
//! A scenario is parsed ([`from_file`], [`from_json_str`]) and then turned into an engine-ready
//! [`crate::model::Model`], which runs [`validate()`] and the checks that need the whole picture
//! (initial residents fitting into the programs). Scenarios built in code go through the same
//! gate.

pub(crate) mod currency;
mod error;
pub(crate) mod field_path;
mod load;
mod schema;
mod shape;
mod types;
mod unique_map;
mod units;
pub mod validate;

pub use currency::common_currency;
pub use error::{Issue, ScenarioError};
pub use load::{from_file, from_json_str, IN_MEMORY, MAX_FILE_BYTES};
pub use types::*;
pub use unique_map::UniqueMap;
pub use validate::validate;

/// The JSON Schema of the scenario format, generated from the Rust types.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schema::root_schema()).unwrap_or(serde_json::Value::Null)
}
