//! Draws of a [`ParameterSet`]: random samples, the means, and one-way low/high settings.

use super::{marginal, Parameter, ParameterSet};
use crate::engine::mix64;
use rand::SeedableRng;
use rand_distr::{Distribution as _, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

/// Added to the sample index before mixing, where [`crate::engine::replication_rng`] adds
/// φ = 0x9E3779B97F4A7C15: sample k's stream and replication k's stream are different
/// streams under the same seed.
const PARAMETER_KEY: u64 = 0xD1B5_4A32_D192_ED03;

/// The random generator of parameter sample `k` under `seed`: Xoshiro256++ seeded through
/// SplitMix64 (rand_core's `seed_from_u64`) from `mix(seed ⊕ mix(k + 0xD1B54A32D192ED03))`,
/// where `mix` is SplitMix64's finaliser; the constant differs from the replications' (which
/// add φ), so parameter and replication streams do not coincide.
pub fn parameter_rng(seed: u64, k: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix64(seed ^ mix64(k.wrapping_add(PARAMETER_KEY))))
}

/// The value of one parameter in a draw.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DrawnValue {
    /// A single value.
    Scalar(f64),
    /// A dirichlet's transition row: (key, probability) in key order, `stay` included; the
    /// probabilities sum to 1.
    Row(Vec<(String, f64)>),
}

/// One value per parameter of a [`ParameterSet`], in set order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draw {
    values: Vec<DrawnValue>,
}

/// Which end of a parameter's range one-way sensitivity analysis uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The file's `low`, or else the 2.5th percentile.
    Low,
    /// The file's `high`, or else the 97.5th percentile.
    High,
}

impl Draw {
    /// The values, in set order.
    pub fn values(&self) -> &[DrawnValue] {
        &self.values
    }

    /// The values flattened in [`ParameterSet::columns`] order (a row gives one number per key).
    pub fn columns(&self) -> Vec<f64> {
        self.values
            .iter()
            .flat_map(|v| match v {
                DrawnValue::Scalar(x) => vec![*x],
                DrawnValue::Row(row) => row.iter().map(|(_, p)| *p).collect(),
            })
            .collect()
    }
}

impl Parameter {
    /// A row from a dirichlet's component values, in key order.
    fn row(&self, values: impl IntoIterator<Item = f64>) -> DrawnValue {
        DrawnValue::Row(
            self.alpha
                .iter()
                .map(|(k, _)| k.clone())
                .zip(values)
                .collect(),
        )
    }

    fn mean(&self) -> DrawnValue {
        if self.alpha.is_empty() {
            return DrawnValue::Scalar(marginal::mean_sd(&self.distribution).0);
        }
        let weights = self.weights();
        self.row((0..weights.len()).map(|i| marginal::component(&weights, i).0))
    }

    /// The parameter at its low or high value (see the module docs for a dirichlet).
    fn at(&self, side: Side) -> DrawnValue {
        let (given, p) = match side {
            Side::Low => (self.low, 0.025),
            Side::High => (self.high, 0.975),
        };
        if self.alpha.is_empty() {
            return DrawnValue::Scalar(
                given.unwrap_or_else(|| marginal::quantile(&self.distribution, p)),
            );
        }
        let weights = self.weights();
        let stay = self
            .alpha
            .iter()
            .position(|(k, _)| k == crate::scenario::STAY)
            .unwrap_or(0);
        let (stay_mean, _, a, b) = marginal::component(&weights, stay);
        let stay_value = given.unwrap_or_else(|| crate::numeric::beta_quantile(a, b, p));
        let scale = (1.0 - stay_value) / (1.0 - stay_mean);
        self.row((0..weights.len()).map(|i| match i == stay {
            true => stay_value,
            false => marginal::component(&weights, i).0 * scale,
        }))
    }
}

impl ParameterSet {
    /// Sample `k` under `seed`, from its own stream [`parameter_rng`]`(seed, k)`, in the order
    /// the module docs give.
    pub fn draw(&self, seed: u64, k: u64) -> Draw {
        let mut rng = parameter_rng(seed, k);
        let mut values: Vec<Option<DrawnValue>> = vec![None; self.parameters.len()];
        let z: Vec<f64> = self
            .correlated
            .iter()
            .map(|_| StandardNormal.sample(&mut rng))
            .collect();
        for (row, &i) in self.factor.iter().zip(&self.correlated) {
            let x: f64 = row.iter().zip(&z).map(|(l, z)| l * z).sum();
            let u =
                crate::numeric::normal_cdf(x).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0);
            values[i] = Some(DrawnValue::Scalar(marginal::quantile(
                &self.parameters[i].distribution,
                u,
            )));
        }
        for (slot, p) in values.iter_mut().zip(&self.parameters) {
            if slot.is_some() {
                continue;
            }
            *slot = Some(match p.alpha.is_empty() {
                true => DrawnValue::Scalar(marginal::sample(&p.distribution, &mut rng)),
                false => p.row(marginal::sample_dirichlet(&p.weights(), &mut rng)),
            });
        }
        Draw {
            values: values
                .into_iter()
                .map(|v| v.unwrap_or(DrawnValue::Scalar(f64::NAN)))
                .collect(),
        }
    }

    /// Every parameter at its mean (a dirichlet at αᵢ/α₀).
    pub fn means(&self) -> Draw {
        Draw {
            values: self.parameters.iter().map(Parameter::mean).collect(),
        }
    }

    /// The value parameter `index` takes at its low or high side: the scalar, or a
    /// dirichlet's `stay` probability (`None` past the end).
    pub fn side_value(&self, index: usize, side: Side) -> Option<f64> {
        self.parameters.get(index).map(|p| match p.at(side) {
            DrawnValue::Scalar(x) => x,
            DrawnValue::Row(row) => row
                .iter()
                .find(|(k, _)| k == crate::scenario::STAY)
                .map_or(f64::NAN, |(_, v)| *v),
        })
    }

    /// Parameter `index` at its low or high value, the others at their means. An index past
    /// the end gives the means.
    pub fn at(&self, index: usize, side: Side) -> Draw {
        let mut draw = self.means();
        if let (Some(slot), Some(p)) = (draw.values.get_mut(index), self.parameters.get(index)) {
            *slot = p.at(side);
        }
        draw
    }
}
