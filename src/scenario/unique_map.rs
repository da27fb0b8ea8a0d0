//! [`UniqueMap`]: a JSON object read into a sorted map where a repeated key is an error (plain
//! serde maps silently keep the last value), with a JSON Schema that restricts the key names.

use schemars::gen::SchemaGenerator;
use schemars::schema::{InstanceType, ObjectValidation, Schema, SchemaObject};
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// A sorted map read from a JSON object whose keys must be distinct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UniqueMap<K, V>(pub BTreeMap<K, V>);

impl<K, V> Default for UniqueMap<K, V> {
    fn default() -> Self {
        UniqueMap(BTreeMap::new())
    }
}

impl<K, V> Deref for UniqueMap<K, V> {
    type Target = BTreeMap<K, V>;
    fn deref(&self) -> &BTreeMap<K, V> {
        &self.0
    }
}

impl<K, V> DerefMut for UniqueMap<K, V> {
    fn deref_mut(&mut self) -> &mut BTreeMap<K, V> {
        &mut self.0
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for UniqueMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        UniqueMap(iter.into_iter().collect())
    }
}

impl<'a, K, V> IntoIterator for &'a UniqueMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<K: Serialize, V: Serialize> Serialize for UniqueMap<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

struct MapVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for MapVisitor<K, V>
where
    K: Deserialize<'de> + Ord + Serialize,
    V: Deserialize<'de>,
{
    type Value = UniqueMap<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with distinct keys")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = BTreeMap::new();
        while let Some((k, v)) = access.next_entry::<K, V>()? {
            if map.contains_key(&k) {
                let name = serde_json::to_string(&k).unwrap_or_default();
                return Err(de::Error::custom(format!("the key {name} appears twice")));
            }
            map.insert(k, v);
        }
        Ok(UniqueMap(map))
    }
}

impl<'de, K, V> Deserialize<'de> for UniqueMap<K, V>
where
    K: Deserialize<'de> + Ord + Serialize,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Read a map with text keys, writing each key that is another spelling of a name
/// ([`crate::state::SPELLINGS`]) as the name, so `specialised` and `specialized` are the same
/// key (given both, the key appears twice).
pub(crate) fn with_names_spelt<'de, D, V>(d: D) -> Result<UniqueMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    let read = UniqueMap::<String, V>::deserialize(d)?;
    let mut map = BTreeMap::new();
    for (key, value) in read.0 {
        // The keys read are distinct, so a name met twice was written in two spellings.
        let name = crate::state::canonical_name(&key);
        if map.contains_key(name) {
            return Err(de::Error::custom(format!(
                "the key \"{name}\" appears twice, in two spellings; give it once"
            )));
        }
        map.insert(name.to_owned(), value);
    }
    Ok(UniqueMap(map))
}

impl<K: JsonSchema, V: JsonSchema> JsonSchema for UniqueMap<K, V> {
    fn is_referenceable() -> bool {
        false
    }

    fn schema_name() -> String {
        format!("Map_of_{}_to_{}", K::schema_name(), V::schema_name())
    }

    fn json_schema(gen: &mut SchemaGenerator) -> Schema {
        SchemaObject {
            instance_type: Some(InstanceType::Object.into()),
            object: Some(Box::new(ObjectValidation {
                additional_properties: Some(Box::new(gen.subschema_for::<V>())),
                property_names: Some(Box::new(gen.subschema_for::<K>())),
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
    use crate::state::State;

    #[test]
    fn repeated_keys_are_errors() {
        let ok: UniqueMap<State, u32> =
            serde_json::from_str(r#"{"homeless": 2, "ordinary": 1}"#).unwrap();
        assert_eq!(ok.get(&State::Homeless), Some(&2));
        let err =
            serde_json::from_str::<UniqueMap<State, u32>>(r#"{"homeless": 2, "homeless": 3}"#)
                .unwrap_err()
                .to_string();
        assert!(err.contains("\"homeless\" appears twice"), "{err}");
        let bad = serde_json::from_str::<UniqueMap<State, u32>>(r#"{"homless": 2}"#).unwrap_err();
        assert!(
            bad.to_string().contains("unknown variant `homless`"),
            "{bad}"
        );
    }

    #[test]
    fn other_spellings_of_names_are_the_same_key() {
        let map: UniqueMap<State, u32> =
            serde_json::from_str(r#"{"specialised": 2, "homeless": 1}"#).unwrap();
        assert_eq!(map.get(&State::Specialized), Some(&2));
        let err = serde_json::from_str::<UniqueMap<State, u32>>(
            r#"{"specialized": 2, "specialised": 3}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("\"specialized\" appears twice"), "{err}");

        #[derive(Debug, Deserialize)]
        struct Alpha(#[serde(deserialize_with = "with_names_spelt")] UniqueMap<String, f64>);
        let Alpha(a) = serde_json::from_str(r#"{"specialised": 2, "stay": 1}"#).unwrap();
        let keys: Vec<&str> = a.keys().map(String::as_str).collect();
        assert_eq!(keys, ["specialized", "stay"]);
        let err = serde_json::from_str::<Alpha>(r#"{"specialised": 2, "specialized": 1}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"specialized\" appears twice, in two spellings"),
            "{err}"
        );
    }
}
