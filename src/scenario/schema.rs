//! The JSON Schema of the format: generated from the types, plus what their attributes cannot
//! say — other accepted spellings of names ([`crate::state::SPELLINGS`]), and bounds that are
//! exclusive or hold for a map's values (used through `#[schemars(schema_with = ..)]`). The
//! bounds themselves are the validator's (constants in [`mod@super::validate`]).

use super::types::Scenario;
use super::validate::MAX_SHAPE;
use schemars::gen::SchemaGenerator;
use schemars::schema::{RootSchema, Schema, SchemaObject};
use schemars::JsonSchema;
use serde_json::Value;
use std::sync::OnceLock;

/// The JSON Schema of the format, generated once per process.
pub(crate) fn root_schema() -> &'static RootSchema {
    static ROOT: OnceLock<RootSchema> = OnceLock::new();
    ROOT.get_or_init(|| {
        let mut root = schemars::schema_for!(Scenario);
        for definition in root.definitions.values_mut() {
            if let Schema::Object(o) = definition {
                add_spellings(o);
            }
        }
        root
    })
}

/// Let a name's other spellings through wherever the name is one of the allowed values (of
/// the schema or of one of its `oneOf` alternatives).
fn add_spellings(s: &mut SchemaObject) {
    if let Some(values) = &mut s.enum_values {
        for (spelling, name) in crate::state::SPELLINGS {
            if values.contains(&Value::from(*name)) {
                values.push(Value::from(*spelling));
            }
        }
    }
    let alternatives = s.subschemas.as_mut().and_then(|sub| sub.one_of.as_mut());
    for alternative in alternatives.into_iter().flatten() {
        if let Schema::Object(o) = alternative {
            add_spellings(o);
        }
    }
}

/// A numeric bound: the smallest and largest value, each included or not.
#[derive(Clone, Copy)]
struct Bound {
    min: f64,
    max: Option<f64>,
    exclusive_min: bool,
    exclusive_max: bool,
}

/// Write `b` into the number validation of `s`.
fn apply(s: &mut SchemaObject, b: Bound) {
    let n = s.number();
    if b.exclusive_min {
        n.exclusive_minimum = Some(b.min);
    } else {
        n.minimum = Some(b.min);
    }
    if b.exclusive_max {
        n.exclusive_maximum = b.max;
    } else {
        n.maximum = b.max;
    }
}

/// The schema of `T` (a number, or an optional one) within `b`.
fn bounded<T: JsonSchema>(gen: &mut SchemaGenerator, b: Bound) -> Schema {
    let mut s = gen.subschema_for::<T>();
    if let Schema::Object(o) = &mut s {
        apply(o, b);
    }
    s
}

/// The schema of `T` (a map, or an optional one) whose values are within `b`.
fn values_bounded<T: JsonSchema>(gen: &mut SchemaGenerator, b: Bound) -> Schema {
    let mut s = gen.subschema_for::<T>();
    if let Schema::Object(o) = &mut s {
        let values = o
            .object
            .as_mut()
            .and_then(|ov| ov.additional_properties.as_deref_mut());
        if let Some(Schema::Object(v)) = values {
            apply(v, b);
        }
    }
    s
}

const PROBABILITY: Bound = Bound {
    min: 0.0,
    max: Some(1.0),
    exclusive_min: false,
    exclusive_max: false,
};

/// Transition probabilities by destination state, each from 0 to 1.
pub(crate) fn probabilities(gen: &mut SchemaGenerator) -> Schema {
    values_bounded::<super::UniqueMap<crate::state::State, f64>>(gen, PROBABILITY)
}

/// Optional transition probabilities by destination state, each from 0 to 1.
pub(crate) fn optional_probabilities(gen: &mut SchemaGenerator) -> Schema {
    values_bounded::<Option<super::UniqueMap<crate::state::State, f64>>>(gen, PROBABILITY)
}

/// Dirichlet weights: each above 0 and at most [`MAX_SHAPE`].
pub(crate) fn alpha_weights(gen: &mut SchemaGenerator) -> Schema {
    let b = Bound {
        min: 0.0,
        max: Some(MAX_SHAPE),
        exclusive_min: true,
        exclusive_max: false,
    };
    values_bounded::<super::UniqueMap<String, f64>>(gen, b)
}

/// A number above 0 (a standard deviation).
pub(crate) fn above_zero(gen: &mut SchemaGenerator) -> Schema {
    let b = Bound {
        min: 0.0,
        max: None,
        exclusive_min: true,
        exclusive_max: false,
    };
    bounded::<f64>(gen, b)
}

/// An optional share of replications: above 0, at most 1.
pub(crate) fn optional_share_above_zero(gen: &mut SchemaGenerator) -> Schema {
    let b = Bound {
        exclusive_min: true,
        ..PROBABILITY
    };
    bounded::<Option<f64>>(gen, b)
}

/// A correlation: above −1 and below 1.
pub(crate) fn correlation(gen: &mut SchemaGenerator) -> Schema {
    let b = Bound {
        min: -1.0,
        max: Some(1.0),
        exclusive_min: true,
        exclusive_max: true,
    };
    bounded::<f64>(gen, b)
}
