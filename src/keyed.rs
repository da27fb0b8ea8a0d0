//! Values indexed by a domain enum (state, category, colour, cost item, payer) or by name,
//! serialised as JSON objects keyed by snake_case names in a fixed order.

use crate::cost::{CostItem, Payer};
use crate::engine::Event;
use crate::state::{Category, Colour, State};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::marker::PhantomData;
use std::ops::Index;

/// An enum whose values name the keys of a [`ByKey`].
pub trait Key: Copy + 'static {
    /// Every value, in output order.
    fn all() -> &'static [Self];
    /// Position in [`Key::all`].
    fn position(self) -> usize;
    /// The snake_case name.
    fn key_name(self) -> &'static str;
}

macro_rules! key {
    ($t:ty) => {
        impl Key for $t {
            fn all() -> &'static [Self] {
                &<$t>::ALL
            }
            fn position(self) -> usize {
                self as usize
            }
            fn key_name(self) -> &'static str {
                self.name()
            }
        }
    };
}
key!(State);
key!(Category);
key!(Colour);
key!(CostItem);
key!(Payer);
key!(Event);

/// One value per key of `K`.
#[derive(Clone, Debug, PartialEq)]
pub struct ByKey<K: Key, T> {
    values: Vec<T>,
    _key: PhantomData<K>,
}

impl<K: Key, T> ByKey<K, T> {
    /// Build from a function of the key.
    pub fn from_fn(mut f: impl FnMut(K) -> T) -> Self {
        ByKey {
            values: K::all().iter().map(|k| f(*k)).collect(),
            _key: PhantomData,
        }
    }

    /// Keys and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &T)> {
        K::all().iter().copied().zip(self.values.iter())
    }
}

impl<K: Key, T> Index<K> for ByKey<K, T> {
    type Output = T;
    fn index(&self, k: K) -> &T {
        &self.values[k.position()]
    }
}

impl<K: Key, T: Serialize> Serialize for ByKey<K, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.values.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k.key_name(), v)?;
        }
        map.end()
    }
}

/// Values keyed by names from the scenario (programs) or fixed names (events), in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Named<T>(pub Vec<(String, T)>);

impl<T> Named<T> {
    /// The value named `name`, if any.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
