//! Serde and JSON Schema for [`Units`]: a whole number or the string `"unlimited"`.

use super::types::Units;
use schemars::gen::SchemaGenerator;
use schemars::schema::{InstanceType, Schema, SchemaObject, SubschemaValidation};
use schemars::JsonSchema;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

impl Serialize for Units {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Units::Limited(n) => s.serialize_u32(*n),
            Units::Unlimited => s.serialize_str("unlimited"),
        }
    }
}

struct UnitsVisitor;

impl Visitor<'_> for UnitsVisitor {
    type Value = Units;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number of units from 0 to 1000000, or \"unlimited\"")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Units, E> {
        if v <= super::validate::MAX_UNITS as u64 {
            Ok(Units::Limited(v as u32))
        } else {
            Err(E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Units, E> {
        if v >= 0 {
            self.visit_u64(v as u64)
        } else {
            Err(E::invalid_value(de::Unexpected::Signed(v), &self))
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Units, E> {
        Err(E::invalid_type(de::Unexpected::Float(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Units, E> {
        if v == "unlimited" {
            Ok(Units::Unlimited)
        } else {
            Err(E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
}

impl<'de> Deserialize<'de> for Units {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Units, D::Error> {
        d.deserialize_any(UnitsVisitor)
    }
}

impl JsonSchema for Units {
    fn schema_name() -> String {
        "Units".to_owned()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let number = SchemaObject {
            instance_type: Some(InstanceType::Integer.into()),
            number: Some(Box::new(schemars::schema::NumberValidation {
                minimum: Some(0.0),
                maximum: Some(super::validate::MAX_UNITS as f64),
                ..Default::default()
            })),
            ..Default::default()
        };
        let unlimited = SchemaObject {
            instance_type: Some(InstanceType::String.into()),
            enum_values: Some(vec![serde_json::json!("unlimited")]),
            ..Default::default()
        };
        SchemaObject {
            metadata: Some(Box::new(schemars::schema::Metadata {
                description: Some("Number of units (a whole number) or \"unlimited\".".to_owned()),
                ..Default::default()
            })),
            subschemas: Some(Box::new(SubschemaValidation {
                one_of: Some(vec![number.into(), unlimited.into()]),
                ..Default::default()
            })),
            ..Default::default()
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_and_unlimited() {
        assert_eq!(
            serde_json::from_str::<Units>("43").unwrap(),
            Units::Limited(43)
        );
        assert_eq!(
            serde_json::from_str::<Units>("\"unlimited\"").unwrap(),
            Units::Unlimited
        );
        for bad in ["-1", "1.5", "\"many\"", "null", "2000000"] {
            let err = serde_json::from_str::<Units>(bad).unwrap_err().to_string();
            assert!(err.contains("unlimited"), "{bad}: {err}");
        }
    }
}
