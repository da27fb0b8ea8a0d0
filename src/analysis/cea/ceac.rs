//! Cost-effectiveness acceptability curves and frontier.

use super::Samples;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::cmp::Ordering;

/// Values keyed by strategy, in strategy order; serialises as a JSON object whose keys keep
/// that order.
#[derive(Clone, Debug, PartialEq)]
pub struct ByStrategy(pub Vec<(String, f64)>);

impl ByStrategy {
    /// The value of `strategy`, if present.
    pub fn get(&self, strategy: &str) -> Option<f64> {
        self.0.iter().find(|(s, _)| s == strategy).map(|&(_, v)| v)
    }
}

impl Serialize for ByStrategy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One willingness to pay on the acceptability curves.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CeacPoint {
    /// Willingness to pay, NOK per unit of effect.
    pub wtp: f64,
    /// Probability that each strategy has the highest net benefit (they sum to 1).
    pub probability: ByStrategy,
    /// The strategy with the highest expected net benefit (on the acceptability frontier).
    pub frontier: String,
}

/// The acceptability curves and frontier at every finite `wtp` (non-finite ones are skipped).
///
/// The probability of a strategy is the share of samples in which its NB is the highest; when
/// k strategies tie for the highest NB in a sample, each gets 1/k of it, so the probabilities
/// sum to 1. The frontier is the argmax of the mean NB (ties to the earlier strategy), the
/// strategy a risk-neutral decision maker picks (Fenwick et al. 2001).
pub fn ceac(samples: &Samples, wtp: &[f64]) -> Vec<CeacPoint> {
    wtp.iter()
        .copied()
        .filter(|w| w.is_finite())
        .map(|w| ceac_point(samples, w))
        .collect()
}

/// One point of the curves.
fn ceac_point(samples: &Samples, wtp: f64) -> CeacPoint {
    let (nd, ns) = (samples.n_strategies(), samples.n_samples());
    let mut wins = vec![0.0; nd];
    let mut total = vec![0.0; nd];
    let mut nb = vec![0.0; nd];
    for s in 0..ns {
        for (d, x) in nb.iter_mut().enumerate() {
            *x = samples.nb(d, s, wtp);
            total[d] += *x;
        }
        share_win(&nb, &mut wins);
    }
    let probability = samples
        .strategies()
        .iter()
        .zip(&wins)
        .map(|(name, w)| (name.clone(), w / ns as f64))
        .collect();
    let frontier = samples.strategies()[argmax(&total)].clone();
    CeacPoint {
        wtp,
        probability: ByStrategy(probability),
        frontier,
    }
}

/// Add one sample's win to `wins`, shared equally among the strategies with the highest `nb`.
fn share_win(nb: &[f64], wins: &mut [f64]) {
    let best = nb[argmax(nb)];
    let tied = nb
        .iter()
        .filter(|x| x.total_cmp(&best) == Ordering::Equal)
        .count();
    for (w, x) in wins.iter_mut().zip(nb) {
        if x.total_cmp(&best) == Ordering::Equal {
            *w += 1.0 / tied as f64;
        }
    }
}

/// Index of the first largest value (0 for an empty slice).
pub(super) fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if x.total_cmp(&v[best]) == Ordering::Greater {
            best = i;
        }
    }
    best
}
